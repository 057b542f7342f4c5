"""np.median, np.percentile and np.quantile in compiled code, with NumPy 2's
results: float32 stays float32, the rest float64; NaN propagates; the
flattened array or an integer `axis=`; quantiles by NumPy's default
'linear' method. Each slice is selected or sorted by numpy_sorting's
kernels."""
import numpy as np

from .. import types
from ..extending import overload, register_jitable
from .numpy_reductions import _drop_axis, _normalize_axis
from .numpy_sorting import (_INLINE, _absent, _axis_kind, _is_real_array, _nans_last, _select,
                            _sort_1d, _split_shape)


def _float_result(dtype):
    """The dtype of median/quantile results: float32 stays, the rest float64."""
    return np.float32 if isinstance(dtype, types.Float) and dtype.bitwidth == 32 else np.float64


def _along_axis(a, axis, kernel, res):
    """An impl(a, q, axis) applying kernel(buf, q, res) (a scalar from the
    contiguous 1-d buf, which it may reorder) to each 1-d slice of `a` along
    the integer `axis`: an array of res without that dimension, a scalar for
    1-d arrays; None when axis is no integer."""
    if _axis_kind(axis) != "int":
        return None
    ndim = a.ndim
    if ndim == 1:
        def impl_1d(a, q, axis):
            _normalize_axis(axis, 1)
            return kernel(a.copy(), q, res)
        return impl_1d
    drop = _drop_axis(ndim)

    def impl(a, q, axis):
        ax = _normalize_axis(axis, ndim)
        c = a.copy()
        outer, n, inner = _split_shape(c.shape, ax)
        v3 = c.reshape((outer, n, inner))
        out = np.empty(outer * inner, res)
        buf = np.empty(n, c.dtype)
        for o in range(outer):
            for i in range(inner):
                for j in range(n):
                    buf[j] = v3[o, j, i]
                out[o * inner + i] = kernel(buf, q, res)
        return out.reshape(drop(c.shape, ax))
    return impl


@register_jitable
def _median_1d(v, q, res):
    """The median of the contiguous 1-d v (reordered): the middle value or
    the mean of the two middle ones; NaN for a NaN or no element."""
    n = v.shape[0]
    if n == 0:
        return res(np.nan)
    m = _nans_last(v)
    if m < n:
        return res(np.nan)
    h = n // 2
    _select(v, v, 0, n - 1, h)
    if n % 2 == 1:
        return res(v[h])
    lower = v[0]
    for i in range(1, h):
        if v[i] > lower:
            lower = v[i]
    return (res(lower) + res(v[h])) / res(2)


@overload(np.median, inline=_INLINE)
def np_median(a, axis=None):
    """The median of the flattened array, or along an integer axis: the
    middle value, or the mean of the two middle ones; NaN when there is a NaN
    or no element (float64, float32 for float32 arrays)."""
    if not _is_real_array(a):
        return None
    res = _float_result(a.dtype)
    if _absent(axis):
        def impl(a, axis=None):
            return _median_1d(a.flatten(), 0, res)
        return impl
    along = _along_axis(a, axis, _median_1d, res)
    if along is None:
        return None
    along = register_jitable(along)

    def impl_axis(a, axis=None):
        return along(a, 0, axis)
    return impl_axis


@register_jitable
def _quantile_sorted(v, n, q, res):
    """The linear-interpolation quantile q (in [0, 1]) of the sorted v[0..n),
    as NumPy: virtual index (n - 1) * q, lerp written as a + (b - a) * t,
    or b - (b - a) * (1 - t) from t = 0.5 up."""
    vi = (n - 1) * q
    if vi >= n - 1:
        a = v[n - 1]                  # NumPy's index -1 for both, and t = vi + 1
        b = a
        t = vi + 1.0
    else:
        lo = int(np.floor(vi))
        t = vi - lo
        a = v[lo]
        b = v[lo + 1]
    d = b - a
    if t >= 0.5:
        return res(b - d * (1.0 - t))
    return res(a + d * t)


