//===- targets/cpu/cpu_backend.h - codegen and JIT shared by CPU plugins --===//
//
/// \file
/// The CPU family (x86_64, aarch64, ppc64le) shares this library: an LLVM
/// TargetMachine for codegen, lld for shared objects, and an ORC LLJIT for
/// in-process loading when the target is the host. Each CPU plugin is a
/// small plugin.cpp holding a CpuTargetSpec and calling cpu_plugin_entry.
/// Everything here is internal to plugins; nothing crosses the ABI but C.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <pyrite/plugin.h>

#include <string>

namespace pyrite::cpu {

/// What distinguishes one CPU target from another.
struct CpuTargetSpec {
  const char *name;            ///< "aarch64"
  const char *plugin_name;     ///< "pyrite-aarch64"
  const char *version;         ///< the plugin's own version
  const char *triple;          ///< "aarch64-unknown-linux-gnu"
  const char *default_cpu;     ///< used when cross-compiling, e.g. "generic"
  const char *default_features;///< likewise, e.g. "+neon"
  const char *lld_emulation;   ///< ld.lld -m value, e.g. "aarch64linux"
  const char *libc_dir;        ///< where -lm is found for this target
  /// Registers this target's LLVM code generator (target info, target, MC
  /// layer, assembly printer and parser), and no other: a self-contained build links
  /// only the code generators of the in-tree targets (cmake/PyriteLLVM.cmake).
  void (*initialize_llvm_target)();
};

/// The entry every CPU plugin exports, filled from `spec`. When the spec's
/// architecture is the host's, the target JITs in process for the host CPU;
/// otherwise it cross-compiles (objects, assembly, shared objects) only.
/// Defines `initialize_llvm_target`, registering LLVM target `T` (X86,
/// AArch64, PowerPC: <llvm-c/Target.h>'s names) for a CpuTargetSpec.
#define PYRITE_CPU_LLVM_TARGET(T)                                                    \
  static void initialize_llvm_target() {                                          \
    LLVMInitialize##T##TargetInfo();                                               \
    LLVMInitialize##T##Target();                                                   \
    LLVMInitialize##T##TargetMC();                                                 \
    LLVMInitialize##T##AsmPrinter();                                               \
    LLVMInitialize##T##AsmParser(); /* (inline assembly in @intrinsic code) */     \
  }

PyriteStatus cpu_plugin_entry(const PyriteHostApi *host, const CpuTargetSpec &spec,
                              const PyritePlugin **out);

} // namespace pyrite::cpu
