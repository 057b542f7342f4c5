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


@pytest.mark.parametrize("a", [np.arange(5.0), np.array([3, -2, 7]), np.ones((2, 3)),
                               np.array([1.0, np.nan, 2.0]), np.arange(12.0).reshape(3, 4)[:, 1]])
def test_ptp(a):
    got, want = njit(lambda a: np.ptp(a))(a), np.ptp(a)
    assert got == want or (np.isnan(got) and np.isnan(want))


def test_ptp_of_empty_array():
    with pytest.raises(ValueError, match="zero-size array"):
        njit(lambda a: np.ptp(a))(np.zeros(0))
    with pytest.raises(ValueError, match="zero-size array"):
        np.ptp(np.zeros(0))


# The library functions written in Python (pyrite/_library), over dtypes,
# dimensions and layouts, against NumPy.
_LIBRARY_INPUTS = [np.array([3, -1, 7, -1], np.int32), np.array([200, 3, 255], np.uint8),
                   np.array([True, False, True]), np.linspace(-1, 1, 7).astype(np.float32),
                   np.arange(12.0).reshape(3, 4), np.arange(20.0)[::3],
                   np.arange(12).reshape(3, 4)[:, ::2], np.array([2.0, np.nan, -1.0])]


@pytest.mark.parametrize("a", _LIBRARY_INPUTS)
def test_library_argmin_argmax_cumsum(a):
    f = njit(lambda a: (np.argmin(a), a.argmax(), np.cumsum(a), a.cumsum()))
    amin, amax, c1, c2 = f(a)
    assert (amin, amax) == (np.argmin(a), a.argmax())
    for got in (c1, c2):
        assert got.dtype == np.cumsum(a).dtype
        np.testing.assert_array_equal(got, np.cumsum(a))


@pytest.mark.parametrize("a,b", [(np.arange(4.0), np.ones(4)),
                                 (np.arange(5, dtype=np.int32), np.arange(5, dtype=np.int32)),
                                 (np.ones(3, np.float32), np.full(3, 2.0, np.float32)),
                                 (np.arange(6.0)[::2], np.arange(3))])
def test_library_dot(a, b):
    got = njit(lambda a, b: (np.dot(a, b), a @ b))(a, b)
    assert got[0] == got[1] == np.dot(a, b)    # scalars come back as Python numbers


def test_library_errors_carry_numpy_messages():
    with pytest.raises(ValueError, match=r"shapes \(3,\) and \(4,\) not aligned: 3 \(dim 0\) "
                                         r"!= 4 \(dim 0\)"):
        njit(lambda a, b: np.dot(a, b))(np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match="Number of samples, -2, must be non-negative."):
        njit(lambda n: np.linspace(0.0, 1.0, n))(-2)
    with pytest.raises(ValueError, match="Number of samples, -2, must be non-negative."):
        np.linspace(0.0, 1.0, -2)


@pytest.mark.parametrize("a,b", [(np.ones(3, np.float32), np.arange(3, dtype=np.int8)),
                                 (np.array([True, False]), np.array([False, True])),
                                 (np.array([True, True]), np.array([False, True]))])
def test_library_dot_result_types(a, b):
    got = njit(lambda a, b: np.dot(a, b))(a, b)
    want = np.dot(a, b)
    assert got == want and type(got) is type(want.item())
