"""Devices, memory, streams and events of the CUDA target, under Numba's
names (numba.cuda's memory API), over the plugin runtime
(python/src/device_runtime.cpp -> targets/cuda/cuda_driver.cpp).

Device arrays carry `__cuda_array_interface__` (version 3), so CuPy and
PyTorch accept them without a copy, and `as_cuda_array` wraps theirs.
Every call that needs the driver raises CudaSupportError where there is no
driver or device; failed driver calls raise CudaAPIError.
"""
import contextlib
import ctypes
import weakref

import numpy as np

from .. import _core
from .cudadrv.error import CudaAPIError, CudaSupportError

TARGET = "cuda"
_current = {"device": 0}
_core.device_set_errors(CudaSupportError, CudaAPIError)

# PyriteCopyDirection and PyriteMemoryKind (plugins/include/pyrite/plugin.h)
_H2D, _D2H, _D2D = 0, 1, 2
_DEVICE, _PINNED, _MAPPED, _MANAGED = 0, 1, 2, 3


# --- devices ----------------------------------------------------------------------

class Device:
    """A CUDA device (numba.cuda's Device): id, name, compute_capability and
    the launch limits as attributes."""

    def __init__(self, index):
        info = _core.device_info(TARGET, index)
        self.id = index
        self.name = info["name"].encode()
        self.compute_capability = info["compute_capability"]
        self.MULTIPROCESSOR_COUNT = info["multiprocessors"]
        self.WARP_SIZE = info["warp_size"]
        self.MAX_THREADS_PER_BLOCK = info["max_threads_per_block"]
        self.MAX_BLOCK_DIM_X, self.MAX_BLOCK_DIM_Y, self.MAX_BLOCK_DIM_Z = info["max_block"]
        self.MAX_GRID_DIM_X, self.MAX_GRID_DIM_Y, self.MAX_GRID_DIM_Z = info["max_grid"]
        self.MAX_SHARED_MEMORY_PER_BLOCK = info["max_shared_bytes_per_block"]
        self.total_memory = info["total_memory"]

    def __repr__(self):
        return f"<CUDA device {self.id} '{self.name.decode()}'>"


def device_count():
    return _core.device_count(TARGET)


def select_device(device_id):
    """Makes device `device_id` the current one; returns it."""
    count = device_count()
    if count == 0:
        Device(0)   # raises with the driver's reason
    if not 0 <= device_id < count:
        raise CudaSupportError(f"there is no CUDA device {device_id} ({count} found)")
    _current["device"] = device_id
    return Device(device_id)


def get_current_device():
    return Device(_current["device"])


def list_devices():
    return [Device(k) for k in range(device_count())]


def is_available():
    """Whether a CUDA driver and at least one device are usable."""
    try:
        return device_count() > 0
    except (CudaSupportError, CudaAPIError):
        return False


def detect():
    """Prints the devices found (numba.cuda.detect); True if there is one."""
    try:
        devices = list_devices()
        if not devices:
            Device(0)   # raises with the driver's reason
    except CudaSupportError as e:
        print(f"CUDA is not available: {e}")
        return False
    print(f"Found {len(devices)} CUDA devices")
    for d in devices:
        cc = ".".join(map(str, d.compute_capability))
        print(f"id {d.id} {d.name.decode():>30}  compute capability {cc}")
    return bool(devices)


def synchronize():
    """Waits for all work on the current device."""
    _core.device_synchronize(TARGET, _current["device"])


# --- streams and events -----------------------------------------------------------

class Stream:
    """A CUDA stream (numba.cuda.stream()); work on it runs in order."""

    def __init__(self, handle=None):
        self.handle = _core.device_stream_create(TARGET, _current["device"]) \
            if handle is None else handle
        self._owned = handle is None
        if self._owned:
            weakref.finalize(self, _core.device_stream_op, TARGET, "destroy", self.handle)

    def synchronize(self):
        _core.device_stream_op(TARGET, "synchronize", self.handle)

    @contextlib.contextmanager
    def auto_synchronize(self):
        yield self
        self.synchronize()

    def __repr__(self):
        return f"<CUDA stream {self.handle:#x}>"


