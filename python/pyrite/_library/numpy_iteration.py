"""NumPy's n-dimensional iteration helpers: np.ndindex and np.ndenumerate
(numpy/lib/_index_tricks_impl.py), as generators whose nested loops are
written out for the number of dimensions at hand. (a.flat is the core's:
core/lower/lower_flat.cpp.)"""
import numpy as np

from .. import types
from ..extending import overload
from ._generate import generate


def _nested_loops(ndim, shape, yield_line):
    """Lines of `ndim` nested loops over range(shape[d]) with indices
    i0, i1, ...; the innermost yields `yield_line`."""
    lines = []
    for d in range(ndim):
        lines.append("    " * d + f"for i{d} in range({shape}[{d}]):")
    lines.append("    " * ndim + yield_line)
    return lines


def _index_tuple(ndim):
    return "(" + "".join(f"i{d}, " for d in range(ndim)) + ")"


_ndenumerate_impls = {}
_ndindex_impls = {}


@overload(np.ndenumerate)
def np_ndenumerate(arr):
    """Yields (index tuple, element) for each element of `arr` in C order,
    as NumPy's ndenumerate; a 0-d array yields ((), its value)."""
    if not isinstance(arr, types.Array):
        return None
    n = arr.ndim
    if n not in _ndenumerate_impls:
        if n == 0:
            body = ["yield (), arr.flat[0]"]
        else:
            idx = _index_tuple(n)
            body = ["shape = arr.shape"] + _nested_loops(n, "shape", f"yield {idx}, arr[{idx}]")
        _ndenumerate_impls[n] = generate("ndenumerate", ["arr"], body)
    return _ndenumerate_impls[n]


@overload(np.ndindex)
def np_ndindex(*shape):
    """Yields the index tuples of an array of `shape` (integers, or one
    tuple of them) in C order, as NumPy's ndindex; no dimensions yields one
    empty tuple, a zero-length dimension none."""
    if len(shape) == 1 and isinstance(shape[0], types.BaseTuple):
        dims = shape[0]
        n = len(dims)
        unpack = "dims = shape[0]"
    else:
        dims = shape
        n = len(shape)
        unpack = "dims = shape"
    if not all(isinstance(t, types.Integer) for t in dims):
        return None
    key = (n, unpack)
    if key not in _ndindex_impls:
        body = [unpack] + _nested_loops(n, "dims", f"yield {_index_tuple(n)}")
        _ndindex_impls[key] = generate("ndindex", ["*shape"], body)
    return _ndindex_impls[key]
