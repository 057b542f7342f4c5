"""@njit(error_model='numpy'): division and modulo by zero give NumPy's
values (inf/nan for floats, 0 for integers) instead of ZeroDivisionError,
compared with Numba run on the same inputs; the default ('python') raises."""
import numpy as np
import pytest

import pyrite

numba = pytest.importorskip("numba")


def floordiv(a, b):
    return a // b


def mod(a, b):
    return a % b


def truediv(a, b):
    return a / b


def inplace(a, b):
    a //= b
    a %= 3
    return a


ARGS = [(7, 0), (-7, 0), (0, 0), (7.0, 0.0), (-7.0, 0.0), (0.0, 0.0), (7.0, -0.0),
        (7, 2), (-7.5, 2.0), (np.int32(5), np.int32(0)), (np.uint8(9), np.uint8(0)),
        (np.float32(3.0), np.float32(0.0)), (5, 0.0)]


def _same(got, want):
    if isinstance(want, float) and want != want:
        return got != got
    return got == want and type(got) is type(want)


@pytest.mark.parametrize("fn", [floordiv, mod, truediv, inplace])
@pytest.mark.parametrize("args", ARGS, ids=repr)
def test_numpy_error_model_matches_numba(fn, args):
    got = pyrite.njit(error_model="numpy")(fn)(*args)
    want = numba.njit(error_model="numpy")(fn)(*args)
    assert _same(got, want), (got, want)


@pytest.mark.parametrize("fn", [floordiv, mod, truediv])
def test_python_error_model_raises(fn):
    for args in ((7, 0), (7.0, 0.0)):
        with pytest.raises(ZeroDivisionError):
            pyrite.njit(fn)(*args)
        with pytest.raises(ZeroDivisionError):
            pyrite.njit(error_model="python")(fn)(*args)


def test_error_model_is_the_callee_own():
    # Numba compiles each function with its own error model.
    lenient = pyrite.njit(error_model="numpy")(truediv)

    @pyrite.njit
    def strict_caller(a, b):
        return lenient(a, b) + 1.0

    assert strict_caller(1.0, 0.0) == np.inf
    with pytest.raises(ZeroDivisionError):
        pyrite.njit(lambda a, b: a / b + lenient(a, 1.0))(1.0, 0.0)


def test_unknown_error_model_refused():
    with pytest.raises(ValueError, match="error_model"):
        pyrite.njit(error_model="c")(truediv)


def test_zero_to_a_negative_power():
    def power(a, b):
        return a ** b
    assert pyrite.njit(error_model="numpy")(power)(0.0, -1.0) == \
        numba.njit(error_model="numpy")(power)(0.0, -1.0) == np.inf
    with pytest.raises(ZeroDivisionError):
        pyrite.njit(power)(0.0, -1.0)
