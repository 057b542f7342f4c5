"""flatnonzero, take, intersect1d, setdiff1d, union1d, average, atleast_1d/2d/3d,
rot90, inner, vander, ndarray.conj(), a scalar's .item() and math.gcd
(pyrite/_library/numpy_selection.py), each against NumPy or CPython run on
the same inputs: dtype, shape and values, or the exception class."""
import math

import numpy as np
import pytest

from pyrite import njit

RNG = np.random.default_rng(7)
ARRAYS = [np.array([0.0, 1.5, 0.0, -2.0, 3.0]), np.arange(-6, 6).reshape(3, 4),
          np.array([[True, False], [False, True]]), np.zeros(0), RNG.integers(-3, 3, (2, 3, 4)),
          np.arange(12.0).reshape(3, 4)[:, ::2]]


def outcome(fn, *args):
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - the comparison is the test
        return type(e)


def same(got, want):
    if isinstance(want, type):
        assert got is want
        return
    if isinstance(want, tuple):
        for g, w in zip(got, want):
            same(g, w)
        return
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape, (got, want)
    np.testing.assert_allclose(got, want)


def check(fn, *args):
    same(outcome(njit(fn), *args), outcome(fn, *args))


@pytest.mark.parametrize("a", ARRAYS)
def test_flatnonzero_atleast_and_conj(a):
    check(lambda a: np.flatnonzero(a), a)
    check(lambda a: np.atleast_1d(a), a)
    check(lambda a: np.atleast_2d(a), a)
    check(lambda a: np.atleast_3d(a), a)
    check(lambda a: a.conj(), a)


@pytest.mark.parametrize("x", [3, -2.5, True])
def test_atleast_of_scalars(x):
    for fn in (np.atleast_1d, np.atleast_2d, np.atleast_3d):
        check(lambda x: fn(x), x)


@pytest.mark.parametrize("idx", [0, -1, 5, 11, 12, -13, np.array([0, 5, -1]),
                                 np.array([[1, 2], [3, 4]]), np.array([12])])
def test_take(idx):
    a = np.arange(12.0).reshape(3, 4)
    check(lambda a, i: np.take(a, i), a, idx)


@pytest.mark.parametrize("a, b", [(np.array([1, 3, 4, 3, 7]), np.array([3, 1, 2, 1])),
                                  (np.array([1.5, np.nan, 2.0]), np.array([2.0, 9.0])),
                                  (np.arange(6).reshape(2, 3), np.array([5, 0, 8])),
                                  (np.zeros(0), np.array([1.0]))])
def test_set_operations(a, b):
    check(lambda a, b: np.intersect1d(a, b), a, b)
    check(lambda a, b: np.setdiff1d(a, b), a, b)
    check(lambda a, b: np.union1d(a, b), a, b)


@pytest.mark.parametrize("a", ARRAYS[:2] + [ARRAYS[5]])
def test_average(a):
    check(lambda a: np.average(a), a)
    check(lambda a: np.average(a, axis=0), a)
    w = np.arange(a.size, dtype=np.float64).reshape(a.shape) + 1
    check(lambda a, w: np.average(a, weights=w), a, w)
    check(lambda a, w: np.average(a, weights=w * 0), a, w)   # ZeroDivisionError


@pytest.mark.parametrize("k", [0, 1, 2, 3, 4, -1, 7])
def test_rot90(k):
    m = np.arange(6).reshape(2, 3)
    check(lambda m, k: np.rot90(m, k), m, k)
    check(lambda m: np.rot90(m), m)


def test_inner_and_vander():
    a, b = np.array([1.0, 2.0, 3.0]), np.array([4.0, -5.0, 6.0])
    check(lambda a, b: np.inner(a, b), a, b)
    check(lambda a, b: np.inner(a, b), a, b[:2])        # ValueError
    check(lambda a, b: np.inner(a, b), 2.5, 3)
    for x in (a, np.array([1, 2, 3, 5]), np.array([True, False])):
        check(lambda x: np.vander(x), x)
        check(lambda x: np.vander(x, 2), x)
        check(lambda x: np.vander(x, 4, True), x)


@pytest.mark.parametrize("x", [np.float64(2.5), np.int32(-3), np.bool_(True),
                               np.complex128(1 - 2j)])
def test_item_of_a_scalar(x):
    assert njit(lambda x: x.item())(x) == x.item()


@pytest.mark.parametrize("a, b", [(12, 18), (-12, 18), (0, 0), (0, -7), (17, 5),
                                  (2**40, 2**35 * 3), (True, 4)])
def test_math_gcd(a, b):
    assert njit(lambda a, b: math.gcd(a, b))(a, b) == math.gcd(a, b)


COV_INPUTS = [RNG.random((3, 5)), RNG.random(5), RNG.random((5, 2)), np.arange(6).reshape(2, 3),
              np.array([[1.0, 2.0, 4.0], [2.0, 4.0, 8.0]])]


@pytest.mark.parametrize("m", COV_INPUTS)
def test_cov_and_corrcoef(m):
    check(lambda m: np.cov(m), m)
    check(lambda m: np.cov(m, rowvar=False), m)
    check(lambda m: np.cov(m, bias=True), m)
    check(lambda m: np.cov(m, ddof=0), m)
    check(lambda m: np.cov(m, m * 2.0), m)
    check(lambda m: np.corrcoef(m), m)
    check(lambda m: np.corrcoef(m, rowvar=False), m)


@pytest.mark.parametrize("A", [RNG.random((3, 5)), np.ones((3, 3)), np.zeros((2, 2)),
                               np.array([[1.0, 2.0], [2.0, 4.0]]), np.arange(4.0),
                               np.zeros(3), np.eye(4)])
def test_matrix_rank(A):
    check(lambda A: np.linalg.matrix_rank(A), A)
    check(lambda A: np.linalg.matrix_rank(A, 0.5), A)


def test_dstack():
    a, b = np.arange(6.0).reshape(2, 3), np.arange(3.0)
    check(lambda a: np.dstack((a, a)), a)
    check(lambda b: np.dstack((b, b, b)), b)
    check(lambda a: np.dstack((a,)), a)
