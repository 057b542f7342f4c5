"""np.random and the stdlib random module in compiled code
(pyrite/_library/numpy_random.py on the core's MT19937 streams).

The reference is Numba: the same seeded function compiled with numba.njit
gives the same values (exactly, or to 1e-12 where libm rounding may differ).
Where Numba follows NumPy's legacy RandomState (all but the gamma family:
gamma, standard_gamma, beta, chisquare, standard_t, which Numba draws with
CPython's gammavariate), NumPy itself is checked too; where Numba has no
implementation (choice with p=, keyword arguments), NumPy is the
reference."""
import random

import numpy as np
import pytest

from pyrite import njit

numba = pytest.importorskip("numba")


def _seeded(expr, seed=42):
    """def f(): seed both streams, then return `expr`."""
    ns = {"np": np, "random": random}
    exec(f"def f():\n    np.random.seed({seed})\n    random.seed({seed})\n"
         f"    return {expr}\n", ns)
    return ns["f"]


def _seeded_each(exprs, seed=42):
    """def f(): for each expression, seed both streams and evaluate it; return
    the tuple of results (the values each expression gives alone, in one
    compiled function instead of one per expression)."""
    ns = {"np": np, "random": random}
    body = "".join(f"    np.random.seed({seed})\n    random.seed({seed})\n    r{i} = {e}\n"
                   for i, e in enumerate(exprs))
    exec(f"def f():\n{body}    return ({''.join(f'r{i}, ' for i in range(len(exprs)))})\n", ns)
    return ns["f"]


def _same_each(exprs, got, want):
    assert isinstance(got, tuple) and len(got) == len(want) == len(exprs)
    for e, g, w in zip(exprs, got, want):
        if isinstance(w, tuple):
            assert isinstance(g, tuple) and len(g) == len(w), (e, g, w)
            for gi, wi in zip(g, w):
                _same(gi, wi, e)
        else:
            _same(g, w, e)


def _same(got, want, expr=None):
    got_a, want_a = np.asarray(got), np.asarray(want)
    assert got_a.shape == want_a.shape, (expr, got, want)
    if want_a.dtype.kind in "iub":
        assert got_a.dtype.kind in "iu", (expr, got, want)
        assert np.array_equal(got_a, want_a), (expr, got, want)
    else:
        assert np.allclose(got_a, want_a, rtol=1e-12, atol=0), (expr, got, want)


_JITTED = {}


def _jit(f):
    """One pyrite and one Numba dispatcher per function, so that compiled
    signatures are reused across the parametrized cases."""
    if f not in _JITTED:
        _JITTED[f] = njit(f), numba.njit(f)
    return _JITTED[f]


# --- against Numba ---------------------------------------------------------------

