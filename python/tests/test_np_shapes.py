"""Array creation, joining, splitting and rearranging functions
(pyrite/_library/numpy_shapes.py) against NumPy run by CPython on the same
inputs: dtype, shape and values of each result, views where NumPy gives
views, and NumPy's exception classes and messages."""
import numpy as np
import pytest

from pyrite import njit

A1 = np.arange(5.0)
A2 = np.arange(6).reshape(2, 3)
A3 = np.arange(24.0).reshape(2, 3, 4)
F32 = np.linspace(-1, 1, 6).astype(np.float32).reshape(3, 2)
U8 = np.array([3, 250, 7, 1], dtype=np.uint8)
B1 = np.array([True, False, False, True, True])
I32 = np.array([[1, -2], [3, 4], [-5, 6]], dtype=np.int32)
STRIDED = np.arange(40.0).reshape(5, 8)[::2, 1::3]   # a non-contiguous 3 x 3 view
EMPTY = np.zeros((0, 3))


def _same(got, want):
    """Same type, dtype, shape and values (NaN equal to NaN), recursively
    for the tuples and lists some functions return."""
    if isinstance(want, (tuple, list)):
        assert type(got) is type(want) and len(got) == len(want), (got, want)
        for g, w in zip(got, want):
            _same(g, w)
        return
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray), (got, want)
        assert got.dtype == want.dtype and got.shape == want.shape, (got, want)
    elif isinstance(want, np.generic):
        # a scalar comes back as a Python number (as from Numba): same kind
        assert np.asarray(got).dtype.kind == want.dtype.kind or (
            want.dtype.kind == "u" and isinstance(got, int)), (got, want)
        got = want.dtype.type(got)
    np.testing.assert_array_equal(got, want)


def _compare(f, *args):
    """f compiled gives what f gives under CPython, or raises the same
    exception class with the same message."""
    try:
        want = f(*args)
    except Exception as e:  # noqa: BLE001 - any NumPy error must be matched
        with pytest.raises(type(e)) as got:
            njit(f)(*args)
        assert str(got.value) == str(e)
        return
    _same(njit(f)(*args), want)


def _cases(table):
    return pytest.mark.parametrize("f,args", list(table.values()), ids=list(table))


# --- creation -----------------------------------------------------------------------------

CREATION = {
    "eye": (lambda n: np.eye(n), (3,)),
    "eye_0": (lambda n: np.eye(n), (0,)),
    "eye_nm": (lambda n, m: np.eye(n, m), (3, 5)),
    "eye_nm_tall": (lambda n, m: np.eye(n, m), (5, 2)),
    "eye_k": (lambda n, k: np.eye(n, k=k), (4, 1)),
    "eye_k_neg": (lambda n, k: np.eye(n, 3, k), (4, -2)),
    "eye_k_past": (lambda n, k: np.eye(n, k=k), (3, 7)),
    "eye_int32": (lambda n: np.eye(n, dtype=np.int32), (3,)),
    "eye_bool": (lambda n: np.eye(n, 2, 0, np.bool_), (3,)),
    "eye_int": (lambda n: np.eye(n, dtype=int), (2,)),
    "eye_negative": (lambda n: np.eye(n), (-1,)),
    "identity": (lambda n: np.identity(n), (4,)),
    "identity_f32": (lambda n: np.identity(n, dtype=np.float32), (2,)),
    "identity_uint8": (lambda n: np.identity(n, np.uint8), (3,)),
    "tri": (lambda n: np.tri(n), (4,)),
    "tri_nmk": (lambda n, m, k: np.tri(n, m, k), (3, 5, 1)),
    "tri_k_neg": (lambda n: np.tri(n, k=-1), (4,)),
    "tri_k_far": (lambda n: np.tri(n, 2, -5), (3,)),
    "tri_int": (lambda n: np.tri(n, dtype=np.int64), (3,)),
    "tri_zero": (lambda n: np.tri(n), (0,)),
    "tri_negative": (lambda n: np.tri(n), (-2,)),
}


@_cases(CREATION)
def test_creation(f, args):
    _compare(f, *args)


