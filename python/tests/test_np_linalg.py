"""Matrix products and np.linalg through BLAS/LAPACK (pyrite/_library/numpy_linalg.py),
compared with NumPy on the same inputs: dtype, shape and values (with a
tolerance), and NumPy's exceptions and messages."""
import os
import subprocess
import sys

import numpy as np
import pytest

from pyrite import njit

rng = np.random.default_rng(12345)


@pytest.fixture(autouse=True)
def _seeded():
    """Each test draws the same numbers, whichever tests run before it."""
    global rng
    rng = np.random.default_rng(12345)


def _rand(*shape, dtype=np.float64):
    return rng.standard_normal(shape).astype(dtype)


def _spd(n, dtype=np.float64):
    a = _rand(n, n)
    return (a @ a.T + n * np.eye(n)).astype(dtype)


def _tol(dtype):
    single = np.dtype(dtype) in (np.float32, np.complex64)
    return dict(rtol=2e-4, atol=2e-4) if single else dict(rtol=1e-9, atol=1e-9)


def check(got, expected, tol=None, abs_values=False):
    """Same type of result, shapes, dtypes and values."""
    if isinstance(expected, tuple):
        assert isinstance(got, tuple) and len(got) == len(expected)
        for g, e in zip(got, expected):
            check(g, e, tol, abs_values)
        return
    # a scalar result comes back as a Python int or float (as in Numba): only
    # arrays have a dtype to compare
    scalar = not isinstance(got, np.ndarray)
    got, expected = np.asarray(got), np.asarray(expected)
    assert got.shape == expected.shape
    if not scalar:
        assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    if abs_values:
        got, expected = np.abs(got), np.abs(expected)
    np.testing.assert_allclose(got, expected, **(tol or _tol(expected.dtype)))


_JITTED = {}


def _jit(f):
    """One dispatcher per function, so that its compiled signatures are reused
    across the parametrized cases (a new dispatcher compiles anew)."""
    if f not in _JITTED:
        _JITTED[f] = njit(f)
    return _JITTED[f]


def mv(m, v):
    return m @ v


def vm(m, v):
    return v @ m


def matmul_tt(a, b):
    return a.T @ b.T


def vdot(a, b):
    return np.vdot(a, b)


def solve(a, b):
    return np.linalg.solve(a, b)


def solve_ones(a):
    return np.linalg.solve(a, np.ones(2))


def inv(a):
    return np.linalg.inv(a)


def det(a):
    return np.linalg.det(a)


def slogdet(a):
    return np.linalg.slogdet(a)


def cholesky(a):
    return np.linalg.cholesky(a)


def cholesky_upper(a):
    return np.linalg.cholesky(a, upper=True)


def eigh(a):
    return np.linalg.eigh(a)


def eigh_uplo(a, u):
    return np.linalg.eigh(a, UPLO=u)


def eigvalsh(a):
    return np.linalg.eigvalsh(a)


def eigvalsh_uplo(a, u):
    return np.linalg.eigvalsh(a, u)


def eig(a):
    return np.linalg.eig(a)


def eigvals(a):
    return np.linalg.eigvals(a)


def svd(a, f):
    return np.linalg.svd(a, full_matrices=f)


def svd_values(a):
    return np.linalg.svd(a, compute_uv=False)


def pinv(a):
    return np.linalg.pinv(a)


def pinv_rcond(a):
    return np.linalg.pinv(a, 0.5)


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


def norm(a):
    return np.linalg.norm(a)


def norm_ord(a, o):
    return np.linalg.norm(a, o)


def norm_fro(a):
    return np.linalg.norm(a, "fro")


def norm_nuc(a):
    return np.linalg.norm(a, "nuc")


def matrix_power(a, n):
    return np.linalg.matrix_power(a, n)


# --- matrix products ------------------------------------------------------------------

def matmul_op(a, b):
    return a @ b


def dot(a, b):
    return np.dot(a, b)


