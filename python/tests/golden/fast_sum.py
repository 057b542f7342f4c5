"""Sum of a 1d array: the canonical loop over a.shape[0] with a[i]."""
from pyrite import njit
import numpy as np


@njit
def fast_sum(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


ARGS = (np.arange(10.0),)
LLVM_CHECKS = [
    # The loop indexes with a GEP and loads a double; nothing is called.
    ("loop", r"getelementptr (inbounds )?(nuw )?double, ptr"),
    ("loop", r"load double"),
    ("loop", r"fadd double"),
    ("loop-not", r"\bcall\b"),
    # No bounds checks by default.
    ("not", r"IndexError|index out of bounds"),
]
