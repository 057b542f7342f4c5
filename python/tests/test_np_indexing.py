"""Indexing beyond integers and slices: None (np.newaxis), `...`, and
assignment with NumPy broadcasting, each compared with NumPy."""
import numpy as np
import pytest

from pyrite import njit
from pyrite.errors import TypingError

V = np.array([0.1, 0.9, 0.4, 0.7])
M = np.arange(12.0).reshape(3, 4)
T = np.arange(24.0).reshape(2, 3, 4)


def column(a): return a[:, None]
def row(a): return a[None, :]
def newaxis_name(a): return a[np.newaxis]
def outer_by_broadcast(a): return a[:, None] * a[None, :]
def middle_axis(a): return a[:, None, :]
def both_ends(a): return a[None, ..., None]
def newaxis_then_sum(a): return a[1:3, np.newaxis].sum(axis=1)
def last_of_each(a): return a[..., -1]
def first_row(a): return a[0, ...]
def everything(a): return a[...]
def ellipsis_middle(a): return a[0, ..., 1]
def ellipsis_slice(a): return a[..., 1:3]
def new_axis_after_int(a): return a[1, None]


VIEWS = [(column, V), (row, V), (newaxis_name, V), (newaxis_name, M), (outer_by_broadcast, V),
         (middle_axis, M), (both_ends, V), (both_ends, M), (newaxis_then_sum, V),
         (last_of_each, V), (last_of_each, M), (last_of_each, T), (first_row, M),
         (first_row, T), (everything, V), (everything, T), (ellipsis_middle, T),
         (ellipsis_slice, M), (ellipsis_slice, T), (ellipsis_slice, T[:, ::2, ::-1]),
         (new_axis_after_int, M), (column, M[:, ::2][1])]


@pytest.mark.parametrize("fn,a", VIEWS, ids=lambda v: getattr(v, "__name__", ""))
def test_views_like_numpy(fn, a):
    got, want = njit(fn)(a), fn(a)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


def test_ellipsis_view_is_a_view():
    a = M.copy()
    v = njit(last_of_each)(a)
    v[0] = -1.0
    assert a[0, -1] == -1.0


def fill_rows(a):
    m = np.zeros((3, 4)); m[:] = a; return m
def fill_lower_rows(a):
    m = np.zeros((3, 4)); m[1:, :] = a; return m
def fill_columns(a):
    m = np.zeros((4, 3)); m[:, :] = a[:, None]; return m
def fill_ellipsis(a):
    m = np.zeros((3, 4)); m[..., 1:3] = 5.0; return m
def fill_everything(a):
    m = np.zeros(4); m[...] = a; return m
def fill_ellipsis_column(a):
    m = np.zeros((2, 4)); m[..., 1] = a[:2]; return m
def fill_plane(a):
    m = np.zeros((2, 3, 4)); m[1] = a; m[0, 1:] = 7.0; return m
def fill_single_element_row(a):
    m = np.zeros((3, 4)); m[:, 1:] = a[:1]; return m
def fill_into_int_from_float(a):
    m = np.zeros((2, 4), np.int32); m[:] = a * 10; return m


ASSIGNMENTS = [fill_rows, fill_lower_rows, fill_columns, fill_ellipsis, fill_everything,
               fill_ellipsis_column, fill_plane, fill_single_element_row,
               fill_into_int_from_float]


@pytest.mark.parametrize("fn", ASSIGNMENTS, ids=lambda f: f.__name__)
def test_broadcast_assignment_like_numpy(fn):
    got, want = njit(fn)(V), fn(V)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


def broadcast_rows_from(m, r):
    m[:] = r
    return m


def test_broadcast_assignment_of_overlapping_row():
    a = M.copy()
    want = M.copy()
    want[:] = want[1].copy()
    np.testing.assert_array_equal(njit(broadcast_rows_from)(a, a[1]), want)


def test_broadcast_mismatch_raises_value_error():
    with pytest.raises(ValueError, match="could not broadcast"):
        njit(fill_rows)(V[:3])
    with pytest.raises(ValueError):
        fill_rows(V[:3])


def two_ellipses(a): return a[..., 0, ...]
def too_many(a): return a[0, None, 1]
def more_dims_than_target(a):
    m = np.zeros(4); m[:] = a; return m


@pytest.mark.parametrize("fn,a,message", [
    (two_ellipses, M, "single ellipsis"),
    (too_many, V, "too many indices"),
    (more_dims_than_target, M, "could not broadcast"),
], ids=["two_ellipses", "too_many_indices", "more_dims_than_target"])
def test_bad_indexes_are_typing_errors(fn, a, message):
    with pytest.raises(TypingError, match=message):
        njit(fn)(a)
    with pytest.raises((IndexError, ValueError)):
        fn(a)
