"""Structured arrays and their records in compiled code (core/lower/
lower_records.cpp, typing/typer_items.cpp, python/src/records.cpp): fields
read and written by name (r['x']), by attribute (r.x, as in Numba) and by
position (r[0]); records as arguments and results; field views (a['x']);
creation, copies and element assignment. Each case runs the same function
under CPython with NumPy and compiled, on copies of the same arrays, and
compares results and the arrays afterwards (dtype, shape and values).
NumPy's np.void has no attributes, so the attribute forms are compared with
the item forms run by CPython."""
import numpy as np
import pytest

import pyrite
from pyrite.errors import TypingError

PACKED = np.dtype([("x", np.float64), ("y", np.int32), ("ok", np.bool_)])
ALIGNED = np.dtype([("x", np.float64), ("y", np.int32), ("ok", np.bool_)], align=True)
MIXED = np.dtype([("a", np.int8), ("b", np.uint64), ("c", np.float32), ("z", np.complex128),
                  ("d", np.int16)])
DTYPES = {"packed": PACKED, "aligned": ALIGNED}


def filled(dtype, n=6):
    a = np.zeros(n, dtype)
    a["x"] = np.linspace(-1.5, 4.0, n)
    a["y"] = np.arange(n, dtype=np.int32) * 3 - 4
    a["ok"] = np.arange(n) % 2 == 0
    return a


def mixed(n=5):
    a = np.zeros(n, MIXED)
    a["a"] = np.arange(n) - 2
    a["b"] = np.arange(n, dtype=np.uint64) * np.uint64(2**61)
    a["c"] = np.linspace(0, 1, n)
    a["z"] = np.arange(n) * (1 - 2j)
    a["d"] = np.arange(n) * -300
    return a


def check(got, want):
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray), got
        assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, want.dtype)
        np.testing.assert_array_equal(got, want)
    elif isinstance(want, np.void):
        assert isinstance(got, np.void) and got.dtype == want.dtype, (got, want)
        assert got.tolist() == want.tolist()
    elif isinstance(want, (list, tuple)):
        assert type(got) is type(want) and len(got) == len(want), (got, want)
        for g, w in zip(got, want):
            check(g, w)
    else:  # compiled code gives Python scalars, as Numba's does
        kind = lambda v: "b" if isinstance(v, (bool, np.bool_)) else np.asarray(v).dtype.kind
        assert got == want and kind(got) in (kind(want), "iu"[kind(want) == "i"]), (got, want)


def same_as_numpy(fn, *args, compiled=None):
    """fn under CPython and `compiled` (default: fn compiled) on copies:
    the results and the arrays afterwards agree."""
    mine = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    want = fn(*args)
    got = (compiled or pyrite.njit(fn))(*mine)
    check(got, want)
    for a, b in zip(mine, args):
        if isinstance(b, np.ndarray):
            check(a, b)


# --- reading and writing fields ------------------------------------------------------------

def read_sum(a):
    s = 0.0
    for i in range(a.shape[0]):
        if a[i]["ok"]:
            s += a[i]["x"] * a[i]["y"]
    return s


def read_positions(a, i):
    return a[i][0], a[i][1], a[i][-1]


def write_fields(a):
    for i in range(a.shape[0]):
        a[i]["x"] = a[i]["x"] * 2 + i
        a[i]["y"] += 7
        a[i]["ok"] = a[i]["y"] > 0
    return a[0]["x"]


def write_positions(a):
    a[1][0] = 9.25
    a[1][1] = -3
    a[2][-1] = True


def record_local(a):
    r = a[3]
    r["x"] = -1.0  # a view: writes the array
    return r["x"] + a[3]["x"]


def iterate(a):
    total = 0
    for r in a:
        total += r["y"]
        r["y"] = 0
    return total


def two_d(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j]["y"] = i * 10 + j
            s += a[i, j]["x"]
    return s