def np_matmul(a, b):
    return np.matmul(a, b)


PRODUCTS = [matmul_op, dot, np_matmul]

LAYOUTS = {
    "C": lambda x: x,
    "F": np.asfortranarray,
    "T": lambda x: x.T.copy().T,                    # F order through a view
    "strided": lambda x: np.repeat(np.repeat(x, 2, 0), 2, 1)[::2, ::2],
    "reversed": lambda x: x[::-1, ::-1].copy()[::-1, ::-1],
    "rowstep": lambda x: np.repeat(x, 3, 1)[:, ::3],
}


# Each compiled signature costs a compilation: float64 meets every pair of
# layouts, float32 every layout of `a` (each reaching a different BLAS path).
@pytest.mark.parametrize("f", [matmul_op])
@pytest.mark.parametrize("la,lb,dtype",
                         [(la, lb, np.float64) for lb in ("C", "F", "strided") for la in LAYOUTS]
                         + [(la, "F", np.float32) for la in LAYOUTS])
def test_matrix_matrix_layouts(f, la, lb, dtype):
    a, b = _rand(5, 4, dtype=dtype), _rand(4, 3, dtype=dtype)
    a, b = LAYOUTS[la](a), LAYOUTS[lb](b)
    check(_jit(f)(a, b), f(a, b))


PRODUCT_SHAPES = [((3, 4), (4,)), ((4,), (4, 3)), ((1, 4), (4, 1)), ((4, 1), (1, 4)),
                  ((0, 3), (3, 2)), ((2, 0), (0, 3)), ((3, 2), (2, 0)), ((0, 2), (2,)),
                  ((2,), (2, 0)), ((2, 0), (0,)), ((1, 1), (1,))]


def _product_shape_cases():
    """float64: every product with every shape. float32 and int64: every
    shape, each kind of product (matrix @ matrix, matrix @ vector, vector @
    matrix) through one function, so that each function meets each dtype
    (and a compilation per function and kind is not repeated per dtype)."""
    cases = [(f, shapes, np.float64) for f in PRODUCTS for shapes in PRODUCT_SHAPES]
    for dtype, rotate in ((np.float32, 0), (np.int64, 1)):
        for shapes in PRODUCT_SHAPES:
            kind = {(2, 2): 0, (2, 1): 1, (1, 2): 2}[len(shapes[0]), len(shapes[1])]
            cases.append((PRODUCTS[(kind + rotate) % 3], shapes, dtype))
    return cases


@pytest.mark.parametrize("f,shapes,dtype", _product_shape_cases())
def test_product_shapes(f, shapes, dtype):
    a, b = (_rand(*s) * 10 for s in shapes)
    a, b = a.astype(dtype), b.astype(dtype)
    check(_jit(f)(a, b), f(a, b))


DTYPE_PAIRS = [(np.float32, np.float64), (np.int64, np.float64), (np.int32, np.int32),
               (np.int32, np.float32), (np.uint8, np.int64)]


# each pair of dtypes with each kind of product, alternately through @ and
# np.dot (each of which meets every pair and every kind)
@pytest.mark.parametrize("f,ta,tb,kind",
                         [([matmul_op, dot][(i + j) % 2], ta, tb, kind)
                          for i, (ta, tb) in enumerate(DTYPE_PAIRS)
                          for j, kind in enumerate(["mm", "mv", "vm"])])
def test_product_dtypes(f, ta, tb, kind):
    sa, sb = {"mm": ((3, 4), (4, 2)), "mv": ((3, 4), (4,)), "vm": ((4,), (4, 2))}[kind]
    a = (np.abs(_rand(*sa)) * 5).astype(ta)
    b = (np.abs(_rand(*sb)) * 5).astype(tb)
    check(_jit(f)(a, b), f(a, b), tol=dict(rtol=1e-5))


