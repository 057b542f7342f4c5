"""NumPy's fixed-width text arrays in compiled code: the comparisons `==
!= < <= > >=` of a 'U' array with a str or another 'U' array (an 'S' array
with bytes or another 'S' array), element by element and broadcast as
NumPy compares them (each element read as the str or bytes NumPy gives for
it: trailing NULs dropped), and of two bytes values (an 'S' element read, a
bytes argument) as Python compares bytes. Reading and writing elements is
the core's (a 'U' element reads as a str and an 'S' one as bytes; a value
stored into one is truncated or NUL-padded to its width, as NumPy does)."""
import operator

import numpy as np

from .. import types
from ..extending import overload, register_jitable
from ._generate import generate
from .numpy_element_maps import _broadcast_map

_INLINE = "always"
_jit = register_jitable(inline="always")


_SYMBOLS = {operator.eq: "==", operator.ne: "!=", operator.lt: "<", operator.le: "<=",
            operator.gt: ">", operator.ge: ">="}


def _bytes(t):
    return isinstance(t, types.Bytes) and t.ndim == 1


def _text(t):
    """'U' for str values and 'U' arrays, 'S' for bytes values and 'S'
    arrays, else None."""
    if isinstance(t, (types.UnicodeType, types.StringLiteral)) or (
            isinstance(t, types.Array) and isinstance(t.dtype, types.UnicodeCharSeq)):
        return "U"
    if _bytes(t) or isinstance(t, types.Array) and isinstance(t.dtype, types.CharSeq):
        return "S"
    return None


@register_jitable
def _str_element(s):
    """A str as a 'U' element holds it: without trailing NULs (NumPy's)."""
    n = len(s)
    while n > 0 and s[n - 1] == "\x00":
        n -= 1
    return s[:n]


def _comparison(op):
    elem = _jit(lambda x, y: op(x, y))
    # bytes compared as 'S' elements hold them: without trailing NULs
    elem_bytes = _jit(generate(f"elements_{op.__name__}", ["x", "y"],
                               [f"return _compare_bytes(x, y, True) {_SYMBOLS[op]} 0"],
                               {"_compare_bytes": _compare_bytes}))

    def typer(a, b):
        arrays = [t for t in (a, b) if isinstance(t, types.Array) and
                  isinstance(t.dtype, (types.UnicodeCharSeq, types.CharSeq))]
        if not arrays or _text(a) is None or _text(a) != _text(b):
            return None
        if _text(a) == "S":
            f = _broadcast_map((a, b), elem_bytes, np.bool_, ufunc=True)
            return lambda a, b: f(a, b)
        f = _broadcast_map((a, b), elem, np.bool_, ufunc=True)
        if not isinstance(a, types.Array):
            return lambda a, b: f(_str_element(a), b)
        if not isinstance(b, types.Array):
            return lambda a, b: f(a, _str_element(b))
        return lambda a, b: f(a, b)
    overload(op, inline=_INLINE)(typer)





# --- bytes values ('S' elements read, bytes arguments) -----------------------------------

@register_jitable
def _compare_bytes(a, b, as_elements=False):
    """-1, 0 or 1 as bytes a sorts before, with or after b (Python's order);
    as_elements: as 'S' elements holding them compare (trailing NULs
    dropped, as NumPy)."""
    na = len(a)
    nb = len(b)
    if as_elements:
        while na > 0 and a[na - 1] == 0:
            na -= 1
        while nb > 0 and b[nb - 1] == 0:
            nb -= 1
    n = min(na, nb)
    for i in range(n):
        if a[i] != b[i]:
            return -1 if a[i] < b[i] else 1
    return (na > nb) - (na < nb)


def _bytes_comparison(op, symbol):
    impl = generate(f"bytes_{op.__name__}", ["a", "b"],
                    [f"return _compare_bytes(a, b, False) {symbol} 0"],
                    {"_compare_bytes": _compare_bytes})

    def typer(a, b):
        if _bytes(a) and _bytes(b):
            return impl
    overload(op, inline=_INLINE)(typer)


for _op, _symbol in _SYMBOLS.items():
    _bytes_comparison(_op, _symbol)
    _comparison(_op)
