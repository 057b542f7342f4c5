//===- lower/lower_ops.cpp - constants, casts and Python operators --------===//
#include "lower/lowering.h"

#include <llvm/IR/MDBuilder.h>

namespace pyrite::lower {

using llvm::Value;

llvm::Value *FunctionLowering::fp_const(const Type *t, double v) {
  return llvm::ConstantFP::get(m_.llvm_type(t), v);
}

llvm::Value *FunctionLowering::constant(const ir::Constant &c, const Type *t) {
  using K = ir::Constant::Kind;
  switch (c.kind) {
  case K::Bool: return convert(b_.getInt1(c.i != 0), types::boolean(), t);
  case K::Int: return convert(i64(c.i), types::int64(), t);
  case K::UInt: return convert(i64(c.i), types::integer(64, false), t);
  case K::Float: return convert(fp_const(types::float64(), c.f), types::float64(), t);
  case K::Complex: {
    const Type *c128 = types::complex128();
    Value *z = llvm::UndefValue::get(m_.llvm_type(c128));
    z = b_.CreateInsertValue(z, fp_const(types::float64(), c.f), 0);
    z = b_.CreateInsertValue(z, fp_const(types::float64(), c.imag), 1);
    return convert(z, c128, t);
  }
  case K::Array: return frozen_array(c, t);
  case K::Datetime:
  case K::Timedelta:
    return convert(i64(c.i), c.kind == K::Datetime ? types::datetime(c.s) : types::timedelta(c.s),
                   t);
  case K::Str: // a default or global str used as a value
    if (t->kind == TypeKind::Unicode)
      return string_constant(c.s);
    return llvm::Constant::getNullValue(m_.llvm_type(t));
  case K::Tuple: { // a frozen global tuple
    Value *out = llvm::UndefValue::get(m_.llvm_type(t));
    for (size_t k = 0; k < c.items.size(); ++k) {
      Value *item = constant(c.items[k], t->elems[k]);
      out = b_.CreateInsertValue(out, item, unsigned(k));
    }
    return out;
  }
  default: return llvm::Constant::getNullValue(m_.llvm_type(t));
  }
}

/// A global array frozen into the module: its bytes in a private (writable,
/// so a store cannot fault) global, viewed by an array that owns nothing.
llvm::Value *FunctionLowering::frozen_array(const ir::Constant &c, const Type *t) {
  auto *bytes = llvm::ConstantDataArray::getRaw(
      c.s, c.s.size(), b_.getInt8Ty());
  auto *g = new llvm::GlobalVariable(*m_.module, bytes->getType(), /*isConstant=*/false,
                                     llvm::GlobalValue::PrivateLinkage, bytes, "frozen.array");
  g->setAlignment(llvm::Align(64));
  int64_t itemsize = m_.itemsize(t->dtype);
  Value *arr = llvm::Constant::getNullValue(m_.llvm_type(t));
  int64_t n = 1;
  for (int64_t d : c.shape)
    n *= d;
  arr = b_.CreateInsertValue(arr, i64(n), kNItems);
  arr = b_.CreateInsertValue(arr, i64(itemsize), kItemSize);
  arr = b_.CreateInsertValue(arr, g, kData);
  int64_t stride = itemsize;
  for (size_t k = c.shape.size(); k-- > 0;) {
    arr = b_.CreateInsertValue(arr, i64(c.shape[k]), {kShape, unsigned(k)});
    arr = b_.CreateInsertValue(arr, i64(stride), {kStrides, unsigned(k)});
    stride *= c.shape[k];
  }
  return arr;
}

llvm::Value *FunctionLowering::operand(const ir::Inst &in, size_t k,
                                       const typing::Resolution &r) {
  int id = in.args[k];
  return convert(value(id), type_of(id), r.param_types.at(k - (in.op == ir::Opcode::Call)));
}

// --- casts ---------------------------------------------------------------------------

llvm::Value *FunctionLowering::convert(Value *v, const Type *from, const Type *to) {
  if (from == to || !to)
    return v;
  llvm::Type *dst = m_.llvm_type(to);
  if (to->is_optional()) { // None is absent; a value (or an Optional) is present
    if (from->kind == TypeKind::None)
      return llvm::Constant::getNullValue(dst);
    Value *present = from->is_optional() ? b_.CreateExtractValue(v, 1) : b_.getTrue();
    Value *inner = from->is_optional() ? b_.CreateExtractValue(v, 0) : v;
    Value *out = b_.CreateInsertValue(llvm::UndefValue::get(dst),
                                      convert(inner, types::strip_optional(from), to->dtype), 0);
    return b_.CreateInsertValue(out, present, 1);
  }
  if (from->is_optional()) { // used as its value: None there is a TypeError
    raise_if(b_.CreateNot(b_.CreateExtractValue(v, 1)), "TypeError",
             "expected " + from->dtype->display + ", got None");
    return convert(b_.CreateExtractValue(v, 0), from->dtype, to);
  }
  if ((from->is_number() || from->is_complex()) && to->is_bool())
    return truth(v, from);
  if (to->is_complex() && (from->is_number() || from->is_complex())) {
    // A real number is (x, 0); complex64 and complex128 convert each part.
    const Type *part = types::complex_part(to);
    Value *re = from->is_complex() ? b_.CreateExtractValue(v, 0) : v;
    Value *im = from->is_complex() ? b_.CreateExtractValue(v, 1)
                                   : static_cast<Value *>(fp_const(part, 0.0));
    re = convert(re, from->is_complex() ? types::complex_part(from) : from, part);
    if (from->is_complex())
      im = convert(im, types::complex_part(from), part);
    Value *z = llvm::UndefValue::get(m_.llvm_type(to));
    z = b_.CreateInsertValue(z, re, 0);
    return b_.CreateInsertValue(z, im, 1);
  }
  if (from->kind == TypeKind::StringLiteral && to->kind == TypeKind::Unicode)
    return string_constant(from->name);
  if (from->kind == TypeKind::ListLiteral && to->is_list())
    return list_from_literal(v, from, to);
  bool untyped_table = (from->is_dict() && from->elems.empty()) || (from->is_set() && !from->dtype);
  if (untyped_table && to->is_typed_table() && from->kind == to->kind) { // `d = {}`, now typed
    Value *d = new_dict(to);
    temps_.emplace_back(d, to); // a new reference, released with the block
    return d;
  }
  if ((from->is_int() || from->is_bool()) && to->is_datetime_like()) // a count of its unit
    return from->is_int() && from->is_signed ? b_.CreateSExtOrTrunc(v, dst)
                                             : b_.CreateZExtOrTrunc(v, dst);
  if ((from->is_int() || from->is_bool()) && to->is_int()) {
    bool sign = from->is_int() && from->is_signed;
    return sign ? b_.CreateSExtOrTrunc(v, dst) : b_.CreateZExtOrTrunc(v, dst);
  }
  if ((from->is_int() || from->is_bool()) && to->is_float())
    return from->is_int() && from->is_signed ? b_.CreateSIToFP(v, dst) : b_.CreateUIToFP(v, dst);
  if (from->is_float() && to->is_int())
    return float_to_int(v, to);
  if (from->is_float() && to->is_float())
    return b_.CreateFPCast(v, dst);
  if (from->is_array() && to->is_array())
    return v; // layouts share one representation
  if (from->is_tuple() && to->is_tuple() && from->elems.size() == to->elems.size()) {
    Value *out = llvm::UndefValue::get(dst);
    for (size_t k = 0; k < from->elems.size(); ++k)
      out = b_.CreateInsertValue(
          out, convert(b_.CreateExtractValue(v, unsigned(k)), from->elems[k], to->elems[k]),
          unsigned(k));
    return out;
  }
  if (from->is_datetime_like() || to->is_datetime_like()) {
    // Units convert in the library (numpy_datetime.py); here only NaT
    // without a unit meets a unit (types::unify): the count as it is.
    if (from->kind == to->kind && (from->name.empty() || to->name.empty()))
      return v;
    throw std::logic_error("pyrite: no conversion from " + from->display + " to " +
                           to->display);
  }
  if (m_.llvm_type(from) == dst)
    return v;
  throw std::logic_error("pyrite: no conversion from " + from->display + " to " + to->display);
}

/// Whether `v` is finite and lies in [lo, hi) (both exact in double).
static Value *in_range(llvm::IRBuilder<> &b, Value *v, double lo, double hi) {
  Value *below_hi = b.CreateFCmpOLT(v, llvm::ConstantFP::get(v->getType(), hi));
  Value *at_least_lo = b.CreateFCmpOGE(v, llvm::ConstantFP::get(v->getType(), lo));
  return b.CreateAnd(at_least_lo, below_hi);
}

llvm::Value *FunctionLowering::float_to_int(Value *v, const Type *to) {
  // LLVM's fptosi/fptoui give poison for NaN and out-of-range values, which
  // may miscompile what uses them. Here they give what NumPy's casts give on
  // x86-64 (cvttsd2si's "integer indefinite"): the most negative value of a
  // 32- or 64-bit integer; narrower types and unsigned ones wrap from there.
  auto *i64t = b_.getInt64Ty();
  if (to->is_signed && to->bits == 32) {
    Value *ok = in_range(b_, v, -2147483648.0, 2147483648.0);
    Value *safe = b_.CreateSelect(ok, v, llvm::ConstantFP::get(v->getType(), 0.0));
    return b_.CreateSelect(ok, b_.CreateFPToSI(safe, b_.getInt32Ty()),
                           b_.getInt32(uint32_t(INT32_MIN)));
  }
  Value *ok = in_range(b_, v, -9223372036854775808.0, 9223372036854775808.0);
  Value *safe = b_.CreateSelect(ok, v, llvm::ConstantFP::get(v->getType(), 0.0));
  Value *wide = b_.CreateSelect(ok, b_.CreateFPToSI(safe, i64t), b_.getInt64(uint64_t(INT64_MIN)));
  if (!to->is_signed && to->bits == 64) {
    // [2**63, 2**64) is in range for uint64 but not for int64.
    Value *high = in_range(b_, v, 9223372036854775808.0, 18446744073709551616.0);
    Value *safe_high = b_.CreateSelect(high, v, llvm::ConstantFP::get(v->getType(), 0.0));
    wide = b_.CreateSelect(high, b_.CreateFPToUI(safe_high, i64t), wide);
  }
  return b_.CreateTrunc(wide, m_.llvm_type(to));
}

llvm::Value *FunctionLowering::checked_float_to_int(Value *v, const Type *to) {
  // int(x) in CPython: NaN is a ValueError, infinities an OverflowError; a
  // finite value is a Python int, which past int64 pyrite cannot hold. One
  // unlikely branch guards the common case (the range test fails for NaN
  // and infinities too); the cold path tells the three apart.
  // For signed results the test is |x| < 2**63, one compare in the hot
  // loop; the cold path lets -2**63 itself through.
  // error_model='numpy' (GPU kernels too): NumPy's cast, which never raises.
  if (numpy_errors())
    return float_to_int(v, to);
  if (to->bits < 64) {
    // NumPy 2: np.uint8(x) of a float truncates it to a Python int, which
    // must fit the type: np.uint8(300.0) and np.uint8(-3.7) raise
    // OverflowError, np.int8(-3.7) is -3.
    Value *whole = checked_float_to_int(v, types::int64());
    int64_t lo = to->is_signed ? -(int64_t(1) << (to->bits - 1)) : 0;
    int64_t hi = to->is_signed ? (int64_t(1) << (to->bits - 1)) - 1 : (int64_t(1) << to->bits) - 1;
    Value *below = b_.CreateICmpSLT(whole, i64(lo));
    Value *above = b_.CreateICmpSGT(whole, i64(hi));
    raise_if(b_.CreateOr(below, above), "OverflowError",
             "Python integer {0} out of bounds for " + to->display, {whole});
    return b_.CreateTrunc(whole, m_.llvm_type(to));
  }
  bool is_signed = to->is_signed;
  Value *mag = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v);
  Value *ok = is_signed ? b_.CreateFCmpOLT(mag, llvm::ConstantFP::get(v->getType(), 9223372036854775808.0))
                        : in_range(b_, v, 0.0, 18446744073709551616.0);
  auto *bad = llvm::BasicBlock::Create(m_.context, "float_to_int.bad", fn_);
  auto *cont = llvm::BasicBlock::Create(m_.context, "float_to_int.ok", fn_);
  b_.CreateCondBr(ok, cont, bad, llvm::MDBuilder(m_.context).createLikelyBranchWeights());
  b_.SetInsertPoint(bad);
  if (is_signed) {
    auto *still_bad = llvm::BasicBlock::Create(m_.context, "float_to_int.out_of_range", fn_);
    Value *lowest = b_.CreateFCmpOEQ(v, llvm::ConstantFP::get(v->getType(), -9223372036854775808.0));
    b_.CreateCondBr(lowest, cont, still_bad);
    b_.SetInsertPoint(still_bad);
  }
  raise_if(b_.CreateFCmpUNO(v, v), "ValueError", "cannot convert float NaN to integer");
  raise_if(b_.CreateFCmpOEQ(mag, llvm::ConstantFP::getInfinity(v->getType())), "OverflowError",
           "cannot convert float infinity to integer");
  raise(std::string("OverflowError"), std::string("float value is out of range for ") + to->display);
  b_.SetInsertPoint(cont);
  return is_signed ? b_.CreateFPToSI(v, b_.getInt64Ty()) : b_.CreateFPToUI(v, b_.getInt64Ty());
}

