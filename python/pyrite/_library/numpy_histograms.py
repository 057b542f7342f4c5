"""NumPy counting and interpolation over sorted edges: np.histogram,
np.bincount, np.interp (numpy/lib/_histograms_impl.py,
numpy/lib/_function_base_impl.py, compiled_base.c), built on
numpy_sorting's binary search."""
import numpy as np

from .. import types
from .._ir_text import ir_primitive, ir_type
from ..extending import overload, register_jitable
from .numpy_sorting import _INLINE, _NUMBER, _absent, _is_real_array, _search


# --- np.histogram ------------------------------------------------------------------------

@overload(np.histogram, inline=_INLINE)
def np_histogram(a, bins=10, range=None):  # noqa: A002 - NumPy's name
    """(hist int64, bin_edges) of the flattened array. An integer `bins`
    gives that many equal bins over `range` (default: a.min() to a.max(),
    widened by 0.5 both ways when equal; (0, 1) for no values): the edges
    are np.linspace's, in float64 (the array's dtype for float32), and each
    value's bin is computed as NumPy's fast path does (then corrected against
    the edges). An array `bins` gives the edges. Each bin is half-open but the
    last, which holds its right edge; values outside (and NaN) are not counted."""
    if not _is_real_array(a):
        return None
    edge_t = np.float32 if isinstance(a.dtype, types.Float) and a.dtype.bitwidth == 32 \
        else np.float64
    margin = 1e-6 if edge_t is np.float64 else 2.0  # (_count_uniform)
    if _is_real_array(bins) and bins.ndim == 1:
        def impl_edges(a, bins=10, range=None):  # noqa: A002
            return _edges_histogram(a.ravel(), bins)
        return impl_edges
    if not isinstance(bins, (types.Integer, types.Omitted, int)):
        return None
    if _absent(range):
        has_range = False
    elif isinstance(range, types.BaseTuple) and len(range) == 2 and \
            all(isinstance(t, _NUMBER) for t in range):
        has_range = True
    else:
        return None

    def impl(a, bins=10, range=None):  # noqa: A002
        if bins < 1:
            raise ValueError("`bins` must be positive, when an integer")
        v = a.ravel()
        n = v.shape[0]
        if has_range:
            first = edge_t(range[0])
            last = edge_t(range[1])
            if first > last:
                raise ValueError("max must be larger than min in range parameter.")
            if not (np.isfinite(first) and np.isfinite(last)):
                raise ValueError("supplied range is not finite")
        elif n == 0:
            first = edge_t(0.0)
            last = edge_t(1.0)
        else:
            first, last = _min_max(v)
            first = edge_t(first)
            last = edge_t(last)
            if not (np.isfinite(first) and np.isfinite(last)):
                raise ValueError("autodetected range is not finite")
        if first == last:
            first = first - edge_t(0.5)
            last = last + edge_t(0.5)
        edges = np.empty(bins + 1, edge_t)
        _fill_edges(edges, first, last)
        _check_increasing(edges)
        return _count_uniform(v, edges, first, last, margin, last - first, edge_t(bins))

    def impl_range_f32(a, bins=10, range=None):  # noqa: A002
        # float32 data, a range of Python numbers: NumPy makes the edges in
        # float64 and rounds them; values compare with the rounded range.
        if bins < 1:
            raise ValueError("`bins` must be positive, when an integer")
        first = float(range[0])
        last = float(range[1])
        if first > last:
            raise ValueError("max must be larger than min in range parameter.")
        if not (np.isfinite(first) and np.isfinite(last)):
            raise ValueError("supplied range is not finite")
        if first == last:
            first -= 0.5
            last += 0.5
        wide = np.empty(bins + 1, np.float64)
        _fill_edges(wide, first, last)
        edges = wide.astype(np.float32)
        _check_increasing(edges)
        # (NumPy scales float32 positions by the float64 width of the range)
        return _count_uniform(a.ravel(), edges, np.float32(first), np.float32(last), 2.0,
                              last - first, float(bins))
    return impl_range_f32 if has_range and edge_t is np.float32 else impl


def _extreme(is_min):
    """min or max of two numbers of one type by LLVM's intrinsics: NaN wins
    (llvm.minimum/maximum), as in np.minimum/maximum, but -0.0 is below 0.0
    where NumPy returns the second operand; a loop of them vectorizes."""
    def primitive(a, b):
        if a != b or not isinstance(a, (types.Float, types.Integer, types.Boolean)):
            return None
        if isinstance(a, types.Float):
            name = f"llvm.{'minimum' if is_min else 'maximum'}.f{a.bitwidth}"
        elif isinstance(a, types.Boolean):
            name = f"llvm.{'umin' if is_min else 'umax'}.i1"
        else:
            name = f"llvm.{'s' if a.signed else 'u'}{'min' if is_min else 'max'}.i{a.bitwidth}"
        t = ir_type(a)
        return a(a, a), f"%r = call {t} @{name}({t} %a0, {t} %a1)\nret {t} %r", \
            [f"declare {t} @{name}({t}, {t})"]
    primitive.__qualname__ = "minimum" if is_min else "maximum"
    return ir_primitive(primitive)


