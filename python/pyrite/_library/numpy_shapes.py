"""NumPy functions that make and rearrange arrays: eye, identity, diag,
tri/tril/triu, meshgrid, the *_like functions with dtype=,
ascontiguousarray, asfortranarray, repeat, tile, roll, flip/fliplr/flipud,
expand_dims, squeeze, swapaxes, transpose(axes) (joining and splitting:
numpy_joining.py; diff, outer, trace, kron, cross, convolve:
numpy_array_math.py). Semantics and error messages are NumPy 2's.

The core's views are slices (with run-time steps), integer indexing, None
(a new axis), `.T`, `a.transpose(axes)` and `reshape` of a C-contiguous
array; every result that NumPy gives as a view is one here too (flip,
fliplr, flipud, squeeze, split, array_split, expand_dims, swapaxes,
transpose) except np.diag of a 2-d array, a copy.

Most functions work on any number of dimensions by viewing a contiguous copy
as (before, along, after) around the axis they act on."""
import numpy as np
from numpy.exceptions import AxisError

from .. import types
from ..extending import overload, overload_method, register_jitable
from .numpy_functions import _absent, _dtype_type, _numpy_dtype

_NUMBER = (types.Integer, types.Float, types.Boolean)
_INLINE = "always"


def _is_real_array(a):
    """An array of numbers: real ones, complex ones, datetime64 and
    timedelta64 too (these functions move and combine elements as they are)."""
    return isinstance(a, types.Array) and \
        isinstance(a.dtype, _NUMBER + (types.Complex, types.NPDatetime))


def _is_int(t):
    """An integer argument, or an integer default (a parameter left out)."""
    return isinstance(t, (types.Integer, types.Boolean)) or type(t) is int


def _dtype_arg(t, default):
    """The NumPy scalar class a dtype= argument names (np.float32, float,
    int, bool), `default` when absent, None when it is not a real dtype."""
    if _absent(t):
        return default
    scalar = _dtype_type(t)
    return _numpy_dtype(scalar) if isinstance(scalar, _NUMBER) else None


def _result_dtype(*arrays):
    """np.result_type of the arrays' dtypes, as a NumPy scalar class (a
    dtype object for datetime64 and timedelta64, which keeps the unit)."""
    result = np.result_type(*[_numpy_dtype(a.dtype) for a in arrays])
    return result if result.kind in "mM" else result.type


def _generated(name, params, body, **names):
    """A register_jitable function whose body is generated for one arity
    (tuple sizes and slice positions are part of the types here); `names`
    are the globals it calls."""
    ns = dict(names)
    exec(f"def {name}({params}):\n    return {body}\n", ns)
    return register_jitable(inline="always")(ns[name])


# --- shape tuples and axes ----------------------------------------------------------------

def _set_dim(shape, i, v):
    pass


@overload(_set_dim, inline=_INLINE)
def _set_dim_ov(shape, i, v):
    """`shape` with item i replaced by v (i known at run time)."""
    n = len(shape)
    return _generated("set_dim", "shape, i, v", "(" + "".join(
        f"v if i == {k} else shape[{k}], " for k in range(n)) + ")")


def _insert_dim(shape, i, v):
    pass


@overload(_insert_dim, inline=_INLINE)
def _insert_dim_ov(shape, i, v):
    """`shape` with v inserted before item i (0 <= i <= len(shape))."""
    n = len(shape)
    items = [f"shape[{k}] if {k} < i else (v if {k} == i else shape[{k - 1}])"
             for k in range(n)] + [f"v if {n} == i else shape[{n - 1}]"]
    return _generated("insert_dim", "shape, i, v", "(" + ", ".join(items) + ",)")


def _remove_dim(shape, i):
    pass


@overload(_remove_dim, inline=_INLINE)
def _remove_dim_ov(shape, i):
    """`shape` without item i."""
    n = len(shape)
    if n == 1:
        return _generated("remove_dim", "shape, i", "()")
    return _generated("remove_dim", "shape, i", "(" + "".join(
        f"shape[{k}] if {k} < i else shape[{k + 1}], " for k in range(n - 1)) + ")")


@register_jitable(inline="always")
def _axis(axis, ndim):
    """A normalized axis (negative counts from the end), AxisError past ndim."""
    if axis < -ndim or axis >= ndim:
        raise AxisError("axis %d is out of bounds for array of dimension %d" % (axis, ndim))
    return axis + ndim if axis < 0 else axis


