"""NumPy reductions: prod, cumprod, var/std, the nan* reductions,
argmin/argmax/all/any/count_nonzero along an axis (where, nonzero,
isclose, round and iinfo/finfo are numpy_element_maps.py's). Results,
dtypes, NaN handling and error messages are NumPy 2's.

A reduction is written once, as a function of a 1-d lane (`lane(v)`); the
lane runs over the flattened array (axis=None) or over each lane of a
run-time axis (`_reduce`), so every reduction here takes `axis`."""
import math

import numpy as np

from .. import types
from ..extending import overload, overload_method, register_jitable
from ._generate import generate
from ._parallel_core import chunked
from .numpy_functions import _absent, _arg_lane, _is_real_array, _numpy_dtype

_NUMBER = (types.Integer, types.Float, types.Boolean)
_INLINE = "always"


def _is_float(dtype):
    return isinstance(dtype, types.Float)


def _acc_dtype(dtype):
    """np.add/np.multiply.reduce's default dtype: floats keep theirs,
    booleans and signed integers widen to int64, unsigned to uint64."""
    if isinstance(dtype, types.Float):
        return _numpy_dtype(dtype)
    if isinstance(dtype, types.Integer) and not dtype.signed:
        return np.uint64
    return np.int64


def _is_axis(axis):
    return _absent(axis) or isinstance(axis, (types.Integer, types.Boolean))


# --- the axis machinery ---------------------------------------------------------------

@register_jitable(inline="always")
def _normalize_axis(axis, ndim):
    if axis < -ndim or axis >= ndim:
        raise np.exceptions.AxisError(
            "axis %d is out of bounds for array of dimension %d" % (axis, ndim))
    return axis + ndim if axis < 0 else axis


_DROP = {}


def _drop_axis(ndim):
    """A jitable `drop(shape, k)`: the shape without dimension k (a tuple of
    ndim - 1 integers, written out for this ndim)."""
    if ndim not in _DROP:
        items = ", ".join(f"shape[{j}] if {j} < k else shape[{j + 1}]" for j in range(ndim - 1))
        fn = generate("drop_axis", ["shape", "k"], [f"return ({items},)"])
        _DROP[ndim] = register_jitable(inline="always")(fn)
    return _DROP[ndim]


@register_jitable(inline="always")
def _lanes(a, k):
    """The array as a C-contiguous (outer, n, inner) array around axis k:
    b[i, :, j] is a lane along the axis (a copy unless a is C-contiguous)."""
    outer = 1
    inner = 1
    for d in range(a.ndim):
        if d < k:
            outer *= a.shape[d]
        elif d > k:
            inner *= a.shape[d]
    return a.reshape((outer, a.shape[k], inner))


def _contiguous(a):
    """A jitable giving `a` itself when C-contiguous, else a C copy."""
    return _identity if a.layout == "C" else _copy


@register_jitable(inline="always")
def _identity(a):
    return a


@register_jitable(inline="always")
def _copy(a):
    return a.copy()


def _reduce_p(a, axis, lane, out_dtype, combine=None):
    """A jitable `f(a, axis, p)` giving lane(v, p) of the flattened array
    for axis=None, and the array of lane(v, p) over the lanes v along an
    integer axis (a scalar for 1-d); `p` is a parameter of the call (ddof).
    None when the axis is neither. With `combine`, the flattened array's
    lane runs over threads in parallel=True code (_parallel_core.chunked)."""
    if _absent(axis):
        flat = lane if combine is None else chunked(lane, combine, out_dtype)

        def impl_flat(a, axis=None, p=0):
            return flat(a.ravel(), p)
        return register_jitable(inline="always")(impl_flat)
    if not isinstance(axis, (types.Integer, types.Boolean)):
        return None
    if a.ndim == 1:
        def impl_1d(a, axis=None, p=0):
            _normalize_axis(axis, 1)
            return lane(a, p)
        return register_jitable(inline="always")(impl_1d)
    drop = _drop_axis(a.ndim)
    contiguous = _contiguous(a)

    def impl(a, axis=None, p=0):
        k = _normalize_axis(axis, a.ndim)
        b = _lanes(contiguous(a), k)
        out = np.empty((b.shape[0], b.shape[2]), out_dtype)
        for i in range(b.shape[0]):
            for j in range(b.shape[2]):
                out[i, j] = lane(b[i, :, j], p)
        return out.reshape(drop(a.shape, k))
    return register_jitable(inline="always")(impl)


def _reduce(a, axis, lane, out_dtype, combine=None):
    """An implementation of `f(a, axis=None)` (see _reduce_p)."""
    inner = _reduce_p(a, axis, lane, out_dtype, combine)
    if inner is None:
        return None

    def impl(a, axis=None):
        return inner(a, axis, 0)
    return impl


