"""Reductions over arrays of any layout: sum/min/max/mean as methods, as
np.* functions and as builtins, hand-written reductions (dot product, norm,
argmin, Kahan summation), on float64, float32, int64, int32 and bool
elements.

Floating-point sums differ in rounding order: NumPy sums pairwise, Numba
(and pyrite) in element order, so float sums carry a tolerance; integer
reductions are exact. The sum of an int32 array is an int64 (NumPy on a
64-bit platform and Numba agree); the mean of an integer array is float64.
"""
import numpy as np

from ..suite import Case
from .arrays import layouts_1d, layouts_2d, layouts_3d, one

rng = np.random.RandomState(777)
V = rng.standard_normal(41)
W = np.abs(rng.standard_normal(33)) + 1.0          # positive, so sums do not cancel
M = rng.standard_normal((7, 9))
T = rng.standard_normal((3, 4, 5))
IV = rng.randint(-10**9, 10**9, 29).astype(np.int64)
I32 = rng.randint(-10**6, 10**6, 17).astype(np.int32)
F32 = (np.abs(rng.standard_normal(21)) + 0.5).astype(np.float32)
B = rng.rand(12) > 0.3
SPECIAL = np.array([1.0, np.nan, -2.0, np.inf])
NONEMPTY = lambda xs: [x for x in xs if x.size]      # noqa: E731


def method_sum(a):
    return a.sum()


def method_min(a):
    return a.min()


def method_max(a):
    return a.max()


def method_mean(a):
    return a.mean()


def np_functions(a):
    return np.sum(a), np.min(a), np.max(a), np.mean(a)


def builtin_sum(a):
    return sum(a)


def builtin_min_max(a):
    return min(a), max(a)


def dot(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


def norm2(m):
    s = 0.0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            s += m[i, j] * m[i, j]
    return s ** 0.5


def argmin_loop(a):
    best = 0
    for i in range(1, a.shape[0]):
        if a[i] < a[best]:
            best = i
    return best


def kahan_sum(a):
    s = 0.0
    c = 0.0
    for i in range(a.shape[0]):
        y = a[i] - c
        t = s + y
        c = (t - s) - y
        s = t
    return s


def min_max_loop(a):
    lo = a[0]
    hi = a[0]
    for i in range(1, a.shape[0]):
        x = a[i]
        if x < lo:
            lo = x
        if x > hi:
            hi = x
    return lo, hi


def row_sums(m):
    out = np.zeros(m.shape[0])
    for i in range(m.shape[0]):
        out[i] = m[i].sum()
    return out


def int32_sum(a):
    return a.sum()


def f32_sum(a):
    return a.sum()


def prod_loop(a):
    p = 1
    for i in range(a.shape[0]):
        p *= a[i]
    return p


CASES = [
    Case("sum_float64_1d", method_sum, "float64(float64[:])", one(layouts_1d(V)),
         tolerance_ulps=8, tags={"reduction"}),
    Case("sum_float64_positive", method_sum, "float64(float64[:])", one(layouts_1d(W)),
         tolerance_ulps=4, tags={"reduction"}),
    Case("sum_float64_2d", method_sum, "float64(float64[:, :])", one(layouts_2d(M)),
         tolerance_ulps=16, tags={"reduction"}),
    Case("sum_float64_3d", method_sum, "float64(float64[:, :, :])", one(layouts_3d(T)),
         tolerance_ulps=16, tags={"reduction"}),
    Case("sum_int64", method_sum, "int64(int64[:])", one(layouts_1d(IV)), tags={"reduction"}),
    Case("sum_int32", int32_sum, "(int32[:],)", one(layouts_1d(I32)), tags={"reduction"}),
    Case("sum_float32", f32_sum, "(float32[:],)", one(layouts_1d(F32)), tolerance_ulps=4,
         tags={"reduction", "float32"}),
    Case("sum_bool", method_sum, "int64(bool[:])", one(layouts_1d(B)), tags={"reduction"}),
    Case("min_float64", method_min, "float64(float64[:])", one(NONEMPTY(layouts_1d(V))),
         tags={"reduction"}),
    Case("max_float64", method_max, "float64(float64[:])", one(NONEMPTY(layouts_1d(V))),
         tags={"reduction"}),
    Case("min_max_nan", np_functions, "(float64[:],)", [(SPECIAL,), (SPECIAL[::-1],)],
         tags={"reduction"}),
    Case("min_int64_2d", method_min, "int64(int64[:, :])",
         one(layouts_2d(IV[:28].reshape(4, 7))), tags={"reduction"}),
    Case("max_int32", method_max, "int32(int32[:])", one(NONEMPTY(layouts_1d(I32))),
         tags={"reduction"}),
    Case("mean_float64", method_mean, "float64(float64[:])", one(NONEMPTY(layouts_1d(V))),
         tolerance_ulps=8, tags={"reduction"}),
    Case("mean_float64_2d", method_mean, "float64(float64[:, :])", one(layouts_2d(M)),
         tolerance_ulps=16, tags={"reduction"}),
    Case("mean_int64", method_mean, "float64(int64[:])", one(NONEMPTY(layouts_1d(IV))),
         tolerance_ulps=2, tags={"reduction"}),
    Case("np_sum_min_max_mean", np_functions, "(float64[:, :],)", one(layouts_2d(M)),
         tolerance_ulps=16, tags={"reduction", "numpy"}),
    Case("builtin_sum", builtin_sum, "float64(float64[:])", one(layouts_1d(W)),
         tolerance_ulps=0, tags={"reduction"}),
    Case("builtin_min_max", builtin_min_max, "(int64[:],)", one(NONEMPTY(layouts_1d(IV))),
         tags={"reduction"}),
    Case("dot_loop", dot, "float64(float64[:], float64[:])",
         [(V[:20], V[20:40]), (V[::2], V[::-2]),
          (M[:, 0], M[0, :7])], tags={"reduction"}),
    Case("norm2", norm2, "float64(float64[:, :])", one(layouts_2d(M)), tolerance_ulps=1,
         tags={"reduction"}),
    Case("argmin_loop", argmin_loop, "int64(float64[:])", one(NONEMPTY(layouts_1d(V))),
         tags={"reduction"}),
    Case("kahan_sum", kahan_sum, "float64(float64[:])", one(layouts_1d(V)),
         tags={"reduction"}),
    Case("min_max_loop", min_max_loop, "(float64[:],)", one(NONEMPTY(layouts_1d(V))),
         tags={"reduction"}),
    Case("row_sums", row_sums, "(float64[:, :],)", one(layouts_2d(M)), tolerance_ulps=4,
         tags={"reduction", "alloc"}),
    Case("product_int64_wraps", prod_loop, "int64(int64[:])", [(IV[:4],), (IV,)],
         tags={"reduction", "overflow"}),
]
