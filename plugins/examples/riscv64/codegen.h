//===- riscv64/codegen.h - RISC-V 64 machine: optimize and emit -----------===//
//
/// \file
/// The riscv64 plugin's machine: an LLVM TargetMachine for RISC-V 64
/// (RV64GC, lp64d), the new pass manager at O0-O3, and emission of objects,
/// assembly and shared objects (the last linked by ld.lld against the
/// riscv64 glibc). The target description lives in plugin.cpp; nothing here
/// runs until the host first optimizes or emits, so listing targets stays
/// cheap. Only C types leave this file.
//
//===----------------------------------------------------------------------===//
#ifndef PYRITE_RISCV64_CODEGEN_H
#define PYRITE_RISCV64_CODEGEN_H

#include <pyrite/plugin.h>

namespace riscv64 {

/// What the machine is built for (the plugin's target description).
struct MachineSpec {
  const char *triple;
  const char *cpu;
  const char *features;
  const char *abi;         ///< RISC-V psABI name, e.g. "lp64d"
  const char *data_layout; ///< must equal the TargetMachine's
};

/// The plugin's state (`PyritePlugin::state`). Cheap to create: the LLVM
/// target machine is made on first use.
struct Machine;

Machine *create_machine(const MachineSpec &spec);
void destroy_machine(Machine *m);

/// Message for the last non-OK status on the calling thread ("" if none).
const char *last_error();

// Codegen entries with the ABI's signatures (state = Machine*).
PyriteStatus optimize(void *state, const PyriteOptimizeArgs *args);
PyriteStatus emit(void *state, PyriteEmitArgs *args);

} // namespace riscv64

#endif // PYRITE_RISCV64_CODEGEN_H
