"""NEP 50 (NumPy 2's promotion) inside compiled code: a Python int or float
beside an array is weak and takes the array's dtype (`uint8_array + 1` stays
uint8, `float32_array * 2.0` float32), and NumPy raises OverflowError when a
Python int does not fit that dtype; a NumPy scalar (an array's element, what
a NumPy function returns, np.float64(x)) promotes by its dtype
(`float32_array * float64_array[0]` is float64). Every case is compared with
NumPy run by CPython on the same inputs: dtype and values, or the exception
class and message."""
import numpy as np
import pytest

import pyrite

from conftest import numba_jit


def check(got, want):
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    np.testing.assert_array_equal(got, want)


def outcome(fn, *args):
    """fn's result, or its exception as (class, message)."""
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - the comparison is the test
        return (type(e), str(e))


def same_outcome(got, want):
    if isinstance(want, tuple) and issubclass(want[0], TypeError) and "same_kind" in want[1]:
        # NumPy's casting error when run is pyrite's TypingError when compiled
        assert got[0] is pyrite.errors.TypingError and "same_kind" in got[1], got
    elif isinstance(want, tuple):
        assert got == want
    else:
        assert not isinstance(got, tuple), got
        check(got, want)


# --- Python ints that do not fit the array's dtype -----------------------------------------

def add(a, n):
    return a + n


def sub_then_mul(a, n):
    return (a - n) * 2


def iadd(a, n):
    a += n
    return a


def rmul(a, n):
    return n * a


def literal_300(a):
    return a + 300


def maximum(a, n):
    return np.maximum(a, n)


@pytest.mark.parametrize("fn", [add, sub_then_mul, rmul, maximum],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.uint16, np.int32,
                                   np.uint32, np.uint64])
@pytest.mark.parametrize("n", [0, 5, -1, 127, 128, -129, 255, 256, 70000, 2**32,
                               -2**63, 2**63 - 1])
def test_python_int_out_of_bounds_raises_overflow_error(fn, dtype, n):
    a = np.array([1, 2, 3], dtype=dtype)
    with np.errstate(all="ignore"):
        want = outcome(fn, a.copy(), n)
        got = outcome(pyrite.njit(fn), a.copy(), n)
    same_outcome(got, want)


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.uint64])
@pytest.mark.parametrize("n", [1, -1, 300])
def test_in_place_python_int_out_of_bounds(dtype, n):
    a = np.array([1, 2, 3], dtype=dtype)
    with np.errstate(all="ignore"):
        want = outcome(iadd, a.copy(), n)
    same_outcome(outcome(pyrite.njit(iadd), a.copy(), n), want)


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16])
def test_literal_out_of_bounds_raises_when_run(dtype):
    a = np.array([1, 2], dtype=dtype)
    want = outcome(literal_300, a)
    same_outcome(outcome(pyrite.njit(literal_300), a), want)


def test_comparisons_take_any_python_int():
    f = pyrite.njit(lambda a, n: (a < n, a == n, a > n))
    a = np.array([0, 7, 255], dtype=np.uint8)
    for n in (-1, 0, 7, 300, 2**40):
        for g, w in zip(f(a, n), (a < n, a == n, a > n)):
            check(g, w)


# --- NumPy scalars promote by their dtype --------------------------------------------------

def times_element(a, b):
    return a * b[0]


def plus_element_local(a, b):
    s = b[1]
    t = s + 1
    return a + t


def plus_iterated(a, b):
    out = a + b[0]
    for x in b:
        out = a + x
    return out


def minus_sum(a, b):
    return a - b.sum()


def times_np_sqrt(a):
    return a * np.sqrt(2.0)


def times_float64(a, x):
    return a * np.float64(x)


def times_python_float(a, x):
    return a * float(x)


def update_by_element(a, b):
    a += b[0]
    return a


def compare_element(a, b):
    return a < b[0]


