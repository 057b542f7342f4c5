"""The kernel API's arrays and warp functions, compiled ahead of time
without a GPU: cuda.shared.array (static and dynamic), cuda.local.array,
cuda.const.array_like, the shuffles, votes, activemask, syncwarp and
match_any_sync, as numba.cuda has them.

Each kernel's PTX is checked against its golden file (test_cuda_ptx.
check_golden), and ptxas assembles it for sm_75 ... sm_90. Skipped where the CUDA target is not built.
"""
import re

import numpy as np
import pytest

from pyrite import cuda, float32, int32, njit
from pyrite.errors import TypingError

from test_cuda_ptx import ARCHES, assemble, check_golden, pytestmark  # noqa: F401 (the skip)

TPB = 16
SHAPE = (4, 8)


def tiled_matmul(A, B, C):
    # numba.cuda's documented shared-memory matmul
    sA = cuda.shared.array(shape=(TPB, TPB), dtype=float32)
    sB = cuda.shared.array(shape=(TPB, TPB), dtype=float32)
    x, y = cuda.grid(2)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    tmp = float32(0.)
    for i in range(cuda.gridDim.x):
        sA[ty, tx] = 0
        sB[ty, tx] = 0
        if y < A.shape[0] and (tx + i * TPB) < A.shape[1]:
            sA[ty, tx] = A[y, tx + i * TPB]
        if x < B.shape[1] and (ty + i * TPB) < B.shape[0]:
            sB[ty, tx] = B[ty + i * TPB, x]
        cuda.syncthreads()
        for j in range(TPB):
            tmp += sA[ty, j] * sB[j, tx]
        cuda.syncthreads()
    if y < C.shape[0] and x < C.shape[1]:
        C[y, x] = tmp


def dynamic_shared(x, out):
    buf = cuda.shared.array(0, dtype=np.float64)
    t = cuda.threadIdx.x
    buf[t] = x[cuda.grid(1)]
    cuda.syncthreads()
    out[cuda.grid(1)] = buf[buf.size - 1 - t]


def local_sort(x, out):
    # a per-thread scratch array, insertion-sorted
    tmp = cuda.local.array(SHAPE[1], np.int32)
    i = cuda.grid(1)
    if i >= x.shape[0]:
        return
    for k in range(SHAPE[1]):
        tmp[k] = x[i, k]
    for k in range(1, SHAPE[1]):
        v = tmp[k]
        j = k - 1
        while j >= 0 and tmp[j] > v:
            tmp[j + 1] = tmp[j]
            j -= 1
        tmp[j + 1] = v
    for k in range(SHAPE[1]):
        out[i, k] = tmp[k]


WEIGHTS = np.array([0.25, 0.5, 0.25])


def const_weights(x, out):
    w = cuda.const.array_like(WEIGHTS)
    i = cuda.grid(1)
    if 0 < i < x.size - 1:
        out[i] = w[0] * x[i - 1] + w[1] * x[i] + w[2] * x[i + 1]


def warp_reduce(x, out):
    # a warp's sum by butterfly shuffles, then one atomic per warp
    i = cuda.grid(1)
    v = x[i] if i < x.size else 0.0
    offset = 16
    while offset > 0:
        v += cuda.shfl_xor_sync(0xffffffff, v, offset)
        offset //= 2
    if cuda.laneid == 0:
        cuda.atomic.add(out, 0, v)


