"""Calling C from compiled code: ctypes and cffi function objects,
types.ExternalFunction (by symbol) and types.WrapperAddressProtocol; results
compared with the same C function called from Python."""
import ctypes
import ctypes.util

import numpy as np
import pytest

from pyrite import njit, types
from pyrite.errors import TypingError

libm = ctypes.CDLL(ctypes.util.find_library("m"))
c_cos = libm.cos
c_cos.argtypes, c_cos.restype = [ctypes.c_double], ctypes.c_double
c_ldexp = libm.ldexp
c_ldexp.argtypes, c_ldexp.restype = [ctypes.c_double, ctypes.c_int], ctypes.c_double
c_cbrtf = libm.cbrtf
c_cbrtf.argtypes, c_cbrtf.restype = [ctypes.c_float], ctypes.c_float
libc = ctypes.CDLL(None)
c_labs = libc.labs
c_labs.argtypes, c_labs.restype = [ctypes.c_long], ctypes.c_long


def test_ctypes_functions():
    @njit
    def f(x, n):
        s = 0.0
        for i in range(n):
            s += c_cos(x * i)
        return s, c_ldexp(x, n), c_labs(-n), c_cbrtf(np.float32(x))

    got = f(0.3, 5)
    want = (sum(c_cos(0.3 * i) for i in range(5)), c_ldexp(0.3, 5), c_labs(-5),
            c_cbrtf(np.float32(0.3)))
    assert got[0] == pytest.approx(want[0], rel=1e-15)
    assert got[1:3] == want[1:3]
    assert np.float32(got[3]) == np.float32(want[3])


def test_ctypes_function_needs_argtypes():
    bare = libm.sin
    with pytest.raises(TypingError, match="argtypes"):
        njit(lambda x: bare(x))(1.0)


c_sin_ext = types.ExternalFunction("sin", types.float64(types.float64))


def test_external_function_by_symbol():
    sin = libm.sin
    sin.argtypes, sin.restype = [ctypes.c_double], ctypes.c_double
    assert njit(lambda x: c_sin_ext(x))(0.5) == sin(0.5)


class Hypot(types.WrapperAddressProtocol):
    def __wrapper_address__(self):
        return ctypes.cast(libm.hypot, ctypes.c_void_p).value

    def signature(self):
        return types.float64(types.float64, types.float64)


hypot = Hypot()


def test_wrapper_address_protocol():
    fn = libm.hypot
    fn.argtypes, fn.restype = [ctypes.c_double] * 2, ctypes.c_double
    assert njit(lambda a, b: hypot(a, b))(3.0, 4.5) == fn(3.0, 4.5)


def test_cffi_functions():
    cffi = pytest.importorskip("cffi")
    ffi = cffi.FFI()
    ffi.cdef("double erf(double); float fabsf(float);")
    lib = ffi.dlopen(ctypes.util.find_library("m"))
    erf, fabsf = lib.erf, lib.fabsf
    got = njit(lambda x: (erf(x), fabsf(np.float32(-x))))(0.7)
    assert got[0] == lib.erf(0.7)
    assert np.float32(got[1]) == lib.fabsf(np.float32(-0.7))


def test_external_function_with_unknown_symbol():
    missing = types.ExternalFunction("no_such_symbol_pyrite", types.float64(types.float64))
    with pytest.raises(TypingError, match="no_such_symbol_pyrite"):
        njit(lambda x: missing(x))(1.0)


def test_cython_function_through_wrapper_address_protocol():
    """SciPy's cython_special functions, as numba-stats and numba-scipy call them."""
    pytest.importorskip("scipy")
    from scipy import special

    from pyrite.extending import get_cython_function_address

    class Gammainc(types.WrapperAddressProtocol):
        def __wrapper_address__(self):
            return get_cython_function_address("scipy.special.cython_special", "gammainc")

        def signature(self):
            return types.float64(types.float64, types.float64)

    gammainc = Gammainc()

    @njit
    def f(a, xs):
        out = np.empty_like(xs)
        for i in range(xs.shape[0]):
            out[i] = gammainc(a, xs[i])
        return out

    xs = np.linspace(0.0, 5.0, 11)
    np.testing.assert_array_equal(f(2.5, xs), special.gammainc(2.5, xs))
