"""The generator's static model of values: what it knows about each variable
and expression while it writes a program.

Everything the generator emits must behave the same under CPython/NumPy and
under pyrite (which follows Numba); the model is how it stays inside that
common subset:

* Integers carry an exact interval, so no intermediate value leaves int64
  (CPython would grow a big int where pyrite wraps) and every index is in
  bounds (pyrite does not check bounds by default).
* Floats carry an interval as well. A *free* float may be inf or NaN; it is
  kept away from the `math` functions that raise on those in CPython.
* `py` marks scalars that are Python numbers in CPython, not NumPy scalars:
  only those divide by zero with ZeroDivisionError in both worlds.
* Arrays carry a dtype, the least and the greatest shape they can have at
  run time, whether pyrite types them C-contiguous, and an element class:
  elements stay inside the dtype's canonical interval unless the array is
  free (floats only).
"""
from dataclasses import dataclass, replace
import math

# No intermediate integer ever exceeds this in magnitude.
INT_LIMIT = 2 ** 62
# Bounded floats stay below this; larger results are normalized or free.
FLOAT_LIMIT = 1e15

DTYPES = ("float64", "float32", "int64", "int32", "uint8", "bool")
FLOAT_DTYPES = ("float64", "float32")
INT_DTYPES = ("int64", "int32", "uint8")

# The values an array element of each dtype keeps (unless the array is free).
CANONICAL = {
    "float64": (-1e4, 1e4),
    "float32": (-1e4, 1e4),
    "int64": (-10_000, 10_000),
    "int32": (-10_000, 10_000),
    "uint8": (0, 255),
    "bool": (0, 1),
}


def dtype_kind(dtype):
    """The scalar kind ('int', 'float', 'bool') of an element of `dtype`."""
    if dtype in FLOAT_DTYPES:
        return "float"
    if dtype == "bool":
        return "bool"
    return "int"


@dataclass(frozen=True)
class Scalar:
    """A scalar: kind 'int', 'float' or 'bool', values within [lo, hi].

    `free` floats may also be inf or NaN (their interval is infinite);
    `py` scalars are Python numbers (not NumPy scalars) in CPython."""
    kind: str
    lo: float = 0
    hi: float = 0
    py: bool = True
    free: bool = False

    @property
    def bounded(self):
        return not self.free and max(abs(self.lo), abs(self.hi)) <= FLOAT_LIMIT

    def within(self, other):
        """Every value of self is a value other admits."""
        if self.kind != other.kind:
            return False
        if other.free:
            return True
        if self.free:
            return False
        return other.lo <= self.lo and self.hi <= other.hi and (self.py or not other.py)

    def fits_int64(self):
        return -INT_LIMIT <= self.lo and self.hi <= INT_LIMIT


def boolean(py=True):
    return Scalar("bool", 0, 1, py)


def free_float(py=False):
    return Scalar("float", -math.inf, math.inf, py, True)


def hull(a, b):
    """The least scalar type that admits the values of both `a` and `b`."""
    assert a.kind == b.kind
    free = a.free or b.free
    lo = -math.inf if free else min(a.lo, b.lo)
    hi = math.inf if free else max(a.hi, b.hi)
    return Scalar(a.kind, lo, hi, a.py and b.py, free)


@dataclass(frozen=True)
class Array:
    """An array value: dtype, rank, shape bounds, layout as pyrite types it,
    and whether its (float) elements may be inf or NaN."""
    dtype: str
    minshape: tuple
    maxshape: tuple
    contig: bool = True
    free: bool = False

    @property
    def ndim(self):
        return len(self.minshape)

    @property
    def exact(self):
        """The shape is known exactly."""
        return self.minshape == self.maxshape

    @property
    def shape(self):
        assert self.exact
        return self.minshape

    @property
    def size_bounds(self):
        return math.prod(self.minshape), math.prod(self.maxshape)

    @property
    def elem(self):
        """The scalar type of one element read (before any conversion)."""
        kind = dtype_kind(self.dtype)
        if self.free:
            return free_float(py=False)
        lo, hi = CANONICAL[self.dtype]
        return Scalar(kind, lo, hi, py=False)

    def same_class(self, other):
        """Elements and rank agree: the two may be stored into each other,
        passed for the same helper parameter, or swapped."""
        return (self.dtype == other.dtype and self.ndim == other.ndim
                and self.free == other.free)

    def with_shape(self, minshape, maxshape=None, contig=None):
        return replace(self, minshape=tuple(minshape),
                       maxshape=tuple(maxshape if maxshape is not None else minshape),
                       contig=self.contig if contig is None else contig)


def join_arrays(a, b):
    """The array type a variable has after holding `a` on one path and `b` on
    another (same class required)."""
    assert a.same_class(b)
    return replace(a, minshape=tuple(map(min, a.minshape, b.minshape)),
                   maxshape=tuple(map(max, a.maxshape, b.maxshape)),
                   contig=a.contig and b.contig)


def array_within(a, b):
    """Every array of type `a` is admitted by a variable of type `b`."""
    return (isinstance(a, Array) and isinstance(b, Array) and a.same_class(b)
            and all(x >= y for x, y in zip(a.minshape, b.minshape))
            and all(x <= y for x, y in zip(a.maxshape, b.maxshape))
            and (a.contig or not b.contig))


@dataclass(frozen=True)
class Tuple:
    """A tuple of scalars and arrays."""
    items: tuple


@dataclass
class Var:
    """A variable of the function being written. `loop_index` marks the
    variables of `for` statements, which the body must not assign."""
    name: str
    type: object
    loop_index: bool = False
    fixed: bool = False   # never reassigned (while-loop counters, ...)
    glob: bool = False    # a module-level constant: read, never written or aliased
    roots: frozenset = None  # arrays: what it may view (aliasing.py); None: itself
    loop_depth: int = 0   # how many loops were open where it was declared


@dataclass
class Expr:
    """Source text and its static type."""
    text: str
    type: object