llvm::Value *FunctionLowering::truth(Value *v, const Type *t) {
  if (t->is_bool())
    return v;
  if (t->is_optional()) { // None is false
    Value *present = b_.CreateExtractValue(v, 1);
    Value *value_truth = truth(b_.CreateExtractValue(v, 0), t->dtype);
    return b_.CreateSelect(present, value_truth, b_.getFalse());
  }
  if (t->is_int())
    return b_.CreateICmpNE(v, llvm::ConstantInt::get(v->getType(), 0));
  if (t->is_float())
    return b_.CreateFCmpUNE(v, llvm::ConstantFP::get(v->getType(), 0.0));
  if (t->is_complex()) { // not 0j: either part nonzero (or NaN)
    const Type *part = types::complex_part(t);
    Value *re = truth(b_.CreateExtractValue(v, 0), part);
    Value *im = truth(b_.CreateExtractValue(v, 1), part);
    return b_.CreateOr(re, im);
  }
  if (t->kind == TypeKind::Unicode) // a str is true when not empty
    return b_.CreateICmpNE(b_.CreateExtractValue(v, kStrLength), i64(0));
  if (t->is_list()) // so is a list
    return b_.CreateICmpNE(list_len(v), i64(0));
  if (t->is_typed_table()) { // and a dict or set with an entry not deleted (data_model.h)
    Value *entries = list_len(b_.CreateExtractValue(v, kDictKeys));
    Value *deleted = dict_deleted(v, t);
    return b_.CreateICmpSGT(entries, deleted);
  }
  if (t->is_string())
    return b_.getInt1(!t->name.empty());
  return b_.getInt1(false); // None
}

