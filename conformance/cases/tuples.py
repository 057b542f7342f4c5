"""Tuples: building, returning (homogeneous and mixed, nested), unpacking,
swapping, constant and run-time indexing, tuples of arrays."""
import numpy as np

from ..suite import Case


def swap(a, b):
    a, b = b, a
    return a, b


def mixed(n, x, flag):
    return n * 2, x / 2.0, not flag, n + x


def nested(a, b):
    return (a, (b, a + b)), a - b


def unpack_and_sum(a, b, c):
    t = (a, b, c)
    x, y, z = t
    return x + y * 2 + z * 3 + t[0] + t[-1]


def runtime_index(i):
    t = (10, 20, 30, 40)
    return t[i]


def build_in_loop(n):
    t = (0, 1)
    for _ in range(n):
        t = (t[1], t[0] + t[1])
    return t


def minmax_pair(a):
    lo, hi = a[0], a[0]
    for x in a:
        lo = min(lo, x)
        hi = max(hi, x)
    return (lo, hi)


def shape_tuple(m):
    r, c = m.shape
    return r * 100 + c, m.shape


def divmod_tuple(a, b):
    q = a // b
    return q, a - q * b


def array_in_tuple(n):
    a = np.zeros(n)
    t = (a, n)
    t[0][0] = 5.0
    return t[0], t[1]


def float32_tuple(x, y):
    return x + y, x * y


def bool_int_tuple(a):
    return a > 0, a, a < 0


CASES = [
    # Each rebinding is its own variable (Numba's SSA, pyrite's webs), so the
    # values keep their types: (2.5, 1), as CPython and Numba 0.68 give.
    Case("swap", swap, "(int64, float64)", [(1, 2.5), (-3, 0.0)], tags={"tuple"}),
    Case("swap_same_type", swap, "(int64, int64)", [(1, 2), (-3, 0)], tags={"tuple"}),
    Case("mixed", mixed, "(int64, float64, bool)", [(3, 1.5, True), (-7, -0.0, False)],
         tags={"tuple"}),
    Case("nested", nested, "(int64, int64)", [(3, 4), (-1, 10)], tags={"tuple"}),
    Case("unpack_and_sum", unpack_and_sum, "int64(int64, int64, int64)",
         [(1, 2, 3), (-5, 0, 5)], tags={"tuple"}),
    Case("runtime_index", runtime_index, "int64(int64)", [(0,), (3,), (-1,), (-4,)],
         tags={"tuple"}),
    Case("build_in_loop", build_in_loop, "(int64,)", [(0,), (10,), (50,)], tags={"tuple"}),
    Case("minmax_pair", minmax_pair, "(float64[:],)",
         [(np.array([3.0, -1.0, 7.5, 2.0]),), (np.array([1.0]),)], tags={"tuple"}),
    Case("shape_tuple", shape_tuple, "(float64[:, :],)",
         [(np.zeros((3, 5)),), (np.zeros((4, 2)).T,)], tags={"tuple", "array"}),
    Case("divmod_tuple", divmod_tuple, "(int64, int64)", [(17, 5), (-17, 5), (17, -5)],
         tags={"tuple"}),
    Case("array_in_tuple", array_in_tuple, "(int64,)", [(1,), (3,)], tags={"tuple", "array"}),
    Case("float32_tuple", float32_tuple, "(float32, float32)", [(1.5, 0.1), (3e38, 2.0)],
         tags={"tuple", "float32"}),
    Case("bool_int_tuple", bool_int_tuple, "(int64,)", [(5,), (0,), (-2,)], tags={"tuple"}),
]
