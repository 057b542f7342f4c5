"""Integer and float arithmetic with Python semantics: //, % and / of ints."""
from pyrite import njit


@njit
def arith(a, b, x):
    q = a // b
    r = a % b
    c = -a * b + 3
    return q + r * c - x / b


ARGS = (-7, 2, 1.5)
LLVM_CHECKS = [
    # Python's floor division and modulo on int64.
    ("contains", r"\bsdiv i64\b|\bsrem i64\b"),
    ("contains", r"\bsitofp i64\b"),
    ("contains", r"\bfdiv double\b"),
    # The only call raises ZeroDivisionError.
    ("contains", r"call .*@pyrite_rt_raise\("),
    ("not", r"\bcall\b(?!.*@pyrite_rt_raise\()"),
]
