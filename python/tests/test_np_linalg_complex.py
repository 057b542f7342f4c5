"""np.linalg on complex matrices (pyrite/_library/numpy_linalg_complex.py,
LAPACK's c/z drivers): solve, inv, det, slogdet, cholesky, matrix_power and
norms, for complex64 and complex128 and complex operands mixed with real
ones, compared with NumPy run by CPython (array dtypes and shapes exactly,
values to a tolerance of the dtype: LAPACK's blocking differs between the
two builds). Compiled code returns Python scalars, as Numba's does, so a
scalar result is compared by value."""
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


def test_spectral_norms_are_refused():
    with pytest.raises(NotImplementedError, match="spectral norm"):
        pyrite.njit(lambda a, o: np.linalg.norm(a, o))(A, 2)
    with pytest.raises(pyrite.errors.TypingError):
        pyrite.njit(lambda a: np.linalg.norm(a, "nuc"))(A)


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
