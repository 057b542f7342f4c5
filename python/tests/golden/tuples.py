"""Building tuples, unpacking, swapping and indexing with a constant."""
from pyrite import njit


@njit
def tuples(a, b):
    t = (a, b, a + b)
    x, y, z = t
    x, y = y, x
    first = t[0]
    mixed = (x * 1.5, z)
    return mixed, first + y


ARGS = (3, 4)
LLVM_CHECKS = [
    ("not", r"\bcall\b"),
    ("contains", r"sitofp i64 .* to double"),
]
