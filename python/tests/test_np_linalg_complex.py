"""np.linalg on complex matrices (pyrite/_library/numpy_linalg_complex.py,
LAPACK's c/z drivers): solve, inv, det, slogdet, cholesky, matrix_power,
eig, eigvals, eigh, eigvalsh, svd, qr, lstsq, pinv and norms, for complex64
and complex128 and complex operands mixed with real ones, compared with
NumPy run by CPython (array dtypes and shapes exactly, values to a
tolerance of the dtype: LAPACK's blocking differs between the two builds,
and NumPy computes complex64 in double). Eigenvectors and singular vectors
are compared as NumPy's own tests compare them: up to a phase per column,
and by rebuilding the matrix. Compiled code returns Python scalars, as
Numba's does, so a scalar result is compared by value."""
import re

import numpy as np
import pytest

import pyrite

RNG = np.random.default_rng(7)
A = RNG.standard_normal((5, 5)) + 1j * RNG.standard_normal((5, 5))
B = RNG.standard_normal((5, 3)) + 1j * RNG.standard_normal((5, 3))
HERMITIAN = A @ A.conj().T + 5 * np.eye(5)
DTYPES = [np.complex128, np.complex64]


def check(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            check(g, w)
        return
    w = np.asarray(want)
    rtol = 2e-4 if w.dtype in (np.complex64, np.float32) else 1e-10
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray) and got.dtype == want.dtype, (got, want.dtype)
        assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * 10)


def _slogdet(a, b=None):
    sign, logdet = np.linalg.slogdet(a)
    return sign, logdet


