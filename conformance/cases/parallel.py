"""Parallel regions (`@njit(parallel=True)` with `prange`): loops whose
iterations are independent, and reductions combined across chunks. They
need the target's 'parallel' capability and are skipped elsewhere; the
reference runs the loops serially (prange is range in CPython), and float
reductions carry a tolerance since chunks are summed in another order.
"""
import numpy as np

from ..suite import Case, wrap_int64

try:
    from pyrite import prange
except ImportError:          # the suite imported without pyrite: prange is range
    prange = range

rng = np.random.RandomState(99)
V = rng.standard_normal(10007)
M = rng.standard_normal((97, 61))

PARALLEL = {"parallel": True}


def parallel_sum(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


def parallel_scale(a, out):
    for i in prange(a.shape[0]):
        out[i] = 2.0 * a[i] + 1.0


def parallel_rows(m):
    out = np.zeros(m.shape[0])
    for i in prange(m.shape[0]):
        acc = 0.0
        for j in range(m.shape[1]):
            acc += m[i, j] * m[i, j]
        out[i] = acc
    return out


def parallel_int_reductions(n):
    total = 0
    prod = 1
    for i in prange(n):
        total += i * i
        prod *= 1 + (i % 2)
    return total, prod


CASES = [
    Case("prange_sum", parallel_sum, "float64(float64[:])", [(V,), (V[::3],), (V[:1],)],
         tolerance_ulps=64, options=PARALLEL, tags={"parallel", "reduction"}),
    Case("prange_elementwise", parallel_scale, "none(float64[:], float64[:])",
         [(V, np.zeros_like(V)), (V[::-2], np.zeros(len(V[::-2])))], options=PARALLEL,
         tags={"parallel", "write"}),
    Case("prange_rows", parallel_rows, "(float64[:, :],)", [(M,), (M.T,)], options=PARALLEL,
         tags={"parallel", "alloc"}),
    Case("prange_int_reductions", parallel_int_reductions, "(int64,)", [(0,), (61,), (1000,)],
         expect=wrap_int64(parallel_int_reductions), options=PARALLEL, tags={"parallel", "reduction", "int"}),
]
