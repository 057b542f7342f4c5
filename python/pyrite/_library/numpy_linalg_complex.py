"""np.linalg on complex matrices through LAPACK's complex drivers (c for
complex64, z for complex128), beside numpy_linalg.py's real ones, whose
overloads decline complex input: solve (?gesv), inv (?getrf + ?getri),
det and slogdet (?getrf), cholesky (?potrf, a = L L^H), eig and eigvals
(?geev), eigh and eigvalsh (?heevd), svd (?gesdd), pinv and the spectral
norms (2, -2, 'nuc') from its singular values, qr (?geqrf + ?ungqr) and
lstsq (?gelsd); solve, inv, cholesky and qr are numpy_linalg's
implementations in the complex dtypes, and its matrix_power takes complex
matrices too. A real operand meeting a complex one is converted to NumPy's
result dtype first. Semantics are NumPy's (numpy/linalg/_linalg.py):
LinAlgError on singular and non positive definite input and wherever
LAPACK reports a failure, slogdet's sign a complex number of modulus 1 (0
for a singular matrix) and its log|det| real, eigenvalues of Hermitian
matrices and singular values real.

The decompositions run, as NumPy's, on a Fortran-ordered copy of the
matrix, so that LAPACK returns the eigenvectors and singular vectors NumPy
gets (the same phases); the vectors come back as transposed views of
LAPACK's Fortran arrays. complex64 input is computed in single precision
(the c drivers), as float32 input is by numpy_linalg (NumPy computes in
double and rounds the results)."""
import functools

import numpy as np

from .. import types
from ..extending import overload, register_jitable
from ._lapack import _SHAPES, _c_function, _data, _finite, _lapack_error, _load, _square
from .numpy_linalg import _cholesky_impl, _inv_impl, _lu, _qr_impl, _solve_impl

_INLINE = "always"

# (addresses, hidden string lengths) of each driver: ?geev, ?heevd, ?gesdd
# and ?gelsd take a real workspace (rwork) that the real drivers lack
_SHAPES_C = {f: _SHAPES[f] for f in ("gesv", "getrf", "getri", "potrf", "geqrf")}
_SHAPES_C.update(geev=(14, 2), heevd=(13, 2), gesdd=(15, 1), ungqr=(9, 0), gelsd=(15, 0))
_C = {k: {f: _c_function(k + f, *shape) for f, shape in _SHAPES_C.items()} for k in "cz"}
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


def _matrix_kind(a):
    """_complex_kind of a 2-d array; None for anything else."""
    return _complex_kind(a) if isinstance(a, types.Array) and a.ndim == 2 else None


@register_jitable(inline="always")
def _workspace(size):
    """A workspace size a query returned in a float, rounded up: a float32
    holds 24 bits, and a size rounded down can be too small for LAPACK."""
    return int(size * (1.0 + 2.0 ** -20)) + 1


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
    k = _matrix_kind(a)
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
    k = _matrix_kind(a)
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
    k = _matrix_kind(a)
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
    k = _matrix_kind(a)
    if k is None:
        return None
    return _cholesky_impl(_DTYPE[k], _C[k]["potrf"])


# --- eig, eigvals -----------------------------------------------------------------------

def _eig_impl(k, vectors):
    """(w, v) by ?geev, which gives complex eigenvalues and eigenvectors
    (each of norm 1, its largest component real) directly; v is (1, 1)
    without vectors."""
    dt, rt, geev = _DTYPE[k], _REAL[k], _C[k]["geev"]

    def impl(a):
        n = _square(a)
        _finite(a)
        c = a.T.astype(dt)          # a in Fortran order
        w = np.empty(n, dt)
        vr = np.empty((n, n) if vectors else (1, 1), dt)
        if n > 0:
            iw = np.empty(6, np.int32)
            iw[0] = n
            iw[1] = -1          # lwork
            iw[2] = 0           # info
            iw[3] = ord("N")
            iw[4] = ord("V") if vectors else ord("N")
            iw[5] = 1
            p = _data(iw)
            ldvr = p if vectors else p + 20
            rwork = np.empty(2 * n, rt)
            query = np.empty(1, dt)
            geev(p + 12, p + 16, p, _data(c), p, _data(w), _data(query), p + 20, _data(vr),
                 ldvr, _data(query), p + 4, _data(rwork), p + 8, 1, 1)
            iw[1] = _workspace(query[0].real)
            work = np.empty(iw[1], dt)
            geev(p + 12, p + 16, p, _data(c), p, _data(w), _data(query), p + 20, _data(vr),
                 ldvr, _data(work), p + 4, _data(rwork), p + 8, 1, 1)
            if iw[2] != 0:
                raise np.linalg.LinAlgError("Eigenvalues did not converge")
        return w, vr.T
    return impl


