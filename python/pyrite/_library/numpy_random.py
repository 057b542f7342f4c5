"""np.random and the stdlib random module beyond the core's scalar builtins:
size= for every np.random function, randint, exponential, gamma, beta,
binomial, poisson, geometric, laplace, lognormal, choice, shuffle,
permutation; random.randint/randrange/choice/shuffle and the CPython
variates. Streams match Numba's after seeding (numba/np/random/legacy.py,
numba/cpython/randomimpl.py), which follow NumPy's legacy RandomState where
Numba does (randint, normal, uniform, binomial, poisson, geometric, ...).

The core keeps the primitives: the MT19937 state per thread and stream
(0 for `random`, 1 for `np.random`), the 53-bit double (np.random.random(),
random.random()) and the cached polar gauss. A raw 32-bit draw, needed by
randint, randrange and shuffle, is `_np_u32()` / `_py_u32()`, an IR primitive
over the core's state (pyrite_rt.h's PyriteRng: int32 index, then uint32
mt[624]; pyrite_rt_rng_state and pyrite_rt_rng_refill).
"""
import math
import random

import numpy as np

from .. import types
from .._ir_text import ir_primitive
from ..extending import overload, register_jitable

_INLINE = "always"
_NUMBER = (types.Integer, types.Float, types.Boolean)


# --- deferred registration -----------------------------------------------------------
# numpy.random costs tens of milliseconds to import, so the library does not
# import it: the np.random overloads register when something has, with the
# core's np.random builtins (pyrite/_resolve.py calls register_numpy_random).

_NP_PENDING = []


def _np_overload(name):
    """@overload(np.random.<name>), registered by register_numpy_random()."""
    def decorate(typing_func):
        _NP_PENDING.append((name, typing_func))
        return typing_func
    return decorate


def register_numpy_random():
    """Registers the pending np.random overloads (idempotent)."""
    while _NP_PENDING:
        name, typing_func = _NP_PENDING.pop(0)
        overload(getattr(np.random, name), inline=_INLINE)(typing_func)


# --- typing helpers ----------------------------------------------------------------

def _absent(t):
    return t is None or isinstance(t, (types.NoneType, types.Omitted))


def _num(t):
    """A real number argument: a numeric type, or a Python default."""
    if isinstance(t, (bool, int, float)):
        return True
    return isinstance(t, _NUMBER)


def _int(t):
    return isinstance(t, int) or isinstance(t, (types.Integer, types.Boolean))


def _shape(size):
    """Whether `size` is an integer or a tuple of integers."""
    if isinstance(size, types.Integer):
        return True
    return isinstance(size, types.UniTuple) and isinstance(size.dtype, types.Integer) \
        and size.count > 0


# --- the raw 32-bit draw -----------------------------------------------------------

def _make_next_u32(stream):
    def next_u32():
        """The next 32 bits of Mersenne Twister stream `stream` (0: the random
        module's, 1: NumPy's) in the runtime: state {index, mt[624]}, refilled
        every 624 draws, the draw tempered as MT19937 does."""
        body = f"""%state = call ptr @pyrite_rt_rng_state(i32 {stream})
%index = load i32, ptr %state
%spent = icmp sge i32 %index, 624
br i1 %spent, label %refill, label %draw
refill:
call void @pyrite_rt_rng_refill(ptr %state)
br label %draw
draw:
%i = load i32, ptr %state
%next = add i32 %i, 1
%slot = getelementptr i32, ptr %state, i32 %next
%y0 = load i32, ptr %slot
store i32 %next, ptr %state
%s1 = lshr i32 %y0, 11
%y1 = xor i32 %y0, %s1
%s2 = shl i32 %y1, 7
%m2 = and i32 %s2, -1658038656      ; 0x9d2c5680
%y2 = xor i32 %y1, %m2
%s3 = shl i32 %y2, 15
%m3 = and i32 %s3, -272236544       ; 0xefc60000
%y3 = xor i32 %y2, %m3
%s4 = lshr i32 %y3, 18
%y4 = xor i32 %y3, %s4
ret i32 %y4"""
        return types.uint32(), body, ["declare ptr @pyrite_rt_rng_state(i32)",
                                      "declare void @pyrite_rt_rng_refill(ptr)"]
    next_u32.__qualname__ = f"next_u32_stream{stream}"
    return ir_primitive(next_u32)


_py_u32 = _make_next_u32(0)
_np_u32 = _make_next_u32(1)


