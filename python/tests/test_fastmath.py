"""fastmath=True and fastmath={flag set}: each of LLVM's fast-math flags is
honoured on its own, as Numba does, so a set chosen to keep NaN and inf
semantics keeps them."""
import math

import numpy as np
import pytest

import pyrite
from pyrite.decorators import _fastmath_flags


def count_nans(a):
    n = 0
    for x in a:
        if np.isnan(x):
            n += 1
    return n


def count_infs(a):
    n = 0
    for x in a:
        if math.isinf(x):
            n += 1
    return n


KEEP_NAN_INF = {"nsz", "arcp", "contract", "afn", "reassoc"}
DATA = np.array([1.0, np.nan, 2.0, np.nan, np.inf, -np.inf])


@pytest.mark.parametrize("fn", [count_nans, count_infs])
def test_flag_set_without_nnan_ninf_keeps_nan_and_inf_tests(fn):
    assert pyrite.njit(fastmath=KEEP_NAN_INF)(fn)(DATA) == fn(DATA)


def test_each_flag_reaches_the_instructions():
    def axpy(a, x, y):
        return a * x + y
    for flag in ["nnan", "ninf", "nsz", "arcp", "contract", "afn", "reassoc"]:
        f = pyrite.njit(fastmath={flag})(axpy)
        assert f(2.0, 3.0, 1.0) == 7.0
        ir = f.inspect_llvm(f.signatures[0])
        assert flag in ir, f"{flag} missing from the IR"
        others = {"nnan", "ninf"} - {flag}
        for other in others:
            assert f"fmul {other}" not in ir


def test_fastmath_true_sets_every_flag():
    f = pyrite.njit(fastmath=True)(lambda x, y: x * y + 1.0)
    f(1.0, 2.0)
    assert "fast" in f.inspect_llvm(f.signatures[0])


def test_no_fastmath_sets_no_flag():
    f = pyrite.njit(lambda x, y: x * y + 1.0)
    f(1.0, 2.0)
    ir = f.inspect_llvm(f.signatures[0])
    for flag in ["fast", "nnan", "ninf", "reassoc", "contract"]:
        assert f"fmul {flag}" not in ir and f"fadd {flag}" not in ir


def test_flag_names_as_numba_reads_them():
    assert _fastmath_flags(True) == 0x7F
    assert _fastmath_flags(False) == 0
    assert _fastmath_flags({"fast"}) == 0x7F
    assert _fastmath_flags({"nnan", "ninf"}) == 0x03
    assert _fastmath_flags(frozenset()) == 0
    with pytest.raises(ValueError, match="Unrecognized fastmath flags"):
        pyrite.njit(fastmath={"nnan", "speedy"})(lambda x: x)
