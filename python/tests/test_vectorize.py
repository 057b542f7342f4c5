"""@vectorize and @guvectorize: real numpy.ufunc objects, compared with the
same computation done by NumPy, for targets 'cpu' and 'parallel' (under 1,
2 and 4 threads)."""
import functools
import math

import numpy as np
import pytest

import pyrite
from pyrite import float32, float64, guvectorize, int32, int64, vectorize
from pyrite.errors import TypingError


TARGETS = ["cpu", "parallel"]


def axpy(a, x, y):
    return a * x + y


def make_axpy(target):
    return vectorize(["float64(float64, float64, float64)", "float32(float32, float32, float32)",
                      "int64(int64, int64, int64)"], target=target)(axpy)


@pytest.mark.parametrize("target", TARGETS)
def test_eager_is_a_numpy_ufunc(target):
    f = make_axpy(target)
    assert isinstance(f, np.ufunc)
    assert f.nin == 3 and f.nout == 1 and f.ntypes == 3
    assert f.types == ["ddd->d", "fff->f", "lll->l"]  # in the order given, as Numba
    assert f.__name__ == "axpy"


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
@pytest.mark.parametrize("n", [0, 1, 17, 100_001])
def test_eager_values_and_dtypes(target, dtype, n, threads):
    f = make_axpy(target)
    rng = np.random.default_rng(n)
    a, x, y = (rng.integers(-50, 50, n).astype(dtype) for _ in range(3))
    got = f(a, x, y)
    assert got.dtype == dtype
    np.testing.assert_allclose(got, a * x + y, rtol=1e-6)


@pytest.mark.parametrize("target", TARGETS)
def test_broadcasting_strides_and_scalars(target):
    f = make_axpy(target)
    m = np.arange(60.0).reshape(6, 10)
    np.testing.assert_array_equal(f(2.0, m, np.arange(10.0)), 2.0 * m + np.arange(10.0))
    np.testing.assert_array_equal(f(m[:, ::3], m[::-1, ::3], 1.0), m[:, ::3] * m[::-1, ::3] + 1)
    np.testing.assert_array_equal(f(m.T, m.T, m.T), m.T * m.T + m.T)
    assert f(2.0, 3.0, 4.0) == 10.0


@pytest.mark.parametrize("target", TARGETS)
def test_casting_picks_a_loop(target):
    # NumPy takes the first loop the inputs cast to safely, in the order the
    # signatures were given (Numba's rule too): float64 comes first here.
    f = make_axpy(target)
    got = f(np.arange(5, dtype=np.int32), np.arange(5, dtype=np.int32), 1)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, np.arange(5) ** 2 + 1)
    assert f(np.arange(5), np.arange(5), 1).dtype == np.float64
    g = vectorize(["int64(int64, int64, int64)", "float64(float64, float64, float64)"],
                  target=target)(axpy)
    assert g(np.arange(5, dtype=np.int32), 2, 1).dtype == np.int64
    assert g(np.arange(5.0), 2, 1).dtype == np.float64


@pytest.mark.parametrize("target", TARGETS)
def test_out_and_where(target):
    f = make_axpy(target)
    x = np.arange(10.0)
    out = np.full(10, -1.0)
    r = f(2.0, x, 1.0, out=out, where=x > 4)
    assert r is out
    np.testing.assert_array_equal(out, np.where(x > 4, 2 * x + 1, -1.0))


def add(x, y):
    return x + y


@pytest.mark.parametrize("target", TARGETS)
def test_reduce_accumulate_outer_at(target):
    f = vectorize(["int64(int64, int64)", "float64(float64, float64)"], identity=0,
                  target=target)(add)
    a = np.arange(1, 11)
    assert f.reduce(a) == a.sum()
    np.testing.assert_array_equal(f.accumulate(a), np.cumsum(a))
    np.testing.assert_array_equal(f.outer(a[:3], a[:4]), np.add.outer(a[:3], a[:4]))
    m = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(f.reduce(m, axis=1), m.sum(1))
    assert f.reduce(np.zeros(0, np.int64)) == 0  # the identity
    b = np.zeros(5, np.int64)
    f.at(b, [0, 1, 1, 4], 3)
    np.testing.assert_array_equal(b, [3, 6, 0, 0, 3])
    np.testing.assert_array_equal(f.reduceat(a, [0, 5]), np.add.reduceat(a, [0, 5]))


def test_identity_none_and_reorderable():
    f = vectorize(["float64(float64, float64)"])(add)
    assert f.identity is None
    with pytest.raises(ValueError):
        f.reduce(np.zeros(0))
    g = vectorize(["float64(float64, float64)"], identity="reorderable")(add)
    assert g.reduce(np.ones((3, 4)), axis=None) == 12.0
    with pytest.raises(ValueError):
        vectorize(["float64(float64, float64)"], identity=5)(add)


