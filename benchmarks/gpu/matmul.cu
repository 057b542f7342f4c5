// The tiled shared-memory matmul of benchmarks/gpu/bench.py, in CUDA C: the
// same algorithm (16x16 tiles, one output element per thread, float32), so
// that pyrite's and numba-cuda's code can be compared with nvcc's.
// Built on the GPU machine by run.sh:
//   nvcc -O3 -arch=sm_XX -shared -Xcompiler -fPIC matmul.cu -o libmatmul.so
#include <cuda_runtime.h>

#define TILE 16

__global__ void matmul_tiled(const float *a, const float *b, float *c, int n) {
  __shared__ float sa[TILE][TILE];
  __shared__ float sb[TILE][TILE];
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  int tx = threadIdx.x, ty = threadIdx.y;
  float acc = 0.0f;
  for (int t = 0; t < (n + TILE - 1) / TILE; ++t) {
    sa[ty][tx] = 0.0f;
    sb[ty][tx] = 0.0f;
    if (y < n && t * TILE + tx < n)
      sa[ty][tx] = a[(long)y * n + t * TILE + tx];
    if (x < n && t * TILE + ty < n)
      sb[ty][tx] = b[(long)(t * TILE + ty) * n + x];
    __syncthreads();
    for (int k = 0; k < TILE; ++k)
      acc += sa[ty][k] * sb[k][tx];
    __syncthreads();
  }
  if (y < n && x < n)
    c[(long)y * n + x] = acc;
}

// Milliseconds per launch over `reps` launches (after one warm-up), timed
// with CUDA events on the default stream; the arrays are device pointers
// of n x n row-major float32 matrices. Returns a negative value on error.
extern "C" float run_matmul(const float *a, const float *b, float *c, int n, int reps) {
  dim3 block(TILE, TILE), grid((n + TILE - 1) / TILE, (n + TILE - 1) / TILE);
  cudaEvent_t start, end;
  cudaEventCreate(&start);
  cudaEventCreate(&end);
  matmul_tiled<<<grid, block>>>(a, b, c, n);
  cudaEventRecord(start);
  for (int i = 0; i < reps; ++i)
    matmul_tiled<<<grid, block>>>(a, b, c, n);
  cudaEventRecord(end);
  cudaEventSynchronize(end);
  float ms = 0.0f;
  cudaEventElapsedTime(&ms, start, end);
  cudaEventDestroy(start);
  cudaEventDestroy(end);
  return cudaGetLastError() == cudaSuccess ? ms / reps : -1.0f;
}
