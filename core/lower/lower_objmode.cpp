//===- lower/lower_objmode.cpp - calls of objmode blocks ------------------===//
//
// An objmode block (pyrite/_objmode.py lifts it into a Python function)
// runs in the interpreter: the inputs go to the runtime in a struct, with
// the core's types of inputs and outputs, and the outputs come back as new
// references (python/src/objmode.cpp does the boxing).
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

namespace pyrite::lower {

using llvm::Value;

Value *FunctionLowering::lower_objmode(const BuiltinCall &c) {
  // pyrite_rt_objmode(fn, input types, inputs, output types, outputs): the
  // interpreter runs the block's function on the boxed inputs; its results
  // come back as new references (types are the core's interned Type
  // objects, valid in this process: JIT code only).
  const Type *callee = type_of(c.in.args[0]);
  const Type *inputs_t = types::tuple(c.r.param_types);
  llvm::Type *inputs_lt = m_.llvm_type(inputs_t);
  Value *inputs = entry_alloca(inputs_lt, "objmode.in");
  for (unsigned k = 0; k < c.args.size(); ++k)
    b_.CreateStore(c.args[k], b_.CreateStructGEP(inputs_lt, inputs, k));
  Value *outputs = entry_alloca(m_.llvm_type(c.rt), "objmode.out");
  auto address = [&](const void *p) {
    return llvm::ConstantExpr::getIntToPtr(b_.getInt64(reinterpret_cast<uintptr_t>(p)),
                                           b_.getPtrTy());
  };
  llvm::FunctionCallee run = m_.runtime("pyrite_rt_objmode");
  Value *fn = address(callee->handle), *in_types = address(inputs_t);
  Value *out_types = address(c.rt);
  Value *status = b_.CreateCall(run, {fn, in_types, inputs, out_types, outputs});
  propagate_if(status);
  return b_.CreateLoad(m_.llvm_type(c.rt), outputs);
}

} // namespace pyrite::lower
