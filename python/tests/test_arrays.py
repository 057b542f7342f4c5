"""NumPy arrays: arguments (contiguous and strided), indexing, attributes,
creation, memory ownership, reductions. References: CPython running the same
function on the same array, NumPy, and Numba."""
import gc

import numpy as np
import pytest

from pyrite import njit

from conftest import assert_same, numba_jit

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.bool_]
DTYPE_IDS = ["float64", "float32", "int64", "int32", "bool"]


def make(shape, dtype):
    """Small exact values (sums are exact in every dtype), with negatives."""
    n = int(np.prod(shape))
    values = (np.arange(n) * 7 % 11) - 4
    if dtype is np.bool_:
        values = values % 3 == 0
    return values.reshape(shape).astype(dtype)


def views(a):
    """The array and strided views of it, by name."""
    out = {"c": a}
    if a.ndim == 1:
        out.update(step2=a[::2], reversed=a[::-1], step3_offset=a[1::3])
    elif a.ndim == 2:
        out.update(T=a.T, rows_step2=a[::2], cols_step2=a[:, ::2], reversed=a[::-1, ::-1],
                   sub=a[1:, 1:])
    else:
        out.update(T=a.T, transposed=a.transpose(1, 0, 2), step=a[:, ::2, 1:])
    return out


def weighted_sum_1d(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * (i + 1)
    return s


def weighted_sum_2d(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j] * (i * 31 + j + 1)
    return s


def weighted_sum_3d(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                s += a[i, j, k] * (i * 961 + j * 31 + k + 1)
    return s


WEIGHTED = {1: weighted_sum_1d, 2: weighted_sum_2d, 3: weighted_sum_3d}
SHAPES = {1: (13,), 2: (5, 6), 3: (3, 4, 5)}
_jit_weighted = {n: njit(f) for n, f in WEIGHTED.items()}


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
@pytest.mark.parametrize("ndim", [1, 2, 3])
def test_read_every_element_of_views(dtype, ndim):
    base = make(SHAPES[ndim], dtype)
    for name, view in views(base).items():
        want = WEIGHTED[ndim](view)
        got = _jit_weighted[ndim](view)
        assert got == want, (name, got, want)
        assert isinstance(got, float)


def fill_1d(a, start):
    for i in range(a.shape[0]):
        a[i] = start + i * 3


def fill_2d(a, start):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = start + i * 10 - j


def fill_3d(a, start):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                a[i, j, k] = (start + i * 100 + j * 10 + k) % 7 - 2


FILL = {1: fill_1d, 2: fill_2d, 3: fill_3d}


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
@pytest.mark.parametrize("ndim", [1, 2, 3])
def test_write_through_views_changes_the_base(dtype, ndim):
    jf = njit(FILL[ndim])
    for name in views(make(SHAPES[ndim], dtype)):
        expected_base = make(SHAPES[ndim], dtype)
        got_base = make(SHAPES[ndim], dtype)
        FILL[ndim](views(expected_base)[name], -3)
        jf(views(got_base)[name], -3)
        np.testing.assert_array_equal(got_base, expected_base, err_msg=name)


def store_float_values(a):
    for i in range(a.shape[0]):
        a[i] = 0.1 * i - 2.7


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32],
                         ids=DTYPE_IDS[:4])
def test_store_converts_to_the_array_dtype(dtype):
    """a[i] = float stores float32(x) into float32 arrays and truncates into int arrays."""
    want, got = np.zeros(9, dtype), np.zeros(9, dtype)
    store_float_values(want)
    njit(store_float_values)(got)
    np.testing.assert_array_equal(got, want)


def column_sum(a, j):
    s = 0
    for i in range(a.shape[0]):
        s += a[i, j]
    return s


def test_column_view_argument():
    a = make((7, 5), np.int64)
    col = a[:, 1]
    assert njit(weighted_sum_1d)(col) == weighted_sum_1d(col)
    assert njit(column_sum)(a, 3) == column_sum(a, 3)


# --- negative indices --------------------------------------------------------------

def negative_reads(a):
    return a[-1], a[-2], a[-a.shape[0]]


def negative_reads_2d(a):
    return a[-1, -1], a[-2, 0], a[0, -3]


