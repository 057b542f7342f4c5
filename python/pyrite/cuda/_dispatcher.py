"""`@cuda.jit` kernels: compiled per argument types, launched as
`kernel[griddim, blockdim, stream, sharedmem](*args)` (numba.cuda's).

A specialization is the kernel's PTX for the device's compute capability
(pyrite.cuda.compile_ptx's path), loaded by the driver (which assembles the
PTX), and a `_core.DeviceLauncher` holding the kernel handle and the
parameter layout: the launch packs the arguments in C++
(python/src/device_runtime.cpp). Host NumPy arrays passed to a kernel are
copied to the device before the launch and back after it (synchronously),
as Numba does; device arrays, mapped arrays and other libraries' CUDA
arrays (`__cuda_array_interface__`) are passed as they are.
"""
import re

import numpy as np

from .. import _core, types
from ..dispatcher import _split_signature
from ..errors import TypingError
from ..np.numpy_support import from_dtype
from . import _kernel_errors, _runtime


def _parse_type(text):
    """The type a signature's argument text names ("float32[:, ::1]")."""
    try:
        t = eval(text, {"__builtins__": {}}, vars(types))  # names and [] of pyrite.types only
    except Exception:
        t = None
    if not isinstance(t, types.Type):
        raise TypingError(f"not a type in a kernel signature: {text!r}")
    return t


def _layout_of(t):
    """The device_launch layout item of a parameter of type `t`."""
    if isinstance(t, types.Array):
        item = t.dtype.size if isinstance(t.dtype, types.Record) else \
            np.dtype(str(t.dtype)).itemsize
        return f"a:{item}:{t.ndim}"
    if isinstance(t, types.Boolean):
        return "b:1"
    if isinstance(t, types.Integer):
        return f"{'i' if t.signed else 'u'}:{t.bitwidth // 8}"
    if isinstance(t, types.Float):
        return f"f:{t.bitwidth // 8}"
    if isinstance(t, types.Complex):
        return f"c:{t.bitwidth // 8}"
    raise TypingError(f"a kernel cannot take an argument of type {t} (numbers and arrays only)")


_types_by_key = {}   # _type_key(value) -> _type_of(value): the launch path's cache


# Number classes whose class alone is their type (an int's range matters too).
_SCALAR_CLASSES = {float, bool, complex} | {t for t in np.sctypeDict.values()
                                             if issubclass(t, (np.number, np.bool_))}


def _type_key(value):
    """What decides a kernel argument's type, cheaply: the class of a
    number (an int's range too), or a device array's dtype, dimensions and
    layout (DeviceNDArray._key, or the same from another library's
    __cuda_array_interface__); None where the value must be typed in full.
    python/src/device_runtime.cpp (argument_key) makes the same keys."""
    cls = type(value)
    if cls is int:
        return (int, -2**63 <= value < 2**63)
    if cls in _SCALAR_CLASSES:
        return cls
    if cls is _runtime.DeviceNDArray:
        return value._key
    if cls is np.ndarray:
        flags = value.flags
        return ("host", value.dtype.str, value.ndim, flags.c_contiguous, flags.f_contiguous)
    return _interface_key(value)


def _interface_key(value):
    """The key of another library's device array (CuPy, PyTorch): that of a
    DeviceNDArray viewing it, as its type is the same; None where a launch
    must go through as_cuda_array (a mask, a producer stream to wait for)."""
    try:
        cai = value.__cuda_array_interface__
    except Exception:   # (no interface, or a CPU tensor's refusal)
        return None
    if cai.get("mask") is not None or _runtime.producer_stream(cai) is not None:
        return None
    shape, strides = tuple(cai["shape"]), cai.get("strides")
    itemsize = np.dtype(cai["typestr"]).itemsize
    layout = "C"
    if strides is not None and tuple(strides) != _runtime._strides_for(shape, itemsize, "C"):
        layout = "F" if tuple(strides) == _runtime._strides_for(shape, itemsize, "F") else "A"
    return ("device", np.dtype(cai["typestr"]).str, len(shape), layout)


def _is_host_array(value):
    """A NumPy array in host memory (pinned ones too), which a launch copies
    in and out; a mapped array is a device array as well, passed as it is."""
    return isinstance(value, np.ndarray) and not _runtime.is_cuda_array(value)


