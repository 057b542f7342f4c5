"""parallel=True beyond prange loops: array expressions and reductions run
over threads, library code following its caller; and the cases a
newcomer's bug hunt found (each under 1, 2 and 4 threads, compared with the
serial compilation)."""
import threading

import numpy as np
import pytest

import pyrite
from conftest import check_parallel as check
from conftest import parallel_and_serial as both
from conftest import parallel_report as diagnostics
from pyrite import njit, prange
from pyrite.errors import TypingError

pytestmark = pytest.mark.usefixtures("no_leaks", "threads")


def r_add(a):
    s = 0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


# --- found by trying it as a newcomer -----------------------------------------------------

def test_conditional_expressions_in_a_reduction():
    def f(a):
        s = 0.0
        m = 100.0
        for i in prange(a.shape[0]):
            s += a[i] if a[i] > 0 else 0.0
            m = min(m, a[i] if a[i] > -3 else 100.0)
        return s, m
    a = np.arange(-5.0, 5.0)
    assert check(f, a) == (10.0, -2.0)


def test_complex_array_reduction():
    def f(z):
        acc = np.zeros(z.shape[1], np.complex128)
        prod = np.ones(z.shape[1], np.complex64)
        for i in prange(z.shape[0]):
            acc += z[i]
            prod *= np.complex64(1 + 0.01j)
        return acc, prod
    z = np.arange(12.0).reshape(4, 3) * (1 - 1j)
    acc, prod = njit(parallel=True)(f)(z)
    np.testing.assert_allclose(acc, z.sum(0))
    np.testing.assert_allclose(prod, np.full(3, (1 + 0.01j) ** 4), rtol=1e-5)


def test_array_reduction_freed_when_a_chunk_raises():
    def f(x):
        acc = np.zeros(x.shape[1])
        for i in prange(x.shape[0]):
            if i == x.shape[0] - 1:
                raise ValueError("last row")
            acc += x[i]
        return acc
    par = njit(parallel=True)(f)
    for _ in range(3):  # the no_leaks fixture counts what is not freed
        with pytest.raises(ValueError):
            par(np.ones((64, 100)))


def test_read_where_an_iteration_may_not_have_set_it():
    # Python would read another iteration's value there; a thread could not.
    def f(a, b):
        for i in prange(a.shape[0]):
            if i % 2 == 0:
                t = a[i]
            b[i] = t
        return b
    with pytest.raises(TypingError, match="'t' may be read in a prange iteration that did not"):
        njit(parallel=True)(f)(np.arange(6.0), np.zeros(6))


def test_inner_prange_runs_in_parallel_under_a_serial_outer_one():
    def f(a):
        out = np.zeros(a.shape[0], np.int64)
        for i in prange(a.shape[0]):
            if a[i, 0] > 100:
                break
            for j in prange(a.shape[1]):
                out[i] += a[i, j]
        return out
    a = np.arange(12).reshape(3, 4)
    np.testing.assert_array_equal(njit(parallel=True)(f)(a), a.sum(1))
    report = diagnostics(njit(parallel=True)(f), a, level=1)
    assert "serial: a `break` leaves it" in report and ": parallel" in report


def test_a_region_in_a_chunk_draws_from_the_chunk_streams():
    @njit(parallel=True)
    def inner(n):
        s = 0
        for i in prange(n):
            s += i
        return s

    @njit(parallel=True)
    def outer(n, seed):
        np.random.seed(seed)
        out = np.zeros(n)
        for i in prange(n):
            inner(3)
            out[i] = np.random.random()
        return out
    np.testing.assert_array_equal(outer(50, 7), outer(50, 7))


