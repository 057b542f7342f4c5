"""Linear algebra through BLAS and LAPACK: np.linalg's solve, inv, det, slogdet, eig, eigvals,
eigh, eigvalsh, svd, qr, cholesky, lstsq, norm, matrix_power and pinv, with
NumPy 2's results and errors (as Numba implements them in
numba/np/linalg.py). The matrix products (np.dot, np.matmul, `@`,
np.vdot) call the same BLAS: numpy_products.py. How the libraries are
found and called: _lapack.py.

LAPACK works on a copy, so inputs are never modified. A C-ordered copy of A
is A^T in Fortran order; where the transpose does not change the answer
(det, inv, cholesky and eigh of the symmetric part, svd with u and vh
swapped), LAPACK runs on that plain copy, as fast as memcpy.
"""
import numpy as np

from .. import types
from ..errors import TypingError
from ..extending import overload, register_jitable
from ._lapack import (_C, _INLINE, _NP, _data, _finite, _kind, _lapack_error, _linalg_kind,
                      _load, _square)

# --- LU: solve, inv, det, slogdet --------------------------------------------------------

@overload(np.linalg.solve, inline=_INLINE)
def solve(a, b):
    """x with a @ x = b: ?gesv on Fortran-ordered copies of a and b, as
    Numba (?getrf + ?getrs 'T' on the plain copy saves the transposing
    copy, but OpenBLAS's threaded ?getrf is then much slower on a busy
    machine than its ?gesv). A 2-d x comes back in Fortran order."""
    k = _linalg_kind(a)
    if k is None or _kind(b) is None or b.ndim not in (1, 2):
        return None
    dt = np.float64 if k == "d" or _kind(b) == "d" else np.float32
    return _solve_impl(dt, _C["s" if dt == np.float32 else "d"]["gesv"], b.ndim == 1)


def _solve_impl(dt, gesv, vector):
    """solve's implementation in dtype dt with ?gesv (numpy_linalg_complex
    uses it too)."""
    def impl(a, b):
        n = _square(a)
        if b.shape[0] != n:
            if vector:
                raise ValueError("solve1: Input operand 1 has a mismatch in its core "
                                 "dimension 0, with gufunc signature (m,m),(m)->(m) (size "
                                 "%d is different from %d)" % (b.shape[0], n))
            raise ValueError("solve: Input operand 1 has a mismatch in its core dimension "
                             "0, with gufunc signature (m,m),(m,n)->(m,n) (size %d is "
                             "different from %d)" % (b.shape[0], n))
        lu = a.T.astype(dt)         # a in Fortran order
        if vector:
            x = b.astype(dt)
            nrhs = 1
        else:
            x = b.T.astype(dt)      # b in Fortran order
            nrhs = b.shape[1]
        if n > 0 and nrhs > 0:
            piv = np.empty(n, np.int32)
            iw = np.empty(3, np.int32)
            iw[0] = n
            iw[1] = nrhs
            iw[2] = 0
            p = _data(iw)
            gesv(p, p + 4, _data(lu), p, _data(piv), _data(x), p, p + 8)
            info = iw[2]
            _lapack_error(info, "gesv")
            if info > 0:
                raise np.linalg.LinAlgError("Singular matrix")
        return x if vector else x.T
    return impl


@register_jitable(inline="always")
def _lu(lu, getrf):
    """Factorize lu (n x n, in place); (pivots, info)."""
    n = lu.shape[0]
    piv = np.empty(max(n, 1), np.int32)
    iw = np.empty(2, np.int32)
    iw[0] = n
    iw[1] = 0
    p = _data(iw)
    if n > 0:
        getrf(p, p, _data(lu), p, _data(piv), p + 4)
    return piv, iw[1]


@overload(np.linalg.inv, inline=_INLINE)
def inv(a):
    """?getrf + ?getri on the C-ordered copy (the inverse of a^T is the
    transpose of a's inverse)."""
    k = _linalg_kind(a)
    if k is None:
        return None
    return _inv_impl(_NP[k], _C[k]["getrf"], _C[k]["getri"])


