//===- targets/cuda/cuda_plugin.cpp - the CUDA target plugin --------------===//
//
// The ABI tables of the CUDA target: NVPTX code generation
// (cuda_codegen.cpp), the kernel API's intrinsics (cuda_intrinsics.cpp),
// libdevice for math, and the driver API opened on first use
// (cuda_driver.cpp). The compute capability emitted is $PYRITE_CUDA_ARCH,
// else the device's once the driver has been opened, else sm_75 (the
// oldest the CUDA 13 toolkit assembles; newer devices JIT-compile its PTX).
//
//===----------------------------------------------------------------------===//
#include "cuda_codegen.h"
#include "cuda_driver.h"
#include "cuda_intrinsics.h"

#include <dlfcn.h>

#include <cstdlib>
#include <string>

namespace pyrite::cuda {
namespace {

constexpr const char *kDefaultArch = "sm_75";

struct CudaPlugin {
  Codegen *codegen = nullptr;
  bool arch_from_environment = false;
  bool arch_from_device = false; ///< asked the driver once
  std::string arch;
  std::string output_hash;
  PyriteTargetDesc target{};
  PyriteCodegen codegen_table{};
  PyriteRuntime runtime{};
  PyritePlugin table{};
} g_plugin;

/// The device's compute capability, once, when no environment variable
/// chose one: the first compile for this target opens the driver.
void adopt_device_arch() {
  CudaPlugin &p = g_plugin;
  if (p.arch_from_environment || p.arch_from_device)
    return;
  p.arch_from_device = true;
  std::string arch = device_arch();
  if (!arch.empty())
    set_default_arch(p.codegen, arch);
}

PyriteStatus optimize(void *, const PyriteOptimizeArgs *args) {
  adopt_device_arch();
  std::string error;
  PyriteStatus st = pyrite::cuda::optimize(g_plugin.codegen, args, error);
  return st == PYRITE_OK ? st : fail(st, error);
}

PyriteStatus emit(void *, PyriteEmitArgs *args) {
  adopt_device_arch();
  std::string error;
  PyriteStatus st = pyrite::cuda::emit(g_plugin.codegen, args, error);
  return st == PYRITE_OK ? st : fail(st, error);
}

const char *get_last_error(void *) { return last_error(); }

void shutdown(void *) {
  destroy_codegen(g_plugin.codegen);
  g_plugin.codegen = nullptr;
}

/// The directory of this plugin's file (where a wheel puts libdevice).
std::string plugin_dir() {
  Dl_info info{};
  if (!dladdr(reinterpret_cast<void *>(&plugin_dir), &info) || !info.dli_fname)
    return ".";
  std::string path = info.dli_fname;
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

} // namespace
} // namespace pyrite::cuda

extern "C" PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                                 const PyritePlugin **out) {
  using namespace pyrite::cuda;
  CudaPlugin &p = g_plugin;
  PyritePlugin &t = p.table;
  t.struct_size = sizeof(PyritePlugin);
  t.abi_major = PYRITE_ABI_VERSION_MAJOR;
  t.abi_minor = PYRITE_ABI_VERSION_MINOR;
  t.plugin_name = "pyrite-cuda";
  t.plugin_version = "0.1.0";
  t.get_last_error = get_last_error;
  t.shutdown = shutdown;
  *out = &t;
  if (!host || host->struct_size < PYRITE_HOST_API_SIZE_2_0 ||
      host->abi_major != PYRITE_ABI_VERSION_MAJOR)
    return fail(PYRITE_ERROR, "the host speaks another plugin ABI major version");
  const char *env = std::getenv("PYRITE_CUDA_ARCH");
  p.arch_from_environment = env && *env;
  p.arch = p.arch_from_environment ? env : kDefaultArch;
  if (!valid_arch(p.arch))
    return fail(PYRITE_ERROR, "PYRITE_CUDA_ARCH=" + p.arch +
                                  " is not a compute capability (sm_75, sm_80, sm_90, ...)");
  std::string libdevice = find_libdevice(plugin_dir());
  p.codegen = create_codegen(p.arch, libdevice);
  if (!p.codegen)
    return fail(PYRITE_ERROR, "LLVM has no NVPTX backend for " + p.arch);

  PyriteTargetDesc &d = p.target;
  d.struct_size = sizeof(PyriteTargetDesc);
  d.name = "cuda";
  d.parent = "gpu";
  d.triple = "nvptx64-nvidia-cuda";
  d.data_layout = nvptx_data_layout(p.codegen);
  d.cpu = p.arch.c_str();
  d.features = "+ptx78";
  d.capabilities = PYRITE_CAP_KERNELS | PYRITE_CAP_DEVICE_MEMORY | PYRITE_CAP_BARRIERS |
                   PYRITE_CAP_ATOMICS | PYRITE_CAP_FP64;
  d.pointer_bits = 64;
  d.global_address_space = 1;
  d.shared_address_space = 3;
  d.local_address_space = 5;

  PyriteCodegen &c = p.codegen_table;
  c.struct_size = sizeof(PyriteCodegen);
  c.optimize = optimize;
  c.emit = emit;
  c.link_libraries = nullptr; // libdevice: linked by optimize itself

  fill_runtime(p.runtime);

  // What changes the bytes emitted: this plugin, LLVM, the default
  // architecture (the device's, found later, is part of each emit's cpu).
  p.output_hash = std::string("cuda-0.1.0-llvm22-") + p.arch + (libdevice.empty() ? "" : "-libdevice10");
  t.output_hash = p.output_hash.c_str();
  t.state = &p;
  t.target = &d;
  t.codegen = &c;
  t.runtime = &p.runtime;
  t.intrinsics = kIntrinsics;
  t.num_intrinsics = kNumIntrinsics;
  t.math = kMath;
  t.num_math = kNumMath;
  return PYRITE_OK;
}
