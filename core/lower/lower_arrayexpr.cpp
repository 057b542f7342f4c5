//===- lower/lower_arrayexpr.cpp - operators and ufuncs over arrays -------===//
//
// `a + b`, `x < 0.5`, `-a`, `np.sqrt(a)`: a loop nest over the broadcast
// shape that reads each operand (arrays at any stride, dimensions of 1
// repeated, scalars as they are), applies the scalar operation and writes a
// new C-contiguous array.
//
// Fusion: an array expression whose only use is another array expression in
// the same block (with nothing that could write an array in between) is not
// materialized; its consumer evaluates it per element, so
// `np.sqrt(x * x + y * y)` is one loop and one allocation, as in Numba.
// When every operand is C-contiguous with the result's shape (checked at run
// time) the loop is flat, which LLVM vectorizes.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"
#include "passes/array_fusion.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

#include <algorithm>

namespace pyrite::lower {

using llvm::Value;

bool FunctionLowering::is_array_expression(const ir::Inst &in) const {
  return passes::is_array_expression(tf_, in);
}

void FunctionLowering::plan_fusion() { fused_ = passes::plan_array_fusion(tf_); }

/// Operand value ids of an array expression (a call's callee excluded).
static std::vector<int> operands_of(const ir::Inst &in) {
  size_t first = in.op == ir::Opcode::Call ? 1 : 0;
  return std::vector<int>(in.args.begin() + first, in.args.end());
}

static const Type *element_type(const Type *t) { return t->is_array() ? t->dtype : t; }

/// NumPy 2's OverflowError when int64 `v`, a Python int, is outside integer
/// type `t`'s range.
static void raise_if_out_of_bounds(FunctionLowering &fl, Value *v, const Type *t) {
  int64_t lo = t->is_signed ? -(int64_t(1) << (t->bits - 1)) : 0;
  int64_t hi = t->bits == 64 ? INT64_MAX
               : t->is_signed ? (int64_t(1) << (t->bits - 1)) - 1
                              : (int64_t(1) << t->bits) - 1;
  auto &b = fl.builder();
  Value *below = b.CreateICmpSLT(v, b.getInt64(uint64_t(lo)));
  Value *above = b.CreateICmpSGT(v, b.getInt64(uint64_t(hi)));
  fl.raise_if(b.CreateOr(below, above), "OverflowError",
              "Python integer {0} out of bounds for " + t->display, {v});
}

void FunctionLowering::check_python_integers(const ir::Inst &node) {
  // A comparison compares integers by value (typing promotes them so). GPU
  // kernels convert as C does, as numba.cuda's do (they cannot raise).
  if ((node.op != ir::Opcode::BinOp && node.op != ir::Opcode::Call) || m_.target.gpu)
    return;
  const typing::Resolution *r = tf_.resolution(node.result);
  const Type *t = r && !r->param_types.empty() ? r->param_types[0] : nullptr;
  if (!t || !t->is_int() || (t->bits == 64 && t->is_signed))
    return;
  // A NumPy int64 scalar promotes the array to int64 (or float64 with
  // uint64): an int64 converted to a narrower type here is a Python int.
  for (int id : operands_of(node))
    if (!fused_.count(id) && type_of(id) == types::int64() && !tf_.numpy_narrow_int(id))
      raise_if_out_of_bounds(*this, value(id), t);
}

std::pair<Value *, const Type *> FunctionLowering::numpy_operand(int value_id) {
  const Type *t = type_of(value_id);
  const Type *narrow = tf_.numpy_narrow_int(value_id);
  // GPU kernels keep Numba's int64 arithmetic, as numba.cuda's do: there
  // is no NumPy scalar in a kernel to follow (and a kernel cannot raise).
  if (!narrow || m_.target.gpu)
    return {value(value_id), t};
  // NumPy would have raised where it computed the value: a Python int
  // operand out of the narrower type's range (`int8_array[0] * 1000`).
  std::function<void(int)> check_operands = [&](int id) {
    auto it = tf_.numpy_narrow_operands.find(id);
    if (it == tf_.numpy_narrow_operands.end())
      return;
    for (int operand : it->second) {
      if (tf_.numpy_narrow_int(operand))
        check_operands(operand);
      else if (tf_.python_int(operand))
        raise_if_out_of_bounds(*this, value(operand), tf_.numpy_narrow_int(id));
    }
  };
  check_operands(value_id);
  // The whole value, as the variable holding it reads: converted to a type
  // no wider than `narrow` (an operation's, a store's) it has the bits
  // NumPy's wrapped result has; to a wider one, Numba's value.
  return {value(value_id), t};
}

Value *FunctionLowering::stored_value(int value_id, const Type *to) {
  if (to->kind == TypeKind::CharSeq) // a str or bytes, which store_chars writes
    return to->is_unicode_chars() ? convert(value(value_id), type_of(value_id), types::unicode())
                                  : value(value_id);
  // A value computed from narrow NumPy integers is int64 here, as in Numba
  // (and as the variable holding it reads). Stored into an integer type no
  // wider than its operands', it wraps as NumPy's narrow result would (the
  // same bits, and NumPy's OverflowError for a Python int operand that type
  // cannot hold); into a wider type (an int64 or float64 array) the whole
  // value is stored, converted as C converts, as Numba stores it.
  const Type *narrow = tf_.numpy_narrow_int(value_id);
  auto [v, from] = numpy_operand(value_id); // (NumPy's OverflowError for a Python int operand)
  if (narrow && !(to->is_int() && to->bits <= narrow->bits))
    return convert(v, from, to); // the whole value, as C converts
  if (narrow) { // NumPy's narrow result, then the checks of a store of it
    v = convert(v, from, narrow);
    from = narrow;
  }
  if (to->is_int() && from->is_int() && !(to->bits == 64 && to->is_signed) && !m_.target.gpu &&
      (to->is_signed ? from->bits >= to->bits || !from->is_signed // int8/16/32: every integer
                     : tf_.python_int(value_id))) {               // unsigned: Python ints
    if (!from->is_signed && from->bits == 64) { // a uint64 beyond int64 is beyond every target
      Value *huge = b_.CreateICmpSLT(v, i64(0));
      raise_if(huge, "OverflowError", "Python integer out of bounds for " + to->display);
    }
    raise_if_out_of_bounds(*this, convert(v, from, types::int64()), to);
  }
  return convert(v, from, to);
}

Value *FunctionLowering::element_op(const ir::Inst &in, const std::vector<Value *> &operands) {
  const typing::Resolution *r = tf_.resolution(in.result);
  std::vector<int> ids = operands_of(in);
  auto converted = [&](size_t k, const Type *to) {
    return convert(operands[k], element_type(type_of(ids[k])), to);
  };
  const Type *rt = type_of(in.result)->dtype;
  switch (in.op) {
  case ir::Opcode::BinOp: {
    // In place, the result converts to the updated array's dtype.
    const Type *t = r->param_types[0];
    Value *a = converted(0, t);
    Value *b = converted(1, t);
    auto op = ir::BinaryOp(in.sub);
    if (t->is_bool() && (op == ir::BinaryOp::Add || op == ir::BinaryOp::Mul)) // or, and
      return convert(op == ir::BinaryOp::Add ? b_.CreateOr(a, b) : b_.CreateAnd(a, b), t, rt);
    return convert(numpy_binop(op, a, b, t), t, rt);
  }
  case ir::Opcode::Compare: {
    const Type *t = r->param_types[0];
    Value *a = converted(0, t);
    Value *b = converted(1, t);
    return scalar_compare(ir::CompareOp(in.sub), a, b, t);
  }
  case ir::Opcode::Unary:
    return scalar_unary(ir::UnaryOp(in.sub), operands[0], element_type(type_of(ids[0])), rt);
  default: break;
  }
  // A ufunc call.
  std::string fn = r->builtin.substr(6);
  const Type *t = r->param_types.at(0);
  std::vector<Value *> args;
  for (size_t k = 0; k < operands.size(); ++k)
    args.push_back(converted(k, t));
  if (fn.rfind("np_", 0) == 0)
    return numpy_float_op(fn.substr(3), args[0], t);
  if (fn == "minimum" || fn == "maximum")
    return min_max_propagating_nan(fn == "minimum", args[0], args[1], t);
  if (fn != "abs")
    return call_math(fn, args, t);
  return absolute(convert(args[0], t, rt), rt);
}

llvm::Value *FunctionLowering::array_expression(const ir::Inst &in) {
  // The leaves of the fused tree rooted here, in order of first use.
  std::vector<int> leaves;
  std::function<void(int)> collect = [&](int id) {
    if (auto it = fused_.find(id); it != fused_.end()) {
      check_python_integers(*it->second);
      for (int a : operands_of(*it->second))
        collect(a);
    } else if (std::find(leaves.begin(), leaves.end(), id) == leaves.end()) {
      leaves.push_back(id);
    }
  };
  for (int a : operands_of(in))
    collect(a);
  check_python_integers(in);
  std::vector<std::pair<Value *, const Type *>> inputs;
  std::vector<const Type *> element_types;
  for (int id : leaves) {
    inputs.push_back(numpy_operand(id));
    element_types.push_back(element_type(inputs.back().second));
  }
  auto evaluate_root = [&](const std::vector<Value *> &leaf_values) {
    std::function<Value *(int)> evaluate = [&](int id) -> Value * {
      auto it = fused_.find(id);
      if (it == fused_.end())
        return leaf_values[std::find(leaves.begin(), leaves.end(), id) - leaves.begin()];
      std::vector<Value *> ops;
      for (int a : operands_of(*it->second))
        ops.push_back(evaluate(a));
      return element_op(*it->second, ops);
    };
    std::vector<Value *> ops;
    for (int a : operands_of(in))
      ops.push_back(evaluate(a));
    return element_op(in, ops);
  };
  // `a op= b` on an array writes into `a` and gives `a` back (a new
  // reference, as every operator result is).
  if (in.op == ir::Opcode::BinOp && in.inplace && type_of(in.args[0])->is_array()) {
    Value *target = value(in.args[0]);
    const Type *target_t = type_of(in.args[0]);
    broadcast(inputs, element_types, target_t, evaluate_root, false, target);
    incref(target, target_t);
    temps_.emplace_back(target, target_t);
    return target;
  }
  // Operators' results are new references like calls' (lower_inst releases
  // calls' at the block's end; operators register theirs as soon as they
  // exist, so an exception inside the loop releases them too).
  return broadcast(inputs, element_types, type_of(in.result), evaluate_root,
                   in.op != ir::Opcode::Call);
}

llvm::Value *FunctionLowering::broadcast(
    const std::vector<std::pair<Value *, const Type *>> &given_inputs,
    const std::vector<const Type *> &element_types, const Type *out_t, const ElementFn &f,
    bool register_temp, Value *into) {
  int n = out_t->ndim;
  // Writing into an existing array: an input that shares its memory other
  // than element for element (a[1:] += a[:-1], m += m.T) is read from a
  // copy, so the result is as if the right side were evaluated first.
  std::vector<std::pair<Value *, const Type *>> inputs = given_inputs;
  if (into)
    for (auto &[v, t] : inputs)
      if (t->is_array() && v != into)
        v = unaliased(v, t, into, out_t);
  // The broadcast shape: per dimension (aligned right) the size that is not 1.
  std::vector<Value *> shape(n);
  Value *mismatch = b_.getInt1(false);
  auto dim_of = [&](const std::pair<Value *, const Type *> &in, int d) -> Value * {
    int offset = n - in.second->ndim;
    return d < offset ? nullptr : b_.CreateExtractValue(in.first, {kShape, unsigned(d - offset)});
  };
  for (int d = 0; d < n; ++d) {
    Value *size = i64(1);
    for (const auto &in : inputs)
      if (in.second->is_array())
        if (Value *dim = dim_of(in, d))
          size = b_.CreateSelect(b_.CreateICmpNE(dim, i64(1)), dim, size);
    for (const auto &in : inputs)
      if (in.second->is_array())
        if (Value *dim = dim_of(in, d)) {
          Value *differs = b_.CreateICmpNE(dim, size);
          Value *not_one = b_.CreateICmpNE(dim, i64(1));
          mismatch = b_.CreateOr(mismatch, b_.CreateAnd(not_one, differs));
        }
    shape[d] = size;
  }
  raise_if(mismatch, "ValueError", "operands could not be broadcast together");
  Value *out = into;
  if (into) {
    // The target's shape is the result's: inputs broadcast to it, never it
    // to them (NumPy: non-broadcastable output operand).
    Value *bad = b_.getInt1(false);
    for (int d = 0; d < n; ++d)
      bad = b_.CreateOr(bad, b_.CreateICmpNE(shape[d], b_.CreateExtractValue(into, {kShape, unsigned(d)})));
    raise_if(bad, "ValueError", "non-broadcastable output operand: the right side's shape "
                                "does not broadcast to the shape of the array updated in place");
  } else {
    out = allocate_array(out_t, shape);
    if (register_temp)
      temps_.emplace_back(out, out_t);
  }

  // A new result shares no memory with the inputs. Saying so (scoped
  // noalias metadata) matters in a chunk, whose data pointers come from its
  // environment: LLVM then vectorizes without run-time checks. Only there:
  // inline, the allocation says it already, and a scope reused by the next
  // run of the same expression in a loop would claim that its result does
  // not alias this one's (chunks are called through the runtime, never
  // inlined into a loop).
  llvm::MDNode *result_scope = nullptr;
  llvm::Function *parent = fn_;
  auto in_chunk = [&] { return result_scope && fn_ != parent; };
  if (!into) {
    llvm::MDBuilder md(m_.context);
    llvm::MDNode *domain = md.createAnonymousAliasScopeDomain("array.expr");
    result_scope = llvm::MDNode::get(m_.context, {md.createAnonymousAliasScope(domain, "result")});
  }
  auto load_input = [&](size_t k, Value *ptr) {
    const Type *t = inputs[k].second;
    Value *v = load_element(ptr, t->dtype);
    Value *loaded = t->dtype->is_bool() ? llvm::cast<llvm::Instruction>(v)->getOperand(0) : v;
    if (auto *load = llvm::dyn_cast<llvm::LoadInst>(loaded); load && in_chunk())
      load->setMetadata(llvm::LLVMContext::MD_noalias, result_scope);
    return convert(v, t->dtype, element_types[k]);
  };
  auto store_result = [&](Value *result, Value *ptr) {
    if (out_t->dtype->is_bool())
      result = b_.CreateZExt(result, b_.getInt8Ty());
    llvm::StoreInst *store = b_.CreateStore(result, ptr);
    if (in_chunk())
      store->setMetadata(llvm::LLVMContext::MD_alias_scope, result_scope);
  };
  // Every element by its index, rows [lo, hi) of the outermost dimension
  // at a time; `c` holds the result and then the inputs (arrays and
  // scalars), so that the rows can run as a chunk over threads.
  auto rows = [&](Value *lo, Value *hi, const std::vector<Value *> &c) {
    // The result's shape as the inputs give it (as `shape` above, which
    // lets LLVM see which inputs repeat along a dimension).
    std::vector<Value *> dims;
    for (int d = 0; d < n; ++d) {
      Value *size = i64(1);
      for (size_t k = 0; k < inputs.size(); ++k)
        if (inputs[k].second->is_array())
          if (Value *dim = dim_of({c[k + 1], inputs[k].second}, d))
            size = b_.CreateSelect(b_.CreateICmpNE(dim, i64(1)), dim, size);
      dims.push_back(d == 0 ? b_.CreateSub(hi, lo) : size);
    }
    for_each_index(dims, [&](const std::vector<Value *> &rel) {
      std::vector<Value *> idx = rel;
      if (n > 0)
        idx[0] = b_.CreateAdd(lo, rel[0]);
      std::vector<Value *> elements;
      for (size_t k = 0; k < inputs.size(); ++k) {
        const Type *t = inputs[k].second;
        Value *v = c[k + 1];
        if (!t->is_array()) {
          elements.push_back(convert(v, t, element_types[k]));
          continue;
        }
        std::vector<Value *> at;
        for (int d = n - t->ndim; d < n; ++d) {
          Value *dim = b_.CreateExtractValue(v, {kShape, unsigned(d - (n - t->ndim))});
          at.push_back(b_.CreateSelect(b_.CreateICmpEQ(dim, i64(1)), i64(0), idx[d]));
        }
        elements.push_back(load_input(k, element_pointer(v, t, at)));
      }
      Value *result = f(elements);
      store_result(result, element_pointer(c[0], out_t, idx));
    });
  };
  auto general = [&] {
    std::vector<Value *> captured = {out};
    for (const auto &[v, t] : inputs)
      captured.push_back(v);
    if (n == 0) {
      rows(i64(0), i64(1), captured);
      return;
    }
    if (!auto_parallel()) {
      rows(i64(0), shape[0], captured);
      return;
    }
    // Over threads by rows of the outermost dimension, when there are
    // enough elements in all (lower_parallel.cpp); but on one thread when
    // an input repeats along the last dimension (a column c in
    // a * np.sin(c)): LLVM then hoists its part out of the inner loop in
    // the serial loop and not in a chunk, which would be slower on two
    // threads than the serial loop on one.
    Value *repeats = b_.getInt1(false);
    for (const auto &in : inputs)
      if (in.second->is_array())
        if (Value *dim = dim_of(in, n - 1)) {
          Value *one = b_.CreateICmpEQ(dim, i64(1));
          Value *wide = b_.CreateICmpNE(shape[n - 1], i64(1));
          repeats = b_.CreateOr(repeats, b_.CreateAnd(one, wide));
        }
    auto *serial_bb = llvm::BasicBlock::Create(m_.context, "expr.rows", fn_);
    auto *threads_bb = llvm::BasicBlock::Create(m_.context, "expr.rows.threads", fn_);
    auto *joined_bb = llvm::BasicBlock::Create(m_.context, "expr.rows.done", fn_);
    b_.CreateCondBr(repeats, serial_bb, threads_bb);
    b_.SetInsertPoint(serial_bb);
    rows(i64(0), shape[0], captured);
    b_.CreateBr(joined_bb);
    b_.SetInsertPoint(threads_bb);
    parallel_range(
        shape[0], captured,
        [&](Value *lo, Value *hi, Value *, const std::vector<Value *> &c) { rows(lo, hi, c); },
        b_.CreateExtractValue(out, kNItems));
    b_.CreateBr(joined_bb);
    b_.SetInsertPoint(joined_bb);
  };

  // The flat loop applies when every array operand is C-contiguous with
  // the result's rank; whether the shapes are equal is known at run time.
  bool flat_possible = out_t->layout == 'C';
  for (const auto &[v, t] : inputs)
    flat_possible = flat_possible && (!t->is_array() || (t->layout == 'C' && t->ndim == n));
  if (!flat_possible) {
    general();
    return out;
  }
  Value *same = b_.getInt1(true);
  for (const auto &[v, t] : inputs)
    if (t->is_array())
      for (int d = 0; d < n; ++d)
        same = b_.CreateAnd(same, b_.CreateICmpEQ(b_.CreateExtractValue(v, {kShape, unsigned(d)}),
                                                  shape[d]));
  auto *flat_bb = llvm::BasicBlock::Create(m_.context, "expr.flat", fn_);
  auto *general_bb = llvm::BasicBlock::Create(m_.context, "expr.general", fn_);
  auto *done_bb = llvm::BasicBlock::Create(m_.context, "expr.done", fn_);
  b_.CreateCondBr(same, flat_bb, general_bb);
  b_.SetInsertPoint(flat_bb);
  // One flat loop over the data pointers (and the scalars, converted), on
  // several threads in a parallel=True function (lower_parallel.cpp).
  std::vector<Value *> captured = {b_.CreateExtractValue(out, kData)};
  for (size_t k = 0; k < inputs.size(); ++k) {
    auto [v, t] = inputs[k];
    captured.push_back(t->is_array() ? b_.CreateExtractValue(v, kData)
                                     : convert(v, t, element_types[k]));
  }
  Value *count = b_.CreateExtractValue(out, kNItems);
  parallel_range(count, captured, [&](Value *lo, Value *hi, Value *, const std::vector<Value *> &c) {
    for_each_index({b_.CreateSub(hi, lo)}, [&](const std::vector<Value *> &i) {
      Value *at = b_.CreateAdd(lo, i[0]);
      std::vector<Value *> elements;
      for (size_t k = 0; k < inputs.size(); ++k) {
        const Type *t = inputs[k].second;
        elements.push_back(t->is_array()
                               ? load_input(k, b_.CreateInBoundsGEP(
                                                   m_.element_memory_type(t->dtype), c[k + 1], at))
                               : c[k + 1]);
      }
      Value *dst = b_.CreateInBoundsGEP(m_.element_memory_type(out_t->dtype), c[0], at);
      store_result(f(elements), dst);
    });
  });
  b_.CreateBr(done_bb);
  b_.SetInsertPoint(general_bb);
  general();
  b_.CreateBr(done_bb);
  b_.SetInsertPoint(done_bb);
  return out;
}

} // namespace pyrite::lower