DIAG = {
    "1d": (lambda v: np.diag(v), (A1,)),
    "1d_k": (lambda v: np.diag(v, 2), (A1,)),
    "1d_k_neg": (lambda v: np.diag(v, k=-1), (U8,)),
    "1d_bool": (lambda v: np.diag(v), (B1,)),
    "1d_empty": (lambda v: np.diag(v), (np.zeros(0),)),
    "1d_strided": (lambda v: np.diag(v[::2]), (A1,)),
    "2d": (lambda m: np.diag(m), (A2,)),
    "2d_k": (lambda m: np.diag(m, 1), (A2,)),
    "2d_k_neg": (lambda m: np.diag(m, -1), (I32,)),
    "2d_k_past": (lambda m: np.diag(m, 5), (A2,)),
    "2d_k_before": (lambda m: np.diag(m, -5), (A2,)),
    "2d_strided": (lambda m: np.diag(m), (STRIDED,)),
    "2d_transposed": (lambda m: np.diag(m.T, -1), (A2,)),
}


@_cases(DIAG)
def test_diag(f, args):
    _compare(f, *args)


TRIANGLES = {
    "tril": (lambda m: np.tril(m), (A2,)),
    "tril_k": (lambda m: np.tril(m, 1), (I32,)),
    "tril_k_neg": (lambda m: np.tril(m, k=-1), (STRIDED,)),
    "triu": (lambda m: np.triu(m), (A2,)),
    "triu_k": (lambda m: np.triu(m, -1), (F32,)),
    "triu_k_far": (lambda m: np.triu(m, 9), (A2,)),
    "tril_3d": (lambda m: np.tril(m), (A3,)),
    "triu_3d": (lambda m: np.triu(m, 1), (A3,)),
    "tril_bool": (lambda m: np.tril(m), (np.ones((3, 3), np.bool_),)),
    "triu_empty": (lambda m: np.triu(m), (EMPTY,)),
    "tril_1d": (lambda m: np.tril(m), (U8,)),
    "triu_1d": (lambda m: np.triu(m, 1), (A1,)),
}


@_cases(TRIANGLES)
def test_triangles(f, args):
    _compare(f, *args)


MESHGRID = {
    "xy": (lambda x, y: np.meshgrid(x, y), (A1, np.arange(3))),
    "ij": (lambda x, y: np.meshgrid(x, y, indexing="ij"), (A1, np.arange(3))),
    "xy_keyword": (lambda x, y: np.meshgrid(x, y, indexing="xy"), (U8, F32[:, 0])),
    "flattened": (lambda x, y: np.meshgrid(x, y), (A2, B1)),
    "empty": (lambda x, y: np.meshgrid(x, y), (np.zeros(0), A1)),
}


@_cases(MESHGRID)
def test_meshgrid(f, args):
    _compare(f, *args)


LIKE = {
    "zeros_like_int32": (lambda a: np.zeros_like(a, dtype=np.int32), (A3,)),
    "zeros_like_positional": (lambda a: np.zeros_like(a, np.float32), (A2,)),
    "ones_like_float": (lambda a: np.ones_like(a, dtype=float), (A2,)),
    "ones_like_bool": (lambda a: np.ones_like(a, dtype=np.bool_), (STRIDED,)),
    "full_like_f32": (lambda a: np.full_like(a, 2.5, dtype=np.float32), (A2,)),
    "full_like_truncates": (lambda a: np.full_like(a, 2.75, dtype=np.int16), (A1,)),
    "full_like_int": (lambda a: np.full_like(a, 7, dtype=np.uint8), (F32,)),
    "zeros_like_plain": (lambda a: np.zeros_like(a), (I32,)),
    "full_like_plain": (lambda a: np.full_like(a, 3.5), (A2,)),
}


@_cases(LIKE)
def test_like(f, args):
    _compare(f, *args)


def test_empty_like_dtype():
    got = njit(lambda a: np.empty_like(a, dtype=np.int8))(A3)
    want = np.empty_like(A3, dtype=np.int8)
    assert got.dtype == want.dtype and got.shape == want.shape


@pytest.mark.parametrize("a", [A2, STRIDED, A2.T, A1[::-1], F32, np.float64(2.5)],
                         ids=["c", "strided", "transposed", "reversed", "f32", "scalar"])
