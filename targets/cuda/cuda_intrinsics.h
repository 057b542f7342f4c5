//===- targets/cuda/cuda_intrinsics.h - the GPU kernel API's intrinsics ---===//
//
/// \file
/// The intrinsics of Numba's CUDA kernel API that the CUDA target lowers to
/// NVVM: thread, block and grid indices and sizes, lane id and warp size,
/// barriers (syncthreads and its count/and/or reductions) and memory
/// fences; and the math mapping onto libdevice. Their Python names (`cuda.threadIdx.x`, ...) are shared by every
/// GPU target (docs/plugin-abi.md).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <pyrite/plugin.h>

namespace pyrite::cuda {

extern const PyriteIntrinsic kIntrinsics[];
extern const uint32_t kNumIntrinsics;
/// math.<f> -> libdevice (__nv_sin, __nv_sinf, ...).
extern const PyriteMathMapping kMath[];
extern const uint32_t kNumMath;

} // namespace pyrite::cuda
