//===- lower/lower_generators.cpp - generators as LLVM coroutines ----------===//
//
// A generator function is lowered as an LLVM coroutine (switched-resume
// lowering, llvm/docs/Coroutines.rst): LLVM's CoroSplit pass cuts it at each
// `yield` into a ramp, a resume and a destroy function and moves what lives
// across a yield into the coroutine's frame. The function itself is the
// ramp: it allocates the frame inside a meminfo, writes the generator value
// {meminfo, handle} (data_model.h) to its return slot and suspends before
// the body runs, as a Python generator does until its first next().
//
// Each resumption runs to the next `yield`, which leaves a new reference to
// the value and status 0 in the promise, or to the body's end (return or
// raise), which releases what the frame holds, leaves the status (1 when an
// exception was raised) and suspends for the last time. Consumers
// (iter_has_next) resume and then read the promise; the meminfo's
// destructor destroys the coroutine, releasing what a generator abandoned
// at a yield still held.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

namespace pyrite::lower {

using llvm::Value;

namespace {

llvm::Function *intrinsic(llvm::Module &m, llvm::Intrinsic::ID id,
                          llvm::ArrayRef<llvm::Type *> overloads = {}) {
  return llvm::Intrinsic::getOrInsertDeclaration(&m, id, overloads);
}

} // namespace

llvm::StructType *FunctionLowering::promise_type(const Type *generator) {
  return llvm::StructType::get(m_.context,
                               {b_.getInt32Ty(), m_.llvm_type(generator->dtype)});
}

llvm::Align FunctionLowering::promise_align(const Type *generator) {
  return m_.module->getDataLayout().getABITypeAlign(promise_type(generator));
}

/// The module's meminfo destructor of generators: destroys the coroutine
/// whose frame is the meminfo's data.
static llvm::Function *destroy_thunk(llvm::Module &m) {
  const char *name = "pyrite.generator.destroy";
  if (llvm::Function *f = m.getFunction(name))
    return f;
  auto &ctx = m.getContext();
  auto *ft = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx),
                                     {llvm::PointerType::get(ctx, 0)}, false);
  auto *f = llvm::Function::Create(ft, llvm::Function::InternalLinkage, name, m);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", f));
  b.CreateCall(intrinsic(m, llvm::Intrinsic::coro_destroy), {f->getArg(0)});
  b.CreateRetVoid();
  return f;
}

