"""Scalar arithmetic with Python's semantics: `//` and `%` round toward
negative infinity, `/` is always true division, `**`, comparisons, bit
operations, and the promotion rules (integers compute at int64 as in Numba,
float32 with float32 stays float32, float32 with an integer or float64 is
float64).

Numba's semantics where CPython's differ (pyrite follows Numba):
- `~b` of a bool is `not b` (CPython: -2 for ~True);
- `int ** negative int` is an int64: 0, or +-1 when the base is +-1
  (CPython gives a float);
- `0.0 ** negative` is inf, `negative ** fractional` is nan, an overflowing
  float `**` is inf (CPython raises ZeroDivisionError or OverflowError, or
  gives a complex number);
- an int64 compared with a float64 is converted to float64 first (CPython
  compares exactly);
- a variable assigned an int and later a float is a float64 everywhere
  (Numba's type unification), so `x = 0` returned untouched is 0.0.
"""
import math

from ..suite import Case

INF, NAN = math.inf, math.nan

INT_PAIRS = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5), (6, 3), (-6, 3), (1, 1),
             (123456789, 1000), (-123456789, 1000), (2**40 + 3, -7), (2**62, 3),
             (-(2**63), 2)]
FLOAT_PAIRS = [(7.5, 2.0), (-7.5, 2.0), (7.5, -2.0), (-7.5, -2.0), (0.1, 0.2), (1e300, 1e-300),
               (-0.0, 1.0), (0.0, -1.0), (5.0, 0.3), (1e-310, 3.0), (INF, 2.0), (2.0, INF),
               (-2.0, INF), (INF, -INF), (NAN, 1.0), (1.0, NAN), (3.0, 1e308)]
FLOAT32_PAIRS = [(7.5, 2.0), (-7.5, 2.0), (0.1, 0.2), (1e30, 1e-30), (-0.0, 1.0),
                 (5.0, 0.3), (1e-40, 3.0), (INF, 2.0), (2.0, -INF), (NAN, 1.0),
                 (3.4e38, 10.0), (16777216.0, 1.0)]
MIXED = [(3, 0.5), (-3, 0.5), (2**53 + 1, 1.0), (7, -2.5), (0, -0.0), (-1, INF)]


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def truediv(a, b):
    return a / b


def floordiv(a, b):
    return a // b


def mod(a, b):
    return a % b


def neg(a):
    return -a


def absolute(a):
    return abs(a)


def divmod_parts(a, b):
    return a // b, a % b


def power(a, b):
    return a ** b


def square(a):
    return a ** 2


def cube_root(a):
    return a ** (1.0 / 3.0)


def compare_all(a, b):
    return a < b, a <= b, a == b, a != b, a > b, a >= b


def chained(a, b, c):
    return a < b < c, a <= b >= c, a == b == c


def bits(a, b):
    return a & b, a | b, a ^ b, ~a


def shifts(a, n):
    return a << n, a >> n


def logic(a, b):
    return (a and b), (a or b), not a


def invert_bool(b):
    return ~b


def invert_bool_numba(b):
    return not b          # Numba (and pyrite): ~True is False; CPython gives -2


def int_power_numba(a, b):
    """Numba's int ** int: an int64 (0 for |base| > 1 and a negative exponent)."""
    if b >= 0:
        return a ** b
    if a == 1:
        return 1
    if a == -1:
        return 1 if b % 2 == 0 else -1
    return 0


def float_power_numba(a, b):
    """CPython's ** where it raises ZeroDivisionError (0.0 ** negative);
    C's pow where CPython overflows (+-inf) or goes complex (negative **
    fractional is nan)."""
    try:
        r = a ** b
    except OverflowError:
        return math.copysign(INF, a) if b == math.floor(b) and int(b) % 2 else INF
    return NAN if isinstance(r, complex) else r


def mixed_compare_numba(a, b):
    """Numba converts the int64 to float64 before comparing (CPython compares
    the exact values: 2**53 + 1 > 2.0**53)."""
    return mixed_compare(float(a), b)


def unify_int_float_numba(n):
    """Numba types x as float64 for the whole function (x = 0 is unified with
    x += 0.5), so even n == 0 returns 0.0 (CPython: the int 0)."""
    return float(unify_int_float(n))


def promote_int32(a, b):
    return a * b + a        # int32 arithmetic is done at int64 (Numba)


def promote_f32_f32(a, b):
    return a * b + a        # float32 stays float32


def promote_f32_int(a, n):
    return a * n            # float32 with int64 -> float64 (NumPy/Numba)


def promote_f32_f64(a, b):
    return a + b            # -> float64


def promote_bool(a, b):
    return a + b, a * 3, a - b


def int_to_float(n):
    return float(n), n / 2, n * 0.5


def float_to_int(x):
    return int(x)


def rounding(x):
    return round(x), math.floor(x), math.ceil(x), math.trunc(x)


def minmax(a, b, c):
    return min(a, b), max(a, b), min(a, b, c), max(c, b, a)