@register_jitable(inline="always")
def _swap_axis(axis, ndim, first):
    """_axis for swapaxes, whose AxisError names the argument."""
    if axis < -ndim or axis >= ndim:
        if first:
            raise AxisError("axis1: axis %d is out of bounds for array of dimension %d"
                            % (axis, ndim))
        raise AxisError("axis2: axis %d is out of bounds for array of dimension %d"
                        % (axis, ndim))
    return axis + ndim if axis < 0 else axis


@register_jitable(inline="always")
def _around(shape, axis):
    """The products of the dimensions before and after `axis`."""
    before = 1
    for k in range(axis):
        before *= shape[k]
    after = 1
    for k in range(axis + 1, len(shape)):
        after *= shape[k]
    return before, after


@register_jitable(inline="always")
def _as3d(a, axis):
    """A C-contiguous (before, along, after) view of `a`, or of a copy."""
    before, after = _around(a.shape, axis)
    return np.ascontiguousarray(a).reshape(before, a.shape[axis], after)


# --- creation -----------------------------------------------------------------------------

@overload(np.eye, inline=_INLINE)
def eye(N, M=None, k=0, dtype=None):
    """An N x M (M defaults to N) array with ones on diagonal k, float64
    unless dtype= says otherwise."""
    dt = _dtype_arg(dtype, np.float64)
    if not (_is_int(N) and (_absent(M) or _is_int(M)) and _is_int(k) and dt):
        return None
    no_m = _absent(M)

    def impl(N, M=None, k=0, dtype=None):
        m = N if no_m else M
        if N < 0 or m < 0:
            raise ValueError("negative dimensions are not allowed")
        out = np.zeros((N, m), dt)
        for i in range(max(0, -k), min(N, m - k)):
            out[i, i + k] = 1
        return out
    return impl


@overload(np.identity, inline=_INLINE)
def identity(n, dtype=None):
    """np.eye(n): the n x n identity, float64 unless dtype= says otherwise."""
    dt = _dtype_arg(dtype, np.float64)
    if not (_is_int(n) and dt):
        return None

    def impl(n, dtype=None):
        return np.eye(n, n, 0, dt)
    return impl


@overload(np.diag, inline=_INLINE)
def diag(v, k=0):
    """1-d: a square 2-d array with v on diagonal k. 2-d: diagonal k as a
    1-d array (a copy; NumPy gives a read-only view)."""
    if not (_is_real_array(v) and v.ndim in (1, 2) and _is_int(k)):
        return None
    dt = _numpy_dtype(v.dtype)
    if v.ndim == 1:
        def impl_1d(v, k=0):
            n = v.shape[0] + abs(k)
            out = np.zeros((n, n), dt)
            for i in range(v.shape[0]):
                if k >= 0:
                    out[i, i + k] = v[i]
                else:
                    out[i - k, i] = v[i]
            return out
        return impl_1d

    def impl_2d(v, k=0):
        rows, cols = v.shape
        lo = max(0, -k)
        n = max(0, min(rows, cols - k) - lo)
        out = np.empty(n, dt)
        for i in range(n):
            out[i] = v[lo + i, lo + i + k]
        return out
    return impl_2d


@overload(np.tri, inline=_INLINE)
def tri(N, M=None, k=0, dtype=None):
    """N x M array (M defaults to N) with ones at and below diagonal k."""
    dt = _dtype_arg(dtype, np.float64)
    if not (_is_int(N) and (_absent(M) or _is_int(M)) and _is_int(k) and dt):
        return None
    no_m = _absent(M)

    def impl(N, M=None, k=0, dtype=None):
        n = max(N, 0)  # NumPy compares aranges: a negative size gives none
        m = max(N if no_m else M, 0)
        out = np.zeros((n, m), dt)
        for i in range(n):
            for j in range(min(m, max(0, i + k + 1))):
                out[i, j] = 1
        return out
    return impl


