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
(numpy_random_draws.py, with the scalar samplers) over the core's state (pyrite_rt.h's PyriteRng: int32 index, then uint32
mt[624]; pyrite_rt_rng_state and pyrite_rt_rng_refill).
"""
import math
import random

import numpy as np

from .. import types
from ..extending import overload, register_jitable
from .numpy_random_draws import (
    _INLINE, _beta, _binomial, _chisquare, _exponential, _gamma, _geometric, _gumbel, _laplace,
    _logistic, _lognormal, _normal, _np_bounded, _pareto, _poisson, _power, _py_below,
    _py_gamma, _py_u32, _randint, _rayleigh, _standard_cauchy, _standard_t, _triangular,
    _uniform, _wald, _weibull)

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

