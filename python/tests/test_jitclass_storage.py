"""What @jitclass instances keep: arrays, text, lists and dicts stored in
attributes own their memory (lower_types.cpp: owned) and outlive the
Python objects they came from; instances in lists and dicts; attributes
never assigned. Every test checks that nothing leaks, and drops the Python
objects before reading what was stored."""
import gc

import numpy as np
import pytest

from pyrite import int64, njit, typed
from pyrite import types
from pyrite.experimental import jitclass

from jitclass_classes import Bag, Counter, Point, PyCounter, PyPoint

pytestmark = pytest.mark.usefixtures("no_leaks")

def test_array_attribute_is_shared_with_the_caller():
    b = Bag(3)
    a = b.array
    b.increment(1.0)
    np.testing.assert_array_equal(a, [1.0, 1.0, 1.0])


def test_an_array_from_python_stays_alive_in_an_attribute():
    b = Bag(1)
    b.array = np.arange(5, dtype=np.float32) * 2
    gc.collect()
    np.testing.assert_array_equal(b.array, [0, 2, 4, 6, 8])
    b.increment(1)
    np.testing.assert_array_equal(b.array, [1, 3, 5, 7, 9])


def test_an_array_argument_stored_in_compiled_code_is_shared_and_kept():
    @njit
    def keep(b, a):
        b.array = a[1:]
    b, a = Bag(1), np.zeros(4, dtype=np.float32)
    keep(b, a)
    b.increment(2)
    np.testing.assert_array_equal(a, [0, 2, 2, 2])   # a view of the caller's array
    del a
    gc.collect()
    np.testing.assert_array_equal(b.array, [2, 2, 2])


def test_arrays_appended_to_a_list_attribute_are_kept():
    @jitclass([("rows", types.List(types.float64[::1]))])
    class Rows:
        def __init__(self):
            self.rows = [np.zeros(1)]
            self.rows.pop()

        def add(self, row):
            self.rows.append(row)

        def total(self):
            s = 0.0
            for r in self.rows:
                s += r.sum()
            return s
    rows = Rows()
    for k in range(3):
        rows.add(np.full(4, float(k)))
    gc.collect()
    assert rows.total() == 4 * (0 + 1 + 2)


def test_str_attribute_outlives_the_python_string():
    @jitclass([("name", types.unicode_type), ("names", types.List(types.unicode_type))])
    class Person:
        def __init__(self, name):
            self.name = name
            self.names = [name]

        def add(self, other):
            self.names.append(other)

        def joined(self):
            return ",".join(self.names)
    p = Person("".join(["al", "ice"]))   # a str nothing else keeps
    for k in range(3):
        p.add(f"friend{k}")
    gc.collect()
    assert p.name == "alice"
    assert p.joined() == "alice,friend0,friend1,friend2"


def test_list_and_dict_arguments_stored_in_attributes_are_copies():
    @jitclass([("items", types.List(int64)), ("index", types.DictType(int64, int64))])
    class Store:
        def __init__(self, items, index):
            self.items = items
            self.index = index

        def add(self, k):
            self.items.append(k)
            self.index[k] = 10 * k

        def sizes(self):
            return len(self.items), len(self.index)
    items, index = [1], typed.Dict.empty(types.int64, types.int64)
    s = Store(items, index)
    s.add(2)
    items.append(3)
    del items, index
    gc.collect()
    assert s.sizes() == (2, 1)
    assert s.items == [1, 2] and dict(s.index) == {2: 20}


def test_one_character_slices_of_a_python_string_are_kept():
    @jitclass([("tokens", types.List(types.unicode_type))])
    class Tokens:
        def __init__(self):
            self.tokens = [""]
            self.tokens.pop()

        def add_all(self, text):
            for t in text.split():
                self.tokens.append(t)
            self.tokens.append(text[0:1])
    t = Tokens()
    t.add_all("".join(["a b ", "cc d"]))   # a str nothing else keeps
    gc.collect()
    garbage = "".join(["x"] * 100)          # reuses freed memory, if any
    assert t.tokens == ["a", "b", "cc", "d", "a"] and garbage


def test_nested_lists_from_python_stored_in_an_attribute_are_copies():
    @jitclass([("rows", types.List(types.List(int64)))])
    class Grid:
        def __init__(self):
            self.rows = [[0]]
            self.rows.pop()

        def add(self, row):
            self.rows.append(row)

        def total(self):
            s = 0
            for r in self.rows:
                for v in r:
                    s += v
            return s
    g = Grid()
    row = [1, 2, 3]
    g.add(row)
    row.append(100)
    del row
    gc.collect()
    assert g.total() == 6 and g.rows == [[1, 2, 3]]


def test_an_array_attribute_from_python_is_that_array():
    a = np.zeros(3, dtype=np.float32)
    b = Bag(1)
    b.array = a
    assert b.array is a


def test_typed_containers_as_attributes():
    text = "a b a c b a"

    @njit
    def count(text):
        c = Counter()
        for w in text.split():
            c.add(w)
        return c
    c, p = count(text), PyCounter()
    for w in text.split():
        p.add(w)
    assert dict(c.counts) == dict(p.counts)
    assert list(c.words) == list(p.words)
    assert c.total == p.total and c.most() == p.most()


def test_reference_attribute_never_assigned_raises_attribute_error():
    @jitclass([("items", types.List(int64)), ("n", int64)])
    class Lazy:
        def __init__(self):
            self.n = 1

        def first(self):
            return self.items[0]
    lazy = Lazy()
    with pytest.raises(AttributeError, match="'Lazy' object has no attribute 'items'"):
        lazy.first()
    with pytest.raises(AttributeError, match="has no attribute 'items'"):
        lazy.items


def test_unset_str_attribute_raises_attribute_error():
    @jitclass([("s", types.unicode_type)])
    class Lazy:
        def __init__(self):
            pass
    with pytest.raises(AttributeError, match="has no attribute 's'"):
        Lazy().s


def test_instance_survives_its_maker():
    @njit
    def inner():
        return Point(5.0, 6.0)

    @njit
    def outer():
        p = inner()
        q = p
        p = Point(0.0)
        return q.y + p.x
    assert outer() == 6.0


def test_reflected_list_of_instances():
    @njit
    def f(pts):
        s = 0.0
        for q in pts:
            s += q.x
        pts.append(Point(100.0))
        pts[0].x = -1.0
        return s
    lst = [Point(1.0, 2.0), Point(3.0)]
    first = lst[0]
    assert f(lst) == 4.0
    assert len(lst) == 3 and lst[-1].x == 100.0
    assert first.x == -1.0


def test_typed_list_and_dict_of_instances():
    pts = typed.List()
    for i in range(3):
        pts.append(Point(float(i)))

    @njit
    def f(pts):
        d = {}
        for p in pts:
            d[int(p.x)] = p
        return d[2].x + len(d)
    assert f(pts) == 2.0 + 3


def test_list_of_instances_made_in_compiled_code():
    @njit
    def total(n):
        pts = [Point(float(i), float(i)) for i in range(n)]
        s = 0.0
        for q in pts:
            s += q.norm()
        return s, pts
    s, pts = total(4)
    expected = 0.0
    for i in range(4):   # (sum() compensates its rounding since 3.12: a loop is the reference)
        expected += PyPoint(float(i), float(i)).norm()
    assert s == expected
    assert [p.x for p in pts] == [0.0, 1.0, 2.0, 3.0]
