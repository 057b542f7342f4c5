"""Python builtins on numbers and iterables: divmod, pow with a modulus,
round to `ndigits`, any/all, and np.any/np.all with ndarray.any/all.
Semantics and messages are CPython's (Objects/longobject.c,
Objects/floatobject.c, Python/bltinmodule.c) and NumPy's; the core keeps the
one-argument forms (round(x), pow(a, b) is `a ** b`).
"""
import math
import operator

import numpy as np

import pyrite as _pyrite
from .. import types
from ..errors import TypingError
from ..extending import overload, overload_method, register_jitable
from . import _list_core as _l
from ._generate import generate
from .numpy_functions import _absent

_INLINE = "always"
_INT = (types.Integer, types.Boolean)
_REAL = (types.Integer, types.Boolean, types.Float)


# --- divmod ----------------------------------------------------------------------

@overload(divmod, inline=_INLINE)
def divmod_(a, b):
    """(a // b, a % b), floored as Python floors: the remainder takes b's sign.
    Integers raise ZeroDivisionError("integer division or modulo by zero"),
    floats ZeroDivisionError("float divmod()"), as CPython."""
    if isinstance(a, _INT) and isinstance(b, _INT):
        def impl(a, b):
            return a // b, a % b
        return impl
    if isinstance(a, _REAL) and isinstance(b, _REAL):
        def impl(a, b):
            x, y = float(a), float(b)
            if y == 0.0:
                raise ZeroDivisionError("float divmod()")
            return x // y, x % y
        return impl


# --- pow(a, b, m) --------------------------------------------------------------------

@register_jitable
def _mulmod(a, b, m):
    """a * b % m for 0 <= a, b < m, without overflowing int64."""
    if m <= 3037000499:  # a * b < 2**63
        return a * b % m
    result = 0
    while b > 0:  # double-and-add: every partial sum stays below 2 * m
        if b & 1:
            result = result + a - m if result >= m - a else result + a
        a = a + a - m if a >= m - a else a + a
        b >>= 1
    return result


@register_jitable
def _inverse_mod(a, m):
    """a's inverse modulo m (m > 0), by the extended Euclidean algorithm."""
    old_r, r = a, m
    old_s, s = 1, 0
    while r != 0:
        q = old_r // r
        old_r, r = r, old_r - q * r
        old_s, s = s, old_s - q * s
    if old_r != 1:
        raise ValueError("base is not invertible for the given modulus")
    return old_s % m


@overload(pow, inline=_INLINE)
def pow_(base, exp, mod=None):
    """pow(base, exp, mod) for integers: base**exp % mod computed without
    the power, the result in [0, mod) or, for a negative mod, (mod, 0]; a
    negative exp uses base's inverse modulo mod (Python 3.8+). mod == 0
    raises ValueError("pow() 3rd argument cannot be 0"). Two arguments are
    `base ** exp`."""
    if _absent(mod):
        if isinstance(base, _REAL) and isinstance(exp, _REAL):
            def impl(base, exp, mod=None):
                return base ** exp
            return impl
        return None
    if not (isinstance(base, _INT) and isinstance(exp, _INT) and isinstance(mod, _INT)):
        return None

    def impl(base, exp, mod=None):
        if mod == 0:
            raise ValueError("pow() 3rd argument cannot be 0")
        m = abs(mod)
        b = base % m
        e = exp
        if e < 0:
            b = _inverse_mod(b, m)
            e = -e
        result = 1 % m
        while e > 0:
            if e & 1:
                result = _mulmod(result, b, m)
            b = _mulmod(b, b, m)
            e >>= 1
        if mod < 0 and result != 0:
            result += mod
        return result
    return impl


# --- round(x, ndigits) ----------------------------------------------------------------

@register_jitable
def _two_product(a, b):
    """(p, e) with p = fl(a * b) and p + e == a * b exactly (Dekker's
    algorithm with Veltkamp splitting; no fused multiply-add needed)."""
    p = a * b
    if not (abs(a) < 1e290 and abs(b) < 1e290 and abs(p) < 1e300):
        return p, 0.0  # splitting would overflow; at this size the error does not matter
    split = 134217729.0  # 2**27 + 1
    t = split * a
    a_hi = t - (t - a)
    a_lo = a - a_hi
    t = split * b
    b_hi = t - (t - b)
    b_lo = b - b_hi
    e = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    return p, e


@register_jitable
def _round_half_even(floor, above_half, at_half):
    if above_half or (at_half and floor % 2.0 != 0.0):
        return floor + 1.0
    return floor


