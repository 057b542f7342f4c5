"""Iterating over arrays the NumPy ways, in compiled code against NumPy run
by CPython: a.flat (NumPy's flatiter: reads and writes by a C-order index
whatever the layout, negative indices, len(), iteration also inside
enumerate and comprehensions, NumPy's IndexError out of bounds; pyrite:
core/lower/lower_flat.cpp), np.ndenumerate and np.ndindex
(pyrite/_library/numpy_iteration.py)."""
import numpy as np
import pytest

from pyrite import njit
from pyrite.errors import TypingError

_base = np.arange(24.0).reshape(2, 3, 4)
ARRAYS = {
    "c3d": _base,
    "transposed": _base.T,
    "strided": _base[:, ::2, 1:],
    "reversed": _base[::-1, :, ::-1],
    "fortran": np.asfortranarray(_base),
    "row": _base[0],
    "column": _base[0, :, 1],
    "1d": np.arange(7, dtype=np.int32),
    "step": np.arange(10.0)[::3],
    "0d": np.array(3.5),
    "bool": np.array([[True, False], [False, True]]).T,
    "complex": (np.arange(6) + 1j * np.arange(6)).reshape(3, 2).T,
}


def read(a, i):
    return a.flat[i]


def walk(a):
    s = a.flat[0] * 0
    for x in a.flat:
        s = s * 3 + x
    return s


def length(a):
    return len(a.flat)


def items(a):
    return [x for x in a.flat]


def numbered(a):
    total = 0
    for k, x in enumerate(a.flat):
        total += k * x
    return total


def write(a, i, v):
    a.flat[i] = v
    return a


def write_all(a):
    for i in range(len(a.flat)):
        a.flat[i] = i * 2
    return a


@pytest.mark.parametrize("name", ARRAYS)
def test_read_every_index(name):
    a = ARRAYS[name]
    for i in list(range(-a.size, a.size)):
        got, want = njit(read)(a, i), read(a, i)   # (a Python scalar, as from Numba)
        assert got == want and isinstance(got, (bool, int, float, complex)), (i, got, want)


@pytest.mark.parametrize("name", ARRAYS)
@pytest.mark.parametrize("f", [walk, length, items, numbered])
def test_whole(name, f):
    a = ARRAYS[name]
    got, want = njit(f)(a), f(a)
    assert got == want, (got, want)


@pytest.mark.parametrize("name", [n for n in ARRAYS if n != "0d"])
@pytest.mark.parametrize("i", [0, 1, -1, -2])
def test_write(name, i):
    a = ARRAYS[name]
    # the same view of a fresh copy of its base, for each side
    got_base, want_base = _fresh(name), _fresh(name)
    v = True if a.dtype == np.bool_ else 7
    njit(write)(_view(name, got_base), i, v)
    write(_view(name, want_base), i, v)
    np.testing.assert_array_equal(got_base, want_base)


@pytest.mark.parametrize("name", [n for n in ARRAYS if n not in ("0d", "bool")])
def test_write_all(name):
    got_base, want_base = _fresh(name), _fresh(name)
    njit(write_all)(_view(name, got_base))
    write_all(_view(name, want_base))
    np.testing.assert_array_equal(got_base, want_base)


def _fresh(name):
    return {"1d": np.arange(7, dtype=np.int32), "step": np.arange(10.0),
            "bool": np.array([[True, False], [False, True]]),
            "complex": (np.arange(6) + 1j * np.arange(6)).reshape(3, 2),
            "fortran": np.asfortranarray(_base)}.get(name, _base).copy(order="K")


def _view(name, b):
    return {"transposed": lambda: b.T, "strided": lambda: b[:, ::2, 1:],
            "reversed": lambda: b[::-1, :, ::-1], "row": lambda: b[0],
            "column": lambda: b[0, :, 1], "step": lambda: b[::3],
            "bool": lambda: b.T, "complex": lambda: b.T}.get(name, lambda: b)()


@pytest.mark.parametrize("i", [24, -25, 100])
def test_index_out_of_bounds(i):
    with pytest.raises(IndexError) as want:
        read(_base, i)
    with pytest.raises(IndexError) as got:
        njit(read)(_base, i)
    assert str(got.value) == str(want.value)
    with pytest.raises(IndexError) as got:
        njit(write)(_base.copy(), i, 1.0)
    assert str(got.value) == str(want.value)


def test_structured_elements():
    rec = np.zeros(4, [("x", "f8"), ("y", "i4")])
    rec["x"] = [1.5, 2.5, 3.5, 4.5]
    assert njit(lambda r: r.flat[2].x)(rec) == 3.5
    assert njit(lambda r: sum([e.x for e in r.flat]))(rec) == 12.0


def test_refused_with_a_reason():
    ro = _base.copy()
    ro.flags.writeable = False
    with pytest.raises(TypingError, match="read-only"):
        njit(write)(ro, 0, 1.0)
    with pytest.raises(TypingError, match="integer index"):
        njit(lambda a: a.flat[1.5])(_base)
    with pytest.raises(TypingError, match="integer index"):     # a mask to NumPy
        njit(lambda a: a.flat[True])(_base)
    with pytest.raises(TypingError, match="cannot return"):
        njit(lambda a: a.flat)(_base)


# --- np.ndenumerate, np.ndindex ------------------------------------------------------

def enumerated(a):
    out = []
    for idx, x in np.ndenumerate(a):
        out.append((idx, x))
    return out


def weighted(a):
    total = 0.0
    for idx, x in np.ndenumerate(a):
        w = 1
        for i in idx:
            w = w * 7 + i
        total += w * x
    return total


@pytest.mark.parametrize("name", ARRAYS)
def test_ndenumerate(name):
    a = ARRAYS[name]
    assert njit(enumerated)(a) == enumerated(a)
    if a.dtype != np.bool_ and a.ndim > 0:   # (a loop over the empty tuple: not yet)
        assert njit(weighted)(a) == weighted(a)


def indices(*shape):
    return [t for t in np.ndindex(*shape)]


def indices_of_tuple(shape):
    return [t for t in np.ndindex(shape)]


@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (3, 0), (0,), (2, 1, 3), (1, 2, 2, 2)])
def test_ndindex(shape):
    assert njit(indices)(*shape) == indices(*shape)
    assert njit(indices_of_tuple)(shape) == indices_of_tuple(shape)


def test_ndindex_over_a_shape():
    def f(a):
        out = np.zeros_like(a)
        for idx in np.ndindex(a.shape):
            out[idx] = a[idx] * 2
        return out
    a = np.arange(12.0).reshape(3, 4).T
    np.testing.assert_array_equal(njit(f)(a), f(a))