def negative_writes(a, v):
    a[-1] = v
    a[-3] = v * 2


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_negative_indices(dtype):
    a = make((9,), dtype)
    for view in views(a).values():
        assert_same(njit(negative_reads)(view), numba_jit(negative_reads)(view))
        assert njit(negative_reads)(view) == negative_reads(view)
    b = make((4, 5), dtype)
    for view in views(b).values():
        assert njit(negative_reads_2d)(view) == negative_reads_2d(view)


def test_negative_index_writes():
    want, got = make((8,), np.int64), make((8,), np.int64)
    negative_writes(want, 5)
    njit(negative_writes)(got, 5)
    np.testing.assert_array_equal(got, want)
    want2, got2 = make((8,), np.float64), make((8,), np.float64)
    negative_writes(want2[::-2], 1.5)
    njit(negative_writes)(got2[::-2], 1.5)
    np.testing.assert_array_equal(got2, want2)


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_element_types_returned_like_numba(dtype):
    """int32 elements come back as int, float32 as float, bool as bool."""
    a = make((9,), dtype)
    got = njit(negative_reads)(a)
    assert_same(got, numba_jit(negative_reads)(a))


# --- attributes ------------------------------------------------------------------------

def attrs(a):
    return a.shape, a.size, a.ndim, len(a)


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
@pytest.mark.parametrize("shape", [(0,), (1,), (7,), (3, 4), (0, 5), (2, 3, 4), (5, 1, 2)])
def test_shape_size_ndim_len(dtype, shape):
    a = make(shape, dtype)
    for view in views(a).values() if 0 not in shape else [a]:
        assert_same(njit(attrs)(view), attrs(view))


def shape_unpack(a):
    n, m = a.shape
    return n * 100 + m, a.shape[0], a.shape[-1]


def test_shape_unpacking_and_indexing():
    a = make((3, 8), np.float64)
    assert_same(njit(shape_unpack)(a), shape_unpack(a))
    assert_same(njit(shape_unpack)(a.T), shape_unpack(a.T))


# --- sub-array indexing ------------------------------------------------------------------

def row_stats(a, i):
    row = a[i]
    s = 0
    for j in range(len(row)):
        s += row[j] * (j + 1)
    return s, len(row), row.shape[0], row.ndim


def chained_index(a, i, j):
    return a[i][j], a[i][-1], a[-1][j]


def write_through_row(a, i):
    row = a[i]
    for j in range(row.shape[0]):
        row[j] = j * 10 + i
    a[i - 1][0] = -1


def plane(a, i):
    p = a[i]
    line = a[i, 1]
    return p.shape, line.shape, p[1, 2], line[2], a[i][1][2]


@pytest.mark.parametrize("dtype", DTYPES[:4], ids=DTYPE_IDS[:4])
def test_row_of_2d_array(dtype):
    a = make((5, 7), dtype)
    for view in (a, a.T, a[::2, ::-1]):
        for i in (0, 2, -1):
            assert_same(njit(row_stats)(view, i), row_stats(view, i))
            assert njit(chained_index)(view, i, 2) == chained_index(view, i, 2)


def test_write_through_row_view():
    want, got = make((4, 6), np.int64), make((4, 6), np.int64)
    write_through_row(want, 2)
    njit(write_through_row)(got, 2)
    np.testing.assert_array_equal(got, want)
    want, got = make((4, 6), np.float64), make((4, 6), np.float64)
    write_through_row(want.T, 2)
    njit(write_through_row)(got.T, 2)
    np.testing.assert_array_equal(got, want)


def test_plane_of_3d_array():
    a = make((3, 4, 5), np.float64)
    for view in (a, a.transpose(2, 0, 1)):
        assert_same(njit(plane)(view, 1), plane(view, 1))


def get_row(a, i):
    return a[i]


def test_returned_row_is_a_view_like_numba():
    a = make((4, 5), np.float64)
    got = njit(get_row)(a, 2)
    want = numba_jit(get_row)(a, 2)
    np.testing.assert_array_equal(got, a[2])
    assert got.shape == want.shape and got.dtype == want.dtype
    assert np.shares_memory(got, a) == np.shares_memory(want, a)
    got[0] = 99.0
    assert a[2, 0] == 99.0


# --- creation ------------------------------------------------------------------------------

def zeros_int(n):
    return np.zeros(n)


