"""@jitclass (numba.experimental.jitclass): attributes, methods, properties,
static methods, instances passed to and from compiled code, and what is
refused. Each class is written once as plain Python
(tests/jitclass_classes.py); the tests run the same operations on the plain
class (CPython is the reference) and on its jitclass. Where Numba's
semantics differ from CPython's (integer attributes wrap around at their
width), the expected value says so. Every test checks that nothing leaks."""
from collections import OrderedDict

import numpy as np
import pytest

from pyrite import float64, int64, njit
from pyrite import types
from pyrite.errors import TypingError
from pyrite.experimental import jitclass

from jitclass_classes import Bag, Holder, Node, Point, PyBag, PyNode, PyPoint

pytestmark = pytest.mark.usefixtures("no_leaks")

def test_constructed_in_python_reads_its_attributes():
    b = Bag(5)
    assert b.value == 5
    assert b.array.dtype == np.float32 and b.array.shape == (5,)
    assert b.size == 5
    assert isinstance(b, Bag) and not isinstance(PyBag(2), Bag)


def test_method_results_match_python():
    b, p = Bag(4), PyBag(4)
    np.testing.assert_array_equal(b.increment(2.5), p.increment(2.5))
    np.testing.assert_array_equal(b.increment(1), p.increment(1))


def test_attribute_assignment_from_python():
    b = Bag(2)
    b.value = 9
    assert b.value == 9
    b.array = np.arange(4, dtype=np.float32)
    assert b.size == 4


def test_assigning_a_value_of_another_type_from_python_is_a_type_error():
    b = Bag(1)
    with pytest.raises(TypeError, match="cannot assign a str to attribute 'value' of PyBag, "
                                        "which holds int32"):
        b.value = "x"
    assert b.value == 1


def test_integer_attribute_wraps_at_its_width_as_in_numba():
    b = Bag(1)
    b.value = 2**31 + 5
    assert b.value == np.int32(np.int64(2**31 + 5).astype(np.int32))


def test_float32_attribute_rounds():
    b = Bag(1)
    b.array = np.array([0.1], dtype=np.float32)
    assert b.array[0] == np.float32(0.1)


def test_static_method_from_python_class_and_instance():
    assert Bag.add(2, 3) == PyBag.add(2, 3)
    assert Bag(1).add(1.5, 2) == 3.5


def test_static_method_in_compiled_code():
    @njit
    def f(b):
        return Bag.add(1, 2) + b.add(3, 4)
    assert f(Bag(1)) == 10


def test_annotations_give_the_attributes():
    p, q = Point(3.0, 4.0), PyPoint(3.0, 4.0)
    assert p.norm() == q.norm()
    assert (p.x, p.y) == (q.x, q.y)


def test_keyword_only_and_default_arguments_of_methods():
    p, q = Point(1.0, 2.0), PyPoint(1.0, 2.0)
    assert p.scaled() == q.scaled()
    assert p.scaled(3.0, shift=1.0) == q.scaled(3.0, shift=1.0)

    @njit
    def f(p):
        return p.scaled(shift=0.5) + p.scaled(4.0)
    assert f(p) == q.scaled(shift=0.5) + q.scaled(4.0)


def test_default_and_keyword_arguments_of_init_and_methods():
    assert Point(2.0).y == PyPoint(2.0).y == 0.0
    p = Point(x=1.0, y=5.0)
    assert (p.x, p.y) == (1.0, 5.0)

    @njit
    def f():
        a = Point(1.0)
        b = Point(y=2.0, x=3.0)
        return a.y + b.x * 10 + b.y * 100
    assert f() == 0.0 + 30 + 200


def test_integer_argument_into_float_attribute():
    p = Point(3, 4)
    assert p.x == 3.0 and isinstance(p.x, float)


