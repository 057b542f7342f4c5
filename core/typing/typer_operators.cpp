//===- typing/typer_operators.cpp - operators -------------------------------===//
//
/// \file
/// Binary and unary operators, comparisons and `in`: NumPy/Python promotion
/// for numbers, array expressions for arrays, and the extension API's
/// `operator` overloads for everything else.
//
//===----------------------------------------------------------------------===//
#include "typing/typer_impl.h"

#include <algorithm>

namespace pyrite::typing {

const Type *Typer::scalar_binop_type(ir::BinaryOp op, const Type *a, const Type *b,
                                     const Type *&t) {
  using B = ir::BinaryOp;
  const Type *result = nullptr;
  switch (op) {
  case B::Add: case B::Sub: case B::Mul: case B::FloorDiv: case B::Mod: case B::Pow:
    result = t;
    break;
  case B::TrueDiv:
    result = t->is_float() ? t : types::float64();
    t = result;
    break;
  case B::And: case B::Or: case B::Xor:
    if (a->is_bool() && b->is_bool())
      t = types::boolean();
    result = t->is_float() ? nullptr : t;
    break;
  case B::LShift: case B::RShift:
    result = t->is_float() || t->is_bool() ? nullptr : t;
    break;
  case B::MatMul: break;
  }
  return result;
}

const Type *Typer::broadcast_result(const Type *dtype, const Type *a, const Type *b) {
  int ndim = std::max(a->is_array() ? a->ndim : 0, b->is_array() ? b->ndim : 0);
  return types::array(dtype, ndim, 'C');
}

const Type *Typer::inplace_array_binop(const Inst &in, const Type *a, const Type *b) {
  auto op = ir::BinaryOp(in.sub);
  check_writable(in.args[0], in.pos, "update in place");
  const Type *ea = a->dtype, *eb = b->is_array() ? b->dtype : numpy_type(in.args[1], b);
  std::string symbol = std::string(ir::binary_op_symbol(op)) + "=";
  // Complex arrays update in place through the library (numpy_complex.py);
  // a real array cannot hold a complex result (and `a += z` is no `a = a +
  // z` for an array).
  if (ea->is_complex() || eb->is_complex()) {
    if (!ea->is_complex())
      typing_error("cannot store the complex result of " + symbol + " in " + a->display +
                       " in place (NumPy: Cannot cast ufunc output from complex to " +
                       ea->display + " with casting rule 'same_kind')",
                   in.pos);
    if (const Type *t = operator_overload(in, binary_op_function(op, true), {a, b}, {0, 1}))
      return t;
  }
  // datetime64/timedelta64 arrays: the library's (numpy_datetime.py)
  if (ea->is_datetime_like() || eb->is_datetime_like())
    if (const Type *t = operator_overload(in, binary_op_function(op, true), {a, b}, {0, 1}))
      return t;
  if (!ea->is_number() || !eb->is_number())
    typing_error("unsupported operand types for " + symbol + ": " + a->display + " and " +
                     b->display,
                 in.pos);
  if (b->is_array() && b->ndim > a->ndim)
    typing_error("cannot update " + a->display + " in place with " + b->display +
                     " (" + symbol + " needs the right side to broadcast to the left side's "
                     "shape; NumPy: non-broadcastable output operand)",
                 in.pos);
  const Type *t = b->is_array() || numpy_scalar(in.args[1])
                      ? types::promote_elementwise(ea, eb)
                      : types::promote_weak_scalar(ea, eb);
  const Type *result = scalar_binop_type(op, ea, eb, t);
  if (!result || (t->is_bool() && op != ir::BinaryOp::And && op != ir::BinaryOp::Or &&
                  op != ir::BinaryOp::Xor))
    typing_error("unsupported operand types for " + symbol + ": " + a->display + " and " +
                     b->display,
                 in.pos);
  if (!types::can_cast_same_kind(result, ea))
    typing_error("cannot store the " + result->display + " result of " + symbol + " in " +
                     a->display + " in place (NumPy: Cannot cast ufunc output from " +
                     result->display + " to " + ea->display + " with casting rule "
                     "'same_kind')",
                 in.pos);
  Resolution r;
  r.param_types = {t, t};
  r.builtin = "arrayexpr";
  out_->resolutions[in.result] = r;
  return a;
}

const Type *Typer::binop(const Inst &in) {
  // An OptionalType operand is used as its value (None there raises).
  const Type *a = types::strip_optional(value(in.args[0]));
  const Type *b = types::strip_optional(value(in.args[1]));
  auto op = ir::BinaryOp(in.sub);
  Resolution r;
  const Type *result = nullptr;
  bool arrays = a->is_array() || b->is_array();
  if (in.inplace && a->is_array() && op != ir::BinaryOp::MatMul)
    return inplace_array_binop(in, a, b);
  if (op == ir::BinaryOp::Mod && a->kind == TypeKind::StringLiteral && !a->bits)
    return format_message(in, a, b);
  const Type *ea = element(a), *eb = element(b);
  if (op == ir::BinaryOp::MatMul && a->is_array() && b->is_array())
    return matmul(in, a, b);
  if (ea->is_number() && eb->is_number()) {
    const Type *t = arrays ? types::promote_ufunc_operands(numpy_type(in.args[0], a),
                                                           numpy_type(in.args[1], b),
                                                           numpy_scalar(in.args[0]),
                                                           numpy_scalar(in.args[1]))
                           : types::promote_arith(ea, eb);
    using B = ir::BinaryOp;
    // NumPy's boolean loops: + is or, * is and; //, %, **, << and >> compute
    // in int8; - has no loop (TypeError in NumPy).
    bool bool_arith = arrays && t->is_bool() &&
                      (op == B::FloorDiv || op == B::Mod || op == B::Pow || op == B::LShift ||
                       op == B::RShift);
    if (bool_arith)
      t = types::integer(8, true);
    // Scalar shifts keep the left operand's signedness at 64 bits, as in
    // Numba (BitwiseShiftOperation): uint64 >> int64 shifts logically.
    bool integers = (ea->is_int() || ea->is_bool()) && (eb->is_int() || eb->is_bool());
    if (!arrays && integers && (op == B::LShift || op == B::RShift))
      t = types::integer(64, !(ea->is_int() && !ea->is_signed));
    result = scalar_binop_type(op, ea, eb, t);
    r.param_types = {t, t};
    if (result && arrays) {
      if (!t->is_number() || (t->is_bool() && op != B::And && op != B::Or && op != B::Xor &&
                              op != B::Add && op != B::Mul))
        result = nullptr;
      else
        result = broadcast_result(result, a, b);
      r.builtin = "arrayexpr";
    }
  }
  if (!result) {
    if (const Type *t = operator_overload(in, binary_op_function(op, in.inplace), {a, b},
                                          {0, 1}))
      return t;
    typing_error("unsupported operand types for " +
                     std::string(ir::binary_op_symbol(op)) + ": " + a->display +
                     " and " + b->display,
                 in.pos);
  }
  out_->resolutions[in.result] = r;
  return result;
}

std::string Typer::binary_op_function(ir::BinaryOp op, bool inplace) {
  static const char *names[] = {"add",    "and_",     "floordiv", "lshift", "matmul",
                                "mul",    "mod",      "or_",      "pow",    "rshift",
                                "sub",    "truediv",  "xor"};
  std::string name = names[int(op)];
  return inplace ? "i" + (name.back() == '_' ? name.substr(0, name.size() - 1) : name) : name;
}

const Type *Typer::operator_overload(const Inst &in, const std::string &function,
                              const std::vector<const Type *> &given,
                              const std::vector<int> &operands) {
  // List literals are lists here, and an Optional operand is its value (None
  // there raises TypeError when the operands are converted).
  std::vector<const Type *> params;
  for (const Type *t : given) {
    // (The value stored by setitem is stored as it is: a dict of Optional
    // values takes None.)
    if (!(function == "setitem" && params.size() == 2))
      t = types::strip_optional(t);
    params.push_back(t->kind == TypeKind::ListLiteral && types::unliteral(t) ? types::unliteral(t)
                                                                             : t);
  }
  // "builtins.iter" names a builtin; a bare name, the operator module's.
  size_t dot = function.find('.');
  GlobalValue g = dot == std::string::npos
                      ? resolver_.module_attr(types::module("operator"), function)
                      : resolver_.module_attr(types::module(function.substr(0, dot)),
                                              function.substr(dot + 1));
  bool inplace = dot == std::string::npos && function[0] == 'i' && function != "is_" &&
                 function != "invert" && function != "is_not";
  // `a += b` is `a = a + b` when no in-place form applies (tuples, strings).
  auto not_inplace = [&]() {
    std::string plain = function.substr(1);
    return operator_overload(in, plain == "and" || plain == "or" ? plain + "_" : plain, params,
                             operands);
  };
  if (!g.type || g.type->kind != TypeKind::Overloaded)
    return inplace ? not_inplace() : nullptr;
  std::vector<const Type *> key_types = params; // one entry per operator function
  key_types.push_back(types::function(dot == std::string::npos ? "operator." + function
                                                                : function));
  auto key = std::make_pair(in.result, key_types);
  auto it = overload_cache_.find(key);
  std::vector<std::optional<ir::Constant>> literals;
  for (int k : operands) {
    const ir::Constant *c = literal(in.args[size_t(k)]);
    literals.push_back(c ? std::optional<ir::Constant>(*c) : std::nullopt);
  }
  OverloadChoice choice = it != overload_cache_.end()
                              ? it->second
                              : (overload_cache_[key] = resolver_.resolve_overload(
                                     g.type->handle, nullptr, params, {}, literals));
  if (choice.failed)
    typing_error(choice.why, in.pos);
  if (!choice.impl) // every overload declined: the plain form, or unsupported as before
    return inplace ? not_inplace() : nullptr;
  Resolution r;
  CallSignature sig = resolver_.signature_of(choice.impl);
  if (sig.names.size() != params.size() || sig.varargs_index >= 0)
    typing_error("the implementation of operator." + function + " for " + type_list(params) +
                     " must take exactly " + std::to_string(params.size()) + " arguments",
                 in.pos);
  r.arg_map = operands; // operand k of the instruction; 0 travels as the "receiver"
  r.defaults.assign(params.size(), std::nullopt);
  r.callee = callee_for(in, choice.impl, params);
  r.param_types = r.callee->arg_types;
  out_->resolutions[in.result] = r;
  return r.callee->types.return_type;
}

/// A bytes value ('S' element read, bytes argument): compared as Python
/// compares bytes, by the library (numpy_text.py), not element by element.
static bool bytes_value(const Type *t) { return types::is_bytes_value(t); }

const Type *Typer::compare(const Inst &in) {
  consts_.erase(in.result); // known again below, or no longer (types widened)
  const Type *a = value(in.args[0]), *b = value(in.args[1]);
  auto op = ir::CompareOp(in.sub);
  Resolution r;
  if (op == ir::CompareOp::In || op == ir::CompareOp::NotIn)
    return contains(in, types::strip_optional(a), types::strip_optional(b));
  bool is_test = op == ir::CompareOp::Is || op == ir::CompareOp::IsNot;
  if (is_test && (a->is_optional() || b->is_optional()) &&
      (a->kind == TypeKind::None || b->kind == TypeKind::None)) {
    r.builtin = "optional.is_none"; // known only at run time
    r.arg_map = {a->is_optional() ? 0 : 1};
    out_->resolutions[in.result] = r;
    return types::boolean();
  }
  if (!is_test) {
    a = types::strip_optional(a);
    b = types::strip_optional(b);
  }
  if (op == ir::CompareOp::Is || op == ir::CompareOp::IsNot) {
    bool a_none = a->kind == TypeKind::None, b_none = b->kind == TypeKind::None;
    if (!a_none && !b_none) {
      // Objects with an identity (@jitclass instances): the library's operator.is_.
      if (const Type *t = operator_overload(in, op == ir::CompareOp::Is ? "is_" : "is_not",
                                            {a, b}, {0, 1}))
        return t;
      typing_error("`is` is only supported against None and between jitclass instances",
                   in.pos);
    }
    ir::Constant c;
    c.kind = ir::Constant::Kind::Bool;
    c.i = (a_none && b_none) == (op == ir::CompareOp::Is);
    r.constant = c;
  } else if (a->is_number() && b->is_number()) {
    const Type *t = a->is_bool() && b->is_bool() ? a : types::promote_arith(a, b);
    r.param_types = {t, t};
    bool a_u64 = a->is_int() && !a->is_signed && a->bits == 64;
    bool b_u64 = b->is_int() && !b->is_signed && b->bits == 64;
    if (a_u64 != b_u64 && t->is_int()) {
      // uint64 against a signed integer: no 64-bit type holds both, so
      // compare exactly by sign first (Python compares the values).
      r.builtin = "compare.mixed_sign";
      r.param_types = {types::integer(64, !a_u64), types::integer(64, !b_u64)};
    }
  } else if ((a->is_array() || b->is_array()) && element(a)->is_number() &&
             element(b)->is_number() && !(bytes_value(a) && bytes_value(b))) {
    const Type *ea = element(numpy_type(in.args[0], a));
    const Type *eb = element(numpy_type(in.args[1], b));
    // NumPy 2 compares an integer array with a Python int by value
    // (`uint8_array > -1` is all True): integers compare exactly, as
    // promote_elementwise does; a float scalar is weak (`float32_array <
    // 0.1` compares in float32).
    bool integers = (ea->is_int() || ea->is_bool()) && (eb->is_int() || eb->is_bool());
    const Type *t = ea->is_bool() && eb->is_bool() ? ea
                    : integers                     ? types::promote_elementwise(ea, eb)
                                                   : types::promote_ufunc_operands(
                                                         numpy_type(in.args[0], a),
                                                         numpy_type(in.args[1], b),
                                                         numpy_scalar(in.args[0]),
                                                         numpy_scalar(in.args[1]));
    r.param_types = {t, t};
    r.builtin = "arrayexpr";
    out_->resolutions[in.result] = r;
    return broadcast_result(types::boolean(), a, b);
  } else {
    static const char *names[] = {"lt", "le", "eq", "ne", "gt", "ge"};
    if (const Type *t = operator_overload(in, names[int(op)], {a, b}, {0, 1}))
      return t;
    typing_error("unsupported comparison " + a->display + " " +
                     ir::compare_op_symbol(op) + " " + b->display,
                 in.pos);
  }
  if (!r.constant && a->is_number() && b->is_number())
    r.constant = folded_comparison(op, literal(in.args[0]), literal(in.args[1]));
  auto &slot = out_->resolutions[in.result] = r;
  if (slot.constant) // decided at compile time: branches on it are pruned
    consts_[in.result] = &*slot.constant;
  return types::boolean();
}

std::optional<ir::Constant> Typer::folded_comparison(ir::CompareOp op, const ir::Constant *a,
                                                     const ir::Constant *b) {
  // Two integer constants (a literal, a frozen global or closure value,
  // `a.ndim`): `if ndim == 2:` is pruned as Numba prunes it.
  using K = ir::Constant::Kind;
  auto integer = [](const ir::Constant *c) { return c && (c->kind == K::Int || c->kind == K::Bool); };
  if (!integer(a) || !integer(b))
    return std::nullopt;
  bool result = false;
  switch (op) {
  case ir::CompareOp::Lt: result = a->i < b->i; break;
  case ir::CompareOp::Le: result = a->i <= b->i; break;
  case ir::CompareOp::Eq: result = a->i == b->i; break;
  case ir::CompareOp::Ne: result = a->i != b->i; break;
  case ir::CompareOp::Gt: result = a->i > b->i; break;
  case ir::CompareOp::Ge: result = a->i >= b->i; break;
  default: return std::nullopt;
  }
  ir::Constant c;
  c.kind = K::Bool;
  c.i = result;
  return c;
}

const Type *Typer::contains(const Inst &in, const Type *item, const Type *container) {
  Resolution r;
  if (container->is_array() && container->dtype->is_number() && item->is_number()) {
    const Type *t = types::promote_elementwise(container->dtype, item);
    r.builtin = "contains.array";
    r.param_types = {t, t};
  } else if (container->is_tuple() && item->is_number() &&
             std::all_of(container->elems.begin(), container->elems.end(),
                         [](const Type *e) { return e->is_number(); })) {
    r.builtin = "contains.tuple";
  } else {
    if (const Type *t = operator_overload(in, "contains", {container, item}, {1, 0})) {
      if (!t->is_bool())
        typing_error("operator.contains for " + container->display + " returns " +
                         t->display + ", not bool",
                     in.pos);
      return t; // lowering negates it for `not in`
    }
    typing_error("the `in` operator is not supported for " + item->display + " in " +
                     container->display +
                     " (a number in an array and a value in a tuple are)",
                 in.pos);
  }
  auto &slot = out_->resolutions[in.result] = r;
  if (slot.constant) // `x is None` decided by the types: branches on it are pruned
    consts_[in.result] = &*slot.constant;
  return types::boolean();
}

const Type *Typer::unary(const Inst &in) {
  consts_.erase(in.result); // known again below, or no longer (types widened)
  out_->resolutions.erase(in.result);
  const Type *a = types::strip_optional(value(in.args[0]));
  auto op = ir::UnaryOp(in.sub);
  if (a->is_array() && a->dtype->is_bool() && op == ir::UnaryOp::Neg)
    typing_error("The numpy boolean negative, the `-` operator, is not supported, use the "
                 "`~` operator or the logical_not function instead (NumPy's TypeError)",
                 in.pos);
  if (a->is_array() && a->dtype->is_bool() && op == ir::UnaryOp::Pos)
    typing_error("ufunc 'positive' has no loop for bool arrays (NumPy's UFuncTypeError)",
                 in.pos);
  if (a->is_array() && a->dtype->is_number() && op != ir::UnaryOp::Not &&
      !(op == ir::UnaryOp::Invert && a->dtype->is_float())) {
    Resolution r;
    r.builtin = "arrayexpr";
    out_->resolutions[in.result] = r;
    return a->dtype->is_bool() && op != ir::UnaryOp::Invert
               ? types::array(types::int64(), a->ndim, 'C')
               : types::array(a->dtype, a->ndim, 'C');
  }
  bool has_truth = a->kind == TypeKind::None || a->kind == TypeKind::Unicode ||
                   a->is_string() || a->is_list() || a->is_typed_table() || a->is_complex();
  if (op == ir::UnaryOp::Not && !a->is_number() && has_truth)
    return types::boolean(); // `not x`: x's truth (an Optional's None is false)
  if (!a->is_number() || (op == ir::UnaryOp::Invert && a->is_float())) {
    static const char *names[] = {"neg", "pos", "not_", "invert"};
    if (const Type *t = operator_overload(in, names[int(op)], {a}, {0}))
      return t;
    typing_error("unsupported operand type for unary " +
                     std::string(ir::unary_op_symbol(op)) + ": " + a->display,
                 in.pos);
  }
  if (op == ir::UnaryOp::Not) {
    if (const ir::Constant *c = literal(in.args[0]);
        c && (c->kind == ir::Constant::Kind::Bool || c->kind == ir::Constant::Kind::Int)) {
      Resolution r; // `not isinstance(...)`: still known
      r.constant = ir::Constant{};
      r.constant->kind = ir::Constant::Kind::Bool;
      r.constant->i = c->i == 0;
      auto &slot = out_->resolutions[in.result] = r;
      consts_[in.result] = &*slot.constant;
    }
    return types::boolean();
  }
  if (op == ir::UnaryOp::Invert && a->is_bool())
    return types::boolean();
  if (a->is_float())
    return a;
  if (a->is_int() && !a->is_signed)
    return a; // ~np.uint64(0) is 2**64 - 1 and -np.uint8(3) 253, as NumPy and Numba
  return types::int64();
}

const Type *Typer::matmul(const Inst &in, const Type *a, const Type *b) {
  // `a @ b` is np.matmul (NumPy's errors: "matmul: Input operand 1 has a
  // mismatch ..."); np.dot where no np.matmul overload takes the operands.
  OverloadChoice choice;
  auto key = std::make_pair(in.result, std::vector<const Type *>{a, b});
  if (auto it = overload_cache_.find(key); it != overload_cache_.end())
    choice = it->second;
  else {
    for (const char *name : {"matmul", "dot"}) {
      GlobalValue f = resolver_.module_attr(types::module("numpy"), name);
      if (!f.type || f.type->kind != TypeKind::Overloaded)
        continue;
      choice = resolver_.resolve_overload(f.type->handle, nullptr, {a, b}, {},
                                          {std::nullopt, std::nullopt});
      if (choice.impl)
        break;
    }
    overload_cache_[key] = choice;
  }
  if (!choice.impl)
    typing_error("unsupported operand types for @: " + a->display + " and " + b->display +
                     (choice.why.empty() ? "" : " (" + choice.why + ")"),
                 in.pos);
  Resolution r;
  std::vector<const Type *> bound = bind_arguments(in, choice.impl, {b}, r, a);
  r.callee = callee_for(in, choice.impl, bound);
  r.param_types = r.callee->arg_types;
  out_->resolutions[in.result] = r;
  return r.callee->types.return_type;
}

const Type *Typer::format_message(const Inst &in, const Type *text, const Type *values) {
  std::vector<const Type *> items = values->is_tuple() ? values->elems
                                                       : std::vector<const Type *>{values};
  for (const Type *t : items) {
    if (!t->is_int() && !t->is_bool())
      typing_error("only integers can be formatted into a message (got " + t->display + ")",
                   in.pos);
    if (t->is_int() && !t->is_signed && t->bits == 64)
      typing_error("a uint64 cannot be formatted into a message yet (convert it with "
                   "int64(...) if it fits)",
                   in.pos);
  }
  // A variable named twice in the tuple fills one run-time slot, so
  // "%d != %d ... %d" % (n, m, n) needs two (at most three are carried).
  Resolution r;
  std::map<std::string, int> slot_of_local;
  const Inst *tuple = nullptr;
  if (auto it = def_of_.find(in.args[1]); it != def_of_.end() &&
                                          it->second->op == Opcode::BuildTuple)
    tuple = it->second;
  int slots = 0;
  for (size_t k = 0; k < items.size(); ++k) {
    const Inst *d = nullptr;
    if (tuple)
      if (auto it = def_of_.find(tuple->args[k]); it != def_of_.end())
        d = it->second;
    if (d && d->op == Opcode::LoadLocal) {
      auto [pos, fresh] = slot_of_local.emplace(d->name, slots);
      r.arg_map.push_back(pos->second);
      slots += fresh;
    } else {
      r.arg_map.push_back(slots++);
    }
  }
  if (slots > 3)
    typing_error("a formatted message carries at most 3 different values", in.pos);
  std::string out;
  const std::string &f = text->name;
  for (const char *p : {"{0}", "{1}", "{2}"})
    if (f.find(p) != std::string::npos)
      typing_error(std::string("a formatted message cannot contain \"") + p + "\"", in.pos);
  size_t used = 0;
  for (size_t k = 0; k < f.size(); ++k) {
    if (f[k] != '%') {
      out += f[k];
      continue;
    }
    char c = k + 1 < f.size() ? f[k + 1] : '\0';
    ++k;
    if (c == '%') {
      out += '%';
    } else if ((c == 'd' || c == 'i' || c == 's' || c == 'u') && used < items.size()) {
      if (c == 's' && items[used]->is_bool())
        typing_error("%s of a bool is not supported in a message (it would print 1, not "
                     "True); use %d",
                     in.pos);
      out += "{" + std::to_string(r.arg_map[used++]) + "}";
    } else {
      typing_error("unsupported format in a message: %" + std::string(1, c) +
                       " (pyrite formats %d, %i, %s and %% of integers)",
                   in.pos);
    }
  }
  if (used != items.size())
    typing_error("not all arguments converted during string formatting", in.pos);
  r.builtin = "format_message";
  out_->resolutions[in.result] = r;
  return types::formatted_message(out, slots);
}

} // namespace pyrite::typing
