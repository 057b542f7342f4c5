//===- lower/lower_exceptions.cpp - raising and catching exceptions --------===//
//
// Compiled code raises by recording the exception in the runtime's
// thread-local slot (pyrite_rt_raise*, with the class's chain of bases)
// and going to the error destination of the IR block being lowered: its
// handler's block when it is protected by `try`, else the function's
// error exit, which returns 1 to the caller. A handler starts by catching
// the exception (_exceptions.catch: the slot emptied into a value of class
// chain and message); `except C` tests the chain (pyrite_exception_matches);
// raising a caught exception again records it anew.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include <llvm/IR/MDBuilder.h>

namespace pyrite::lower {

using llvm::Value;

llvm::Value *FunctionLowering::exception_class_chain(const std::string &cls) {
  return global_string(types::exception_chain(cls));
}

void FunctionLowering::raise(const std::string &cls, const std::string &message) {
  if (m_.target.gpu)
    return gpu_raise(cls, message, {});
  std::vector<Value *> args = {exception_class_chain(cls), global_string(message)};
  b_.CreateCall(m_.runtime("pyrite_rt_raise"), args);
  leave_by_exception();
}

void FunctionLowering::leave_by_exception() {
  release_block_temps();
  b_.CreateBr(error_dest_);
}

void FunctionLowering::raise_if(Value *cond, const std::string &cls,
                                const std::string &message,
                                const std::vector<Value *> &values) {
  auto *fail = llvm::BasicBlock::Create(m_.context, "raise." + cls, fn_);
  auto *cont = llvm::BasicBlock::Create(m_.context, "ok", fn_);
  b_.CreateCondBr(cond, fail, cont, llvm::MDBuilder(m_.context).createUnlikelyBranchWeights());
  b_.SetInsertPoint(fail);
  if (m_.target.gpu) {
    gpu_raise(cls, message, values);
  } else if (values.empty()) {
    raise(cls, message);
  } else {
    std::vector<Value *> args = {exception_class_chain(cls), global_string(message)};
    for (size_t k = 0; k < 3; ++k)
      args.push_back(k < values.size() ? values[k] : i64(0));
    b_.CreateCall(m_.runtime("pyrite_rt_raise_values"), args);
    leave_by_exception();
  }
  b_.SetInsertPoint(cont);
}

void FunctionLowering::propagate_if(Value *status) {
  auto *fail = llvm::BasicBlock::Create(m_.context, "propagate", fn_);
  auto *cont = llvm::BasicBlock::Create(m_.context, "ok", fn_);
  b_.CreateCondBr(b_.CreateICmpNE(status, b_.getInt32(0)), fail, cont,
                  llvm::MDBuilder(m_.context).createUnlikelyBranchWeights());
  b_.SetInsertPoint(fail);
  leave_by_exception();
  b_.SetInsertPoint(cont);
}

void FunctionLowering::lower_raise(const ir::Inst &in) {
  const Type *t = type_of(in.args[0]);
  if (m_.target.gpu) { // the class, and the message where it is a constant
    if (t->kind == TypeKind::Exception && t->runtime_text)
      return gpu_raise(t->name, "(a message made at run time)", {});
    std::vector<Value *> values;
    if (t->kind == TypeKind::Exception && t->bits)
      for (unsigned k = 0; k < unsigned(t->bits) && k < 3; ++k)
        values.push_back(b_.CreateExtractValue(value(in.args[0]), k));
    return gpu_raise(t->name, t->kind == TypeKind::Exception ? t->message : "", values);
  }
  auto raise_text = [&](Value *chain, Value *text) {
    std::vector<Value *> args = {chain, b_.CreateExtractValue(text, kStrData),
                                 b_.CreateExtractValue(text, kStrLength),
                                 b_.CreateExtractValue(text, kStrKind)};
    b_.CreateCall(m_.runtime("pyrite_rt_raise_text"), args);
    leave_by_exception();
  };
  if (t->kind == TypeKind::CaughtException) { // raise e, bare raise: the same again
    Value *e = value(in.args[0]);
    Value *chain = b_.CreateExtractValue(e, kCaughtClass);
    raise_text(chain, b_.CreateExtractValue(e, kCaughtMessage));
    return;
  }
  if (t->kind == TypeKind::Exception && t->runtime_text) { // the message is a str value
    raise_text(exception_class_chain(t->name), value(in.args[0]));
    return;
  }
  if (t->kind == TypeKind::Exception && t->bits) {
    std::vector<Value *> args = {exception_class_chain(t->name), global_string(t->message)};
    Value *values = value(in.args[0]);
    for (unsigned k = 0; k < 3; ++k)
      args.push_back(k < unsigned(t->bits) ? b_.CreateExtractValue(values, k) : i64(0));
    b_.CreateCall(m_.runtime("pyrite_rt_raise_values"), args);
    leave_by_exception();
    return;
  }
  raise(t->name, t->kind == TypeKind::Exception ? t->message : "");
}

Value *FunctionLowering::lower_exception_core(const BuiltinCall &c) {
  const std::string name = c.r.builtin.substr(c.r.builtin.rfind('.') + 1);
  llvm::Type *ptr = b_.getPtrTy(), *i64t = b_.getInt64Ty();
  if (name == "catch") {
    // pyrite_catch(&meminfo, &data, &length, &kind) -> chain
    auto *parts_t = llvm::StructType::get(m_.context, {ptr, ptr, i64t, i64t}); // a str
    auto *parts = entry_alloca(parts_t, "caught");
    auto catch_fn = m_.module->getOrInsertFunction(
        "pyrite_catch", llvm::FunctionType::get(ptr, {ptr, ptr, ptr, ptr}, false));
    std::vector<Value *> out;
    for (unsigned k = 0; k < 4; ++k)
      out.push_back(b_.CreateStructGEP(parts_t, parts, k));
    Value *chain = b_.CreateCall(catch_fn, out);
    Value *message = b_.CreateLoad(parts_t, parts);
    Value *e = llvm::UndefValue::get(m_.llvm_type(c.rt));
    e = b_.CreateInsertValue(e, chain, kCaughtClass);
    return b_.CreateInsertValue(e, message, kCaughtMessage);
  }
  if (name == "message") { // a new reference to the message
    Value *text = b_.CreateExtractValue(c.args[0], kCaughtMessage);
    incref(text, types::unicode());
    return text;
  }
  if (name == "matches") { // any class of the tuple
    auto matches_fn = m_.module->getOrInsertFunction(
        "pyrite_exception_matches", llvm::FunctionType::get(b_.getInt32Ty(), {ptr, ptr}, false));
    Value *chain = b_.CreateExtractValue(c.args[0], kCaughtClass);
    const Type *cls = c.arg_type(*this, 1);
    std::vector<const Type *> classes = cls->is_tuple() ? cls->elems
                                                        : std::vector<const Type *>{cls};
    Value *any = b_.getFalse();
    for (const Type *k : classes)
      any = b_.CreateOr(any, b_.CreateICmpNE(b_.CreateCall(matches_fn,
                                                           {chain, global_string(k->name)}),
                                             b_.getInt32(0)));
    return any;
  }
  throw std::logic_error("pyrite: no lowering for _exceptions." + name);
}

} // namespace pyrite::lower
