//===- lower/lower_function.cpp - functions, control flow, exceptions ----===//
#include "lower/lowering.h"

#include "support/diagnostics.h"

#include <llvm/AsmParser/Parser.h>
#include <algorithm>
#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Linker/Linker.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>

extern "C" const unsigned char pyrite_rt_inline_bitcode[], pyrite_rt_aot_bitcode[],
    pyrite_mt19937_bitcode[], pyrite_rt_format_bitcode[], pyrite_unicode_db_bitcode[],
    pyrite_rt_list_bitcode[];
extern "C" const size_t pyrite_rt_inline_bitcode_size, pyrite_rt_aot_bitcode_size,
    pyrite_mt19937_bitcode_size, pyrite_rt_format_bitcode_size, pyrite_unicode_db_bitcode_size,
    pyrite_rt_list_bitcode_size;

namespace pyrite::lower {

using llvm::Value;


llvm::Function *ModuleState::lower(const typing::TypedFunction &tf) {
  auto it = lowered.find(tf.symbol);
  if (it != lowered.end())
    return it->second;
  std::vector<llvm::Type *> params = {llvm::PointerType::get(context, 0)};
  for (const Type *t : tf.arg_types)
    params.push_back(llvm_type(t));
  auto *ft = llvm::FunctionType::get(llvm::Type::getInt32Ty(context), params, false);
  auto *fn = llvm::Function::Create(ft, llvm::Function::InternalLinkage, tf.symbol, *module);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  if (tf.always_inline)
    fn->addFnAttr(llvm::Attribute::AlwaysInline);
  fn->getArg(0)->addAttr(llvm::Attribute::NoAlias);
  if (tf.fn.generator) // CoroSplit cuts it at each yield (lower_generators.cpp)
    fn->addFnAttr(llvm::Attribute::PresplitCoroutine);
  lowered[tf.symbol] = fn;
  FunctionLowering(*this, tf, fn).run();
  return fn;
}

// --- function skeleton ----------------------------------------------------------

/// LLVM's flags for a set of PYRITE_FASTMATH_* bits, one row per flag.
static llvm::FastMathFlags fast_math_flags(uint32_t bits) {
  using F = llvm::FastMathFlags;
  static const struct {
    uint32_t bit;
    void (F::*set)(bool);
  } kFlags[] = {{PYRITE_FASTMATH_NNAN, &F::setNoNaNs},
                {PYRITE_FASTMATH_NINF, &F::setNoInfs},
                {PYRITE_FASTMATH_NSZ, &F::setNoSignedZeros},
                {PYRITE_FASTMATH_ARCP, &F::setAllowReciprocal},
                {PYRITE_FASTMATH_CONTRACT, &F::setAllowContract},
                {PYRITE_FASTMATH_AFN, &F::setApproxFunc},
                {PYRITE_FASTMATH_REASSOC, &F::setAllowReassoc}};
  F flags;
  for (const auto &f : kFlags)
    (flags.*f.set)((bits & f.bit) != 0);
  return flags;
}

llvm::AllocaInst *FunctionLowering::entry_alloca(llvm::Type *t, const char *name) {
  llvm::IRBuilder<> eb(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
  return eb.CreateAlloca(t, nullptr, name);
}

void FunctionLowering::run() {
  plan_parallel_loops();
  begin_frame();
  // (A generator's frame outlives the call: it owns its arguments.)
  std::set<std::string> assigned;
  for (const ir::Block &blk : tf_.fn.blocks)
    for (const ir::Inst &in : blk.insts)
      if (in.op == ir::Opcode::StoreLocal || in.op == ir::Opcode::DelLocal)
        assigned.insert(in.name);
  for (size_t k = 0; k < tf_.fn.arg_names.size(); ++k) {
    const std::string &name = tf_.fn.arg_names[k];
    Value *arg = fn_->getArg(unsigned(k + 1));
    if (!tf_.fn.generator && !assigned.count(name) && holds_references(tf_.types.local(name)) &&
        tf_.types.local(name) == tf_.arg_types[k]) {
      borrowed_params_.insert(name);
      b_.CreateStore(arg, locals_.at(name));
      continue;
    }
    store_local(name, arg, tf_.arg_types[k], /*slot_is_empty=*/true);
  }
  if (coro_)
    initial_suspend();
  b_.CreateBr(blocks_[0]);

  plan_fusion();
  for (const ir::Block &blk : tf_.fn.blocks)
    lower_block(blk);

  b_.SetInsertPoint(error_exit_);
  if (coro_) {
    generator_return(b_.getInt32(1));
    finish_coroutine();
    return;
  }
  emit_cleanup_and_return(b_.getInt32(1));
}

void FunctionLowering::begin_frame() {
  auto &ctx = m_.context;
  auto *entry = llvm::BasicBlock::Create(ctx, "entry", fn_);
  for (const ir::Block &blk : tf_.fn.blocks)
    blocks_.push_back(llvm::BasicBlock::Create(ctx, "block" + std::to_string(blk.id), fn_));
  add_loop_latches();
  error_exit_ = llvm::BasicBlock::Create(ctx, "error_exit", fn_);
  values_.assign(tf_.fn.num_values, nullptr);
  ret_arg_ = fn_->getArg(0);

  b_.SetInsertPoint(entry);
  b_.setFastMathFlags(fast_math_flags(tf_.fastmath.value_or(m_.options.fastmath)));
  // A generator stores nothing before its coroutine begins.
  auto empty_slot = [&](const std::string &name, const Type *t) {
    if (holds_references(t))
      b_.CreateStore(llvm::Constant::getNullValue(m_.llvm_type(t)), locals_[name]);
  };
  for (const auto &[name, t] : tf_.types.locals) {
    locals_[name] = b_.CreateAlloca(m_.llvm_type(t), nullptr, name);
    if (!tf_.fn.generator)
      empty_slot(name, t);
  }
  // A local read or deleted where it may be unbound gets a flag:
  // UnboundLocalError.
  unbound_loads_ = ir::maybe_unbound_loads(tf_.fn);
  for (const auto &[block, k] : ir::maybe_unbound_dels(tf_.fn)) // ids are positions
    unbound_dels_.insert(&tf_.fn.blocks[size_t(block)].insts[k]);
  for (const ir::Block &blk : tf_.fn.blocks)
    for (const ir::Inst &in : blk.insts)
      if (((in.op == ir::Opcode::LoadLocal && unbound_loads_.count(in.result)) ||
           unbound_dels_.count(&in)) &&
          !bound_flags_.count(in.name))
        bound_flags_[in.name] = entry_alloca(b_.getInt1Ty(), "bound");
  for (const auto &[name, flag] : bound_flags_)
    b_.CreateStore(b_.getFalse(), flag);
  if (tf_.fn.generator) {
    begin_generator();
    for (const auto &[name, t] : tf_.types.locals)
      empty_slot(name, t);
  }
  // One zeroed state block per iter() site, known before any block is
  // lowered so that every exit can release what the states hold.
  for (const ir::Block &blk : tf_.fn.blocks)
    for (const ir::Inst &in : blk.insts)
      if (in.op == ir::Opcode::GetIter) {
        const Type *it = type_of(in.result)->elems[0]; // what the loop walks
        // (A coroutine's allocas all stay in its entry block, before coro.begin.)
        auto *st = coro_ ? entry_alloca(m_.iter_state_type(it), "iter.state")
                         : b_.CreateAlloca(m_.iter_state_type(it), nullptr, "iter.state");
        b_.CreateStore(llvm::Constant::getNullValue(m_.iter_state_type(it)), st);
        iter_states_[in.result] = {st, it};
      }
}

void FunctionLowering::emit_cleanup_and_return(Value *status) {
  for (const auto &[id, state] : iter_states_)
    iter_release(state.first, state.second);
  for (const auto &[name, t] : tf_.types.locals)
    if (holds_references(t) && !borrowed_params_.count(name))
      decref(b_.CreateLoad(m_.llvm_type(t), locals_[name]), t);
  b_.CreateRet(status);
}

/// One latch per loop header: the back edges of a header that has several
/// (CPython 3.12+ copies a loop's back edge into both arms of an `if` where
/// 3.11 jumps to one join block) all go through one forwarding block. LLVM
/// then sees the loop 3.11's bytecode gives, not a nest of loops it would
/// split the header into (which keeps `if c: acc += 1` from becoming
/// branch-free).
void FunctionLowering::add_loop_latches() {
  std::map<int, int> back_edges; // header block id -> back edges into it
  for (const ir::Block &blk : tf_.fn.blocks) {
    if (blk.insts.empty() || !blk.insts.back().is_terminator())
      continue;
    for (int target : blk.insts.back().targets)
      if (target >= 0 && target <= blk.id)
        ++back_edges[target];
  }
  for (const auto &[header, count] : back_edges) {
    if (count < 2)
      continue;
    auto *latch = llvm::BasicBlock::Create(m_.context, "block" + std::to_string(header) + ".latch",
                                           fn_);
    llvm::BranchInst::Create(blocks_[header], latch);
    latches_[header] = latch;
  }
}

llvm::BasicBlock *FunctionLowering::successor(int target) const {
  if (region_ && !region_->blocks.count(target))
    return region_done_; // the loop's exit, for a chunk
  auto latch = latches_.find(target);
  return target <= current_block_ && latch != latches_.end() ? latch->second : blocks_[target];
}

void FunctionLowering::lower_block(const ir::Block &block) {
  current_block_ = block.id;
  b_.SetInsertPoint(blocks_[block.id]);
  if (region_ ? !region_->blocks.count(block.id) : parallel_bodies_.count(block.id) > 0) {
    b_.CreateUnreachable(); // run by the chunk function, or by the parent
    return;
  }
  // A chunk hands exceptions to its parent, which raises them in its handler.
  bool handler_here = block.handler >= 0 && (!region_ || region_->blocks.count(block.handler));
  error_dest_ = handler_here ? blocks_[size_t(block.handler)] : error_exit_;
  temps_.clear();
  loaded_from_.clear();
  auto parallel = parallel_headers_.find(block.id);
  for (const ir::Inst &in : block.insts)
    with_source_line(in, [&] {
      if (in.is_terminator() && parallel != parallel_headers_.end())
        lower_parallel_loop(*parallel->second);
      else if (in.is_terminator())
        lower_terminator(in); // (raise, for: what may call the runtime too)
      else
        lower_inst(in);
    });
}

void FunctionLowering::release_block_temps() {
  for (auto it = temps_.rbegin(); it != temps_.rend(); ++it)
    decref(it->first, it->second);
}

void FunctionLowering::store_local(const std::string &name, Value *v, const Type *from,
                                   bool slot_is_empty) {
  if (auto flag = bound_flags_.find(name); flag != bound_flags_.end())
    b_.CreateStore(b_.getTrue(), flag->second);
  const Type *to = tf_.types.local(name);
  Value *converted = convert(v, from, to);
  llvm::AllocaInst *slot = locals_.at(name);
  if (holds_references(to)) {
    // A new reference made in this block moves into the slot (`x = f()`);
    // anything else is shared with its other owner.
    auto temp = std::find_if(temps_.begin(), temps_.end(), [&](const auto &owned) {
      return owned.first == converted && owned.second == to;
    });
    if (temp != temps_.end())
      temps_.erase(temp);
    else
      incref(converted, to);
    // Values read from a local are borrowed from it until their block ends
    // (`cur, nxt = nxt, cur` still holds the old `cur` after storing to
    // `cur`), so the reference the slot held is released there, not here.
    if (!slot_is_empty)
      temps_.emplace_back(b_.CreateLoad(m_.llvm_type(to), slot), to);
  }
  b_.CreateStore(converted, slot);
}

void FunctionLowering::with_source_line(const ir::Inst &in,
                                        const std::function<void()> &lower) {
  if (!m_.target.gpu || in.pos.line <= 0)
    return lower();
  source_line_ = in.pos.line; // (a raise records it: lower_kernel_errors.cpp)
  // On a GPU, the calls this instruction lowers to carry its source line, so
  // that what still needs the host runtime after optimization can be traced
  // to a line of the kernel (ModuleBuilder::runtime_uses). New instructions
  // follow the block's last one or are in blocks appended to the function.
  llvm::BasicBlock *block = b_.GetInsertBlock();
  llvm::Instruction *last = block->empty() ? nullptr : &block->back();
  llvm::BasicBlock *last_block = &fn_->back();
  lower();
  unsigned kind = m_.context.getMDKindID("pyrite.line");
  llvm::MDNode *line = llvm::MDNode::get(
      m_.context, llvm::ConstantAsMetadata::get(b_.getInt64(uint64_t(in.pos.line))));
  auto mark = [&](llvm::Instruction &i) {
    if (llvm::isa<llvm::CallBase>(i) && !i.getMetadata(kind))
      i.setMetadata(kind, line);
  };
  for (auto it = last ? std::next(last->getIterator()) : block->begin(); it != block->end(); ++it)
    mark(*it);
  for (auto b = std::next(last_block->getIterator()); b != fn_->end(); ++b)
    for (llvm::Instruction &i : *b)
      mark(i);
}

void FunctionLowering::lower_inst(const ir::Inst &in) {
  if (in.result >= 0 && fused_.count(in.result))
    return; // evaluated per element by the array expression that uses it
  Value *result = nullptr;
  switch (in.op) {
  case ir::Opcode::Const: result = constant(in.constant, type_of(in.result)); break;
  case ir::Opcode::Global: {
    const typing::Resolution *r = tf_.resolution(in.result);
    result = r && r->constant ? constant(*r->constant, type_of(in.result))
                              : llvm::Constant::getNullValue(m_.llvm_type(type_of(in.result)));
    break;
  }
  case ir::Opcode::LoadLocal: {
    if (unbound_loads_.count(in.result))
      check_bound(in.name);
    const Type *t = tf_.types.local(in.name);
    result = convert(b_.CreateLoad(m_.llvm_type(t), locals_.at(in.name), in.name), t,
                     type_of(in.result));
    if (t == type_of(in.result) && holds_references(t))
      loaded_from_[in.result] = in.name;
    break;
  }
  case ir::Opcode::StoreLocal:
    store_local(in.name, value(in.args[0]), type_of(in.args[0]));
    std::erase_if(loaded_from_, [&](const auto &entry) { return entry.second == in.name; });
    return;
  case ir::Opcode::DelLocal: // the slot is released at exit or on overwrite
    if (unbound_dels_.count(&in))
      check_bound(in.name);
    for (const auto &[name, flag] : bound_flags_) // every web of the variable
      if (ir::variable_of(name) == ir::variable_of(in.name))
        b_.CreateStore(b_.getFalse(), flag);
    return;
  case ir::Opcode::BinOp: result = binop(in); break;
  case ir::Opcode::Compare: result = compare(in); break;
  case ir::Opcode::Unary: result = unary(in); break;
  case ir::Opcode::GetAttr: result = getattr(in); break;
  case ir::Opcode::Call: result = call(in); break;
  case ir::Opcode::GetItem: result = getitem(in); break;
  case ir::Opcode::SetItem: setitem(in); return;
  case ir::Opcode::BuildTuple: {
    const Type *t = type_of(in.result);
    result = llvm::UndefValue::get(m_.llvm_type(t));
    bool is_tuple = t->is_tuple(); // a list literal keeps its items as they are
    for (size_t k = 0; k < in.args.size(); ++k) {
      int id = in.args[k];
      Value *item = is_tuple ? convert(value(id), type_of(id), t->elems[k]) : value(id);
      result = b_.CreateInsertValue(result, item, unsigned(k));
    }
    break;
  }
  case ir::Opcode::ExtractItem: result = extract_item(in); break;
  case ir::Opcode::GetIter: {
    auto [state, it] = iter_states_.at(in.result);
    iter_release(state, it); // the previous run of this loop's iterator
    if (via_overload(in)) { // iter(d): the library's generator walks the dict
      Value *walker = call_jit(in, *tf_.resolution(in.result));
      iter_init(state, walker, it);
      decref(walker, it); // the state holds its own reference
    } else {
      iter_init(state, convert(value(in.args[0]), type_of(in.args[0]), it), it);
    }
    result = state;
    break;
  }
  case ir::Opcode::BuildSlice: result = slice_value(in); break;
  case ir::Opcode::MakeFunction: result = make_function(in); break;
  case ir::Opcode::Yield: result = generator_yield(in); break;
  case ir::Opcode::IterNext:
    result = iter_next(value(in.args[0]), type_of(in.args[0])->elems[0]);
    break;
  default: assert(false && "terminator in lower_inst");
  }
  values_[in.result] = result;
  // Calls and array views return new references: release them when the
  // block ends. (An item taken from a tuple is borrowed from the tuple.)
  const Type *container_t =
      in.op == ir::Opcode::GetItem ? types::strip_optional(type_of(in.args[0])) : nullptr;
  bool new_reference = in.op == ir::Opcode::Call || in.op == ir::Opcode::IterNext ||
                       (in.op == ir::Opcode::GetItem && (container_t->is_array() ||
                                                         container_t->is_string() ||
                                                         is_list_value(in.args[0]) ||
                                                         types::is_flatiter(container_t))) ||
                       (in.op == ir::Opcode::ExtractItem && is_list_value(in.args[0])) ||
                       in.op == ir::Opcode::GetAttr || // a.T: a view
                       via_overload(in);               // s + t through operator.add
  if (new_reference && holds_references(type_of(in.result)))
    temps_.emplace_back(result, type_of(in.result));
}

void FunctionLowering::check_bound(const std::string &local) {
  Value *bound = b_.CreateLoad(b_.getInt1Ty(), bound_flags_.at(local));
  raise_if(b_.CreateNot(bound), "UnboundLocalError",
           "cannot access local variable '" + ir::variable_of(local) +
               "' where it is not associated with a value");
}

llvm::Value *FunctionLowering::extract_item(const ir::Inst &in) {
  const Type *seq = types::strip_optional(type_of(in.args[0]));
  if (!is_list_value(in.args[0]))
    return b_.CreateExtractValue(value(in.args[0]), unsigned(in.sub));
  // a, b = lst: as CPython's UNPACK_SEQUENCE, the length must be the
  // targets' count (the first unpacked item checks it).
  const Type *lt = types::unliteral(seq);
  Value *list = convert(value(in.args[0]), type_of(in.args[0]), lt);
  Value *n = list_len(list), *want = i64(in.constant.i);
  if (in.sub == in.constant.i - 1) {
    raise_if(b_.CreateICmpSGT(n, want), "ValueError",
             "too many values to unpack (expected " + std::to_string(in.constant.i) + ")");
    raise_if(b_.CreateICmpSLT(n, want), "ValueError",
             "not enough values to unpack (expected " + std::to_string(in.constant.i) +
                 ", got {0})",
             {n});
  }
  return load_item(list, lt, i64(in.sub));
}

bool FunctionLowering::is_list_value(int id) const {
  const Type *t = types::strip_optional(type_of(id));
  return t->is_list() || (t->kind == TypeKind::ListLiteral && types::unliteral(t));
}

bool FunctionLowering::via_overload(const ir::Inst &in) const {
  if (in.result < 0)
    return false;
  const typing::Resolution *r = tf_.resolution(in.result);
  return r && r->callee;
}

void FunctionLowering::lower_terminator(const ir::Inst &in) {
  switch (in.op) {
  case ir::Opcode::Jump:
    release_block_temps();
    b_.CreateBr(successor(in.targets[0]));
    return;
  case ir::Opcode::Branch: {
    Value *cond = truth(value(in.args[0]), type_of(in.args[0]));
    release_block_temps();
    b_.CreateCondBr(cond, successor(in.targets[0]), successor(in.targets[1]));
    return;
  }
  case ir::Opcode::ForIter: {
    Value *more = iter_has_next(value(in.args[0]), type_of(in.args[0])->elems[0]);
    release_block_temps();
    b_.CreateCondBr(more, successor(in.targets[0]), successor(in.targets[1]));
    return;
  }
  case ir::Opcode::Return: {
    if (coro_) {
      release_block_temps();
      generator_return(b_.getInt32(0));
      return;
    }
    const Type *rt = tf_.types.return_type;
    Value *v = convert(value(in.args[0]), type_of(in.args[0]), rt);
    if (rt->kind != TypeKind::None) {
      // The caller gets a reference of its own. One this function owns and
      // drops at exit moves to it instead (no incref/decref pair, which
      // LLVM cannot remove: they are atomic): a new reference made in this
      // block (`return f(x)`), or the one a local's slot holds (`return out`).
      if (!move_to_return(in.args[0], v, rt))
        incref(v, rt);
      b_.CreateStore(v, ret_arg_);
    }
    release_block_temps();
    emit_cleanup_and_return(b_.getInt32(0));
    return;
  }
  case ir::Opcode::Raise: lower_raise(in); return;
  default: assert(false && "not a terminator");
  }
}

bool FunctionLowering::move_to_return(int id, Value *v, const Type *rt) {
  if (!holds_references(rt))
    return false;
  for (auto it = temps_.begin(); it != temps_.end(); ++it)
    if (it->first == v && it->second == rt) {
      temps_.erase(it);
      return true;
    }
  auto local = loaded_from_.find(id);
  if (local == loaded_from_.end() || tf_.types.local(local->second) != rt ||
      values_[id] != v || borrowed_params_.count(local->second))
    return false;
  // The slot is released at exit: empty, it releases nothing.
  b_.CreateStore(llvm::Constant::getNullValue(m_.llvm_type(rt)), locals_.at(local->second));
  return true;
}

// --- exceptions -----------------------------------------------------------------

llvm::Value *FunctionLowering::global_string(const std::string &s) {
  auto &slot = strings_[s];
  if (!slot)
    slot = b_.CreateGlobalString(s, ".str");
  return slot;
}

// --- the module ---------------------------------------------------------------------

ModuleBuilder::ModuleBuilder(const std::string &name, const TargetInfo &target,
                             const Options &options)
    : impl_(std::make_unique<Impl>()) {
  auto &s = impl_->state;
  s.module = std::make_unique<llvm::Module>(name, s.context);
  s.module->setTargetTriple(llvm::Triple(target.triple));
  s.module->setDataLayout(target.data_layout);
  s.target = target;
  s.options = options;
}

ModuleBuilder::~ModuleBuilder() = default;

void ModuleBuilder::add_c_entry(const typing::TypedFunction &tf, const std::string &name) {
  auto &s = impl_->state;
  auto scalar = [](const Type *t) { return t->is_number(); };
  const Type *rt = tf.types.return_type;
  for (const Type *t : tf.arg_types)
    if (!scalar(t))
      throw CompileError("TypingError", "@cfunc takes numbers (by value), not " + t->display);
  if (!scalar(rt) && rt->kind != TypeKind::None)
    throw CompileError("TypingError", "@cfunc returns a number or nothing, not " + rt->display);
  llvm::Function *impl = s.lower(tf);
  std::vector<llvm::Type *> params;
  for (const Type *t : tf.arg_types)
    params.push_back(s.llvm_type(t));
  llvm::Type *ret = rt->kind == TypeKind::None ? llvm::Type::getVoidTy(s.context)
                                               : s.llvm_type(rt);
  auto *fn = llvm::Function::Create(llvm::FunctionType::get(ret, params, false),
                                    llvm::Function::ExternalLinkage, name, *s.module);
  for (unsigned k = 0; k < params.size(); ++k)
    if (tf.arg_types[k]->is_bool())
      fn->addParamAttr(k, llvm::Attribute::ZExt); // C's _Bool
  if (rt->is_bool())
    fn->addRetAttr(llvm::Attribute::ZExt);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(s.context, "entry", fn));
  auto *slot = b.CreateAlloca(s.llvm_type(rt));
  std::vector<llvm::Value *> args = {slot};
  for (auto &a : fn->args())
    args.push_back(&a);
  llvm::Value *status = b.CreateCall(impl, args);
  auto *ok = llvm::BasicBlock::Create(s.context, "ok", fn);
  auto *failed = llvm::BasicBlock::Create(s.context, "failed", fn);
  b.CreateCondBr(b.CreateICmpEQ(status, b.getInt32(0)), ok, failed);
  b.SetInsertPoint(ok);
  if (rt->kind == TypeKind::None)
    b.CreateRetVoid();
  else
    b.CreateRet(b.CreateLoad(s.llvm_type(rt), slot));
  b.SetInsertPoint(failed);
  auto *where = b.CreateGlobalString("@cfunc " + tf.fn.name);
  b.CreateCall(s.runtime("pyrite_rt_report_unraisable"), {where});
  if (rt->kind == TypeKind::None)
    b.CreateRetVoid();
  else
    b.CreateRet(llvm::Constant::getNullValue(ret));
}

std::string ModuleBuilder::add_entry(const typing::TypedFunction &tf,
                                     const std::string &entry_name) {
  auto &s = impl_->state;
  llvm::Function *impl = s.lower(tf);
  auto *ptr = llvm::PointerType::get(s.context, 0);
  auto *ft = llvm::FunctionType::get(llvm::Type::getInt32Ty(s.context), {ptr, ptr}, false);
  std::string name = entry_name.empty() ? tf.symbol + ".entry" : entry_name;
  auto *entry = llvm::Function::Create(ft, llvm::Function::ExternalLinkage, name, *s.module);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(s.context, "entry", entry));
  std::vector<llvm::Value *> args = {nullptr};
  for (size_t k = 0; k < tf.arg_types.size(); ++k) {
    const Type *t = tf.arg_types[k];
    auto *p = b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, entry->getArg(1), k));
    llvm::Value *v = b.CreateLoad(s.memory_type(t), p);
    args.push_back(t->is_bool() ? b.CreateICmpNE(v, b.getInt8(0)) : v);
  }
  const Type *rt = tf.types.return_type;
  auto *slot = b.CreateAlloca(s.llvm_type(rt));
  args[0] = slot;
  llvm::Value *status = b.CreateCall(impl, args);
  if (rt->kind != TypeKind::None) {
    llvm::Value *r = b.CreateLoad(s.llvm_type(rt), slot);
    if (rt->is_bool())
      r = b.CreateZExt(r, b.getInt8Ty());
    // Only store on success: on error the slot was never written.
    auto *ok = llvm::BasicBlock::Create(s.context, "ok", entry);
    auto *done = llvm::BasicBlock::Create(s.context, "done", entry);
    b.CreateCondBr(b.CreateICmpEQ(status, b.getInt32(0)), ok, done);
    b.SetInsertPoint(ok);
    b.CreateStore(r, entry->getArg(0));
    b.CreateBr(done);
    b.SetInsertPoint(done);
  }
  b.CreateRet(status);
  return name;
}

