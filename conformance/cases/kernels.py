"""GPU kernels (`pyrite.cuda`'s API under Numba's names: cuda.grid,
threadIdx/blockIdx/blockDim): they need the target's 'kernels' capability
(no target here has it yet, so they are skipped everywhere for now). A case
gives `launch=(blocks, threads per block)`; the runner launches
`kernel[blocks, threads](*args)` and compares the argument arrays afterwards.
The reference runs the kernel one thread at a time (suite.KernelSimulator),
so only kernels without barriers or cross-thread communication belong here.
"""
import numpy as np

from ..suite import Case

try:
    from pyrite import cuda
except ImportError:          # no GPU kernel API yet: the reference substitutes its simulator
    cuda = None

rng = np.random.RandomState(5)
X = rng.standard_normal(100).astype(np.float32)
Y = rng.standard_normal(100).astype(np.float32)


def axpy(out, a, x, y):
    i = cuda.grid(1)
    if i < out.shape[0]:
        out[i] = a * x[i] + y[i]


def thread_ids(out):
    i = cuda.grid(1)
    if i < out.shape[0]:
        out[i] = cuda.blockIdx.x * 1000 + cuda.threadIdx.x + cuda.blockDim.x * 0


CASES = [
    Case("axpy", axpy, "void(float32[:], float32, float32[:], float32[:])",
         [(np.zeros(100, np.float32), np.float32(2.5), X, Y)], launch=(4, 32),
         tolerance_ulps=1, tags={"kernels"}),
    Case("thread_ids", thread_ids, "void(int32[:])", [(np.zeros(70, np.int32),)],
         launch=(3, 32), tags={"kernels"}),
]
