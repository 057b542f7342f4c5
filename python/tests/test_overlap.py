"""Assignments whose source overlaps their destination give NumPy's result:
as if the right side were fully evaluated before any element is written.
Each function runs on fresh data under CPython/NumPy and under pyrite."""
import numpy as np
import pytest

import pyrite


def shift_right(v):
    v[1:] = v[:-1]
    return v


def shift_left(v):
    v[:-1] = v[1:]
    return v


def reverse_into_itself(v):
    v[::-1] = v
    return v


def every_other(v):
    v[::2] = v[1::2]
    return v


def transpose_into_itself(m):
    m[:, :] = m.T
    return m


def diagonal_shift(m):
    m[1:, 1:] = m[:-1, :-1]
    return m


def row_shift(g):
    g[0, 2:10] = g[0, 1:9]
    return g


def column_into_row(m):
    m[0, :] = m[:, 1]
    return m


def expression_over_its_target(a):
    a[1:] = a[:-1] + 1
    return a


def whole_array_into_itself(a):
    a[:] = a
    return a


def disjoint_halves(a):
    a[:4] = a[4:]
    return a


def rows_of_a_view(m):
    v = m[1:]
    v[:, :] = m[:-1]
    return m


CASES = [
    (shift_right, lambda: np.arange(6.0)),
    (shift_left, lambda: np.arange(6.0)),
    (reverse_into_itself, lambda: np.arange(6.0)),
    (reverse_into_itself, lambda: np.arange(7, dtype=np.int32)),
    (every_other, lambda: np.arange(10.0)),
    (transpose_into_itself, lambda: np.arange(9.0).reshape(3, 3)),
    (transpose_into_itself, lambda: np.arange(16, dtype=np.int64).reshape(4, 4)),
    (diagonal_shift, lambda: np.arange(16.0).reshape(4, 4)),
    (row_shift, lambda: np.arange(24.0).reshape(2, 12)),
    (column_into_row, lambda: np.arange(9.0).reshape(3, 3)),
    (expression_over_its_target, lambda: np.arange(6.0)),
    (whole_array_into_itself, lambda: np.arange(5.0)),
    (disjoint_halves, lambda: np.arange(8.0)),
    (rows_of_a_view, lambda: np.arange(12.0).reshape(4, 3)),
]


@pytest.mark.parametrize("fn,make", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_overlapping_assignment_matches_numpy(fn, make, live_allocations):
    want = fn(make())
    compiled = pyrite.njit(fn)
    got = compiled(make())
    np.testing.assert_array_equal(got, want)
    before = live_allocations()
    for _ in range(5):
        np.testing.assert_array_equal(compiled(make()), want)
    assert live_allocations() == before


def test_overlap_through_arguments():
    def assign(dst, src):
        dst[:] = src
    f = pyrite.njit(assign)
    base = np.arange(10.0)
    want = base.copy()
    assign(want[2:8], want[:6])
    f(base[2:8], base[:6])
    np.testing.assert_array_equal(base, want)
    # No overlap: separate arrays, the fast path.
    a, b = np.zeros(6), np.arange(6.0)
    f(a, b)
    np.testing.assert_array_equal(a, b)


def mask_over_itself(a):
    a[a[::-1, ::-1]] = False
    return a


def test_mask_that_views_the_target_is_read_first():
    a = np.array([False, False, False, False, False, True,
                  True, True, False, True, True, True]).reshape(2, 6)
    np.testing.assert_array_equal(pyrite.njit(mask_over_itself)(a.copy()),
                                  mask_over_itself(a.copy()))


def strided_into_itself(a):
    a[::2] = a[0:6]
    return a


def test_strided_overlap_reads_the_source_first():
    """NumPy copies a 1-d same-direction overlap element by element without
    buffering (numpy/numpy#6272 left indexed assignment out of its
    copy-on-overlap work), so a[::2] = a[0:6] reads values it already wrote.
    pyrite gives the buffered result NumPy gives for every other overlap:
    what a[::2] = a[0:6].copy() gives."""
    a = np.array([8, -1, 15, -11, 16, -7, -16, -1, -13, 3, -2], dtype=np.int32)
    want = a.copy()
    want[::2] = a[0:6].copy()
    np.testing.assert_array_equal(pyrite.njit(strided_into_itself)(a.copy()), want)


def asarray_alias(a):
    v = np.asarray(a)
    v[0] = 5.0
    return v


def test_asarray_of_an_array_is_that_array():
    a = np.zeros(3)
    out = pyrite.njit(asarray_alias)(a)
    assert a[0] == 5.0 and np.shares_memory(out, a)


def scatter_itself(a, idx):
    a[idx] = a
    return a


def scatter_rows_itself(a, idx):
    a[idx, :] = a
    return a


def scatter_columns_itself(a, idx):
    a[:, idx] = a
    return a


def scatter_slice_of_itself(a, idx):
    a[idx] = a[0:5]
    return a


def masked_itself(a, m):
    a[m] = a
    return a


@pytest.mark.parametrize("fn, make", [
    (scatter_itself, lambda: np.arange(5.0)),
    (scatter_slice_of_itself, lambda: np.arange(5.0)),
    (scatter_rows_itself, lambda: np.arange(10.0).reshape(5, 2)),
    (scatter_columns_itself, lambda: np.arange(10.0).reshape(2, 5)),
])
@pytest.mark.parametrize("idx", [[4, 3, 2, 1, 0], [1, 2, 3, 4, 0], [0, 1, 2, 3, 4]])
def test_index_array_assignment_from_the_target_itself(fn, make, idx):
    # (the same elements in the same order are not safe here: the scatter
    # writes in the index order and would read elements already written)
    idx = np.array(idx)
    np.testing.assert_array_equal(pyrite.njit(fn)(make(), idx), fn(make(), idx))


def test_mask_assignment_from_the_target_itself():
    m = np.ones(6, bool)
    np.testing.assert_array_equal(pyrite.njit(masked_itself)(np.arange(6.0), m),
                                  masked_itself(np.arange(6.0), m))
