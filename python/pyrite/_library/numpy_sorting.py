"""NumPy sorting and searching: np.sort / ndarray.sort, np.argsort /
ndarray.argsort, np.partition, np.unique, np.searchsorted, np.digitize
(np.median, np.percentile and np.quantile, which select with these kernels:
numpy_quantiles.py; np.histogram, np.bincount and np.interp, which build on
the search: numpy_histograms.py).

Semantics are NumPy 2's (numpy/_core/src/npysort, numpy/lib/_function_base_impl.py,
numpy/lib/_histograms_impl.py, compiled_base.c): NaNs order after every
number, quicksort is NumPy's introsort (median-of-3 quicksort, insertion sort
below 32 elements, heapsort past 2*log2(n) levels), mergesort/stable is
stable. Floats are sorted by first moving the NaNs to the end, so that the
sort itself compares with a plain `<`."""
import numpy as np

from .. import types
from ..extending import overload, overload_method, register_jitable
from ._generate import generate
from .numpy_reductions import _normalize_axis

_NUMBER = (types.Integer, types.Float, types.Boolean)
_INLINE = "always"
_SMALL = 32          # insertion sort below this (NumPy: 16; 32 measured a little faster here)
_RUN = 32            # the insertion-sorted runs of the merge sort


def _is_real_array(a):
    return isinstance(a, types.Array) and isinstance(a.dtype, _NUMBER)


def _absent(t):
    return t is None or isinstance(t, (types.NoneType, types.Omitted))


def _literal(t):
    """(known, value) of a literal or omitted argument."""
    if isinstance(t, types.Omitted):
        return True, t.value
    if isinstance(t, types.NoneType) or t is None:
        return True, None
    if isinstance(t, types.Literal):
        return True, t.literal_value
    if not isinstance(t, types.Type):
        return True, t                   # a default, as the Python value
    return False, None


# --- the sort kernels ------------------------------------------------------------------
#
# One introsort and one merge sort, generated twice: sorting the values of `w`
# directly (`keys` unused), or sorting indices `w` by `keys[w[i]]` (argsort).

