r"""Differential fuzz regression: mismatch.
Found by pyrite.testing.fuzz (seed 200, program 813), reduced automatically.

Before the fix (mismatch/value):
  value: argument 0 after the call[0] is np.int64(1), expected np.int64(0)
    got      [1]
    expected [0]
"""
import math

import numpy as np

FAILURE = 'mismatch'
HELPERS = ()
TOLERANCE = ()
EXPECTED_EXCEPTIONS = ()

def f(a1):
    v1 = np.asarray(a1)
    i2 = 0
    v1[0] = 0
    return i2


def args():
    b0 = np.array([1], dtype=np.int64)
    return [b0]
