"""BLAS and LAPACK for pyrite's library (numpy_linalg, numpy_linalg_complex,
numpy_products): the library chosen, the Fortran functions called by
address, an array's data address, and the checks the drivers share.

BLAS and LAPACK are called through their Fortran interface (every argument
by address; integers, characters and BLAS's alpha/beta go through small
scratch arrays), by address, from one of two libraries chosen on the first
typing of a function that needs them (so `import pyrite` and compiles
without linear algebra load neither): SciPy's `scipy.linalg.cython_blas`/
`cython_lapack` when SciPy is installed (the OpenBLAS Numba calls too), else
the system's OpenBLAS (libopenblas.so.0 with its LAPACK; Debian:
libopenblas0). PYRITE_LINALG_LIBRARY=scipy|openblas picks one. Without
either, the compile fails with a TypingError that says what to install.

Arrays reach C as the address of their first element (`_data`, a small IR
function reading the array's data field).
"""
import ctypes
import ctypes.util
import os

import numpy as np

from .. import types
from .._ir_text import ir_type
from ..errors import TypingError
from ..extending import register_jitable

_INLINE = "always"

# --- loading BLAS/LAPACK ---------------------------------------------------------------

_address = None     # function name ('dgemm') -> its address, once loaded
library = None      # "scipy" or "openblas", once loaded


def _scipy_addresses():
    from ..extending import get_cython_function_address as address

    def find(name):
        module = "cython_blas" if name[1:] in ("gemm", "gemv") else "cython_lapack"
        return address("scipy.linalg." + module, name)
    find("dgemm"), find("dgesdd")
    return find


def _openblas_addresses():
    names = ["libopenblas.so.0", ctypes.util.find_library("openblas"), "libopenblas.so",
             "libopenblas.dylib"]
    for name in names:
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
            lib.dgemm_, lib.dgesdd_    # noqa: B018 - both BLAS and LAPACK are needed
        except (OSError, AttributeError):
            continue

        def find(name, lib=lib):
            return ctypes.cast(getattr(lib, name + "_"), ctypes.c_void_p).value
        return find
    raise OSError("libopenblas.so.0 (with LAPACK) could not be loaded")


def _load():
    """Choose the library once; a TypingError saying what to install when
    neither is there."""
    global _address, library
    if _address is not None:
        return
    choice = os.environ.get("PYRITE_LINALG_LIBRARY", "auto").lower()
    why = []
    for name, finder in (("scipy", _scipy_addresses), ("openblas", _openblas_addresses)):
        if choice not in ("auto", name):
            continue
        try:
            _address = finder()
            library = name
            return
        except Exception as e:      # ImportError, OSError, KeyError
            why.append(f"{name}: {e}")
    raise TypingError("numpy.linalg and matrix products need BLAS/LAPACK: SciPy "
                      "(scipy.linalg.cython_lapack) or OpenBLAS (libopenblas.so.0; "
                      "Debian/Ubuntu: apt-get install libopenblas0); none could be loaded ("
                      + "; ".join(why) + ")")


# --- an array's data address -----------------------------------------------------------

class _DataAddress:
    """`_data(a)`: the address of a's first element, as an intp. A one-line
    IR function reading field 4 (data) of the core's array struct
    {meminfo, parent, nitems, itemsize, data, shape, strides}. (The public
    @intrinsic takes scalars only.)"""

    kind = "intrinsic"
    prefer_literal = False
    where = __name__

    def __init__(self):
        self.cache = {}

    def __repr__(self):
        return "numpy_linalg._data"

    def resolve(self, target, arg_types, kwnames):
        from .._ir_text import implementation
        if kwnames or len(arg_types) != 1 or not isinstance(arg_types[0], types.Array):
            return "takes one array"
        a = arg_types[0]
        if a not in self.cache:
            body = "%p = extractvalue {a0}, 4\n%r = ptrtoint ptr %p to i64\nret i64 %r"
            self.cache[a] = implementation("linalg_data", types.intp(a),
                                           body.format(a0=f"{ir_type(a)} %a0"))
        return self.cache[a]


def _make_data():
    from .._llvmlite_bridge import Intrinsic

    def _data(typingctx, a):   # pragma: no cover - replaced by _DataAddress
        return None
    f = Intrinsic(_data)
    f.overloads.templates[:] = [_DataAddress()]
    return f


_data = _make_data()

# --- the C functions -----------------------------------------------------------------

_P, _L = types.intp, types.int64     # an address; a Fortran hidden string length


def _c_function(name, n_addresses, n_lengths):
    """A Fortran BLAS/LAPACK function called by address, its address looked
    up when a call is first typed (after _load)."""
    from .._external import _ExternalCall
    from .._llvmlite_bridge import Intrinsic

    class Call(_ExternalCall):
        def resolve(self, target, arg_types, kwnames):
            if self.address is None:
                _load()
                self.address = _address(name)
            return super().resolve(target, arg_types, kwnames)

    def stub(typingctx, *args):   # pragma: no cover - replaced by Call
        return None
    f = Intrinsic(stub)
    f.overloads.name = name
    f.overloads.templates[:] = [Call(name, types.Signature(types.none,
                                                             [_P] * n_addresses +
                                                             [_L] * n_lengths), None)]
    return f


_SHAPES = dict(gemm=(13, 2), gemv=(11, 1), gesv=(8, 0), getrf=(6, 0), getri=(7, 0),
               potrf=(5, 1), syevd=(11, 2), gesdd=(14, 1), geqrf=(8, 0), orgqr=(9, 0),
               geev=(14, 2), gelsd=(14, 0))
_C = {k: {f: _c_function(k + f, *shape) for f, shape in _SHAPES.items()} for k in "sd"}
# complex matrix products (the complex LAPACK drivers take other arguments)
_C.update({k: {f: _c_function(k + f, *_SHAPES[f]) for f in ("gemm", "gemv")} for k in "cz"})
_NP = {"s": np.float32, "d": np.float64}
_BLAS_KIND = {np.float32: "s", np.float64: "d", np.complex64: "c", np.complex128: "z"}


def _kind(a):
    """'s' for float32 arrays, 'd' for float64 and integer/boolean ones
    (computed in float64, as NumPy); None for anything else."""
    if not isinstance(a, types.Array):
        return None
    if a.dtype == types.float32:
        return "s"
    if isinstance(a.dtype, (types.Float, types.Integer, types.Boolean)):
        return "d"
    return None


def _linalg_kind(a, ndim=2):
    k = _kind(a)
    if k is None or (ndim is not None and a.ndim != ndim):
        return None
    _load()
    return k


# --- shared checks -----------------------------------------------------------------------

@register_jitable(inline="always")
def _square(a):
    if a.shape[0] != a.shape[1]:
        raise np.linalg.LinAlgError("Last 2 dimensions of the array must be square")
    return a.shape[0]


@register_jitable(inline="always")
def _finite(a):
    for x in a.ravel():
        if not np.isfinite(x):
            raise np.linalg.LinAlgError("Array must not contain infs or NaNs")


@register_jitable(inline="always")
def _lapack_error(info, name):
    if info < 0:
        raise ValueError("LAPACK " + name + ": illegal value in argument " + str(-info))