def test_first_calls_from_several_threads_compile_once():
    def total(a):
        s = 0.0
        for i in prange(a.shape[0]):
            s += a[i]
        return s
    g = njit(parallel=True)(total)
    barrier = threading.Barrier(4)
    out, errors = [], []

    def work():
        barrier.wait()
        try:
            out.append(g(np.ones(1000)))
        except Exception as e:  # noqa: BLE001 (reported below)
            errors.append(e)
    ts = [threading.Thread(target=work) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors and out == [1000.0] * 4
    assert len(g.signatures) == 1


def test_thread_api_in_compiled_code(threads):
    @njit
    def use(n):
        before = pyrite.get_num_threads()
        pyrite.set_num_threads(1)
        inside = pyrite.get_num_threads()
        pyrite.set_num_threads(before)
        old = pyrite.set_parallel_chunksize(n)
        now = pyrite.get_parallel_chunksize()
        pyrite.set_parallel_chunksize(old)
        return before, inside, now
    assert use(5) == (threads, 1, 5)

    @njit
    def bad():
        pyrite.set_num_threads(0)
    with pytest.raises(ValueError, match="number of threads"):
        bad()


def test_numba_prange_in_a_pyrite_function():
    numba = pytest.importorskip("numba")

    @njit(parallel=True)
    def f(n):
        s = 0
        for i in numba.prange(n):
            s += i
        return s
    assert f(100) == 4950
    assert "parallel" in diagnostics(f, 100, level=1)


def test_inspection_of_a_signature_never_compiled():
    f = njit(parallel=True)(r_add)
    f(np.arange(3))
    with pytest.raises(KeyError, match="no compiled signature"):
        f.parallel_diagnostics(signature=(pyrite.int64,))


# --- array expressions and reductions run over threads -----------------------------------

@pytest.mark.parametrize("n", [0, 5, 70_000, 300_001])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32])
def test_array_expressions_equal_serial(n, dtype, threads):
    def f(a, b):
        c = a * b + 3
        c += a
        return c, np.abs(a - b) * 2
    rng = np.random.default_rng(n)
    a = rng.integers(-100, 100, n).astype(dtype)
    b = rng.integers(-100, 100, n).astype(dtype)
    par, ser = both(f)
    for got, want in zip(par(a, b), ser(a, b)):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("n", [0, 1, 1000, 70_000, 1_000_001])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_float_sums_over_threads(n, dtype, threads):
    def f(a):
        return a.sum(), np.sum(a * 2)
    a = np.random.default_rng(n).random(n).astype(dtype)
    got = njit(parallel=True)(f)(a)
    want = (a.sum(dtype=np.float64), (a * 2).sum(dtype=np.float64))
    np.testing.assert_allclose(got, want, rtol=1e-6 if dtype == np.float32 else 1e-12)


def test_array_expressions_inside_prange_stay_in_the_chunk():
    def f(m):
        out = np.empty_like(m)
        for i in prange(m.shape[0]):
            out[i] = m[i] * 2 + 1
        return out
    m = np.random.default_rng(1).random((100, 70_000))
    np.testing.assert_array_equal(check(f, m), m * 2 + 1)


@pytest.mark.parametrize("n", [1, 1000, 70_000, 500_001])
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.bool_])
def test_integer_sums_min_max_over_threads(n, dtype, threads):
    def f(a):
        return a.sum(), a.min(), a.max(), np.sum(a)
    a = np.random.default_rng(n).integers(0, 200, n).astype(dtype)
    par, ser = both(f)
    assert par(a) == ser(a) == (a.sum(), a.min(), a.max(), np.sum(a))


def test_min_of_an_empty_array_raises_in_parallel_functions():
    with pytest.raises(ValueError, match="zero-size array"):
        njit(parallel=True)(lambda a: a.min())(np.zeros(0, np.int64))


def test_library_code_follows_the_parallel_caller():
    # np.mean's library implementation sums with the caller's parallel=
    def f(a):
        return a.mean(), np.mean(a * 2.0)
    a = np.random.default_rng(9).random(300_001)
    par, ser = both(f)
    np.testing.assert_allclose(par(a), ser(a), rtol=1e-12)
    assert "pyrite_rt_parallel_for" in list(par.inspect_llvm().values())[0]
    assert "pyrite_rt_parallel_for" not in list(ser.inspect_llvm().values())[0]


# --- more reductions over threads: float min/max, prod, argmin/argmax, mean --------------

