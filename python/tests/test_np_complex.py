"""Complex arrays in compiled code (pyrite/_library/numpy_complex.py and
the element-moving functions that take them): operators, ufuncs, parts,
reductions, creation, shape functions. Each case is compared with NumPy run
by CPython on the same inputs: dtype, shape and values (transcendental
functions to a few ulps, as pyrite's cmath formulas are not the C library's)."""
import numpy as np
import pytest

import pyrite

Z = np.array([1 + 2j, -3 + 0.5j, 0j, 2 - 1j, -0.25 - 4j, 1e-3 + 1e3j])
W = np.array([0.5 - 1j, 2 + 0j, 1j, 0j, -1 - 1j, 3 + 0.5j])
R = np.array([0.5, -2.0, 3.0, 0.0, 1.5, -0.125])


def inputs(kind, dtype):
    """A named operand: a complex array, a real array, a scalar, a 2-d array."""
    c = Z.astype(dtype)
    return {
        "complex": c,
        "other": W.astype(dtype),
        "float64": R,
        "float32": R.astype(np.float32),
        "int": np.arange(-2, 4),
        "scalar_complex": 0.5 - 1.5j,
        "scalar_float": 2.5,
        "scalar_int": 3,
        "column": c.reshape(6, 1),
        "strided": np.concatenate((c, c))[::2],
    }[kind]


def check(got, want, exact=True):
    assert isinstance(got, np.ndarray) == isinstance(want, np.ndarray), (got, want)
    if isinstance(want, np.ndarray):
        assert got.dtype == want.dtype, (got.dtype, want.dtype)
        assert got.shape == want.shape, (got.shape, want.shape)
    if exact:
        np.testing.assert_array_equal(got, want)
    else:
        rtol = 1e-5 if np.asarray(want).dtype in (np.complex64, np.float32) else 1e-13
        np.testing.assert_allclose(got, want, rtol=rtol, atol=1e-300)


BINARY = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b, "eq": lambda a, b: a == b, "ne": lambda a, b: a != b,
    "np_add": lambda a, b: np.add(a, b), "np_subtract": lambda a, b: np.subtract(a, b),
    "np_multiply": lambda a, b: np.multiply(a, b), "np_divide": lambda a, b: np.divide(a, b),
    "np_true_divide": lambda a, b: np.true_divide(a, b),
}
EXACT_BINARY = {"add", "sub", "mul", "eq", "ne", "np_add", "np_subtract", "np_multiply"}


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("left,right", [("complex", "other"), ("complex", "float64"),
                                        ("float32", "complex"), ("complex", "int"),
                                        ("complex", "scalar_complex"),
                                        ("scalar_float", "complex"),
                                        ("float64", "scalar_complex"),
                                        ("complex", "scalar_int"), ("column", "complex"),
                                        ("strided", "other")])
@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_binary(name, left, right, dtype):
    a, b = inputs(left, dtype), inputs(right, dtype)
    fn = BINARY[name]
    with np.errstate(all="ignore"):
        want = fn(a, b)
        got = pyrite.njit(fn)(a, b)
    check(got, want, exact=name in EXACT_BINARY)


UNARY = {
    "neg": lambda a: -a, "pos": lambda a: +a, "abs": lambda a: abs(a),
    "np_abs": lambda a: np.abs(a), "absolute": lambda a: np.absolute(a),
    "conj": lambda a: np.conj(a), "conjugate": lambda a: np.conjugate(a),
    "negative": lambda a: np.negative(a), "square": lambda a: np.square(a),
    "reciprocal": lambda a: np.reciprocal(a), "real": lambda a: np.real(a),
    "imag": lambda a: np.imag(a), "angle": lambda a: np.angle(a),
    "angle_deg": lambda a: np.angle(a, True),
    "isnan": lambda a: np.isnan(a), "isinf": lambda a: np.isinf(a),
    "isfinite": lambda a: np.isfinite(a),
    "exp": lambda a: np.exp(a), "log": lambda a: np.log(a), "log10": lambda a: np.log10(a),
    "sqrt": lambda a: np.sqrt(a), "sin": lambda a: np.sin(a), "cos": lambda a: np.cos(a),
    "tan": lambda a: np.tan(a), "sinh": lambda a: np.sinh(a), "cosh": lambda a: np.cosh(a),
    "tanh": lambda a: np.tanh(a),
}
EXACT_UNARY = {"neg", "pos", "conj", "conjugate", "negative", "real", "imag", "isnan",
               "isinf", "isfinite", "square"}


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("kind", ["complex", "column", "strided"])
@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_unary(name, kind, dtype):
    a = inputs(kind, dtype)
    if name in ("exp", "sinh", "cosh", "tan", "tanh", "sin", "cos"):
        a = a / 100          # finite results (cmath raises OverflowError past them)
    fn = UNARY[name]
    with np.errstate(all="ignore"):
        want = fn(a)
        got = pyrite.njit(fn)(a)
    check(got, want, exact=name in EXACT_UNARY)


