//===- lower/lower_parallel.cpp - prange loops as parallel regions --------===//
//
// parallel=True: each prange loop of passes::plan_parallel_loops becomes
//   * a chunk function, `i32 chunk(ptr env, i64 lo, i64 hi, i64 index)`,
//     lowered from the loop's own blocks by a FunctionLowering of its own
//     (so every local in it is the chunk's: private temporaries need nothing
//     more), that walks iterations [lo, hi) of the prange;
//   * in the function itself, in place of the loop: an environment of
//     pointers into its frame, pyrite_rt_parallel_for (the target's runtime,
//     runtime/rt_parallel.cpp on the CPU), and the reductions combined from
//     the chunks' values in chunk order.
// The environment, field by field (parallel_env_type):
//   0                     the prange's iterator state {cur, remaining, step}
//   1 + 2i, 2 + 2i        input i: the parent's slot, its bound flag (or null)
//   then 2 per last value the same; then 2 per reduction: the parent's slot
//   and the buffer of PYRITE_MAX_CHUNKS values the chunks leave there.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include <llvm/ADT/APInt.h>
#include <llvm/IR/Intrinsics.h>

#include <algorithm>
#include <cmath>

namespace pyrite::lower {

using llvm::Value;

namespace {

/// Index of the first field of each group in the environment.
struct EnvFields {
  unsigned inputs, last_values, reductions, count;
  explicit EnvFields(const passes::ParallelLoop &loop)
      : inputs(1), last_values(inputs + 2 * unsigned(loop.inputs.size())),
        reductions(last_values + 2 * unsigned(loop.last_values.size())),
        count(reductions + 2 * unsigned(loop.reductions.size())) {}
};

} // namespace

void FunctionLowering::plan_parallel_loops() {
  if (!parallel() || tf_.fn.generator)
    return;
  // Planned on every target, so a variable that cannot be reduced is the
  // same error everywhere; run in parallel where the target can.
  parallel_plan_ = passes::plan_parallel_loops(tf_);
  if (!m_.target.parallel_regions)
    return;
  for (const passes::ParallelLoop &loop : parallel_plan_.loops) {
    parallel_headers_[loop.header] = &loop;
    for (int b : loop.blocks)
      if (b != loop.header)
        parallel_bodies_.insert(b);
  }
}

llvm::StructType *FunctionLowering::parallel_env_type(const passes::ParallelLoop &loop) {
  EnvFields f(loop);
  return llvm::StructType::get(m_.context,
                               std::vector<llvm::Type *>(f.count, b_.getPtrTy()));
}

Value *FunctionLowering::lower_thread_api(const BuiltinCall &c) {
  const std::string &fn = c.r.builtin;
  if (fn == "pyrite.set_num_threads") {
    Value *ok = b_.CreateCall(m_.runtime("pyrite_rt_set_num_threads"), {c.args[0]});
    Value *most = b_.CreateSExt(b_.CreateCall(m_.runtime("pyrite_rt_max_threads")),
                                b_.getInt64Ty());
    raise_if(b_.CreateICmpEQ(ok, b_.getInt32(0)), "ValueError",
             "The number of threads must be between 1 and {0}", {most});
    return b_.getInt8(0); // None
  }
  if (fn == "pyrite.set_parallel_chunksize") {
    raise_if(b_.CreateICmpSLT(c.args[0], i64(0)), "ValueError",
             "chunksize must be greater than or equal to zero");
    return b_.CreateCall(m_.runtime("pyrite_rt_set_parallel_chunksize"), {c.args[0]});
  }
  if (fn == "pyrite.get_parallel_chunksize")
    return b_.CreateCall(m_.runtime("pyrite_rt_parallel_chunksize"));
  if (fn == "pyrite._library._parallel_core.reduction_chunks")
    return reduction_chunks(c.args[0]);
  Value *k = b_.CreateCall(m_.runtime(fn == "pyrite.get_thread_id" ? "pyrite_rt_thread_id"
                                                                    : "pyrite_rt_num_threads"));
  return b_.CreateSExt(k, b_.getInt64Ty());
}

// --- the function that starts the region ------------------------------------------------

void FunctionLowering::lower_parallel_loop(const passes::ParallelLoop &loop) {
  auto &ctx = m_.context;
  auto [state, iter_t] = iter_states_.at(loop.iterator);
  llvm::Type *state_t = m_.iter_state_type(iter_t);
  Value *n = b_.CreateLoad(b_.getInt64Ty(), b_.CreateStructGEP(state_t, state, 1), "prange.n");

  // The chunk function, lowered by a FunctionLowering of its own.
  auto *chunk_t = llvm::FunctionType::get(
      b_.getInt32Ty(), {b_.getPtrTy(), b_.getInt64Ty(), b_.getInt64Ty(), b_.getInt64Ty()},
      false);
  auto *chunk = llvm::Function::Create(chunk_t, llvm::Function::InternalLinkage,
                                       tf_.symbol + ".prange" + std::to_string(loop.header),
                                       *m_.module);
  chunk->addFnAttr(llvm::Attribute::NoUnwind);
  FunctionLowering(m_, tf_, chunk).run_chunk(loop);

  EnvFields f(loop);
  llvm::StructType *env_t = parallel_env_type(loop);
  llvm::AllocaInst *env = entry_alloca(env_t, "parallel.env");
  auto set_field = [&](unsigned k, Value *p) {
    b_.CreateStore(p ? p : llvm::ConstantPointerNull::get(b_.getPtrTy()),
                   b_.CreateStructGEP(env_t, env, k));
  };
  auto flag_of = [&](const std::string &name) -> Value * {
    auto it = bound_flags_.find(name);
    return it == bound_flags_.end() ? nullptr : it->second;
  };
  set_field(0, state);
  for (size_t i = 0; i < loop.inputs.size(); ++i) {
    set_field(f.inputs + 2 * unsigned(i), locals_.at(loop.inputs[i]));
    set_field(f.inputs + 2 * unsigned(i) + 1, flag_of(loop.inputs[i]));
  }
  for (size_t i = 0; i < loop.last_values.size(); ++i) {
    set_field(f.last_values + 2 * unsigned(i), locals_.at(loop.last_values[i]));
    set_field(f.last_values + 2 * unsigned(i) + 1, flag_of(loop.last_values[i]));
  }
  std::vector<std::pair<llvm::AllocaInst *, llvm::ArrayType *>> partials;
  for (size_t i = 0; i < loop.reductions.size(); ++i) {
    const std::string &name = loop.reductions[i].local;
    auto *buf_t = llvm::ArrayType::get(m_.llvm_type(tf_.types.local(name)), PYRITE_MAX_CHUNKS);
    partials.emplace_back(entry_alloca(buf_t, "reduction.partials"), buf_t);
    set_field(f.reductions + 2 * unsigned(i), locals_.at(name));
    set_field(f.reductions + 2 * unsigned(i) + 1, partials.back().first);
  }

  auto *i64t = b_.getInt64Ty();
  Value *nchunks = b_.CreateCall(m_.runtime("pyrite_rt_parallel_chunks"), {n}, "nchunks");
  bool array_reductions = std::any_of(loop.reductions.begin(), loop.reductions.end(),
                                      [](const passes::Reduction &r) { return r.array; });
  if (array_reductions) {
    // At most one chunk per thread, whatever the chunk size asks: each
    // chunk's accumulator array lives until the loop ends (Numba has one
    // per thread too).
    Value *threads = b_.CreateSExt(b_.CreateCall(m_.runtime("pyrite_rt_num_threads")), i64t);
    nchunks = b_.CreateSelect(b_.CreateICmpSLT(threads, nchunks), threads, nchunks);
    for (size_t i = 0; i < loop.reductions.size(); ++i) // (chunks skipped leave null)
      if (loop.reductions[i].array)
        b_.CreateStore(llvm::Constant::getNullValue(partials[i].second), partials[i].first);
  }
  // A reduction that may be unbound: the serial loop's first iteration
  // would raise UnboundLocalError reading it.
  for (const passes::Reduction &r : loop.reductions)
    if (Value *flag = flag_of(r.local)) {
      Value *unbound = b_.CreateNot(b_.CreateLoad(b_.getInt1Ty(), flag));
      raise_if(b_.CreateAnd(unbound, b_.CreateICmpSGT(nchunks, i64(0))), "UnboundLocalError",
               "cannot access local variable '" + ir::variable_of(r.local) +
                   "' where it is not associated with a value");
    }
  Value *status = b_.CreateCall(m_.runtime("pyrite_rt_parallel_for"), {chunk, env, n, nchunks});
  if (array_reductions) {
    // A chunk raised: the arrays the others made go before the exception does.
    auto *failed = llvm::BasicBlock::Create(ctx, "reduction.failed", fn_);
    auto *ok = llvm::BasicBlock::Create(ctx, "reduction.ok", fn_);
    b_.CreateCondBr(b_.CreateICmpNE(status, b_.getInt32(0)), failed, ok);
    b_.SetInsertPoint(failed);
    for (size_t i = 0; i < loop.reductions.size(); ++i) {
      if (!loop.reductions[i].array)
        continue;
      const Type *t = tf_.types.local(loop.reductions[i].local);
      for_each_index({nchunks}, [&](const std::vector<Value *> &k) {
        Value *at = b_.CreateInBoundsGEP(partials[i].second, partials[i].first, {i64(0), k[0]});
        decref(b_.CreateLoad(m_.llvm_type(t), at), t);
      });
    }
    leave_by_exception();
    b_.SetInsertPoint(ok);
  } else {
    propagate_if(status);
  }

  // The reductions, from chunk 0 up: the same order on every run.
  if (!loop.reductions.empty()) {
    auto *pre = b_.GetInsertBlock();
    auto *body = llvm::BasicBlock::Create(ctx, "reduce", fn_);
    auto *done = llvm::BasicBlock::Create(ctx, "reduced", fn_);
    b_.CreateCondBr(b_.CreateICmpSGT(nchunks, i64(0)), body, done);
    b_.SetInsertPoint(body);
    llvm::PHINode *k = b_.CreatePHI(i64t, 2, "chunk");
    k->addIncoming(i64(0), pre);
    for (size_t i = 0; i < loop.reductions.size(); ++i) {
      const passes::Reduction &r = loop.reductions[i];
      const Type *t = tf_.types.local(r.local);
      llvm::AllocaInst *slot = locals_.at(r.local);
      Value *acc = b_.CreateLoad(m_.llvm_type(t), slot);
      Value *part = b_.CreateLoad(
          m_.llvm_type(t), b_.CreateInBoundsGEP(partials[i].second, partials[i].first,
                                                {i64(0), k}));
      Value *combined = combine(r, acc, part);
      if (!r.array)
        b_.CreateStore(combined, slot);
    }
    Value *next = b_.CreateAdd(k, i64(1));
    k->addIncoming(next, b_.GetInsertBlock());
    b_.CreateCondBr(b_.CreateICmpSLT(next, nchunks), body, done);
    b_.SetInsertPoint(done);
  }
  b_.CreateStore(i64(0), b_.CreateStructGEP(state_t, state, 1)); // the loop ran to its end
  release_block_temps();
  b_.CreateBr(successor(loop.exit));
}

Value *FunctionLowering::combine(const passes::Reduction &r, Value *a, Value *b) {
  const Type *t = tf_.types.local(r.local);
  if (!r.array)
    return combine_scalars(r.op, a, b, t);
  // a op= b, element by element; b was a chunk's own array.
  const Type *dt = t->dtype;
  size_t temps = temps_.size();
  broadcast({{a, t}, {b, t}}, {dt, dt}, t,
            [&](const std::vector<Value *> &e) { return combine_scalars(r.op, e[0], e[1], dt); },
            /*register_temp=*/false, a);
  // What it made for this chunk's array goes with it, inside the loop.
  for (size_t k = temps_.size(); k > temps; --k)
    decref(temps_[k - 1].first, temps_[k - 1].second);
  temps_.resize(temps);
  decref(b, t);
  return a;
}

Value *FunctionLowering::combine_scalars(passes::ReductionOp op, Value *a, Value *b,
                                         const Type *t) {
  using Op = passes::ReductionOp;
  if (t->is_complex()) { // + and * only (planning allows no other reduction of them)
    Value *ar = b_.CreateExtractValue(a, 0), *ai = b_.CreateExtractValue(a, 1);
    Value *br = b_.CreateExtractValue(b, 0), *bi = b_.CreateExtractValue(b, 1);
    Value *re, *im;
    if (op == Op::Add) {
      re = b_.CreateFAdd(ar, br);
      im = b_.CreateFAdd(ai, bi);
    } else { // (ar + ai j)(br + bi j)
      Value *rr = b_.CreateFMul(ar, br), *ii = b_.CreateFMul(ai, bi);
      Value *ri = b_.CreateFMul(ar, bi), *ir = b_.CreateFMul(ai, br);
      re = b_.CreateFSub(rr, ii);
      im = b_.CreateFAdd(ri, ir);
    }
    return b_.CreateInsertValue(b_.CreateInsertValue(a, re, 0), im, 1);
  }
  switch (op) {
  case Op::Add: return scalar_binop(ir::BinaryOp::Add, a, b, t);
  case Op::Mul: return scalar_binop(ir::BinaryOp::Mul, a, b, t);
  case Op::And: return scalar_binop(ir::BinaryOp::And, a, b, t);
  case Op::Or: return scalar_binop(ir::BinaryOp::Or, a, b, t);
  case Op::Xor: return scalar_binop(ir::BinaryOp::Xor, a, b, t);
  case Op::Min: // min(a, b) is b only when b < a, as Python's
    return b_.CreateSelect(scalar_compare(ir::CompareOp::Lt, b, a, t), b, a);
  case Op::Max:
    return b_.CreateSelect(scalar_compare(ir::CompareOp::Gt, b, a, t), b, a);
  }
  return a;
}

Value *FunctionLowering::reduction_identity(const passes::Reduction &r, Value *like) {
  using Op = passes::ReductionOp;
  const Type *t = tf_.types.local(r.local);
  const Type *scalar = r.array ? t->dtype : t;
  auto from_int = [&](int64_t v) { return convert(i64(v), types::int64(), scalar); };
  Value *identity = nullptr;
  switch (r.op) {
  case Op::Add:
  case Op::Or:
  case Op::Xor: identity = from_int(0); break;
  case Op::Mul: identity = from_int(1); break;
  case Op::And: identity = from_int(-1); break;
  case Op::Min:
  case Op::Max: {
    bool min = r.op == Op::Min;
    if (scalar->is_float()) {
      identity = fp_const(scalar, min ? HUGE_VAL : -HUGE_VAL);
    } else if (scalar->is_bool()) {
      identity = b_.getInt1(min);
    } else {
      unsigned bits = unsigned(scalar->bits);
      llvm::APInt v = scalar->is_signed
                          ? (min ? llvm::APInt::getSignedMaxValue(bits)
                                 : llvm::APInt::getSignedMinValue(bits))
                          : (min ? llvm::APInt::getMaxValue(bits) : llvm::APInt::getMinValue(bits));
      identity = llvm::ConstantInt::get(m_.context, v);
    }
    break;
  }
  }
  if (!r.array)
    return identity;
  // A new C-contiguous array of the shape of the parent's, filled.
  std::vector<Value *> shape;
  for (int k = 0; k < t->ndim; ++k)
    shape.push_back(b_.CreateExtractValue(like, {kShape, unsigned(k)}));
  const Type *c_t = types::array(t->dtype, t->ndim, 'C');
  Value *arr = allocate_array(c_t, shape);
  for_each_index(shape, [&](const std::vector<Value *> &idx) {
    b_.CreateStore(identity, unchecked_element_pointer(arr, idx));
  });
  return convert(arr, c_t, t);
}

std::pair<std::optional<int64_t>, std::optional<int64_t>>
FunctionLowering::prange_constants(const passes::ParallelLoop &loop) const {
  // prange(stop), prange(start, stop), prange(start, stop, step)
  const ir::Inst *call = nullptr, *getiter = nullptr;
  std::map<int, const ir::Inst *> defs;
  for (const ir::Block &b : tf_.fn.blocks)
    for (const ir::Inst &in : b.insts)
      if (in.result >= 0)
        defs[in.result] = &in;
  getiter = defs.at(loop.iterator);
  call = defs.at(getiter->args[0]);
  auto constant = [&](size_t k) -> std::optional<int64_t> {
    const ir::Inst *d = defs.at(call->args[k]);
    if (d->op == ir::Opcode::Const && d->constant.kind == ir::Constant::Kind::Int)
      return d->constant.i;
    return std::nullopt;
  };
  size_t n = call->args.size() - 1; // after the callee
  std::optional<int64_t> start = n == 1 ? std::optional<int64_t>(0) : constant(1);
  std::optional<int64_t> step = n == 3 ? constant(3) : std::optional<int64_t>(1);
  return {start, step};
}

// --- the chunk function -----------------------------------------------------------------

void FunctionLowering::run_chunk(const passes::ParallelLoop &loop) {
  region_ = &loop;
  begin_frame();
  region_done_ = llvm::BasicBlock::Create(m_.context, "chunk.done", fn_);
  error_dest_ = error_exit_; // (an allocation failing in the prologue)
  chunk_prologue(loop);
  b_.CreateBr(blocks_[size_t(loop.header)]);
  plan_fusion();
  for (const ir::Block &blk : tf_.fn.blocks)
    lower_block(blk);
  b_.SetInsertPoint(region_done_);
  chunk_epilogue(loop);
  b_.SetInsertPoint(error_exit_);
  emit_cleanup_and_return(b_.getInt32(1));
}

void FunctionLowering::chunk_prologue(const passes::ParallelLoop &loop) {
  EnvFields f(loop);
  llvm::StructType *env_t = parallel_env_type(loop);
  Value *env = fn_->getArg(0), *lo = fn_->getArg(1), *hi = fn_->getArg(2);
  auto field = [&](unsigned k) {
    return b_.CreateLoad(b_.getPtrTy(), b_.CreateStructGEP(env_t, env, k));
  };
  // The prange's iterator: its iterations lo .. hi-1.
  auto [state, iter_t] = iter_states_.at(loop.iterator);
  llvm::Type *state_t = m_.iter_state_type(iter_t);
  Value *parent_state = field(0);
  auto *i64t = b_.getInt64Ty();
  // Bounds written as constants in the prange call stay constants here, so
  // LLVM knows what it knows in the serial loop (range(1, n - 1): i - 1 is
  // never negative, no wraparound to test).
  auto [start_c, step_c] = prange_constants(loop);
  Value *start = start_c ? i64(*start_c)
                         : b_.CreateLoad(i64t, b_.CreateStructGEP(state_t, parent_state, 0));
  Value *step = step_c ? i64(*step_c)
                       : b_.CreateLoad(i64t, b_.CreateStructGEP(state_t, parent_state, 2));
  llvm::Function *assume = llvm::Intrinsic::getOrInsertDeclaration(m_.module.get(),
                                                                   llvm::Intrinsic::assume);
  b_.CreateCall(assume, {b_.CreateICmpSGE(lo, i64(0))});
  b_.CreateCall(assume, {b_.CreateICmpSLE(lo, hi)});
  Value *first = b_.CreateAdd(start, b_.CreateMul(lo, step, "", false, true), "", false, true);
  Value *count = b_.CreateSub(hi, lo);
  b_.CreateStore(first, b_.CreateStructGEP(state_t, state, 0));
  b_.CreateStore(count, b_.CreateStructGEP(state_t, state, 1));
  b_.CreateStore(step, b_.CreateStructGEP(state_t, state, 2));
  values_[size_t(loop.iterator)] = state;
  for (const std::string &name : loop.iterator_locals)
    b_.CreateStore(state, locals_.at(name));

  // Inputs: the parent's values, with references of the chunk's own.
  for (size_t i = 0; i < loop.inputs.size(); ++i) {
    const std::string &name = loop.inputs[i];
    const Type *t = tf_.types.local(name);
    Value *v = b_.CreateLoad(m_.llvm_type(t), field(f.inputs + 2 * unsigned(i)));
    if (holds_references(t))
      incref(v, t);
    b_.CreateStore(v, locals_.at(name));
    if (auto flag = bound_flags_.find(name); flag != bound_flags_.end())
      b_.CreateStore(b_.CreateLoad(b_.getInt1Ty(), field(f.inputs + 2 * unsigned(i) + 1)),
                     flag->second);
  }
  for (size_t i = 0; i < loop.reductions.size(); ++i) {
    const passes::Reduction &r = loop.reductions[i];
    const Type *t = tf_.types.local(r.local);
    Value *like = r.array ? b_.CreateLoad(m_.llvm_type(t), field(f.reductions + 2 * unsigned(i)))
                          : nullptr;
    b_.CreateStore(reduction_identity(r, like), locals_.at(r.local));
    if (auto flag = bound_flags_.find(r.local); flag != bound_flags_.end())
      b_.CreateStore(b_.getTrue(), flag->second);
  }
}

void FunctionLowering::chunk_epilogue(const passes::ParallelLoop &loop) {
  EnvFields f(loop);
  llvm::StructType *env_t = parallel_env_type(loop);
  Value *env = fn_->getArg(0), *hi = fn_->getArg(2), *index = fn_->getArg(3);
  auto field = [&](unsigned k) {
    return b_.CreateLoad(b_.getPtrTy(), b_.CreateStructGEP(env_t, env, k));
  };
  for (size_t i = 0; i < loop.reductions.size(); ++i) {
    const passes::Reduction &r = loop.reductions[i];
    llvm::Type *lt = m_.llvm_type(tf_.types.local(r.local));
    llvm::AllocaInst *slot = locals_.at(r.local);
    Value *buffer = field(f.reductions + 2 * unsigned(i) + 1);
    Value *partial = b_.CreateLoad(lt, slot);
    b_.CreateStore(partial, b_.CreateInBoundsGEP(lt, buffer, index));
    if (r.array) // the parent owns the chunk's array now
      b_.CreateStore(llvm::Constant::getNullValue(lt), slot);
  }
  if (!loop.last_values.empty()) {
    // The chunk that ran the last iteration leaves the values the serial
    // loop would (the parent's iterator still counts all of them).
    auto [state, iter_t] = iter_states_.at(loop.iterator);
    llvm::Type *state_t = m_.iter_state_type(iter_t);
    Value *n = b_.CreateLoad(b_.getInt64Ty(), b_.CreateStructGEP(state_t, field(0), 1));
    auto *last = llvm::BasicBlock::Create(m_.context, "chunk.last", fn_);
    auto *cont = llvm::BasicBlock::Create(m_.context, "chunk.end", fn_);
    b_.CreateCondBr(b_.CreateICmpEQ(hi, n), last, cont);
    b_.SetInsertPoint(last);
    for (size_t i = 0; i < loop.last_values.size(); ++i) {
      const std::string &name = loop.last_values[i];
      const Type *t = tf_.types.local(name);
      llvm::Type *lt = m_.llvm_type(t);
      Value *parent_slot = field(f.last_values + 2 * unsigned(i));
      Value *v = b_.CreateLoad(lt, locals_.at(name));
      if (holds_references(t)) {
        incref(v, t);
        decref(b_.CreateLoad(lt, parent_slot), t);
      }
      b_.CreateStore(v, parent_slot);
      if (bound_flags_.count(name))
        b_.CreateStore(b_.getTrue(), field(f.last_values + 2 * unsigned(i) + 1));
    }
    b_.CreateBr(cont);
    b_.SetInsertPoint(cont);
  }
  emit_cleanup_and_return(b_.getInt32(0));
}

// --- automatic parallelization ------------------------------------------------------------

/// Iterations below which an array expression or reduction stays on one
/// thread: starting a region costs about as much as this many elements.
constexpr int64_t kAutoParallelMin = 1 << 16;

bool FunctionLowering::auto_parallel() const {
  return parallel() && m_.target.parallel_regions && !region_ && !coro_;
}

Value *FunctionLowering::reduction_chunks(Value *n) {
  if (!auto_parallel())
    return i64(1);
  Value *chunks = b_.CreateCall(m_.runtime("pyrite_rt_parallel_chunks"), {n});
  return b_.CreateSelect(b_.CreateICmpSLT(n, i64(kAutoParallelMin)), i64(1), chunks);
}

/// Whether `fn` uses an instruction or argument of another function (a
/// value of the parent that a chunk's body was not given).
static bool uses_other_functions(llvm::Function *fn) {
  for (llvm::BasicBlock &bb : *fn)
    for (llvm::Instruction &inst : bb)
      for (llvm::Value *op : inst.operands()) {
        if (auto *i = llvm::dyn_cast<llvm::Instruction>(op); i && i->getFunction() != fn)
          return true;
        if (auto *a = llvm::dyn_cast<llvm::Argument>(op); a && a->getParent() != fn)
          return true;
      }
  return false;
}

Value *FunctionLowering::parallel_range(Value *n, const std::vector<Value *> &captured,
                                        const ChunkBody &body, Value *work) {
  auto inline_body = [&] {
    body(i64(0), n, i64(0), captured);
    return i64(1);
  };
  if (!auto_parallel())
    return inline_body();
  auto &ctx = m_.context;
  std::vector<llvm::Type *> fields;
  for (Value *v : captured)
    fields.push_back(v->getType());
  auto *env_t = llvm::StructType::get(ctx, fields);
  auto *i64t = b_.getInt64Ty();
  auto *chunk = llvm::Function::Create(
      llvm::FunctionType::get(b_.getInt32Ty(), {b_.getPtrTy(), i64t, i64t, i64t}, false),
      llvm::Function::InternalLinkage, fn_->getName() + ".chunk", *m_.module);
  chunk->addFnAttr(llvm::Attribute::NoUnwind);

  // The body, emitted into the chunk by this FunctionLowering pointed at it.
  llvm::Function *saved_fn = fn_;
  llvm::BasicBlock *saved_block = b_.GetInsertBlock(), *saved_exit = error_exit_,
                   *saved_dest = error_dest_;
  auto saved_temps = std::move(temps_);
  temps_.clear();
  fn_ = chunk;
  b_.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", chunk));
  error_exit_ = error_dest_ = llvm::BasicBlock::Create(ctx, "raised", chunk);
  std::vector<Value *> values;
  for (unsigned k = 0; k < captured.size(); ++k)
    values.push_back(b_.CreateLoad(fields[k], b_.CreateStructGEP(env_t, chunk->getArg(0), k)));
  body(chunk->getArg(1), chunk->getArg(2), chunk->getArg(3), values);
  bool self_contained = temps_.empty();
  b_.CreateRet(b_.getInt32(0));
  b_.SetInsertPoint(error_exit_);
  b_.CreateRet(b_.getInt32(1));
  fn_ = saved_fn;
  error_exit_ = saved_exit;
  error_dest_ = saved_dest;
  temps_ = std::move(saved_temps);
  b_.SetInsertPoint(saved_block);
  if (!self_contained || uses_other_functions(chunk)) {
    chunk->eraseFromParent();
    return inline_body();
  }

  llvm::AllocaInst *env = entry_alloca(env_t, "auto.env");
  for (unsigned k = 0; k < captured.size(); ++k)
    b_.CreateStore(captured[k], b_.CreateStructGEP(env_t, env, k));
  Value *chunks = b_.CreateCall(m_.runtime("pyrite_rt_parallel_chunks"), {n});
  Value *small = b_.CreateICmpSLT(work ? work : n, i64(kAutoParallelMin));
  Value *nchunks = b_.CreateSelect(small, b_.CreateSelect(b_.CreateICmpSGT(n, i64(0)), i64(1),
                                                          i64(0)),
                                   chunks);
  Value *status = b_.CreateCall(m_.runtime("pyrite_rt_parallel_for"), {chunk, env, n, nchunks});
  propagate_if(status);
  return nchunks;
}

Value *FunctionLowering::parallel_pairwise_sum(Value *data, Value *n, const Type *dt) {
  llvm::Type *ft = m_.llvm_type(dt);
  auto *buf_t = llvm::ArrayType::get(ft, PYRITE_MAX_CHUNKS);
  llvm::AllocaInst *buf = entry_alloca(buf_t, "sum.partials");
  int64_t itemsize = int64_t(dt->bits / 8);
  Value *nchunks = parallel_range(
      n, {data, buf}, [&](Value *lo, Value *hi, Value *index, const std::vector<Value *> &c) {
        Value *start = b_.CreateInBoundsGEP(ft, c[0], lo);
        Value *count = b_.CreateSub(hi, lo);
        Value *part = pairwise_sum(start, count, i64(itemsize), dt);
        b_.CreateStore(part, b_.CreateInBoundsGEP(buf_t, c[1], {i64(0), index}));
      });
  llvm::AllocaInst *acc = entry_alloca(ft, "sum.acc");
  b_.CreateStore(llvm::ConstantFP::get(ft, 0.0), acc);
  for_each_index({nchunks}, [&](const std::vector<Value *> &k) {
    Value *part = b_.CreateLoad(ft, b_.CreateInBoundsGEP(buf_t, buf, {i64(0), k[0]}));
    Value *cur = b_.CreateLoad(ft, acc);
    b_.CreateStore(b_.CreateFAdd(cur, part), acc);
  });
  return b_.CreateLoad(ft, acc);
}

} // namespace pyrite::lower
