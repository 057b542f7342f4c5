"""Result dtypes, overflow checks and text comparisons that a newcomer's
differential run against NumPy found wrong (each compared with NumPy run by
CPython on the same inputs): float ufuncs of small integers and of float32
with Python scalars, uint16 with float32, OverflowError from the library's
integer ufuncs, np.dot's accumulator, str constants holding NULs, text
comparisons with trailing NULs, record field stores, -bool_array."""
import numpy as np
import pytest

from pyrite import njit
from pyrite.errors import TypingError

_FLOAT_UFUNCS = ["sqrt", "exp", "log1p", "sin", "arctan", "tanh"]
_SMALL = [np.int16, np.uint16, np.int32, np.uint32, np.int64, np.float32, np.float64]


def _compile(source):
    ns = {"np": np}
    exec(source, ns)
    return njit(ns["f"]), ns["f"]


@pytest.mark.parametrize("name", _FLOAT_UFUNCS)
@pytest.mark.parametrize("dtype", _SMALL)
def test_float_ufunc_dtype_of_arrays(name, dtype):
    got_fn, want_fn = _compile(f"def f(a): return np.{name}(a)")
    a = np.arange(1, 5).astype(dtype)
    got, want = got_fn(a), want_fn(a)
    assert got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-6)


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.bool_])
def test_float_ufunc_of_8_bit_integers_computes_in_float32(dtype):
    # NumPy computes these in float16, which pyrite does not have (docs/supported.md)
    got = njit(lambda a: np.sqrt(a))(np.arange(4).astype(dtype))
    assert got.dtype == np.float32


@pytest.mark.parametrize("name", ["arctan2", "hypot"])
@pytest.mark.parametrize("dtype", _SMALL)
@pytest.mark.parametrize("scalar", ["2.0", "2", "a[0]"])
def test_binary_float_ufunc_dtype_with_scalars(name, dtype, scalar):
    got_fn, want_fn = _compile(f"def f(a): return np.{name}(a, {scalar}), np.{name}({scalar}, a)")
    a = np.arange(1, 5).astype(dtype)
    for got, want in zip(got_fn(a), want_fn(a)):
        assert got.dtype == want.dtype
        np.testing.assert_allclose(got, want, rtol=1e-6)


@pytest.mark.parametrize("op", ["{0} + {1}", "{0} * {1}", "{0} / {1}", "{0} // {1}",
                                "np.maximum({0}, {1})", "np.hypot({0}, {1})"])
@pytest.mark.parametrize("other", [np.uint16, np.int16, np.uint8, np.int32])
def test_float32_with_small_integers(op, other):
    got_fn, want_fn = _compile(f"def f(a, b): return {op.format('a', 'b')}, {op.format('b', 'a')}")
    a = np.array([1.5, 2.5, -3.0], np.float32)
    b = np.array([1, 2, 3], other)
    for got, want in zip(got_fn(a, b), want_fn(a, b)):
        assert got.dtype == want.dtype
        np.testing.assert_allclose(got, want, rtol=1e-6)


@pytest.mark.parametrize("ufunc,dtype,value", [
    ("fmax", np.uint16, -72), ("fmin", np.int8, 300), ("fmod", np.uint8, 256),
    ("gcd", np.int16, 40000), ("lcm", np.uint32, -1), ("fmax", np.uint64, -1),
    ("gcd", np.int16, 7), ("fmax", np.uint64, 2**62), ("heaviside", np.int8, 3)])
def test_python_int_out_of_bounds_for_library_ufuncs(ufunc, dtype, value):
    got_fn, want_fn = _compile(f"def f(a, b): return np.{ufunc}(a, b), np.{ufunc}(b, a)")
    a = np.array([3, 4], dtype)
    try:
        want = want_fn(a, value)
    except OverflowError as e:
        with pytest.raises(OverflowError, match=str(e)):
            got_fn(a, value)
        return
    for got, w in zip(got_fn(a, value), want):
        np.testing.assert_array_equal(got, w)


@pytest.mark.parametrize("x,y", [
    (np.array([2**63, 1], np.uint64), np.array([1, 1], np.int64)),
    (np.array([1, 2], np.uint8), np.array([3, 4], np.int8)),
    (np.array([True, False]), np.array([3, 4], np.int8)),
    (np.array([0.1, 0.2], np.float32), np.array([3, 7], np.int8)),
    (np.array([2**40, 3], np.int64), np.array([2**20, 5], np.int32)),
])
def test_dot_of_vectors_accumulates_in_numpy_result_dtype(x, y):
    got = njit(lambda a, b: np.dot(a, b))(x, y)
    np.testing.assert_allclose(got, np.dot(x, y), rtol=1e-6)


def test_str_constants_keep_nuls():
    def f(s):
        return 'a\x00b', len('x\x00yz'), 'p\x00q' == 'p', s + '\x00!', s.split('\x00')
    assert njit(f)('a\x00b') == f('a\x00b')


@pytest.mark.parametrize("scalar", ['ab\x00', 'ab', '\x00', '', 'a\x00b', 'a\x00b\x00'])
def test_text_array_compared_with_str_holding_nuls(scalar):
    def f(a, s):
        return a == s, s == a, a < s, s >= a, a != 'a\x00b'
    a = np.array(['ab', 'abc', '', 'a\x00b'], 'U5')
    for got, want in zip(njit(f)(a, scalar), f(a, scalar)):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("scalar", [b'ab\x00', b'ab', b'\x00', b'', b'a\x00b\x00'])
def test_bytes_array_compared_with_bytes_holding_nuls(scalar):
    def f(a, s):
        return a == s, s == a, a < s, s >= a
    a = np.array([b'ab', b'abc', b'', b'a\x00b'], 'S4')
    for got, want in zip(njit(f)(a, scalar), f(a, scalar)):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("value", [200, -129, 127, -128])
def test_record_field_store_of_a_python_int(value):
    dt = np.dtype([('x', 'f8'), ('y', 'i1')])

    @njit
    def by_attribute(a, v):
        a[0].y = v
        return a[0].y

    @njit
    def by_key(a, v):
        r = a[1]
        r['y'] = v
        return r['y']
    for fn in (by_attribute, by_key):
        a = np.zeros(2, dt)
        if -128 <= value <= 127:
            assert fn(a, value) == value
        else:
            with pytest.raises(OverflowError, match="out of bounds for int8"):
                fn(a, value)


def test_negating_a_bool_array_is_numpys_error():
    with pytest.raises(TypingError, match="boolean negative"):
        njit(lambda b: -b)(np.array([True, False]))
    with pytest.raises(TypeError, match="boolean negative"):
        -np.array([True, False])
    np.testing.assert_array_equal(njit(lambda b: ~b)(np.array([True, False])), [False, True])