def stream():
    return Stream()


def default_stream():
    return Stream(0)


def _stream_handle(s):
    if s is None or (isinstance(s, int) and s == 0):
        return 0
    if isinstance(s, Stream):
        return s.handle
    raise TypeError(f"expected a pyrite.cuda stream or 0, not {type(s).__name__}")


class Event:
    """A CUDA event (numba.cuda.event()): record, synchronize, elapsed_time."""

    def __init__(self, timing=True):
        self.handle = _core.device_event_create(TARGET, _current["device"])
        weakref.finalize(self, _core.device_event_op, TARGET, "destroy", self.handle, 0)

    def record(self, stream=0):
        _core.device_event_op(TARGET, "record", self.handle, _stream_handle(stream))

    def synchronize(self):
        _core.device_event_op(TARGET, "synchronize", self.handle, 0)

    def elapsed_time(self, evtend):
        """Milliseconds from this event to `evtend`."""
        return _core.device_event_op(TARGET, "elapsed", evtend.handle, self.handle)


def event(timing=True):
    return Event(timing)


def event_elapsed_time(evtstart, evtend):
    return evtstart.elapsed_time(evtend)


# --- memory ---------------------------------------------------------------------

class _Allocation:
    """One allocation of the plugin runtime, freed when unreferenced."""

    def __init__(self, nbytes, kind):
        self.nbytes = nbytes
        handle, self.device_address, self.host_address = _core.device_mem_alloc(
            TARGET, max(nbytes, 1), kind, _current["device"])
        weakref.finalize(self, _core.device_mem_free, TARGET, handle)


def _strides_for(shape, itemsize, order):
    strides, step = [0] * len(shape), itemsize
    dims = range(len(shape) - 1, -1, -1) if order == "C" else range(len(shape))
    for k in dims:
        strides[k] = step
        step *= shape[k]
    return tuple(strides)


def _shape_tuple(shape):
    return (int(shape),) if np.ndim(shape) == 0 else tuple(int(d) for d in shape)


