"""NumPy's fixed-width text arrays ('U<n>', 'S<n>') in compiled code
(types::char_seq in the core; lower_strings.cpp's str_of_chars/store_chars;
pyrite/_library/numpy_text.py): 'U' elements read as str and written from
str (truncated or NUL-padded to the width), arrays of both kinds passed,
returned, sliced, copied and made. Each case runs the same function under
CPython with NumPy and compiled, on copies of the same arrays, and compares
the results and the arrays afterwards."""
import numpy as np
import pytest

import pyrite
from pyrite.errors import TypingError

pytestmark = pytest.mark.usefixtures("no_leaks")   # (each 'U' element read is a new str)

WORDS = ["apple", "b", "", "ünïcode", "x\U0001F600y", "tab\tnew\nline", "zzzzzzz"]


def words(width=7, shape=None):
    a = np.array(WORDS, f"U{width}")
    return a if shape is None else a[:6].reshape(shape)


def same(got, want):
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray) and got.dtype == want.dtype
        assert got.shape == want.shape and (got == want).all()
    elif isinstance(want, tuple):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            same(g, w)
    elif isinstance(want, np.generic):    # (a NumPy scalar comes back as a Python one)
        assert got == want and type(got) is type(want.item())
    else:
        assert got == want and type(got) is type(want)


def check(fn, *args):
    want_args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    got_args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    want = fn(*want_args)
    got = pyrite.njit(fn)(*got_args)
    same(got, want)
    for g, w in zip(got_args, want_args):
        if isinstance(w, np.ndarray):
            same(g, w)


@pytest.mark.parametrize("width", [1, 3, 7, 12])
def test_read_elements(width):
    a = words(width)
    check(lambda a: (a[0], a[3], a[-1], a[2]), a)
    check(lambda a: [len(x) for x in a], a)
    check(lambda a: [x.upper() + "!" for x in a], a)
    check(lambda a, i: a[i] == "b", a, 1)


def test_read_2d_and_strided():
    a = words(5, (2, 3))
    check(lambda a: (a[1, 2], a[0, 0], a.T[2, 1]), a)
    check(lambda a: [s for s in a[::2]], words())
    check(lambda a: [a.flat[i] for i in range(a.size)], a)


@pytest.mark.parametrize("value", ["", "x", "exactly", "much longer than the width",
                                   "é\U0001F600", "with\x00nul"])
def test_write_elements(value):
    def f(a, v):
        a[1] = v
        a[-1] = v
        return a[1]
    check(f, words(), value)
    check(f, words(3), value)


def test_fill_and_slices():
    def f(a, v):
        a[2:5] = v
        return a
    check(f, words(), "slice")
    check(lambda a: a.fill("z"), words())

    def copy(a, b):
        a[:3] = b[3:6]
        b[1:] = b[:-1]    # overlapping: NumPy copies as if through a temporary
        return a, b
    check(copy, words(), words())


def test_compare_arrays():
    a, b = words(), words(4)
    for fn in (lambda x, y: x == y, lambda x, y: x != y, lambda x, y: x < y,
               lambda x, y: x >= y):
        check(fn, a, "b")
        check(fn, "b", a)
        check(fn, a, b)
        check(fn, a.reshape(7, 1), b[:3])


def test_dicts_and_loops():
    def index(a):
        d = {}
        for i in range(len(a)):
            d[a[i]] = i
        return d["apple"], len(d)
    check(index, words())


def test_make_and_return():
    check(lambda n: np.zeros(n, "U4"), 3)
    check(lambda n: np.empty((2, n), "U2").shape, 3)

    def made(n):
        a = np.zeros(n, "U4")
        for i in range(n):
            a[i] = "ab" * i
        return a
    check(made, 4)
    check(lambda a: a, words())
    check(lambda a: a[1:4].copy(), words())
    check(lambda a: a.reshape(3, 2).T, words()[:6])


BYTES = np.array([b"ab", b"", b"xyz", b"ab", b"a\x00b", b"\xff"])


def test_bytes_arrays():
    s = BYTES
    check(lambda a: a, s)
    check(lambda a: a[::-1].copy(), s)
    check(lambda a: a.view(np.uint8), s)
    check(lambda a: (a[0], a[2], a[-1], len(a[1]), a[4]), s)
    check(lambda a: [x for x in a], s)
    check(lambda a: [a.flat[i] for i in range(a.size)], s)
    check(lambda a: (a[0] == a[3], a[0] < a[2], a[2] != a[0], a[1] <= a[0], a[5] > a[2]), s)
    check(lambda a, b: (a == b, b >= a, a[0] == b), s, b"ab")
    check(lambda a: a[a < a[2]], s)

    def store(a, b):
        a[1] = b
        a[2] = a[0]
        a[3:] = b
        a.flat[0] = a[5]
        return a
    check(store, s.copy(), b"toolong")
    with pytest.raises(TypingError):
        _store_str(s.copy())


@pyrite.njit
def _store_str(a):
    a[0] = "text"


def test_numeric_functions_refused_clearly():
    with pytest.raises(TypingError, match="fixed-width text"):
        pyrite.njit(lambda a: np.sum(a))(words())
    with pytest.raises(TypingError):
        pyrite.njit(lambda a: a + 1)(words())
    with pytest.raises(TypingError):
        _store_number(words())


@pyrite.njit
def _store_number(a):
    a[0] = 5


def test_flat_and_fancy_elements():
    def flat_write(a, v):
        a.flat[0] = v
        a.flat[a.size - 1] = v
        return a
    check(flat_write, words(), "z")
    check(flat_write, words(3, (2, 3)), "longer")
    m = words(2, (2, 3))
    check(lambda x: x[np.array([1, 0])], m)
    check(lambda x: x[np.array([1, 0]), 1:], m)
    check(lambda x: x[x < "b"], words())


def test_astype_of_text_refused():
    for fn, a in ((lambda x: x.astype("U9"), words()), (lambda x: x.astype(np.float64), words()),
                  (lambda x: x.astype("U3"), np.array([b"ab"])),
                  (lambda x: x.astype("U5"), np.arange(3))):
        with pytest.raises(TypingError, match="astype"):
            pyrite.njit(fn)(a)
    check(lambda x: x.astype("U7"), words())


def test_zero_d_text_comparison_is_a_scalar():
    check(lambda x: x == "b", np.array("b", "U3"))