def augmented(a, b):
    x = a
    x += b
    x *= 3
    x -= a
    x //= 2
    x %= 1000003
    return x


def float_augmented(a, b):
    x = a
    x += b
    x *= 1.5
    x /= 3.0
    x -= b
    x **= 2
    return x


def to_bool(x):
    return bool(x)


def mixed_compare(a, b):
    return a < b, a == b, a > b


def unify_int_float(n):
    x = 0
    for i in range(n):
        x += 0.5
    return x


def ternary(a):
    return a if a > 0 else -a * 2


def polynomial(x):
    return ((3.5 * x - 2.25) * x + 1.125) * x - 0.0625


def hypot_by_hand(a, b):
    return (a * a + b * b) ** 0.5


CASES = [
    Case("int_add", add, "int64(int64, int64)", INT_PAIRS, tags={"int"}),
    Case("int_sub", sub, "int64(int64, int64)", INT_PAIRS[:-1], tags={"int"}),
    Case("int_mul", mul, "int64(int64, int64)", INT_PAIRS[:10], tags={"int"}),
    Case("int_truediv", truediv, "float64(int64, int64)", INT_PAIRS, tags={"int"}),
    Case("int_floordiv", floordiv, "int64(int64, int64)", INT_PAIRS, tags={"int"}),
    Case("int_mod", mod, "int64(int64, int64)", INT_PAIRS, tags={"int"}),
    Case("int_divmod", divmod_parts, "(int64, int64)", INT_PAIRS, tags={"int"}),
    Case("int_neg_abs", absolute, "int64(int64)", [(5,), (-5,), (0,), (-(2**62),)],
         tags={"int"}),
    Case("int_neg", neg, "int64(int64)", [(5,), (-5,), (0,), (2**63 - 1,)], tags={"int"}),
    Case("int_power", power, "int64(int64, int64)",
         [(a, b) for a in (0, 1, -1, 2, -2, 3, 10) for b in (0, 1, 2, 3, 7, 18)], tags={"int"}),
    Case("int_power_negative_exponent", power, "int64(int64, int64)",
         [(2, -1), (1, -1), (-1, -1), (-1, -2), (-2, -1), (3, -2), (1, -7), (-1, -7)],
         expect=int_power_numba, tags={"int", "numba-semantics"}),
    Case("int_compare", compare_all, "(int64, int64)",
         [(1, 2), (2, 1), (3, 3), (-5, 5), (-(2**63), 2**63 - 1)], tags={"int"}),
    Case("int_chained_compare", chained, "(int64, int64, int64)",
         [(1, 2, 3), (1, 2, 2), (2, 2, 2), (3, 2, 1), (1, 3, 2)], tags={"int"}),
    Case("int_bits", bits, "(int64, int64)",
         [(12, 10), (-12, 10), (0, -1), (2**62 + 5, 2**40 - 1)], tags={"int"}),
    Case("int_shifts", shifts, "(int64, int64)",
         [(1, 0), (1, 10), (5, 3), (-40, 2), (2**40, 13), (-1, 5)], tags={"int"}),
    Case("int_augmented", augmented, "int64(int64, int64)",
         [(10, 3), (-10, 7), (123456, -99), (0, 0)], tags={"int"}),
    Case("int_minmax", minmax, "(int64, int64, int64)",
         [(1, 2, 3), (3, -2, 1), (5, 5, -5)], tags={"int"}),
    Case("int_ternary", ternary, "int64(int64)", [(5,), (-5,), (0,)], tags={"int"}),
    Case("bool_logic", logic, "(bool, bool)",
         [(True, True), (True, False), (False, True), (False, False)], tags={"bool"}),
    Case("bool_arith", promote_bool, "(bool, bool)",
         [(True, True), (True, False), (False, True)], tags={"bool", "promotion"}),
    Case("bool_invert", invert_bool, "bool(bool)", [(True,), (False,)],
         expect=invert_bool_numba, tags={"bool", "numba-semantics"}),
    Case("bool_from_number", to_bool, "bool(float64)", [(0.0,), (-0.0,), (0.5,), (NAN,), (INF,)],
         tags={"bool"}),
    Case("bool_from_int", to_bool, "bool(int64)", [(0,), (-3,), (1,)], tags={"bool"}),

    Case("float_add", add, "float64(float64, float64)", FLOAT_PAIRS, tags={"float"}),
    Case("float_sub", sub, "float64(float64, float64)", FLOAT_PAIRS, tags={"float"}),
    Case("float_mul", mul, "float64(float64, float64)", FLOAT_PAIRS, tags={"float"}),
    Case("float_truediv", truediv, "float64(float64, float64)", FLOAT_PAIRS, tags={"float"}),
    Case("float_floordiv", floordiv, "float64(float64, float64)", FLOAT_PAIRS,
         tags={"float"}),
    Case("float_mod", mod, "float64(float64, float64)", FLOAT_PAIRS, tags={"float"}),
    Case("float_neg", neg, "float64(float64)", [(1.5,), (0.0,), (-0.0,), (INF,), (NAN,)],
         tags={"float"}),
    Case("float_abs", absolute, "float64(float64)", [(1.5,), (-0.0,), (-INF,), (NAN,)],
         tags={"float"}),
    Case("float_power", power, "float64(float64, float64)",
         [(2.0, 0.5), (2.0, 10.0), (-2.0, 3.0), (10.0, -2.0), (1.5, 2.5), (0.0, 0.0),
          (INF, 0.5), (NAN, 0.0), (1.0, NAN), (-8.0, 1.0 / 3.0), (0.0, -1.0), (-0.0, -3.0)],
         expect=float_power_numba, tolerance_ulps=1, tags={"float", "numba-semantics"}),
    Case("float_square", square, "float64(float64)", [(3.0,), (-1.5,), (1e200,)],
         expect=lambda x: float_power_numba(x, 2.0), tags={"float", "numba-semantics"}),
    Case("float_cube_root", cube_root, "float64(float64)", [(27.0,), (2.0,), (1e-3,)],
         tolerance_ulps=1, tags={"float"}),
    Case("float_compare", compare_all, "(float64, float64)",
         [(1.0, 2.0), (2.0, 2.0), (-0.0, 0.0), (NAN, 1.0), (NAN, NAN), (-INF, INF)],
         tags={"float"}),
    Case("float_augmented", float_augmented, "float64(float64, float64)",
         [(1.0, 2.0), (-3.5, 0.25), (1e10, -1e-10)], tags={"float"}),
    Case("float_rounding", rounding, "(float64,)",
         [(2.5,), (3.5,), (-2.5,), (-0.5,), (1.49999,), (-7.2,), (1e15 + 0.5,)],
         tags={"float"}),
    Case("float_to_int", float_to_int, "int64(float64)", [(2.9,), (-2.9,), (0.0,), (1e15,)],
         tags={"float"}),
    Case("float_minmax", minmax, "(float64, float64, float64)",
         [(1.0, 2.0, 3.0), (-0.5, 0.5, -1.5), (INF, -INF, 0.0)], tags={"float"}),
    Case("float_polynomial", polynomial, "float64(float64)",
         [(0.0,), (1.0,), (-2.5,), (0.1,), (1e5,)], tags={"float"}),
    Case("float_hypot_by_hand", hypot_by_hand, "float64(float64, float64)",
         [(3.0, 4.0), (1e-3, 2e-3)], tolerance_ulps=1, tags={"float"}),

    Case("float32_add", add, "float32(float32, float32)", FLOAT32_PAIRS, tags={"float32"}),
    Case("float32_sub", sub, "float32(float32, float32)", FLOAT32_PAIRS, tags={"float32"}),
    Case("float32_mul", mul, "float32(float32, float32)", FLOAT32_PAIRS, tags={"float32"}),
    Case("float32_truediv", truediv, "float32(float32, float32)", FLOAT32_PAIRS,
         tags={"float32"}),
    Case("float32_floordiv", floordiv, "float32(float32, float32)", FLOAT32_PAIRS,
         tags={"float32"}),
    Case("float32_mod", mod, "float32(float32, float32)", FLOAT32_PAIRS, tags={"float32"}),
    Case("float32_compare", compare_all, "(float32, float32)",
         [(1.0, 2.0), (0.1, 0.1), (NAN, 1.0), (-0.0, 0.0)], tags={"float32"}),

    Case("promote_int32", promote_int32, "(int32, int32)",
         [(2**20, 2**20), (-(2**31), 2**31 - 1), (7, -3)], tags={"promotion"}),
    Case("promote_float32_float32", promote_f32_f32, "(float32, float32)",
         [(1.5, 2.25), (0.1, 0.3), (3e38, 2.0)], tolerance_ulps=1,
         tags={"promotion", "float32"}),
    Case("promote_float32_int", promote_f32_int, "(float32, int64)",
         [(0.1, 3), (1.5, -(2**40))], tags={"promotion", "float32"}),
    Case("promote_float32_float64", promote_f32_f64, "(float32, float64)",
         [(0.1, 0.1), (1e30, 1e300)], tags={"promotion", "float32"}),
    Case("promote_int_float", add, "(int64, float64)", MIXED, tags={"promotion"}),
    Case("promote_int_float_compare", mixed_compare, "(int64, float64)",
         [(3, 3.0), (2**53 + 1, 2.0**53), (-1, NAN), (5, INF)], expect=mixed_compare_numba,
         tags={"promotion", "numba-semantics"}),
    Case("int_to_float", int_to_float, "(int64,)", [(7,), (-7,), (2**53 + 1,)],
         tags={"promotion"}),
    Case("unify_int_float", unify_int_float, "(int64,)", [(0,), (3,)],
         expect=unify_int_float_numba, tags={"promotion", "numba-semantics"}),
]