@register_jitable(inline=_INLINE)
def _np_bounded(rng):
    """A uniform integer in [0, rng] (0 <= rng < 2**63) by masked rejection,
    as NumPy's legacy randint (and Numba) draw it: the low bits of one 32-bit
    draw, or of two (high word first) past 32 bits."""
    if rng == 0:
        return 0
    mask = rng
    mask |= mask >> 1
    mask |= mask >> 2
    mask |= mask >> 4
    mask |= mask >> 8
    mask |= mask >> 16
    mask |= mask >> 32
    if rng <= 0xFFFFFFFF:
        while True:
            r = np.int64(_np_u32()) & mask
            if r <= rng:
                return r
    high_mask = mask >> 32
    while True:
        high = np.int64(_np_u32()) & high_mask
        r = (high << 32) | np.int64(_np_u32())
        if r <= rng:
            return r


@register_jitable(inline=_INLINE)
def _py_below(n):
    """A uniform integer in [0, n) (n >= 1) as CPython's _randbelow draws it
    (getrandbits(n.bit_length()), low word first), as Numba does."""
    nbits = 0
    m = n
    while m > 0:
        nbits += 1
        m >>= 1
    while True:
        if nbits <= 32:
            r = np.int64(_py_u32()) >> (32 - nbits)
        else:
            low = np.int64(_py_u32())
            r = low + ((np.int64(_py_u32()) >> (64 - nbits)) << 32)
        if r < n:
            return r


# --- scalar samplers (Numba's algorithms) ------------------------------------------

@register_jitable(inline=_INLINE)
def _randint(low, high):
    if high <= low:
        raise ValueError("empty range for randrange()")
    return low + _np_bounded(high - low - 1)


@register_jitable(inline=_INLINE)
def _uniform(low, high):
    lo = float(low)
    return lo + (float(high) - lo) * np.random.random()


@register_jitable(inline=_INLINE)
def _normal(loc, scale):
    return loc + scale * np.random.standard_normal()


@register_jitable(inline=_INLINE)
def _exponential(scale, unused):
    return -math.log(1.0 - np.random.random()) * scale


def _gammavariate(uniform):
    """CPython's gammavariate over `uniform()`, as Numba's random.gammavariate
    (random.random) and np.random.gamma (np.random.random)."""
    def gamma(alpha, beta):
        sg_magicconst = 1.0 + math.log(4.5)
        if alpha <= 0.0 or beta <= 0.0:
            raise ValueError("gammavariate: alpha and beta must be > 0.0")
        if alpha > 1.0:
            # R.C.H. Cheng, Applied Statistics 26 (1977), 71-74
            ainv = math.sqrt(2.0 * alpha - 1.0)
            bbb = alpha - math.log(4.0)
            ccc = alpha + ainv
            while True:
                u1 = uniform()
                if not 1e-7 < u1 < .9999999:
                    continue
                u2 = 1.0 - uniform()
                v = math.log(u1 / (1.0 - u1)) / ainv
                x = alpha * math.exp(v)
                z = u1 * u1 * u2
                r = bbb + ccc * v - x
                if r + sg_magicconst - 4.5 * z >= 0.0 or r >= math.log(z):
                    return x * beta
        elif alpha == 1.0:
            return -math.log(1.0 - uniform()) * beta
        x = 0.0
        while True:             # algorithm GS (Kennedy & Gentle)
            u = uniform()
            b = (math.e + alpha) / math.e
            p = b * u
            if p <= 1.0:
                x = p ** (1.0 / alpha)
            else:
                x = -math.log((b - p) / alpha)
            u1 = uniform()
            if p > 1.0:
                if u1 <= x ** (alpha - 1.0):
                    break
            elif u1 <= math.exp(-x):
                break
        return x * beta
    return register_jitable(gamma)


@register_jitable(inline=_INLINE)
def _np_random():
    return np.random.random()


@register_jitable(inline=_INLINE)
def _py_random():
    return random.random()


_gamma = _gammavariate(_np_random)
_py_gamma = _gammavariate(_py_random)


@register_jitable
def _beta(a, b):
    y = _gamma(a, 1.0)
    if y == 0.0:
        return 0.0
    return y / (y + _gamma(b, 1.0))


@register_jitable(inline=_INLINE)
def _laplace(loc, scale):
    u = np.random.random()
    if u < 0.5:
        return loc + scale * math.log(u + u)
    return loc - scale * math.log(2.0 - u - u)


@register_jitable(inline=_INLINE)
def _lognormal(mean, sigma):
    return math.exp(np.random.normal(mean, sigma))


@register_jitable
def _geometric(p, unused):
    if p <= 0.0 or p > 1.0:
        raise ValueError("geometric(): p outside of (0, 1]")
    q = 1.0 - p
    if p >= 0.333333333333333333333333:
        x = 1
        total = prod = p
        u = np.random.random()
        while u > total:
            prod *= q
            total += prod
            x += 1
        return x
    return np.int64(math.ceil(math.log(1.0 - np.random.random()) / math.log(q)))


