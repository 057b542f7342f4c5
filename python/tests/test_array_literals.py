"""np.array of list and tuple literals, and of arrays."""
import numpy as np
import pytest

from pyrite import errors, njit


def literals(x):
    return (np.array([1.0, 2.0, 3.0]), np.array([[1, 2], [3, 4]]), np.array((x, 2 * x, 0.5)),
            np.array([True, False]), np.array([1, 2], dtype=np.float32),
            np.asarray([[x, x], [1.0, 2]]))


def test_literals_match_numpy():
    for got, want in zip(njit(literals)(1.5), literals(1.5)):
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want)


def copies(a):
    b = np.array(a)
    b[0] = -1.0
    return b, np.array(a, np.int32)


def test_array_of_array_copies():
    a = np.arange(4.0)[::-1]
    b, c = njit(copies)(a)
    assert a[0] == 3.0 and b[0] == -1.0 and c.dtype == np.int32
    np.testing.assert_array_equal(c, a.astype(np.int32))


def ragged():
    return np.array([[1.0, 2.0], [3.0]])


def appends():
    x = [1, 2]
    x.append(3)
    return x


def test_ragged_and_list_methods_are_typing_errors():
    with pytest.raises(errors.TypingError, match="rectangular"):
        njit(ragged)()
    assert njit(appends)() == appends()  # a list literal is a list (test_lists.py)