@pytest.mark.parametrize("kind", sorted(DTYPES))
@pytest.mark.parametrize("fn", [read_sum, write_fields, write_positions, record_local, iterate],
                         ids=lambda f: f.__name__)
def test_fields(kind, fn):
    same_as_numpy(fn, filled(DTYPES[kind]))


@pytest.mark.parametrize("kind", sorted(DTYPES))
@pytest.mark.parametrize("i", [0, 2, -1])
def test_positions(kind, i):
    same_as_numpy(read_positions, filled(DTYPES[kind]), i)


@pytest.mark.parametrize("kind", sorted(DTYPES))
def test_two_d_and_views(kind):
    a = filled(DTYPES[kind], 12).reshape(3, 4)
    same_as_numpy(two_d, a)
    same_as_numpy(two_d, a[:, ::2])
    same_as_numpy(read_sum, filled(DTYPES[kind], 12)[::-3])


def mixed_fields(a):
    a[1]["a"] = -7
    a[2]["b"] = a[4]["b"] + np.uint64(1)
    a[3]["c"] = 0.1
    a[0]["z"] = a[1]["z"] * 2j
    a[4]["d"] = -32000
    return a[2]["b"], a[3]["c"], a[0]["z"], a[1]["a"]


def test_field_types():
    same_as_numpy(mixed_fields, mixed())


def attr_read(a):
    s = 0.0
    for i in range(a.shape[0]):
        if a[i].ok:
            s += a[i].x * a[i].y
    return s


def attr_write(a):
    for i in range(a.shape[0]):
        a[i].x = a[i].x * 2 + i
        a[i].y += 7
        a[i].ok = a[i].y > 0
    return a[0].x


@pytest.mark.parametrize("kind", sorted(DTYPES))
def test_attributes(kind):
    same_as_numpy(read_sum, filled(DTYPES[kind]), compiled=pyrite.njit(attr_read))
    same_as_numpy(write_fields, filled(DTYPES[kind]), compiled=pyrite.njit(attr_write))


# --- records as arguments and results --------------------------------------------------------

def scale(r, k):
    r["x"] = r["x"] * k
    return r["y"] + k


def second(a):
    return a[1]


def records_of(a):
    return [a[i] for i in range(1, a.shape[0], 2)]


def pair(a):
    return a[0], a[0]["x"]


@pytest.mark.parametrize("kind", sorted(DTYPES))
def test_record_arguments_and_results(kind):
    a, b = filled(DTYPES[kind]), filled(DTYPES[kind])
    want = scale(a[2], 3)
    got = pyrite.njit(scale)(b[2], 3)     # np.void from indexing is a view: written through
    assert got == want
    check(b, a)
    same_as_numpy(second, filled(DTYPES[kind]))
    same_as_numpy(records_of, filled(DTYPES[kind]))
    same_as_numpy(pair, filled(DTYPES[kind]))


def local_array_record(n):
    a = np.zeros(n, ALIGNED)
    a[1]["x"] = 7.5
    return a[1]


def record_outlives_name(n):
    a = np.zeros(n, ALIGNED)
    a[0]["x"] = 3.0
    r = a[0]
    a = np.zeros(n, ALIGNED)          # the first array's last name goes
    junk = np.ones(1000)
    return r["x"] + junk[0] + a[0]["x"]


def records_of_local_arrays(n):
    out = []
    for k in range(3):
        a = np.zeros(n, ALIGNED)
        a[0]["y"] = k
        out.append(a[0])
    return out


@pytest.mark.parametrize("fn", [local_array_record, record_outlives_name,
                                records_of_local_arrays], ids=lambda f: f.__name__)
def test_record_keeps_its_array_alive(fn):
    # A record holds a reference to its array, as a view does: these read
    # freed memory if it did not (Numba's record_outlives_name gives 1.0).
    same_as_numpy(fn, 4)


# --- field views, creation, copies, element assignment ------------------------------------------

def field_view(a):
    return a["x"]


