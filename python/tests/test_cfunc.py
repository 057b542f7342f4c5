"""@cfunc: compiled functions with a C calling convention, called through
their address (ctypes, cffi, scipy.LowLevelCallable) and compared with the
Python function on the same inputs."""
import ctypes

import numpy as np
import pytest

from pyrite import cfunc, types


def mul_add(x, y):
    return x * y + 1.0


def factorial(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r


def checked_sqrt(x):
    if x < 0:
        raise ValueError("negative")
    return x ** 0.5


def test_call_through_ctypes_and_the_address():
    f = cfunc("float64(float64, float64)")(mul_add)
    assert f(2.0, 3.5) == mul_add(2.0, 3.5)
    proto = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double, ctypes.c_double)
    assert proto(f.address)(-1.5, 4.0) == mul_add(-1.5, 4.0)
    g = cfunc(types.int64(types.int64))(factorial)
    assert [g(n) for n in range(12)] == [factorial(n) for n in range(12)]


def test_small_types_and_bool():
    f = cfunc("int32(int32, bool)")(lambda a, neg: -a if neg else a)
    assert (f(7, True), f(7, False)) == (-7, 7)
    h = cfunc("float32(float32)")(lambda x: x * np.float32(0.5))
    assert h(3.0) == np.float32(1.5)


def test_exception_is_reported_and_result_is_zero(capfd):
    f = cfunc("float64(float64)")(checked_sqrt)
    assert f(9.0) == 3.0
    assert f(-1.0) == 0.0
    err = capfd.readouterr().err
    assert "Exception ignored in @cfunc checked_sqrt" in err and "ValueError: negative" in err


def test_cffi_pointer():
    pytest.importorskip("cffi")
    f = cfunc("float64(float64, float64)")(mul_add)
    assert f.cffi(1.25, 2.0) == mul_add(1.25, 2.0)


def test_scipy_low_level_callable():
    scipy = pytest.importorskip("scipy")
    from scipy import integrate

    def integrand(x):
        return np.exp(-x * x)

    f = cfunc("float64(float64)")(integrand)
    got = integrate.quad(scipy.LowLevelCallable(f.ctypes), 0.0, 3.0)
    want = integrate.quad(integrand, 0.0, 3.0)
    assert got[0] == pytest.approx(want[0], rel=1e-14)


def test_only_numbers_cross():
    with pytest.raises(TypeError, match="numbers"):
        cfunc("float64(float64[:])")(lambda a: a[0])
