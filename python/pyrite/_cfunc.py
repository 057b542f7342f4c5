"""@cfunc: a compiled function with a C calling convention (numba.cfunc).

    @cfunc("float64(float64, float64)")
    def add(x, y):
        return x + y

    add.address      # int: the C function's address
    add.ctypes       # a ctypes function calling it
    add.cffi         # a cffi function pointer to it
    scipy.LowLevelCallable(add.ctypes)   # e.g. for scipy.integrate.quad

Arguments and the result are numbers passed by value (bool is C's _Bool).
An exception raised inside cannot reach a C caller: it is printed to stderr
("Exception ignored in @cfunc f: ...") and the function returns zero.
"""
import ctypes

from . import types
from .dispatcher import Dispatcher, _split_signature

_CTYPES = {"float64": ctypes.c_double, "float32": ctypes.c_float, "bool": ctypes.c_bool,
           "int8": ctypes.c_int8, "int16": ctypes.c_int16, "int32": ctypes.c_int32,
           "int64": ctypes.c_int64, "uint8": ctypes.c_uint8, "uint16": ctypes.c_uint16,
           "uint32": ctypes.c_uint32, "uint64": ctypes.c_uint64, "none": None}
_C_NAMES = {"float64": "double", "float32": "float", "bool": "_Bool", "int8": "int8_t",
            "int16": "int16_t", "int32": "int32_t", "int64": "int64_t", "uint8": "uint8_t",
            "uint16": "uint16_t", "uint32": "uint32_t", "uint64": "uint64_t", "none": "void"}


class CFunc:
    """What @cfunc returns: the C function and the ways to call it."""

    def __init__(self, pyfunc, signature, options):
        if isinstance(signature, str):
            ret, args = _split_signature(signature)
        elif isinstance(signature, types.Signature):
            ret = "none" if signature.return_type is None else types._text(signature.return_type)
            args = [types._text(a) for a in signature.args]
        else:
            raise TypeError("@cfunc needs a signature: 'float64(float64)' or "
                            "types.float64(types.float64)")
        self._ret, self._args = ret or "none", args
        for name in [self._ret] + args:
            if name not in _CTYPES:
                raise TypeError(f"@cfunc takes and returns numbers; {name} is not one")
        from .decorators import jit
        self._dispatcher = jit(**options)(pyfunc)
        self.address = self._dispatcher._compile_signature(
            args, None if self._ret == "none" else self._ret, True)
        self.__name__ = pyfunc.__name__
        self.__qualname__ = getattr(pyfunc, "__qualname__", pyfunc.__name__)
        self.__doc__ = pyfunc.__doc__
        self.__wrapped__ = pyfunc
        self._ctypes = None

    @property
    def native_name(self):
        return f"{self.__qualname__}.cfunc"

    @property
    def ctypes(self):
        """A ctypes function pointer calling the C function."""
        if self._ctypes is None:
            proto = ctypes.CFUNCTYPE(_CTYPES[self._ret], *(_CTYPES[a] for a in self._args))
            self._ctypes = proto(self.address)
        return self._ctypes

    @property
    def cffi(self):
        """A cffi function pointer to the C function."""
        import cffi
        ffi = cffi.FFI()
        sig = f"{_C_NAMES[self._ret]}(*)({', '.join(_C_NAMES[a] for a in self._args)})"
        return ffi.cast(sig, self.address)

    def __call__(self, *args):
        """Calls the C function through ctypes, as numba's CFunc does."""
        return self.ctypes(*args)

    def inspect_llvm(self):
        return next(iter(self._dispatcher.inspect_llvm().values()))

    def inspect_types(self, file=None):
        self._dispatcher.inspect_types(file=file)

    def __repr__(self):
        return f"<pyrite cfunc {self.__qualname__} at {self.address:#x}>"


def cfunc(sig, locals=None, cache=False, pipeline_class=None, **options):
    """Compiles the decorated function now, for `sig`, with a C calling
    convention; returns a CFunc (`.address`, `.ctypes`, `.cffi`)."""
    options.pop("nopython", None)
    return lambda pyfunc: CFunc(pyfunc, sig, options)
