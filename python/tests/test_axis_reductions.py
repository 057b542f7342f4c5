"""Reductions along an axis: sum/min/max/mean(axis), as NumPy computes them."""
import numpy as np
import pytest

from pyrite import njit


def methods(a, axis):
    return a.sum(axis), a.min(axis), a.max(axis), a.mean(axis)


def functions(a, axis):
    return np.sum(a, axis=axis), np.min(a, axis), np.max(a, axis=axis), np.mean(a, axis=axis)


rng = np.random.default_rng(11)
ARRAYS = [rng.random((3, 4)), rng.random((2, 3, 4))[:, ::2, :],
          np.arange(24, dtype=np.int32).reshape(2, 3, 4), rng.random((4, 5)).T,
          np.array([[1.0, np.nan], [2.0, 3.0]])]


@pytest.mark.parametrize("a", ARRAYS, ids=lambda a: f"{a.dtype}{a.shape}")
@pytest.mark.parametrize("fn", [methods, functions])
def test_axis_reductions(a, fn):
    for axis in range(-a.ndim, a.ndim):
        for got, want in zip(njit(fn)(a, axis), fn(a, axis)):
            assert got.shape == want.shape
            np.testing.assert_allclose(got, want, rtol=1e-12)


def test_axis_out_of_range():
    with pytest.raises(ValueError, match="axis"):
        njit(methods)(ARRAYS[0], 2)


def one_d(a):
    return a.sum(0), np.sum(a, axis=0)


def test_one_dimensional_axis_gives_a_scalar():
    a = np.arange(5.0)
    assert njit(one_d)(a) == one_d(a)
