"""bytes, bytearray and memoryview arguments (Numba's Bytes, ByteArray,
MemoryView: arrays of uint8 over the object's buffer; types::buffer in the
core), np.frombuffer over them (pyrite/_library/numpy_views.py) and
a.view(dtype) (core/lower/lower_views.cpp: dtype_view). Each case compares
with NumPy run by CPython on the same input: dtype, shape, values, the
read-only flag, and the exception class and message where NumPy raises."""
import numpy as np
import pytest

import pyrite
from pyrite.errors import TypingError

pytestmark = pytest.mark.usefixtures("no_leaks")

DATA = np.arange(12, dtype=np.float64).tobytes() + b"\x07\x01\xff\x80"


def buffers(data=DATA):
    return {"bytes": data, "bytearray": bytearray(data), "memoryview": memoryview(data),
            "memoryview_rw": memoryview(bytearray(data))}


def same(got, want):
    assert isinstance(got, np.ndarray)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert got.flags.writeable == want.flags.writeable
    assert np.array_equal(got, want, equal_nan=True)


def outcome(fn, *args):
    try:
        return fn(*args), None
    except (ValueError, TypeError) as e:
        return None, e


def check(fn, *args):
    want, error = outcome(fn, *args)
    f = pyrite.njit(fn)
    if error is not None:
        with pytest.raises(type(error)) as info:
            f(*args)
        assert str(info.value) == str(error)
        return
    same(f(*args), want)


@pytest.mark.parametrize("kind", sorted(buffers()))
def test_buffer_as_array(kind):
    b = buffers()[kind]

    def f(b):
        total = 0
        for c in b:
            total += c
        return total, len(b), b[3], b[-1]
    assert pyrite.njit(f)(b) == f(b)
    assert pyrite.njit(lambda b: b)(b) is b   # returned unchanged: the object itself


@pytest.mark.parametrize("kind", sorted(buffers()))
@pytest.mark.parametrize("dtype", ["f8", "i4", "u2", "i1", "?", "c16", "f4", "M8[s]", "u8"])
@pytest.mark.parametrize("count, offset", [(-1, 0), (2, 0), (3, 8), (-1, 4), (0, 0), (-1, 96),
                                           (1, 95), (-1, 97), (20, 0), (-1, 3), (2, -1)])
def test_frombuffer(kind, dtype, count, offset):
    fn = eval(f"lambda b: np.frombuffer(b, {dtype!r}, {count}, {offset})")
    want, _ = outcome(fn, buffers()[kind])
    if want is not None and not want.flags.aligned:
        # (NumPy makes an unaligned array; compiled code reads aligned ones only)
        with pytest.raises(ValueError, match="unaligned"):
            pyrite.njit(fn)(buffers()[kind])
        return
    check(fn, buffers()[kind])


@pytest.mark.parametrize("kind", sorted(buffers()))
def test_frombuffer_defaults_and_keywords(kind):
    b = buffers(DATA[:96])[kind]
    check(lambda b: np.frombuffer(b), b)
    check(lambda b: np.frombuffer(b, dtype=np.int64, offset=16), b)
    check(lambda b: np.frombuffer(b, np.uint8, count=5), b)
    check(lambda b: np.frombuffer(b, dtype=np.complex64, count=2, offset=8), b)


def test_frombuffer_of_an_array():
    a = np.arange(10, dtype=np.int16)
    check(lambda x: np.frombuffer(x, np.uint8), a)
    check(lambda x: np.frombuffer(x, np.int32, 2, 4), a)


def test_writes_through_a_bytearray():
    b = bytearray(16)

    def f(b):
        v = np.frombuffer(b, np.int32)
        v[:] = np.arange(4) * 7
        b[0] = 255
    pyrite.njit(f)(b)
    want = bytearray(16)
    f(want)
    assert b == want


def test_bytes_are_read_only():
    with pytest.raises(TypingError, match="read-only"):
        pyrite.njit(_set_first)(b"abc")
    with pytest.raises(TypingError, match="read-only"):
        _frombuffer_write(b"12345678")
    _frombuffer_write(bytearray(8))   # (a bytearray's bytes can be written)


def _set_first(b):
    b[0] = 1


@pyrite.njit
def _frombuffer_write(b):
    v = np.frombuffer(b, np.uint8)
    v[0] = 1


def test_other_memoryviews_have_no_type():
    with pytest.raises(TypingError, match="memoryview"):
        pyrite.njit(lambda m: len(m))(memoryview(np.arange(3.0)))


# --- a.view(dtype) -------------------------------------------------------------------

ARRAYS = {"f8_2d": np.arange(12.0).reshape(3, 4), "i4": np.arange(-5, 7, dtype=np.int32),
          "u1": np.arange(24, dtype=np.uint8).reshape(2, 12), "F": np.asfortranarray(
              np.arange(6.0).reshape(2, 3)), "strided": np.arange(16.0)[::2],
          "c16": np.arange(4) * (1 + 2j), "odd_u1": np.arange(7, dtype=np.uint8),
          "col": np.arange(6.0).reshape(6, 1)[:, :1], "bool": np.array([True, False] * 4)}


@pytest.mark.parametrize("name", sorted(ARRAYS))
@pytest.mark.parametrize("dtype", ["i8", "f4", "u1", "c16", "i2", "?", "u8", "c8", "m8[D]"])
def test_view(name, dtype):
    check(eval(f"lambda a: a.view({dtype!r})"), ARRAYS[name])


def test_view_of_read_only_stays_read_only():
    a = np.arange(4.0)
    a.flags.writeable = False
    check(lambda x: x.view(np.int64), a)


def test_view_writes_through():
    def f(a):
        v = a.view(np.uint64)
        v[0] = 0x3FF0000000000000
        return a
    check(f, np.zeros(3))


def test_view_of_0d_array_keeps_the_item_size():
    check(lambda a: a.view(np.int64), np.array(1.5))
    with pytest.raises(TypingError, match="0d array"):
        pyrite.njit(lambda a: a.view(np.int32))(np.array(1.5))


def test_views_hold_a_buffer_export():
    """An array over a bytearray's memory keeps it from being resized (as
    np.frombuffer's arrays do), also when compiled code keeps it."""
    b = bytearray(b"abcdefgh")
    view = pyrite.njit(lambda x: x[1:])(b)
    with pytest.raises(BufferError):
        b.extend(b"x" * 100000)
    kept = pyrite.njit(lambda x: [np.frombuffer(x, np.uint16)])(b)[0]
    del view
    with pytest.raises(BufferError):
        b.extend(b"x" * 100000)
    assert kept.tolist() == np.frombuffer(bytes(b), np.uint16).tolist()
    del kept
    b.extend(b"ok")                  # (no export left)


def test_unaligned_views_are_refused():
    with pytest.raises(ValueError, match="unaligned"):
        pyrite.njit(lambda x: np.frombuffer(x, np.float64, 1, 1))(bytes(16))
    with pytest.raises(ValueError, match="unaligned"):
        pyrite.njit(lambda x: x[1:9].view(np.int64))(np.zeros(16, np.uint8))


def test_frombuffer_huge_count():
    with pytest.raises(ValueError):
        pyrite.njit(lambda x: np.frombuffer(x, np.int64, 2**61))(bytes(16))
