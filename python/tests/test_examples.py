"""The examples from Numba's introduction, run unchanged under pyrite and
compared with Numba (and NumPy / CPython) on the same inputs."""
import math
import os
import random
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import pyrite as numba          # `import pyrite as numba` works for what pyrite supports
from pyrite import jit

from conftest import numba_jit


# --- verbatim from Numba's introduction ------------------------------------------

@jit(nopython=True)
def monte_carlo_pi(nsamples):
    acc = 0
    for i in range(nsamples):
        x = random.random()
        y = random.random()
        if (x ** 2 + y ** 2) < 1.0:
            acc += 1
    return 4.0 * acc / nsamples


@numba.njit
def fast_sum(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


@numba.njit
def seed(s):
    random.seed(s)


def test_monte_carlo_pi_is_close_to_pi():
    estimate = monte_carlo_pi(200_000)
    assert abs(estimate - math.pi) < 0.02
    assert monte_carlo_pi.signatures == [(numba.types.int64,)]


def test_monte_carlo_pi_seeded_equals_numba():
    ref = numba_jit(monte_carlo_pi.py_func)
    numba_seed = numba_jit(seed.py_func)
    for s, n in [(42, 10_000), (1, 123_457)]:
        seed(s)
        got = monte_carlo_pi(n)
        numba_seed(s)
        assert got == ref(n)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32])
def test_fast_sum(dtype):
    a = (np.arange(1000) % 17 - 8).astype(dtype)
    got = fast_sum(a)
    assert got == fast_sum.py_func(a) == float(a.sum())
    assert got == numba_jit(fast_sum.py_func)(a)


def test_fast_sum_random_floats_equals_numba():
    a = np.random.default_rng(1).random(100_001)
    got = fast_sum(a)
    assert got == numba_jit(fast_sum.py_func)(a)     # same order of additions
    assert abs(got - a.sum()) < 1e-9
    assert fast_sum(a[::7]) == numba_jit(fast_sum.py_func)(a[::7])


# --- the example file run unchanged, with `numba` resolving to pyrite ----------------

EXAMPLE = textwrap.dedent('''
    from numba import jit
    import random

    @jit(nopython=True)
    def monte_carlo_pi(nsamples):
        acc = 0
        for i in range(nsamples):
            x = random.random()
            y = random.random()
            if (x ** 2 + y ** 2) < 1.0:
                acc += 1
        return 4.0 * acc / nsamples
''')

FAST_SUM = textwrap.dedent('''
    from numba import njit

    @njit
    def fast_sum(a):
        s = 0.0
        for i in range(a.shape[0]):
            s += a[i]
        return s
''')

DRIVER = textwrap.dedent('''
    import sys
    if sys.argv[1] == "pyrite":
        import pyrite
        sys.modules["numba"] = pyrite
    import random
    import numpy as np
    from numba import njit
    import example, fast_sum_example

    @njit
    def seed(s):
        random.seed(s)

    seed(2718)
    print(repr(example.monte_carlo_pi(100000)))
    a = np.random.default_rng(5).random(12345)
    print(repr(fast_sum_example.fast_sum(a)))
    print(repr(fast_sum_example.fast_sum(a[::-3])))
''')


def test_unchanged_example_files_match_numba(tmp_path):
    pytest.importorskip("numba")
    (tmp_path / "example.py").write_text(EXAMPLE)
    (tmp_path / "fast_sum_example.py").write_text(FAST_SUM)
    (tmp_path / "driver.py").write_text(DRIVER)
    root = os.path.dirname(os.path.dirname(os.path.abspath(numba.__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), root,
                                                       os.environ.get("PYTHONPATH", "")]))
    outputs = {}
    for which in ("pyrite", "numba"):
        proc = subprocess.run([sys.executable, str(tmp_path / "driver.py"), which],
                              capture_output=True, text=True, env=env, timeout=300)
        assert proc.returncode == 0, proc.stderr
        outputs[which] = proc.stdout.split()
    assert outputs["pyrite"] == outputs["numba"]
    assert abs(float(outputs["pyrite"][0]) - math.pi) < 0.05
