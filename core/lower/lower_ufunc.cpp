//===- lower/lower_ufunc.cpp - NumPy ufunc loops over compiled kernels ----===//
//
// @vectorize and @guvectorize make real numpy.ufunc objects whose inner
// loops are built here around the kernel, which inlines into them:
//   loop(args, dims, steps, data)    NumPy's PyUFuncGenericFunction; with
//                                    target='parallel' it splits dims[0]
//                                    over pyrite_rt_parallel_for
//   body(env, lo, hi, index) -> i32  iterations [lo, hi) of the outer loop
//                                    (a PyriteChunkFn); env = {args, dims, steps}
// An elementwise body has two copies of its loop: one for contiguous
// operands (steps equal to the item sizes, which LLVM vectorizes) and one
// for any strides.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include "support/diagnostics.h"

namespace pyrite::lower {

using llvm::Value;

namespace {

class UfuncLoopBuilder {
public:
  UfuncLoopBuilder(ModuleState &s, const typing::TypedFunction &tf, const UfuncLoop &spec)
      : s_(s), tf_(tf), spec_(spec), b_(s.context) {}

  void build(const std::string &name) {
    check_operands();
    llvm::Function *body = make_body(name + ".body");
    auto *ptr = b_.getPtrTy();
    auto *loop = llvm::Function::Create(
        llvm::FunctionType::get(b_.getVoidTy(), {ptr, ptr, ptr, ptr}, false),
        llvm::Function::ExternalLinkage, name, *s_.module);
    b_.SetInsertPoint(llvm::BasicBlock::Create(s_.context, "entry", loop));
    auto *env_t = env_type();
    Value *env = b_.CreateAlloca(env_t);
    for (unsigned k = 0; k < 3; ++k)
      b_.CreateStore(loop->getArg(k), b_.CreateStructGEP(env_t, env, k));
    Value *n = b_.CreateLoad(b_.getInt64Ty(), loop->getArg(1));
    Value *status;
    if (spec_.parallel) {
      // Threads only where iterations are independent: NumPy's reduce and
      // accumulate call the loop with the output as an input (at stride 0,
      // or one element behind), which must run in order.
      Value *nchunks = b_.CreateCall(s_.runtime("pyrite_rt_parallel_chunks"), {n});
      Value *one = b_.CreateSelect(b_.CreateICmpSGT(n, b_.getInt64(0)), b_.getInt64(1),
                                   b_.getInt64(0));
      nchunks = b_.CreateSelect(independent(loop, n), nchunks, one);
      status = b_.CreateCall(s_.runtime("pyrite_rt_parallel_for"), {body, env, n, nchunks});
    } else {
      status = b_.CreateCall(body, {env, b_.getInt64(0), n, b_.getInt64(0)});
    }
    auto *failed = llvm::BasicBlock::Create(s_.context, "failed", loop);
    auto *done = llvm::BasicBlock::Create(s_.context, "done", loop);
    b_.CreateCondBr(b_.CreateICmpNE(status, b_.getInt32(0)), failed, done);
    b_.SetInsertPoint(failed);
    b_.CreateCall(s_.runtime("pyrite_rt_ufunc_error"));
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    b_.CreateRetVoid();
  }

private:
  ModuleState &s_;
  const typing::TypedFunction &tf_;
  const UfuncLoop &spec_;
  llvm::IRBuilder<> b_;

