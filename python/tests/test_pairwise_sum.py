"""Float sums are NumPy's pairwise sums: on contiguous data equal to np.sum
bit for bit, elsewhere as accurate (a naive loop, as Numba's, loses about
three digits on a million float32 values)."""
import numpy as np
import pytest

from pyrite import njit

rng = np.random.default_rng(11)
SIZES = [0, 1, 7, 8, 9, 16, 127, 128, 129, 1000, 4099, 65537, 1_000_003]


@njit
def method_sum(a):
    return a.sum()


@njit
def function_sum(a):
    return np.sum(a)


@njit
def axis_sum(a, axis):
    return a.sum(axis=axis)


@njit
def mean(a):
    return a.mean()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", SIZES)
def test_contiguous_sum_equals_numpy(n, dtype):
    a = (rng.random(n) * 2 - 0.5).astype(dtype)
    assert method_sum(a) == np.sum(a)
    assert function_sum(a.reshape(1, -1)) == np.sum(a)
    if n:
        assert mean(a) == np.mean(a)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("view", ["reversed", "strided", "transposed", "column_slice"])
def test_strided_sum_as_accurate_as_numpy(view, dtype):
    base = rng.random((700, 300)).astype(dtype)
    a = {"reversed": base.ravel()[::-1], "strided": base.ravel()[::3],
         "transposed": base.T, "column_slice": base[:, 10:200]}[view]
    exact = np.sum(a.astype(np.float64))
    eps = np.finfo(dtype).eps
    assert abs(float(method_sum(a)) - exact) <= 8 * eps * exact
    assert abs(float(np.sum(a)) - exact) <= 8 * eps * exact


def test_float32_sum_of_a_million_values_keeps_its_digits():
    a = rng.random(1_000_000).astype(np.float32)
    exact = np.sum(a.astype(np.float64))
    got = method_sum(a)
    assert got == np.sum(a)
    assert abs(float(got) - exact) / exact < 1e-6


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_axis_sum_is_pairwise(axis, dtype):
    m = rng.random((37, 1031)).astype(dtype)
    got = axis_sum(m, axis)
    assert got.dtype == m.sum(axis=axis).dtype
    if axis != 0:  # along the contiguous axis NumPy sums pairwise too
        np.testing.assert_array_equal(got, m.sum(axis=axis))
    exact = m.astype(np.float64).sum(axis=axis)
    assert np.all(np.abs(got - exact) <= 8 * np.finfo(dtype).eps * exact)


def test_negative_zero_and_empty_sums_as_numpy():
    for a in (np.full(3, -0.0), np.full(20, -0.0, np.float32), np.zeros((0, 3))):
        got, want = method_sum(a), np.sum(a)
        assert got == want and np.signbit(got) == np.signbit(want)
    np.testing.assert_array_equal(axis_sum(np.zeros((2, 0)), 1), np.zeros(2))
    assert np.isnan(method_sum(np.array([1.0, np.nan, 2.0])))
    assert method_sum(np.array([np.inf, 1.0] * 20)) == np.inf


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_contiguous_views_typed_any_layout_sum_as_numpy(dtype):
    """A Fortran array, or a contiguous one typed 'A', is summed in memory
    order at once, as NumPy's iterator does: bit for bit NumPy's."""
    m = (rng.random((37, 101)) - 0.25).astype(dtype)
    for a in (np.asfortranarray(m), m.T, np.asfortranarray(m)[:, 3:60], m[4:9]):
        assert method_sum(a) == np.sum(a)
