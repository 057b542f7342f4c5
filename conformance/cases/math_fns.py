"""math functions in float64 and float32, within ULP tolerances of CPython's
results (CPython calls the C library for most of them, and has its own
gamma/lgamma, accurate to a few ULP).

float32 cases compute the function in float32 (as Numba does: `math.sin` of
a float32 is a float32); the reference computes in float64 and rounds, so
the tolerance is measured in float32 ULP.

Where CPython raises ValueError/OverflowError for a domain or range error
(math.sqrt(-1.0), math.log(0.0), math.exp(1000.0)), pyrite returns what C's
libm returns (nan, -inf, inf), as Numba does: `expect=libm(...)` takes the
NumPy function's answer there.
"""
import math

import numpy as np

from ..suite import Case

INF, NAN = math.inf, math.nan


def libm(kernel, np_equiv):
    """CPython's answer, or where CPython raises a domain/range error, C's
    (through the equivalent NumPy function)."""
    def expect(*args):
        try:
            return kernel(*args)
        except (ValueError, OverflowError):
            with np.errstate(all="ignore"):
                return float(np_equiv(*args))
    expect.__name__ = f"libm({kernel.__name__})"
    return expect


# One kernel per function (each is compiled on its own).
def k_sqrt(x): return math.sqrt(x)
def k_exp(x): return math.exp(x)
def k_expm1(x): return math.expm1(x)
def k_log(x): return math.log(x)
def k_log2(x): return math.log2(x)
def k_log10(x): return math.log10(x)
def k_log1p(x): return math.log1p(x)
def k_sin(x): return math.sin(x)
def k_cos(x): return math.cos(x)
def k_tan(x): return math.tan(x)
def k_asin(x): return math.asin(x)
def k_acos(x): return math.acos(x)
def k_atan(x): return math.atan(x)
def k_sinh(x): return math.sinh(x)
def k_cosh(x): return math.cosh(x)
def k_tanh(x): return math.tanh(x)
def k_asinh(x): return math.asinh(x)
def k_acosh(x): return math.acosh(x)
def k_atanh(x): return math.atanh(x)
def k_erf(x): return math.erf(x)
def k_erfc(x): return math.erfc(x)
def k_gamma(x): return math.gamma(x)
def k_lgamma(x): return math.lgamma(x)
def k_fabs(x): return math.fabs(x)
def k_degrees(x): return math.degrees(x)
def k_radians(x): return math.radians(x)
def k_atan2(y, x): return math.atan2(y, x)
def k_pow(x, y): return math.pow(x, y)
def k_hypot(x, y): return math.hypot(x, y)
def k_copysign(x, y): return math.copysign(x, y)
def k_fmod(x, y): return math.fmod(x, y)
def k_log_base(x, b): return math.log(x, b)


def k_classify(x):
    return math.isnan(x), math.isinf(x), math.isfinite(x)


def k_floor_ceil_trunc(x):
    return math.floor(x), math.ceil(x), math.trunc(x)


def k_np_unary(x):
    return np.sqrt(x) + np.exp(-x) + np.log1p(x) + np.sin(x) * np.cos(x) + np.arctan(x)


def k_np_binary(y, x):
    return np.arctan2(y, x), np.hypot(y, x)


def k_identity(x):
    # sin^2 + cos^2 and exp(log(x)): a few roundings, compared within tolerance
    return math.sin(x) ** 2 + math.cos(x) ** 2, math.exp(math.log(x))


def _tgamma(x):
    # C's tgamma where CPython raises (poles): +-inf at 0, nan at negative integers
    if x == 0:
        return math.copysign(INF, x)
    if x < 0 and x == math.floor(x):
        return NAN
    return INF if x > 0 else 0.0


def _lgamma(x):
    return INF


def _copysign(x, y):
    return np.copysign(x, y)


GENERAL = [0.0, -0.0, 0.1, 0.5, 0.7, 1.0, -1.0, 2.0, 3.14159, -2.5, 10.0, 100.0, 123.456,
           1e-300, 1e-5, 1e5, 1e300, -1e300, INF, -INF, NAN]
POSITIVE = [1e-310, 1e-300, 1e-5, 0.1, 0.5, 1.0, 2.0, 2.718281828459045, 10.0, 1000.0,
            1e100, 1e308, INF, 0.0, -1.0, NAN]
UNIT = [-1.0, -0.999, -0.5, -1e-8, 0.0, -0.0, 0.25, 0.5, 0.75, 0.999, 1.0, 1.5, -2.0, NAN]
TRIG = [0.0, -0.0, 1e-8, 0.5, 1.0, -1.0, 1.5707963267948966, 3.141592653589793, 10.0, -100.0,
        1e6, 1e22, INF, NAN]
