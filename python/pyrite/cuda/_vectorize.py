"""`@vectorize([...], target='cuda')`: a scalar function applied to every
element on the GPU, as numba.cuda's CUDA ufuncs.

Each signature compiles (to PTX, at decoration) a kernel
`out[i] = f(a0[i], a1[i], ...)` over the flattened arguments, one thread
per element; a scalar argument is passed as a number (its own kernel,
compiled on first use). A call picks the first signature every argument
converts to safely (NumPy's casting='safe'), as a NumPy ufunc picks its
loop. Arrays of different shapes broadcast as NumPy's do: host arrays are
expanded on the host, device arrays must already have the result's shape.
Host arguments give a host result (copied in and out); any device argument
gives a device result. `out=` (a device array) and `stream=` are accepted.
"""
import numpy as np

from .. import types
from .._library._generate import generate
from ..errors import TypingError
from ..np.numpy_support import from_dtype
from . import _runtime
from ._dispatcher import CUDADispatcher, _parse_type, _split_signature, entry_name

_THREADS = 128


def _scalar_dtype(t, what):
    if not isinstance(t, (types.Integer, types.Float, types.Boolean, types.Complex)):
        raise TypingError(f"@vectorize(target='cuda') {what} must be a number type, not {t}")
    return np.dtype(str(t))


class CUDAUFunc:
    """What @vectorize(target='cuda') makes: call it with arrays (host or
    device) and numbers."""

    def __init__(self, py_func, sigs):
        from .. import njit
        if not sigs:
            raise TypeError("@vectorize(target='cuda') needs its signatures "
                            "(['float32(float32, float32)', ...]), as numba.cuda's does")
        self.py_func = py_func
        self.__name__ = py_func.__name__
        self.__doc__ = py_func.__doc__
        self._element = njit(error_model="numpy", inline="always")(py_func)
        self.loops = []       # (input dtypes, output dtype)
        self._kernels = {}    # (loop index, which arguments are scalars) -> CUDADispatcher
        for sig in sigs:
            text = sig if isinstance(sig, str) else types.signature_text(sig)
            ret, args = _split_signature(text)
            if ret is None:
                raise TypeError(f"a @vectorize signature names its result type: {text!r}")
            ins = tuple(_scalar_dtype(_parse_type(a), "arguments") for a in args)
            self.loops.append((ins, _scalar_dtype(_parse_type(ret), "results")))
            self._kernel(len(self.loops) - 1, (False,) * len(ins))  # compiles now
        self.nin = len(self.loops[0][0])

    def __repr__(self):
        return f"<pyrite.cuda ufunc {self.__name__}>"

    def _kernel(self, loop, scalars):
        key = (loop, scalars)
        if key not in self._kernels:
            ins, out = self.loops[loop]
            names = [f"a{k}" for k in range(len(ins))]
            items = [n if s else f"{n}[i]" for n, s in zip(names, scalars)]
            source = generate(f"{entry_name(self.py_func)}_vectorized", names + ["out"],
                              ["i = cuda.grid(1)",
                               "if i < out.size:",
                               f"    out[i] = f({', '.join(items)})"],
                              {"cuda": _cuda_module(), "f": self._element})
            params = [str(from_dtype(d)) if s else f"{from_dtype(d)}[::1]"
                      for d, s in zip(ins, scalars)]
            sig = f"void({', '.join(params + [f'{from_dtype(out)}[::1]'])})"
            self._kernels[key] = CUDADispatcher(source, (sig,))
        return self._kernels[key]

    def _loop_for(self, dtypes):
        for k, (ins, _) in enumerate(self.loops):
            if all(np.can_cast(d, want, "safe") for d, want in zip(dtypes, ins)):
                return k
        raise TypingError(f"{self.__name__}: no signature takes "
                          f"({', '.join(str(d) for d in dtypes)}); it has "
                          f"{[tuple(str(d) for d in ins) for ins, _ in self.loops]}")

    def __call__(self, *args, out=None, stream=0):
        if len(args) != self.nin:
            raise TypeError(f"{self.__name__} takes {self.nin} arguments, {len(args)} given")
        device = [_runtime.is_cuda_array(a) and not isinstance(a, np.ndarray) for a in args]
        arrays = [_runtime.as_cuda_array(a) if d else a if isinstance(a, np.ndarray)
                  else None for a, d in zip(args, device)]
        scalars = tuple(a is None for a in arrays)
        dtypes = [a.dtype if a is not None else np.asarray(v).dtype
                  for a, v in zip(arrays, args)]
        loop = self._loop_for(dtypes)
        ins, out_dtype = self.loops[loop]
        shape = np.broadcast_shapes(*[a.shape for a in arrays if a is not None]) \
            if not all(scalars) else ()
        size = int(np.prod(shape, dtype=np.int64))
        kernel = self._kernel(loop, scalars)   # (compiled before any transfer)
        passed = []
        for a, v, d, want in zip(arrays, args, device, ins):
            if a is None:
                passed.append(want.type(v))
            elif d:
                if a.shape != shape or not a.is_c_contiguous():
                    raise ValueError(f"{self.__name__}: a device array argument must be "
                                     f"C-contiguous and of the result's shape {shape}, "
                                     f"not {a.shape}")
                passed.append(_flat(a) if a.dtype == want else None)
                if passed[-1] is None:
                    raise TypingError(f"{self.__name__}: a device array of {a.dtype} is not "
                                      f"converted on the device; pass {want} "
                                      f"(signatures take {ins})")
            else:
                host = np.ascontiguousarray(np.broadcast_to(a, shape), dtype=want).reshape(-1)
                passed.append(_runtime.to_device(host, stream=stream))
        result = out if out is not None else _runtime.device_array(shape, out_dtype,
                                                                   stream=stream)
        if size:
            kernel[(size + _THREADS - 1) // _THREADS, _THREADS, stream](*passed, _flat(
                _runtime.as_cuda_array(result)))
        if out is not None or any(device):
            return result
        return result.copy_to_host(stream=stream)


def _cuda_module():
    from .. import cuda
    return cuda


def _flat(d):
    """A 1-d view of C-contiguous device array `d` (its memory kept alive)."""
    return _runtime.DeviceNDArray((d.size,), None, d.dtype, address=d._address, owner=d)