@overload(np.linalg.eig, inline=_INLINE)
def eig(a):
    k = _matrix_kind(a)
    return None if k is None else _eig_impl(k, True)


@overload(np.linalg.eigvals, inline=_INLINE)
def eigvals(a):
    k = _matrix_kind(a)
    if k is None:
        return None
    inner = register_jitable(inline="always")(_eig_impl(k, False))
    return lambda a: inner(a)[0]


# --- eigh, eigvalsh ----------------------------------------------------------------------

def _eigh_impl(a, UPLO, vectors):
    """(w, v) of the Hermitian matrix in a's lower (UPLO='L') or upper
    triangle by ?heevd: w real and ascending; v is (n, n) without vectors."""
    k = _matrix_kind(a)
    if k is None:
        return None
    if not (isinstance(UPLO, (types.StringLiteral, types.UnicodeType, types.Omitted))
            or UPLO == "L"):
        return None
    dt, rt, heevd = _DTYPE[k], _REAL[k], _C[k]["heevd"]

    def impl(a, UPLO="L"):
        n = _square(a)
        uplo = UPLO.upper()         # (NumPy takes 'l' and 'u')
        if uplo != "L" and uplo != "U":
            raise ValueError("UPLO argument must be 'L' or 'U'")
        c = a.T.astype(dt)          # a in Fortran order
        w = np.empty(n, rt)
        if n > 0:
            iw = np.empty(7, np.int32)
            iw[0] = n
            iw[1] = -1          # lwork
            iw[2] = -1          # lrwork
            iw[3] = -1          # liwork
            iw[4] = 0           # info
            iw[5] = ord("V") if vectors else ord("N")
            iw[6] = ord("L") if uplo == "L" else ord("U")
            p = _data(iw)
            query = np.empty(1, dt)
            rquery = np.empty(1, rt)
            iquery = np.empty(1, np.int32)
            heevd(p + 20, p + 24, p, _data(c), p, _data(w), _data(query), p + 4,
                  _data(rquery), p + 8, _data(iquery), p + 12, p + 16, 1, 1)
            iw[1] = _workspace(query[0].real)
            iw[2] = _workspace(rquery[0])
            iw[3] = max(iquery[0], 1)
            work = np.empty(iw[1], dt)
            rwork = np.empty(iw[2], rt)
            iwork = np.empty(iw[3], np.int32)
            heevd(p + 20, p + 24, p, _data(c), p, _data(w), _data(work), p + 4,
                  _data(rwork), p + 8, _data(iwork), p + 12, p + 16, 1, 1)
            if iw[4] != 0:
                raise np.linalg.LinAlgError("Eigenvalues did not converge")
        return w, c.T
    return impl


@overload(np.linalg.eigh, inline=_INLINE)
def eigh(a, UPLO="L"):
    return _eigh_impl(a, UPLO, True)


@overload(np.linalg.eigvalsh, inline=_INLINE)
def eigvalsh(a, UPLO="L"):
    inner = _eigh_impl(a, UPLO, False)
    if inner is None:
        return None
    inner = register_jitable(inline="always")(inner)
    return lambda a, UPLO="L": inner(a, UPLO)[0]


# --- svd, pinv, the spectral norms --------------------------------------------------------

