"""range() loops compared with CPython near the integer limits: trip counts
are computed once without overflow, for every step sign and bound type."""
import numpy as np
import pytest

import pyrite

I64_MAX = 2**63 - 1
I64_MIN = -2**63


def walk(start, stop, step):
    n = 0
    first = 0
    last = 0
    for i in range(start, stop, step):
        if n == 0:
            first = i
        last = i
        n += 1
        if n > 100:
            break
    return n, first, last


BOUNDS = [
    (0, I64_MAX, 2**62),            # runs twice; once looped forever
    (I64_MIN, I64_MAX, 2**62),      # runs 4 times
    (I64_MAX, I64_MIN, -2**62),
    (I64_MIN, I64_MAX, I64_MAX),
    (I64_MAX, I64_MIN, I64_MIN),
    (I64_MAX - 3, I64_MAX, 1),
    (I64_MIN + 3, I64_MIN, -1),
    (I64_MIN, I64_MIN + 10, 3),
    (5, 5, 1), (5, 4, 1), (4, 5, -1), (10, -10, -3), (-10, 10, 7),
    (0, 10, -1), (3, -3, -1), (I64_MAX, I64_MAX, -1),
]


@pytest.mark.parametrize("start,stop,step", BOUNDS)
def test_signed_range_near_limits(start, stop, step):
    assert pyrite.njit(walk)(start, stop, step) == walk(start, stop, step)


def count_one(stop):
    n = 0
    for _ in range(stop):
        n += 1
    return n


@pytest.mark.parametrize("stop", [0, 1, 7, -1, -(2**40)])
def test_single_argument_range(stop):
    assert pyrite.njit(count_one)(stop) == count_one(stop)


def walk2(start, stop):
    n = 0
    last = start
    for i in range(start, stop):
        last = i
        n += 1
    return n, last


@pytest.mark.parametrize("start,stop", [(2**63 + 5, 2**63 + 9), (2**64 - 3, 2**64 - 1),
                                        (0, 3), (7, 2)])
def test_uint64_range_above_int64(start, stop):
    got = pyrite.njit(walk2)(np.uint64(start), np.uint64(stop))
    n, last = walk2(start, stop)
    assert got[0] == n
    assert int(got[1]) == last  # no negative numbers


def uint_loop(a, b):
    t = np.uint64(0)
    for i in range(a, b):
        t = i
    return t


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.uint32, np.uint64])
def test_unsigned_bounds_make_an_unsigned_range(dtype):
    assert pyrite.njit(uint_loop)(dtype(3), dtype(9)) == uint_loop(3, 9)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64])
def test_narrow_signed_bounds(dtype):
    lo, hi = np.iinfo(dtype).min, np.iinfo(dtype).max
    f = pyrite.njit(walk)
    assert f(dtype(hi), dtype(lo), dtype(-1)) == walk(int(hi), int(lo), -1)
    assert f(dtype(lo), dtype(hi), dtype(hi)) == walk(int(lo), int(hi), int(hi))


def test_uint64_bound_mixed_with_signed_that_does_not_fit_raises():
    f = pyrite.njit(walk2)
    assert f(0, np.uint64(3)) == walk2(0, 3)
    with pytest.raises(OverflowError):
        f(0, np.uint64(2**63 + 1))


def test_zero_step_raises_value_error():
    with pytest.raises(ValueError, match="must not be zero"):
        pyrite.njit(walk)(0, 10, 0)
