"""`cuda.shared.array`, `cuda.local.array`, `cuda.const.array_like`.

Arrays of a constant shape inside kernels, as in Numba: `shape` is an
integer or a tuple of integers known when the kernel compiles (literals,
global constants), `dtype` a NumPy scalar type (np.float32) or a
pyrite/Numba type (float32). The arrays are C-contiguous; each call site
has its own storage.

- shared: one array per call site in the block's shared memory (every
  thread of a block sees the same one). A shape of 0 is the launch's dynamic
  shared memory (`kernel[grid, block, stream, nbytes]`), nbytes // itemsize
  elements; every such array starts at the same address, as in CUDA.
- local: the thread's own array (on a CPU target: a new array, as np.empty).
- const: `array_like(ary)` of a global array gives that array, frozen into
  the kernel's module at compile time (read-only, as Numba's constant memory).

Both array functions are the C++ core's (typed per call site by
Typer::gpu_array_call, lowered by core/lower/lower_gpu_memory.cpp); this
module gives them their Python homes.
"""
import sys as _sys
import types as _types

from .. import types
from ..errors import TypingError
from ..extending import overload


def _namespace(name, doc):
    """A module `pyrite.cuda.<name>` (compiled code reads modules' attributes)."""
    module = _types.ModuleType(f"pyrite.cuda.{name}", doc)
    _sys.modules[module.__name__] = module
    return module


shared = _namespace("shared", "Block-shared arrays inside kernels (Numba's cuda.shared).")
local = _namespace("local", "Per-thread arrays inside kernels (Numba's cuda.local).")
const = _namespace("const", "Constant arrays inside kernels (Numba's cuda.const).")


def _shared_array(shape, dtype, alignment=None):
    """An array of `shape` and `dtype` in the block's shared memory (shape 0:
    the launch's dynamic shared memory). Only inside kernels."""
    raise NotImplementedError("cuda.shared.array only works inside a CUDA kernel")


def _local_array(shape, dtype, alignment=None):
    """The thread's own array of `shape` and `dtype`. Only in compiled code."""
    raise NotImplementedError("cuda.local.array only works in compiled code")


def _array_like(ary):
    """The global array `ary`, frozen into the kernel's module (read-only)."""
    raise NotImplementedError("cuda.const.array_like only works in compiled code")


_shared_array.__name__ = _local_array.__name__ = "array"
_shared_array.__module__, _local_array.__module__ = shared.__name__, local.__name__
shared.array = _shared_array
local.array = _local_array
_array_like.__name__ = "array_like"
const.array_like = _array_like


@overload(_array_like)
def _ol_array_like(ary):
    if not isinstance(ary, types.Array):
        raise TypingError(f"cuda.const.array_like takes a global array, not {ary}")
    return lambda ary: ary