FUNCTIONS = {
    "solve": lambda a, b: np.linalg.solve(a, b),
    "solve_vector": lambda a, b: np.linalg.solve(a, b[:, 0]),
    "inv": lambda a, b: np.linalg.inv(a),
    "det": lambda a, b: np.linalg.det(a),
    "slogdet": _slogdet,
    "matrix_power_3": lambda a, b: np.linalg.matrix_power(a, 3),
    "matrix_power_0": lambda a, b: np.linalg.matrix_power(a, 0),
    "matrix_power_-2": lambda a, b: np.linalg.matrix_power(a, -2),
    "norm": lambda a, b: np.linalg.norm(a),
    "norm_fro": lambda a, b: np.linalg.norm(a, "fro"),
    "norm_1": lambda a, b: np.linalg.norm(a, 1),
    "norm_-1": lambda a, b: np.linalg.norm(a, -1),
    "norm_inf": lambda a, b: np.linalg.norm(a, np.inf),
    "norm_vector": lambda a, b: np.linalg.norm(b[:, 1]),
    "norm_vector_3": lambda a, b: np.linalg.norm(b[:, 1], 3),
    "norm_vector_0": lambda a, b: np.linalg.norm(b[:, 1], 0),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@pytest.mark.parametrize("dtype", DTYPES, ids=["complex128", "complex64"])
def test_against_numpy(name, dtype):
    fn = FUNCTIONS[name]
    a, b = A.astype(dtype), B.astype(dtype)
    want = fn(a, b)
    got = pyrite.njit(fn)(a, b)
    check(got, want)


@pytest.mark.parametrize("upper", [False, True])
@pytest.mark.parametrize("dtype", DTYPES, ids=["complex128", "complex64"])
def test_cholesky(upper, dtype):
    h = HERMITIAN.astype(dtype)
    fn = (lambda a: np.linalg.cholesky(a, upper=True)) if upper else \
        (lambda a: np.linalg.cholesky(a))
    got = pyrite.njit(fn)(h)
    check(got, fn(h))
    rebuilt = got.conj().T @ got if upper else got @ got.conj().T
    np.testing.assert_allclose(rebuilt, h, rtol=1e-4)


@pytest.mark.parametrize("left,right", [(np.complex128, np.float64), (np.float64, np.complex128),
                                        (np.complex64, np.float32), (np.complex64, np.float64),
                                        (np.float32, np.complex64), (np.int64, np.complex64)])
def test_mixed_operands(left, right):
    a = (A if np.dtype(left).kind == "c" else A.real * 4).astype(left)
    b = (B if np.dtype(right).kind == "c" else B.real).astype(right)
    fn = FUNCTIONS["solve"]
    check(pyrite.njit(fn)(a, b), fn(a, b))


@pytest.mark.parametrize("layout", ["fortran", "strided"])
def test_layouts(layout):
    a = np.asfortranarray(A) if layout == "fortran" else np.repeat(A, 2, axis=1)[:, ::2]
    for name in ("solve", "inv", "det"):
        fn = FUNCTIONS[name]
        check(pyrite.njit(fn)(a, B), fn(a, B))


def test_singular_and_not_positive_definite():
    z = np.zeros((3, 3), np.complex128)
    for name in ("inv", "solve"):
        with pytest.raises(np.linalg.LinAlgError, match="Singular matrix"):
            pyrite.njit(FUNCTIONS[name])(z, np.ones((3, 3), np.complex128))
    assert pyrite.njit(FUNCTIONS["det"])(z, None) == np.linalg.det(z)
    assert pyrite.njit(FUNCTIONS["slogdet"])(z, None) == _slogdet(z)
    with pytest.raises(np.linalg.LinAlgError, match="positive definite"):
        pyrite.njit(lambda a: np.linalg.cholesky(a))(-HERMITIAN)
    with pytest.raises(np.linalg.LinAlgError, match="square"):
        pyrite.njit(FUNCTIONS["inv"])(A[:, :3], None)


@pytest.mark.parametrize("ord", [2, -2, "nuc"])
@pytest.mark.parametrize("shape", [(4, 4), (3, 5), (5, 2), (1, 1)])
@pytest.mark.parametrize("dtype", DTYPES, ids=["complex128", "complex64"])
def test_spectral_norms(ord, shape, dtype):
    """The largest and smallest singular value (ord 2 and -2, known at run
    time) and their sum ('nuc', a constant)."""
    a = _complex(shape, dtype, "strided")
    got = _jit(norm_nuc)(a) if ord == "nuc" else _jit(norm_ord)(a, ord)
    want = np.linalg.norm(a, ord)
    assert isinstance(got, float)
    np.testing.assert_allclose(got, want, **TOL[dtype])


def test_spectral_norms_of_empty_matrices():
    e = np.zeros((0, 3), np.complex128)
    assert _jit(norm_ord)(e, 2) == np.linalg.norm(e, 2) == 0.0
    assert _jit(norm_nuc)(e) == np.linalg.norm(e, "nuc") == 0.0
    with pytest.raises(ValueError, match="zero-size array to reduction operation minimum"):
        _jit(norm_ord)(e, -2)


def test_astype_between_complex_and_real():
    f = pyrite.njit(lambda a: (a.astype(np.complex64), a.real.astype(np.float32)))
    got = f(A)
    assert got[0].dtype == np.complex64 and got[1].dtype == np.float32
    np.testing.assert_array_equal(got[0], A.astype(np.complex64))
    np.testing.assert_array_equal(pyrite.njit(lambda r: r.astype(np.complex128))(A.real),
                                  A.real.astype(np.complex128))
    got = pyrite.njit(lambda r: r.astype(complex))(A.real)   # the builtin names complex128
    assert got.dtype == np.complex128
    with pytest.raises(pyrite.errors.TypingError, match="imaginary part"):
        pyrite.njit(lambda a: a.astype(np.float64))(A)


# --- eig, eigh, svd, qr, lstsq, pinv -----------------------------------------------------

TOL = {np.complex128: dict(rtol=1e-9, atol=1e-9), np.complex64: dict(rtol=2e-4, atol=2e-4)}
LAYOUTS = {
    "C": lambda x: x,
    "F": np.asfortranarray,
    "strided": lambda x: np.repeat(np.repeat(x, 2, 0), 2, 1)[::2, ::2],   # not contiguous
}
_JITTED = {}


def _jit(f):
    """One dispatcher per function, so its compiled signatures are reused
    across the parametrized cases."""
    if f not in _JITTED:
        _JITTED[f] = pyrite.njit(f)
    return _JITTED[f]


def _complex(shape, dtype, layout="C", seed=3):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    return LAYOUTS[layout](x.astype(dtype))


def check_arrays(got, want):
    """The same kind of result, shapes and dtypes (values are compared by
    each test, up to a phase where the answer has one)."""
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            check_arrays(g, w)
    elif isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray), type(got)
        assert (got.dtype, got.shape) == (want.dtype, want.shape)


def assert_columns_match(got, want, tol):
    """Each column of got is the one of want times a number of modulus 1."""
    assert got.shape == want.shape
    for j in range(want.shape[1]):
        inner = np.vdot(got[:, j], want[:, j])
        phase = inner / abs(inner) if abs(inner) > 0 else 1.0
        np.testing.assert_allclose(got[:, j] * phase, want[:, j], **tol)


