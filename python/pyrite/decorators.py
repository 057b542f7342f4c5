"""`jit` and `njit`, with Numba's signatures and options."""
from . import types as _types

# Options pyrite accepts with Numba's meaning. `parallel` and `cache` are
# accepted so Numba code runs unchanged; see docs/design.md for their status.
_KNOWN_OPTIONS = {"nopython", "forceobj", "cache", "parallel", "fastmath", "boundscheck",
                  "nogil", "error_model", "inline", "locals", "target", "no_cpython_wrapper",
                  "no_cfunc_wrapper", "looplift", "_nrt"}


def jit(signature_or_function=None, locals=None, cache=False, pipeline_class=None,
        boundscheck=None, **options):
    """Compiles a function to machine code on its first call (or eagerly for
    the given signatures). pyrite compiles in nopython mode only."""
    if options.get("forceobj") or options.get("nopython") is False:
        from .errors import UnsupportedError
        raise UnsupportedError("pyrite compiles in nopython mode only "
                               "(forceobj=True / nopython=False are not supported)")
    unknown = set(options) - _KNOWN_OPTIONS
    if unknown:
        raise KeyError(f"unrecognized options: {sorted(unknown)}")
    target = options.pop("target", "cpu")
    if target == "cpu":
        target = "cpu"
    compile_options = {
        "fastmath": bool(options.get("fastmath", False)),
        "boundscheck": bool(boundscheck),
        "nogil": bool(options.get("nogil", False)),
    }

    def wrap(func, signatures=()):
        from .dispatcher import Dispatcher
        return Dispatcher(func, target=target, options=compile_options, signatures=signatures)

    if signature_or_function is None:
        return wrap
    if callable(signature_or_function) and not isinstance(signature_or_function,
                                                          (_types.Type, _types.Signature)):
        return wrap(signature_or_function)
    sigs = signature_or_function
    # A list holds several signatures; a tuple of types is one signature.
    if not isinstance(sigs, list):
        sigs = [sigs]
    return lambda func: wrap(func, signatures=list(sigs))


def njit(*args, **kws):
    """`jit` in nopython mode (the only mode pyrite has)."""
    kws.pop("nopython", None)
    return jit(*args, **kws)
