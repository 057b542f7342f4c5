"""`numba.cuda` in pyrite: kernels for NVIDIA GPUs (docs/cuda.md).

- The kernel API inside kernels, under Numba's names: `cuda.grid(n)`,
  `cuda.gridsize(n)`, `cuda.threadIdx/blockIdx/blockDim/gridDim.x/y/z`,
  `cuda.laneid`, `cuda.warpsize`, `cuda.syncthreads()` and its
  `_count/_and/_or` forms, `cuda.threadfence()`, `cuda.shared.array`,
  `cuda.local.array`, `cuda.const.array_like`, `cuda.atomic.*`, the warp
  shuffles and votes, and `math` functions (libdevice).
- `@cuda.jit` kernels, launched as `kernel[griddim, blockdim, stream,
  sharedmem](...)`; `@cuda.jit(device=True)` device functions.
- Devices, device arrays (`to_device`, `device_array`, ... with
  `__cuda_array_interface__`), pinned/mapped/managed host arrays, streams
  and events, through the CUDA target plugin's runtime (the driver API,
  opened with dlopen: without a driver, `is_available()` is False and
  those calls raise CudaSupportError).
- `compile_ptx(pyfunc, sig, cc=(9, 0))` and `compile(...)`: PTX or a cubin
  for any compute capability, without a GPU.

The CUDA target plugin (targets/cuda) is built where the CUDA toolkit is found.
"""
import sys as _sys
import types as _types

import numpy as _np

from .. import _core
from .._library._generate import generate
from ..errors import TypingError
from ..extending import overload
from ..intrinsics import Intrinsic, IntrinsicValue


# --- the kernel API (intrinsics the CUDA plugin lowers; docs/plugin-abi.md) ----------

def _dim3(name):
    """`cuda.threadIdx` & co.: a namespace whose x, y, z read the register."""
    module = _types.ModuleType(f"{__name__}.{name}",
                               f"CUDA's {name}: .x, .y, .z (int32) inside a kernel")
    for axis in "xyz":
        setattr(module, axis, IntrinsicValue(f"cuda.{name}.{axis}"))
    _sys.modules[module.__name__] = module
    return module


threadIdx = _dim3("threadIdx")
blockIdx = _dim3("blockIdx")
blockDim = _dim3("blockDim")
gridDim = _dim3("gridDim")
laneid = IntrinsicValue("cuda.laneid")
warpsize = IntrinsicValue("cuda.warpsize")
syncthreads = Intrinsic("cuda.syncthreads")
syncthreads_count = Intrinsic("cuda.syncthreads_count")
syncthreads_and = Intrinsic("cuda.syncthreads_and")
syncthreads_or = Intrinsic("cuda.syncthreads_or")
threadfence = Intrinsic("cuda.threadfence")

from ._memory import const, local, shared  # noqa: E402
from ._warp import (activemask, all_sync, any_sync, ballot_sync, eq_sync,  # noqa: E402
                    lanemask_lt, match_any_sync, shfl_down_sync, shfl_sync, shfl_up_sync,
                    shfl_xor_sync, syncwarp)


def _atomic_namespace():
    """`cuda.atomic`: the read-modify-write operations (the C++ core's
    builtins, core/typing/builtins.def; lower/lower_atomics.cpp). Each
    returns the element's old value."""
    module = _types.ModuleType(f"{__name__}.atomic", _atomic_namespace.__doc__)
    docs = {
        "add": "ary[idx] += val", "sub": "ary[idx] -= val",
        "max": "ary[idx] = max(ary[idx], val) (NaN propagates)",
        "min": "ary[idx] = min(ary[idx], val) (NaN propagates)",
        "nanmax": "ary[idx] = max(ary[idx], val), NaN treated as missing",
        "nanmin": "ary[idx] = min(ary[idx], val), NaN treated as missing",
        "and_": "ary[idx] &= val", "or_": "ary[idx] |= val", "xor": "ary[idx] ^= val",
        "exch": "ary[idx] = val",
        "inc": "ary[idx] = 0 if ary[idx] >= val else ary[idx] + 1 (unsigned)",
        "dec": "ary[idx] = val if ary[idx] == 0 or ary[idx] > val else ary[idx] - 1 (unsigned)",
        "cas": "ary[idx] = val if ary[idx] == old (cas(ary, idx, old, val))",
    }
    for name, what in docs.items():
        def op(ary, idx, *vals, _name=name):
            raise NotImplementedError(f"cuda.atomic.{_name} only works in compiled code")
        op.__name__ = op.__qualname__ = name
        op.__doc__ = f"Atomically {what}; returns the old value (Numba's cuda.atomic.{name})."
        setattr(module, name, op)
    _sys.modules[module.__name__] = module
    return module


atomic = _atomic_namespace()
threadfence_block = Intrinsic("cuda.threadfence_block")
threadfence_system = Intrinsic("cuda.threadfence_system")

from ._bits import brev, cbrt, clz, compare_and_swap, ffs, fma, popc, selp  # noqa: E402,F401
atomic.compare_and_swap = compare_and_swap
from ._fp16 import fp16  # noqa: E402
_sys.modules[fp16.__name__] = fp16   # (`from pyrite.cuda import fp16`, `cuda.fp16.hadd`)