@register_jitable
def _loggam(x):
    """log(gamma(x)) as NumPy's legacy (and Numba's _random.c) computes it."""
    if x == 1.0 or x == 2.0:
        return 0.0
    x0 = x
    n = 0
    if x <= 7.0:
        n = np.int64(7 - x)
        x0 = x + n
    x2 = 1.0 / (x0 * x0)
    gl0 = -1.39243221690590e+00
    gl0 = gl0 * x2 + 1.796443723688307e-01
    gl0 = gl0 * x2 - 2.955065359477124e-02
    gl0 = gl0 * x2 + 6.410256410256410e-03
    gl0 = gl0 * x2 - 1.917526917526918e-03
    gl0 = gl0 * x2 + 8.417508417508418e-04
    gl0 = gl0 * x2 - 5.952380952380952e-04
    gl0 = gl0 * x2 + 7.936507936507937e-04
    gl0 = gl0 * x2 - 2.777777777777778e-03
    gl0 = gl0 * x2 + 8.333333333333333e-02
    gl = gl0 / x0 + 0.5 * math.log(2 * math.pi) + (x0 - 0.5) * math.log(x0) - x0
    if x <= 7.0:
        for k in range(n):
            gl -= math.log(x0 - 1.0)
            x0 -= 1.0
    return gl


@register_jitable
def _poisson(lam, unused):
    if lam >= 10.0:
        # PTRS (Hoermann 1992), NumPy's legacy poisson_ptrs.
        slam = math.sqrt(lam)
        loglam = math.log(lam)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invalpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = np.random.random() - 0.5
            v = np.random.random()
            us = 0.5 - abs(u)
            k = np.int64(math.floor((2 * a / us + b) * u + lam + 0.43))
            if us >= 0.07 and v <= vr:
                return k
            if k < 0 or (us < 0.013 and v > us):
                continue
            if (math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b)) <= \
                    (-lam + k * loglam - _loggam(k + 1.0)):
                return k
    if lam < 0.0:
        raise ValueError("poisson(): lambda < 0")
    if lam == 0.0:
        return 0
    enlam = math.exp(-lam)
    x = 0
    prod = 1.0
    while True:
        prod *= np.random.random()
        if prod <= enlam:
            return x
        x += 1


