"""*args, keyword-only parameters and tuple arguments, compared with CPython;
what pyrite does not compile (**kwargs, more than 32 parameters) raises a
clean UnsupportedError, never an internal error."""
import numpy as np
import pytest

import pyrite
from pyrite.errors import CompilerError, TypingError, UnsupportedError


def total(*args):
    s = 0
    for a in args:
        s += a
    return s


def scaled(x, *rest, scale=2.0):
    return (x + len(rest)) * scale


def only_keywords(a, *, b, c=3):
    return a * 100 + b * 10 + c


def sum_arrays(*xs):
    t = 0.0
    for x in xs:
        t += x.sum()
    return t


def first_and_count(*items):
    return items[0], len(items)


@pytest.mark.parametrize("fn,args,kwargs", [
    (total, (1, 2, 3), {}),
    (total, (1.5, 2.5), {}),
    (total, (7,), {}),
    (scaled, (1, 2, 3), {}),
    (scaled, (1,), {"scale": 3.0}),
    (scaled, (4,), {}),
    (only_keywords, (1,), {"b": 2}),
    (only_keywords, (1,), {"b": 2, "c": 9}),
    (first_and_count, (2.5, 1.0, 0.5), {}),
])
def test_matches_cpython(fn, args, kwargs):
    assert pyrite.njit(fn)(*args, **kwargs) == fn(*args, **kwargs)


def test_arrays_through_varargs():
    xs = (np.ones(3), np.arange(4.0))
    assert pyrite.njit(sum_arrays)(*xs) == sum_arrays(*xs)


total_jit = pyrite.njit(total)
scaled_jit = pyrite.njit(scaled)
only_keywords_jit = pyrite.njit(only_keywords)


def caller(a):
    return (total_jit(a, a, 1) + scaled_jit(a, a, scale=0.5) + only_keywords_jit(a, b=a)
            + total_jit(a))


def test_calls_between_compiled_functions():
    want = total(3, 3, 1) + scaled(3, 3, scale=0.5) + only_keywords(3, b=3) + total(3)
    assert pyrite.njit(caller)(3) == want


def test_a_tuple_argument_is_one_item_of_varargs():
    def count(*items):
        return len(items)
    assert pyrite.njit(count)((1, 2)) == 1
    assert pyrite.njit(count)(4, 5) == 2


def test_tuple_arguments():
    def add_pair(t):
        return t[0] + t[1]
    assert pyrite.njit(add_pair)((1, 2.5)) == 3.5


def test_missing_keyword_only_argument_is_a_type_error():
    # inspect.Signature.bind's wording: 3.12 adds "keyword-only".
    with pytest.raises(TypeError, match="missing a required (keyword-only )?argument"):
        pyrite.njit(only_keywords)(1)


def test_kwargs_parameter_is_unsupported_at_the_def_line():
    def with_kwargs(a, **k):
        return a
    with pytest.raises(UnsupportedError, match=r"\*\*kwargs") as info:
        pyrite.njit(with_kwargs)(1)
    assert "def with_kwargs(a, **k):" in str(info.value)


def test_iterating_an_empty_varargs_tuple_is_a_typing_error():
    with pytest.raises(TypingError, match="iterating over Tuple()"):
        pyrite.njit(total)()


def test_too_many_parameters_is_unsupported_not_internal():
    names = ", ".join(f"a{k}" for k in range(40))
    ns = {}
    exec(f"def many({names}):\n    return a0 + a39\n", ns)
    with pytest.raises(UnsupportedError, match="at most 32"):
        pyrite.njit(ns["many"])(*range(40))


def test_no_internal_error_for_generators():
    def gen(n):
        yield n
    with pytest.raises(TypingError, match="generators run inside compiled code"):
        pyrite.njit(gen)(1)
    try:
        pyrite.njit(gen)(1)
    except CompilerError:  # pragma: no cover - the bug this guards against
        pytest.fail("internal error")
    except TypingError:
        pass
