"""Complex numbers in compiled code: arithmetic, comparisons, abs(),
conjugate() and the cmath module, written on the core's complex values (a
{real, imag} pair: `z.real`, `z.imag`, `complex(re, im)`, conversions).

Arithmetic follows CPython's complexobject.c: division is _Py_c_quot
(scaled, ZeroDivisionError for a zero divisor), `**` is _Py_c_pow with
integer exponents up to 100 by repeated squaring (c_powi). complex64 values
compute in complex64 (NumPy's rule; CPython has complex128 only). The cmath
functions use the textbook formulas in forms that avoid overflow and
cancellation (hypot, log1p, the half-angle square root); CPython's tables of
special values for infinite and NaN parts are not reproduced.
"""
import cmath
import math
import operator

import numpy as np

from .. import types
from ..extending import overload, overload_method, register_jitable

_INLINE = "always"
_REAL = (types.Boolean, types.Integer, types.Float)


def _complex_operands(*ts):
    """Numbers, at least one complex: the complex type they compute in."""
    if not any(isinstance(t, types.Complex) for t in ts):
        return None
    if not all(isinstance(t, (types.Complex,) + _REAL) for t in ts):
        return None
    small = all(isinstance(t, types.Complex) and t.bitwidth == 64 or
                isinstance(t, types.Float) and t.bitwidth == 32 or
                isinstance(t, (types.Boolean, types.Integer)) and t.bitwidth <= 16
                for t in ts)
    return types.complex64 if small else types.complex128


def _maker(t):
    """complex(re, im) in type t (complex64 keeps float32 parts)."""
    return _make64 if t == types.complex64 else _make128


@register_jitable
def _make128(re, im):
    return complex(re, im)


@register_jitable
def _make64(re, im):
    return np.complex64(complex(re, im))


# --- arithmetic --------------------------------------------------------------------------

@register_jitable
def _as128(x):
    return np.complex128(x)


@register_jitable
def _as64(x):
    return np.complex64(x)


def _binary(body):
    """An operator on two numbers, one of them complex: `body(make)` is the
    implementation on two complex values of the type they compute in
    (converted first, so complex64 parts meet float64 as float64),
    building results with `make`."""
    def typing(a, b):
        t = _complex_operands(a, b)
        if t is not None:
            inner = register_jitable(body(_maker(t)))
            cast = _as64 if t == types.complex64 else _as128
            return lambda a, b: inner(cast(a), cast(b))
    return typing


@register_jitable
def _quotient(ar, ai, br, bi):
    """(ar + ai j) / (br + bi j) as CPython's _Py_c_quot."""
    abs_br = abs(br)
    abs_bi = abs(bi)
    if abs_br >= abs_bi:
        if abs_br == 0.0:
            raise ZeroDivisionError("complex division by zero")
        ratio = bi / br
        denom = br + bi * ratio
        return (ar + ai * ratio) / denom, (ai - ar * ratio) / denom
    if abs_bi >= abs_br:
        ratio = br / bi
        denom = br * ratio + bi
        return (ar * ratio + ai) / denom, (ai * ratio - ar) / denom
    return math.nan, math.nan  # a NaN part


@register_jitable
def _mul(ar, ai, br, bi):
    return ar * br - ai * bi, ar * bi + ai * br


@register_jitable
def _power_uint(ar, ai, n):
    """(ar + ai j) ** n for n >= 0 by repeated squaring (CPython's c_powu)."""
    rr, ri = 1.0, 0.0
    pr, pi = ar, ai
    mask = 1
    while mask > 0 and n >= mask:
        if n & mask:
            rr, ri = _mul(rr, ri, pr, pi)
        mask <<= 1
        pr, pi = _mul(pr, pi, pr, pi)
    return rr, ri


