"""Operators on tuples (pyrite/_library/operators.py, reached through the
core's fallback to `operator` overloads) against CPython: ==, !=, <, <=, >,
>= lexicographically, + as concatenation and `in`, on homogeneous,
heterogeneous, nested and empty tuples, and array shapes."""
import math

import numpy as np
import pytest

from pyrite import njit
from pyrite.errors import TypingError


def _same(got, want):
    if isinstance(want, np.generic):  # NumPy scalars come back as Python numbers (Numba)
        want = want.item()
    assert type(got) is type(want), (got, want)
    if isinstance(want, tuple):
        assert len(got) == len(want), (got, want)
        for g, w in zip(got, want):
            _same(g, w)
    elif isinstance(want, float) and math.isnan(want):
        assert math.isnan(got)
    else:
        assert got == want, (got, want)


def _compare(f, *args):
    _same(njit(f)(*args), f(*args))


def lt(a, b): return a < b
def le(a, b): return a <= b
def gt(a, b): return a > b
def ge(a, b): return a >= b
def eq(a, b): return a == b
def ne(a, b): return a != b


PAIRS = [
    ((1, 2), (1, 2)), ((1, 2), (1, 3)), ((1, 3), (1, 2)), ((1, 2), (1, 2, 0)),
    ((1, 2, 0), (1, 2)), ((), ()), ((), (0,)), ((0,), ()),
    ((1, 2.5), (1, 2.5)), ((1, 2.5), (1.0, 3)), ((2, 0.5), (1, 9.0)),
    ((1, True), (1, False)), ((-1, 2), (-1.0, 2.0)),
    ((1.0, float("nan")), (1.0, float("nan"))), ((float("nan"), 1), (float("nan"), 2)),
    (((1, 2), 3), ((1, 2), 3)), (((1, 2), 3), ((1, 3), 0)), (((1, 2), 3), ((1, 2), 4)),
    ((1, (2, 3.5)), (1, (2, 3.5))),
]


@pytest.mark.parametrize("op", [lt, le, gt, ge, eq, ne])
@pytest.mark.parametrize("a, b", PAIRS)
def test_comparison(op, a, b):
    _compare(op, a, b)


def shape_is(a):
    return a.shape == (0, 2), a.shape != (3, 4), a.shape < (3, 5), a.shape >= (3,)


@pytest.mark.parametrize("shape", [(0, 2), (3, 4), (2, 9)])
def test_shape_comparisons(shape):
    _compare(shape_is, np.zeros(shape))


def add(a, b):
    return a + b


@pytest.mark.parametrize("a, b", [((1, 2), (3,)), ((), ()), ((1,), ()), ((), (2.5, 1)),
                                  ((1, 2.5), (True, (4, 5))), (((1, 2),), ((3.5,),))])
def test_concatenation(a, b):
    _compare(add, a, b)


def add_shape(a, n):
    return a.shape + (n,)


def test_concatenation_with_a_shape():
    _compare(add_shape, np.zeros((2, 3)), 7)


def contains(x, t):
    return x in t, x not in t


@pytest.mark.parametrize("x, t", [((1, 2), ((1, 2), (3, 4))), ((1, 5), ((1, 2), (3, 4))),
                                  ((1, 2.0), ((1, 2), (3.5, 4))), (1, (1, 2.5, True)),
                                  ((1,), ())])
def test_contains(x, t):
    _compare(contains, x, t)


def compare_in_loop(n):
    best = (0, 0)
    for i in range(n):
        cand = (i % 7, -i)
        if cand > best:
            best = cand
    return best


def test_comparison_in_a_loop():
    _compare(compare_in_loop, 50)


def tuple_vs_number(t):
    return t < 1


def test_tuple_against_a_number_is_a_typing_error():
    with pytest.raises(TypingError, match=r"unsupported comparison .*< int64"):
        njit(tuple_vs_number)((1, 2))


