r"""Differential fuzz regression: mismatch.
Found by pyrite.testing.fuzz (seed 22, program 59), reduced automatically.

Before the fix (mismatch/value):
  value: argument 1 after the call[1] is np.True_, expected np.False_
    got      [False  True]
    expected [False False]
"""
import math

import numpy as np

FAILURE = 'mismatch'
HELPERS = ()
TOLERANCE = ('ufunc', 'ufunc32')
EXPECTED_EXCEPTIONS = ()

def f(a0, a1):
    v1 = np.asarray(a1)
    v1[a0.ndim] = 0
    return 0


def args():
    b0 = np.array([False], dtype=np.bool_)
    b1 = np.array([False, True], dtype=np.bool_)
    return [b0, b1]
