"""Float-to-integer conversions and allocation sizes are defined for every
input: int()/math.floor/round raise as CPython does for NaN, infinities and
values past int64; array casts give NumPy's x86-64 results (no LLVM poison);
sizes that overflow raise NumPy's ValueError instead of allocating too little."""
import math

import numpy as np
import pytest

import pyrite


def to_int(x):
    return int(x)


def floor(x):
    return math.floor(x)


def ceil(x):
    return math.ceil(x)


def rounded(x):
    return round(x)


def _outcome(fn, *args):
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - the class is compared
        return type(e)


@pytest.mark.parametrize("fn", [to_int, floor, ceil, rounded])
@pytest.mark.parametrize("x", [math.nan, math.inf, -math.inf, 3.7, -2.5, 0.5, 1.5, -0.0,
                               9.2e18, -9.2e18])
def test_scalar_float_to_int_as_cpython(fn, x):
    assert _outcome(pyrite.njit(fn), x) == _outcome(fn, x)


@pytest.mark.parametrize("x", [1e19, 1e300, -1e300])
def test_values_past_int64_raise_overflow_error(x):
    # CPython makes a larger int; pyrite's int is int64, so it refuses.
    with pytest.raises(OverflowError):
        pyrite.njit(to_int)(x)


def as_int64(v):
    return v.astype(np.int64)


def as_int32(v):
    return v.astype(np.int32)


@pytest.mark.parametrize("fn,dtype", [(as_int64, np.int64), (as_int32, np.int32)])
def test_array_casts_of_nan_and_out_of_range_as_numpy_on_x86(fn, dtype):
    a = np.array([np.nan, np.inf, -np.inf, -1.0, 1e19, 3.7, -3.7])
    with np.errstate(invalid="ignore"):
        want = a.astype(dtype)
    np.testing.assert_array_equal(pyrite.njit(fn)(a), want)


def zeros(n):
    return np.zeros(n)


def arange3(a, b, s):
    return np.arange(a, b, s)


def reshape(a, n, m):
    return a.reshape(n, m)


@pytest.mark.parametrize("fn,args", [
    (zeros, (2**62,)),
    (zeros, (2**61 + 1,)),
    (arange3, (-2**63, 2**63 - 1, 1)),
    (arange3, (0.0, np.inf, 1.0)),
    (reshape, (np.zeros(0), 2**32, 2**32)),
])
def test_sizes_that_overflow_raise_value_error(fn, args):
    with pytest.raises(ValueError):
        pyrite.njit(fn)(*args)


@pytest.mark.parametrize("args", [(0, 10, 3), (10, 0, -3), (-2**63, -2**63 + 5, 2),
                                  (2**63 - 4, 2**63 - 1, 1), (5, 5, 1)])
def test_arange_near_the_limits(args):
    np.testing.assert_array_equal(pyrite.njit(arange3)(*args), np.arange(*args))