# --- global tuples, frozen at compile time (as Numba does), and tuple defaults ------

SHAPE = (2, 3)
COEFFS = (1.0, -2.5, 0.5)
NESTED = ((1, 2), (3.5, True), None)
BIG = (2**63 + 5, -1)


def zeros_of_global_shape():
    return np.zeros(SHAPE).shape


def horner(x):
    s = 0.0
    for c in COEFFS:
        s = s * x + c
    return s


def nested_global():
    return NESTED[1][0] + NESTED[0][1], NESTED[0], NESTED[2] is None


def uint64_in_global():
    return BIG


def tuple_defaults(shape=(2, 2), scale=1.5):
    return np.ones(shape).sum() * scale


@pytest.mark.parametrize("f, args", [
    (zeros_of_global_shape, ()), (horner, (2.0,)), (nested_global, ()),
    (uint64_in_global, ()), (tuple_defaults, ()), (tuple_defaults, ((3, 1),)),
    (tuple_defaults, ((1, 4), 2.0)),
])
def test_global_tuples_and_tuple_defaults(f, args):
    _compare(f, *args)


UNSUPPORTED_GLOBAL = (1, [2])


def uses_tuple_with_a_list():
    return UNSUPPORTED_GLOBAL[0]


def test_a_global_tuple_of_other_values_is_refused_by_name():
    with pytest.raises(TypingError, match="global 'UNSUPPORTED_GLOBAL'"):
        njit(uses_tuple_with_a_list)()


# --- slicing by constants ------------------------------------------------------------------

@pytest.mark.parametrize("case", ["t[1:3]", "t[::-1]", "t[1:]", "t[:-2]", "t[::2]", "t[5:]",
                                  "t[-10:2]", "t[3:1:-1]", "t[:]", "u[1:]", "u[::-2]"])
def test_tuple_slice_by_constants(case):
    ns = {}
    exec(f"def f(t, x):\n    u = (1, 2.5, 'a', x)\n    return {case}\n", ns)
    f = ns["f"]
    assert njit(f)((1, 2, 3, 4), 7) == f((1, 2, 3, 4), 7)


def test_tuple_slice_by_run_time_bounds_is_refused():
    def f(t, k):
        return t[:k]
    with pytest.raises(TypingError, match="sliced by constants only"):
        njit(f)((1, 2, 3), 2)


# --- displays of more than 30 items ---------------------------------------------------
# CPython builds them with BUILD_LIST 0 and one LIST_APPEND per item (then
# LIST_TO_TUPLE for a tuple): still literals, typed by their items.

def _large(name, body):
    namespace = {"np": np}
    exec(f"def {name}(a):\n    return {body}\n", namespace)
    return namespace[name]


LARGE_DISPLAYS = [
    _large("tuple_of_sums", "(" + ", ".join(f"a + {i}" for i in range(31)) + ")"),
    _large("mixed_tuple", "(" + ", ".join(f"a + {i}" if i % 2 else str(i) for i in range(35)) + ")"),
    _large("list_of_products", "[" + ", ".join(f"a * {i}" for i in range(40)) + "]"),
    _large("array_table", "np.array([" + ", ".join(f"a * {i}" for i in range(48)) +
           "]).reshape(6, 8).sum(axis=0)"),
    _large("max_of_many", "max(" + ", ".join(f"a * {i - 16}" for i in range(33)) + ")"),
    _large("list_then_append", "[" + ", ".join(f"a - {i}" for i in range(32)) +
           "] + [a]"),
]


@pytest.mark.parametrize("fn", LARGE_DISPLAYS, ids=lambda f: f.__name__)
def test_displays_of_more_than_30_items(fn):
    got, want = njit(fn)(3.0), fn(3.0)
    if isinstance(want, np.ndarray):
        np.testing.assert_array_equal(got, want)
    else:
        assert got == want and type(got) is type(want)
