"""pyrite: a Numba-compatible JIT compiler for Python with a C++ core.

    from pyrite import njit

    @njit
    def fast_sum(a):
        s = 0.0
        for i in range(a.shape[0]):
            s += a[i]
        return s

`import pyrite as numba` works for everything pyrite supports.
"""
from . import errors, types
from .decorators import jit, njit
from .errors import TypingError, UnsupportedError, NumbaError
from .types import (boolean, bool_, float32, float64, int8, int16, int32, int64, intp,  # noqa: F401
                    uint8, uint16, uint32, uint64, void, none, f4, f8, i4, i8)

__version__ = "0.1.0"

# In serial code `prange` is `range`, as in Numba without parallel=True.
prange = range

__all__ = ["jit", "njit", "prange", "TypingError", "UnsupportedError", "NumbaError",
           "errors", "types", "__version__"]
