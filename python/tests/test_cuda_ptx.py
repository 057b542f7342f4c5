"""CUDA kernels compiled ahead of time, without a GPU (pyrite.cuda.compile_ptx
and compile, as numba.cuda's): each part of the kernel API shows up in the
PTX as the register, barrier or instruction it is (the lines of PTX these
checks look for are NVIDIA's PTX ISA names), and the toolkit's ptxas must
assemble the PTX for sm_75 ... sm_90. Kernels that would need pyrite's host
runtime (raising, allocating) are TypingErrors. Skipped where the CUDA
target is not built."""
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import pyrite
from pyrite import cuda
from pyrite.errors import TypingError

PLUGIN = Path(pyrite.__file__).parent / "targets" / "libpyrite-target-cuda.so"
ARCHES = [(7, 5), (8, 0), (8, 6), (8, 9), (9, 0)]


def _ptxas():
    for home in (os.environ.get("CUDA_HOME"), "/usr/local/cuda"):
        if home and (Path(home) / "bin" / "ptxas").exists():
            return str(Path(home) / "bin" / "ptxas")
    return shutil.which("ptxas")


def assemble(ptx, cc, tmp_path):
    """Asserts that the toolkit's ptxas assembles `ptx` for compute capability `cc`."""
    path = tmp_path / "k.ptx"
    path.write_text(ptx)
    run = subprocess.run([_ptxas(), f"-arch=sm_{cc[0]}{cc[1]}", "-o", str(tmp_path / "k.o"),
                          str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


pytestmark = pytest.mark.skipif(not PLUGIN.exists() or _ptxas() is None,
                                reason="the CUDA target is not built (no CUDA toolkit)")


def saxpy(a, x, y, out):
    i = cuda.grid(1)
    if i < x.size:
        out[i] = a * x[i] + y[i]


def grid2d_math(a, out):
    i, j = cuda.grid(2)
    if i < out.shape[0] and j < out.shape[1]:
        out[i, j] = math.sin(a[i, j]) * math.exp(-a[i, j]) + math.sqrt(abs(a[i, j]))


def grid_stride(x, out):
    s = 0.0
    start = cuda.grid(1)
    for i in range(start, x.shape[0], cuda.gridsize(1)):
        s += x[i]
    out[start] = s


def block_api(out):
    t = cuda.threadIdx.x + cuda.threadIdx.y + cuda.threadIdx.z
    b = cuda.blockIdx.x + cuda.blockIdx.y + cuda.blockIdx.z
    d = cuda.blockDim.x + cuda.blockDim.y + cuda.blockDim.z
    g = cuda.gridDim.x + cuda.gridDim.y + cuda.gridDim.z
    cuda.syncthreads()
    n = cuda.syncthreads_count(t > 3) + cuda.syncthreads_and(t > 0) + cuda.syncthreads_or(b > 0)
    cuda.threadfence()
    out[cuda.grid(1)] = t + b + d + g + n + cuda.laneid + cuda.warpsize


def grid3d(out):
    i, j, k = cuda.grid(3)
    x, y, z = cuda.gridsize(3)
    if i < out.shape[0] and j < out.shape[1] and k < out.shape[2]:
        out[i, j, k] = i * y * z + j * z + k + x


KERNELS = [
    (saxpy, "void(float32, float32[:], float32[:], float32[:])"),
    (grid2d_math, "void(float64[:, :], float64[:, ::1])"),
    (grid_stride, "void(float32[::1], float32[::1])"),
    (block_api, "void(int64[::1])"),
    (grid3d, "void(int64[:, :, ::1])"),
]


GOLDEN = Path(__file__).parent / "cuda" / "golden"
_INSTRUCTION = re.compile(r"^\s*(?:@%?!?p\d+\s+)?([a-z][a-z0-9_.]*)\b")
_DECLARATION = re.compile(r"^\s*(\.(?:shared|local|global|const|extern)[^\[]*)")


def ptx_parts(ptx):
    """The PTX's instructions and state-space declarations, sorted, once each."""
    parts = set()
    for line in ptx.splitlines():
        line = line.split("//")[0]
        if m := _DECLARATION.match(line):
            parts.add(re.sub(r"\s+", " ", re.sub(r"\b[A-Za-z_$][\w$]*$", "", m.group(1).strip()))
                      .strip())
        elif (m := _INSTRUCTION.match(line)) and not line.strip().endswith(":"):
            parts.add(m.group(1))
    return sorted(parts)


def check_golden(kernel, sig):
    """The kernel's PTX for sm_80 against python/tests/cuda/golden/<kernel>.txt:
    the sorted PTX instructions and state-space declarations it uses,
    readable and stable across LLVM's register choices. PYRITE_UPDATE_GOLDEN=1
    rewrites the file (then read the diff)."""
    ptx, _ = cuda.compile_ptx(kernel, sig, cc=(8, 0))
    got = "\n".join(ptx_parts(ptx)) + "\n"
    path = GOLDEN / f"{kernel.__name__}.txt"
    if os.environ.get("PYRITE_UPDATE_GOLDEN"):
        path.write_text(got)
    assert got == path.read_text(), f"{path} differs; PYRITE_UPDATE_GOLDEN=1 regenerates it"


@pytest.mark.parametrize("kernel,sig", KERNELS, ids=[k.__name__ for k, _ in KERNELS])
def test_ptx_matches_its_golden_file(kernel, sig):
    check_golden(kernel, sig)


@pytest.mark.parametrize("cc", ARCHES, ids=lambda cc: f"sm_{cc[0]}{cc[1]}")
@pytest.mark.parametrize("kernel,sig", KERNELS, ids=[k.__name__ for k, _ in KERNELS])
def test_ptxas_assembles_the_ptx(kernel, sig, cc, tmp_path):
    ptx, resty = cuda.compile_ptx(kernel, sig, cc=cc)
    assert resty is None
    assert f".target sm_{cc[0]}{cc[1]}" in ptx
    assert f".visible .entry {kernel.__name__}(" in ptx
    assemble(ptx, cc, tmp_path)


# Each part of the kernel API and the PTX it becomes.
API_IN_PTX = [
    ("%tid.x", "%tid.y", "%tid.z"),
    ("%ctaid.x", "%ctaid.y", "%ctaid.z"),
    ("%ntid.x", "%ntid.y", "%ntid.z"),
    ("%nctaid.x", "%nctaid.y", "%nctaid.z"),
    ("%laneid",),
    ("bar.sync",),            # syncthreads
    ("bar.red.popc",),        # syncthreads_count
    ("bar.red.and",),         # syncthreads_and
    ("bar.red.or",),          # syncthreads_or
    ("membar.gl",),           # threadfence
]


@pytest.mark.parametrize("parts", API_IN_PTX, ids=lambda p: p[0])
def test_kernel_api_in_ptx(parts):
    ptx, _ = cuda.compile_ptx(block_api, "void(int64[::1])", cc=(8, 0))
    for part in parts:
        assert part in ptx, part


def test_warpsize_is_the_ptx_constant():
    # LLVM knows %warpsize is 32 on every NVIDIA GPU and stores the constant
    import re

    def k(out):
        out[0] = cuda.warpsize
    ptx, _ = cuda.compile_ptx(k, "void(int64[::1])", cc=(8, 0))
    assert re.search(r"st\.global\.b64\s+\[%rd\d+\], 32;", ptx), ptx


def test_math_is_libdevice_inlined():
    ptx, _ = cuda.compile_ptx(grid2d_math, "void(float64[:, :], float64[:, ::1])", cc=(8, 0))
    assert "__nv_" not in ptx          # linked from libdevice and inlined, no calls left
    assert "sqrt.rn.f64" in ptx        # math.sqrt: the instruction
    assert "abs.f64" in ptx


def test_cubin_for_a_chosen_capability():
    code, _ = cuda.compile(saxpy, "void(float32, float32[:], float32[:], float32[:])",
                           cc=(8, 6), output="cubin")
    assert code[:4] == b"\x7fELF"


def test_fastmath_flushes_denormals():
    sig = "void(float32[:, :], float32[:, ::1])"
    plain, _ = cuda.compile_ptx(grid2d_math, sig, cc=(8, 0))
    fast, _ = cuda.compile_ptx(grid2d_math, sig, cc=(8, 0), fastmath=True)
    # libdevice asks __nvvm_reflect("__CUDA_FTZ"): flush-to-zero forms only then
    assert fast.count(".ftz") > plain.count(".ftz")


def test_a_kernel_returning_a_value_is_refused():
    def k(x):
        return x[0]
    with pytest.raises(TypingError, match="a kernel returns nothing"):
        cuda.compile_ptx(k, "void(float64[:])", cc=(8, 0))
    with pytest.raises(TypingError, match="returns nothing"):
        cuda.compile_ptx(k, "float64(float64[:])", cc=(8, 0))


def test_a_kernel_that_raises_ends_the_thread():
    # As in numba.cuda without debug=True: the raising thread ends (PTX
    # `exit`); test_cuda_kernel_errors.py covers reporting with debug=True.
    def k(x):
        if x[cuda.grid(1)] < 0:
            raise ValueError("negative")
        x[cuda.grid(1)] = 1.0
    ptx, _ = cuda.compile_ptx(k, "void(float64[:])", cc=(8, 0))
    assert re.search(r"^\s*exit;", ptx, re.M)
    assert "atom" not in ptx  # nothing recorded


def test_grid_takes_a_constant_1_2_or_3():
    def k(x):
        x[0] = cuda.grid(4)
    with pytest.raises(TypingError):
        cuda.compile_ptx(k, "void(int64[:])", cc=(8, 0))


def test_not_a_compute_capability():
    sig = "void(float32, float32[:], float32[:], float32[:])"
    with pytest.raises(ValueError, match="cc must be a"):
        cuda.compile(saxpy, sig, cc=("x", 0))
    with pytest.raises(Exception, match="not a CUDA compute capability"):
        cuda.compile_ptx(saxpy, sig, cc=(1, 1))


def test_kernel_api_outside_kernels_raises():
    with pytest.raises(NotImplementedError):
        cuda.grid(1)
    with pytest.raises(NotImplementedError):
        cuda.syncthreads()
    assert not cuda.is_available()


def test_array_data_is_global_memory():
    ptx, _ = cuda.compile_ptx(saxpy, "void(float32, float32[:], float32[:], float32[:])",
                              cc=(9, 0))
    assert ptx.count("ld.global") == 2 and ptx.count("st.global") == 1


def test_signatures_written_with_types():
    from pyrite import types
    ptx, _ = cuda.compile_ptx(saxpy, (types.float32, types.float32[:], types.float32[::1],
                                      types.float32[:]), cc=(8, 0))
    assert ".visible .entry saxpy(" in ptx
    ptx, _ = cuda.compile_ptx(saxpy, types.void(types.float32, types.float32[:],
                                                types.float32[:], types.float32[:]), cc=(8, 0))
    assert ".visible .entry saxpy(" in ptx


# --- cuda.atomic ---------------------------------------------------------------------

def atomics(f32, u32, i64, f64_2d):
    i = cuda.grid(1)
    cuda.atomic.add(f32, i, 1.5)
    cuda.atomic.sub(i64, i, 2)
    cuda.atomic.max(i64, 0, i)
    cuda.atomic.min(i64, 1, i)
    cuda.atomic.nanmax(f32, 0, 2.0)
    cuda.atomic.and_(u32, 0, 7)
    cuda.atomic.or_(u32, 1, 8)
    cuda.atomic.xor(u32, 2, 3)
    cuda.atomic.exch(i64, 2, 5)
    cuda.atomic.inc(u32, 3, 100)
    cuda.atomic.dec(u32, 4, 100)
    cuda.atomic.cas(i64, 3, 0, 9)
    cuda.atomic.add(f64_2d, (i, 1), 2.5)


ATOMICS_SIG = "void(float32[::1], uint32[::1], int64[::1], float64[:, :])"


@pytest.mark.parametrize("cc", ARCHES, ids=lambda cc: f"sm_{cc[0]}{cc[1]}")
def test_atomics_assemble(cc, tmp_path):
    ptx, _ = cuda.compile_ptx(atomics, ATOMICS_SIG, cc=cc)
    assemble(ptx, cc, tmp_path)


@pytest.mark.parametrize("instruction", [
    "atom.global.add.f32", "atom.global.add.u64", "atom.global.max.s64", "atom.global.min.s64",
    "atom.global.and.b32", "atom.global.or.b32", "atom.global.xor.b32", "atom.global.exch.b64",
    "atom.global.inc.u32", "atom.global.dec.u32", "cas.b64", "atom.global.add.f64"])
def test_atomics_in_ptx(instruction):
    ptx, _ = cuda.compile_ptx(atomics, ATOMICS_SIG, cc=(8, 0))
    assert instruction in ptx


@pytest.mark.parametrize("body,why", [
    ("cuda.atomic.and_(f, 0, 1.0)", "32- or 64-bit integers"),
    ("cuda.atomic.inc(i, 0, 1)", "uint32 or uint64"),
    ("cuda.atomic.add(f, (0, 1), 1.0)", "an integer"),
    ("cuda.atomic.add(f, 0)", "cuda.atomic.add"),
])
def test_atomic_misuse_is_a_typing_error(body, why):
    ns = {"cuda": cuda}
    exec(f"def k(f, i):\n    {body}\n", ns)
    with pytest.raises(TypingError, match=why):
        cuda.compile_ptx(ns["k"], "void(float32[:], int64[:])", cc=(8, 0))


def test_atomics_work_on_the_cpu_too():
    import numpy as np
    from pyrite import njit, prange

    @njit(parallel=True)
    def histogram(x, n):
        out = np.zeros(n, np.int64)
        for i in prange(x.size):
            cuda.atomic.add(out, int(x[i] * n), 1)
        return out
    x = np.random.default_rng(0).random(300_000)
    np.testing.assert_array_equal(histogram(x, 16),
                                  np.bincount((x * 16).astype(np.int64), minlength=16))

    @njit
    def others(a):
        return (cuda.atomic.max(a, 0, 10), cuda.atomic.cas(a, 1, 5, 7),
                cuda.atomic.exch(a, 2, 3), a[0], a[1], a[2])
    a = np.array([4, 5, 6], np.int64)
    assert others(a) == (4, 5, 6, 10, 7, 3)


@pytest.mark.parametrize("cc", [(10, 0), (10, 3), (11, 0), (12, 0), (12, 1)],
                         ids=lambda cc: f"sm_{cc[0]}{cc[1]}")
def test_newer_architectures_get_their_ptx_version(cc, tmp_path):
    # each needs the PTX ISA version that introduced it (sm_120: 8.7)
    ptx, _ = cuda.compile_ptx(saxpy, KERNELS[0][1], cc=cc)
    assemble(ptx, cc, tmp_path)


def test_architecture_specific_targets_from_the_environment(tmp_path):
    # PYRITE_CUDA_ARCH=sm_90a (wgmma & co.) needs PTX 8.0, not sm_90's 7.8
    import sys
    script = ("from pyrite import cuda\n"
              "def k(x):\n    x[cuda.grid(1)] = 1.0\n"
              "print(cuda.compile_ptx(k, 'void(float32[::1])')[0])\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env={**os.environ, "PYRITE_CUDA_ARCH": "sm_90a"})
    assert run.returncode == 0, run.stderr
    assert ".target sm_90a" in run.stdout and ".version 8.0" in run.stdout
    assemble(run.stdout, (9, "0a"), tmp_path)


def _instructions(kernel, sig, **kw):
    ptx, _ = cuda.compile_ptx(kernel, sig, cc=(8, 0), **kw)
    return ptx


def test_float_math_rounding_to_int_converts_the_result():
    # math.floor is an int: libdevice's floorf result is converted, not stored as bits
    def k(x, out):
        i = cuda.grid(1)
        out[i] = math.floor(x[i]) + math.ceil(x[i]) + math.trunc(x[i])
    ptx = _instructions(k, "void(float32[::1], int32[::1])")
    assert "cvt.rmi.f32.f32" in ptx and "cvt.rpi.f32.f32" in ptx
    assert "cvt.rzi.s64.f32" in ptx


def test_float_power_uses_libdevice():
    # llvm.pow cannot be selected on NVPTX: x ** y goes to __nv_pow (inlined)
    def k(x):
        i = cuda.grid(1)
        x[i] = x[i] ** 3.0 + x[i] ** x[i]
    ptx = _instructions(k, "void(float64[::1])")
    assert ".visible .entry k(" in ptx and "__nv_pow" not in ptx


def test_float32_sqrt_and_division_are_correctly_rounded():
    # libdevice asks __nvvm_reflect("__CUDA_PREC_SQRT"): 1 unless fastmath
    def k(x):
        i = cuda.grid(1)
        x[i] = math.sqrt(x[i]) + math.hypot(x[i], x[i + 1])
    plain = _instructions(k, "void(float32[::1])")
    assert "sqrt.rn.f32" in plain and "sqrt.approx" not in plain
    assert "sqrt.approx" in _instructions(k, "void(float32[::1])", fastmath=True)


def test_kernel_integer_arithmetic_is_numbas_int64():
    # int32 * int32 widens to int64 as in numba.cuda (not NumPy's int32)
    def k(a, b, out):
        i = cuda.grid(1)
        out[i] = a[i] * b[i]
    ptx = _instructions(k, "void(int32[::1], int32[::1], int64[::1])")
    assert "mul.lo.s32" not in ptx and "mul.wide.s32" in ptx


def test_atomics_are_in_the_device_scope():
    # as CUDA's atomicAdd/atomicCAS and numba.cuda's: .gpu, not the system's scope
    ptx, _ = cuda.compile_ptx(atomics, ATOMICS_SIG, cc=(8, 0))
    atomic_lines = [line for line in ptx.splitlines() if "atom." in line]
    assert atomic_lines and not any(".sys." in line for line in atomic_lines)
    assert any("atom.relaxed.gpu.global.cas" in line for line in atomic_lines)
