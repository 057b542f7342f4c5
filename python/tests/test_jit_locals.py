"""@jit(locals={'x': T}) declares a variable's type: every store to it
converts to T (narrower integers wrap, float32 rounds), compared with Numba
run on the same function and inputs; a value that cannot become a T is a
TypingError naming the variable."""
import numpy as np
import pytest

import pyrite
from pyrite import types as pt
from pyrite.errors import TypingError

numba = pytest.importorskip("numba")
nt = numba.types


def doubled(n):
    x = n * 2
    return x


def summed(n):
    acc = 0.0
    for i in range(n):
        acc += 0.1 * i
    return acc


def counted(n):
    x = 0
    for i in range(n):
        x = x + 100
    return x


def branches(n):
    if n > 3:
        y = n * 1000
    else:
        y = -n
    return y


def in_array_loop(a):
    s = 0
    for v in a:
        s += v
    return s


CASES = [
    (doubled, "x", "int8", (100,)), (doubled, "x", "float64", (3,)),
    (doubled, "x", "uint16", (40000,)), (summed, "acc", "float32", (100000,)),
    (counted, "x", "uint8", (5,)), (counted, "x", "int16", (400,)),
    (branches, "y", "int8", (7,)), (branches, "y", "int8", (2,)),
    (branches, "y", "float32", (5,)), (in_array_loop, "s", "int8", (np.arange(30),)),
    (in_array_loop, "s", "float32", (np.linspace(0, 1, 1001),)),
]


@pytest.mark.parametrize("fn, var, type_name, args", CASES,
                         ids=[f"{c[0].__name__}-{c[2]}-{c[3][0] if np.isscalar(c[3][0]) else 'array'}"
                              for c in CASES])
def test_declared_locals_match_numba(fn, var, type_name, args):
    got = pyrite.njit(locals={var: getattr(pt, type_name)})(fn)(*args)
    want = numba.njit(locals={var: getattr(nt, type_name)})(fn)(*args)
    assert got == want and type(got) is type(want), (got, want)
    # pyrite also takes the type's name
    assert pyrite.njit(locals={var: type_name})(fn)(*args) == want


def test_store_that_cannot_convert_is_refused():
    def f(n):
        x = np.zeros(n)
        return x
    with pytest.raises(TypingError, match="variable 'x', declared int8 by locals="):
        pyrite.njit(locals={"x": pt.int8})(f)(3)


def test_unknown_type_refused():
    with pytest.raises(TypeError, match="locals="):
        pyrite.njit(locals={"x": "no_such_type"})(doubled)


def test_ahead_of_time_refuses_declared_locals(tmp_path):
    from pyrite import aot
    f = pyrite.njit(locals={"x": pt.int8})(doubled)
    with pytest.raises(NotImplementedError, match="locals="):
        aot.compile_for("x86_64", [("doubled", f, "int64(int64)")], tmp_path / "m.so")
