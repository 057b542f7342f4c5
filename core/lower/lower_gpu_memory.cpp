//===- lower/lower_gpu_memory.cpp - cuda.shared.array, cuda.local.array ---===//
//
// Arrays of a constant shape that live in a GPU block's shared memory or in
// a thread's own memory (numba.cuda.shared.array / local.array). Typing
// (Typer::gpu_array_call) checks that the shape is a constant; lowered, it is
// a folded LLVM constant, which gives the dimensions. Each call site has its
// own storage, as in CUDA and Numba (also inside a loop: the same storage on
// every iteration).
//
// Shared: one module global per call site in the target's shared address
// space (PyriteTargetDesc::shared_address_space: 3 on NVPTX, AMDGPU and
// SPIR-V), seen through a generic pointer that the backend's address-space
// inference turns back into ld.shared/st.shared. A first dimension of 0 is
// the dynamic shared memory a launch sizes (`kernel[grid, block, stream,
// bytes]`): one external array shared by every such call, whose length the
// target's "cuda.dynamic_shared_bytes" intrinsic gives, as in Numba.
//
// Local: a stack slot on a GPU, where a kernel cannot return it; on a CPU
// the array is allocated as np.empty's is, so a function that returns it
// never hands out a dead stack frame.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include "support/diagnostics.h"

namespace pyrite::lower {

using llvm::Value;

namespace {

/// The whole array struct of a C-contiguous array at `data`.
Value *contiguous_array(llvm::IRBuilder<> &b, llvm::Type *struct_type, Value *data,
                        const std::vector<Value *> &shape, int64_t itemsize) {
  Value *arr = llvm::UndefValue::get(struct_type);
  arr = b.CreateInsertValue(arr, llvm::ConstantPointerNull::get(b.getPtrTy()), kMemInfo);
  arr = b.CreateInsertValue(arr, llvm::ConstantPointerNull::get(b.getPtrTy()), kParent);
  Value *n = b.getInt64(1);
  for (Value *d : shape)
    n = b.CreateMul(n, d);
  arr = b.CreateInsertValue(arr, n, kNItems);
  arr = b.CreateInsertValue(arr, b.getInt64(itemsize), kItemSize);
  arr = b.CreateInsertValue(arr, data, kData);
  Value *stride = b.getInt64(itemsize);
  for (int k = int(shape.size()) - 1; k >= 0; --k) {
    arr = b.CreateInsertValue(arr, shape[size_t(k)], {kShape, unsigned(k)});
    arr = b.CreateInsertValue(arr, stride, {kStrides, unsigned(k)});
    stride = b.CreateMul(stride, shape[size_t(k)]);
  }
  return arr;
}

/// Array storage is aligned to 16 bytes (vector loads), or the element's size.
constexpr uint64_t kAlignment = 16;

} // namespace

llvm::Value *FunctionLowering::lower_gpu_memory(const BuiltinCall &c) {
  const bool shared = c.r.builtin == "pyrite.cuda.shared.array";
  const char *what = shared ? "cuda.shared.array" : "cuda.local.array";
  int64_t itemsize = m_.itemsize(c.rt->dtype);
  // The shape operand: the first positional one, or the keyword `shape`.
  const auto &kw = c.in.kwnames;
  size_t positional = c.args.size() - kw.size(), operand = 0;
  if (positional == 0)
    operand = size_t(std::find(kw.begin(), kw.end(), "shape") - kw.begin());
  // Typing checked it is an integer or a tuple of integer constants
  // (Typer::gpu_array_call); lowered, it is a folded LLVM constant.
  std::vector<int64_t> dims;
  auto *constant = llvm::dyn_cast<llvm::Constant>(c.args.at(operand));
  if (constant && constant->getType()->isIntegerTy())
    dims.push_back(llvm::cast<llvm::ConstantInt>(constant)->getSExtValue());
  for (unsigned k = 0; constant && constant->getType()->isStructTy() &&
                       k < constant->getType()->getStructNumElements();
       ++k)
    if (auto *d = llvm::dyn_cast_or_null<llvm::ConstantInt>(constant->getAggregateElement(k)))
      dims.push_back(d->getSExtValue());
  if (dims.size() != size_t(c.rt->ndim))
    throw CompileError("TypingError",
                       std::string(what) + "'s shape must be made of constant integers",
                       c.in.pos);
  int64_t count = 1;
  for (int64_t d : dims)
    count = d == 0 ? 0 : count > INT64_MAX / d ? -1 : count * d;
  if (count < 0 || (count > 0 && count > INT64_MAX / itemsize))
    throw CompileError("TypingError", std::string(what) + " is too large", c.in.pos);
  std::vector<Value *> shape;
  for (int64_t d : dims)
    shape.push_back(i64(d));
  llvm::Type *elem = llvm::ArrayType::get(b_.getInt8Ty(), uint64_t(count * itemsize));
  llvm::Align align(std::max<uint64_t>(kAlignment, uint64_t(itemsize)));

  if (!shared) {
    if (!m_.target.gpu)
      return allocate_array(c.rt, shape); // a CPU function may return it
    llvm::AllocaInst *slot = entry_alloca(elem, "local.array");
    slot->setAlignment(align);
    return contiguous_array(b_, m_.llvm_type(c.rt), slot, shape, itemsize);
  }
  if (!m_.target.gpu)
    throw CompileError("TypingError",
                       "cuda.shared.array needs a GPU target (a kernel compiled with "
                       "@cuda.jit); this target has no shared memory",
                       c.in.pos);
  llvm::Module &mod = *m_.module;
  unsigned space = m_.target.shared_address_space;
  llvm::GlobalVariable *storage = nullptr;
  bool dynamic = dims.size() == 1 && dims[0] == 0;
  if (dynamic) { // the launch's dynamic shared memory, one array for all
    const char *name = "pyrite_dynamic_shared"; // a PTX identifier (no dots)
    storage = mod.getNamedGlobal(name);
    if (!storage)
      storage = new llvm::GlobalVariable(
          mod, llvm::ArrayType::get(b_.getInt8Ty(), 0), false,
          llvm::GlobalValue::ExternalLinkage, nullptr, name, nullptr,
          llvm::GlobalValue::NotThreadLocal, space);
    storage->setAlignment(llvm::Align(kAlignment));
    const char *size_register = "cuda.dynamic_shared_bytes";
    if (!m_.target.has_intrinsic(size_register))
      throw CompileError("TypingError",
                         "cuda.shared.array(0, ...) (dynamic shared memory) needs the target's "
                         "intrinsic cuda.dynamic_shared_bytes, which it does not provide",
                         c.in.pos);
    const Type *i32 = types::integer(32, true);
    Value *bytes = b_.CreateZExt(call_intrinsic(size_register, {}, i32),
                                 b_.getInt64Ty());
    shape = {b_.CreateUDiv(bytes, i64(itemsize))};
  } else {
    storage = new llvm::GlobalVariable(mod, elem, false, llvm::GlobalValue::InternalLinkage,
                                       llvm::UndefValue::get(elem), "shared.array", nullptr,
                                       llvm::GlobalValue::NotThreadLocal, space);
    storage->setAlignment(align);
  }
  Value *data = b_.CreateAddrSpaceCast(storage, b_.getPtrTy());
  return contiguous_array(b_, m_.llvm_type(c.rt), data, shape, itemsize);
}

} // namespace pyrite::lower
