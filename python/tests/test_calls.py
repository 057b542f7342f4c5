"""Calls between compiled functions, and globals frozen as constants."""
import math

import numpy as np
import pytest

from pyrite import njit

from conftest import assert_same, numba_jit


# --- calling other @njit functions --------------------------------------------------

@njit
def square(x):
    return x * x


@njit
def add3(a, b, c):
    return a + b + c


def sum_of_squares(a, b):
    return square(a) + square(b)


@pytest.mark.parametrize("a,b", [(3, 4), (-2, 5), (1.5, 2.5), (3, 0.5), (True, 2)])
def test_call_njit_function(a, b):
    got = njit(sum_of_squares)(a, b)
    assert_same(got, a * a + b * b)


def mixed_specializations(n, x):
    # One callee used with int64 and float64 arguments from the same caller.
    return square(n) + square(x), square(n)


@pytest.mark.parametrize("n,x", [(3, 0.5), (-7, 2.25)])
def test_callee_specialized_per_argument_types(n, x):
    got = njit(mixed_specializations)(n, x)
    assert_same(got, (n * n + x * x, n * n))


@njit
def c_level(x):
    return x * 2 + 1


@njit
def b_level(x, y):
    return c_level(x) - c_level(y)


@njit
def a_level(x):
    total = 0
    for i in range(x):
        total += b_level(i, x)
    return total


def a_level_py(x):
    total = 0
    for i in range(x):
        total += (i * 2 + 1) - (x * 2 + 1)
    return total


@pytest.mark.parametrize("x", [0, 1, 5, 100])
def test_chain_a_b_c(x):
    assert_same(a_level(x), a_level_py(x))


def test_chain_with_float_arguments():
    assert_same(b_level(2.5, 1), (2.5 * 2 + 1) - (1 * 2 + 1))


@njit
def fill_with(a, value):
    for i in range(a.shape[0]):
        a[i] = value


@njit
def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def allocate_fill_sum(n, value):
    a = np.empty(n)
    fill_with(a, value)
    return total(a), a


def test_callees_take_and_mutate_arrays(live_allocations):
    start = live_allocations()
    s, a = njit(allocate_fill_sum)(10, 2.5)
    assert s == 25.0
    np.testing.assert_array_equal(a, np.full(10, 2.5))
    b = np.zeros(4)
    fill_with(b[::2], 7.0)
    np.testing.assert_array_equal(b, [7.0, 0.0, 7.0, 0.0])
    del a
    assert live_allocations() == start


@njit
def divmod_pair(a, b):
    return a // b, a % b


def use_tuple_result(a, b):
    q, r = divmod_pair(a, b)
    return q * b + r


@pytest.mark.parametrize("a,b", [(17, 5), (-17, 5), (17, -5), (7.5, 2.0), (-7.5, 2.0)])
def test_callee_returning_tuple(a, b):
    assert_same(njit(use_tuple_result)(a, b), a)
    assert_same(njit(use_tuple_result)(a, b), use_tuple_result(a, b))


@njit
def raises_for_negative(x):
    if x < 0:
        raise ValueError("negative input")
    return x


def calls_raiser(x):
    return raises_for_negative(x) + 1


def test_exception_propagates_through_calls():
    f = njit(calls_raiser)
    assert f(3) == 4
    with pytest.raises(ValueError, match="negative input"):
        f(-1)


@njit
def with_default(x, y=10):
    return x * y


def calls_with_default(x):
    return with_default(x) + with_default(x, 2)


def test_callee_default_arguments():
    ref = with_default.py_func
    assert_same(njit(calls_with_default)(3), ref(3) + ref(3, 2))
    assert_same(njit(calls_with_default)(1.5), ref(1.5) + ref(1.5, 2))


def calls_with_keyword(x):
    return with_default(x, y=3) + with_default(y=2, x=x)


def test_callee_keyword_arguments():
    ref = with_default.py_func
    assert_same(njit(calls_with_keyword)(5), ref(5, y=3) + ref(y=2, x=5))


def callee_signatures_recorded(x):
    return square(x)


def test_dispatcher_called_from_python_and_compiled_code_agree():
    assert square(7) == njit(callee_signatures_recorded)(7) == 49
    assert square(1.5) == njit(callee_signatures_recorded)(1.5) == 2.25


# --- globals frozen as constants ------------------------------------------------------

SCALE = 3
OFFSET = 0.25
ENABLED = True
BIG = 2**40
NP_CONST = np.float32(0.5)


def use_globals(x):
    if ENABLED:
        return x * SCALE + OFFSET + BIG
    return 0.0


def use_math_pi(r):
    return 2 * math.pi * r + math.e + np.pi


def test_int_float_bool_globals():
    for x in (0, 1, -3, 2.5):
        assert_same(njit(use_globals)(x), use_globals(x))


def test_math_and_numpy_constants():
    for r in (0.0, 1.0, 3.5):
        assert_same(njit(use_math_pi)(r), use_math_pi(r))


def use_np_scalar_global(x):
    return x * NP_CONST


def test_numpy_scalar_global_matches_numba():
    assert_same(njit(use_np_scalar_global)(3.0), numba_jit(use_np_scalar_global)(3.0))


MUTABLE = 5


def read_mutable(x):
    return x + MUTABLE


def test_globals_are_frozen_at_compile_time():
    """Changing the global after compilation does not change compiled code
    (Numba's semantics); a new dispatcher sees the new value."""
    global MUTABLE
    f = njit(read_mutable)
    g = numba_jit(read_mutable)
    try:
        assert f(1) == g(1) == 6
        MUTABLE = 100
        assert f(1) == g(1) == 6
        assert f(1.5) == g(1.5) == 101.5      # a new specialization reads it anew
        assert njit(read_mutable)(1) == 101
    finally:
        MUTABLE = 5


def uses_later_global(x):
    return defined_later(x) + 1


@njit
def defined_later(x):
    return x * 3


def test_callee_defined_after_caller():
    assert njit(uses_later_global)(4) == 13


def dtype_global(n):
    return np.zeros(n, dtype=DTYPE)


DTYPE = np.int32


def test_dtype_global():
    a = njit(dtype_global)(4)
    assert a.dtype == np.int32 and a.shape == (4,)