@register_jitable
def _power(ar, ai, br, bi):
    """(ar + ai j) ** (br + bi j) as CPython's complex_pow."""
    if bi == 0.0 and abs(br) <= 100.0 and br == math.floor(br):
        n = int(br)
        if n >= 0:
            return _power_uint(ar, ai, n)
        pr, pi = _power_uint(ar, ai, -n)
        return _quotient(1.0, 0.0, pr, pi)
    if br == 0.0 and bi == 0.0:
        return 1.0, 0.0
    if ar == 0.0 and ai == 0.0:
        if bi != 0.0 or br < 0.0:
            raise ZeroDivisionError("0.0 to a negative or complex power")
        return 0.0, 0.0
    vabs = math.hypot(ar, ai)
    length = math.pow(vabs, br)
    at = math.atan2(ai, ar)
    phase = at * br
    if bi != 0.0:
        length /= math.exp(at * bi)
        phase += bi * math.log(vabs)
    return length * math.cos(phase), length * math.sin(phase)


overload(operator.add, inline=_INLINE)(_binary(
    lambda make: lambda a, b: make(a.real + b.real, a.imag + b.imag)))
overload(operator.sub, inline=_INLINE)(_binary(
    lambda make: lambda a, b: make(a.real - b.real, a.imag - b.imag)))


def _mul_impl(make):
    def impl(a, b):
        re, im = _mul(a.real, a.imag, b.real, b.imag)
        return make(re, im)
    return impl


def _div_impl(make):
    def impl(a, b):
        re, im = _quotient(a.real, a.imag, b.real, b.imag)
        return make(re, im)
    return impl


def _pow_impl(make):
    def impl(a, b):
        re, im = _power(a.real, a.imag, b.real, b.imag)
        return make(re, im)
    return impl


overload(operator.mul, inline=_INLINE)(_binary(_mul_impl))
overload(operator.truediv, inline=_INLINE)(_binary(_div_impl))
overload(operator.pow, inline=_INLINE)(_binary(_pow_impl))
overload(pow, inline=_INLINE)(_binary(_pow_impl))
overload(operator.eq, inline=_INLINE)(_binary(
    lambda make: lambda a, b: a.real == b.real and a.imag == b.imag))
overload(operator.ne, inline=_INLINE)(_binary(
    lambda make: lambda a, b: a.real != b.real or a.imag != b.imag))


def _unary(body):
    def typing(a):
        if isinstance(a, types.Complex):
            return body(_maker(a))
    return typing


overload(operator.neg, inline=_INLINE)(_unary(lambda make: lambda a: make(-a.real, -a.imag)))
overload(operator.pos, inline=_INLINE)(_unary(lambda make: lambda a: a))


@overload(abs, inline=_INLINE)
def complex_abs(z):
    """abs(z): its modulus, math.hypot(re, im) (a float of z's part type)."""
    if isinstance(z, types.Complex):
        return lambda z: math.hypot(z.real, z.imag)


@overload(hash, inline=_INLINE)
def complex_hash(z):
    """hash(z) as CPython's complex_hash: hash(re) + 1000003 * hash(im),
    wrapping, -1 taken as -2."""
    if isinstance(z, types.Complex):
        def impl(z):
            h = np.uint64(hash(z.real)) + np.uint64(1000003) * np.uint64(hash(z.imag))
            out = np.int64(h)
            return -2 if out == -1 else out
        return impl


@overload_method(types.Complex, "conjugate", inline=_INLINE)
def complex_conjugate(z):
    make = _maker(z)
    return lambda z: make(z.real, -z.imag)


@overload_method(types.Float, "conjugate", inline=_INLINE)
def float_conjugate(x):
    return lambda x: x


@overload_method(types.Integer, "conjugate", inline=_INLINE)
def int_conjugate(x):
    return lambda x: x


# --- cmath -------------------------------------------------------------------------------

def _cmath(fn):
    """Registers `fn(z)` (of a complex128) as cmath's function of any number."""
    jitted = register_jitable(fn)

    def typing(z):
        if isinstance(z, (types.Complex,) + _REAL):
            return lambda z: jitted(complex(z))
    typing.__name__ = f"cmath_{fn.__name__}"
    overload(getattr(cmath, fn.__name__), inline=_INLINE)(typing)
    return jitted