def test_ascontiguousarray(a):
    f = lambda a: np.ascontiguousarray(a)  # noqa: E731
    got = njit(f)(a)
    _same(got, f(a))
    assert got.flags.c_contiguous
    if isinstance(a, np.ndarray):
        assert np.shares_memory(got, a) == np.shares_memory(f(a), a)


@pytest.mark.parametrize("a", [A2, STRIDED, A2.T, A1, A1[::-1], F32, A3, np.float64(2.5),
                               A2.astype(np.complex128)],
                         ids=["c", "strided", "transposed", "1d", "reversed", "f32", "3d",
                              "scalar", "complex"])
def test_asfortranarray(a):
    f = lambda a: np.asfortranarray(a)  # noqa: E731
    got = njit(f)(a)
    _same(got, f(a))
    assert got.flags.f_contiguous
    if isinstance(a, np.ndarray):
        assert np.shares_memory(got, a) == np.shares_memory(f(a), a)


# --- joining ------------------------------------------------------------------------------

JOIN = {
    "concat": (lambda a, b: np.concatenate((a, b)), (A1, A1)),
    "concat_3": (lambda a, b, c: np.concatenate((a, b, c)), (A1, A1[:2], A1[::-2])),
    "concat_list": (lambda a, b: np.concatenate([a, b]), (A2, A2)),
    "concat_axis1": (lambda a, b: np.concatenate((a, b), axis=1), (A2, A2[:, :1])),
    "concat_axis_neg": (lambda a, b: np.concatenate((a, b), -1), (A3, A3)),
    "concat_axis_run_time": (lambda a, b, k: np.concatenate((a, b), axis=k), (A3, A3, 1)),
    "concat_axis_none": (lambda a, b: np.concatenate((a, b), axis=None), (A2, A1)),
    "concat_dtypes": (lambda a, b: np.concatenate((a, b)), (A1, np.arange(3))),
    "concat_int32_uint8": (lambda a, b: np.concatenate((a, b)), (I32.ravel(), U8)),
    "concat_f32_int32": (lambda a, b: np.concatenate((a, b)), (F32, I32)),
    "concat_bool": (lambda a, b: np.concatenate((a, b)), (B1, B1)),
    "concat_strided": (lambda a, b: np.concatenate((a, b.T)), (STRIDED, STRIDED)),
    "concat_empty": (lambda a, b: np.concatenate((a, b)), (EMPTY, A2)),
    "concat_one": (lambda a: np.concatenate((a,)), (A2,)),
    "concat_mismatch": (lambda a, b: np.concatenate((a, b), axis=1), (A2, np.zeros((3, 3)))),
    "concat_mismatch_index2": (lambda a, b: np.concatenate((a, a, b)), (A2, np.zeros((1, 4)))),
    "concat_ndims": (lambda a, b: np.concatenate((a, b)), (A2, A1)),
    "concat_axis_out": (lambda a, b: np.concatenate((a, b), axis=2), (A2, A2)),
    "stack": (lambda a, b: np.stack((a, b)), (A2, A2)),
    "stack_list": (lambda a, b: np.stack([a, b, a]), (A1, A1)),
    "stack_axis1": (lambda a, b: np.stack((a, b), axis=1), (A2, A2)),
    "stack_axis_last": (lambda a, b: np.stack((a, b), axis=-1), (A3, A3)),
    "stack_dtypes": (lambda a, b: np.stack((a, b)), (I32, F32)),
    "stack_strided": (lambda a, b: np.stack((a, b), 2), (STRIDED, STRIDED.T)),
    "stack_shapes": (lambda a, b: np.stack((a, b)), (A2, A2[:, :2])),
    "stack_axis_out": (lambda a, b: np.stack((a, b), axis=3), (A2, A2)),
    "vstack_1d": (lambda a, b: np.vstack((a, b)), (A1, A1)),
    "vstack_2d": (lambda a, b: np.vstack((a, b)), (A2, A2[:1])),
    "vstack_mixed": (lambda a, b: np.vstack((a, b)), (A2, np.arange(3.0))),
    "vstack_list": (lambda a: np.vstack([a, a, a]), (U8,)),
    "vstack_3d": (lambda a: np.vstack((a, a)), (A3,)),
    "vstack_mismatch": (lambda a, b: np.vstack((a, b)), (A1, A1[:3])),
    "hstack_1d": (lambda a, b: np.hstack((a, b)), (A1, U8)),
    "hstack_2d": (lambda a, b: np.hstack((a, b)), (A2, I32[:2])),
    "hstack_list": (lambda a: np.hstack([a, a]), (STRIDED,)),
    "hstack_mismatch": (lambda a, b: np.hstack((a, b)), (A2, I32)),
    "column_stack_1d": (lambda a, b: np.column_stack((a, b)), (A1, A1)),
    "column_stack_mixed": (lambda a, b: np.column_stack((a, b)), (I32, np.arange(3))),
    "column_stack_bool": (lambda a: np.column_stack([a, a]), (B1,)),
}