def _inv_impl(dt, getrf, getri):
    """inv's implementation in dtype dt (numpy_linalg_complex uses it too)."""
    def impl(a):
        n = _square(a)
        lu = a.astype(dt)
        if n == 0:
            return lu
        piv, info = _lu(lu, getrf)
        _lapack_error(info, "getrf")
        if info > 0:
            raise np.linalg.LinAlgError("Singular matrix")
        iw = np.empty(3, np.int32)
        iw[0] = n
        iw[1] = -1
        query = np.empty(1, dt)
        p = _data(iw)
        getri(p, _data(lu), p, _data(piv), _data(query), p + 4, p + 8)
        iw[1] = max(int(query[0].real), n)   # (a complex dtype's size is real)
        work = np.empty(iw[1], dt)
        getri(p, _data(lu), p, _data(piv), _data(work), p + 4, p + 8)
        if iw[2] > 0:
            raise np.linalg.LinAlgError("Singular matrix")
        return lu
    return impl


@register_jitable(inline="always")
def _lu_sign_logdet(lu, piv, info):
    n = lu.shape[0]
    if info > 0:
        return 0.0, -np.inf
    sign = 1.0
    logdet = 0.0
    for i in range(n):
        d = lu[i, i]
        if piv[i] != i + 1:
            sign = -sign
        if d < 0:
            sign = -sign
            d = -d
        logdet += np.log(d)
    return sign, logdet


@overload(np.linalg.det, inline=_INLINE)
def det(a):
    k = _linalg_kind(a)
    if k is None:
        return None
    dt = _NP[k]
    getrf = _C[k]["getrf"]

    def impl(a):
        n = _square(a)
        lu = a.astype(dt)
        piv, info = _lu(lu, getrf)
        _lapack_error(info, "getrf")
        if info > 0:
            return dt(0.0)
        d = dt(1.0)
        for i in range(n):
            d *= lu[i, i]
            if piv[i] != i + 1:
                d = -d
        return d
    return impl


@overload(np.linalg.slogdet, inline=_INLINE)
def slogdet(a):
    """(sign, log|det|): a tuple (NumPy's SlogdetResult has these fields)."""
    k = _linalg_kind(a)
    if k is None:
        return None
    dt = _NP[k]
    getrf = _C[k]["getrf"]

    def impl(a):
        _square(a)
        lu = a.astype(dt)
        piv, info = _lu(lu, getrf)
        _lapack_error(info, "getrf")
        sign, logdet = _lu_sign_logdet(lu, piv, info)
        return dt(sign), dt(logdet)
    return impl


# --- cholesky, eigh, eigvalsh ------------------------------------------------------------

@overload(np.linalg.cholesky, inline=_INLINE)
def cholesky(a, upper=False):
    """Lower L with a = L L^T from a's lower triangle (upper=True: U with
    a = U^T U from the upper one). ?potrf on the C-ordered copy, with the
    other triangle's letter."""
    k = _linalg_kind(a)
    if k is None:
        return None
    return _cholesky_impl(_NP[k], _C[k]["potrf"])


def _cholesky_impl(dt, potrf):
    """cholesky's implementation in dtype dt: the same calls give a = L L^H
    for complex dtypes, Fortran reading the C copy as a^T = conj(a)
    (numpy_linalg_complex uses it)."""
    def impl(a, upper=False):
        n = _square(a)
        c = a.astype(dt)
        if n == 0:
            return c
        iw = np.empty(3, np.int32)
        iw[0] = n
        iw[1] = 0
        # Fortran's upper triangle is a's lower one, and the reverse
        iw[2] = ord("L") if upper else ord("U")
        p = _data(iw)
        potrf(p + 8, p, _data(c), p, p + 4, 1)
        _lapack_error(iw[1], "potrf")
        if iw[1] > 0:
            raise np.linalg.LinAlgError("Matrix is not positive definite")
        for i in range(n):
            for j in range(n):
                if (j > i and not upper) or (j < i and upper):
                    c[i, j] = 0
        return c
    return impl


