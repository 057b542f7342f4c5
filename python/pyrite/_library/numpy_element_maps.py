"""NumPy's element tests and element maps: where (one, two and three
arguments), nonzero, argwhere, isclose/allclose, array_equal, round/around,
iinfo/finfo. Results, dtypes, NaN handling and error messages are NumPy 2's.
"""
import collections
import math

import numpy as np

from .. import types
from ..extending import overload, overload_method, register_jitable
from ._generate import generate
from .numpy_functions import _absent, _dtype_type, _is_real_array, _numpy_dtype

_NUMBER = (types.Integer, types.Float, types.Boolean)
_INLINE = "always"


def _is_float(dtype):
    return isinstance(dtype, types.Float)


# --- broadcasting element maps (where, isclose) -------------------------------------------

@register_jitable(inline="always")
def _broadcast_dim(s, n):
    if s == 1 or s == n:
        return n
    if n == 1:
        return s
    raise ValueError("operands could not be broadcast together with remapped shapes")


_MAPS = {}


def _broadcast_map(args, elem, out_dtype, ufunc=False):
    """A jitable `f(*args)` giving the array of elem(x0, x1, ...) over the
    broadcast shape of the array arguments (scalars are used as they are);
    the loops are written out for the result's ndim. Of 0-d arrays only,
    the result is a 0-d array, or a scalar for a `ufunc`, as NumPy's ufuncs
    give."""
    ndims = tuple(t.ndim if isinstance(t, types.Array) else -1 for t in args)
    key = (ndims, elem, out_dtype, ufunc)
    if key in _MAPS:
        return _MAPS[key]
    n = max(ndims)
    params = [f"x{p}" for p in range(len(args))]
    body = [f"s{d} = 1" for d in range(n)]
    for p, k in enumerate(ndims):
        for j in range(k):
            body.append(f"s{n - k + j} = _broadcast_dim(s{n - k + j}, x{p}.shape[{j}])")
            body.append(f"m{p}_{j} = 0 if x{p}.shape[{j}] == 1 else 1")
    dims = "".join(f"s{d}, " for d in range(n))
    body.append(f"out = np.empty(({dims}), out_dtype)")
    nest = ["    " * d + f"for i{d} in range(s{d}):" for d in range(n)]
    operands = []
    for p, k in enumerate(ndims):
        if k < 0:
            operands.append(f"x{p}")
        else:
            idx = ", ".join(f"i{n - k + j} * m{p}_{j}" for j in range(k))
            operands.append(f"x{p}[{idx}]" if k else f"x{p}[()]")   # (a 0-d array's one)
    if n == 0 and ufunc:
        body = [f"return elem({', '.join(operands)})"]
    else:
        index = ", ".join(f"i{d}" for d in range(n)) or "()"
        if n > 0 and all(k in (-1, n) for k in ndims):
            # Operands of the result's shape (the usual case): indexed
            # directly, which lets LLVM vectorize the loop.
            same = " and ".join(f"x{p}.shape[{j}] == s{j}"
                                for p, k in enumerate(ndims) if k == n for j in range(n))
            direct = [f"x{p}[{index}]" if k == n else f"x{p}" for p, k in enumerate(ndims)]
            body.append(f"if {same}:")
            body += ["    " + line for line in nest]
            body.append("    " * (n + 1) + f"out[{index}] = elem({', '.join(direct)})")
            body.append("    return out")
        body += nest
        body.append("    " * n + f"out[{index}] = elem({', '.join(operands)})")
        body.append("return out")
    fn = generate("broadcast_map", params, body,
                  {"np": np, "elem": elem, "out_dtype": out_dtype,
                   "_broadcast_dim": _broadcast_dim})
    _MAPS[key] = register_jitable(inline="always")(fn)
    return _MAPS[key]


def _weak_value(t):
    """A value standing for t in np.result_type: an array's dtype, or a
    Python scalar of the kind (scalars are weak, as NumPy 2's Python
    scalars)."""
    if isinstance(t, types.Array):
        return np.dtype(_numpy_dtype(t.dtype))
    if isinstance(t, types.Boolean):
        return False
    if isinstance(t, types.Complex):
        return 0j if t.bitwidth == 128 else np.dtype(np.complex64)
    return 0 if isinstance(t, types.Integer) else 0.0


def _real(t):
    return isinstance(t, _NUMBER) or _is_real_array(t)


def _real_or_complex(t):
    e = t.dtype if isinstance(t, types.Array) else t
    return isinstance(e, _NUMBER + (types.Complex,))


# --- where / nonzero / argwhere ------------------------------------------------------------

_NONZERO = {}


