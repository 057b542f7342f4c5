"""divmod, pow(a, b, mod), round(x, ndigits), any/all and np.any/np.all
(pyrite/_library/builtins.py) against CPython and NumPy: values, result
types, and the exceptions they raise."""
import math

import numpy as np
import pytest

from pyrite import njit


def _same(got, want):
    if isinstance(want, (bool, np.bool_)):
        assert isinstance(got, bool) and got == bool(want), (got, want)
    elif isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            _same(g, w)
    elif isinstance(want, float):
        assert isinstance(got, float), (got, want)
        if math.isnan(want):
            assert math.isnan(got)
        else:
            assert got == want and math.copysign(1, got) == math.copysign(1, want), (got, want)
    else:
        assert type(got) is type(want) and got == want, (got, want)


def _compare(f, *args, message=True):
    try:
        want = f(*args)
    except Exception as e:  # noqa: BLE001 - the same exception is expected
        with pytest.raises(type(e)) as got:
            njit(f)(*args)
        if message:
            assert str(got.value) == str(e)
        return
    _same(njit(f)(*args), want)


def divmod_(a, b):
    return divmod(a, b)


@pytest.mark.parametrize("a, b", [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (6, 3),
                                  (True, 2), (2**62, 3), (-2**63, 7)])
def test_divmod_integers(a, b):
    _compare(divmod_, a, b)


def test_divmod_by_integer_zero():
    # The class is CPython's; the message is that of `//` (Numba's wording).
    _compare(divmod_, 7, 0, message=False)


@pytest.mark.parametrize("a, b", [(7.5, 2), (-7.5, 2.0), (7.5, -2.0), (1, 0.5), (0.0, -3.0),
                                  (-0.0, 3.0), (1e308, 1e-308), (5.0, float("inf")),
                                  (-5.0, float("inf")), (float("nan"), 2.0), (7.5, 0.0),
                                  (0.0, 0.0)])
def test_divmod_floats(a, b):
    _compare(divmod_, a, b)


def pow3(a, b, m):
    return pow(a, b, m)


@pytest.mark.parametrize("a, b, m", [
    (3, 4, 5), (2, 100, 1000000007), (-3, 3, 7), (3, 3, -7), (-3, 3, -7), (3, -1, 7),
    (3, -5, 11), (2, -1, 4), (2, 5, 0), (10**9, 10**9, 2**61 - 1), (5, 0, 1), (0, 0, 5),
    (2**62, 2**62, 2**63 - 25), (7, 2**62, 2**62 + 1), (-1, 2**40, 3)])
def test_pow_with_modulus(a, b, m):
    _compare(pow3, a, b, m)


def pow2(a, b):
    return pow(a, b)


@pytest.mark.parametrize("a, b", [(2, 10), (2.0, 0.5), (3, 2.0), (-8.0, 3)])
def test_pow_two_arguments(a, b):
    _compare(pow2, a, b)


def round_n(x, n):
    return round(x, n)


ROUND_CASES = [
    (2.675, 2), (2.665, 2), (0.125, 2), (0.375, 2), (-0.4, 0), (0.5, 0), (1.5, 0),
    (2.5, 0), (-2.5, 0), (1234.5, -1), (1250.0, -2), (1350.0, -2), (-1250.0, -2),
    (0.1, 20), (1e300, 2), (123456.789, -3), (float("nan"), 2), (float("inf"), 1),
    (float("-inf"), -1), (5e-324, 5), (1e22, -22), (0.5, -1), (-0.0, 1), (1e-8, 7),
    (4.35, 1), (4.45, 1), (8.875, 2), (-8.875, 2), (1.0000000000000002, 15),
    (123.456, 0), (99.99, 1), (1e15 + 0.5, 0), (2.0**52 + 1, 0), (1.7976931348623157e308, -22), (1e200, -30),
    (3.14159, 300), (-7.25, -25),
]


@pytest.mark.parametrize("x, n", ROUND_CASES)
def test_round_float_is_correctly_rounded(x, n):
    _compare(round_n, x, n)


def test_round_matches_cpython_on_many_values():
    rng = np.random.default_rng(7)
    xs = np.concatenate([rng.integers(-10**6, 10**6, 200) / 1000.0,
                         rng.integers(-10**4, 10**4, 200) / 8.0,
                         rng.standard_normal(200) * 1e3])
    f = njit(round_n)
    for x in xs:
        for n in (-3, -1, 0, 1, 2, 3, 6):
            want = round(float(x), n)
            got = f(float(x), n)
            assert got == want and math.copysign(1, got) == math.copysign(1, want), (x, n)


