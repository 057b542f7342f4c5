"""parallel=True: prange loops on TBB threads, compared with the same
function compiled serially (prange is range there) and with CPython, under
1, 2 and 4 threads (4 oversubscribes these 2-core machines on purpose).
test_parallel_more.py has the automatic parallelization of array code and
the cases a newcomer's bug hunt found."""
import math
import threading

import numpy as np
import pytest

import pyrite
from conftest import check_parallel as check
from conftest import parallel_and_serial as both
from conftest import parallel_report as diagnostics
from pyrite import config, njit, prange
from pyrite.errors import TypingError

pytestmark = pytest.mark.usefixtures("no_leaks", "threads")


# --- reductions -------------------------------------------------------------------------

def r_add(a):
    s = 0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


def r_sub(a):
    s = 100
    for i in prange(a.shape[0]):
        s -= a[i]
    return s


def r_mul(a):
    p = 1
    for i in prange(a.shape[0]):
        p *= a[i] % 3 + 1
    return p


def r_and(a):
    m = -1
    for i in prange(a.shape[0]):
        m &= a[i] | 0x100
    return m


def r_or(a):
    m = 0
    for i in prange(a.shape[0]):
        m |= a[i]
    return m


def r_xor(a):
    m = 0
    for i in prange(a.shape[0]):
        m ^= a[i] * 2654435761
    return m


def r_min_call(a):
    m = a[0]
    for i in prange(a.shape[0]):
        m = min(m, a[i])
    return m


def r_max_call(a):
    m = a[0]
    for i in prange(a.shape[0]):
        m = max(a[i], m)
    return m


def r_add_spelled(a):
    s = 0
    for i in prange(a.shape[0]):
        s = s + a[i] * 2
    return s


def r_two(a):
    s = 0
    c = 0
    for i in prange(a.shape[0]):
        s += a[i]
        if a[i] % 2 == 0:
            c += 1
    return s, c


def r_conditional(a):
    s = 0
    for i in prange(a.shape[0]):
        if a[i] > 50:
            s += a[i]
        else:
            s -= 1
    return s


def r_twice(a):
    s = 0
    for i in prange(a.shape[0]):
        s += a[i]
        s += 1
    return s


def r_numba_4922(a):
    # numba/numba#4922: Numba's parallel result was 18 for n=10 (Python: 10)
    c = 0
    for i in prange(a.shape[0]):
        c += 1
        if i > 10:
            c += 1
    return c


INT_REDUCTIONS = [r_add, r_sub, r_mul, r_and, r_or, r_xor, r_min_call, r_max_call,
                  r_add_spelled, r_two, r_conditional, r_twice, r_numba_4922]


