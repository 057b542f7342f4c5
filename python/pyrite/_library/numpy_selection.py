"""NumPy functions that pick elements out of arrays: flatnonzero, take
(axis=None), intersect1d, setdiff1d, union1d; and, met in users' programs,
average (weighted mean), atleast_1d/2d/3d, rot90, inner, vander, dstack,
cov, corrcoef and linalg.matrix_rank, with ndarray.conj(), a scalar's
.item() and math.gcd. Results, dtypes and error messages are NumPy 2's.
"""
import math

import numpy as np

from .. import types
from ..errors import TypingError
from ..extending import overload, overload_method, register_jitable
from .numpy_functions import _absent
from .numpy_sorting import _literal

_INLINE = "always"
_REAL = (types.Integer, types.Float, types.Boolean)


def _real_array(a):
    return isinstance(a, types.Array) and isinstance(a.dtype, _REAL)


# --- picking elements ----------------------------------------------------------------

@overload(np.flatnonzero, inline=_INLINE)
def np_flatnonzero(a):
    """The indices of the nonzero elements of a.ravel() (int64)."""
    if not isinstance(a, types.Array):
        return None
    return lambda a: np.nonzero(a.ravel())[0]


@overload(np.take, inline=_INLINE)
def np_take(a, indices, axis=None):
    """a.ravel()[indices] (axis=None only): an element for an integer, an
    array of indices' shape for an array; IndexError out of bounds."""
    if not isinstance(a, types.Array):
        return None
    if not _absent(axis):
        raise TypingError("np.take with axis= is not supported yet (take along the "
                          "flattened array, or index the axis)")
    if isinstance(indices, (types.Integer, types.Boolean)):
        def take_one(a, indices, axis=None):
            flat = a.ravel()
            n = flat.size
            if indices < -n or indices >= n:
                raise IndexError("index out of bounds for the flattened array")
            return flat[indices]
        return take_one
    if isinstance(indices, types.Array) and isinstance(indices.dtype, types.Integer):
        def take_many(a, indices, axis=None):
            flat = a.ravel()
            n = flat.size
            out = np.empty(indices.shape, flat.dtype)
            src = indices.ravel()
            dst = out.reshape(src.size)
            for k in range(src.size):
                i = src[k]
                if i < -n or i >= n:
                    raise IndexError("index out of bounds for the flattened array")
                dst[k] = flat[i]
            return out
        return take_many
    return None


def _set_operation(name):
    def check(ar1, ar2):
        if not (_real_array(ar1) and _real_array(ar2)):
            raise TypingError(f"np.{name} takes two arrays of numbers")
    return check


@overload(np.intersect1d, inline=_INLINE)
def np_intersect1d(ar1, ar2, assume_unique=False, return_indices=False):
    """The sorted unique values found in both arrays (flattened)."""
    _set_operation("intersect1d")(ar1, ar2)
    known, on = _literal(return_indices)
    if not known:
        return None                       # a literal True/False is offered next
    if on:
        raise TypingError("np.intersect1d(return_indices=True) is not supported yet")

    def impl(ar1, ar2, assume_unique=False, return_indices=False):
        both = np.concatenate((np.unique(ar1), np.unique(ar2)))
        both.sort()
        keep = both[1:] == both[:-1]
        return both[:-1][keep]
    return impl


@register_jitable(inline=_INLINE)
def _member_of(values, sorted_unique):
    """For each of `values`, whether it is in `sorted_unique`."""
    n = sorted_unique.size
    found = np.zeros(values.size, np.bool_)
    if n == 0:
        return found
    where = np.searchsorted(sorted_unique, values)
    for k in range(values.size):
        i = where[k]
        found[k] = i < n and sorted_unique[i] == values[k]
    return found


@overload(np.setdiff1d, inline=_INLINE)
def np_setdiff1d(ar1, ar2, assume_unique=False):
    """The sorted unique values of ar1 that are not in ar2."""
    _set_operation("setdiff1d")(ar1, ar2)

    def impl(ar1, ar2, assume_unique=False):
        first = np.unique(ar1)
        return first[~_member_of(first, np.unique(ar2))]
    return impl


@overload(np.union1d, inline=_INLINE)
def np_union1d(ar1, ar2):
    """The sorted unique values of both arrays."""
    _set_operation("union1d")(ar1, ar2)
    return lambda ar1, ar2: np.unique(np.concatenate((ar1.ravel(), ar2.ravel())))


# --- average -----------------------------------------------------------------------------