EXPS = [0.0, -0.0, 1e-10, 0.5, 1.0, -1.0, 10.0, -10.0, 100.0, 709.0, 710.0, -745.0, -750.0,
        INF, -INF, NAN]
GAMMA = [0.5, 1.0, 1.5, 2.0, 3.0, 4.5, 10.0, 20.5, 100.0, 170.5, 171.7, -0.5, -1.5, -2.5,
         1e-5, 0.0, -1.0, NAN, INF]
PAIRS = [(1.0, 1.0), (-1.0, 1.0), (1.0, -1.0), (-1.0, -1.0), (0.0, 0.0), (-0.0, 0.0),
         (0.0, -0.0), (3.0, 4.0), (1e-300, 1e300), (1e300, 1e300), (INF, 1.0), (1.0, INF),
         (INF, INF), (-INF, -INF), (NAN, 1.0), (1.0, NAN), (2.5, -7.25), (123.0, 0.001)]
POW_PAIRS = [(2.0, 0.5), (2.0, 10.0), (-2.0, 3.0), (-2.0, -3.0), (10.0, -300.0), (1.5, 2.5),
             (0.5, 1074.0), (1e10, 30.0), (0.0, 0.0), (0.0, 3.0), (NAN, 0.0), (1.0, NAN),
             (INF, -1.0), (-8.0, 1.0 / 3.0), (0.0, -1.0), (1.0000001, 1e9)]

F32 = np.float32
GENERAL32 = [0.0, -0.0, 0.1, 0.5, 1.0, -1.0, 2.0, 3.14159, -2.5, 10.0, 100.0, 1e-30, 1e30,
             INF, -INF, NAN]
POSITIVE32 = [1e-40, 1e-30, 1e-5, 0.1, 0.5, 1.0, 2.0, 10.0, 1000.0, 1e30, 3e38, INF, 0.0,
              -1.0, NAN]
TRIG32 = [0.0, -0.0, 1e-8, 0.5, 1.0, -1.0, 1.5707964, 3.1415927, 10.0, -100.0, 1e4, INF, NAN]
EXPS32 = [0.0, 1e-10, 0.5, 1.0, -1.0, 10.0, -10.0, 88.0, 89.0, -103.0, -110.0, INF, -INF, NAN]

# (name, kernel, float64 inputs, float64 ulps, float32 inputs or None, float32 ulps, C semantics)
UNARY = [
    ("sqrt", k_sqrt, POSITIVE + [-0.0, -INF], 0, POSITIVE32 + [-0.0], 0, np.sqrt),
    ("exp", k_exp, EXPS, 1, EXPS32, 1, np.exp),
    ("expm1", k_expm1, EXPS, 1, EXPS32, 1, np.expm1),
    ("log", k_log, POSITIVE, 1, POSITIVE32, 1, np.log),
    ("log2", k_log2, POSITIVE + [1024.0, 0.125], 1, POSITIVE32, 1, np.log2),
    ("log10", k_log10, POSITIVE + [1000.0, 1e-20], 1, POSITIVE32, 1, np.log10),
    ("log1p", k_log1p, [-1.0, -0.5, -1e-10, 0.0, 1e-20, 1e-5, 1.0, 1e10, INF, -2.0, NAN], 1,
     [-1.0, -0.5, -1e-10, 0.0, 1e-5, 1.0, 1e10, INF, NAN], 1, np.log1p),
    ("sin", k_sin, TRIG, 1, TRIG32, 1, np.sin),
    ("cos", k_cos, TRIG, 1, TRIG32, 1, np.cos),
    ("tan", k_tan, TRIG, 1, TRIG32, 1, np.tan),
    ("asin", k_asin, UNIT, 1, UNIT, 1, np.arcsin),
    ("acos", k_acos, UNIT, 1, UNIT, 1, np.arccos),
    ("atan", k_atan, GENERAL, 1, GENERAL32, 1, np.arctan),
    ("sinh", k_sinh, EXPS, 2, EXPS32, 2, np.sinh),
    ("cosh", k_cosh, EXPS, 2, EXPS32, 2, np.cosh),
    ("tanh", k_tanh, GENERAL, 2, GENERAL32, 2, np.tanh),
    ("asinh", k_asinh, GENERAL, 2, GENERAL32, 2, np.arcsinh),
    ("acosh", k_acosh, [1.0, 1.5, 2.0, 10.0, 1e10, 1e300, INF, 0.5, NAN], 2,
     [1.0, 1.5, 2.0, 10.0, 1e10, INF, 0.5, NAN], 2, np.arccosh),
    ("atanh", k_atanh, UNIT, 2, UNIT, 2, np.arctanh),
    ("erf", k_erf, GENERAL + [3.0, -5.0, 6.0], 2, GENERAL32, 2, None),
    ("erfc", k_erfc, GENERAL + [3.0, -5.0, 6.0, 26.0, 27.5], 4, GENERAL32 + [9.0], 4, None),
    ("gamma", k_gamma, GAMMA, 16, [0.5, 1.0, 1.5, 3.0, 4.5, 10.0, 20.5, 34.5, -0.5, -2.5,
                                   1e-5, NAN, INF], 4, _tgamma),
    # (not near lgamma's zeros at -2.457..., -2.747...: the libraries differ there)
    ("lgamma", k_lgamma, [0.5, 1.5, 2.5, 3.0, 4.5, 10.0, 100.0, 1e5, 1e300, -0.5, -3.5, 1e-5,
                          NAN, INF], 16,
     [0.5, 1.5, 2.5, 3.0, 4.5, 10.0, 100.0, 1e5, -0.5, -2.5, 1e-5, NAN, INF], 4, _lgamma),
    ("fabs", k_fabs, GENERAL, 0, GENERAL32, 0, np.fabs),
    ("degrees", k_degrees, GENERAL, 1, GENERAL32, 1, np.degrees),
    ("radians", k_radians, GENERAL, 1, GENERAL32, 1, np.radians),
]