// --- arithmetic -------------------------------------------------------------------------

llvm::Value *FunctionLowering::int_divmod(ir::BinaryOp op, Value *a, Value *b, const Type *t) {
  bool is_div = op == ir::BinaryOp::FloorDiv;
  Value *zero = llvm::ConstantInt::get(b->getType(), 0);
  Value *by_zero = b_.CreateICmpEQ(b, zero);
  if (numpy_errors()) { // error_model='numpy': x // 0 and x % 0 are 0, as in Numba
    Value *safe_b = b_.CreateSelect(by_zero, llvm::ConstantInt::get(b->getType(), 1), b);
    Value *r = int_divmod_nonzero(op, a, safe_b, t);
    return b_.CreateSelect(by_zero, zero, r);
  }
  raise_if(by_zero, "ZeroDivisionError",
           is_div ? "integer division by zero" : "integer modulo by zero");
  return int_divmod_nonzero(op, a, b, t);
}

llvm::Value *FunctionLowering::int_divmod_nonzero(ir::BinaryOp op, Value *a, Value *b,
                                                  const Type *t) {
  bool is_div = op == ir::BinaryOp::FloorDiv;
  if (t->is_int() && !t->is_signed) // no sign, nothing to round
    return is_div ? b_.CreateUDiv(a, b) : b_.CreateURem(a, b);
  // INT_MIN / -1 traps on x86: divide by 1 instead and negate (wrapping).
  auto *zero = llvm::ConstantInt::get(a->getType(), 0);
  auto *minus_one = llvm::ConstantInt::get(a->getType(), -1, true);
  Value *by_minus_one = b_.CreateICmpEQ(b, minus_one);
  Value *safe_b = b_.CreateSelect(by_minus_one, llvm::ConstantInt::get(a->getType(), 1), b);
  // Python rounds toward negative infinity; LLVM's sdiv/srem toward zero.
  Value *q = b_.CreateSDiv(a, safe_b), *r = b_.CreateSRem(a, safe_b);
  q = b_.CreateSelect(by_minus_one, b_.CreateNeg(a), q);
  r = b_.CreateSelect(by_minus_one, zero, r);
  Value *divisor_negative = b_.CreateICmpSLT(b, zero);
  Value *rem_negative = b_.CreateICmpSLT(r, zero);
  Value *signs_differ = b_.CreateICmpNE(rem_negative, divisor_negative);
  Value *adjust = b_.CreateAnd(b_.CreateICmpNE(r, zero), signs_differ);
  if (is_div)
    return b_.CreateSelect(adjust, b_.CreateSub(q, llvm::ConstantInt::get(a->getType(), 1)), q);
  return b_.CreateSelect(adjust, b_.CreateAdd(r, b), r);
}

