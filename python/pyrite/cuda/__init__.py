"""`numba.cuda`: pyrite's CUDA target comes in its own issue. Until then
`is_available()` answers False, as it does on a machine without a GPU, and
the kernel API names import and refuse to be used."""
from .._missing import Missing, MissingDecorator

_WHY = "the CUDA target is not built yet"


def is_available():
    """False: pyrite has no CUDA target yet."""
    return False


def detect():
    print("pyrite: no CUDA target yet")
    return False


jit = MissingDecorator("numba.cuda.jit", _WHY)
grid = Missing("numba.cuda.grid", _WHY)
gridsize = Missing("numba.cuda.gridsize", _WHY)
syncthreads = Missing("numba.cuda.syncthreads", _WHY)
to_device = Missing("numba.cuda.to_device", _WHY)
device_array = Missing("numba.cuda.device_array", _WHY)
device_array_like = Missing("numba.cuda.device_array_like", _WHY)
shared = Missing("numba.cuda.shared", _WHY)
local = Missing("numba.cuda.local", _WHY)
atomic = Missing("numba.cuda.atomic", _WHY)
threadIdx = Missing("numba.cuda.threadIdx", _WHY)
blockIdx = Missing("numba.cuda.blockIdx", _WHY)
blockDim = Missing("numba.cuda.blockDim", _WHY)
gridDim = Missing("numba.cuda.gridDim", _WHY)
synchronize = Missing("numba.cuda.synchronize", _WHY)