def test_special_values_as_numpy():
    a = np.array([1 + 1j, 0j, -1 + 0j, complex(np.inf, 0), complex(np.nan, 1)])
    b = np.array([0j, 0j, 0j, 1 + 0j, 1j])
    f = pyrite.njit(lambda a, b: (a / b, np.isnan(a), np.isinf(a), np.isfinite(a)))
    with np.errstate(all="ignore"):
        want = (a / b, np.isnan(a), np.isinf(a), np.isfinite(a))
    for g, w in zip(f(a, b), want):
        check(g, w)
    with np.errstate(all="ignore"):
        check(pyrite.njit(lambda a: np.log(a))(np.array([0j])), np.log(np.array([0j])))
    # NaN and infinite parts in a divisor take IEEE arithmetic, no exception
    nan, inf = float("nan"), float("inf")
    c = np.array([complex(nan, 0), complex(0, nan), complex(inf, 1), complex(1, -inf),
                  complex(-0.0, 0.0), complex(nan, nan)])
    d = pyrite.njit(lambda a, b: (a / b, b / a))
    with np.errstate(all="ignore"):
        want = (Z / c, c / Z)
    for g, w in zip(d(Z, c), want):
        check(g, w)


def test_power_with_integer_and_complex_exponents():
    a = Z[:4]
    f = pyrite.njit(lambda a, b: a ** b)
    check(f(a, 2), a ** 2, exact=False)
    check(f(a, W[:4] + 1), a ** (W[:4] + 1), exact=False)
    check(pyrite.njit(lambda a: np.power(a, 0.5))(a), np.power(a, 0.5), exact=False)


def _iadd(a, b):
    a += b
    return a


def _imul(a, b):
    a *= b
    return a


def _itruediv(a, b):
    a /= b
    return a


@pytest.mark.parametrize("fn", [_iadd, _imul, _itruediv], ids=lambda f: f.__name__)
@pytest.mark.parametrize("right", ["other", "float64", "scalar_complex", "scalar_int"])
@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_in_place(fn, right, dtype):
    a, b = inputs("complex", dtype), inputs(right, dtype)
    want = fn(a.copy(), b)
    view = a.copy()
    got = pyrite.njit(fn)(view, b)
    check(got, want, exact=fn is _iadd)
    check(view, want, exact=fn is _iadd)   # the caller's array was updated


def test_in_place_into_a_real_array_is_refused_as_numpy_refuses():
    with pytest.raises(TypeError):
        _iadd(R.copy(), Z)          # NumPy: cannot cast complex128 to float64
    with pytest.raises(pyrite.errors.TypingError):
        pyrite.njit(_iadd)(R.copy(), Z)


def test_out_argument():
    f = pyrite.njit(lambda a, b, o: np.multiply(a, b, o))
    out = np.empty(6, np.complex128)
    got = f(Z, W, out)
    check(got, Z * W)
    check(out, Z * W)
    g = pyrite.njit(lambda a, o: np.exp(a, out=o))
    out = np.empty(6, np.complex128)
    check(g(Z / 10, out), np.exp(Z / 10), exact=False)


