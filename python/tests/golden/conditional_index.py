"""A conditional expression inside an index: CPython keeps `hist` on the
stack across the expression's blocks; the canonical CFG loads it from the
local again where the branches meet (core/ir/cfg.cpp: reload_locals), so
no stack slot holds a reference to the array and the loop updates no
reference count."""
from pyrite import njit
import numpy as np


@njit
def conditional_index(keys, n):
    hist = np.zeros(n, np.int64)
    for k in keys:
        hist[k if k < n else n - 1] += 1
    return hist


ARGS = (np.array([0, 3, 7, 1, 9, 3]), 5)
LLVM_CHECKS = [
    # No reference counting (atomic adds) inside the loop.
    ("loop-not", r"atomicrmw"),
    ("loop-not", r"call [^@]*@pyrite"),
    ("loop", r"add (nsw )?i64 %[^,]+, 1"),
]
