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


# --- one integer array among integers and slices (advanced indexing) -----------------

I = np.array([2, 0, -1, 1])
FANCY_READS = [
    ("columns", lambda a, i: a[:, i], (M, I[:3])),
    ("rows_first_column", lambda a, i: a[i, 0], (M, I[:3])),
    ("rows", lambda a, i: a[i, :], (M, I[:3])),
    ("rows_column_slice", lambda a, i: a[i, 1:3], (M, I[:3])),
    ("int_slice_array_moves_first", lambda a, i: a[0, :, i], (T, I)),
    ("slice_int_array_adjacent", lambda a, i: a[:, 1, i], (T, I)),
    ("int_then_array", lambda a, i: a[1, i], (T, I[:3])),
    ("middle_axis_strided", lambda a, i: a[:, i, ::2], (T, I[:3])),
    ("uint8_index_reversed_view", lambda a, i: a[::-1, i], (M.T, np.array([2, 0, 1], np.uint8))),
    ("int32_index_strided", lambda a, i: a[1:, i[::2]], (M, I.astype(np.int32))),
    ("repeated_indices", lambda a, i: a[:, i], (M, np.array([1, 1, 1, 0]))),
    ("empty_index", lambda a, i: a[i, :], (M, np.zeros(0, np.int64))),
    ("bool_array", lambda a, i: a[:, i], (M > 4, I[:2])),
]


@pytest.mark.parametrize("name,fn,args", FANCY_READS, ids=[c[0] for c in FANCY_READS])
def test_advanced_index_reads_like_numpy(name, fn, args):
    got, want = njit(fn)(*args), fn(*args)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
    assert not np.shares_memory(got, args[0])


def set_columns(a, i): a[:, i] = 9.0; return a
def set_rows_first_column(a, i): a[i, 0] = np.array([1.0, 2.0, 3.0]); return a
def set_rows_broadcast_row(a, i): a[i, :] = np.array([1.0, 2.0, 3.0, 4.0]); return a
def set_from_own_selection(a, i): a[0, :, i] = a[1, :, i]; return a
def set_columns_from_column(a, i): a[:, i] = a[:, 0:1]; return a
def set_repeated_last_wins(a, i): a[i, 1] = np.array([5.0, 6.0, 7.0, 8.0]); return a


FANCY_WRITES = [(set_columns, M, I[:3]), (set_rows_first_column, M, I[:3]),
                (set_rows_broadcast_row, M, I[:3]), (set_from_own_selection, T, I),
                (set_columns_from_column, M, I[:2]),
                (set_repeated_last_wins, M, np.array([0, 2, 0, 2]))]


@pytest.mark.parametrize("fn,a,i", FANCY_WRITES, ids=[c[0].__name__ for c in FANCY_WRITES])
def test_advanced_index_writes_like_numpy(fn, a, i):
    np.testing.assert_array_equal(njit(fn)(a.copy(), i), fn(a.copy(), i))


@pytest.mark.parametrize("bad", [5, -6])
def test_advanced_index_out_of_bounds_is_numpy_index_error(bad):
    i = np.array([0, bad])
    with pytest.raises(IndexError) as got:
        njit(lambda a, i: a[:, i])(M, i)
    with pytest.raises(IndexError) as want:
        M[:, i]
    assert str(got.value) == str(want.value)


def test_advanced_index_write_shape_mismatch_is_value_error():
    with pytest.raises(ValueError, match="shape mismatch"):
        njit(set_rows_first_column)(M.copy(), I[:2])


# --- a lone 1-d integer or boolean array: the first axis ------------------------------

X = np.arange(12.0).reshape(4, 3)
Y = np.array([1, 0, 1, 1])
ROWS = [
    ("rows_by_mask", lambda x, y: x[y == 1], (X, Y)),
    ("no_rows", lambda x, y: x[y == 7], (X, Y)),
    ("rows_by_index", lambda x, y: x[np.array([2, 0, -1])], (X, Y)),
    ("mask_then_slice", lambda x, y: x[y == 1, 1:], (X, Y)),
    ("columns_by_mask", lambda x, y: x[:, np.array([True, False, True])], (X, Y)),
    ("fortran_rows_by_mask", lambda x, y: x[y > 0], (np.asfortranarray(X), Y)),
    ("planes_by_mask", lambda x, y: x[y[:2] == 1], (T, Y)),
]


@pytest.mark.parametrize("name,fn,args", ROWS, ids=[c[0] for c in ROWS])
def test_lone_array_selects_along_the_first_axis(name, fn, args):
    got, want = njit(fn)(*args), fn(*args)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


def put_values(a, i): a[i] = np.array([7.0, 8.0]); return a
def scale_masked(a, m): a[m] = 0.5 * a[m]; return a
def zero_rows(x, y): x[y == 1] = 0.0; return x
def row_into_rows(x, y): x[y == 1] = np.array([1.0, 2.0, 3.0]); return x
def add_at_repeated(a, i): a[i] += 1; return a


@pytest.mark.parametrize("fn,args", [
    (put_values, (V, np.array([0, 3]))), (scale_masked, (V, V > 0.3)), (zero_rows, (X, Y)),
    (row_into_rows, (X, Y)), (add_at_repeated, (V, np.array([1, 1, 2]))),
], ids=["put_values", "scale_masked", "zero_rows", "row_into_rows", "add_at_repeated"])
def test_assignment_through_a_lone_array_like_numpy(fn, args):
    got = njit(fn)(*[a.copy() for a in args])
    want = fn(*[a.copy() for a in args])
    np.testing.assert_array_equal(got, want)


def test_mask_of_the_wrong_length_is_numpy_index_error():
    m = np.array([True, False])
    with pytest.raises(IndexError) as got:
        njit(lambda x, m: x[m])(X, m)
    with pytest.raises(IndexError) as want:
        X[m]
    assert str(got.value) == str(want.value)


def add_through_itself(a): a[a] += 1; return a
def put_through_itself(a): a[a] = 5; return a
def put_through_own_column(a): a[a[:, 0]] = 2; return a


@pytest.mark.parametrize("fn,a", [
    (add_through_itself, np.array([2, 0, 1])), (put_through_itself, np.array([1, 0, 2])),
    (put_through_own_column, np.array([[1, 5], [0, 6], [2, 7]])),
], ids=["add", "put", "own_column"])
def test_index_array_read_before_the_writes(fn, a):
    """The index array is the one from before any store (a copy when it
    shares memory with the array written), as in NumPy."""
    np.testing.assert_array_equal(njit(fn)(a.copy()), fn(a.copy()))


def test_sum_of_a_zero_dimensional_view():
    f = njit(lambda a: (a[..., 0].sum(), np.sum(a[..., 1])))
    assert f(np.arange(3.0) + 1) == (1.0, 2.0)
