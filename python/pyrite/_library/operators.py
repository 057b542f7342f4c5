"""Python's operators on tuples: comparisons (lexicographic), `+`
(concatenation) and `in`, as CPython defines them for tuples
(Objects/tupleobject.c: tuplerichcompare), compared by value as Numba does
(CPython's identity shortcut, which makes a NaN equal to itself inside one
tuple object, has no meaning for values).

The core types an operator it has no rule for through the `operator` module's
function (`a < b` is operator.lt(a, b)), as Numba does; a tuple's elements
may differ in type, so each implementation is generated for the lengths at
hand with constant indices (one line per element), and each element
comparison is typed again (nested tuples recurse).
"""
import operator

from .. import types
from ..extending import overload
from ._generate import generate as _generate

_INLINE = "always"


def _tuples(*ts):
    return all(isinstance(t, types.BaseTuple) for t in ts)


# --- == and != -----------------------------------------------------------------

def _equality(a, b, negate):
    n, m = len(a.types), len(b.types)
    if n != m:
        return _generate("tuple_ne" if negate else "tuple_eq", ("a", "b"),
                         [f"return {negate}"])
    same = " and ".join(f"a[{k}] == b[{k}]" for k in range(n)) or "True"
    return _generate("tuple_ne" if negate else "tuple_eq", ("a", "b"),
                     [f"return {'not ' if negate else ''}({same})"])


@overload(operator.eq, inline=_INLINE)
def tuple_eq(a, b):
    """a == b: same length and equal elements."""
    if _tuples(a, b):
        return _equality(a, b, negate=False)


@overload(operator.ne, inline=_INLINE)
def tuple_ne(a, b):
    if _tuples(a, b):
        return _equality(a, b, negate=True)


# --- <, <=, >, >= ----------------------------------------------------------------

def _ordering(a, b, op):
    """The first elements that differ decide; if none does, the lengths."""
    n, m = len(a.types), len(b.types)
    body = []
    for k in range(min(n, m)):
        body += [f"if a[{k}] != b[{k}]:", f"    return a[{k}] {op} b[{k}]"]
    body.append(f"return {n} {op} {m}")
    return _generate("tuple_order", ("a", "b"), body)


def _order_overload(op):
    def typer(a, b):
        if _tuples(a, b):
            return _ordering(a, b, op)
    typer.__name__ = f"tuple_{op}"
    return typer


for _function, _op in ((operator.lt, "<"), (operator.le, "<="), (operator.gt, ">"),
                       (operator.ge, ">=")):
    overload(_function, inline=_INLINE)(_order_overload(_op))


# --- + and in ----------------------------------------------------------------------

@overload(operator.add, inline=_INLINE)
def tuple_add(a, b):
    """a + b: a new tuple of a's elements, then b's."""
    if _tuples(a, b):
        items = [f"a[{k}]" for k in range(len(a.types))] + \
                [f"b[{k}]" for k in range(len(b.types))]
        return _generate("tuple_add", ("a", "b"),
                         [f"return ({', '.join(items)}{',' if len(items) == 1 else ''})"])


@overload(operator.contains, inline=_INLINE)
def tuple_contains(t, item):
    """item in t: an element equal to item (the core does tuples of numbers)."""
    if _tuples(t):
        found = " or ".join(f"item == t[{k}]" for k in range(len(t.types))) or "False"
        return _generate("tuple_contains", ("t", "item"), [f"return bool({found})"])
