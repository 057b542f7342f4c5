"""Complex numbers in compiled code (pyrite/_library/complexes.py on the
core's {real, imag} values): each case runs the same function under CPython
(or NumPy) and compares."""
import cmath
import math

import numpy as np
import pytest

from pyrite import njit, typeof, types
from pyrite.errors import TypingError

VALUES = [1 + 2j, -3.5 + 0.25j, 0.5j, 2.0 + 0j, -1e-3 - 7j, 1e200 + 1e200j]


def close(a, b, rel=1e-12):
    if isinstance(a, tuple):
        return len(a) == len(b) and all(close(x, y, rel) for x, y in zip(a, b))
    if isinstance(a, complex) or isinstance(b, complex):
        a, b = complex(a), complex(b)
        return (cmath.isclose(a, b, rel_tol=rel, abs_tol=1e-300) or
                (cmath.isnan(a) and cmath.isnan(b)))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b or math.isclose(a, b, rel_tol=rel)


@pytest.mark.parametrize("a", VALUES)
@pytest.mark.parametrize("b", VALUES[:4] + [3, 2.5, True])
def test_arithmetic_matches_cpython(a, b):
    def f(a, b):
        return a + b, a - b, a * b, a / b, b + a, b - a, b * a, a == b, a != b
    assert close(njit(f)(a, b), f(a, b))


def test_division_by_zero_raises():
    @njit
    def f(a, b):
        return a / b
    with pytest.raises(ZeroDivisionError, match="complex division by zero"):
        f(1 + 1j, 0j)
    with pytest.raises(ZeroDivisionError):
        f(1 + 1j, 0.0)


@pytest.mark.parametrize("a", VALUES[:5])
@pytest.mark.parametrize("e", [0, 1, 2, 3, -2, 7, 0.5, 2 + 1j, -1.5j])
def test_power(a, e):
    def f(a, e):
        return a ** e
    assert close(njit(f)(a, e), f(a, e), rel=1e-11)


def test_zero_to_a_negative_power_raises():
    @njit
    def f(a, e):
        return a ** e
    with pytest.raises(ZeroDivisionError):
        f(0j, -1.5 + 0j)


def test_unary_abs_parts_and_conjugate():
    def f(z, x, n):
        return (-z, +z, abs(z), z.real, z.imag, z.conjugate(), x.real, x.imag,
                x.conjugate(), n.real, n.imag)
    assert close(njit(f)(3 - 4j, 2.5, 7), f(3 - 4j, 2.5, 7))


def test_constructor_and_constants():
    def f(x, y):
        return complex(x, y), complex(x), complex(), 2j, 1 + 1j, complex(3)
    assert njit(f)(1.5, -2.0) == f(1.5, -2.0)


def test_truth():
    def f(z):
        return 1 if z else 0
    for z in (0j, 1j, 1 + 0j, complex(0.0, -0.0)):
        assert njit(f)(z) == f(z)


def test_mandelbrot_escape_counts():
    def escape(c, n):
        z = 0j
        for i in range(n):
            z = z * z + c
            if abs(z) > 2.0:
                return i
        return n
    f = njit(escape)
    for c in (-0.5 + 0.5j, 0.3 + 0.6j, -2 + 0j, 0.25 + 0j, 1j):
        assert f(c, 200) == escape(c, 200)


def test_complex_arrays_read_and_written():
    def f(a):
        s = 0j
        for i in range(a.shape[0]):
            s += a[i] * a[i].conjugate()
            a[i] = a[i] * 2 + 1
        return s
    a = np.array([1 + 1j, 2 - 1j, 0.5j])
    b = a.copy()
    assert njit(f)(a) == f(b)
    assert np.array_equal(a, b)


def test_complex64_arrays_stay_complex64():
    @njit
    def f(a):
        a[0] = a[1] * a[1]
        return a[0]
    a = np.array([0, 1 + 2j], dtype=np.complex64)
    r = f(a)
    assert a[0] == np.complex64((1 + 2j) ** 2) and r == (1 + 2j) ** 2


def test_numpy_complex_scalars_and_casts():
    def f(x):
        return np.complex128(x), np.complex64(x) * 2
    assert njit(f)(1.5) == f(1.5)
    assert typeof(1j) == types.complex128
    assert typeof(np.complex64(1j)) == types.complex64


