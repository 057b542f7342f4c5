//===- driver/kernels.h - GPU kernels for a target, as artifacts ----------===//
//
/// \file
/// Compiles typed functions as GPU kernels (ModuleBuilder::add_kernel) for
/// a target with PYRITE_CAP_KERNELS and returns the artifact its plugin
/// emits: PTX text or a cubin for CUDA (docs/cuda.md). Kernels run without
/// pyrite's host runtime: code that would need it (raising exceptions,
/// allocating arrays, reference-counted objects) is refused with a
/// TypingError naming what it called.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "driver/aot.h"
#include "support/diagnostics.h"

#include <string>
#include <vector>

namespace pyrite::driver {

/// A kernel that needs the host runtime: `kernel` is its index in the
/// entries, `pos` the line of its code that needs it.
struct KernelCompileError : CompileError {
  size_t kernel;
  KernelCompileError(const std::string &message, bytecode::Position pos, size_t kernel)
      : CompileError("TypingError", message, pos), kernel(kernel) {}
};

/// The artifact of `kind` for processor `cpu` ("" for the plugin's
/// default). Throws std::runtime_error for an unknown target or one
/// without kernels, KernelCompileError (or a CompileError with no line)
/// for a kernel that needs the host runtime.
std::string compile_kernels(const std::vector<AotEntry> &kernels, const CompileOptions &options,
                            PyriteArtifactKind kind, const std::string &cpu);

} // namespace pyrite::driver