def ones_tuple(n, m):
    return np.ones((n, m))


def empty_3d(n):
    return np.empty((n, 2, 3))


def zeros_f32_kw(n):
    return np.zeros(n, dtype=np.float32)


def ones_i64_positional(n, m):
    return np.ones((n, m), np.int64)


def zeros_i32_tuple(n):
    return np.zeros((n, n + 1), dtype=np.int32)


def ones_bool(n):
    return np.ones(n, dtype=np.bool_)


def empty_f32(n):
    return np.empty((n,), dtype=np.float32)


CREATORS = [(zeros_int, (5,)), (zeros_int, (0,)), (ones_tuple, (3, 4)), (ones_tuple, (0, 2)),
            (zeros_f32_kw, (6,)), (ones_i64_positional, (2, 5)), (zeros_i32_tuple, (3,)),
            (ones_bool, (4,))]


@pytest.mark.parametrize("fn,args", CREATORS, ids=[f.__name__ + repr(a) for f, a in CREATORS])
def test_zeros_ones_match_numpy(fn, args):
    got = njit(fn)(*args)
    want = fn(*args)
    assert isinstance(got, np.ndarray)
    assert got.dtype == want.dtype
    assert got.shape == want.shape
    np.testing.assert_array_equal(got, want)
    assert got.flags.c_contiguous and got.flags.writeable and got.flags.aligned


@pytest.mark.parametrize("fn,args", [(empty_3d, (4,)), (empty_f32, (7,)), (empty_3d, (0,))])
def test_empty_shape_and_dtype(fn, args):
    got = njit(fn)(*args)
    want = fn(*args)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert got.flags.c_contiguous and got.flags.writeable
    got[...] = 3          # the memory is usable
    assert (got == 3).all()


def arange_fill(n):
    a = np.empty(n, dtype=np.int64)
    for i in range(n):
        a[i] = i * i
    return a


def grid(n, m):
    g = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            g[i, j] = i + j / 10
    return g


def test_created_arrays_filled_in_compiled_code():
    np.testing.assert_array_equal(njit(arange_fill)(10), arange_fill(10))
    np.testing.assert_array_equal(njit(grid)(4, 3), grid(4, 3))


def test_created_array_passed_back_in():
    g = njit(grid)(5, 4)
    assert njit(weighted_sum_2d)(g) == weighted_sum_2d(grid(5, 4))
    assert njit(weighted_sum_2d)(g.T) == weighted_sum_2d(grid(5, 4).T)


# --- memory ownership -------------------------------------------------------------------------

def test_returned_arrays_are_freed(live_allocations):
    start = live_allocations()
    f, g = njit(grid), njit(zeros_f32_kw)
    arrays = [f(10, 10) for _ in range(50)] + [g(1000) for _ in range(50)]
    assert live_allocations() > start
    del arrays
    assert live_allocations() == start


def test_views_keep_the_memory_alive(live_allocations):
    start = live_allocations()
    a = njit(arange_fill)(100)
    v = a[10:20]
    t = a.reshape(10, 10).T
    del a
    gc.collect()
    np.testing.assert_array_equal(v, arange_fill(100)[10:20])
    np.testing.assert_array_equal(t, arange_fill(100).reshape(10, 10).T)
    assert live_allocations() > start
    del v, t
    assert live_allocations() == start


def allocate_in_loop(n):
    total = 0.0
    for i in range(n):
        tmp = np.zeros(100)
        tmp[i % 100] = i
        total += tmp[i % 100] + tmp.shape[0]
    return total


def allocate_nested(n):
    total = 0
    for i in range(n):
        a = np.ones((10, 10), dtype=np.int64)
        b = a[i % 10]
        total += b[0] + a.size
    return total


def test_arrays_created_in_loops_do_not_accumulate(live_allocations):
    start = live_allocations()
    assert njit(allocate_in_loop)(5000) == allocate_in_loop(5000)
    assert njit(allocate_nested)(3000) == allocate_nested(3000)
    assert live_allocations() == start


def overwrite_then_return(n):
    a = np.zeros(n)
    a = np.ones(n)
    b = a
    a = np.empty(n)
    a[0] = 2.0
    return b