@register_jitable
def _round_float(x, ndigits):
    """x rounded to ndigits decimal digits, correctly: the double nearest to
    the exact decimal rounding (ties to even) of x's exact value, as
    CPython's round() (which uses dtoa). Exact for |ndigits| <= 22, where
    10**ndigits is a double; beyond that 10**ndigits is rounded first, and
    a result can be one unit in the last place off CPython's. A result past
    the largest double raises OverflowError, as CPython."""
    if not math.isfinite(x) or x == 0.0 or ndigits > 308:
        return x  # (past 308 digits, CPython may still round a subnormal)
    if ndigits < -308:
        return math.copysign(0.0, x)
    scale = 1.0
    for _ in range(abs(ndigits)):
        scale *= 10.0
    if ndigits >= 0:
        y, err = _two_product(x, scale)  # x * scale == y + err exactly
        if not math.isfinite(y) or abs(y) >= 4503599627370496.0:  # 2**52
            return x  # no digit past the ndigits-th changes x
        f = math.floor(y)
        d = (y - f - 0.5) + err  # sign of (x * scale - f - 0.5)
        n = _round_half_even(f, d > 0.0, d == 0.0)
        result = n / scale
    else:
        if math.isinf(scale):
            return math.copysign(0.0, x)
        if abs(x / scale) >= 4503599627370496.0:
            return x  # x moves by less than half its spacing
        f = math.floor(x / scale)
        hi, lo = _two_product(f + 0.5, scale)  # (f + 0.5) * scale == hi + lo
        d = (x - hi) - lo  # sign of (x - (f + 0.5) * scale)
        n = _round_half_even(f, d > 0.0, d == 0.0)
        result = n * scale
    if result == 0.0:
        return math.copysign(0.0, x)
    if math.isinf(result):
        raise OverflowError("rounded value too large to represent")
    return result


@register_jitable
def _round_int(x, ndigits):
    """An integer rounded to a multiple of 10**-ndigits, ties to even."""
    if ndigits >= 0:
        return x
    if ndigits < -19:
        return 0  # |x| < 9.3e18 is under half of 10**20
    if ndigits == -19:
        if x > 5000000000000000000 or x < -5000000000000000000:
            raise OverflowError("Python int too large to convert to C long")  # 10**19
        return 0  # a tie at 5e18 goes to the even multiple, 0
    scale = 1
    for _ in range(-ndigits):
        scale *= 10
    q, r = x // scale, x % scale  # x == q * scale + r, 0 <= r < scale
    if 2 * r > scale or (2 * r == scale and q % 2 == 1):
        q += 1
    return q * scale


@overload(round, inline=_INLINE)
def round_(number, ndigits=None):
    """round(number, ndigits): floats correctly rounded to ndigits decimals
    (round(2.675, 2) is 2.67, the double 2.675 being below the tie), ties to
    even, as CPython; integers to a multiple of 10**-ndigits. round(x) is the
    core's."""
    if _absent(ndigits) or not isinstance(ndigits, _INT):
        return None
    if isinstance(number, types.Float):
        def impl(number, ndigits=None):
            return _round_float(float(number), ndigits)
        return impl
    if isinstance(number, _INT):
        def impl(number, ndigits=None):
            return _round_int(int(number), ndigits)
        return impl


# --- any, all, np.any, np.all -------------------------------------------------------

def _iterable_of_numbers(x):
    if isinstance(x, types.Array):
        return x.ndim == 1 and isinstance(x.dtype, (types.Number, types.Boolean))
    if isinstance(x, types.UniTuple):
        return isinstance(x.dtype, (types.Number, types.Boolean))
    return False


def _truth_iterable(x):
    """What any()/all() walk: 1-d arrays and tuples of numbers, ranges, str,
    and lists of items with a truth value (numbers, str, lists)."""
    if _iterable_of_numbers(x) or _is_range(x) or isinstance(x, (types.UnicodeType,
                                                                    types.StringLiteral)):
        return True
    item = x.dtype if isinstance(x, types.List) else (
        x.yield_type if isinstance(x, types.Generator) else None)
    return isinstance(item, (types.Number, types.Boolean, types.UnicodeType, types.List))


@overload(any, inline=_INLINE)
def any_(iterable):
    """any(iterable): True if an element is true (1-d arrays, tuples of one
    number type, ranges, str, lists)."""
    if _truth_iterable(iterable):
        def impl(iterable):
            for v in iterable:
                if v:
                    return True
            return False
        return impl


