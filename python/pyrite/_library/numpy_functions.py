"""NumPy functions and array methods: arange, linspace, mean, argmin/argmax,
cumsum, dot (1-d), ptp, clip. Semantics and error messages are NumPy's (numpy/_core), as Numba
implements them in numba/np/arraymath.py."""
import math

import operator

import numpy as np

from .. import types
from ..extending import overload, overload_method, register_jitable
from ._parallel_core import chunked

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


# --- np.arange -----------------------------------------------------------------------

def _absent(t):
    return t is None or isinstance(t, (types.NoneType, types.Omitted))


@overload(np.arange, inline=_INLINE)
def arange(start, stop=None, step=None, dtype=None):
    """np.arange(stop), (start, stop), (start, stop, step), each with
    dtype=: ceil((stop - start) / step) values. Integer arguments count
    without overflow (as range() does) and give int64; any float argument
    gives float64. As NumPy fills it, element k is v0 + k * (v1 - v0) with v0,
    v1 the first two values converted to the dtype. step 0 raises
    ZeroDivisionError; a length past int64 ValueError("Maximum allowed size
    exceeded"), as NumPy."""
    bounds = [t for t in (start, stop, step) if not _absent(t)]
    if not all(isinstance(t, _NUMBER) for t in bounds):
        return None
    # NumPy's result dtype: float64 with a float or a uint64 argument.
    natural = np.float64 if any(isinstance(t, types.Float) or
                                (isinstance(t, types.Integer) and not t.signed and
                                 t.bitwidth == 64) for t in bounds) else np.int64
    if _absent(dtype):
        out_type = natural
    elif isinstance(_dtype_type(dtype), (types.Integer, types.Float)):
        out_type = _numpy_dtype(_dtype_type(dtype))
    else:
        return None
    length = _arange_length_float if natural is np.float64 else _arange_length_int

    def fill(start, stop, step):
        n = length(start, stop, step)
        out = np.empty(n, out_type)
        if n > 0:
            first = out_type(start)
            out[0] = first
            delta = out_type(start + step) - first
            for k in range(1, n):
                out[k] = first + k * delta
        return out
    fill = register_jitable(inline="always")(fill)

    if len(bounds) == 1:
        def impl_stop(start, stop=None, step=None, dtype=None):
            return fill(natural(0), natural(start), natural(1))
        return impl_stop
    if len(bounds) == 2:
        def impl_start_stop(start, stop=None, step=None, dtype=None):
            return fill(natural(start), natural(stop), natural(1))
        return impl_start_stop

    def impl(start, stop=None, step=None, dtype=None):
        return fill(natural(start), natural(stop), natural(step))
    return impl


@register_jitable(inline="always")
def _arange_length_int(start, stop, step):
    """len(range(start, stop, step)) of int64 bounds, counted in uint64 so
    that no difference overflows."""
    if step == 0:
        raise ZeroDivisionError("division by zero")
    if step > 0:
        if stop <= start:
            return 0
        distance = np.uint64(stop) - np.uint64(start)
        stride = np.uint64(step)
    else:
        if stop >= start:
            return 0
        distance = np.uint64(start) - np.uint64(stop)
        stride = np.uint64(0) - np.uint64(step)
    n = (distance - np.uint64(1)) // stride + np.uint64(1)
    if n > np.uint64(9223372036854775807):
        raise ValueError("Maximum allowed size exceeded")
    return np.int64(n)


@register_jitable(inline="always")
def _arange_length_float(start, stop, step):
    """NumPy's count (multiarraymodule.c): ceil((stop - start) / step),
    except that a nonzero span over an infinite step gives one value."""
    if step == 0.0:
        raise ZeroDivisionError("float division by zero")
    span = stop - start
    ratio = span / step
    if ratio != ratio:
        raise ValueError("arange: cannot compute length")
    if ratio == 0.0 and span != 0.0:
        return 0 if math.copysign(1.0, ratio) < 0.0 else 1
    q = np.ceil(ratio)
    if q <= 0.0:
        return 0
    if q >= 9223372036854775808.0:
        raise ValueError("Maximum allowed size exceeded")
    return int(q)


# --- mean ------------------------------------------------------------------------------

@register_jitable(inline="always")
def _float_sum_lane(v, p):
    s = 0.0
    for i in range(v.shape[0]):
        s += float(v[i])
    return s