def assert_unitary_columns(q, tol):
    np.testing.assert_allclose(q.conj().T @ q, np.eye(q.shape[1]), **tol)


def eig(a):
    return np.linalg.eig(a)


def eigvals(a):
    return np.linalg.eigvals(a)


def eigh(a):
    return np.linalg.eigh(a)


def eigh_uplo(a, u):
    return np.linalg.eigh(a, u)


def eigvalsh(a):
    return np.linalg.eigvalsh(a)


def eigvalsh_uplo(a, u):
    return np.linalg.eigvalsh(a, UPLO=u)


def svd(a, full):
    return np.linalg.svd(a, full_matrices=full)


def svd_values(a):
    return np.linalg.svd(a, compute_uv=False)


def qr(a):
    return np.linalg.qr(a)


def qr_complete(a):
    return np.linalg.qr(a, mode="complete")


def qr_r(a):
    return np.linalg.qr(a, mode="r")


def lstsq(a, b):
    return np.linalg.lstsq(a, b)


def lstsq_rcond(a, b, r):
    return np.linalg.lstsq(a, b, rcond=r)


def pinv(a):
    return np.linalg.pinv(a)


def pinv_rcond(a, r):
    return np.linalg.pinv(a, r)


def norm_ord(a, o):
    return np.linalg.norm(a, o)


def norm_nuc(a):
    return np.linalg.norm(a, "nuc")


@pytest.mark.parametrize("layout", ["C", "F", "strided"])
@pytest.mark.parametrize("n", [1, 4, 7])
@pytest.mark.parametrize("dtype", DTYPES, ids=["complex128", "complex64"])
def test_eig_eigvals(n, dtype, layout):
    a = _complex((n, n), dtype, layout)
    a0 = a.copy()
    w, v = got = _jit(eig)(a)
    ew, ev = want = np.linalg.eig(a)
    check_arrays(got, tuple(want))
    tol = TOL[dtype]
    # the same eigenvalues (paired by distance), eigenvectors up to a phase
    order = [int(np.argmin(abs(ew - x))) for x in w]
    assert sorted(order) == list(range(n))
    np.testing.assert_allclose(w, ew[order], **tol)
    assert_columns_match(v, ev[:, order], tol)
    np.testing.assert_allclose(a @ v, v * w, **tol)
    np.testing.assert_allclose(np.linalg.norm(v, axis=0), 1.0, **tol)
    vals = _jit(eigvals)(a)
    check_arrays(vals, np.linalg.eigvals(a))
    np.testing.assert_allclose(np.sort_complex(vals), np.sort_complex(ew), **tol)
    assert np.array_equal(a, a0)


@pytest.mark.parametrize("uplo", [None, "L", "U", "u"])
@pytest.mark.parametrize("n", [1, 4, 7])
@pytest.mark.parametrize("dtype", DTYPES, ids=["complex128", "complex64"])
def test_eigh_eigvalsh(n, dtype, uplo):
    a = _complex((n, n), dtype, "F" if uplo == "U" else "C")   # not Hermitian: the triangle matters
    if uplo is None:
        got, vals = _jit(eigh)(a), _jit(eigvalsh)(a)
        want, wvals = np.linalg.eigh(a), np.linalg.eigvalsh(a)
    else:
        got, vals = _jit(eigh_uplo)(a, uplo), _jit(eigvalsh_uplo)(a, uplo)
        want, wvals = np.linalg.eigh(a, uplo), np.linalg.eigvalsh(a, uplo)
    check_arrays(got, tuple(want))
    check_arrays(vals, wvals)
    tol = TOL[dtype]
    w, v = got
    np.testing.assert_allclose(w, want[0], **tol)
    np.testing.assert_allclose(vals, wvals, **tol)
    assert_columns_match(v, want[1], tol)
    tri = np.triu(a) if uplo in ("U", "u") else np.tril(a)
    h = tri + np.conj(np.triu(tri, 1) + np.tril(tri, -1)).T
    h[np.diag_indices(n)] = h.diagonal().real
    np.testing.assert_allclose(h @ v, v * w, **tol)


SHAPES = [(5, 3), (3, 5), (4, 4), (1, 3), (3, 1), (1, 1), (0, 2), (2, 0)]