  /// Whether the outer loop's iterations touch no common memory an
  /// output writes: no output at step 0, and each output's bytes apart from
  /// every input's, unless they coincide element for element (out= an input).
  Value *independent(llvm::Function *loop, Value *n) {
    size_t nops = operands(), nin = spec_.gufunc ? size_t(spec_.nin) : tf_.arg_types.size();
    auto *ptr = b_.getPtrTy();
    auto *i64t = b_.getInt64Ty();
    std::vector<Value *> base, step;
    for (size_t k = 0; k < nops; ++k) {
      base.push_back(b_.CreatePtrToInt(
          b_.CreateLoad(ptr, b_.CreateConstGEP1_64(ptr, loop->getArg(0), k)), i64t));
      step.push_back(b_.CreateLoad(i64t, b_.CreateConstGEP1_64(i64t, loop->getArg(2), k)));
    }
    Value *last = b_.CreateSub(n, b_.getInt64(1));
    auto span = [&](size_t k) { // [lo, hi): the bytes operand k's elements (or blocks) start in
      Value *end = b_.CreateAdd(base[k], b_.CreateMul(last, step[k]));
      Value *down = b_.CreateICmpSLT(step[k], b_.getInt64(0));
      Value *lo = b_.CreateSelect(down, end, base[k]);
      Value *hi = b_.CreateSelect(down, base[k], end);
      // (a gufunc's core block reaches past its start: count a whole step)
      Value *back = b_.CreateNeg(step[k]);
      Value *reach = b_.CreateSelect(down, back, step[k]);
      return std::make_pair(lo, b_.CreateAdd(hi, reach));
    };
    Value *ok = b_.getTrue();
    for (size_t o = nin; o < nops; ++o) {
      ok = b_.CreateAnd(ok, b_.CreateICmpNE(step[o], b_.getInt64(0)));
      auto [olo, ohi] = span(o);
      for (size_t k = 0; k < nin; ++k) {
        auto [ilo, ihi] = span(k);
        Value *below = b_.CreateICmpSLE(ohi, ilo);
        Value *above = b_.CreateICmpSLE(ihi, olo);
        Value *same_base = b_.CreateICmpEQ(base[o], base[k]);
        Value *same_step = b_.CreateICmpEQ(step[o], step[k]);
        Value *apart = b_.CreateOr(below, above);
        Value *same = b_.CreateAnd(same_base, same_step);
        ok = b_.CreateAnd(ok, b_.CreateOr(apart, same));
      }
    }
    return ok;
  }

  size_t operands() const {
    return spec_.gufunc ? spec_.core_dims.size() : tf_.arg_types.size() + 1;
  }
  llvm::StructType *env_type() {
    return llvm::StructType::get(s_.context, {b_.getPtrTy(), b_.getPtrTy(), b_.getPtrTy()});
  }

  void check_operands() {
    auto fail = [&](const std::string &why) {
      typing_error(why, {tf_.fn.first_line, -1, -1, -1});
    };
    const Type *rt = tf_.types.return_type;
    if (!spec_.gufunc) {
      for (const Type *t : tf_.arg_types)
        if (!(t->is_number() || t->is_complex()))
          fail("a @vectorize kernel takes numbers, not " + t->display);
      if (!(rt->is_number() || rt->is_complex()))
        fail("a @vectorize kernel returns a number, not " + rt->display);
      return;
    }
    if (spec_.core_dims.size() != tf_.arg_types.size())
      fail("the @guvectorize layout has " + std::to_string(spec_.core_dims.size()) +
           " operands, the kernel takes " + std::to_string(tf_.arg_types.size()));
    for (size_t k = 0; k < tf_.arg_types.size(); ++k) {
      const Type *t = tf_.arg_types[k];
      size_t dims = spec_.core_dims[k].size();
      bool output = int(k) >= spec_.nin;
      if (t->is_array()) {
        if (size_t(t->ndim) != std::max<size_t>(dims, 1) || (dims == 0 && t->ndim != 1))
          fail("operand " + std::to_string(k) + " of the @guvectorize layout has " +
               std::to_string(dims) + " core dimensions; the kernel takes it as " + t->display);
        if (!(t->dtype->is_number() || t->dtype->is_complex()))
          fail("@guvectorize operands hold numbers, not " + t->dtype->display);
      } else if (dims != 0 || output || !(t->is_number() || t->is_complex())) {
        fail("operand " + std::to_string(k) + " of the @guvectorize kernel must be an array (" +
             t->display + " given)");
      }
    }
  }

