"""NumPy functions that show an array in another shape: np.reshape (the
function form of a.reshape, which the core implements: a view when the
array's strides allow one, else a view of a C-ordered copy, as NumPy's
PyArray_Newshape decides; numpy/_core/fromnumeric.py)."""
import numpy as np

from .. import types
from ..extending import overload
from .numpy_functions import _absent

_INLINE = "always"


def _shape_ok(shape):
    return isinstance(shape, (types.Integer, types.Boolean)) or (
        isinstance(shape, types.BaseTuple) and
        all(isinstance(d, (types.Integer, types.Boolean)) for d in shape.types))


def _order_c(order):
    return _absent(order) or (isinstance(order, types.StringLiteral) and
                              order.literal_value == "C") or order == "C"


@overload(np.reshape, inline=_INLINE, prefer_literal=True)
def np_reshape(a, shape=None, order="C", newshape=None):
    """np.reshape(a, shape): `a` in `shape` (an int or a tuple of ints, one
    may be -1; NumPy 2.1's name, or `newshape`, its older one), in C order
    (order='F' and 'A' are not supported: the overload declines them).
    ValueError when the sizes differ, as NumPy's."""
    if not isinstance(a, types.Array) or not _order_c(order):
        return None
    if _shape_ok(shape) and _absent(newshape):
        return lambda a, shape=None, order="C", newshape=None: a.reshape(shape)
    if _absent(shape) and _shape_ok(newshape):
        return lambda a, shape=None, order="C", newshape=None: a.reshape(newshape)
    return None