def _triangle(m, k, lower):
    """tril/triu: a copy with the elements above (tril) or below (triu)
    diagonal k of the last two axes set to zero; a 1-d array is first
    repeated as the rows of a square one, as NumPy broadcasts it."""
    if not (_is_real_array(m) and m.ndim >= 1 and _is_int(k)):
        return None
    dt = _numpy_dtype(m.dtype)

    @register_jitable(inline="always")
    def zero_out(out, k):
        rows, cols = out.shape[-2], out.shape[-1]
        flat = out.reshape(_around(out.shape, out.ndim - 2)[0], rows, cols)
        zero = np.zeros(1, out.dtype)[0]     # (1970-01-01 in a datetime64 array)
        for b in range(flat.shape[0]):
            for j in range(rows):
                # tril zeroes the columns past j + k, triu those before it
                start = max(0, j + k + 1) if lower else 0
                stop = cols if lower else min(cols, max(0, j + k))
                for c in range(start, stop):
                    flat[b, j, c] = zero
        return out

    if m.ndim == 1:
        def impl_1d(m, k=0):
            out = np.empty((m.shape[0], m.shape[0]), dt)
            for j in range(m.shape[0]):
                out[j, :] = m
            return zero_out(out, k)
        return impl_1d
    return lambda m, k=0: zero_out(m.copy(), k)


@overload(np.tril, inline=_INLINE)
def tril(m, k=0):
    return _triangle(m, k, True)


@overload(np.triu, inline=_INLINE)
def triu(m, k=0):
    return _triangle(m, k, False)


@overload(np.meshgrid, inline=_INLINE, prefer_literal=True)
def meshgrid(x, y, indexing="xy"):
    """Two coordinate matrices from two arrays (flattened): shape
    (len(y), len(x)) with indexing='xy', (len(x), len(y)) with 'ij'."""
    if not (_is_real_array(x) and _is_real_array(y)):
        return None
    if _absent(indexing) or indexing == "xy":
        xy = True
    elif isinstance(indexing, types.StringLiteral) and indexing.literal_value in ("xy", "ij"):
        xy = indexing.literal_value == "xy"
    else:
        return None
    dx, dy = _numpy_dtype(x.dtype), _numpy_dtype(y.dtype)

    def impl(x, y, indexing="xy"):
        fx, fy = x.ravel(), y.ravel()
        nx, ny = fx.shape[0], fy.shape[0]
        shape = (ny, nx) if xy else (nx, ny)
        gx, gy = np.empty(shape, dx), np.empty(shape, dy)
        for i in range(nx):
            for j in range(ny):
                if xy:
                    gx[j, i] = fx[i]
                    gy[j, i] = fy[j]
                else:
                    gx[i, j] = fx[i]
                    gy[i, j] = fy[j]
        return gx, gy
    return impl


def _like_dtype(a, dtype):
    """The dtype of np.zeros_like/ones_like/empty_like/full_like given a
    dtype= (without one, the core's own versions apply), or None."""
    if _absent(dtype) or not _is_real_array(a):
        return None
    return _dtype_arg(dtype, None)


@overload(np.zeros_like, inline=_INLINE)
def zeros_like(a, dtype=None):
    """A new C-contiguous array of a's shape in `dtype`, of zeros."""
    dt = _like_dtype(a, dtype)
    if dt is None:
        return None
    return lambda a, dtype=None: np.zeros(a.shape, dt)


@overload(np.ones_like, inline=_INLINE)
def ones_like(a, dtype=None):
    """A new C-contiguous array of a's shape in `dtype`, of ones."""
    dt = _like_dtype(a, dtype)
    if dt is None:
        return None
    return lambda a, dtype=None: np.ones(a.shape, dt)


@overload(np.empty_like, inline=_INLINE)
def empty_like(a, dtype=None):
    """A new C-contiguous array of a's shape in `dtype`, uninitialized."""
    dt = _like_dtype(a, dtype)
    if dt is None:
        return None
    return lambda a, dtype=None: np.empty(a.shape, dt)


@overload(np.full_like, inline=_INLINE)
def full_like(a, fill_value, dtype=None):
    """A new C-contiguous array of a's shape in `dtype`, of fill_value
    converted to it (a float truncates into an integer dtype)."""
    dt = _like_dtype(a, dtype)
    if dt is None or not isinstance(fill_value, _NUMBER):
        return None

    def impl(a, fill_value, dtype=None):
        out = np.empty(a.shape, dt)
        out.fill(dt(fill_value))
        return out
    return impl


@overload(np.ascontiguousarray, inline=_INLINE)
def ascontiguousarray(a):
    """`a` itself when C-contiguous, else a C-contiguous copy; a scalar
    becomes a 1-element array."""
    if isinstance(a, _NUMBER):
        dt = np.int64 if isinstance(a, types.Integer) else _numpy_dtype(a)

        def impl_scalar(a):
            return np.full(1, a, dt)
        return impl_scalar
    if not _is_real_array(a):
        return None
    if a.layout == "C":
        return lambda a: a
    return lambda a: a.copy()