@_cmath
def phase(z):
    return math.atan2(z.imag, z.real)


@overload(cmath.polar, inline=_INLINE)
def cmath_polar(z):
    """(abs(z), phase(z))."""
    if isinstance(z, (types.Complex,) + _REAL):
        def impl(z):
            w = complex(z)
            return math.hypot(w.real, w.imag), math.atan2(w.imag, w.real)
        return impl


@overload(cmath.rect, inline=_INLINE)
def cmath_rect(r, phi):
    """r * (cos(phi) + sin(phi) j)."""
    if isinstance(r, _REAL) and isinstance(phi, _REAL):
        return lambda r, phi: complex(r * math.cos(phi), r * math.sin(phi))


@_cmath
def sqrt(z):
    # The half-angle form (Kahan): no cancellation, the branch cut on the
    # negative real axis with the sign of the imaginary part kept.
    # CPython's c_sqrt: scaled so that neither huge nor subnormal parts
    # overflow or lose bits.
    x, y = z.real, z.imag
    if x == 0.0 and y == 0.0:
        return complex(0.0, y)
    ax, ay = abs(x), abs(y)
    if ax < 2.2250738585072014e-308 and ay < 2.2250738585072014e-308:
        ax *= 9007199254740992.0  # 2**53
        s = math.sqrt(ax + math.hypot(ax, ay * 9007199254740992.0)) * 7.450580596923828e-09
    else:
        ax /= 8.0
        s = 2.0 * math.sqrt(ax + math.hypot(ax, ay / 8.0))
    d = ay / (2.0 * s)
    if x >= 0.0:
        return complex(s, math.copysign(d, y))
    return complex(d, math.copysign(s, y))


@_cmath
def exp(z):
    r = math.exp(z.real)
    if z.imag == 0.0:
        return complex(r, z.imag)
    return complex(r * math.cos(z.imag), r * math.sin(z.imag))


@register_jitable
def _log(z):
    # CPython's c_log: log1p near the unit circle, where log(hypot) cancels.
    ax, ay = abs(z.real), abs(z.imag)
    h = math.hypot(ax, ay)
    if 0.71 <= h <= 1.73:
        am, an = max(ax, ay), min(ax, ay)
        re = math.log1p((am - 1.0) * (am + 1.0) + an * an) / 2.0
    else:
        re = math.log(h)
    return complex(re, math.atan2(z.imag, z.real))


@overload(cmath.log, inline=_INLINE)
def cmath_log(z, base=None):
    """log(z) (the principal value) and log(z, base)."""
    if not isinstance(z, (types.Complex,) + _REAL):
        return None
    if base is None or isinstance(base, types.Omitted):
        return lambda z, base=None: _log(complex(z))
    if isinstance(base, (types.Complex,) + _REAL):
        return lambda z, base=None: _log(complex(z)) / _log(complex(base))


@_cmath
def log10(z):
    w = _log(z)
    return complex(w.real / math.log(10.0), w.imag / math.log(10.0))


@_cmath
def sin(z):
    # sin(z) = -i sinh(iz)
    w = sinh(complex(-z.imag, z.real))
    return complex(w.imag, -w.real)


@_cmath
def cos(z):
    # cos(z) = cosh(iz)
    return cosh(complex(-z.imag, z.real))


@_cmath
def tan(z):
    # tan(z) = -i tanh(iz)
    w = tanh(complex(-z.imag, z.real))
    return complex(w.imag, -w.real)


@_cmath
def sinh(z):
    return complex(math.sinh(z.real) * math.cos(z.imag), math.cosh(z.real) * math.sin(z.imag))


@_cmath
def cosh(z):
    return complex(math.cosh(z.real) * math.cos(z.imag), math.sinh(z.real) * math.sin(z.imag))


