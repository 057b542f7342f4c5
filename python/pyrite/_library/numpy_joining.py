"""NumPy functions that join and split arrays: concatenate, stack,
vstack/hstack/column_stack, split/array_split, with NumPy 2's semantics and
error messages; every piece np.split returns is a view, as in NumPy. Built
on numpy_shapes.py's helpers (a contiguous copy seen as (before, along,
after) around the axis)."""
import numpy as np

from .. import literal_unroll, types
from ..extending import overload, register_jitable
from .numpy_functions import _absent
from .numpy_shapes import (_INLINE, _around, _as3d, _atleast_1d, _atleast_2d, _axis, _generated,
                           _insert_dim, _is_int, _is_real_array, _ravel, _result_dtype,
                           _set_dim)


# --- joining ------------------------------------------------------------------------------

def _arrays(arrays):
    """The array types of a tuple or list of real arrays, or None."""
    if isinstance(arrays, types.BaseTuple) and len(arrays) > 0:
        items = list(arrays.types)
    elif isinstance(arrays, types.List):
        items = [arrays.dtype]
    else:
        return None
    return items if all(_is_real_array(t) for t in items) else None


def _mismatch_message(d):
    return ("all the input array dimensions except for the concatenation axis must match "
            "exactly, but along dimension %d, the array at index 0 has size %%d and the array "
            "at index %%d has size %%d" % d)


def _mismatch_raiser():
    """raise the ValueError of a size mismatch along dimension d: a message
    carries at most three run-time values, so the dimension is a constant."""
    lines = ["def mismatch(d, s0, i, s):"]
    for d in range(8):
        lines += [f"    if d == {d}:", f"        raise ValueError({_mismatch_message(d)!r} % (s0, i, s))"]
    lines.append(f"    raise ValueError({_mismatch_message(8)!r} % (s0, i, s))")
    ns = {}
    exec("\n".join(lines), ns)
    return register_jitable(ns["mismatch"])


_mismatch = _mismatch_raiser()


def _joiner(prep, dtype):
    """concatenate(arrays, axis) where each array is first passed through
    `prep` (atleast_2d for vstack, ...): shapes must agree except along the
    axis; the result has `dtype`."""
    @register_jitable(inline="always")
    def join(arrays, axis):
        if len(arrays) == 0:
            raise ValueError("need at least one array to concatenate")
        first = prep(arrays[0])
        ax = _axis(axis, first.ndim)
        shape0 = first.shape
        total = 0
        index = 0
        for x in literal_unroll(arrays):
            y = prep(x)
            for d in range(len(shape0)):
                if d != ax and y.shape[d] != shape0[d]:
                    _mismatch(d, shape0[d], index, y.shape[d])
            total += y.shape[ax]
            index += 1
        out = np.empty(_set_dim(shape0, ax, total), dtype)
        before, after = _around(shape0, ax)
        out3 = out.reshape(before, total, after)
        at = 0
        for x in literal_unroll(arrays):
            y = prep(x)
            n = y.shape[ax]
            out3[:, at:at + n, :] = _as3d(y, ax)
            at += n
        return out
    return join


@register_jitable(inline="always")
def _same(x):
    return x


def _column(x):
    pass


@overload(_column, inline=_INLINE)
def _column_ov(x):
    if x.ndim >= 2:
        return lambda x: x
    return lambda x: np.ascontiguousarray(x).reshape(x.shape[0], 1)


@overload(np.concatenate, inline=_INLINE)
def concatenate(arrays, axis=0):
    """Join a tuple or list of arrays along an existing axis (axis=None:
    flattened), in the dtype np.result_type gives them."""
    items = _arrays(arrays)
    if items is None or not (_is_int(axis) or _absent(axis) or axis == 0):
        return None
    dt = _result_dtype(*items)
    if _absent(axis):
        join_flat = _joiner(_ravel, dt)
        return lambda arrays, axis=0: join_flat(arrays, 0)
    ndims = {t.ndim for t in items}
    if 0 in ndims:
        def impl_0d(arrays, axis=0):
            raise ValueError("zero-dimensional arrays cannot be concatenated")
        return impl_0d
    if len(ndims) > 1:
        k = next(i for i, t in enumerate(items) if t.ndim != items[0].ndim)
        msg = ("all the input arrays must have same number of dimensions, but the array at "
               "index 0 has %d dimension(s) and the array at index %d has %d dimension(s)"
               % (items[0].ndim, k, items[k].ndim))

        def impl_ndims(arrays, axis=0):
            raise ValueError(msg)
        return impl_ndims
    join = _joiner(_same, dt)
    return lambda arrays, axis=0: join(arrays, axis)


@overload(np.vstack, inline=_INLINE)
def vstack(tup):
    """concatenate along axis 0 after making 1-d arrays rows (1, n)."""
    items = _arrays(tup)
    if items is None:
        return None
    join = _joiner(_atleast_2d, _result_dtype(*items))
    return lambda tup: join(tup, 0)


