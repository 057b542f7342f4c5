"""np.minimum/maximum, argmin/argmax, cumsum and dot, against NumPy."""
import numpy as np
import pytest

from pyrite import njit

from conftest import numba_jit


def mins(a, b):
    return np.minimum(a, b), np.maximum(a, b)


def args_of(a):
    return a.argmin(), a.argmax(), np.argmin(a), np.argmax(a)


def sums(a):
    return a.cumsum(), np.cumsum(a)


def dots(a, b):
    return np.dot(a, b), a @ b


rng = np.random.default_rng(3)


@pytest.mark.parametrize("a,b", [(rng.random((3, 4)), rng.random(4)),
                                 (np.array([1.0, np.nan, 3.0]), np.array([2.0, 2.0, np.nan])),
                                 (np.arange(6, dtype=np.int32), 3), (2.5, 1.5)])
def test_minimum_maximum(a, b):
    for got, want in zip(njit(mins)(a, b), mins(a, b)):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("a", [rng.random((4, 5)), rng.random(9)[::2], np.array([3, 1, 7, 1, 7]),
                               np.array([1.0, np.nan, 0.5, np.nan]), np.array([True, False])])
def test_argmin_argmax(a):
    assert njit(args_of)(a) == tuple(int(v) for v in args_of(a))


def test_argmax_of_empty_raises():
    with pytest.raises(ValueError, match="empty sequence"):
        njit(args_of)(np.zeros(0))


@pytest.mark.parametrize("a", [rng.random((3, 4)), np.arange(10, dtype=np.int32)[::3],
                               np.array([True, True, False])])
def test_cumsum(a):
    got, want, types = njit(sums)(a), sums(a), numba_jit(sums)(a)
    for g, w, t in zip(got, want, types):
        np.testing.assert_allclose(g, w, rtol=1e-15)
        assert g.dtype == t.dtype


@pytest.mark.parametrize("a,b", [(rng.random(7), rng.random(7)),
                                 (np.arange(5), np.arange(5) * 2),
                                 (rng.random(8)[::2], rng.random(4))])
def test_dot_1d(a, b):
    got = njit(dots)(a, b)
    assert np.allclose(got, dots(a, b), rtol=1e-13)


def test_dot_shape_mismatch():
    with pytest.raises(ValueError, match="not aligned"):
        njit(dots)(np.ones(3), np.ones(4))