@_cases(JOIN)
def test_join(f, args):
    _compare(f, *args)


SPLIT = {
    "split": (lambda a: np.split(a, 3), (np.arange(6.0),)),
    "split_2d": (lambda a: np.split(a, 2), (np.arange(12).reshape(4, 3),)),
    "split_axis1": (lambda a: np.split(a, 3, axis=1), (A2,)),
    "split_axis_last": (lambda a: np.split(a, 2, axis=-1), (A3,)),
    "split_points": (lambda a: np.split(a, [1, 3]), (A1,)),
    "split_points_tuple": (lambda a: np.split(a, (2, 2, 4)), (A1,)),
    "split_points_past": (lambda a: np.split(a, [3, 9]), (A1,)),
    "split_points_negative": (lambda a: np.split(a, [-2]), (A1,)),
    "split_points_decreasing": (lambda a: np.split(a, [3, 1, -9]), (A1,)),
    "array_split_points": (lambda a: np.array_split(a, [4, -1], axis=1), (A3,)),
    "split_points_axis1": (lambda a: np.split(a, [1], axis=1), (A2,)),
    "split_unequal": (lambda a: np.split(a, 4), (np.arange(6),)),
    "split_zero": (lambda a: np.split(a, 0), (np.arange(6),)),
    "split_negative": (lambda a: np.split(a, -2), (np.arange(6),)),
    "split_points_array": (lambda a, p: np.split(a, p), (np.arange(7.0), np.array([2, 5]))),
    "array_split": (lambda a: np.array_split(a, 3), (A1,)),
    "array_split_more": (lambda a: np.array_split(a, 7), (A1,)),
    "array_split_axis1": (lambda a: np.array_split(a, 2, axis=1), (A2,)),
    "array_split_strided": (lambda a: np.array_split(a, 2), (STRIDED,)),
    "array_split_zero": (lambda a: np.array_split(a, 0), (A1,)),
}


@_cases(SPLIT)
def test_split(f, args):
    _compare(f, *args)


def test_split_gives_views():
    a = np.arange(12.0).reshape(4, 3)
    parts = njit(lambda a: np.array_split(a, 3, axis=1))(a)
    assert all(np.shares_memory(p, a) for p in parts)


# --- rearranging --------------------------------------------------------------------------