def _eigh(a, UPLO, vectors):
    k = _linalg_kind(a)
    if k is None:
        return None
    if not (isinstance(UPLO, (types.StringLiteral, types.UnicodeType)) or UPLO == "L"
            or isinstance(UPLO, types.Omitted)):
        return None
    dt = _NP[k]
    syevd = _C[k]["syevd"]

    def impl(a, UPLO="L"):
        n = _square(a)
        if UPLO.upper() != "L" and UPLO.upper() != "U":     # (NumPy takes 'l' and 'u')
            raise ValueError("UPLO argument must be 'L' or 'U'")
        c = a.astype(dt)
        w = np.empty(n, dt)
        if n == 0:
            return w, c
        # a's lower triangle is the upper one of the Fortran-order view
        iw = np.empty(7, np.int32)
        iw[0] = n
        iw[1] = -1          # lwork
        iw[2] = -1          # liwork
        iw[3] = 0           # info
        iw[4] = ord("V") if vectors else ord("N")
        iw[5] = ord("U") if UPLO.upper() == "L" else ord("L")
        p = _data(iw)
        query = np.empty(1, dt)
        iquery = np.empty(1, np.int32)
        syevd(p + 16, p + 20, p, _data(c), p, _data(w), _data(query), p + 4,
              _data(iquery), p + 8, p + 12, 1, 1)
        iw[1] = int(query[0])
        iw[2] = iquery[0]
        work = np.empty(iw[1], dt)
        iwork = np.empty(iw[2], np.int32)
        syevd(p + 16, p + 20, p, _data(c), p, _data(w), _data(work), p + 4,
              _data(iwork), p + 8, p + 12, 1, 1)
        _lapack_error(iw[3], "syevd")
        if iw[3] > 0:
            raise np.linalg.LinAlgError("Eigenvalues did not converge")
        return w, c.T.copy()
    return impl


@overload(np.linalg.eigh, inline=_INLINE)
def eigh(a, UPLO="L"):
    return _eigh(a, UPLO, True)


@overload(np.linalg.eigvalsh, inline=_INLINE)
def eigvalsh(a, UPLO="L"):
    inner = _eigh(a, UPLO, False)
    if inner is None:
        return None
    inner = register_jitable(inline="always")(inner)

    def impl(a, UPLO="L"):
        return inner(a, UPLO)[0]
    return impl


# --- eig, eigvals -----------------------------------------------------------------------

# NumPy 2.5 made eig/eigvals of real matrices always complex; before, the
# result was real when every eigenvalue was (a type that depends on values:
# pyrite then gives real results and refuses complex spectra, as Numba).
_COMPLEX_EIG = tuple(int(p) for p in np.__version__.split(".")[:2]) >= (2, 5)


@register_jitable
def _complex_eig(wr, wi, vr, ct):
    """w = wr + i*wi and NumPy's eigenvectors from ?geev's packed real ones:
    a complex pair (wi[j] > 0) stores v_j = VR[:, j] + i*VR[:, j+1] and its
    conjugate. `vr` holds VR transposed (row j is column j)."""
    n = wr.shape[0]
    w = np.empty(n, ct)
    for i in range(n):
        w[i] = complex(wr[i], wi[i])
    v = np.empty((vr.shape[1], vr.shape[0]), ct)
    j = 0
    while j < vr.shape[0]:
        if wi[j] == 0 or j + 1 == vr.shape[0]:
            for r in range(v.shape[0]):
                v[r, j] = complex(vr[j, r], 0.0)
            j += 1
        else:
            for r in range(v.shape[0]):
                v[r, j] = complex(vr[j, r], vr[j + 1, r])
                v[r, j + 1] = complex(vr[j, r], -vr[j + 1, r])
            j += 2
    return w, v


def _eig(a, vectors):
    k = _linalg_kind(a)
    if k is None:
        return None
    dt = _NP[k]
    ct = np.complex64 if dt is np.float32 else np.complex128
    geev = _C[k]["geev"]

    def impl(a):
        n = _square(a)
        _finite(a)
        c = a.T.astype(dt)          # a in Fortran order
        wr = np.empty(n, dt)
        wi = np.empty(n, dt)
        vr = np.empty((n, n) if vectors else (1, 1), dt)
        if n == 0:
            return finish(wr, wi, vr)
        iw = np.empty(6, np.int32)
        iw[0] = n
        iw[1] = -1
        iw[2] = 0
        iw[3] = ord("N")
        iw[4] = ord("V") if vectors else ord("N")
        iw[5] = 1
        p = _data(iw)
        ldvr = p if vectors else p + 20
        query = np.empty(1, dt)
        geev(p + 12, p + 16, p, _data(c), p, _data(wr), _data(wi), _data(query), p + 20,
             _data(vr), ldvr, _data(query), p + 4, p + 8, 1, 1)
        iw[1] = int(query[0])
        work = np.empty(iw[1], dt)
        geev(p + 12, p + 16, p, _data(c), p, _data(wr), _data(wi), _data(query), p + 20,
             _data(vr), ldvr, _data(work), p + 4, p + 8, 1, 1)
        _lapack_error(iw[2], "geev")
        if iw[2] > 0:
            raise np.linalg.LinAlgError("Eigenvalues did not converge")
        return finish(wr, wi, vr)

    @register_jitable(inline="always")
    def finish(wr, wi, vr):
        if _COMPLEX_EIG:
            return _complex_eig(wr, wi, vr, ct)
        for i in range(wr.shape[0]):
            if wi[i] != 0:
                raise ValueError("eig() argument must not cause a domain change.")
        return wr, vr.T.copy()
    return impl


