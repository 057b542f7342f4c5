"""`for x in literal_unroll(t)` (Numba's loop over a heterogeneous tuple):
the body compiled once per item, `x` of that item's type. Each function is
run by CPython (literal_unroll is the identity there) and compiled."""
import numpy as np
import pytest

import pyrite
from pyrite import literal_unroll, njit
from pyrite.errors import NumbaError


def same(fn, *args):
    want = fn(*args)
    got = njit(fn)(*args)
    if isinstance(want, float):
        assert got == pytest.approx(want)
    else:
        assert got == want
    return got


def text_lengths(t):
    n = 0
    for x in literal_unroll(t):
        n += len(str(x))
    return n


@pytest.mark.parametrize("t", [(1, "ab", 2.5, True), ("only",), (7, 8, 9), (1.5, "x", 3)])
def test_each_item_with_its_own_type(t):
    same(text_lengths, t)


def by_kind(t):
    out = 0.0
    for x in literal_unroll(t):
        if isinstance(x, str):
            out += len(x)
            continue
        if isinstance(x, bool):
            out += 100
            continue
        out += x
    return out


def test_continue_goes_to_the_next_item():
    same(by_kind, (1, "abc", 2.5, True, "z"))


def first_float(t):
    for x in literal_unroll(t):
        if isinstance(x, float):
            return x
    return -1.0


@pytest.mark.parametrize("t", [(1, 2.5, "s", 4.5), (1, "s")])
def test_return_from_inside_an_item(t):
    same(first_float, t)


def until_str(t):
    n = 0
    for x in literal_unroll(t):
        if isinstance(x, str):
            break
        n += x
    else:
        n = -n
    return n


@pytest.mark.parametrize("t", [(1, 2, "stop", 3), (1, 2, 3)])
def test_break_and_else(t):
    same(until_str, t)


def local_tuple(n):
    t = (n, "abc", np.arange(3.0), 2.5)
    total = 0.0
    for x in literal_unroll(t):
        if isinstance(x, str):
            total += len(x)
        elif isinstance(x, float):
            total += x
        elif isinstance(x, int):
            total += x * 10
        else:
            total += x.sum()
    return total


def test_a_tuple_made_in_the_function():
    same(local_tuple, 4)


def inside_a_loop(m, t):
    s = 0
    for i in range(m):
        for x in literal_unroll(t):
            s += i * (len(x) if isinstance(x, str) else x)
    return s


def test_inside_another_loop():
    same(inside_a_loop, 3, (1, "ab", 3))


def arrays_of_dtypes(t):
    total = 0.0
    for a in literal_unroll(t):
        total += a.sum() * a.itemsize
    return total


def test_arrays_of_several_dtypes():
    t = (np.arange(4, dtype=np.int32), np.arange(3.0), np.ones(2, np.float32))
    same(arrays_of_dtypes, t)


def with_handler(t):
    bad = 0
    for x in literal_unroll(t):
        try:
            if isinstance(x, str):
                raise ValueError(x)
        except ValueError:
            bad += 1
    return bad


def test_try_inside_the_unrolled_body():
    same(with_handler, (1, "a", 2.0, "b"))


def homogeneous(seq):
    s = 0
    for x in literal_unroll(seq):
        s += x
    return s


@pytest.mark.parametrize("seq", [(1, 2, 3), [4, 5, 6]])
def test_a_homogeneous_tuple_or_a_list_walks_as_it_is(seq):
    same(homogeneous, seq)


def twice(t):
    a = 0
    for x in literal_unroll(t):
        a += len(str(x))
    for y in literal_unroll(t):
        a += 1
    return a


def test_two_unrolled_loops():
    same(twice, (1, "xy", 2.5))


GLOBAL_ITEMS = (1, "two", 3.0)


def over_a_global():
    n = 0
    for x in literal_unroll(GLOBAL_ITEMS):
        n += len(str(x))
    return n


def test_a_global_tuple_is_frozen_and_unrolled():
    same(over_a_global)


def grown_tuple(n):
    t = (1,)
    t = t + ("x",)  # assigned twice: its size is known only to the typer
    s = 0
    for x in literal_unroll(t):
        s += 1
    return s


def test_a_tuple_of_unknown_size_is_refused_with_the_reason():
    with pytest.raises(NumbaError, match="literal_unroll.. could not unroll this loop"):
        njit(grown_tuple)(1)


def inside_try(t):
    s = 0.0
    try:
        for x in literal_unroll(t):
            s += 10 / x
    except ZeroDivisionError:
        s += 1000
    return s


@pytest.mark.parametrize("t", [(1, 0, 2.0), (1, 2.0, 4)])
def test_a_loop_that_ends_a_try_body(t):
    same(inside_try, t)


def returns_first(t):
    for x in literal_unroll(t):
        return len(str(x))
    return -1


@pytest.mark.parametrize("t", [(3, "a"), ("abc", 1)])
def test_a_body_that_never_goes_back(t):
    same(returns_first, t)


@njit
def user_literal_unroll(t):
    return (t[1], t[0])


def test_only_pyrites_literal_unroll_is_unrolled():
    # a function of the user's that happens to have the name
    src = ("def f(t):\n"
           "    out = 0\n"
           "    for x in literal_unroll(t):\n"
           "        out = out * 10 + x\n"
           "    return out\n")
    scope = {"literal_unroll": user_literal_unroll}
    exec(src, scope)
    f = scope["f"]
    assert njit(f)((1, 2)) == f((1, 2)) == 21


def through_the_module(t):
    n = 0
    for x in pyrite.literal_unroll(t):
        n += len(str(x))
    return n


def test_literal_unroll_as_an_attribute_of_the_module():
    same(through_the_module, (1, "ab", 2.5))


def many_outer(t):
    n = 0
    for x in literal_unroll(t):
        for y in literal_unroll((1, "a")):
            n += len(str(y))
        n += len(str(x))
    return n


def test_nested_unrolled_loops_of_many_items():
    same(many_outer, tuple(range(17)) + ("end",))
