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
    if options.get("target") == "cuda":   # numba's @jit(target="cuda"): a CUDA kernel
        from . import cuda
        options.pop("target")
        return cuda.jit(signature_or_function, boundscheck=boundscheck, cache=cache, **options)
    return _jit(signature_or_function, locals, cache, pipeline_class, boundscheck, **options)


def _jit(signature_or_function=None, locals=None, cache=False, pipeline_class=None,
         boundscheck=None, **options):
    """jit for any target, as a function the core compiles (the library's
    implementations for a GPU target too)."""
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
    error_model = options.get("error_model", "python")
    if error_model not in ("python", "numpy"):
        raise ValueError(f"error_model must be 'python' or 'numpy', not {error_model!r}")
    compile_options = {
        "error_model": error_model,
        "fastmath": _fastmath_flags(options.get("fastmath", False)),
        "boundscheck": bool(boundscheck),
        "nogil": bool(options.get("nogil", False)),
        "inline": options.get("inline", "never"),
        # (None: library code, whose loops follow its caller's parallel=)
        "parallel": None if "parallel" in options and options["parallel"] is None
        else _parallel_option(options.get("parallel", False)),
    }

    def wrap(func, signatures=()):
        from . import config
        if config.DISABLE_JIT:
            return func                  # NUMBA_DISABLE_JIT=1: plain Python
        from .dispatcher import Dispatcher
        return Dispatcher(func, target=target, options=compile_options, signatures=signatures,
                          locals=locals)

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


# Numba's fastmath flag names (LLVM's fast-math flags) and their bits in the
# plugin ABI (PYRITE_FASTMATH_* in pyrite/plugin.h).
_FASTMATH_BITS = {"nnan": 0x01, "ninf": 0x02, "nsz": 0x04, "arcp": 0x08,
                  "contract": 0x10, "afn": 0x20, "reassoc": 0x40}
_FASTMATH_ALL = 0x7F


def _fastmath_flags(value):
    """`fastmath=` as Numba reads it: True (every flag), False, or a set of
    flag names; "fast" means every flag. Returns the ABI's bitmask."""
    if isinstance(value, bool) or value is None:
        return _FASTMATH_ALL if value else 0
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise ValueError(f"fastmath must be a bool or a set of flag names, not {value!r}")
    bits = 0
    for name in value:
        if name == "fast":
            bits |= _FASTMATH_ALL
        elif name in _FASTMATH_BITS:
            bits |= _FASTMATH_BITS[name]
        else:
            raise ValueError(f"Unrecognized fastmath flags: {name!r} (known: "
                             f"{', '.join(sorted(_FASTMATH_BITS))}, fast)")
    return bits


def _parallel_option(value):
    """`parallel=` as Numba reads it: a bool, or a dict of passes
    ({'prange': True, ...}); pyrite's parallel regions are its prange pass."""
    if isinstance(value, dict):
        return bool(value.get("prange", True))
    return bool(value)


def njit(*args, **kws):
    """`jit` in nopython mode (the only mode pyrite has)."""
    kws.pop("nopython", None)
    return jit(*args, **kws)