  /// The kernel's argument k for the element at `at` (operand k's address
  /// of the current iteration).
  Value *operand(size_t k, Value *at, const std::vector<Value *> &core, Value *steps) {
    const Type *t = tf_.arg_types[k];
    if (!t->is_array()) {
      Value *v = b_.CreateLoad(s_.memory_type(t), at);
      return t->is_bool() ? b_.CreateICmpNE(v, b_.getInt8(0)) : v;
    }
    // A view of the core block: no owner, NumPy's pointer and strides.
    auto *at_t = s_.array_struct(t->ndim);
    Value *arr = llvm::Constant::getNullValue(at_t);
    Value *itemsize = b_.getInt64(s_.itemsize(t->dtype));
    Value *nitems = b_.getInt64(1);
    const std::vector<int> &dims = spec_.core_dims[k];
    size_t first_step = operands();
    for (size_t j = 0; j < k; ++j)
      first_step += spec_.core_dims[j].size();
    for (int d = 0; d < t->ndim; ++d) {
      Value *extent = dims.empty() ? b_.getInt64(1) : core[size_t(dims[size_t(d)])];
      Value *stride = dims.empty() ? itemsize
                                   : b_.CreateLoad(b_.getInt64Ty(),
                                                   b_.CreateConstGEP1_64(b_.getInt64Ty(), steps,
                                                                         first_step + size_t(d)));
      arr = b_.CreateInsertValue(arr, extent, {kShape, unsigned(d)});
      arr = b_.CreateInsertValue(arr, stride, {kStrides, unsigned(d)});
      nitems = b_.CreateMul(nitems, extent);
    }
    arr = b_.CreateInsertValue(arr, nitems, kNItems);
    arr = b_.CreateInsertValue(arr, itemsize, kItemSize);
    return b_.CreateInsertValue(arr, at, kData);
  }