def _accumulate(a, axis, lane_into, out_dtype):
    """cumsum-like: `lane_into(v, out)` fills out (1-d) from v (1-d); over
    the flattened array (axis=None) or along each lane of an axis."""
    if _absent(axis):
        def impl_flat(a, axis=None):
            v = a.ravel()
            out = np.empty(v.shape[0], out_dtype)
            lane_into(v, out)
            return out
        return impl_flat
    if not isinstance(axis, (types.Integer, types.Boolean)):
        return None
    contiguous = _contiguous(a)

    def impl(a, axis=None):
        b = _lanes(contiguous(a), _normalize_axis(axis, a.ndim))
        out = np.empty(b.shape, out_dtype)
        for i in range(b.shape[0]):
            for j in range(b.shape[2]):
                lane_into(b[i, :, j], out[i, :, j])
        return out.reshape(a.shape)
    return impl


# --- prod / cumprod ---------------------------------------------------------------------

def _prod(a, axis, skip_nan=False):
    """The product (1 for no elements) in np.multiply.reduce's dtype; NaN
    propagates (nanprod: NaN counts as 1)."""
    if not (_is_real_array(a) and _is_axis(axis)):
        return None
    acc = _acc_dtype(a.dtype)

    @register_jitable(inline="always")
    def lane(v, p):
        p = acc(1)
        for i in range(v.shape[0]):
            x = v[i]
            if skip_nan and x != x:
                continue
            p *= acc(x)
        return p

    @register_jitable(inline="always")
    def combine(parts, v, k):
        p = parts[0]
        nan_part = p != p
        for c in range(1, k):
            p *= parts[c]
            nan_part = nan_part or parts[c] != parts[c]
        if p != p and not nan_part:
            return lane(v, 0)  # inf * 0 across chunks: one pass gives inf or 0
        return p
    return _reduce(a, axis, lane, acc, combine)


@overload(np.prod, inline=_INLINE)
def np_prod(a, axis=None):
    return _prod(a, axis)


@overload_method(types.Array, "prod", inline=_INLINE)
def array_prod(a, axis=None):
    return _prod(a, axis)


@overload(np.nanprod, inline=_INLINE)
def np_nanprod(a, axis=None):
    return _prod(a, axis, skip_nan=True)


def _cumprod(a, axis):
    """Running products; flattened for axis=None, else along the axis (same
    shape); the dtype is np.multiply.accumulate's (int64 for small ints)."""
    if not (_is_real_array(a) and _is_axis(axis)):
        return None
    acc = _acc_dtype(a.dtype)

    @register_jitable(inline="always")
    def lane_into(v, out):
        p = acc(1)
        for i in range(v.shape[0]):
            p *= acc(v[i])
            out[i] = p
    return _accumulate(a, axis, lane_into, acc)


@overload(np.cumprod, inline=_INLINE)
def np_cumprod(a, axis=None):
    return _cumprod(a, axis)


@overload_method(types.Array, "cumprod", inline=_INLINE)
def array_cumprod(a, axis=None):
    return _cumprod(a, axis)


# --- sums and means that skip NaN ------------------------------------------------------

def _nansum(a, axis):
    """The sum with NaN counted as zero (integer arrays: np.sum)."""
    if not (_is_real_array(a) and _is_axis(axis)):
        return None
    acc = _acc_dtype(a.dtype)

    @register_jitable(inline="always")
    def lane(v, p):
        s = acc(0)
        for i in range(v.shape[0]):
            x = v[i]
            if x == x:
                s += acc(x)
        return s
    return _reduce(a, axis, lane, acc)


@overload(np.nansum, inline=_INLINE)
def np_nansum(a, axis=None):
    return _nansum(a, axis)


def _result_float(dtype):
    """The float dtype of a mean or a variance: float64 unless the array
    is float32 (or float64)."""
    return _numpy_dtype(dtype) if _is_float(dtype) else np.float64


def _moments(a, axis, ddof, skip_nan, want):
    """mean (want 0), var (1) or std (2), as NumPy: the mean first, then the
    mean of squared deviations over max(n - ddof, 0) (NaN or inf when that is
    0, as NumPy, which warns). nan* versions leave NaN out of n."""
    if not (_is_real_array(a) and _is_axis(axis)):
        return None
    if not (_absent(ddof) or isinstance(ddof, (types.Integer, types.Float, types.Boolean))):
        return None
    res = _result_float(a.dtype)

    @register_jitable(inline="always")
    def lane(v, ddof):
        n = 0
        s = 0.0
        for i in range(v.shape[0]):
            x = float(v[i])
            if skip_nan and x != x:
                continue
            s += x
            n += 1
        if want == 0:
            return res(s / n) if n > 0 else res(np.nan)
        mean = s / n if n > 0 else np.nan
        q = 0.0
        for i in range(v.shape[0]):
            x = float(v[i])
            if skip_nan and x != x:
                continue
            q += (x - mean) * (x - mean)
        d = max(n - ddof, 0)
        var = q / d if d != 0 else (np.nan if q == 0.0 or q != q else np.inf)
        return res(math.sqrt(var)) if want == 2 else res(var)

    inner = _reduce_p(a, axis, lane, res)
    if inner is None:
        return None

    def impl(a, axis=None, ddof=0):
        return inner(a, axis, ddof)
    return impl


