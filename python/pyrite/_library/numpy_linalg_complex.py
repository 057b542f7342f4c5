"""np.linalg on complex matrices through LAPACK's complex drivers (c for
complex64, z for complex128), beside numpy_linalg.py's real ones, whose
overloads decline complex input: solve (?gesv), inv (?getrf + ?getri),
det and slogdet (?getrf), cholesky (?potrf, a = L L^H) and the norms that
need no singular values; solve, inv and cholesky are numpy_linalg's
implementations in the complex dtypes, and its matrix_power takes complex
matrices too. A real operand meeting a complex
one is converted to NumPy's result dtype first. Semantics are NumPy's
(numpy/linalg/_linalg.py): LinAlgError on singular and non positive
definite input, slogdet's sign a complex number of modulus 1 (0 for a
singular matrix) and its log|det| real."""
import numpy as np

from .. import types
from ..extending import overload, register_jitable
from .numpy_linalg import (_SHAPES, _c_function, _cholesky_impl, _inv_impl, _lapack_error,
                           _load, _lu, _solve_impl, _square)

_INLINE = "always"

_C = {k: {f: _c_function(k + f, *_SHAPES[f]) for f in ("gesv", "getrf", "getri", "potrf")}
      for k in "cz"}
_DTYPE = {"c": np.complex64, "z": np.complex128}
_REAL = {"c": np.float32, "z": np.float64}


def _numpy_dtype(t):
    from .numpy_functions import _numpy_dtype as dtype_of
    return dtype_of(t)


def _complex_kind(*arrays):
    """'c' or 'z' for the complex dtype NumPy computes these arrays in (at
    least one complex, the others numbers); None otherwise."""
    if not all(isinstance(a, types.Array) and isinstance(a.dtype, (types.Number, types.Boolean))
               for a in arrays):
        return None
    if not any(isinstance(a.dtype, types.Complex) for a in arrays):
        return None
    dt = np.result_type(*[_numpy_dtype(a.dtype) for a in arrays])
    _load()
    return "c" if dt == np.complex64 else "z"


@overload(np.linalg.solve, inline=_INLINE)
def solve(a, b):
    """x with a @ x = b: numpy_linalg's ?gesv implementation in c/z."""
    k = _complex_kind(a, b) if isinstance(a, types.Array) and a.ndim == 2 else None
    if k is None or b.ndim not in (1, 2):
        return None
    return _solve_impl(_DTYPE[k], _C[k]["gesv"], b.ndim == 1)


@overload(np.linalg.inv, inline=_INLINE)
def inv(a):
    """numpy_linalg's ?getrf + ?getri implementation in c/z."""
    k = _complex_kind(a) if isinstance(a, types.Array) and a.ndim == 2 else None
    if k is None:
        return None
    return _inv_impl(_DTYPE[k], _C[k]["getrf"], _C[k]["getri"])


@register_jitable(inline="always")
def _lu_diagonal(a, dt, getrf):
    """(lu, pivots, info) of a copy of square `a` in complex dtype dt."""
    _square(a)
    lu = a.astype(dt)
    piv, info = _lu(lu, getrf)
    _lapack_error(info, "getrf")
    return lu, piv, info


@overload(np.linalg.det, inline=_INLINE)
def det(a):
    """The product of U's diagonal, negated for each row exchange."""
    k = _complex_kind(a) if isinstance(a, types.Array) and a.ndim == 2 else None
    if k is None:
        return None
    dt, getrf = _DTYPE[k], _C[k]["getrf"]

    def impl(a):
        lu, piv, info = _lu_diagonal(a, dt, getrf)
        d = dt(1.0)
        if info > 0:
            return dt(0.0)
        for i in range(lu.shape[0]):
            d *= lu[i, i]
            if piv[i] != i + 1:
                d = -d
        return d
    return impl


@overload(np.linalg.slogdet, inline=_INLINE)
def slogdet(a):
    """(sign, log|det|): sign the product of u/|u| over U's diagonal (and -1
    per row exchange), log|det| the sum of log|u|, real."""
    k = _complex_kind(a) if isinstance(a, types.Array) and a.ndim == 2 else None
    if k is None:
        return None
    dt, rt, getrf = _DTYPE[k], _REAL[k], _C[k]["getrf"]

    def impl(a):
        lu, piv, info = _lu_diagonal(a, dt, getrf)
        if info > 0:
            return dt(0.0), rt(-np.inf)
        sign = dt(1.0)
        logdet = 0.0
        for i in range(lu.shape[0]):
            u = lu[i, i]
            size = abs(u)
            sign *= u / size
            if piv[i] != i + 1:
                sign = -sign
            logdet += np.log(size)
        return sign, rt(logdet)
    return impl


@overload(np.linalg.cholesky, inline=_INLINE)
def cholesky(a, upper=False):
    """Lower L with a = L L^H (upper=True: U with a = U^H U): numpy_linalg's
    ?potrf implementation in c/z."""
    k = _complex_kind(a) if isinstance(a, types.Array) and a.ndim == 2 else None
    if k is None:
        return None
    return _cholesky_impl(_DTYPE[k], _C[k]["potrf"])


@overload(np.linalg.norm, inline=_INLINE)
def norm(x, ord=None):
    """Norms of complex vectors (every order: those of |x|) and matrices
    (None/'fro', 1, -1, inf, -inf: those of |x|); the spectral norms
    (2, -2, 'nuc') need complex singular values, which pyrite does not
    compute yet: 'nuc' is a TypingError, 2 and -2 a NotImplementedError."""
    if not (isinstance(x, types.Array) and isinstance(x.dtype, types.Complex)
            and x.ndim in (1, 2)):
        return None
    if isinstance(ord, types.StringLiteral):   # 'fro': a constant the real norm sees too
        if ord.literal_value != "fro" or x.ndim != 2:
            return None
        return lambda x, ord=None: np.linalg.norm(np.abs(x), "fro")
    if x.ndim == 1 or isinstance(ord, (types.NoneType, types.Omitted)) or ord is None:
        return lambda x, ord=None: np.linalg.norm(np.abs(x), ord)

    def impl(x, ord=None):
        if ord == 2 or ord == -2:
            raise NotImplementedError("the spectral norm of a complex matrix (ord=2 or -2) "
                                      "is not supported yet")
        return np.linalg.norm(np.abs(x), ord)
    return impl
