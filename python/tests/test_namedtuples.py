"""namedtuples in compiled code: arguments, results, fields by name,
construction (positional and by keyword), and the tuple operations they
inherit; each case compares with CPython."""
from collections import namedtuple
from typing import NamedTuple

import pytest

from pyrite import njit, typeof
from pyrite.errors import TypingError

Point = namedtuple("Point", ["x", "y"])
Particle = namedtuple("Particle", "name mass position")


class Interval(NamedTuple):
    lo: float
    hi: float


def test_fields_by_name_and_index():
    def f(p):
        return p.x + p.y, p[0] * p[1], len(p)
    assert njit(f)(Point(2.0, 3.5)) == f(Point(2.0, 3.5))


def test_result_is_the_namedtuple_class():
    @njit
    def f(x, y):
        return Point(x, y)
    r = f(1, 2.5)
    assert r == Point(1, 2.5) and type(r) is Point and r.y == 2.5


def test_keyword_construction():
    def f(x):
        return Point(y=x * 2, x=x), Point(x, y=0)
    assert njit(f)(3) == f(3)
    assert all(type(p) is Point for p in njit(f)(3))


def test_heterogeneous_fields():
    def f(p):
        return p.name + "!", p.mass * 2, p.position[1]
    p = Particle("e", 0.5, (1.0, 2.0))
    assert njit(f)(p) == f(p)


def test_typing_namedtuple_class():
    def f(a, b):
        return Interval(min(a.lo, b.lo), max(a.hi, b.hi))
    r = njit(f)(Interval(1.0, 2.0), Interval(0.5, 1.5))
    assert r == f(Interval(1.0, 2.0), Interval(0.5, 1.5)) and type(r) is Interval


def test_unpacking_iteration_and_comparison():
    def f(p, q):
        x, y = p
        total = 0.0
        for v in p:
            total += v
        return x - y, total, p == q, p < q, p + q
    assert njit(f)(Point(1.0, 2.0), Point(1.0, 3.0)) == f(Point(1.0, 2.0), Point(1.0, 3.0))


def test_namedtuples_in_lists_and_dict_values():
    def f(n):
        pts = []
        for i in range(n):
            pts.append(Point(i, i * i))
        d = {}
        for p in pts:
            d[p.x] = p
        return d[2].y, sum([p.y for p in pts])
    assert njit(f)(4) == f(4)


def test_typeof():
    t = typeof(Point(1, 2.0))
    assert "Point" in str(t) and t.fields == ("x", "y")


def test_unknown_field_is_a_typing_error():
    @njit
    def f(p):
        return p.z
    with pytest.raises(TypingError, match="unknown attribute 'z'"):
        f(Point(1, 2))


def test_wrong_argument_count_is_a_typing_error():
    @njit
    def f(x):
        return Point(x)
    with pytest.raises(TypingError, match=r"Point\(\) takes 2 arguments"):
        f(1)


# --- found in review ------------------------------------------------------------------

def test_none_before_another_item_in_a_tuple():
    def f(v):
        return (None, v), (v, None, v)
    assert njit(f)(5) == f(5)
    assert njit(f)("abc") == f("abc")
    assert njit(lambda p: p.y)(Point(None, 1)) == 1


def test_list_field_changed_in_place_is_written_back():
    @njit
    def f(p):
        p.x.append(5)
        p.x[0] = 9
        return len(p.x)
    p = Point([1, 2], 0)
    assert f(p) == 3 and p == Point([9, 2, 5], 0)


def test_isinstance_of_a_namedtuple_class():
    @njit
    def f(p, x):
        return isinstance(p, Point), isinstance(x, Point), isinstance(p, Interval)
    assert f(Point(1, 2), 1.0) == (True, False, False)


def test_namedtuple_global_keeps_its_class():
    @njit
    def f():
        return ORIGIN, ORIGIN.y
    r = f()
    assert r == (Point(0, 0.5), 0.5) and type(r[0]) is Point


ORIGIN = Point(0, 0.5)


def test_optional_field():
    def f(v, c):
        return Point(v if c else None, 1)
    for c in (True, False):
        assert njit(f)(1.5, c) == f(1.5, c)


def test_class_attributes_are_a_clear_error():
    @njit
    def f():
        return Point._fields
    with pytest.raises(TypingError, match="_fields"):
        f()
