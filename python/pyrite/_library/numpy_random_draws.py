"""The draws behind np.random and the stdlib random module (numpy_random.py):
the raw 32-bit draw over the core's MT19937 state (`_np_u32()`,
`_py_u32()`, an IR primitive per stream), bounded integers, and one
scalar sampler per distribution, each with Numba's algorithm
(numba/np/random/legacy.py, numba/cpython/randomimpl.py), which follows
NumPy's legacy RandomState where Numba does. numpy_random.py builds the
size= arrays, shuffle, choice and the overloads on these.
"""
import math
import random

import numpy as np

from .. import types
from .._ir_text import ir_primitive
from ..extending import register_jitable

_INLINE = "always"


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
