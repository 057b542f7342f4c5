"""np.full/full_like/linspace/copy, fill, astype, and NumPy's float ufuncs."""
import numpy as np
import pytest

from pyrite import njit

from conftest import numba_jit


def creators(n):
    return (np.full(n, 2.5), np.full((2, n), 7), np.full(n, 1, np.float32),
            np.linspace(0.0, 1.0, n), np.linspace(-3, 5, n), np.linspace(2.0, 4.0))


@pytest.mark.parametrize("n", [1, 2, 5, 11])
def test_creators_match_numpy(n):
    for got, want in zip(njit(creators)(n), creators(n)):
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want)


def likes_and_copies(a):
    b = np.full_like(a, 3)
    c = np.copy(a)
    c.fill(-1)
    return b, c, a.astype(np.float32), a.astype(np.int64)


@pytest.mark.parametrize("a", [np.arange(6.0).reshape(2, 3) - 2.5, np.arange(5, dtype=np.int32)[::2]])
def test_full_like_copy_fill_astype(a):
    before = a.copy()
    for got, want in zip(njit(likes_and_copies)(a), likes_and_copies(a.copy())):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(a, before)


def float_ufuncs(x):
    return (np.floor(x), np.ceil(x), np.trunc(x), np.sign(x), np.isnan(x), np.isinf(x),
            np.isfinite(x))


VALUES = np.array([-2.5, -0.5, 0.0, 0.5, 3.0, np.inf, -np.inf, np.nan])


def test_float_ufuncs_on_arrays_and_scalars():
    for got, want in zip(njit(float_ufuncs)(VALUES), float_ufuncs(VALUES)):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)
    for v in VALUES:
        got, want = njit(float_ufuncs)(float(v)), numba_jit(float_ufuncs)(float(v))
        for g, w in zip(got, want):
            assert (g == w) or (np.isnan(g) and np.isnan(w))
            assert type(g) is type(w)


def spaced(n):
    return np.linspace(0.0, 1.0, n)


def test_linspace_negative_count():
    with pytest.raises(ValueError, match="non-negative"):
        njit(spaced)(-1)


def python_dtypes(n, a):
    return (np.zeros(n, dtype=float), np.ones((2, n), int), np.full(n, 3, bool),
            a.astype(int), abs(a - 2.5))


def test_python_classes_as_dtypes_and_abs_of_arrays():
    a = np.arange(4.0)
    for got, want in zip(njit(python_dtypes)(3, a), python_dtypes(3, a)):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)