NUMBA_CASES = {     # group name: expressions, each run after a fresh seed
    # size= for the functions the core has as scalar builtins
    "size": [
        "np.random.random(5)",
        "np.random.random((2, 3))",
        "np.random.random_sample(4)",
        "np.random.sample((2, 2))",
        "np.random.ranf(3)",
        "np.random.random_sample()",
        "np.random.rand(3)",
        "np.random.rand(2, 3)",
        "np.random.randn(4)",
        "np.random.randn(2, 2)",
        "np.random.standard_normal(5)",
        "np.random.standard_normal((3, 1))",
        "np.random.normal(1.0, 2.0, 5)",
        "np.random.normal(1, 2, (2, 3))",
        "np.random.normal(1.0, 2.0, None)",
        "np.random.uniform(1.0, 3.0, 4)",
        "np.random.uniform(-2, 5, (2, 2))",
        "np.random.uniform()",
    ],
    # the scalar builtins still serve the scalar forms
    "scalar-builtins": [
        "(np.random.random(), np.random.normal(), np.random.normal(3.0), np.random.uniform(2, 4))",
    ],
    # randint: NumPy's masked rejection, one or two 32-bit draws
    "randint": [
        "np.random.randint(10)",
        "np.random.randint(-5, 5)",
        "np.random.randint(3, 1000, 20)",
        "np.random.randint(0, 2**40, (3, 2))",
        "np.random.randint(7, 8, 3)",
        "np.random.randint(-2**61, 2**61, 5)",
        "np.random.randint(0, 2**32, 4)",
        "np.random.randint(0, 2**32 + 1, 4)",
    ],
    # exponential, gamma, beta
    "exponential-gamma-beta": [
        "np.random.exponential()",
        "np.random.exponential(2.0)",
        "np.random.exponential(2.0, 6)",
        "np.random.standard_exponential()",
        "np.random.standard_exponential((2, 3))",
        "np.random.gamma(2.5)",
        "np.random.gamma(2.5, 2.0, 6)",
        "np.random.gamma(0.5, 1.0, 6)",
        "np.random.gamma(1.0, 3.0, 4)",
        "np.random.gamma(7, 1, (2, 2))",
        "np.random.standard_gamma(3.0)",
        "np.random.standard_gamma(0.3, 5)",
        "np.random.beta(2.0, 3.0)",
        "np.random.beta(0.5, 0.5, 6)",
        "np.random.beta(2, 5, (2, 3))",
    ],
    # binomial: BINV (mean <= 30), BTPE above, flipped p, p in {0, 1}
    "binomial": [
        "np.random.binomial(10, 0.3)",
        "np.random.binomial(10, 0.3, 8)",
        "np.random.binomial(20, 0.8, 8)",
        "np.random.binomial(1000, 0.7, 20)",
        "np.random.binomial(200, 0.4, (4, 5))",
        "np.random.binomial(100000, 0.5, 10)",
        "np.random.binomial(5, 0.0, 3)",
        "np.random.binomial(5, 1.0, 3)",
        "np.random.binomial(2000, 0.001, 10)",
    ],
    # poisson: Knuth below 10, PTRS from 10
    "poisson": [
        "np.random.poisson()",
        "np.random.poisson(3.0)",
        "np.random.poisson(3.0, 8)",
        "np.random.poisson(10.0, 8)",
        "np.random.poisson(50.0, (3, 3))",
        "np.random.poisson(1e5, 6)",
        "np.random.poisson(0.0, 3)",
    ],
    # geometric, laplace, lognormal
    "geometric-laplace-lognormal": [
        "np.random.geometric(0.5)",
        "np.random.geometric(0.5, 6)",
        "np.random.geometric(0.1, (2, 4))",
        "np.random.geometric(1.0, 3)",
        "np.random.laplace()",
        "np.random.laplace(1.0)",
        "np.random.laplace(1.0, 2.0, 6)",
        "np.random.lognormal()",
        "np.random.lognormal(0.5)",
        "np.random.lognormal(0.5, 0.3, 5)",
    ],
    # the simpler continuous distributions
    "continuous": [
        "(np.random.pareto(3.0), np.random.weibull(1.5), np.random.chisquare(4.0))",
        "(np.random.gumbel(0, 1), np.random.logistic(0.0, 1.0), np.random.rayleigh(), "
        "np.random.power(2.0))",
        "(np.random.standard_cauchy(), np.random.standard_t(5.0), np.random.wald(1.0, 2.0))",
        "np.random.pareto(3.0, 5)",
        "np.random.weibull(1.5, (2, 2))",
        "np.random.chisquare(3, 5)",
        "np.random.gumbel(1.0, 2.0, 5)",
        "np.random.logistic(1.0, 2.0, 5)",
        "np.random.power(2.0, 5)",
        "np.random.rayleigh(2.0, 5)",
        "np.random.standard_cauchy((2, 3))",
        "np.random.standard_t(5.0, 5)",
        "np.random.wald(1.0, 2.0, 5)",
        "np.random.triangular(0.0, 1.0, 3.0)",
        "np.random.triangular(0.0, 1.0, 3.0, 5)",
        "np.random.triangular(2, 2, 2, 2)",
    ],
    # choice without p, permutation
    "choice-permutation": [
        "np.random.choice(10)",
        "np.random.choice(np.arange(5.0) * 1.5)",
        "np.random.choice(10, 5)",
        "np.random.choice(np.arange(5.0), (2, 3))",
        "np.random.choice(10, 5, replace=False)",
        "np.random.choice(np.arange(7) * 2, 7, False)",
        "np.random.choice(np.arange(6), (2, 2), False)",
        "np.random.permutation(10)",
        "np.random.permutation(np.arange(8.0))",
        "np.random.permutation(np.arange(12).reshape(4, 3))",
    ],
    # stdlib random
    "stdlib": [
        "random.randint(1, 100)",
        "(random.randint(0, 2**40), random.randint(-10, -10), random.randint(-3, 3))",
        "(random.randrange(10), random.randrange(3, 50), random.randrange(3, 50, 7))",
        "(random.randrange(50, 3, -4), random.randrange(0, 2**50, 3))",
        "(random.getrandbits(10), random.getrandbits(32), random.getrandbits(50))",
        "(random.gammavariate(2.0, 3.0), random.gammavariate(0.3, 1.0), "
        "random.gammavariate(1.0, 2.0))",
        "(random.betavariate(2.0, 3.0), random.expovariate(2.0), random.lognormvariate(0.0, 1.0))",
        "(random.triangular(0.0, 2.0), random.triangular(0.0, 2.0, 1.5), "
        "random.uniform(1.0, 2.0))",
    ],
    # the two streams are independent
    "two-streams": [
        "(np.random.randint(0, 100), random.randint(0, 100), np.random.random(), random.random())",
    ],
}