_minimum = _extreme(True)
_maximum = _extreme(False)


@register_jitable
def _min_max(v):
    """(v.min(), v.max()) of a non-empty 1-d array in one pass (vectorized);
    NaN for both when there is a NaN. (The sign of a zero extreme may differ
    from NumPy's: the edges compare equal either way.)"""
    lo = v[0]
    hi = v[0]
    for i in range(v.shape[0]):
        lo = _minimum(lo, v[i])
        hi = _maximum(hi, v[i])
    return lo, hi


@register_jitable
def _check_increasing(edges):
    """NumPy's ValueError when equal bins over a range too narrow for the
    edges' dtype would not all have a width."""
    for i in range(edges.shape[0] - 1):
        if edges[i] >= edges[i + 1]:
            raise ValueError("Too many bins for data range. Cannot create %d finite-sized "
                             "bins." % (edges.shape[0] - 1))


@register_jitable
def _edges_histogram(v, bins):
    """np.histogram with the edges `bins`: hist[j] counts bins[j] <= x <
    bins[j + 1], and x == bins[-1] in the last bin."""
    nb = bins.shape[0]
    for i in range(nb - 1):
        if bins[i] > bins[i + 1]:
            raise ValueError("`bins` must increase monotonically, when an array")
    hist = np.zeros(max(nb - 1, 0), np.int64)
    if nb == 0:
        return hist, bins.copy()
    last = bins[nb - 1]
    for i in range(v.shape[0]):
        x = v[i]
        j = _search(bins, x, True) - 1          # the last j with bins[j] <= x
        if j == nb - 1 and x == last:
            j = nb - 2                          # the last bin is closed
        if 0 <= j < nb - 1:
            hist[j] += 1
    return hist, bins.copy()


@register_jitable
def _fill_edges(edges, first, last):
    """np.linspace(first, last, len(edges)) in the edges' dtype: i * step +
    first, the last edge exactly `last`."""
    bins = edges.shape[0] - 1
    edges[0] = bins
    nbins = edges[0]                  # bins in the edges' dtype (float32 stays float32)
    step = (last - first) / nbins
    for i in range(bins + 1):
        edges[i] = i
        edges[i] = edges[i] * step + first
    edges[bins] = last


@ir_primitive
def _truncated_intp(f):
    """f truncated to an intp; an unspecified intp for NaN and values out of
    intp's range (fptosi, frozen): int(f) without the check, for loops that
    test the result against f."""
    if not isinstance(f, types.Float):
        return None
    return types.intp(f), f"""
%k = fptosi {ir_type(f)} %a0 to i64
%r = freeze i64 %k
ret i64 %r"""


@register_jitable
def _count_uniform(v, edges, first, last, margin, width, nbins):
    """np.histogram's fast path for len(edges) - 1 equal bins from first to
    last: the bin of x from (x - first) * (bins / (last - first)), corrected
    by one against the edges (numpy/lib/_histograms_impl.py). A value whose
    scaled position is well inside a bin (more than `margin` from either
    end, far beyond the rounding of the position and of the edges; 2.0 when
    it may not be: always corrected) is in that bin and in the range, which
    spares most values the range test and the two loads of edges; NaN,
    infinities and values near or outside the range take the exact path,
    which computes the position as NumPy does, (x - first) / width * nbins
    in NumPy's dtypes (a subnormal width overflows bins / width)."""
    bins = edges.shape[0] - 1
    hist = np.zeros(bins, np.int64)
    norm = bins / (last - first)
    if bins > 1 << 26:      # the position's rounding may exceed the margin
        margin = 2.0
    half = 0.5 - margin     # inside a bin: |position in the bin - 0.5| < half
    for i in range(v.shape[0]):
        x = v[i]
        f = (x - first) * norm
        k = _truncated_intp(f)
        if 0 <= k < bins and abs(f - k - 0.5) < half:
            hist[k] += 1
        elif x >= first and x <= last:
            # x == last or rounding past it: the last bin (NaN positions
            # are clamped too, where NumPy would index out of bounds)
            k = min(max(_truncated_intp((x - first) / width * nbins), 0), bins - 1)
            if x < edges[k]:
                k -= 1
            elif x >= edges[k + 1] and k != bins - 1:
                k += 1
            hist[k] += 1
    return hist, edges


