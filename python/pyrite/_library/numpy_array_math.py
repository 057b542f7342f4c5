"""NumPy functions that combine the elements of whole arrays: diff, outer,
trace, kron, cross, convolve. They build on numpy_shapes.py's views and
axis helpers. Semantics and error messages are NumPy 2's."""
import numpy as np

from .. import types
from ..errors import TypingError
from ..extending import overload, register_jitable
from .numpy_functions import _absent, _numpy_dtype
from .numpy_shapes import (_INLINE, _as3d, _atleast_2d, _axis, _is_int, _is_real_array, _ravel,
                           _result_dtype, _set_dim)


# --- arithmetic helpers -------------------------------------------------------------------

@register_jitable(inline="always")
def _subtract(x, y):
    return x - y


@register_jitable(inline="always")
def _not_equal(x, y):
    return x != y


@overload(np.diff, inline=_INLINE, prefer_literal=True)
def diff(a, n=1, axis=-1):
    """The n-th discrete difference along `axis` (the last by default):
    out[i] = a[i + 1] - a[i], n times; booleans give a != (NumPy's
    not_equal). The axis shrinks by n (to 0 when n is larger)."""
    if not (_is_real_array(a) and a.ndim >= 1 and _is_int(n) and _is_int(axis)):
        return None
    dt = _numpy_dtype(a.dtype)
    if isinstance(a.dtype, types.NPDatetime) and not isinstance(a.dtype, types.NPTimedelta):
        # differences of dates are timedeltas: the result's dtype is only
        # known for a first or later difference, not for n == 0
        if not (type(n) is int and n >= 1 or
                isinstance(n, types.IntegerLiteral) and n.literal_value >= 1):
            raise TypingError("np.diff of datetime64 values takes n >= 1 as a constant")
        dt = _numpy_dtype(types.NPTimedelta(a.dtype.unit))
        unchanged = register_jitable(lambda a: np.empty(a.shape, dt))  # (never: n >= 1)
    else:
        unchanged = register_jitable(lambda a: np.ascontiguousarray(a).copy())
    step_fn = _not_equal if isinstance(a.dtype, types.Boolean) else _subtract

    def impl(a, n=1, axis=-1):
        if n < 0:
            raise ValueError("order must be non-negative but got %d" % n)
        ax = _axis(axis, a.ndim)
        if n == 0:
            return unchanged(a)
        src = _as3d(a, ax)
        before, length, after = src.shape
        width = max(length - 1, 0)
        work = np.empty((before, width, after), dt)
        for b in range(before):  # the first difference, out of place
            for i in range(width):
                for c in range(after):
                    work[b, i, c] = step_fn(src[b, i + 1, c], src[b, i, c])
        for step in range(1, min(n, length)):  # the others in place
            for b in range(before):
                for i in range(length - step - 1):
                    for c in range(after):
                        work[b, i, c] = step_fn(work[b, i + 1, c], work[b, i, c])
        keep = max(0, length - n)
        if keep == width:
            return work.reshape(_set_dim(a.shape, ax, keep))
        out = np.empty(_set_dim(a.shape, ax, keep), dt)
        out3 = out.reshape(before, keep, after)
        for b in range(before):
            for i in range(keep):
                for c in range(after):
                    out3[b, i, c] = work[b, i, c]
        return out
    return impl


@overload(np.outer, inline=_INLINE)
def outer(a, b):
    """out[i, j] = a[i] * b[j] over the flattened inputs."""
    if not (_is_real_array(a) and _is_real_array(b)):
        return None
    dt = _result_dtype(a, b)

    def impl(a, b):
        x, y = _ravel(a), _ravel(b)
        out = np.empty((x.shape[0], y.shape[0]), dt)
        for i in range(x.shape[0]):
            for j in range(y.shape[0]):
                out[i, j] = dt(x[i]) * dt(y[j])
        return out
    return impl


def _sum_dtype(dtype):
    """The dtype NumPy sums `dtype` in: narrower integers and booleans widen
    to int64 (uint64 when unsigned)."""
    if isinstance(dtype, types.Float):
        return _numpy_dtype(dtype)
    if isinstance(dtype, types.Integer) and not dtype.signed:
        return np.uint64
    return np.int64