def test_exp_of_imaginary_phase():
    f = pyrite.njit(lambda x, k: np.exp(1j * k * x))
    x = np.linspace(0.0, 1.0, 9)
    check(f(x, 2.0), np.exp(1j * 2.0 * x), exact=False)


@pytest.mark.parametrize("name", ["sum", "prod", "mean", "np_sum", "np_prod", "np_mean",
                                  "trace"])
@pytest.mark.parametrize("shape", [(6,), (2, 3), (3, 2)])
@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_reductions(name, shape, dtype):
    fns = {"sum": lambda a: a.sum(), "prod": lambda a: a.prod(), "mean": lambda a: a.mean(),
           "np_sum": lambda a: np.sum(a), "np_prod": lambda a: np.prod(a),
           "np_mean": lambda a: np.mean(a), "trace": lambda a: np.trace(a)}
    a = Z.astype(dtype).reshape(shape)
    if name == "trace" and len(shape) != 2:
        return
    fn = fns[name]
    want = fn(a)
    got = pyrite.njit(fn)(a)
    assert complex(got) == pytest.approx(complex(want), rel=1e-5 if dtype == np.complex64
                                         else 1e-14)
    if name != "trace":
        got_t = pyrite.njit(fn)(a.T)  # a non-contiguous view
        assert complex(got_t) == pytest.approx(complex(fn(a.T)), rel=1e-5)


CREATION = {
    "literal": lambda: np.array([1j, 2 + 0j, -3.5 - 1j]),
    "literal_mixed": lambda: np.array([[1j, 2], [3, 4.5 - 1j]]),
    "literal_complex64": lambda: np.array([1j, 2], dtype=np.complex64),
    "zeros": lambda: np.zeros(3, np.complex128), "ones": lambda: np.ones((2, 2), np.complex64),
    "full": lambda: np.full(3, 1 - 1j), "full_2d": lambda: np.full((2, 3), 2j),
}


@pytest.mark.parametrize("name", sorted(CREATION))
def test_creation(name):
    check(pyrite.njit(CREATION[name])(), CREATION[name]())


def _fill(a):
    b = a.copy()
    b.fill(1 - 2j)
    return b


def _set(a):
    a[0, 1] = 2 - 1j
    a[1, :2] = a[0, :2] * 3
    return a