@pytest.mark.parametrize("kind", ["mv", "vm"])
@pytest.mark.parametrize("layout", ["F", "strided", "T"])
def test_matrix_vector_layouts(kind, layout):
    m = LAYOUTS[layout](_rand(5, 4))
    v = _rand(4 if kind == "mv" else 5)
    v_strided = np.repeat(v, 2)[::2]
    f = mv if kind == "mv" else vm
    check(_jit(f)(m, v_strided), f(m, v_strided))


def test_large_matmul_and_transposes():
    a, b = _rand(130, 70), _rand(70, 90)
    check(_jit(matmul_op)(a, b), a @ b)
    check(_jit(matmul_tt)(b, a), b.T @ a.T)


@pytest.mark.parametrize("f,shapes,message", [
    (dot, ((2, 3), (4, 5)), r"shapes \(2,3\) and \(4,5\) not aligned: 3 \(dim 1\) != 4 \(dim 0\)"),
    (dot, ((2, 3), (4,)), r"shapes \(2,3\) and \(4,\) not aligned: 3 \(dim 1\) != 4 \(dim 0\)"),
    (dot, ((3,), (4, 5)), r"shapes \(3,\) and \(4,5\) not aligned: 3 \(dim 0\) != 4 \(dim 0\)"),
    (np_matmul, ((2, 3), (4, 5)), r"matmul: Input operand 1 has a mismatch in its core "
                                  r"dimension 0, with gufunc signature \(n\?,k\),\(k,m\?\)->"
                                  r"\(n\?,m\?\) \(size 4 is different from 3\)"),
    (np_matmul, ((3,), (4,)), r"size 4 is different from 3"),
])
def test_product_shape_errors(f, shapes, message):
    a, b = (_rand(*s) for s in shapes)
    with pytest.raises(ValueError, match=message):
        f(a, b)
    with pytest.raises(ValueError, match=message):
        _jit(f)(a, b)


@pytest.mark.parametrize("a,b", [(np.arange(6.0).reshape(2, 3), np.ones((3, 2))),
                                 (np.arange(4), np.arange(4.0)),
                                 (np.arange(6, dtype=np.int32).reshape(3, 2),
                                  np.arange(6, dtype=np.int32))])
def test_vdot(a, b):
    check(_jit(vdot)(a, b), np.vdot(a, b))


def test_vdot_size_mismatch():
    with pytest.raises(ValueError):
        _jit(vdot)(np.ones(3), np.ones(4))


# --- solve, inv, det, slogdet -------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
@pytest.mark.parametrize("bshape", [(6,), (6, 3), (6, 1), (6, 0)])
def test_solve(dtype, bshape):
    a = (_rand(6, 6) * 4 + 10 * np.eye(6)).astype(dtype)
    b = (_rand(*bshape) * 4).astype(dtype)
    a0, b0 = a.copy(), b.copy()
    check(_jit(solve)(a, b), np.linalg.solve(a, b))
    assert np.array_equal(a, a0) and np.array_equal(b, b0)      # inputs untouched


def test_solve_layouts_and_mixed_dtypes():
    a, b = np.asfortranarray(_rand(5, 5) + 5 * np.eye(5)), _rand(10, 4)[::2].T.copy().T
    f = _jit(solve)
    check(f(a, b), np.linalg.solve(a, b))
    check(f(a.astype(np.float32), b), np.linalg.solve(a.astype(np.float32), b))


@pytest.mark.parametrize("name", ["solve", "inv"])
def test_singular(name):
    a = np.array([[1.0, 2.0], [2.0, 4.0]])
    fn = {"solve": solve_ones, "inv": inv}
    with pytest.raises(np.linalg.LinAlgError, match="Singular matrix"):
        _jit(fn[name])(a)


@pytest.mark.parametrize("fn", [inv, det, slogdet, cholesky, eigh, eigvals, solve_ones])
def test_not_square(fn):
    with pytest.raises(np.linalg.LinAlgError,
                       match="Last 2 dimensions of the array must be square"):
        _jit(fn)(np.ones((2, 3)))


