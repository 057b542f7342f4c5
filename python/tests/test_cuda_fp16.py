"""float16 in CUDA kernels and cuda.fp16 (numba.cuda's), without a GPU: the
PTX's f16 instructions, ptxas per architecture, the packing of float16
scalars compared with NumPy's own float16 bits, and the CPU target's
refusal (Numba's CPU target does not support float16 either).
test_cuda_gpu.py runs the kernels on a device."""
import math
import re
import struct

import numpy as np
import pytest

from pyrite import _core, cuda, njit
from pyrite.cuda import fp16
from pyrite.errors import TypingError

from test_cuda_ptx import ARCHES, assemble, pytestmark  # noqa: F401 (the skip)


def axpy_half(a, x, y, out):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a * x[i] + y[i]


def test_float16_arithmetic_stays_float16():
    ptx, _ = cuda.compile_ptx(axpy_half, "void(float16, float16[:], float16[:], float16[:])",
                              cc=(8, 0))
    assert "fma.rn.f16" in ptx           # a * x + y in one rounding, as nvcc
    assert "f32" not in ptx              # nothing widened


def test_float16_with_float32_promotes_to_float32():
    def k(x, y, out):
        out[0] = x[0] + y[0]

    ptx, _ = cuda.compile_ptx(k, "void(float16[:], float32[:], float32[:])", cc=(8, 0))
    assert "cvt.f32.f16" in ptx and re.search(r"add(\.rn)?\.f32", ptx)


FUNCTIONS = ["hadd", "hsub", "hmul", "hdiv", "hmax", "hmin", "heq", "hne", "hgt", "hge",
             "hlt", "hle", "hneg", "habs", "hfma", "hsqrt", "hrsqrt", "hrcp", "hexp", "hexp2",
             "hexp10", "hlog", "hlog2", "hlog10", "hsin", "hcos", "hceil", "hfloor",
             "htrunc", "hrint"]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_fp16_function_compiles(name, tmp_path):
    fn = getattr(fp16, name)
    arity = 3 if name == "hfma" else 1 if name in ("hneg", "habs") or name not in (
        "hadd", "hsub", "hmul", "hdiv", "hmax", "hmin", "heq", "hne", "hgt", "hge", "hlt",
        "hle") else 2
    args = ", ".join(f"x[{k}]" for k in range(arity))
    ns = {"cuda": cuda, "fn": fn, "np": np}
    exec(f"def k(x, out):\n    out[0] = fn({args})\n", ns)
    ptx, _ = cuda.compile_ptx(ns["k"], "void(float16[:], float16[:])", cc=(8, 0))
    assemble(ptx, (8, 0), tmp_path)


def test_fp16_functions_take_float16_only():
    def k(x, out):
        out[0] = fp16.hadd(x[0], x[1])

    with pytest.raises(TypingError, match="float16 arguments"):
        cuda.compile_ptx(k, "void(float32[:], float32[:])", cc=(8, 0))


@pytest.mark.parametrize("cc", ARCHES)
def test_float16_kernels_assemble(cc, tmp_path):
    ptx, _ = cuda.compile_ptx(axpy_half, "void(float16, float16[:], float16[:], float16[:])",
                              cc=cc)
    assemble(ptx, cc, tmp_path)


@pytest.mark.parametrize("value", [0.0, -0.0, 1.0, -2.5, 0.1, 65504.0, 65520.0, 1e6, -1e6,
                                   6.1e-5, 5.96e-8, 2.98e-8, 2.99e-8, 1e-9, 1.0009765625,
                                   1.00048828125, 1.00146484375, math.inf, -math.inf, 3.14159])
def test_float16_arguments_pack_as_numpy_rounds_them(value):
    got = _core.device_pack_arguments("f:2", (value,))
    with np.errstate(over="ignore"):
        assert got[:2] == np.float16(value).tobytes()
    assert got[2:] == bytes(6)


def test_nan_packs_as_a_float16_nan():
    bits = struct.unpack("<H", _core.device_pack_arguments("f:2", (math.nan,))[:2])[0]
    assert bits & 0x7c00 == 0x7c00 and bits & 0x3ff


def test_the_cpu_target_refuses_float16():
    @njit
    def f(a):
        return a[0] + a[1]

    with pytest.raises(TypingError, match="float16 is supported in CUDA kernels only"):
        f(np.ones(2, np.float16))

    @njit
    def g(n):
        return np.zeros(n, np.float16)

    with pytest.raises(TypingError, match="CUDA kernels only"):
        g(3)


def test_a_kernel_takes_float16_arrays_and_scalars():
    k = cuda.jit(axpy_half)
    spec = k.compile("void(float16, float16[:], float16[:], float16[:])")
    assert spec.layout == "f:2,a:2:1,a:2:1,a:2:1"
    assert "axpy_half_param_0[2]" in spec.ptx.decode()   # two bytes, as packed


@pytest.mark.parametrize("name, instruction", [("hfloor", "cvt.rmi.f16.f16"),
                                               ("hceil", "cvt.rpi.f16.f16"),
                                               ("htrunc", "cvt.rzi.f16.f16")])
def test_roundings_stay_floats(name, instruction):
    # As floats: NaN, infinities and -0 stay what they are (through an
    # integer they would not).
    fn = getattr(fp16, name)
    ns = {"fn": fn}
    exec("def k(x, out):\n    out[0] = fn(x[0])\n", ns)
    ptx, _ = cuda.compile_ptx(ns["k"], "void(float16[:], float16[:])", cc=(8, 0))
    assert instruction in ptx and "s64" not in ptx


def test_hne_is_false_for_nan():
    def k(x, out):
        out[0] = fp16.hne(x[0], x[1])

    ptx, _ = cuda.compile_ptx(k, "void(float16[:], boolean[:])", cc=(8, 0))
    assert "setp.ne.f16" in ptx and "neu" not in ptx   # ordered: NaN compares false


@pytest.mark.parametrize("a, b, hmax, hmin", [(-0.0, 0.0, (0.0, 1), (-0.0, -1)),
                                              (0.0, -0.0, (0.0, 1), (-0.0, -1)),
                                              (1.0, math.nan, (1.0, 1), (1.0, 1)),
                                              (math.nan, 2.0, (2.0, 1), (2.0, 1)),
                                              (2.0, 3.0, (3.0, 1), (2.0, 1))])
def test_hmax_hmin_as_cuda(a, b, hmax, hmin):
    # The library functions themselves, run by CPython on np.float16 values.
    from pyrite.cuda._fp16 import _hmax, _hmin
    for fn, (value, sign) in ((_hmax, hmax), (_hmin, hmin)):
        got = fn(np.float16(a), np.float16(b))
        assert float(got) == value and math.copysign(1, got) == sign
