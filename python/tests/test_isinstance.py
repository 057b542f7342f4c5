"""isinstance decided from the types at compile time, and branches on values
known at compile time pruned before they are typed (Numba's dead-branch
pruning): a branch for another type need not type-check. Compared with
CPython, and with Numba where CPython's classes and pyrite's types differ
(np.float32 values are floats to `isinstance(x, float)`, as in Numba)."""
import math

import numpy as np
import pytest

from pyrite import njit


def kinds(x):
    return (isinstance(x, int), isinstance(x, float), isinstance(x, bool),
            isinstance(x, (int, float)), isinstance(x, (bool,)), not isinstance(x, float))


@pytest.mark.parametrize("x", [1, 2.5, True, -7, 0.0])
def test_isinstance_of_python_classes(x):
    assert njit(kinds)(x) == kinds(x)


def numpy_kinds(x):
    return isinstance(x, np.float32), isinstance(x, np.float64), isinstance(x, np.int64)


@pytest.mark.parametrize("x", [np.float32(1.5), np.float64(2.0), np.int64(3)])
def test_isinstance_of_numpy_scalar_types(x):
    assert njit(numpy_kinds)(x) == numpy_kinds(x)


def test_float32_is_a_float_as_in_numba():
    assert njit(kinds)(np.float32(1.5))[1] is True


def half(x):
    if isinstance(x, float):
        return x * 0.5
    return x // 2  # an int stays an int: the float branch is pruned


@pytest.mark.parametrize("x", [5, 5.0, -3, 7.5])
def test_each_type_keeps_its_own_result_type(x):
    got, want = njit(half)(x), half(x)
    assert got == want and type(got) is type(want)


def size_of(x):
    if isinstance(x, float):
        return math.sqrt(x)  # would not type for an array
    return float(x.sum())


def test_the_branch_for_another_type_is_not_typed():
    a = np.arange(4.0)
    assert njit(size_of)(a) == size_of(a)
    assert njit(size_of)(16.0) == 4.0


def none_local(flag):
    x = None
    if x is None:  # x is only ever None: decided at compile time
        return 1
    return x + 1   # never typed (None + 1 does not type)


def test_a_test_of_a_value_typed_none_is_pruned():
    assert njit(none_local)(True) == 1


def first_negative(a):
    found = None
    for i in range(a.size):
        if a[i] < 0 and found is None:  # None at first, an int later: a run-time test
            found = i
    if found is None:
        return -1
    return found * 10


@pytest.mark.parametrize("a", [np.array([1, -2, -3]), np.array([1, 2])])
def test_a_test_that_becomes_a_run_time_test_as_types_widen(a):
    assert njit(first_negative)(a) == first_negative(a)


# --- variables holding values of several types (review findings) --------------------

def isinstance_of_optional(c):
    x = None
    if c:
        x = 5
    return isinstance(x, int)


def isinstance_of_widened(n):
    x = 0
    r = 0
    for _ in range(n):
        if isinstance(x, int):
            r = 1
        x = x + 0.5
    return r


@pytest.mark.parametrize("f", [isinstance_of_optional, isinstance_of_widened])
def test_isinstance_of_a_variable_of_several_types_is_refused(f):
    from pyrite.errors import TypingError
    with pytest.raises(TypingError, match="holds values of different types"):
        njit(f)(1)


def test_str_and_list_classes():
    def f(x):
        return isinstance(x, str), isinstance(x, list), isinstance(x, (str, float)), \
            isinstance(x, (list, int))
    for v in ("a", [1], [1.5], np.zeros(2), (1, 2), 3, 2.5, True):
        assert njit(f)(v) == f(v), v


def _by_ndim(ndim):
    def first(a):
        if ndim == 2:
            return a[0, 0]
        return a[0]
    return first


def first_by_attribute(a):
    if a.ndim >= 2:
        return a[0, 0]
    if 3 < a.ndim:
        return a[0, 0, 0]
    return a[0]


@pytest.mark.parametrize("a", [np.arange(3.0), np.ones((2, 2)) * 4])
def test_comparison_of_constants_is_pruned(a):
    """`if ndim == 2:` on a closure constant or `a.ndim`: the side not taken
    need not type-check (a[0, 0] of a 1-d array), as in Numba."""
    assert njit(_by_ndim(a.ndim))(a) == _by_ndim(a.ndim)(a)
    assert njit(first_by_attribute)(a) == first_by_attribute(a)