llvm::Value *FunctionLowering::float_divmod(ir::BinaryOp op, Value *a, Value *b, const Type *t) {
  // Numba's messages (CPython's say "float ..." and differ per operator).
  const char *message = op == ir::BinaryOp::Mod ? "modulo by zero" : "division by zero";
  Value *by_zero = b_.CreateFCmpOEQ(b, llvm::ConstantFP::get(b->getType(), 0.0));
  if (!numpy_errors())
    raise_if(by_zero, "ZeroDivisionError", message);
  if (op == ir::BinaryOp::TrueDiv)
    return b_.CreateFDiv(a, b); // (by zero under error_model='numpy': IEEE's inf or nan)
  const Type *f64 = types::float64();
  const char *helper = op == ir::BinaryOp::FloorDiv ? "pyrite_float_floordiv" : "pyrite_float_mod";
  std::vector<Value *> args = {convert(a, t, f64), convert(b, t, f64)};
  Value *r = convert(b_.CreateCall(m_.runtime(helper), args), f64, t);
  if (!numpy_errors())
    return r;
  // By zero, as NumPy: x // 0.0 is x / 0.0 (inf or nan), x % 0.0 is nan.
  Value *by_zero_result = op == ir::BinaryOp::FloorDiv
                              ? b_.CreateFDiv(a, b)
                              : llvm::ConstantFP::getNaN(a->getType());
  return b_.CreateSelect(by_zero, by_zero_result, r);
}

