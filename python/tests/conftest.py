"""Shared helpers for the language tests.

Every test compares pyrite against a reference that runs the same code:
CPython (the plain function), NumPy, or Numba (`numba_jit`).
"""
import gc
import math
import os
import struct

import numpy as np
import pytest

import pyrite


_numba_cache = {}


def pytest_collection_modifyitems(config, items):
    """PYRITE_TEST_SAMPLE=N keeps every N-th case of each parametrized test
    (its first always), for the runs that repeat the suite under a slower
    configuration (AddressSanitizer, the other CPython versions): every test
    function still runs, on fewer inputs. Unset or 1: every case."""
    n = int(os.environ.get("PYRITE_TEST_SAMPLE", "1"))
    if n <= 1:
        return
    seen = {}
    kept, dropped = [], []
    for item in items:
        key = (item.nodeid.split("::")[0], getattr(item, "originalname", item.name))
        index = seen.get(key, 0)
        seen[key] = index + 1
        (kept if index % n == 0 else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture
def no_leaks():
    """Every allocation compiled code made during the test is freed once
    Python drops its objects (`pytestmark = pytest.mark.usefixtures("no_leaks")`)."""
    from pyrite import _core  # (loaded by the first compile, not by import pyrite)
    gc.collect()
    before = _core.live_allocations()
    yield
    gc.collect()
    assert _core.live_allocations() == before


@pytest.fixture(params=[1, 2, 4])
def threads(request, monkeypatch):
    """Parallel regions on 1, 2 and 4 threads (4 oversubscribes a 2-core
    machine on purpose); the thread count it found comes back after."""
    before = pyrite.get_num_threads()
    monkeypatch.setattr(pyrite.config, "NUMBA_NUM_THREADS",
                        max(4, pyrite.config.NUMBA_NUM_THREADS))
    pyrite.set_num_threads(request.param)
    yield request.param
    pyrite.set_num_threads(before)


def parallel_and_serial(fn):
    """(parallel=True, serial) compilations of fn."""
    return pyrite.njit(parallel=True)(fn), pyrite.njit(fn)


def check_parallel(fn, *args, exact=True):
    """fn's parallel result equals its serial one (floats: within
    reassociation); returns it."""
    par, ser = parallel_and_serial(fn)
    got, want = par(*args), ser(*args)
    if exact:
        np.testing.assert_array_equal(got, want)
    else:
        np.testing.assert_allclose(got, want, rtol=1e-12)
    return got


def parallel_report(dispatcher, *args, level=2):
    """What dispatcher.parallel_diagnostics prints after a call with args."""
    import contextlib
    import io
    dispatcher(*args)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        dispatcher.parallel_diagnostics(level=level)
    return buf.getvalue()


def numba_jit(fn, **options):
    """The same Python function compiled by Numba (the reference); one Numba
    dispatcher per function and options, so its specializations are reused."""
    numba = pytest.importorskip("numba")
    key = (fn, tuple(sorted(options.items())))
    if key not in _numba_cache:
        _numba_cache[key] = numba.njit(**options)(fn)
    return _numba_cache[key]


def both(fn):
    """(pyrite-compiled, plain CPython) versions of `fn`."""
    return pyrite.njit(fn), fn


def _ordered(x):
    """Maps a float64 onto an integer line so adjacent doubles differ by 1."""
    (i,) = struct.unpack("<q", struct.pack("<d", x))
    return i if i >= 0 else -(i & 0x7FFFFFFFFFFFFFFF)


def ulp_distance(a, b):
    return abs(_ordered(float(a)) - _ordered(float(b)))


def same_value(got, want):
    """Equal as Python sees it, with NaN == NaN and the sign of zero checked."""
    if isinstance(want, float) or isinstance(got, float):
        g, w = float(got), float(want)
        if math.isnan(w):
            return math.isnan(g)
        return g == w and math.copysign(1.0, g) == math.copysign(1.0, w)
    return got == want


def assert_same(got, want):
    """Value, NaN and signed zero, and the Python type (int/float/bool)."""
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want), (got, want)
        for g, w in zip(got, want):
            assert_same(g, w)
        return
    assert same_value(got, want), f"got {got!r}, expected {want!r}"
    assert _pytype(got) is _pytype(want), \
        f"got {got!r} of type {type(got).__name__}, expected {type(want).__name__}"


def _pytype(v):
    if isinstance(v, (bool, np.bool_)):
        return bool
    if isinstance(v, (int, np.integer)):
        return int
    if isinstance(v, (float, np.floating)):
        return float
    return type(v)


def assert_close(got, want, ulps=4, rel=0.0):
    """Floats within `ulps` units in the last place (or `rel` relative)."""
    got, want = float(got), float(want)
    if math.isnan(want):
        assert math.isnan(got), f"got {got!r}, expected nan"
        return
    if math.isinf(want):
        assert got == want, f"got {got!r}, expected {want!r}"
        return
    if ulp_distance(got, want) <= ulps:
        return
    assert rel and math.isclose(got, want, rel_tol=rel, abs_tol=0.0), \
        f"got {got!r}, expected {want!r} ({ulp_distance(got, want)} ulps apart)"


@pytest.fixture
def live_allocations():
    """Counts pyrite's live array allocations: call it to read the counter."""
    import gc
    from pyrite import _core

    def read():
        gc.collect()
        return _core.live_allocations()
    return read