def field_view_write(a):
    v = a["y"]
    for i in range(v.shape[0]):
        v[i] = i * i
    return a["y"].sum() + a["x"].sum()


def field_view_math(a):
    return np.sqrt(np.abs(a["x"])) + a["y"]


def zeros_filled(n):
    a = np.zeros(n, ALIGNED)
    for i in range(n):
        a[i]["x"] = i / 4
        a[i]["y"] = -i
    return a


def empty_shape(n):
    return np.empty((n, 2), PACKED).shape


def copies(a):
    b = a.copy()
    c = np.copy(a)
    b[0]["x"] = 100.0
    c[1]["y"] = 100
    return a, b, c


def like(a):
    z = np.zeros_like(a)
    e = np.empty_like(a)
    return z, e.shape


def copy_elements(a, b):
    a[0] = b[3]
    a[2] = a[1]
    a[1:3] = b[4:]
    return a


@pytest.mark.parametrize("kind", sorted(DTYPES))
@pytest.mark.parametrize("fn", [field_view, field_view_write, field_view_math, copies, like],
                         ids=lambda f: f.__name__)
def test_views_and_copies(kind, fn):
    same_as_numpy(fn, filled(DTYPES[kind]))


def test_field_view_strides():
    a = filled(PACKED)
    got = pyrite.njit(field_view)(a)
    assert got.strides == a["x"].strides and got.base is not None
    got[2] = 42.0                        # a view of the argument
    assert a[2]["x"] == 42.0


@pytest.mark.parametrize("fn,arg", [(zeros_filled, 5), (empty_shape, 3)],
                         ids=["zeros", "empty"])
def test_creation(fn, arg):
    same_as_numpy(fn, arg)


@pytest.mark.parametrize("kind", sorted(DTYPES))
def test_copy_elements(kind):
    same_as_numpy(copy_elements, filled(DTYPES[kind]), filled(DTYPES[kind])[::-1].copy())


def test_returned_views_are_the_arrays():
    a = filled(ALIGNED)
    assert pyrite.njit(lambda a: a)(a) is a
    tail = pyrite.njit(lambda a: a[2:])(a)
    check(tail, a[2:])
    tail[0]["y"] = 55
    assert a[2]["y"] == 55


# --- read-only arrays and what is refused ----------------------------------------------------------

def test_read_only():
    a = filled(PACKED)
    a.flags.writeable = False
    same_as_numpy(read_sum, a)

    def write_attr(a):
        a[0].x = 1.0

    def write_item(a):
        a[0]["x"] = 1.0

    def write_view(a):
        a["x"][0] = 1.0

    for fn in (write_attr, write_item, write_view):
        with pytest.raises(TypingError, match="read-only"):
            pyrite.njit(fn)(a)


def bad_field(a):
    return a[0]["nope"]


def bad_attr(a):
    return a[0].nope


def bad_position(a):
    return a[0][3]


def add_one(a):
    return a + 1


def sort(a):
    return np.sort(a)


def ones(n):
    return np.ones(n, PACKED)


def store_number(a):
    a[0] = 5


def store_string(a):
    a[0]["x"] = "text"


def fancy(a):
    return a[np.array([0, 1])]


def fancy_2d(a):
    return a[np.array([0, 1]), ...]


def store_fancy(a):
    a[np.array([0, 1])] = a[2:4]


def store_mask(a):
    a[a["y"] > 0] = a[:1]


@pytest.mark.parametrize("fn,match", [
    (bad_field, "no field of name 'nope'"), (bad_attr, "nope"), (bad_position, "out of range"),
    (add_one, "unsupported operand"), (sort, "numpy.sort"), (store_number, "record of its dtype"),
    (store_string, "cannot store"), (fancy, "not supported yet"),
    (fancy_2d, "not supported yet"), (store_fancy, "index array or mask"), (store_mask, "index array or mask")], ids=lambda x: getattr(x, "__name__", "m"))
def test_refused_with_a_typing_error(fn, match):
    with pytest.raises(TypingError, match=match):
        pyrite.njit(fn)(filled(PACKED))