/// np.floor/ceil/trunc (float results), np.sign, np.isnan/isinf/isfinite.
llvm::Value *FunctionLowering::numpy_float_op(const std::string &fn, Value *v, const Type *t) {
  if (fn == "floor" || fn == "ceil" || fn == "trunc") {
    if (!t->is_float())
      return v; // integers and booleans are their own floor (NumPy 2 keeps their dtype)
    auto id = fn == "floor" ? llvm::Intrinsic::floor
              : fn == "ceil" ? llvm::Intrinsic::ceil
                             : llvm::Intrinsic::trunc;
    return b_.CreateUnaryIntrinsic(id, v);
  }
  if (fn == "sign") {
    Value *zero = llvm::Constant::getNullValue(v->getType());
    Value *one = t->is_float() ? fp_const(t, 1.0) : llvm::ConstantInt::get(v->getType(), 1);
    Value *minus = t->is_float() ? fp_const(t, -1.0) : llvm::ConstantInt::get(v->getType(), -1);
    bool is_signed = t->is_float() || t->is_signed;
    Value *pos = t->is_float() ? b_.CreateFCmpOGT(v, zero)
                 : is_signed   ? b_.CreateICmpSGT(v, zero)
                               : b_.CreateICmpNE(v, zero);
    Value *neg = t->is_float() ? b_.CreateFCmpOLT(v, zero)
                 : is_signed   ? b_.CreateICmpSLT(v, zero)
                               : b_.getInt1(false);
    // NaN gives NaN and -0.0 gives 0.0, as in NumPy.
    Value *rest = t->is_float() ? b_.CreateSelect(b_.CreateFCmpUNO(v, v), v, zero) : zero;
    return b_.CreateSelect(pos, one, b_.CreateSelect(neg, minus, rest));
  }
  if (fn == "isnan")
    return b_.CreateFCmpUNO(v, v);
  Value *mag = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v);
  Value *inf = llvm::ConstantFP::getInfinity(v->getType());
  return fn == "isinf" ? b_.CreateFCmpOEQ(mag, inf) : b_.CreateFCmpOLT(mag, inf);
}

llvm::Value *FunctionLowering::absolute(Value *v, const Type *t) {
  if (t->is_float())
    return b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v);
  if (!t->is_int() || !t->is_signed)
    return v; // unsigned and bool: their own magnitude
  Value *negated = b_.CreateNeg(v);
  Value *negative = b_.CreateICmpSLT(v, llvm::ConstantInt::get(v->getType(), 0));
  return b_.CreateSelect(negative, negated, v);
}

/// np.minimum / np.maximum of two scalars: NaN wins, as in NumPy.
llvm::Value *FunctionLowering::min_max_propagating_nan(bool is_min, Value *a, Value *b,
                                                       const Type *t) {
  if (t->is_float()) { // NaN wins; on a tie (0.0 and -0.0) the second, as NumPy's loops
    Value *a_wins = is_min ? b_.CreateFCmpOLT(a, b) : b_.CreateFCmpOGT(a, b);
    return b_.CreateSelect(b_.CreateOr(a_wins, b_.CreateFCmpUNO(a, a)), a, b);
  }
  bool s = t->is_int() && t->is_signed;
  using P = llvm::CmpInst::Predicate;
  P pred = is_min ? (s ? P::ICMP_SLT : P::ICMP_ULT) : (s ? P::ICMP_SGT : P::ICMP_UGT);
  return b_.CreateSelect(b_.CreateICmp(pred, a, b), a, b);
}

llvm::Value *FunctionLowering::binop(const ir::Inst &in) {
  const typing::Resolution &r = *tf_.resolution(in.result);
  if (r.callee)
    return call_jit(in, r); // a @ b (np.dot), or an @overload of an `operator` function
  if (r.builtin == "format_message") {
    // The values, as int64s, travel with the message until it is raised.
    const Type *vt = type_of(in.args[1]);
    Value *v = value(in.args[1]);
    Value *out = llvm::UndefValue::get(m_.llvm_type(type_of(in.result)));
    std::vector<std::pair<Value *, const Type *>> items;
    if (vt->is_tuple())
      for (unsigned k = 0; k < vt->elems.size(); ++k)
        items.emplace_back(b_.CreateExtractValue(v, k), vt->elems[k]);
    else
      items.emplace_back(v, vt);
    for (unsigned k = 0; k < items.size(); ++k) // r.arg_map: the slot of each value
      out = b_.CreateInsertValue(out, convert(items[k].first, items[k].second, types::int64()),
                                 unsigned(r.arg_map[k]));
    return out;
  }
  auto op = ir::BinaryOp(in.sub);
  const Type *t = r.param_types[0];
  if (r.builtin == "arrayexpr")
    return array_expression(in);
  Value *lhs = operand(in, 0, r);
  Value *rhs = operand(in, 1, r);
  return scalar_binop(op, lhs, rhs, t);
}

