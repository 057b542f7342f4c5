"""None as an argument (passed, or left at a `=None` default): a test
`x is None` / `x is not None` on an argument that still holds the value it
entered with is decided per signature and the branch not taken is dropped
before typing (Numba's dead-branch pruning), so `out=None` parameters work
as in Numba. Compared with CPython."""
import numpy as np
import pytest

from pyrite import njit


def double_into(a, out=None):
    if out is None:
        out = np.empty_like(a)
    for i in range(a.size):
        out[i] = a[i] * 2
    return out


def scaled(x, scale=None):
    if scale is not None:
        return x * scale
    return x


def plus_one_or_zero(x=None):
    if x is None:
        return 0
    return x + 1


def ternary_default(n, step=None):
    step = 1 if step is None else step
    total = 0
    for i in range(0, n, step):
        total += i
    return total


def returns_none(x=None):
    return x


def both_orders(x=None):
    return (None is x), (x is not None)


def _same(got, want):
    if isinstance(want, np.ndarray):
        np.testing.assert_array_equal(got, want)
    else:
        assert got == want and type(got) is type(want), (got, want)


@pytest.mark.parametrize("f, args", [
    (double_into, (np.arange(4.0),)), (double_into, (np.arange(4.0), None)),
    (scaled, (2.5,)), (scaled, (2.5, 3)), (scaled, (2, None)),
    (plus_one_or_zero, ()), (plus_one_or_zero, (4,)), (plus_one_or_zero, (None,)),
    (ternary_default, (10,)), (ternary_default, (10, 3)),
    (returns_none, ()), (returns_none, (None,)), (returns_none, (7,)),
    (both_orders, ()), (both_orders, (1.5,)),
])
def test_none_arguments_match_cpython(f, args):
    _same(njit(f)(*args), f(*args))


def test_out_argument_is_written():
    a, out = np.arange(3.0), np.zeros(3)
    got = njit(double_into)(a, out)
    assert got is not None and np.array_equal(out, [0.0, 2.0, 4.0])


def maybe_rebound(flag, x=None):
    if flag:
        x = 1
    if x is None:  # None or an int here: an OptionalType(int64), tested at run time
        return 0
    return x


@pytest.mark.parametrize("args", [(True,), (False,), (False, 5), (True, 5)])
def test_an_argument_that_may_have_been_rebound_is_tested_at_run_time(args):
    _same(njit(maybe_rebound)(*args), maybe_rebound(*args))
