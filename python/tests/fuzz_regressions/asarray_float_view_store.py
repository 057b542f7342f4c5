r"""Differential fuzz regression: mismatch.
Found by pyrite.testing.fuzz (seed 200, program 1035), reduced automatically.

Before the fix (mismatch/value):
  value: argument 0 after the call[1] is np.float64(0.75), expected np.float64(0.0)
    got      [-2.    0.75 -0.75  2.    0.5  -1.    1.75  0.25 -1.25  1.5   0.   -1.5
    1.25 -0.25]
    expected [-2.    0.   -0.75  2.    0.5  -1.    1.75  0.25 -1.25  1.5   0.   -1.5
    1.25 -0.25]
"""
import math

import numpy as np

FAILURE = 'mismatch'
HELPERS = ()
TOLERANCE = ()
EXPECTED_EXCEPTIONS = ('ZeroDivisionError',)

def f(a0):
    v2 = np.asarray(a0)
    v2[1] = 0
    return 0


def args():
    b0 = ((np.arange(14) * 11 % 17 - 8) * 0.25).astype(np.float64)
    return [b0]
