"""Calls into the math module: sqrt and exp of floats, floor to an int."""
from pyrite import njit
import math


@njit
def math_calls(x, n):
    r = math.sqrt(x) + math.exp(-x) * math.sin(n)
    return math.floor(r * n), r


ARGS = (2.0, 3)
LLVM_CHECKS = [
    # sqrt is an LLVM intrinsic (an instruction), not a libm call.
    ("contains", r"@llvm\.sqrt\.f64|\bvsqrtsd\b|sqrtsd"),
    ("contains", r"exp"),
    ("contains", r"sin"),
    ("contains", r"@llvm\.floor\.f64|floor"),
]
