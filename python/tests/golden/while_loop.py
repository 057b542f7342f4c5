"""while with break, continue and a while-else."""
from pyrite import njit


@njit
def while_loop(n):
    i = 0
    total = 0
    while i < n:
        i += 1
        if i % 3 == 0:
            continue
        if total > 100:
            break
        total += i
    else:
        total = -total
    return total


ARGS = (20,)
LLVM_CHECKS = [
    ("loop", r"\bicmp\b"),
    ("loop-not", r"\bcall\b"),
    ("not", r"\bdouble\b"),
]
