"""f(*t) and f(a, *t) calls, and tuple displays with starred items, against
CPython on the same inputs: the tuple's items become positional arguments
of compiled functions, inner functions, builtins and NumPy functions."""
import numpy as np
import pytest

from pyrite import njit
from pyrite.errors import TypingError, UnsupportedError


@njit
def _h(a, b, c=5):
    return a * 100 + b * 10 + c


def _check(f, *args):
    want = f(*args)
    got = njit(f)(*args)
    assert type(got) is type(want) and got == want, (got, want)


def test_spread_a_tuple_argument():
    def f(t):
        return _h(*t)
    assert njit(f)((1, 2)) == 125
    assert njit(f)((1, 2, 3)) == 123


def test_spread_after_and_before_other_arguments():
    def f(t, x):
        return _h(x, *t), _h(*t, x)
    assert njit(f)((1, 2), 7) == (712, 127)


def test_spread_into_an_inner_function_and_builtins():
    def f(t, x):
        def g(a, b):
            return a - b
        u = (x, 2.5)
        return g(*u), max(*t), min(*t, x)
    _check(f, (4, 9), 3)


def test_spread_a_constant_tuple_and_a_heterogeneous_tuple():
    def f(x):
        t = (x, 1.5, "ab")

        def g(a, b, c):
            return c * a + str(b)
        return g(*t), divmod(*(17, 5))
    _check(f, 2)


def test_spread_a_shape_into_numpy():
    def f(shape):
        return np.zeros((shape[0], shape[1])).sum() + np.ones(shape).size
    assert njit(f)((2, 3)) == f((2, 3))


def test_tuple_display_with_a_starred_item():
    def f(t, x):
        u = (x, *t, x)
        return u, (*t,), (*t, *t)
    _check(f, (1, 2), 9)


def test_spreading_a_list_is_refused():
    def f(lst):
        return _h(*lst)
    with pytest.raises(TypingError, match="takes a tuple"):
        njit(f)([1, 2])


def test_list_display_with_a_starred_item_is_refused():
    def f(t):
        return [0, *t]
    with pytest.raises(UnsupportedError, match="starred item"):
        njit(f)((1, 2))


def test_spreading_a_keyword_dict_is_refused():
    def f(x):
        return _h(x, **{"b": 1})
    with pytest.raises(UnsupportedError):
        njit(f)(1)