  /// `i32 body(env, lo, hi, index)`: iterations [lo, hi) of the outer loop.
  llvm::Function *make_body(const std::string &name) {
    llvm::Function *kernel = s_.lower(tf_);
    auto *ptr = b_.getPtrTy();
    auto *i64t = b_.getInt64Ty();
    auto *fn = llvm::Function::Create(
        llvm::FunctionType::get(b_.getInt32Ty(), {ptr, i64t, i64t, i64t}, false),
        llvm::Function::InternalLinkage, name, *s_.module);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    auto *entry = llvm::BasicBlock::Create(s_.context, "entry", fn);
    b_.SetInsertPoint(entry);
    auto *env_t = env_type();
    Value *args = b_.CreateLoad(ptr, b_.CreateStructGEP(env_t, fn->getArg(0), 0));
    Value *dims = b_.CreateLoad(ptr, b_.CreateStructGEP(env_t, fn->getArg(0), 1));
    Value *steps = b_.CreateLoad(ptr, b_.CreateStructGEP(env_t, fn->getArg(0), 2));
    Value *lo = fn->getArg(1), *hi = fn->getArg(2);
    size_t nops = operands();
    std::vector<Value *> base, step;
    for (size_t k = 0; k < nops; ++k) {
      base.push_back(b_.CreateLoad(ptr, b_.CreateConstGEP1_64(ptr, args, k)));
      step.push_back(b_.CreateLoad(i64t, b_.CreateConstGEP1_64(i64t, steps, k)));
    }
    std::vector<Value *> core; // a gufunc's core dimensions
    int ncore = 0;
    for (const auto &d : spec_.core_dims)
      for (int c : d)
        ncore = std::max(ncore, c + 1);
    for (int c = 0; c < ncore; ++c)
      core.push_back(b_.CreateLoad(i64t, b_.CreateConstGEP1_64(i64t, dims, size_t(1 + c))));
    const Type *rt = tf_.types.return_type;
    llvm::AllocaInst *ret = b_.CreateAlloca(s_.llvm_type(rt));
    auto *fail = llvm::BasicBlock::Create(s_.context, "raised", fn);
    auto *done = llvm::BasicBlock::Create(s_.context, "done", fn);

    // One loop over [lo, hi); `address(k, i)` is operand k's element i.
    using Address = std::function<Value *(size_t, Value *)>;
    auto emit_loop = [&](const Address &address, llvm::BasicBlock *exit) {
      auto *pre = b_.GetInsertBlock();
      auto *head = llvm::BasicBlock::Create(s_.context, "loop", fn, exit);
      auto *body = llvm::BasicBlock::Create(s_.context, "element", fn, exit);
      b_.CreateBr(head);
      b_.SetInsertPoint(head);
      llvm::PHINode *i = b_.CreatePHI(i64t, 2, "i");
      i->addIncoming(lo, pre);
      b_.CreateCondBr(b_.CreateICmpSLT(i, hi), body, exit);
      b_.SetInsertPoint(body);
      std::vector<Value *> call_args = {ret};
      for (size_t k = 0; k < tf_.arg_types.size(); ++k)
        call_args.push_back(operand(k, address(k, i), core, steps));
      Value *status = b_.CreateCall(kernel, call_args);
      auto *ok = llvm::BasicBlock::Create(s_.context, "ok", fn, exit);
      b_.CreateCondBr(b_.CreateICmpNE(status, b_.getInt32(0)), fail, ok);
      b_.SetInsertPoint(ok);
      if (!spec_.gufunc) {
        Value *r = b_.CreateLoad(s_.llvm_type(rt), ret);
        if (rt->is_bool())
          r = b_.CreateZExt(r, b_.getInt8Ty());
        b_.CreateStore(r, address(nops - 1, i));
      }
      i->addIncoming(b_.CreateAdd(i, b_.getInt64(1)), b_.GetInsertBlock());
      b_.CreateBr(head);
    };
    auto strided = [&](size_t k, Value *i) {
      return b_.CreateGEP(b_.getInt8Ty(), base[k], b_.CreateMul(i, step[k]));
    };
    if (spec_.gufunc) {
      emit_loop(strided, done);
    } else {
      // Contiguous operands get a loop of their own, which LLVM vectorizes.
      auto elem_type = [&](size_t k) {
        return s_.memory_type(k < tf_.arg_types.size() ? tf_.arg_types[k] : rt);
      };
      Value *contiguous = b_.getTrue();
      for (size_t k = 0; k < nops; ++k) {
        const Type *t = k < tf_.arg_types.size() ? tf_.arg_types[k] : rt;
        contiguous = b_.CreateAnd(contiguous,
                                  b_.CreateICmpEQ(step[k], b_.getInt64(s_.itemsize(t))));
      }
      auto *fast = llvm::BasicBlock::Create(s_.context, "contiguous", fn, done);
      auto *slow = llvm::BasicBlock::Create(s_.context, "strided", fn, done);
      b_.CreateCondBr(contiguous, fast, slow);
      b_.SetInsertPoint(fast);
      emit_loop([&](size_t k, Value *i) { return b_.CreateInBoundsGEP(elem_type(k), base[k], i); },
                done);
      b_.SetInsertPoint(slow);
      emit_loop(strided, done);
    }
    b_.SetInsertPoint(done);
    b_.CreateRet(b_.getInt32(0));
    b_.SetInsertPoint(fail);
    b_.CreateRet(b_.getInt32(1));
    return fn;
  }
};

} // namespace

void ModuleBuilder::add_ufunc_loop(const typing::TypedFunction &kernel, const std::string &name,
                                   const UfuncLoop &spec) {
  UfuncLoopBuilder(impl_->state, kernel, spec).build(name);
}

} // namespace pyrite::lower