@overload(np.average, inline=_INLINE)
def np_average(a, axis=None, weights=None, returned=False):
    """The mean of all elements (axis=None), weighted by `weights` of a's
    shape when given; ZeroDivisionError when the weights sum to zero, as
    NumPy. axis= without weights is np.mean's."""
    if not _real_array(a):
        return None
    known, on = _literal(returned)
    if not known:
        return None                       # a literal True/False is offered next
    if on:
        raise TypingError("np.average(returned=True) is not supported yet")
    if _absent(weights):
        if _absent(axis):
            return lambda a, axis=None, weights=None, returned=False: np.mean(a)
        return lambda a, axis=None, weights=None, returned=False: np.mean(a, axis=axis)
    if not _absent(axis):
        raise TypingError("np.average with both axis= and weights= is not supported yet")
    if not _real_array(weights):
        raise TypingError("np.average: weights must be an array of numbers")

    def weighted(a, axis=None, weights=None, returned=False):
        if a.shape != weights.shape:
            raise TypeError("Axis must be specified when shapes of a and weights differ.")
        scale = np.sum(weights * 1.0)
        if scale == 0.0:
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        return np.sum(a * weights * 1.0) / scale
    return weighted


# --- shapes ------------------------------------------------------------------------------

@overload(np.atleast_1d, inline=_INLINE)
def np_atleast_1d(a):
    """a as an array of at least one dimension (a view)."""
    if isinstance(a, types.Array):
        return (lambda a: a) if a.ndim >= 1 else (lambda a: a.reshape(1))
    if isinstance(a, _REAL):
        return lambda a: np.array([a])
    return None


@overload(np.atleast_2d, inline=_INLINE)
def np_atleast_2d(a):
    """a as an array of at least two dimensions: a 1-d array of n becomes
    (1, n), a scalar (1, 1)."""
    if isinstance(a, types.Array):
        if a.ndim >= 2:
            return lambda a: a
        if a.ndim == 1:
            return lambda a: a[np.newaxis, :]
        return lambda a: a.reshape(1, 1)
    if isinstance(a, _REAL):
        return lambda a: np.array([[a]])
    return None


@overload(np.atleast_3d, inline=_INLINE)
def np_atleast_3d(a):
    """a as an array of at least three dimensions: 1-d (n) becomes (1, n,
    1), 2-d (m, n) becomes (m, n, 1), as NumPy."""
    if isinstance(a, types.Array):
        if a.ndim >= 3:
            return lambda a: a
        if a.ndim == 2:
            return lambda a: a[:, :, np.newaxis]
        if a.ndim == 1:
            return lambda a: a[np.newaxis, :, np.newaxis]
        return lambda a: a.reshape(1, 1, 1)
    if isinstance(a, _REAL):
        return lambda a: np.array([[[a]]])
    return None


@overload(np.rot90, inline=_INLINE)
def np_rot90(m, k=1):
    """A 2-d array rotated by 90 degrees k times, counterclockwise (a view)."""
    if not (isinstance(m, types.Array) and m.ndim == 2):
        return None

    def impl(m, k=1):
        turns = k % 4
        if turns == 0:
            return m[:, :]
        if turns == 1:
            return m[:, ::-1].T
        if turns == 2:
            return m[::-1, ::-1]
        return m.T[:, ::-1]
    return impl


# --- products ----------------------------------------------------------------------------

@overload(np.inner, inline=_INLINE)
def np_inner(a, b):
    """The inner product of two 1-d arrays (np.dot's), or of scalars."""
    if isinstance(a, types.Array) and isinstance(b, types.Array) and a.ndim == b.ndim == 1:
        def vectors(a, b):
            if a.size != b.size:
                raise ValueError("shapes not aligned: the last dimensions of the arguments "
                                 "must agree")
            return np.dot(a, b)
        return vectors
    if isinstance(a, _REAL) and isinstance(b, _REAL):
        return lambda a, b: a * b
    return None


@overload(np.vander, inline=_INLINE)
def np_vander(x, N=None, increasing=False):
    """The Vandermonde matrix of 1-d x: columns x**(N-1) ... x**0 (or the
    reverse with increasing=True); N defaults to len(x)."""
    if not (isinstance(x, types.Array) and x.ndim == 1 and isinstance(x.dtype, _REAL)):
        return None
    dtype = np.result_type(np.dtype(str(x.dtype)) if not isinstance(x.dtype, types.Boolean)
                           else np.int64, np.int64)

    def impl(x, N=None, increasing=False):
        n = x.size if N is None else N
        if n < 0:
            raise ValueError("N must be nonnegative")
        out = np.empty((x.size, n), dtype)
        for i in range(x.size):
            power = 1
            for j in range(n):
                col = j if increasing else n - 1 - j
                out[i, col] = power
                power = power * x[i]
        return out
    return impl


# --- methods -----------------------------------------------------------------------------

@overload_method(types.Array, "conj", inline=_INLINE)
def array_conj(a):
    """a.conj(): the complex conjugate, a new array of a's dtype (a real
    array's copy: NumPy's a.conj() keeps bool, where np.conjugate gives int8)."""
    if isinstance(a.dtype, types.Complex):
        return lambda a: np.conjugate(a)
    return lambda a: a.copy()


def _scalar_item(x):
    return lambda x: x


for _cls in (types.Integer, types.Float, types.Boolean, types.Complex):
    overload_method(_cls, "item", inline=_INLINE)(_scalar_item)