@overload(all, inline=_INLINE)
def all_(iterable):
    """all(iterable): False if an element is false."""
    if _truth_iterable(iterable):
        def impl(iterable):
            for v in iterable:
                if not v:
                    return False
            return True
        return impl


def _numeric_array(a):
    return isinstance(a, types.Array) and isinstance(a.dtype, (types.Number, types.Boolean))


@overload(np.any, inline=_INLINE)
@overload_method(types.Array, "any", inline=_INLINE)
def np_any(a):
    """np.any(a) / a.any(): whether any element is nonzero (NaN counts as
    true), over all dimensions; axis= is not supported yet."""
    if _numeric_array(a):
        def impl(a):
            for v in a.ravel():
                if v != 0:
                    return True
            return False
        return impl


@overload(np.all, inline=_INLINE)
@overload_method(types.Array, "all", inline=_INLINE)
def np_all(a):
    """np.all(a) / a.all(): whether every element is nonzero, over all
    dimensions; axis= is not supported yet."""
    if _numeric_array(a):
        def impl(a):
            for v in a.ravel():
                if v == 0:
                    return False
            return True
        return impl


# --- sum, min, max over tuples and ranges -------------------------------------------

def _number_tuple(t):
    return isinstance(t, types.BaseTuple) and all(
        isinstance(e, (types.Number, types.Boolean)) for e in t.types)


def _is_range(t):
    return str(t).startswith("range_state")


@overload(operator.getitem, inline=_INLINE)
def range_getitem(r, index):
    """range(...)[i]: IndexError as CPython's for an index out of range."""
    if _is_range(r) and isinstance(index, _INT):
        def impl(r, index):
            n = len(r)
            k = index + n if index < 0 else index
            if k < 0 or k >= n:
                raise IndexError("range object index out of range")
            return r.start + k * r.step
        return impl


@overload(sum, inline=_INLINE)
def sum_(iterable, start=0):
    """sum(t, start=0) of a tuple of numbers (written out element by
    element: the types may differ), of a range, or of a list, set, dict
    (its keys) or generator of numbers."""
    if not (_absent(start) or start == 0 or isinstance(start, _REAL)):
        return None
    if _number_tuple(iterable):
        terms = ["start"] + [f"iterable[{k}]" for k in range(len(iterable.types))]
        return generate("tuple_sum", ("iterable", "start=0"), [f"return {' + '.join(terms)}"])
    items = (iterable.dtype if isinstance(iterable, (types.List, types.Set)) else
             iterable.key_type if isinstance(iterable, types.DictType) else
             iterable.yield_type if isinstance(iterable, (types.DictValuesView,
                                                          types.DictItemsView)) else
             iterable.yield_type if isinstance(iterable, types.Generator) else None)
    if _is_range(iterable) or isinstance(items, (types.Number, types.Boolean)):
        def impl(iterable, start=0):
            total = start
            for v in iterable:
                total += v
            return total
        return impl


def _empty_message(fn):
    try:
        fn(())
    except ValueError as e:
        return str(e)  # "min() arg is an empty sequence" (3.11), "... iterable argument is empty"


def _tuple_extreme(name, op):
    def typer(iterable):  # min(a, b, ...) does not fit: the core's scalar min
        if not _number_tuple(iterable):
            return None
        n = len(iterable.types)
        if n == 0:
            message = _empty_message(min if name == "min" else max)
            return generate(f"tuple_{name}", ("iterable",), [f"raise ValueError({message!r})"])
        # Python keeps the first extreme: a later element replaces it only
        # when strictly smaller (larger).
        body = ["m = iterable[0]"]
        for k in range(1, n):
            body += [f"if iterable[{k}] {op} m:", f"    m = iterable[{k}]"]
        return generate(f"tuple_{name}", ("iterable",), body + ["return m"])
    typer.__name__ = f"tuple_{name}"
    return typer


overload(min, inline=_INLINE)(_tuple_extreme("min", "<"))
overload(max, inline=_INLINE)(_tuple_extreme("max", ">"))


# --- isinstance -----------------------------------------------------------------------

# Python's classes as compiled values are the functions that cast to them;
# each stands for the kinds of pyrite types whose values are its instances
# (a bool is an int, as in Python).
_PYTHON_CLASSES = {
    "builtins.int": (types.Integer, types.Boolean),
    "builtins.float": (types.Float,),
    "builtins.bool": (types.Boolean,),
    "str": (types.UnicodeType, types.StringLiteral),   # str() and list() are library
    "list": (types.List,),                              # overloads, named so
}


