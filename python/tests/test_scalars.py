"""Scalar types and arithmetic with Python semantics, against CPython (and
Numba where Numba's documented semantics differ from CPython's)."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import pyrite
from pyrite import njit

from conftest import assert_same, numba_jit, same_value

SETTINGS = settings(max_examples=150, deadline=None)
# Products of two of these stay inside int64, so CPython's big ints agree.
small_ints = st.integers(min_value=-2**31, max_value=2**31)
nonzero_ints = small_ints.filter(lambda v: v != 0)
finite_floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
any_floats = st.floats(width=64)

# Pairwise products stay inside int64.
INTS = [0, 1, -1, 2, -2, 3, -3, 7, -7, 10, -10, 13, -13, 2**31 - 1, -2**31, 10**9, -10**9]
NONZERO_INTS = [v for v in INTS if v != 0]
FLOATS = [0.0, -0.0, 0.1, -0.1, 0.5, -0.5, 1.0, -1.0, 2.5, -2.5, 7.5, -7.5, 3.0, -3.0,
          1e-300, -1e-300, 5e-324, 1e300, -1e300, math.pi, -math.e, math.inf, -math.inf,
          math.nan]


# --- scalars in and out --------------------------------------------------------

def identity(x):
    return x


@pytest.mark.parametrize("value", [
    0, 1, -1, 2**63 - 1, -2**63, 0.0, -0.0, 1.5, -2.25, 1e308, math.inf, -math.inf,
    math.nan, True, False,
    np.int64(-5), np.int32(7), np.int32(-1), np.int32(-2**31), np.int32(2**31 - 1), np.float64(0.1), np.float32(0.1),
    np.float32(-3.5), np.bool_(True), np.bool_(False),
], ids=repr)
def test_identity_matches_numba(value):
    """Each scalar type goes in and comes back as Numba boxes it (int32 -> int,
    float32 -> float, bool -> bool)."""
    got = njit(identity)(value)
    want = numba_jit(identity)(value)
    assert_same(got, want)
    assert type(got) is type(want)


@pytest.mark.parametrize("value,name", [
    (3, "int64"), (np.int64(3), "int64"), (np.int32(3), "int32"), (2.0, "float64"),
    (np.float64(2.0), "float64"), (np.float32(2.0), "float32"), (True, "bool"),
    (np.bool_(False), "bool"),
])
def test_argument_types_in_signature(value, name):
    f = njit(identity)
    f(value)
    assert [str(t) for t in f.signatures[0]] == [name]
    assert f.signatures == [(getattr(pyrite.types, name if name != "bool" else "boolean"),)]


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def truediv(a, b):
    return a / b


def floordiv(a, b):
    return a // b


def mod(a, b):
    return a % b


def power(a, b):
    return a ** b


ARITH = [add, sub, mul, truediv, floordiv, mod]
ARITH_IDS = [f.__name__ for f in ARITH]
_jitted = {f: njit(f) for f in ARITH + [power]}


@pytest.mark.parametrize("fn", ARITH, ids=ARITH_IDS)
@pytest.mark.parametrize("a", INTS)
@pytest.mark.parametrize("b", NONZERO_INTS)
def test_int_arith_table(fn, a, b):
    assert_same(_jitted[fn](a, b), fn(a, b))


@pytest.mark.parametrize("fn", ARITH, ids=ARITH_IDS)
@SETTINGS
@given(a=small_ints, b=nonzero_ints)
def test_int_arith_hypothesis(fn, a, b):
    assert_same(_jitted[fn](a, b), fn(a, b))


@pytest.mark.parametrize("fn", ARITH, ids=ARITH_IDS)
@pytest.mark.parametrize("a", FLOATS, ids=repr)
@pytest.mark.parametrize("b", [v for v in FLOATS if v != 0.0], ids=repr)
def test_float_arith_table(fn, a, b):
    """Includes the corner cases of Python's float // and %: signs of the
    result, infinities, NaN, tiny divisors, -0.0."""
    assert_same(_jitted[fn](a, b), fn(a, b))


@pytest.mark.parametrize("fn", ARITH, ids=ARITH_IDS)
@SETTINGS
@given(a=finite_floats, b=finite_floats.filter(lambda v: v != 0.0))
def test_float_arith_hypothesis(fn, a, b):
    assert_same(_jitted[fn](a, b), fn(a, b))


@pytest.mark.parametrize("a,b", [(1.0, 0.1), (0.3, 0.1), (-1.0, 0.1), (7.0, 0.7),
                                 (1e16, 3.0), (-0.5, 0.25), (2.0, 0.2)])
def test_float_floordiv_is_not_floor_of_quotient(a, b):
    """Python's float // is floor((a - a % b) / b), not floor(a / b): 1.0 // 0.1 == 9.0."""
    assert_same(_jitted[floordiv](a, b), a // b)
    assert_same(_jitted[mod](a, b), a % b)


@pytest.mark.parametrize("fn", ARITH, ids=ARITH_IDS)
@pytest.mark.parametrize("a,b", [(3, 2.5), (-7, 2.0), (2.5, -3), (-7.5, 2), (10**12, 0.1),
                                 (True, 2.5), (1.5, 3)])
def test_mixed_int_float_promotes_to_float(fn, a, b):
    assert_same(_jitted[fn](a, b), fn(a, b))


@pytest.mark.parametrize("fn", ARITH, ids=ARITH_IDS)
@pytest.mark.parametrize("a,b", [(True, True), (True, 3), (-4, True), (False, 5)])
def test_bool_arith_is_int_arith(fn, a, b):
    if fn in (truediv, floordiv, mod) and not b:
        pytest.skip("division by zero")
    assert_same(_jitted[fn](a, b), fn(a, b))


@pytest.mark.parametrize("a", [0, 1, -1, 2, -2, 3, -3, 10, -7])
@pytest.mark.parametrize("b", [0, 1, 2, 3, 5, 10, 18])
def test_int_power_nonnegative_exponent(a, b):
    assert_same(_jitted[power](a, b), a ** b)


@pytest.mark.parametrize("a,b", [(2, -1), (1, -1), (-1, -1), (-1, -2), (-2, -1), (3, -2),
                                 (1, -7), (-1, -7)])
def test_int_power_negative_exponent_matches_numba(a, b):
    """Numba types int ** int as int64 (CPython would give a float)."""
    assert_same(_jitted[power](a, b), numba_jit(power)(a, b))


@pytest.mark.parametrize("a", [0.0, 2.0, -2.0, 0.5, 1.5, 10.0, math.inf, -math.inf, math.nan,
                               1.0, -1.0])
@pytest.mark.parametrize("b", [0.0, 1.0, 2.0, 3.0, -1.0, -2.0, 0.5, 1.5, 2.5, 100.0,
                               -0.5, math.inf, -math.inf, math.nan])
def test_float_power(a, b):
    try:
        want = a ** b
    except ZeroDivisionError:
        # 0.0 ** -1.0: CPython's ZeroDivisionError (Numba raises it for an
        # integer exponent and gives inf for a float one).
        with pytest.raises(ZeroDivisionError):
            _jitted[power](a, b)
        return
    if isinstance(want, complex):
        want = numba_jit(power)(a, b)   # negative ** fractional: Numba gives nan
    got = _jitted[power](a, b)
    assert same_value(got, want), (a, b, got, want)
    assert isinstance(got, float)


@pytest.mark.parametrize("a,b", [(2, 0.5), (2.0, 3), (-2.0, 3), (4, -0.5), (-3.0, 2),
                                 (10, 2.0)])
def test_mixed_power(a, b):
    assert_same(_jitted[power](a, b), a ** b)


# --- int32 / float32 arithmetic (Numba's typing rules) ----------------------------

@pytest.mark.parametrize("fn", ARITH + [power], ids=ARITH_IDS + ["power"])
@pytest.mark.parametrize("a,b", [
    (np.int32(7), np.int32(-2)), (np.int32(-2**31), np.int32(3)), (np.int32(2**31 - 1),
                                                                      np.int32(2)),
    (np.float32(0.1), np.float32(0.2)), (np.float32(-7.5), np.float32(2.0)),
    (np.float32(1e30), np.float32(1e10)), (np.float32(0.1), 0.2), (np.int32(3), 2.5),
    (np.int32(5), np.float32(0.3)), (np.int32(-9), 4), (np.float32(3.0), np.int64(2)),
], ids=repr)
def test_narrow_types_match_numba(fn, a, b):
    """int32 + int32 widens to int64 and float32 op float32 stays float32, as in
    Numba; compared bit for bit with Numba's result."""
    got = _jitted[fn](a, b)
    want = numba_jit(fn)(a, b)
    assert_same(got, want)


def float32_sum(a, b, c):
    return a + b + c


def test_float32_stays_float32():
    """float32 arithmetic rounds to float32 at each step (0.1f+0.2f+0.3f)."""
    a, b, c = np.float32(0.1), np.float32(0.2), np.float32(0.3)
    got = njit(float32_sum)(a, b, c)
    assert got == float(a + b + c)
    assert got == numba_jit(float32_sum)(a, b, c)
    assert got != 0.1 + 0.2 + 0.3


def test_int64_wraps_like_numba():
    big = 2**62
    got = _jitted[add](big, big)
    assert got == numba_jit(add)(big, big) == -2**63
    assert _jitted[mul](2**40, 2**40) == numba_jit(mul)(2**40, 2**40)


# --- ZeroDivisionError ---------------------------------------------------------------

ZERO_DIV_CASES = [(1, 0), (-5, 0), (0, 0), (1.0, 0.0), (-1.0, -0.0), (math.inf, 0.0), (3, 0.0),
                  (2.5, 0), (True, False), (np.int32(4), np.int32(0)),
                  (np.float32(1), np.float32(0))]
DIVISIONS = pytest.mark.parametrize("fn", [truediv, floordiv, mod],
                                    ids=["truediv", "floordiv", "mod"])


@DIVISIONS
@pytest.mark.parametrize("a,b", ZERO_DIV_CASES, ids=repr)
def test_zero_division_raises(fn, a, b):
    with pytest.raises(ZeroDivisionError):
        fn(float(a), float(b))          # CPython raises too
    with pytest.raises(ZeroDivisionError):
        _jitted[fn](a, b)
    # The dispatcher still works after raising.
    assert_same(_jitted[fn](a, 3), numba_jit(fn)(a, 3))


@DIVISIONS
@pytest.mark.parametrize("a,b", ZERO_DIV_CASES, ids=repr)
def test_zero_division_message_matches_numba(fn, a, b):
    with pytest.raises(ZeroDivisionError) as numba_exc:
        numba_jit(fn)(a, b)
    with pytest.raises(ZeroDivisionError) as pyrite_exc:
        _jitted[fn](a, b)
    assert str(pyrite_exc.value) == str(numba_exc.value)


def zero_div_in_loop(n, d):
    total = 0
    for i in range(n):
        total += i // d
    return total


def test_zero_division_inside_loop_then_recovers():
    f = njit(zero_div_in_loop)
    for _ in range(3):
        with pytest.raises(ZeroDivisionError):
            f(10, 0)
    assert f(10, 3) == zero_div_in_loop(10, 3)


def zero_power(a, b):
    return a ** b


def test_int_zero_to_negative_power_raises_like_numba():
    with pytest.raises(ZeroDivisionError) as numba_exc:
        numba_jit(zero_power)(0, -1)
    with pytest.raises(ZeroDivisionError) as pyrite_exc:
        njit(zero_power)(0, -1)
    assert str(pyrite_exc.value) == str(numba_exc.value)


# --- comparisons ---------------------------------------------------------------------

def compare_all(a, b):
    return a < b, a <= b, a == b, a != b, a > b, a >= b


def chained(a, b, c):
    return a < b < c, a <= b == c, a < b > c, a != b != c, a == b == c, a < b <= c < 10


@pytest.mark.parametrize("a,b", [(1, 2), (2, 1), (3, 3), (-1, 0), (0, -0), (1.5, 2.5),
                                 (2.0, 2), (2, 2.5), (-0.0, 0.0), (math.nan, 1.0),
                                 (1.0, math.nan), (math.nan, math.nan), (math.inf, 1e308),
                                 (-math.inf, -math.inf), (True, 1), (False, 0.5),
                                 (True, False), (np.int32(3), 3.0),
                                 (np.float32(0.1), 0.1)], ids=repr)
def test_comparisons(a, b):
    if isinstance(a, np.generic):
        # NumPy compares float32(0.1) with 0.1 in float32; Numba widens to float64.
        want = numba_jit(compare_all)(a, b)
    else:
        want = compare_all(a, b)
    assert_same(njit(compare_all)(a, b), want)


@pytest.mark.parametrize("a,b,c", [(1, 2, 3), (1, 2, 2), (3, 2, 1), (1, 3, 2), (2, 2, 2),
                                   (0.5, 1.5, 1.5), (1.0, math.nan, 2.0), (-1, 0.0, 9.5),
                                   (5, 5, 5.0)], ids=repr)
def test_chained_comparisons(a, b, c):
    assert_same(njit(chained)(a, b, c), chained(a, b, c))


def chain_short_circuit(a, b, c):
    # `a < b < c` must not evaluate `c` past a False: here c divides by a - b.
    return a < b < 10 // (c - b)


@pytest.mark.parametrize("a,b,c", [(5, 3, 3), (1, 3, 5), (1, 3, 4)])
def test_chained_comparison_short_circuits(a, b, c):
    assert_same(njit(chain_short_circuit)(a, b, c), chain_short_circuit(a, b, c))


@SETTINGS
@given(a=st.one_of(small_ints, any_floats), b=st.one_of(small_ints, any_floats))
def test_comparisons_hypothesis(a, b):
    assert_same(_compare(a, b), compare_all(a, b))


_compare = njit(compare_all)


# --- boolean operators ---------------------------------------------------------------

def logic(a, b):
    return (a and b), (a or b), (not a), (not b), (not (a and b))


@pytest.mark.parametrize("a,b", [(0, 0), (0, 5), (3, 0), (3, 5), (-1, 2), (0.0, 2.5),
                                 (1.5, 0.0), (-0.0, -0.0), (math.nan, 0.0), (True, False),
                                 (False, True), (True, True)], ids=repr)
def test_and_or_not_produce_values(a, b):
    assert_same(njit(logic)(a, b), logic(a, b))


def bool_ops(a, b):
    return a & b, a | b, a ^ b


@pytest.mark.parametrize("a,b", [(True, False), (True, True), (False, False)])
def test_bool_bitwise_ops_stay_bool(a, b):
    assert_same(njit(bool_ops)(a, b), bool_ops(a, b))


def bit_ops(a, b):
    return a & b, a | b, a ^ b, ~a, a << (b % 32), a >> (b % 32)


@SETTINGS
@given(a=small_ints, b=st.integers(min_value=0, max_value=100))
def test_int_bit_ops(a, b):
    assert_same(_bit_ops(a, b), bit_ops(a, b))


_bit_ops = njit(bit_ops)


# --- unary operators -----------------------------------------------------------------

def unary(x):
    return -x, +x, not x, -(-x)


def invert(x):
    return ~x


@pytest.mark.parametrize("x", [0, 1, -1, 5, -2**63 + 1, 2**63 - 1, 0.0, -0.0, 2.5, -1e300,
                               math.inf, math.nan, np.int32(-3), np.float32(1.25)], ids=repr)
def test_unary(x):
    got = njit(unary)(x)
    want = unary(x)
    if isinstance(x, np.generic):
        want = numba_jit(unary)(x)
    assert_same(got, want)


@pytest.mark.parametrize("x", [0, 1, -1, 12345, -2**63, 2**63 - 1, np.int32(7)], ids=repr)
def test_invert(x):
    assert_same(njit(invert)(x), int(~int(x)))


def unary_bool(x):
    return -x, +x, ~x, not x


@pytest.mark.parametrize("x", [True, False])
def test_unary_on_bool(x):
    """-True == -1 and +True == 1 are ints, as in CPython; ~True is False, as in
    Numba (CPython gives -2): pyrite follows Numba where the two differ."""
    assert_same(njit(unary_bool)(x), numba_jit(unary_bool)(x))


# --- augmented assignment ------------------------------------------------------------

def augmented_int(a, b):
    x = a
    x += b
    x -= 3
    x *= b
    x //= 7
    x %= 1000003
    x **= 2
    x &= 0xFFFFFF
    x |= 0x10
    x ^= b
    x <<= 2
    x >>= 1
    return x


def augmented_float(a, b):
    x = a
    x += b
    x -= 0.25
    x *= b
    x /= 3.0
    x //= 0.5
    x %= 7.25
    x **= 2
    return x


def augmented_promote(n):
    x = 0
    for i in range(n):
        x += 0.5
    x /= 2
    return x


@pytest.mark.parametrize("a", [0, 1, -1, 17, -17, 123456, -999999])
@pytest.mark.parametrize("b", [1, 2, -3, 11])
def test_augmented_int(a, b):
    assert_same(njit(augmented_int)(a, b), augmented_int(a, b))


@pytest.mark.parametrize("a", [0.0, 1.5, -1.5, 17.25, -1e3])
@pytest.mark.parametrize("b", [1.0, 2.5, -3.0, 0.1])
def test_augmented_float(a, b):
    assert_same(njit(augmented_float)(a, b), augmented_float(a, b))


@pytest.mark.parametrize("n", [0, 1, 5])
def test_int_variable_becomes_float_like_numba(n):
    """`x = 0; x += 0.5` makes x a float64 variable (Numba unifies the types)."""
    got = njit(augmented_promote)(n)
    assert same_value(got, augmented_promote(n))
    assert_same(got, numba_jit(augmented_promote)(n))


# --- conversions ------------------------------------------------------------------------

def conversions(x):
    return int(x), float(x), bool(x)


@pytest.mark.parametrize("x", [0, 7, -7, 2**62, 0.0, -0.0, 2.9, -2.9, 1e15 + 0.5, 0.5,
                               -0.5, 1e18, True, False, np.int32(-5), np.float32(2.75)],
                         ids=repr)
def test_int_float_bool(x):
    assert_same(njit(conversions)(x), (int(x), float(x), bool(x)))


def mixed_return(flag):
    if flag:
        return 1
    return 2.5


@pytest.mark.parametrize("flag", [True, False])
def test_branches_returning_int_and_float_unify_to_float(flag):
    got = njit(mixed_return)(flag)
    assert got == mixed_return(flag)
    assert_same(got, numba_jit(mixed_return)(flag))


_UINT64_MAX = np.uint64(2**64 - 1)
_BIG_INT = 2**63 + 5


@pytest.mark.parametrize("fn,want", [
    (lambda: ~np.uint64(0), 2**64 - 1),
    (lambda: -np.uint8(3), 253),
    (lambda: (~np.uint64(0)) > np.uint64(5), True),
    (lambda: _UINT64_MAX, 2**64 - 1),
    (lambda: _BIG_INT, 2**63 + 5),
], ids=["invert_uint64", "negate_uint8", "inverted_is_large", "uint64_global",
        "int_global_past_int64"])
def test_unsigned_scalars_stay_unsigned(fn, want):
    """Unary operators keep an unsigned integer's type (NumPy, Numba); a
    global between 2**63 and 2**64 is a uint64 constant."""
    assert pyrite.njit(fn)() == want


@pytest.mark.parametrize("value, name", [(2**63 - 1, "int64"), (-2**63, "int64"),
                                         (2**63, "uint64"), (2**64 - 1, "uint64")])
def test_big_python_ints_are_typed_as_numba_types_them(value, name):
    import numba
    assert str(pyrite.typeof(value)) == name == str(numba.typeof(value))
    assert njit(lambda x: x)(value) == value


def test_ints_beyond_uint64_are_refused():
    with pytest.raises(OverflowError):
        njit(lambda x: x)(2**64)


def _shifts(x, s):
    return x >> 1, x << 1, x >> s, x >> 63, x << s


@pytest.mark.parametrize("x", [np.uint64(2**64 - 1), 2**64 - 1, np.uint64(5), np.int8(-8), -8,
                               np.uint8(255), np.int64(-2**62), True])
def test_scalar_shifts_keep_the_left_operands_signedness(x):
    # As Numba: uint64 >> n shifts logically; other integers widen to int64.
    assert njit(_shifts)(x, 3) == numba_jit(_shifts)(x, 3)


def _narrow_casts(x):
    return np.uint8(x), np.int8(x), np.int16(x), np.uint32(x), np.int32(x)


@pytest.mark.parametrize("x", [300.0, -3.7, 3.7, 127.9, -128.5, 255.5, 65535.9, -0.9, 1e10,
                               float("nan"), float("inf")])
def test_floats_cast_to_narrow_integers_as_numpy_2(x):
    # NumPy 2 truncates the float to a Python int, which must fit the type:
    # np.uint8(300.0) and np.uint8(-3.7) raise OverflowError, np.int8(-3.7) is -3.
    def outcome(fn):
        try:
            return tuple(int(v) for v in fn(x))
        except Exception as e:  # noqa: BLE001 - the comparison is the test
            return type(e), str(e)
    assert outcome(njit(_narrow_casts)) == outcome(_narrow_casts)
