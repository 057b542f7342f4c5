r"""Differential fuzz regression: mismatch.
Found by pyrite.testing.fuzz (seed 20261130, program 1236), reduced automatically.

Before the fix (mismatch/exception/pyrite OverflowError/CPython none):
  exception: pyrite raised OverflowError: Python integer -4294967296 out of bounds for int32
"""
import math

import numpy as np

FAILURE = 'mismatch'
HELPERS = ()
TOLERANCE = ()
EXPECTED_EXCEPTIONS = ()

def f(a0, a1):
    v1 = a0
    for k4 in range(a0.shape[0]):
        a1[0] *= 2
    return v1


def args():
    b0 = ((np.arange(53) * 7 % 31 - 15) * 0.25).astype(np.float64)
    b1 = (np.arange(18) * 11 % 17 - 8).astype(np.int32)
    return [b0, b1]
