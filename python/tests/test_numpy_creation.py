"""np.arange, np.*_like and mean, compared with NumPy on the same inputs."""
import gc

import numpy as np
import pytest

import pyrite
from pyrite import njit


def arange1(n):
    return np.arange(n)


def arange2(a, b):
    return np.arange(a, b)


def arange3(a, b, c):
    return np.arange(a, b, c)


@pytest.mark.parametrize("n", [0, 1, 7, -3])
def test_arange_stop(n):
    got, want = njit(arange1)(n), arange1(n)
    assert got.dtype == np.int64 and np.array_equal(got, want)


@pytest.mark.parametrize("args", [(2, 9, 3), (10, 0, -3), (0, 10, -1), (5, 5, 1), (-4, 7, 2),
                                  (1.0, 2.0, 0.25), (0.0, 1.0, 0.1), (3.0, -1.0, -0.7),
                                  (0, 5, 0.5)])
def test_arange_start_stop_step(args):
    got, want = njit(arange3)(*args), arange3(*args)
    assert got.dtype == want.dtype and np.array_equal(got, want)


def test_arange_start_stop_and_zero_step():
    assert np.array_equal(njit(arange2)(-2, 3), arange2(-2, 3))
    with pytest.raises(ZeroDivisionError):
        njit(arange3)(0, 5, 0)


def likes(a):
    return np.empty_like(a).shape, np.zeros_like(a), np.ones_like(a)


@pytest.mark.parametrize("a", [np.arange(6.0).reshape(2, 3), np.arange(5, dtype=np.int32),
                               np.arange(24.0).reshape(2, 3, 4)[:, ::2, 1:]])
def test_like_constructors(a):
    before = pyrite._core.live_allocations()
    shape, zeros, ones = njit(likes)(a)
    assert shape == a.shape
    for got, want in ((zeros, np.zeros_like(a)), (ones, np.ones_like(a))):
        assert got.dtype == want.dtype and np.array_equal(got, want)
    del zeros, ones, got
    gc.collect()
    assert pyrite._core.live_allocations() == before


def means(a):
    return a.mean(), np.mean(a)


@pytest.mark.parametrize("a", [np.arange(7.0), np.arange(12, dtype=np.int32).reshape(3, 4),
                               np.linspace(0, 1, 9)[::2], np.array([1.5, np.nan])])
def test_mean_matches_numpy(a):
    got = njit(means)(a)
    want = (a.mean(), np.mean(a))
    np.testing.assert_allclose(got, want, rtol=1e-15)


# --- 0-d arrays from an empty shape tuple -----------------------------------------------

@pytest.mark.parametrize("make", [
    lambda: np.zeros(()), lambda: np.ones((), np.int32), lambda: np.full((), 2.5),
    lambda: np.full((), 7, np.int8), lambda: np.empty(()).shape, lambda: np.zeros(()).ndim,
], ids=["zeros", "ones_int32", "full", "full_int8", "empty_shape", "zeros_ndim"])
def test_empty_shape_makes_a_0d_array(make):
    got, want = njit(make)(), make()
    if isinstance(want, np.ndarray):
        assert got.shape == want.shape == () and got.dtype == want.dtype and got == want
    else:
        assert got == want


def test_0d_array_written_through_an_empty_index():
    def f(v):
        a = np.zeros(())
        a[()] = v
        return a
    got = njit(f)(3.5)
    assert got.shape == () and got == 3.5


# NumPy's dtype strings as dtype arguments: names, one-letter codes,
# kind-and-size codes and a byte-order mark, as NumPy reads them.
DTYPE_STRINGS = ["f4", "float32", "d", "<f8", "i1", "int16", "i", "int64", "u1", "uint32",
                 "Q", "?", "bool", "c8", "complex128", "=i4", "intp", "b"]
MAKERS = {   # each a function of n, DT standing for the dtype string
    "zeros": "np.zeros(n, 'DT')", "ones": "np.ones((2, n), dtype='DT')",
    "empty_shape": "np.empty(n, 'DT').shape", "full": "np.full(n, 1, 'DT')",
    "arange": "np.arange(n, dtype='DT')", "eye": "np.eye(n, dtype='DT')",
    "astype": "np.arange(n).astype('DT')", "sum": "np.ones(n).sum(dtype='DT')",
}


@pytest.mark.parametrize("dt", DTYPE_STRINGS)
@pytest.mark.parametrize("maker", sorted(MAKERS))
def test_dtype_strings(dt, maker):
    fn = eval(f"lambda n: {MAKERS[maker].replace('DT', dt)}")
    if maker in ("arange", "sum", "eye") and np.dtype(dt).kind in "bc":
        return    # (NumPy's arange refuses bool; pyrite's sum(dtype=), eye keep to reals)
    want = fn(4)
    got = njit(fn)(4)
    if isinstance(want, np.ndarray):
        assert got.dtype == want.dtype
    assert np.array_equal(got, want)   # (a scalar result is a Python number, as in Numba)


@pytest.mark.parametrize("dt", ["f2", ">f8", "M8[10s]", "O", "not a dtype"])
def test_unsupported_dtype_strings_are_typing_errors(dt):
    with pytest.raises(pyrite.errors.TypingError):
        njit(eval(f"lambda n: np.zeros(n, {dt!r})"))(3)
