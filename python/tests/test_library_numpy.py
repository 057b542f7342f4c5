"""np.arange, np.mean / ndarray.mean and np.clip / ndarray.clip (pyrite/_library)
against NumPy: values, dtypes and the exceptions NumPy raises."""
import warnings

import numpy as np
import pytest

from pyrite import njit
from test_numpy_creation import arange1, arange2, arange3


def _same(got, want):
    """Equal values (NaN equal to NaN); arrays also of the same dtype."""
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray) and got.dtype == want.dtype, (got, want)
    np.testing.assert_array_equal(got, want)


def _compare(f, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's "Mean of empty slice"
        try:
            want = f(*args)
        except Exception as e:  # noqa: BLE001 - any NumPy error must be matched
            with pytest.raises(type(e)) as got:
                njit(f)(*args)
            assert str(got.value) == str(e)
            return
    _same(njit(f)(*args), want)


def arange_f32(start, stop, step):
    return np.arange(start, stop, step, dtype=np.float32)


def arange_i32(stop):
    return np.arange(stop, dtype=np.int32)


def arange_keywords(start, stop):
    return np.arange(start=start, stop=stop, step=2, dtype=np.int64)


@pytest.mark.parametrize("stop", [5, 0, -3, 5.5, np.float32(2.5), np.int8(4), True])
def test_arange_stop(stop):
    _compare(arange1, stop)
    _compare(arange_i32, stop)


@pytest.mark.parametrize("start,stop", [(2, 7), (7, 2), (0.5, 3), (-2**63, 2**63 - 1),
                                        (np.uint64(3), np.uint64(9))])
def test_arange_start_stop(start, stop):
    _compare(arange2, start, stop)
    if stop - start > 2**63:
        # NumPy's count wraps and it returns an empty array; pyrite raises
        # as NumPy does for step 1 (docs/supported.md).
        with pytest.raises(ValueError, match="Maximum allowed size exceeded"):
            njit(arange_keywords)(start, stop)
        return
    _compare(arange_keywords, start, stop)


@pytest.mark.parametrize("start,stop,step", [
    (0, 10, 3), (10, 0, -3), (3, 3, 1), (0, 5, 0),
    # counted without overflow, as range() near the int64 limits
    (0, 2**63 - 1, 2**62), (-2**63, 2**63 - 1, 2**62), (2**63 - 1, -2**63, -2**62),
    (0.0, 1.0, 0.1), (1.0, 0.0, -0.3), (0.0, 5.0, 0.0), (0.0, np.nan, 1.0),
    (0.0, np.inf, 1.0), (np.inf, 0.0, -1.0),
    # NumPy's special cases: a nonzero span over an infinite step
    (0.0, 1.0, np.inf), (0.0, 1.0, -np.inf), (0.0, 0.0, np.inf),
    (np.uint64(3), np.uint64(9), np.uint64(2)),
])
def test_arange_start_stop_step(start, stop, step):
    _compare(arange3, start, stop, step)
    _compare(arange_f32, start, stop, step)


def mean(a):
    return np.mean(a)


def mean_method(a):
    return a.mean()


def mean_axis(a, axis):
    return np.mean(a, axis)


def mean_method_axis(a, axis):
    return a.mean(axis=axis)


ARRAYS = [np.arange(10.0), np.arange(10, dtype=np.int32), np.array([True, False, True]),
          np.zeros(0), np.zeros(0, np.int64), np.arange(12.0).reshape(3, 4)[:, ::2],
          np.arange(6, dtype=np.float32).reshape(2, 3),
          # NumPy sums integers in float64: no int64 overflow
          np.array([2**62, 2**62, 2**62], dtype=np.int64),
          np.array([1.0, np.nan])]


@pytest.mark.parametrize("a", ARRAYS, ids=range(len(ARRAYS)))
def test_mean(a):
    for f in (mean, mean_method):
        got, want = f(a), njit(f)(a)
        np.testing.assert_allclose(got, want, rtol=1e-6 if a.dtype == np.float32 else 1e-15)


@pytest.mark.parametrize("a,axis", [
    (np.arange(12.0).reshape(3, 4), 0), (np.arange(12.0).reshape(3, 4), 1),
    (np.arange(12.0).reshape(3, 4), -1), (np.arange(12).reshape(3, 4), 1),
    (np.arange(24, dtype=np.float32).reshape(2, 3, 4), 1),
    (np.zeros((0, 3)), 0), (np.zeros((0, 3)), 1), (np.arange(5.0), 0), (np.zeros(0), 0),
    # AxisError, with NumPy's message
    (np.arange(12).reshape(3, 4), 2), (np.arange(5.0), 1), (np.arange(5.0), -2),
])
def test_mean_axis(a, axis):
    _compare(mean_axis, a, axis)
    _compare(mean_method_axis, a, axis)


def test_method_of_the_library_as_a_fresh_process_first_use():
    """A program whose first compiled code uses a library method (nothing
    else has imported pyrite's library yet) finds it."""
    import subprocess
    import sys
    code = ("import numpy as np\nfrom pyrite import njit\n"
            "a = np.arange(6.0).reshape(2, 3)\n"
            "print(njit(lambda a: a.mean(axis=0)[1] + a.argmax())(a))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert float(out.stdout) == 2.5 + 5


def clip(a, lo, hi):
    return np.clip(a, lo, hi)


def clip_upper(a, hi):
    return np.clip(a, None, hi)


def clip_method(a, lo):
    return a.clip(lo)


def clip_method_max(a, hi):
    return a.clip(max=hi)


@pytest.mark.parametrize("f,args", [
    (clip, (np.arange(5), 1, 3)), (clip, (np.arange(5), 1.5, 3)),
    (clip, (np.array([1.0, np.nan]), 0, 0.5)), (clip, (np.arange(5), 3, 1)),
    (clip, (np.arange(5.0), np.nan, 3)), (clip, (7, 1, 3)), (clip, (2.5, 3.0, 4.0)),
    (clip, (np.arange(6.0).reshape(2, 3), np.array([1.0, 2.0, 3.0]), 4)),
    (clip_upper, (np.arange(5), 2)), (clip_method, (np.arange(5), 2)),
    (clip_method_max, (np.arange(5.0)[::2], 2.5)),
])
def test_clip(f, args):
    _compare(f, *args)