@overload(np.linalg.eig, inline=_INLINE)
def eig(a):
    """Eigenvalues and right eigenvectors (?geev) of a real matrix: complex
    arrays with NumPy 2.5 or later (as NumPy); before, real arrays, and
    complex eigenvalues raise ValueError, as in Numba (NumPy's result type
    then depends on the values)."""
    return _eig(a, True)


@overload(np.linalg.eigvals, inline=_INLINE)
def eigvals(a):
    inner = _eig(a, False)
    if inner is None:
        return None
    inner = register_jitable(inline="always")(inner)

    def impl(a):
        return inner(a)[0]
    return impl


# --- svd, pinv, qr -----------------------------------------------------------------------

def _svd_impl(k, dt):
    gesdd = _C[k]["gesdd"]

    @register_jitable(inline="always")
    def svd_core(a, full, uv):
        """(u, s, vh); ?gesdd on a^T (the C-ordered copy): its U is our vh
        and its VT our u, both already in C order."""
        m, n = a.shape
        _finite(a)
        c = a.astype(dt)
        kk = min(m, n)
        s = np.empty(kk, dt)
        if not uv:
            ucols, vrows = 1, 1
        elif full:
            ucols, vrows = m, n
        else:
            ucols, vrows = kk, kk
        u = np.empty((m, ucols) if uv else (1, 1), dt)
        vh = np.empty((vrows, n) if uv else (1, 1), dt)
        if kk == 0:
            if uv and full:
                u[:, :] = 0
                vh[:, :] = 0
                for i in range(m):
                    u[i, i] = 1
                for i in range(n):
                    vh[i, i] = 1
            return u, s, vh
        iw = np.empty(7, np.int32)
        iw[0] = n           # rows of a^T
        iw[1] = m           # columns
        iw[2] = n if uv else 1          # ldu of gesdd's U (our vh)
        iw[3] = ucols if uv else 1      # ldvt of gesdd's VT (our u)
        iw[4] = -1
        iw[5] = 0
        iw[6] = ord("N") if not uv else ord("A") if full else ord("S")
        p = _data(iw)
        iwork = np.empty(8 * kk, np.int32)
        query = np.empty(1, dt)
        gesdd(p + 24, p, p + 4, _data(c), p, _data(s), _data(vh), p + 8, _data(u), p + 12,
              _data(query), p + 16, _data(iwork), p + 20, 1)
        iw[4] = int(query[0])
        work = np.empty(iw[4], dt)
        gesdd(p + 24, p, p + 4, _data(c), p, _data(s), _data(vh), p + 8, _data(u), p + 12,
              _data(work), p + 16, _data(iwork), p + 20, 1)
        _lapack_error(iw[5], "gesdd")
        if iw[5] > 0:
            raise np.linalg.LinAlgError("SVD did not converge")
        return u, s, vh
    return svd_core


@overload(np.linalg.svd, inline=_INLINE, prefer_literal=True)
def svd(a, full_matrices=True, compute_uv=True):
    """(u, s, vh) (compute_uv=True), or s; compute_uv must be a constant."""
    k = _linalg_kind(a)
    if k is None:
        return None
    core = _svd_impl(k, _NP[k])
    uv = compute_uv
    if isinstance(uv, (types.BooleanLiteral, types.IntegerLiteral)):
        uv = bool(uv.literal_value)
    elif isinstance(uv, types.Omitted):
        uv = True
    if not isinstance(uv, bool):
        return None           # compute_uv must be a constant
    if uv:
        def impl(a, full_matrices=True, compute_uv=True):
            return core(a, bool(full_matrices), True)
        return impl

    def impl_s(a, full_matrices=True, compute_uv=True):
        return core(a, False, False)[1]
    return impl_s