REARRANGE = {
    "repeat": (lambda a: np.repeat(a, 2), (A2,)),
    "repeat_zero": (lambda a: np.repeat(a, 0), (A1,)),
    "repeat_bool": (lambda a: np.repeat(a, 3), (B1,)),
    "repeat_strided": (lambda a: np.repeat(a, 2), (STRIDED,)),
    "repeat_method": (lambda a: a.repeat(3), (U8,)),
    "repeat_negative": (lambda a: np.repeat(a, -1), (A1,)),
    "repeat_axis0": (lambda a: np.repeat(a, 2, axis=0), (A2,)),
    "repeat_axis_neg": (lambda a: a.repeat(3, -1), (A3,)),
    "repeat_axis_out": (lambda a: np.repeat(a, 2, axis=2), (A2,)),
    "repeat_counts": (lambda a, r: np.repeat(a, r), (A1, np.array([1, 0, 2, 3, 1]))),
    "repeat_counts_axis": (lambda a, r: np.repeat(a, r, axis=1), (A2, np.array([2, 0, 1]))),
    "repeat_counts_one": (lambda a, r: a.repeat(r, axis=0), (I32, np.array([2]))),
    "repeat_counts_length": (lambda a, r: np.repeat(a, r), (A2, np.array([2, 1]))),
    "repeat_counts_negative": (lambda a, r: np.repeat(a, r), (A1, np.array([1, -1, 1, 1, 1]))),
    "tile_1d": (lambda a: np.tile(a, 3), (A1,)),
    "tile_2d": (lambda a: np.tile(a, 2), (A2,)),
    "tile_zero": (lambda a: np.tile(a, 0), (A2,)),
    "tile_pair": (lambda a: np.tile(a, (2, 3)), (I32,)),
    "tile_pair_1d": (lambda a: np.tile(a, (2, 2)), (U8,)),
    "tile_strided": (lambda a: np.tile(a, (1, 2)), (STRIDED,)),
    "tile_negative": (lambda a: np.tile(a, -2), (A1,)),
    "tile_3d": (lambda a: np.tile(a, 2), (A3,)),
    "tile_3d_strided": (lambda a: np.tile(a[:, ::2], 3), (A3,)),
    "roll": (lambda a: np.roll(a, 2), (A1,)),
    "roll_negative": (lambda a: np.roll(a, -7), (A1,)),
    "roll_2d_flat": (lambda a: np.roll(a, 4), (A2,)),
    "roll_axis0": (lambda a: np.roll(a, 1, axis=0), (I32,)),
    "roll_axis1": (lambda a: np.roll(a, -1, axis=1), (A3,)),
    "roll_axis_neg": (lambda a: np.roll(a, 5, -1), (STRIDED,)),
    "roll_empty": (lambda a: np.roll(a, 3), (EMPTY,)),
    "roll_axis_out": (lambda a: np.roll(a, 1, axis=2), (A2,)),
    "diff": (lambda a: np.diff(a), (A1 ** 2,)),
    "diff_2d": (lambda a: np.diff(a), (I32,)),
    "diff_n2": (lambda a: np.diff(a, 2), (A1 ** 3,)),
    "diff_n0": (lambda a: np.diff(a, 0), (A2,)),
    "diff_n_past": (lambda a: np.diff(a, 7), (A1,)),
    "diff_axis0": (lambda a: np.diff(a, axis=0), (A3,)),
    "diff_uint8_wraps": (lambda a: np.diff(a), (U8,)),
    "diff_bool": (lambda a: np.diff(a), (B1,)),
    "diff_f32": (lambda a: np.diff(a, 1, 0), (F32,)),
    "diff_negative": (lambda a: np.diff(a, -1), (A1,)),
}


@_cases(REARRANGE)
def test_rearrange(f, args):
    _compare(f, *args)


