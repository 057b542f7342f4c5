"""@jitclass (numba.experimental.jitclass): each class is written once as
plain Python; the tests run the same operations on the plain class (CPython
is the reference) and on its jitclass, in Python and in compiled code. Where
Numba's semantics differ from CPython's (integer attributes wrap around at
their width), the expected value says so."""
import gc
from collections import OrderedDict
from typing import Dict, List, Optional, Set, Tuple

import numpy as np
import pytest

from pyrite import _core, deferred_type, float32, float64, int32, int64, njit, optional, typed
from pyrite import types
from pyrite.errors import TypingError
from pyrite.experimental import jitclass


@pytest.fixture(autouse=True)
def no_leaks():
    """Every instance compiled code made is freed once Python drops it."""
    gc.collect()
    before = _core.live_allocations()
    yield
    gc.collect()
    assert _core.live_allocations() == before


# --- the classes, as plain Python ---------------------------------------------------------

class PyBag:
    def __init__(self, value):
        self.value = value
        self.array = np.zeros(value, dtype=np.float32)

    @property
    def size(self):
        return self.array.size

    def increment(self, val):
        for i in range(self.size):
            self.array[i] += val
        return self.array

    @staticmethod
    def add(x, y):
        return x + y


Bag = jitclass([("value", int32), ("array", float32[:])])(PyBag)


class PyPoint:
    x: float
    y: float

    def __init__(self, x, y=0.0):
        self.x = x
        self.y = y

    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    def scaled(self, k=2.0, *, shift=0.0):
        return self.x * k + shift

    def moved(self, dx, dy):
        self.x += dx
        self.y += dy

    @property
    def first(self):
        return self.x

    @first.setter
    def first(self, v):
        self.x = v


Point = jitclass(PyPoint)


class PyCounter:
    counts: Dict[str, int]
    words: List[str]
    total: int

    def __init__(self):
        self.counts = typed.Dict.empty(types.unicode_type, types.int64)
        self.words = typed.List.empty_list(types.unicode_type)
        self.total = 0

    def add(self, word):
        self.counts[word] = self.counts.get(word, 0) + 1
        self.words.append(word)
        self.total += 1

    def most(self):
        best, n = "", 0
        for w, c in self.counts.items():
            if c > n:
                best, n = w, c
        return best


Counter = jitclass(PyCounter)


class PyVec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, o):
        return type(self)(self.x + o.x, self.y + o.y)

    def __sub__(self, o):
        return type(self)(self.x - o.x, self.y - o.y)

    def __mul__(self, k):
        return type(self)(self.x * k, self.y * k)

    def __rmul__(self, k):
        return type(self)(self.x * k, self.y * k)

    def __neg__(self):
        return type(self)(-self.x, -self.y)

    def __eq__(self, o):
        return self.x == o.x and self.y == o.y

    def __lt__(self, o):
        return self.x < o.x or (self.x == o.x and self.y < o.y)

    def __len__(self):
        return 2

    def __getitem__(self, i):
        return self.x if i == 0 else self.y

    def __contains__(self, v):
        return v == self.x or v == self.y

    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5


Vec = jitclass([("x", float64), ("y", float64)])(PyVec)

node_type = deferred_type()


class PyNode:
    def __init__(self, value, next):
        self.value = value
        self.next = next

    def total(self):
        s = 0
        node = self
        while node is not None:
            s += node.value
            node = node.next
        return s


Node = jitclass([("value", int64), ("next", optional(node_type))])(PyNode)
node_type.define(Node.class_type.instance_type)


class PyHolder:
    a: int
    child: Point.class_type.instance_type
    label: str
    pair: Tuple[int, float]
    tags: Set[int]
    grid: types.float64[:, :]
    flag: bool
    maybe: Optional[float]

    def __init__(self, a):
        self.a = a
        self.child = Point(1.0, 2.0)
        self.label = "h" + str(a)
        self.pair = (a, a * 0.5)
        self.tags = {a, a + 1}
        self.grid = np.ones((2, 3))
        self.flag = a > 2
        self.maybe = None


Holder = jitclass(PyHolder)


# --- construction and attributes --------------------------------------------------------

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


def test_array_attribute_is_shared_with_the_caller():
    b = Bag(3)
    a = b.array
    b.increment(1.0)
    np.testing.assert_array_equal(a, [1.0, 1.0, 1.0])


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


# --- instances and compiled functions ---------------------------------------------------

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


# --- special methods ---------------------------------------------------------------------

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


# --- refused ---------------------------------------------------------------------------

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


# --- arrays from Python kept by instances -----------------------------------------------

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


def test_type_of_an_instance_is_its_class():
    @njit
    def clone(p):
        return type(p)(p.x + 1.0, p.y)
    q = clone(Point(1.0, 2.0))
    assert type(q) is Point and (q.x, q.y) == (2.0, 2.0)


# --- found by trying jitclass as a newcomer -------------------------------------------------

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


def test_assigning_a_method_is_refused():
    @njit
    def f(p):
        p.norm = 1.0
    with pytest.raises(TypingError, match="'norm' of jitclass PyPoint: it is a method"):
        f(Point(1.0))


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


def test_unset_str_attribute_raises_attribute_error():
    @jitclass([("s", types.unicode_type)])
    class Lazy:
        def __init__(self):
            pass
    with pytest.raises(AttributeError, match="has no attribute 's'"):
        Lazy().s


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
