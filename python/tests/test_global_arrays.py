"""Global NumPy arrays are frozen into the compiled code, as Numba does."""
import ctypes

import numpy as np

import pyrite.aot
from pyrite import njit

WEIGHTS = np.array([0.5, 1.5, -2.0, 4.0])
TABLE = np.arange(12, dtype=np.int32).reshape(3, 4)
STRIDED = np.arange(20.0)[::4]


def weighted(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * WEIGHTS[i % WEIGHTS.shape[0]]
    return s


def lookup(i, j):
    return TABLE[i, j] + TABLE.sum() + STRIDED[-1]


def as_expression(a):
    return a * WEIGHTS + 1.0


def test_values_match_python():
    a = np.linspace(0.0, 1.0, 9)
    assert njit(weighted)(a) == weighted(a)
    assert njit(lookup)(2, 3) == lookup(2, 3)
    np.testing.assert_array_equal(njit(as_expression)(np.ones(4)), as_expression(np.ones(4)))


def test_frozen_at_compile_time():
    global WEIGHTS
    f = njit(weighted)
    a = np.ones(4)
    first = f(a)
    saved = WEIGHTS
    try:
        WEIGHTS = np.zeros(4)      # rebinding after compilation is not seen
        assert f(a) == first
    finally:
        WEIGHTS = saved


def test_in_a_shared_object(tmp_path):
    path = tmp_path / "w.so"
    pyrite.aot.compile_for("x86_64", [("lookup", lookup, "float64(int64, int64)")], path)
    lib = ctypes.CDLL(str(path))
    out = ctypes.c_double()
    i, j = ctypes.c_int64(1), ctypes.c_int64(2)
    args = (ctypes.c_void_p * 2)(ctypes.cast(ctypes.pointer(i), ctypes.c_void_p),
                                 ctypes.cast(ctypes.pointer(j), ctypes.c_void_p))
    assert lib.lookup(ctypes.byref(out), args) == 0
    assert out.value == lookup(1, 2)