@overload(np.asfortranarray, inline=_INLINE)
def asfortranarray(a):
    """`a` itself when typed Fortran-contiguous (or C-contiguous and 1-d),
    else a Fortran-ordered copy (typed 'F'); a scalar becomes a 1-element
    array. (A view that is Fortran-contiguous only at run time is copied.)"""
    if isinstance(a, _NUMBER):
        return lambda a: np.ascontiguousarray(a)
    if not _is_real_array(a) or a.ndim == 0:
        return None
    if a.layout == "F" or (a.layout == "C" and a.ndim == 1):
        return lambda a: a
    return lambda a: np.ascontiguousarray(a.T).T


@register_jitable(inline="always")
def _ravel(x):
    return np.ascontiguousarray(x).ravel()


def _atleast(n):
    def at_least(x):
        pass

    @overload(at_least, inline=_INLINE)
    def at_least_ov(x):
        if x.ndim >= n:
            return lambda x: x
        return lambda x: np.ascontiguousarray(x).reshape(1, x.shape[0])  # 1-d to 2-d
    return at_least


_atleast_1d = _atleast(1)
_atleast_2d = _atleast(2)


# --- rearranging --------------------------------------------------------------------------

def _repeat(a, repeats, axis):
    """Each element repeated: over the flattened array (axis=None) or along
    an axis; `repeats` is an int, or a 1-d integer array of one count per
    element (of length 1 to apply to all)."""
    if not (_is_real_array(a) and (_absent(axis) or _is_int(axis))):
        return None
    per_item = isinstance(repeats, types.Array) and repeats.ndim == 1 and \
        isinstance(repeats.dtype, types.Integer)
    if not (per_item or _is_int(repeats)):
        return None
    dt = _numpy_dtype(a.dtype)
    flat = _absent(axis)

    def impl(a, repeats, axis=None):
        src = _as3d(_ravel(a), 0) if flat else _as3d(a, _axis(axis, a.ndim))
        n = src.shape[1]
        counts = np.empty(n, np.int64)
        if per_item:
            if repeats.shape[0] != n and repeats.shape[0] != 1:
                raise ValueError("operands could not be broadcast together with shape "
                                 "(%d,) (%d,)" % (n, repeats.shape[0]))
            for i in range(n):
                counts[i] = repeats[i] if repeats.shape[0] == n else repeats[0]
        else:
            if repeats < 0:
                raise ValueError("negative dimensions are not allowed")
            counts[:] = repeats
        for i in range(n):
            if counts[i] < 0:
                raise ValueError("repeats may not contain negative values.")
        total = counts.sum()
        before, after = src.shape[0], src.shape[2]
        out = np.empty((before, total, after), dt)
        for b in range(before):
            at = 0
            for i in range(n):
                for r in range(counts[i]):
                    for c in range(after):
                        out[b, at, c] = src[b, i, c]
                    at += 1
        if flat:
            return out.reshape(total)
        return out.reshape(_set_dim(a.shape, _axis(axis, a.ndim), total))
    return impl


@overload(np.repeat, inline=_INLINE)
def np_repeat(a, repeats, axis=None):
    return _repeat(a, repeats, axis)


@overload_method(types.Array, "repeat", inline=_INLINE)
def array_repeat(a, repeats, axis=None):
    return _repeat(a, repeats, axis)


@overload(np.tile, inline=_INLINE)
def tile(A, reps):
    """A repeated `reps` times: an int repeats the last axis (any number of
    dimensions); a pair (r0, r1) repeats a 2-d array (a 1-d one as a single
    row) along both axes."""
    if not (_is_real_array(A) and A.ndim >= 1):
        return None
    dt = _numpy_dtype(A.dtype)
    if _is_int(reps):
        def impl_int(A, reps):
            if reps < 0:
                raise ValueError("negative dimensions are not allowed")
            n = A.shape[-1]
            rows = _around(A.shape, A.ndim - 1)[0]
            src = np.ascontiguousarray(A).reshape(rows, n)
            out = np.empty(_set_dim(A.shape, A.ndim - 1, n * reps), dt)
            out2 = out.reshape(rows, n * reps)
            for b in range(rows):
                for r in range(reps):
                    for j in range(n):
                        out2[b, r * n + j] = src[b, j]
            return out
        return impl_int
    if A.ndim <= 2 and isinstance(reps, types.BaseTuple) and len(reps) == 2 and \
            all(_is_int(t) for t in reps):
        def impl_pair(A, reps):
            r0, r1 = reps
            if r0 < 0 or r1 < 0:
                raise ValueError("negative dimensions are not allowed")
            B = _atleast_2d(A)
            rows, cols = B.shape
            out = np.empty((rows * r0, cols * r1), dt)
            for i in range(r0):
                for j in range(r1):
                    out[i * rows:(i + 1) * rows, j * cols:(j + 1) * cols] = B
            return out
        return impl_pair
    return None


