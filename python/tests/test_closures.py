"""Inner functions, closures and lambdas against CPython on the same inputs:
defined and called in place, capturing numbers, arrays, strings and lists,
with defaults and keyword arguments, passed to other compiled functions and
to the library (`sort(key=lambda ...)`), nested, made in loops; and the
programs whose Python meaning a closure holding values cannot keep
(a variable assigned again after the closure that reads it, `nonlocal`,
recursive inner functions, returning a closure) refused with a reason."""
import numpy as np
import pytest

from pyrite import njit
from pyrite.errors import TypingError, UnsupportedError


def _check(f, *args):
    want = f(*args)
    got = njit(f)(*args)
    if isinstance(want, np.generic):  # a NumPy scalar comes back as a Python one
        want = want.item()
    if isinstance(want, np.ndarray):
        np.testing.assert_array_equal(got, want)
    else:
        assert type(got) is type(want) and got == want, (got, want)


@njit
def _apply(g, x):
    return g(x)


@njit
def _apply_twice(g, x):
    return g(g(x))


# --- defined and called in place --------------------------------------------------------

def test_inner_function_capturing_a_local():
    def f(n):
        k = n * 2

        def inner(x):
            return x + k
        return inner(1) + inner(10)
    _check(f, 5)


def test_lambda_without_captures():
    def f(n):
        sq = lambda x: x * x  # noqa: E731
        return sq(n) + sq(3)
    _check(f, 7)


def test_lambda_capturing_an_argument():
    def f(a, b):
        g = lambda x: a * x + b  # noqa: E731
        return g(2.0) + g(3.0)
    _check(f, 1.5, -2.0)


def test_closure_over_an_array():
    def f(a):
        def total(scale):
            s = 0.0
            for v in a:
                s += v * scale
            return s
        return total(1.0) + total(0.5)
    _check(f, np.arange(10.0))


def test_closure_over_a_string():
    def f(s):
        def shout(t):
            return (s + t).upper()
        return shout("!") + shout("?")
    _check(f, "hey")


def test_closure_over_a_list_sees_its_changes():
    def f(n):
        items = [0]
        add = lambda v: items.append(v)  # noqa: E731
        for i in range(n):
            add(i)
        return items
    _check(f, 4)


def test_closure_over_several_variables_of_mixed_types():
    def f(n, x):
        a = n + 1
        b = x / 2
        c = "ab" * n

        def g(i):
            return a * i + b + len(c)
        return g(3)
    _check(f, 2, 5.0)


def test_inner_function_with_several_returns_and_a_loop():
    def f(n):
        limit = n

        def first_square_above(x):
            for i in range(100):
                if i * i > x and i < limit:
                    return i
            return -1
        return first_square_above(10) * 100 + first_square_above(1000)
    _check(f, 50)


def test_inner_function_calls_a_global_compiled_function():
    @njit
    def helper(x):
        return x * 3

    def f(n):
        g = lambda v: helper(v) + n  # noqa: E731
        return g(2)
    _check(f, 4)


def test_closure_made_again_in_each_iteration():
    def f(n):
        s = 0
        for i in range(n):
            g = lambda x: x * i  # noqa: E731
            s += g(2)
        return s
    _check(f, 6)


def test_closure_made_in_a_branch():
    def f(n):
        if n > 3:
            g = lambda x: x + n  # noqa: E731
            return g(1)
        return 0
    _check(f, 5)
    _check(f, 1)


def test_closure_result_types_are_inferred_per_call():
    def f(n):
        twice = lambda x: x + x  # noqa: E731
        return twice(n), twice(1.5), twice("ab")
    _check(f, 4)


# --- defaults and keywords ---------------------------------------------------------------

def test_lambda_with_a_constant_default():
    def f(n):
        g = lambda x, y=10: x + y  # noqa: E731
        return g(n) + g(n, 1)
    _check(f, 3)


def test_default_captures_the_value_when_made():
    def f(n):
        out = 0
        k = n
        g = lambda x, k=k: x * k  # noqa: E731
        k = 100
        out = g(2) + k
        return out
    _check(f, 3)


def test_inner_function_called_with_keywords():
    def f(n):
        def g(a, b, c=1):
            return a * 100 + b * 10 + c
        return g(b=2, a=n) + g(1, c=5, b=0)
    _check(f, 3)


def test_inner_function_with_star_args():
    def f(n):
        def count(*xs):
            return len(xs) * n
        return count(1, 2, 3) + count()
    _check(f, 2)


# --- passed on -----------------------------------------------------------------------------

def test_closure_passed_to_a_compiled_function():
    def f(n):
        k = n + 1
        return _apply(lambda x: x * k, 3) + _apply_twice(lambda x: x + k, 1)
    k = 5
    assert njit(f)(4) == 3 * k + (1 + k + k)


def test_inner_function_passed_to_a_compiled_function():
    def f(a):
        m = a.mean()

        def centred(i):
            return a[i] - m
        return _apply(centred, 0) + _apply(centred, 2)
    a = np.array([1.0, 5.0, 9.0])
    assert njit(f)(a) == (1.0 - 5.0) + (9.0 - 5.0)


def test_sort_with_a_key_lambda():
    def f(xs):
        xs.sort(key=lambda v: -v)
        return xs
    _check(f, [3, 1, 4, 1, 5, 9, 2, 6])


