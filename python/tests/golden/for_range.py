"""Nested for loops over range(start, stop, step) and range(n)."""
from pyrite import njit


@njit
def for_range(n):
    acc = 0
    for i in range(1, n, 2):
        for j in range(i):
            acc += i * j
    return acc


ARGS = (9,)
LLVM_CHECKS = [
    ("loop", r"\bmul\b|\badd\b"),
    ("loop-not", r"\bcall\b"),
    ("not", r"@pyrite_rt_"),
]
