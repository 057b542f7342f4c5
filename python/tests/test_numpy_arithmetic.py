"""Arithmetic on arrays follows NumPy where it differs from Python's scalars:
division by zero gives inf/nan (floats) or 0 (integers) instead of raising,
shifts past the width shift every bit out, unsigned integers divide unsigned,
np.abs keeps the dtype. Scalar arithmetic keeps Python's semantics."""
import operator

import numpy as np
import pytest

import pyrite

OPS = {"truediv": operator.truediv, "floordiv": operator.floordiv, "mod": operator.mod}


def _compiled(op):
    fn = {"truediv": lambda a, b: a / b, "floordiv": lambda a, b: a // b,
          "mod": lambda a, b: a % b}[op]
    return pyrite.njit(fn)


def check(got, want):
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    np.testing.assert_array_equal(got, want)  # NaN == NaN here


@pytest.mark.parametrize("op", sorted(OPS))
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.uint8,
                                   np.uint64, np.int8])
def test_division_by_zero_in_arrays(op, dtype):
    a = np.array([1, 0, 7, 3], dtype=dtype)
    if np.issubdtype(dtype, np.signedinteger) or np.issubdtype(dtype, np.floating):
        a = np.array([1, -1, 0, 7], dtype=dtype)
    b = np.array([0, 0, 0, 2], dtype=dtype)
    with np.errstate(all="ignore"):
        want = OPS[op](a, b)
        want_scalar = OPS[op](a, dtype(0))
    check(_compiled(op)(a, b), want)
    check(_compiled(op)(a, dtype(0)), want_scalar)


@pytest.mark.parametrize("op", sorted(OPS))
def test_scalar_division_by_zero_raises_as_python(op):
    with pytest.raises(ZeroDivisionError):
        _compiled(op)(1.0, 0.0)
    with pytest.raises(ZeroDivisionError):
        _compiled(op)(1, 0)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64])
def test_most_negative_floordiv_minus_one_wraps(dtype):
    lo = np.iinfo(dtype).min
    a, b = np.array([lo, lo, 7], dtype=dtype), np.array([-1, -1, -2], dtype=dtype)
    with np.errstate(all="ignore"):
        check(_compiled("floordiv")(a, b), a // b)
        check(_compiled("mod")(a, b), a % b)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint32, np.uint64])
def test_unsigned_division_is_unsigned(dtype):
    hi = np.iinfo(dtype).max
    a, b = np.array([hi, hi - 10, 17], dtype=dtype), np.array([3, 7, 5], dtype=dtype)
    check(_compiled("floordiv")(a, b), a // b)
    check(_compiled("mod")(a, b), a % b)


def test_unsigned_scalar_division():
    f = pyrite.njit(lambda a, b: (a // b, a % b))
    assert f(np.uint64(2**63 + 10), np.uint64(3)) == divmod(2**63 + 10, 3)


def shifts(a, b):
    return a << b, a >> b


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.uint64])
def test_array_shifts_past_the_width(dtype):
    a = np.array([1, 5, 100, 3], dtype=dtype)
    b = np.array([0, 3, np.dtype(dtype).itemsize * 8, 70], dtype=dtype)
    got = pyrite.njit(shifts)(a, b)
    want = shifts(a, b)
    check(got[0], want[0])
    check(got[1], want[1])


@pytest.mark.parametrize("a,b", [(1, 64), (-8, 70), (5, 3), (-1, 63), (3, 200)])
def test_scalar_shifts_wrap_python_values(a, b):
    got = pyrite.njit(shifts)(a, b)
    want = tuple(np.int64(((v + 2**63) % 2**64) - 2**63) for v in shifts(a, b))
    assert got == want


def test_negative_shift_count_raises_value_error():
    with pytest.raises(ValueError, match="negative shift count"):
        pyrite.njit(shifts)(1, -1)


def test_integer_array_power():
    f = pyrite.njit(lambda a, b: a ** b)
    a = np.arange(5, dtype=np.int32)
    check(f(a, np.int32(3)), a ** np.int32(3))  # (a Python int exponent: NEP 50, not yet)
    check(f(a.astype(np.uint8), np.uint8(2)), a.astype(np.uint8) ** np.uint8(2))
    with pytest.raises(ValueError, match="negative integer powers"):
        f(np.arange(3), -1)


@pytest.mark.parametrize("dtype", [np.bool_, np.uint8, np.uint64, np.int16, np.float32])
def test_abs_keeps_the_dtype(dtype):
    a = np.array([0, 1, 200, 7], dtype=dtype) if dtype is not np.bool_ else \
        np.array([True, False])
    f = pyrite.njit(lambda x: (np.abs(x), abs(x)))
    got = f(a)
    check(got[0], np.abs(a))
    check(got[1], abs(a))


def test_abs_of_unsigned_scalars():
    f = pyrite.njit(lambda x: abs(x))
    assert f(np.uint64(2**63 + 1)) == 2**63 + 1
    assert f(np.uint8(200)) == 200
    assert f(-5) == 5


def test_zero_to_a_negative_power():
    f = pyrite.njit(lambda x, y: x ** y)
    for base, exponent in [(0.0, -1.0), (-0.0, -3), (0, -1)]:
        with pytest.raises(ZeroDivisionError):
            f(base, exponent)
    with np.errstate(divide="ignore"):
        want = np.array([0.0, 2.0]) ** -1.0
    check(f(np.array([0.0, 2.0]), -1.0), want)  # arrays: NumPy's inf


_BOOLS = (np.array([True, False, True, False]), np.array([True, True, False, False]))


@pytest.mark.parametrize("op", ["+", "*", "//", "%", "**", "<<", ">>", "/", "&", "|", "^"])
def test_boolean_arrays_use_numpy_boolean_loops(op):
    """+ is or and * is and (bool results); //, %, **, <<, >> compute in int8."""
    f = eval(f"lambda a, b: a {op} b")
    with np.errstate(all="ignore"):
        want = f(*_BOOLS)
    got = pyrite.njit(f)(*_BOOLS)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("fn", [np.floor, np.ceil, np.trunc, np.sign])
@pytest.mark.parametrize("a", [np.array([-0.0, np.nan, -2.5, 3.5, np.inf]),
                               np.array([3, -2, 0], np.int32), np.array([3, 0], np.uint8),
                               np.array([1.5, -0.0], np.float32)],
                         ids=["float64", "int32", "uint8", "float32"])
def test_rounding_and_sign_keep_numpy_dtypes(fn, a):
    got, want = pyrite.njit(lambda v: fn(v))(a), fn(a)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(want))  # sign(-0.0) is 0.0


@pytest.mark.parametrize("fn", [lambda a: a > -1, lambda a: a < 300, lambda a: a == -255,
                                lambda a: -1 <= a])
def test_integer_arrays_compare_with_python_ints_by_value(fn):
    """NumPy 2 compares uint8_array > -1 by value (all True), not after
    casting -1 to uint8."""
    a = np.array([0, 1, 200, 255], np.uint8)
    np.testing.assert_array_equal(pyrite.njit(fn)(a), fn(a))


@pytest.mark.parametrize("fn", [np.floor, np.ceil, np.trunc, np.sign])
@pytest.mark.parametrize("x", [np.uint64(2**64 - 1), True, np.int32(-7)],
                         ids=["uint64_max", "bool", "int32"])
def test_rounding_and_sign_of_integer_scalars_keep_their_type(fn, x):
    if fn is np.sign and isinstance(x, bool):
        return  # NumPy: no loop for booleans (a TypingError in pyrite)
    assert pyrite.njit(lambda v: fn(v))(x) == fn(x)
