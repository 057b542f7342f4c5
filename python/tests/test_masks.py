"""Boolean masks and integer index arrays, as NumPy does them."""
import gc

import numpy as np
import pytest

import pyrite
from pyrite import njit


def select_positive(a):
    return a[a > 0.5]


def clip_negative(a):
    a[a < 0] = 0
    return a


def take(a, idx):
    return a[idx]


rng = np.random.default_rng(5)


@pytest.mark.parametrize("a", [rng.random(10), rng.random((3, 4)), rng.random((4, 6))[:, ::2]])
def test_mask_select(a):
    np.testing.assert_array_equal(njit(select_positive)(a), select_positive(a))


@pytest.mark.parametrize("a", [rng.random(8) - 0.5, (rng.random((3, 3)) - 0.5).T,
                               np.arange(-4, 4, dtype=np.int32)])
def test_mask_assign(a):
    got = njit(clip_negative)(a.copy())
    want = clip_negative(a.copy())
    np.testing.assert_array_equal(got, want)


def test_take_with_negative_indices_and_bounds():
    a = np.arange(10.0) * 1.5
    idx = np.array([0, -1, 3, 3, -10])
    np.testing.assert_array_equal(njit(take)(a, idx), a[idx])
    with pytest.raises(IndexError):
        njit(take)(a, np.array([10]))


def test_mask_shape_mismatch_and_no_leaks():
    gc.collect()
    before = pyrite._core.live_allocations()
    with pytest.raises(IndexError, match="did not match"):
        njit(take)(np.arange(4.0), np.array([True, False]))
    r = njit(select_positive)(rng.random(50))
    del r
    gc.collect()
    assert pyrite._core.live_allocations() == before
