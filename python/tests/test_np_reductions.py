"""NumPy reductions and element tests (pyrite/_library/numpy_reductions.py, numpy_element_maps.py):
prod, cumprod, var/std, nan*, argmin/argmax/all/any/count_nonzero along an
axis, where, nonzero, argwhere, isclose/allclose, array_equal, round,
iinfo/finfo. Each case compares with NumPy run by CPython on the same
input: dtype, shape and values."""
import warnings

import numpy as np
import pytest

from pyrite import njit


def _kind(x):
    """bool, integer or float: what a scalar result must agree on (pyrite
    returns NumPy scalars as Python bool/int/float)."""
    k = np.asarray(x).dtype.kind
    return {"b": "b", "i": "i", "u": "i", "f": "f"}[k]


def check(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            check(g, w)
        return
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray)
        assert got.dtype == want.dtype and got.shape == want.shape
    else:
        assert not isinstance(got, np.ndarray) and _kind(got) == _kind(want)
    rtol = 1e-5 if np.asarray(want).dtype == np.float32 else 1e-12
    if np.asarray(want).dtype.kind == "f":
        np.testing.assert_allclose(got, want, rtol=rtol, atol=0, equal_nan=True)
    else:
        assert np.array_equal(got, want)


def compare(fn, *args):
    """fn compiled and run by CPython on the same (copied) inputs."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        want = fn(*[np.copy(a) if isinstance(a, np.ndarray) else a for a in args])
        got = njit(fn)(*args)
    check(got, want)


rng = np.random.default_rng(7)
NAN = np.nan
ARRAYS = [
    np.array([1.5, -2.0, 3.25, 0.5]),
    rng.random((3, 4)) + 0.5,
    np.arange(1, 25, dtype=np.int32).reshape(2, 3, 4),
    (rng.random((4, 5)) + 0.5).T,                     # not contiguous
    rng.random((2, 6, 3))[:, ::2, :] + 0.5,           # strided
    np.array([[1.0, NAN, 2.0], [3.0, 4.0, 5.0]]),
    np.array([[True, False], [True, True]]),
    np.array([3, 7, 2], dtype=np.uint8),
    rng.random((3, 3)).astype(np.float32) + 0.5,
    np.zeros((0, 3)),
]
IDS = [f"{a.dtype}{a.shape}{'' if a.flags.c_contiguous else 'nc'}" for a in ARRAYS]
NONEMPTY = [a for a in ARRAYS if a.size]
NONEMPTY_IDS = [i for a, i in zip(ARRAYS, IDS) if a.size]


def axes(a):
    return list(range(-a.ndim, a.ndim))


# --- prod / cumprod ---------------------------------------------------------------------

def prod_all(a):
    return np.prod(a), a.prod()


def prod_axis(a, k):
    return np.prod(a, axis=k), a.prod(k)


def cumprod_all(a):
    return np.cumprod(a), a.cumprod()


def cumprod_axis(a, k):
    return np.cumprod(a, axis=k), a.cumprod(axis=k)


@pytest.mark.parametrize("a", ARRAYS, ids=IDS)
def test_prod_and_cumprod(a):
    compare(prod_all, a)
    compare(cumprod_all, a)
    for k in axes(a):
        compare(prod_axis, a, k)
        compare(cumprod_axis, a, k)


def test_prod_of_integers_widens_and_wraps():
    a = np.array([2**20, 2**20, 2**30], dtype=np.int64)
    compare(prod_all, a)                                   # wraps, as NumPy
    compare(prod_all, np.array([200, 200], dtype=np.uint8))  # uint64


# --- var / std ----------------------------------------------------------------------------

def moments(a):
    return np.var(a), np.std(a), a.var(), a.std()


def moments_ddof(a, d):
    return np.var(a, ddof=d), np.std(a, ddof=d), a.var(ddof=d), a.std(ddof=d)


def moments_axis(a, k):
    return np.var(a, axis=k), np.std(a, k), a.var(axis=k), a.std(k)


def moments_axis_ddof(a, k, d):
    return np.var(a, axis=k, ddof=d), np.std(a, axis=k, ddof=d), a.std(axis=k, ddof=d)


@pytest.mark.parametrize("a", ARRAYS, ids=IDS)
def test_var_std(a):
    compare(moments, a)
    for d in (0, 1, 2):
        compare(moments_ddof, a, d)
    for k in axes(a):
        compare(moments_axis, a, k)
        compare(moments_axis_ddof, a, k, 1)


def test_var_with_ddof_past_the_count_is_inf_or_nan():
    compare(moments_ddof, np.array([1.0, 2.0]), 2)   # inf
    compare(moments_ddof, np.array([1.0, 1.0]), 5)   # nan
    compare(moments_ddof, np.array([], dtype=np.float64), 0)


# --- nan reductions -----------------------------------------------------------------------

def nan_all(a):
    return (np.nansum(a), np.nanprod(a), np.nanmean(a), np.nanvar(a), np.nanstd(a),
            np.nanmin(a), np.nanmax(a))


def nan_axis(a, k):
    return (np.nansum(a, axis=k), np.nanprod(a, k), np.nanmean(a, axis=k), np.nanvar(a, k),
            np.nanstd(a, axis=k), np.nanmin(a, k), np.nanmax(a, axis=k))


def nan_ddof(a, d):
    return np.nanvar(a, ddof=d), np.nanstd(a, ddof=d)


NAN_ARRAYS = [np.array([1.0, NAN, 3.0, -2.5]),
              np.array([[NAN, NAN], [1.0, NAN], [2.0, 5.0]]),
              np.array([NAN, NAN]),
              np.array([NAN, 1.0], dtype=np.float32),
              np.arange(12, dtype=np.int16).reshape(3, 4) - 5,
              np.array([[True, False]])]


@pytest.mark.parametrize("a", NAN_ARRAYS, ids=lambda a: f"{a.dtype}{a.shape}")
def test_nan_reductions(a):
    compare(nan_all, a)
    compare(nan_ddof, a, 1)
    for k in axes(a):
        compare(nan_axis, a, k)


def test_nanmin_of_nothing_raises_as_numpy():
    for fn, name in ((lambda a: np.nanmin(a), "fmin"), (lambda a: np.nanmax(a), "fmax")):
        with pytest.raises(ValueError, match=f"zero-size array to reduction operation {name}"):
            njit(fn)(np.zeros(0))
        with pytest.raises(ValueError, match=f"operation {name} which has no identity"):
            fn(np.zeros(0))


# --- argmin / argmax / all / any / count_nonzero along an axis ---------------------------------

def arg_axis(a, k):
    return np.argmin(a, axis=k), np.argmax(a, k), a.argmin(axis=k), a.argmax(k)


def truth_axis(a, k):
    return np.all(a, axis=k), np.any(a, k), a.all(axis=k), a.any(k)


def truth_all(a):
    return np.all(a), np.any(a), a.all(), a.any()


def count(a):
    return np.count_nonzero(a)


def count_axis(a, k):
    return np.count_nonzero(a, axis=k)


@pytest.mark.parametrize("a", NONEMPTY + [np.array([[1.0, NAN], [NAN, 0.0]])],
                         ids=NONEMPTY_IDS + ["nan"])
def test_arg_extremes_along_an_axis(a):
    for k in axes(a):
        compare(arg_axis, a, k)


@pytest.mark.parametrize("a", ARRAYS + [np.array([[0.0, NAN], [0.0, 0.0]])], ids=IDS + ["nan"])
def test_all_any_count_nonzero(a):
    compare(truth_all, a)
    compare(count, a)
    for k in axes(a):
        compare(truth_axis, a, k)
        compare(count_axis, a, k)
    compare(count_axis, a > 0.7, a.ndim - 1)


def test_argmin_along_an_empty_axis_raises():
    with pytest.raises(ValueError, match="attempt to get argmin of an empty sequence"):
        njit(arg_axis)(np.zeros((2, 0)), 1)


@pytest.mark.parametrize("fn", [prod_axis, cumprod_axis, moments_axis, nan_axis, arg_axis,
                                truth_axis, count_axis])
def test_axis_out_of_range_is_numpys_axis_error(fn):
    a = np.ones((2, 3))
    for k in (2, -3):
        with pytest.raises(np.exceptions.AxisError,
                           match="axis %d is out of bounds for array of dimension 2" % k):
            njit(fn)(a, k)


# --- where / nonzero / argwhere -------------------------------------------------------------

def where3(c, x, y):
    return np.where(c, x, y)


def where1(c):
    return np.where(c)


def nonzero(a):
    return np.nonzero(a), a.nonzero(), np.argwhere(a)


M = rng.random((3, 4))


@pytest.mark.parametrize("c, x, y", [
    (M > 0.5, M, -M),
    (M > 0.5, M, 0.0),
    (M > 0.5, 1, 0),
    (M[0] > 0.5, M, M[:, :1]),                       # broadcasting of all three
    (True, M.astype(np.float32), 2.0),               # weak scalar: float32
    (M > 0.5, np.arange(12, dtype=np.int32).reshape(3, 4), 0.5),
    (np.array([1, 0, 2]), np.arange(3), np.arange(3.0)),
    (M.T > 0.5, M.T, M.T * 2),                        # not contiguous
    (np.zeros((2, 0), bool), 1.0, np.zeros((1, 0))),
    (rng.random((2, 1, 3)) > 0.5, rng.random((4, 1)), np.arange(3)),
], ids=lambda v: getattr(v, "shape", v))
def test_where(c, x, y):
    compare(where3, c, x, y)


def test_where_shapes_that_do_not_broadcast():
    with pytest.raises(ValueError, match="could not be broadcast"):
        njit(where3)(np.ones(3) > 0, np.ones(4), 0.0)


@pytest.mark.parametrize("a", ARRAYS + [M > 0.5, np.zeros(4), rng.random((2, 2, 2, 2)) > 0.4],
                         ids=IDS + ["mask", "zeros", "4d"])
def test_nonzero_argwhere(a):
    compare(nonzero, a)
    compare(where1, a)


# --- isclose / allclose / array_equal ---------------------------------------------------------

def isclose_default(a, b):
    return np.isclose(a, b), np.allclose(a, b)


def isclose_tol(a, b, rtol, atol, equal_nan):
    return (np.isclose(a, b, rtol, atol, equal_nan),
            np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))


V = np.array([1.0, 1.0 + 1e-6, NAN, np.inf, -np.inf, 1e-9, 0.0, 100.0])


@pytest.mark.parametrize("a, b", [
    (V, V[::-1]), (V, V), (V, 1.0), (1.0, V), (1.0, 1.0 + 1e-9), (1.0, 1.1),
    (V.reshape(2, 4), V[:4]), (np.arange(4), np.arange(4) + 1e-9),
    (np.arange(3.0), np.arange(4.0)[:, None] * 0 + np.arange(3.0)),
    (np.inf, np.inf), (NAN, NAN),
], ids=lambda v: getattr(v, "shape", v))
def test_isclose_allclose(a, b):
    compare(isclose_default, a, b)
    for rtol, atol in ((0.0, 0.0), (1e-3, 0.0), (0.0, 0.2)):
        for equal_nan in (False, True):
            compare(isclose_tol, a, b, rtol, atol, equal_nan)


def array_equal(a, b):
    return np.array_equal(a, b), np.array_equal(a, b, equal_nan=True)


@pytest.mark.parametrize("a, b", [
    (V, V), (V, V.copy()[::-1]), (M, M.copy()), (M, M[:2]), (M, M.ravel()),
    (np.arange(4), np.arange(4.0)), (np.array([1.0, NAN]), np.array([1.0, NAN])),
    (M.T, M.T.copy()), (np.zeros((0, 2)), np.zeros((0, 2))),
], ids=lambda v: getattr(v, "shape", v))
def test_array_equal(a, b):
    compare(array_equal, a, b)


# --- round --------------------------------------------------------------------------------

def rounds(a, d):
    return np.round(a, d), np.around(a, decimals=d)


def round0(a):
    return np.round(a), np.around(a)


def round_method(a, d):
    return a.round(d), a.round(decimals=d), a.round()


HALVES = np.array([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.4, -0.4, 3.7, -0.0, np.inf, NAN, 1e300])


@pytest.mark.parametrize("a", [HALVES, rng.standard_normal((3, 4)) * 1000,
                               (rng.standard_normal(7) * 50).astype(np.float32),
                               np.array([15, 25, -35, 44, 7], dtype=np.int32),
                               np.array([1.005, 2.675, 0.125, 0.375]),
                               rng.standard_normal((4, 3)).T * 7],
                         ids=["halves", "2d", "float32", "int32", "decimal-halves", "nc"])
def test_round(a):
    compare(round0, a)
    for d in (0, 1, 2, 3, -1, -2):
        compare(rounds, a, d)
        compare(round_method, a, d)
        for got, want in zip(njit(rounds)(a, d), rounds(a, d)):   # bit for bit
            assert np.array_equal(got, want, equal_nan=True)


@pytest.mark.parametrize("x", [2.5, 3.5, -2.5, 0.125, 1234.5678, 7, -15])
def test_round_scalars(x):
    compare(round0, x)
    for d in (0, 2, -1):
        compare(rounds, x, d)


def test_round_keeps_the_sign_of_zero():
    got = njit(round0)(np.array([-0.4, 0.4]))[0]
    assert np.array_equal(np.signbit(got), [True, False])


# --- iinfo / finfo ------------------------------------------------------------------------

@pytest.mark.parametrize("t", [np.int8, np.uint8, np.int16, np.uint16, np.int32,
                               np.uint32, np.int64, np.uint64])
def test_iinfo(t):
    def f():
        i = np.iinfo(t)
        return i.bits, i.min, i.max

    def of_dtype(a):
        return np.iinfo(a.dtype).max
    assert njit(f)() == f()
    assert njit(of_dtype)(np.zeros(2, t)) == of_dtype(np.zeros(2, t))


FINFO_FIELDS = ("bits eps epsneg max min tiny smallest_normal smallest_subnormal "
                "resolution precision maxexp minexp nmant").split()


@pytest.mark.parametrize("t", [np.float32, np.float64])
def test_finfo(t):
    def f():
        return np.finfo(t)

    def of_dtype(a):
        return np.finfo(a.dtype).eps
    got = njit(f)()
    want = np.finfo(t)
    for name in FINFO_FIELDS:
        assert getattr(got, name) == getattr(want, name), name
    assert njit(of_dtype)(np.zeros(2, t)) == of_dtype(np.zeros(2, t))


def test_finfo_in_arithmetic():
    def f(x):
        return x + np.finfo(np.float64).eps > x, np.finfo(np.float64).max * 2
    compare(f, 1.0)


def test_axis_none_passed_explicitly():
    def f(a):
        return (np.argmin(a, axis=None), a.argmax(None), np.all(a > 1, axis=None),
                (a > 1).any(axis=None), np.prod(a, axis=None), np.std(a, axis=None, ddof=1),
                np.nansum(a, axis=None), np.count_nonzero(a, axis=None))
    compare(f, np.array([[1.0, 5.0], [3.0, 2.0]]))


# --- the sign of a zero extreme ----------------------------------------------------------
# NumPy's loops keep the second operand of a tie (np.minimum(0.0, -0.0) is
# -0.0, np.minimum(-0.0, 0.0) is 0.0); pyrite's vectorized reductions redo a
# zero result that way. (For longer arrays NumPy's sign depends on its SIMD
# lanes, so only short ones are compared.)

@pytest.mark.parametrize("values", [[0.0, -0.0], [-0.0, 0.0], [-0.0, 0.0, -0.0, 1.0],
                                    [1.0, 0.0, -0.0], [0.0, np.nan, -0.0]])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_zero_extremes_keep_numpy_sign(values, dtype):
    a = np.array(values, dtype)
    cases = [(lambda a: a.min()), (lambda a: a.max()), (lambda a: np.minimum(a[0], a[1])),
             (lambda a: np.maximum(a[0], a[1])), (lambda a: np.min(a.reshape(1, -1), axis=1)[0]),
             (lambda a: np.max(a.reshape(1, -1), axis=1)[0])]
    for f in cases:
        got, want = njit(f)(a), f(a)
        assert (np.isnan(got) and np.isnan(want)) or \
            (got == want and np.signbit(got) == np.signbit(want)), (values, got, want)