def test_reassigned_arrays_are_freed(live_allocations):
    start = live_allocations()
    r = njit(overwrite_then_return)(50)
    np.testing.assert_array_equal(r, np.ones(50))
    assert live_allocations() == start + 1
    del r
    assert live_allocations() == start


def test_dropped_result_is_freed(live_allocations):
    start = live_allocations()
    f = njit(grid)
    for _ in range(100):
        f(20, 20)
    assert live_allocations() == start


def nrt_free_on_exception(n):
    a = np.zeros(n)
    if n > 5:
        raise ValueError("too big")
    return a


def test_array_freed_when_an_exception_is_raised(live_allocations):
    start = live_allocations()
    f = njit(nrt_free_on_exception)
    for _ in range(10):
        with pytest.raises(ValueError):
            f(10)
    assert live_allocations() == start


# --- returning arguments and tuples ---------------------------------------------------------

def identity(a):
    return a


def pick(a, b, first):
    if first:
        return a
    return b


def test_returning_an_argument_returns_the_same_object():
    a = make((6,), np.float64)
    assert njit(identity)(a) is a
    view = a[::2]
    assert njit(identity)(view) is view
    t = make((3, 4), np.int32).T
    assert njit(identity)(t) is t
    b = make((6,), np.float64)
    assert njit(pick)(a, b, True) is a
    assert njit(pick)(a, b, False) is b


def stats(a):
    return a.shape[0], a.sum(), a


def nested_tuple(a):
    return (a.shape, (a.size, a.ndim)), a[0]


def test_returning_tuples():
    a = make((7,), np.float64)
    got = njit(stats)(a)
    want = stats(a)
    assert isinstance(got, tuple) and len(got) == 3
    assert_same(got[:2], (want[0], float(want[1])))
    assert got[2] is a
    assert njit(nested_tuple)(a) == nested_tuple(a)


# --- reductions and copies ---------------------------------------------------------------------

def r_methods(a):
    return a.sum(), a.min(), a.max()


def r_functions(a):
    return np.sum(a), np.min(a), np.max(a)


def r_builtins(a):
    return sum(a), min(a), max(a)


@pytest.mark.parametrize("fn", [r_methods, r_functions], ids=["methods", "np_functions"])
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
@pytest.mark.parametrize("ndim", [1, 2, 3])
def test_sum_min_max_match_numpy(fn, dtype, ndim):
    """Values as NumPy computes them on every view; result types as Numba's."""
    base = make(SHAPES[ndim], dtype)
    jf = njit(fn)
    assert_same(jf(base), numba_jit(fn)(base))
    for name, view in views(base).items():
        got = jf(view)
        assert got == (view.sum(), view.min(), view.max()), name
        assert_same(got, jf(np.ascontiguousarray(view)))


def test_builtin_sum_min_max_of_1d_array():
    a = make((11,), np.int64)
    assert_same(njit(r_builtins)(a), numba_jit(r_builtins)(a))
    assert njit(r_builtins)(a) == r_builtins(a)


@pytest.mark.parametrize("values", [[1.0, np.nan, 3.0], [np.nan, 1.0], [2.0, -np.inf, np.inf],
                                    [-0.0, 0.0]], ids=repr)
def test_min_max_with_nan_and_inf_match_numpy(values):
    """NaN propagates through .min()/.max() in NumPy and Numba."""
    a = np.array(values)
    got = njit(r_methods)(a)
    with np.errstate(invalid="ignore"):
        python_result = r_methods(a)
    for want in (python_result, numba_jit(r_methods)(a)):
        for g, w in zip(got, want):
            assert (np.isnan(g) and np.isnan(w)) or g == w, (got, want)


