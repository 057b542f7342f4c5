"""Reductions accumulate in NumPy's dtypes: sum and cumsum widen booleans and
narrow integers to int64 (uint64 when unsigned), keep 64-bit integers and
floats; mean sums integers in float64. Results and their dtypes are compared
with NumPy on values that overflow a narrower or a signed accumulator."""
import numpy as np
import pytest

import pyrite

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32,
          np.int64, np.uint64, np.float32, np.float64]


def data(dtype):
    if dtype is np.bool_:
        return np.array([True, True, False, True] * 50)
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return np.array([info.max, info.max - 1, 5, info.max // 3] * 20, dtype=dtype)
    return np.linspace(-3.0, 700.0, 40).astype(dtype)


def method_sum(a):
    return a.sum()


def np_sum(a):
    return np.sum(a)


def builtin_sum(a):
    return sum(a)


def method_cumsum(a):
    return a.cumsum()


def np_cumsum(a):
    return np.cumsum(a)


def method_mean(a):
    return a.mean()


def np_mean(a):
    return np.mean(a)


def check(got, want):
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    if want.dtype.kind == "f":
        np.testing.assert_allclose(got, want, rtol=1e-6 if want.dtype == np.float32 else 1e-12)
    else:
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("fn", [method_sum, np_sum, method_cumsum, np_cumsum, method_mean,
                                np_mean])
def test_whole_array(fn, dtype):
    a = data(dtype)
    got = pyrite.njit(fn)(a)
    want = fn(a)
    if fn in (method_sum, np_sum, method_mean, np_mean):
        # pyrite returns Python scalars as Numba does: compare the dtype it
        # was computed in through the NumPy scalar NumPy returns.
        got = want.dtype.type(got)
    check(got, want)


def test_uint64_sum_of_large_values_is_not_negative():
    a = np.array([2**63, 5], dtype=np.uint64)
    assert pyrite.njit(method_sum)(a) == 2**63 + 5
    check(pyrite.njit(method_cumsum)(a), a.cumsum())
    assert pyrite.njit(method_mean)(a) == a.mean()


@pytest.mark.parametrize("dtype", [np.bool_, np.uint8, np.int16, np.uint32, np.int64])
def test_builtin_sum_of_an_array(dtype):
    a = data(dtype)
    assert pyrite.njit(builtin_sum)(a) == np.sum(a)


def axis_sum(a, k):
    return a.sum(axis=k)


def axis_mean(a, k):
    return np.mean(a, axis=k)


@pytest.mark.parametrize("dtype", [np.bool_, np.uint8, np.int32, np.uint64, np.float32])
@pytest.mark.parametrize("fn", [axis_sum, axis_mean])
def test_along_an_axis(fn, dtype):
    a = data(dtype)[:40].reshape(8, 5)
    for k in (0, 1, -1):
        check(pyrite.njit(fn)(a, k), fn(a, k))
