"""Names Numba has whose feature pyrite has not built yet.

They import, so code written for Numba loads; using one raises
UnsupportedError naming the feature and the issue that brings it.
"""
from .errors import UnsupportedError


class Missing:
    """A placeholder for Numba's `qualname`: calling it, or anything taken
    from it, raises UnsupportedError saying what is missing."""

    def __init__(self, qualname, feature):
        self._qualname, self._feature = qualname, feature

    def _refuse(self):
        raise UnsupportedError(f"{self._qualname} is not supported by pyrite yet: "
                               f"{self._feature}")

    def __call__(self, *args, **kwargs):
        self._refuse()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Missing(f"{self._qualname}.{name}", self._feature)

    def __getitem__(self, key):
        self._refuse()

    def __enter__(self):
        self._refuse()

    def __exit__(self, *exc):
        return False

    def __repr__(self):
        return f"<missing in pyrite: {self._qualname}>"


class MissingFunction:
    """A function decorated with a missing Numba decorator (@vectorize, ...):
    the module that defines it imports; calling it raises UnsupportedError."""

    def __init__(self, qualname, feature, func):
        import functools
        functools.update_wrapper(self, func)
        self._qualname, self._feature = qualname, feature

    def __call__(self, *args, **kwargs):
        raise UnsupportedError(f"{getattr(self, '__name__', 'this function')} is decorated "
                               f"with {self._qualname}, which pyrite does not support yet: "
                               f"{self._feature}")

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Missing(f"{self._qualname}(...).{name}", self._feature)


class MissingDecorator(Missing):
    """A missing decorator (`@vectorize`, `@vectorize([...])`, `@cuda.jit`):
    decorating works, so libraries import; calling the result raises."""

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and callable(args[0]) and \
                not isinstance(args[0], (str, list, tuple)):
            return MissingFunction(self._qualname, self._feature, args[0])
        return lambda func: MissingFunction(self._qualname, self._feature, func)


class MissingModule:
    """A module of Numba's internals pyrite does not provide: it imports, and
    anything taken from it is a Missing placeholder."""

    def __init__(self, name):
        import types
        self.module = types.ModuleType(name, f"pyrite does not provide {name}")
        self.module.__path__ = []        # a package: its submodules import too
        self.module.__getattr__ = lambda attr: (_ for _ in ()).throw(AttributeError(attr)) \
            if attr.startswith("__") else Missing(
                f"{name}.{attr}", f"pyrite does not provide Numba's {name}")