def _nonzero_impl(ndim, want_tuple):
    """nonzero (a tuple of ndim int64 index arrays) or argwhere (one
    (count, ndim) array), the loops written out for ndim."""
    key = (ndim, want_tuple)
    if key in _NONZERO:
        return _NONZERO[key]
    body = ["count = np.count_nonzero(a)"]
    if want_tuple:
        body += [f"r{d} = np.empty(count, np.int64)" for d in range(ndim)]
    else:
        body.append(f"r = np.empty((count, {ndim}), np.int64)")
    body.append("k = 0")
    for d in range(ndim):
        body.append("    " * d + f"for i{d} in range(a.shape[{d}]):")
    pad = "    " * ndim
    body.append(pad + f"if a[{', '.join(f'i{d}' for d in range(ndim))}]:")
    for d in range(ndim):
        body.append(pad + (f"    r{d}[k] = i{d}" if want_tuple else f"    r[k, {d}] = i{d}"))
    body.append(pad + "    k += 1")
    if want_tuple:
        body.append(f"return ({', '.join(f'r{d}' for d in range(ndim))},)")
    else:
        body.append("return r")
    fn = generate("nonzero" if want_tuple else "argwhere", ["a"], body, {"np": np})
    _NONZERO[key] = fn
    return fn


@overload(np.nonzero, inline=_INLINE)
def np_nonzero(a):
    """The indices of the nonzero elements: a tuple of a.ndim int64 arrays
    (C order)."""
    if not (_is_real_array(a) and a.ndim >= 1):
        return None
    return _nonzero_impl(a.ndim, True)


@overload_method(types.Array, "nonzero", inline=_INLINE)
def array_nonzero(a):
    return np_nonzero(a)


@overload(np.argwhere, inline=_INLINE)
def np_argwhere(a):
    """The (count, ndim) int64 array of the nonzero elements' indices."""
    if not (_is_real_array(a) and a.ndim >= 1):
        return None
    return _nonzero_impl(a.ndim, False)


@overload(np.where, inline=_INLINE)
def np_where(condition, x=None, y=None):
    """where(c) is nonzero(c); where(c, x, y) picks x where c is true, else
    y, over the broadcast shape of the arrays among c, x, y (at least one
    array). The dtype is np.result_type(x, y), scalars weak as NumPy 2's
    Python scalars."""
    if _absent(x) and _absent(y):
        if not (_is_real_array(condition) and condition.ndim >= 1):
            return None
        nz = register_jitable(inline="always")(_nonzero_impl(condition.ndim, True))

        def impl_nonzero(condition, x=None, y=None):
            return nz(condition)
        return impl_nonzero
    if not (_real(condition) and _real_or_complex(x) and _real_or_complex(y)):
        return None
    if not any(isinstance(t, types.Array) for t in (condition, x, y)):
        return None
    dt = np.result_type(_weak_value(x), _weak_value(y)).type

    @register_jitable(inline="always")
    def pick(c, u, v):
        return dt(u) if c else dt(v)
    bmap = _broadcast_map((condition, x, y), pick, dt)

    def impl(condition, x=None, y=None):
        return bmap(condition, x, y)
    return impl


# --- isclose / allclose / array_equal --------------------------------------------------------

@register_jitable(inline="always")
def _close(x, y, rtol, atol, equal_nan):
    """NumPy's isclose of two numbers (in float64): |x - y| <= atol +
    rtol * |y|; inf is close only to itself, NaN to NaN with equal_nan."""
    u = float(x)
    v = float(y)
    if u != u or v != v:
        return equal_nan and u != u and v != v
    if u == v:
        return True
    if math.isinf(u) or math.isinf(v):
        return False
    return abs(u - v) <= atol + rtol * abs(v)


@register_jitable(inline="always")
def _first(x, y):
    return float(x)


@register_jitable(inline="always")
def _second(x, y):
    return float(y)