def test_sorted_with_a_key_closure():
    def f(xs, pivot):
        return sorted(xs, key=lambda v: abs(v - pivot))
    _check(f, [10.0, 1.0, 7.5, 3.0, 5.0], 6.0)


def test_sorted_strings_by_length_then_text():
    def f(words):
        return sorted(words, key=lambda w: (len(w), w))
    _check(f, ["pear", "fig", "apple", "kiwi", "date"])


def test_min_and_max_with_key_lambdas():
    def f(xs):
        return min(xs, key=lambda v: (v - 3) ** 2), max(xs, key=lambda v: v % 5)
    _check(f, [1, 8, 4, 12, 6])


def test_lambda_in_a_list_comprehension():
    def f(n):
        k = 3
        g = lambda x: x * k  # noqa: E731
        return [g(i) for i in range(n)]
    _check(f, 5)


def test_lambda_made_inside_a_list_comprehension():
    def f(n):
        return [(lambda y: y * 2)(i) for i in range(n)]
    _check(f, 4)


# --- nested ----------------------------------------------------------------------------

def test_closure_inside_a_closure():
    def f(n):
        a = n

        def outer_fn(b):
            def innermost(c):
                return a * 100 + b * 10 + c
            return innermost(1) + innermost(2)
        return outer_fn(3)
    _check(f, 4)


def test_closure_returning_a_tuple_and_an_array():
    def f(a):
        scale = 2.0

        def stats(x):
            return x * scale, x.sum() * scale
        arr, total = stats(a)
        return arr.sum() + total
    _check(f, np.arange(4.0))


def test_closure_holding_an_array_releases_it(live_allocations):
    @njit
    def f(n):
        a = np.ones(n)
        g = lambda i: a[i] * 2.0  # noqa: E731
        s = 0.0
        for i in range(n):
            s += g(i)
        return s
    f(10)
    before = live_allocations()
    for _ in range(50):
        assert f(100) == 200.0
    assert live_allocations() == before


# --- refused, with reasons ---------------------------------------------------------------

def _refused(f, args, cls, *words):
    with pytest.raises(cls) as info:
        njit(f)(*args)
    text = str(info.value)
    for w in words:
        assert w in text, text


def test_variable_assigned_after_the_closure_is_made_is_refused():
    def f(n):
        k = 1
        g = lambda x: x + k  # noqa: E731
        k = n
        return g(0)
    assert f(5) == 5  # Python reads k when g runs
    _refused(f, (5,), TypingError, "'g' holds a closure", "'k'", "assigned again")


def test_variable_changed_by_a_loop_after_the_closure_is_refused():
    def f(n):
        i = 0
        g = lambda: i * 2  # noqa: E731
        s = 0
        for i in range(n):
            s += g()
        return s
    _refused(f, (3,), TypingError, "'i'", "assigned again")


@njit
def _gen_map(f, n):
    for i in range(n):
        yield f(i)


@pytest.mark.parametrize("body", [
    "t = (g, 1)\n    k = 5\n    return t[0](2)",                      # in a tuple
    "h = lambda x: g(x) + 1\n    k = 5\n    return h(2)",             # captured by a closure
    "lst = [g]\n    k = 3\n    return lst[0](2)",                     # in a list literal
    "lst = [g]\n    k = 7\n    return [f(1) for f in lst]",           # walked in a comprehension
    "t = (g,)\n    k = 7\n    return _apply(*t, 3)",                   # spread into a call
    "it = (g(x) for x in range(n))\n    k = 3\n    return list(it)",  # a generator holding it
    "it = _gen_map(g, n)\n    k = 50\n    return list(it)",          # given to a generator
])
def test_closures_reached_other_ways_are_refused_too(body):
    ns = {"_apply": _apply, "_gen_map": _gen_map}
    exec("def f(n):\n    k = 1\n    g = lambda x: x * k\n    " + body + "\n", ns)
    with pytest.raises(TypingError, match="assigned again"):
        njit(ns["f"])(4)


def test_generator_expression_read_while_its_variable_changes_is_refused():
    def f(n):
        k = 1
        g = (x + k for x in range(n))
        s = 0
        for v in g:
            s += v
            k += 10
        return s
    with pytest.raises(TypingError, match="assigned again"):
        njit(f)(4)


def test_results_of_calls_with_closures_are_not_closures():
    def f(n):
        k = 2
        r = sorted([3, 1, 2], key=lambda v: -v * k)
        y = _apply(lambda x: x + k, n)
        k = 10
        return r, y, k
    assert njit(f)(4) == ([3, 2, 1], 6, 10)


def test_nonlocal_is_refused():
    def f(n):
        total = 0

        def add(v):
            nonlocal total
            total += v
        add(n)
        return total
    _refused(f, (3,), UnsupportedError, "nonlocal", "'total'")


def test_recursive_inner_function_is_refused():
    def f(n):
        def fact(k):
            return 1 if k <= 1 else k * fact(k - 1)
        return fact(n)
    _refused(f, (5,), UnsupportedError, "calls itself")


def test_returning_a_closure_is_refused():
    def f(n):
        return lambda x: x + n
    _refused(f, (1,), TypingError, "cannot return the inner function")


def test_returning_a_lambda_without_captures_is_refused():
    def f(n):
        return lambda x: x + 1
    _refused(f, (1,), TypingError, "cannot return")


def test_missing_argument_of_an_inner_function():
    def f(n):
        def g(a, b):
            return a + b
        return g(n)
    _refused(f, (1,), TypingError, "missing argument 'b'")
