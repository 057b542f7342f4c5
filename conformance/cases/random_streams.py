"""Random numbers: `random.seed(n)` / `np.random.seed(n)` seed MT19937 with
NumPy's legacy `init_genrand`, and `random.random()` draws doubles as
NumPy's legacy `random_sample` does, so `random.seed(42); random.random()`
is 0.3745401188473625 (Numba's stream; CPython's own `random` would give
0.6394267984578837). The reference runs the kernel with the `random`
module replaced by that NumPy stream (`NumpyLegacyRandom`); `np.random.*`
needs no replacement. Draws are compared bit for bit.
"""
import random

import numpy as np

from ..suite import Case, NumpyLegacyRandom

NUMBA_RANDOM = {"random": NumpyLegacyRandom()}


def seeded_first(seed):
    random.seed(seed)
    return random.random()


def seeded_stream(seed, n):
    random.seed(seed)
    out = np.empty(n)
    for i in range(n):
        out[i] = random.random()
    return out


def seeded_uniform(seed, a, b):
    random.seed(seed)
    return random.uniform(a, b), random.uniform(a, b)


def reseed_repeats(seed):
    random.seed(seed)
    x = random.random()
    random.random()
    random.seed(seed)
    return x == random.random()


def monte_carlo_pi(seed, n):
    random.seed(seed)
    inside = 0
    for _ in range(n):
        x = random.random()
        y = random.random()
        if x * x + y * y <= 1.0:
            inside += 1
    return 4.0 * inside / n


def np_seeded_first(seed):
    np.random.seed(seed)
    return np.random.random()


def np_seeded_stream(seed, n):
    np.random.seed(seed)
    out = np.empty(n)
    for i in range(n):
        out[i] = np.random.random()
    return out


def np_rand_uniform(seed):
    np.random.seed(seed)
    return np.random.rand(), np.random.uniform(-2.0, 3.0), np.random.random()


CASES = [
    Case("random_seed_42", seeded_first, "float64(int64)", [(42,), (0,), (2**31,), (12345,)],
         reference_globals=NUMBA_RANDOM, tags={"random", "numba-semantics"}),
    Case("random_stream", seeded_stream, "(int64, int64)", [(42, 700), (7, 3)],
         reference_globals=NUMBA_RANDOM, tags={"random", "numba-semantics"}),
    Case("random_uniform", seeded_uniform, "(int64, float64, float64)",
         [(42, -1.0, 1.0), (3, 10.0, 20.0)], reference_globals=NUMBA_RANDOM,
         tags={"random", "numba-semantics"}),
    Case("random_reseed_repeats", reseed_repeats, "bool(int64)", [(5,)],
         reference_globals=NUMBA_RANDOM, tags={"random"}),
    Case("random_monte_carlo", monte_carlo_pi, "float64(int64, int64)", [(1, 10000)],
         reference_globals=NUMBA_RANDOM, tags={"random", "numba-semantics"}),
    Case("np_random_seed_42", np_seeded_first, "float64(int64)", [(42,), (0,), (99,)],
         tags={"random"}),
    Case("np_random_stream", np_seeded_stream, "(int64, int64)", [(42, 700)],
         tags={"random"}),
    Case("np_random_rand_uniform", np_rand_uniform, "(int64,)", [(42,), (2024,)],
         tags={"random"}),
]