@overload(np.linalg.pinv, inline=_INLINE)
def pinv(a, rcond=None, hermitian=False):
    """The pseudo-inverse from the thin SVD: singular values above rcond *
    max(s) (rcond 1e-15 by default, as NumPy) are inverted."""
    k = _linalg_kind(a)
    if k is None:
        return None
    dt = _NP[k]
    core = _svd_impl(k, dt)
    default = rcond is None or isinstance(rcond, (types.NoneType, types.Omitted))

    def impl(a, rcond=None, hermitian=False):
        m, n = a.shape
        if m == 0 or n == 0:
            return np.zeros((n, m), dt)
        r = 1e-15 if default else rcond
        u, s, vh = core(a, False, True)
        cutoff = r * s.max()
        kk = s.shape[0]
        out = np.zeros((n, m), dt)
        for q in range(kk):
            if s[q] > cutoff:
                inv_s = dt(1.0) / s[q]
                for i in range(n):
                    x = vh[q, i] * inv_s
                    for j in range(m):
                        out[i, j] += x * u[j, q]
        return out
    return impl


@overload(np.linalg.qr, inline=_INLINE)
def qr(a, mode="reduced"):
    """(q, r) of mode 'reduced' (the default) and 'complete', r of mode 'r'
    (a constant string): ?geqrf then ?orgqr, in Fortran order."""
    k = _linalg_kind(a)
    return None if k is None else _qr_impl(_NP[k], _C[k]["geqrf"], _C[k]["orgqr"], mode)


def _qr_impl(dt, geqrf, orgqr, mode):
    """qr's implementation in dtype dt (numpy_linalg_complex's with ?ungqr)."""
    if isinstance(mode, types.Omitted) or mode == "reduced":
        which = "reduced"
    elif isinstance(mode, types.StringLiteral):
        which = mode.literal_value
    else:
        return None
    if which not in ("reduced", "complete", "r"):
        raise TypingError(f"Unrecognized mode '{which}'")
    complete, r_only = which == "complete", which == "r"

    def impl(a, mode="reduced"):
        m, n = a.shape
        _finite(a)
        kk = min(m, n)
        qcols = m if complete else kk
        rrows = m if complete else kk
        # Fortran m x max(n, qcols): a, then room for complete's extra columns
        width = max(n, qcols)
        f = np.zeros((width, m), dt)
        f[:n, :] = a.T
        tau = np.zeros(max(kk, 1), dt)
        iw = np.empty(5, np.int32)
        iw[0] = m
        iw[1] = n
        iw[2] = max(m, 1)
        iw[3] = -1
        iw[4] = 0
        p = _data(iw)
        query = np.empty(1, dt)
        if kk > 0:
            geqrf(p, p + 4, _data(f), p + 8, _data(tau), _data(query), p + 12, p + 16)
            iw[3] = max(int(query[0].real), 1)
            work = np.empty(iw[3], dt)
            geqrf(p, p + 4, _data(f), p + 8, _data(tau), _data(work), p + 12, p + 16)
            _lapack_error(iw[4], "geqrf")
        r = np.zeros((rrows, n), dt)
        for i in range(rrows):
            for j in range(i, n):
                r[i, j] = f[j, i]
        if r_only:
            return r, r
        q = np.zeros((m, qcols), dt)
        if m == 0 or qcols == 0:
            return q, r
        if kk == 0:
            for i in range(min(m, qcols)):
                q[i, i] = 1
            return q, r
        iw[1] = qcols
        iw[3] = -1
        jw = np.empty(1, np.int32)
        jw[0] = kk
        orgqr(p, p + 4, _data(jw), _data(f), p + 8, _data(tau), _data(query), p + 12,
              p + 16)
        iw[3] = max(int(query[0].real), 1)
        work2 = np.empty(iw[3], dt)
        orgqr(p, p + 4, _data(jw), _data(f), p + 8, _data(tau), _data(work2), p + 12,
              p + 16)
        _lapack_error(iw[4], "orgqr")
        for i in range(m):
            for j in range(qcols):
                q[i, j] = f[j, i]
        return q, r

    if r_only:
        inner = register_jitable(inline="always")(impl)

        def impl_r(a, mode="reduced"):
            return inner(a, mode)[1]
        return impl_r
    return impl


