"""Operators and ufuncs over arrays: values from NumPy, result dtypes from
Numba (which types a Python int as int64: int32 array + 7 is int64)."""
import gc

import numpy as np
import pytest

import pyrite
from pyrite import njit



def add(a, b):
    return a + b


def affine(a, s):
    return a * s - 1.5


def norm(x, y):
    return np.sqrt(x * x + y * y)


def unary_and_compare(a):
    return -a, a > 0.5, np.abs(a - 0.5)


def divide(a, b):
    return a / b


def floor_mod(a, b):
    return a // b, a % b


def power(a, b):
    return (a + 1) ** b


def trig(a):
    return np.sin(a) + np.cos(a) * 2.0


def chained_bool(a, b):
    return (a > 0.2) & (b < 0.9)


rng = np.random.default_rng(7)
A = rng.random((3, 4))
B = rng.random(4)
C = rng.random((3, 1))
AI = np.arange(12, dtype=np.int32).reshape(3, 4)
BI = np.array([1, 2, 3, 5], dtype=np.int32)

CASES = [
    (add, (A, B)), (add, (A, C)), (add, (A.T, A.T)), (add, (AI, BI)), (add, (AI, 7)),
    (add, (2.5, A)), (affine, (A, 2.0)), (affine, (AI, 3)), (norm, (A, C)),
    (unary_and_compare, (A,)), (divide, (A, B)), (divide, (AI, BI)), (floor_mod, (AI, BI)),
    (floor_mod, (-AI, BI)), (floor_mod, (A - 0.5, 0.25)), (trig, (A[:, ::2],)),
    (chained_bool, (A, C)), (add, (np.float32(1.5) * np.ones(3, np.float32), np.float32(2))),
]


def _parts(x):
    return x if isinstance(x, tuple) else (x,)


@pytest.mark.parametrize("fn,args", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_values_and_types_like_numpy(fn, args):
    # Dtypes follow NumPy 2 (NEP 50: `int32_array + 7` is int32), where Numba
    # keeps the legacy rules (int64).
    got = njit(fn)(*args)
    want = fn(*args)
    for g, w in zip(_parts(got), _parts(want)):
        assert g.shape == w.shape and g.dtype == w.dtype
        np.testing.assert_allclose(g, w, rtol=1e-15, atol=0)
        assert g.flags.c_contiguous and g.flags.owndata is False and g.base is not None


def test_shapes_that_do_not_broadcast_raise_valueerror():
    with pytest.raises(ValueError, match="could not be broadcast"):
        njit(add)(A, np.ones(3))


def test_no_leak_on_success_or_on_an_exception_inside_the_loop():
    gc.collect()
    before = pyrite._core.live_allocations()
    result = njit(unary_and_compare)(A)
    del result
    with pytest.raises(ValueError, match="negative integer powers"):
        njit(power)(AI, np.array([1, 2, -1, 3], dtype=np.int32))
    gc.collect()
    assert pyrite._core.live_allocations() == before


def smooth(x):
    out = np.empty_like(x)
    out[0] = x[0]
    out[1:] = 0.5 * (x[1:] + x[:-1])
    return out


def test_slices_in_expressions_and_slice_assignment():
    x = rng.random(10)
    np.testing.assert_allclose(njit(smooth)(x), smooth(x), rtol=1e-15)
