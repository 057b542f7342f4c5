"""NumPy's fixed-width text arrays in compiled code: the comparisons `==
!= < <= > >=` of a 'U' array with a str or another 'U' array, element by
element and broadcast as NumPy compares them (each element read as the str
NumPy gives for it: trailing NULs dropped), and np.char-free helpers such
as len() of an element come from str itself. Reading and writing elements
is the core's (a 'U' element reads as a str, a str stored into one is
truncated or NUL-padded to its width, as NumPy does)."""
import operator

import numpy as np

from .. import types
from ..extending import overload, register_jitable
from .numpy_reductions import _broadcast_map

_INLINE = "always"
_jit = register_jitable(inline="always")


def _text(t):
    return isinstance(t, (types.UnicodeType, types.StringLiteral)) or (
        isinstance(t, types.Array) and isinstance(t.dtype, types.UnicodeCharSeq))


def _comparison(op):
    elem = _jit(lambda x, y: op(x, y))

    def typer(a, b):
        if not (_text(a) and _text(b) and
                (isinstance(a, types.Array) or isinstance(b, types.Array))):
            return None
        f = _broadcast_map((a, b), elem, np.bool_, ufunc=True)
        return lambda a, b: f(a, b)
    overload(op, inline=_INLINE)(typer)


for _op in (operator.eq, operator.ne, operator.lt, operator.le, operator.gt, operator.ge):
    _comparison(_op)