VIEWS = {
    "flip": (lambda a: np.flip(a), (A3,)),
    "flip_1d": (lambda a: np.flip(a), (U8,)),
    "flip_axis0": (lambda a: np.flip(a, 0), (A2,)),
    "flip_axis_neg": (lambda a: np.flip(a, axis=-1), (A3,)),
    "flip_strided": (lambda a: np.flip(a, 1), (STRIDED,)),
    "flip_axis_out": (lambda a: np.flip(a, 3), (A2,)),
    "flip_axis_run_time": (lambda a, k: np.flip(a, k), (A3, -2)),
    "flip_axes": (lambda a: np.flip(a, (0, 2)), (A3,)),
    "flip_axes_negative": (lambda a: np.flip(a, (-1, 0)), (STRIDED,)),
    "flip_axes_none": (lambda a: np.flip(a, ()), (A2,)),
    "flip_axes_repeated": (lambda a: np.flip(a, (0, -2)), (A2,)),
    "flip_axes_out": (lambda a: np.flip(a, (0, 5)), (A2,)),
    "fliplr": (lambda a: np.fliplr(a), (A2,)),
    "fliplr_3d": (lambda a: np.fliplr(a), (A3,)),
    "fliplr_1d": (lambda a: np.fliplr(a), (A1,)),
    "flipud": (lambda a: np.flipud(a), (A2,)),
    "flipud_1d": (lambda a: np.flipud(a), (B1,)),
    "expand_dims_0": (lambda a: np.expand_dims(a, 0), (A2,)),
    "expand_dims_1": (lambda a: np.expand_dims(a, 1), (A2,)),
    "expand_dims_last": (lambda a: np.expand_dims(a, -1), (A1,)),
    "expand_dims_out": (lambda a: np.expand_dims(a, 3), (A2,)),
    "squeeze_axis": (lambda a: np.squeeze(a, 0), (A2.reshape(1, 2, 3),)),
    "squeeze_axis_mid": (lambda a: np.squeeze(a, axis=1), (A2.reshape(2, 1, 3),)),
    "squeeze_tuple": (lambda a: np.squeeze(a, (2,)), (A2.reshape(2, 3, 1),)),
    "squeeze_method": (lambda a: a.squeeze(-1), (A2.reshape(2, 3, 1),)),
    "squeeze_not_one": (lambda a: np.squeeze(a, 0), (A2,)),
    "squeeze_1d_no_axis": (lambda a: a.squeeze(), (A1,)),
    "squeeze_strided_0": (lambda a: np.squeeze(a, 0), (STRIDED[:1],)),
    "squeeze_strided_1": (lambda a: np.squeeze(a, 1), (STRIDED[:, :1],)),
    "squeeze_strided_run_time": (lambda a, k: a.squeeze(k), (A3[:, :1, ::2], -2)),
    "squeeze_strided_last": (lambda a, k: a.squeeze(k), (A3[:, :, 1:2], 2)),
    "swapaxes_2d": (lambda a: np.swapaxes(a, 0, 1), (A2,)),
    "swapaxes_same": (lambda a: np.swapaxes(a, 1, -1), (A2,)),
    "swapaxes_method": (lambda a: a.swapaxes(1, 0), (I32,)),
    "swapaxes_out": (lambda a: np.swapaxes(a, 0, 2), (A2,)),
    "swapaxes_out_first": (lambda a: a.swapaxes(-3, 0), (A2,)),
    "transpose": (lambda a: np.transpose(a), (A2,)),
    "transpose_axes": (lambda a: np.transpose(a, (1, 0)), (A2,)),
    "transpose_identity": (lambda a: np.transpose(a, (0, 1)), (A2,)),
    "transpose_1d": (lambda a: np.transpose(a, (0,)), (A1,)),
    "transpose_3d": (lambda a: np.transpose(a, (2, 0, 1)), (A3,)),
    "transpose_3d_strided": (lambda a: np.transpose(a, (1, -1, 0)), (A3[:, ::2, ::-1],)),
    "transpose_method_axes": (lambda a: a.transpose((1, 2, 0)), (A3,)),
    "transpose_method_ints": (lambda a: a.transpose(2, 1, 0), (A3,)),
    "transpose_repeated": (lambda a: a.transpose(0, 0, 1), (A3,)),
    "swapaxes_3d": (lambda a: np.swapaxes(a, 0, 2), (A3,)),
    "swapaxes_3d_method": (lambda a: a.swapaxes(-1, 1), (A3[::2],)),
    "expand_dims_strided": (lambda a: np.expand_dims(a, 1), (STRIDED,)),
    "expand_dims_3d_mid": (lambda a: np.expand_dims(a, 2), (A3,)),
}


@_cases(VIEWS)
def test_views(f, args):
    """Results, and shared memory exactly where NumPy shares it."""
    _compare(f, *args)
    try:
        want = f(*args)
    except Exception:  # noqa: BLE001 - the error was compared above
        return
    got = njit(f)(*args)
    assert np.shares_memory(got, args[0]) == np.shares_memory(want, args[0])


def test_views_write_through():
    a = np.arange(6.0).reshape(2, 3)
    njit(lambda a: np.flip(a, 1))(a)[0, 0] = -1.0
    njit(lambda a: np.swapaxes(a, 0, 1))(a)[2, 1] = -2.0
    njit(lambda a: np.expand_dims(a, 0))(a)[0, 1, 1] = -3.0
    assert a.tolist() == [[0.0, 1.0, -1.0], [3.0, -3.0, -2.0]]