def test_ones_refused():
    with pytest.raises(TypingError, match="structured arrays"):
        pyrite.njit(ones)(3)


def test_unsupported_dtypes_refused():
    text = np.zeros(3, [("name", "U5")])
    records_subarray = np.zeros(3, [("p", [("x", np.float64)], (2,)), ("y", np.int32)])
    for a in (text, records_subarray):
        with pytest.raises(TypingError, match="does not support arrays of dtype"):
            pyrite.njit(lambda a: len(a))(a)


def test_record_type_objects():
    from pyrite import types
    from pyrite.np.numpy_support import as_dtype, from_dtype
    t = from_dtype(ALIGNED)
    assert isinstance(t, types.Record) and t.dtype == ALIGNED and t.size == 16
    assert t.fields["y"] == (types.int32, 8) and as_dtype(t) == ALIGNED
    assert str(t) == "Record(x[type=float64;offset=0],y[type=int32;offset=8]," \
                     "ok[type=bool;offset=12];16;True)"
    f = pyrite.njit(second)
    f(filled(ALIGNED))
    assert str(f.nopython_signatures[0].return_type) == str(t)


def test_read_only_record_arguments():
    a = filled(PACKED)
    a.flags.writeable = False
    with pytest.raises(TypingError, match="read-only"):
        pyrite.njit(attr_write)(a[0:1])
    with pytest.raises(TypingError, match="read-only"):
        pyrite.njit(scale)(a[1], 2.0)                     # an np.void of a read-only array
    assert pyrite.njit(lambda r: r["y"] * 2)(a[1]) == a[1]["y"] * 2


def whole_fields(a, ys):
    a["x"] = 0.5
    a["y"] = ys
    a["ok"] = False
    return a


@pytest.mark.parametrize("kind", sorted(DTYPES))
def test_whole_field_assignment(kind):
    same_as_numpy(whole_fields, filled(DTYPES[kind]), np.arange(6, dtype=np.int64) * 7)


def shuffled(a):
    np.random.seed(3)
    b = a.copy()
    np.random.shuffle(b)
    return b, np.random.permutation(a)


def test_shuffle_and_permutation_move_whole_records():
    a = filled(ALIGNED, 9)
    for got, want in zip(pyrite.njit(shuffled)(a), shuffled(a)):
        check(got, want)


def list_of_records(n):
    a = np.zeros(n, ALIGNED)
    items = [a[0], a[1]]
    items.append(a[2])
    return len(items)


def test_lists_of_records_release_their_arrays():
    from pyrite import _core
    f = pyrite.njit(list_of_records)
    f(10)
    before = _core.live_allocations()
    for _ in range(50):
        assert f(100) == 3
    assert _core.live_allocations() == before


TITLED = np.dtype([(("the x", "x"), np.float64), ("y", np.float64)])
PLAIN = np.dtype([("x", np.float64), ("y", np.float64)])
PLAIN_ALIGNED = np.dtype([("x", np.float64), ("y", np.float64)], align=True)


def test_dtypes_alike_but_for_titles_and_alignment_stay_apart():
    copy = pyrite.njit(lambda a: a.copy())
    for dt in (TITLED, PLAIN, PLAIN_ALIGNED, PLAIN, TITLED):
        got = copy(np.zeros(2, dt))
        assert got.dtype == dt and got.dtype.isalignedstruct == dt.isalignedstruct
        assert got.dtype.fields == dt.fields


# --- nested records --------------------------------------------------------------------

POINT = np.dtype([("x", np.float64), ("y", np.float32)])
NESTED = {"packed": np.dtype([("p", POINT), ("n", np.int16), ("q", POINT)]),
          "aligned": np.dtype([("n", np.int8), ("p", np.dtype(POINT, align=True)),
                               ("q", POINT)], align=True),
          "deep": np.dtype([("n", np.int16), ("p", POINT),
                            ("q", [("x", np.float64), ("y", np.float32),
                                   ("inner", [("k", np.int64)])])])}