def test_property_getter_and_setter():
    p = Point(1.0, 2.0)
    assert p.first == 1.0
    p.first = 7.0
    assert p.x == 7.0

    @njit
    def f(p):
        p.first = p.first + 1.0
        return p.first
    assert f(p) == 8.0 and p.x == 8.0


def test_spec_as_dict_and_ordered_dict():
    class A:
        def __init__(self, n):
            self.n = n
            self.f = n / 2
    for spec in ({"n": int64, "f": float64}, OrderedDict([("n", int64), ("f", float64)])):
        a = jitclass(spec)(A)(3)
        assert (a.n, a.f) == (3, 1.5)


def test_jitclass_called_with_class_and_spec():
    class B:
        def __init__(self):
            self.k = 4
    assert jitclass(B, [("k", int64)])().k == 4


def test_class_without_init():
    @jitclass([("k", int64)])
    class Empty:
        def get(self):
            return self.k
    assert Empty().get() == 0


def test_every_kind_of_attribute():
    h = Holder(3)
    assert h.child.norm() == PyPoint(1.0, 2.0).norm()
    assert h.label == "h3" and h.pair == (3, 1.5) and h.tags == {3, 4}
    np.testing.assert_array_equal(h.grid, np.ones((2, 3)))
    assert h.flag is True and h.maybe is None
    h.maybe = 2.5
    assert h.maybe == 2.5

    @njit
    def f(h):
        h.child.moved(1.0, 1.0)
        h.grid[1, 2] = 5.0
        h.tags.add(10)
        return h.child.x + h.grid.sum() + len(h.tags) + h.pair[1]
    assert f(h) == 2.0 + 10.0 + 3 + 1.5
    assert h.child.x == 2.0 and 10 in h.tags


def test_instance_passed_in_and_mutated_is_seen_by_the_caller():
    @njit
    def f(b):
        b.increment(1.5)
        b.value += 1
        return b.value + b.size
    b = Bag(3)
    assert f(b) == 4 + 3
    assert b.value == 4
    np.testing.assert_array_equal(b.array, [1.5, 1.5, 1.5])


def test_instance_made_in_compiled_code_is_returned():
    @njit
    def make(n):
        x = Bag(n)
        x.increment(2)
        return x
    b = make(3)
    assert type(b) is Bag and b.value == 3
    np.testing.assert_array_equal(b.array, [2.0, 2.0, 2.0])


def test_instances_in_a_tuple_result():
    @njit
    def two():
        return Point(1.0, 2.0), Point(3.0)
    a, b = two()
    assert (a.x, a.y, b.x, b.y) == (1.0, 2.0, 3.0, 0.0)


def test_methods_calling_methods_and_recursion():
    @jitclass([("depth", int64)])
    class Tree:
        def __init__(self, depth):
            self.depth = depth

        def count(self):
            if self.depth == 0:
                return 1
            return 1 + 2 * Tree(self.depth - 1).count()
    assert Tree(4).count() == 31


def test_linked_list_through_a_deferred_type():
    @njit
    def build(n):
        head = None
        for i in range(n):
            head = Node(i, head)
        return head
    head = build(10)
    assert head.value == 9 and head.next.value == 8
    assert head.total() == sum(range(10))
    plain = None
    for i in range(10):
        plain = PyNode(i, plain)
    assert plain.total() == head.total()

    @njit
    def walk(node):
        s = 0
        while node is not None:
            s += node.value
            node = node.next
        return s
    assert walk(head) == 45


def test_assigning_an_undeclared_attribute_is_a_typing_error():
    @jitclass([("a", int64)])
    class A:
        def __init__(self):
            self.a = 1
            self.b = 2
    with pytest.raises(TypingError, match=r"jitclass A has no attribute 'b' \(its attributes: a"):
        A()


def test_assigning_a_value_of_another_type_is_a_typing_error():
    @jitclass([("a", int64)])
    class A:
        def __init__(self):
            self.a = 1.5
    with pytest.raises(TypingError, match="cannot store float64 in attribute 'a' of A") as e:
        A()
    assert "self.a = 1.5" in str(e.value)  # the user's line


