"""dtype= of sum/mean, cumsum along an axis, np.amax/np.amin and a.item()
(pyrite/_library/numpy_reduction_options.py), each compared with NumPy run
by CPython on the same input: dtype, shape and values, or the exception."""
import numpy as np
import pytest

import pyrite

ARRAYS = {
    "float64_2d": np.linspace(-3.0, 7.5, 12).reshape(3, 4),
    "float32_3d": np.linspace(-1.0, 1.0, 24, dtype=np.float32).reshape(2, 3, 4),
    "int8_2d": np.arange(-6, 6, dtype=np.int8).reshape(4, 3) * 20,
    "uint16_1d": np.arange(0, 60000, 5000, dtype=np.uint16),
    "bool_2d": (np.arange(12).reshape(3, 4) % 3 == 0),
    "transposed": np.arange(12.0).reshape(3, 4).T,
}


def check(got, want):
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray), got
        assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, want.dtype)
        np.testing.assert_allclose(got, want, rtol=2e-7 if want.dtype == np.float32 else 1e-12)
    else:
        assert np.asarray(got).dtype == np.asarray(want).dtype or \
            type(got) in (int, float, bool), (type(got), type(want))
        np.testing.assert_allclose(got, want, rtol=2e-7)


DTYPED = {
    "sum_float32": lambda a: a.sum(dtype=np.float32),
    "sum_float64": lambda a: a.sum(dtype=np.float64),
    "sum_int8": lambda a: a.sum(dtype=np.int8),
    "sum_int32": lambda a: np.sum(a, dtype=np.int32),
    "sum_uint64": lambda a: np.sum(a, dtype=np.uint64),
    "sum_axis0_float32": lambda a: a.sum(axis=0, dtype=np.float32),
    "sum_axis_last_int16": lambda a: np.sum(a, axis=-1, dtype=np.int16),
    "sum_float_builtin": lambda a: np.sum(a, dtype=float),
    "mean_float32": lambda a: a.mean(dtype=np.float32),
    "mean_float64": lambda a: np.mean(a, dtype=np.float64),
    "mean_axis1_float32": lambda a: a.mean(axis=1, dtype=np.float32),
}


@pytest.mark.parametrize("name", sorted(DTYPED))
@pytest.mark.parametrize("array", sorted(ARRAYS))
def test_reductions_with_dtype(name, array):
    a = ARRAYS[array]
    fn = DTYPED[name]
    if "axis1" in name and a.ndim < 2:
        return
    with np.errstate(all="ignore"):
        want = fn(a)
        got = pyrite.njit(fn)(a)
    check(got, want)


CUMULATIVE = {
    "np_cumsum_0": lambda a: np.cumsum(a, axis=0),
    "np_cumsum_last": lambda a: np.cumsum(a, axis=-1),
    "cumsum_0": lambda a: a.cumsum(axis=0),
    "cumsum_1_positional": lambda a: a.cumsum(1) if a.ndim > 1 else a.cumsum(0),
    "np_cumsum_flat": lambda a: np.cumsum(a),
}


@pytest.mark.parametrize("name", sorted(CUMULATIVE))
@pytest.mark.parametrize("array", sorted(ARRAYS))
def test_cumsum_along_an_axis(name, array):
    a = ARRAYS[array]
    fn = CUMULATIVE[name]
    with np.errstate(all="ignore"):
        want = fn(a)
    check(pyrite.njit(fn)(a), want)


def test_cumsum_axis_out_of_range_is_numpys_error():
    a = ARRAYS["float64_2d"]
    with pytest.raises(np.exceptions.AxisError):
        np.cumsum(a, axis=2)
    with pytest.raises(np.exceptions.AxisError):
        pyrite.njit(lambda a: np.cumsum(a, axis=2))(a)


@pytest.mark.parametrize("array", sorted(ARRAYS))
def test_amax_amin(array):
    a = ARRAYS[array]
    f = pyrite.njit(lambda a: (np.amax(a), np.amin(a), np.amax(a, axis=0), np.amin(a, 0)))
    for g, w in zip(f(a), (np.amax(a), np.amin(a), np.amax(a, axis=0), np.amin(a, 0))):
        check(g, w)


@pytest.mark.parametrize("array", sorted(ARRAYS) + ["complex"])
def test_item(array):
    a = ARRAYS.get(array, np.array([[1 + 2j, 3j]]))
    one = a.ravel()[2:3].reshape((1,) * a.ndim) if a.size > 2 else a.ravel()[:1]
    f = pyrite.njit(lambda a: a.item())
    got, want = f(one), one.item()
    assert got == want and type(got) is type(want)
    g = pyrite.njit(lambda a, i: a.item(i))
    for i in (0, 1, -1, -a.size):
        got, want = g(a, i), a.item(i)
        assert got == want and type(got) is type(want)
    for bad in (a.size, -a.size - 1):
        with pytest.raises(IndexError, match="out of bounds"):
            a.item(bad)
        with pytest.raises(IndexError, match="out of bounds"):
            g(a, bad)
    with pytest.raises(ValueError, match="can only convert an array of size 1"):
        a.item()
    with pytest.raises(ValueError, match="can only convert an array of size 1"):
        f(a)


def test_item_of_uint64_keeps_its_value():
    a = np.array([2**64 - 1, 7], dtype=np.uint64)
    assert pyrite.njit(lambda a: a.item(0))(a) == a.item(0) == 2**64 - 1
    assert pyrite.njit(lambda a: a[:1].item())(a) == 2**64 - 1