@pytest.mark.parametrize("full", [True, False])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", DTYPES, ids=["complex128", "complex64"])
def test_svd(shape, dtype, full):
    a = _complex(shape, dtype, "F")
    a0 = a.copy()
    u, s, vh = got = _jit(svd)(a, full)
    eu, es, evh = want = np.linalg.svd(a, full_matrices=full)
    check_arrays(got, tuple(want))
    tol = TOL[dtype]
    np.testing.assert_allclose(s, es, **tol)
    k = min(shape)
    assert_columns_match(u[:, :k], eu[:, :k], tol)
    assert_columns_match(vh[:k].T, evh[:k].T, tol)
    np.testing.assert_allclose((u[:, :k] * s) @ vh[:k], a, **tol)
    assert_unitary_columns(u, tol)
    assert_unitary_columns(vh.conj().T, tol)
    values = _jit(svd_values)(a)
    check_arrays(values, np.linalg.svd(a, compute_uv=False))
    np.testing.assert_allclose(values, es, **tol)
    assert np.array_equal(a, a0)


@pytest.mark.parametrize("layout", ["C", "strided"])
@pytest.mark.parametrize("dtype", DTYPES, ids=["complex128", "complex64"])
def test_svd_layouts(layout, dtype):
    a = _complex((6, 4), dtype, layout)
    u, s, vh = _jit(svd)(a, False)
    np.testing.assert_allclose(s, np.linalg.svd(a)[1], **TOL[dtype])
    np.testing.assert_allclose((u * s) @ vh, a, **TOL[dtype])


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", DTYPES, ids=["complex128", "complex64"])
def test_qr(shape, dtype):
    """?geqrf + ?ungqr as NumPy: the same q and r, not only up to a phase."""
    a = _complex(shape, dtype, "strided")
    tol = TOL[dtype]
    for mode, f in (("reduced", qr), ("complete", qr_complete)):
        got = _jit(f)(a)
        want = np.linalg.qr(a, mode=mode)
        check_arrays(got, tuple(want))
        for g, w in zip(got, want):
            np.testing.assert_allclose(g, w, **tol)
        if a.size:
            np.testing.assert_allclose(got[0] @ got[1], a, **tol)
    r = _jit(qr_r)(a)
    check_arrays(r, np.linalg.qr(a, mode="r"))
    np.testing.assert_allclose(r, np.linalg.qr(a, mode="r"), **tol)


LSTSQ_TOL = {np.complex128: dict(rtol=1e-8, atol=1e-9), np.complex64: dict(rtol=1e-3, atol=1e-4)}


@pytest.mark.parametrize("shape,bcols", [((6, 3), None), ((6, 3), 2), ((3, 6), None),
                                         ((3, 6), 2), ((4, 4), 1), ((5, 2), 0),
                                         ((3, 0), None), ((0, 3), 2)])
@pytest.mark.parametrize("dtype", DTYPES, ids=["complex128", "complex64"])
def test_lstsq(shape, bcols, dtype):
    a = _complex(shape, dtype, "F")
    b = _complex((shape[0],) if bcols is None else (shape[0], bcols), dtype, "C", seed=4)
    x, res, rank, s = got = _jit(lstsq)(a, b)
    want = np.linalg.lstsq(a, b)
    check_arrays(got, want)
    tol = LSTSQ_TOL[dtype]
    for g, w in zip((x, res, s), (want[0], want[1], want[3])):
        np.testing.assert_allclose(g, w, **tol)
    assert rank == want[2]