def test_type_objects_and_single_string():
    f = vectorize([float64(float64, float64), float32(float32, float32)])(add)
    assert f.types == ["dd->d", "ff->f"]
    assert vectorize(["f8(f8, f8)", "float64(float64, float64)"])(add).types == ["dd->d"]
    g = vectorize("int32(int32, int32)")(add)
    assert g(np.int32(2), np.int32(3)) == 5 and g.types == ["ii->i"]
    h = vectorize([int64(int32, int32)])(add)
    assert h.types == ["ii->l"]


def test_bool_and_complex_kernels():
    f = vectorize(["boolean(float64, float64)"])(lambda x, y: x > y)
    np.testing.assert_array_equal(f(np.arange(5.0), 2.0), np.arange(5.0) > 2.0)
    g = vectorize(["complex128(complex128, float64)"])(lambda z, s: z * s + 1j)
    z = np.arange(4) * (1 + 2j)
    np.testing.assert_array_equal(g(z, 2.0), z * 2.0 + 1j)


def test_math_in_kernels(threads):
    def k(x):
        return math.exp(-x * x) * math.sin(x) + math.sqrt(abs(x))
    x = np.linspace(-5, 5, 100_001)
    want = np.exp(-x * x) * np.sin(x) + np.sqrt(np.abs(x))
    for target in TARGETS:
        np.testing.assert_allclose(vectorize(["float64(float64)"], target=target)(k)(x), want,
                                   rtol=1e-14)


def test_error_model_is_numpy():
    f = vectorize(["float64(float64, float64)"])(lambda x, y: x / y)
    with np.errstate(divide="ignore", invalid="ignore"):
        got = f(np.array([1.0, 0.0, -1.0]), 0.0)
    assert got[0] == np.inf and np.isnan(got[1]) and got[2] == -np.inf


@pytest.mark.parametrize("target", TARGETS)
def test_exceptions_surface(target, threads):
    def k(x):
        if x > 999.0:
            raise ValueError("too big")
        return x
    f = vectorize(["float64(float64)"], target=target)(k)
    with pytest.raises(ValueError, match="too big"):
        f(np.arange(100_000.0))
    np.testing.assert_array_equal(f(np.arange(10.0)), np.arange(10.0))


def test_lazy_dufunc_grows_loops():
    @vectorize
    def f(x, y):
        return x * 2 + y
    assert not isinstance(f, np.ufunc) and f.ntypes == 0
    np.testing.assert_array_equal(f(np.arange(4), 1), np.arange(4) * 2 + 1)
    assert f.ntypes == 1
    got = f(np.arange(4.0), np.float32(0.5))
    assert got.dtype == np.float64 and f.ntypes == 2
    np.testing.assert_array_equal(f(np.arange(4), 1), np.arange(4) * 2 + 1)
    assert f.ntypes == 2
    assert f.reduce(np.arange(5.0)) == functools.reduce(lambda acc, v: acc * 2 + v,
                                                        np.arange(5.0))
    assert isinstance(f.ufunc, np.ufunc)
    g = vectorize(target="parallel")(lambda x: x + 1)
    np.testing.assert_array_equal(g(np.arange(10)), np.arange(1, 11))


@pytest.mark.parametrize("threads_", [2])
def test_parallel_reduce_and_accumulate_run_in_order(threads_):
    # NumPy's reduce and accumulate hand the loop its output as an input:
    # a parallel ufunc runs those in order (a race gave varying sums).
    f = vectorize(["float64(float64, float64)"], identity=0, target="parallel")(add)
    ones = np.ones(1_000_000)
    for _ in range(3):
        assert f.reduce(ones) == 1_000_000
        assert f.accumulate(ones)[-1] == 1_000_000
    np.testing.assert_array_equal(f.reduce(np.ones((4, 300_000)), axis=1), [300_000] * 4)
    x = np.arange(1_000_000.0)
    assert f(x, x, out=x) is x
    np.testing.assert_array_equal(x, np.arange(1_000_000.0) * 2)


def test_bad_uses():
    with pytest.raises(NotImplementedError):   # (vectorize has target='cuda': test_cuda_launch)
        guvectorize(["void(float64[:], float64[:])"], "(n)->(n)", target="cuda")(
            lambda x, out: None)
    with pytest.raises(ValueError):
        vectorize(["float64(float64)"], target="gpu")(lambda x: x)
    with pytest.raises(TypeError):
        vectorize(["float64(float64, float64)"])(lambda x: x)
    with pytest.raises(TypingError):
        vectorize(["float64(float64)"])(lambda x: undefined_name + x)  # noqa: F821


