"""heapq on lists (pyrite/_library/heaps.py) against CPython's heapq run on
the same inputs: the heap's order after each operation, what pops, and the
exceptions."""
import heapq

import numpy as np
import pytest

from pyrite import njit

RNG = np.random.default_rng(3)


def outcome(fn, *args):
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - the comparison is the test
        return type(e)


def check(fn, *args):
    assert outcome(njit(fn), *args) == outcome(fn, *args)


def push_all_then_pop(xs):
    h = []
    for x in xs:
        heapq.heappush(h, x)
    pushed = list(h)
    out = []
    while len(h) > 0:
        out.append(heapq.heappop(h))
    return pushed, out


def heapify_replace_pushpop(xs, y):
    h = list(xs)
    heapq.heapify(h)
    first = list(h)
    r = heapq.heapreplace(h, y)
    p = heapq.heappushpop(h, y - 3)
    return first, r, p, h


def extremes(xs, n):
    return heapq.nsmallest(n, xs), heapq.nlargest(n, xs)


SEQUENCES = [[5.0, 1.0, 4.0, 1.5, 9.0, 2.0, 7.0], [3.0], [2.0, 2.0, 1.0, 2.0],
             list(RNG.random(40)), [float(v) for v in RNG.integers(-5, 5, 30)]]


@pytest.mark.parametrize("xs", SEQUENCES)
def test_heaps_match_cpython(xs):
    check(push_all_then_pop, xs)
    check(heapify_replace_pushpop, xs, 0.5)
    for n in (0, 1, 3, len(xs), len(xs) + 2, -1):
        check(extremes, xs, n)


def test_integer_and_tuple_heaps():
    ints = [int(v) for v in RNG.integers(-100, 100, 25)]
    check(push_all_then_pop, ints)
    pairs = [(int(a), int(b)) for a, b in RNG.integers(0, 4, (20, 2))]
    check(push_all_then_pop, pairs)


def test_empty_heaps_raise_as_cpython():
    def pop_empty(xs):
        h = list(xs)
        h.clear()
        return heapq.heappop(h)

    def replace_empty(xs):
        h = list(xs)
        h.clear()
        return heapq.heapreplace(h, 1.0)

    check(pop_empty, [1.0])
    check(replace_empty, [1.0])


def test_nsmallest_of_an_array():
    a = RNG.random(12)
    assert njit(lambda a: heapq.nsmallest(4, a))(a) == heapq.nsmallest(4, list(a))