def nested_filled(dtype, n=5):
    a = np.zeros(n, dtype)
    a["p"]["x"] = np.linspace(-2.0, 3.0, n)
    a["p"]["y"] = np.arange(n) * 0.5
    a["q"]["x"] = np.arange(n) * 10.0
    a["q"]["y"] = -np.arange(n, dtype=np.float32)
    a["n"] = np.arange(n) - 1
    if "inner" in dtype["q"].names:
        a["q"]["inner"]["k"] = np.arange(n) * 7
    return a


def nested_read(a, i):
    return a[i]["p"]["x"] * 2 + a[i]["q"]["y"] + a[i]["n"]


def nested_read_attr(a, i):
    return a[i].p.x * 2 + a[i].q.y + a[i].n


def nested_write(a):
    a[0]["p"]["y"] = 9.5
    r = a[1]
    r["q"]["x"] = -4.0
    a[2]["q"] = a[3]["p"]             # a whole nested record: its bytes (same dtype)
    return a


def nested_write_attr(a):
    a[0].p.y = 9.5
    r = a[1]
    r.q.x = -4.0
    a[2].q = a[3].p
    return a


def nested_sum(a):
    s = 0.0
    for r in a:
        s += r["p"]["x"] * r["q"]["x"] + r["p"]["y"]
    return s


def nested_views(a):
    return a["p"]["x"].sum() + a["q"]["y"][::2].sum() + a["p"].shape[0]


def nested_result(a):
    return a[3]["p"]


@pytest.mark.parametrize("name", NESTED)
def test_nested_records_read(name):
    a = nested_filled(NESTED[name])
    for i in range(len(a)):
        want = nested_read(a, i)
        assert pyrite.njit(nested_read)(a, i) == want
        assert pyrite.njit(nested_read_attr)(a, i) == want
    assert pyrite.njit(nested_sum)(a) == nested_sum(a)
    assert pyrite.njit(nested_views)(a) == nested_views(a)
    got, want = pyrite.njit(nested_result)(a), nested_result(a)
    assert got.dtype == want.dtype and got == want


@pytest.mark.parametrize("name", ["packed", "aligned"])
@pytest.mark.parametrize("fn", [nested_write, nested_write_attr])
def test_nested_records_write(name, fn):
    dtype = NESTED[name]
    if dtype["p"] != dtype["q"]:       # (the aligned dtype's p and q differ in layout)
        dtype = np.dtype([("p", POINT), ("n", np.int16), ("q", POINT)], align=True)
    got, want = nested_filled(dtype), nested_filled(dtype)
    pyrite.njit(fn)(got)
    nested_write(want)
    np.testing.assert_array_equal(got, want)


def test_nested_deep_and_read_only():
    a = nested_filled(NESTED["deep"])
    assert pyrite.njit(lambda a: a[4].q.inner.k + a[1]["q"]["inner"]["k"])(a) == 35
    a.flags.writeable = False
    with pytest.raises(TypingError, match="read-only"):
        pyrite.njit(nested_write_attr)(a)
    with pytest.raises(TypingError, match="read-only"):
        pyrite.njit(nested_write)(a)


def test_nested_record_store_refused():
    def store_number(a):
        a[0].p = 1.0
    with pytest.raises(TypingError, match="cannot store float64 into field 'p'"):
        pyrite.njit(store_number)(nested_filled(NESTED["packed"]))


# --- sub-array fields -------------------------------------------------------------------

SUBARRAY = {"packed": np.dtype([("v", np.float64, (3,)), ("n", np.int32),
                                ("m", np.int16, (2, 2))]),
            "aligned": np.dtype([("n", np.int8), ("v", np.float64, (3,)),
                                 ("m", np.int16, (2, 2))], align=True),
            "nested": np.dtype([("n", np.int8), ("v", np.float64, (3,)),
                                ("m", np.int16, (2, 2)),
                                ("inner", [("w", np.float32, (4,))])])}