@functools.cache
def _svd_core(k):
    """core(a, full, uv) -> (u, s, vh) by ?gesdd (s real, descending); u
    and vh are (1, 1) when not uv."""
    dt, rt, gesdd = _DTYPE[k], _REAL[k], _C[k]["gesdd"]

    @register_jitable(inline="always")
    def core(a, full, uv):
        m, n = a.shape
        kk = min(m, n)
        f = a.T.astype(dt)          # a in Fortran order
        s = np.empty(kk, rt)
        if not uv:
            ucols, vrows = 1, 1
        elif full:
            ucols, vrows = m, n
        else:
            ucols, vrows = kk, kk
        ut = np.empty((ucols, m) if uv else (1, 1), dt)     # u in Fortran order
        vht = np.empty((n, vrows) if uv else (1, 1), dt)    # vh in Fortran order
        if kk == 0:
            if uv and full:
                ut[:, :] = 0
                vht[:, :] = 0
                for i in range(m):
                    ut[i, i] = 1
                for i in range(n):
                    vht[i, i] = 1
            return ut.T, s, vht.T
        iw = np.empty(8, np.int32)
        iw[0] = m
        iw[1] = n
        iw[2] = m if uv else 1          # ldu
        iw[3] = vrows if uv else 1      # ldvt
        iw[4] = -1                      # lwork
        iw[5] = 0                       # info
        iw[6] = ord("N") if not uv else ord("A") if full else ord("S")
        p = _data(iw)
        big = max(m, n)
        lrwork = max(5 * kk * kk + 5 * kk, 2 * big * kk + 2 * kk * kk + kk) if uv else 7 * kk
        rwork = np.empty(lrwork, rt)
        iwork = np.empty(8 * kk, np.int32)
        query = np.empty(1, dt)
        gesdd(p + 24, p, p + 4, _data(f), p, _data(s), _data(ut), p + 8, _data(vht), p + 12,
              _data(query), p + 16, _data(rwork), _data(iwork), p + 20, 1)
        iw[4] = _workspace(query[0].real)
        work = np.empty(iw[4], dt)
        gesdd(p + 24, p, p + 4, _data(f), p, _data(s), _data(ut), p + 8, _data(vht), p + 12,
              _data(work), p + 16, _data(rwork), _data(iwork), p + 20, 1)
        if iw[5] != 0:
            raise np.linalg.LinAlgError("SVD did not converge")
        return ut.T, s, vht.T
    return core


@overload(np.linalg.svd, inline=_INLINE, prefer_literal=True)
def svd(a, full_matrices=True, compute_uv=True):
    """(u, s, vh) (compute_uv=True), or s; compute_uv must be a constant."""
    k = _matrix_kind(a)
    if k is None:
        return None
    uv = compute_uv
    if isinstance(uv, (types.BooleanLiteral, types.IntegerLiteral)):
        uv = bool(uv.literal_value)
    elif isinstance(uv, types.Omitted):
        uv = True
    if not isinstance(uv, bool):
        return None           # compute_uv must be a constant
    core = _svd_core(k)
    if uv:
        return lambda a, full_matrices=True, compute_uv=True: core(a, bool(full_matrices), True)
    return lambda a, full_matrices=True, compute_uv=True: core(a, False, False)[1]


@overload(np.linalg.pinv, inline=_INLINE)
def pinv(a, rcond=None, hermitian=False):
    """vh^H diag(1/s) u^H over the singular values above rcond * max(s)
    (rcond 1e-15 by default, as NumPy)."""
    k = _matrix_kind(a)
    if k is None:
        return None
    dt, core = _DTYPE[k], _svd_core(k)
    default = rcond is None or isinstance(rcond, (types.NoneType, types.Omitted))

    def impl(a, rcond=None, hermitian=False):
        m, n = a.shape
        out = np.zeros((n, m), dt)
        if m == 0 or n == 0:
            return out
        r = 1e-15 if default else rcond
        u, s, vh = core(a, False, True)
        cutoff = r * s.max()
        for q in range(s.shape[0]):
            if s[q] > cutoff:
                inv_s = 1.0 / s[q]
                for i in range(n):
                    x = vh[q, i].conjugate() * inv_s
                    for j in range(m):
                        out[i, j] += x * u[j, q].conjugate()
        return out
    return impl


@overload(np.linalg.norm, inline=_INLINE)
def norm(x, ord=None):
    """Norms of complex vectors (every order: those of |x|) and matrices:
    None/'fro', 1, -1, inf and -inf those of |x|; 2, -2 and 'nuc' the
    largest, smallest and sum of the singular values."""
    k = _complex_kind(x) if isinstance(x, types.Array) and x.ndim in (1, 2) else None
    if k is None:
        return None
    if isinstance(ord, types.StringLiteral):   # a constant the real norm sees too
        if ord.literal_value not in ("fro", "nuc") or x.ndim != 2:
            return None
        if ord.literal_value == "fro":
            return lambda x, ord=None: np.linalg.norm(np.abs(x), "fro")
    elif x.ndim == 1 or isinstance(ord, (types.NoneType, types.Omitted)) or ord is None:
        return lambda x, ord=None: np.linalg.norm(np.abs(x), ord)
    rt, core = _REAL[k], _svd_core(k)
    if isinstance(ord, types.StringLiteral):
        return lambda x, ord=None: rt(core(x, False, False)[1].sum())

    def impl(x, ord=None):
        if ord == 2 or ord == -2:
            s = core(x, False, False)[1]
            if s.shape[0] == 0:         # NumPy's max has initial=0, its min none
                if ord == 2:
                    return rt(0.0)
                raise ValueError("zero-size array to reduction operation minimum which "
                                 "has no identity")
            return rt(s.max() if ord == 2 else s.min())
        return np.linalg.norm(np.abs(x), ord)
    return impl