M = (np.arange(6) + 1j * np.arange(6)[::-1]).reshape(2, 3)
SHAPES = {
    "reshape": lambda m: m.reshape(3, 2) + 1j, "ravel_T": lambda m: m.T.ravel(),
    "flatten": lambda m: m.T.flatten(), "transpose": lambda m: m.transpose(),
    "swapaxes": lambda m: m.swapaxes(0, 1).copy(), "np_transpose": lambda m: np.transpose(m),
    "ascontiguousarray": lambda m: np.ascontiguousarray(m.T),
    "zeros_like": lambda m: np.zeros_like(m), "ones_like": lambda m: np.ones_like(m),
    "full_like": lambda m: np.full_like(m, 2j), "copy": lambda m: np.copy(m.T),
    "diag": lambda m: np.diag(m), "tril": lambda m: np.tril(m), "triu": lambda m: np.triu(m, 1),
    "concatenate": lambda m: np.concatenate((m, m)), "vstack": lambda m: np.vstack((m, m)),
    "hstack": lambda m: np.hstack((m, m)), "stack": lambda m: np.stack((m, m), axis=1),
    "split": lambda m: np.split(m, 3, axis=1)[1], "repeat": lambda m: np.repeat(m, 2),
    "tile": lambda m: np.tile(m, 2), "roll": lambda m: np.roll(m, 1), "flip": lambda m: np.flip(m),
    "expand_dims": lambda m: np.expand_dims(m, 0), "diff": lambda m: np.diff(m),
    "outer": lambda m: np.outer(m[0], m[1]), "kron": lambda m: np.kron(m[0], m[1]),
    "convolve": lambda m: np.convolve(m[0], m[1]), "fill": _fill, "set": _set,
    "where": lambda m: np.where(np.abs(m) > 3, m, 0j),
    "mask": lambda m: m[np.abs(m) > 3], "fancy": lambda m: m[:, np.array([2, 0])],
    "broadcast_row": lambda m: m - m[:1, :], "len": lambda m: len(m),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_element_moving_functions(name):
    fn = SHAPES[name]
    want = fn(M.copy())
    got = pyrite.njit(fn)(M.copy())
    if isinstance(want, int):
        assert got == want
    else:
        check(got, want)


def _write_parts(a):
    a.imag[:] = 5.0
    a.real[1] = -1.0
    np.imag(a)[0, 0] = 7.0
    return a


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@pytest.mark.parametrize("layout", ["C", "T", "strided"])
def test_real_and_imag_are_views(dtype, layout):
    base = M.astype(dtype)
    a = {"C": base, "T": base.T, "strided": base[:, ::2]}[layout]
    f = pyrite.njit(lambda a: (a.real, a.imag, np.real(a), np.imag(a), a.real + 2 * a.imag))
    wants = (a.real, a.imag, np.real(a), np.imag(a), a.real + 2 * a.imag)
    for k, (g, w) in enumerate(zip(f(a), wants)):
        check(g, w)
        if k < 4:   # the views (an expression's result is C-contiguous in pyrite)
            assert g.strides == w.strides
    want = _write_parts(a.copy())
    got = a.copy()
    pyrite.njit(_write_parts)(got)
    check(got, want)


def test_array_sizes():
    f = pyrite.njit(lambda a: (a.nbytes, a.itemsize, a.strides, a.real.nbytes))
    for a in (M, M.T, M.astype(np.complex64)[:, ::2], R):
        assert f(a) == (a.nbytes, a.itemsize, a.strides, a.real.nbytes)


RNG = np.random.default_rng(7)
CA = RNG.standard_normal((4, 3)) + 1j * RNG.standard_normal((4, 3))
CB = RNG.standard_normal((3, 5)) + 1j * RNG.standard_normal((3, 5))
CV = RNG.standard_normal(3) + 1j * RNG.standard_normal(3)
PRODUCTS = {
    "matmul_operator": (lambda a, b: a @ b, (CA, CB)),
    "dot_matrices": (lambda a, b: np.dot(a, b), (CA, CB)),
    "matmul_complex_real": (lambda a, b: np.matmul(a, b), (CA, CB.real.copy())),
    "real_complex": (lambda a, b: a @ b, (CA.real.copy(), CB)),
    "transposed": (lambda a, b: a.T @ b, (CA, CA)),
    "strided": (lambda a, b: a[:, ::2] @ b[::2], (CA, CB)),
    "matrix_vector": (lambda a, b: a @ b, (CA, CV)),
    "vector_matrix": (lambda a, b: b @ a, (CB, CV)),
    "strided_vector": (lambda a, b: a[:, :2] @ b[::2], (CA, CV)),
    "complex64": (lambda a, b: a.astype(np.complex64) @ b.astype(np.complex64),
                  (CA.real.copy(), CB.real.copy())),
    "dot_vectors": (lambda a, b: np.dot(a, b), (CV, CV[::-1].copy())),
    "dot_complex_real": (lambda a, b: np.dot(a, b.real), (CV, CV)),
    "vdot": (lambda a, b: np.vdot(a, b), (CV, CV[::-1].copy())),
    "vdot_matrices": (lambda a, b: np.vdot(a, b), (CA, CA)),
}


@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_products(name):
    fn, args = PRODUCTS[name]
    want = fn(*args)
    got = pyrite.njit(fn)(*args)
    if isinstance(want, np.ndarray):
        check(got, want, exact=False)
    else:
        assert np.asarray(got).dtype == np.asarray(want).dtype or isinstance(got, complex)
        assert complex(got) == pytest.approx(complex(want), rel=1e-12)


def test_product_shape_errors_are_numpys():
    with pytest.raises(ValueError, match="not aligned"):
        pyrite.njit(lambda a, b: np.dot(a, b))(CV, CV[:2].copy())
    with pytest.raises(ValueError, match="cannot reshape array of size 2"):
        pyrite.njit(lambda a, b: np.vdot(a, b))(CV, CV[:2].copy())
