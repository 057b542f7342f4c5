"""Differential fuzz regression: mismatch.
Found by pyrite.testing.fuzz (seed 3, program 446), reduced automatically.

Before the fix (mismatch/value):
  value: argument 0 after the call[1, 0] is np.True_, expected np.False_
    got      [[False False False False False False]
   [ True  True False  True  True  True]]
    expected [[False False False False False False]
   [False  True False  True  True  True]]
"""
import math

import numpy as np

FAILURE = 'mismatch'
HELPERS = ()
TOLERANCE = ()
EXPECTED_EXCEPTIONS = ()

def f(a2):
    a2[a2[::-1, ::-1]] = 0
    return 0


def args():
    b1 = np.array([0, 0, 0, 0, 0, 0, 0, 0], dtype=np.int32).reshape(4, 2)
    b2 = np.array([False, False, False, False, False, True, True, True, False, True, True, True], dtype=np.bool_).reshape(2, 6)
    return [b2]