@overload(np.roll, inline=_INLINE)
def roll(a, shift, axis=None):
    """Elements shifted by `shift` places, those past the end coming back at
    the start: over the flattened array (axis=None) or along an axis."""
    if not (_is_real_array(a) and _is_int(shift) and (_absent(axis) or _is_int(axis))):
        return None
    dt = _numpy_dtype(a.dtype)
    if _absent(axis):
        def impl_flat(a, shift, axis=None):
            flat = _ravel(a)
            n = flat.shape[0]
            out = np.empty(n, dt)
            if n:
                s = shift % n
                out[s:] = flat[:n - s]
                out[:s] = flat[n - s:]
            return out.reshape(a.shape)
        return impl_flat

    def impl_axis(a, shift, axis=None):
        ax = _axis(axis, a.ndim)
        src = _as3d(a, ax)
        out = np.empty(a.shape, dt)
        out3 = out.reshape(src.shape)
        n = src.shape[1]
        if n:
            s = shift % n
            out3[:, s:, :] = src[:, :n - s, :]
            out3[:, :s, :] = src[:, n - s:, :]
        return out
    return impl_axis


def _reversed_view(ndim, axes):
    """a[::-1] along each of `axes` (a view)."""
    return _generated("reverse", "a", "a[" + ", ".join(
        "::-1" if d in axes else ":" for d in range(ndim)) + "]")


@register_jitable(inline="always")
def _flip_step(axes, d, ndim):
    """-1 when the axes (checked: in range, none twice) include d, else 1."""
    step = 1
    for k in range(len(axes)):
        ax = _axis(axes[k], ndim)
        for j in range(k):
            if _axis(axes[j], ndim) == ax:
                raise ValueError("repeated axis")
        if ax == d:
            step = -1
    return step


@overload(np.flip, inline=_INLINE)
def flip(m, axis=None):
    """A view with the order of elements reversed along `axis` (an int or
    a tuple of ints, known at run time), or along every axis."""
    if not (_is_real_array(m) and m.ndim >= 1):
        return None
    if _absent(axis):
        view = _reversed_view(m.ndim, set(range(m.ndim)))
        return lambda m, axis=None: view(m)
    if not (_is_int(axis) or isinstance(axis, types.BaseTuple) and
            all(_is_int(t) for t in axis)):
        return None
    if not _is_int(axis) and len(axis) == 0:
        return lambda m, axis=None: m
    one = _is_int(axis)
    # a[::s0, ::s1, ...] with each step 1 or -1: a view whatever the axes
    view = _generated("flip_view", "a, axes", "a[" + ", ".join(
        f"::_flip_step(axes, {d}, {m.ndim})" for d in range(m.ndim)) + "]",
        _flip_step=_flip_step)
    if one:
        return lambda m, axis=None: view(m, (axis,))
    return lambda m, axis=None: view(m, axis)


@overload(np.fliplr, inline=_INLINE)
def fliplr(m):
    """m[:, ::-1], a view; ValueError below two dimensions."""
    if not _is_real_array(m):
        return None
    if m.ndim < 2:
        def impl_bad(m):
            raise ValueError("Input must be >= 2-d.")
        return impl_bad
    view = _reversed_view(m.ndim, {1})
    return lambda m: view(m)


@overload(np.flipud, inline=_INLINE)
def flipud(m):
    """m[::-1], a view; ValueError for a 0-d array."""
    if not _is_real_array(m):
        return None
    if m.ndim < 1:
        def impl_bad(m):
            raise ValueError("Input must be >= 1-d.")
        return impl_bad
    return lambda m: m[::-1]


@overload(np.expand_dims, inline=_INLINE)
def expand_dims(a, axis):
    """A length-1 axis inserted at `axis` (counted in the result's
    dimensions), a view: a[:, ..., None] with `axis` slices before None."""
    if not (_is_real_array(a) and _is_int(axis)):
        return None
    insert = register_jitable(inline="always")(_generated("insert", "a, ax", " else ".join(
        f"a[{':, ' * d}None] if ax == {d}" for d in range(a.ndim)) +
        f" else a[{':, ' * a.ndim}None]"))

    def impl(a, axis):
        return insert(a, _axis(axis, a.ndim + 1))
    return impl


