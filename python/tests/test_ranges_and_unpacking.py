"""range objects as values (indexing, attributes, reversed()) and unpacking
lists into variables, against CPython on the same inputs."""
import pytest

from pyrite import njit
from pyrite.errors import TypingError


@pytest.mark.parametrize("args", [(0,), (7,), (1, 11, 3), (10, 0, -3), (-5, 5, 2), (5, 5)])
def test_range_indexing_and_attributes(args):
    def f(a, b, c):
        r = range(a, b, c)
        n = len(r)
        first = r[0] if n else -99
        last = r[-1] if n else -99
        return n, first, last, r.start, r.stop, r.step
    a, b, c = (0, args[0], 1) if len(args) == 1 else (args + (1,))[:3]
    assert njit(f)(a, b, c) == f(a, b, c)


def test_range_index_out_of_range_raises_index_error():
    def f(n, i):
        return range(n)[i]
    with pytest.raises(IndexError, match="range object index out of range"):
        njit(f)(3, 3)
    with pytest.raises(IndexError):
        njit(f)(3, -4)
    assert njit(f)(3, -3) == 0


@pytest.mark.parametrize("args", [(0, 10, 1), (0, 10, 4), (10, 0, -3), (5, 5, 1), (-3, 8, 5)])
def test_reversed_range(args):
    def f(a, b, c):
        return [i for i in reversed(range(a, b, c))]
    assert njit(f)(*args) == f(*args)


def test_unpack_a_list():
    def f(lst, s):
        a, b = lst
        x, y, z = [s + "1", s, "q"]
        return a + b, x + y + z
    assert njit(f)([3, 4], "w") == f([3, 4], "w")


@pytest.mark.parametrize("lst,message", [([1, 2, 3], "too many values to unpack (expected 2)"),
                                         ([1], "not enough values to unpack (expected 2, got 1)")])
def test_unpacking_a_list_of_another_length_raises_value_error(lst, message):
    def f(lst):
        a, b = lst
        return a + b
    with pytest.raises(ValueError) as info:
        njit(f)(lst)
    assert str(info.value) == message


def test_unpack_list_items_that_hold_references(live_allocations):
    @njit
    def f(n):
        words = [str(i) for i in range(n)]
        for _ in range(3):
            a, b = words[:2]
            words.append(a + b)
        return words
    assert f(3) == ["0", "1", "2", "01", "01", "01"]
    before = live_allocations()
    for _ in range(20):
        f(3)
    assert live_allocations() == before


def test_unpacking_a_non_sequence_is_refused():
    def f(x):
        a, b = x
        return a
    with pytest.raises(TypingError, match="cannot unpack"):
        njit(f)(1)


# --- starred unpacking (UNPACK_EX through the library's unpack_star) ---------------------

def _starred(lst, t, s):
    a, *rest = lst
    *init, last = lst
    x, *mid, y = t
    p, *q = s
    g, *h = (i * i for i in range(4))
    u, *v = (1, 2)
    return a, rest, init, last, x, mid, y, p, q, g, h, u, v


def test_starred_unpacking_matches_cpython():
    args = ([1, 2, 3], (1.5, 2.5, 3.5, 4.5), "hey")
    assert njit(_starred)(*args) == _starred(*args)


def test_starred_unpacking_in_a_for_loop():
    def f(rows):
        out = []
        for head, *tail in rows:
            out.append(head + sum(tail))
        return out
    rows = ((1, 2, 3), (4, 5, 6))
    assert njit(f)(rows) == f(rows)


def test_starred_unpacking_too_short_raises_as_cpython():
    @njit
    def f(lst):
        a, b, *c = lst
        return c
    with pytest.raises(ValueError, match=r"not enough values to unpack \(expected at least 2, got 1\)"):
        f([1])


def test_starred_unpacking_of_a_short_tuple_is_a_typing_error():
    @njit
    def f(t):
        a, b, *c = t
        return c
    from pyrite.errors import TypingError
    with pytest.raises(TypingError, match="expected at least 2, got 1"):
        f((1,))
