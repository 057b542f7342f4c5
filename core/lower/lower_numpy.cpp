//===- lower/lower_numpy.cpp - NumPy reductions and constructors ----------===//
//
// Sections: reductions along an axis; np.array of a literal; np.arange.
// (linspace, argmin/argmax, cumsum and dot are Python: pyrite/_library.)
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include <llvm/IR/Intrinsics.h>

namespace pyrite::lower {

using llvm::Value;

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
  // A mean sums in its result type (float64 for integers, as NumPy does).
  const Type *sum_t = acc_t;
  auto *acc = entry_alloca(m_.llvm_type(sum_t), "axis.acc");
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
    if (op == "min" || op == "max")
      b_.CreateStore(load(i64(0)), acc);
    else
      b_.CreateStore(convert(i64(0), types::int64(), sum_t), acc);
    for_each_index({length}, [&](const std::vector<Value *> &k) {
      Value *v = load(k[0]), *cur = b_.CreateLoad(m_.llvm_type(sum_t), acc), *next;
      if (op == "sum" || op == "mean") {
        v = convert(v, dt, sum_t);
        next = sum_t->is_float() ? b_.CreateFAdd(cur, v) : b_.CreateAdd(cur, v);
      } else {
        next = min_max_propagating_nan(op == "min", v, cur, dt);
      }
      b_.CreateStore(next, acc);
    });
    Value *result = b_.CreateLoad(m_.llvm_type(sum_t), acc);
    if (op == "mean") {
      Value *divisor = convert(length, types::int64(), acc_t);
      result = b_.CreateFDiv(convert(result, sum_t, acc_t), divisor);
    }
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
    if (t->is_number()) {
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
    b_.CreateStore(v, b_.CreateConstInBoundsGEP1_64(m_.memory_type(rt->dtype), data, k));
  }
  return out;
}

// --- np.arange ---------------------------------------------------------------------------

/// np.arange(stop), (start, stop), (start, stop, step): ceil((stop-start)/step)
/// elements, start + k*step each, as NumPy computes them.
llvm::Value *FunctionLowering::arange(const std::vector<Value *> &args, const Type *rt) {
  const Type *t = rt->dtype;
  Value *zero = convert(i64(0), types::int64(), t), *one = convert(i64(1), types::int64(), t);
  Value *start = args.size() > 1 ? args[0] : zero;
  Value *stop = args.size() > 1 ? args[1] : args[0];
  Value *step = args.size() > 2 ? args[2] : one;
  Value *len;
  if (t->is_float()) {
    raise_if(b_.CreateFCmpOEQ(step, zero), "ZeroDivisionError", "division by zero");
    Value *q = b_.CreateUnaryIntrinsic(llvm::Intrinsic::ceil,
                                       b_.CreateFDiv(b_.CreateFSub(stop, start), step));
    q = b_.CreateSelect(b_.CreateFCmpOGT(q, zero), q, zero); // NaN too
    raise_if(b_.CreateFCmpOGE(q, fp_const(t, 9223372036854775808.0)), "ValueError",
             "Maximum allowed size exceeded");
    len = b_.CreateFPToSI(q, b_.getInt64Ty());
  } else {
    raise_if(b_.CreateICmpEQ(step, i64(0)), "ZeroDivisionError", "division by zero");
    // As many values as range() has, counted without overflow.
    len = trip_count(start, stop, step, true);
    raise_if(b_.CreateICmpSLT(len, i64(0)), "ValueError", "Maximum allowed size exceeded");
  }
  Value *arr = allocate_array(rt, {len});
  Value *data = b_.CreateExtractValue(arr, kData);
  // NumPy steps by the difference of the first two values, not by `step`.
  Value *delta = t->is_float() ? b_.CreateFSub(b_.CreateFAdd(start, step), start) : step;
  for_each_index({len}, [&](const std::vector<Value *> &k) {
    Value *kv = convert(k[0], types::int64(), t);
    Value *v = t->is_float() ? b_.CreateFAdd(start, b_.CreateFMul(kv, delta))
                             : b_.CreateAdd(start, b_.CreateMul(kv, delta));
    b_.CreateStore(v, b_.CreateInBoundsGEP(m_.memory_type(t), data, k[0]));
  });
  return arr;
}

} // namespace pyrite::lower
