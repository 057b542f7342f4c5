"""Diagnostics name the construct in the user's terms, with file, line and
source: one test per message, asserting the class and the words a user
acts on. Also `in` on arrays and tuples (compared with CPython/NumPy), which
used to be reported as an unsupported bytecode."""
import importlib
import math
import textwrap

import numpy as np
import pytest

import pyrite
from pyrite.errors import TypingError, UnsupportedError


def builtin_id(x):
    return id(x)


def missing_name(x):
    return not_defined_anywhere(x)  # noqa: F821


def falls_off_the_end(x):
    if x > 0:
        return range(x)  # a range or None: no Optional range objects


def contains_array(x, a):
    return x in a


def not_contains_array(x, a):
    return x not in a


def contains_tuple(x):
    return x in (1, 2.5, 7)


def contains_string(x):
    return x in "abc"


class Opaque:
    pass


OPAQUE = Opaque()


def uses_opaque_global():
    return OPAQUE


def uses_np_function(a):
    return np.einsum("i->", a)


def test_unsupported_builtin_is_named():
    with pytest.raises(TypingError, match=r"the builtin id\(\) is not supported") as info:
        pyrite.njit(builtin_id)(1.0)
    assert "return id(x)" in str(info.value)


@pytest.mark.parametrize("x", [2.5, np.float32(2.5), 7, np.int32(7), np.uint8(7)])
def test_type_of_a_scalar_is_its_class(x):
    def f(x):
        return type(x)(1) / x, type(x)(3)
    got = pyrite.njit(f)(x)
    assert got == f(x) and type(got[1]) in (int, float)


def test_undefined_name_says_so():
    with pytest.raises(TypingError, match="name 'not_defined_anywhere' is not defined"):
        pyrite.njit(missing_name)(1)


def test_unsupported_global_value_says_what_it_is():
    with pytest.raises(TypingError, match="global 'OPAQUE' is a Opaque value"):
        pyrite.njit(uses_opaque_global)()


def test_unsupported_numpy_function_is_named():
    with pytest.raises(TypingError, match=r"np.einsum is not supported"):
        pyrite.njit(uses_np_function)(np.ones(3))


def test_falling_off_the_end_is_explained():
    with pytest.raises(TypingError, match="None on others") as info:
        pyrite.njit(falls_off_the_end)(1)
    assert "reaches the end of the function" in str(info.value)


@pytest.mark.parametrize("fn,args", [
    (contains_array, (2.0, np.arange(4.0))),
    (contains_array, (9, np.arange(4))),
    (contains_array, (1.0, np.arange(6.0).reshape(2, 3))),
    (contains_array, (np.nan, np.array([np.nan]))),
    (not_contains_array, (2, np.arange(4.0))),
    (not_contains_array, (9.5, np.arange(4.0))),
    (contains_tuple, (2.5,)),
    (contains_tuple, (3,)),
    (contains_tuple, (7,)),
])
def test_in_operator_matches_cpython(fn, args):
    assert pyrite.njit(fn)(*args) == fn(*args)


def test_in_operator_on_unsupported_container_names_it():
    with pytest.raises(TypingError, match="the `in` operator is not supported"):
        pyrite.njit(contains_string)(1)


def test_uint64_compares_exactly_with_signed():
    def lt(a, b):
        return a < b, a <= b, a > b, a >= b, a == b, a != b
    f = pyrite.njit(lt)
    big = np.uint64(2**63 + 5)
    for a, b in [(big, -1), (-1, big), (big, 3), (np.uint64(3), 3), (np.uint64(0), -1)]:
        assert f(a, b) == lt(int(a), int(b)), (a, b)


def test_numba_error_names_import():
    from pyrite.errors import (NumbaPerformanceWarning, NumbaDeprecationWarning,  # noqa: F401
                               LoweringError, NumbaValueError, TypingError as T)
    assert issubclass(NumbaDeprecationWarning, DeprecationWarning)
    assert issubclass(T, pyrite.errors.NumbaError)
    core_errors = importlib.import_module("pyrite.core.errors")
    assert core_errors.NumbaPerformanceWarning is NumbaPerformanceWarning


def test_argument_type_error_points_at_def_and_call(tmp_path):
    src = textwrap.dedent('''
        import pyrite

        @pyrite.njit(
            fastmath=True)
        def f(x):
            return x

        f(object())
    ''')
    path = tmp_path / "prog.py"
    path.write_text(src)
    with pytest.raises(TypingError) as info:
        exec(compile(src, str(path), "exec"), {})
    text = str(info.value)
    assert "argument 'x'" in text and "object" in text
    assert "line 6" in text and "def f(x):" in text  # the def, not the decorator
    assert "line 9" in text and 'f(object())' in text   # the call


def test_function_level_error_points_at_def(tmp_path):
    src = textwrap.dedent('''
        import pyrite

        @pyrite.njit
        def g(a, **extra):
            return a

        g(1)
    ''')
    path = tmp_path / "prog2.py"
    path.write_text(src)
    with pytest.raises(UnsupportedError) as info:
        exec(compile(src, str(path), "exec"), {})
    assert "line 5" in str(info.value) and "def g(a, **extra):" in str(info.value)


def test_invert_of_a_float_is_a_typing_error_not_an_internal_one():
    with pytest.raises(TypingError, match="unary ~: float64"):
        pyrite.njit(lambda x: ~x)(2.5)


def test_boolean_scalar_index_is_refused_not_read_as_one():
    def store(x, flag):
        x[flag] = 0.0
        return x
    with pytest.raises(TypingError, match="boolean scalar"):
        pyrite.njit(store)(np.arange(3.0), True)


# --- constructs outside the subset, each with the message that says so -------------

def sets_attribute(o):
    o.x = 1
    return 0


def returns_range(n):
    values = range(n)
    return values


def returns_dtype(a):
    return a.dtype


def test_assigning_an_attribute_names_jitclass():
    with pytest.raises(TypingError, match="only @jitclass instances have attributes"):
        pyrite.njit(sets_attribute)(1)


@pytest.mark.parametrize("fn, args, what", [
    (returns_range, (3,), r"range_state_int64"),
    (returns_dtype, (np.zeros(2, np.float32),), r"class\(float32\)"),
])
def test_a_value_python_cannot_receive_is_a_typing_error_before_running(fn, args, what):
    with pytest.raises(TypingError, match=f"cannot return a value of type {what} to Python"):
        pyrite.njit(fn)(*args)
