"""Running code written for Numba on pyrite, unmodified.

    import pyrite
    pyrite.install_as_numba()      # before anything imports numba
    import some_numba_library      # its `import numba` now gets pyrite

installs pyrite as the module `numba`, with each submodule that libraries
import aliased to pyrite's own (one module object each, so
`numba.types is numba.core.types`). Numba itself must not be imported in the
same process: its modules would still be the real ones.
"""
import importlib
import sys

# numba's module name -> pyrite's
ALIASES = {
    "numba": "pyrite",
    "numba.extending": "pyrite.extending",
    "numba.types": "pyrite.types",
    "numba.core": "pyrite.core",
    "numba.core.types": "pyrite.types",
    "numba.core.errors": "pyrite.core.errors",
    "numba.errors": "pyrite.errors",
    "numba.core.config": "pyrite.config",
    "numba.config": "pyrite.config",
    "numba.core.typing": "pyrite.core.typing",
    "numba.core.typing.templates": "pyrite.core.typing.templates",
    "numba.typed": "pyrite.typed",
    "numba.cuda": "pyrite.cuda",
    "numba.experimental": "pyrite.experimental",
    "numba.np": "pyrite.np",
    "numba.np.numpy_support": "pyrite.np.numpy_support",
}


def install_as_numba(force=False):
    """Makes `import numba` (and the submodules in ALIASES) import pyrite.
    Raises RuntimeError when the real Numba is already imported, unless
    `force`."""
    real = sys.modules.get("numba")
    pyrite = importlib.import_module("pyrite")
    if real is not None and real is not pyrite and not force:
        raise RuntimeError("numba is already imported; call pyrite.install_as_numba() "
                           "before anything imports numba")
    for alias, target in ALIASES.items():
        sys.modules[alias] = importlib.import_module(target)
    if not any(isinstance(f, _InternalsFinder) for f in sys.meta_path):
        sys.meta_path.append(_InternalsFinder())
    return pyrite


class _InternalsFinder:
    """Imports any other `numba.*` module (Numba's internals: numba.core.cgutils,
    numba.np.ufunc, ...) as a placeholder whose attributes raise
    UnsupportedError when used, so a library that imports them for an
    optional path or a type hint still loads. Last on sys.meta_path: real
    modules (pyrite's aliases) are found first."""

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith("numba.") or fullname in sys.modules:
            return None
        import importlib.machinery
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        from ._missing import MissingModule
        return MissingModule(spec.name).module

    def exec_module(self, module):
        pass
