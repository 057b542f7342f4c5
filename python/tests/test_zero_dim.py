"""0-d arrays (np.array(3.0)): reductions, arithmetic, ufuncs and a[()]
compared with NumPy; they once crashed the interpreter (an element pointer
built from an empty index)."""
import numpy as np
import pytest

import pyrite


def reductions(a):
    return a.max(), a.min(), a.argmin(), a.argmax(), a.sum(), a.mean()


def arithmetic(a):
    return a + 1.0, a > 0.5, -a, np.sqrt(a), np.abs(a)


def item(a):
    return a[()]


@pytest.mark.parametrize("value", [3.0, 2.5, 0.0])
def test_zero_dimensional_arrays(value):
    a = np.array(value)
    assert pyrite.njit(reductions)(a) == reductions(a)
    for got, want in zip(pyrite.njit(arithmetic)(a), arithmetic(a)):
        assert np.asarray(got).shape == np.asarray(want).shape
        np.testing.assert_array_equal(got, want)


def test_zero_dimensional_item():
    a = np.array(7)
    got = pyrite.njit(item)(a)
    assert got == item(a)