# --- qr ----------------------------------------------------------------------------------

@overload(np.linalg.qr, inline=_INLINE)
def qr(a, mode="reduced"):
    """numpy_linalg's ?geqrf + ?orgqr implementation with ?ungqr."""
    k = _matrix_kind(a)
    return None if k is None else _qr_impl(_DTYPE[k], _C[k]["geqrf"], _C[k]["ungqr"], mode)


# --- lstsq -------------------------------------------------------------------------------

@overload(np.linalg.lstsq, inline=_INLINE)
def lstsq(a, b, rcond=None):
    """(x, residuals, rank, s) by ?gelsd, residuals and s real; rcond None
    means eps * max(m, n) with the eps of the dtype computed in (as
    numpy_linalg's lstsq). b 1-d or 2-d."""
    if not (isinstance(a, types.Array) and a.ndim == 2 and isinstance(b, types.Array)
            and b.ndim in (1, 2)):
        return None
    k = _complex_kind(a, b)
    if k is None:
        return None
    dt, rt, gelsd, core = _DTYPE[k], _REAL[k], _C[k]["gelsd"], _svd_core(k)
    eps = float(np.finfo(rt).eps)
    default = rcond is None or isinstance(rcond, (types.NoneType, types.Omitted))
    vector = b.ndim == 1

    @register_jitable(inline="always")
    def solve(f, bf, s, m, n, nrhs, rc):
        """?gelsd on Fortran a (f) and b (bf, overwritten by x); the rank."""
        iw = np.empty(7, np.int32)
        iw[0] = m
        iw[1] = n
        iw[2] = nrhs
        iw[3] = m
        iw[4] = bf.shape[1]     # ldb
        iw[5] = -1              # lwork
        iw[6] = 0               # info
        p = _data(iw)
        rcv = np.empty(1, rt)
        rcv[0] = rc
        rk = np.zeros(1, np.int32)
        query = np.empty(1, dt)
        rquery = np.zeros(1, rt)
        iquery = np.zeros(1, np.int32)
        gelsd(p, p + 4, p + 8, _data(f), p + 12, _data(bf), p + 16, _data(s), _data(rcv),
              _data(rk), _data(query), p + 20, _data(rquery), _data(iquery), p + 24)
        iw[5] = _workspace(query[0].real)
        work = np.empty(iw[5], dt)
        rwork = np.empty(_workspace(rquery[0]), rt)
        iwork = np.empty(max(iquery[0], 1), np.int32)
        gelsd(p, p + 4, p + 8, _data(f), p + 12, _data(bf), p + 16, _data(s), _data(rcv),
              _data(rk), _data(work), p + 20, _data(rwork), _data(iwork), p + 24)
        if iw[6] != 0:
            raise np.linalg.LinAlgError("SVD did not converge in Linear Least Squares")
        return rk[0]

    def impl(a, b, rcond=None):
        m, n = a.shape
        if b.shape[0] != m:
            raise np.linalg.LinAlgError("Incompatible dimensions")
        nrhs = 1 if vector else b.shape[1]
        rc = eps * max(m, n) if default else rcond
        bf = np.zeros((nrhs, max(m, n, 1)), dt)     # Fortran ldb x nrhs
        if vector:
            bf[0, :m] = b.astype(dt)
        else:
            bf[:, :m] = b.T.astype(dt)
        kk = min(m, n)
        s = np.empty(kk, rt)
        rank = np.int32(0)
        if kk > 0 and nrhs == 0:
            # (?gelsd refuses no right-hand sides) the rank from the SVD
            s = core(a, False, False)[1]
            for q in range(kk):
                if s[q] > rc * s[0]:
                    rank += 1
        elif kk > 0:
            rank = solve(a.T.astype(dt), bf, s, m, n, nrhs, rc)
        x = np.empty((n, nrhs), dt)
        for i in range(n):
            for j in range(nrhs):
                x[i, j] = bf[j, i]
        if rank == n and m > n:
            res = np.zeros(nrhs, rt)
            for j in range(nrhs):
                for i in range(n, m):
                    v = bf[j, i]
                    res[j] += v.real * v.real + v.imag * v.imag
        else:
            res = np.empty(0, rt)
        if vector:
            return x[:, 0].copy(), res, rank, s
        return x, res, rank, s
    return impl
