"""np.datetime64 and np.timedelta64 in compiled code (types::datetime /
types::timedelta in the core, python/src/datetimes.cpp at the boundary,
pyrite/_library/numpy_datetime.py for the arithmetic): every case runs the
same function under CPython with NumPy and compiled, and compares dtype,
shape and the int64 counts underneath (so NaT compares equal to NaT).
Where NumPy raises for a combination of units, compiling raises
TypingError."""
import operator
import warnings

import numpy as np
import pytest

import pyrite
from pyrite.errors import TypingError

UNITS = ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns"]
COUNTS = [np.iinfo(np.int64).min, -1000003, -7, -1, 0, 1, 5, 36, 1000003]   # (the first is NaT)


def datetimes(unit, counts=COUNTS):
    return np.array(counts, np.int64).astype(f"M8[{unit}]" if unit else "M8")


def timedeltas(unit, counts=COUNTS):
    return np.array(counts, np.int64).astype(f"m8[{unit}]" if unit else "m8")


def same(got, want):
    """Equal dtype, shape and values; datetime-likes by their counts, NaN as NaN."""
    if isinstance(want, (np.datetime64, np.timedelta64)):
        assert isinstance(got, type(want)), (got, want)
    g, w = np.asarray(got), np.asarray(want)
    assert g.dtype == w.dtype, (g.dtype, w.dtype)
    assert g.shape == w.shape
    if w.dtype.kind in "mM":
        assert (g.view(np.int64) == w.view(np.int64)).all(), (g, w)
    else:
        np.testing.assert_array_equal(g, w)


