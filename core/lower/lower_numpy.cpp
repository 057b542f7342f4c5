//===- lower/lower_numpy.cpp - NumPy reductions and constructors ----------===//
//
// Sections: whole-array reductions; reductions along an axis; np.array of a
// literal.
// (arange, linspace, mean, argmin/argmax, cumsum and dot are Python:
// pyrite/_library.)
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

namespace pyrite::lower {

using llvm::Value;

// --- whole-array reductions ------------------------------------------------------------

llvm::Value *FunctionLowering::reduce_array(const std::string &reduction, Value *arr,
                                            const Type *at) {
  // sum() of Python adds in order: the elements' own left-to-right sum.
  bool sequential = reduction == "sequential_sum";
  const std::string op = sequential ? "sum" : reduction;
  const Type *dt = at->dtype;
  const Type *acc_t = op == "sum" ? types::sum_type(dt) : dt;
  auto *acc = entry_alloca(m_.llvm_type(acc_t), "acc");
  if (op == "sum" && dt->is_float() && !sequential) {
    Value *itemsize = i64(int64_t(dt->bits / 8));
    Value *data = b_.CreateExtractValue(arr, kData);
    Value *n = b_.CreateExtractValue(arr, kNItems);
    if ((at->layout == 'C' || at->ndim == 0) && auto_parallel())
      return parallel_pairwise_sum(data, n, dt);
    if (at->layout == 'C' || at->ndim == 0) // (a 0-d view: its one element)
      return pairwise_sum(data, n, itemsize, dt);
    // Contiguous data (C or Fortran order, whatever the type says): one
    // pairwise sum in memory order, as NumPy's iterator does; otherwise one
    // per line along the last dimension, as NumPy's inner loop.
    auto *whole_bb = llvm::BasicBlock::Create(m_.context, "sum.contiguous", fn_);
    auto *lines_bb = llvm::BasicBlock::Create(m_.context, "sum.lines", fn_);
    auto *done_bb = llvm::BasicBlock::Create(m_.context, "sum.done", fn_);
    b_.CreateCondBr(is_contiguous(arr, at), whole_bb, lines_bb);
    b_.SetInsertPoint(whole_bb);
    b_.CreateStore(pairwise_sum(data, n, itemsize, dt), acc);
    b_.CreateBr(done_bb);
    b_.SetInsertPoint(lines_bb);
    unsigned last = unsigned(at->ndim - 1);
    std::vector<Value *> outer;
    for (unsigned k = 0; k < last; ++k)
      outer.push_back(b_.CreateExtractValue(arr, {kShape, k}));
    Value *length = b_.CreateExtractValue(arr, {kShape, last});
    Value *stride = b_.CreateExtractValue(arr, {kStrides, last});
    b_.CreateStore(llvm::ConstantFP::get(m_.llvm_type(dt), 0.0), acc);
    for_each_index(outer, [&](const std::vector<Value *> &o) {
      std::vector<Value *> index = o;
      index.push_back(i64(0));
      Value *line = unchecked_element_pointer(arr, index);
      Value *part = pairwise_sum(line, length, stride, dt);
      Value *cur = b_.CreateLoad(m_.llvm_type(dt), acc);
      b_.CreateStore(b_.CreateFAdd(cur, part), acc);
    });
    b_.CreateBr(done_bb);
    b_.SetInsertPoint(done_bb);
    return b_.CreateLoad(m_.llvm_type(dt), acc);
  }
  if (op != "sum")
    raise_if(b_.CreateICmpEQ(b_.CreateExtractValue(arr, kNItems), i64(0)), "ValueError",
             "zero-size array to reduction operation " +
                 std::string(op == "min" ? "minimum" : "maximum") + " which has no identity");
  bool float_extreme = op != "sum" && dt->is_float();
  // The next accumulator value from the current one and an element.
  auto step = [&](Value *cur, Value *v) -> Value * {
    if (op == "sum") {
      v = convert(v, dt, acc_t);
      return acc_t->is_float() ? b_.CreateFAdd(cur, v) : b_.CreateAdd(cur, v);
    }
    if (float_extreme) {
      // LLVM's minimum/maximum: NaN wins, as in NumPy, and the loop
      // vectorizes; but -0.0 counts below 0.0, so a zero result is redone.
      return b_.CreateBinaryIntrinsic(op == "min" ? llvm::Intrinsic::minimum
                                                  : llvm::Intrinsic::maximum,
                                      cur, v);
    }
    return min_max_propagating_nan(op == "min", cur, v, dt);
  };
  // A zero float extreme: NumPy's loop, which keeps the later of 0.0 and
  // -0.0, redone from the first element.
  auto redo_zero_extreme = [&](Value *first) {
    Value *zero = b_.CreateFCmpOEQ(b_.CreateLoad(m_.llvm_type(acc_t), acc),
                                   llvm::ConstantFP::get(m_.llvm_type(acc_t), 0.0));
    auto *redo_bb = llvm::BasicBlock::Create(m_.context, "extreme.zero", fn_);
    auto *done_bb = llvm::BasicBlock::Create(m_.context, "extreme.done", fn_);
    b_.CreateCondBr(zero, redo_bb, done_bb, llvm::MDBuilder(m_.context).createUnlikelyBranchWeights());
    b_.SetInsertPoint(redo_bb);
    b_.CreateStore(first, acc);
    for_each_element(arr, at, [&](Value *p) {
      Value *v = load_element(p, dt);
      Value *cur = b_.CreateLoad(m_.llvm_type(acc_t), acc);
      b_.CreateStore(min_max_propagating_nan(op == "min", cur, v, dt), acc);
    });
    b_.CreateBr(done_bb);
    b_.SetInsertPoint(done_bb);
  };
  if (!sequential && (at->layout == 'C' || at->ndim == 0) && auto_parallel()) {
    // Over threads: each chunk's value, combined in chunk order.
    llvm::Type *mt = m_.element_memory_type(dt), *acc_lt = m_.llvm_type(acc_t);
    auto *buf_t = llvm::ArrayType::get(acc_lt, PYRITE_MAX_CHUNKS);
    llvm::AllocaInst *buf = entry_alloca(buf_t, "reduce.partials");
    Value *data = b_.CreateExtractValue(arr, kData);
    Value *n = b_.CreateExtractValue(arr, kNItems);
    Value *nchunks = parallel_range(
        n, {data, buf}, [&](Value *lo, Value *hi, Value *index, const std::vector<Value *> &c) {
          llvm::AllocaInst *part = entry_alloca(acc_lt, "reduce.part");
          b_.CreateStore(op == "sum" ? convert(i64(0), types::int64(), acc_t)
                                     : load_element(b_.CreateInBoundsGEP(mt, c[0], lo), dt),
                         part);
          for_each_index({b_.CreateSub(hi, lo)}, [&](const std::vector<Value *> &i) {
            Value *at_i = b_.CreateAdd(lo, i[0]);
            Value *v = load_element(b_.CreateInBoundsGEP(mt, c[0], at_i), dt);
            Value *cur = b_.CreateLoad(acc_lt, part);
            b_.CreateStore(step(cur, v), part);
          });
          if (float_extreme) {
            // A zero extreme: the chunk again with NumPy's tie rule (the
            // later of 0.0 and -0.0), which the in-order combine keeps.
            Value *zero = b_.CreateFCmpOEQ(b_.CreateLoad(acc_lt, part),
                                           llvm::ConstantFP::get(acc_lt, 0.0));
            auto *redo_bb = llvm::BasicBlock::Create(m_.context, "extreme.zero", fn_);
            auto *done_bb = llvm::BasicBlock::Create(m_.context, "extreme.done", fn_);
            b_.CreateCondBr(zero, redo_bb, done_bb,
                            llvm::MDBuilder(m_.context).createUnlikelyBranchWeights());
            b_.SetInsertPoint(redo_bb);
            b_.CreateStore(load_element(b_.CreateInBoundsGEP(mt, c[0], lo), dt), part);
            for_each_index({b_.CreateSub(hi, lo)}, [&](const std::vector<Value *> &i) {
              Value *at_i = b_.CreateAdd(lo, i[0]);
              Value *v = load_element(b_.CreateInBoundsGEP(mt, c[0], at_i), dt);
              Value *cur = b_.CreateLoad(acc_lt, part);
              b_.CreateStore(min_max_propagating_nan(op == "min", cur, v, dt), part);
            });
            b_.CreateBr(done_bb);
            b_.SetInsertPoint(done_bb);
          }
          Value *done = b_.CreateLoad(acc_lt, part);
          b_.CreateStore(done, b_.CreateInBoundsGEP(buf_t, c[1], {i64(0), index}));
        });
    Value *first = b_.CreateLoad(acc_lt, b_.CreateInBoundsGEP(buf_t, buf, {i64(0), i64(0)}));
    b_.CreateStore(op == "sum" ? convert(i64(0), types::int64(), acc_t) : first, acc);
    for_each_index({nchunks}, [&](const std::vector<Value *> &k) {
      Value *part = b_.CreateLoad(acc_lt, b_.CreateInBoundsGEP(buf_t, buf, {i64(0), k[0]}));
      Value *cur = b_.CreateLoad(acc_lt, acc);
      Value *next = op == "sum" ? (acc_t->is_float() ? b_.CreateFAdd(cur, part)
                                                     : b_.CreateAdd(cur, part))
                    : float_extreme ? min_max_propagating_nan(op == "min", cur, part, dt)
                                    : step(cur, part);
      b_.CreateStore(next, acc);
    });
    return b_.CreateLoad(acc_lt, acc);
  }
  if (op == "sum") {
    b_.CreateStore(convert(i64(0), types::int64(), acc_t), acc);
  } else {
    std::vector<Value *> zeros(at->ndim, i64(0));
    b_.CreateStore(load_element(element_pointer(arr, at, zeros), dt), acc);
  }
  Value *first = float_extreme ? b_.CreateLoad(m_.llvm_type(acc_t), acc) : nullptr;
  for_each_element(arr, at, [&](Value *p) {
    Value *v = load_element(p, dt);
    Value *cur = b_.CreateLoad(m_.llvm_type(acc_t), acc);
    b_.CreateStore(step(cur, v), acc);
  });
  if (float_extreme)
    redo_zero_extreme(first);
  return b_.CreateLoad(m_.llvm_type(acc_t), acc);
}

// --- reductions along an axis ----------------------------------------------------------

/// a.sum(axis) and friends: the result drops dimension `axis` (known at run
/// time, negative counting from the end); each result element reduces the
/// line of elements along that axis.
llvm::Value *FunctionLowering::reduce_axis(const std::string &op, Value *arr, const Type *at,
                                           Value *axis, const Type *rt) {
  int n = at->ndim;
  axis = normalized_axis(axis, n);
  std::vector<Value *> dims;
  for (int k = 0; k < n; ++k)
    dims.push_back(b_.CreateExtractValue(arr, {kShape, unsigned(k)}));
  // Result dimension j is input dimension j, or j + 1 from the axis on.
  std::vector<Value *> out_shape;
  for (int j = 0; j < n - 1; ++j)
    out_shape.push_back(b_.CreateSelect(b_.CreateICmpSLT(i64(j), axis), dims[j], dims[j + 1]));
  Value *length = dims[0];
  for (int k = 1; k < n; ++k)
    length = b_.CreateSelect(b_.CreateICmpEQ(axis, i64(k)), dims[k], length);
  if (op == "min" || op == "max")
    raise_if(b_.CreateICmpEQ(length, i64(0)), "ValueError",
             "zero-size array to reduction operation " +
                 std::string(op == "min" ? "minimum" : "maximum") + " which has no identity");
  Value *out = allocate_array(rt, out_shape);
  const Type *dt = at->dtype, *acc_t = rt->dtype;
  auto *acc = entry_alloca(m_.llvm_type(acc_t), "axis.acc");
  for_each_index(out_shape, [&](const std::vector<Value *> &o) {
    auto full_index = [&](Value *k) {
      std::vector<Value *> idx;
      for (int d = 0; d < n; ++d) {
        Value *before = d < n - 1 ? o[d] : i64(0), *after = d > 0 ? o[d - 1] : i64(0);
        Value *from_axis = b_.CreateSelect(b_.CreateICmpEQ(i64(d), axis), k, after);
        idx.push_back(b_.CreateSelect(b_.CreateICmpSLT(i64(d), axis), before, from_axis));
      }
      return idx;
    };
    auto load = [&](Value *k) {
      return load_element(element_pointer(arr, at, full_index(k)), dt);
    };
    if (op == "sum" && dt->is_float()) {
      // Pairwise along the axis (NumPy sums pairwise only when the axis is
      // the innermost loop; elsewhere this is more accurate than NumPy).
      Value *stride = b_.CreateExtractValue(arr, {kStrides, 0});
      for (int k = 1; k < n; ++k) {
        Value *is_k = b_.CreateICmpEQ(axis, i64(k));
        Value *stride_k = b_.CreateExtractValue(arr, {kStrides, unsigned(k)});
        stride = b_.CreateSelect(is_k, stride_k, stride);
      }
      Value *start = unchecked_element_pointer(arr, full_index(i64(0)));
      Value *sum = pairwise_sum(start, length, stride, dt);
      b_.CreateStore(sum, element_pointer(out, rt, o));
      return;
    }
    if (op == "min" || op == "max")
      b_.CreateStore(load(i64(0)), acc);
    else
      b_.CreateStore(convert(i64(0), types::int64(), acc_t), acc);
    for_each_index({length}, [&](const std::vector<Value *> &k) {
      Value *v = load(k[0]), *cur = b_.CreateLoad(m_.llvm_type(acc_t), acc), *next;
      if (op == "sum") {
        v = convert(v, dt, acc_t);
        next = acc_t->is_float() ? b_.CreateFAdd(cur, v) : b_.CreateAdd(cur, v);
      } else {
        next = min_max_propagating_nan(op == "min", cur, v, dt); // np.minimum(acc, x)
      }
      b_.CreateStore(next, acc);
    });
    Value *result = b_.CreateLoad(m_.llvm_type(acc_t), acc);
    if (acc_t->is_bool())
      result = b_.CreateZExt(result, b_.getInt8Ty());
    b_.CreateStore(result, element_pointer(out, rt, o));
  });
  return out;
}

/// `axis` counted from the end when negative; numpy.exceptions.AxisError
/// (an IndexError and a ValueError) when out of range, as NumPy raises it.
llvm::Value *FunctionLowering::normalized_axis(Value *axis, int ndim) {
  Value *wrapped = b_.CreateAdd(axis, i64(ndim));
  Value *negative = b_.CreateICmpSLT(axis, i64(0));
  Value *k = b_.CreateSelect(negative, wrapped, axis);
  raise_if(b_.CreateICmpUGE(k, i64(ndim)), "numpy.exceptions.AxisError",
           "axis {0} is out of bounds for array of dimension {1}", {axis, i64(ndim)});
  return k;
}

// --- np.array of a literal ------------------------------------------------------------------

llvm::Value *FunctionLowering::array_from_literal(Value *literal, const Type *lt, const Type *rt) {
  // The literal's leaves in C order, each converted to the dtype.
  std::vector<Value *> leaves;
  std::vector<int64_t> shape;
  std::function<void(Value *, const Type *, size_t)> walk = [&](Value *v, const Type *t,
                                                                size_t depth) {
    if (t->is_number() || t->is_complex()) {
      leaves.push_back(convert(v, t, rt->dtype));
      return;
    }
    if (depth == shape.size())
      shape.push_back(int64_t(t->elems.size()));
    for (unsigned k = 0; k < t->elems.size(); ++k)
      walk(b_.CreateExtractValue(v, k), t->elems[k], depth + 1);
  };
  walk(literal, lt, 0);
  std::vector<Value *> dims;
  for (int64_t d : shape)
    dims.push_back(i64(d));
  Value *out = allocate_array(rt, dims);
  Value *data = b_.CreateExtractValue(out, kData);
  for (size_t k = 0; k < leaves.size(); ++k) {
    Value *v = rt->dtype->is_bool() ? b_.CreateZExt(leaves[k], b_.getInt8Ty()) : leaves[k];
    b_.CreateStore(v, b_.CreateConstInBoundsGEP1_64(m_.element_memory_type(rt->dtype), data, k));
  }
  return out;
}

} // namespace pyrite::lower
