//===- riscv64/intrinsics.cpp - the riscv64 target's intrinsics -----------===//
#include "intrinsics.h"

#include <llvm-c/Core.h>

namespace riscv64 {
namespace {

/// Calls the overload-free LLVM intrinsic `name` with no arguments.
LLVMValueRef call_intrinsic(LLVMBuilderRef builder, LLVMModuleRef module, const char *name,
                            size_t length) {
  unsigned id = LLVMLookupIntrinsicID(name, length);
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(module, id, nullptr, 0);
  LLVMTypeRef type = LLVMIntrinsicGetType(LLVMGetModuleContext(module), id, nullptr, 0);
  return LLVMBuildCall2(builder, type, fn, nullptr, 0, "");
}

// --- cpu.cycle_counter: int64() -------------------------------------------------
// The `time` CSR (rdtime) rather than `cycle`: Linux 6.6 and later trap user
// reads of `cycle`, while `time` is always readable and steady.
PyriteStatus lower_cycle_counter(void *, PyriteLowerIntrinsicArgs *args) {
  static const char name[] = "llvm.readsteadycounter";
  args->result = call_intrinsic(args->builder, args->module, name, sizeof name - 1);
  return PYRITE_OK;
}

} // namespace

const PyriteIntrinsic kIntrinsics[] = {
    {sizeof(PyriteIntrinsic), "cpu.cycle_counter", "int64()", lower_cycle_counter},
};
const uint32_t kNumIntrinsics = sizeof kIntrinsics / sizeof kIntrinsics[0];

} // namespace riscv64
