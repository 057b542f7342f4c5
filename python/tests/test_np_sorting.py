"""np.sort / argsort / partition, median / percentile / quantile, unique,
searchsorted, digitize, histogram, bincount and interp (pyrite/_library/
numpy_sorting.py, numpy_histograms.py) against NumPy run by CPython on the same inputs: dtype,
shape and values, and the exceptions NumPy raises."""
import warnings

import numpy as np
import pytest

from pyrite import njit

_rng = np.random.default_rng(1234)


def _same(got, want):
    """Equal values (NaN equal to NaN) and types: arrays of the same dtype
    and shape, tuples item by item, scalars of the same kind."""
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            _same(g, w)
        return
    if isinstance(want, np.ndarray) and want.ndim > 0:
        assert isinstance(got, np.ndarray), (got, want)
        assert got.dtype == want.dtype and got.shape == want.shape, (got, want)
    else:
        # compiled code returns scalars as Python numbers (float32 too, as Numba)
        assert np.asarray(got).dtype.kind == np.asarray(want).dtype.kind, (got, want)
    np.testing.assert_array_equal(got, want)


_JITTED = {}


def _jit(f):
    """One dispatcher per function, so that its compiled signatures are reused."""
    if f not in _JITTED:
        _JITTED[f] = njit(f)
    return _JITTED[f]