def test_solve_shape_mismatch():
    with pytest.raises(ValueError, match="solve1: Input operand 1 has a mismatch"):
        _jit(solve)(np.eye(3), np.ones(4))
    with pytest.raises(ValueError, match="solve: Input operand 1 has a mismatch"):
        _jit(solve)(np.eye(3), np.ones((4, 2)))


# float64 in every layout, float32 and int32 in one each (a compilation per
# dtype and layout); every size with each
@pytest.mark.parametrize("dtype,layout", [(np.float64, "C"), (np.float64, "F"),
                                          (np.float64, "strided"), (np.float32, "strided"),
                                          (np.int32, "F")])
@pytest.mark.parametrize("n", [0, 1, 2, 7])
def test_inv_det_slogdet(dtype, n, layout):
    a = LAYOUTS[layout]((np.round(_rand(n, n) * 2) + 2 * n * np.eye(n)).astype(dtype))
    a0 = a.copy()
    check(_jit(inv)(a), np.linalg.inv(a))
    check(_jit(det)(a), np.linalg.det(a))
    check(_jit(slogdet)(a), tuple(np.linalg.slogdet(a)))
    assert np.array_equal(a, a0)


@pytest.mark.parametrize("a", [np.array([[1.0, 2.0], [2.0, 4.0]]), np.zeros((3, 3)),
                               np.array([[0.0, 1.0], [1.0, 0.0]]),
                               np.array([[-2.0, 0.0], [0.0, 3.0]])])
def test_det_slogdet_special(a):
    check(_jit(det)(a), np.linalg.det(a))
    check(_jit(slogdet)(a), tuple(np.linalg.slogdet(a)))


# --- cholesky, eigh, eig -------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("n", [0, 1, 5])
def test_cholesky(dtype, n):
    a = _spd(n, dtype)
    lower, upper = a.copy(), a.copy()
    lower[np.triu_indices(n, 1)] = 99.0     # only the lower triangle is read
    upper[np.tril_indices(n, -1)] = 99.0    # with upper=True, only the upper one
    check(_jit(cholesky)(lower), np.linalg.cholesky(lower))
    check(_jit(cholesky_upper)(upper), np.linalg.cholesky(upper, upper=True))
    a0 = lower.copy()
    _jit(cholesky)(lower)
    assert np.array_equal(lower, a0)


def test_cholesky_not_positive_definite():
    with pytest.raises(np.linalg.LinAlgError, match="Matrix is not positive definite"):
        _jit(cholesky)(np.array([[1.0, 2.0], [2.0, 1.0]]))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("uplo", ["L", "U", "l", None])
@pytest.mark.parametrize("n", [0, 1, 6])
def test_eigh_eigvalsh(dtype, uplo, n):
    a = _rand(n, n, dtype=dtype)            # not symmetric: the triangle matters
    if uplo is None:
        f, g = _jit(eigh), _jit(eigvalsh)
        w, v = np.linalg.eigh(a)
        ws = np.linalg.eigvalsh(a)
    else:
        f, g = _jit(eigh_uplo), _jit(eigvalsh_uplo)
        w, v = np.linalg.eigh(a, UPLO=uplo)
        ws = np.linalg.eigvalsh(a, UPLO=uplo)
    args = (a,) if uplo is None else (a, uplo)
    gw, gv = f(*args)
    check(gw, w)
    check(gv, v, abs_values=True)           # columns are defined up to sign
    check(g(*args), ws)


def test_eigh_bad_uplo():
    with pytest.raises(ValueError, match="UPLO argument must be 'L' or 'U'"):
        njit(lambda a: np.linalg.eigh(a, "X"))(np.eye(2))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_eig_real_spectrum(dtype):
    p = np.eye(5) + 0.2 * _rand(5, 5)         # not symmetric, real eigenvalues
    a = (p @ np.diag(np.arange(1.0, 6.0)) @ np.linalg.inv(p)).astype(dtype)
    w, v = _jit(eig)(a)
    ew, ev = np.linalg.eig(a)
    order, eorder = np.argsort(w), np.argsort(ew)
    check(w[order], ew[order if False else eorder])
    check(v[:, order], ev[:, eorder], abs_values=True)
    check(_jit(eigvals)(a)[order], ew[eorder])
    np.testing.assert_allclose(a @ v, v * w, **_tol(dtype))