COPIES = {
    # NumPy gives views of these; pyrite's views cannot permute more than two
    # axes or add an axis to a strided array, so they are copies (same values).
    "swapaxes_3d": (lambda a: np.swapaxes(a, 0, 2), (A3,)),
    "swapaxes_3d_mid": (lambda a: a.swapaxes(2, 1), (A3,)),
    "swapaxes_3d_strided": (lambda a: np.swapaxes(a[:, ::2], 0, 1), (A3,)),
    "transpose_3d": (lambda a: np.transpose(a, (1, 0, 2)), (A3,)),
    "transpose_3d_negative": (lambda a: np.transpose(a, (-1, 0, 1)), (A3,)),
    "transpose_repeated": (lambda a: np.transpose(a, (0, 0, 1)), (A3,)),
    "transpose_wrong_count": (lambda a: np.transpose(a, (0, 1)), (A3,)),
    "transpose_axis_out": (lambda a: np.transpose(a, (0, 1, 3)), (A3,)),
    "expand_dims_strided": (lambda a: np.expand_dims(a, 1), (STRIDED,)),
}


@_cases(COPIES)
def test_copies(f, args):
    _compare(f, *args)


# --- arithmetic helpers -------------------------------------------------------------------

ARITHMETIC = {
    "outer": (lambda a, b: np.outer(a, b), (A1, np.arange(3))),
    "outer_flattens": (lambda a, b: np.outer(a, b), (A2, F32)),
    "outer_int32_uint8": (lambda a, b: np.outer(a, b), (I32, U8)),
    "outer_bool": (lambda a, b: np.outer(a, b), (B1, B1)),
    "outer_empty": (lambda a, b: np.outer(a, b), (np.zeros(0), A1)),
    "trace": (lambda a: np.trace(a), (A2,)),
    "trace_offset": (lambda a: np.trace(a, 1), (A2,)),
    "trace_offset_neg": (lambda a: np.trace(a, -1), (I32,)),
    "trace_f32": (lambda a: np.trace(a), (F32,)),
    "trace_uint8": (lambda a: np.trace(a), (U8.reshape(2, 2),)),
    "trace_bool": (lambda a: np.trace(a), (np.ones((3, 3), np.bool_),)),
    "trace_strided": (lambda a: np.trace(a), (STRIDED,)),
    "kron_1d": (lambda a, b: np.kron(a, b), (A1, np.arange(3))),
    "kron_2d": (lambda a, b: np.kron(a, b), (A2, I32)),
    "kron_1d_2d": (lambda a, b: np.kron(a, b), (U8, A2)),
    "kron_2d_1d": (lambda a, b: np.kron(a, b), (F32, A1)),
    "kron_bool": (lambda a, b: np.kron(a, b), (B1, B1)),
    "cross": (lambda a, b: np.cross(a, b), (np.array([1.0, 2, 3]), np.array([4.0, 5, 6]))),
    "cross_ints": (lambda a, b: np.cross(a, b), (np.array([1, 0, 0]), np.array([0, 1, 0]))),
    "cross_mixed": (lambda a, b: np.cross(a, b), (np.array([1, 2, 3], np.int32),
                                                  np.array([0.5, 1.5, -2.0]))),
    "cross_rows": (lambda a, b: np.cross(a, b), (np.arange(12.0).reshape(4, 3),
                                                 np.arange(12.0)[::-1].reshape(4, 3))),
    "cross_4": (lambda a, b: np.cross(a, b), (np.zeros(4), np.ones(4))),
    "convolve": (lambda a, v: np.convolve(a, v), (A1, np.array([1.0, 2, 3]))),
    "convolve_full": (lambda a, v: np.convolve(a, v, "full"), (np.arange(4), np.arange(6))),
    "convolve_same": (lambda a, v: np.convolve(a, v, mode="same"), (A1, np.array([1.0, 2, 3]))),
    "convolve_same_even": (lambda a, v: np.convolve(a, v, "same"), (A1, np.arange(4.0))),
    "convolve_same_swapped": (lambda a, v: np.convolve(a, v, "same"), (np.array([1.0, 2]), A1)),
    "convolve_valid": (lambda a, v: np.convolve(a, v, "valid"), (A1, np.array([1, 2, 3]))),
    "convolve_valid_swapped": (lambda a, v: np.convolve(a, v, "valid"), (np.arange(3), A1)),
    "convolve_int32": (lambda a, v: np.convolve(a, v), (I32[:, 0], U8)),
    "convolve_f32": (lambda a, v: np.convolve(a, v), (F32.ravel(), F32.ravel())),
    "convolve_strided": (lambda a, v: np.convolve(a[::2], v), (A1, A1[::-1])),
    "convolve_empty": (lambda a, v: np.convolve(a, v), (np.zeros(0), A1)),
    "convolve_empty_v": (lambda a, v: np.convolve(a, v), (A1, np.zeros(0))),
}


