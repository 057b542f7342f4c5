"""Run-time errors raise the exception class NumPy/CPython raise for the
same input (numpy.exceptions.AxisError for an axis out of range, IndexError
for an index, ValueError for shapes, ZeroDivisionError for scalars), with
NumPy's message where it carries values."""
import numpy as np
import pytest

import pyrite


def sum_axis(a, k):
    return a.sum(axis=k)


def np_mean_axis(a, k):
    return np.mean(a, axis=k)


def index(a, i):
    return a[i]


def index2(a, i, j):
    return a[i, j]


def take(a, idx):
    return a[idx]


def reshape(a, n):
    return a.reshape(n, -1)


def reshape_two_unknowns(a):
    return a.reshape(-1, -1)


def dot(a, b):
    return np.dot(a, b)


def linspace(n):
    return np.linspace(0.0, 1.0, n)


def arange(step):
    return np.arange(0, 10, step)


def empty(n):
    return np.empty(n)


def argmin(a):
    return np.argmin(a)


def minimum(a):
    return a.min()


def add(a, b):
    return a + b


def assign(a, b):
    a[:] = b


def slice_step(a, s):
    return a[::s]


def range_step(s):
    t = 0
    for i in range(0, 5, s):
        t += i
    return t


def seed(s):
    np.random.seed(s)


def floordiv(a, b):
    return a // b


CASES = [
    (sum_axis, (np.ones((2, 2)), 3), {}),
    (sum_axis, (np.ones((2, 2)), -3), {}),
    (sum_axis, (np.ones(3), 1), {}),
    (np_mean_axis, (np.ones((2, 3)), 2), {}),
    (index, (np.ones(3), 5), {"boundscheck": True}),
    (index, (np.ones(3), -4), {"boundscheck": True}),
    (index2, (np.ones((3, 4)), 1, 7), {"boundscheck": True}),
    (take, (np.ones(3), np.array([0, 5])), {}),
    (reshape, (np.arange(6.0), 4), {}),
    (reshape_two_unknowns, (np.arange(6.0),), {}),
    (dot, (np.ones(3), np.ones(4)), {}),
    (linspace, (-1,), {}),
    (arange, (0,), {}),
    (empty, (-1,), {}),
    (argmin, (np.array([]),), {}),
    (minimum, (np.array([]),), {}),
    (add, (np.ones(3), np.ones(4)), {}),
    (assign, (np.ones(4), np.ones(3)), {}),
    (slice_step, (np.ones(3), 0), {}),
    (range_step, (0,), {}),
    (seed, (-1,), {}),
    (floordiv, (1, 0), {}),
]


def _raised(fn, args):
    try:
        fn(*args)
    except Exception as e:  # noqa: BLE001 - the class is what is compared
        return e
    pytest.fail(f"{fn.__name__}{args} raised nothing")


@pytest.mark.parametrize("fn,args,options", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_same_exception_class_as_numpy(fn, args, options):
    want = _raised(fn, args)
    got = _raised(pyrite.njit(**options)(fn), args)
    assert type(got) is type(want), f"pyrite raised {got!r}, NumPy/CPython {want!r}"


@pytest.mark.parametrize("fn,args,options", [
    (sum_axis, (np.ones((2, 2)), 3), {}),
    (index2, (np.ones((3, 4)), 1, 7), {"boundscheck": True}),
    (take, (np.ones(3), np.array([0, 5])), {}),
    (dot, (np.ones(3), np.ones(4)), {}),
    (linspace, (-1,), {}),
], ids=lambda c: getattr(c, "__name__", ""))
def test_messages_carry_numpys_values(fn, args, options):
    assert str(_raised(pyrite.njit(**options)(fn), args)) == str(_raised(fn, args))


def test_axis_error_is_both_index_and_value_error():
    with pytest.raises(IndexError):
        pyrite.njit(sum_axis)(np.ones((2, 2)), 2)
    with pytest.raises(ValueError):
        pyrite.njit(sum_axis)(np.ones((2, 2)), 2)
