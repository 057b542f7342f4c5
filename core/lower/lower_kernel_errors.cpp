//===- lower/lower_kernel_errors.cpp - exceptions in GPU kernels ---------===//
//
// A GPU thread that raises ends there (the target's "cuda.exit": PTX
// `exit`), as a numba.cuda kernel's thread returns. Kernels compiled to
// report errors (Options::kernel_errors: @cuda.jit(debug=True) or
// boundscheck=True) also write the launch's first exception to an error
// record in device memory, whose address the launcher passes as a hidden
// last kernel parameter; the entry keeps it in a module global
// (kernel_error_slot) for every function the kernel calls. After the
// launch, pyrite/cuda/_dispatcher.py (_KernelError) reads the record and
// raises the exception with the thread and block that raised it.
//
// The record, 256 bytes, zeroed when made and after each error the host
// reads (offsets in bytes):
//     0  uint32 raised      0: none; 1 + the number of values, written by the
//                           first raising thread (which claims it with an atomic CAS)
//     4  int32  line        the raise's source line (0: unknown)
//     8  int64  values[3]   "{0}".."{2}" of the message
//    32  uint32 thread[3]   threadIdx.x/y/z
//    44  uint32 block[3]    blockIdx.x/y/z
//    56  char   cls[40]     the class ("IndexError", "numpy.exceptions.AxisError"), NUL-ended
//    96  char   function[32] the function that raised (the kernel or one it calls)
//   128  char   message[128] the message, NUL-ended, cut to fit
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include "support/diagnostics.h"

#include <algorithm>
#include <cstring>

namespace pyrite::lower {

namespace {

constexpr uint64_t kLineOffset = 4, kValuesOffset = 8, kThreadOffset = 32, kBlockOffset = 44,
                   kClassOffset = 56, kClassBytes = 40, kFunctionOffset = 96,
                   kFunctionBytes = 32, kMessageOffset = 128, kMessageBytes = 128;

} // namespace

llvm::GlobalVariable *kernel_error_slot(ModuleState &m) {
  const char *name = "pyrite.kernel_error_record";
  if (auto *g = m.module->getNamedGlobal(name))
    return g;
  unsigned space = m.target.global_address_space;
  auto *type = llvm::PointerType::get(m.context, space);
  return new llvm::GlobalVariable(*m.module, type, false, llvm::GlobalValue::InternalLinkage,
                                  llvm::ConstantPointerNull::get(type), name, nullptr,
                                  llvm::GlobalValue::NotThreadLocal, space);
}

void FunctionLowering::gpu_raise(const std::string &cls, const std::string &message,
                                 const std::vector<llvm::Value *> &values) {
  for (const char *needed : {"cuda.exit", "cuda.threadIdx.x", "cuda.blockIdx.x"})
    if ((m_.options.kernel_errors || needed == std::string("cuda.exit")) &&
        !m_.target.has_intrinsic(needed))
      throw CompileError("TypingError", std::string("raising in a kernel (") + cls +
                                            ") needs the target's intrinsic " + needed +
                                            ", which it does not provide");
  if (m_.options.kernel_errors) {
    llvm::Type *i8 = b_.getInt8Ty();
    unsigned space = m_.target.global_address_space;
    llvm::Value *record = b_.CreateLoad(llvm::PointerType::get(m_.context, space),
                                        kernel_error_slot(m_), "error.record");
    auto at = [&](uint64_t offset) { return b_.CreateConstInBoundsGEP1_64(i8, record, offset); };
    // The launch's first raising thread writes the record; the others end.
    llvm::Value *exchange = b_.CreateAtomicCmpXchg(
        at(0), b_.getInt32(0), b_.getInt32(1), llvm::MaybeAlign(4),
        llvm::AtomicOrdering::Monotonic, llvm::AtomicOrdering::Monotonic,
        m_.context.getOrInsertSyncScopeID("device"));
    auto *write = llvm::BasicBlock::Create(m_.context, "raise.record", fn_);
    auto *end = llvm::BasicBlock::Create(m_.context, "raise.end", fn_);
    b_.CreateCondBr(b_.CreateExtractValue(exchange, 1), write, end);
    b_.SetInsertPoint(write);
    // "raised" says how many values there are: only those "{k}" are replaced.
    b_.CreateStore(b_.getInt32(uint32_t(1 + std::min<size_t>(values.size(), 3))), at(0));
    b_.CreateStore(b_.getInt32(uint32_t(std::max(source_line_, 0))), at(kLineOffset));
    for (uint64_t k = 0; k < 3; ++k) {
      llvm::Value *v = k < values.size() ? values[k] : i64(0);
      b_.CreateStore(v, at(kValuesOffset + 8 * k));
    }
    const Type *i32 = types::integer(32, true);
    const char *axes[] = {"x", "y", "z"};
    for (uint64_t k = 0; k < 3; ++k) { // (each value before its address: one order of IR)
      llvm::Value *thread = call_intrinsic(std::string("cuda.threadIdx.") + axes[k], {}, i32);
      b_.CreateStore(thread, at(kThreadOffset + 4 * k));
      llvm::Value *block = call_intrinsic(std::string("cuda.blockIdx.") + axes[k], {}, i32);
      b_.CreateStore(block, at(kBlockOffset + 4 * k));
    }
    // The texts as 8-byte words of constants (NUL-padded, cut to fit).
    auto store_text = [&](uint64_t offset, uint64_t bytes, const std::string &text) {
      std::string padded = text.substr(0, bytes - 1);
      padded.resize(bytes, '\0');
      for (uint64_t w = 0; w < bytes; w += 8) {
        uint64_t word = 0;
        std::memcpy(&word, padded.data() + w, 8); // (little-endian, as GPUs are)
        b_.CreateStore(i64(int64_t(word)), at(offset + w));
      }
    };
    store_text(kClassOffset, kClassBytes, cls);
    store_text(kFunctionOffset, kFunctionBytes, tf_.fn.name);
    store_text(kMessageOffset, kMessageBytes, message);
    b_.CreateBr(end);
    b_.SetInsertPoint(end);
  }
  call_intrinsic("cuda.exit", {}, types::none());
  b_.CreateUnreachable();
}

} // namespace pyrite::lower
