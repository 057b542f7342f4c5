"""NumPy functions that show memory in another shape or dtype: np.reshape
(the function form of a.reshape, which the core implements: a view when the
array's strides allow one, else a view of a C-ordered copy, as NumPy's
PyArray_Newshape decides; numpy/_core/fromnumeric.py) and np.frombuffer (a
view of a bytes-like object's bytes, through the core's a.view(dtype))."""
import numpy as np

from .. import types
from ..extending import overload
from .numpy_functions import _absent, _dtype_type

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


@overload(np.frombuffer, inline=_INLINE)
def np_frombuffer(buffer, dtype=float, count=-1, offset=0):
    """np.frombuffer(buffer, dtype=float, count=-1, offset=0): a 1-d view of
    `count` elements of `dtype` (all that fit when -1) over `buffer`'s bytes
    from byte `offset`. `buffer` is a bytes, bytearray or memoryview
    argument, or a 1-d C-contiguous array; the view is read-only over bytes
    or a read-only memoryview, as NumPy's. NumPy's ValueErrors for an
    offset past the end and a buffer of the wrong size."""
    if not (isinstance(buffer, types.Buffer) and buffer.ndim == 1 and buffer.layout == "C"):
        return None
    scalar = types.float64 if _absent(dtype) or dtype is float else _dtype_type(dtype)
    if scalar is None or not all(_absent(t) or isinstance(t, (types.Integer, types.Boolean, int))
                                 for t in (count, offset)):
        return None
    from ..np.numpy_support import as_dtype
    target = as_dtype(scalar)        # (a dtype object: datetime64 units too)
    itemsize = target.itemsize

    def impl(buffer, dtype=None, count=-1, offset=0):
        raw = buffer.view(np.uint8)
        n = len(raw)
        if offset < 0 or offset > n:
            raise ValueError("offset must be non-negative and no greater than buffer length (" +
                             str(n) + ")")
        available = n - offset
        if count < 0:
            if available % itemsize != 0:
                raise ValueError("buffer size must be a multiple of element size")
            count = available // itemsize
        elif count > available // itemsize:    # (count * itemsize may not fit int64)
            raise ValueError("buffer is smaller than requested size")
        return raw[offset:offset + count * itemsize].view(target)
    return impl