def warp_functions(x, out):
    i = cuda.grid(1)
    mask = cuda.activemask()
    a = cuda.shfl_sync(mask, x[i], 0)
    b = cuda.shfl_up_sync(mask, np.int64(i), 1)
    c = cuda.shfl_down_sync(mask, np.float32(x[i]), 2)
    d = cuda.shfl_sync(mask, np.int16(i), 3)           # widened to int32
    everyone = cuda.all_sync(mask, x[i] > 0)
    someone = cuda.any_sync(mask, x[i] > 1)
    same = cuda.eq_sync(mask, i & 1)
    ballot = cuda.ballot_sync(mask, x[i] > 2)
    group = cuda.match_any_sync(mask, i // 4)
    cuda.syncwarp(mask)
    out[i] = (a + b + c + d + everyone + someone + same + ballot + group
              + cuda.lanemask_lt())


def bit_functions(u, i, f, out):
    k = cuda.grid(1)
    bits = cuda.popc(u[k]) + cuda.clz(i[k]) + cuda.ffs(u[k]) + cuda.brev(u[k])
    cuda.threadfence_block()
    v = cuda.fma(f[k], f[k], np.float32(1)) + cuda.cbrt(f[k])
    cuda.threadfence_system()
    old = cuda.atomic.compare_and_swap(i, 0, 7)
    out[k] = cuda.selp(v > 0, v, -v) + bits + old


KERNELS = [
    (tiled_matmul, "void(float32[:, :], float32[:, :], float32[:, :])"),
    (dynamic_shared, "void(float64[::1], float64[::1])"),
    (local_sort, "void(int32[:, ::1], int32[:, ::1])"),
    (const_weights, "void(float64[::1], float64[::1])"),
    (warp_reduce, "void(float64[::1], float64[::1])"),
    (warp_functions, "void(float64[::1], float64[::1])"),
    (bit_functions, "void(uint32[::1], int64[::1], float32[::1], float64[::1])"),
]
IDS = [k.__name__ for k, _ in KERNELS]

@pytest.mark.parametrize("kernel,sig", KERNELS, ids=IDS)
def test_ptx_matches_its_golden_file(kernel, sig):
    check_golden(kernel, sig)


@pytest.mark.parametrize("cc", ARCHES, ids=lambda cc: f"sm_{cc[0]}{cc[1]}")
@pytest.mark.parametrize("kernel,sig", KERNELS, ids=IDS)
def test_ptxas_assembles_it(kernel, sig, cc, tmp_path):
    ptx, _ = cuda.compile_ptx(kernel, sig, cc=cc)
    assemble(ptx, cc, tmp_path)


def test_each_shared_array_has_its_own_storage():
    ptx, _ = cuda.compile_ptx(tiled_matmul, KERNELS[0][1], cc=(8, 0))
    arrays = re.findall(r"\.shared \.align 16 \.b8 (\S+)\[1024\];", ptx)
    assert len(arrays) == 2 and arrays[0] != arrays[1]
    assert "ld.shared" in ptx and "st.shared" in ptx


def test_dynamic_shared_memory_is_one_extern_array():
    def two(x):
        a = cuda.shared.array(0, np.float32)
        b = cuda.shared.array(0, np.int32)   # the same memory, as in CUDA
        a[0] = 1.0
        x[0] = b[0]
    ptx, _ = cuda.compile_ptx(two, "void(int32[::1])", cc=(8, 0))
    assert ptx.count(".extern .shared") == 1
    # b[0] reads what a[0] stored: 1.0f's bits (LLVM forwards the store)
    assert re.search(r"st\.global\.b32\s+\[%rd\d+\], 1065353216;", ptx), ptx
    # the length of a dynamic array comes from the launch
    sized, _ = cuda.compile_ptx(dynamic_shared, KERNELS[1][1], cc=(8, 0))
    assert "%dynamic_smem_size" in sized


def test_shape_from_keywords_and_globals():
    def k(x):
        a = cuda.shared.array(dtype=np.int64, shape=SHAPE)
        b = cuda.local.array(shape=3, dtype=int32)
        a[1, 2] = 5
        b[0] = 1
        x[0] = a[1, 2] + b[0] + a.shape[0] * 100 + a.shape[1] * 1000 + b.size * 10000
    ptx, _ = cuda.compile_ptx(k, "void(int64[::1])", cc=(8, 0))
    # 5 + 1 + 4 * 100 + 8 * 1000 + 3 * 10000, folded by LLVM
    assert re.search(r"st\.global\.b64\s+\[%rd\d+\], 38406;", ptx), ptx


@pytest.mark.parametrize("body,message", [
    ("n = x.size\n    a = cuda.shared.array(n, np.float32)", "known when the kernel compiles"),
    ("a = cuda.shared.array((2, -1), np.float32)", "integer >= 0"),
    ("a = cuda.shared.array((2, 0), np.float32)", "only the 1-d shape 0"),
    ("a = cuda.shared.array(4, 'x')", "dtype must be"),
    ("a = cuda.local.array(4)", "needs a shape and a dtype"),
    ("a = cuda.local.array(4, np.float32, order='C')", "other arguments"),
    ("a = cuda.local.array(4, np.float32, alignment=64)", "alignment"),
    ("a = cuda.shfl_sync(0xffffffff, x, 0)", "moves an integer or a float"),
])
def test_bad_arguments_are_typing_errors(body, message):
    namespace = {"cuda": cuda, "np": np}
    exec(f"def k(x):\n    {body}\n", namespace)
    with pytest.raises(TypingError, match=message):
        cuda.compile_ptx(namespace["k"], "void(float32[::1])", cc=(8, 0))


def test_shared_array_needs_a_gpu_target():
    @njit
    def f():
        a = cuda.shared.array(4, np.float64)
        return a[0]
    with pytest.raises(TypingError, match="needs a GPU target"):
        f()


def test_local_array_on_the_cpu_is_a_new_array():
    @njit
    def f(n):
        a = cuda.local.array((2, 3), np.int64)
        for i in range(2):
            for j in range(3):
                a[i, j] = n * i + j
        return a    # safe to return: allocated as np.empty on the CPU
    expected = np.array([[0, 1, 2], [7, 8, 9]])
    got = f(7)
    assert got.dtype == np.int64 and got.flags.c_contiguous
    np.testing.assert_array_equal(got, expected)


def test_stores_in_kernels_convert_as_c_does():
    # numba.cuda wraps an int64 stored into an int32 array; kernels cannot raise
    def k(out):
        out[0] = cuda.grid(1) * 4_000_000_000
    ptx, _ = cuda.compile_ptx(k, "void(int32[::1])", cc=(8, 0))
    assert "st.global.b32" in ptx


def test_warp_functions_outside_kernels_raise():
    for fn, args in ((cuda.shfl_sync, (0xffffffff, 1, 0)), (cuda.all_sync, (1, True)),
                     (cuda.syncwarp, ()), (cuda.shared.array, (4, np.float32))):
        with pytest.raises(NotImplementedError):
            fn(*args)


def test_views_of_kernel_arguments():
    # no reference counts in kernels: a row, a slice and iteration are views
    def row_sums(A, out):
        i = cuda.grid(1)
        s = 0.0
        for v in A[i]:
            s += v
        tail = A[i, 1:]
        out[i] = s + tail[0]
    ptx, _ = cuda.compile_ptx(row_sums, "void(float64[:, ::1], float64[::1])", cc=(8, 0))
    assert "ld.global.b64" in ptx


def test_complex_local_and_shared_arrays():
    def k(x):
        buf = cuda.shared.array(4, dtype=np.complex64)
        tmp = cuda.local.array(2, np.complex128)
        t = cuda.threadIdx.x
        buf[t] = x[t]
        cuda.syncthreads()
        tmp[0] = buf[(t + 1) % 4] * 2     # a neighbour's element
        x[t] = tmp[0]
    ptx, _ = cuda.compile_ptx(k, "void(complex64[::1])", cc=(8, 0))
    assert ".shared .align 16 .b8" in ptx and "[32]" in ptx    # 4 * complex64


def test_constant_strings_become_floats_at_compile_time():
    def k(a, out):
        i = cuda.grid(1)
        out[i] = max(a[i], float("-inf")) + (a[i] < float("inf"))
    ptx, _ = cuda.compile_ptx(k, "void(float64[::1], float64[::1])", cc=(8, 0))
    assert ".visible .entry k(" in ptx


def test_needing_the_host_runtime_names_the_kernel_line():
    def k(x):
        i = cuda.grid(1)
        x[i] = 1.0
        print(x[i])
    with pytest.raises(TypingError) as info:
        cuda.compile_ptx(k, "void(float64[::1])", cc=(8, 0))
    message = str(info.value)
    assert "needs pyrite's host runtime" in message and "print(x[i])" in message


@pytest.mark.parametrize("instruction", ["popc.b32", "clz.b64", "brev.b32", "fma.rn.f32",
                                         "membar.cta", "membar.sys", "atom.relaxed.gpu.global.cas.b64"])
def test_bit_functions_and_fences_in_ptx(instruction):
    ptx, _ = cuda.compile_ptx(bit_functions, KERNELS[-1][1], cc=(8, 0))
    assert instruction in ptx


def test_bit_functions_have_numbas_widths_and_types():
    # LLVM folds the constants: popc/clz at the argument's own width, brev
    # unsigned, ffs 1-based
    def k(out):
        out[0] = cuda.popc(np.int8(-1))
        out[1] = cuda.clz(np.uint8(1))
        out[2] = cuda.brev(np.int32(1))
        out[3] = cuda.ffs(np.int64(8))
    ptx, _ = cuda.compile_ptx(k, "void(int64[::1])", cc=(8, 0))
    for value in (8, 7, 2147483648, 4):
        assert re.search(rf"st\.global\.b64\s+\[%rd\d+(\+\d+)?\], {value};", ptx), (value, ptx)


def test_allocating_in_a_kernel_names_its_line():
    def k(x):
        if x[0] < 0:
            y = np.zeros(3)
            x[0] = y[1]
    with pytest.raises(TypingError) as info:
        cuda.compile_ptx(k, "void(float64[::1])", cc=(8, 0))
    assert "y = np.zeros(3)" in str(info.value)
