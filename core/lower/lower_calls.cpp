//===- lower/lower_calls.cpp - calls, arrays, math and random -------------===//
//
// Sections: calls to @jit functions; builtin dispatch (print, intrinsics,
// range); math. Arrays live in lower_arrays.cpp.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include <set>

#include "runtime/pyrite_rt.h"

#include <llvm/IR/Intrinsics.h>

#include <unordered_map>

namespace pyrite::lower {

using llvm::Value;

// --- calls ------------------------------------------------------------------------

llvm::Value *FunctionLowering::call(const ir::Inst &in) {
  const typing::Resolution *resolved = tf_.resolution(in.result);
  if (!resolved)
    throw std::logic_error("pyrite: a call reached lowering without a resolution");
  const typing::Resolution &r = *resolved;
  if (r.callee)
    return call_jit(in, r);
  if (r.builtin.rfind("ufunc.", 0) == 0)
    return array_expression(in);
  if (r.builtin == "namedtuple") { // Point(...): the elements in field order
    Value *out = llvm::UndefValue::get(m_.llvm_type(type_of(in.result)));
    for (size_t k = 0; k < r.arg_map.size(); ++k) {
      int id = in.args[size_t(r.arg_map[k])];
      out = b_.CreateInsertValue(out, convert(value(id), type_of(id), r.param_types[k]),
                                 unsigned(k));
    }
    return out;
  }
  std::vector<Value *> args;
  // A method's receiver travels as the callee's value; pass it first.
  if (type_of(in.args[0])->kind == TypeKind::BoundMethod)
    args.push_back(value(in.args[0]));
  for (size_t k = 1; k < in.args.size(); ++k)
    args.push_back(k - 1 < r.param_types.size() ? operand(in, k, r) : value(in.args[k]));
  return call_builtin(in, r, std::move(args));
}

llvm::Value *FunctionLowering::call_jit(const ir::Inst &in, const typing::Resolution &r) {
  llvm::Function *callee = m_.lower(*r.callee);
  const Type *rt = r.callee->types.return_type;
  auto *slot = entry_alloca(m_.llvm_type(rt), "callee.ret");
  std::vector<Value *> args = {slot};
  // Operand 0 is the receiver of an extension method or attribute: the
  // callee's value (a bound method's receiver) or the GetAttr's object.
  const Type *receiver = type_of(in.args[0]);
  if (receiver->kind == TypeKind::BoundMethod)
    receiver = receiver->self;
  for (size_t k = 0; k < r.param_types.size(); ++k) {
    int from = r.arg_map.empty() ? int(k + 1) : r.arg_map[k];
    if (from == 0) {
      args.push_back(convert(value(in.args[0]), receiver, r.param_types[k]));
      continue;
    }
    if (from <= typing::Resolution::kCapturedBase) { // a closure's own value
      unsigned j = unsigned(typing::Resolution::kCapturedBase - from);
      args.push_back(b_.CreateExtractValue(value(in.args[0]), j));
      continue;
    }
    if (from == typing::Resolution::kVarargs) {
      // *args: a tuple of the extra positional arguments, borrowed like
      // every other argument for the duration of the call.
      const Type *tt = r.param_types[k];
      Value *tuple = llvm::UndefValue::get(m_.llvm_type(tt));
      for (size_t j = 0; j < r.varargs_operands.size(); ++j) {
        int id = in.args[size_t(r.varargs_operands[j])];
        tuple = b_.CreateInsertValue(tuple, convert(value(id), type_of(id), tt->elems[j]),
                                     unsigned(j));
      }
      args.push_back(tuple);
      continue;
    }
    args.push_back(from >= 0 ? convert(value(in.args[from]), type_of(in.args[from]),
                                       r.param_types[k])
                             : constant(*r.defaults[k], r.param_types[k]));
  }
  propagate_if(b_.CreateCall(callee, args));
  return b_.CreateLoad(m_.llvm_type(rt), slot);
}

/// An inner function's closure: the values it captured, then its defaults
/// (borrowed, as a tuple's items are).
llvm::Value *FunctionLowering::make_function(const ir::Inst &in) {
  const Type *t = type_of(in.result);
  Value *closure = llvm::UndefValue::get(m_.llvm_type(t));
  size_t free = in.args.size() - size_t(in.sub);
  unsigned k = 0;
  for (size_t a = 0; a < free; ++a, ++k)
    closure = b_.CreateInsertValue(
        closure, convert(value(in.args[a]), type_of(in.args[a]), t->elems[k]), k);
  if (in.sub) {
    int defaults = in.args.back();
    const Type *dt = type_of(defaults);
    for (unsigned j = 0; j < dt->elems.size(); ++j, ++k)
      closure = b_.CreateInsertValue(
          closure, convert(b_.CreateExtractValue(value(defaults), j), dt->elems[j],
                           t->elems[k]),
          k);
  }
  return closure;
}

llvm::Value *FunctionLowering::call_builtin(const ir::Inst &in, const typing::Resolution &r,
                                            std::vector<Value *> args) {
  const std::string &name = r.builtin;
  const Type *callee_t = type_of(in.args[0]);
  BuiltinCall c{in, r, args, type_of(in.result),
                callee_t->kind == TypeKind::BoundMethod ? callee_t->self : nullptr};
  if (name == "llvm_ir")
    return call_llvm_ir(r, std::move(args));
  if (name.rfind("math.", 0) == 0)
    return call_math(name.substr(5), std::move(args), r.param_types.at(0));
  if (name.rfind("intrinsic:", 0) == 0)
    return call_intrinsic(name.substr(10), args, c.rt);
  if (name.rfind("pyrite._library._unicode_core.", 0) == 0)
    return lower_unicode(c);
  if (name.rfind("pyrite._library._list_core.", 0) == 0)
    return lower_list_core(c);
  if (name.rfind("pyrite._library._dict_core.", 0) == 0)
    return lower_dict_core(c);
  if (name.rfind("pyrite._library._exceptions.", 0) == 0)
    return lower_exception_core(c);
  if (name.rfind("pyrite._library._jitclass_core.", 0) == 0)
    return lower_jitclass_core(c);
  // Every other builtin: one row of builtin_lowering.def.
  static const std::unordered_map<std::string, BuiltinLowering> table = {
#define PYRITE_LOWERING(key, member) {key, &FunctionLowering::member},
#include "lower/builtin_lowering.def"
  };
  auto it = table.find(name);
  if (it == table.end())
    throw std::logic_error("pyrite: builtin " + name + " has no lowering");
  return (this->*(it->second))(c);
}

llvm::Value *FunctionLowering::print(const ir::Inst &in, const std::vector<Value *> &args) {
  auto emit = [&](int kind, Value *i, Value *f, Value *s) {
    b_.CreateCall(m_.runtime("pyrite_rt_print"),
                  {b_.getInt32(kind), i ? i : i64(0),
                   f ? f : fp_const(types::float64(), 0.0),
                   s ? s : llvm::ConstantPointerNull::get(b_.getPtrTy())});
  };
  for (size_t k = 0; k < args.size(); ++k) {
    const Type *t = type_of(in.args[k + 1]);
    Value *arg = args[k];
    if (t->kind == TypeKind::CaughtException) { // print(e) prints str(e)
      t = types::unicode();
      arg = b_.CreateExtractValue(arg, kCaughtMessage);
    }
    if (t->is_float())
      emit(PYRITE_PRINT_FLOAT, nullptr, convert(arg, t, types::float64()), nullptr);
    else if (t->is_bool())
      emit(PYRITE_PRINT_BOOL, convert(arg, t, types::int64()), nullptr, nullptr);
    else if (t->is_int())
      emit(t->is_signed ? PYRITE_PRINT_INT : PYRITE_PRINT_UINT,
           convert(arg, t, types::integer(64, t->is_signed)), nullptr, nullptr);
    else if (t->kind == TypeKind::StringLiteral)
      emit(PYRITE_PRINT_STR, nullptr, nullptr, global_string(t->name));
    else if (t->kind == TypeKind::Unicode) {
      Value *length = b_.CreateExtractValue(arg, kStrLength);
      Value *kind = b_.CreateShl(b_.CreateExtractValue(arg, kStrKind), 56);
      Value *length_and_kind = b_.CreateOr(length, kind);
      emit(PYRITE_PRINT_UNICODE, length_and_kind, nullptr,
           b_.CreateExtractValue(arg, kStrData));
    }
    else if (t->kind == TypeKind::None)
      emit(PYRITE_PRINT_NONE, nullptr, nullptr, nullptr);
    else { // an array, list or tuple: boxed and printed by Python (the host)
      const Type *vt = types::unliteral(t);
      Value *v = convert(arg, t, vt);
      auto *slot = entry_alloca(m_.llvm_type(vt), "print.value");
      b_.CreateStore(v, slot);
      emit(PYRITE_PRINT_VALUE, i64(int64_t(reinterpret_cast<uintptr_t>(vt))), nullptr, slot);
    }
  }
  emit(PYRITE_PRINT_END, nullptr, nullptr, nullptr);
  return b_.getInt8(0);
}

/// Hands the call to the target plugin's lowering callback (C ABI: LLVM-C
/// handles of this builder and module).
llvm::Value *FunctionLowering::call_intrinsic(const std::string &name,
                                              const std::vector<Value *> &args, const Type *rt) {
  for (const auto &in : m_.target.intrinsics) {
    if (in.name != name)
      continue;
    std::vector<LLVMValueRef> c_args;
    for (Value *a : args)
      c_args.push_back(llvm::wrap(a));
    PyriteLowerIntrinsicArgs call{};
    call.struct_size = sizeof call;
    call.builder = llvm::wrap(static_cast<llvm::IRBuilder<> *>(&b_));
    call.module = llvm::wrap(m_.module.get());
    call.args = c_args.data();
    call.num_args = uint32_t(c_args.size());
    if (in.lower(in.plugin_state, &call) != PYRITE_OK)
      throw std::runtime_error("the target plugin failed to lower intrinsic '" + name + "'");
    LLVMValueRef result = call.result;
    if (rt->kind == TypeKind::None)
      return b_.getInt8(0);
    if (!result || llvm::unwrap(result)->getType() != m_.llvm_type(rt))
      throw std::runtime_error("the target plugin lowered intrinsic '" + name +
                               "' to a value of the wrong type");
    return llvm::unwrap(result);
  }
  throw std::logic_error("pyrite: intrinsic " + name + " has no lowering");
}

llvm::Value *FunctionLowering::range_state(const std::vector<Value *> &args,
                                           const std::vector<const Type *> &given,
                                           const Type *rt) {
  // A uint64 bound in a signed range (mixed with signed bounds, as Numba
  // types it) that does not fit int64 would silently change the loop.
  if (rt->dtype->is_signed)
    for (size_t k = 0; k < args.size(); ++k)
      if (given[k]->is_int() && !given[k]->is_signed && given[k]->bits == 64)
        raise_if(b_.CreateICmpSLT(args[k], i64(0)), "OverflowError",
                 "range() bound of type uint64 does not fit the int64 range it is mixed into");
  Value *start = i64(0), *stop = nullptr, *step = i64(1);
  if (args.size() == 1) {
    stop = args[0];
  } else {
    start = args[0];
    stop = args[1];
    if (args.size() == 3) {
      step = args[2];
      auto *known = llvm::dyn_cast<llvm::ConstantInt>(step);
      if (!known || known->isZero())
        raise_if(b_.CreateICmpEQ(step, i64(0)), "ValueError", "range() arg 3 must not be zero");
    }
  }
  Value *s = llvm::UndefValue::get(m_.llvm_type(rt));
  s = b_.CreateInsertValue(s, start, 0);
  s = b_.CreateInsertValue(s, stop, 1);
  return b_.CreateInsertValue(s, step, 2);
}

// --- math ---------------------------------------------------------------------------

llvm::Value *FunctionLowering::target_math(const std::string &fn,
                                           const std::vector<Value *> &args, const Type *t) {
  // The mapped symbols take one argument, these two (math.log(x, base) is
  // two calls of the one-argument log: call_math).
  static const std::set<std::string> binary = {"pow", "atan2", "hypot", "copysign", "fmod"};
  if (args.size() != (binary.count(fn) ? 2u : 1u))
    return nullptr;
  std::string tname = t->is_float() && t->bits == 32 ? "float32" : "float64";
  for (const auto &[name, ty, symbol] : m_.target.math_symbols)
    if (name == fn && ty == tname) {
      std::vector<llvm::Type *> params(args.size(), m_.llvm_type(t));
      auto callee = m_.module->getOrInsertFunction(
          symbol, llvm::FunctionType::get(m_.llvm_type(t), params, false));
      return b_.CreateCall(callee, args);
    }
  return nullptr;
}

llvm::Value *FunctionLowering::float_pow(Value *a, Value *b, const Type *t) {
  if (Value *mapped = target_math("pow", {a, b}, t)) // (NVPTX cannot select llvm.pow)
    return mapped;
  return b_.CreateBinaryIntrinsic(llvm::Intrinsic::pow, a, b);
}

llvm::Value *FunctionLowering::call_math(const std::string &fn, std::vector<Value *> args,
                                         const Type *t) {
  bool f32 = t->is_float() && t->bits == 32;
  using I = llvm::Intrinsic::ID;
  static const std::map<std::string, I> unary = {
      {"sqrt", llvm::Intrinsic::sqrt},   {"exp", llvm::Intrinsic::exp},
      {"log", llvm::Intrinsic::log},     {"log10", llvm::Intrinsic::log10},
      {"log2", llvm::Intrinsic::log2},   {"sin", llvm::Intrinsic::sin},
      {"cos", llvm::Intrinsic::cos},     {"tan", llvm::Intrinsic::tan},
      {"asin", llvm::Intrinsic::asin},   {"acos", llvm::Intrinsic::acos},
      {"atan", llvm::Intrinsic::atan},   {"sinh", llvm::Intrinsic::sinh},
      {"cosh", llvm::Intrinsic::cosh},   {"tanh", llvm::Intrinsic::tanh},
      {"fabs", llvm::Intrinsic::fabs},   {"floor", llvm::Intrinsic::floor},
      {"ceil", llvm::Intrinsic::ceil},   {"trunc", llvm::Intrinsic::trunc}};
  static const std::map<std::string, I> binary = {{"pow", llvm::Intrinsic::pow},
                                                  {"atan2", llvm::Intrinsic::atan2},
                                                  {"copysign", llvm::Intrinsic::copysign}};
  // libm functions without an LLVM intrinsic; float32 uses the "f" variant.
  static const std::map<std::string, std::string> libm = {
      {"log1p", "log1p"}, {"expm1", "expm1"}, {"asinh", "asinh"}, {"acosh", "acosh"},
      {"atanh", "atanh"}, {"erf", "erf"},     {"erfc", "erfc"},   {"gamma", "tgamma"},
      {"lgamma", "lgamma"}, {"hypot", "hypot"}};
  const Type *i64t = types::int64();
  if (fn == "floor" || fn == "ceil" || fn == "trunc") { // ints, checked as CPython does
    Value *rounded = target_math(fn, args, t);
    if (!rounded)
      rounded = b_.CreateUnaryIntrinsic(unary.at(fn), args[0]);
    return checked_float_to_int(rounded, i64t);
  }
  if (Value *mapped = target_math(fn, args, t)) // the target's own (libdevice's __nv_sin)
    return mapped;
  if (fn == "isnan")
    return b_.CreateFCmpUNO(args[0], args[0]);
  if (fn == "isinf" || fn == "isfinite") {
    Value *mag = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, args[0]);
    Value *inf = llvm::ConstantFP::getInfinity(m_.llvm_type(t));
    return fn == "isinf" ? b_.CreateFCmpOEQ(mag, inf) : b_.CreateFCmpOLT(mag, inf);
  }
  if (fn == "degrees")
    return b_.CreateFMul(args[0], fp_const(t, 180.0 / 3.14159265358979323846));
  if (fn == "radians")
    return b_.CreateFMul(args[0], fp_const(t, 3.14159265358979323846 / 180.0));
  if (fn == "fmod")
    return b_.CreateFRem(args[0], args[1]);
  if (fn == "log" && args.size() == 2) {
    Value *log_base = call_math("log", {args[1]}, t);
    Value *log_x = call_math("log", {args[0]}, t);
    return b_.CreateFDiv(log_x, log_base);
  }
  if (auto it = unary.find(fn); it != unary.end() && args.size() == 1)
    return b_.CreateUnaryIntrinsic(it->second, args[0]);
  if (auto it = binary.find(fn); it != binary.end() && args.size() == 2)
    return b_.CreateBinaryIntrinsic(it->second, args[0], args[1]);
  if (auto it = libm.find(fn); it != libm.end()) {
    std::vector<llvm::Type *> params(args.size(), m_.llvm_type(t));
    auto callee = m_.module->getOrInsertFunction(
        it->second + (f32 ? "f" : ""), llvm::FunctionType::get(m_.llvm_type(t), params, false));
    return b_.CreateCall(callee, args);
  }
  throw std::logic_error("pyrite: math." + fn + " has no lowering");
}

} // namespace pyrite::lower