@register_jitable(inline="always")
def _sum_parts(parts, v, k):
    s = parts[0]
    for c in range(1, k):
        s += parts[c]
    return s


# The float64 sum of a 1-d array's elements (the mean of integers).
_float_sum = chunked(_float_sum_lane, _sum_parts, np.float64)


def _mean(a, axis):
    """The arithmetic mean, as NumPy: float64 for integer and boolean arrays
    (summed in float64), the array's dtype for floats; NaN for no elements.
    With an integer axis (negative counts from the end; AxisError past the
    dimensions), an array of one dimension fewer, or a scalar for 1-d."""
    if not _is_real_array(a):
        return None
    if not (_absent(axis) or isinstance(axis, (types.Integer, types.Boolean))):
        return None
    is_float = isinstance(a.dtype, types.Float)
    result = _numpy_dtype(a.dtype) if is_float else np.float64

    def impl_float(a, axis=None):
        n = a.size
        if n == 0:
            return result(np.nan)
        return result(np.sum(a) / result(n))

    def impl_int(a, axis=None):
        n = a.size
        if n == 0:
            return np.nan
        return _float_sum(a.ravel(), 0) / n

    if _absent(axis):
        return impl_float if is_float else impl_int

    def impl_axis_1d(a, axis=None):
        np.sum(a, axis)  # the axis must be 0 or -1: AxisError otherwise
        return impl(a)

    impl = register_jitable(impl_float if is_float else impl_int)
    if a.ndim == 1:
        return impl_axis_1d

    def impl_axis_float(a, axis=None):
        s = np.sum(a, axis)
        n = a.size // s.size if s.size > 0 else 1  # the length along the axis
        s /= result(n)
        return s

    def impl_axis_int(a, axis=None):
        s = np.sum(a.astype(np.float64), axis)
        n = a.size // s.size if s.size > 0 else 1
        s /= n
        return s
    return impl_axis_float if is_float else impl_axis_int


@overload(np.mean, inline=_INLINE)
def np_mean(a, axis=None):
    return _mean(a, axis)


@overload_method(types.Array, "mean", inline=_INLINE)
def array_mean(a, axis=None):
    return _mean(a, axis)


# --- argmin / argmax ---------------------------------------------------------------

def _arg_lane(dtype, find_min):
    """A jitable `lane(v, p)`: argmin/argmax of 1-d v, the first extreme
    element or the first NaN (NumPy propagates NaN); ValueError when empty."""
    is_float = isinstance(dtype, types.Float)
    empty = "attempt to get %s of an empty sequence" % ("argmin" if find_min else "argmax")

    @register_jitable(inline="always")
    def lane(v, p):
        n = v.shape[0]
        if n == 0:
            raise ValueError(empty)
        best = v[0]
        at = 0
        if is_float and best != best:
            return 0
        for i in range(1, n):
            x = v[i]
            if is_float and x != x:
                return i
            if (x < best) if find_min else (x > best):
                best = x
                at = i
        return at
    return lane


def _arg_extreme(a, find_min):
    """argmin/argmax of the flattened array (_arg_lane); over threads in
    parallel=True code."""
    if not _is_real_array(a):
        return None
    is_float = isinstance(a.dtype, types.Float)
    lane = _arg_lane(a.dtype, find_min)

    @register_jitable(inline="always")
    def combine(parts, v, k):
        # Chunk c's answer is at c*n//k + parts[c]; the first NaN or the
        # first strict extreme wins, as in one pass.
        n = v.shape[0]
        at = parts[0]
        best = v[at]
        if is_float and best != best:
            return at
        for c in range(1, k):
            j = c * n // k + parts[c]
            x = v[j]
            if is_float and x != x:
                return j
            if (x < best) if find_min else (x > best):
                best = x
                at = j
        return at
    flat = chunked(lane, combine, np.int64)

    if a.ndim == 1:
        def impl(a):
            return flat(a, 0)
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
    """The inner product of two 1-d arrays, accumulated in NumPy's result
    dtype (np.result_type: float32 with float32 or small integers, float64
    for uint64 with a signed integer), except that narrower integers
    accumulate in int64 (uint64 for two unsigned), as Numba; booleans give
    whether any pair is True, as NumPy."""
    if not (_is_real_array(a) and _is_real_array(b) and a.ndim == 1 and b.ndim == 1):
        return None
    bools = isinstance(a.dtype, types.Boolean) and isinstance(b.dtype, types.Boolean)
    acc = np.result_type(_numpy_dtype(a.dtype), _numpy_dtype(b.dtype)).type
    if np.dtype(acc).kind in "biu":
        acc = np.uint64 if np.dtype(acc).kind == "u" else np.int64

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
    """The NumPy scalar class of a pyrite number type; for a datetime64 or
    timedelta64 type, its dtype object (the class would lose the unit)."""
    if isinstance(t, types.NPDatetime):
        from ..np.numpy_support import as_dtype
        return as_dtype(t)
    return np.dtype(str(t) if not isinstance(t, types.Boolean) else "bool").type