@_cmath
def tanh(z):
    # CPython's form: no overflow of sinh and cosh for large real parts.
    if abs(z.real) > 354.0:  # tanh is +-1 to double precision
        return complex(math.copysign(1.0, z.real),
                       4.0 * math.sin(z.imag) * math.cos(z.imag) * math.exp(-2.0 * abs(z.real)))
    tx = math.tanh(z.real)
    ty = math.tan(z.imag)
    cx = 1.0 / math.cosh(z.real)
    txty = tx * ty
    denom = 1.0 + txty * txty
    return complex(tx * (1.0 + ty * ty) / denom, ((ty / denom) * cx) * cx)


# The inverse functions as CPython's cmathmodule.c computes them (Kahan's
# forms through square roots of 1 +- z, which keep the sign of a zero
# imaginary part and so the side of each branch cut).

@_cmath
def asinh(z):
    s1 = sqrt(complex(1.0 + z.imag, -z.real))
    s2 = sqrt(complex(1.0 - z.imag, z.real))
    return complex(math.asinh(s1.real * s2.imag - s2.real * s1.imag),
                   math.atan2(z.imag, s1.real * s2.real - s1.imag * s2.imag))


@_cmath
def asin(z):
    # asin(z) = -i asinh(iz)
    w = asinh(complex(-z.imag, z.real))
    return complex(w.imag, -w.real)


@_cmath
def acos(z):
    s1 = sqrt(complex(1.0 - z.real, -z.imag))
    s2 = sqrt(complex(1.0 + z.real, z.imag))
    return complex(2.0 * math.atan2(s1.real, s2.real),
                   math.asinh(s2.real * s1.imag - s2.imag * s1.real))


@_cmath
def acosh(z):
    s1 = sqrt(complex(z.real - 1.0, z.imag))
    s2 = sqrt(complex(z.real + 1.0, z.imag))
    return complex(math.asinh(s1.real * s2.real + s1.imag * s2.imag),
                   2.0 * math.atan2(s1.imag, s2.real))


@_cmath
def atanh(z):
    if z.real < 0.0:  # atanh is odd: the formula below is for real parts >= 0
        w = atanh(complex(-z.real, -z.imag))
        return complex(-w.real, -w.imag)
    ay = abs(z.imag)
    if z.real == 1.0 and ay == 0.0:
        raise ValueError("math domain error")  # a pole, as CPython reports it
    if z.real > 6.703903964971298e+153 or ay > 6.703903964971298e+153:
        # CPython's branch for large arguments (no overflow of the squares)
        h = math.hypot(z.real / 2.0, z.imag / 2.0)
        return complex(z.real / 4.0 / h / h, -math.copysign(math.pi / 2.0, -z.imag))
    if z.real == 1.0 and ay < 1.4916681462400413e-154:
        # CPython's branch next to the pole (the squares would underflow)
        return complex(-math.log(math.sqrt(ay) / math.sqrt(math.hypot(ay, 2.0))),
                       math.copysign(math.atan2(2.0, -ay) / 2.0, z.imag))
    one_less = 1.0 - z.real
    re = math.log1p(4.0 * z.real / (one_less * one_less + ay * ay)) / 4.0
    im = -math.atan2(-2.0 * z.imag, one_less * (1.0 + z.real) - ay * ay) / 2.0
    return complex(re, im)


@_cmath
def atan(z):
    # atan(z) = -i atanh(iz)
    w = atanh(complex(-z.imag, z.real))
    return complex(w.imag, -w.real)


def _predicate(name, body):
    def typing(z):
        if isinstance(z, (types.Complex,) + _REAL):
            return body
    typing.__name__ = f"cmath_{name}"
    overload(getattr(cmath, name), inline=_INLINE)(typing)


_predicate("isnan", lambda z: math.isnan(complex(z).real) or math.isnan(complex(z).imag))
_predicate("isinf", lambda z: math.isinf(complex(z).real) or math.isinf(complex(z).imag))
_predicate("isfinite",
           lambda z: math.isfinite(complex(z).real) and math.isfinite(complex(z).imag))