@_cases(ARITHMETIC)
def test_arithmetic(f, args):
    _compare(f, *args)


# --- read-only and Fortran-ordered inputs ------------------------------------------------

def _readonly(a):
    a = a.copy()
    a.flags.writeable = False
    return a


OTHER_LAYOUTS = {
    "concat_readonly": (lambda a: np.concatenate((a, a), axis=1), (_readonly(A2),)),
    "concat_fortran": (lambda a: np.concatenate((a, a), 1), (np.asfortranarray(A2),)),
    "stack_fortran": (lambda a: np.stack((a, a), -1), (np.asfortranarray(A3),)),
    "flip_readonly": (lambda a: np.flip(a), (_readonly(A3),)),
    "tril_readonly": (lambda a: np.tril(a), (_readonly(A2),)),
    "expand_readonly": (lambda a: np.expand_dims(a, 0), (_readonly(A2),)),
    "split_readonly": (lambda a: np.array_split(a, 2), (_readonly(A1),)),
    "swapaxes_fortran": (lambda a: np.swapaxes(a, 0, 2), (np.asfortranarray(A3),)),
    "roll_fortran": (lambda a: np.roll(a, 1, axis=0), (np.asfortranarray(A2),)),
    "diff_fortran": (lambda a: np.diff(a), (np.asfortranarray(I32),)),
    "kron_readonly": (lambda a, b: np.kron(a, b), (_readonly(A2), np.asfortranarray(I32))),
}


@_cases(OTHER_LAYOUTS)
def test_other_layouts(f, args):
    _compare(f, *args)


# --- random shapes against NumPy ----------------------------------------------------------

@pytest.mark.parametrize("seed", range(6))
def test_random_shapes(seed):
    """Joining, splitting, rolling and differencing random arrays."""
    rng = np.random.default_rng(seed)
    a = rng.integers(-9, 9, size=tuple(rng.integers(1, 5, size=3)))
    b = rng.standard_normal(a.shape)
    axis = int(rng.integers(-3, 3))
    shift = int(rng.integers(-10, 10))
    _compare(lambda a, b, k: np.concatenate((a, b, a), axis=k), a, b, axis)
    _compare(lambda a, b, k: np.stack((a, b), axis=k), a, b, axis)
    _compare(lambda a, s, k: np.roll(a, s, axis=k), a, shift, axis)
    _compare(lambda a, k: np.diff(a, 1, k), b, axis)
    _compare(lambda a, s: np.roll(a, s), b, shift)
    _compare(lambda a, k: np.expand_dims(a, k), a, axis)
    _compare(lambda a: np.array_split(a, 3, axis=1), a)
    _compare(lambda a, i, j: np.swapaxes(a, i, j), b, axis, int(rng.integers(0, 3)))


def _full_keyword(n):
    return (np.full(n, 2.5, dtype=np.float32), np.full((2, n), 7, dtype=np.int8),
            np.full(n, 3, dtype=float), np.full(n, True, dtype=np.bool_),
            np.full(n, fill_value=3, dtype=np.int16), np.full(n, fill_value=2.5),
            np.full(n, 2, dtype=None))


def test_full_takes_dtype_as_a_keyword():
    got, want = njit(_full_keyword)(3), _full_keyword(3)
    for g, w in zip(got, want):
        assert g.dtype == w.dtype
        np.testing.assert_array_equal(g, w)
