"""random / np.random inside compiled code: the same Mersenne Twister streams
as Numba and NumPy's legacy `np.random.seed` / `np.random.random`."""
import math
import random

import numpy as np
import pytest

from pyrite import njit

from conftest import numba_jit


def py_seed(s):
    random.seed(s)


def py_draw():
    return random.random()


def py_draws(n):
    out = np.empty(n)
    for i in range(n):
        out[i] = random.random()
    return out


def py_seeded_draws(s, n):
    random.seed(s)
    out = np.empty(n)
    for i in range(n):
        out[i] = random.random()
    return out


def np_seeded_draws(s, n):
    np.random.seed(s)
    out = np.empty(n)
    for i in range(n):
        out[i] = np.random.random()
    return out


def first_after_seed_42():
    random.seed(42)
    return random.random()


def test_documented_first_value():
    """Numba's documented value: random.seed(42); random.random() == 0.3745401188473625
    (the same as NumPy's legacy np.random.seed(42); np.random.random())."""
    assert njit(first_after_seed_42)() == 0.3745401188473625
    np.random.seed(42)
    assert np.random.random() == 0.3745401188473625


@pytest.mark.parametrize("seed", [0, 1, 42, 12345, 2**31 - 1, 2**32 - 1])
def test_random_random_stream_equals_numpy_legacy_and_numba(seed):
    """2000 draws cross the 624-word state refill several times."""
    n = 2000
    got = njit(py_seeded_draws)(seed, n)
    np.random.seed(seed)
    np.testing.assert_array_equal(got, np.random.random(n))
    np.testing.assert_array_equal(got, numba_jit(py_seeded_draws)(seed, n))


@pytest.mark.parametrize("seed", [0, 7, 42, 2**32 - 1])
def test_np_random_stream_equals_numpy_legacy(seed):
    n = 2000
    got = njit(np_seeded_draws)(seed, n)
    np.random.seed(seed)
    np.testing.assert_array_equal(got, np.random.random(n))
    np.testing.assert_array_equal(got, numba_jit(np_seeded_draws)(seed, n))


def test_state_persists_across_calls_and_functions():
    """Seeding in one compiled function and drawing in another continues one
    stream, as in Numba (the state is global to compiled code)."""
    seed, draw, draws = njit(py_seed), njit(py_draw), njit(py_draws)
    seed(2024)
    got = [draw() for _ in range(700)] + list(draws(700))
    numba_seed, numba_draw, numba_draws = (numba_jit(py_seed), numba_jit(py_draw),
                                           numba_jit(py_draws))
    numba_seed(2024)
    want = [numba_draw() for _ in range(700)] + list(numba_draws(700))
    assert got == want
    np.random.seed(2024)
    assert got == list(np.random.random(1400))


def interleaved(s1, s2, n):
    random.seed(s1)
    np.random.seed(s2)
    out = np.empty(2 * n)
    for i in range(n):
        out[2 * i] = random.random()
        out[2 * i + 1] = np.random.random()
    return out


def test_random_and_np_random_have_separate_states():
    got = njit(interleaved)(1, 2, 800)
    np.testing.assert_array_equal(got, numba_jit(interleaved)(1, 2, 800))
    np.random.seed(1)
    np.testing.assert_array_equal(got[0::2], np.random.random(800))
    np.random.seed(2)
    np.testing.assert_array_equal(got[1::2], np.random.random(800))


def compiled_seed_only(s):
    random.seed(s)
    np.random.seed(s)


def test_compiled_seed_does_not_touch_python_generators():
    random.seed(99)
    np.random.seed(99)
    want_py, want_np = random.random(), np.random.random()
    random.seed(99)
    np.random.seed(99)
    njit(compiled_seed_only)(5)
    assert random.random() == want_py
    assert np.random.random() == want_np


def uniform_draws(s, a, b, n):
    random.seed(s)
    out = np.empty(n)
    for i in range(n):
        out[i] = random.uniform(a, b)
    return out


def rand_draws(s, n):
    np.random.seed(s)
    out = np.empty(n)
    for i in range(n):
        out[i] = np.random.rand()
    return out


def test_uniform_matches_numba():
    got = njit(uniform_draws)(3, -2.0, 5.0, 1000)
    np.testing.assert_array_equal(got, numba_jit(uniform_draws)(3, -2.0, 5.0, 1000))
    assert got.min() >= -2.0 and got.max() <= 5.0


def test_np_random_rand_matches_numpy():
    got = njit(rand_draws)(11, 1000)
    np.random.seed(11)
    np.testing.assert_array_equal(got, np.random.rand(1000))


def unseeded(n):
    lo = 1.0
    hi = 0.0
    for i in range(n):
        x = random.random()
        lo = min(lo, x)
        hi = max(hi, x)
    return lo, hi


def test_values_in_unit_interval():
    lo, hi = njit(unseeded)(100000)
    assert 0.0 <= lo < 0.001 and 0.999 < hi < 1.0


# --- Monte Carlo pi -------------------------------------------------------------------

def monte_carlo_pi_seeded(seed, nsamples):
    random.seed(seed)
    acc = 0
    for i in range(nsamples):
        x = random.random()
        y = random.random()
        if (x ** 2 + y ** 2) < 1.0:
            acc += 1
    return 4.0 * acc / nsamples


@pytest.mark.parametrize("seed,n", [(42, 10000), (0, 100000), (123, 1), (7, 333333)])
def test_monte_carlo_pi_equals_numba_exactly(seed, n):
    got = njit(monte_carlo_pi_seeded)(seed, n)
    assert got == numba_jit(monte_carlo_pi_seeded)(seed, n)
    if n >= 10000:
        assert abs(got - math.pi) < 0.05


def test_monte_carlo_pi_equals_numpy_stream():
    """The same count computed in NumPy from the legacy stream."""
    n = 50000
    np.random.seed(42)
    xy = np.random.random(2 * n)
    x, y = xy[0::2], xy[1::2]
    want = 4.0 * int(np.count_nonzero(x ** 2 + y ** 2 < 1.0)) / n
    assert njit(monte_carlo_pi_seeded)(42, n) == want