# --- math --------------------------------------------------------------------------------

@overload(math.gcd, inline=_INLINE)
def math_gcd(a, b):
    """math.gcd(a, b) of two integers, nonnegative, as CPython."""
    if not all(isinstance(t, (types.Integer, types.Boolean)) for t in (a, b)):
        raise TypingError("math.gcd takes integers")

    def impl(a, b):
        x, y = abs(a), abs(b)
        while y:
            x, y = y, x % y
        return x
    return impl


# --- stacking, rank, covariance ----------------------------------------------------------

@overload(np.dstack, inline=_INLINE)
def np_dstack(tup):
    """The arrays of `tup` stacked along a third axis (each as atleast_3d)."""
    if not (isinstance(tup, (types.UniTuple, types.Tuple)) and len(tup) >= 1 and
            all(isinstance(t, types.Array) for t in tup)):
        return None
    if len(tup) == 1:
        return lambda tup: np.atleast_3d(tup[0]).copy()
    if len(tup) == 2:
        return lambda tup: np.concatenate((np.atleast_3d(tup[0]), np.atleast_3d(tup[1])),
                                          axis=2)
    if len(tup) == 3:
        return lambda tup: np.concatenate((np.atleast_3d(tup[0]), np.atleast_3d(tup[1]),
                                           np.atleast_3d(tup[2])), axis=2)
    raise TypingError("np.dstack of more than three arrays is not supported yet")


@overload(np.linalg.matrix_rank, inline=_INLINE)
def matrix_rank(A, tol=None):
    """The number of singular values of 2-d A above `tol` (default NumPy's:
    S.max() * max(M, N) * eps); for 1-d A, 1 unless every element is 0."""
    if not (isinstance(A, types.Array) and isinstance(A.dtype, (types.Float, types.Integer))):
        return None
    if A.ndim == 1:
        return lambda A, tol=None: int(np.any(A != 0))
    if A.ndim != 2:
        return None
    if _absent(tol):
        def default_tol(A, tol=None):
            if A.size == 0:
                return 0
            S = np.linalg.svd(A * 1.0, compute_uv=False)
            limit = S.max() * max(A.shape[0], A.shape[1]) * np.finfo(S.dtype).eps
            return int(np.sum(S > limit))
        return default_tol

    def given_tol(A, tol=None):
        if A.size == 0:
            return 0
        S = np.linalg.svd(A * 1.0, compute_uv=False)
        return int(np.sum(S > tol))
    return given_tol


@register_jitable
def _cov(m, y, rowvar, bias, ddof):
    """np.cov as a 2-d array (the variables in rows after rowvar)."""
    X = np.atleast_2d(m) * 1.0
    if not rowvar and X.shape[0] != 1:
        X = X.T
    if y is not None:
        Y = np.atleast_2d(y) * 1.0
        if not rowvar and Y.shape[0] != 1:
            Y = Y.T
        X = np.concatenate((X, Y), axis=0)
    n = X.shape[1]
    d = (0 if bias else 1) if ddof is None else ddof
    X = X - X.sum(axis=1).reshape(X.shape[0], 1) / n
    return np.dot(X, X.T) / (n - d)


@register_jitable
def _corrcoef(x, y, rowvar):
    c = _cov(x, y, rowvar, False, None)
    d = np.sqrt(np.diag(c))
    return np.clip(c / d.reshape(d.size, 1) / d.reshape(1, d.size), -1.0, 1.0)


@overload(np.cov, inline=_INLINE)
def np_cov(m, y=None, rowvar=True, bias=False, ddof=None):
    """The covariance matrix of the variables in the rows of m (its columns
    with rowvar=False), y's appended; normalized by N - 1 (N with
    bias=True, N - ddof with ddof). float64; a 0-d array for one variable,
    as NumPy gives."""
    if not (isinstance(m, types.Array) and m.ndim <= 2 and isinstance(m.dtype, _REAL)):
        return None
    if not _absent(y) and not (isinstance(y, types.Array) and y.ndim <= 2):
        return None
    if m.ndim == 1 and _absent(y):
        return lambda m, y=None, rowvar=True, bias=False, ddof=None: \
            np.array(_cov(m, y, rowvar, bias, ddof)[0, 0])
    return lambda m, y=None, rowvar=True, bias=False, ddof=None: _cov(m, y, rowvar, bias, ddof)


@overload(np.corrcoef, inline=_INLINE)
def np_corrcoef(x, y=None, rowvar=True):
    """Pearson correlation coefficients: np.cov normalized by the standard
    deviations, clipped to [-1, 1] as NumPy."""
    if not (isinstance(x, types.Array) and x.ndim <= 2 and isinstance(x.dtype, _REAL)):
        return None
    if x.ndim == 1 and _absent(y):
        return lambda x, y=None, rowvar=True: np.array(_corrcoef(x, y, rowvar)[0, 0])
    return lambda x, y=None, rowvar=True: _corrcoef(x, y, rowvar)
