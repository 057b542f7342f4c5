r"""Differential fuzz regression: mismatch.
Found by pyrite.testing.fuzz (seed 20261130, program 1667), reduced automatically.

Before the fix (mismatch/exception/pyrite OverflowError/CPython none):
  exception: pyrite raised OverflowError: Python integer -4294967296 out of bounds for int32
"""
import math

import numpy as np

FAILURE = 'mismatch'
HELPERS = ()
TOLERANCE = ()
EXPECTED_EXCEPTIONS = ('ZeroDivisionError',)

def f(a0, n1, n2):
    for k1 in range(n2):
        for k5 in range(5, 1, -1):
            a0[n1] *= n2
    return a0


def args():
    b0 = (np.arange(56) * 5 % 13 - 6).astype(np.int32)
    return [b0, 1, 4]