def _compare(f, *args, message=True):
    """f compiled gives what f gives under CPython, or raises the same error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            want = f(*args)
        except Exception as e:  # noqa: BLE001 - any NumPy error must be matched
            with pytest.raises(type(e)) as got:
                _jit(f)(*args)
            if message:
                assert str(got.value) == str(e)
            return
        got = _jit(f)(*args)
    _same(got, want)


def _floats(n, nan_every=0, ties=False, dtype=np.float64):
    a = _rng.integers(0, max(n // 4, 2), n).astype(dtype) if ties else \
        _rng.standard_normal(n).astype(dtype)
    if nan_every:
        a[::nan_every] = np.nan
    return a


SIZES = [0, 1, 2, 3, 15, 16, 17, 100, 1000, 20000]

ARRAYS_1D = [
    *[_floats(n) for n in SIZES],
    *[_floats(n, nan_every=3) for n in (1, 5, 17, 200, 5000)],
    *[_floats(n, ties=True) for n in (10, 100, 5000)],
    np.full(1000, np.nan), np.full(500, 2.5), np.arange(3000.0), np.arange(3000.0)[::-1].copy(),
    np.array([np.inf, -np.inf, np.nan, 0.0, -1.0, np.inf]),
    _floats(300, nan_every=4, dtype=np.float32),
    _rng.integers(-100, 100, 1000), _rng.integers(0, 5, 3000).astype(np.int32),
    _rng.integers(0, 255, 100).astype(np.uint8), np.array([], np.int64),
    _rng.integers(0, 2, 50).astype(np.bool_),
    np.array([2**63 - 1, -2**63, 0, 5, -5], np.int64),
]


def _ids(arrays):
    return [f"{a.dtype}{a.shape}" for a in arrays]


# float64, int64, uint8 and bool stand for their dtype families and meet every
# function; the narrower float32, int32 and int16 arrays meet one function
# each, in turn (every function and dtype pair is a compilation of its own).
_NARROW = (np.float32, np.int32, np.int16)


def _covering(fs, arrays):
    """parametrize("f,a") over the cases of that covering set."""
    cases, turn = [], 0
    for a in arrays:
        if a.dtype in _NARROW:
            cases.append((fs[turn % len(fs)], a))
            turn += 1
        else:
            cases.extend((f, a) for f in fs)
    return pytest.mark.parametrize("f,a", cases,
                                   ids=[f"{f.__name__}-{a.dtype}{a.shape}" for f, a in cases])


# --- sort -------------------------------------------------------------------------------

def sort_default(a):
    return np.sort(a)


def sort_quick(a):
    return np.sort(a, kind="quicksort")


def sort_merge(a):
    return np.sort(a, kind="mergesort")


def sort_stable(a):
    return np.sort(a, kind="stable")


def sort_flat(a):
    return np.sort(a, axis=None)


def sort_method(a):
    b = a.copy()
    b.sort()
    return b


def sort_method_stable(a):
    b = a.copy()
    b.sort(kind="stable")
    return b


@_covering([sort_default, sort_quick, sort_merge, sort_stable, sort_flat, sort_method,
            sort_method_stable], ARRAYS_1D)
def test_sort_1d(f, a):
    _compare(f, a)


def sort_axis(a, axis):
    return np.sort(a, axis=axis)


def sort_axis_stable(a, axis):
    return np.sort(a, axis, "stable")


def sort_method_axis(a, axis):
    b = a.copy()
    b.sort(axis)
    return b


ARRAYS_ND = [_floats(60, nan_every=7).reshape(6, 10), _rng.integers(0, 9, (5, 4, 3)),
             _floats(24).reshape(2, 3, 4), np.empty((0, 3)), np.empty((3, 0)),
             _rng.integers(0, 9, (40, 50)).astype(np.float32)]


@pytest.mark.parametrize("a", ARRAYS_ND, ids=_ids(ARRAYS_ND))
@pytest.mark.parametrize("axis", [-1, 0, 1, -2])
@pytest.mark.parametrize("f", [sort_axis, sort_axis_stable, sort_method_axis])
def test_sort_nd(f, a, axis):
    _compare(f, a, axis)


@pytest.mark.parametrize("a", ARRAYS_ND, ids=_ids(ARRAYS_ND))
def test_sort_nd_flat_and_bad_axis(a):
    _compare(sort_flat, a)
    _compare(sort_default, a)
    _compare(sort_axis, a, 3)


def test_sort_in_place_views():
    def f(a):
        a.sort()
    a = np.arange(20.0)[::-1].copy()
    njit(f)(a[::2])                            # a strided view: written back
    b = np.arange(20.0)[::-1].copy()
    f(b[::2])
    _same(a, b)
    c = _floats(50).reshape(5, 10)
    d = c.copy()
    njit(f)(c)
    f(d)
    _same(c, d)


def test_sort_does_not_modify_input():
    a = _floats(100)
    b = a.copy()
    _jit(sort_default)(a)
    _same(a, b)


# --- argsort ----------------------------------------------------------------------------

def argsort_default(a):
    return np.argsort(a)


def argsort_stable(a):
    return np.argsort(a, kind="stable")


def argsort_merge(a):
    return a.argsort(kind="mergesort")


def argsort_flat(a):
    return np.argsort(a, axis=None, kind="stable")


def argsort_axis(a, axis):
    return np.argsort(a, axis, "stable")


def argsort_axis_default(a, axis):
    return np.argsort(a, axis)


def argsort_method(a):
    return a.argsort()


@_covering([argsort_stable, argsort_merge, argsort_flat], ARRAYS_1D)
def test_argsort_stable(f, a):
    _compare(f, a)


@pytest.mark.parametrize("a", ARRAYS_1D, ids=_ids(ARRAYS_1D))
def test_argsort_quicksort(a):
    """Quicksort is not stable: the indices must order `a` as np.sort does
    (and equal NumPy's exactly when the values are distinct)."""
    got = _jit(argsort_default)(a)
    assert got.dtype == np.intp and got.shape == a.shape
    _same(a[got], np.sort(a))
    assert np.array_equal(np.sort(got), np.arange(a.size))
    if len(np.unique(a)) == a.size:
        _same(got, np.argsort(a))
    got = _jit(argsort_method)(a)
    _same(a[got], np.sort(a))


@pytest.mark.parametrize("a", ARRAYS_ND, ids=_ids(ARRAYS_ND))
@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_argsort_nd(a, axis):
    _compare(argsort_axis, a, axis)
    got = _jit(argsort_axis_default)(a, axis)
    _same(np.take_along_axis(a, got, axis), np.sort(a, axis))


# --- partition --------------------------------------------------------------------------

def partition(a, kth):
    return np.partition(a, kth)


def partition_flat(a, kth):
    return np.partition(a, kth, axis=None)


def _check_partition(a, kth, axis=-1):
    got = _jit(partition)(a, kth) if axis == -1 else _jit(partition_flat)(a, kth)
    want = np.partition(a, kth, axis=axis)
    assert got.dtype == want.dtype and got.shape == want.shape
    axis = -1 if axis is None else axis
    got_sorted, want_sorted = np.sort(got, axis), np.sort(want, axis)
    _same(got_sorted, want_sorted)                 # the same elements
    k = np.take(got, [kth], axis)
    _same(k, np.take(want, [kth], axis))            # kth in place
    lo = np.take(got, np.arange(got.shape[axis])[:kth % max(got.shape[axis], 1)], axis)
    hi = np.take(got, np.arange(got.shape[axis])[kth % max(got.shape[axis], 1) + 1:], axis)
    with np.errstate(invalid="ignore"):
        assert not (lo > k).any()                   # smaller before, larger after
        assert not (hi < k).any()


NONEMPTY_1D = [a for a in ARRAYS_1D if a.size > 0]


@pytest.mark.parametrize("a", NONEMPTY_1D, ids=_ids(NONEMPTY_1D))
def test_partition_1d(a):
    for kth in {0, a.size // 2, a.size - 1, -1, a.size // 3}:
        _check_partition(a, kth)


def test_partition_nd_and_errors():
    a = _floats(60, nan_every=5).reshape(6, 10)
    for kth in (0, 4, 9, -2):
        _check_partition(a, kth)
    _check_partition(a, 33, axis=None)
    for kth in (10, -11):
        _compare(partition, a, kth)
    _compare(partition, np.arange(5.0), 5)
    _compare(partition, np.array([], np.float64), 0)


# --- median, percentile, quantile -------------------------------------------------------

def median(a):
    return np.median(a)


def quantile(a, q):
    return np.quantile(a, q)


def percentile(a, q):
    return np.percentile(a, q)


STATS_ARRAYS = [
    _floats(1), _floats(2), _floats(7), _floats(100), _floats(1001), _floats(20000),
    _floats(50, ties=True), _floats(21, nan_every=5), np.array([1.0, np.nan]),
    np.array([np.inf, 1.0, -np.inf]), np.array([-np.inf, np.inf]),
    _rng.integers(-50, 50, 101), _rng.integers(0, 10, 10).astype(np.int32),
    _rng.integers(0, 2, 9).astype(np.bool_), _floats(40).reshape(5, 8),
    _floats(33, dtype=np.float32), np.array([2**62, 2**62 + 1], np.int64),
]


@pytest.mark.parametrize("a", STATS_ARRAYS + [np.array([]), np.empty((2, 0))],
                         ids=_ids(STATS_ARRAYS + [np.array([]), np.empty((2, 0))]))
def test_median(a):
    _compare(median, a)


def median_axis(a, axis):
    return np.median(a, axis=axis)


def quantile_axis(a, q, axis):
    return np.quantile(a, q, axis=axis)


def percentile_axis(a, q, axis):
    return np.percentile(a, q, axis)


AXIS_ARRAYS = [_floats(40).reshape(5, 8), _floats(60, nan_every=7).reshape(3, 4, 5),
               _rng.integers(0, 9, (6, 7)), np.empty((0, 3)), _floats(9),
               _floats(12, dtype=np.float32).reshape(3, 4)]


@pytest.mark.parametrize("a", AXIS_ARRAYS, ids=_ids(AXIS_ARRAYS))
@pytest.mark.parametrize("axis", [0, 1, -1, 2])
def test_median_quantile_axis(a, axis):
    _compare(median_axis, a, axis)
    if a.size == 0 or a.dtype == np.float32:
        return      # NumPy: an empty slice raises; float32 results depend on q's type
    for q in (0.0, 0.3, 0.5, 1.0):
        _compare(quantile_axis, a, q, axis)
        _compare(percentile_axis, a, q * 100, axis)


QS = [0.0, 1.0, 0.5, 0.25, 0.75, 0.1, 0.999, 1 / 3, 0.66]


@pytest.mark.parametrize("a", [a for a in STATS_ARRAYS if a.dtype != np.bool_],
                         ids=_ids([a for a in STATS_ARRAYS if a.dtype != np.bool_]))
def test_quantile_percentile(a):
    for q in QS:
        if a.dtype == np.float32:   # NumPy: float32 for a Python float q
            _same(_jit(quantile)(a, q), np.quantile(a, q))
            continue
        _compare(quantile, a, q)
        _compare(percentile, a, q * 100)
    _compare(quantile, a, np.array(QS))
    _compare(percentile, a, np.array(QS) * 100)
    _compare(percentile, a, np.array([50, 0, 100]))
    _compare(quantile, a, 0)                        # an integer q: a's dtype
    _compare(quantile, a, 1)
    _compare(percentile, a, 50)


@pytest.mark.parametrize("q", [-0.1, 1.5, np.nan, 2, -1])
def test_quantile_errors(q):
    a = _floats(10)
    _compare(quantile, a, q)
    _compare(percentile, a, q * 100)
    _compare(quantile, a, np.array([0.5, q]))


def test_quantile_empty():
    _compare(quantile, np.array([]), 0.5, message=False)


# --- unique -----------------------------------------------------------------------------

def unique(a):
    return np.unique(a)


def unique_counts(a):
    return np.unique(a, return_counts=True)


def unique_counts_false(a):
    return np.unique(a, return_counts=False)


UNIQUE_ARRAYS = [
    np.array([], np.float64), np.array([3, 1, 3, 2, 1]), _floats(1000, ties=True),
    _floats(50, nan_every=3), np.array([np.nan, np.nan]), np.array([0.0, -0.0, 1.0]),
    _rng.integers(0, 10, (20, 5)).astype(np.int16), np.array([True, False, True]),
    _floats(500), np.array([np.inf, -np.inf, np.inf, 1.0]),
    _rng.integers(0, 4, 40).astype(np.float32),
]


def unique_index(a):
    return np.unique(a, return_index=True)


def unique_inverse(a):
    return np.unique(a, False, True)


def unique_all(a):
    return np.unique(a, return_index=True, return_inverse=True, return_counts=True)


@_covering([unique, unique_counts, unique_counts_false, unique_index, unique_inverse,
            unique_all], UNIQUE_ARRAYS)
def test_unique(f, a):
    _compare(f, a)


# --- searchsorted -----------------------------------------------------------------------

def ss_left(a, v):
    return np.searchsorted(a, v)


def ss_right(a, v):
    return np.searchsorted(a, v, side="right")


def ss_method(a, v):
    return a.searchsorted(v, side="left")


SORTED = [np.array([]), np.array([1.0]), np.array([1.0, 2.0, 2.0, 2.0, 3.0]),
          np.sort(_floats(100, nan_every=9)), np.arange(10), np.array([1, 1, 1, 1]),
          np.array([-np.inf, 0.0, np.inf, np.nan, np.nan])]
VALUES = [2.0, 0, -5.0, 100.0, np.nan, np.inf, -np.inf, 1,
          np.array([0.5, 2.0, 3.0, np.nan, -np.inf, 7.0]),
          np.arange(-2, 12).reshape(2, 7), np.array([], np.float64)]


@pytest.mark.parametrize("a", SORTED, ids=_ids(SORTED))
@pytest.mark.parametrize("v", VALUES, ids=[repr(v)[:20] for v in VALUES])
@pytest.mark.parametrize("f", [ss_left, ss_right, ss_method])
def test_searchsorted(f, a, v):
    _compare(f, a, v)


# --- digitize ---------------------------------------------------------------------------

def digitize(x, bins):
    return np.digitize(x, bins)


def digitize_right(x, bins):
    return np.digitize(x, bins, right=True)


BINS = [np.array([0.0, 1.0, 2.5, 4.0, 10.0]), np.array([10.0, 4.0, 2.5, 1.0, 0.0]),
        np.array([1, 1, 2, 3]), np.array([3, 3, 2, 1, 1]), np.array([5.0]),
        np.array([], np.float64), np.array([2.0, 2.0, 2.0]),
        np.array([0.0, 2.0, 1.0]), np.array([np.nan, 1.0])]
XS = [np.array([-1.0, 0.0, 0.5, 1.0, 2.5, 3.0, 4.0, 10.0, 11.0, np.nan]),
      np.arange(-1, 12).reshape(13, 1), 2.5, 1, np.nan, np.array([], np.float64)]


@pytest.mark.parametrize("bins", BINS, ids=[str(b) for b in BINS])
@pytest.mark.parametrize("x", XS, ids=[repr(x)[:20] for x in XS])
@pytest.mark.parametrize("f", [digitize, digitize_right])
def test_digitize(f, x, bins):
    _compare(f, x, bins)


# --- histogram --------------------------------------------------------------------------

def hist_default(a):
    return np.histogram(a)


def hist_bins(a, bins):
    return np.histogram(a, bins)


def hist_range(a, bins, lo, hi):
    return np.histogram(a, bins, range=(lo, hi))


HIST_ARRAYS = [
    _floats(1000), _floats(10007), _rng.integers(-20, 20, 500), np.arange(10.0),
    np.array([1.0, 1.0, 1.0]), np.array([], np.float64), np.array([5]),
    np.linspace(0.0, 1.0, 1001), np.array([0.1, 0.2, 0.3, 0.7, 0.9, 1.0]),
    _rng.integers(0, 256, 300).astype(np.uint8), _floats(30).reshape(5, 6),
    np.array([-1e300, 1e300, 0.0]), _floats(1000) * 1e-9 + 1.0,
]


@pytest.mark.parametrize("a", HIST_ARRAYS, ids=_ids(HIST_ARRAYS))
def test_histogram(a):
    _compare(hist_default, a)
    for bins in (1, 3, 7, 100):
        _compare(hist_bins, a, bins)
    for lo, hi in ((0.0, 1.0), (-1.0, 3.0), (0.25, 0.25), (-5, 5)):
        _compare(hist_range, a, 10, lo, hi)
    for edges in (np.array([0.0, 0.5, 1.0]), np.array([-3.0, -1.0, 0.0, 0.0, 2.5, 10.0]),
                  np.array([0, 1, 2, 5]), np.array([1.0]), np.array([0.0, 0.1, 0.2, 0.3, 1.0])):
        _compare(hist_bins, a, edges)


def test_histogram_nan_and_errors():
    a = np.array([0.0, np.nan, 1.0, 2.0])
    _compare(hist_range, a, 4, 0.0, 2.0)
    _compare(hist_bins, a, np.array([0.0, 1.0, 3.0]))
    _compare(hist_default, a, message=False)                    # range not finite
    _compare(hist_range, np.arange(3.0), 4, 1.0, 0.0)
    _compare(hist_range, np.arange(3.0), 4, 0.0, np.inf, message=False)
    _compare(hist_bins, np.arange(3.0), 0)
    _compare(hist_bins, np.arange(3.0), np.array([1.0, 0.0]))


def test_histogram_float32():
    a = _floats(1000, dtype=np.float32)
    for bins in (5, 10, 33):
        _compare(hist_bins, a, bins)
        _compare(hist_range, a, bins, -0.1, 0.7)
        _compare(hist_range, a, bins, -1, 2)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_histogram_values_on_and_beside_edges(dtype):
    # Every edge and its neighbours one unit in the last place away, plus
    # infinities and NaN: the values the fast path must hand to the exact one.
    for lo, hi, bins in ((0.0, 1.0, 10), (-3.5, 7.25, 100), (1e6, 1e6 + 3.0, 1000),
                         (-1e-3, 2e-3, 7)):
        edges = np.linspace(lo, hi, bins + 1).astype(dtype)
        a = np.concatenate([edges, np.nextafter(edges, dtype(-np.inf)),
                            np.nextafter(edges, dtype(np.inf)),
                            np.array([np.inf, -np.inf, np.nan], dtype)]).astype(dtype)
        _compare(hist_range, a, bins, lo, hi)
        _compare(hist_range, a, bins, float(edges[1]), float(edges[-2]))
        finite = a[np.isfinite(a)]
        _compare(hist_bins, finite, bins)


# --- bincount ---------------------------------------------------------------------------

def bincount(x):
    return np.bincount(x)


def bincount_weights(x, w):
    return np.bincount(x, weights=w)


def bincount_minlength(x, n):
    return np.bincount(x, minlength=n)


def bincount_both(x, w, n):
    return np.bincount(x, w, n)


BINCOUNT = [np.array([0, 1, 1, 3, 2, 1, 7]), np.array([], np.int64), np.array([5]),
            _rng.integers(0, 100, 10000), np.array([0, 1, 1], np.uint8),
            np.array([2, 2], np.int32), np.array([0, -1, 3]), np.array([True, False, True])]


@pytest.mark.parametrize("x", BINCOUNT, ids=_ids(BINCOUNT))
def test_bincount(x):
    _compare(bincount, x)
    for n in (0, 3, 20, -1):
        _compare(bincount_minlength, x, n)
    w = _rng.standard_normal(x.size)
    if x.size == 0:     # NumPy: int64 zeros for no x even with weights; pyrite: float64
        _same(_jit(bincount_weights)(x, w), np.zeros(0))
        return
    _compare(bincount_weights, x, w)
    _compare(bincount_weights, x, np.arange(x.size))
    _compare(bincount_both, x, w, 12)
    _compare(bincount_weights, x, np.ones(x.size + 1))


# --- interp -----------------------------------------------------------------------------

def interp(x, xp, fp):
    return np.interp(x, xp, fp)


def interp_lr(x, xp, fp, left, right):
    return np.interp(x, xp, fp, left, right)


def interp_right(x, xp, fp):
    return np.interp(x, xp, fp, right=-7.0)


XP_FP = [(np.array([0.0, 1.0, 2.5, 4.0]), np.array([1.0, -2.0, 0.5, 10.0])),
         (np.array([1.0]), np.array([3.0])), (np.arange(5), np.arange(5) ** 2),
         (np.array([0.0, 1.0, 1.0, 2.0]), np.array([0.0, 1.0, 2.0, 3.0])),
         (np.array([0.0, 1.0, 2.0]), np.array([np.inf, 1.0, -np.inf])),
         (np.linspace(-3, 3, 50), np.sin(np.linspace(-3, 3, 50)))]
INTERP_X = [np.array([-1.0, 0.0, 0.5, 1.0, 2.0, 2.5, 3.9, 4.0, 5.0, np.nan]), 0.3, 2, -1.0,
            np.nan, np.linspace(-4, 6, 77).reshape(7, 11), np.array([], np.float64),
            np.array([0, 1, 3])]


@pytest.mark.parametrize("xp,fp", XP_FP, ids=[str(len(x)) for x, _ in XP_FP])
@pytest.mark.parametrize("x", INTERP_X, ids=[repr(x)[:20] for x in INTERP_X])
def test_interp(x, xp, fp):
    _compare(interp, x, xp, fp)
    if xp.dtype.kind != "f" and not (isinstance(x, np.ndarray) and x.ndim == 1
                                     and x.dtype.kind == "f"):
        return      # left= and right= meet integer xp and fp with a float array x only
    _compare(interp_lr, x, xp, fp, -100.0, 100)
    _compare(interp_right, x, xp, fp)


def test_interp_errors():
    _compare(interp, np.arange(3.0), np.array([]), np.array([]))
    _compare(interp, np.arange(3.0), np.arange(3.0), np.arange(4.0))


# --- speed sanity -----------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["quicksort", "stable"])
def test_sort_adversarial_inputs(kind):
    """Sorted, reversed, constant, organ-pipe and many-duplicate inputs:
    correct (and not quadratic: heapsort takes over)."""
    n = 200_000
    f = _jit(sort_quick if kind == "quicksort" else sort_stable)
    for a in (np.arange(n), np.arange(n)[::-1].copy(), np.zeros(n),
              np.concatenate([np.arange(n // 2), np.arange(n // 2)[::-1]]),
              _rng.integers(0, 3, n)):
        _same(f(a), np.sort(a))


def test_histogram_of_a_subnormal_range():
    # bins / width overflows to inf: the exact path scales as NumPy does
    for bins in (3, 7):
        _compare(hist_bins, np.array([0, 5e-321, 7e-321, 1e-320]), bins)
        _compare(hist_bins, np.array([1e-310, 1e-310 + 5e-321, 1e-310 + 1e-320]), bins)