@pytest.mark.parametrize("fn", [times_element, plus_element_local, plus_iterated,
                                minus_sum, update_by_element],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("adtype,bdtype", [(np.float32, np.float64), (np.int8, np.int64),
                                           (np.uint8, np.int64), (np.int32, np.float64),
                                           (np.uint64, np.int64), (np.float32, np.int64)])
def test_numpy_scalars_promote_by_dtype(fn, adtype, bdtype):
    a = np.array([1, 2, 3], dtype=adtype)
    b = np.array([100, 2, 3], dtype=bdtype)
    with np.errstate(all="ignore"):
        want = outcome(fn, a.copy(), b)
    same_outcome(outcome(pyrite.njit(fn), a.copy(), b), want)


@pytest.mark.parametrize("adtype", [np.float32, np.int16, np.uint8])
def test_numpy_functions_give_numpy_scalars(adtype):
    a = np.array([1, 2, 3], dtype=adtype)
    for fn in (times_np_sqrt,):
        same_outcome(outcome(pyrite.njit(fn), a), outcome(fn, a))
    for fn in (times_float64, times_python_float):
        same_outcome(outcome(pyrite.njit(fn), a, 0.5), outcome(fn, a, 0.5))


def test_comparison_with_a_float64_element_compares_in_float64():
    a = np.array([0.1], dtype=np.float32)
    b = np.array([0.1], dtype=np.float64)
    check(pyrite.njit(compare_element)(a, b), compare_element(a, b))


# --- found in review: loops, other NumPy scalar types, builtins, np.random ------------------

def accumulator_used_before_the_loop(a, x):
    s = 0.0
    r = a * s
    for v in x:
        s += v
    return r


def int32_element_times_float(a, b):
    return a + b[0] * 1.5


def abs_of_element(a, b):
    return a * abs(b[0])


def max_of_elements(a, b):
    return a * max(b[0], b[1])


@pytest.mark.parametrize("fn", [accumulator_used_before_the_loop, abs_of_element,
                                max_of_elements], ids=lambda f: f.__name__)
def test_more_numpy_scalars(fn):
    a = np.array([1, 2, 3], dtype=np.float32)
    b = np.array([-0.5, 2.0, 3.0])
    same_outcome(outcome(pyrite.njit(fn), a.copy(), b), outcome(fn, a.copy(), b))


def test_scalar_of_a_numpy_only_type_promotes_as_numpy():
    a = np.array([1, 2, 3], dtype=np.float32)
    b = np.array([4, 5], dtype=np.int32)
    same_outcome(outcome(pyrite.njit(int32_element_times_float), a, b),
                 outcome(int32_element_times_float, a, b))


def test_random_draws_are_python_floats():
    f = pyrite.njit(lambda a: a * np.random.random())
    assert f(np.ones(3, np.float32)).dtype == (np.ones(3, np.float32) * np.random.random()).dtype


@pytest.mark.parametrize("dtype", [np.uint8, np.int8])
@pytest.mark.parametrize("lo,hi", [(0, 300), (-1, 100), (-500, 500), (3, 5)])
def test_clip_takes_python_int_bounds_outside_the_dtype(dtype, lo, hi):
    a = np.array([0, 5, 100, 127], dtype=dtype)
    f = pyrite.njit(lambda a, lo, hi: (np.clip(a, lo, hi), a.clip(lo, hi)))
    for g in f(a, lo, hi):
        same_outcome(g, np.clip(a, lo, hi))


# --- Python ints stored into arrays ----------------------------------------------------------

def store_element(a, n):
    a[1] = n
    return a


def store_slice(a, n):
    a[:] = n
    return a


def store_fill(a, n):
    a.fill(n)
    return a


def store_mask(a, n):
    a[a > 1] = n
    return a


def store_fancy(a, n):
    a[np.array([0, 2])] = n
    return a


def store_computed(a, n):
    for i in range(a.shape[0]):
        a[i] = n * i          # a Python int computed in compiled code
    return a


def store_numpy_scalar(a, n):
    b = np.array([n, n])
    a[0] = b[0]               # an int64 element: NumPy casts it, unchecked
    return a


def full(a, n):
    return np.full(3, n, a.dtype)


@pytest.mark.parametrize("fn", [store_element, store_slice, store_fill, store_mask, store_fancy,
                                store_computed, store_numpy_scalar, full],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.uint32, np.uint64,
                                   np.int64, np.bool_, np.float32])