def test_eig_complex_spectrum_and_nan():
    """NumPy 2.5+ gives complex results always (pyrite too); before, a
    complex spectrum is refused as Numba refuses it."""
    rot = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 2.0]])
    if tuple(int(p) for p in np.__version__.split(".")[:2]) >= (2, 5):
        w, v = _jit(eig)(rot)
        ew, _ = np.linalg.eig(rot)
        assert w.dtype == ew.dtype and v.dtype == np.complex128
        np.testing.assert_allclose(np.sort_complex(w), np.sort_complex(ew), atol=1e-12)
        np.testing.assert_allclose(rot @ v, v * w, atol=1e-12)
    else:
        with pytest.raises(ValueError, match="eig\\(\\) argument must not cause a domain change"):
            _jit(eig)(rot)
    with pytest.raises(np.linalg.LinAlgError, match="Array must not contain infs or NaNs"):
        _jit(eigvals)(np.array([[np.nan, 0.0], [0.0, 1.0]]))


# --- svd, pinv, qr, lstsq --------------------------------------------------------------

SHAPES = [(5, 3), (3, 5), (4, 4), (1, 3), (3, 1), (0, 2), (2, 0)]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("full", [True, False])
def test_svd(shape, dtype, full):
    a = LAYOUTS["F"](_rand(*shape, dtype=dtype))
    a0 = a.copy()
    u, s, vh = _jit(svd)(a, full)
    eu, es, evh = np.linalg.svd(a, full_matrices=full)
    check(s, es)
    check(u, eu, abs_values=True)
    check(vh, evh, abs_values=True)
    k = min(shape)
    np.testing.assert_allclose((u[:, :k] * s) @ vh[:k], a, **_tol(dtype))
    check(_jit(svd_values)(a),
          np.linalg.svd(a, compute_uv=False))
    assert np.array_equal(a, a0)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_pinv(shape, dtype):
    a = _rand(*shape, dtype=dtype)
    check(_jit(pinv)(a), np.linalg.pinv(a))
    check(_jit(pinv_rcond)(a), np.linalg.pinv(a, 0.5))


def test_pinv_rank_deficient():
    a = np.outer(np.arange(1.0, 5.0), np.arange(1.0, 4.0))
    check(_jit(pinv)(a), np.linalg.pinv(a))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_qr(shape, dtype):
    a = LAYOUTS["strided"](_rand(*shape, dtype=dtype))
    for mode, f in (("reduced", _jit(qr)), ("complete", _jit(qr_complete))):
        q, r = f(a)
        eq, er = np.linalg.qr(a, mode=mode)
        check((q, r), (eq, er))
        if a.size:
            np.testing.assert_allclose(q @ r, a, **_tol(dtype))
    check(_jit(qr_r)(a), np.linalg.qr(a, mode="r"))