# --- lstsq -------------------------------------------------------------------------------

@overload(np.linalg.lstsq, inline=_INLINE)
def lstsq(a, b, rcond=None):
    """(x, residuals, rank, s) by ?gelsd; rcond None means eps * max(m, n)
    (NumPy 2's default). b 1-d or 2-d."""
    k = _linalg_kind(a)
    if k is None or _kind(b) is None or b.ndim not in (1, 2):
        return None
    dt = np.float64 if k == "d" or _kind(b) == "d" else np.float32
    k = "s" if dt == np.float32 else "d"
    gelsd = _C[k]["gelsd"]
    svd_core = _svd_impl(k, dt)
    eps = float(np.finfo(dt).eps)
    default = rcond is None or isinstance(rcond, (types.NoneType, types.Omitted))
    vector = b.ndim == 1

    def impl(a, b, rcond=None):
        m, n = a.shape
        if b.shape[0] != m:
            raise np.linalg.LinAlgError("Incompatible dimensions")
        nrhs = 1 if vector else b.shape[1]
        rc = eps * max(m, n) if default else rcond
        ldb = max(m, n, 1)
        f = a.T.astype(dt)                 # Fortran m x n
        bf = np.zeros((nrhs, ldb), dt)      # Fortran ldb x nrhs
        if vector:
            bf[0, :m] = b
        else:
            bf[:, :m] = b.T
        kk = min(m, n)
        s = np.empty(kk, dt)
        rank = np.int32(0)
        if kk > 0 and nrhs == 0:
            # (?gelsd refuses no right-hand sides) the rank from the SVD
            s = svd_core(a, False, False)[1]
            for q in range(kk):
                if s[q] > rc * s[0]:
                    rank += 1
        elif kk > 0:
            iw = np.empty(7, np.int32)
            iw[0] = m
            iw[1] = n
            iw[2] = nrhs
            iw[3] = max(m, 1)
            iw[4] = ldb
            iw[5] = -1
            iw[6] = 0
            p = _data(iw)
            rcv = np.empty(1, dt)
            rcv[0] = rc
            rk = np.zeros(1, np.int32)
            query = np.empty(1, dt)
            iquery = np.zeros(1, np.int32)
            gelsd(p, p + 4, p + 8, _data(f), p + 12, _data(bf), p + 16, _data(s), _data(rcv),
                  _data(rk), _data(query), p + 20, _data(iquery), p + 24)
            iw[5] = max(int(query[0]), 1)
            work = np.empty(iw[5], dt)
            iwork = np.empty(max(iquery[0], 1), np.int32)
            gelsd(p, p + 4, p + 8, _data(f), p + 12, _data(bf), p + 16, _data(s), _data(rcv),
                  _data(rk), _data(work), p + 20, _data(iwork), p + 24)
            _lapack_error(iw[6], "gelsd")
            if iw[6] > 0:
                raise np.linalg.LinAlgError("SVD did not converge in Linear Least Squares")
            rank = rk[0]
        elif kk == 0:
            for j in range(nrhs):
                for i in range(ldb):
                    bf[j, i] = 0
        x = np.empty((n, nrhs), dt)
        for i in range(n):
            for j in range(nrhs):
                x[i, j] = bf[j, i]
        if rank == n and m > n:
            res = np.zeros(nrhs, dt)
            for j in range(nrhs):
                t = dt(0)
                for i in range(n, m):
                    t += bf[j, i] * bf[j, i]
                res[j] = t
        else:
            res = np.empty(0, dt)
        if vector:
            return x[:, 0].copy(), res, rank, s
        return x, res, rank, s
    return impl


# --- norm, matrix_power ----------------------------------------------------------------

