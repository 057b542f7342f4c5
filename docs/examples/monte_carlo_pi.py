"""The two examples from Numba's introduction, unchanged but for the import."""
import random
import time

import numpy as np
from pyrite import jit, njit


@jit(nopython=True)
def monte_carlo_pi(nsamples):
    acc = 0
    for i in range(nsamples):
        x = random.random()
        y = random.random()
        if (x ** 2 + y ** 2) < 1.0:
            acc += 1
    return 4.0 * acc / nsamples


@njit
def fast_sum(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


if __name__ == "__main__":
    start = time.perf_counter()
    pi = monte_carlo_pi(10_000_000)
    first = time.perf_counter() - start
    start = time.perf_counter()
    monte_carlo_pi(10_000_000)
    second = time.perf_counter() - start
    print(f"monte_carlo_pi(10_000_000) = {pi:.5f}  "
          f"(first call {first * 1e3:.0f} ms incl. compile, then {second * 1e3:.0f} ms)")
    a = np.arange(1_000_000, dtype=np.float64)
    print(f"fast_sum(np.arange(1_000_000.0)) = {fast_sum(a):.1f}  (NumPy: {a.sum():.1f})")
