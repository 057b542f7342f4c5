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