def _squeeze(a, axis):
    """Length-1 axis `axis` (an int, or a tuple of one int) removed, as a
    view. Without axis, which axes have length 1 is known only at run time
    while the number of dimensions is part of the type: supported for 1-d
    arrays (a no-op) only; pyrite has no 0-d arrays, so the axis of a 1-d
    array cannot be squeezed out either."""
    if not _is_real_array(a):
        return None
    if _absent(axis):
        if a.ndim != 1:
            return None

        def impl_1d(a, axis=None):
            if a.shape[0] == 1:
                raise ValueError("squeeze() of a 1-d array of length 1 gives a 0-d array, "
                                 "which pyrite does not have")
            return a
        return impl_1d
    if isinstance(axis, types.BaseTuple) and len(axis) == 1 and _is_int(axis[0]):
        squeeze_one = register_jitable(_squeeze(a, axis[0]))
        return lambda a, axis=None: squeeze_one(a, axis[0])
    if not (_is_int(axis) and a.ndim >= 2):
        return None
    if a.layout == "C":
        def drop(a, ax):
            return a.reshape(_remove_dim(a.shape, ax))
    else:   # index 0 along the axis: a[0], a[:, 0], ...
        drop = _generated("drop", "a, ax", " else ".join(
            f"a[{':, ' * d}0] if ax == {d}" for d in range(a.ndim - 1)) +
            f" else a[{':, ' * (a.ndim - 1)}0]")
    drop = register_jitable(inline="always")(drop)

    def impl(a, axis=None):
        ax = _axis(axis, a.ndim)
        if a.shape[ax] != 1:
            raise ValueError("cannot select an axis to squeeze out which has size not "
                             "equal to one")
        return drop(a, ax)
    return impl


@overload(np.squeeze, inline=_INLINE)
def np_squeeze(a, axis=None):
    return _squeeze(a, axis)


@overload_method(types.Array, "squeeze", inline=_INLINE)
def array_squeeze(a, axis=None):
    return _squeeze(a, axis)


def _swapaxes(a, axis1, axis2):
    """The array with two axes exchanged, a view."""
    if not (_is_real_array(a) and _is_int(axis1) and _is_int(axis2) and a.ndim >= 1):
        return None
    if a.ndim == 1:
        def impl_1d(a, axis1, axis2):
            _swap_axis(axis1, 1, True)
            _swap_axis(axis2, 1, False)
            return a
        return impl_1d
    if a.ndim == 2:
        def impl_2d(a, axis1, axis2):
            if _swap_axis(axis1, 2, True) == _swap_axis(axis2, 2, False):
                return a.T.T
            return a.T
        return impl_2d
    n = a.ndim
    order = _generated("order", "i, j", "(" + "".join(
        f"j if {k} == i else (i if {k} == j else {k}), " for k in range(n)) + ")")

    def impl(a, axis1, axis2):
        return a.transpose(order(_swap_axis(axis1, n, True), _swap_axis(axis2, n, False)))
    return impl


@overload(np.swapaxes, inline=_INLINE)
def np_swapaxes(a, axis1, axis2):
    return _swapaxes(a, axis1, axis2)


@overload_method(types.Array, "swapaxes", inline=_INLINE)
def array_swapaxes(a, axis1, axis2):
    return _swapaxes(a, axis1, axis2)


def _transpose(a, axes):
    """np.transpose(a[, axes]): without axes the reversed axes (`a.T`, a
    view); with a tuple of axes, a view with the axes in that order."""
    if not _is_real_array(a):
        return None
    if _absent(axes):
        return lambda a, axes=None: a.T
    if not (isinstance(axes, types.BaseTuple) and all(_is_int(t) for t in axes)):
        return None
    if len(axes) != a.ndim:
        def impl_bad(a, axes=None):
            raise ValueError("axes don't match array")
        return impl_bad
    if a.ndim == 1:
        def impl_1d(a, axes=None):
            _axis(axes[0], 1)
            return a
        return impl_1d
    if a.ndim == 2:
        def impl_view(a, axes=None):
            first = _axis(axes[0], a.ndim)
            if _axis(axes[1], a.ndim) == first:
                raise ValueError("repeated axis in transpose")
            return a.T if first == 1 else a.T.T
        return impl_view
    return lambda a, axes=None: a.transpose(axes)


@overload(np.transpose, inline=_INLINE)
def np_transpose(a, axes=None):
    return _transpose(a, axes)