@overload(np.hstack, inline=_INLINE)
def hstack(tup):
    """concatenate along axis 1, or 0 when the arrays are 1-d."""
    items = _arrays(tup)
    if items is None:
        return None
    join = _joiner(_atleast_1d, _result_dtype(*items))
    axis = 0 if max(1, items[0].ndim) == 1 else 1
    return lambda tup: join(tup, axis)


@overload(np.column_stack, inline=_INLINE)
def column_stack(tup):
    """1-d arrays become columns (n, 1), then concatenate along axis 1."""
    items = _arrays(tup)
    if items is None or not all(t.ndim in (1, 2) for t in items):
        return None
    join = _joiner(_column, _result_dtype(*items))
    return lambda tup: join(tup, 1)


@overload(np.stack, inline=_INLINE)
def stack(arrays, axis=0):
    """Join arrays of one shape along a new axis (ndim + 1 dimensions)."""
    items = _arrays(arrays)
    if items is None or not _is_int(axis) or len({t.ndim for t in items}) != 1:
        return None
    dt = _result_dtype(*items)

    def impl(arrays, axis=0):
        count = 0
        if len(arrays) == 0:
            raise ValueError("need at least one array to stack")
        shape0 = arrays[0].shape
        for x in literal_unroll(arrays):
            if x.shape != shape0:
                raise ValueError("all input arrays must have the same shape")
            count += 1
        ax = _axis(axis, len(shape0) + 1)
        out = np.empty(_insert_dim(shape0, ax, count), dt)
        before = 1
        for d in range(ax):
            before *= shape0[d]
        after = 1
        for d in range(ax, len(shape0)):
            after *= shape0[d]
        out3 = out.reshape(before, count, after)
        i = 0
        for x in literal_unroll(arrays):
            out3[:, i, :] = np.ascontiguousarray(x).reshape(before, after)
            i += 1
        return out
    return impl


# --- splitting ----------------------------------------------------------------------------

def _modulo_by_zero():
    try:
        return str(1 % 0)
    except ZeroDivisionError as e:
        return str(e)


_MODULO_BY_ZERO = _modulo_by_zero()  # CPython's message (np.split computes n % 0)


def _split(ary, sections, axis, equal):
    """Views of `ary` along `axis` (0 or a constant): `sections` equal parts
    (split) or nearly equal ones, the first ones one longer (array_split);
    a list or tuple of integers gives the split points."""
    if not (_is_real_array(ary) and ary.ndim >= 1):
        return None
    if isinstance(axis, types.IntegerLiteral):
        ax = axis.literal_value
    elif _absent(axis) or axis == 0:
        ax = 0
    else:
        return None
    if not -ary.ndim <= ax < ary.ndim:
        return None
    ax %= ary.ndim
    part = _generated("part", "a, i, j", "a[" + ":, " * ax + "i:j]")

    if _is_int(sections):
        def impl(ary, indices_or_sections, axis=0):
            sections = indices_or_sections
            n = ary.shape[ax]
            if equal:  # NumPy's split checks n % sections first
                if sections == 0:
                    raise ZeroDivisionError(_MODULO_BY_ZERO)
                if n % sections:
                    raise ValueError("array split does not result in an equal division")
            if sections <= 0:
                raise ValueError("number sections must be larger than 0.")
            each, extra = n // sections, n % sections
            parts = [part(ary, 0, 0)]  # a list typed by its views, emptied
            parts.pop()
            at = 0
            for s in range(sections):
                size = each + 1 if s < extra else each
                parts.append(part(ary, at, at + size))
                at += size
            return parts
        return impl
    if isinstance(sections, types.BaseTuple):
        points = all(_is_int(t) for t in sections.types)
    elif isinstance(sections, (types.List, types.Array)):
        points = isinstance(sections.dtype, types.Integer) and getattr(sections, "ndim", 1) == 1
    else:
        points = False
    if points:
        def impl_points(ary, indices_or_sections, axis=0):
            sections = indices_or_sections
            n = ary.shape[ax]
            parts = [part(ary, 0, 0)]  # a list typed by its views, emptied
            parts.pop()
            at = 0
            for p in sections:  # ary[at:p] with slicing's rules
                stop = min(max(p + n if p < 0 else p, 0), n)
                parts.append(part(ary, at, max(at, stop)))
                at = stop
            parts.append(part(ary, at, n))
            return parts
        return impl_points
    return None


@overload(np.split, inline=_INLINE, prefer_literal=True)
def split(ary, indices_or_sections, axis=0):
    return _split(ary, indices_or_sections, axis, True)


@overload(np.array_split, inline=_INLINE, prefer_literal=True)
def array_split(ary, indices_or_sections, axis=0):
    return _split(ary, indices_or_sections, axis, False)
