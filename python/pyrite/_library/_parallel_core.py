"""Whole-array reductions over threads in parallel=True code
(docs/parallel.md, "Array expressions and reductions").

`reduction_chunks(n)` is a C++ primitive (lower/lower_parallel.cpp): in
compiled code whose function runs with parallel=True it is the number of
chunks a reduction of n elements splits into (one per thread, from 65,536
elements), and 1 everywhere else, so the serial path is all that remains of
`chunked` there. Library code follows its caller's parallel= option."""
import numpy as np

from .. import prange
from ..extending import register_jitable


def reduction_chunks(n):
    """The chunks a reduction of n elements runs in: 1 outside compiled
    parallel=True code (this Python body is the interpreter's answer)."""
    return 1


def chunked(lane, combine, part_dtype):
    """A jitable `flat(v, p)` giving lane(v, p) of a 1-d array v; in
    parallel=True code, from 65,536 elements, lane of each of k contiguous
    chunks v[c*n//k:(c+1)*n//k] (one per thread) and then
    combine(parts, v, k), parts being the k lane values (of part_dtype) in
    chunk order, so that a result does not depend on thread timing."""
    @register_jitable(inline="always")
    def flat(v, p):
        n = v.shape[0]
        k = reduction_chunks(n)
        if k <= 1:
            return lane(v, p)
        parts = np.empty(k, part_dtype)
        for c in prange(k):
            parts[c] = lane(v[c * n // k:(c + 1) * n // k], p)
        return combine(parts, v, k)
    return flat