@overload(np.trace, inline=_INLINE)
def trace(a, offset=0):
    """The sum of diagonal `offset` of a 2-d array, in sum's dtype."""
    if not (_is_real_array(a) and a.ndim == 2 and _is_int(offset)):
        return None
    if isinstance(a.dtype, types.Complex):
        return lambda a, offset=0: np.diag(a, offset).sum()
    acc = _sum_dtype(a.dtype)

    def impl(a, offset=0):
        return acc(np.diag(a, offset).astype(acc).sum())
    return impl


@overload(np.kron, inline=_INLINE)
def kron(a, b):
    """The Kronecker product of 1-d and 2-d arrays (a 1-d array with a 2-d
    one counts as a single row)."""
    if not (_is_real_array(a) and _is_real_array(b) and a.ndim in (1, 2) and b.ndim in (1, 2)):
        return None
    dt = _result_dtype(a, b)
    two_d = max(a.ndim, b.ndim) == 2

    def impl(a, b):
        x, y = _atleast_2d(a), _atleast_2d(b)
        ra, ca = x.shape
        rb, cb = y.shape
        out = np.empty((ra * rb, ca * cb), dt)
        for i in range(ra):
            for j in range(ca):
                for k in range(rb):
                    for m in range(cb):
                        out[i * rb + k, j * cb + m] = dt(x[i, j]) * dt(y[k, m])
        return out
    if two_d:
        return impl
    impl2 = register_jitable(impl)
    return lambda a, b: impl2(a, b).reshape(a.shape[0] * b.shape[0])


@overload(np.cross, inline=_INLINE)
def cross(a, b):
    """The cross product of 3-vectors: 1-d arrays of length 3, or the rows
    of two 2-d arrays of shape (n, 3)."""
    if not (_is_real_array(a) and _is_real_array(b) and a.ndim == b.ndim and a.ndim in (1, 2)):
        return None
    dt = _result_dtype(a, b)
    if dt is np.bool_:
        return None
    # NumPy 2.5 names the lengths; 2.4 and before said which are allowed.
    names_lengths = tuple(int(p) for p in np.__version__.split(".")[:2]) >= (2, 5)

    def impl(a, b):
        x, y = _atleast_2d(a), _atleast_2d(b)
        if (x.shape[1] != 3 or y.shape[1] != 3) and names_lengths:
            raise ValueError("Both input arrays must be (arrays of) 3-dimensional vectors, "
                             "but they are %d and %d dimensional instead."
                             % (x.shape[1], y.shape[1]))
        if x.shape[1] != 3 or y.shape[1] != 3:
            raise ValueError("incompatible dimensions for cross product\n"
                             "(dimension must be 2 or 3)")
        if x.shape[0] != y.shape[0]:
            raise ValueError("shape mismatch: objects cannot be broadcast to a single shape")
        out = np.empty(x.shape, dt)
        for i in range(x.shape[0]):
            x0, x1, x2 = dt(x[i, 0]), dt(x[i, 1]), dt(x[i, 2])
            y0, y1, y2 = dt(y[i, 0]), dt(y[i, 1]), dt(y[i, 2])
            out[i, 0] = x1 * y2 - x2 * y1
            out[i, 1] = x2 * y0 - x0 * y2
            out[i, 2] = x0 * y1 - x1 * y0
        return out.reshape(a.shape)
    return impl


@overload(np.convolve, inline=_INLINE, prefer_literal=True)
def convolve(a, v, mode="full"):
    """The discrete linear convolution of two 1-d arrays: 'full' (length
    n + m - 1), 'same' (max(n, m), centred), 'valid' (max - min + 1)."""
    if not (_is_real_array(a) and _is_real_array(v) and a.ndim == 1 and v.ndim == 1):
        return None
    if _absent(mode) or mode == "full":
        name = "full"
    elif isinstance(mode, types.StringLiteral) and mode.literal_value in ("full", "same", "valid"):
        name = mode.literal_value
    else:
        return None
    dt = _result_dtype(a, v)
    if dt is np.bool_:
        return None

    def impl(a, v, mode="full"):
        n, m = a.shape[0], v.shape[0]
        if n == 0:
            raise ValueError("a cannot be empty")
        if m == 0:
            raise ValueError("v cannot be empty")
        full = np.zeros(n + m - 1, dt)
        for j in range(m):
            w = dt(v[j])
            for i in range(n):
                full[i + j] += dt(a[i]) * w
        if name == "full":
            return full
        longer, shorter = max(n, m), min(n, m)
        start = (shorter - 1) // 2 if name == "same" else shorter - 1
        size = longer if name == "same" else longer - shorter + 1
        return full[start:start + size].copy()
    return impl