def test_zeros_of_complex_dtype():
    def f(n):
        a = np.zeros(n, dtype=np.complex128)
        a[1] = 3 - 1j
        return a
    assert np.array_equal(njit(f)(3), f(3))


def test_global_complex_constant():
    assert njit(lambda x: x * ROTATE)(2.0) == 2.0 * ROTATE


ROTATE = 0.6 + 0.8j


@pytest.mark.parametrize("name", ["sqrt", "exp", "log", "log10", "sin", "cos", "tan", "sinh",
                                  "cosh", "tanh", "asin", "acos", "atan", "asinh", "acosh",
                                  "atanh", "phase", "polar", "isnan", "isinf", "isfinite"])
@pytest.mark.parametrize("z", [0.3 - 1.2j, -2.5 + 0.5j, 1.5 + 0j, -0.75j, 4.0, -1.0])
def test_cmath_functions(name, z):
    fn = getattr(cmath, name)
    compiled = njit(lambda z: fn(z))
    try:
        expected = fn(z)
    except ValueError:  # a pole (atanh(-1)): the same error
        with pytest.raises(ValueError, match="math domain error"):
            compiled(z)
        return
    assert close(compiled(z), expected, rel=1e-10), (compiled(z), expected)


def test_cmath_log_with_base_and_rect():
    def f(z):
        return cmath.log(z, 2), cmath.rect(2.0, 0.5), cmath.pi, cmath.e
    assert close(njit(f)(3 + 4j), f(3 + 4j))


def test_ordering_complex_is_a_typing_error():
    @njit
    def f(a, b):
        return a < b
    with pytest.raises(TypingError, match="complex128"):
        f(1j, 2j)


def test_complex_into_real_array_is_a_typing_error():
    @njit
    def f(a, z):
        a[0] = z
    with pytest.raises(TypingError, match="cannot store complex128"):
        f(np.zeros(2), 1j)


# --- found in review ------------------------------------------------------------------

@pytest.mark.parametrize("fn,z", [(cmath.sqrt, 1e308 + 1e308j), (cmath.sqrt, -1e308 + 1e-308j),
                                  (cmath.sqrt, 5e-324 + 5e-324j), (cmath.atanh, 1 + 1e-170j),
                                  (cmath.atan, 3e-200 + 1j), (cmath.atanh, 1e200 + 0j)])
def test_cmath_extreme_arguments(fn, z):
    assert close(njit(lambda z: fn(z))(z), fn(z), rel=1e-12)


def test_power_with_huge_exponents():
    def f(z, e):
        return z ** e
    for e in (1e20, -2.0 ** 63, 101.0):
        assert close(njit(f)(1j, e), f(1j, e), rel=1e-9)


def test_complex64_with_float64_computes_in_float64():
    def f(z, x):
        return z ** x
    z = np.complex64(1.1 + 2.2j)
    assert close(njit(f)(z, np.float64(0.5)), complex(z) ** 0.5, rel=1e-14)


def test_numpy_functions_of_complex_arrays_are_a_clear_error():
    # (sum and the ufuncs take them: test_np_complex.py; max does not yet)
    @njit
    def f(a):
        return a.max()
    with pytest.raises(TypingError, match="arrays of complex numbers are not supported"):
        f(np.array([1j]))


def test_truth_builtins_and_not():
    def f(z, s, d, lst):
        e = {1: 1}
        e.clear()
        return (bool(z), not z, bool(s), not s, bool(d), not d, bool(lst), not lst,
                bool(e), not e)
    args = (0j, "", {1: 2}, [1])
    assert njit(f)(*args) == f(*args)
    args = (1j, "x", {3: 4}, [2])
    assert njit(f)(*args) == f(*args)


def test_not_of_an_optional():
    def f(c):
        x = None if c else 5
        return not x
    assert njit(f)(True) == f(True) and njit(f)(False) == f(False)


@pytest.mark.parametrize("z", [0j, 1 + 2j, -1.5 - 0.25j, 3 + 0j, 1e300 - 1e-300j])
def test_hash_of_complex(z):
    assert njit(lambda z: hash(z))(z) == hash(z)


def test_complex_dict_keys_and_set_items():
    def f():
        d = {1j: "a", 2 + 0j: "b"}
        s = {1j, 2j, 1j}
        return d[1j], d[2], 2 in d, len(s), 2j in s
    assert njit(f)() == f()
