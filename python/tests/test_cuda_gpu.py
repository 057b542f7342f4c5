"""Kernels run on a real GPU, each result compared with NumPy on the same input.

The launches are skipped where no CUDA device is present (CI has none);
benchmarks/gpu/run.sh runs this file on the GPU machine a session may
borrow. Every kernel is also compiled to PTX for the signatures it is
launched with and checked by ptxas, on every machine
(test_kernel_compiles), so CI catches a kernel that would not compile.
The kernels are the ones Numba users write (numba-cuda's documentation and
tests): indexing, shared memory, atomics, warp functions, math, device
functions, streams, @vectorize, other libraries' arrays, and the errors a
bad launch must give.
"""
import math

import numpy as np
import pytest

from pyrite import cuda, njit, vectorize
from pyrite.errors import TypingError

from test_cuda_ptx import assemble, pytestmark as needs_toolkit

gpu = pytest.mark.skipif(not cuda.is_available(), reason="no CUDA device")

RNG = np.random.default_rng(12)
TILE = 16


# --- the kernels ------------------------------------------------------------------

@cuda.jit
def saxpy(a, x, y, out):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a * x[i] + y[i]


@cuda.jit
def add2d(a, b, out):
    i, j = cuda.grid(2)
    if i < out.shape[0] and j < out.shape[1]:
        out[i, j] = a[i, j] + 2 * b[i, j]


