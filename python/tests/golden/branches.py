"""if/elif/else chains, `and`/`or` and `not`, a comparison as a value."""
from pyrite import njit


@njit
def branches(x, y):
    if x < 0 and y > 0:
        r = -x
    elif x == y or not y:
        r = 1
    else:
        r = x - y
    big = r > 10
    return r, big


ARGS = (-3, 4)
LLVM_CHECKS = [
    ("contains", r"\bicmp (slt|sgt|eq)\b"),
    ("not", r"\bcall\b"),
    ("not", r"\bfadd\b"),
]
