"""np.zeros allocates a new C-contiguous array that is filled and returned."""
from pyrite import njit
import numpy as np


@njit
def np_zeros(n):
    out = np.zeros(n)
    for i in range(n):
        out[i] = i * 0.5
    grid = np.zeros((2, n), np.float32)
    grid[1, n - 1] = 1.0
    return out, grid


ARGS = (5,)
LLVM_CHECKS = [
    # Allocation goes through the runtime; the fill loop calls nothing.
    ("contains", r"call .*@pyrite_rt_\w*alloc\w*"),
    ("loop", r"store double"),
    ("loop-not", r"\bcall\b"),
]