def numpy(fn, *args):
    """fn(*args) under CPython, its exception class if it raises."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(*args)
        except (TypeError, ValueError) as e:
            return type(e)


def check(fn, *args):
    want = numpy(fn, *args)
    f = pyrite.njit(fn)
    if isinstance(want, type):
        with pytest.raises(TypingError):
            f(*args)
        return
    same(f(*args), want)


BINARY = {"add": operator.add, "sub": operator.sub, "mul": operator.mul,
          "truediv": operator.truediv, "floordiv": operator.floordiv, "mod": operator.mod,
          "lt": operator.lt, "le": operator.le, "eq": operator.eq, "ne": operator.ne,
          "gt": operator.gt, "ge": operator.ge}


def _fn(op):
    return {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
            "truediv": lambda a, b: a / b, "floordiv": lambda a, b: a // b,
            "mod": lambda a, b: a % b, "lt": lambda a, b: a < b, "le": lambda a, b: a <= b,
            "eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "gt": lambda a, b: a > b,
            "ge": lambda a, b: a >= b}[op]


# --- arrays of every pair of values, every pair of units ----------------------------------

PAIRS = [("D", "D"), ("Y", "D"), ("M", "D"), ("D", "h"), ("s", "ms"), ("W", "D"), ("Y", "M"),
         ("M", "Y"), ("ns", "us"), ("h", "Y"), ("m", "W"), ("", "D")]


@pytest.mark.parametrize("op", ["add", "sub", "truediv", "floordiv", "mod", "lt", "le", "eq",
                                "ne", "gt", "ge"])
@pytest.mark.parametrize("units", PAIRS, ids="-".join)
def test_timedelta_arrays(op, units):
    a = timedeltas(units[0])[:, None]
    b = timedeltas(units[1])[None, :]
    check(_fn(op), a, b)


@pytest.mark.parametrize("op", ["add", "sub", "lt", "le", "eq", "ne", "gt", "ge"])
@pytest.mark.parametrize("units", PAIRS[:-1], ids="-".join)
def test_datetime_arrays(op, units):
    a = datetimes(units[0])[:, None]
    b = datetimes(units[1])[None, :]
    check(_fn(op), a, b)


@pytest.mark.parametrize("op", ["add", "sub"])
@pytest.mark.parametrize("units", PAIRS[:-1], ids="-".join)
def test_datetime_with_timedelta(op, units):
    a = datetimes(units[0])[:, None]
    b = timedeltas(units[1])[None, :]
    check(_fn(op), a, b)
    if op == "add":
        check(_fn(op), b, a)


NUMBERS = [np.array([-3, 0, 2, 7], np.int64), np.array([-2.5, 0.0, 0.5, 3.0, np.inf, np.nan]),
           np.array([1, 2], np.int32), np.array([0.5, -4.0], np.float32)]


@pytest.mark.parametrize("op", ["mul", "truediv", "floordiv", "add", "sub", "lt"])
@pytest.mark.parametrize("numbers", range(len(NUMBERS)))
@pytest.mark.parametrize("unit", ["D", "s", "M", ""])
def test_timedelta_with_numbers(op, numbers, unit):
    a = timedeltas(unit)[:, None]
    b = NUMBERS[numbers][None, :]
    check(_fn(op), a, b)
    if op in ("mul", "add"):
        check(_fn(op), b, a)


@pytest.mark.parametrize("op", ["add", "sub"])
def test_datetime_with_integers(op):
    check(_fn(op), datetimes("D")[:, None], np.array([[-3, 0, 9]]))


# --- scalars ----------------------------------------------------------------------------------

SCALARS = [np.datetime64("2020-03-01"), np.datetime64("2020", "Y"), np.datetime64("2020-02", "M"),
           np.datetime64("1969-12-31T23:59:59", "s"), np.datetime64("NaT"),
           np.datetime64("NaT", "D"), np.timedelta64(3, "D"), np.timedelta64(-5, "h"),
           np.timedelta64(1, "Y"), np.timedelta64(7, "M"), np.timedelta64(5),
           np.timedelta64("NaT", "s"), np.timedelta64(0, "D")]


@pytest.mark.parametrize("op", sorted(BINARY))
@pytest.mark.parametrize("i", range(len(SCALARS)))
def test_scalar_pairs(op, i):
    fn = _fn(op)
    for b in SCALARS:
        check(fn, SCALARS[i], b)


@pytest.mark.parametrize("x", [np.timedelta64(3, "D"), np.timedelta64(-5, "h"),
                               np.timedelta64("NaT", "s"), np.timedelta64(0, "D")])
@pytest.mark.parametrize("y", [2, -2, 0, 2.5, -0.5, 0.0, np.nan, True])
def test_scalar_timedelta_and_number(x, y):
    for op in ("mul", "truediv", "floordiv", "add"):
        check(_fn(op), x, y)
    check(lambda a, b: b * a, x, y)


@pytest.mark.parametrize("x", SCALARS)
def test_unary(x):
    for fn in (lambda a: -a, lambda a: +a, lambda a: abs(a), lambda a: np.isnat(a),
               lambda a: np.isfinite(a), lambda a: np.isinf(a), lambda a: np.sign(a),
               lambda a: np.negative(a), lambda a: np.absolute(a)):
        check(fn, x)


@pytest.mark.parametrize("unit", UNITS)
def test_unary_arrays(unit):
    for fn in (lambda a: -a, lambda a: abs(a), lambda a: np.isnat(a), lambda a: np.sign(a)):
        check(fn, timedeltas(unit).reshape(3, 3))
    for fn in (lambda a: np.isnat(a), lambda a: np.isfinite(a)):
        check(fn, datetimes(unit))


def test_maximum_minimum():
    a, b = datetimes("D"), datetimes("h")[::-1]
    for fn in (np.maximum, np.minimum, np.fmax, np.fmin):
        check(lambda x, y: fn(x, y), a, b)
        check(lambda x, y: fn(x, y), timedeltas("s"), timedeltas("D")[::-1])


def test_ufunc_out():
    def f(a, b, out):
        np.add(a, b, out)
        return out
    a, b = datetimes("D"), timedeltas("h")
    got = pyrite.njit(f)(a, b, np.empty(len(a), "M8[h]"))
    same(got, a + b)
    got = pyrite.njit(f)(timedeltas("s"), timedeltas("s"), np.empty(len(a), "m8[s]"))
    same(got, timedeltas("s") + timedeltas("s"))


def test_in_place():
    def f(a, b):
        a += b
        return a
    for a, b in ((datetimes("D"), np.timedelta64(2, "D")), (timedeltas("s"), timedeltas("s")),
                 (datetimes("h"), np.timedelta64(1, "D")), (timedeltas("D"), 3)):
        same(pyrite.njit(f)(a.copy(), b), f(a.copy(), b))


# --- the boundary -----------------------------------------------------------------------------

@pytest.mark.parametrize("unit", UNITS + [""])
def test_round_trip(unit):
    ident = pyrite.njit(lambda x: x)
    for x in (datetimes(unit), timedeltas(unit), datetimes(unit).reshape(3, 3).T,
              datetimes(unit)[::2]):
        same(ident(x), x)
        same(ident(x[1]), x[1])
        same(ident(x[0]), x[0])
    item = pyrite.njit(lambda a, i: a[i])
    same(item(datetimes(unit), 4), datetimes(unit)[4])


def test_multiplied_units_refused():
    with pytest.raises(TypingError, match=r"datetime64\[10s\]"):
        pyrite.njit(lambda x: x)(np.zeros(2, "M8[10s]"))


D = np.datetime64("2021-06-01")
T = np.timedelta64(90, "m")
HOURS = np.dtype("m8[h]")


def test_global_constants():
    same(pyrite.njit(lambda: D + T)(), D + T)
    same(pyrite.njit(lambda a: a < D)(datetimes("D")), datetimes("D") < D)


def test_dtype_strings_and_objects():
    def f(n):
        return np.empty(n, "M8[s]"), np.zeros(n, HOURS), np.zeros(n, "f4"), \
            np.ones(n, dtype="uint8")
    got = pyrite.njit(f)(3)
    want = f(3)
    for g, w in zip(got, want):
        assert g.dtype == w.dtype and g.shape == w.shape
    same(got[1], want[1])
    same(got[2], want[2])


# --- making values ------------------------------------------------------------------------------

def test_constructors():
    check(lambda: np.datetime64("2020-01-01"))
    check(lambda: np.datetime64("2020-01-01T10:30", "m"))
    check(lambda: np.datetime64("NaT"))
    check(lambda: np.timedelta64("NaT", "h"))
    check(lambda: np.timedelta64(3))
    check(lambda n: np.datetime64(n, "D"), 18000)
    check(lambda n: np.timedelta64(n, "ms"), -42)
    check(lambda d: np.datetime64(d, "s"), np.datetime64("2020-05", "M"))
    check(lambda d: np.timedelta64(d, "m"), np.timedelta64(2, "h"))
    with pytest.raises(TypingError, match="unit"):
        pyrite.njit(lambda n: np.datetime64(n))(5)
    with pytest.raises(TypingError):
        pyrite.njit(lambda: np.datetime64("not a date"))()


# --- storing, converting, reducing -------------------------------------------------------------

@pytest.mark.parametrize("target", ["D", "h", "M", "Y", "s"])
def test_setitem_other_unit(target):
    def f(a, v):
        a[0] = v
        a[1:3] = v
        return a
    for v in (np.datetime64("2020-01-01T23:00"), np.datetime64("1969-12-31T23:00"),
              np.datetime64("1901-07-15", "D"), np.datetime64("NaT", "s")):
        a = np.zeros(4, f"M8[{target}]")
        same(pyrite.njit(f)(a.copy(), v), f(a.copy(), v))
    b = np.zeros(4, "m8[D]")
    for v in (np.timedelta64(36, "h"), np.timedelta64(-36, "h")):
        same(pyrite.njit(f)(b.copy(), v), f(b.copy(), v))
    with pytest.raises(TypingError, match="same_kind"):
        pyrite.njit(f)(b.copy(), np.timedelta64(1, "Y"))


@pytest.mark.parametrize("source", ["Y", "M", "W", "D", "h", "s"])
@pytest.mark.parametrize("target", ["Y", "M", "D", "h", "ns"])
def test_astype_calendar(source, target):
    """Years and months to days and back through the proleptic Gregorian
    calendar, on counts around 1970, 1900, 2000 and before year 0."""
    counts = np.concatenate([np.arange(-800, 800, 7), [np.iinfo(np.int64).min, -719528 // 7,
                                                       -2440 * 12, 10957, 11017 * 3]])
    a = counts.astype(f"M8[{source}]")
    if target == "ns":
        # Only dates that nanoseconds can hold (NumPy >= 2.5 raises
        # OverflowError for the others, older NumPy wraps).
        days = a.astype("M8[D]").view(np.int64)
        a = a[np.isnat(a) | (np.abs(days) < 106_000)]
    check(eval(f'lambda x: x.astype("M8[{target}]")'), a)


def test_astype_int64():
    check(lambda a: a.astype(np.int64), datetimes("D"))
    check(lambda a: a.astype("m8[s]"), np.arange(5))
    check(lambda a: a.astype("m8[h]"), timedeltas("D"))
    for source, target in (("Y", "D"), ("M", "h"), ("D", "M"), ("D", "Y"), ("W", "M"),
                           ("Y", "s"), ("M", "Y")):
        check(eval(f'lambda a: a.astype("m8[{target}]")'), timedeltas(source))


@pytest.mark.parametrize("unit", ["D", "s", "M"])
def test_reductions(unit):
    no_nat = datetimes(unit)[1:]
    for a in (no_nat, datetimes(unit), no_nat.reshape(4, 2)):
        check(lambda x: x.min(), a)
        check(lambda x: x.max(), a)
        check(lambda x: np.min(x), a)
        check(lambda x: np.max(x), a)
    t = timedeltas(unit)
    check(lambda x: x.sum(), t)
    check(lambda x: x.sum(), t[1:])
    check(lambda x: np.sum(x), t[1:])
    with pytest.raises(ValueError, match="zero-size"):
        pyrite.njit(lambda x: x.min())(datetimes(unit)[:0])


def test_loops_and_fill():
    def f(a, start, step):
        for i in range(len(a)):
            a[i] = start + step * i
        b = np.empty(len(a), a.dtype)
        b.fill(start)
        return a, b
    a = np.zeros(5, "M8[D]")
    got, want = pyrite.njit(f)(a.copy(), D, np.timedelta64(3, "D")), \
        f(a.copy(), D, np.timedelta64(3, "D"))
    same(got[0], want[0])
    same(got[1], want[1])


def test_incompatible_units_are_typing_errors():
    with pytest.raises(TypingError, match="nonlinear|common metadata"):
        pyrite.njit(lambda a, b: a + b)(np.timedelta64(1, "Y"), np.timedelta64(1, "D"))
    with pytest.raises(TypingError):
        pyrite.njit(lambda a, b: a < b)(np.datetime64("2020-01-01"), 5)
    with pytest.raises(TypingError):
        pyrite.njit(lambda a, b: a + b)(np.datetime64("2020-01-01"), np.datetime64("2020-01-01"))


# --- ordering, moving and the corners a newcomer found -------------------------------------

MIXED = np.array(["2020-01-01", "NaT", "1969-12-31", "2000-02-29", "NaT", "1969-12-31",
                  "2262-04-11"], "M8[D]")


@pytest.mark.parametrize("kind", [None, "quicksort", "mergesort", "stable"])
def test_sort_argsort_nat_last(kind):
    for a in (MIXED, MIXED.astype("M8[s]"), (MIXED - MIXED[0]), MIXED[:6].reshape(2, 3)):
        check(eval(f"lambda a: np.sort(a, kind={kind!r})"), a)
        if kind in ("mergesort", "stable"):   # (unstable kinds may order ties otherwise)
            check(eval(f"lambda a: np.argsort(a, kind={kind!r})"), a)
    check(lambda a: np.sort(a, axis=0), MIXED[:6].reshape(2, 3))

    def in_place(a):
        a.sort()
        return a
    check(in_place, MIXED.copy())


def test_unique_searchsorted_argmin():
    check(lambda a: np.unique(a), MIXED)
    s = np.sort(MIXED)
    check(lambda a, v: np.searchsorted(a, v), s, np.datetime64("2000-01-01"))
    check(lambda a, v: np.searchsorted(a, v, side="right"), s, s[::-1].copy())
    for a in (MIXED, MIXED[2:4], MIXED[[0, 2, 3]], (MIXED - MIXED[0])[[0, 2, 3]]):
        check(lambda x: np.argmin(x), a)
        check(lambda x: x.argmax(), a)


def test_moving_functions():
    a, b = MIXED[:4], MIXED[3:].astype("M8[h]")
    for fn in (lambda x, y: np.concatenate((x, y)), lambda x, y: np.stack((x, x)),
               lambda x, y: np.where(x > y, x, y), lambda x, y: np.flip(x),
               lambda x, y: np.repeat(x, 2), lambda x, y: np.roll(x, 1),
               lambda x, y: np.tile(x, 2), lambda x, y: np.full_like(x, y[0]),
               lambda x, y: np.tril(x.reshape(2, 2)), lambda x, y: np.diff(x),
               lambda x, y: np.diff(x, 2), lambda x, y: np.diff(y - x),
               lambda x, y: x[np.array([2, 0])], lambda x, y: x[~np.isnat(x)]):
        check(fn, a, b)

    def masked(x, v):
        x[np.isnat(x)] = v
        x[np.array([0, 2])] = v
        return x
    check(masked, MIXED.copy(), np.datetime64("1999-01-01"))
    with pytest.raises(TypingError, match="constant"):
        pyrite.njit(lambda x, n: np.diff(x, n))(a, 1)


def test_zero_d_arrays():
    check(lambda x: x + np.timedelta64(1, "D"), np.array(np.datetime64("2020-01-01")))
    check(lambda x: x * 2j, np.array(1.5 + 1j))


def test_out_and_in_place_kinds_are_checked():
    a, t = datetimes("D")[:4], timedeltas("h")[:4]
    with pytest.raises(TypingError, match="same_kind"):
        pyrite.njit(lambda x, y, o: np.add(x, y, o))(a, t, np.empty(4, "m8[h]"))

    def sub(x, y):
        x -= y
    with pytest.raises(TypingError, match="same_kind"):
        pyrite.njit(sub)(a.copy(), a)
    for ufunc, out in ((np.true_divide, np.zeros(4, np.int64)),
                       (np.floor_divide, np.zeros(4, np.bool_))):
        with pytest.raises(TypingError, match="same_kind"):
            pyrite.njit(lambda x, y, o: ufunc(x, y, o))(t, t, out)


def test_generic_and_multiplied_units():
    check(lambda: np.timedelta64() + np.timedelta64(1, "h"))
    check(lambda: np.datetime64())
    check(lambda a: a.astype("M8"), datetimes("D"))
    with pytest.raises(TypingError):
        pyrite.njit(lambda a: a.astype("M8[15m]"))(datetimes("m"))
    with pytest.raises(TypingError):
        pyrite.njit(lambda: np.datetime64("2020-01-01", "2D"))()

    def into_generic(v):
        a = np.empty(2, "M8")
        a[0] = v
        return a
    with pytest.raises(TypingError, match="same_kind"):
        pyrite.njit(into_generic)(np.datetime64("2020-01-01"))
    with pytest.raises(TypingError):
        pyrite.njit(lambda: np.array([1, 2, 3], dtype="M8"))()
    check(lambda: np.array([1, 2, 3], dtype="M8[D]"))


def test_slices_of_other_units():
    def f(a, b):
        a[:] = b
        a[1:3] = b[:2]
        return a
    check(f, np.zeros(4, "M8[s]"), datetimes("D")[:4])
    check(f, np.zeros(4, "m8[ms]"), timedeltas("s")[:4])


GLOBAL_DATES = MIXED[:3].copy()


def test_global_arrays_optional_and_nat_start():
    check(lambda: GLOBAL_DATES[1:])

    def first_after(a, d):
        for x in a:
            if x > d:
                return x
        return None
    f = pyrite.njit(first_after)
    same(f(MIXED, np.datetime64("2000-01-01")), np.datetime64("2020-01-01"))
    assert f(MIXED, np.datetime64("2300-01-01")) is None

    def latest(a):
        best = np.datetime64("NaT")
        for x in a:
            if not np.isnat(x) and (np.isnat(best) or x > best):
                best = x
        return best
    check(latest, MIXED)


def test_arange_and_mean():
    d0, d1 = np.datetime64("2020-01-01"), np.datetime64("2020-03-15")
    check(lambda a, b: np.arange(a, b), d0, d1)
    check(lambda a, b: np.arange(a, b, np.timedelta64(10, "D")), d0, d1)
    check(lambda a, b: np.arange(a, b, np.timedelta64(7, "h")), d0, np.datetime64("2020-01-03"))
    check(lambda a, b: np.arange(b, a, -9), d0, d1)
    check(lambda a, b: np.arange(a, b, 2), np.timedelta64(-3, "s"), np.timedelta64(5, "m"))
    check(lambda a, b: np.arange(a, b, np.timedelta64(1, "M")), np.datetime64("2020-01", "M"),
          np.datetime64("2021-03", "M"))
    for a, b, step in ((d0, np.datetime64("NaT"), 1), (d0, d1, 0)):
        with pytest.raises(ValueError, match="arange"):
            pyrite.njit(lambda x, y, s: np.arange(x, y, s))(a, b, step)
    for t in (np.array([1, 2, 4], "m8[D]"), np.array([-1, -2, -4], "m8[h]"),
              np.array([], "m8[s]"), np.array([1, "NaT"], "m8[s]"),
              np.array([3, 5, 7, 9], "m8[ms]").reshape(2, 2)):
        check(lambda x: x.mean(), t)
        check(lambda x: np.mean(x), t)