# --- np.bincount -------------------------------------------------------------------------

@overload(np.bincount, inline=_INLINE)
def np_bincount(x, weights=None, minlength=0):
    """How many times each value 0..max(x) occurs in the 1-d non-negative
    integer array x (int64), or the sums of the weights of each (float64);
    at least `minlength` bins."""
    if not (isinstance(x, types.Array) and x.ndim == 1 and
            isinstance(x.dtype, (types.Integer, types.Boolean))):
        return None
    if not (_absent(minlength) or isinstance(minlength, (types.Integer, int))):
        return None
    weighted = not _absent(weights)
    if weighted and not (_is_real_array(weights) and weights.ndim == 1):
        return None

    def size(x, minlength):
        if minlength < 0:
            raise ValueError("'minlength' must not be negative")
        top = -1
        for i in range(x.shape[0]):
            if x[i] < 0:
                raise ValueError("'list' argument must have no negative elements")
            if x[i] > top:
                top = int(x[i])
        return max(top + 1, minlength)
    size = register_jitable(inline="always")(size)

    if weighted:
        def impl_weights(x, weights=None, minlength=0):
            out = np.zeros(size(x, minlength), np.float64)
            if weights.shape[0] != x.shape[0]:
                raise ValueError("The weights and list don't have the same length.")
            for i in range(x.shape[0]):
                out[np.intp(x[i])] += weights[i]
            return out
        return impl_weights

    def impl(x, weights=None, minlength=0):
        out = np.zeros(size(x, minlength), np.int64)
        for i in range(x.shape[0]):
            out[np.intp(x[i])] += 1
        return out
    return impl


# --- np.interp ---------------------------------------------------------------------------

@register_jitable
def _interp_one(x, xp, fp, left, right):
    """NumPy's arr_interp (compiled_base.c) at one point: NaN stays NaN,
    left/right outside xp, fp[j] on a sample point, else the slope from j."""
    n = xp.shape[0]
    if n == 1:                        # (NaN gives fp[0] here, as NumPy)
        if x < xp[0]:
            return left
        if x > xp[0]:
            return right
        return fp[0]
    if x != x:
        return x
    if x < xp[0]:
        return left
    if x > xp[n - 1]:
        return right
    j = _search(xp, x, True) - 1
    if j >= n - 1 or xp[j] == x:
        return fp[j]
    slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])
    r = slope * (x - xp[j]) + fp[j]
    if r != r:
        r = slope * (x - xp[j + 1]) + fp[j + 1]
        if r != r and fp[j] == fp[j + 1]:
            r = fp[j]
    return r


@overload(np.interp, inline=_INLINE)
def np_interp(x, xp, fp, left=None, right=None):
    """Piecewise-linear interpolation of (xp, fp) at x (increasing xp, all
    in float64): fp[0] (or `left`) below xp[0], fp[-1] (or `right`) above
    xp[-1]; a float for a scalar x, an array of x's shape otherwise."""
    if not (_is_real_array(xp) and xp.ndim == 1 and _is_real_array(fp) and fp.ndim == 1):
        return None
    if not all(_absent(t) or isinstance(t, _NUMBER) for t in (left, right)):
        return None
    no_left = _absent(left)
    no_right = _absent(right)

    def prepare(xp, fp, left, right):
        if xp.shape[0] == 0:
            raise ValueError("array of sample points is empty")
        if xp.shape[0] != fp.shape[0]:
            raise ValueError("fp and xp are not of the same length.")
        dx = xp.astype(np.float64)
        dy = fp.astype(np.float64)
        lo = dy[0] if no_left else float(left)
        hi = dy[dy.shape[0] - 1] if no_right else float(right)
        return dx, dy, lo, hi
    prepare = register_jitable(inline="always")(prepare)

    if isinstance(x, _NUMBER):
        def impl_scalar(x, xp, fp, left=None, right=None):
            dx, dy, lo, hi = prepare(xp, fp, left, right)
            return _interp_one(float(x), dx, dy, lo, hi)
        return impl_scalar
    if not _is_real_array(x):
        return None

    def impl(x, xp, fp, left=None, right=None):
        dx, dy, lo, hi = prepare(xp, fp, left, right)
        out = np.empty(x.shape, np.float64)
        flat_x = x.ravel()
        flat_out = out.reshape(-1)
        for i in range(flat_x.shape[0]):
            flat_out[i] = _interp_one(float(flat_x[i]), dx, dy, lo, hi)
        return out
    return impl