class DeviceNDArray:
    """An array in device memory (numba.cuda's DeviceNDArray): shape,
    strides, dtype, size, ndim, nbytes, copy_to_host, copy_to_device,
    __cuda_array_interface__. Made by to_device, device_array(_like), or
    as_cuda_array (another library's memory, kept alive, not copied)."""

    def __init__(self, shape, strides, dtype, allocation=None, address=None, owner=None,
                 stream=0):
        self.shape = _shape_tuple(shape)
        self.dtype = np.dtype(dtype)
        self.strides = tuple(strides) if strides is not None else \
            _strides_for(self.shape, self.dtype.itemsize, "C")
        self.ndim = len(self.shape)
        self.size = int(np.prod(self.shape, dtype=np.int64))
        self.nbytes = self.size * self.dtype.itemsize
        extent = self.nbytes and (sum((d - 1) * abs(s) for d, s in zip(self.shape, self.strides))
                                  + self.dtype.itemsize)
        self._allocation = allocation if allocation is not None else \
            (_Allocation(extent, _DEVICE) if address is None else None)
        self._address = address if address is not None else self._allocation.device_address
        self._owner = owner
        self.stream = stream
        c_order = self.strides == _strides_for(self.shape, self.dtype.itemsize, "C")
        f_order = self.strides == _strides_for(self.shape, self.dtype.itemsize, "F")
        #: "C", "F" or "A", as the array's type has it
        self.layout = "C" if c_order else "F" if f_order else "A"
        # what a launch reads (python/src/device_runtime.cpp: pack, argument_key)
        self._launch = (self._address if self.size else 0, self.shape, self.strides)
        self._key = ("device", self.dtype.str, self.ndim, self.layout)

    @property
    def __cuda_array_interface__(self):
        c_strides = _strides_for(self.shape, self.dtype.itemsize, "C")
        return {"shape": self.shape, "typestr": self.dtype.str,
                "data": (self._address if self.size else 0, False),
                "strides": None if self.strides == c_strides else self.strides,
                "stream": None, "version": 3}

    @property
    def device_ctypes_pointer(self):
        return ctypes.c_void_p(self._address)

    def __len__(self):
        return self.shape[0]

    def __repr__(self):
        return f"<pyrite.cuda DeviceNDArray shape={self.shape} dtype={self.dtype}>"

    def is_c_contiguous(self):
        return self.layout == "C" or (self.layout == "F" and self.ndim <= 1)

    def is_f_contiguous(self):
        return self.layout == "F" or (self.layout == "C" and self.ndim <= 1)

    def _contiguous(self):
        if not (self.is_c_contiguous() or self.is_f_contiguous()):
            raise NotImplementedError("copies of non-contiguous device arrays are not "
                                      "supported yet")

    def copy_to_host(self, ary=None, stream=None):
        """The array's contents in host memory (a new array, or `ary`), on
        `stream` (default: the array's own, as in Numba)."""
        stream = self.stream if stream is None else stream
        self._contiguous()
        order = "C" if self.is_c_contiguous() else "F"
        if ary is None:
            ary = np.empty(self.shape, self.dtype, order=order)
        elif ary.shape != self.shape or ary.dtype != self.dtype or \
                ary.strides != self.strides:
            raise ValueError(f"copy_to_host: the host array ({ary.shape}, {ary.dtype}, "
                             f"strides {ary.strides}) does not match the device array "
                             f"({self.shape}, {self.dtype}, strides {self.strides})")
        if not ary.flags.writeable or not (ary.flags.c_contiguous or ary.flags.f_contiguous):
            raise ValueError("copy_to_host needs a writable contiguous host array")
        if self.nbytes:
            _core.device_mem_copy(TARGET, ary.ctypes.data, self._address, self.nbytes, _D2H,
                                  _stream_handle(stream))
        return ary

    def copy_to_device(self, ary, stream=None):
        """Copies host array (or device array) `ary` of the same shape in,
        on `stream` (default: the array's own)."""
        stream = self.stream if stream is None else stream
        self._contiguous()
        if isinstance(ary, DeviceNDArray) or hasattr(ary, "__cuda_array_interface__"):
            other = as_cuda_array(ary)
            if (other.shape, other.dtype, other.strides) != (self.shape, self.dtype,
                                                             self.strides):
                raise ValueError(f"copy_to_device: the device arrays differ (shape, dtype "
                                 f"or strides): {other!r} into {self!r}")
            _core.device_mem_copy(TARGET, self._address, other._address, self.nbytes, _D2D,
                                  _stream_handle(stream))
            return
        host = np.ascontiguousarray(ary, dtype=self.dtype) if self.is_c_contiguous() else \
            np.asfortranarray(ary, dtype=self.dtype)
        if host.shape != self.shape:
            raise ValueError(f"copy_to_device: shape {host.shape} is not {self.shape}")
        if self.nbytes:
            _core.device_mem_copy(TARGET, self._address, host.ctypes.data, self.nbytes, _H2D,
                                  _stream_handle(stream))

    def copy_to_host_async(self, stream):
        return self.copy_to_host(stream=stream)


def to_device(obj, stream=0, copy=True, to=None):
    """A device array holding host array `obj` (numba.cuda.to_device); with
    `to`, copies into that device array instead."""
    if to is not None:
        to.copy_to_device(obj, stream=stream)
        return to
    host = np.asarray(obj)
    order = "F" if host.flags.f_contiguous and not host.flags.c_contiguous else "C"
    host = np.require(host, requirements=order)
    d = DeviceNDArray(host.shape, _strides_for(host.shape, host.dtype.itemsize, order),
                      host.dtype, stream=stream)
    if copy:
        d.copy_to_device(host, stream=stream)
    return d


def device_array(shape, dtype=np.float64, strides=None, order="C", stream=0):
    """An uninitialized device array (numba.cuda.device_array)."""
    shape = _shape_tuple(shape)
    dtype = np.dtype(dtype)
    if strides is None:
        strides = _strides_for(shape, dtype.itemsize, order)
    return DeviceNDArray(shape, strides, dtype, stream=stream)