# The operator module's binary arithmetic and its in-place forms, with the
# NumPy ufunc each applies to arrays: one table for the libraries of the
# dtypes the core's array expressions leave to them (complex, datetime64).
OPERATOR_UFUNCS = ((operator.add, operator.iadd, np.add),
                   (operator.sub, operator.isub, np.subtract),
                   (operator.mul, operator.imul, np.multiply),
                   (operator.truediv, operator.itruediv, np.true_divide),
                   (operator.floordiv, operator.ifloordiv, np.floor_divide),
                   (operator.mod, operator.imod, np.remainder),
                   (operator.pow, operator.ipow, np.power))

_DTYPE_NAMES = {"builtins.float": types.float64, "builtins.int": types.int64,
                "builtins.bool": types.boolean, "builtins.complex": types.complex128}


def _dtype_type(t):
    """The scalar type a dtype argument names: np.float32 and friends, a
    dtype string such as 'f4' or 'int32' (as NumPy reads it), or the
    classes float, int, bool and complex; None for anything else."""
    if isinstance(t, types.NumberClass):
        return t.instance_type
    if isinstance(t, types.StringLiteral):
        from ..np.numpy_support import from_dtype
        try:
            return from_dtype(np.dtype(t.literal_value))
        except (TypeError, NotImplementedError):
            return None
    return _DTYPE_NAMES.get(getattr(t, "name", None))


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


# --- np.clip --------------------------------------------------------------------------

def _clip(a, a_min, a_max):
    """np.minimum(np.maximum(a, a_min), a_max), as NumPy defines clip: NaN
    (in `a` or a bound) propagates, a_min > a_max gives a_max; either bound
    may be None (not both). Arrays and scalars; the dtype is np.minimum's."""
    def real(t):
        return isinstance(t, _NUMBER) or _is_real_array(t)
    if not real(a):
        return None
    if _absent(a_min) and _absent(a_max):
        return None
    if not all(_absent(t) or real(t) for t in (a_min, a_max)):
        return None
    lo_of, hi_of = _clip_bound(a, a_min), _clip_bound(a, a_max)
    if _absent(a_min):
        def impl_max_only(a, a_min, a_max):
            return np.minimum(a, hi_of(a_max))
        return impl_max_only
    if _absent(a_max):
        def impl_min_only(a, a_min, a_max):
            return np.maximum(a, lo_of(a_min))
        return impl_min_only

    def impl(a, a_min, a_max):
        return np.minimum(np.maximum(a, lo_of(a_min)), hi_of(a_max))
    return impl


def _clip_bound(a, t):
    """A Python int bound of an integer array's clip, brought into the
    array's range (NumPy 2.4 clips uint8 values at 300 as at 255, where a
    ufunc would raise OverflowError); other bounds as they are."""
    if isinstance(a, types.Array) and isinstance(a.dtype, types.Integer) and \
            isinstance(t, types.Integer) and t.signed and t.bitwidth == 64:
        info = np.iinfo(_numpy_dtype(a.dtype))
        lo, hi = int(info.min), min(int(info.max), 2**63 - 1)
        return register_jitable(inline="always")(lambda x: min(max(x, lo), hi))
    return register_jitable(inline="always")(lambda x: x)


@overload(np.clip, inline=_INLINE)
def np_clip(a, a_min, a_max):
    return _clip(a, a_min, a_max)


@overload_method(types.Array, "clip", inline=_INLINE)
def array_clip(a, min=None, max=None):  # noqa: A002 - ndarray.clip's names
    impl = _clip(a, min, max)
    if impl is None:
        return None
    impl = register_jitable(impl)

    def method(a, min=None, max=None):  # noqa: A002
        return impl(a, min, max)
    return method