def _make_sorts(indirect):
    if indirect:
        @register_jitable(inline="always")
        def lt(keys, x, y):
            return keys[x] < keys[y]
    else:
        @register_jitable(inline="always")
        def lt(keys, x, y):
            return x < y

    @register_jitable
    def insertion(keys, w, lo, hi):
        """Stable insertion sort of w[lo..hi] (inclusive)."""
        for i in range(lo + 1, hi + 1):
            x = w[i]
            j = i
            while j > lo and lt(keys, x, w[j - 1]):
                w[j] = w[j - 1]
                j -= 1
            w[j] = x

    @register_jitable
    def sift_down(keys, w, lo, root, n):
        x = w[lo + root]
        while True:
            child = 2 * root + 1
            if child >= n:
                break
            if child + 1 < n and lt(keys, w[lo + child], w[lo + child + 1]):
                child += 1
            if not lt(keys, x, w[lo + child]):
                break
            w[lo + root] = w[lo + child]
            root = child
        w[lo + root] = x

    @register_jitable
    def heapsort(keys, w, lo, hi):
        n = hi - lo + 1
        for root in range(n // 2 - 1, -1, -1):
            sift_down(keys, w, lo, root, n)
        for end in range(n - 1, 0, -1):
            t = w[lo]
            w[lo] = w[lo + end]
            w[lo + end] = t
            sift_down(keys, w, lo, 0, end)

    @register_jitable
    def median3_partition(keys, w, lo, hi):
        """NumPy's partition step: the median of w[lo], w[mid], w[hi] is
        the pivot, the outer two are sentinels; returns the pivot's place."""
        mid = lo + ((hi - lo) >> 1)
        if lt(keys, w[mid], w[lo]):
            t = w[mid]; w[mid] = w[lo]; w[lo] = t  # noqa: E702
        if lt(keys, w[hi], w[mid]):
            t = w[hi]; w[hi] = w[mid]; w[mid] = t  # noqa: E702
        if lt(keys, w[mid], w[lo]):
            t = w[mid]; w[mid] = w[lo]; w[lo] = t  # noqa: E702
        pivot = w[mid]
        w[mid] = w[hi - 1]
        w[hi - 1] = pivot
        i = lo
        j = hi - 1
        while True:
            i += 1
            while lt(keys, w[i], pivot):
                i += 1
            j -= 1
            while lt(keys, pivot, w[j]):
                j -= 1
            if i >= j:
                break
            t = w[i]; w[i] = w[j]; w[j] = t  # noqa: E702
        w[hi - 1] = w[i]
        w[i] = pivot
        return i

    @register_jitable
    def introsort(keys, w, lo, hi):
        """Sorts w[lo..hi]: quicksort on an explicit stack (the larger part
        pushed, so it stays under 2 * 64 entries), heapsort past the depth limit."""
        n = hi - lo + 1
        if n < 2:
            return
        depth = 0
        m = n
        while m > 1:
            depth += 2
            m >>= 1
        stack = np.empty(3 * 64, np.intp)
        sp = 0
        while True:
            if depth < 0:
                heapsort(keys, w, lo, hi)
            else:
                while hi - lo > _SMALL:
                    p = median3_partition(keys, w, lo, hi)
                    depth -= 1
                    if p - lo < hi - p:
                        stack[sp] = p + 1; stack[sp + 1] = hi  # noqa: E702
                        hi = p - 1
                    else:
                        stack[sp] = lo; stack[sp + 1] = p - 1  # noqa: E702
                        lo = p + 1
                    stack[sp + 2] = depth
                    sp += 3
                    if depth < 0:
                        break
                if depth < 0:
                    heapsort(keys, w, lo, hi)
                else:
                    insertion(keys, w, lo, hi)
            if sp == 0:
                break
            sp -= 3
            lo = stack[sp]
            hi = stack[sp + 1]
            depth = stack[sp + 2]

    @register_jitable
    def merge_pass(keys, src, dst, width, n):
        for start in range(0, n, 2 * width):
            mid = min(start + width, n)
            end = min(start + 2 * width, n)
            i = start
            j = mid
            k = start
            if mid < end and not lt(keys, src[mid], src[mid - 1]):
                for t in range(start, end):  # already in order: a copy
                    dst[t] = src[t]
                continue
            while i < mid and j < end:
                if lt(keys, src[j], src[i]):
                    dst[k] = src[j]
                    j += 1
                else:
                    dst[k] = src[i]
                    i += 1
                k += 1
            while i < mid:
                dst[k] = src[i]
                i += 1
                k += 1
            while j < end:
                dst[k] = src[j]
                j += 1
                k += 1

    @register_jitable
    def mergesort(keys, w, n):
        """Stable sort of w[0..n): insertion-sorted runs, then bottom-up
        merges through a buffer."""
        for s in range(0, n, _RUN):
            insertion(keys, w, s, min(s + _RUN, n) - 1)
        if n <= _RUN:
            return
        buf = np.empty_like(w)
        width = _RUN
        in_w = True
        while width < n:
            if in_w:
                merge_pass(keys, w, buf, width, n)
            else:
                merge_pass(keys, buf, w, width, n)
            in_w = not in_w
            width *= 2
        if not in_w:
            for i in range(n):
                w[i] = buf[i]

    @register_jitable
    def select(keys, w, lo, hi, kth):
        """Moves the kth element of w[lo..hi] into place, smaller ones before
        it and larger ones after (introselect: heapsort past the depth limit)."""
        depth = 0
        m = hi - lo + 1
        while m > 1:
            depth += 2
            m >>= 1
        while hi - lo > _SMALL:
            if depth < 0:
                heapsort(keys, w, lo, hi)
                return
            p = median3_partition(keys, w, lo, hi)
            depth -= 1
            if p == kth:
                return
            if p < kth:
                lo = p + 1
            else:
                hi = p - 1
        insertion(keys, w, lo, hi)

    return introsort, mergesort, select


_introsort, _mergesort, _select = _make_sorts(False)
_arg_introsort, _arg_mergesort, _ = _make_sorts(True)


@register_jitable
def _nans_last(v):
    """Moves the NaNs of the 1-d array v to its end; returns how many values
    are not NaN (all of them for integers)."""
    n = v.shape[0]
    m = 0
    for i in range(n):
        x = v[i]
        if x == x:
            v[m] = x
            m += 1
    for i in range(m, n):
        v[i] = np.nan
    return m


@register_jitable
def _arg_nans_last(keys, idx):
    """Fills idx with 0..n-1, the indices of NaN keys last (in order);
    returns how many keys are not NaN."""
    n = keys.shape[0]
    nan = 0
    for i in range(n):
        if keys[i] != keys[i]:
            nan += 1
    m = n - nan
    k = 0
    j = m
    for i in range(n):
        if keys[i] == keys[i]:
            idx[k] = i
            k += 1
        else:
            idx[j] = i
            j += 1
    return m


def _sort_1d(stable, is_float):
    """A jitable sorting a contiguous 1-d array in place."""
    if stable:
        def sort(v):
            m = _nans_last(v) if is_float else v.shape[0]
            _mergesort(v, v, m)
    else:
        def sort(v):
            m = _nans_last(v) if is_float else v.shape[0]
            _introsort(v, v, 0, m - 1)
    return register_jitable(sort)


def _argsort_1d(stable, is_float):
    """A jitable filling idx (1-d, intp) with the order of the 1-d keys."""
    if stable:
        def argsort(keys, idx):
            m = _arg_nans_last(keys, idx)
            _arg_mergesort(keys, idx, m)
    else:
        def argsort(keys, idx):
            m = _arg_nans_last(keys, idx)
            _arg_introsort(keys, idx, 0, m - 1)
    return register_jitable(argsort)



@register_jitable
def _split_shape(shape, axis):
    """(outer, n, inner): the sizes before, along and after `axis`."""
    outer = 1
    inner = 1
    for d in range(len(shape)):
        if d < axis:
            outer *= shape[d]
        elif d > axis:
            inner *= shape[d]
    return outer, shape[axis], inner


def _sort_kind(kind):
    """'stable', 'quick', or None when the kind is not known here."""
    known, value = _literal(kind)
    if not known:
        return None
    if value is None or value in ("quicksort", "heapsort"):
        return "quick"
    if value in ("mergesort", "stable"):
        return "stable"
    return None


def _axis_kind(axis):
    """'none' (flatten), 'int', or None for an unsupported axis."""
    if isinstance(axis, types.Omitted):
        return "none" if axis.value is None else "int"
    if isinstance(axis, int):
        return "int"
    if axis is None or isinstance(axis, types.NoneType):
        return "none"
    if isinstance(axis, types.Integer):
        return "int"
    return None


def _make_inplace_sort(a, kind):
    """A jitable sort_inplace(out, axis) for C-contiguous `out` of a's
    dtype and ndim, or None when the kind is unsupported."""
    k = _sort_kind(kind)
    if k is None:
        return None
    sort1 = _sort_1d(k == "stable", isinstance(a.dtype, types.Float))
    ndim = a.ndim

    def sort_1d(out, axis):
        _normalize_axis(axis, 1)
        sort1(out)
    if ndim == 1:
        return register_jitable(sort_1d)

    def sort_inplace(out, axis):
        ax = _normalize_axis(axis, ndim)
        outer, n, inner = _split_shape(out.shape, ax)
        if inner == 1:
            rows = out.reshape((outer, n))
            for o in range(outer):
                sort1(rows[o])
            return
        v3 = out.reshape((outer, n, inner))
        buf = np.empty(n, out.dtype)
        for o in range(outer):
            for i in range(inner):
                for j in range(n):
                    buf[j] = v3[o, j, i]
                sort1(buf)
                for j in range(n):
                    v3[o, j, i] = buf[j]
    return register_jitable(sort_inplace)


# --- np.sort / ndarray.sort --------------------------------------------------------------

@overload(np.sort, inline=_INLINE)
def np_sort(a, axis=-1, kind=None, order=None):
    """A sorted copy of `a` along `axis` (-1: each innermost row; None: the
    flattened array). NaNs last; 'quicksort' (default) is NumPy's introsort,
    'mergesort'/'stable' a stable merge sort."""
    if not _is_real_array(a) or not _absent(order):
        return None
    ax = _axis_kind(axis)
    sort_inplace = _make_inplace_sort(a.copy(ndim=1, layout="C"), kind)
    if ax is None or sort_inplace is None:
        return None
    if ax == "none":
        def impl_flat(a, axis=-1, kind=None, order=None):
            out = a.flatten()
            sort_inplace(out, 0)
            return out
        return impl_flat
    sort_nd = _make_inplace_sort(a, kind)

    def impl(a, axis=-1, kind=None, order=None):
        out = a.copy()
        sort_nd(out, axis)
        return out
    return impl


@overload_method(types.Array, "sort", inline=_INLINE)
def array_sort(a, axis=-1, kind=None):
    """a.sort(axis=-1, kind=None): sorts `a` in place (a sorted copy is
    written back when `a` is a non-contiguous 1-d or 2-d view)."""
    if not _is_real_array(a) or _axis_kind(axis) != "int":
        return None
    sort_nd = _make_inplace_sort(a, kind)
    if sort_nd is None:
        return None
    if a.layout == "C":
        def impl(a, axis=-1, kind=None):
            sort_nd(a, axis)
        return impl

    def impl_1d(a, axis=-1, kind=None):
        out = a.copy()
        sort_nd(out, axis)
        for i in range(a.shape[0]):
            a[i] = out[i]

    def impl_2d(a, axis=-1, kind=None):
        out = a.copy()
        sort_nd(out, axis)
        for i in range(a.shape[0]):
            for j in range(a.shape[1]):
                a[i, j] = out[i, j]
    return {1: impl_1d, 2: impl_2d}.get(a.ndim)


# --- np.argsort / ndarray.argsort --------------------------------------------------------

def _argsort(a, axis, kind):
    if not _is_real_array(a):
        return None
    ax = _axis_kind(axis)
    k = _sort_kind(kind)
    if ax is None or k is None:
        return None
    arg1 = _argsort_1d(k == "stable", isinstance(a.dtype, types.Float))
    if ax == "none":
        def impl_flat(a, axis=-1, kind=None):
            keys = a.ravel()
            idx = np.empty(keys.shape[0], np.intp)
            arg1(keys, idx)
            return idx
        return impl_flat
    ndim = a.ndim
    if ndim == 1:
        def impl_1d(a, axis=-1, kind=None):
            _normalize_axis(axis, 1)
            idx = np.empty(a.shape[0], np.intp)
            arg1(a, idx)
            return idx
        return impl_1d

    def impl(a, axis=-1, kind=None):
        ax = _normalize_axis(axis, ndim)
        keys = a.copy()
        idx = np.empty(a.shape, np.intp)
        outer, n, inner = _split_shape(a.shape, ax)
        k3 = keys.reshape((outer, n, inner))
        i3 = idx.reshape((outer, n, inner))
        kbuf = np.empty(n, keys.dtype)
        ibuf = np.empty(n, np.intp)
        for o in range(outer):
            for i in range(inner):
                for j in range(n):
                    kbuf[j] = k3[o, j, i]
                arg1(kbuf, ibuf)
                for j in range(n):
                    i3[o, j, i] = ibuf[j]
        return idx
    return impl


@overload(np.argsort, inline=_INLINE)
def np_argsort(a, axis=-1, kind=None):
    """The indices that sort `a` along `axis` (intp); NaNs last. The
    stable kinds keep equal elements in their order."""
    return _argsort(a, axis, kind)


@overload_method(types.Array, "argsort", inline=_INLINE)
def array_argsort(a, axis=-1, kind=None):
    return _argsort(a, axis, kind)


# --- np.partition ------------------------------------------------------------------------

@register_jitable
def _partition_1d(v, kth):
    """Moves v's kth smallest element (NaNs last) into place in the
    contiguous 1-d v, the smaller ones before it, the larger after."""
    n = v.shape[0]
    k = kth + n if kth < 0 else kth
    if n == 0:
        return                        # NumPy checks kth against nothing here
    if k < 0 or k >= n:
        raise ValueError("kth(=%d) out of bounds (%d)" % (k, n))
    m = _nans_last(v)
    if k < m:
        _select(v, v, 0, m - 1, k)


@overload(np.partition, inline=_INLINE)
def np_partition(a, kth, axis=-1):
    """A copy of `a` with its kth element (an integer, negative from the
    end) where a sort would put it along the last axis (axis=None: the
    flattened array); no order within either side, as NumPy."""
    if not _is_real_array(a) or not isinstance(kth, (types.Integer, types.Boolean)):
        return None
    ax = _axis_kind(axis)
    if ax == "none" or (ax == "int" and a.ndim == 1):
        def impl_flat(a, kth, axis=-1):
            out = a.flatten()
            _partition_1d(out, kth)
            return out
        return impl_flat
    if ax != "int":
        return None
    ndim = a.ndim

    def impl(a, kth, axis=-1):
        ax = _normalize_axis(axis, ndim)
        out = a.copy()
        outer, n, inner = _split_shape(out.shape, ax)
        v3 = out.reshape((outer, n, inner))
        buf = np.empty(n, out.dtype)
        for o in range(outer):
            for i in range(inner):
                for j in range(n):
                    buf[j] = v3[o, j, i]
                _partition_1d(buf, kth)
                for j in range(n):
                    v3[o, j, i] = buf[j]
        return out
    return impl


# --- np.unique ---------------------------------------------------------------------------

@register_jitable
def _unique_all(ar):
    """(values, first index, inverse, counts) of the flattened array: a
    stable argsort, then one pass over the runs of equal values (the NaNs,
    last, make one run)."""
    keys = ar.ravel()
    n = keys.shape[0]
    perm = np.empty(n, np.intp)
    m = _arg_nans_last(keys, perm)
    _arg_mergesort(keys, perm, m)
    vals = np.empty(n, keys.dtype)
    index = np.empty(n, np.intp)
    counts = np.empty(n, np.int64)
    inverse = np.empty(ar.shape, np.intp)
    inv = inverse.reshape(-1)
    k = 0
    i = 0
    while i < n:
        x = keys[perm[i]]
        j = i + 1
        if x != x:
            j = n
        else:
            while j < n and keys[perm[j]] == x:
                j += 1
        vals[k] = x
        index[k] = perm[i]
        counts[k] = j - i
        for t in range(i, j):
            inv[perm[t]] = k
        k += 1
        i = j
    return vals[:k].copy(), index[:k].copy(), inverse, counts[:k].copy()


@overload(np.unique, inline=_INLINE)
def np_unique(ar, return_index=False, return_inverse=False, return_counts=False):
    """The sorted distinct values of the flattened array (NaNs collapse into
    one, as NumPy 2's equal_nan=True); return_index (the first occurrence of
    each), return_inverse (for each element its value's place, in ar's
    shape) and return_counts (int64) add arrays to a tuple in that order."""
    if not _is_real_array(ar):
        return None
    flags = [_literal(t) for t in (return_index, return_inverse, return_counts)]
    if not all(known for known, _ in flags):
        return None                       # a literal True/False is offered next
    wanted = [str(i + 1) for i, (_, on) in enumerate(flags) if on]
    if not wanted:
        sort1 = _sort_1d(False, isinstance(ar.dtype, types.Float))

        def impl(ar, return_index=False, return_inverse=False, return_counts=False):
            v = ar.flatten()
            sort1(v)
            n = v.shape[0]
            k = 0
            for i in range(n):
                x = v[i]
                if i == 0 or (x != v[k - 1] and v[k - 1] == v[k - 1]):
                    v[k] = x
                    k += 1
            return v[:k].copy()
        return impl
    items = ", ".join(["r[0]"] + [f"r[{w}]" for w in wanted])
    return generate("unique_impl", ["ar", "return_index=False", "return_inverse=False",
                                    "return_counts=False"],
                    ["r = _unique_all(ar)", f"return ({items})"],
                    {"_unique_all": _unique_all})


# --- np.searchsorted, np.digitize --------------------------------------------------------

@register_jitable(inline="always")
def _nan_lt(x, y):
    """x < y with NaN after every number (NumPy's sort order)."""
    return x < y or (y != y and x == x)


@register_jitable
def _search(a, x, right):
    """The insertion index of x in the sorted 1-d a: before equal elements
    (right=False) or after them."""
    lo = 0
    hi = a.shape[0]
    while lo < hi:
        mid = lo + ((hi - lo) >> 1)
        if (not _nan_lt(x, a[mid])) if right else _nan_lt(a[mid], x):
            lo = mid + 1
        else:
            hi = mid
    return lo


def _side(side):
    known, value = _literal(side)
    if not known or value not in (None, "left", "right"):
        return None
    return value == "right"


@overload(np.searchsorted, inline=_INLINE)
def np_searchsorted(a, v, side="left"):
    """Where the values v (a scalar or an array) would be inserted into the
    sorted 1-d a to keep it sorted: intp indices, side='left' before equal
    elements, 'right' after them; NaNs sort last."""
    if not (_is_real_array(a) and a.ndim == 1):
        return None
    right = _side(side)
    if right is None:
        return None
    if isinstance(v, _NUMBER):
        def impl_scalar(a, v, side="left"):
            return _search(a, v, right)
        return impl_scalar
    if not _is_real_array(v):
        return None

    def impl(a, v, side="left"):
        out = np.empty(v.shape, np.intp)
        flat_v = v.ravel()
        flat_out = out.reshape(-1)
        for i in range(flat_v.shape[0]):
            flat_out[i] = _search(a, flat_v[i], right)
        return out
    return impl


@overload_method(types.Array, "searchsorted", inline=_INLINE)
def array_searchsorted(a, v, side="left"):
    impl = np_searchsorted(a, v, side)
    if impl is None:
        return None
    impl = register_jitable(impl)

    def method(a, v, side="left"):
        return impl(a, v, side)
    return method


@register_jitable
def _monotonicity(bins):
    """1 increasing (or constant, or empty), -1 decreasing, 0 neither: NumPy's
    check_array_monotonic."""
    n = bins.shape[0]
    if n == 0:
        return 1
    last = bins[0]
    i = 1
    while i < n and bins[i] == last:
        i += 1
    if i == n:
        return 1
    nxt = bins[i]
    if last < nxt:
        for j in range(i + 1, n):
            last = nxt
            nxt = bins[j]
            if last > nxt:
                return 0
        return 1
    for j in range(i + 1, n):
        last = nxt
        nxt = bins[j]
        if last < nxt:
            return 0
    return -1


@register_jitable
def _digitize_one(x, bins, mono, right):
    if mono == 1:
        return _search(bins, x, not right)
    return bins.shape[0] - _search(bins[::-1], x, not right)


@overload(np.digitize, inline=_INLINE)
def np_digitize(x, bins, right=False):
    """The index of the bin of each x: bins[i-1] <= x < bins[i] for
    increasing bins (right=True: bins[i-1] < x <= bins[i]), mirrored for
    decreasing ones; ValueError when bins are not monotonic."""
    if not (_is_real_array(bins) and bins.ndim == 1):
        return None
    if not isinstance(right, (types.Boolean, types.Omitted, bool)):
        return None
    msg = "bins must be monotonically increasing or decreasing"
    if isinstance(x, _NUMBER):
        def impl_scalar(x, bins, right=False):
            mono = _monotonicity(bins)
            if mono == 0:
                raise ValueError(msg)
            return _digitize_one(x, bins, mono, right)
        return impl_scalar
    if not _is_real_array(x):
        return None

    def impl(x, bins, right=False):
        mono = _monotonicity(bins)
        if mono == 0:
            raise ValueError(msg)
        out = np.empty(x.shape, np.intp)
        flat_x = x.ravel()
        flat_out = out.reshape(-1)
        for i in range(flat_x.shape[0]):
            flat_out[i] = _digitize_one(flat_x[i], bins, mono, right)
        return out
    return impl