@cuda.jit
def matmul_tiled(a, b, c):
    sa = cuda.shared.array((TILE, TILE), np.float32)
    sb = cuda.shared.array((TILE, TILE), np.float32)
    x, y = cuda.grid(2)
    tx, ty = cuda.threadIdx.x, cuda.threadIdx.y
    acc = np.float32(0)
    for t in range((a.shape[1] + TILE - 1) // TILE):
        sa[ty, tx] = 0
        sb[ty, tx] = 0
        if y < a.shape[0] and t * TILE + tx < a.shape[1]:
            sa[ty, tx] = a[y, t * TILE + tx]
        if x < b.shape[1] and t * TILE + ty < b.shape[0]:
            sb[ty, tx] = b[t * TILE + ty, x]
        cuda.syncthreads()
        for k in range(TILE):
            acc += sa[ty, k] * sb[k, tx]
        cuda.syncthreads()
    if y < c.shape[0] and x < c.shape[1]:
        c[y, x] = acc


@cuda.jit
def block_sum(x, out):
    buf = cuda.shared.array(0, np.float64)
    tid = cuda.threadIdx.x
    i = cuda.grid(1)
    buf[tid] = x[i] if i < x.size else 0.0
    cuda.syncthreads()
    stride = cuda.blockDim.x // 2
    while stride > 0:
        if tid < stride:
            buf[tid] += buf[tid + stride]
        cuda.syncthreads()
        stride //= 2
    if tid == 0:
        out[cuda.blockIdx.x] = buf[0]


@cuda.jit
def histogram(x, bins, lo_hi):
    i = cuda.grid(1)
    if i < x.size:
        cuda.atomic.add(bins, x[i] % bins.size, 1)
        cuda.atomic.min(lo_hi, 0, x[i])
        cuda.atomic.max(lo_hi, 1, x[i])


@cuda.jit
def total_and_first(x, acc, flag, winners):
    i = cuda.grid(1)
    if i < x.size:
        cuda.atomic.add(acc, 0, x[i])
        if cuda.atomic.cas(flag, 0, 0, i + 1) == 0:
            cuda.atomic.add(winners, 0, 1)


@cuda.jit
def barrier_counts(x, out):
    p = x[cuda.threadIdx.x] > 0.5
    out[0] = cuda.syncthreads_count(p)
    out[1] = cuda.syncthreads_and(p)
    out[2] = cuda.syncthreads_or(p)


@cuda.jit
def warp_sum(x, sums, ballots):
    i = cuda.grid(1)
    v = x[i]
    offset = 16
    while offset > 0:
        v += cuda.shfl_down_sync(0xFFFFFFFF, v, offset)
        offset //= 2
    b = cuda.ballot_sync(0xFFFFFFFF, x[i] > 0)
    if cuda.laneid == 0:
        sums[i // 32] = v
        ballots[i // 32] = b


def _math_kernel(fn, binary):
    if binary:
        def k(x, y, out):
            i = cuda.grid(1)
            if i < out.size:
                out[i] = fn(x[i], y[i])
    else:
        def k(x, y, out):
            i = cuda.grid(1)
            if i < out.size:
                out[i] = fn(x[i])
    k.__name__ = f"math_{fn.__name__}"
    return cuda.jit(k)


MATH = {name: (getattr(math, name), name in ("atan2", "pow", "hypot"))
        for name in ("sin", "cos", "exp", "log", "sqrt", "tanh", "atan2", "pow", "floor", "erf",
                     "hypot")}
MATH_KERNELS = {name: _math_kernel(fn, binary) for name, (fn, binary) in MATH.items()}


@cuda.jit(device=True)
def clamp(v, lo, hi):
    return min(max(v, lo), hi)


@njit
def square(v):
    return v * v


@cuda.jit
def clamped_squares(x, out):
    i = cuda.grid(1)
    if i < x.shape[0]:
        tmp = cuda.local.array(4, np.float64)
        for j in range(4):
            tmp[j] = clamp(x[i, j], 0.25, 0.75)
        s = 0.0
        for j in range(4):
            s += square(tmp[3 - j])
        out[i] = s


@cuda.jit
def int_arith(a, b, out):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a[i] * b[i] // 7 - a[i] % 5


@cuda.jit
def complex_ops(z, out):
    i = cuda.grid(1)
    if i < z.size:
        out[i] = z[i] * z[i].conjugate() + 1j * z[i]


@cuda.jit("void(float32[:], float32)")
def scale(x, s):
    i = cuda.grid(1)
    if i < x.size:
        x[i] *= s


@cuda.jit
def half_math(x, y, out):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = cuda.fp16.hfma(x[i], y[i], cuda.fp16.hsqrt(x[i])) - np.float16(0.5) * y[i]


# Each kernel with the signatures the tests launch it with.
SIGNATURES = [
    *[(saxpy, f"void({t}, {t}[:], {t}[:], {t}[:])")
      for t in ("float32", "float64", "int32", "int64")],
    (add2d, "void(float64[:,:], float64[:,:], float64[:,:])"),
    (matmul_tiled, "void(float32[:,:], float32[:,:], float32[:,:])"),
    (block_sum, "void(float64[:], float64[:])"),
    (histogram, "void(int32[:], int32[:], int32[:])"),
    (total_and_first, "void(float64[:], float64[:], int64[:], int32[:])"),
    (barrier_counts, "void(float64[:], int32[:])"),
    (warp_sum, "void(int64[:], int64[:], uint32[:])"),
    *[(k, f"void({t}[:], {t}[:], {t}[:])") for k in MATH_KERNELS.values()
      for t in ("float32", "float64")],
    (clamped_squares, "void(float64[:,:], float64[:])"),
    (int_arith, "void(int32[:], int32[:], int64[:])"),
    (complex_ops, "void(complex128[:], complex128[:])"),
    (scale, "void(float32[:], float32)"),
    (half_math, "void(float16[:], float16[:], float16[:])"),
]


@needs_toolkit
@pytest.mark.parametrize("kernel, sig", SIGNATURES,
                         ids=[f"{k.py_func.__name__}-{s}" for k, s in SIGNATURES])
def test_kernel_compiles(kernel, sig, tmp_path):
    """Every kernel below compiles for sm_90 and ptxas accepts it (no GPU needed)."""
    ptx, _ = cuda.compile_ptx(kernel.py_func, sig, cc=(9, 0))
    assemble(ptx, (9, 0), tmp_path)


# --- launches on a GPU --------------------------------------------------------------

@gpu
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64])
def test_saxpy_device_arrays(dtype):
    n = 100_003  # not a multiple of the block
    x = (RNG.random(n) * 100).astype(dtype)
    y = (RNG.random(n) * 100).astype(dtype)
    a = dtype(3)
    dx, dy = cuda.to_device(x), cuda.to_device(y)
    dout = cuda.device_array_like(dx)
    saxpy[(n + 255) // 256, 256](a, dx, dy, dout)
    np.testing.assert_allclose(dout.copy_to_host(), a * x + y, rtol=1e-6)


@gpu
def test_host_arrays_are_copied_in_and_out():
    x = np.arange(1000, dtype=np.float64)
    out = np.zeros_like(x)
    saxpy[4, 256](2.0, x, x, out)
    np.testing.assert_array_equal(out, 3 * x)


@gpu
def test_grid_2d():
    a = RNG.random((70, 90))
    b = np.ascontiguousarray(RNG.random((90, 70)).T)
    out = cuda.device_array((70, 90))
    add2d[(5, 6), (16, 16)](cuda.to_device(a), cuda.to_device(b), out)
    np.testing.assert_allclose(out.copy_to_host(), a + 2 * b)


@gpu
def test_tiled_matmul_shared_memory():
    a = RNG.random((100, 75), dtype=np.float32)
    b = RNG.random((75, 130), dtype=np.float32)
    c = cuda.device_array((100, 130), np.float32)
    matmul_tiled[((130 + TILE - 1) // TILE, (100 + TILE - 1) // TILE), (TILE, TILE)](
        cuda.to_device(a), cuda.to_device(b), c)
    np.testing.assert_allclose(c.copy_to_host(), a @ b, rtol=1e-4)


@gpu
def test_dynamic_shared_memory_block_sum():
    x = RNG.random(10_000)
    blocks = (x.size + 127) // 128
    out = cuda.device_array(blocks)
    block_sum[blocks, 128, 0, 128 * 8](cuda.to_device(x), out)
    np.testing.assert_allclose(out.copy_to_host().sum(), x.sum())


@gpu
def test_atomics_histogram_and_extrema():
    x = RNG.integers(0, 1_000_000, 50_000).astype(np.int32)
    bins = cuda.to_device(np.zeros(17, np.int32))
    lo_hi = cuda.to_device(np.array([np.iinfo(np.int32).max, -1], np.int32))
    histogram[(x.size + 255) // 256, 256](cuda.to_device(x), bins, lo_hi)
    np.testing.assert_array_equal(bins.copy_to_host(), np.bincount(x % 17, minlength=17))
    np.testing.assert_array_equal(lo_hi.copy_to_host(), [x.min(), x.max()])


@gpu
def test_atomic_float_add_and_cas():
    x = RNG.random(4096)
    acc, flag, winners = (cuda.to_device(np.zeros(1, t)) for t in (np.float64, np.int64, np.int32))
    total_and_first[16, 256](cuda.to_device(x), acc, flag, winners)
    assert acc.copy_to_host()[0] == pytest.approx(x.sum(), rel=1e-12)
    assert winners.copy_to_host()[0] == 1  # exactly one thread swapped 0 out
    assert 1 <= flag.copy_to_host()[0] <= x.size


@gpu
def test_syncthreads_count_and_predicates():
    x = RNG.random(128)
    out = np.zeros(3, np.int32)
    barrier_counts[1, 128](x, out)
    assert out[0] == (x > 0.5).sum()
    assert bool(out[1]) == bool((x > 0.5).all())
    assert bool(out[2]) == bool((x > 0.5).any())


@gpu
def test_warp_shuffle_reduction_and_ballot():
    x = RNG.integers(-5, 6, 256).astype(np.int64)
    sums = np.zeros(8, np.int64)
    ballots = np.zeros(8, np.uint32)
    warp_sum[2, 128](x, sums, ballots)
    np.testing.assert_array_equal(sums, x.reshape(8, 32).sum(axis=1))
    bits = (x.reshape(8, 32) > 0).astype(np.uint64) << np.arange(32, dtype=np.uint64)
    np.testing.assert_array_equal(ballots, bits.sum(axis=1).astype(np.uint32))


@gpu
@pytest.mark.parametrize("name", sorted(MATH))
def test_math_matches_cpython(name):
    fn, binary = MATH[name]
    for dtype, rtol in ((np.float64, 1e-14), (np.float32, 2e-6)):
        x = (RNG.random(1000) * 4 + 0.1).astype(dtype)
        y = (RNG.random(1000) * 3 + 0.1).astype(dtype)
        out = np.zeros_like(x)
        MATH_KERNELS[name][4, 256](x, y, out)
        expected = np.array([fn(float(a), float(b)) if binary else fn(float(a))
                             for a, b in zip(x, y)])
        np.testing.assert_allclose(out, expected.astype(dtype), rtol=rtol, err_msg=name)


@gpu
def test_local_array_device_function_and_njit_helper():
    x = RNG.random((500, 4))
    out = np.zeros(500)
    clamped_squares[2, 256](x, out)
    np.testing.assert_allclose(out, (np.clip(x, 0.25, 0.75) ** 2).sum(axis=1))


@gpu
def test_integer_arithmetic_is_numbas():
    a = RNG.integers(-40000, 40000, 1000).astype(np.int32)
    b = RNG.integers(-40000, 40000, 1000).astype(np.int32)
    out = np.zeros(1000, np.int64)
    int_arith[4, 256](a, b, out)
    a64, b64 = a.astype(np.int64), b.astype(np.int64)
    np.testing.assert_array_equal(out, a64 * b64 // 7 - a64 % 5)


@gpu
def test_complex_arrays():
    z = RNG.random(300) + 1j * RNG.random(300)
    out = np.zeros_like(z)
    complex_ops[2, 256](z, out)
    np.testing.assert_allclose(out, z * z.conj() + 1j * z)


@gpu
def test_forall_and_eager_signature():
    x = np.arange(1000, dtype=np.float32)
    d = cuda.to_device(x)
    scale.forall(x.size)(d, np.float32(0.5))
    np.testing.assert_array_equal(d.copy_to_host(), x * 0.5)


@gpu
def test_streams_and_events():
    s = cuda.stream()
    x = RNG.random(1 << 20)
    start, end = cuda.event(), cuda.event()
    start.record(s)
    dx = cuda.to_device(x, stream=s)
    dout = cuda.device_array_like(dx, stream=s)
    saxpy[(x.size + 255) // 256, 256, s](2.0, dx, dx, dout)
    host = dout.copy_to_host(stream=s)
    end.record(s)
    s.synchronize()
    end.synchronize()
    np.testing.assert_allclose(host, 3 * x)
    assert cuda.event_elapsed_time(start, end) > 0


@gpu
def test_pinned_and_mapped_arrays():
    p = cuda.pinned_array(1000, np.float64)
    p[:] = np.arange(1000)
    d = cuda.to_device(p)
    out = cuda.pinned_array(1000, np.float64)
    saxpy[4, 256](1.0, d, d, out)
    np.testing.assert_array_equal(out, 2 * np.arange(1000))
    m = cuda.mapped_array(1000, np.float64)
    m[:] = 1.0
    saxpy[4, 256](2.0, m, m, m)
    cuda.synchronize()
    np.testing.assert_array_equal(m, 3.0)


@gpu
def test_vectorize_cuda():
    @vectorize(["float32(float32, float32)", "float64(float64, float64)"], target="cuda")
    def rel_diff(a, b):
        return abs(a - b) / max(abs(a), abs(b), 1e-30)

    a, b = RNG.random(5000), RNG.random(5000)
    np.testing.assert_allclose(rel_diff(a, b),
                               np.abs(a - b) / np.maximum(np.maximum(abs(a), abs(b)), 1e-30))
    out = rel_diff(cuda.to_device(a.astype(np.float32)), cuda.to_device(b.astype(np.float32)))
    assert cuda.is_cuda_array(out)


@gpu
def test_cupy_arrays_in_and_out():
    cupy = pytest.importorskip("cupy")
    x = cupy.arange(1000, dtype=cupy.float32)
    out = cupy.zeros_like(x)
    saxpy[4, 256](np.float32(2), x, x, out)
    np.testing.assert_array_equal(cupy.asnumpy(out), 3 * np.arange(1000, dtype=np.float32))
    d = cuda.to_device(np.arange(10.0))
    np.testing.assert_array_equal(cupy.asnumpy(cupy.asarray(d)), np.arange(10.0))


@gpu
def test_torch_tensors():
    torch = pytest.importorskip("torch")
    x = torch.arange(1000, dtype=torch.float64, device="cuda")
    out = torch.zeros_like(x)
    saxpy[4, 256](2.0, x, x, out)
    torch.cuda.synchronize()
    np.testing.assert_array_equal(out.cpu().numpy(), 3 * np.arange(1000.0))


@gpu
def test_errors_name_their_cause():
    with pytest.raises(cuda.CudaAPIError):
        cuda.device_array(1 << 50, np.uint8)  # a petabyte: out of memory
    x = cuda.device_array(10)
    with pytest.raises((ValueError, cuda.CudaAPIError), match="block|thread"):
        saxpy[1, 4096](1.0, x, x, x)  # beyond the 1024 threads of a block

    @cuda.jit
    def returns(x):
        return x[0]

    with pytest.raises(TypingError):
        returns[1, 1](x)


@gpu
def test_boundscheck_reports_thread_and_index():
    @cuda.jit(boundscheck=True)
    def shift(x, out):
        i = cuda.grid(1)
        if i < out.size:
            out[i] = x[i + 1]   # the last thread reads past the end

    x = np.arange(64, dtype=np.float64)
    out = cuda.device_array(64)
    with pytest.raises(IndexError, match=r"tid=\[31, 0, 0\] ctaid=\[1, 0, 0\]: index 64 is out "
                                         r"of bounds for axis 0 with size 64"):
        shift[2, 32](cuda.to_device(x), out)
    np.testing.assert_array_equal(out.copy_to_host()[:63], x[1:])  # the others ran
    shift[2, 32](cuda.to_device(np.arange(65.0)), out)  # the record was reset


@gpu
def test_debug_reports_a_raise_and_plain_kernels_end_the_thread():
    def check(x, out):
        i = cuda.grid(1)
        if x[i] < 0:
            raise ValueError("negative input")
        out[i] = math.sqrt(x[i])

    x = np.array([4.0, 9.0, -1.0, 16.0])
    out = np.zeros(4)
    with pytest.raises(ValueError, match=r"tid=\[2, 0, 0\] ctaid=\[0, 0, 0\]: negative input"):
        cuda.jit(debug=True)(check)[1, 4](x, out)
    out = np.zeros(4)
    cuda.jit(check)[1, 4](x, out)   # numba.cuda's: the raising thread just ends
    np.testing.assert_array_equal(out, [2.0, 3.0, 0.0, 4.0])


@gpu
def test_float16_kernels():
    x = (RNG.random(1000) * 4).astype(np.float16)
    y = (RNG.random(1000) * 4).astype(np.float16)
    out = np.zeros(1000, np.float16)
    half_math[4, 256](x, y, out)
    xs, ys = x.astype(np.float64), y.astype(np.float64)
    np.testing.assert_allclose(out.astype(np.float64), xs * ys + np.sqrt(xs) - 0.5 * ys,
                               rtol=4e-3, atol=4e-3)   # (float16: 11 bits)
