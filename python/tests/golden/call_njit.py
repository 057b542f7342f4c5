"""An @njit function calling another one, which is compiled for the
caller's argument types and inlined."""
from pyrite import njit


@njit
def clamp(v, lo, hi):
    if v < lo:
        return lo
    if v > hi:
        return hi
    return v


@njit
def call_njit(x, n):
    total = 0.0
    for i in range(n):
        total += clamp(x * i, 0.0, 10.0)
    return total


ARGS = (2.5, 8)
LLVM_CHECKS = [
    # clamp is inlined into the loop: no call to it remains.
    ("not", r"call .*@\"?pyrite\.clamp"),
    ("loop-not", r"\bcall\b"),
    ("loop", r"fcmp"),
]
