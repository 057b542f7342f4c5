"""pyrite: a Numba-compatible JIT compiler for Python with a C++ core.

    from pyrite import njit

    @njit
    def fast_sum(a):
        s = 0.0
        for i in range(a.shape[0]):
            s += a[i]
        return s

`import pyrite as numba` works for everything pyrite supports, and
`pyrite.install_as_numba()` makes an unmodified library's `import numba`
import pyrite (pyrite/numba_compat.py).
"""
from . import config, errors, types
from .decorators import jit, njit
from .errors import TypingError, UnsupportedError, NumbaError
from .numba_compat import install_as_numba
from .types import (boolean, bool_, float32, float64, int8, int16, int32, int64, intp,  # noqa: F401
                    uint8, uint16, uint32, uint64, void, none, f4, f8, i4, i8, optional,
                    complex64, complex128, uintp, voidptr, deferred_type)

__version__ = "0.1.0"

class prange:
    """Numba's prange: `range` in Python and in functions compiled without
    parallel=True; under @njit(parallel=True) its loop's iterations run on
    several threads (docs/parallel.md)."""

    def __new__(cls, *args):
        return range(*args)


def typeof(value):
    """The type pyrite gives `value` as an argument (numba.typeof); raises
    ValueError when it has none."""
    from . import _core
    t = _core.typeof_type(value)
    if t is None:
        raise ValueError(f"cannot determine the pyrite type of {type(value).__name__} "
                         f"{value!r}")
    return t


def literal_unroll(container):
    """As in Numba, the identity outside compiled code."""
    return container


def set_num_threads(n):
    """Threads that the parallel regions this thread starts may use, 1 ..
    config.NUMBA_NUM_THREADS (Numba's rule: per calling thread). Raises
    ValueError outside that range, TypeError for a non-integer."""
    from . import _core
    import operator
    n = operator.index(n)
    if not 1 <= n <= config.NUMBA_NUM_THREADS:
        raise ValueError(f"The number of threads must be between 1 and "
                         f"{config.NUMBA_NUM_THREADS}")
    _core.set_max_threads(config.NUMBA_NUM_THREADS)
    _core.set_num_threads(n)


def get_num_threads():
    """The threads parallel regions started by this thread use (in compiled
    code too)."""
    from . import _core
    _core.set_max_threads(config.NUMBA_NUM_THREADS)
    return _core.get_num_threads()


def get_thread_id():
    """This thread's index in the running parallel region (0 outside one);
    in compiled code too."""
    from . import _core
    return _core.get_thread_id()


def set_parallel_chunksize(n):
    """Iterations per chunk of the parallel regions that follow; returns the
    previous value. As in Numba, 0 (the default) schedules statically, one
    equal chunk per thread; n > 0 dynamically, chunks of n iterations taken
    by whichever thread is free (for iterations of uneven cost)."""
    from . import _core
    import operator
    n = operator.index(n)
    if n < 0:
        raise ValueError("chunksize must be greater than or equal to zero")
    return _core.set_parallel_chunksize(n)


def get_parallel_chunksize():
    from . import _core
    return _core.get_parallel_chunksize()


def threading_layer():
    """The threading layer parallel regions run on: always TBB."""
    return "tbb"


# Numba names whose features come in later issues: they import, and using
# them raises UnsupportedError naming what is missing.
_LATER = {
    "carray": "carray is not built yet",
    "farray": "farray is not built yet",
    "stencil": "@stencil is not built yet",
    "generated_jit": "generated_jit was removed from Numba; use @overload",
}


# Decorators among them: decorating works (libraries import), calling raises.
_DECORATORS = {"stencil", "generated_jit"}


def __getattr__(name):
    # Submodules load on first use, so `import pyrite` stays fast.
    if name == "cfunc":
        from ._cfunc import cfunc
        return cfunc
    if name in ("vectorize", "guvectorize"):
        from . import _ufunc
        return getattr(_ufunc, name)
    if name == "objmode":
        from ._objmode import objmode
        return objmode
    if name == "jitclass":
        from .experimental.jitclass import jitclass
        return jitclass
    if name in ("extending", "typed", "cuda", "experimental", "core", "np"):
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    if name in _LATER:
        from ._missing import Missing, MissingDecorator
        kind = MissingDecorator if name in _DECORATORS else Missing
        value = kind(f"numba.{name}", _LATER[name])
        globals()[name] = value
        return value
    if name == "literally":
        from .extending import register_jitable

        @register_jitable
        def literally(obj):
            """Numba's literally(): pyrite types constants as literals where
            an overload asks for one, so this is the identity."""
            return obj
        globals()[name] = literally
        return literally
    if name == "from_dtype":
        from .np.numpy_support import from_dtype
        return from_dtype
    raise AttributeError(f"module 'pyrite' has no attribute '{name}'")


__all__ = ["jit", "njit", "prange", "set_num_threads", "get_num_threads", "get_thread_id",
           "set_parallel_chunksize", "get_parallel_chunksize", "threading_layer", "TypingError", "UnsupportedError", "NumbaError",
           "errors", "types", "config", "typeof", "install_as_numba", "__version__"]