@pytest.mark.parametrize("shape,bcols", [((6, 3), None), ((6, 3), 2), ((3, 6), None),
                                         ((3, 6), 2), ((4, 4), 1), ((5, 2), 0)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_lstsq(shape, bcols, dtype):
    a = _rand(*shape, dtype=dtype)
    b = _rand(shape[0], dtype=dtype) if bcols is None else _rand(shape[0], bcols, dtype=dtype)
    x, res, rank, s = _jit(lstsq)(a, b)
    ex, eres, erank, es = np.linalg.lstsq(a, b)
    check((x, res, s), (ex, eres, es), tol=dict(rtol=1e-3, atol=1e-4)
          if dtype == np.float32 else None)
    assert rank == erank


def test_lstsq_rank_deficient_and_rcond():
    a = np.outer(np.arange(1.0, 6.0), np.ones(3))
    b = np.arange(5.0)
    f = _jit(lstsq_rcond)
    for rcond in (None, 1e-3):
        x, res, rank, s = f(a, b, rcond)
        ex, eres, erank, es = np.linalg.lstsq(a, b, rcond=rcond)
        check((x, res, s), (ex, eres, es))
        assert rank == erank == 1
    with pytest.raises(np.linalg.LinAlgError, match="Incompatible dimensions"):
        f(a, np.ones(4), None)


# --- norm, matrix_power ------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("ord", [None, 2, 1, np.inf, -np.inf, 0, 3, 0.5, -1])
@pytest.mark.parametrize("x", [np.array([3.0, -4.0, 0.0, 1.5]), np.arange(5),
                               np.array([1e200, 1e200]), np.array([1.0, -2.0], np.float32),
                               np.arange(12.0)[::3]])
def test_vector_norm(x, ord):
    if ord is None:
        got, exp = _jit(norm)(x), np.linalg.norm(x)
    else:
        got, exp = _jit(norm_ord)(x, ord), np.linalg.norm(x, ord)
    check(got, exp, tol=dict(rtol=1e-6))


@pytest.mark.parametrize("ord", [1, -1, 2, -2, np.inf, -np.inf])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_matrix_norm(ord, dtype):
    a = (_rand(4, 3) * 5).astype(dtype)
    check(_jit(norm_ord)(a, ord), np.linalg.norm(a, ord),
          tol=dict(rtol=1e-5))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_matrix_norm_fro_nuc(dtype):
    a = _rand(3, 5, dtype=dtype)
    for f in (norm, norm_fro, norm_nuc):
        check(_jit(f)(a), f(a), tol=dict(rtol=1e-5))


def test_norm_errors():
    with pytest.raises(ValueError, match="Invalid norm order for matrices."):
        _jit(norm_ord)(np.eye(2), 3)


@pytest.mark.parametrize("n", [0, 1, 2, 5, 8])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_matrix_power(n, dtype):
    a = (_rand(4, 4) * 2).astype(dtype)
    check(_jit(matrix_power)(a, n),
          np.linalg.matrix_power(a, n), tol=dict(rtol=1e-4, atol=1e-6))


def test_matrix_power_negative():
    a = _rand(4, 4) + 4 * np.eye(4)
    f = _jit(matrix_power)
    check(f(a, -3), np.linalg.matrix_power(a, -3))
    with pytest.raises(TypeError, match="Integers to negative integer powers"):
        f(np.eye(2, dtype=np.int64), -1)


# --- which library, and no library ------------------------------------------------------

_SCRIPT = """
import numpy as np
from pyrite import njit
from pyrite._library import _lapack
a = np.arange(9.0).reshape(3, 3) + 5 * np.eye(3)
try:
    x = njit(lambda a, b: (np.linalg.solve(a, b), a @ a, np.linalg.svd(a)[1]))(a, np.ones(3))
    assert np.allclose(x[0], np.linalg.solve(a, np.ones(3))) and np.allclose(x[1], a @ a)
    assert np.allclose(x[2], np.linalg.svd(a)[1])
    print("library", _lapack.library)
except Exception as e:
    print(type(e).__name__, e)
"""


@pytest.mark.parametrize("library", ["openblas", "scipy", "none"])
def test_library_choice(library):
    env = dict(os.environ, PYRITE_LINALG_LIBRARY=library)
    out = subprocess.run([sys.executable, "-c", _SCRIPT], env=env, capture_output=True,
                         text=True, timeout=300)
    if library == "none":
        assert "TypingError" in out.stdout and "need BLAS/LAPACK" in out.stdout, out
    else:
        if library == "scipy":
            pytest.importorskip("scipy.linalg")
        assert out.stdout.strip() == f"library {library}", out