llvm::Value *FunctionLowering::scalar_binop(ir::BinaryOp op, Value *a, Value *b, const Type *t) {
  using B = ir::BinaryOp;
  if (t->is_float()) {
    switch (op) {
    case B::Add: return b_.CreateFAdd(a, b);
    case B::Sub: return b_.CreateFSub(a, b);
    case B::Mul: return b_.CreateFMul(a, b);
    case B::TrueDiv: case B::FloorDiv: case B::Mod: return float_divmod(op, a, b, t);
    case B::Pow: {
      // CPython: 0.0 ** negative is a ZeroDivisionError (NumPy's arrays
      // give inf instead: numpy_binop does not come here for **).
      // (0.0 ** -inf is inf, as in C.)
      Value *zero = llvm::ConstantFP::get(a->getType(), 0.0);
      Value *not_minus_inf =
          b_.CreateFCmpONE(b, llvm::ConstantFP::getInfinity(b->getType(), true));
      Value *negative = b_.CreateFCmpOLT(b, zero);
      Value *finite_negative = b_.CreateAnd(negative, not_minus_inf);
      if (!numpy_errors()) // (error_model='numpy': C's pow, inf, as Numba)
        raise_if(b_.CreateAnd(b_.CreateFCmpOEQ(a, zero), finite_negative), "ZeroDivisionError",
                 "0.0 cannot be raised to a negative power");
      return float_pow(a, b, t);
    }
    default: break;
    }
  } else {
    switch (op) {
    case B::Add: return b_.CreateAdd(a, b);
    case B::Sub: return b_.CreateSub(a, b);
    case B::Mul: return b_.CreateMul(a, b);
    case B::FloorDiv: case B::Mod: return int_divmod(op, a, b, t);
    case B::Pow: {
      Value *zero = llvm::ConstantInt::get(b->getType(), 0);
      if (t->is_signed) {
        Value *negative_exponent = b_.CreateICmpSLT(b, zero);
        Value *zero_base = b_.CreateICmpEQ(a, zero);
        raise_if(b_.CreateAnd(zero_base, negative_exponent), "ZeroDivisionError",
                 "0 cannot be raised to a negative power");
      }
      return int_power(a, b, t);
    }
    case B::And: return b_.CreateAnd(a, b);
    case B::Or: return b_.CreateOr(a, b);
    case B::Xor: return b_.CreateXor(a, b);
    case B::LShift: case B::RShift:
      // Python's value, wrapped to the type: a count past the width shifts
      // every bit out; a negative count is an error.
      if (t->is_signed)
        raise_if(b_.CreateICmpSLT(b, llvm::ConstantInt::get(b->getType(), 0)), "ValueError",
                 "negative shift count");
      return shift(op, a, b, t);
    default: break;
    }
  }
  throw std::logic_error("pyrite: binop not lowered");
}

llvm::Value *FunctionLowering::int_power(Value *a, Value *b, const Type *t) {
  // The runtime's helper works at 64 bits: widen (by the type's sign), call,
  // narrow back (wrapping, as the arithmetic does).
  const Type *wide = types::integer(64, t->is_signed);
  std::vector<Value *> args = {convert(a, t, wide), convert(b, t, wide)};
  Value *r = b_.CreateCall(m_.runtime("pyrite_int_pow"), args);
  return convert(r, wide, t);
}

llvm::Value *FunctionLowering::shift(ir::BinaryOp op, Value *a, Value *b, const Type *t) {
  // LLVM's shifts are poison for a count of the width or more (or negative):
  // shift by a safe count and pick the value every bit shifted out gives.
  unsigned bits = a->getType()->getIntegerBitWidth();
  Value *width = llvm::ConstantInt::get(b->getType(), bits);
  Value *in_range = b_.CreateICmpULT(b, width); // negative counts are huge unsigned
  Value *safe = b_.CreateSelect(in_range, b, llvm::ConstantInt::get(b->getType(), 0));
  Value *zero = llvm::ConstantInt::get(a->getType(), 0);
  if (op == ir::BinaryOp::LShift)
    return b_.CreateSelect(in_range, b_.CreateShl(a, safe), zero);
  if (!t->is_signed)
    return b_.CreateSelect(in_range, b_.CreateLShr(a, safe), zero);
  Value *fill = b_.CreateSelect(b_.CreateICmpSLT(a, zero),
                                llvm::ConstantInt::getAllOnesValue(a->getType()), zero);
  return b_.CreateSelect(in_range, b_.CreateAShr(a, safe), fill);
}

