"""`del` of list items and slices, slice assignment, any()/all() over lists, strings and
ranges, and min()/max() with key= and default= over lists, strings and
arrays: compiled against CPython on the same inputs."""
import itertools

import numpy as np
import pytest

from pyrite import njit
from pyrite.errors import TypingError


def _same(f, *args):
    want = f(*[a.copy() if isinstance(a, list) else a for a in args])
    got = njit(f)(*[a.copy() if isinstance(a, list) else a for a in args])
    if isinstance(want, np.generic):
        want = want.item()
    assert type(got) is type(want) and got == want, (got, want)


# --- del ---------------------------------------------------------------------------------

def _del_item(lst, i):
    del lst[i]
    return lst


@pytest.mark.parametrize("i", [0, 2, 4, -1, -5])
def test_del_item(i):
    _same(_del_item, [10, 20, 30, 40, 50], i)


def test_del_item_out_of_range_raises_index_error():
    with pytest.raises(IndexError, match="list assignment index out of range"):
        njit(_del_item)([1, 2], 2)
    with pytest.raises(IndexError):
        njit(_del_item)([1, 2], -3)


def test_del_item_of_an_argument_is_seen_by_the_caller():
    lst = [1, 2, 3]
    njit(_del_item)(lst, 1)
    assert lst == [1, 3]


def _del_slice(lst, a, b, c):
    del lst[a:b:c]
    return lst


_BOUNDS = [None, 0, 1, 3, -2, 7, -9]
_STEPS = [None, 1, 2, 3, -1, -2]


@pytest.mark.parametrize("a,b,c", [t for t in itertools.product(_BOUNDS, _BOUNDS, _STEPS)])
def test_del_slice_of_every_kind(a, b, c):
    _same(_del_slice, list(range(7)), a, b, c)


def test_del_slice_of_strings_keeps_the_others_alive(live_allocations):
    @njit
    def f(n):
        words = [str(i) * 3 for i in range(n)]
        del words[1::3]
        del words[:1]
        return words
    assert f(10) == (lambda w: (w.__delitem__(slice(1, None, 3)), w.__delitem__(slice(None, 1)),
                                w)[2])([str(i) * 3 for i in range(10)])
    before = live_allocations()
    for _ in range(20):
        f(10)
    assert live_allocations() == before


def test_del_constant_slices_and_items():
    def f(n):
        x = list(range(n))
        del x[0]
        del x[-1]
        del x[1:3]
        del x[::2]
        return x
    _same(f, 12)


def test_del_slice_with_zero_step_raises_value_error():
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        njit(_del_slice)([1, 2, 3], None, None, 0)


def test_del_of_an_array_item_is_refused():
    def f(a):
        del a[0]
        return a
    with pytest.raises(TypingError, match="delitem"):
        njit(f)(np.arange(3))


# --- slice assignment -------------------------------------------------------------------

def _set_slice(lst, a, b, c, items):
    lst[a:b:c] = items
    return lst


_set_slice_jit = njit(_set_slice)  # one dispatcher: each signature compiles once


@pytest.mark.parametrize("a,b,c", [t for t in itertools.product(_BOUNDS, _BOUNDS, _STEPS)])
@pytest.mark.parametrize("items", [[9], [7, 8, 9], [4, 4, 4]])
def test_slice_assignment_of_every_kind(a, b, c, items):
    def run(fn):
        try:
            return fn(list(range(7)), a, b, c, list(items))
        except ValueError as e:
            return "ValueError: " + str(e)
    assert run(_set_slice_jit) == run(_set_slice)


def test_slice_assignment_from_tuples_ranges_generators_and_itself():
    def f(n):
        x = list(range(n))
        x[1:3] = (50, 60, 70)
        x[:0] = x
        x[-2:] = range(3)
        x[::3] = [i * 0 for i in x[::3]]
        x[1:1] = (i * i for i in range(2))
        return x
    _same(f, 6)


def test_slice_assignment_of_strings_releases_the_replaced(live_allocations):
    @njit
    def f(n):
        words = [str(i) for i in range(n)]
        words[1:4] = ["x", "y"]
        words[::2] = ["e"] * len(words[::2])
        return words
    want = [str(i) for i in range(8)]
    want[1:4] = ["x", "y"]
    want[::2] = ["e"] * len(want[::2])
    assert f(8) == want
    before = live_allocations()
    for _ in range(20):
        f(8)
    assert live_allocations() == before


def test_slice_assignment_of_a_non_iterable_is_refused():
    def f(x):
        x[1:2] = 5
        return x
    with pytest.raises(TypingError, match="slice of list"):
        njit(f)([1, 2, 3])


# --- any, all ----------------------------------------------------------------------------

def test_any_all_over_lists():
    def f(n):
        xs = [i > 2 for i in range(n)]
        return any(xs), all(xs), any([0.0, 0.0]), all([1, 2])
    _same(f, 5)
    _same(f, 1)


def test_any_all_over_strings_ranges_and_lists_of_str():
    def f(s, n):
        return (any(s), all(s), any(range(n)), all(range(1, n)), any(["", s]),
                all([s, ""]))
    _same(f, "ab", 3)
    _same(f, "", 0)


# --- min, max ----------------------------------------------------------------------------

def test_min_max_with_default():
    def f(n):
        xs = [i * 3 % 7 for i in range(n)]
        return max(xs, default=-1), min(xs, default=-1)
    _same(f, 6)
    _same(f, 0)


def test_min_max_with_key_and_default():
    def f(n):
        xs = [i - 3 for i in range(n)]
        return (max(xs, key=lambda v: v * v, default=100),
                min(xs, key=lambda v: -abs(v), default=100))
    _same(f, 7)
    _same(f, 0)


def test_min_max_of_strings_and_arrays():
    def f(s, a):
        return max(s), min(s), max(a), min(a, key=lambda v: abs(v - 2.2))
    _same(f, "pyrite", np.array([1.0, 3.0, 2.0]))


def test_first_of_equal_keys_wins():
    def f(words):
        return max(words, key=len), min(words, key=len)
    _same(f, ["aa", "bb", "c", "dd", "e"])


def test_max_of_an_empty_list_raises_value_error():
    def f(n):
        xs = [i for i in range(n)]
        return max(xs)
    with pytest.raises(ValueError, match="empty"):
        njit(f)(0)