def subarray_filled(dtype, n=4):
    a = np.zeros(n, dtype)
    a["v"] = np.arange(n * 3.0).reshape(n, 3) - 2.5
    a["m"] = np.arange(n * 4).reshape(n, 2, 2) * 3 - 7
    a["n"] = np.arange(n)
    if "inner" in dtype.names:
        a["inner"]["w"] = np.arange(n * 4.0).reshape(n, 4) / 2
    return a


def sub_read(a, i):
    return a[i]["v"][2] + a[i]["m"][1, 0] * 100 + a[i]["v"].sum() + a[i]["m"][:, 1].sum()


def sub_read_attr(a, i):
    return a[i].v[2] + a[i].m[1, 0] * 100 + a[i].v.sum() + a[i].m[:, 1].sum()


def sub_write(a):
    a[0]["v"][1] = -5.0
    a[1]["v"] = 7.0
    a[2]["m"] = np.array([[1, 2], [3, 4]])
    a[3]["v"] = a[0]["v"] * 2
    a[1]["m"][0] = 9
    return a


def sub_write_attr(a):
    a[0].v[1] = -5.0
    a[1].v = 7.0
    a[2].m = np.array([[1, 2], [3, 4]])
    a[3].v = a[0].v * 2
    a[1].m[0] = 9
    return a


def sub_views(a):
    return a["v"].sum(axis=0), a["m"][:, 1, :].copy(), a["v"][::2, 1].copy(), a["m"].shape


def sub_field_assign(a):
    a["v"] = 1.5
    a["m"][1:] = np.array([[4, 5], [6, 7]])
    return a


def sub_kept(a):
    return a[2]["v"]                  # a view of the element: it keeps the array alive


@pytest.mark.parametrize("name", SUBARRAY)
def test_subarray_fields_read(name):
    a = subarray_filled(SUBARRAY[name])
    for i in range(len(a)):
        want = sub_read(a, i)
        assert pyrite.njit(sub_read)(a, i) == want
        assert pyrite.njit(sub_read_attr)(a, i) == want
    for got, want in zip(pyrite.njit(sub_views)(a), sub_views(a)):
        np.testing.assert_array_equal(got, want)
    got = pyrite.njit(sub_kept)(subarray_filled(SUBARRAY[name]))
    np.testing.assert_array_equal(got, sub_kept(a))
    if name == "nested":
        assert pyrite.njit(lambda a: a[3].inner.w[1] + a["inner"]["w"].sum())(a) == \
            a[3]["inner"]["w"][1] + a["inner"]["w"].sum()


@pytest.mark.parametrize("name", SUBARRAY)
@pytest.mark.parametrize("fn", [sub_write, sub_write_attr, sub_field_assign])
def test_subarray_fields_write(name, fn):
    got, want = subarray_filled(SUBARRAY[name]), subarray_filled(SUBARRAY[name])
    pyrite.njit(fn)(got)
    (sub_field_assign if fn is sub_field_assign else sub_write)(want)
    np.testing.assert_array_equal(got, want)


def test_subarray_fields_read_only_and_refused():
    a = subarray_filled(SUBARRAY["packed"])
    a.flags.writeable = False
    for fn in (sub_write, sub_write_attr):
        with pytest.raises(TypingError, match="read-only"):
            pyrite.njit(fn)(a)

    def store_2d(a):
        a[0].v = np.ones((2, 3))
    with pytest.raises(TypingError, match="cannot store"):
        pyrite.njit(store_2d)(subarray_filled(SUBARRAY["packed"]))


def test_subarray_type_objects():
    from pyrite import types
    t = types.Record(SUBARRAY["packed"])
    assert str(t.fields["m"][0]) == "nestedarray(int16, (2, 2))"
    f = pyrite.njit(lambda a: a[0])
    f(subarray_filled(SUBARRAY["packed"]))
    assert str(f.nopython_signatures[0].return_type) == str(t)