def test_lstsq_rank_deficient_rcond_and_mixed_operands():
    a = np.outer(np.arange(1.0, 6.0) + 1j, np.array([1.0, 2j, -1.0]))     # rank 1
    b = np.arange(5.0) - 1j
    for rcond in (None, 1e-3, 0.5):
        got = _jit(lstsq_rcond)(a, b, rcond)
        want = np.linalg.lstsq(a, b, rcond=rcond)
        check_arrays(got, want)
        assert got[2] == want[2] == 1
        for g, w in zip(got[:2] + got[3:], want[:2] + want[3:]):
            np.testing.assert_allclose(g, w, rtol=1e-9, atol=1e-12)
    with pytest.raises(np.linalg.LinAlgError, match="Incompatible dimensions"):
        _jit(lstsq)(a, np.ones(4, np.complex128))
    # a real operand with a complex one: NumPy's result dtype
    for ta, tb in ((np.float64, np.complex64), (np.complex64, np.float32),
                   (np.complex64, np.float64), (np.int64, np.complex128)):
        ra = (A[:, :3].real * 3 if np.dtype(ta).kind != "c" else A[:, :3]).astype(ta)
        rb = (B.real if np.dtype(tb).kind != "c" else B).astype(tb)
        got, want = _jit(lstsq)(ra, rb), np.linalg.lstsq(ra, rb)
        check_arrays(got, want)
        np.testing.assert_allclose(got[0], want[0], rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", DTYPES, ids=["complex128", "complex64"])
def test_pinv(shape, dtype):
    a = _complex(shape, dtype, "strided")
    for got, want in ((_jit(pinv)(a), np.linalg.pinv(a)),
                      (_jit(pinv_rcond)(a, 0.5), np.linalg.pinv(a, 0.5))):
        check_arrays(got, want)
        np.testing.assert_allclose(got, want, **TOL[dtype])


def test_pinv_rank_deficient():
    a = np.outer(np.arange(1.0, 5.0) - 2j, np.array([1.0, 1j, 3.0]))
    got = _jit(pinv)(a)
    np.testing.assert_allclose(got, np.linalg.pinv(a), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(a @ got @ a, a, rtol=1e-9, atol=1e-12)


def _with(value, where=(1, 1), n=3):
    a = np.ones((n, n), np.complex128) + 1j * np.eye(n)
    a[where] = value
    return a


ERRORS = [
    ("eig", eig, (A[:, :3],)),
    ("eigvals", eigvals, (A[:3],)),
    ("eigh", eigh, (A[:, :3],)),
    ("eigvalsh", eigvalsh, (A[:, :3],)),
    ("eig_nan", eig, (_with(np.nan),)),
    ("eigvals_inf", eigvals, (_with(np.inf),)),
    ("eigh_nan", eigh, (_with(np.nan),)),
    ("eigvalsh_nan", eigvalsh, (_with(np.nan),)),
    ("eigh_bad_uplo", eigh_uplo, (A, "X")),
    ("eigvalsh_bad_uplo", eigvalsh_uplo, (A, "LU")),
    ("svd_nan", svd, (_with(np.nan), True)),
    ("svd_values_nan", svd_values, (_with(np.nan),)),
    ("pinv_nan", pinv, (_with(np.nan),)),
    ("norm_nan", norm_ord, (_with(np.nan), 2)),
    ("lstsq_nan", lstsq, (_with(np.nan), np.ones(3))),
    ("lstsq_shapes", lstsq, (A, np.ones(4))),
]


@pytest.mark.parametrize("name,f,args", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_as_numpy(name, f, args):
    """NumPy's exception and message: LinAlgError for non-square input, for
    eig's non-finite input and wherever LAPACK fails (here on a NaN)."""
    with pytest.raises(Exception) as want:
        f(*args)
    with pytest.raises(want.type, match="^" + re.escape(str(want.value)) + "$"):
        _jit(f)(*args)


def test_qr_bad_mode_and_nan_eigh_triangle():
    with pytest.raises(pyrite.errors.TypingError, match="Unrecognized mode 'x'"):
        pyrite.njit(lambda a: np.linalg.qr(a, "x"))(A)
    # a NaN in the triangle LAPACK does not read is no error, as in NumPy
    a = _with(np.nan, (0, 2))
    np.testing.assert_allclose(_jit(eigvalsh)(a), np.linalg.eigvalsh(a), rtol=1e-9)


@pytest.mark.parametrize("shape", [(60, 20), (20, 60), (40, 40)])
@pytest.mark.parametrize("dtype", DTYPES, ids=["complex128", "complex64"])
def test_larger_matrices(shape, dtype):
    """Sizes where LAPACK takes its blocked and QR-first paths."""
    a = _complex(shape, dtype, "C")
    tol = dict(rtol=1e-3, atol=1e-3) if dtype == np.complex64 else TOL[dtype]
    u, s, vh = _jit(svd)(a, False)
    np.testing.assert_allclose(s, np.linalg.svd(a, compute_uv=False), **tol)
    np.testing.assert_allclose((u * s) @ vh, a, **tol)
    q, r = _jit(qr)(a)
    np.testing.assert_allclose(q @ r, a, **tol)
    b = _complex((shape[0], 2), dtype, "C", seed=5)
    x, res, rank, sv = _jit(lstsq)(a, b)
    np.testing.assert_allclose(x, np.linalg.lstsq(a, b)[0], **tol)
    np.testing.assert_allclose(_jit(pinv)(a), np.linalg.pinv(a), **tol)
    if shape[0] == shape[1]:
        w, v = _jit(eig)(a)
        np.testing.assert_allclose(a @ v, v * w, **tol)
        h = a + a.conj().T
        w, v = _jit(eigh)(h)
        np.testing.assert_allclose(w, np.linalg.eigvalsh(h), **tol)
        np.testing.assert_allclose(h @ v, v * w, **tol)
