"""Integer overflow: pyrite's integers are 64-bit and wrap around as Numba's
do (two's complement), where CPython's grow without bound. The expected
results are CPython's exact integers reduced modulo 2**64 (`wrap_int64`),
which equals wrapping after each + - * or left shift. Integer arguments of
narrower types are computed at int64 (Numba), so int32 products do not wrap
at 32 bits. Unsigned with unsigned computes at uint64.
"""
import numpy as np

from ..suite import Case, wrap_int64, wrap_uint64

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)


def big_product(a):
    return 2**62 * a          # 2**62 * 4 wraps to 0


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def neg(a):
    return -a


def absolute(a):
    return abs(a)


def shift_left(a, n):
    return a << n


def floordiv_min(a, b):
    return a // b             # INT64_MIN // -1 wraps to INT64_MIN


def mod_min(a, b):
    return a % b


def fnv_hash(n):
    """FNV-1a over the bytes of 0..n-1: overflows on every step."""
    h = -3750763034362895579          # 14695981039346656037 as int64
    for i in range(n):
        h ^= i & 0xFF
        h *= 1099511628211
    return h


def factorial(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r


def fibonacci(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def lcg(seed, n):
    x = seed
    for _ in range(n):
        x = x * 6364136223846793005 + 1442695040888963407
    return x


def power(a, b):
    return a ** b


def int32_product(a, b):
    return a * b


def accumulate_int32(a):
    s = 0
    for i in range(a.shape[0]):
        s += a[i] * a[i]
    return s


def accumulate_int32_numba(a):
    """Numba computes a[i] * a[i] at int64 (NumPy's int32 scalars would wrap)."""
    return sum(int(x) * int(x) for x in a)


def mixed_wrap(a, b):
    return (a * b) + (a << 3) - b


def float_to_int_then_wrap(x):
    n = int(x)
    return n * n


CASES = [
    Case("wrap_2_62_times", big_product, "int64(int64)", [(4,), (2,), (3,), (-5,), (7,)],
         expect=wrap_int64(big_product), tags={"int", "overflow"}),
    Case("wrap_add", add, "int64(int64, int64)",
         [(INT64_MAX, 1), (INT64_MAX, INT64_MAX), (INT64_MIN, -1), (2**62, 2**62)],
         expect=wrap_int64(add), tags={"int", "overflow"}),
    Case("wrap_sub", sub, "int64(int64, int64)",
         [(INT64_MIN, 1), (INT64_MIN, INT64_MAX), (INT64_MAX, -1), (0, INT64_MIN)],
         expect=wrap_int64(sub), tags={"int", "overflow"}),
    Case("wrap_mul", mul, "int64(int64, int64)",
         [(2**40, 2**40), (INT64_MAX, 2), (INT64_MIN, -1), (3037000500, 3037000500),
          (-(2**32), 2**32 + 1), (123456789123, 987654321)],
         expect=wrap_int64(mul), tags={"int", "overflow"}),
    Case("wrap_neg", neg, "int64(int64)", [(INT64_MIN,), (INT64_MAX,)],
         expect=wrap_int64(neg), tags={"int", "overflow"}),
    Case("wrap_abs", absolute, "int64(int64)", [(INT64_MIN,), (INT64_MIN + 1,)],
         expect=wrap_int64(absolute), tags={"int", "overflow"}),
    Case("wrap_shift_left", shift_left, "int64(int64, int64)",
         [(1, 63), (1, 62), (3, 62), (-1, 63), (0x123456789, 40)],
         expect=wrap_int64(shift_left), tags={"int", "overflow"}),
    Case("wrap_floordiv_min", floordiv_min, "int64(int64, int64)",
         [(INT64_MIN, -1), (INT64_MIN, 1), (INT64_MIN, 2)],
         expect=wrap_int64(floordiv_min), tags={"int", "overflow"}),
    Case("wrap_mod_min", mod_min, "int64(int64, int64)",
         [(INT64_MIN, -1), (INT64_MIN, 3), (INT64_MAX, -2)],
         tags={"int", "overflow"}),
    Case("wrap_power", power, "int64(int64, int64)",
         [(2, 63), (2, 64), (3, 40), (-3, 41), (10, 19), (7, 100)],
         expect=wrap_int64(power), tags={"int", "overflow"}),
    Case("wrap_fnv_hash", fnv_hash, "int64(int64)", [(0,), (1,), (10,), (1000,)],
         expect=wrap_int64(fnv_hash), tags={"int", "overflow", "loop"}),
    Case("wrap_factorial", factorial, "int64(int64)", [(5,), (20,), (21,), (25,), (66,)],
         expect=wrap_int64(factorial), tags={"int", "overflow", "loop"}),
    Case("wrap_fibonacci", fibonacci, "int64(int64)", [(10,), (92,), (93,), (200,)],
         expect=wrap_int64(fibonacci), tags={"int", "overflow", "loop"}),
    Case("wrap_lcg", lcg, "int64(int64, int64)", [(1, 1), (42, 100), (-7, 1000)],
         expect=wrap_int64(lcg), tags={"int", "overflow", "loop"}),
    Case("wrap_mixed", mixed_wrap, "int64(int64, int64)",
         [(2**61, 5), (-(2**60) - 3, 2**40), (INT64_MAX, INT64_MIN)],
         expect=wrap_int64(mixed_wrap), tags={"int", "overflow"}),
    Case("int32_no_wrap_at_32_bits", int32_product, "(int32, int32)",
         [(2**31 - 1, 2**31 - 1), (-(2**31), 2**31 - 1), (65536, 65536)],
         tags={"int", "overflow", "promotion"}),
    Case("int32_array_accumulates_at_int64", accumulate_int32, "(int32[:],)",
         [(np.array([2**31 - 1, -(2**31), 46341], "int32"),)], expect=accumulate_int32_numba,
         tags={"int", "overflow", "promotion", "array"}),
    Case("uint64_wrap", sub, "uint64(uint64, uint64)", [(0, 1), (5, 7), (2**64 - 1, 2**63)],
         expect=wrap_uint64(sub), tags={"int", "overflow", "unsigned"}),
    Case("uint64_mul_wrap", mul, "uint64(uint64, uint64)", [(2**63, 2), (2**32 + 1, 2**32 - 1)],
         expect=wrap_uint64(mul), tags={"int", "overflow", "unsigned"}),
    Case("float_to_int_then_wrap", float_to_int_then_wrap, "int64(float64)",
         [(3.0e9,), (-4.5e9,), (2.0**40,)], expect=wrap_int64(float_to_int_then_wrap),
         tags={"int", "overflow"}),
]
