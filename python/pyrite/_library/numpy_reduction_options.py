"""What the core's array reductions leave to the library: `dtype=` of
sum/mean (method and function, with or without `axis=`), np.cumsum /
a.cumsum along an axis, np.amax/np.amin (NumPy's other names of max/min),
and a.item() (NumPy's ndarray.item: the one element of a size-1 array, or
the element at a flat index, as a Python scalar).

sum(dtype=dt) is the array converted to dt and summed by the core (pairwise
for floats, as NumPy adds; NumPy converts in buffers of 8192 elements and
adds the buffers in order, so the last bits of a long float sum can differ),
its result in dt (an integer dtype wraps as NumPy's does); mean(dtype=dt)
divides that sum, for a float dt. The forms without these options stay the
core's (Typer::call falls back to them when every overload here declines).
"""
import numpy as np

from .. import types
from ..extending import overload, overload_method, register_jitable
from .numpy_functions import _absent, _is_real_array, _numpy_dtype
from .numpy_reductions import _acc_dtype, _accumulate
from .numpy_shapes import _dtype_arg

_INLINE = "always"


def _axis_ok(axis):
    return _absent(axis) or isinstance(axis, (types.Integer, types.Boolean))


def _sum_with_dtype(a, axis, dtype):
    if _absent(dtype) or not (_is_real_array(a) and _axis_ok(axis)):
        return None
    dt = _dtype_arg(dtype, None)
    if dt is None:
        return None
    if _absent(axis):
        return lambda a, axis=None, dtype=None: dt(a.astype(dt).sum())
    if a.ndim == 1:             # (the sum along the only axis is a scalar)
        return lambda a, axis=None, dtype=None: dt(a.astype(dt).sum(axis))
    return lambda a, axis=None, dtype=None: a.astype(dt).sum(axis).astype(dt)


def _mean_with_dtype(a, axis, dtype):
    if _absent(dtype) or not (_is_real_array(a) and _axis_ok(axis)):
        return None
    dt = _dtype_arg(dtype, None)
    if dt is None or not issubclass(dt, np.floating):
        return None
    if _absent(axis):
        return lambda a, axis=None, dtype=None: dt(a.astype(dt).mean())
    return lambda a, axis=None, dtype=None: a.astype(dt).mean(axis)


def _function_and_method(name, typer):
    """Registers typer(a, axis=None, dtype=None) for np.<name> and ndarray.<name>."""
    def overloaded(a, axis=None, dtype=None):
        return typer(a, axis, dtype)
    overload(getattr(np, name), inline=_INLINE)(overloaded)
    overload_method(types.Array, name, inline=_INLINE)(overloaded)


_function_and_method("sum", _sum_with_dtype)
_function_and_method("mean", _mean_with_dtype)


# --- cumsum along an axis -----------------------------------------------------------------

def _cumsum_axis(a, axis):
    """Running sums along `axis` (the same shape), in np.add.accumulate's
    dtype (int64 for small integers, a float keeps its own); without axis
    the flattened array's, by numpy_functions' np.cumsum."""
    if _absent(axis) or not (_is_real_array(a) and isinstance(axis, (types.Integer,
                                                                      types.Boolean))):
        return None
    acc = _acc_dtype(a.dtype)

    @register_jitable(inline="always")
    def lane_into(v, out):
        s = acc(0)
        for i in range(v.shape[0]):
            s += acc(v[i])
            out[i] = s
    return _accumulate(a, axis, lane_into, acc)


@overload(np.cumsum, inline=_INLINE)
def np_cumsum_axis(a, axis=None):
    return _cumsum_axis(a, axis)


@overload_method(types.Array, "cumsum", inline=_INLINE)
def array_cumsum_axis(a, axis=None):
    return _cumsum_axis(a, axis)


# --- amax / amin ----------------------------------------------------------------------------

@overload(np.amax, inline=_INLINE)
def np_amax(a, axis=None):
    if _is_real_array(a) and _axis_ok(axis):
        if _absent(axis):
            return lambda a, axis=None: np.max(a)
        return lambda a, axis=None: np.max(a, axis)


@overload(np.amin, inline=_INLINE)
def np_amin(a, axis=None):
    if _is_real_array(a) and _axis_ok(axis):
        if _absent(axis):
            return lambda a, axis=None: np.min(a)
        return lambda a, axis=None: np.min(a, axis)


# --- item -------------------------------------------------------------------------------------

@register_jitable(inline="always")
def _same(x):
    return x


@overload_method(types.Array, "item", inline=_INLINE)
def array_item(a, index=None):
    """a.item(): the element of a size-1 array (ValueError otherwise, as
    NumPy); a.item(i): the element at flat (C-order) index i, negative from
    the end (IndexError past either end)."""
    if not (isinstance(a, types.Array) and
            isinstance(a.dtype, (types.Integer, types.Float, types.Boolean, types.Complex))):
        return None
    kind = np.dtype(_numpy_dtype(a.dtype)).kind
    py = {"i": int, "u": int, "b": bool, "f": float, "c": complex}[kind]
    if kind == "u" and a.dtype.bitwidth == 64:
        py = _same      # (int is int64: a uint64 stays uint64, a Python int when returned)
    if _absent(index):
        def impl(a, index=None):
            if a.size != 1:
                raise ValueError("can only convert an array of size 1 to a Python scalar")
            return py(a.ravel()[0])
        return impl
    if isinstance(index, types.Integer):
        def impl_index(a, index=None):
            n = a.size
            i = index + n if index < 0 else index
            if i < 0 or i >= n:
                raise IndexError("index %d is out of bounds for size %d" % (index, n))
            return py(a.ravel()[i])
        return impl_index
