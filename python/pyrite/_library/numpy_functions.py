"""NumPy functions and array methods: linspace, argmin/argmax, cumsum, dot
(1-d). Semantics and error messages are NumPy's (numpy/_core), as Numba
implements them in numba/np/arraymath.py."""
import numpy as np

from .. import types
from ..extending import overload, overload_method

_NUMBER = (types.Integer, types.Float, types.Boolean)
# Small library functions inline into their callers: LLVM then optimizes one
# function instead of two (cheaper to compile, as fast to run).
_INLINE = "always"


def _is_real_array(a):
    return isinstance(a, types.Array) and isinstance(a.dtype, _NUMBER)


# --- np.linspace -------------------------------------------------------------------

@overload(np.linspace, inline=_INLINE)
def linspace(start, stop, num=50):
    """`num` evenly spaced float64 samples from start to stop, stop included
    (endpoint=True); the last sample is `stop` exactly, as in NumPy."""
    if not (isinstance(start, _NUMBER) and isinstance(stop, _NUMBER)):
        return None
    if not (num == 50 or isinstance(num, (types.Integer, types.Boolean))):
        return None

    def impl(start, stop, num=50):
        if num < 0:
            raise ValueError("Number of samples, %d, must be non-negative." % num)
        out = np.empty(num, np.float64)
        start_f, stop_f = float(start), float(stop)
        div = num - 1
        step = (stop_f - start_f) / div if div > 0 else 0.0
        for i in range(num):
            out[i] = i * step + start_f
        if num > 1:
            out[num - 1] = stop_f
        return out
    return impl


# --- argmin / argmax ---------------------------------------------------------------

def _arg_extreme(a, find_min):
    """argmin/argmax of the flattened array: the first extreme element, or
    the first NaN (NumPy propagates NaN)."""
    if not _is_real_array(a):
        return None
    is_float = isinstance(a.dtype, types.Float)
    name = "argmin" if find_min else "argmax"
    empty = "attempt to get %s of an empty sequence" % name

    if a.ndim == 1:
        def impl(a):
            n = a.shape[0]
            if n == 0:
                raise ValueError(empty)
            best = a[0]
            at = 0
            if is_float and best != best:
                return 0
            for i in range(1, n):
                v = a[i]
                if is_float and v != v:
                    return i
                if (v < best) if find_min else (v > best):
                    best = v
                    at = i
            return at
        return impl

    def impl_nd(a):
        return np.argmin(a.ravel()) if find_min else np.argmax(a.ravel())
    return impl_nd


@overload(np.argmin, inline=_INLINE)
def np_argmin(a):
    return _arg_extreme(a, True)


@overload(np.argmax, inline=_INLINE)
def np_argmax(a):
    return _arg_extreme(a, False)


@overload_method(types.Array, "argmin", inline=_INLINE)
def array_argmin(a):
    return _arg_extreme(a, True)


@overload_method(types.Array, "argmax", inline=_INLINE)
def array_argmax(a):
    return _arg_extreme(a, False)


# --- cumsum --------------------------------------------------------------------------

def _sum_dtype(dtype):
    """The dtype NumPy accumulates `dtype` in (np.add.reduce's default):
    booleans and narrower integers widen to int64 (uint64 when unsigned)."""
    if isinstance(dtype, types.Float):
        return np.float32 if dtype.bitwidth == 32 else np.float64
    if isinstance(dtype, types.Integer) and not dtype.signed:
        return np.uint64
    return np.int64


def _cumsum(a):
    if not _is_real_array(a):
        return None
    acc = _sum_dtype(a.dtype)

    if a.ndim == 1:
        def impl(a):
            n = a.shape[0]
            out = np.empty(n, acc)
            c = acc(0)
            for i in range(n):
                c += a[i]
                out[i] = c
            return out
        return impl

    def impl_nd(a):
        return np.cumsum(a.ravel())
    return impl_nd


@overload(np.cumsum, inline=_INLINE)
def np_cumsum(a):
    return _cumsum(a)


@overload_method(types.Array, "cumsum", inline=_INLINE)
def array_cumsum(a):
    return _cumsum(a)


# --- np.dot of vectors ---------------------------------------------------------------

@overload(np.dot, inline=_INLINE)
def dot(a, b):
    """The inner product of two 1-d arrays. Floats accumulate in NumPy's
    result dtype (np.result_type: float32 with float32 or small integers);
    integers in int64 (uint64 for two unsigned), as Numba; booleans give
    whether any pair is True, as NumPy."""
    if not (_is_real_array(a) and _is_real_array(b) and a.ndim == 1 and b.ndim == 1):
        return None
    bools = isinstance(a.dtype, types.Boolean) and isinstance(b.dtype, types.Boolean)
    if isinstance(a.dtype, types.Float) or isinstance(b.dtype, types.Float):
        acc = np.result_type(_numpy_dtype(a.dtype), _numpy_dtype(b.dtype)).type
    elif (isinstance(a.dtype, types.Integer) and not a.dtype.signed and
          isinstance(b.dtype, types.Integer) and not b.dtype.signed):
        acc = np.uint64
    else:
        acc = np.int64

    def impl_bool(a, b):
        n = a.shape[0]
        m = b.shape[0]
        if n != m:
            raise ValueError("shapes (%d,) and (%d,) not aligned: %d (dim 0) != %d (dim 0)"
                             % (n, m, n, m))
        for i in range(n):
            if a[i] and b[i]:
                return True
        return False

    def impl(a, b):
        n = a.shape[0]
        m = b.shape[0]
        if n != m:
            raise ValueError("shapes (%d,) and (%d,) not aligned: %d (dim 0) != %d (dim 0)"
                             % (n, m, n, m))
        s = acc(0)
        for i in range(n):
            s += acc(a[i]) * acc(b[i])
        return s
    return impl_bool if bools else impl


def _numpy_dtype(t):
    """The NumPy scalar class of a pyrite number type."""
    return np.dtype(str(t) if not isinstance(t, types.Boolean) else "bool").type


# --- np.ptp (the worked example of docs/extending.md) --------------------------------

@overload(np.ptp, inline=_INLINE)
def ptp(a):
    """max(a) - min(a) over the flattened array (NumPy's np.ptp)."""
    if not _is_real_array(a):
        return None

    def impl(a):
        if a.size == 0:
            raise ValueError("zero-size array to reduction operation maximum "
                             "which has no identity")
        return a.max() - a.min()
    return impl