llvm::Value *FunctionLowering::numpy_binop(ir::BinaryOp op, Value *a, Value *b, const Type *t) {
  using B = ir::BinaryOp;
  if (t->is_float()) {
    // IEEE results where Python raises: x / 0 is inf or nan, x // 0 is
    // x / 0, x % 0 is nan (NumPy's npy_floor_divide, npy_remainder).
    switch (op) {
    case B::TrueDiv: return b_.CreateFDiv(a, b);
    case B::Pow: return float_pow(a, b, t);
    case B::FloorDiv:
    case B::Mod: {
      const Type *f64 = types::float64();
      const char *helper = op == B::FloorDiv ? "pyrite_float_floordiv" : "pyrite_float_mod";
      std::vector<Value *> args = {convert(a, t, f64), convert(b, t, f64)};
      Value *r = convert(b_.CreateCall(m_.runtime(helper), args), f64, t);
      if (op == B::Mod)
        return r; // the helper gives fmod(x, 0) = nan
      Value *by_zero = b_.CreateFCmpOEQ(b, llvm::ConstantFP::get(b->getType(), 0.0));
      return b_.CreateSelect(by_zero, b_.CreateFDiv(a, b), r);
    }
    default: return scalar_binop(op, a, b, t);
    }
  }
  Value *zero = llvm::ConstantInt::get(a->getType(), 0);
  switch (op) {
  case B::FloorDiv:
  case B::Mod: {
    // Integer division by zero gives 0 (NumPy warns; it does not raise).
    Value *by_zero = b_.CreateICmpEQ(b, zero);
    Value *safe = b_.CreateSelect(by_zero, llvm::ConstantInt::get(b->getType(), 1), b);
    return b_.CreateSelect(by_zero, zero, int_divmod_nonzero(op, a, safe, t));
  }
  case B::Pow:
    if (t->is_signed)
      raise_if(b_.CreateICmpSLT(b, zero), "ValueError",
               "Integers to negative integer powers are not allowed.");
    return int_power(a, b, t);
  case B::LShift:
  case B::RShift: return shift(op, a, b, t); // out-of-range counts as NumPy: all bits out
  default: return scalar_binop(op, a, b, t);
  }
}

llvm::Value *FunctionLowering::compare(const ir::Inst &in) {
  const typing::Resolution &r = *tf_.resolution(in.result);
  if (r.constant)
    return b_.getInt1(r.constant->i != 0);
  auto op = ir::CompareOp(in.sub);
  if (r.builtin == "optional.is_none") { // `x is None` on an OptionalType
    Value *present = b_.CreateExtractValue(value(in.args[size_t(r.arg_map[0])]), 1);
    return op == ir::CompareOp::Is ? b_.CreateNot(present) : present;
  }
  if (r.callee) { // an @overload of operator.eq, ..., operator.contains
    Value *v = call_jit(in, r);
    return op == ir::CompareOp::NotIn ? b_.CreateNot(v) : v;
  }
  if (r.builtin.rfind("contains.", 0) == 0)
    return contains(in, r);
  if (r.builtin == "arrayexpr")
    return array_expression(in);
  Value *lhs = operand(in, 0, r);
  Value *rhs = operand(in, 1, r);
  if (r.builtin == "compare.mixed_sign")
    return compare_mixed_sign(op, lhs, rhs, r.param_types[0]->is_signed);
  return scalar_compare(op, lhs, rhs, r.param_types[0]);
}

llvm::Value *FunctionLowering::compare_mixed_sign(ir::CompareOp op, Value *a, Value *b,
                                                  bool a_signed) {
  // The signed side, when negative, is below every unsigned value;
  // otherwise both compare as unsigned.
  Value *negative = b_.CreateICmpSLT(a_signed ? a : b, i64(0));
  const Type *u64 = types::integer(64, false);
  Value *as_unsigned = scalar_compare(op, a, b, u64);
  // With a negative signed side: a < b holds exactly when a is the signed one.
  Value *a_less = b_.getInt1(a_signed);
  Value *when_negative = nullptr;
  switch (op) {
  case ir::CompareOp::Lt: case ir::CompareOp::Le: when_negative = a_less; break;
  case ir::CompareOp::Gt: case ir::CompareOp::Ge: when_negative = b_.CreateNot(a_less); break;
  case ir::CompareOp::Eq: when_negative = b_.getInt1(false); break;
  default: when_negative = b_.getInt1(true); break; // Ne
  }
  return b_.CreateSelect(negative, when_negative, as_unsigned);
}