@register_jitable
def _binomial_btpe(n, r):
    """NumPy's legacy BTPE (Kachitvichyanukul & Schmeiser), as Numba's."""
    q = 1.0 - r
    fm = n * r + r
    m = int(math.floor(fm))
    p1 = math.floor(2.195 * math.sqrt(n * r * q) - 4.6 * q) + 0.5
    xm = m + 0.5
    xl = xm - p1
    xr = xm + p1
    c = 0.134 + 20.5 / (15.3 + m)
    a = (fm - xl) / (fm - xl * r)
    laml = a * (1.0 + a / 2.0)
    a = (xr - fm) / (xr * q)
    lamr = a * (1.0 + a / 2.0)
    p2 = p1 * (1.0 + 2.0 * c)
    p3 = p2 + c / laml
    p4 = p3 + c / lamr
    nrq = n * r * q
    while True:
        u = np.random.random() * p4
        v = np.random.random()
        y = 0
        if u <= p1:
            return int(math.floor(xm - p1 * v + u))
        if u <= p2:
            x = xl + (u - p1) / c
            v = v * c + 1.0 - math.fabs(m - x + 0.5) / p1
            if v > 1.0:
                continue
            y = int(math.floor(x))
        elif u <= p3:
            y = int(math.floor(xl + math.log(v) / laml))
            if y < 0 or v == 0.0:
                continue
            v = v * (u - p2) * laml
        else:
            y = int(math.floor(xr - math.log(v) / lamr))
            if y > n or v == 0.0:
                continue
            v = v * (u - p3) * lamr
        k = abs(y - m)
        if not (k > 20 and k < (nrq / 2.0 - 1)):
            s = r / q
            a = s * (n + 1)
            f = 1.0
            if m < y:
                for i in range(m + 1, y + 1):
                    f = f * (a / i - s)
            elif m > y:
                for i in range(y + 1, m + 1):
                    f = f / (a / i - s)
            if v > f:
                continue
            return y
        rho = (k / nrq) * ((k * (k / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5)
        t = -k * k / (2 * nrq)
        big_a = math.log(v)
        if big_a < (t - rho):
            return y
        if big_a > (t + rho):
            continue
        x1 = y + 1
        f1 = m + 1
        z = n + 1 - m
        w = n - y + 1
        x2 = x1 * x1
        f2 = f1 * f1
        z2 = z * z
        w2 = w * w
        bound = (xm * math.log(f1 / x1) + (n - m + 0.5) * math.log(z / w) +
                 (y - m) * math.log(w * r / (x1 * q)) +
                 (13680. - (462. - (132. - (99. - 140. / f2) / f2) / f2) / f2) / f1 / 166320. +
                 (13680. - (462. - (132. - (99. - 140. / z2) / z2) / z2) / z2) / z / 166320. +
                 (13680. - (462. - (132. - (99. - 140. / x2) / x2) / x2) / x2) / x1 / 166320. +
                 (13680. - (462. - (132. - (99. - 140. / w2) / w2) / w2) / w2) / w / 166320.)
        if big_a > bound:
            continue
        return y


@register_jitable
def _binomial(n, p):
    """Numba's np.random.binomial: BINV for small means, BTPE above 30."""
    if n < 0:
        raise ValueError("binomial(): n <= 0")
    if not (0.0 <= p <= 1.0):
        raise ValueError("binomial(): p outside of [0, 1]")
    if p == 0.0:
        return 0
    if p == 1.0:
        return np.int64(n)
    flipped = p > 0.5
    if flipped:
        p = 1.0 - p
    q = 1.0 - p
    np_prod = n * p
    if np_prod > 30.0:
        x = _binomial_btpe(n, p)
        return n - x if flipped else x
    niters = 1
    qn = q ** n
    while qn <= 1e-308:
        niters <<= 2
        n >>= 2
        qn = q ** n
    bound = min(n, np_prod + 10.0 * math.sqrt(np_prod * q + 1))
    total = 0
    while niters > 0:
        x = 0
        u = np.random.random()
        px = qn
        while x <= bound:
            if u <= px:
                total += n - x if flipped else x
                niters -= 1
                break
            u -= px
            x += 1
            px = ((n - x + 1) * p * px) / (x * q)
    return total


# The simpler continuous distributions, as Numba draws them.

@register_jitable(inline=_INLINE)
def _pareto(a, unused):
    return 1.0 / (1.0 - np.random.random()) ** (1.0 / a) - 1


@register_jitable(inline=_INLINE)
def _weibull(a, unused):
    return (-math.log(1.0 - np.random.random())) ** (1.0 / a)


@register_jitable(inline=_INLINE)
def _chisquare(df, unused):
    return 2.0 * _gamma(df / 2.0, 1.0)


@register_jitable(inline=_INLINE)
def _gumbel(loc, scale):
    return loc - scale * math.log(-math.log(1.0 - np.random.random()))


@register_jitable(inline=_INLINE)
def _logistic(loc, scale):
    u = np.random.random()
    return loc + scale * math.log(u / (1.0 - u))


@register_jitable(inline=_INLINE)
def _power(a, unused):
    if a <= 0.0:
        raise ValueError("power(): a <= 0")
    return math.pow(1 - math.exp(math.log(1.0 - np.random.random())), 1. / a)


@register_jitable(inline=_INLINE)
def _rayleigh(scale, unused):
    if scale <= 0.0:
        raise ValueError("rayleigh(): scale <= 0")
    return scale * math.sqrt(-2.0 * math.log(1.0 - np.random.random()))


@register_jitable(inline=_INLINE)
def _standard_cauchy(unused_a, unused_b):
    return np.random.standard_normal() / np.random.standard_normal()


@register_jitable(inline=_INLINE)
def _standard_t(df, unused):
    n = np.random.standard_normal()
    g = _gamma(df / 2.0, 1.0)
    return math.sqrt(df / 2.0) * n / math.sqrt(g)


@register_jitable
def _wald(mean, scale):
    if mean <= 0.0:
        raise ValueError("wald(): mean <= 0")
    if scale <= 0.0:
        raise ValueError("wald(): scale <= 0")
    mu_2l = mean / (2.0 * scale)
    y = np.random.standard_normal()
    y = mean * y * y
    x = mean + mu_2l * (y - math.sqrt(4 * scale * y + y * y))
    if np.random.random() <= mean / (mean + x):
        return x
    return mean * mean / x


@register_jitable
def _triangular(left, mode, right):
    if right == left:
        return float(left)
    u = np.random.random()
    c = (mode - left) / (right - left)
    lo, hi = float(left), float(right)
    if u > c:
        u = 1.0 - u
        c = 1.0 - c
        lo, hi = hi, lo
    return lo + (hi - lo) * math.sqrt(u * c)


# --- size=: arrays of draws ----------------------------------------------------------

def _filler(draw, dtype):
    """fill(size, a, b): an array of shape `size` of draw(a, b), in C order."""
    def fill(size, a, b):
        out = np.empty(size, dtype)
        flat = out.reshape(-1)
        for i in range(flat.size):
            flat[i] = draw(a, b)
        return out
    return register_jitable(inline=_INLINE)(fill)


_fill_randint = _filler(_randint, np.int64)
_fill_exponential = _filler(_exponential, np.float64)
_fill_standard_cauchy = _filler(_standard_cauchy, np.float64)


_SIZED_TEMPLATE = """
def ol({params}, size=None):
    if not all(check(t) for check, t in zip(checks, ({names},))):
        return None
    if _absent(size):
        def scalar({params}, size=None):
            return draw({draw_args})
        return scalar
    if not _shape(size):
        return None

    def impl({params}, size=None):
        return fill(size, {draw_args})
    return impl
"""


def _sized(name, draw, params, checks, dtype=np.float64, fixed="0.0"):
    """Registers np.random.<name>(<params>, size=None) (NumPy's parameter
    names, so that keywords work): draw(a, b) of the parameters, or an array
    of `dtype` and shape `size` of them. `params` is e.g. "loc=0.0,
    scale=1.0"; a one-parameter distribution draws draw(a, fixed)."""
    names = [p.split("=")[0].strip() for p in params.split(",")]
    draw_args = ", ".join(names + [fixed] * (2 - len(names)))
    ns = {"checks": checks, "draw": draw, "fill": _filler(draw, dtype), "_absent": _absent,
          "_shape": _shape, "__name__": __name__}
    exec(_SIZED_TEMPLATE.format(params=params, names=", ".join(names),
                                draw_args=draw_args), ns)
    ns["ol"].__qualname__ = ns["ol"].__name__ = name
    _np_overload(name)(ns["ol"])


_sized("uniform", _uniform, "low=0.0, high=1.0", (_num, _num))
_sized("normal", _normal, "loc=0.0, scale=1.0", (_num, _num))
_sized("gamma", _gamma, "shape, scale=1.0", (_num, _num))
_sized("standard_gamma", _gamma, "shape", (_num,), fixed="1.0")
_sized("beta", _beta, "a, b", (_num, _num))
_sized("laplace", _laplace, "loc=0.0, scale=1.0", (_num, _num))
_sized("lognormal", _lognormal, "mean=0.0, sigma=1.0", (_num, _num))
_sized("binomial", _binomial, "n, p", (_int, _num), dtype=np.int64)
_sized("exponential", _exponential, "scale=1.0", (_num,))
_sized("poisson", _poisson, "lam=1.0", (_num,), dtype=np.int64)
_sized("geometric", _geometric, "p", (_num,), dtype=np.int64)
_sized("pareto", _pareto, "a", (_num,))
_sized("weibull", _weibull, "a", (_num,))
_sized("chisquare", _chisquare, "df", (_num,))
_sized("gumbel", _gumbel, "loc=0.0, scale=1.0", (_num, _num))
_sized("logistic", _logistic, "loc=0.0, scale=1.0", (_num, _num))
_sized("power", _power, "a", (_num,))
_sized("rayleigh", _rayleigh, "scale=1.0", (_num,))
_sized("standard_t", _standard_t, "df", (_num,))
_sized("wald", _wald, "mean, scale", (_num, _num))


@_np_overload("standard_cauchy")
def standard_cauchy(size=None):
    if _absent(size):
        return lambda size=None: _standard_cauchy(0.0, 0.0)
    if not _shape(size):
        return None
    return lambda size=None: _fill_standard_cauchy(size, 0.0, 0.0)


@register_jitable(inline=_INLINE)
def _fill_triangular(size, left, mode, right):
    out = np.empty(size, np.float64)
    flat = out.reshape(-1)
    for i in range(flat.size):
        flat[i] = _triangular(left, mode, right)
    return out


@_np_overload("triangular")
def np_triangular(left, mode, right, size=None):
    if not (_num(left) and _num(mode) and _num(right)):
        return None
    if _absent(size):
        return lambda left, mode, right, size=None: _triangular(left, mode, right)
    if not _shape(size):
        return None
    return lambda left, mode, right, size=None: _fill_triangular(size, left, mode, right)


@_np_overload("standard_exponential")
def standard_exponential(size=None):
    if _absent(size):
        return lambda size=None: _exponential(1.0, 0.0)
    if not _shape(size):
        return None
    return lambda size=None: _fill_exponential(size, 1.0, 0.0)


@_np_overload("randint")
def randint(low, high=None, size=None):
    """randint(high), randint(low, high), with size=: int64, NumPy's legacy
    masked rejection sampling (as Numba)."""
    if not _int(low) or not (_absent(high) or _int(high)):
        return None
    if _absent(size):
        if _absent(high):
            return lambda low, high=None, size=None: _randint(0, low)
        return lambda low, high=None, size=None: _randint(low, high)
    if not _shape(size):
        return None
    if _absent(high):
        return lambda low, high=None, size=None: _fill_randint(size, 0, low)
    return lambda low, high=None, size=None: _fill_randint(size, low, high)


# --- random(), rand(), randn(), standard_normal() with a size -------------------------

@register_jitable(inline=_INLINE)
def _random_array(size):
    out = np.empty(size, np.float64)
    flat = out.reshape(-1)
    for i in range(flat.size):
        flat[i] = np.random.random()
    return out


@register_jitable(inline=_INLINE)
def _normal_array(size):
    out = np.empty(size, np.float64)
    flat = out.reshape(-1)
    for i in range(flat.size):
        flat[i] = np.random.standard_normal()
    return out


@_np_overload("random")
def random_sized(size=None):
    if _absent(size):
        if size is None:
            return None              # the core's builtin
        return lambda size=None: np.random.random()
    if not _shape(size):
        return None
    return lambda size=None: _random_array(size)


def _random_alias(name):
    @_np_overload(name)
    def ol(size=None):
        if _absent(size):
            return lambda size=None: np.random.random()
        if not _shape(size):
            return None
        return lambda size=None: _random_array(size)


for _name in ("random_sample", "sample", "ranf"):
    _random_alias(_name)


@_np_overload("standard_normal")
def standard_normal(size=None):
    if _absent(size):
        if size is None:
            return None              # the core's builtin
        return lambda size=None: np.random.standard_normal()
    if not _shape(size):
        return None
    return lambda size=None: _normal_array(size)


@_np_overload("rand")
def rand(*size):
    if len(size) == 0:
        return None                  # the core's builtin
    if not all(isinstance(t, types.Integer) for t in size):
        return None
    return lambda *size: _random_array(size)


@_np_overload("randn")
def randn(*size):
    if len(size) == 0:
        return None
    if not all(isinstance(t, types.Integer) for t in size):
        return None
    return lambda *size: _normal_array(size)


# --- shuffle, permutation, choice ----------------------------------------------------

def _shuffler(below):
    def shuffle_1d(x):
        i = len(x) - 1
        while i > 0:
            j = below(i + 1)
            x[i], x[j] = x[j], x[i]
            i -= 1

    def shuffle_nd(x):
        i = x.shape[0] - 1
        while i > 0:
            j = below(i + 1)
            row = x[j].copy()
            x[j] = x[i]
            x[i] = row
            i -= 1

    def shuffle_records(x):
        # A record is a reference to its element (as NumPy's np.void from
        # indexing), so the swap goes through a copy of one.
        i = len(x) - 1
        while i > 0:
            j = below(i + 1)
            kept = x[j:j + 1].copy()
            x[j] = x[i]
            x[i] = kept[0]
            i -= 1
    return (register_jitable(shuffle_1d), register_jitable(shuffle_nd),
            register_jitable(shuffle_records))


@register_jitable(inline=_INLINE)
def _np_below(n):
    return _np_bounded(n - 1)


_np_shuffle_1d, _np_shuffle_nd, _np_shuffle_records = _shuffler(_np_below)
_py_shuffle_1d, _py_shuffle_nd, _py_shuffle_records = _shuffler(_py_below)


@_np_overload("shuffle")
def shuffle(x):
    """In place along the first axis: Fisher-Yates from the end with
    randint(i + 1), as NumPy's legacy shuffle and Numba."""
    if not isinstance(x, types.Array) or x.ndim == 0:
        return None
    if x.ndim == 1 and isinstance(x.dtype, types.Record):
        return lambda x: _np_shuffle_records(x)
    if x.ndim == 1:
        return lambda x: _np_shuffle_1d(x)
    return lambda x: _np_shuffle_nd(x)


@_np_overload("permutation")
def permutation(x):
    if isinstance(x, types.Integer):
        def impl_n(x):
            y = np.arange(x)
            _np_shuffle_1d(y)
            return y
        return impl_n
    if isinstance(x, types.Array) and x.ndim >= 1:
        shuffle_fn = _np_shuffle_nd if x.ndim > 1 else \
            _np_shuffle_records if isinstance(x.dtype, types.Record) else _np_shuffle_1d

        def impl(x):
            y = x.copy()
            shuffle_fn(y)
            return y
        return impl
    return None


@register_jitable
def _checked_cdf(p, n):
    """NumPy's checks of choice's p=, and its normalized cumulative sum."""
    if p.size != n:
        raise ValueError("'a' and 'p' must have same size")
    total = 0.0
    for k in range(n):
        if p[k] < 0:
            raise ValueError("probabilities are not non-negative")
        total += p[k]
    if abs(total - 1.0) > 1.4901161193847656e-08:
        raise ValueError("probabilities do not sum to 1")
    cdf = np.cumsum(p.astype(np.float64))
    cdf /= cdf[n - 1]
    return cdf


@register_jitable(inline=_INLINE)
def _search_right(cdf, u):
    """cdf.searchsorted(u, side='right')."""
    lo = 0
    hi = cdf.size
    while lo < hi:
        mid = (lo + hi) >> 1
        if cdf[mid] <= u:
            lo = mid + 1
        else:
            hi = mid
    return lo


@register_jitable
def _choice_p_unique(p, n, count):
    """Indices of count draws without replacement weighted by p: NumPy's
    legacy loop (redraw the missing ones, zeroing found entries of p)."""
    if count > n:
        raise ValueError("Cannot take a larger sample than population when 'replace=False'")
    cdf = _checked_cdf(p, n)
    nonzero = 0
    for k in range(n):
        if p[k] > 0:
            nonzero += 1
    if count > nonzero:
        raise ValueError("Fewer non-zero entries in p than size")
    weights = p.astype(np.float64)
    found = np.empty(count, np.int64)
    n_uniq = 0
    while n_uniq < count:
        x = _random_array(count - n_uniq)
        for k in range(n_uniq):
            weights[found[k]] = 0.0
        cdf = np.cumsum(weights)
        cdf /= cdf[n - 1]
        new = np.empty(x.size, np.int64)
        for k in range(x.size):
            new[k] = _search_right(cdf, x[k])
        for k in range(x.size):     # keep first occurrences, in order
            seen = False
            for m in range(k):
                if new[m] == new[k]:
                    seen = True
                    break
            if not seen:
                found[n_uniq] = new[k]
                n_uniq += 1
    return found


@_np_overload("choice")
def choice(a, size=None, replace=True, p=None):
    """choice(a, size=None, replace=True, p=None) of an int or a 1-d array.
    Without p, Numba's (= NumPy legacy's) draws: randint per sample, or a
    permutation without replacement; with p, NumPy legacy's cdf search."""
    if isinstance(a, types.Integer):
        dtype = np.int64

        def pick(a, i):
            return np.int64(i)

        def count_of(a):
            return a

        def population(a):
            return np.arange(a)
    elif isinstance(a, types.Array) and a.ndim == 1:
        dtype = a.dtype

        def pick(a, i):
            return a[i]

        def count_of(a):
            return a.shape[0]

        def population(a):
            return a.copy()
    else:
        return None
    pick = register_jitable(inline=_INLINE)(pick)
    count_of = register_jitable(inline=_INLINE)(count_of)
    population = register_jitable(inline=_INLINE)(population)
    if not (_absent(size) or _shape(size)):
        return None
    if not (isinstance(replace, (bool, types.Boolean))):
        return None
    if not _absent(p):
        if not (isinstance(p, types.Array) and p.ndim == 1 and isinstance(p.dtype, _NUMBER)):
            return None
        if _absent(size):
            def scalar_p(a, size=None, replace=True, p=None):
                n = count_of(a)
                cdf = _checked_cdf(p, n)
                if not replace and n < 1:
                    raise ValueError("Cannot take a larger sample than population when "
                                     "'replace=False'")
                return pick(a, _search_right(cdf, np.random.random()))
            return scalar_p

        def array_p(a, size=None, replace=True, p=None):
            n = count_of(a)
            out = np.empty(size, dtype)
            flat = out.reshape(-1)
            if replace:
                cdf = _checked_cdf(p, n)
                u = _random_array(flat.size)
                for k in range(flat.size):
                    flat[k] = pick(a, _search_right(cdf, u[k]))
            else:
                idx = _choice_p_unique(p, n, flat.size)
                for k in range(flat.size):
                    flat[k] = pick(a, idx[k])
            return out
        return array_p

    if _absent(size):
        def scalar(a, size=None, replace=True, p=None):
            return pick(a, _randint(0, count_of(a)))
        return scalar

    def array(a, size=None, replace=True, p=None):
        n = count_of(a)
        out = np.empty(size, dtype)
        flat = out.reshape(-1)
        if replace:
            for k in range(flat.size):
                flat[k] = pick(a, _randint(0, n))
        else:
            if flat.size > n:
                raise ValueError("Cannot take a larger sample than population when "
                                 "'replace=False'")
            permuted = population(a)
            _np_shuffle_1d(permuted)
            for k in range(flat.size):
                flat[k] = permuted[k]
        return out
    return array


# --- the stdlib random module --------------------------------------------------------

@register_jitable(inline=_INLINE)
def _randrange(start, stop, step):
    """CPython's randrange(start, stop, step) as Numba draws it."""
    if step == 0:
        raise ValueError("zero step for randrange()")
    n = stop - start
    if step < 0:
        n = (n + step + 1) // step
    elif step > 1:
        n = (n + step - 1) // step
    if n <= 0:
        raise ValueError("empty range for randrange()")
    return start + _py_below(n) * step


@overload(random.randrange, inline=_INLINE)
def randrange(start, stop=None, step=1):
    if not (_int(start) and (_absent(stop) or _int(stop)) and _int(step)):
        return None
    if _absent(stop):
        return lambda start, stop=None, step=1: _randrange(0, start, 1)
    return lambda start, stop=None, step=1: _randrange(start, stop, step)


@overload(random.randint, inline=_INLINE)
def py_randint(a, b):
    if not (_int(a) and _int(b)):
        return None
    return lambda a, b: _randrange(a, b + 1, 1)


@overload(random.getrandbits, inline=_INLINE)
def getrandbits(k):
    if not _int(k):
        return None

    def impl(k):
        if k <= 0 or k > 64:
            raise ValueError("getrandbits() limited to 64 bits")
        if k <= 32:
            return np.uint64(_py_u32() >> np.uint32(32 - k))
        low = np.uint64(_py_u32())
        high = np.uint64(_py_u32() >> np.uint32(64 - k))
        return low | (high << np.uint64(32))
    return impl


@overload(random.choice, inline=_INLINE)
def py_choice(seq):
    """seq[_randbelow(len(seq))], CPython's algorithm on pyrite's stream."""
    if isinstance(seq, types.Array):
        if seq.ndim != 1:
            return None
    elif not isinstance(seq, (types.List, types.UniTuple)):
        return None

    def impl(seq):
        n = len(seq)
        if n == 0:
            raise IndexError("Cannot choose from an empty sequence")
        return seq[_py_below(n)]
    return impl


@overload(random.shuffle, inline=_INLINE)
def py_shuffle(x):
    if isinstance(x, types.Array) and x.ndim >= 1:
        if x.ndim == 1 and isinstance(x.dtype, types.Record):
            return lambda x: _py_shuffle_records(x)
        if x.ndim == 1:
            return lambda x: _py_shuffle_1d(x)
        return lambda x: _py_shuffle_nd(x)
    if isinstance(x, types.List):
        return lambda x: _py_shuffle_1d(x)
    return None


@overload(random.gammavariate, inline=_INLINE)
def gammavariate(alpha, beta):
    if _num(alpha) and _num(beta):
        return lambda alpha, beta: _py_gamma(alpha, beta)


@overload(random.betavariate, inline=_INLINE)
def betavariate(alpha, beta):
    if not (_num(alpha) and _num(beta)):
        return None

    def impl(alpha, beta):
        y = _py_gamma(alpha, 1.0)
        if y == 0.0:
            return 0.0
        return y / (y + _py_gamma(beta, 1.0))
    return impl


@overload(random.expovariate, inline=_INLINE)
def expovariate(lambd):
    if _num(lambd):
        return lambda lambd: -math.log(1.0 - random.random()) / lambd


@overload(random.lognormvariate, inline=_INLINE)
def lognormvariate(mu, sigma):
    if _num(mu) and _num(sigma):
        return lambda mu, sigma: math.exp(random.gauss(mu, sigma))


@overload(random.triangular, inline=_INLINE)
def triangular(low=0.0, high=1.0, mode=None):
    if not (_num(low) and _num(high) and (_absent(mode) or _num(mode))):
        return None
    if _absent(mode):
        def impl_mid(low=0.0, high=1.0, mode=None):
            u = random.random()
            c = 0.5
            lo, hi = float(low), float(high)
            if u > c:
                u = 1.0 - u
                c = 1.0 - c
                lo, hi = hi, lo
            return lo + (hi - lo) * math.sqrt(u * c)
        return impl_mid

    def impl(low=0.0, high=1.0, mode=None):
        lo, hi = float(low), float(high)
        if hi == lo:
            return lo
        u = random.random()
        c = (mode - lo) / (hi - lo)
        if u > c:
            u = 1.0 - u
            c = 1.0 - c
            lo, hi = hi, lo
        return lo + (hi - lo) * math.sqrt(u * c)
    return impl