def _quantile(a, q, scale, name, axis):
    """np.quantile (scale 1) and np.percentile (scale 100) over the flattened
    array, for a scalar or 1-d q, or along an integer axis for a float q."""
    if not _is_real_array(a):
        return None
    if not _absent(axis) and not isinstance(q, types.Float):
        return None
    is_float = isinstance(a.dtype, types.Float)
    msg = "%s must be in the range [0, %d]" % (name, scale)
    if scale == 1 and isinstance(q, (types.Integer, types.Boolean)):
        def impl_int(a, q, axis=None):
            # an integer q (0 or 1) picks an element: a's dtype, as NumPy
            if not (0 <= q <= 1):
                raise ValueError(msg)
            v = a.flatten()
            n = v.shape[0]
            if n == 0:
                raise IndexError("index -1 is out of bounds for axis 0 with size 0")
            if is_float and _nans_last(v) < n:
                return v[n - 1]
            k = (n - 1) * q
            _select(v, v, 0, n - 1, k)
            return v[k]
        return impl_int
    if isinstance(q, (types.Float, types.Integer)):
        res = _float_result(a.dtype)

        def quantile_1d(v, p, res):
            n = v.shape[0]
            if n == 0:
                raise IndexError("index -1 is out of bounds for axis 0 with size 0")
            if is_float and _nans_last(v) < n:
                return res(np.nan)
            vi = (n - 1) * p
            lo = min(int(np.floor(vi)), n - 1)
            _select(v, v, 0, n - 1, lo)
            if lo < n - 1:
                nxt = v[lo + 1]             # the smallest value above v[lo]
                for i in range(lo + 2, n):
                    if v[i] < nxt:
                        nxt = v[i]
                v[lo + 1] = nxt
            return _quantile_sorted(v, n, p, res)
        quantile_1d = register_jitable(quantile_1d)
        if not _absent(axis):
            along = _along_axis(a, axis, quantile_1d, res)
            if along is None:
                return None
            along = register_jitable(along)

            def impl_axis(a, q, axis=None):
                p = q / scale
                if not (0.0 <= p <= 1.0):
                    raise ValueError(msg)
                return along(a, p, axis)
            return impl_axis

        def impl_scalar(a, q, axis=None):
            p = q / scale
            if not (0.0 <= p <= 1.0):
                raise ValueError(msg)
            return quantile_1d(a.flatten(), p, res)
        return impl_scalar
    if not (isinstance(q, types.Array) and q.ndim == 1 and
            isinstance(q.dtype, (types.Float, types.Integer))):
        return None
    sort1 = _sort_1d(False, is_float)

    def impl_array(a, q, axis=None):
        p = q / scale
        for i in range(p.shape[0]):
            if not (0.0 <= p[i] <= 1.0):
                raise ValueError(msg)
        v = a.flatten()
        n = v.shape[0]
        out = np.empty(p.shape[0], np.float64)
        if n == 0 and p.shape[0] > 0:
            raise IndexError("index -1 is out of bounds for axis 0 with size 0")
        sort1(v)
        for i in range(p.shape[0]):
            if is_float and v[n - 1] != v[n - 1]:
                out[i] = np.nan
            else:
                out[i] = _quantile_sorted(v, n, p[i], np.float64)
        return out
    return impl_array


@overload(np.quantile, inline=_INLINE)
def np_quantile(a, q, axis=None):
    """The q-th quantile(s) (q in [0, 1], a scalar or a 1-d array) of the
    flattened array (or, for a float q, along an integer axis), NumPy's
    default 'linear' method; NaN in `a` gives NaN."""
    return _quantile(a, q, 1, "Quantiles", axis)


@overload(np.percentile, inline=_INLINE)
def np_percentile(a, q, axis=None):
    """np.quantile(a, q / 100), q in [0, 100]."""
    return _quantile(a, q, 100, "Percentiles", axis)
