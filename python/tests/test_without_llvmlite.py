"""pyrite's library compiles where llvmlite (and Numba) are not installed:
they are not dependencies, so its own primitives (libm calls, the random
streams' raw draw, BLAS/LAPACK and ctypes calls by address, the histogram's
truncation) are LLVM IR text (pyrite/_ir_text.py), not llvmlite.ir. The
child process refuses to import llvmlite and numba; each value printed is
compared with NumPy's in this process."""
import subprocess
import sys

import numpy as np

_CHILD = r'''
import sys
class _Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("llvmlite", "numba"):
            raise ImportError("refused in this test: " + name)
sys.meta_path.insert(0, _Refuse())
import ctypes
import numpy as np
from pyrite import njit

libm = ctypes.CDLL("libm.so.6")
cos = libm.cos
cos.argtypes, cos.restype = [ctypes.c_double], ctypes.c_double

@njit
def library(x, a, m):
    np.random.seed(7)
    draws = np.random.randint(0, 1000, 5)
    mantissa, exponent = np.frexp(x)
    return (np.cbrt(x), np.nextafter(x, 10.0), np.ldexp(x, 3), mantissa, exponent,
            np.histogram(a, 7)[0], np.linalg.det(m), np.linalg.solve(m, a[:3]),
            cos(x), draws)

for value in library(2.5, np.linspace(-1.0, 4.0, 50), np.array([[4.0, 1, 0], [1, 3, 1], [0, 1, 2]])):
    print(repr(np.asarray(value).tolist()))
assert "llvmlite" not in sys.modules and "numba" not in sys.modules
'''


def test_library_compiles_without_llvmlite():
    out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    got = [eval(line) for line in out.stdout.splitlines()]
    x, a = 2.5, np.linspace(-1.0, 4.0, 50)
    m = np.array([[4.0, 1, 0], [1, 3, 1], [0, 1, 2]])
    np.random.seed(7)
    draws = np.random.randint(0, 1000, 5)       # pyrite's stream is NumPy's legacy one
    mantissa, exponent = np.frexp(x)
    want = [np.cbrt(x), np.nextafter(x, 10.0), np.ldexp(x, 3), mantissa, exponent,
            np.histogram(a, 7)[0], np.linalg.det(m), np.linalg.solve(m, a[:3]), np.cos(x),
            draws]
    assert len(got) == len(want)
    for g, w in zip(got, want):
        np.testing.assert_allclose(np.asarray(g), np.asarray(w), rtol=1e-12)