/// Links one embedded runtime bitcode file into the module, retargeted to
/// the module's triple (the runtime is plain 64-bit C).
static void link_bitcode(ModuleState &s, const unsigned char *data, size_t size,
                         const char *name, bool only_needed = true) {
  auto buffer = llvm::MemoryBuffer::getMemBuffer(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), name, false);
  auto rt = llvm::parseBitcodeFile(*buffer, s.context);
  if (!rt)
    throw std::logic_error(std::string("pyrite: cannot read runtime bitcode ") + name + ": " +
                           llvm::toString(rt.takeError()));
  (*rt)->setTargetTriple(s.module->getTargetTriple());
  (*rt)->setDataLayout(s.module->getDataLayout());
  for (llvm::Function &f : **rt) {
    // The target's plugin sets its own CPU and features.
    f.removeFnAttr("target-cpu");
    f.removeFnAttr("target-features");
    f.removeFnAttr("tune-cpu");
  }
  unsigned flags = only_needed ? llvm::Linker::LinkOnlyNeeded : llvm::Linker::None;
  if (llvm::Linker::linkModules(*s.module, std::move(*rt), flags))
    throw std::logic_error(std::string("pyrite: linking runtime bitcode ") + name + " failed");
}

void ModuleBuilder::link_runtime(bool standalone) {
  auto &s = impl_->state;
  // Order matters with LinkOnlyNeeded: a file is linked after everything
  // that references it. The AOT half goes first and whole (its pyrite_aot_*
  // API is called from outside the object; pyrite_aot_release needs
  // pyrite_decref even when no entry uses arrays); MT19937 last (rt_inline's
  // generator refills through it).
  if (standalone)
    link_bitcode(s, pyrite_rt_aot_bitcode, pyrite_rt_aot_bitcode_size, "rt_aot", false);
  link_bitcode(s, pyrite_rt_inline_bitcode, pyrite_rt_inline_bitcode_size, "rt_inline");
  if (standalone) {
    link_bitcode(s, pyrite_mt19937_bitcode, pyrite_mt19937_bitcode_size, "mt19937");
    link_bitcode(s, pyrite_rt_format_bitcode, pyrite_rt_format_bitcode_size, "rt_format");
    link_bitcode(s, pyrite_unicode_db_bitcode, pyrite_unicode_db_bitcode_size, "unicode_db");
    link_bitcode(s, pyrite_rt_list_bitcode, pyrite_rt_list_bitcode_size, "rt_list");
  }
  for (llvm::Function &f : *s.module) {
    if (f.isDeclaration() || !f.getName().starts_with("pyrite_") ||
        f.getName().starts_with("pyrite_aot_"))
      continue;
    f.setLinkage(llvm::GlobalValue::InternalLinkage);
    f.removeFnAttr(llvm::Attribute::NoInline);
    f.removeFnAttr(llvm::Attribute::OptimizeNone);
    if (f.getName().starts_with("pyrite_rt_")) {
      // The host half stays a call. (Inlined, its TLS access on ppc64le
      // clobbers floating-point registers live across __tls_get_addr.)
      f.addFnAttr(llvm::Attribute::NoInline);
      continue;
    }
    if (f.getName().starts_with("pyrite_str_") || f.getName().starts_with("pyrite_sum_"))
      continue; // loops over strings, recursive sums: LLVM decides
    f.addFnAttr(llvm::Attribute::AlwaysInline);
  }
}

