"""A third-party-style package written for Numba (numba_style/ministats:
overload with type dispatch, overload_method on arrays, overload_attribute,
register_jitable, intrinsic built with llvmlite.ir) runs unmodified under
Numba and under pyrite installed as `numba`; both must give the same
results, and those must match NumPy's."""
import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "numba_style", "run_ministats.py")


def run(which):
    env = dict(os.environ)
    out = subprocess.run([sys.executable, SCRIPT, which], capture_output=True, text=True,
                         env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def pyrite_results():
    return run("pyrite")


def test_runs_under_pyrite_as_numba(pyrite_results):
    assert pyrite_results["module"] == "pyrite"


def test_results_match_numpy(pyrite_results):
    x = np.linspace(-3.0, 5.0, 41) ** 3 / 7.0
    ints = (np.arange(23) * 7 % 19 - 9).astype(np.int64)
    mean, ksum, ksum1, span = pyrite_results["summary"]
    assert mean == pytest.approx(np.mean(np.clip(x, -2.0, 9.5)), rel=1e-15)
    assert ksum == pytest.approx(math.fsum(x), rel=1e-15)
    assert ksum1 == pytest.approx(1.0 + math.fsum(x), rel=1e-15)
    assert span == np.ptp(x)
    imean, ispan = pyrite_results["int_summary"]
    assert imean == np.mean(np.clip(ints, -4, 6))
    assert ispan == np.ptp(ints)
    assert pyrite_results["poly"] == 0.5 + 1.25 * (-2.0 + 1.25 * 3.0)


def test_same_results_as_numba(pyrite_results):
    pytest.importorskip("numba")
    numba_results = run("numba")
    assert numba_results.pop("module") == "numba"
    pyrite_results = dict(pyrite_results)
    pyrite_results.pop("module")
    assert pyrite_results == numba_results
