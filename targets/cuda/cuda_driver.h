//===- targets/cuda/cuda_driver.h - the CUDA driver API behind the runtime -===//
//
/// \file
/// Internal to targets/cuda: the ABI's runtime calls over the CUDA driver
/// API, which is opened with dlopen("libcuda.so.1") on first use, so that
/// the plugin loads (and emits PTX) on machines without a driver or a GPU.
/// Every call makes device 0's primary context current on the calling
/// thread (the context CuPy, PyTorch and Numba share).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <pyrite/plugin.h>

#include <string>

namespace pyrite::cuda {

/// The message of the calling thread's last failed call ("" if none).
const char *last_error();
/// Records `message` as the calling thread's last error; returns `status`.
PyriteStatus fail(PyriteStatus status, std::string message);

/// The compute capability of device 0 ("sm_90"), or "" without a driver or
/// device; does not fail.
std::string device_arch();

/// Fills the runtime table's entries.
void fill_runtime(PyriteRuntime &r);

} // namespace pyrite::cuda
