"""Normal draws: NumPy's legacy polar method, the same stream as Numba's."""
import random

import numpy as np
import pytest

from pyrite import njit

from conftest import numba_jit


def numpy_normals(seed, n):
    np.random.seed(seed)
    out = np.empty(n)
    for i in range(n):
        if i % 3 == 0:
            out[i] = np.random.normal()
        elif i % 3 == 1:
            out[i] = np.random.normal(2.0, 0.5) + np.random.random()
        else:
            out[i] = np.random.randn() * np.random.standard_normal()
    return out


def python_gauss(seed, n):
    random.seed(seed)
    out = np.empty(n)
    for i in range(n):
        out[i] = random.gauss(1.0, 2.0) if i % 2 else random.normalvariate(0.0, 1.0)
    return out


@pytest.mark.parametrize("seed", [0, 1, 42, 2**32 - 1])
def test_numpy_normal_stream_equals_numba_and_numpy(seed):
    got = njit(numpy_normals)(seed, 1500)
    assert np.array_equal(got, numba_jit(numpy_normals)(seed, 1500))
    assert np.array_equal(got, numpy_normals(seed, 1500))  # NumPy's own legacy stream


@pytest.mark.parametrize("seed", [3, 12345])
def test_random_gauss_stream_equals_numba(seed):
    assert np.array_equal(njit(python_gauss)(seed, 1001), numba_jit(python_gauss)(seed, 1001))


def reseed_drops_cached_value():
    np.random.seed(5)
    first = np.random.normal()
    np.random.seed(5)
    return first, np.random.normal()


def test_seeding_drops_the_cached_second_value():
    a, b = njit(reseed_drops_cached_value)()
    assert a == b