@pytest.mark.parametrize("group", NUMBA_CASES)
def test_matches_numba(group):
    exprs = NUMBA_CASES[group]
    f = _seeded_each(exprs)
    _same_each(exprs, njit(f)(), numba.njit(f)())


def long_streams(seed):
    np.random.seed(seed)
    a = np.random.randint(0, 1000, 700)
    b = np.random.normal(0.0, 1.0, 301)     # an odd count: a cached gauss
    c = np.random.standard_normal(3)
    d = np.random.gamma(3.0, 1.0, 200)
    e = np.random.binomial(60, 0.5, 100)
    return a.sum(), b.sum(), c.sum(), d.sum(), e.sum(), np.random.random()


@pytest.mark.parametrize("seed", [0, 1, 12345, 2**32 - 1])
def test_long_streams_match_numba(seed):
    """Many draws past the 624-word refill, of mixed functions."""
    pyrite_f, numba_f = _jit(long_streams)
    _same(pyrite_f(seed), numba_f(seed))


# --- against NumPy's legacy RandomState ---------------------------------------------

NUMPY_CASES = {     # group name: expressions, each run after a fresh seed
    "positional": [
        "np.random.random(5)",
        "np.random.rand(2, 3)",
        "np.random.randn(5)",
        "np.random.standard_normal((2, 2))",
        "np.random.normal(1.0, 2.0, 5)",
        "np.random.uniform(1.0, 3.0, 4)",
        "np.random.randint(10)",
        "np.random.randint(3, 1000, 20)",
        "np.random.randint(-2**40, 2**40, (3, 2))",
        "np.random.exponential(2.0, 6)",
        "np.random.standard_exponential(4)",
        "np.random.binomial(10, 0.3, 8)",
        "np.random.binomial(1000, 0.7, 8)",
        "np.random.poisson(3.0, 8)",
        "np.random.poisson(50.0, 8)",
        "np.random.geometric(0.5, 6)",
        "np.random.geometric(0.1, 6)",
        "np.random.laplace(1.0, 2.0, 6)",
        "np.random.lognormal(0.5, 0.3, 5)",
        "np.random.choice(10, 5)",
        "np.random.choice(10, 5, replace=False)",
        "np.random.permutation(10)",
        "np.random.permutation(np.arange(6.0).reshape(3, 2))",
    ],
    # keyword forms (Numba has no implementation of these)
    "keywords": [
        "np.random.normal(size=3)",
        "np.random.normal(2.0, size=(2, 2))",
        "np.random.uniform(low=1.0, high=2.0, size=(2, 2))",
        "np.random.randint(5, size=4)",
        "np.random.randint(2, 9, size=(2, 3))",
        "np.random.random(size=3)",
        "np.random.exponential(size=3)",
        "np.random.poisson(lam=4.0, size=5)",
        "np.random.binomial(n=10, p=0.5, size=4)",
        "np.random.laplace(scale=2.0, size=3)",
        "np.random.choice(6, size=3, replace=False)",
        "np.random.gumbel(size=4)",
        "np.random.logistic(scale=2.0, size=4)",
        "np.random.rayleigh(size=(2, 2))",
        "np.random.pareto(3.0, size=4)",
        "np.random.weibull(a=1.5, size=4)",
        "np.random.power(2.0, size=4)",
        "np.random.wald(1.0, 2.0, size=4)",
        "np.random.triangular(0.0, 1.0, 3.0, size=4)",
        "np.random.standard_cauchy(size=4)",
    ],
    # choice with p= (NumPy's cdf search; Numba rejects p=)
    "choice-p": [
        "np.random.choice(5, p=np.array([0.1, 0.2, 0.3, 0.2, 0.2]))",
        "np.random.choice(5, 8, p=np.array([0.1, 0.2, 0.3, 0.2, 0.2]))",
        "np.random.choice(np.arange(4.0) + 0.5, (2, 3), p=np.array([0.5, 0.0, 0.25, 0.25]))",
        "np.random.choice(5, 3, replace=False, p=np.array([0.1, 0.2, 0.3, 0.2, 0.2]))",
        "np.random.choice(4, 4, False, np.array([0.4, 0.3, 0.2, 0.1]))",
        "np.random.choice(np.arange(10) * 3, 6, False, np.full(10, 0.1))",
    ],
}


@pytest.mark.parametrize("group", NUMPY_CASES)
def test_matches_numpy_legacy(group):
    exprs = NUMPY_CASES[group]
    f = _seeded_each(exprs)
    _same_each(exprs, njit(f)(), f())


# --- shuffle in place ---------------------------------------------------------------

def np_shuffle(a, seed):
    np.random.seed(seed)
    np.random.shuffle(a)
    return a[0]


def random_shuffle(a):
    random.seed(5)
    random.shuffle(a)
    return 0