def _with_specials(n, seed):
    """Random floats with NaNs, zeros of both signs and ties placed across
    chunk boundaries (chunks split n evenly among the threads)."""
    a = np.random.default_rng(seed).random(n)
    for k in (2, 3, 4):
        if n > k:
            a[n // k] = a[n // k - 1] = -1.0  # a tie on either side of a boundary
    return a


@pytest.mark.parametrize("n", [1, 1000, 70_000, 400_003])
def test_float_min_max_over_threads(n, threads):
    def f(a):
        return a.min(), a.max(), np.min(a), np.max(a)
    par, ser = both(f)
    a = _with_specials(n, n)
    assert par(a) == ser(a) == (a.min(), a.max(), a.min(), a.max())
    b = a.copy()
    b[n * 2 // 3] = np.nan
    assert all(np.isnan(v) for v in par(b))
    z = np.zeros(n)
    z[n // 2] = -0.0
    z[-1] = -0.0
    for arr in (z, -z, z.astype(np.float32)):
        got, want = par(arr), (arr.min(), arr.max(), arr.min(), arr.max())
        assert got == want and [np.signbit(v) for v in got] == [np.signbit(v) for v in want]


@pytest.mark.parametrize("n", [1, 1000, 70_000, 400_003])
@pytest.mark.parametrize("kind", ["float", "nan_late", "nan_first_chunk", "int", "bool"])
def test_argmin_argmax_over_threads(n, kind, threads):
    def f(a):
        return np.argmin(a), np.argmax(a), a.argmin(), a.argmax()
    a = _with_specials(n, n + 1)
    if kind == "nan_late":
        a[n * 3 // 4] = a[n - 1] = np.nan
    elif kind == "nan_first_chunk":
        a[n // 5] = a[n * 4 // 5] = np.nan
    elif kind == "int":
        a = (a * 50).astype(np.int32)  # many ties: the first index wins
    elif kind == "bool":
        a = a > 0.5
    par, ser = both(f)
    want = (np.argmin(a), np.argmax(a), a.argmin(), a.argmax())
    assert par(a) == ser(a) == want


def test_argmin_of_an_empty_array_raises_in_parallel_functions():
    with pytest.raises(ValueError, match="argmin of an empty sequence"):
        njit(parallel=True)(lambda a: np.argmin(a))(np.zeros(0))


@pytest.mark.parametrize("n", [0, 1, 1000, 70_000, 400_003])
@pytest.mark.parametrize("dtype", [np.int64, np.int8, np.uint32, np.float64, np.float32])
def test_prod_over_threads(n, dtype, threads):
    def f(a):
        return np.prod(a), a.prod(), np.nanprod(a)
    rng = np.random.default_rng(n)
    if np.dtype(dtype).kind == "f":
        a = (1.0 + (rng.random(n) - 0.5) * 1e-5).astype(dtype)
    else:
        a = rng.integers(1, 4, n).astype(dtype)  # integer products wrap: exact anyway
    par, ser = both(f)
    got, want = par(a), (np.prod(a), a.prod(), np.nanprod(a))
    if np.dtype(dtype).kind == "f":
        # float32 products of 400,000 values drift by ~1e-3 in any order (NumPy included)
        np.testing.assert_allclose(got, want, rtol=5e-3 if dtype == np.float32 else 1e-10)
    else:
        assert got == ser(a) == want


@pytest.mark.parametrize("n", [0, 1, 1000, 70_000, 400_003])
@pytest.mark.parametrize("dtype", [np.int64, np.int16, np.uint8, np.bool_])
def test_mean_of_integers_over_threads(n, dtype, threads):
    def f(a):
        return a.mean(), np.mean(a)
    a = np.random.default_rng(n).integers(0, 100, n).astype(dtype)
    par, ser = both(f)
    if n == 0:
        assert all(np.isnan(v) for v in par(a))
        return
    np.testing.assert_allclose(par(a), (a.mean(), a.mean()), rtol=1e-12)
    np.testing.assert_allclose(par(a), ser(a), rtol=1e-12)


def test_reductions_in_serial_functions_have_no_region():
    def f(a):
        return np.argmin(a), np.prod(a), a.mean(), a.min()
    a = np.random.default_rng(3).random(100_000)
    par, ser = both(f)
    assert par(a) == ser(a)
    assert "pyrite_rt_parallel_for" not in list(ser.inspect_llvm().values())[0]


# --- broadcasting array expressions run over threads by rows ----------------------------

_SHAPES = [  # (a, b, c) of a * b + np.sin(c); the result has a's shape
    ((0, 5), (5,), (0, 1)),
    ((3, 4), (4,), (3, 1)),
    ((300, 400), (400,), (1, 400)),
    ((2, 70_000), (70_000,), (2, 1)),  # two rows: at most two chunks
    ((70_000, 3), (3,), (70_000, 3)),
    ((20, 30, 400), (30, 1), (400,)),
    ((500, 300), (1, 300), (500, 300)),
]


@pytest.mark.parametrize("shapes", _SHAPES, ids=str)
def test_broadcasting_expressions_over_threads(shapes, threads):
    def f(a, b, c):
        return a * b + np.sin(c)
    rng = np.random.default_rng(len(shapes[0]))
    a, b, c = (rng.random(s) for s in shapes)
    par, ser = both(f)
    got = par(a, b, c)
    assert got.shape == f(a, b, c).shape
    np.testing.assert_array_equal(got, ser(a, b, c))
    np.testing.assert_allclose(got, f(a, b, c), rtol=1e-15)


@pytest.mark.parametrize("shape", [(300, 400), (70_000, 2), (4, 50, 600)])
def test_broadcasting_in_place_and_non_contiguous_over_threads(shape, threads):
    def f(a, row):
        a += row
        a[...] = a * 2 - row
        return a[::2] + 1.0, a.T * 3
    rng = np.random.default_rng(7)
    a, row = rng.random(shape), rng.random(shape[-1])
    par, ser = both(f)
    x, y = a.copy(), a.copy()
    for got, want in zip(par(x, row), ser(y, row)):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(x, y)


def test_broadcasting_expression_raising_in_a_chunk():
    def f(a, b):
        return a ** b  # NumPy: integers to negative integer powers are not allowed
    a = np.ones((300, 400), np.int64)
    b = np.ones(400, np.int64)
    b[-1] = -1
    par, ser = both(f)
    for fn in (par, ser):
        with pytest.raises(ValueError, match="negative integer powers"):
            fn(a, b)


def test_diagnostics_report_fused_expressions_and_reductions():
    def f(a, b):
        c = np.sqrt(a * a + b * b)  # four operations, one loop
        for k in prange(3):
            c[k] = c[k] * 2  # inside the region: not automatic
        return c.sum(), np.argmin(c), np.sum(c, axis=0), -c
    a = np.ones(10)
    report = diagnostics(njit(parallel=True)(f), a, a, level=1).splitlines()
    line = f.__code__.co_firstlineno
    assert report[1:] == [
        f"array expression at line {line + 1}: 4 operations fused into one loop, "
        "over threads from 65,536 elements",
        f"prange loop at line {line + 2}: parallel (lines {line + 2}..)",
        f"reduction 'sum' at line {line + 4}: over threads from 65,536 elements",
        f"reduction 'argmin' at line {line + 4}: over threads from 65,536 elements",
        f"array expression at line {line + 4}: one loop, over threads from 65,536 elements",
    ]


def test_prod_overflow_in_one_chunk_and_underflow_in_another(threads):
    # inf * 0 between chunks would be NaN; one pass gives NumPy's inf
    a = np.ones(200_003)
    a[:2] = 1e300
    a[150_000:150_010] = 1e-300
    got = njit(parallel=True)(lambda a: (np.prod(a), np.nanprod(a)))(a)
    with np.errstate(over="ignore", under="ignore"):
        assert got == (np.prod(a), np.nanprod(a))


def test_diagnostics_list_only_reductions_that_split():
    def f(a, c):
        return a.T.sum(), c.sum(), a * c[:, :1]
    a = np.ones((4, 3))
    report = diagnostics(njit(parallel=True)(f), a, a.copy(), level=1)
    assert report.count("reduction 'sum'") == 1  # c's, not the F-ordered a.T's
    assert "by rows, unless an operand repeats along the last dimension" in report