@pytest.mark.parametrize("n", [-1, 127, 128, 300, -129, 2**40])
def test_python_int_stores(fn, dtype, n):
    a = np.array([1, 2, 3], dtype=dtype)
    with np.errstate(all="ignore"):
        want = outcome(fn, a.copy(), n)
    same_outcome(outcome(pyrite.njit(fn), a.copy(), n), want)


# --- arithmetic on narrow NumPy integers: Numba widens it, NumPy wraps ---------------------
# `b[0] * 1000` of an int16 array is an np.int16 in NumPy 2 (wrapped); pyrite
# computes it in int64 as Numba does, and a variable holding it reads so
# everywhere. Stored into an array of a type no wider than int16, or used
# in an array expression computed in such a type, it has NumPy's wrapped
# bits; stored into a wider array or computed in a wider type it counts
# whole, as Numba counts it (NumPy's OverflowError for a Python int operand
# int16 cannot hold is raised either way).

def store_product(a, b):
    a[0] = b[0] * 1000
    return a


def store_in_place_doubled(a, b):
    for _ in range(40):
        a[1] *= 2
    return a


def store_negated_through_a_local(a, b):
    x = -(b[0] - b[1])
    a[2] = x
    return a


def fill_with_sum(a, b):
    a.fill(b[0] + b[1])
    return a


def store_into_slice_and_mask(a, b):
    a[:2] = b[0] << 12
    a[a > 100] = b[1] * b[1]
    return a


def add_to_array(a, b):
    return a + b[0] * 1000


def compare_with_array(a, b):
    return a > b[0] * 1000


def add_in_place(a, b):
    a += b[1] * 3
    return a


def mixed_with_python_int_local(a, b):
    x = b[0] + 1
    return a * x


# Those that store a narrow result into `a`.
STORES = (store_product, store_in_place_doubled, store_negated_through_a_local,
          store_into_slice_and_mask)
NARROW_INT_FUNCTIONS = [store_product, store_in_place_doubled, store_negated_through_a_local,
                        fill_with_sum, store_into_slice_and_mask, add_to_array,
                        compare_with_array, add_in_place, mixed_with_python_int_local]


@pytest.mark.parametrize("fn", NARROW_INT_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("adtype", [np.int8, np.int16, np.int32, np.uint8, np.int64])
@pytest.mark.parametrize("bdtype", [np.int8, np.int16, np.uint16, np.int32, np.uint32])
def test_narrow_numpy_integers_wrap_as_in_numpy(fn, adtype, bdtype):
    a = np.array([1, 2, 3, 4], dtype=adtype)
    b = np.array([100, -7, 3], dtype=bdtype) if np.dtype(bdtype).kind == "i" else \
        np.array([100, 7, 3], dtype=bdtype)
    with np.errstate(all="ignore"):
        want = outcome(fn, a.copy(), b)
    # Computed wider than b's dtype, a narrow result counts whole (Numba's
    # value, the variable's): stored into a wider array, or as an operand of
    # an expression in a wider dtype, which NumPy 2's promotion still picks.
    if fn in STORES:
        whole = np.dtype(adtype).itemsize > np.dtype(bdtype).itemsize
    else:
        whole = np.result_type(adtype, bdtype).itemsize > np.dtype(bdtype).itemsize
    if whole and not isinstance(want, tuple):
        numba_values = outcome(numba_jit(fn), a.copy(), b)
        want = numba_values if fn in STORES else np.asarray(numba_values).astype(want.dtype)
    same_outcome(outcome(pyrite.njit(fn), a.copy(), b), want)


def test_a_stored_narrow_result_is_the_variables_value():
    # The newcomer's case: one value, whether returned or stored.
    def st(x, y):
        t = x * y
        out = np.zeros(2, np.int64)
        out[0] = t
        out[1] = -x
        return out, t

    for x, y in [(np.int8(100), np.int8(100)), (np.int32(100000), np.int32(100000)),
                 (np.int8(-128), np.int8(1))]:
        got, t = pyrite.njit(st)(x, y)
        want, t_numba = numba_jit(st)(x, y)
        assert t == t_numba and got[0] == t and list(got) == list(want)