def device_array_like(ary, stream=0):
    order = "F" if getattr(ary, "flags", None) is not None and ary.flags.f_contiguous and \
        not ary.flags.c_contiguous else "C"
    return device_array(ary.shape, ary.dtype, order=order, stream=stream)


def _host_array(shape, dtype, strides, order, kind):
    shape = _shape_tuple(shape)
    dtype = np.dtype(dtype)
    nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    allocation = _Allocation(nbytes, kind)
    buffer = (ctypes.c_byte * max(nbytes, 1)).from_address(allocation.host_address)
    if strides is None:
        strides = _strides_for(shape, dtype.itemsize, order)
    ary = np.ndarray(shape, dtype, buffer=buffer, strides=strides).view(_HostArray)
    ary._allocation = allocation
    return ary


class _HostArray(np.ndarray):
    """A NumPy array over pinned (or mapped) host memory; it keeps the
    allocation alive. A mapped one is also a device array."""

    def __array_finalize__(self, obj):
        self._allocation = getattr(obj, "_allocation", None)

    @property
    def __cuda_array_interface__(self):
        alloc = self._allocation
        offset = self.ctypes.data - alloc.host_address if alloc is not None else -1
        # (a copy or a ufunc's result is a new array in ordinary memory)
        if alloc is None or not alloc.device_address or not 0 <= offset < max(alloc.nbytes, 1):
            raise AttributeError("only mapped (or managed) host arrays and their views are "
                                 "device arrays")
        return {"shape": self.shape, "typestr": self.dtype.str,
                "data": (alloc.device_address + offset, False),
                "strides": None if self.flags.c_contiguous else self.strides,
                "stream": None, "version": 3}


def pinned_array(shape, dtype=np.float64, strides=None, order="C"):
    """A NumPy array in page-locked host memory (fast, asynchronous copies)."""
    return _host_array(shape, dtype, strides, order, _PINNED)


def mapped_array(shape, dtype=np.float64, strides=None, order="C", stream=0, portable=False,
                 wc=False):
    """A NumPy array in host memory that kernels also read and write."""
    return _host_array(shape, dtype, strides, order, _MAPPED)


def managed_array(shape, dtype=np.float64, strides=None, order="C", stream=0,
                  attach_global=True):
    """A NumPy array in unified memory (host and device)."""
    return _host_array(shape, dtype, strides, order, _MANAGED)


@contextlib.contextmanager
def pinned(*arylist):
    """numba.cuda.pinned: a no-op here (copies from pageable memory work)."""
    yield


def is_cuda_array(obj):
    return hasattr(obj, "__cuda_array_interface__")


def producer_stream(cai):
    """The stream another library says its array is being written on (the
    interface's v3 "stream"), when work queued on the legacy default stream
    would not already wait for it; else None. 1 is the legacy default
    stream and 2 the per-thread one, which pyrite's launches and copies
    are ordered after."""
    stream = cai.get("stream")
    return stream if isinstance(stream, int) and stream not in (1, 2) else None


def as_cuda_array(obj, sync=True):
    """A DeviceNDArray viewing `obj`'s device memory (CuPy, PyTorch, ...),
    without a copy; `obj` is kept alive. With `sync` (the default, as in
    numba.cuda), first waits for the stream the interface names as the
    array's producer (producer_stream)."""
    if isinstance(obj, DeviceNDArray):
        return obj
    if not is_cuda_array(obj):
        raise TypeError(f"{type(obj).__name__} does not have __cuda_array_interface__")
    cai = obj.__cuda_array_interface__
    dtype = np.dtype(cai["typestr"])
    if cai.get("mask") is not None:
        raise NotImplementedError("masked __cuda_array_interface__ arrays are not supported")
    stream = producer_stream(cai)
    if sync and stream is not None:
        _core.device_stream_op(TARGET, "synchronize", stream)
    return DeviceNDArray(cai["shape"], cai.get("strides"), dtype, address=cai["data"][0] or 0,
                         owner=obj)


def is_device_array(obj):
    return isinstance(obj, DeviceNDArray) or is_cuda_array(obj)