def _kernel_argument_type(value):
    """_type_of(value), from the cache when the value has a _type_key."""
    key = _type_key(value)
    if key is None:
        return _type_of(value)
    t = _types_by_key.get(key)
    if t is None:
        t = _types_by_key[key] = _type_of(value)
    return t


def _type_of(value):
    """The type a kernel argument is compiled for."""
    if _runtime.is_cuda_array(value) and not isinstance(value, np.ndarray):
        d = _runtime.as_cuda_array(value)
        return types.Array(from_dtype(d.dtype), d.ndim, d.layout)
    from .. import typeof
    t = typeof(value)
    if isinstance(t, types.Array) and t.readonly:
        t = t.copy(readonly=False)
    return t


def _dims(value, what):
    """A launch dimension: an int or a tuple of 1 to 3 ints, each >= 1."""
    dims = (value,) if isinstance(value, (int, np.integer)) else \
        tuple(value) if isinstance(value, (tuple, list)) else (value,)
    if not 1 <= len(dims) <= 3 or not all(isinstance(d, (int, np.integer)) for d in dims):
        raise ValueError(f"{what} must be an int or a tuple of 1 to 3 ints, not {value!r}")
    if any(d < 1 for d in dims):
        raise ValueError(f"{what} {value!r} has a dimension below 1")
    return tuple(int(d) for d in dims) + (1,) * (3 - len(dims))


