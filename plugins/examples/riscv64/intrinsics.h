//===- riscv64/intrinsics.h - the riscv64 target's intrinsics -------------===//
//
/// \file
/// The intrinsics this target provides (PyritePlugin::intrinsics): those the
/// CPU family shares ("cpu.cycle_counter"), lowered through the LLVM-C API.
//
//===----------------------------------------------------------------------===//
#ifndef PYRITE_RISCV64_INTRINSICS_H
#define PYRITE_RISCV64_INTRINSICS_H

#include <pyrite/plugin.h>

namespace riscv64 {

extern const PyriteIntrinsic kIntrinsics[];
extern const uint32_t kNumIntrinsics;

} // namespace riscv64

#endif // PYRITE_RISCV64_INTRINSICS_H
