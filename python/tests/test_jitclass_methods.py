"""@jitclass special methods and what Python asks of objects: operators,
comparisons, truth, items, getattr, is, isinstance and type(), compiled and
from Python, compared with the plain class run by CPython."""
import numpy as np
import pytest

from pyrite import int64, njit
from pyrite import types
from pyrite.experimental import jitclass

from jitclass_classes import Bag, Point, PyVec, Vec

pytestmark = pytest.mark.usefixtures("no_leaks")

@pytest.mark.parametrize("op", [
    lambda a, b: (a + b).x, lambda a, b: (a - b).y, lambda a, b: (a * 2.0).x,
    lambda a, b: (3.0 * b).y, lambda a, b: (-a).x, lambda a, b: a == b,
    lambda a, b: a < b, lambda a, b: b < a, lambda a, b: len(a), lambda a, b: a[1],
    lambda a, b: 2.0 in a, lambda a, b: 5.0 in a, lambda a, b: abs(b),
])
def test_special_methods_match_python(op):
    compiled = njit(op)
    expected = op(PyVec(1.0, 2.0), PyVec(3.0, 4.0))
    assert compiled(Vec(1.0, 2.0), Vec(3.0, 4.0)) == expected
    assert op(Vec(1.0, 2.0), Vec(3.0, 4.0)) == expected  # the methods from Python


def test_truth_of_instances():
    @jitclass([("n", int64)])
    class Down:
        def __init__(self, n):
            self.n = n

        def __bool__(self):
            return self.n > 0

    @jitclass([("n", int64)])
    class Sized:
        def __init__(self, n):
            self.n = n

        def __len__(self):
            return self.n

    @njit
    def countdown(c):
        k = 0
        while c:
            c.n -= 1
            k += 1
        return k

    @njit
    def truths(s, p):
        return (1 if s else 0), not s, bool(s), (1 if p else 0)
    assert countdown(Down(3)) == 3
    assert truths(Sized(0), Point(0.0)) == (0, True, False, 1)   # no __bool__: true
    assert truths(Sized(2), Point(0.0)) == (1, False, True, 1)


def test_setitem_and_ne_in_compiled_code():
    @jitclass([("data", types.float64[::1])])
    class Buf:
        def __init__(self, n):
            self.data = np.zeros(n)

        def __setitem__(self, i, v):
            self.data[i] = v

        def __getitem__(self, i):
            return self.data[i]

    @njit
    def fill(b):
        for i in range(3):
            b[i] = i * 1.5
        return b[2]
    assert fill(Buf(3)) == 3.0

    @njit
    def differ(a, b):
        return a != b, a != a
    assert differ(Vec(1.0, 2.0), Vec(1.0, 3.0)) == (True, False)


def test_getattr_with_a_constant_name():
    @njit
    def f(p):
        return getattr(p, "y")
    assert f(Point(1.0, 7.0)) == 7.0


def test_type_of_an_instance_is_its_class():
    @njit
    def clone(p):
        return type(p)(p.x + 1.0, p.y)
    q = clone(Point(1.0, 2.0))
    assert type(q) is Point and (q.x, q.y) == (2.0, 2.0)


def test_is_and_is_not():
    @njit
    def same(a, b):
        return a is b, a is not b
    p = Point(1.0)
    assert same(p, p) == (True, False)
    assert same(p, Point(1.0)) == (False, True)


def test_isinstance_in_compiled_code():
    @njit
    def f(p, b):
        return isinstance(p, Point), isinstance(b, Point), isinstance(b, (Point, Bag))
    assert f(Point(1.0), Bag(1)) == (True, False, True)