@overload(np.var, inline=_INLINE)
def np_var(a, axis=None, ddof=None):
    return _moments(a, axis, ddof, False, 1)


@overload(np.std, inline=_INLINE)
def np_std(a, axis=None, ddof=None):
    return _moments(a, axis, ddof, False, 2)


@overload_method(types.Array, "var", inline=_INLINE)
def array_var(a, axis=None, ddof=None):
    return _moments(a, axis, ddof, False, 1)


@overload_method(types.Array, "std", inline=_INLINE)
def array_std(a, axis=None, ddof=None):
    return _moments(a, axis, ddof, False, 2)


@overload(np.nanmean, inline=_INLINE)
def np_nanmean(a, axis=None):
    impl = _moments(a, axis, None, True, 0)
    if impl is None:
        return None
    impl = register_jitable(inline="always")(impl)

    def nanmean(a, axis=None):
        return impl(a, axis)
    return nanmean


@overload(np.nanvar, inline=_INLINE)
def np_nanvar(a, axis=None, ddof=None):
    return _moments(a, axis, ddof, True, 1)


@overload(np.nanstd, inline=_INLINE)
def np_nanstd(a, axis=None, ddof=None):
    return _moments(a, axis, ddof, True, 2)


# --- nanmin / nanmax --------------------------------------------------------------------

def _nan_extreme(a, axis, find_min):
    """min/max ignoring NaN; NaN where a lane is all NaN (NumPy warns);
    ValueError for an empty lane, as np.fmin/np.fmax.reduce."""
    if not (_is_real_array(a) and _is_axis(axis)):
        return None
    dt = _numpy_dtype(a.dtype)
    msg = ("zero-size array to reduction operation %s which has no identity"
           % ("fmin" if find_min else "fmax"))

    @register_jitable(inline="always")
    def lane(v, p):
        n = v.shape[0]
        if n == 0:
            raise ValueError(msg)
        best = v[0]
        for i in range(1, n):
            x = v[i]
            if best != best or ((x < best) if find_min else (x > best)):
                best = x
        return dt(best)
    return _reduce(a, axis, lane, dt)


@overload(np.nanmin, inline=_INLINE)
def np_nanmin(a, axis=None):
    return _nan_extreme(a, axis, True)


@overload(np.nanmax, inline=_INLINE)
def np_nanmax(a, axis=None):
    return _nan_extreme(a, axis, False)


# --- argmin / argmax / all / any / count_nonzero along an axis ----------------------------

def _explicit_axis(axis):
    """An axis this module reduces along: an integer, or None passed
    explicitly (the call without an axis is the core's or numpy_functions')."""
    return isinstance(axis, (types.Integer, types.Boolean, types.NoneType))


def _arg_axis(a, axis, find_min):
    """argmin/argmax along an axis (without one: numpy_functions'), the
    first extreme, or the first NaN, as int64 indices."""
    if not (_is_real_array(a) and _explicit_axis(axis)):
        return None
    return _reduce(a, axis, _arg_lane(a.dtype, find_min), np.int64)


@overload(np.argmin, inline=_INLINE)
def np_argmin_axis(a, axis=None):
    return _arg_axis(a, axis, True)


@overload(np.argmax, inline=_INLINE)
def np_argmax_axis(a, axis=None):
    return _arg_axis(a, axis, False)


@overload_method(types.Array, "argmin", inline=_INLINE)
def array_argmin_axis(a, axis=None):
    return _arg_axis(a, axis, True)


@overload_method(types.Array, "argmax", inline=_INLINE)
def array_argmax_axis(a, axis=None):
    return _arg_axis(a, axis, False)


def _truth(a, axis, want_all):
    """all/any along an integer axis (NaN counts as True, as in NumPy)."""
    if not (_is_real_array(a) and _explicit_axis(axis)):
        return None

    @register_jitable(inline="always")
    def lane(v, p):
        for i in range(v.shape[0]):
            if want_all and not v[i]:
                return False
            if not want_all and v[i]:
                return True
        return want_all
    return _reduce(a, axis, lane, np.bool_)


@overload(np.all, inline=_INLINE)
def np_all_axis(a, axis=None):
    return _truth(a, axis, True)


@overload(np.any, inline=_INLINE)
def np_any_axis(a, axis=None):
    return _truth(a, axis, False)


@overload_method(types.Array, "all", inline=_INLINE)
def array_all_axis(a, axis=None):
    return _truth(a, axis, True)


@overload_method(types.Array, "any", inline=_INLINE)
def array_any_axis(a, axis=None):
    return _truth(a, axis, False)


@overload(np.count_nonzero, inline=_INLINE)
def np_count_nonzero(a, axis=None):
    """The number of nonzero (True, NaN counts) elements: an int for
    axis=None, an int64 array along an axis."""
    if not (_is_real_array(a) and _is_axis(axis)):
        return None

    @register_jitable(inline="always")
    def lane(v, p):
        c = 0
        for i in range(v.shape[0]):
            if v[i]:
                c += 1
        return c
    return _reduce(a, axis, lane, np.int64)
