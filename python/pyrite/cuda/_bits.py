"""numba.cuda's bit and arithmetic helpers inside kernels: popc, clz, ffs,
brev (CUDA's __popc, __clz, __ffs, __brev), fma, cbrt, selp, and
atomic.compare_and_swap. Library overloads over the CUDA plugin's
intrinsics (targets/cuda/cuda_intrinsics.cpp), typed as numba.cuda's:
popc and clz work at the integer's own width and give its type; brev takes
and gives uint32 or uint64; ffs gives uint32; fma and cbrt take float32 or
float64.
"""
import numpy as _np

from .. import types
from .._library._generate import generate
from ..errors import TypingError
from ..extending import overload
from ..intrinsics import Intrinsic

_INTEGERS = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")
_rows = {(name, t): Intrinsic(f"cuda.{name}.{t}") for name in ("popc", "clz") for t in _INTEGERS}
_rows.update({("brev", t): Intrinsic(f"cuda.brev.{t}") for t in ("uint32", "uint64")})
_rows.update({("ffs", t): Intrinsic(f"cuda.ffs.{t}")
              for t in ("int32", "int64", "uint32", "uint64")})
_float_rows = {(name, t): Intrinsic(f"cuda.{name}.{t}")
               for name in ("fma", "cbrt") for t in ("float32", "float64")}


def _integer_row(name, x):
    """The row of bit function `name` for an integer of type `x`."""
    if not isinstance(x, types.Integer) or isinstance(x, types.Boolean):
        raise TypingError(f"cuda.{name} takes an integer, not {x}")
    wide = x.bitwidth == 64
    if name == "brev":
        return "uint64" if wide else "uint32"
    if name == "ffs":
        return f"{'int' if x.signed else 'uint'}{64 if wide else 32}"
    return str(x)


def _float_row(x, what):
    if isinstance(x, types.Float) and str(x) in ("float32", "float64"):
        return str(x)
    if isinstance(x, (types.Integer, types.Boolean)):
        return "float64"
    raise TypingError(f"cuda.{what} takes a float32 or float64, not {x}")


def _bit_function(name, doc):
    def stub(x):
        raise NotImplementedError(f"cuda.{name} only works inside a CUDA kernel")
    stub.__name__ = stub.__qualname__ = name
    stub.__doc__ = doc

    @overload(stub)
    def _ol(x):
        t = _integer_row(name, x)
        row, to = _rows[(name, t)], getattr(_np, t)
        return lambda x: row(to(x))
    return stub


popc = _bit_function("popc", "The number of set bits of integer x.")
clz = _bit_function("clz", "The number of leading zero bits of integer x (its width for 0).")
ffs = _bit_function("ffs", "The 1-based position of the lowest set bit of x, 0 for 0 (uint32).")
brev = _bit_function("brev", "x's bits in reverse order (uint32, or uint64 for 64-bit x).")


def fma(a, b, c):
    """a * b + c rounded once (float32 or float64)."""
    raise NotImplementedError("cuda.fma only works inside a CUDA kernel")


@overload(fma)
def _ol_fma(a, b, c):
    t = max((_float_row(v, "fma") for v in (a, b, c)), key=lambda n: n == "float64")
    row, to = _float_rows[("fma", t)], getattr(_np, t)
    return lambda a, b, c: row(to(a), to(b), to(c))


def cbrt(x):
    """The cube root of x (float32 or float64)."""
    raise NotImplementedError("cuda.cbrt only works inside a CUDA kernel")


@overload(cbrt)
def _ol_cbrt(x):
    t = _float_row(x, "cbrt")
    row, to = _float_rows[("cbrt", t)], getattr(_np, t)
    return lambda x: row(to(x))


def selp(predicate, a, b):
    """a if predicate else b (PTX's selp)."""
    raise NotImplementedError("cuda.selp only works inside a CUDA kernel")


@overload(selp)
def _ol_selp(predicate, a, b):
    return lambda predicate, a, b: a if predicate else b


def compare_and_swap(ary, old, val):
    """Atomically ary[0] = val if ary[0] == old; returns the old ary[0]
    (numba.cuda's atomic.compare_and_swap; atomic.cas takes an index)."""
    raise NotImplementedError("cuda.atomic.compare_and_swap only works in compiled code")


@overload(compare_and_swap)
def _ol_compare_and_swap(ary, old, val):
    from . import atomic
    return generate("compare_and_swap", ["ary", "old", "val"],
                    ["return cas(ary, 0, old, val)"], {"cas": atomic.cas})
