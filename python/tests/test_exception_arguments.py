"""Exceptions whose one argument is an int (raise ValueError(n), a dict's
KeyError(key)): Python gets the int itself, as CPython gives it, and a
handler in compiled code sees its text."""
import pytest

from pyrite import njit



def _raise_int(x):
    raise ValueError(x)


def _missing_key(d, k):
    return d[k]


def _caught_text(d, k):
    try:
        return d[k]
    except KeyError as e:
        return len(str(e)) * 1000


@pytest.mark.parametrize("x", [5, -7, 0, 2**60, True])
def test_an_int_argument_reaches_python_as_an_int(x):
    # CPython: ValueError(5).args == (5,), and KeyError(key) for a dict.
    with pytest.raises(ValueError) as got:
        njit(_raise_int)(x)
    assert got.value.args == (x,) and type(got.value.args[0]) is int
    with pytest.raises(KeyError) as missing:
        njit(_missing_key)({1: 2}, x * 3 + 11)
    assert missing.value.args == (x * 3 + 11,)
    assert njit(_caught_text)({1: 2}, 12345) == _caught_text({1: 2}, 12345)
