"""Self-recursive functions, typed from their non-recursive return paths."""
import pytest

from pyrite import errors, njit


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


def halves(x):
    if x < 1.0:
        return x
    return halves(x / 2.0) + 1.0


def no_base_case(n):
    return no_base_case(n - 1)


def test_fibonacci():
    jitted = njit(fib)
    globals()["fib"] = jitted  # the recursive call resolves to the dispatcher
    try:
        assert [jitted(n) for n in range(15)] == [fib.py_func(n) for n in range(15)]
    finally:
        globals()["fib"] = jitted.py_func


def test_two_arguments_and_floats():
    for name, fn, args in [("ackermann", ackermann, (2, 3)), ("halves", halves, (37.5,))]:
        jitted = njit(fn)
        globals()[name] = jitted
        try:
            assert jitted(*args) == fn(*args)
        finally:
            globals()[name] = fn


def test_recursion_without_a_base_case_is_a_typing_error():
    jitted = njit(no_base_case)
    globals()["no_base_case"] = jitted
    try:
        with pytest.raises(errors.TypingError, match="recursive call"):
            jitted(3)
    finally:
        globals()["no_base_case"] = jitted.py_func


# --- mutual recursion: a call that reaches a function being typed sees the
# return type it has so far, as a self-recursive call does ---------------------------------

@njit
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


@njit
def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


@njit
def count_x(n):
    if n == 0:
        return 1
    return count_y(n - 1) + 1


@njit
def count_y(n):
    if n == 0:
        return 2
    return count_z(n - 1) * 2


@njit
def count_z(n):
    if n == 0:
        return 3
    return count_x(n - 1) - 1


@njit
def widens_a(n):
    if n <= 0:
        return 1
    return widens_b(n - 1)


@njit
def widens_b(n):
    if n <= 0:
        return 0.5
    return widens_a(n - 1) * 1.5


def test_two_mutually_recursive_functions():
    assert [is_even(n) for n in range(6)] == [n % 2 == 0 for n in range(6)]
    assert is_odd(7) and not is_odd(10)


def test_three_functions_in_a_cycle():
    def x(n):
        return 1 if n == 0 else y(n - 1) + 1

    def y(n):
        return 2 if n == 0 else z(n - 1) * 2

    def z(n):
        return 3 if n == 0 else x(n - 1) - 1
    assert [count_x(n) for n in range(12)] == [x(n) for n in range(12)]
    assert count_y(5) == y(5)


def test_a_cycle_whose_return_types_differ_is_a_typing_error():
    with pytest.raises(errors.TypingError, match="explicit signature|return"):
        widens_a(3)


def test_after_a_failed_cycle_the_other_function_compiles_on_its_own():
    with pytest.raises(errors.TypingError):
        widens_a(3)
    # widens_b was typed inside the failed compile of widens_a; typed again
    # on its own, it sees widens_a's real return type.
    assert widens_b(3) == 2.25


@njit
def even_by_ternary(n):
    return True if n == 0 else odd_by_ternary(n - 1)


@njit
def odd_by_ternary(n):
    return False if n == 0 else even_by_ternary(n - 1)


def test_mutual_recursion_whose_base_case_is_a_ternary():
    # The call to odd_by_ternary is typed before even's other branch gives
    # its return type; it waits a round instead of failing (RecursionPending).
    assert [even_by_ternary(n) for n in range(6)] == [n % 2 == 0 for n in range(6)]
    assert odd_by_ternary(7) is True
