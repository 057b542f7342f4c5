"""@jit functions passed as arguments (Numba's first-class dispatcher
values): the callee is part of the signature, so `newton(f, fprime, x0)`
compiles once per (f, fprime) and calls them directly. Compared with
CPython running the same Python functions."""
import math

import numpy as np
import pytest

from pyrite import njit
from pyrite.errors import TypingError


def cubic(x):
    return x ** 3 - 2 * x - 5


def cubic_prime(x):
    return 3 * x ** 2 - 2


def cos_fixed(x):
    return math.cos(x) - x


def cos_fixed_prime(x):
    return -math.sin(x) - 1


def newton(func, deriv, x0, tol=1e-12, maxiter=50):
    x = x0
    for _ in range(maxiter):
        dx = func(x) / deriv(x)
        x -= dx
        if abs(dx) < tol:
            break
    return x


def apply_twice(h, v):
    return h(h(v))


def map_array(h, a):
    out = np.empty_like(a)
    for i in range(a.size):
        out[i] = h(a[i])
    return out


JIT = {f: njit(f) for f in (cubic, cubic_prime, cos_fixed, cos_fixed_prime)}


@pytest.mark.parametrize("f, fp, x0", [(cubic, cubic_prime, 2.0), (cos_fixed, cos_fixed_prime, 1.0)])
def test_newton_with_compiled_callbacks(f, fp, x0):
    assert njit(newton)(JIT[f], JIT[fp], x0) == newton(f, fp, x0)


def test_one_specialization_per_function():
    solver = njit(newton)
    solver(JIT[cubic], JIT[cubic_prime], 2.0)
    solver(JIT[cos_fixed], JIT[cos_fixed_prime], 1.0)
    solver(JIT[cubic], JIT[cubic_prime], 3.0)
    assert len(solver.signatures) == 2


def test_passed_through_nested_calls():
    assert njit(apply_twice)(JIT[cubic], 1.0) == apply_twice(cubic, 1.0)
    a = np.linspace(0.0, 2.0, 5)
    np.testing.assert_array_equal(njit(map_array)(JIT[cubic], a), map_array(cubic, a))


def test_a_plain_python_function_is_refused_with_advice():
    with pytest.raises(TypingError, match="decorate cubic with @njit"):
        njit(apply_twice)(cubic, 1.0)
