r"""Differential fuzz regression: mismatch.
Found by pyrite.testing.fuzz (seed 22, program 320), reduced automatically.

Before the fix (mismatch/value):
  value: argument 0 after the call[0, 0, 2] is np.True_, expected np.False_
    got      [[[False False  True]
    [False False False]
    [ True False False]]

   [[ True False False]
    [False False False]
    [False False  True]]]
    expected [[[False False False]
    [False False False]
    [ True False False]]

   [[ True False False]
    [False False False]
    [False False False]]]
"""
import math

import numpy as np

FAILURE = 'mismatch'
HELPERS = ('h0',)
TOLERANCE = ('ufunc',)
EXPECTED_EXCEPTIONS = ()

def h0(p0, p1):
    for k7 in range(1):
        p0[p0[0:, :, ::-1]] = k7
    return 0

def f(a2):
    for k6 in range(1, a2.shape[0]):
        a2[k6, k6, 0] ^= h0(a2, False)
    return a2.shape


def args():
    b2 = np.array([True, True, True, False, True, False, True, False, False, True, False, False, False, True, False, True, True, True], dtype=np.bool_).reshape(2, 3, 3)
    return [b2]
