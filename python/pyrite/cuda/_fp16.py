"""`cuda.fp16`: numba.cuda's half-precision functions, in kernels.

float16 is a type of GPU kernels only, as in Numba (whose CPU target does
not support it; pyrite's refuses it when lowering, lower/lower_types.cpp):
float16 arrays and np.float16 scalars are kernel arguments, and `+ - * /`,
comparisons and np.float16(x) work on them in float16 (NVPTX's f16
instructions; `a * b + c` contracts to fma.rn.f16). These functions take
float16 arguments and give a float16, as numba.cuda.fp16's:

    hadd hsub hmul hdiv hneg habs hfma hmax hmin     arithmetic in float16
    heq hne hgt hge hlt hle                          comparisons (bool)
    hsqrt hrsqrt hrcp hexp hexp2 hexp10 hlog hlog2 hlog10 hsin hcos
    hceil hfloor htrunc hrint                        through float32, rounded
                                                     once to float16

The functions of the last two rows compute in float32 (libdevice) and round
to float16 once; numba.cuda uses the f16 approximations of the hardware
where it has them, so the last bit can differ.
"""
import math
import types as _types

import numpy as np

from .. import types
from ..errors import TypingError
from ..extending import overload


def _check(name, *args):
    for t in args:
        if not (isinstance(t, types.Float) and t.bitwidth == 16):
            raise TypingError(f"cuda.fp16.{name} takes float16 arguments (np.float16(x)), "
                              f"not {t}")


def _stub(name, doc):
    def stub(*args):
        raise NotImplementedError(f"cuda.fp16.{name} only works inside a CUDA kernel")
    stub.__name__ = stub.__qualname__ = name
    stub.__doc__ = doc
    return stub


def _binary(name, doc, impl):
    stub = _stub(name, doc)

    @overload(stub)
    def _ol(a, b):
        _check(name, a, b)
        return impl
    return stub


def _unary(name, doc, impl):
    stub = _stub(name, doc)

    @overload(stub)
    def _ol(a):
        _check(name, a)
        return impl
    return stub


def _hmax(a, b):
    if a != a:
        return b
    if b != b or a > b:
        return a
    if b > a:
        return b
    return a + b if a == 0 else a   # (equal: of -0 and +0, +0)


def _hmin(a, b):
    if a != a:
        return b
    if b != b or a < b:
        return a
    if b < a:
        return b
    return -((-a) + (-b)) if a == 0 else a   # (equal: of -0 and +0, -0)


def _make_module():
    module = _types.ModuleType("pyrite.cuda.fp16", __doc__)
    binary = {
        "hadd": ("a + b", lambda a, b: a + b),
        "hsub": ("a - b", lambda a, b: a - b),
        "hmul": ("a * b", lambda a, b: a * b),
        "hdiv": ("a / b", lambda a, b: a / b),
        "hmax": ("the larger of a and b (CUDA's __hmax: a NaN loses, +0 beats -0)", _hmax),
        "hmin": ("the smaller of a and b (CUDA's __hmin: a NaN loses, -0 beats +0)", _hmin),
        "heq": ("a == b", lambda a, b: a == b),
        "hne": ("a != b, false when either is NaN (CUDA's __hne)", lambda a, b: a < b or a > b),
        "hgt": ("a > b", lambda a, b: a > b),
        "hge": ("a >= b", lambda a, b: a >= b),
        "hlt": ("a < b", lambda a, b: a < b),
        "hle": ("a <= b", lambda a, b: a <= b),
    }
    for name, (what, impl) in binary.items():
        setattr(module, name, _binary(name, f"{what}, in float16 (numba.cuda.fp16.{name}).",
                                      impl))
    module.hneg = _unary("hneg", "-a, in float16.", lambda a: -a)
    module.habs = _unary("habs", "abs(a), in float16.", lambda a: abs(a))

    hfma = _stub("hfma", "a * b + c with one rounding (fma.rn.f16).")

    @overload(hfma)
    def _hfma(a, b, c):
        _check("hfma", a, b, c)
        return lambda a, b, c: a * b + c   # (contracted: kernels fuse multiply-add)
    module.hfma = hfma

    # Through float32 (libdevice), rounded once to float16.
    through = {
        "hsqrt": ("sqrt(a)", lambda a: np.float16(math.sqrt(np.float32(a)))),
        "hrsqrt": ("1 / sqrt(a)", lambda a: np.float16(np.float32(1) / math.sqrt(np.float32(a)))),
        "hrcp": ("1 / a", lambda a: np.float16(np.float32(1) / np.float32(a))),
        "hexp": ("exp(a)", lambda a: np.float16(math.exp(np.float32(a)))),
        "hexp2": ("2 ** a", lambda a: np.float16(np.float32(2) ** np.float32(a))),
        "hexp10": ("10 ** a", lambda a: np.float16(np.float32(10) ** np.float32(a))),
        "hlog": ("log(a)", lambda a: np.float16(math.log(np.float32(a)))),
        "hlog2": ("log2(a)", lambda a: np.float16(math.log2(np.float32(a)))),
        "hlog10": ("log10(a)", lambda a: np.float16(math.log10(np.float32(a)))),
        "hsin": ("sin(a)", lambda a: np.float16(math.sin(np.float32(a)))),
        "hcos": ("cos(a)", lambda a: np.float16(math.cos(np.float32(a)))),
        # (as floats: NaN, infinities and -0 stay what they are)
        "hceil": ("ceil(a)", lambda a: np.float16(np.ceil(np.float32(a)))),
        "hfloor": ("floor(a)", lambda a: np.float16(np.floor(np.float32(a)))),
        "htrunc": ("trunc(a)", lambda a: np.float16(np.trunc(np.float32(a)))),
        "hrint": ("a rounded to the nearest integer, ties to even",
                  lambda a: np.float16(np.rint(np.float32(a)))),
    }
    for name, (what, impl) in through.items():
        setattr(module, name, _unary(name, f"{what}, through float32 (numba.cuda.fp16.{name}).",
                                     impl))
    return module


fp16 = _make_module()
