"""Augmented assignment to an array updates it in place, as NumPy and Numba
do: the caller and every alias see the change, the dtype stays, and an
overlapping right side is read as it was before the update."""
import numpy as np
import pytest

import pyrite
from pyrite.errors import TypingError


def divide_in_place(a):
    a /= 4.0


def add_in_place(a):
    a += 1


def scale_in_place(a, s):
    a *= s


def row_view(a):
    r = a[0]
    r += 5


def normalize(r, n):
    r *= 1.0 / n
    return r


def alias(a):
    b = a
    b -= 2.0
    return a


def slice_update(a):
    a[1:3] += 10


def broadcast_row(m, row):
    m += row


def fused_right_side(a, b, c):
    a += b * c - 1.0


def in_loop(a, n):
    for _ in range(n):
        a *= 2
        a -= 1
    return a


def overlap_shift(a):
    a[1:] += a[:-1]


def overlap_transpose(m):
    m += m.T


def overlap_row(m):
    m += m[0]


def overlap_reverse(a):
    a += a[::-1]


CASES = [
    (divide_in_place, lambda: (np.ones(3),)),
    (add_in_place, lambda: (np.ones(3),)),
    (add_in_place, lambda: (np.arange(4, dtype=np.uint8),)),
    (add_in_place, lambda: (np.array([250, 3], dtype=np.uint8),)),
    (add_in_place, lambda: (np.arange(6.0).reshape(2, 3)[:, ::2],)),
    (scale_in_place, lambda: (np.arange(4.0), 2.5)),
    (scale_in_place, lambda: (np.arange(4, dtype=np.int32), 3)),
    (row_view, lambda: (np.ones((2, 2)),)),
    (normalize, lambda: (np.ones(3, dtype=np.float32), 4)),
    (alias, lambda: (np.arange(3.0),)),
    (slice_update, lambda: (np.arange(5),)),
    (broadcast_row, lambda: (np.zeros((3, 2)), np.array([1.0, 2.0]))),
    (fused_right_side, lambda: (np.ones(4), np.arange(4.0), np.full(4, 2.0))),
    (in_loop, lambda: (np.arange(3.0), 4)),
    (overlap_shift, lambda: (np.arange(6.0),)),
    (overlap_transpose, lambda: (np.arange(9.0).reshape(3, 3),)),
    (overlap_row, lambda: (np.arange(6.0).reshape(2, 3),)),
    (overlap_reverse, lambda: (np.arange(5),)),
]


@pytest.mark.parametrize("fn,make", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_updates_the_callers_array(fn, make, live_allocations):
    want_args = make()
    want = fn(*want_args)
    compiled = pyrite.njit(fn)
    got_args = make()
    got = compiled(*got_args)
    for g, w in zip(got_args, want_args):
        if isinstance(w, np.ndarray):
            assert g.dtype == w.dtype
            np.testing.assert_array_equal(g, w)
    if isinstance(want, np.ndarray):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)
    before = live_allocations()
    compiled(*make())
    assert live_allocations() == before


def test_float32_stays_float32():
    r = np.ones(3, dtype=np.float32)
    out = pyrite.njit(normalize)(r, 4)
    assert out.dtype == np.float32
    assert out is r or np.shares_memory(out, r)


@pytest.mark.parametrize("fn,args,match", [
    (divide_in_place, (np.arange(3),), "same_kind"),
    (add_in_place, (np.array([True, False]),), "same_kind"),
    (scale_in_place, (np.arange(3), 1.5), "same_kind"),
    (broadcast_row, (np.zeros(2), np.zeros((3, 2))), "broadcast"),
])
def test_casts_numpy_refuses_are_typing_errors(fn, args, match):
    with pytest.raises(TypingError, match=match):
        pyrite.njit(fn)(*args)


def test_shape_mismatch_raises_value_error():
    with pytest.raises(ValueError):
        pyrite.njit(broadcast_row)(np.zeros((3, 2)), np.zeros(3))


def test_scalar_augmented_assignment_is_unchanged():
    def f(x):
        y = x
        y += 1
        return x, y
    assert pyrite.njit(f)(3) == (3, 4)