def test_float_sum_matches_numpy():
    """Large float sums are NumPy's pairwise sums bit for bit (Numba adds in
    order: it differs from NumPy in the last digits)."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal(10001)
    got = njit(r_methods)(a)[0]
    assert got == a.sum()
    f = rng.standard_normal(513).astype(np.float32)
    assert njit(r_methods)(f)[0] == f.sum()


def test_min_max_of_empty_array_raises_like_numba():
    a = np.zeros(0)
    with pytest.raises(ValueError) as numba_exc:
        numba_jit(r_methods)(a)
    with pytest.raises(ValueError) as pyrite_exc:
        njit(r_methods)(a)
    assert str(pyrite_exc.value) == str(numba_exc.value)


def copy_and_modify(a):
    b = a.copy()
    b[0] = 100
    return b


def copy_3d(a):
    return a.copy()


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_copy(dtype, live_allocations):
    start = live_allocations()
    a = make((6,), dtype)
    for view in views(a).values():
        before = view.copy()
        got = njit(copy_and_modify)(view)
        np.testing.assert_array_equal(got, copy_and_modify(view))
        np.testing.assert_array_equal(view, before)          # the argument is untouched
        assert got.flags.c_contiguous and not np.shares_memory(got, view)
    b = make((3, 4, 5), dtype)
    for view in views(b).values():
        got = njit(copy_3d)(view)
        np.testing.assert_array_equal(got, view)
        assert got.dtype == view.dtype and got.flags.c_contiguous
    del got
    assert live_allocations() == start


# --- bool arrays, out-of-bounds, signatures ---------------------------------------------------

def count_true(a):
    c = 0
    for i in range(a.shape[0]):
        if a[i]:
            c += 1
    return c


def invert_bools(a):
    for i in range(a.shape[0]):
        a[i] = not a[i]


def test_bool_arrays():
    a = make((20,), np.bool_)
    assert njit(count_true)(a) == count_true(a)
    want, got = a.copy(), a.copy()
    invert_bools(want)
    njit(invert_bools)(got)
    np.testing.assert_array_equal(got, want)


def read_at(a, i):
    return a[i]


def test_boundscheck_raises_indexerror_like_numba():
    a = np.arange(5.0)
    with pytest.raises(IndexError):
        numba_jit(read_at, boundscheck=True)(a, 5)
    with pytest.raises(IndexError):
        njit(read_at, boundscheck=True)(a, 5)
    with pytest.raises(IndexError):
        njit(read_at, boundscheck=True)(a, -6)
    assert njit(read_at, boundscheck=True)(a, -5) == a[-5]


checked_read = njit(read_at, boundscheck=True)


def reads_through_a_checked_callee(a, i):
    return checked_read(a, i)


def test_a_callee_keeps_its_own_boundscheck_like_numba():
    """A function compiled with boundscheck=True checks its indexing also
    when a function compiled without it calls it (Numba compiles each
    function with its own flags): never a read past the end."""
    a = np.arange(4.0)
    with pytest.raises(IndexError, match="index 5 is out of bounds"):
        njit(reads_through_a_checked_callee)(a, 5)
    assert njit(reads_through_a_checked_callee)(a, 3) == 3.0


@pytest.mark.parametrize("array,name", [
    (np.zeros(3), "array(float64, 1d, C)"), (np.zeros((2, 3), np.int32), "array(int32, 2d, C)"),
    (np.zeros((2, 3))[:, ::2], "array(float64, 2d, A)"),
    (np.zeros(6)[::2], "array(float64, 1d, A)"),
    (np.zeros((2, 2, 2), np.bool_), "array(bool, 3d, C)"),
    (np.zeros(4, np.float32), "array(float32, 1d, C)"),
])
def test_array_argument_types_like_numba(array, name):
    f = njit(identity)
    f(array)
    assert [str(t) for t in f.signatures[0]] == [name]
    numba = pytest.importorskip("numba")
    assert str(numba.typeof(array)) == name


def test_arrays_of_other_byte_order_or_alignment_are_refused_not_misread():
    from pyrite.errors import TypingError

    def first(a):
        return a[0]
    f = njit(first)
    with pytest.raises(TypingError, match="non-native byte order"):
        f(np.arange(3.0).astype(">f8"))
    buf = np.zeros(33, dtype=np.uint8)
    unaligned = np.frombuffer(buf.data, dtype=np.float64, count=4, offset=1)
    with pytest.raises(TypingError, match="unaligned"):
        f(unaligned)
    # 'q' is int64 under another name: accepted and read correctly.
    assert f(np.array([7, 8], dtype=np.longlong)) == 7


def test_boolean_bytes_other_than_one_read_as_true():
    def count(m):
        n = 0
        for x in m:
            if x:
                n += 1
        return n, m.sum(), m[0]
    raw = np.array([2, 0, 255, 1], dtype=np.uint8).view(np.bool_)
    assert njit(count)(raw) == (3, 3, True)
