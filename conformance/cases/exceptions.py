"""Exceptions raised by compiled code reach the caller with their class:
ZeroDivisionError from integer and float division, modulo and 0 ** -1,
user `raise` statements and `assert`. The class is compared; messages
follow Numba's wording (e.g. "division by zero") and are only reported.

Numba's semantics where CPython's differ: `0 ** -1` of integers raises
ZeroDivisionError in both, but CPython's `0.0 ** -1.0` raises where Numba
returns inf (see scalar.float_power), so only the integer form is here.
"""
from ..suite import Case


def int_floordiv(a, b):
    return a // b


def int_mod(a, b):
    return a % b


def int_truediv(a, b):
    return a / b


def float_truediv(a, b):
    return a / b


def float_floordiv(a, b):
    return a // b


def float_mod(a, b):
    return a % b


def int_zero_power(a, b):
    return a ** b


def raise_value_error(x):
    if x < 0:
        raise ValueError("negative input")
    return x * 2


def raise_in_loop(n):
    s = 0
    for i in range(n):
        if i == 7:
            raise IndexError("seven")
        s += i
    return s


def assertion(x):
    assert x > 0, "x must be positive"
    return x


def divide_in_loop(a, n):
    s = 0
    for i in range(n):
        s += a // (3 - i)
    return s


def division_guarded(a, b):
    if b == 0:
        return 0
    return a // b


CASES = [
    Case("int_floordiv_by_zero", int_floordiv, "int64(int64, int64)", [(1, 0), (0, 0), (5, 2)],
         tags={"exception", "int"}),
    Case("int_mod_by_zero", int_mod, "int64(int64, int64)", [(1, 0), (-3, 0), (5, 2)],
         tags={"exception", "int"}),
    Case("int_truediv_by_zero", int_truediv, "float64(int64, int64)", [(1, 0), (6, 4)],
         tags={"exception", "int"}),
    Case("float_truediv_by_zero", float_truediv, "float64(float64, float64)",
         [(1.0, 0.0), (0.0, -0.0), (1.0, 4.0)], tags={"exception", "float"}),
    Case("float_floordiv_by_zero", float_floordiv, "float64(float64, float64)",
         [(1.0, 0.0), (7.0, 2.0)], tags={"exception", "float"}),
    Case("float_mod_by_zero", float_mod, "float64(float64, float64)",
         [(1.0, 0.0), (7.0, 2.0)], tags={"exception", "float"}),
    Case("int_zero_to_negative_power", int_zero_power, "int64(int64, int64)",
         [(0, -1), (0, -3), (0, 0), (0, 2)], tags={"exception", "int"}),
    Case("raise_value_error", raise_value_error, "int64(int64)", [(-1,), (4,)],
         tags={"exception"}),
    Case("raise_in_loop", raise_in_loop, "int64(int64)", [(5,), (10,)], tags={"exception"}),
    Case("assertion", assertion, "int64(int64)", [(1,), (0,)], tags={"exception"}),
    Case("divide_in_loop", divide_in_loop, "int64(int64, int64)", [(12, 3), (12, 5)],
         tags={"exception", "loop"}),
    Case("division_guarded", division_guarded, "int64(int64, int64)", [(7, 0), (7, 2)],
         tags={"exception"}),
]