def test_reading_an_unknown_attribute_is_a_typing_error():
    @njit
    def f(p):
        return p.z
    with pytest.raises(TypingError, match="unknown attribute 'z' of instance.jitclass.PyPoint"):
        f(Point(1.0))


def test_property_without_setter_is_read_only():
    @jitclass([("a", int64)])
    class A:
        def __init__(self):
            self.a = 1

        @property
        def double(self):
            return 2 * self.a

        def set_double(self):
            self.double = 4
    assert A().double == 2
    with pytest.raises(TypingError, match="property 'double' of jitclass A has no setter"):
        A().set_double()


def test_setting_attributes_of_other_objects_is_refused():
    @njit
    def f(a):
        a.shape = (2,)
    with pytest.raises(TypingError, match="cannot set attributes of array"):
        f(np.zeros(2))


@pytest.mark.parametrize("body, message", [
    ("class C:\n    k = 3\n", "class members other than methods"),
    ("class C:\n    @classmethod\n    def make(cls):\n        return 1\n",
     "classmethod 'make' is not supported"),
    ("class C(Exception):\n    pass\n", "inheritance is not supported"),
    ("class C:\n    def __init__(self, **kw):\n        pass\n", r"\*\*kw is not supported"),
    ("class C:\n    x: list\n", "not a type pyrite can give an attribute"),
    ("class C:\n    x: int\n    def x(self):\n        return 1\n",
     "is both an attribute and a method"),
])
def test_class_bodies_pyrite_cannot_compile_are_refused(body, message):
    namespace = {}
    exec(body, namespace)
    with pytest.raises(TypeError, match=message):
        jitclass(namespace["C"])


def test_bad_spec_is_refused():
    class C:
        pass
    with pytest.raises(TypeError, match="must be a list of"):
        jitclass([("a",)])(C)
    with pytest.raises(TypeError, match="not a type pyrite can give"):
        jitclass([("a", "int64")])(C)


def test_an_instance_of_another_class_is_typed_as_such():
    @njit
    def f(p):
        return p.x
    assert f(Point(2.0)) == 2.0
    with pytest.raises(TypingError, match="unknown attribute 'x' of instance.jitclass.PyBag"):
        f(Bag(1))


def test_an_instance_cannot_be_made_without_its_constructor():
    with pytest.raises(TypeError):
        object.__new__(Point)


def test_instances_of_two_classes_of_one_name_stay_apart():
    def make(spec_type):
        class Same:
            def __init__(self, v):
                self.v = v
        return jitclass([("v", spec_type)])(Same)
    A, B = make(int64), make(float64)

    @njit
    def get(o):
        return o.v
    assert get(A(3)) == 3 and get(B(2.5)) == 2.5


def test_subclassing_a_jitclass_is_refused():
    with pytest.raises(TypeError, match="cannot subclass from a jitclass"):
        class Sub(Point):
            pass


def test_attribute_set_through_an_optional_instance():
    @njit
    def append_all(n):
        head = Node(0, None)
        cur = head
        for i in range(1, n):
            cur.next = Node(i, None)
            cur = cur.next
        return head.total()
    assert append_all(10) == 45


def test_integer_and_bool_attributes_take_any_integer():
    @jitclass([("u", types.uint8), ("seen", types.boolean)])
    class Flags:
        def __init__(self, v):
            self.u = v
            self.seen = 0

        def bump(self):
            self.u += 1
            self.seen = 1
    f = Flags(255)
    f.bump()
    assert f.u == 0 and f.seen is True   # uint8 wraps, as in Numba


def test_assigning_a_method_is_refused():
    @njit
    def f(p):
        p.norm = 1.0
    with pytest.raises(TypingError, match="'norm' of jitclass PyPoint: it is a method"):
        f(Point(1.0))