@pytest.mark.parametrize("a", [np.arange(10), np.arange(7.0), np.arange(12).reshape(4, 3),
                               np.arange(1), np.arange(24.0).reshape(2, 3, 4)])
def test_np_shuffle(a):
    f = np_shuffle
    for seed in (0, 7, 99):
        got, want, ref = a.copy(), a.copy(), a.copy()
        _jit(f)[0](got, seed)
        _jit(f)[1](want, seed)
        f(ref, seed)
        assert np.array_equal(got, want)
        assert np.array_equal(got, ref)


@pytest.mark.parametrize("a", [np.arange(10), np.arange(9.0), np.arange(12).reshape(6, 2)])
def test_random_shuffle(a):
    got, want = a.copy(), a.copy()
    _jit(random_shuffle)[0](got)
    _jit(random_shuffle)[1](want)
    assert np.array_equal(got, want)


def test_random_shuffle_list():
    def f(n):
        random.seed(3)
        x = [0]
        for i in range(1, n):
            x.append(i * 10)
        random.shuffle(x)
        return x

    def ref(n):      # the same Fisher-Yates with Numba's randrange
        random.seed(3)
        x = np.arange(n) * 10
        random.shuffle(x)
        return x
    assert list(njit(f)(9)) == list(numba.njit(ref)(9))


def test_random_choice():
    """random.choice draws seq[_randbelow(len(seq))] as CPython; Numba has no
    random.choice, so the reference is that draw under Numba."""
    def f(a):
        random.seed(11)
        return random.choice(a), random.choice(a), random.choice([1.5, 2.5, 3.5])

    def ref(a):
        random.seed(11)
        b = np.array([1.5, 2.5, 3.5])
        return a[random.randrange(len(a))], a[random.randrange(len(a))], b[random.randrange(3)]
    a = np.arange(100) * 2
    assert njit(f)(a) == numba.njit(ref)(a)


# --- types, shapes, errors ------------------------------------------------------------

def test_result_types():
    @njit
    def f():
        return (np.random.randint(0, 5, 3), np.random.binomial(5, 0.5, 2),
                np.random.poisson(2.0, 2), np.random.geometric(0.5, 2),
                np.random.choice(np.arange(4, dtype=np.float32), 2),
                np.random.random((2, 3, 4)), np.random.randint(0, 9))
    r = f()
    assert [x.dtype for x in r[:5]] == [np.int64] * 4 + [np.float32]
    assert r[5].shape == (2, 3, 4)
    assert isinstance(r[6], int)


@pytest.mark.parametrize("expr, exc, match", [
    ("np.random.randint(5, 5)", ValueError, "empty range"),
    ("np.random.randint(5, 2, 3)", ValueError, "empty range"),
    ("np.random.choice(3, 5, replace=False)", ValueError, "larger sample"),
    ("np.random.choice(3, 2, p=np.array([0.5, 0.6, 0.1]))", ValueError, "sum to 1"),
    ("np.random.choice(3, 2, p=np.array([0.5, 0.5]))", ValueError, "same size"),
    ("np.random.choice(3, 2, p=np.array([1.5, -0.5, 0.0]))", ValueError, "non-negative"),
    ("np.random.choice(3, 3, False, np.array([0.5, 0.5, 0.0]))", ValueError, "non-zero"),
    ("np.random.binomial(5, 1.5)", ValueError, "p outside"),
    ("np.random.binomial(-1, 0.5)", ValueError, "n <= 0"),
    ("np.random.geometric(0.0, 3)", ValueError, "p outside"),
    ("np.random.gamma(-1.0, 1.0)", ValueError, "must be > 0"),
    ("np.random.poisson(-1.0)", ValueError, "lambda < 0"),
    ("np.random.power(0.0)", ValueError, "a <= 0"),
    ("np.random.rayleigh(-1.0, 3)", ValueError, "scale <= 0"),
    ("np.random.wald(-1.0, 1.0)", ValueError, "mean <= 0"),
    ("random.randrange(5, 5)", ValueError, "empty range"),
    ("random.randrange(0, 5, 0)", ValueError, "zero step"),
    ("random.getrandbits(0)", ValueError, "64 bits"),
])
def test_errors(expr, exc, match):
    with pytest.raises(exc, match=match):
        njit(_seeded(expr))()


def test_random_choice_empty():
    @njit
    def f(a):
        return random.choice(a)
    with pytest.raises(IndexError, match="empty sequence"):
        f(np.zeros(0))


def test_seed_then_array_in_loop():
    """size= arrays and scalar draws interleave on the one stream."""
    def f(n):
        np.random.seed(1)
        total = 0.0
        for i in range(n):
            total += np.random.random(i + 1).sum() + np.random.normal()
            total += np.random.randint(0, 10, (2, i + 1)).sum()
        return total
    _same(njit(f)(20), numba.njit(f)(20))