@pytest.mark.parametrize("x, n", [(15, -1), (25, -1), (-25, -1), (-35, -1), (123, 2),
                                  (149, -2), (150, -2), (250, -2), (-150, -2), (2**62, -18),
                                  (2**62, -19), (7, -40), (0, -1), (True, 1)])
def test_round_integer(x, n):
    _compare(round_n, x, n)


def any_all(a):
    return any(a), all(a)


@pytest.mark.parametrize("a", [np.array([0, 1, 2]), np.array([0.0, 0.0]),
                               np.array([], dtype=np.int64), np.array([True, True]),
                               np.array([np.nan]), np.arange(10)[::3]])
def test_any_all_of_1d_arrays(a):
    _compare(any_all, a)


@pytest.mark.parametrize("t", [(0, 0), (1, 2, 0), (1.5, 2.5), (True, False)])
def test_any_all_of_tuples(t):
    _compare(any_all, t)


def np_any_all(a):
    return np.any(a), np.all(a), a.any(), a.all()


@pytest.mark.parametrize("a", [np.array([[0, 1], [2, 3]]), np.array([[np.nan, 1.0]]),
                               np.zeros((2, 0)), np.ones((2, 3, 2)),
                               np.arange(12).reshape(3, 4)[:, ::2], np.array(0.0)])
def test_np_any_all(a):
    _compare(np_any_all, a)


# --- sum, min, max over tuples; len and sum of ranges ------------------------------------

def sum1(t):
    return sum(t)


def sum_start(t, start):
    return sum(t, start)


@pytest.mark.parametrize("t", [(1, 2, 3), (1.5, 2.5), (True, True, 1), (), (7,)])
def test_sum_of_tuples(t):
    _compare(sum1, t)


@pytest.mark.parametrize("t, start", [((1, 2), 10), ((1.5,), 1), ((), 2.5)])
def test_sum_of_tuples_with_start(t, start):
    _compare(sum_start, t, start)


def test_sum_of_a_mixed_tuple_unifies_as_numba():
    assert njit(sum1)((1, 2.5, True)) == 4.5


def min_max(t):
    return min(t), max(t)


@pytest.mark.parametrize("t", [(3, 1, 7), (2.5, -1.0, 2.5), (5,), (True, False),
                               (float("nan"), 1.0), (1.0, float("nan"))])
def test_min_max_of_tuples(t):
    _compare(min_max, t)


def min_empty():
    return min(())


def max_empty():
    return max(())


@pytest.mark.parametrize("f", [min_empty, max_empty])
def test_min_max_of_an_empty_tuple_raise_as_this_python(f):
    _compare(f)


def shape_extremes(a):
    return max(a.shape), min(a.shape), sum(a.shape)


def test_min_max_sum_of_a_shape():
    _compare(shape_extremes, np.zeros((2, 5, 3)))


def range_len_sum(a, b, c):
    return len(range(a, b, c)), sum(range(a, b, c))


@pytest.mark.parametrize("a, b, c", [(0, 10, 1), (0, 10, 3), (10, -5, -3), (5, 0, 1),
                                     (-2**62, 2**62, 2**61), (0, 0, 5)])
def test_len_and_sum_of_ranges(a, b, c):
    _compare(range_len_sum, a, b, c)


def unsigned_range_len(n):
    return len(range(n))


def test_len_of_a_uint64_range_past_int64_raises():
    n = np.uint64(2**64 - 1)
    with pytest.raises(OverflowError):
        unsigned_range_len(int(n))
    with pytest.raises(OverflowError):
        njit(unsigned_range_len)(n)
    assert njit(unsigned_range_len)(np.uint64(5)) == 5


# --- round() at the limits (review findings) ----------------------------------------

@pytest.mark.parametrize("x, n", [(1e308, -309), (5e-324, 324), (1.5, 400), (-2.5, -400),
                                  (1.6e308, -308), (1.7e308, -308), (123.0, -308)])
def test_round_float_at_the_limits(x, n):
    _compare(round_n, x, n)


@pytest.mark.parametrize("x, n", [(6 * 10**18, -19), (-6 * 10**18, -19), (5 * 10**18, -19),
                                  (4 * 10**18, -19), (9 * 10**18, -20)])
def test_round_integer_at_the_limits(x, n):
    # CPython returns 10**19 where pyrite's int64 cannot: OverflowError there.
    want = round(x, n)
    if abs(want) >= 2**63:
        with pytest.raises(OverflowError):
            njit(round_n)(x, n)
    else:
        assert njit(round_n)(x, n) == want
