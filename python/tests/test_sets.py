"""Sets in compiled code (pyrite/_library/sets.py: a dict's table whose
values are all True): each case runs the same function under CPython and
compares. Sets have no order, so results that walk one are sorted."""
import random

import pytest

from pyrite import njit, typeof, types
from pyrite.errors import TypingError


def same(fn, *args):
    import copy
    expected = fn(*copy.deepcopy(args))
    got = njit(fn)(*copy.deepcopy(args))
    assert got == expected, (got, expected)
    return got


def test_display_and_len():
    def f(x):
        s = {1, 2, x, 2}
        return len(s), sorted(s)
    same(f, 7)
    same(f, 1)


def test_constant_display_and_membership():
    def f(x):
        s = {3, 4, 5}
        return x in s, x not in s, x in {1, 2, 3}, len(s)
    same(f, 3)
    same(f, 9)


def test_set_builtin_and_add():
    def f(n):
        s = set()
        for i in range(n):
            s.add(i % 4)
        return sorted(s)
    same(f, 10)


def test_set_of_iterables():
    def f(lst, text):
        return sorted(set(lst)), sorted(set(text)), sorted(set(range(3))), sorted(set((1, 1, 2)))
    same(f, [3, 1, 3, 2], "hello")


def test_comprehension():
    def f(n):
        return sorted({i * i % 7 for i in range(n) if i % 2})
    same(f, 20)


def test_starred_display():
    def f(a, b):
        return sorted({*a, *b}), sorted({0, *a})
    same(f, [1, 2], [2, 3])


def test_operators():
    def f(a, b):
        sa, sb = set(a), set(b)
        return (sorted(sa | sb), sorted(sa & sb), sorted(sa - sb), sorted(sa ^ sb),
                sa == sb, sa != sb, sa <= sb, sa < sb, sa >= sb, sa > sb)
    same(f, [1, 2, 3], [2, 3, 4])
    same(f, [1, 2], [1, 2, 3])
    same(f, [1, 2], [2, 1])


def test_in_place_operators():
    def f(a, b):
        s = set(a)
        s |= set(b)
        t = set(a)
        t &= set(b)
        u = set(a)
        u -= set(b)
        v = set(a)
        v ^= set(b)
        return sorted(s), sorted(t), sorted(u), sorted(v)
    same(f, [1, 2, 3], [3, 4])


def test_methods_with_iterables():
    def f(a, b):
        s = set(a)
        return (sorted(s.union(b)), sorted(s.intersection(b)), sorted(s.difference(b)),
                sorted(s.symmetric_difference(b)), s.isdisjoint(b), s.isdisjoint([99]),
                s.issubset(set(a + b)), s.issuperset(set(b)))
    same(f, [1, 2, 3], [3, 4, 4])


def test_update_methods():
    def f(a, b):
        s = set(a)
        s.update(b)
        t = set(a)
        t.intersection_update(b)
        u = set(a)
        u.difference_update(b)
        v = set(a)
        v.symmetric_difference_update(b)
        return sorted(s), sorted(t), sorted(u), sorted(v)
    same(f, [1, 2, 3], [2, 5])


def test_discard_remove_pop_clear_copy():
    def f():
        s = {1, 2, 3, 4}
        s.discard(1)
        s.discard(10)
        s.remove(2)
        x = s.pop()
        c = s.copy()
        s.clear()
        return x in (3, 4), len(s), len(c)
    same(f)


def test_remove_missing_raises():
    @njit
    def f():
        s = {1}
        s.remove(2)
    with pytest.raises(KeyError):
        f()


def test_pop_empty_raises():
    @njit
    def f():
        s = {1}
        s.pop()
        return s.pop()
    with pytest.raises(KeyError, match="pop from an empty set"):
        f()


def test_iteration_and_changing_size():
    def f():
        total = 0
        for x in {5, 6, 7}:
            total += x
        return total
    same(f)

    @njit
    def grow():
        s = {1}
        for x in s:
            s.add(x + 1)
    with pytest.raises(RuntimeError, match="changed size during iteration"):
        grow()


def test_str_and_tuple_items():
    def f(words):
        seen = set()
        pairs = set()
        for i in range(len(words)):
            seen.add(words[i])
            pairs.add((i % 2, words[i]))
        return sorted(seen), len(pairs), ("a" in seen), ((0, "a") in pairs)
    same(f, ["a", "b", "a", "c"])


def test_float_and_int_items_find_each_other():
    def f():
        s = {1.0, 2.5}
        return 1 in s, True in s, 2 in s
    same(f)


def test_truth_sum_min_max():
    def f(a):
        s = set(a)
        e = set(a)
        e.clear()
        return (1 if s else 0), (1 if e else 0), sum(s), min(s), max(s)
    same(f, [4, 2, 9])


def test_set_argument_written_back():
    @njit
    def f(s):
        s.add(9)
        s.discard(1)
    s = {1, 2}
    f(s)
    assert s == {2, 9}


def test_set_result_and_typeof():
    @njit
    def f(n):
        return {i % 3 for i in range(n)}
    assert f(10) == {0, 1, 2}
    assert typeof({1, 2}) == types.Set(types.int64)
    assert typeof({1, 2.5}) == types.Set(types.float64)
    with pytest.raises(ValueError):
        typeof(set())
    with pytest.raises(ValueError):
        typeof(frozenset({1}))


@pytest.mark.parametrize("seed", range(6))
def test_random_operations_match_cpython(seed):
    rng = random.Random(seed)
    ops = [rng.randrange(4) for _ in range(300)]
    items = [rng.randrange(-30, 30) for _ in range(300)]

    def run(ops, items):
        s = {0}
        out = []
        for k in range(len(ops)):
            if ops[k] == 0:
                s.add(items[k])
            elif ops[k] == 1:
                s.discard(items[k])
            elif ops[k] == 2:
                out.append(1 if items[k] in s else 0)
            else:
                out.append(len(s))
        return out, sorted(s)
    same(run, ops, items)


def test_unhashable_item_is_a_typing_error():
    @njit
    def f(x):
        return {[x]}
    with pytest.raises(TypingError, match="unhashable set item type"):
        f(1)


def test_empty_set_never_added_to_is_a_typing_error():
    @njit
    def f():
        s = set()
        return len(s)
    with pytest.raises(TypingError, match="item type of the empty set in 's'"):
        f()


def test_float_into_int_set_is_a_typing_error():
    @njit
    def f():
        s = {1}
        s.add(2.5)
        return s
    with pytest.raises(TypingError, match="cannot add an item of type float64"):
        f()
