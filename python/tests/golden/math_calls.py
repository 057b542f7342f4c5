"""Calls into the math module: sqrt and exp of floats, floor to an int."""
from pyrite import njit
import math


@njit
def math_calls(x, n):
    r = math.sqrt(x) + math.exp(-x) * math.sin(n)
    return math.floor(r * n), r


ARGS = (2.0, 3)
LLVM_CHECKS = [
    # Each math function becomes an LLVM intrinsic (or a direct libm call),
    # with no Python-level call machinery around it.
    ("contains", r"call double @llvm\.sqrt\.f64\("),
    ("contains", r"call double @(llvm\.exp\.f64|exp)\("),
    ("contains", r"call double @(llvm\.sin\.f64|sin)\("),
    ("contains", r"call double @llvm\.floor\.f64\("),
    ("contains", r"fptosi double .* to i64"),
    # The only call into the runtime is raising ValueError/OverflowError
    # when floor's result is NaN or infinite, as CPython does.
    ("not", r"@pyrite_rt_(?!raise\b)"),
]
