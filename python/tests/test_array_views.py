"""Transpose, reshape, ravel and flatten: values and sharing as NumPy."""
import gc

import numpy as np
import pytest

import pyrite
from pyrite import errors, njit


def transpose_sum(m):
    t = m.T
    s = 0.0
    for i in range(t.shape[0]):
        for j in range(t.shape[1]):
            s += t[i, j] * (i + 1)
    return s, m.transpose().shape


def reshape_both_ways(a):
    return a.reshape(3, 4), a.reshape((2, -1)), a.reshape(-1)


def ravel_and_flatten(m):
    r = m.ravel()
    f = m.flatten()
    f[0] = -1.0
    return r, f


M = np.arange(12.0).reshape(3, 4)


def test_transpose():
    got = njit(transpose_sum)(M)
    assert got == transpose_sum(M)
    assert njit(transpose_sum)(M[:, ::2]) == transpose_sum(M[:, ::2])


def test_reshape_views_share_memory():
    a = np.arange(12.0)
    for got, want in zip(njit(reshape_both_ways)(a), reshape_both_ways(a)):
        assert got.shape == want.shape and np.array_equal(got, want)
    first = njit(reshape_both_ways)(a)[0]
    first[0, 0] = 99.0
    assert a[0] == 99.0  # a view of the argument, as in NumPy


def test_reshape_of_wrong_size_raises():
    def bad(a):
        return a.reshape(5, 5)
    with pytest.raises(ValueError, match="cannot reshape array of size 12"):
        njit(bad)(np.arange(12.0))


def test_reshape_of_a_strided_array_is_a_view_as_in_numpy():
    a = np.arange(24.0)[::2]
    for got, want in zip(njit(reshape_both_ways)(a), reshape_both_ways(a)):
        assert got.shape == want.shape and np.array_equal(got, want)
        assert np.shares_memory(got, a) == np.shares_memory(want, a)  # a view here


@pytest.mark.parametrize("m", [M, M[:, 1:3], M.T])
def test_ravel_and_flatten(m):
    m = m.copy() if m.flags.c_contiguous else m
    r, f = njit(ravel_and_flatten)(m)
    want = m.ravel()
    assert np.array_equal(r, want)
    assert f[0] == -1.0 and np.array_equal(f[1:], want[1:])
    assert m.ravel()[0] == want[0]  # flatten copied


def test_views_do_not_leak():
    gc.collect()
    before = pyrite._core.live_allocations()
    def make(n):
        x = np.arange(n * 1.0).reshape(2, -1)
        return x.T.sum() + x.ravel().sum() + x.flatten().sum()
    assert njit(make)(6) == make(6)
    gc.collect()
    assert pyrite._core.live_allocations() == before