@pytest.mark.filterwarnings("ignore:overflow encountered")  # int64 products wrap, as in NumPy
@pytest.mark.parametrize("fn", INT_REDUCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("n", [1, 7, 1000, 100_003])
def test_integer_reductions_equal_serial(fn, n):
    a = np.random.default_rng(n).integers(0, 100, n)
    got = check(fn, a)
    assert np.array_equal(got, fn(a))  # CPython: prange is range


@pytest.mark.parametrize("fn", [r_add, r_sub, r_min_call, r_max_call, r_add_spelled],
                         ids=lambda f: f.__name__)
def test_float_reductions_within_reassociation(fn):
    a = np.random.default_rng(3).random(200_001)
    check(fn, a, exact=fn in (r_min_call, r_max_call))


def test_empty_range_leaves_reductions():
    par, ser = both(r_sub)
    assert par(np.zeros(0, np.int64)) == 100 == ser(np.zeros(0, np.int64))


def test_min_max_of_floats_with_identity():
    def f(a):
        lo = np.inf
        hi = -np.inf
        for i in prange(len(a)):
            lo = min(lo, a[i])
            hi = max(hi, a[i])
        return lo, hi
    a = np.random.default_rng(5).standard_normal(10_001)
    assert check(f, a) == (a.min(), a.max())


def test_complex_reduction():
    def f(a):
        s = 0j
        for i in prange(len(a)):
            s += a[i] * 1j
        return s
    check(f, np.arange(1000.0), exact=False)


def test_array_reduction_rows():
    def f(a):
        acc = np.zeros(a.shape[1])
        for i in prange(a.shape[0]):
            acc += a[i, :]
        return acc
    a = np.random.default_rng(1).random((997, 13))
    np.testing.assert_allclose(check(f, a, exact=False), a.sum(0))


def test_array_reduction_product_and_difference():
    def f(a):
        p = np.ones(a.shape[1])
        d = np.zeros(a.shape[1])
        for i in prange(a.shape[0]):
            p *= a[i]
            d -= a[i]
        return p, d
    a = np.random.default_rng(2).random((50, 4)) + 0.5
    p, d = njit(parallel=True)(f)(a)
    np.testing.assert_allclose(p, a.prod(0))
    np.testing.assert_allclose(d, -a.sum(0))


# --- what is private, what is shared ----------------------------------------------------

def test_private_temporaries_and_writes():
    def f(a):
        out = np.empty_like(a)
        for i in prange(a.shape[0]):
            t = a[i] * 2
            u = t + 1
            out[i] = u * t
        return out
    a = np.arange(10_000.0)
    np.testing.assert_array_equal(check(f, a), (a * 2 + 1) * a * 2)


def test_arrays_allocated_in_the_body():
    def f(n):
        s = 0.0
        for i in prange(n):
            t = np.arange(i + 1)
            w = t * 2
            s += w.sum()
        return s
    assert check(f, 300) == sum(2 * sum(range(i + 1)) for i in range(300))


def test_last_values_after_the_loop():
    def f(n):
        x = -1
        for i in prange(n):
            x = i * 3
        return x, i
    par, ser = both(f)
    assert par(1000) == ser(1000) == (2997, 999)


def test_nested_prange_inner_serial():
    def f(a):
        out = np.zeros_like(a)
        for i in prange(a.shape[0]):
            for j in prange(a.shape[1]):
                out[i, j] = a[i, j] * i + j
        return out
    a = np.random.default_rng(4).random((61, 17))
    np.testing.assert_array_equal(check(f, a), a * np.arange(61)[:, None] + np.arange(17))
    report = diagnostics(njit(parallel=True)(f), a)
    assert "nested in the prange loop" in report


def test_prange_inside_a_serial_loop():
    def f(u, steps):
        a = u.copy()
        b = u.copy()
        for _ in range(steps):
            for i in prange(1, a.shape[0] - 1):
                for j in range(1, a.shape[1] - 1):
                    b[i, j] = 0.25 * (a[i - 1, j] + a[i + 1, j] + a[i, j - 1] + a[i, j + 1])
            a, b = b, a
        return a
    check(f, np.random.default_rng(6).random((40, 30)), 7)


@pytest.mark.parametrize("start,stop,step", [(3, 1000, 7), (1000, -5, -3), (5, 5, 1),
                                             (0, 10, 100), (-50, 50, 1), (10, 0, -1)])
def test_steps(start, stop, step):
    def f(start, stop, step):
        out = np.zeros(2000, np.int64)
        s = 0
        for i in prange(start, stop, step):
            out[i + 500] = i
            s += i
        return out, s
    par, ser = both(f)
    got, want = par(start, stop, step), ser(start, stop, step)
    np.testing.assert_array_equal(got[0], want[0])
    assert got[1] == want[1] == sum(range(start, stop, step))


def test_exception_in_the_body_surfaces():
    def f(a):
        s = 0
        for i in prange(a.shape[0]):
            if a[i] == 777:
                raise ValueError("found 777")
            s += a[i]
        return s
    par = njit(parallel=True)(f)
    with pytest.raises(ValueError, match="found 777"):
        par(np.arange(10_000))
    assert par(np.arange(700)) == sum(range(700))


def test_index_error_with_boundscheck():
    def f(a, k):
        s = 0.0
        for i in prange(a.shape[0]):
            s += a[i + k]
        return s
    par = njit(parallel=True, boundscheck=True)(f)
    with pytest.raises(IndexError):
        par(np.ones(1000), 1)
    assert par(np.ones(1000), 0) == 1000


def test_exception_caught_around_the_loop():
    def f(a):
        try:
            for i in prange(a.shape[0]):
                if a[i] < 0:
                    raise KeyError("negative")
            return 0
        except KeyError:
            return 1
    par = njit(parallel=True)(f)
    assert par(np.array([1, 2, -3] * 100)) == 1
    assert par(np.array([1, 2, 3] * 100)) == 0


@njit(parallel=True)
def _inner_parallel_sum(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


def test_prange_in_a_function_called_from_a_region():
    def f(m):
        out = np.zeros(m.shape[0])
        for i in prange(m.shape[0]):
            out[i] = _inner_parallel_sum(m[i])
        return out
    m = np.random.default_rng(7).random((64, 500))
    np.testing.assert_allclose(njit(parallel=True)(f)(m), m.sum(1))


def test_break_runs_serially_and_correctly():
    def f(a):
        s = 0
        for i in prange(a.shape[0]):
            if a[i] > 500:
                break
            s += a[i]
        return s
    par = njit(parallel=True)(f)
    a = np.arange(1000)
    assert par(a) == f(a)
    assert "serial: a `break` leaves it" in diagnostics(par, a)


def test_a_carried_variable_is_a_typing_error():
    def f(a):
        last = 0
        for i in prange(a.shape[0]):
            a[i] = last
            last = a[i] + 1
        return a
    with pytest.raises(TypingError, match="variable 'last' is carried"):
        njit(parallel=True)(f)(np.zeros(10, np.int64))


def test_a_reduction_read_in_the_body_is_a_typing_error():
    def f(a):
        s = 0
        for i in prange(a.shape[0]):
            s += a[i]
            a[i] = s
        return s
    with pytest.raises(TypingError, match="reads it other than to update it"):
        njit(parallel=True)(f)(np.zeros(10, np.int64))


def test_mixed_operators_are_a_typing_error():
    def f(a):
        s = 1
        for i in prange(a.shape[0]):
            s += a[i]
            s *= 2
        return s
    with pytest.raises(TypingError, match="reduced with both"):
        njit(parallel=True)(f)(np.zeros(10, np.int64))


def test_parallel_false_keeps_loops_serial():
    def f(n):
        out = np.zeros(n, np.int64)
        for i in prange(n):
            out[i] = pyrite.get_thread_id()
        return out
    assert not njit(f)(1000).any()


# --- threads ----------------------------------------------------------------------------

def test_thread_ids_cover_the_threads(threads):
    @njit(parallel=True)
    def ids(n):
        out = np.zeros(n, np.int64)
        for i in prange(n):
            out[i] = pyrite.get_thread_id()
            x = 0.0
            for k in range(20_000):
                x += math.sin(k)
            if x == 1.5:
                out[i] = -1
        return out
    got = ids(64)
    assert got.min() >= 0 and got.max() < threads
    assert pyrite.get_thread_id() == 0


def test_get_num_threads_in_compiled_code(threads):
    @njit(parallel=True)
    def counts(n):
        out = np.zeros(n, np.int64)
        for i in prange(n):
            out[i] = pyrite.get_num_threads()
        return out
    assert pyrite.get_num_threads() == threads
    assert (counts(100) == threads).all()


def test_set_num_threads_checks_its_argument():
    with pytest.raises(ValueError):
        pyrite.set_num_threads(0)
    with pytest.raises(ValueError):
        pyrite.set_num_threads(config.NUMBA_NUM_THREADS + 1)
    with pytest.raises(TypeError):
        pyrite.set_num_threads(1.5)


def test_chunksize():
    old = pyrite.set_parallel_chunksize(7)
    try:
        assert pyrite.get_parallel_chunksize() == 7
        check(r_add, np.arange(1000))
    finally:
        assert pyrite.set_parallel_chunksize(old) == 7
    with pytest.raises(ValueError):
        pyrite.set_parallel_chunksize(-1)


def test_threading_layer():
    assert pyrite.threading_layer() == "tbb"


def test_random_in_prange_is_reproducible_for_a_seed():
    @njit(parallel=True)
    def draws(n, seed):
        np.random.seed(seed)
        out = np.empty(n)
        for i in prange(n):
            out[i] = np.random.random()
        return out
    a, b, c = draws(10_000, 1), draws(10_000, 1), draws(10_000, 2)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert 0.45 < a.mean() < 0.55
    assert len(np.unique(a)) == len(a)  # no two chunks share a stream


def test_random_monte_carlo_pi():
    @njit(parallel=True)
    def pi(n):
        inside = 0
        for i in prange(n):
            x = np.random.random()
            y = np.random.random()
            if x * x + y * y < 1.0:
                inside += 1
        return 4.0 * inside / n
    assert abs(pi(400_000) - math.pi) < 0.02


def test_print_in_the_body(capfd):
    @njit(parallel=True)
    def f(n):
        for i in prange(n):
            print(i)
    f(20)
    out = capfd.readouterr().out.split()
    assert sorted(map(int, out)) == list(range(20))


# --- diagnostics ------------------------------------------------------------------------

def test_diagnostics_name_the_reductions():
    report = diagnostics(njit(parallel=True)(r_two), np.arange(10))
    assert "parallel" in report
    assert "reduction: s (+" in report and "reduction: c (+" in report
    assert "read-only inputs: a" in report
    assert "reduction" not in diagnostics(njit(parallel=True)(r_two), np.arange(10), level=1)


def test_diagnostics_report_races():
    def same_element(a, out):
        for i in prange(a.shape[0]):
            out[0] = a[i]
        return out

    def by_data(a, hist):
        for i in prange(a.shape[0]):
            hist[a[i] % 10] += 1
        return hist

    a = np.arange(100)
    report = diagnostics(njit(parallel=True)(same_element), a, np.zeros(1, np.int64), level=1)
    assert "race (line" in report and "same element(s) of 'out'" in report
    report = diagnostics(njit(parallel=True)(by_data), a, np.zeros(10, np.int64))
    assert "elements of 'hist' chosen by data" in report

    def rows(m, out):
        for i in prange(m.shape[0]):
            out[i, :] = m[i, :] * 2
            out[i, 0] = i
        return out
    m = np.ones((5, 3))
    assert "race (line" not in diagnostics(njit(parallel=True)(rows), m, np.zeros((5, 3)))

    def numba_3681(x):  # numba/numba#3681: all iterations add into y[0, 1]
        y = np.zeros_like(x)
        for i in prange(x.shape[0]):
            for j in range(x.shape[0]):
                if i == j:
                    continue
                y[0, 1] += x[i, j]
        return y
    report = diagnostics(njit(parallel=True)(numba_3681), np.ones((4, 4)), level=1)
    assert "same element(s) of 'y'" in report


def test_diagnostics_need_parallel():
    f = njit(r_add)
    f(np.arange(3))
    with pytest.raises(ValueError):
        f.parallel_diagnostics()


# --- concurrency ------------------------------------------------------------------------

def test_calls_from_several_python_threads():
    f = njit(parallel=True)(r_add)
    a = np.arange(50_000)
    results = []

    def work():
        for _ in range(20):
            results.append(f(a))
    ts = [threading.Thread(target=work) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert results == [a.sum()] * 80


def test_compiles_from_several_threads_once_per_signature():
    def f(x):
        return x * 2 + 1
    g = njit(f)
    barrier = threading.Barrier(4)
    out = []

    def work(v):
        barrier.wait()
        out.append(g(v))
    ts = [threading.Thread(target=work, args=(v,)) for v in (1, 2, 3.0, 4.0)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert sorted(out) == [3, 5, 7.0, 9.0]
    assert len(g.signatures) == 2


def test_nogil_runs_in_parallel_threads():
    @njit(nogil=True)
    def spin(n):
        x = 0.0
        for k in range(n):
            x += math.sqrt(k)
        return x
    want = spin(200_000)
    results = [None] * 4

    def work(k):
        results[k] = spin(200_000)
    ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert results == [want] * 4