void FunctionLowering::begin_generator() {
  const Type *gen_t = tf_.types.return_type;
  llvm::Module &m = *m_.module;
  Coroutine c;
  c.promise = b_.CreateAlloca(promise_type(gen_t), nullptr, "promise");
  c.promise->setAlignment(promise_align(gen_t));
  auto *null = llvm::ConstantPointerNull::get(b_.getPtrTy());
  c.id = b_.CreateCall(intrinsic(m, llvm::Intrinsic::coro_id),
                       {b_.getInt32(0), c.promise, null, null});
  Value *need = b_.CreateCall(intrinsic(m, llvm::Intrinsic::coro_alloc), {c.id});
  llvm::BasicBlock *from = b_.GetInsertBlock();
  auto *alloc = llvm::BasicBlock::Create(m_.context, "coro.alloc", fn_);
  auto *begin = llvm::BasicBlock::Create(m_.context, "coro.begin", fn_);
  b_.CreateCondBr(need, alloc, begin);

  b_.SetInsertPoint(alloc);
  Value *size = b_.CreateCall(intrinsic(m, llvm::Intrinsic::coro_size, {b_.getInt64Ty()}), {});
  Value *mi = b_.CreateCall(m_.runtime("pyrite_rt_meminfo_alloc_small"), {size});
  // No frame, no coroutine: raise straight from the ramp.
  auto *no_memory = llvm::BasicBlock::Create(m_.context, "coro.nomem", fn_);
  auto *have_memory = llvm::BasicBlock::Create(m_.context, "coro.mem", fn_);
  b_.CreateCondBr(b_.CreateIsNull(mi), no_memory, have_memory,
                  llvm::MDBuilder(m_.context).createUnlikelyBranchWeights());
  b_.SetInsertPoint(no_memory);
  Value *cls = exception_class_chain("MemoryError"), *message = global_string("");
  b_.CreateCall(m_.runtime("pyrite_rt_raise"), {cls, message});
  b_.CreateRet(b_.getInt32(1));
  b_.SetInsertPoint(have_memory);
  Value *dtor = b_.CreateConstGEP1_64(b_.getInt8Ty(), mi, kMemInfoDtorOffset);
  b_.CreateStore(destroy_thunk(m), dtor);
  Value *data = b_.CreateLoad(b_.getPtrTy(),
                              b_.CreateConstGEP1_64(b_.getInt8Ty(), mi, kMemInfoDataOffset));
  llvm::BasicBlock *allocated = b_.GetInsertBlock();
  b_.CreateBr(begin);

  b_.SetInsertPoint(begin);
  auto *frame = b_.CreatePHI(b_.getPtrTy(), 2);
  frame->addIncoming(null, from);
  frame->addIncoming(data, allocated);
  auto *owner = b_.CreatePHI(b_.getPtrTy(), 2);
  owner->addIncoming(null, from);
  owner->addIncoming(mi, allocated);
  c.handle = b_.CreateCall(intrinsic(m, llvm::Intrinsic::coro_begin), {c.id, frame});
  Value *gen = llvm::UndefValue::get(m_.llvm_type(gen_t));
  gen = b_.CreateInsertValue(gen, owner, data_model::kGenMemInfo);
  gen = b_.CreateInsertValue(gen, c.handle, data_model::kGenHandle);
  b_.CreateStore(gen, ret_arg_);

  c.suspend = llvm::BasicBlock::Create(m_.context, "coro.suspend", fn_);
  c.release = llvm::BasicBlock::Create(m_.context, "coro.release", fn_);
  c.free = llvm::BasicBlock::Create(m_.context, "coro.free", fn_);
  c.finish = llvm::BasicBlock::Create(m_.context, "coro.finish", fn_);
  coro_ = c;
}

Value *FunctionLowering::suspend(bool final, llvm::BasicBlock *on_destroy) {
  auto *none = llvm::ConstantTokenNone::get(m_.context);
  Value *s = b_.CreateCall(intrinsic(*m_.module, llvm::Intrinsic::coro_suspend),
                           {none, b_.getInt1(final)});
  auto *resumed = llvm::BasicBlock::Create(m_.context, final ? "coro.never" : "resumed", fn_);
  auto *sw = b_.CreateSwitch(s, coro_->suspend, 2);
  sw->addCase(b_.getInt8(0), resumed);
  sw->addCase(b_.getInt8(1), on_destroy);
  b_.SetInsertPoint(resumed);
  if (final) // resuming a finished coroutine: never done (iter_has_next checks)
    b_.CreateUnreachable();
  return s;
}

void FunctionLowering::initial_suspend() { suspend(/*final=*/false, coro_->free); }

void FunctionLowering::finish_coroutine() {
  // The body ended (every return and the error exit come here): what the
  // frame holds goes now, and the one final suspend point follows; a
  // destroy after it releases nothing more.
  b_.SetInsertPoint(coro_->finish);
  release_frame();
  suspend(/*final=*/true, coro_->free);
  // Destroyed at a yield: what the frame holds goes, then the frame.
  b_.SetInsertPoint(coro_->release);
  release_frame();
  b_.CreateBr(coro_->free);
  b_.SetInsertPoint(coro_->free);
  b_.CreateCall(intrinsic(*m_.module, llvm::Intrinsic::coro_free), {coro_->id, coro_->handle});
  b_.CreateBr(coro_->suspend); // the meminfo frees the memory after its destructor
  b_.SetInsertPoint(coro_->suspend);
  b_.CreateCall(intrinsic(*m_.module, llvm::Intrinsic::coro_end),
                {coro_->handle, b_.getFalse(), llvm::ConstantTokenNone::get(m_.context)});
  b_.CreateRet(b_.getInt32(0));
}