@register_jitable(inline="always")
def _vector_norm(x, ord, dt):
    n = x.shape[0]
    if n == 0:
        return dt(0.0)
    if ord == np.inf:
        return dt(np.abs(x).max())
    if ord == -np.inf:
        return dt(np.abs(x).min())
    if ord == 0:
        c = 0
        for i in range(n):
            if x[i] != 0:
                c += 1
        return dt(c)
    if ord == 1:
        return dt(np.abs(x).sum())
    if ord == 2:
        # sqrt(x . x), as NumPy (which overflows to inf as this does)
        s = dt(0.0)
        for i in range(n):
            s += dt(x[i]) * dt(x[i])
        return np.sqrt(s)
    # NumPy's float powers: 0 ** -p is inf, and inf ** -1/p is 0
    s = (np.abs(x) ** dt(ord)).sum()
    return dt(s ** (1.0 / ord))


@overload(np.linalg.norm, inline=_INLINE)
def norm(x, ord=None):
    """Vector norms (ord None/2, 1, inf, -inf, 0, other p) and matrix norms
    (None/'fro', 'nuc', 1, -1, 2, -2, inf, -inf) of a whole 1-d or 2-d
    array (no axis=); float32 for float32 input, else float64."""
    k = _kind(x)
    if k is None or x.ndim not in (1, 2):
        return None
    dt = _NP[k]
    if isinstance(ord, (types.NoneType, types.Omitted)) or ord is None:
        which = None
    elif isinstance(ord, types.StringLiteral):
        which = ord.literal_value
        if which not in ("fro", "nuc") or x.ndim != 2:
            raise TypingError(f"Invalid norm order '{which}' for "
                              f"{'vectors' if x.ndim == 1 else 'matrices'}")
    elif isinstance(ord, (types.Integer, types.Float)):
        which = "number"
    else:
        return None
    if x.ndim == 1:
        if which is None:
            def impl_v2(x, ord=None):
                return _vector_norm(x.astype(dt), 2, dt)
            return impl_v2

        def impl_v(x, ord=None):
            return _vector_norm(x.astype(dt), ord, dt)
        return impl_v

    if which is None or which == "fro":
        def impl_fro(x, ord=None):
            return _vector_norm(x.astype(dt).ravel(), 2, dt)
        return impl_fro
    _load()
    core = _svd_impl(k, dt)
    if which == "nuc":
        def impl_nuc(x, ord=None):
            if x.size == 0:
                return dt(0.0)
            return dt(core(x, False, False)[1].sum())
        return impl_nuc

    def impl_m(x, ord=None):
        m, n = x.shape
        if ord == 2 or ord == -2:
            if x.size == 0:
                raise ValueError("zero-size array to reduction operation maximum which has "
                                 "no identity")
            s = core(x, False, False)[1]
            return dt(s.max() if ord == 2 else s.min())
        if ord == 1 or ord == -1 or ord == np.inf or ord == -np.inf:
            if x.size == 0:
                raise ValueError("zero-size array to reduction operation maximum which has "
                                 "no identity")
            a = np.abs(x.astype(dt))
            by_columns = ord == 1 or ord == -1
            sums = a.sum(axis=0) if by_columns else a.sum(axis=1)
            return dt(sums.max() if ord > 0 else sums.min())
        raise ValueError("Invalid norm order for matrices.")
    return impl_m


@overload(np.linalg.matrix_power, inline=_INLINE)
def matrix_power(a, n):
    """a**n by repeated squaring (n < 0: of the inverse); integer
    matrices stay integer (n >= 0)."""
    if not (isinstance(a, types.Array) and a.ndim == 2 and isinstance(n, types.Integer)):
        return None
    if not isinstance(a.dtype, (types.Integer, types.Float, types.Complex)):
        return None
    from .numpy_functions import _numpy_dtype
    dt = _numpy_dtype(a.dtype)
    floating = isinstance(a.dtype, (types.Float, types.Complex))  # (complex inv: numpy_linalg_complex)

    def impl(a, n):
        m = a.shape[0]
        if a.shape[1] != m:
            raise np.linalg.LinAlgError("Last 2 dimensions of the array must be square")
        if n == 0:
            out = np.zeros((m, m), dt)
            for i in range(m):
                out[i, i] = 1
            return out
        if n < 0:
            if not floating:
                raise TypeError("Integers to negative integer powers are not allowed.")
            base = np.linalg.inv(a).astype(dt)
            e = -n
        else:
            base = a.astype(dt)
            e = n
        result = base.copy()
        e -= 1
        while e > 0:
            if e & 1:
                result = np.dot(result, base)
            e >>= 1
            if e > 0:
                base = np.dot(base, base)
        return result
    return impl