def grid(ndim):
    """The absolute position of the thread in the grid: an int64 for
    ndim=1, a tuple of 2 or 3 for ndim=2 or 3 (Numba's cuda.grid).
    Only inside kernels."""
    raise NotImplementedError("cuda.grid only works inside a CUDA kernel")


def gridsize(ndim):
    """The number of threads in the grid along each of ndim dimensions
    (Numba's cuda.gridsize). Only inside kernels."""
    raise NotImplementedError("cuda.gridsize only works inside a CUDA kernel")


def _ndim(ndim, what):
    from .. import types
    if not isinstance(ndim, types.IntegerLiteral) or ndim.literal_value not in (1, 2, 3):
        raise TypingError(f"cuda.{what}(ndim) takes a constant 1, 2 or 3")
    return ndim.literal_value


def _per_axis(name, n, axis_source):
    """An implementation of f(ndim) giving `axis_source` (an int64
    expression of axis `a`) for x, or a tuple of it for x, y[, z]."""
    items = [axis_source.replace("{a}", a) for a in "xyz"[:n]]
    body = items[0] if n == 1 else "(" + ", ".join(items) + ")"
    return generate(name, ["ndim"], [f"return {body}"],
                    {"np": _np, "blockIdx": blockIdx, "blockDim": blockDim,
                     "threadIdx": threadIdx, "gridDim": gridDim})


@overload(grid, prefer_literal=True, inline="always")
def _grid(ndim):
    return _per_axis("grid", _ndim(ndim, "grid"),
                     "np.int64(blockIdx.{a}) * np.int64(blockDim.{a}) + np.int64(threadIdx.{a})")


@overload(gridsize, prefer_literal=True, inline="always")
def _gridsize(ndim):
    return _per_axis("gridsize", _ndim(ndim, "gridsize"),
                     "np.int64(gridDim.{a}) * np.int64(blockDim.{a})")


# --- ahead of time: PTX and cubins without a GPU ------------------------------------

def _compile(pyfunc, sig, kind, cc, fastmath, debug=False):
    from ._dispatcher import arch_name, compile_kernel, signature_types
    py_func = getattr(pyfunc, "py_func", pyfunc)
    # debug=True: the kernel reports exceptions and checks indexing, taking
    # its error record's address as a hidden last parameter (_kernel_errors.py).
    return compile_kernel(py_func, signature_types(sig), kind, arch_name(cc), fastmath,
                          bool(debug), bool(debug))


def compile_ptx(pyfunc, sig, debug=False, lineinfo=False, device=False, fastmath=False,
                cc=None, opt=True, abi="numba", abi_info=None, output="ptx"):
    """PTX text of `pyfunc` as a kernel for compute capability `cc` (a
    (major, minor) tuple; default: the device's, else (7, 5)), typed by `sig`
    ("void(float32, float32[:])" or a tuple of argument types), as Numba's
    numba.cuda.compile_ptx. Returns (ptx, None) (a kernel has no result).
    debug=True compiles the kernel to report exceptions (docs/cuda.md,
    "Errors in kernels"); DWARF debug information and device functions
    (device=True) are not supported yet."""
    if device:
        raise NotImplementedError("compile_ptx(device=True) is not supported yet: compile "
                                  "the kernel that calls the device function")
    if output != "ptx":
        return compile(pyfunc, sig, debug=debug, fastmath=fastmath, cc=cc, output=output)
    return _compile(pyfunc, sig, "ptx", cc, fastmath, debug).decode(), None


def compile(pyfunc, sig, debug=False, lineinfo=False, device=False, fastmath=False, cc=None,
            opt=True, abi="numba", abi_info=None, output="ptx"):
    """As numba.cuda.compile: the kernel's PTX (output="ptx", text) or cubin
    (output="cubin", bytes, assembled by the toolkit's ptxas) and None."""
    if output not in ("ptx", "cubin"):
        raise NotImplementedError(f"output={output!r}: pyrite emits 'ptx' and 'cubin'")
    code = _compile(pyfunc, sig, output, cc, fastmath, debug)
    return (code.decode() if output == "ptx" else code), None


def compile_ptx_for_current_device(pyfunc, sig, **kwargs):
    """compile_ptx for the default compute capability (the device's)."""
    return compile_ptx(pyfunc, sig, **kwargs)


# --- kernels, devices and memory (_dispatcher.py, _runtime.py) ----------------------

from ._dispatcher import CUDADispatcher, jit  # noqa: E402,F401
from ._runtime import (  # noqa: E402,F401
    Device, DeviceNDArray, Event, Stream, as_cuda_array, default_stream, detect, device_array,
    device_array_like, event, event_elapsed_time, get_current_device, is_available,
    is_cuda_array, list_devices, managed_array, mapped_array, pinned, pinned_array,
    select_device, stream, synchronize, to_device)
from .cudadrv.error import CudaAPIError, CudaDriverError, CudaSupportError  # noqa: E402,F401