void FunctionLowering::release_frame() {
  for (const auto &[id, state] : iter_states_)
    iter_release(state.first, state.second);
  for (const auto &[name, t] : tf_.types.locals)
    if (holds_references(t))
      decref(b_.CreateLoad(m_.llvm_type(t), locals_[name]), t);
}

void FunctionLowering::generator_return(Value *status) {
  b_.CreateStore(status, b_.CreateStructGEP(promise_type(tf_.types.return_type), coro_->promise,
                                            data_model::kGenStatus));
  b_.CreateBr(coro_->finish);
}

Value *FunctionLowering::generator_yield(const ir::Inst &in) {
  const Type *gen_t = tf_.types.return_type;
  Value *v = convert(value(in.args[0]), type_of(in.args[0]), gen_t->dtype);
  incref(v, gen_t->dtype); // the consumer's own reference
  llvm::StructType *pt = promise_type(gen_t);
  b_.CreateStore(b_.getInt32(0), b_.CreateStructGEP(pt, coro_->promise, data_model::kGenStatus));
  b_.CreateStore(v, b_.CreateStructGEP(pt, coro_->promise, data_model::kGenValue));
  // Destroyed while suspended here: this block's temporaries go too.
  auto *destroyed = llvm::BasicBlock::Create(m_.context, "destroyed", fn_);
  llvm::BasicBlock *here = b_.GetInsertBlock();
  b_.SetInsertPoint(destroyed);
  release_block_temps();
  b_.CreateBr(coro_->release);
  b_.SetInsertPoint(here);
  suspend(/*final=*/false, destroyed);
  return llvm::Constant::getNullValue(m_.llvm_type(types::none()));
}

// --- consumers ----------------------------------------------------------------

Value *FunctionLowering::promise_of(Value *handle, const Type *t) {
  llvm::Function *f = intrinsic(*m_.module, llvm::Intrinsic::coro_promise);
  Value *align = b_.getInt32(uint32_t(promise_align(t).value()));
  return b_.CreateCall(f, {handle, align, b_.getFalse()});
}

Value *FunctionLowering::generator_advance(Value *gen, const Type *t) {
  Value *handle = b_.CreateExtractValue(gen, data_model::kGenHandle);
  llvm::Module &m = *m_.module;
  auto *run = llvm::BasicBlock::Create(m_.context, "gen.resume", fn_);
  auto *join = llvm::BasicBlock::Create(m_.context, "gen.next", fn_);
  llvm::BasicBlock *from = b_.GetInsertBlock();
  Value *done = b_.CreateCall(intrinsic(m, llvm::Intrinsic::coro_done), {handle});
  b_.CreateCondBr(done, join, run);
  b_.SetInsertPoint(run);
  b_.CreateCall(intrinsic(m, llvm::Intrinsic::coro_resume), {handle});
  Value *promise = promise_of(handle, t);
  Value *status = b_.CreateLoad(
      b_.getInt32Ty(), b_.CreateStructGEP(promise_type(t), promise, data_model::kGenStatus));
  propagate_if(status);
  Value *more = b_.CreateNot(b_.CreateCall(intrinsic(m, llvm::Intrinsic::coro_done), {handle}));
  llvm::BasicBlock *ran = b_.GetInsertBlock();
  b_.CreateBr(join);
  b_.SetInsertPoint(join);
  auto *phi = b_.CreatePHI(b_.getInt1Ty(), 2);
  phi->addIncoming(b_.getFalse(), from);
  phi->addIncoming(more, ran);
  return phi;
}

Value *FunctionLowering::generator_current(Value *gen, const Type *t) {
  Value *handle = b_.CreateExtractValue(gen, data_model::kGenHandle);
  Value *promise = promise_of(handle, t);
  return b_.CreateLoad(m_.llvm_type(t->dtype),
                       b_.CreateStructGEP(promise_type(t), promise, data_model::kGenValue));
}

} // namespace pyrite::lower