def _isclose(a, b):
    """isclose: a bool for two scalars, else a bool array of the broadcast
    shape."""
    if not (_real(a) and _real(b)):
        return None
    if not (isinstance(a, types.Array) or isinstance(b, types.Array)):
        def impl_scalar(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
            return _close(a, b, rtol, atol, equal_nan)
        return impl_scalar
    first = _broadcast_map((a, b), _first, np.float64)
    second = _broadcast_map((a, b), _second, np.float64)

    def impl(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
        x = first(a, b)
        y = second(a, b)
        out = np.empty(x.shape, np.bool_)
        xf = x.ravel()
        yf = y.ravel()
        of = out.reshape(xf.shape[0])
        for i in range(xf.shape[0]):
            of[i] = _close(xf[i], yf[i], rtol, atol, equal_nan)
        return out
    return impl


@overload(np.isclose, inline=_INLINE)
def np_isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    return _isclose(a, b)


@overload(np.allclose, inline=_INLINE)
def np_allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether every pair is close (np.isclose over the broadcast shape)."""
    impl = _isclose(a, b)
    if impl is None:
        return None
    impl = register_jitable(inline="always")(impl)
    if not (isinstance(a, types.Array) or isinstance(b, types.Array)):
        return impl

    def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
        return bool(np.all(impl(a, b, rtol, atol, equal_nan)))
    return allclose


@overload(np.array_equal, inline=_INLINE)
def np_array_equal(a1, a2, equal_nan=False):
    """True when the shapes are equal and every pair of elements is equal
    (NaN equal to NaN with equal_nan)."""
    if not (_is_real_array(a1) and _is_real_array(a2)):
        return None
    if a1.ndim != a2.ndim:
        def impl_ndim(a1, a2, equal_nan=False):
            return False
        return impl_ndim

    def impl(a1, a2, equal_nan=False):
        if a1.shape != a2.shape:
            return False
        x = a1.ravel()
        y = a2.ravel()
        for i in range(x.shape[0]):
            u = x[i]
            v = y[i]
            if u != v and not (equal_nan and u != u and v != v):
                return False
        return True
    return impl


# --- round ------------------------------------------------------------------------------

@register_jitable(inline="always")
def _rint(x):
    """Round half to even, as np.rint (x is a float64)."""
    r = np.floor(x)
    d = x - r
    if d > 0.5 or (d == 0.5 and r - 2.0 * np.floor(r * 0.5) != 0.0):
        r += 1.0
    return math.copysign(r, x)


def _round(a, decimals):
    """NumPy's round: floats multiply by 10**decimals, round half to even
    and divide (decimals < 0: divide, round, multiply), in their dtype;
    integers are returned unchanged for decimals >= 0 (rounded through
    float64 otherwise); arrays give new arrays, scalars scalars."""
    if not (_real(a) and (decimals == 0 or isinstance(decimals, types.Integer))):
        return None
    dtype = a.dtype if isinstance(a, types.Array) else a
    if isinstance(dtype, types.Boolean):
        return None
    is_float = _is_float(dtype)
    dt = _numpy_dtype(dtype)

    @register_jitable(inline="always")
    def one(x, decimals):
        if is_float:
            if decimals >= 0:
                f = dt(10.0 ** decimals)
                return dt(_rint(float(dt(x * f))) / f)
            f = dt(10.0 ** -decimals)
            return dt(_rint(float(dt(x / f))) * f)
        if decimals >= 0:
            return x
        f = 10.0 ** -decimals
        return dt(_rint(float(x) / f) * f)

    if not isinstance(a, types.Array):
        def impl_scalar(a, decimals=0):
            return one(a, decimals)
        return impl_scalar

    def impl(a, decimals=0):
        out = np.empty(a.shape, dt)
        x = a.ravel()
        o = out.reshape(x.shape[0])
        for i in range(x.shape[0]):
            o[i] = one(x[i], decimals)
        return out
    return impl


@overload(np.round, inline=_INLINE)
def np_round(a, decimals=0):
    return _round(a, decimals)


@overload(np.around, inline=_INLINE)
def np_around(a, decimals=0):
    return _round(a, decimals)


@overload_method(types.Array, "round", inline=_INLINE)
def array_round(a, decimals=0):
    return _round(a, decimals)


# --- iinfo / finfo ------------------------------------------------------------------------

IInfo = collections.namedtuple("iinfo", "bits min max")
FInfo = collections.namedtuple(
    "finfo", "bits eps epsneg max min tiny smallest_normal smallest_subnormal "
             "resolution precision maxexp minexp nmant")


def _number_class(t):
    """The scalar type np.iinfo/np.finfo's argument names (a dtype string too)."""
    return _dtype_type(t)


@overload(np.iinfo, inline=_INLINE)
def np_iinfo(int_type):
    """np.iinfo(an integer type or an integer array's dtype), as a
    namedtuple with .bits .min .max (NumPy's values)."""
    t = _number_class(int_type)
    if not isinstance(t, types.Integer):
        return None
    info = np.iinfo(_numpy_dtype(t))
    bits, lo, hi = info.bits, info.min, info.max
    if hi > np.iinfo(np.int64).max:
        # uint64: its fields are uint64 (a closure cannot hold 2**64 - 1)
        def impl_uint64(int_type):
            return IInfo(bits, np.uint64(0), np.uint64(18446744073709551615))
        return impl_uint64

    def impl(int_type):
        return IInfo(bits, lo, hi)
    return impl


@overload(np.finfo, inline=_INLINE)
def np_finfo(dtype):
    """np.finfo(a float type or a float array's dtype), as a namedtuple with
    NumPy's values (in that float type; precision and exponents ints)."""
    t = _number_class(dtype)
    if not isinstance(t, types.Float):
        return None
    dt = _numpy_dtype(t)
    info = np.finfo(dt)
    ints = (info.bits, info.precision, info.maxexp, info.minexp, info.nmant)
    floats = tuple(float(v) for v in (info.eps, info.epsneg, info.max, info.min, info.tiny,
                                      info.smallest_normal, info.smallest_subnormal,
                                      info.resolution))

    def impl(dtype):
        return FInfo(ints[0], dt(floats[0]), dt(floats[1]), dt(floats[2]), dt(floats[3]),
                     dt(floats[4]), dt(floats[5]), dt(floats[6]), dt(floats[7]),
                     ints[1], ints[2], ints[3], ints[4])
    return impl
