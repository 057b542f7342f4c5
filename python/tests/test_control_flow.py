"""Control flow against CPython running the same function."""
import math

import pytest
from hypothesis import given, settings, strategies as st

from pyrite import njit

from conftest import assert_same, numba_jit

SETTINGS = settings(max_examples=100, deadline=None)


def check(fn, *args):
    assert_same(njit(fn)(*args), fn(*args))


# --- if / elif / else ------------------------------------------------------------

def classify(x):
    if x < 0:
        r = -1
    elif x == 0:
        r = 0
    elif x < 10:
        r = 1
    elif x < 100:
        r = 2
    else:
        r = 3
    return r


def if_without_else(x):
    r = 5
    if x > 2:
        r = 7
    return r


def truthiness(x):
    if x:
        return 1
    return 0


def nested_if(a, b):
    if a > 0:
        if b > 0:
            return 1
        else:
            return 2
    else:
        if b > 0:
            return 3
    return 4


@pytest.mark.parametrize("x", [-5, -1, 0, 1, 9, 10, 99, 100, 1000, -0.5, 0.0, 9.99, 99.5,
                               math.inf, -math.inf, math.nan])
def test_if_elif_else(x):
    check(classify, x)
    check(if_without_else, x)


@pytest.mark.parametrize("x", [0, 1, -1, 0.0, -0.0, 0.5, math.nan, math.inf, True, False])
def test_truthiness_of_numbers(x):
    check(truthiness, x)


@pytest.mark.parametrize("a", [-1, 0, 1])
@pytest.mark.parametrize("b", [-1, 0, 1])
def test_nested_if(a, b):
    check(nested_if, a, b)


# --- while ------------------------------------------------------------------------