void ModuleBuilder::internalize_except(const std::vector<std::string> &keep) {
  auto &s = impl_->state;
  auto kept = [&](llvm::StringRef name) {
    return name.starts_with("pyrite_aot_") ||
           std::find(keep.begin(), keep.end(), name.str()) != keep.end();
  };
  for (llvm::Function &f : *s.module)
    if (!f.isDeclaration() && !kept(f.getName()))
      f.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (llvm::GlobalVariable &g : s.module->globals())
    if (!g.isDeclaration() && !kept(g.getName()))
      g.setLinkage(llvm::GlobalValue::InternalLinkage);
}

void ModuleBuilder::verify() {
  std::string report;
  llvm::raw_string_ostream os(report);
  if (llvm::verifyModule(*impl_->state.module, &os)) {
    if (std::getenv("PYRITE_DEBUG_DUMP_INVALID")) impl_->state.module->print(llvm::errs(), nullptr);
    throw std::logic_error("pyrite produced invalid LLVM IR (a compiler bug):\n" + report);
  }
}

std::unique_ptr<ModuleBuilder> ModuleBuilder::parse_ir(const std::string &text) {
  auto mb = std::make_unique<ModuleBuilder>("parsed", TargetInfo{}, Options{});
  llvm::SMDiagnostic err;
  auto m = llvm::parseAssemblyString(text, err, mb->impl_->state.context);
  if (!m)
    throw std::logic_error("pyrite: cannot re-read its own IR: " + err.getMessage().str());
  mb->impl_->state.module = std::move(m);
  return mb;
}

LLVMModuleRef ModuleBuilder::module() { return llvm::wrap(impl_->state.module.get()); }

std::string ModuleBuilder::print() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  impl_->state.module->print(os, nullptr);
  return text;
}

} // namespace pyrite::lower
