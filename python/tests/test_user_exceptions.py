"""Exception classes defined by the user (at module level) raised from
compiled code: the caller gets that very class, with the message, as from
CPython."""
import pytest

from pyrite import njit
from pyrite.errors import TypingError


class MyError(ValueError):
    pass


class Plain(Exception):
    pass


def raises(x):
    if x < 0:
        raise MyError("negative: %d" % x)
    if x == 0:
        raise Plain
    if x == 1:
        raise Plain("one")
    return x


@pytest.mark.parametrize("x", [-3, 0, 1])
def test_user_exception_reaches_the_caller_as_its_class(x):
    with pytest.raises(Exception) as want:
        raises(x)
    with pytest.raises(Exception) as got:
        njit(raises)(x)
    assert type(got.value) is type(want.value)
    assert str(got.value) == str(want.value)


def test_it_is_caught_as_its_base_class():
    with pytest.raises(ValueError, match="negative: -1"):
        njit(raises)(-1)
    assert njit(raises)(5) == 5


def raises_local():
    class Local(Exception):
        pass

    @njit
    def f():
        raise Local("x")
    return f


def test_a_class_defined_inside_a_function_is_refused_with_the_reason():
    with pytest.raises(TypingError, match="not defined at the top level"):
        raises_local()()


class Namespace:
    class Nested(Exception):
        pass


NestedAlias = Namespace.Nested


def raises_nested():
    raise NestedAlias("boom")


def test_a_nested_exception_class_is_refused_not_raised_as_another():
    with pytest.raises(TypingError, match="not defined at the top level"):
        njit(raises_nested)()
