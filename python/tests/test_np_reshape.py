"""a.reshape and np.reshape of arrays of every layout (core/lower/
lower_arrays.cpp: reshape_view, runtime/rt_inline.c: pyrite_reshape_strides;
pyrite/_library/numpy_views.py). NumPy returns a view when the array's
strides can show the new shape and a copy otherwise; each case checks the
values, the shape, whether the result shares the argument's memory, and the
strides of a view, against NumPy run by CPython."""
import numpy as np
import pytest

import pyrite
from pyrite.errors import TypingError

B = np.arange(24.0).reshape(2, 3, 4)

CASES = [
    ("transposed", B.T, [(24,), (4, 6), (4, 3, 2), (2, 2, 3, 2), (-1, 2)]),
    ("every_other_row", B[:, ::2], [(4, 4), (16,), (2, 8), (2, 2, 4), (2, 2, 2, 2)]),
    ("every_other_column", B[:, :, ::2], [(12,), (6, 2), (2, 3, 2), (2, 3, 1, 2)]),
    ("reversed", B[::-1], [(6, 4), (24,), (2, 12), (3, 8)]),
    ("fortran", np.asfortranarray(B), [(2, 12), (24,), (4, 6)]),
    ("one_row", B[:, 1:2, :], [(2, 4), (8,), (2, 1, 4, 1), (1, 8)]),
    ("empty", B[:, :0], [(0,), (2, 0), (0, 5)]),
    ("one_element", B[:1, :1, :1], [(1,), (1, 1, 1, 1), ()]),
    ("reversed_middle", B[:, ::-1, :], [(6, 4), (2, 12), (2, 3, 2, 2)]),
    ("column", np.arange(10.0)[::3], [(2, 2), (4, 1), (1, 4)]),
    ("int32_strided", np.arange(40, dtype=np.int32).reshape(5, 8)[1:, 2:6], [(16,), (2, 8), (4, 2, 2)]),
]


def reshape_method(a, shape):
    return a.reshape(shape)


def reshape_function(a, shape):
    return np.reshape(a, shape)


@pytest.mark.parametrize("fn", [reshape_method, reshape_function], ids=lambda f: f.__name__)
@pytest.mark.parametrize("name,a,shapes", CASES, ids=[c[0] for c in CASES])
def test_reshape_view_or_copy(fn, name, a, shapes):
    compiled = pyrite.njit(fn)
    for shape in shapes:
        want = a.reshape(shape)
        got = compiled(a, shape)
        assert got.dtype == want.dtype and got.shape == want.shape, (shape, got.shape)
        np.testing.assert_array_equal(got, want)
        shares = np.shares_memory(got, a)
        assert shares == np.shares_memory(want, a), (name, shape, shares)
        if shares and got.size > 1:
            assert got.strides == want.strides, (name, shape, got.strides, want.strides)


def write_through(a):
    v = a.reshape(-1)
    v[0] = -1.0
    return v


def test_writes_reach_the_array_only_through_a_view():
    a, b = B.T.copy(order="F").T, B.T.copy(order="F").T   # C data seen transposed twice
    want = write_through(a)
    got = pyrite.njit(write_through)(b)
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(b, a)
    s, t = B[:, ::2].copy(), B[:, ::2].copy()
    strided_a, strided_b = np.concatenate([s, s], 1)[:, ::2], np.concatenate([t, t], 1)[:, ::2]
    np.testing.assert_array_equal(pyrite.njit(write_through)(strided_b), write_through(strided_a))
    np.testing.assert_array_equal(strided_b, strided_a)  # a copy: the array is untouched


def forms(a):
    return np.reshape(a, 6), np.reshape(a, (3, -1)), np.reshape(a, shape=(2, 3)), \
        a.reshape(2, 3), a.reshape((1, 6))


@pytest.mark.parametrize("a", [np.arange(6.0), np.arange(12.0)[::2], np.arange(6.0)[::-1]],
                         ids=["contiguous", "strided", "reversed"])
def test_forms(a):
    for got, want in zip(pyrite.njit(forms)(a), forms(a)):
        assert got.shape == want.shape
        np.testing.assert_array_equal(got, want)


def test_errors_as_numpy():
    f = pyrite.njit(reshape_method)
    for shape in [(5, 5), (7, -1), (-1, -1)]:
        with pytest.raises(ValueError) as ours:
            f(B.T, shape)
        with pytest.raises(ValueError):
            B.T.reshape(shape)
        assert "reshape" in str(ours.value) or "unknown dimension" in str(ours.value)
    with pytest.raises(TypingError):
        pyrite.njit(lambda a: np.reshape(a, (2, 12), order="F"))(B)


def test_layout_of_the_result():
    f = pyrite.njit(reshape_method)
    f(B, (24,))
    f(B.T, (24,))
    layouts = sorted(str(s.return_type) for s in f.nopython_signatures)
    assert layouts == ["array(float64, 1d, A)", "array(float64, 1d, C)"]
