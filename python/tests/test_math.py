"""math-module functions, NumPy scalar math and the numeric builtins, against
CPython (and NumPy / Numba) with a small ULP tolerance."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from pyrite import njit

from conftest import assert_close, assert_same, numba_jit, same_value

SETTINGS = settings(max_examples=100, deadline=None)

# Points inside each function's domain (CPython raises ValueError outside it).
POSITIVE = [1e-310, 1e-300, 1e-10, 0.1, 0.5, 1.0, 1.5, 2.0, math.e, 10.0, 123.456, 1e10,
            1e300, math.inf]
GENERAL = [-1e300, -123.456, -10.0, -2.0, -1.0, -0.5, -1e-10, -0.0, 0.0, 1e-10, 0.5, 1.0,
           2.0, 3.0, 10.0, 123.456, 1e300]
UNIT = [-1.0, -0.999, -0.5, -1e-10, -0.0, 0.0, 1e-10, 0.3, 0.5, 0.999, 1.0]
OPEN_UNIT = UNIT[1:-1]

UNARY = {
    "sqrt": ([0.0, -0.0, 4.0, 2.0] + POSITIVE, 1),
    "exp": ([-745.0, -700.0, -1.0, -1e-10, 0.0, 1e-10, 1.0, 10.0, 700.0, 709.7, -math.inf,
             math.inf], 1),
    "log": (POSITIVE, 1),
    "log10": (POSITIVE + [1000.0, 1e-5], 1),
    "log2": (POSITIVE + [1024.0, 0.125], 1),
    "log1p": ([-0.999, -0.5, -1e-10, 0.0, 1e-10, 0.5, 1.0, 1e10, 1e300], 1),
    "expm1": ([-50.0, -1.0, -1e-10, 0.0, 1e-10, 0.5, 1.0, 10.0, 700.0], 1),
    "sin": (GENERAL + [math.pi, 1e6, -1e6], 1),
    "cos": (GENERAL + [math.pi, 1e6, -1e6], 1),
    "tan": ([v for v in GENERAL if abs(v) < 1e10] + [1.5, 1e6], 1),
    "asin": (UNIT, 1),
    "acos": (UNIT, 1),
    "atan": (GENERAL + [math.inf, -math.inf], 1),
    "sinh": ([-700.0, -1.0, -1e-10, 0.0, 1e-10, 0.5, 1.0, 20.0, 700.0], 1),
    "cosh": ([-700.0, -1.0, 0.0, 0.5, 1.0, 20.0, 700.0], 1),
    "tanh": ([-50.0, -1.0, -1e-10, -0.0, 0.0, 1e-10, 0.5, 1.0, 20.0, math.inf], 1),
    "asinh": (GENERAL, 1),
    "acosh": ([1.0, 1.0000001, 1.5, 2.0, 10.0, 1e10, 1e300], 1),
    "atanh": (OPEN_UNIT, 1),
    "fabs": (GENERAL + [math.inf, -math.inf, math.nan], 0),
    "erf": ([-5.0, -1.0, -0.5, -1e-10, 0.0, 1e-10, 0.1, 0.5, 1.0, 2.0, 3.0, 6.0, math.inf,
             -math.inf], 2),
    "erfc": ([-5.0, -1.0, -0.5, 0.0, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 26.0], 2),
    "gamma": ([0.001, 0.1, 0.5, 1.0, 1.5, 2.0, 3.0, 4.5, 10.0, 20.5, 100.0, 170.5, -0.5,
               -1.5, -2.5, -10.5], 16),
    "lgamma": ([0.001, 0.1, 0.5, 1.0, 2.0, 3.0, 4.5, 10.0, 100.0, 1e5, 1e300, -0.5, -1.5,
                -2.5, -10.5], 16),
    "degrees": (GENERAL + [math.pi], 0),
    "radians": (GENERAL + [180.0], 0),
}


def _unary(name):
    fn = getattr(math, name)
    namespace = {"math": math}
    exec(f"def f(x):\n    return math.{name}(x)\n", namespace)
    return namespace["f"], fn


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_math_functions(name):
    f, ref = _unary(name)
    jf = njit(f)
    values, ulps = UNARY[name]
    for x in values:
        want = ref(x)
        got = jf(x)
        assert isinstance(got, float), (name, x, got)
        assert_close(got, want, ulps=ulps, rel=1e-14 if ulps > 2 else 0.0)
        if want == 0.0:
            assert math.copysign(1, got) == math.copysign(1, want), (name, x, got, want)


@pytest.mark.parametrize("name", ["sqrt", "exp", "log", "sin", "cos", "atan", "fabs", "erf",
                                  "gamma", "degrees", "radians", "tanh"])
def test_unary_math_of_ints(name):
    f, ref = _unary(name)
    jf = njit(f)
    for x in [1, 2, 3, 10, 100]:
        assert_close(jf(x), ref(x), ulps=UNARY[name][1], rel=1e-14)


@pytest.mark.parametrize("name", ["sqrt", "exp", "log", "sin", "cos", "tan", "atan", "tanh",
                                  "fabs", "erf", "log1p", "expm1"])
def test_unary_math_of_float32_matches_numba(name):
    """Numba computes math functions of float32 in float32."""
    f, _ = _unary(name)
    jf, nf = njit(f), numba_jit(f)
    for x in [0.1, 0.5, 1.0, 1.75, 3.0, 10.0]:
        x32 = np.float32(x)
        got, want = jf(x32), nf(x32)
        assert isinstance(got, float)
        assert abs(got - want) <= abs(float(np.spacing(np.float32(want)))), (name, x, got, want)


@SETTINGS
@given(x=st.floats(min_value=-1e6, max_value=1e6))
def test_sin_cos_exp_hypothesis(x):
    got = _sin_cos_exp(x)
    want = sin_cos_exp(x)
    for g, w in zip(got, want):
        assert_close(g, w, ulps=1)


def sin_cos_exp(x):
    return math.sin(x), math.cos(x), math.exp(-abs(x) / 1000.0), math.sqrt(abs(x))


_sin_cos_exp = njit(sin_cos_exp)


# --- functions of two arguments -------------------------------------------------------

def m_pow(x, y):
    return math.pow(x, y)


def m_atan2(y, x):
    return math.atan2(y, x)


def m_hypot(x, y):
    return math.hypot(x, y)


def m_copysign(x, y):
    return math.copysign(x, y)


def m_fmod(x, y):
    return math.fmod(x, y)


def m_log_base(x, base):
    return math.log(x, base)


PAIRS = [(a, b) for a in [-3.5, -1.0, -0.0, 0.0, 0.5, 1.0, 2.0, 7.25, 1e10, math.inf,
                          -math.inf]
         for b in [-2.0, -0.5, -0.0, 0.0, 0.5, 1.0, 3.0, 1e-5, math.inf, -math.inf]]


@pytest.mark.parametrize("fn,ref", [(m_atan2, math.atan2), (m_hypot, math.hypot),
                                    (m_copysign, math.copysign)],
                         ids=["atan2", "hypot", "copysign"])
def test_binary_math_everywhere(fn, ref):
    jf = njit(fn)
    for a, b in PAIRS + [(math.nan, 1.0), (1.0, math.nan), (math.inf, math.nan)]:
        want = ref(a, b)
        got = jf(a, b)
        assert_close(got, want, ulps=1)
        assert math.copysign(1, got) == math.copysign(1, want) or math.isnan(want), (a, b)


def test_pow():
    jf = njit(m_pow)
    for a, b in PAIRS + [(-2.0, 3.0), (-2.0, -3.0), (2.0, 0.5), (10.0, -300.0),
                         (math.nan, 0.0), (1.0, math.nan)]:
        try:
            want = math.pow(a, b)
        except (ValueError, OverflowError):
            continue          # CPython reports domain/range errors; nothing to compare
        assert_close(jf(a, b), want, ulps=1)


def test_fmod():
    jf = njit(m_fmod)
    for a, b in PAIRS + [(7.0, 3.0), (-7.0, 3.0), (7.0, -3.0), (-7.0, -3.0), (1e300, 3.0),
                         (5.5, 0.1)]:
        try:
            want = math.fmod(a, b)
        except ValueError:
            continue
        assert same_value(jf(a, b), want), (a, b)


@pytest.mark.parametrize("x,base", [(8.0, 2.0), (1000.0, 10.0), (100.0, 10), (2.0, 8.0),
                                    (0.5, 2.0), (7.0, 3.5), (1e300, 1.5), (81, 3),
                                    (10.0, 0.5)])
def test_log_with_base(x, base):
    assert_close(njit(m_log_base)(x, base), math.log(x, base), ulps=2)


def mixed_binary(a, b):
    return math.atan2(a, b), math.hypot(a, b), math.pow(a, b), math.copysign(a, b)


@pytest.mark.parametrize("a,b", [(3, 4), (-3, 2), (2, 0.5), (1.5, -2)])
def test_binary_math_of_ints(a, b):
    got = njit(mixed_binary)(a, b)
    for g, w in zip(got, mixed_binary(a, b)):
        assert_close(g, w, ulps=1)


# --- floor / ceil / trunc return ints; isnan / isinf / isfinite ----------------------------

def rounding(x):
    return math.floor(x), math.ceil(x), math.trunc(x)


@pytest.mark.parametrize("x", [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.5, -2.5, 1e-300, -1e-300,
                               0.9999999999999999, 1e15 + 0.5, -1e15 - 0.5, 4.5e18, 7, -7, 0,
                               True, np.float32(-3.25), np.int32(-4)], ids=repr)
def test_floor_ceil_trunc_return_ints(x):
    ref = float(x) if isinstance(x, np.floating) else int(x) if isinstance(x, np.integer) else x
    assert_same(njit(rounding)(x), rounding(ref))


def classify_float(x):
    return math.isnan(x), math.isinf(x), math.isfinite(x)


@pytest.mark.parametrize("x", [0.0, -0.0, 1.0, 1e308, 5e-324, math.inf, -math.inf, math.nan,
                               -math.nan, 0, 5, -5, True, np.float32("nan"),
                               np.float32("inf"), np.int32(3)], ids=repr)
def test_isnan_isinf_isfinite(x):
    assert_same(njit(classify_float)(x), classify_float(x))


# --- constants --------------------------------------------------------------------------

def constants():
    return math.pi, math.e, math.tau, math.inf, -math.inf


def test_math_constants():
    assert_same(njit(constants)(), constants())


def nan_constant():
    return math.nan


def test_math_nan_constant():
    assert math.isnan(njit(nan_constant)())


def circle_area(r):
    return math.pi * r * r


@pytest.mark.parametrize("r", [0.0, 1.0, 2.5, 1e100])
def test_math_pi_in_expression(r):
    assert_same(njit(circle_area)(r), circle_area(r))


# --- NumPy scalar functions -------------------------------------------------------------

NP_UNARY = {"sqrt": POSITIVE, "exp": UNARY["exp"][0], "log": POSITIVE, "log10": POSITIVE,
            "log2": POSITIVE, "log1p": UNARY["log1p"][0], "expm1": UNARY["expm1"][0],
            "sin": GENERAL, "cos": GENERAL, "tan": UNARY["tan"][0], "sinh": UNARY["sinh"][0],
            "cosh": UNARY["cosh"][0], "tanh": UNARY["tanh"][0], "fabs": GENERAL,
            "arcsin": UNIT, "arccos": UNIT, "arctan": GENERAL}


@pytest.mark.parametrize("name", sorted(NP_UNARY))
def test_numpy_scalar_functions(name):
    namespace = {"np": np}
    exec(f"def f(x):\n    return np.{name}(x)\n", namespace)
    jf = njit(namespace["f"])
    for x in NP_UNARY[name]:
        got = jf(x)
        assert isinstance(got, float)
        assert_close(got, getattr(np, name)(x), ulps=2)


def np_binary(a, b):
    return np.arctan2(a, b), np.hypot(a, b)


@pytest.mark.parametrize("a,b", [(1.0, 2.0), (-1.0, -0.0), (0.0, -1.0), (3.0, 4.0),
                                 (math.inf, 1.0), (-2.5, math.inf)])
def test_numpy_binary_functions(a, b):
    got = njit(np_binary)(a, b)
    want = np_binary(a, b)
    for g, w in zip(got, want):
        assert_close(g, w, ulps=1)
        assert math.copysign(1, g) == math.copysign(1, w)


def casts(x):
    return np.float32(x), np.float64(x), np.int64(x), np.int32(x)


@pytest.mark.parametrize("x", [0.1, -2.75, 3, -7, 12345.5, 2**40 + 3, -2**40 - 3], ids=repr)
def test_numpy_scalar_casts_match_numba(x):
    """np.float32(0.1) rounds to float32; np.int32(2**40 + 3) wraps (as in Numba)."""
    assert_same(njit(casts)(x), numba_jit(casts)(x))


# --- builtins: abs, min, max, round, int, float, bool -------------------------------------

def b_abs(x):
    return abs(x)


@pytest.mark.parametrize("x", [0, 5, -5, 2**63 - 1, -2**63 + 1, 0.0, -0.0, -2.5, 2.5,
                               -math.inf, math.nan, True, False, np.int32(-7),
                               np.float32(-1.5)], ids=repr)
def test_abs(x):
    want = abs(x)
    if isinstance(x, (bool, np.generic)):
        want = numba_jit(b_abs)(x)   # abs(True) == 1 in both; int32 widens in Numba
    assert_same(njit(b_abs)(x), want)


def b_minmax2(a, b):
    return min(a, b), max(a, b)


def b_minmax3(a, b, c):
    return min(a, b, c), max(a, b, c)


@pytest.mark.parametrize("a,b", [(1, 2), (2, 1), (-3, -3), (1.5, -2.5), (-0.0, 0.0),
                                 (0.0, -0.0), (math.nan, 1.0), (1.0, math.nan),
                                 (math.inf, -math.inf), (True, False)], ids=repr)
def test_min_max_same_types(a, b):
    assert_same(njit(b_minmax2)(a, b), b_minmax2(a, b))


@pytest.mark.parametrize("a,b", [(1, 2.5), (2.5, 1), (-1, -0.5), (3, 3.0), (True, 0.5),
                                 (np.int32(4), 7)], ids=repr)
def test_min_max_mixed_types_match_numba(a, b):
    """Numba unifies min(int, float) to float."""
    got = njit(b_minmax2)(a, b)
    assert got == b_minmax2(a, b)
    assert_same(got, numba_jit(b_minmax2)(a, b))


@SETTINGS
@given(a=st.integers(-10**6, 10**6), b=st.integers(-10**6, 10**6),
       c=st.integers(-10**6, 10**6))
def test_min_max_three_ints(a, b, c):
    assert_same(_minmax3(a, b, c), b_minmax3(a, b, c))


_minmax3 = njit(b_minmax3)


@pytest.mark.parametrize("a,b,c", [(1.5, -2.0, 0.25), (3.0, 3.0, -3.0), (-math.inf, 0.0, 1.0)])
def test_min_max_three_floats(a, b, c):
    assert_same(njit(b_minmax3)(a, b, c), b_minmax3(a, b, c))


def b_round(x):
    return round(x)


@pytest.mark.parametrize("x", [0.0, -0.0, 0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 0.4999999999999999,
                               0.49999999999999994, 2.675, -7.3, 1e15 + 0.5, 4.5e15 + 0.5,
                               1e18, 7, -7, 0, np.float32(2.5), np.float32(3.5)], ids=repr)
def test_round_is_bankers_rounding_to_int(x):
    """round(x) rounds half to even and returns an int."""
    assert_same(njit(b_round)(x), round(float(x)) if isinstance(x, np.floating) else round(x))


@SETTINGS
@given(x=st.floats(min_value=-1e15, max_value=1e15))
def test_round_hypothesis(x):
    assert_same(_round(x), round(x))


_round = njit(b_round)


def b_sum_of_conversions(a, b):
    return int(a) + int(b), float(a) * 2, bool(a) and bool(b)


@pytest.mark.parametrize("a,b", [(2.9, -2.9), (0.0, 1), (7, 3.5), (True, 0.0), (-0.9, 0.9)])
def test_int_float_bool_builtins(a, b):
    assert_same(njit(b_sum_of_conversions)(a, b), b_sum_of_conversions(a, b))
