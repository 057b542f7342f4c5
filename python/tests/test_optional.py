"""OptionalType: a variable that is None on some paths and a number on
others, and functions that return None on some paths (an explicit
`return None`, or falling off the end), as Numba types them. Tested at run
time with `is None` / `is not None`; used as its value elsewhere (None there
raises TypeError). Compared with CPython (and with Numba's unification where
int and float results meet: 0 becomes 0.0)."""
import numpy as np
import pytest

from pyrite import njit
from pyrite.errors import TypingError


def find(a, x):
    for i in range(a.size):
        if a[i] == x:
            return i
    return None


def find_implicit(a, x):
    for i in range(a.size):
        if a[i] == x:
            return i


def first_negative(a):
    found = None
    for i in range(a.size):
        if a[i] < 0 and found is None:
            found = i
    if found is None:
        return -1
    return found * 10


def arithmetic_after_test(flag):
    x = None
    if flag:
        x = 3
    if x is not None:
        return x + 1.5
    return 0.0


def truth_of_optional(flag, v):
    x = None
    if flag:
        x = v
    if x:
        return 1
    return 2


def optional_float(v):
    if v > 0:
        return v * 2.0
    if v < 0:
        return None
    return 0.5


def optional_in_tuple(flag):
    x = None
    if flag:
        x = 2.5
    return (x, 1)


def optional_bool(v):
    if v > 0:
        return True
    return None


_find_jit = njit(find)


def caller_tests_result(a, x):
    i = _find_jit(a, x)
    if i is None:
        return -1
    return i + 1


def caller_passes_result_on(a, x):
    return _find_jit(a, x)


A = np.array([3, 1, 2])
CASES = [
    (find, (A, 2)), (find, (A, 5)), (find_implicit, (A, 1)), (find_implicit, (A, 9)),
    (first_negative, (np.array([1, -2, -3]),)), (first_negative, (np.array([1, 2]),)),
    (arithmetic_after_test, (True,)), (arithmetic_after_test, (False,)),
    (truth_of_optional, (True, 0)), (truth_of_optional, (True, 3)),
    (truth_of_optional, (False, 3)), (optional_float, (2.0,)), (optional_float, (-1.0,)),
    (optional_float, (0.0,)), (optional_in_tuple, (True,)), (optional_in_tuple, (False,)),
    (optional_bool, (1,)), (optional_bool, (-1,)), (caller_tests_result, (A, 2)),
    (caller_tests_result, (A, 7)), (caller_passes_result_on, (A, 1)),
    (caller_passes_result_on, (A, 7)),
]


@pytest.mark.parametrize("f, args", CASES,
                         ids=[f"{f.__name__}-{k}" for k, (f, _) in enumerate(CASES)])
def test_optional_matches_cpython(f, args):
    want, got = f(*args), njit(f)(*args)
    assert got == want and type(got) is type(want), (got, want)


def test_return_type_is_optional():
    f = njit(find)
    f(A, 1)
    assert "OptionalType(int64)" in str(f.nopython_signatures[0])


def use_as_value(flag):
    x = None
    if flag:
        x = 3
    return x * 2


def test_none_used_as_a_value_raises_type_error():
    f = njit(use_as_value)
    assert f(True) == 6
    with pytest.raises(TypeError, match="expected int64, got None"):
        f(False)


def optional_array(flag, n):
    x = None
    if flag:
        x = np.zeros(n)
    return x


def test_optional_array():
    for flag in (True, False):
        got, want = njit(optional_array)(flag, 2), optional_array(flag, 2)
        assert (got is None and want is None) or np.array_equal(got, want)


def optional_str(flag):
    s = None
    if flag:
        s = "héllo"
    if s is None:
        return "none"
    return s.upper() + s[1:]


def optional_list(flag):
    x = None
    if flag:
        x = [1, 2]
    return x


def optional_array_used(flag, n):
    a = None
    if flag:
        a = np.zeros(n)
    if a is not None:
        a[0] = 5.0
        return a.sum() + len(a) + a.shape[0]
    return -1.0


def last_match(words, w):
    found = None
    for x in words:
        if x == w:
            found = x
    return found


@pytest.mark.parametrize("f, args", [(optional_str, (True,)), (optional_str, (False,)),
                                     (optional_list, (True,)), (optional_list, (False,)),
                                     (optional_array_used, (True, 3)),
                                     (optional_array_used, (False, 3)),
                                     (last_match, (["a", "b"], "b")),
                                     (last_match, (["a", "b"], "z"))])
def test_optional_references_match_cpython(f, args, live_allocations):
    assert njit(f)(*args) == f(*args)
    before = live_allocations()
    for _ in range(5):
        njit(f)(*args)
    assert live_allocations() == before


def test_none_used_as_a_str_is_a_type_error():
    def f(flag):
        s = None
        if flag:
            s = "x"
        return len(s)
    assert njit(f)(True) == 1
    with pytest.raises(TypeError):
        njit(f)(False)


# --- an OptionalType passed on to another @jit function (review finding) -------------

@njit
def _is_set(x):
    if x is not None:
        return 1
    return 0


def passes_optional(c):
    y = None
    if c:
        y = 5
    return _is_set(y)


@pytest.mark.parametrize("c", [True, False])
def test_an_optional_argument_is_tested_at_run_time(c):
    assert njit(passes_optional)(c) == passes_optional(c)


def optional_tuple(flag, s):
    t = None
    if flag:
        t = (s, 2.5, [1])
    if t is None:
        return "none"
    return t[0] + str(t[1]) + str(len(t[2]))


def maybe_pair(flag):
    if flag:
        return (1, "a")


@pytest.mark.parametrize("f, args", [(optional_tuple, (True, "x")), (optional_tuple, (False, "x")),
                                     (maybe_pair, (True,)), (maybe_pair, (False,))])
def test_optional_tuples(f, args):
    assert njit(f)(*args) == f(*args)
