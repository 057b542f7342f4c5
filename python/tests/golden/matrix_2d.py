"""2d array indexing a[i, j] and a store out[j, i] = ... (a transpose)."""
from pyrite import njit
import numpy as np


@njit
def matrix_2d(a, out):
    n, m = a.shape
    for i in range(n):
        for j in range(m):
            out[j, i] = a[i, j] * 2.0
    return out[m - 1, n - 1]


ARGS = (np.arange(12.0).reshape(3, 4), np.zeros((4, 3)))
LLVM_CHECKS = [
    ("loop", r"load double"),
    ("loop", r"store double"),
    ("loop", r"fmul double"),
    ("loop-not", r"\bcall\b"),
]
