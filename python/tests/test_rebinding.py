"""A variable rebound to a value of another type is another variable (each
web of stores and loads is its own local, core/ir/locals.cpp, as Numba's SSA
versions variables), while a variable whose values meet at a join or around
a loop keeps one unified type. Compared with CPython."""
import numpy as np
import pytest

from pyrite import njit
from pyrite.errors import TypingError


def array_then_sum(n):
    x = np.arange(n) * 0.5
    x = x.sum()
    return x


def tuple_grows(a):
    t = (a,)
    t += (2,)
    t = t + (3.5,)
    return t


def argument_becomes_array(n):
    n = np.zeros(n)
    n[0] = 1.0
    return n


def int_then_tuple_then_float(k):
    v = k * 2
    total = v
    v = (v, k)
    total += v[0] + v[1]
    v = float(total) / 4
    return v


def rebound_inside_a_branch(flag, n):
    x = n
    if flag:
        x = np.ones(n)  # used only inside this branch: its own variable
        return x.sum()
    return float(x)


def loop_carried_unifies(n):
    s = 0
    for i in range(n):
        s = s + i * 0.5  # int64 and float64 meet at the loop header: float64
    return s


def swap_types(a, b):
    a, b = b, a
    return a, b


def deleted_then_rebound(n):
    x = np.zeros(n)
    s = x.sum()
    del x
    x = 3
    return s + x


CASES = [
    (array_then_sum, (5,)), (tuple_grows, (1,)), (argument_becomes_array, (3,)),
    (int_then_tuple_then_float, (3,)), (rebound_inside_a_branch, (True, 4)),
    (rebound_inside_a_branch, (False, 4)), (loop_carried_unifies, (5,)),
    (swap_types, (1, 2.5)), (deleted_then_rebound, (4,)),
]


@pytest.mark.parametrize("f, args", CASES, ids=[f"{f.__name__}{a}" for f, a in CASES])
def test_rebinding_matches_cpython(f, args):
    want = f(*args)
    got = njit(f)(*args)
    if isinstance(want, np.ndarray):
        np.testing.assert_array_equal(got, want)
    else:  # NumPy scalars come back as Python numbers, as in Numba
        want = want.item() if isinstance(want, np.generic) else want
        assert got == want and type(got) is type(want)


def join_of_different_types(flag):
    if flag:
        x = 1
    else:
        x = (1, 2)
    return x


def test_values_that_meet_must_still_unify():
    with pytest.raises(TypingError, match="cannot unify int64 and UniTuple.* for variable 'x'"):
        njit(join_of_different_types)(True)


def test_inspect_types_names_the_webs():
    f = njit(array_then_sum)
    f(3)
    import io
    out = io.StringIO()
    f.inspect_types(file=out)
    text = out.getvalue()
    assert "local x :: array(float64, 1d, C)" in text
    assert "local x.1 :: float64" in text


def del_unbinds_every_web(k):
    x = 1
    y = x
    x = "text"  # another type: another local (x.1) than the one read below
    del x
    if k:
        return y
    return y + len(x)  # noqa: F821 - unbound: `del x` deleted the variable


def test_del_unbinds_the_variable_whatever_local_holds_it():
    f = njit(del_unbinds_every_web)
    assert f(1) == del_unbinds_every_web(1)
    with pytest.raises(UnboundLocalError):
        del_unbinds_every_web(0)
    with pytest.raises(UnboundLocalError):
        f(0)