llvm::Value *FunctionLowering::contains(const ir::Inst &in, const typing::Resolution &r) {
  bool negate = ir::CompareOp(in.sub) == ir::CompareOp::NotIn;
  const Type *item_t = type_of(in.args[0]), *ct = type_of(in.args[1]);
  Value *item = value(in.args[0]), *container = value(in.args[1]);
  Value *found = b_.getInt1(false);
  if (ct->is_tuple()) {
    for (size_t k = 0; k < ct->elems.size(); ++k) {
      const Type *e = ct->elems[k];
      const Type *t = item_t->is_bool() && e->is_bool() ? e : types::promote_arith(item_t, e);
      Value *x = convert(b_.CreateExtractValue(container, unsigned(k)), e, t);
      found = b_.CreateOr(found, scalar_compare(ir::CompareOp::Eq, convert(item, item_t, t), x, t));
    }
    return negate ? b_.CreateNot(found) : found;
  }
  // Arrays: scan until the first equal element.
  const Type *t = r.param_types[0];
  Value *wanted = convert(item, item_t, t);
  auto *flag = entry_alloca(b_.getInt1Ty(), "contains");
  b_.CreateStore(b_.getInt1(false), flag);
  for_each_element(container, ct, [&](Value *p) {
    Value *e = load_element(p, ct->dtype);
    Value *eq = scalar_compare(ir::CompareOp::Eq, convert(e, ct->dtype, t), wanted, t);
    b_.CreateStore(b_.CreateOr(b_.CreateLoad(b_.getInt1Ty(), flag), eq), flag);
  });
  found = b_.CreateLoad(b_.getInt1Ty(), flag);
  return negate ? b_.CreateNot(found) : found;
}

llvm::Value *FunctionLowering::scalar_compare(ir::CompareOp op, Value *a, Value *b,
                                              const Type *t) {
  using P = llvm::CmpInst::Predicate;
  if (t->is_float()) {
    static const P preds[] = {P::FCMP_OLT, P::FCMP_OLE, P::FCMP_OEQ,
                              P::FCMP_UNE, P::FCMP_OGT, P::FCMP_OGE};
    return b_.CreateFCmp(preds[int(op)], a, b);
  }
  bool sign = t->is_int() && t->is_signed;
  static const P spreds[] = {P::ICMP_SLT, P::ICMP_SLE, P::ICMP_EQ,
                             P::ICMP_NE,  P::ICMP_SGT, P::ICMP_SGE};
  static const P upreds[] = {P::ICMP_ULT, P::ICMP_ULE, P::ICMP_EQ,
                             P::ICMP_NE,  P::ICMP_UGT, P::ICMP_UGE};
  return b_.CreateICmp(sign ? spreds[int(op)] : upreds[int(op)], a, b);
}

llvm::Value *FunctionLowering::unary(const ir::Inst &in) {
  const Type *from = type_of(in.args[0]), *to = type_of(in.result);
  auto op = ir::UnaryOp(in.sub);
  if (const typing::Resolution *r = tf_.resolution(in.result); r && r->constant)
    return constant(*r->constant, to); // `not` of a value known at compile time
  if (const typing::Resolution *r = tf_.resolution(in.result); r && r->callee)
    return call_jit(in, *r); // an @overload of operator.neg, ...
  if (from->is_array())
    return array_expression(in);
  if (op == ir::UnaryOp::Not) // `not x`: truth of any value, None (and an absent Optional) false
    return b_.CreateNot(truth(value(in.args[0]), from));
  if (from->is_optional()) // used as its value
    return scalar_unary(op, convert(value(in.args[0]), from, from->dtype), from->dtype, to);
  return scalar_unary(op, value(in.args[0]), from, to);
}

llvm::Value *FunctionLowering::scalar_unary(ir::UnaryOp op, Value *v, const Type *from,
                                            const Type *to) {
  switch (op) {
  case ir::UnaryOp::Not: return b_.CreateNot(truth(v, from));
  case ir::UnaryOp::Pos: return convert(v, from, to);
  case ir::UnaryOp::Neg:
    // An integer negates in its own width, then widens, as in Numba:
    // -np.int8(-128) is -128 (typed int64).
    if (from->is_int() && to->is_int() && from->bits < to->bits)
      return convert(b_.CreateNeg(v), from, to);
    v = convert(v, from, to);
    return to->is_float() ? b_.CreateFNeg(v) : b_.CreateNeg(v);
  case ir::UnaryOp::Invert: return b_.CreateNot(convert(v, from, to));
  }
  return nullptr;
}

} // namespace pyrite::lower
