//===- lower/lower_builtins.cpp - the builtin calls of builtin_lowering.def ===//
//
// One member per row group of lower/builtin_lowering.def; call_builtin
// (lower_calls.cpp) finds the row by the Resolution's key. Each gets the call
// (BuiltinCall): its operands converted to the resolution's parameter types
// (a method's receiver first), the result type, and the receiver's type.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include <llvm/IR/Intrinsics.h>

namespace pyrite::lower {

using llvm::Value;

const Type *FunctionLowering::BuiltinCall::arg_type(const FunctionLowering &fl,
                                                    size_t k) const {
  // An Optional operand is passed as its value (None raised TypeError).
  return types::strip_optional(fl.type_of(in.args[k + 1]));
}

/// The array operand of a method or function: the receiver, else argument 0.
static const Type *array_operand(const FunctionLowering &fl,
                                 const FunctionLowering::BuiltinCall &c) {
  return c.receiver ? c.receiver : c.arg_type(fl, 0);
}

/// MT19937 stream of a random builtin: 0 for `random`, 1 for `numpy.random`.
static int rng_stream(const std::string &name) { return name[0] == 'r' ? 0 : 1; }

// --- casts and Python builtins -------------------------------------------------------

Value *FunctionLowering::lower_cast(const BuiltinCall &c) {
  if (c.rt->is_bool()) // bool(x): the truth of any value
    return truth(c.args[0], c.r.param_types[0]);
  // int(x) and np.int64(x) of a float check it as CPython and NumPy do.
  if (c.r.param_types[0]->is_float() && c.rt->is_int())
    return checked_float_to_int(c.args[0], c.rt);
  return convert(c.args[0], c.r.param_types[0], c.rt);
}

Value *FunctionLowering::lower_abs(const BuiltinCall &c) { return absolute(c.args[0], c.rt); }

Value *FunctionLowering::lower_complex(const BuiltinCall &c) {
  if (c.args.size() == 1) // converted to complex128 already
    return c.args[0];
  Value *z = llvm::UndefValue::get(m_.llvm_type(c.rt));
  for (unsigned k = 0; k < 2; ++k)
    z = b_.CreateInsertValue(z, k < c.args.size() ? c.args[k] : fp_const(types::float64(), 0.0),
                             k);
  return z;
}

Value *FunctionLowering::lower_min_max(const BuiltinCall &c) {
  // Python keeps the first of equal (or unordered) values.
  bool is_min = c.r.builtin == "builtins.min";
  const Type *rt = c.rt;
  Value *best = c.args[0];
  for (size_t k = 1; k < c.args.size(); ++k) {
    bool s = rt->is_int() && rt->is_signed;
    Value *v = c.args[k];
    Value *better =
        rt->is_float()
            ? (is_min ? b_.CreateFCmpOLT(v, best) : b_.CreateFCmpOGT(v, best))
            : (is_min ? b_.CreateICmp(s ? llvm::CmpInst::ICMP_SLT : llvm::CmpInst::ICMP_ULT, v,
                                      best)
                      : b_.CreateICmp(s ? llvm::CmpInst::ICMP_SGT : llvm::CmpInst::ICMP_UGT, v,
                                      best));
    best = b_.CreateSelect(better, v, best);
  }
  return best;
}

Value *FunctionLowering::lower_round(const BuiltinCall &c) {
  Value *v = c.args[0];
  const Type *pt = c.r.param_types[0];
  if (pt->is_float() && c.rt->is_int())
    return checked_float_to_int(b_.CreateUnaryIntrinsic(llvm::Intrinsic::roundeven, v), c.rt);
  return convert(v, pt->is_float() ? pt : types::int64(), c.rt);
}

Value *FunctionLowering::lower_len(const BuiltinCall &c) {
  const Type *t = c.arg_type(*this, 0);
  if (t->is_tuple())
    return i64(int64_t(t->elems.size()));
  if (t->kind == TypeKind::RangeState) { // computed without overflow, as iteration counts
    Value *count = range_trip_count(c.args[0], t);
    if (!t->dtype->is_signed) // a uint64 range may hold more than len() can return
      raise_if(b_.CreateICmpSLT(count, i64(0)), "OverflowError",
               "Python int too large to convert to C ssize_t");
    return count;
  }
  if (t->is_string()) // a constant string arrives made a str (param_types)
    return b_.CreateExtractValue(c.args[0], kStrLength);
  if (t->is_list())
    return list_len(c.args[0]);
  if (types::is_flatiter(t)) // a.flat: a.size
    return b_.CreateExtractValue(b_.CreateExtractValue(c.args[0], 0), kNItems);
  return b_.CreateExtractValue(c.args[0], {kShape, 0});
}

Value *FunctionLowering::lower_range(const BuiltinCall &c) {
  std::vector<const Type *> given;
  for (size_t k = 0; k < c.args.size(); ++k)
    given.push_back(c.arg_type(*this, k));
  return range_state(c.args, given, c.rt);
}

Value *FunctionLowering::lower_print(const BuiltinCall &c) { return print(c.in, c.args); }

Value *FunctionLowering::lower_enumerate_zip(const BuiltinCall &c) {
  bool is_enumerate = c.r.builtin == "builtins.enumerate";
  Value *v = llvm::UndefValue::get(m_.llvm_type(c.rt));
  unsigned slot = 0;
  if (is_enumerate)
    v = b_.CreateInsertValue(v, c.args.size() == 2 ? c.args[1] : i64(0), slot++);
  v = b_.CreateInsertValue(v, c.args[0], slot++);
  for (size_t k = 1; !is_enumerate && k < c.args.size(); ++k)
    v = b_.CreateInsertValue(v, c.args[k], slot++);
  incref(v, c.rt); // a call's result is a new reference (released with the block)
  return v;
}

Value *FunctionLowering::lower_no_value(const BuiltinCall &) {
  return b_.getInt8(0); // a class (type(x)): nothing at run time
}

Value *FunctionLowering::lower_empty_list(const BuiltinCall &c) {
  return llvm::Constant::getNullValue(m_.llvm_type(c.rt)); // list(): `[]`, made where stored
}

Value *FunctionLowering::lower_exception(const BuiltinCall &c) {
  // An int argument: the one run-time value of its message (PYRITE_INT_ARGUMENT).
  if (c.rt->bits && c.r.param_types[0]->is_int())
    return b_.CreateInsertValue(llvm::UndefValue::get(m_.llvm_type(c.rt)), c.args[0], 0);
  // The message's run-time values or text, if any.
  return c.rt->bits || c.rt->runtime_text ? c.args[0] : b_.getInt8(0);
}

// --- reductions -------------------------------------------------------------------------

Value *FunctionLowering::lower_reduce(const BuiltinCall &c) {
  if (c.args.size() == 2) // a 1-d array's only axis: 0 or -1
    normalized_axis(c.args[1], 1);
  const std::string &name = c.r.builtin;
  return reduce_array(name.substr(name.find('.') + 1), c.args[0], array_operand(*this, c));
}

Value *FunctionLowering::lower_reduce_axis(const BuiltinCall &c) {
  const std::string &name = c.r.builtin; // "array.sum_axis" -> "sum"
  std::string op = name.substr(6, name.size() - 11);
  return reduce_axis(op, c.args[0], array_operand(*this, c), c.args[1], c.rt);
}

// --- random ----------------------------------------------------------------------------

Value *FunctionLowering::lower_random_double(const BuiltinCall &c) {
  return b_.CreateCall(m_.runtime("pyrite_random_double"),
                       {b_.getInt32(rng_stream(c.r.builtin))});
}

Value *FunctionLowering::lower_random_gauss(const BuiltinCall &c) {
  Value *z = b_.CreateCall(m_.runtime("pyrite_random_gauss"),
                           {b_.getInt32(rng_stream(c.r.builtin))});
  Value *mu = c.args.size() > 0 ? c.args[0] : fp_const(types::float64(), 0.0);
  Value *sigma = c.args.size() > 1 ? c.args[1] : fp_const(types::float64(), 1.0);
  return b_.CreateFAdd(mu, b_.CreateFMul(sigma, z));
}

Value *FunctionLowering::lower_random_uniform(const BuiltinCall &c) {
  Value *u = b_.CreateCall(m_.runtime("pyrite_random_double"),
                           {b_.getInt32(rng_stream(c.r.builtin))});
  return b_.CreateFAdd(c.args[0], b_.CreateFMul(b_.CreateFSub(c.args[1], c.args[0]), u));
}

Value *FunctionLowering::lower_random_seed(const BuiltinCall &c) {
  int stream = rng_stream(c.r.builtin);
  Value *state = b_.CreateCall(m_.runtime("pyrite_rt_rng_state"), {b_.getInt32(stream)});
  if (stream == 1) {
    Value *too_big = b_.CreateICmpSGT(c.args[0], i64(0xffffffffLL));
    Value *negative = b_.CreateICmpSLT(c.args[0], i64(0));
    raise_if(b_.CreateOr(negative, too_big), "ValueError",
             "Seed must be between 0 and 2**32 - 1");
  }
  Value *seed = b_.CreateTrunc(c.args[0], b_.getInt32Ty());
  b_.CreateCall(m_.runtime("pyrite_rt_rng_seed"), {state, seed});
  return b_.getInt8(0);
}

// --- array creation --------------------------------------------------------------------

/// The dimensions of a shape argument: an integer or a tuple of integers.
static std::vector<Value *> shape_of(llvm::IRBuilder<> &b, Value *shape, const Type *t) {
  std::vector<Value *> dims;
  if (t->is_tuple())
    for (unsigned k = 0; k < t->elems.size(); ++k)
      dims.push_back(b.CreateExtractValue(shape, k));
  else
    dims.push_back(shape);
  return dims;
}

/// The dimensions of an existing array value of `ndim` dimensions.
static std::vector<Value *> dims_of(llvm::IRBuilder<> &b, Value *arr, int ndim) {
  std::vector<Value *> dims;
  for (int k = 0; k < ndim; ++k)
    dims.push_back(b.CreateExtractValue(arr, {kShape, unsigned(k)}));
  return dims;
}

Value *FunctionLowering::lower_alloc(const BuiltinCall &c) {
  Value *arr = allocate_array(c.rt, shape_of(b_, c.args[0], c.r.param_types[0]));
  if (c.r.builtin != "numpy.empty")
    fill_array(arr, c.rt,
               c.r.builtin == "numpy.zeros" ? nullptr
                                            : convert(i64(1), types::int64(), c.rt->dtype));
  return arr;
}

Value *FunctionLowering::lower_alloc_like(const BuiltinCall &c) {
  Value *arr = allocate_array(c.rt, dims_of(b_, c.args[0], c.rt->ndim));
  if (c.r.builtin != "numpy.empty_like")
    fill_array(arr, c.rt,
               c.r.builtin == "numpy.zeros_like"
                   ? nullptr
                   : convert(i64(1), types::int64(), c.rt->dtype));
  return arr;
}

Value *FunctionLowering::lower_full(const BuiltinCall &c) {
  std::vector<Value *> shape = c.r.builtin == "numpy.full_like"
                                   ? dims_of(b_, c.args[0], c.rt->ndim)
                                   : shape_of(b_, c.args[0], c.r.param_types[0]);
  Value *fill = stored_value(c.in.args[2], c.rt->dtype); // np.full(n, 300, np.uint8)
  Value *arr = allocate_array(c.rt, shape);
  fill_array(arr, c.rt, fill);
  return arr;
}

Value *FunctionLowering::lower_array_literal(const BuiltinCall &c) {
  return array_from_literal(c.args[0], c.arg_type(*this, 0), c.rt);
}

Value *FunctionLowering::lower_same_array(const BuiltinCall &c) {
  incref(c.args[0], c.rt); // np.asarray(a) is `a`, as a new reference
  return c.args[0];
}

Value *FunctionLowering::lower_array_copy(const BuiltinCall &c) {
  // np.array(a) and a.astype(dtype): a new C-contiguous array of the result type.
  Value *out = allocate_array(c.rt, dims_of(b_, c.args[0], c.rt->ndim));
  copy_into(out, c.rt, c.args[0], array_operand(*this, c));
  return out;
}

Value *FunctionLowering::lower_copy(const BuiltinCall &c) {
  return copy_array(c.args[0], array_operand(*this, c));
}

// --- NumPy functions of scalars ------------------------------------------------------------

Value *FunctionLowering::lower_float_ufunc(const BuiltinCall &c) {
  return numpy_float_op(c.r.builtin.substr(6), c.args[0], c.r.param_types[0]);
}

Value *FunctionLowering::lower_minimum_maximum(const BuiltinCall &c) {
  return min_max_propagating_nan(c.r.builtin == "numpy.minimum", c.args[0], c.args[1], c.rt);
}

// --- array methods: fill and views -----------------------------------------------------------

Value *FunctionLowering::lower_fill(const BuiltinCall &c) {
  // a.fill(300) into uint8 raises
  fill_array(c.args[0], c.receiver, stored_value(c.in.args[1], c.receiver->dtype));
  return b_.getInt8(0);
}

Value *FunctionLowering::lower_transpose(const BuiltinCall &c) {
  return transpose_view(c.args[0], c.receiver, c.rt);
}

Value *FunctionLowering::lower_ravel(const BuiltinCall &c) {
  return flat_array(c.args[0], c.receiver, c.r.builtin == "array.flatten");
}

Value *FunctionLowering::lower_transpose_axes(const BuiltinCall &c) {
  int n = c.receiver->ndim;
  std::vector<Value *> axes;
  for (size_t k = 1; k < c.args.size(); ++k)
    for (Value *a : shape_of(b_, c.args[k], c.r.param_types[k - 1]))
      axes.push_back(normalized_axis(a, n));
  // Result dimension j is input dimension axes[j]; each input dimension once.
  std::vector<Value *> shape, strides;
  Value *seen = i64(0);
  for (Value *axis : axes) {
    Value *bit = b_.CreateShl(i64(1), axis);
    raise_if(b_.CreateICmpNE(b_.CreateAnd(seen, bit), i64(0)), "ValueError",
             "repeated axis in transpose");
    seen = b_.CreateOr(seen, bit);
    Value *dim = i64(0), *stride = i64(0);
    for (int k = 0; k < n; ++k) {
      Value *is_k = b_.CreateICmpEQ(axis, i64(k));
      Value *dim_k = b_.CreateExtractValue(c.args[0], {kShape, unsigned(k)});
      Value *stride_k = b_.CreateExtractValue(c.args[0], {kStrides, unsigned(k)});
      dim = b_.CreateSelect(is_k, dim_k, dim);
      stride = b_.CreateSelect(is_k, stride_k, stride);
    }
    shape.push_back(dim);
    strides.push_back(stride);
  }
  return view_with(c.args[0], c.rt, shape, strides, true);
}

Value *FunctionLowering::lower_view(const BuiltinCall &c) {
  return dtype_view(c.args[0], c.receiver, c.rt);
}

Value *FunctionLowering::lower_reshape(const BuiltinCall &c) {
  std::vector<Value *> dims;
  for (size_t k = 1; k < c.args.size(); ++k) {
    for (Value *d : shape_of(b_, c.args[k], c.r.param_types[k - 1]))
      dims.push_back(d);
  }
  return reshape_view(c.args[0], array_operand(*this, c), c.rt, dims);
}

} // namespace pyrite::lower