BINARY = [
    ("atan2", k_atan2, PAIRS, 1, 1, np.arctan2),
    ("pow", k_pow, POW_PAIRS, 1, 1, np.power),
    ("hypot", k_hypot, PAIRS + [(1e308, 1e308), (3e-320, 4e-320)], 1, 1, np.hypot),
    ("copysign", k_copysign, PAIRS, 0, 0, np.copysign),
    ("fmod", k_fmod, PAIRS + [(7.0, 3.0), (-7.0, 3.0), (7.0, -3.0), (1e300, 3.0), (5.5, 0.1),
                              (INF, 2.0), (1.0, 0.0)], 0, 0, np.fmod),
]


def _f32_ok(pairs):
    return [(a, b) for a, b in pairs if abs(a) <= 3e38 or math.isinf(a) or math.isnan(a)
            if abs(b) <= 3e38 or math.isinf(b) or math.isnan(b)]


CASES = []
for name, kernel, inputs, ulps, inputs32, ulps32, c_version in UNARY:
    expect = libm(kernel, c_version) if c_version is not None else None
    CASES.append(Case(f"{name}_float64", kernel, "float64(float64)", [(x,) for x in inputs],
                      tolerance_ulps=ulps, expect=expect, tags={"math"}))
    if inputs32 is not None:
        CASES.append(Case(f"{name}_float32", kernel, "float32(float32)",
                          [(x,) for x in inputs32], tolerance_ulps=ulps32, expect=expect,
                          tags={"math", "float32"}))
for name, kernel, pairs, ulps, ulps32, c_version in BINARY:
    expect = libm(kernel, c_version)
    CASES.append(Case(f"{name}_float64", kernel, "float64(float64, float64)", pairs,
                      tolerance_ulps=ulps, expect=expect, tags={"math"}))
    CASES.append(Case(f"{name}_float32", kernel, "float32(float32, float32)",
                      _f32_ok(pairs), tolerance_ulps=ulps32, expect=expect,
                      tags={"math", "float32"}))

CASES += [
    Case("log_with_base", k_log_base, "float64(float64, float64)",
         [(8.0, 2.0), (1000.0, 10.0), (2.0, 8.0), (0.5, 2.0), (7.0, 3.5), (1e300, 1.5)],
         tolerance_ulps=2, tags={"math"}),
    Case("classify", k_classify, "(float64,)", [(x,) for x in GENERAL], tags={"math"}),
    Case("classify_float32", k_classify, "(float32,)", [(x,) for x in GENERAL32],
         tags={"math", "float32"}),
    Case("floor_ceil_trunc", k_floor_ceil_trunc, "(float64,)",
         [(x,) for x in (0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.0, 1e15 + 0.5, -123.999)],
         tags={"math"}),
    Case("numpy_scalar_functions", k_np_unary, "float64(float64)",
         [(0.0,), (0.5,), (2.0,), (100.0,)], tolerance_ulps=2, tags={"math", "numpy"}),
    Case("numpy_scalar_binary", k_np_binary, "(float64, float64)",
         [(1.0, 2.0), (-3.0, 0.5), (0.0, -1.0)], tolerance_ulps=1, tags={"math", "numpy"}),
    Case("trig_and_exp_identities", k_identity, "(float64,)",
         [(0.5,), (2.0,), (123.0,)], tolerance_ulps=2, tags={"math"}),
]
