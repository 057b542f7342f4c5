"""Read-only arrays are their own type, as in Numba: reading works, any store
(item or slice assignment, augmented assignment, fill) is a TypingError that
names the variable, and views of them stay read-only, also when returned."""
import numpy as np
import pytest

import pyrite
from pyrite.errors import TypingError


def readonly(a):
    a = a.copy()
    a.flags.writeable = False
    return a


def store_item(a):
    a[0] = 1.0
    return a[0]


def store_slice(a):
    a[1:] = 0.0


def store_through_view(a):
    v = a[1:]
    v[0] = 3.0


def store_through_transpose(m):
    t = m.T
    t[0, 0] = 1.0


def update_in_place(a):
    a += 1.0


def fill(a):
    a.fill(2.0)


def store_row(m):
    for row in m:
        row[0] = 1.0


@pytest.mark.parametrize("fn,make,name", [
    (store_item, lambda: readonly(np.zeros(3)), "'a'"),
    (store_slice, lambda: readonly(np.zeros(3)), "'a'"),
    (store_through_view, lambda: readonly(np.zeros(3)), "'v'"),
    (store_through_transpose, lambda: readonly(np.zeros((2, 2))), "'t'"),
    (update_in_place, lambda: readonly(np.zeros(3)), "'a'"),
    (fill, lambda: readonly(np.zeros(3)), "'a'"),
    (store_row, lambda: readonly(np.zeros((2, 2))), "'row'"),
])
def test_stores_into_read_only_arrays_are_typing_errors(fn, make, name):
    arr = make()
    before = arr.copy()
    with pytest.raises(TypingError, match="read-only array " + name) as info:
        pyrite.njit(fn)(arr)
    assert "readonly array(float64" in str(info.value)
    np.testing.assert_array_equal(arr, before)


def test_frombuffer_of_bytes_is_not_mutated():
    data = bytes(32)
    arr = np.frombuffer(data, dtype=np.float64)
    with pytest.raises(TypingError, match="read-only"):
        pyrite.njit(store_item)(arr)
    assert data == bytes(32)


def total(a):
    s = 0.0
    for x in a:
        s += x
    return s + a[0]


def test_reading_read_only_arrays_works():
    a = readonly(np.arange(4.0))
    assert pyrite.njit(total)(a) == total(a)


def test_read_only_and_writable_arrays_are_separate_specializations():
    f = pyrite.njit(total)
    f(np.arange(3.0))
    f(readonly(np.arange(3.0)))
    names = sorted(str(s[0]) for s in f.signatures)
    assert names == ["array(float64, 1d, C)", "readonly array(float64, 1d, C)"]


def view(a):
    return a[1:]


def test_returned_views_of_read_only_arrays_are_read_only():
    out = pyrite.njit(view)(readonly(np.arange(4.0)))
    assert not out.flags.writeable
    out = pyrite.njit(view)(np.arange(4.0))
    assert out.flags.writeable


def test_copies_of_read_only_arrays_are_writable():
    def modify_copy(a):
        b = a.copy()
        b[0] = 7.0
        return b
    out = pyrite.njit(modify_copy)(readonly(np.zeros(2)))
    np.testing.assert_array_equal(out, [7.0, 0.0])
    assert out.flags.writeable


FROZEN = np.arange(3.0)


def store_global():
    FROZEN[0] = 5.0


def read_global():
    return FROZEN.sum()


def test_global_arrays_are_read_only():
    with pytest.raises(TypingError, match="read-only array global 'FROZEN'"):
        pyrite.njit(store_global)()
    assert pyrite.njit(read_global)() == 3.0
    np.testing.assert_array_equal(FROZEN, [0.0, 1.0, 2.0])


def test_explicit_writable_signature_refuses_a_read_only_array():
    f = pyrite.njit("float64(float64[:])")(total)
    assert f(np.arange(3.0)) == total(np.arange(3.0))
    with pytest.raises(TypeError, match="No matching definition"):
        f(readonly(np.arange(3.0)))
