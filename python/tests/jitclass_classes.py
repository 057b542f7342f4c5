"""The classes the @jitclass tests share: each written once as plain
Python (PyBag, PyPoint, ...: CPython runs them as the reference) and made a
jitclass (Bag, Point, ...)."""
from typing import Dict, List, Optional, Set, Tuple

import numpy as np

from pyrite import deferred_type, float32, float64, int32, int64, optional, typed
from pyrite import types
from pyrite.experimental import jitclass

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