def collatz_steps(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def while_break_continue(n):
    i = 0
    total = 0
    while i < n:
        i += 1
        if i % 3 == 0:
            continue
        if total > 100:
            break
        total += i
    return total, i


def while_true_break(n):
    k = 0
    while True:
        k += 1
        if k * k > n:
            break
    return k


def while_else(n):
    i = 0
    while i < n:
        if i == 7:
            break
        i += 1
    else:
        i = -1
    return i


def while_float_condition(x):
    steps = 0
    while x > 1.0:
        x /= 3.0
        steps += 1
    return steps, x


@pytest.mark.parametrize("n", [1, 2, 3, 7, 27, 97, 871, 2**20 + 1])
def test_while_collatz(n):
    check(collatz_steps, n)


@pytest.mark.parametrize("n", [0, 1, 2, 5, 10, 30, 1000])
def test_while_break_continue(n):
    check(while_break_continue, n)
    check(while_true_break, n)
    check(while_else, n)


@pytest.mark.parametrize("x", [0.5, 1.0, 2.0, 1e10, 1e300, math.inf * 0 + 5.5])
def test_while_float_condition(x):
    check(while_float_condition, x)


# --- for over range ------------------------------------------------------------------

def range1(n):
    s = 0
    for i in range(n):
        s = (s * 3 + i) % 1000003
    return s


def range2(a, b):
    s = 0
    c = 0
    for i in range(a, b):
        s = s * 3 + i
        c += 1
    return s, c


def range3(a, b, step):
    s = 0
    c = 0
    for i in range(a, b, step):
        s = (s * 7 + i % 1009) % 1000003
        c += 1
    return s, c


def range_last_value(a, b, step):
    last = -12345
    for i in range(a, b, step):
        last = i
    return last


def loop_variable_after_loop(n):
    for i in range(n):
        pass
    return i


@pytest.mark.parametrize("n", [-3, 0, 1, 2, 10, 100])
def test_range_one_arg(n):
    check(range1, n)


@pytest.mark.parametrize("a,b", [(0, 5), (3, 10), (-5, 5), (5, 3), (7, 7), (-10, -3)])
def test_range_two_args(a, b):
    check(range2, a, b)


RANGE3 = [(0, 10, 1), (0, 10, 3), (0, 10, 7), (10, 0, -1), (10, 0, -3), (10, -10, -4),
          (-1, -20, -5), (0, 10, -1), (10, 0, 1), (5, 5, -2), (0, 1, 100), (3, 2, -100),
          (-2**62, 2**62, 2**61), (2**62, -2**62, -2**61)]


@pytest.mark.parametrize("a,b,step", RANGE3)
def test_range_three_args_and_negative_steps(a, b, step):
    check(range3, a, b, step)
    check(range_last_value, a, b, step)


@SETTINGS
@given(a=st.integers(-50, 50), b=st.integers(-50, 50),
       step=st.integers(-9, 9).filter(lambda v: v != 0))
def test_range_hypothesis(a, b, step):
    assert_same(_range3(a, b, step), range3(a, b, step))


_range3 = njit(range3)


@pytest.mark.parametrize("n", [1, 5])
def test_loop_variable_survives_the_loop(n):
    check(loop_variable_after_loop, n)


def range_bool_and_int32(n, flag):
    s = 0
    for i in range(flag, n):
        s += i
    return s


def test_range_accepts_bool_and_int32():
    import numpy as np
    check(range_bool_and_int32, np.int32(10), True)
    check(range_bool_and_int32, 7, False)


def range_zero_step(n):
    s = 0
    for i in range(0, n, 0):
        s += i
    return s


def test_range_zero_step_raises_valueerror_like_python():
    with pytest.raises(ValueError) as python_exc:
        range_zero_step(5)
    with pytest.raises(ValueError) as pyrite_exc:
        njit(range_zero_step)(5)
    assert str(pyrite_exc.value) == str(python_exc.value)


# --- nested loops, break, continue, early return ----------------------------------------

def nested_loops(n, m):
    total = 0
    for i in range(n):
        for j in range(m):
            if j > i:
                break
            if (i + j) % 3 == 0:
                continue
            total += i * j
    return total


def triple_nested(n):
    count = 0
    for i in range(n):
        for j in range(i, n):
            k = 0
            while k < j:
                if (i ^ j ^ k) & 1:
                    count += 1
                k += 1
    return count


def find_first(n, target):
    for i in range(n):
        for j in range(n):
            if i * j == target:
                return i, j
    return -1, -1


def early_return_in_while(x):
    while x > 0:
        if x % 7 == 0:
            return x
        x -= 1
    return -1


def primes_below(n):
    count = 0
    for k in range(2, n):
        is_prime = True
        d = 2
        while d * d <= k:
            if k % d == 0:
                is_prime = False
                break
            d += 1
        if not is_prime:
            continue
        count += 1
    return count


def for_else(n, stop):
    found = -1
    for i in range(n):
        if i == stop:
            found = i
            break
    else:
        found = -2
    return found


@pytest.mark.parametrize("n,m", [(0, 0), (1, 5), (5, 1), (10, 10), (17, 4)])
def test_nested_loops_break_continue(n, m):
    check(nested_loops, n, m)


@pytest.mark.parametrize("n", [0, 1, 5, 20])
def test_triple_nested(n):
    check(triple_nested, n)


@pytest.mark.parametrize("n,target", [(10, 12), (10, 0), (10, 1000), (5, 16), (0, 3)])
def test_early_return_from_nested_loops(n, target):
    check(find_first, n, target)


@pytest.mark.parametrize("x", [-5, 0, 6, 7, 50, 99])
def test_early_return_in_while(x):
    check(early_return_in_while, x)


@pytest.mark.parametrize("n", [0, 2, 3, 100, 1000])
def test_primes(n):
    check(primes_below, n)


@pytest.mark.parametrize("n,stop", [(10, 3), (10, 20), (0, 0)])
def test_for_else(n, stop):
    check(for_else, n, stop)


# --- ternary and short-circuit ------------------------------------------------------------

def ternary(a, b):
    return a if a > b else b


def nested_ternary(x):
    return -1 if x < 0 else (0 if x == 0 else 1)


def ternary_mixed(x):
    return 1 if x > 0 else 0.5


def guarded_division(a, b):
    # Without short-circuiting, b == 0 would raise ZeroDivisionError.
    return b != 0 and a // b > 1


def guarded_or(a, b):
    return b == 0 or a % b == 0


def value_or(a, b):
    x = a or b
    y = a and b
    return x, y


def value_chain(a, b, c):
    return a and b or c


def and_or_in_condition(a, b, c):
    if a > 0 and (b > 0 or c > 0) and not (a == b):
        return 1
    return 0


@pytest.mark.parametrize("a,b", [(1, 2), (2, 1), (3, 3), (-1.5, 2.0), (2.0, -1.5)])
def test_ternary(a, b):
    check(ternary, a, b)


@pytest.mark.parametrize("x", [-3, 0, 3, -0.5, 0.0, 0.5])
def test_nested_ternary(x):
    check(nested_ternary, x)


@pytest.mark.parametrize("x", [1, 0, -1])
def test_ternary_int_float_unifies_like_numba(x):
    got = njit(ternary_mixed)(x)
    assert got == ternary_mixed(x)
    assert_same(got, numba_jit(ternary_mixed)(x))


@pytest.mark.parametrize("a,b", [(10, 0), (10, 3), (10, 7), (-10, 0), (0, 0)])
def test_short_circuit_avoids_evaluation(a, b):
    check(guarded_division, a, b)
    check(guarded_or, a, b)


@pytest.mark.parametrize("a,b", [(0, 0), (0, 5), (3, 0), (3, 5), (0.0, 1.5), (2.5, 0.0),
                                 (True, False), (False, True)])
def test_and_or_produce_operand_values(a, b):
    check(value_or, a, b)


@pytest.mark.parametrize("a,b,c", [(0, 1, 2), (1, 0, 2), (1, 2, 3), (0, 0, 0), (4, 0, 0)])
def test_and_or_chain(a, b, c):
    check(value_chain, a, b, c)


@pytest.mark.parametrize("a", [-1, 0, 1, 2])
@pytest.mark.parametrize("b", [-1, 1, 2])
@pytest.mark.parametrize("c", [-1, 1])
def test_and_or_not_in_conditions(a, b, c):
    check(and_or_in_condition, a, b, c)


# --- functions without a return value -----------------------------------------------

def no_return(x):
    y = x + 1


def return_none_explicitly(x):
    if x > 0:
        return None
    return


@pytest.mark.parametrize("x", [1, -1])
def test_none_results(x):
    assert njit(no_return)(x) is None
    assert njit(return_none_explicitly)(x) is None


def many_locals(n):
    a = b = c = 0
    x, y = 1, 2
    for i in range(n):
        a, b = b + i, a - i
        x, y = y, x + y
        c += a * b
    return a, b, c, x, y


@pytest.mark.parametrize("n", [0, 1, 2, 10, 40])
def test_tuple_assignment_and_swap(n):
    check(many_locals, n)


def loop_over_a_variable_that_becomes_a_view(a, k):
    x = a
    t = 0.0
    for _ in range(k):
        for v in x:
            t += v
        x = a[::2]
    return t


def test_iterator_over_a_widening_variable():
    """The iterator kept across the loop is typed over the array's final
    (any-layout) type, not refused as two iterator types."""
    import numpy as np
    a = np.arange(6.0)
    assert njit(loop_over_a_variable_that_becomes_a_view)(a, 3) == \
        loop_over_a_variable_that_becomes_a_view(a, 3)


# --- variables read before they are bound: UnboundLocalError, as CPython ----------------

def _bound_on_one_path(n):
    if n > 10:
        k = n * 2
    return k


def _loop_variable_after_an_empty_loop(n):
    for i in range(n):
        pass
    return i


def _deleted(n):
    x = n
    del x
    return x


def _captured_before_bound(n):
    if n > 10:
        s = "big"
    f = lambda: s + "!"  # noqa: E731
    return f()


@pytest.mark.parametrize("fn,bound,unbound", [
    (_bound_on_one_path, 11, 3),
    (_loop_variable_after_an_empty_loop, 3, 0),
    (_deleted, None, 1),
])
def test_unbound_local_raises_as_cpython(fn, bound, unbound):
    jitted = njit(fn)
    if bound is not None:
        assert jitted(bound) == fn(bound)
    with pytest.raises(UnboundLocalError) as want:
        fn(unbound)
    with pytest.raises(UnboundLocalError) as got:
        jitted(unbound)
    assert str(got.value) == str(want.value)


def test_closure_of_a_variable_that_may_be_unbound_is_refused():
    # CPython fails only if the closure runs (NameError); pyrite captures
    # values when the closure is made, so it refuses when compiling.
    from pyrite.errors import TypingError
    with pytest.raises(TypingError, match="may not be assigned yet"):
        njit(_captured_before_bound)(20)
