//===- targets/cuda/cuda_codegen.h - NVPTX code generation ----------------===//
//
/// \file
/// Internal to targets/cuda: LLVM's NVPTX backend behind the ABI's
/// codegen calls. `optimize` links libdevice (only what the module calls,
/// internalized), gives every "pyrite-kernel" function the PTX kernel
/// calling convention and runs LLVM's pipeline for the compute capability;
/// `emit` writes PTX (ASSEMBLY, and OBJECT: what cuModuleLoadData takes)
/// or a cubin assembled by the toolkit's ptxas (SHARED_OBJECT).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <pyrite/plugin.h>

#include <string>

namespace pyrite::cuda {

struct Codegen;

/// `arch` is the compute capability emitted when a call names none
/// ("sm_75"); `libdevice` the path of libdevice.10.bc ("" when not found:
/// a module calling a math function then fails to optimize, saying so).
Codegen *create_codegen(const std::string &arch, const std::string &libdevice);
void destroy_codegen(Codegen *c);

/// The NVPTX data layout LLVM uses for nvptx64-nvidia-cuda.
const char *nvptx_data_layout(Codegen *c);

/// Chooses the compute capability emitted by default from now on (the
/// device's, once the driver reports it).
void set_default_arch(Codegen *c, const std::string &arch);
std::string default_arch(Codegen *c);

PyriteStatus optimize(Codegen *c, const PyriteOptimizeArgs *args, std::string &error);
PyriteStatus emit(Codegen *c, PyriteEmitArgs *args, std::string &error);

/// "sm_XX" for a compute capability and back; false for a name that is
/// not sm_<digits>.
std::string arch_name(unsigned major, unsigned minor);
bool valid_arch(const std::string &arch);

/// ptxas from $PYRITE_PTXAS, $CUDA_HOME/bin, /usr/local/cuda/bin or PATH ("").
std::string find_ptxas();
/// libdevice.10.bc from $CUDA_HOME, /usr/local/cuda or beside the plugin ("").
std::string find_libdevice(const std::string &plugin_dir);

} // namespace pyrite::cuda
