"""Generators compiled as LLVM coroutines, against CPython on the same
inputs: generator functions (`yield` in loops, branches, several yields,
early returns), consumed by for loops (with break), enumerate/zip, list(),
sum(), min()/max(), any()/all(), sorted(), other generators; generator
expressions over ranges, arrays, lists and strings with conditions, nested
loops and captured variables; exceptions raised inside a generator; and
that abandoned generators release what they hold."""
import numpy as np
import pytest

from pyrite import njit
from pyrite.errors import TypingError


def _check(f, *args):
    want = f(*args)
    got = njit(f)(*args)
    if isinstance(want, np.generic):
        want = want.item()
    assert type(got) is type(want) and got == want, (got, want)


@njit
def squares(n):
    for i in range(n):
        yield i * i


@njit
def evens_then_odds(n):
    for i in range(0, n, 2):
        yield i
    for i in range(1, n, 2):
        yield i


@njit
def collatz(n):
    while n != 1:
        yield n
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
    yield 1


@njit
def until_negative(xs):
    for x in xs:
        if x < 0:
            return
        yield x


@njit
def windows(a, k):
    for i in range(len(a) - k + 1):
        yield a[i:i + k]


@njit
def words(text):
    for w in text.split():
        yield w.upper()


@njit
def pairs(n):
    for i in range(n):
        yield i, i * 0.5


@njit
def doubled(gen_source_n):
    for v in squares(gen_source_n):  # a generator consuming another
        yield v * 2


@njit
def failing(n):
    for i in range(n):
        if i == 3:
            raise ValueError("three is too many")
        yield i


# --- generator functions -----------------------------------------------------------------

def test_for_loop_over_a_generator():
    def f(n):
        s = 0
        for v in squares(n):
            s += v
        return s
    assert njit(f)(10) == sum(i * i for i in range(10))


def test_several_yield_points_and_a_while_loop():
    def f(n):
        return list(evens_then_odds(n)), list(collatz(n))
    assert njit(f)(7) == ([0, 2, 4, 6, 1, 3, 5],
                          [7, 22, 11, 34, 17, 52, 26, 13, 40, 20, 10, 5, 16, 8, 4, 2, 1])


def test_early_return_ends_the_generator():
    def f(xs):
        return list(until_negative(xs))
    assert njit(f)([3, 1, 4, -1, 5]) == [3, 1, 4]
    assert njit(f)([2]) == [2]


def test_break_out_of_a_generator_loop():
    def f(n):
        out = 0
        for v in squares(n):
            if v > 30:
                break
            out += v
        return out
    assert njit(f)(100) == 0 + 1 + 4 + 9 + 16 + 25


def test_generator_of_array_views_and_strings():
    def f(a, text):
        total = 0.0
        for w in windows(a, 3):
            total += w.sum()
        return total, list(words(text))
    a = np.arange(6.0)
    assert njit(f)(a, "to be or") == (sum(a[i:i + 3].sum() for i in range(4)),
                                       ["TO", "BE", "OR"])


def test_generator_of_tuples_with_enumerate_and_zip():
    def f(n):
        s = 0.0
        for k, (i, h) in enumerate(pairs(n)):
            s += k * i + h
        for a, b in zip(squares(n), pairs(n)):
            s += a - b[1]
        return s
    n = 6
    want = sum(k * i + i * 0.5 for k, i in enumerate(range(n))) + \
        sum(i * i - i * 0.5 for i in range(n))
    assert njit(f)(n) == want


def test_generator_consuming_a_generator():
    def f(n):
        return list(doubled(n))
    assert njit(f)(5) == [0, 2, 8, 18, 32]


def test_one_generator_shared_by_two_loops():
    def f(n):
        g = squares(n)
        first = []
        for v in g:
            first.append(v)
            if v >= 4:
                break
        rest = []
        for v in g:  # goes on where the first loop stopped
            rest.append(v)
        return first, rest
    assert njit(f)(6) == ([0, 1, 4], [9, 16, 25])


def test_exception_inside_a_generator_reaches_the_caller():
    def f(n):
        s = 0
        for v in failing(n):
            s += v
        return s
    assert njit(f)(3) == 3
    with pytest.raises(ValueError, match="three is too many"):
        njit(f)(10)


def test_bare_yield_gives_none():
    @njit
    def ticks(n):
        for _ in range(n):
            yield

    def f(n):
        c = 0
        for v in ticks(n):
            if v is None:
                c += 1
        return c
    assert njit(f)(4) == 4


# --- generator expressions ---------------------------------------------------------------

def test_sum_of_a_generator_expression():
    def f(a, k):
        return sum(x * k for x in a), sum(i for i in range(20) if i % 3 == 0)
    _check(f, np.arange(5.0), 2.0)


def test_generator_expressions_in_builtins():
    def f(n, xs):
        return (list(i * i for i in range(n)), any(v > 3 for v in xs), all(v >= 0 for v in xs),
                max(v % 4 for v in range(n)), min((v for v in xs), key=lambda v: abs(v - 2)),
                sorted(-i for i in range(n)), max((i for i in range(0)), default=-1))
    _check(f, 7, [1, 5, 3])


def test_nested_loops_and_conditions_in_a_generator_expression():
    def f(n):
        return sum(x * y for x in range(n) for y in range(x) if (x + y) % 2)
    _check(f, 8)


def test_generator_expression_over_a_string_and_a_list():
    def f(s, words):
        return sum(1 for c in s if c in "aeiou"), "-".join(list(w[::-1] for w in words))
    _check(f, "generator expressions", ["ab", "cd"])


def test_generator_expression_in_a_for_loop():
    def f(a):
        out = 0.0
        for v in (x * x for x in a if x > 1):
            out += v
        return out
    _check(f, np.arange(5.0))


# --- memory, refusals --------------------------------------------------------------------

def test_abandoned_generators_release_what_they_hold(live_allocations):
    @njit
    def arrays(n):
        for i in range(n):
            yield np.full(3, float(i))

    @njit
    def f(n):
        s = 0.0
        for a in arrays(n):
            if a[0] > 2:
                break  # the generator is destroyed at a yield
            s += a.sum()
        g = arrays(n)  # made, never run
        return s + sum(a.sum() for a in arrays(2))
    assert f(10) == 3 * (0 + 1 + 2) + 3.0
    before = live_allocations()
    for _ in range(20):
        f(10)
    assert live_allocations() == before


def test_generator_returned_to_python_is_refused():
    with pytest.raises(TypingError, match="generators run inside compiled code"):
        squares(3)


def test_yields_of_types_that_do_not_unify_are_refused():
    @njit
    def mixed(n):
        yield n
        yield "text"

    def f(n):
        return list(mixed(n))
    with pytest.raises(TypingError, match="yield"):
        njit(f)(1)


def test_return_with_a_value_in_a_generator_is_refused():
    @njit
    def g(n):
        yield n
        return 5

    def f(n):
        return list(g(n))
    with pytest.raises(TypingError, match="StopIteration"):
        njit(f)(1)