def _instance_of(value_type, classinfo):
    """True/False when known from the types, or None when classinfo is not
    something pyrite can test against."""
    if not isinstance(value_type, (types.Number, types.Boolean, types.BaseTuple, types.Array,
                                   types.NoneType, types.UnicodeType, types.StringLiteral,
                                   types.List, types.ClassInstanceType)):
        return None  # an OptionalType or another kind: not decided from the type
    if isinstance(classinfo, types.ClassType):  # a @jitclass
        return isinstance(value_type, types.ClassInstanceType) and \
            value_type.jit_class is classinfo.jit_class
    if isinstance(classinfo, types.NamedTupleClass):
        return isinstance(value_type, types.NamedTuple) and value_type.cls is classinfo.cls
    if isinstance(classinfo, types.BaseTuple):
        answers = [_instance_of(value_type, c) for c in classinfo.types]
        return None if None in answers else any(answers)
    if isinstance(classinfo, types.NumberClass):  # np.float32, np.int64, ...
        return value_type == classinfo.instance_type
    if isinstance(classinfo, types.Function) and classinfo.name in _PYTHON_CLASSES:
        return isinstance(value_type, _PYTHON_CLASSES[classinfo.name])
    return None


@overload(isinstance, inline=_INLINE)
def isinstance_(obj, classinfo):
    """isinstance(x, cls) decided from x's type at compile time, as Numba
    does: cls is int, float, bool, a NumPy scalar type (np.float32: the exact
    type), a @jitclass, or a tuple of these."""
    answer = _instance_of(obj, classinfo)
    if answer is None:
        return None
    if answer:
        def impl(obj, classinfo):
            return True
    else:
        def impl(obj, classinfo):
            return False
    return impl


# --- a, *rest, b = seq ------------------------------------------------------------------

def unpack_star(seq, before, after):
    """`a, *rest, b = seq` (the frontend's UNPACK_EX): (a, rest, b), with
    `before` items first, the middle as a list, `after` items last."""
    items = list(seq)
    if len(items) < before + after:
        raise ValueError(f"not enough values to unpack (expected at least {before + after}, "
                         f"got {len(items)})")
    return tuple(items[:before]) + (items[before:len(items) - after],) + \
        tuple(items[len(items) - after:])


@overload(unpack_star, prefer_literal=True, inline=_INLINE)
def unpack_star_(seq, before, after):
    """A tuple is split by its constant length at compile time (its middle
    must be of one type, to be a list); anything else is read into a list
    first (iterators, generators) and split at run time with CPython's
    ValueError when it is too short."""
    if not (isinstance(before, types.IntegerLiteral) and isinstance(after, types.IntegerLiteral)):
        return None
    b, a = before.literal_value, after.literal_value
    if isinstance(seq, types.BaseTuple):
        n = len(seq.types)
        if n < b + a:
            raise TypingError(f"not enough values to unpack (expected at least {b + a}, "
                              f"got {n})")
        middle = list(range(b, n - a))
        if middle:
            rest = "[" + ", ".join(f"seq[{k}]" for k in middle) + "]"
        elif n:
            rest = "_l.empty_list(seq[0], 0)"  # typed like the other items
        else:
            raise TypingError("cannot infer the item type of the starred target of an "
                              "empty tuple")
        parts = [f"seq[{k}]" for k in range(b)] + [rest] + [f"seq[{k}]" for k in range(n - a, n)]
        fn = generate("unpack_star", ("seq", "before", "after"),
                      [f"return ({', '.join(parts)},)"])
        fn.__globals__["_l"] = _l
        return fn
    parts = [f"items[{k}]" for k in range(b)] + ["items[before:n - after]"] + \
        [f"items[n - {a - k}]" for k in range(a)]
    fn = generate("unpack_star", ("seq", "before", "after"), [
        "items = list(seq)",
        "n = len(items)",
        f"if n < {b + a}:",
        f"    raise ValueError(\"not enough values to unpack (expected at least {b + a}, "
        f"got %d)\" % n)",
        f"return ({', '.join(parts)},)",
    ])
    return fn


# --- literal_unroll ---------------------------------------------------------------------

@overload(_pyrite.literal_unroll, inline=_INLINE)
def literal_unroll_(container):
    """literal_unroll(t) as a value: t itself. `for x in literal_unroll(t)`
    over a tuple of known size is unrolled before typing (core/ir/unroll.cpp),
    one copy of the body per item; a homogeneous tuple, list or array walks
    as it is."""
    if isinstance(container, (types.BaseTuple, types.List, types.Array)):
        return lambda container: container