# --- @guvectorize ----------------------------------------------------------------------

def add_scalar(x, y, res):
    for i in range(x.shape[0]):
        res[i] = x[i] + y


def row_sum(x, res):
    s = 0.0
    for v in x:
        s += v
    res[0] = s


def matmul(a, b, out):
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            s = 0.0
            for k in range(a.shape[1]):
                s += a[i, k] * b[k, j]
            out[i, j] = s


@pytest.mark.parametrize("target", TARGETS)
def test_gufunc_vector_and_scalar(target, threads):
    f = guvectorize([(int64[:], int64, int64[:]), (float64[:], float64, float64[:])],
                    "(n),()->(n)", target=target)(add_scalar)
    assert isinstance(f, np.ufunc) and f.signature == "(n),()->(n)"
    m = np.arange(24.0).reshape(4, 6)
    np.testing.assert_array_equal(f(m, 10.0), m + 10)
    np.testing.assert_array_equal(f(m, np.arange(4.0)), m + np.arange(4.0)[:, None])
    got = f(np.arange(6), 2)
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, np.arange(6) + 2)
    out = np.zeros((4, 6))
    assert f(m, 1.0, out=out) is out
    np.testing.assert_array_equal(out, m + 1)
    np.testing.assert_array_equal(f(m[:, ::2], 1.0), m[:, ::2] + 1)


@pytest.mark.parametrize("target", TARGETS)
def test_gufunc_scalar_output(target, threads):
    f = guvectorize(["void(float64[:], float64[:])"], "(n)->()", target=target)(row_sum)
    m = np.random.default_rng(1).random((1001, 7))
    np.testing.assert_allclose(f(m), m.sum(1))
    np.testing.assert_allclose(f(m.T), m.T.sum(1))
    assert f(np.arange(5.0)) == 10.0


@pytest.mark.parametrize("target", TARGETS)
def test_gufunc_matmul(target, threads):
    f = guvectorize(["void(float64[:,:], float64[:,:], float64[:,:])"], "(m,n),(n,p)->(m,p)",
                    target=target)(matmul)
    rng = np.random.default_rng(2)
    a, b = rng.random((9, 3, 5)), rng.random((9, 5, 2))
    np.testing.assert_allclose(f(a, b), a @ b)
    np.testing.assert_allclose(f(a, b[0]), a @ b[0])
    with pytest.raises(ValueError, match="core dimension"):
        f(np.ones((2, 3)), np.ones((4, 2)))


def test_gufunc_layout_and_signature_errors():
    with pytest.raises(ValueError):
        guvectorize(["void(float64[:], float64[:])"], "(n)(n)")(row_sum)
    with pytest.raises(TypeError):
        guvectorize(["void(float64[:], float64[:], float64[:])"], "(n)->()")(row_sum)
    with pytest.raises(TypingError):
        guvectorize(["void(float64, float64[:])"], "(n)->()")(row_sum)


def test_lazy_gufunc():
    f = guvectorize("(n),()->(n)")(add_scalar)
    x = np.arange(5.0)
    out = np.zeros(5)
    f(x, 2.0, out)
    np.testing.assert_array_equal(out, x + 2)
    outi = np.zeros(5, np.int64)
    f(np.arange(5), 3, outi)
    np.testing.assert_array_equal(outi, np.arange(5) + 3)
    with pytest.raises(TypeError, match="outputs included"):
        f(x, 2.0)


# --- calls from compiled code ------------------------------------------------------------

def test_eager_ufunc_called_from_compiled_code():
    f = make_axpy("cpu")

    @pyrite.njit
    def use(a, x, y):
        return f(a, x, y), f(2.0, 3.0, 4.0), f(2, x, 1)

    x = np.arange(6.0).reshape(2, 3)
    got = use(2.0, x, np.ones(3))
    want = (f(2.0, x, np.ones(3)), f(2.0, 3.0, 4.0), f(2, x, 1))
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)
        assert np.asarray(g).dtype == np.asarray(w).dtype
    ints = np.arange(5, dtype=np.int32)

    @pyrite.njit
    def use_ints(a):
        return f(a, a, a)
    got = use_ints(ints)
    assert got.dtype == f(ints, ints, ints).dtype  # NumPy's choice of loop


def test_dufunc_called_from_compiled_code():
    @vectorize
    def twice(x):
        return x * 2

    @pyrite.njit
    def use(a):
        return twice(a), twice(3)
    arr, scalar = use(np.arange(4.0))
    np.testing.assert_array_equal(arr, np.arange(4.0) * 2)
    assert scalar == 6
    assert twice.ntypes == 2