def entry_name(py_func):
    """The kernel's PTX entry name: its __name__ made an identifier (a
    lambda, or a name with letters beyond ASCII, would not assemble)."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", py_func.__name__)
    return name if name[:1].isalpha() or name[:1] == "_" else "k_" + name


def arch_name(cc):
    """"sm_90" for cc=(9, 0); "" for None or () (the device's, else sm_75)."""
    if not cc:
        return ""
    if not (isinstance(cc, tuple) and len(cc) == 2 and all(isinstance(v, int) and v >= 0
                                                           for v in cc)):
        raise ValueError(f"cc must be a (major, minor) tuple of integers such as (8, 0), "
                         f"not {cc!r}")
    return f"sm_{cc[0]}{cc[1]}"


def signature_types(sig):
    """The argument types of a kernel signature: "void(float32[:], int32)",
    `void(float32[:], int32)` written with types, or a tuple of types."""
    if isinstance(sig, types.Signature):
        sig = types.signature_text(sig)
    if not isinstance(sig, str):
        return tuple(sig)
    ret, arg_text = _split_signature(sig)
    if ret not in (None, "void", "none"):
        raise TypingError(f"a kernel returns nothing (as in Numba): its signature returns {ret}")
    return tuple(_parse_type(a) for a in arg_text)


def compile_kernel(py_func, arg_types, kind, arch, fastmath, errors=False, boundscheck=False):
    """The kernel's PTX ("ptx") or cubin ("cubin") for `arch` ("sm_80", or
    "" for the default), through the CUDA target plugin. With `errors` the
    kernel reports exceptions through a hidden last parameter
    (_kernel_errors.py); `boundscheck` checks indexing."""
    return _core.compile_kernels(_runtime.TARGET,
                                 [(entry_name(py_func), py_func, list(arg_types), None)],
                                 kind, arch, bool(fastmath), bool(errors), bool(boundscheck))


class _Specialization:
    def __init__(self, dispatcher, arg_types):
        self.arg_types = arg_types
        self.name = entry_name(dispatcher.py_func)
        self.ptx = dispatcher._ptx(arg_types)
        self.layout = ",".join(_layout_of(t) for t in arg_types)
        if dispatcher.reports_errors:
            self.layout += ",u:8"   # the error record's address (_kernel_errors.py)
        self._launcher = None
        self._error_record = None

    def error_record(self):
        """The zeroed record this specialization's launches report errors in."""
        if self._error_record is None:
            self._error_record = _kernel_errors.new_record(_runtime)
        return self._error_record

    def launcher(self):
        if self._launcher is None:
            device = _runtime._current["device"]
            module = _core.device_load(_runtime.TARGET, self.ptx + b"\0", device)
            kernel = _core.device_lookup(_runtime.TARGET, module, self.name)
            self._launcher = _core.DeviceLauncher(_runtime.TARGET, kernel, self.layout,
                                                  self.name)
        return self._launcher


class CUDADispatcher:
    """What @cuda.jit makes of a kernel: index it with the launch
    configuration, then call it (`saxpy[blocks, threads](a, x, y, out)`)."""

    def __init__(self, py_func, sigs=(), fastmath=False, debug=False, lineinfo=False,
                 cache=False, opt=True, boundscheck=None, **options):
        self.py_func = py_func
        # debug=True: exceptions raised in the kernel are reported on the host
        # after each launch (which then waits for the kernel), and indexing
        # is checked unless boundscheck=False; boundscheck=True alone does both.
        self.boundscheck = bool(debug) if boundscheck is None else bool(boundscheck)
        self.reports_errors = bool(debug) or self.boundscheck
        self.__name__ = py_func.__name__
        self.__doc__ = py_func.__doc__
        self.fastmath = bool(fastmath)
        self.specializations = {}
        self._launches = {}
        self._by_keys = {}    # tuple of _type_key -> specialization
        self._launchers = {}  # the same keys -> its loaded launcher (device_launch_cached)
        self._cc = None
        for sig in sigs:
            self.compile(sig)

    def __repr__(self):
        return f"<pyrite.cuda kernel {self.py_func.__qualname__}>"

    def _arch(self):
        if self._cc is None:
            try:
                self._cc = _runtime.get_current_device().compute_capability
            except _runtime.CudaSupportError:
                self._cc = ()   # no device: the plugin's default (sm_75)
        return arch_name(self._cc)

    def _ptx(self, arg_types):
        return compile_kernel(self.py_func, arg_types, "ptx", self._arch(), self.fastmath,
                              self.reports_errors, self.boundscheck)

    def compile(self, sig):
        """Compiles the specialization of `sig` ("void(float32[:])" or a
        tuple of types); returns it."""
        arg_types = signature_types(sig)
        return self._specialization(arg_types)

    def _specialization(self, arg_types):
        spec = self.specializations.get(arg_types)
        if spec is None:
            spec = self.specializations[arg_types] = _Specialization(self, arg_types)
        return spec

    def inspect_asm(self, signature=None):
        """The PTX of each specialization (or of `signature`'s types)."""
        if signature is not None:
            return self._specialization(tuple(signature)).ptx.decode()
        return {sig: spec.ptx.decode() for sig, spec in self.specializations.items()}

    def __getitem__(self, config):
        try:
            return self._launches[config]   # (the same configuration, launched again)
        except (KeyError, TypeError):
            pass
        if not isinstance(config, tuple) or not 2 <= len(config) <= 4:
            raise ValueError("a launch configuration is [griddim, blockdim[, stream[, "
                             "sharedmem]]]")
        launch = _Launch(self, *config)
        try:
            if len(self._launches) < 64:
                self._launches[config] = launch
        except TypeError:   # (a list as a dimension: not cached)
            pass
        return launch

    def forall(self, ntasks, tpb=0, stream=0, sharedmem=0):
        """A launch of enough blocks of `tpb` threads (default 128) for `ntasks`."""
        if ntasks < 0:
            raise ValueError(f"forall: ntasks must be >= 0, not {ntasks}")
        tpb = tpb or 128
        if ntasks == 0:
            return lambda *args: None   # nothing to run, as in Numba
        return _Launch(self, (ntasks + tpb - 1) // tpb, tpb, stream, sharedmem)

    def __call__(self, *args, **kwargs):
        raise ValueError(f"kernel {self.__name__} needs a launch configuration: "
                         f"{self.__name__}[griddim, blockdim](...)")


class _Launch:
    """A kernel with its launch configuration, ready to call."""

    def __init__(self, dispatcher, griddim, blockdim, stream=0, sharedmem=0):
        self.dispatcher = dispatcher
        self.griddim = _dims(griddim, "griddim")
        self.blockdim = _dims(blockdim, "blockdim")
        self.stream = stream
        self._stream = _runtime._stream_handle(stream)
        self.sharedmem = int(sharedmem)
        if self.sharedmem < 0:
            raise ValueError("sharedmem must be >= 0")

    def __call__(self, *args):
        # The launch path, all in C++ for arguments seen before: a key per
        # argument, one lookup, the packing and the launch.
        dispatcher = self.dispatcher
        if dispatcher.reports_errors:
            return self._reporting_errors(args)
        if _core.device_launch_cached(dispatcher._launchers, _SCALAR_CLASSES, args, self.griddim,
                                      self.blockdim, self._stream, self.sharedmem):
            return
        keys = tuple(map(_type_key, args))
        spec = dispatcher._by_keys.get(keys) or self._specialize(args, keys)
        launcher = spec._launcher or spec.launcher()
        if any(map(_is_host_array, args)):
            return self._with_host_arrays(launcher, args)
        launcher.launch(self.griddim, self.blockdim, self._stream, self.sharedmem, args)
        if None not in keys:
            dispatcher._launchers[keys] = launcher

    def _reporting_errors(self, args):
        """A launch of a kernel that reports errors: its record's address as
        the hidden last argument, then (waiting for the kernel) the record
        read back, and the exception a thread raised raised here."""
        keys = tuple(map(_type_key, args))
        spec = self.dispatcher._by_keys.get(keys) or self._specialize(args, keys)
        launcher = spec._launcher or spec.launcher()
        record = spec.error_record()
        args = args + (record.__cuda_array_interface__["data"][0],)
        if any(map(_is_host_array, args)):
            self._with_host_arrays(launcher, args)
        else:
            launcher.launch(self.griddim, self.blockdim, self._stream, self.sharedmem, args)
        raw = record.copy_to_host()   # (the default stream: after the kernel)
        error = _kernel_errors.exception_of(raw, spec.name)
        if error is not None:
            record.copy_to_device(np.zeros(_kernel_errors.RECORD_BYTES, np.uint8))
            raise error

    def _specialize(self, args, keys):
        for k, value in enumerate(args):
            if isinstance(value, dict):
                raise TypingError("a kernel takes numbers and arrays")
            if isinstance(value, np.ndarray) and not (value.flags.c_contiguous or
                                                      value.flags.f_contiguous):
                raise ValueError(f"kernel argument {k + 1}: a non-contiguous host array cannot "
                                 f"be copied to the device (pass np.ascontiguousarray(...))")
        spec = self.dispatcher._specialization(tuple(map(_kernel_argument_type, args)))
        if None not in keys:
            self.dispatcher._by_keys[keys] = spec
        return spec

    def _with_host_arrays(self, launcher, args):
        """Copies host arrays in, launches, copies the writable ones back."""
        passed, copied_back = [], []
        for value in args:
            if _is_host_array(value):
                device = _runtime.to_device(value, stream=self.stream)
                passed.append(device)
                if value.flags.writeable:
                    copied_back.append((device, value))
            else:
                passed.append(value)
        launcher.launch(self.griddim, self.blockdim, self._stream, self.sharedmem,
                        tuple(passed))
        for device, host in copied_back:
            device.copy_to_host(host, stream=self.stream)
        if copied_back and self._stream:
            _core.device_stream_op(_runtime.TARGET, "synchronize", self._stream)


def jit(func_or_sig=None, device=False, inline=False, link=(), debug=None, opt=True,
        lineinfo=False, cache=False, fastmath=False, boundscheck=None, **kws):
    """numba.cuda.jit: a kernel (launched as kernel[grid, block](...)), or
    with device=True a device function kernels call. Signatures given
    compile eagerly (to PTX; loading waits for the first launch)."""
    if link:
        raise NotImplementedError("cuda.jit(link=...) (linking CUDA C or PTX files) is not "
                                  "supported")
    sigs = ()
    if isinstance(func_or_sig, (str, types.Signature)):
        sigs, func_or_sig = (func_or_sig,), None
    elif isinstance(func_or_sig, tuple) and all(isinstance(t, types.Type) for t in func_or_sig):
        sigs, func_or_sig = (func_or_sig,), None        # one signature: argument types
    elif isinstance(func_or_sig, list):
        sigs, func_or_sig = tuple(func_or_sig), None

    def wrap(fn):
        if device:
            from .. import njit
            return njit(error_model="numpy", fastmath=fastmath, inline="always")(fn)
        return CUDADispatcher(fn, sigs, fastmath=fastmath, debug=debug, lineinfo=lineinfo,
                              cache=cache, opt=opt, boundscheck=boundscheck, **kws)
    return wrap if func_or_sig is None else wrap(func_or_sig)
