//===- typing/typer.cpp - fixed-point type inference ----------------------===//
#include "typing/typer.h"

#include "support/diagnostics.h"

#include <algorithm>

namespace pyrite::typing {
namespace {

using ir::Inst;
using ir::Opcode;

std::string type_list(const std::vector<const Type *> &ts) {
  std::string s = "(";
  for (size_t k = 0; k < ts.size(); ++k)
    s += (k ? ", " : "") + ts[k]->display;
  return s + ")";
}

} // namespace

const Type *constant_type(const ir::Constant &c) {
  using K = ir::Constant::Kind;
  switch (c.kind) {
  case K::Tuple: {
    std::vector<const Type *> elems;
    for (const ir::Constant &item : c.items) {
      const Type *t = constant_type(item);
      if (!t)
        return nullptr;
      elems.push_back(t);
    }
    return types::tuple(elems);
  }
  case K::None: return types::none();
  case K::Bool: return types::boolean();
  case K::Int: return types::int64();
  case K::UInt: return types::integer(64, false);
  case K::Float: return types::float64();
  case K::Str: return types::string_literal(c.s);
  default: return nullptr;
  }
}

namespace {

class Typer {
public:
  Typer(ir::Function fn, const std::vector<const Type *> &args, Resolver &resolver)
      : resolver_(resolver) {
    out_ = std::make_shared<TypedFunction>();
    out_->fn = std::move(fn);
    out_->arg_types = args;
    out_->types.values.assign(out_->fn.num_values, nullptr);
    for (const ir::Block &b : out_->fn.blocks)
      for (const Inst &in : b.insts)
        if (in.result >= 0)
          def_of_[in.result] = &in;
  }

  std::shared_ptr<TypedFunction> run() {
    const auto &names = out_->fn.arg_names;
    if (names.size() != out_->arg_types.size())
      typing_error(out_->fn.name + "() takes " + std::to_string(names.size()) +
                       " arguments but " + std::to_string(out_->arg_types.size()) +
                       " were given",
                   {out_->fn.first_line, -1, -1, -1});
    for (size_t k = 0; k < names.size(); ++k)
      set_local(names[k], out_->arg_types[k], {});
    // Each round only ever moves types up the lattice; a handful of rounds
    // settles any function (one per nesting level of loop-carried changes).
    // Errors seen while types are still widening may go away (a local typed
    // int64 in round one may be float64 in the end), so rounds skip them and
    // a last strict pass reports what is really wrong.
    for (int round = 0; round < 64; ++round) {
      changed_ = false;
      for (const ir::Block &b : out_->fn.blocks)
        for (const Inst &in : b.insts) {
          try {
            visit(in);
          } catch (const CompileError &) {
          }
        }
      if (!changed_)
        break;
    }
    for (const ir::Block &b : out_->fn.blocks)
      for (const Inst &in : b.insts)
        visit(in);
    check_complete();
    if (!out_->types.return_type)
      out_->types.return_type = types::none();
    return out_;
  }

private:
  const Type *value(int id) const { return out_->types.values[id]; }

  void set_value(const Inst &in, const Type *t) {
    if (!t || value(in.result) == t)
      return;
    out_->types.values[in.result] = t;
    changed_ = true;
  }

  void set_local(const std::string &name, const Type *t, const bytecode::Position &pos) {
    for (auto &[n, old] : out_->types.locals) {
      if (n != name)
        continue;
      const Type *u = types::unify(old, t);
      if (!u)
        typing_error("cannot unify " + old->display + " and " + t->display +
                         " for variable '" + pretty_local(name) + "'",
                     pos);
      if (u != old) {
        old = u;
        changed_ = true;
      }
      return;
    }
    out_->types.locals.emplace_back(name, t);
    changed_ = true;
  }

  /// A local as the user wrote it: `x.1` (a web of x, ir/locals.cpp) is x.
  static std::string pretty_local(const std::string &name) {
    return name[0] == '$' ? "a temporary value" : name.substr(0, name.find('.'));
  }

  /// The constant value of `id` when it is a Const or a frozen global.
  const ir::Constant *literal(int id) const {
    auto it = consts_.find(id);
    return it == consts_.end() ? nullptr : it->second;
  }

  bool known(const Inst &in) const {
    for (int a : in.args)
      if (!value(a))
        return false;
    return true;
  }

  void visit(const Inst &in) {
    switch (in.op) {
    case Opcode::Const: {
      const Type *t = constant_type(in.constant);
      if (!t)
        unsupported("constant " + in.constant.repr() + " is not supported", in.pos);
      consts_[in.result] = &in.constant;
      set_value(in, t);
      return;
    }
    case Opcode::Global: return visit_global(in);
    case Opcode::LoadLocal: set_value(in, out_->types.local(in.name)); return;
    case Opcode::StoreLocal:
      if (value(in.args[0]))
        set_local(in.name, value(in.args[0]), in.pos);
      return;
    case Opcode::DelLocal: return;
    default: break;
    }
    if (!known(in))
      return;
    switch (in.op) {
    case Opcode::BinOp: return set_value(in, binop(in));
    case Opcode::Compare: return set_value(in, compare(in));
    case Opcode::Unary: return set_value(in, unary(in));
    case Opcode::GetAttr: return set_value(in, getattr(in));
    case Opcode::Call: return set_value(in, call(in));
    case Opcode::GetItem: return set_value(in, getitem(in));
    case Opcode::SetItem: return setitem(in);
    case Opcode::BuildTuple: {
      std::vector<const Type *> elems;
      for (int a : in.args)
        elems.push_back(value(a));
      return set_value(in, in.name == "list" ? types::list_literal(elems) : types::tuple(elems));
    }
    case Opcode::ExtractItem: return set_value(in, extract(in));
    case Opcode::BuildSlice:
      for (int a : in.args)
        if (!value(a)->is_int() && !value(a)->is_bool() && value(a)->kind != TypeKind::None)
          typing_error("slice bounds must be integers or None, not " + value(a)->display,
                       in.pos);
      return set_value(in, types::slice(in.args.size() == 3 &&
                                         value(in.args[2])->kind != TypeKind::None));
    case Opcode::GetIter: {
      const Type *t = value(in.args[0]);
      if (!types::yield_type(t) || (t->is_array() && t->ndim == 0))
        typing_error("iterating over " + t->display +
                         " is not supported (range, arrays, tuples of one element type, "
                         "enumerate and zip are)",
                     in.pos);
      return set_value(in, types::iterator(t));
    }
    case Opcode::IterNext:
      return set_value(in, types::yield_type(value(in.args[0])->elems[0]));
    case Opcode::Branch: {
      const Type *c = types::strip_optional(value(in.args[0]));
      if (!c->is_number() && c->kind != TypeKind::None)
        typing_error("the truth value of " + c->display + " is not supported", in.pos);
      return;
    }
    case Opcode::Return: {
      const Type *t = value(in.args[0]);
      if (t->kind == TypeKind::StringLiteral || t->kind == TypeKind::Module ||
          t->kind == TypeKind::Function || t->kind == TypeKind::Iterator ||
          t->kind == TypeKind::Iterable)
        typing_error("cannot return a value of type " + t->display, in.pos);
      const Type *u = types::unify(out_->types.return_type, t);
      if (!u)
        typing_error(return_mismatch(out_->types.return_type, t), in.pos);
      if (u != out_->types.return_type) {
        out_->types.return_type = u;
        changed_ = true;
      }
      return;
    }
    case Opcode::Raise: {
      TypeKind k = value(in.args[0])->kind;
      if (k != TypeKind::Exception && k != TypeKind::ExceptionClass)
        typing_error("cannot raise " + value(in.args[0])->display, in.pos);
      return;
    }
    default: return;
    }
  }

  static std::string return_mismatch(const Type *before, const Type *here) {
    bool none_here = here->kind == TypeKind::None, none_before = before->kind == TypeKind::None;
    if (none_here || none_before) {
      const Type *value = none_here ? before : here;
      return "the function returns " + value->display +
             " on some paths and None on others: a path that reaches the end of the "
             "function (or a bare `return`) returns None. Return the same type on every "
             "path";
    }
    return "this return gives " + here->display + " but another gives " + before->display +
           ", and the two do not unify into one return type";
  }

  void visit_global(const Inst &in) {
    if (value(in.result))
      return;
    GlobalValue g = resolver_.global(in.name);
    if (!g.type)
      typing_error(g.why.empty() ? "name '" + in.name + "' is not defined" : g.why, in.pos);
    record_global(in, g);
  }

  void record_global(const Inst &in, const GlobalValue &g) {
    if (g.constant) {
      Resolution r;
      r.constant = g.constant;
      auto &slot = out_->resolutions[in.result] = r;
      consts_[in.result] = &*slot.constant;
    }
    set_value(in, g.type);
  }

  /// Element type of an array expression's operand (the scalar itself).
  static const Type *element(const Type *t) { return t->is_array() ? t->dtype : t; }

  /// Result of `op` on scalars of types a and b; `t` becomes the type both
  /// operands are converted to. nullptr when the operator does not apply.
  static const Type *scalar_binop_type(ir::BinaryOp op, const Type *a, const Type *b,
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

  /// The array with `dtype` and the larger ndim of a and b (broadcasting).
  static const Type *broadcast_result(const Type *dtype, const Type *a, const Type *b) {
    int ndim = std::max(a->is_array() ? a->ndim : 0, b->is_array() ? b->ndim : 0);
    return types::array(dtype, ndim, 'C');
  }

  /// `a op= b` on an array `a`: NumPy's ufunc(a, b, out=a) under the
  /// 'same_kind' casting rule. A scalar `b` is weak (NEP 50): `uint8_array
  /// += 1` computes in uint8 and `float32_array *= 0.5` in float32. The
  /// result is `a` itself, updated in place.
  const Type *inplace_array_binop(const Inst &in, const Type *a, const Type *b) {
    auto op = ir::BinaryOp(in.sub);
    check_writable(in.args[0], in.pos, "update in place");
    const Type *ea = a->dtype, *eb = element(b);
    std::string symbol = std::string(ir::binary_op_symbol(op)) + "=";
    if (!ea->is_number() || !eb->is_number())
      typing_error("unsupported operand types for " + symbol + ": " + a->display + " and " +
                       b->display,
                   in.pos);
    if (b->is_array() && b->ndim > a->ndim)
      typing_error("cannot update " + a->display + " in place with " + b->display +
                       " (" + symbol + " needs the right side to broadcast to the left side's "
                       "shape; NumPy: non-broadcastable output operand)",
                   in.pos);
    const Type *t = b->is_array() ? types::promote_elementwise(ea, eb) : weak_promote(ea, eb);
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

  /// NEP 50: a scalar operand takes the array's dtype when it is of the same
  /// kind or a lower one (bool < integer < float); otherwise the default
  /// type of its kind.
  static const Type *weak_promote(const Type *array_dtype, const Type *scalar) {
    auto kind = [](const Type *t) { return t->is_bool() ? 0 : t->is_int() ? 1 : 2; };
    if (kind(scalar) <= kind(array_dtype))
      return array_dtype;
    return scalar->is_float() ? types::float64() : types::int64();
  }

  const Type *binop(const Inst &in) {
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
      const Type *t = arrays ? types::promote_elementwise(ea, eb) : types::promote_arith(ea, eb);
      result = scalar_binop_type(op, ea, eb, t);
      r.param_types = {t, t};
      if (result && arrays) {
        if (!t->is_number() || (t->is_bool() && op != ir::BinaryOp::And &&
                                op != ir::BinaryOp::Or && op != ir::BinaryOp::Xor))
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

  /// Python's `operator` function behind a binary operator (`+=` is iadd,
  /// falling back to add as Python does when the type has no in-place form).
  static std::string binary_op_function(ir::BinaryOp op, bool inplace) {
    static const char *names[] = {"add",    "and_",     "floordiv", "lshift", "matmul",
                                  "mul",    "mod",      "or_",      "pow",    "rshift",
                                  "sub",    "truediv",  "xor"};
    std::string name = names[int(op)];
    return inplace ? "i" + (name.back() == '_' ? name.substr(0, name.size() - 1) : name) : name;
  }

  /// An operator on types the core does not implement, through the
  /// extension API, as Numba does: the @overload registered for the
  /// `operator` module's function (`operator.eq`, `operator.add`, ...), or
  /// nullptr when there is none that accepts the operands. `operands[k]` is
  /// the instruction operand
  /// that supplies parameter k (`in` passes the container first).
  const Type *operator_overload(const Inst &in, const std::string &function,
                                const std::vector<const Type *> &params,
                                const std::vector<int> &operands) {
    GlobalValue g = resolver_.module_attr(types::module("operator"), function);
    if ((!g.type || g.type->kind != TypeKind::Overloaded) && function[0] == 'i' &&
        function != "is_" && function != "invert" && function != "is_not")
      // `a += b` is `a = a + b` for immutable values (tuples, strings).
      return operator_overload(in, function.substr(1) == "and" || function.substr(1) == "or"
                                       ? function.substr(1) + "_"
                                       : function.substr(1),
                               params, operands);
    if (!g.type || g.type->kind != TypeKind::Overloaded)
      return nullptr;
    auto key = std::make_pair(in.result, params);
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
    if (!choice.impl) // every overload declined: the operator is unsupported, as before
      return nullptr;
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

  const Type *compare(const Inst &in) {
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
      if (!a_none && !b_none)
        typing_error("`is` is only supported against None", in.pos);
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
               element(b)->is_number()) {
      const Type *ea = element(a), *eb = element(b);
      const Type *t = ea->is_bool() && eb->is_bool() ? ea : types::promote_elementwise(ea, eb);
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
    out_->resolutions[in.result] = r;
    return types::boolean();
  }

  /// `item in container` (and `not in`): any element equal to `item`, for
  /// arrays and tuples of numbers, as NumPy's __contains__ and Python's.
  const Type *contains(const Inst &in, const Type *item, const Type *container) {
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
    out_->resolutions[in.result] = r;
    return types::boolean();
  }

  const Type *unary(const Inst &in) {
    const Type *a = types::strip_optional(value(in.args[0]));
    auto op = ir::UnaryOp(in.sub);
    if (a->is_array() && op != ir::UnaryOp::Not &&
        !(op == ir::UnaryOp::Invert && a->dtype->is_float())) {
      Resolution r;
      r.builtin = "arrayexpr";
      out_->resolutions[in.result] = r;
      return a->dtype->is_bool() && op != ir::UnaryOp::Invert
                 ? types::array(types::int64(), a->ndim, 'C')
                 : types::array(a->dtype, a->ndim, 'C');
    }
    if (!a->is_number() || (op == ir::UnaryOp::Invert && a->is_float())) {
      static const char *names[] = {"neg", "pos", "not_", "invert"};
      if (const Type *t = operator_overload(in, names[int(op)], {a}, {0}))
        return t;
      typing_error("unsupported operand type for unary " +
                       std::string(ir::unary_op_symbol(op)) + ": " + a->display,
                   in.pos);
    }
    if (op == ir::UnaryOp::Not || (op == ir::UnaryOp::Invert && a->is_bool()))
      return types::boolean();
    if (a->is_float())
      return a;
    return types::int64();
  }

  const Type *getattr(const Inst &in) {
    const Type *obj = value(in.args[0]);
    if (obj->kind == TypeKind::Module) {
      if (!value(in.result)) {
        GlobalValue g = resolver_.module_attr(obj, in.name);
        if (!g.type)
          typing_error(g.why.empty() ? "module '" + obj->name + "' has no attribute '" +
                                           in.name + "'"
                                     : g.why,
                       in.pos);
        record_global(in, g);
      }
      return value(in.result);
    }
    Resolution r;
    const Type *t = type_attribute(obj, in.name, r);
    if (!t)
      t = member_overload(in, obj);
    if (!t)
      typing_error("unknown attribute '" + in.name + "' of " + obj->display +
                       (obj->kind == TypeKind::ListLiteral
                            ? " (lists are not supported yet beyond np.array([...]))"
                            : ""),
                   in.pos);
    if (r.constant) {
      auto &slot = out_->resolutions[in.result] = r;
      consts_[in.result] = &*slot.constant;
    }
    return t;
  }

  const Type *call(const Inst &in) {
    const Type *callee = value(in.args[0]);
    std::vector<const Type *> args;
    for (size_t k = 1; k < in.args.size(); ++k) {
      args.push_back(value(in.args[k]));
    }
    Resolution r;
    const Type *result = nullptr;
    std::string why;
    const Type *receiver = nullptr; // a method's receiver, passed first
    if (callee->kind == TypeKind::Overloaded ||
        (callee->kind == TypeKind::BoundMethod && callee->handle)) {
      // The extension API: the typing functions choose an implementation.
      receiver = callee->kind == TypeKind::BoundMethod ? callee->self : nullptr;
      OverloadChoice choice = choose_overload(in, callee->handle, receiver, args);
      if (!choice.llvm_ir.empty()) {
        if (!in.kwnames.empty() || receiver)
          typing_error("an @intrinsic takes positional arguments only", in.pos);
        r.builtin = "llvm_ir";
        r.llvm_ir = choice.llvm_ir;
        r.ir_symbol = choice.ir_symbol;
        r.param_types = choice.ir_params;
        out_->resolutions[in.result] = r;
        return choice.ir_result;
      }
      if (choice.failed)
        typing_error(choice.why, in.pos);
      if (choice.impl) {
        callee = choice.impl;
      } else if (callee->kind == TypeKind::Overloaded && !callee->message.empty()) {
        callee = types::function(callee->message); // pyrite's own implementation
      } else {
        typing_error((choice.failed ? "" : "no implementation of " + describe_callee(callee) +
                                               " for argument types " + type_list(args) +
                                               ": ") +
                         choice.why,
                     in.pos);
      }
    }
    if (callee->kind == TypeKind::Dispatcher) {
      std::vector<const Type *> bound = bind_arguments(in, callee, args, r, receiver);
      if (resolver_.is_current(callee, bound)) {
        // Self-recursion: the call returns what the function returns, known
        // from its other return statements once a round has typed them.
        r.callee = out_;
        r.param_types = bound;
        result = out_->types.return_type;
        if (!result) {
          recursive_call_untyped_ = &in;
          return nullptr;
        }
        out_->resolutions[in.result] = r;
        return result;
      }
      r.callee = callee_for(in, callee, bound);
      r.param_types = r.callee->arg_types;
      result = r.callee->types.return_type;
    } else if (callee->kind == TypeKind::Intrinsic) {
      result = intrinsic_call(in, callee, args, r);
    } else {
      // OptionalType arguments are passed as their values (None raises).
      bool optional_args = false;
      for (const Type *&t : args)
        if (t->is_optional())
          t = t->dtype, optional_args = true;
      result = type_builtin_call(callee, args, in.kwnames, r, why);
      if (result && optional_args && r.param_types.empty())
        r.param_types = args;
      if (result && r.builtin == "array.fill") // writes every element of its receiver
        if (auto it = def_of_.find(in.args[0]); it != def_of_.end() &&
                                                it->second->op == Opcode::GetAttr)
          check_writable(it->second->args[0], in.pos, "fill");
    }
    if (!result)
      typing_error("no implementation of " + describe_callee(callee) +
                       " for argument types " + type_list(args) +
                       (why.empty() ? "" : ": " + why),
                   in.pos);
    out_->resolutions[in.result] = r;
    return result;
  }

  /// `a @ b`: np.dot's implementation (pyrite/_library), called with a, b.
  const Type *matmul(const Inst &in, const Type *a, const Type *b) {
    GlobalValue dot = resolver_.module_attr(types::module("numpy"), "dot");
    OverloadChoice choice;
    if (dot.type && dot.type->kind == TypeKind::Overloaded) {
      auto key = std::make_pair(in.result, std::vector<const Type *>{a, b});
      auto it = overload_cache_.find(key);
      choice = it != overload_cache_.end()
                   ? it->second
                   : (overload_cache_[key] = resolver_.resolve_overload(
                          dot.type->handle, nullptr, {a, b}, {}, {std::nullopt, std::nullopt}));
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

  /// `"... %d ..." % values` (one integer or a tuple of up to three): a
  /// message for an exception, formatted when it is raised.
  const Type *format_message(const Inst &in, const Type *text, const Type *values) {
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

  /// Asks the extension API once per call site and argument types (the
  /// typer visits a call on every round until types settle).
  OverloadChoice choose_overload(const Inst &in, const void *overloads, const Type *receiver,
                                 const std::vector<const Type *> &args) {
    std::vector<const Type *> all;
    std::vector<std::optional<ir::Constant>> literals;
    if (receiver)
      all.push_back(receiver);
    all.insert(all.end(), args.begin(), args.end());
    for (size_t k = 1; k < in.args.size(); ++k) {
      const ir::Constant *c = literal(in.args[k]);
      literals.push_back(c ? std::optional<ir::Constant>(*c) : std::nullopt);
    }
    auto key = std::make_pair(in.result, all);
    auto it = overload_cache_.find(key);
    if (it != overload_cache_.end())
      return it->second;
    OverloadChoice choice =
        resolver_.resolve_overload(overloads, receiver, all, in.kwnames, literals);
    overload_cache_[key] = choice;
    return choice;
  }

  /// `obj.name` from @overload_method (a bound method) or
  /// @overload_attribute (a call of the implementation with `obj`).
  const Type *member_overload(const Inst &in, const Type *obj) {
    MemberOverload m = resolver_.member(obj, in.name);
    if (m.kind == MemberOverload::Method)
      return types::bound_method(obj, in.name, m.overloads);
    if (m.kind != MemberOverload::Attribute)
      return nullptr;
    OverloadChoice choice = choose_overload(in, m.overloads, obj, {});
    if (!choice.impl)
      typing_error(choice.failed ? choice.why
                                 : "no implementation of attribute '" + in.name + "' of " +
                                       obj->display + ": " + choice.why,
                   in.pos);
    Resolution r;
    std::vector<const Type *> bound = bind_arguments(in, choice.impl, {}, r, obj);
    r.callee = callee_for(in, choice.impl, bound);
    r.param_types = r.callee->arg_types;
    out_->resolutions[in.result] = r;
    return r.callee->types.return_type;
  }

  const Type *intrinsic_call(const Inst &in, const Type *callee,
                             const std::vector<const Type *> &args, Resolution &r) {
    IntrinsicSignature sig = resolver_.intrinsic(callee->name);
    if (!sig.found)
      typing_error("intrinsic '" + callee->name + "' is not provided by target '" + sig.target +
                       "'",
                   in.pos);
    if (sig.params.size() != args.size() || !in.kwnames.empty())
      typing_error("intrinsic '" + callee->name + "' takes " +
                       std::to_string(sig.params.size()) + " positional arguments",
                   in.pos);
    for (size_t k = 0; k < args.size(); ++k)
      if (!types::unify(args[k], sig.params[k]) || !args[k]->is_number() ||
          !sig.params[k]->is_number())
        if (args[k] != sig.params[k])
          typing_error("intrinsic '" + callee->name + "' takes " + sig.params[k]->display +
                           " as argument " + std::to_string(k + 1) + ", not " +
                           args[k]->display,
                       in.pos);
    r.builtin = "intrinsic:" + callee->name;
    r.param_types = sig.params;
    return sig.result;
  }

  /// Matches positional and keyword arguments to the callee's parameters,
  /// filling the rest from its defaults; returns the types in order. A
  /// method's `receiver` is the first positional argument (operand 0, the
  /// callee's own value).
  std::vector<const Type *> bind_arguments(const Inst &in, const Type *callee,
                                           const std::vector<const Type *> &args,
                                           Resolution &r, const Type *receiver = nullptr) {
    CallSignature sig = resolver_.signature_of(callee);
    const int offset = receiver ? 1 : 0;
    size_t n = sig.names.size(), given = args.size() - in.kwnames.size();
    size_t positional = given + size_t(offset);
    size_t fillable = sig.positional_count < 0 ? n : size_t(sig.positional_count);
    auto operand_type = [&](int operand) {
      return operand == 0 ? receiver : args[size_t(operand - 1)];
    };
    auto fail = [&](const std::string &why) {
      typing_error(callee->name + "(): " + why, in.pos);
    };
    if (positional > fillable && sig.varargs_index < 0)
      fail("takes " + std::to_string(fillable) + " positional arguments but " +
           std::to_string(positional) + " were given");
    r.arg_map.assign(n, -1);
    for (size_t k = 0; k < std::min(positional, fillable); ++k)
      r.arg_map[k] = int(k + 1) - offset;
    if (sig.varargs_index >= 0) {
      // The positional arguments past the named ones become the *args tuple.
      r.arg_map[size_t(sig.varargs_index)] = Resolution::kVarargs;
      r.varargs_operands.clear();
      for (size_t k = fillable; k < positional; ++k)
        r.varargs_operands.push_back(int(k + 1) - offset);
    }
    for (size_t j = 0; j < in.kwnames.size(); ++j) {
      auto it = std::find(sig.names.begin(), sig.names.end(), in.kwnames[j]);
      if (it == sig.names.end() || int(it - sig.names.begin()) == sig.varargs_index)
        fail("unexpected keyword argument '" + in.kwnames[j] + "'");
      size_t k = size_t(it - sig.names.begin());
      if (r.arg_map[k] >= 0)
        fail("got multiple values for argument '" + in.kwnames[j] + "'");
      r.arg_map[k] = int(given + j + 1);
    }
    std::vector<const Type *> bound;
    r.defaults.assign(n, std::nullopt);
    for (size_t k = 0; k < n; ++k) {
      if (r.arg_map[k] >= 0) {
        bound.push_back(operand_type(r.arg_map[k]));
        continue;
      }
      if (r.arg_map[k] == Resolution::kVarargs) {
        std::vector<const Type *> packed;
        for (int operand : r.varargs_operands)
          packed.push_back(operand_type(operand));
        bound.push_back(types::tuple(packed));
        continue;
      }
      if (!sig.defaults[k])
        fail("missing argument '" + sig.names[k] + "'");
      const Type *t = constant_type(*sig.defaults[k]);
      if (!t)
        fail("the default of '" + sig.names[k] + "' has a type pyrite does not support");
      r.defaults[k] = sig.defaults[k];
      bound.push_back(t);
    }
    return bound;
  }

  std::shared_ptr<const TypedFunction> callee_for(const Inst &in, const Type *callee,
                                                  const std::vector<const Type *> &args) {
    auto key = std::make_pair(in.result, args);
    auto it = callee_cache_.find(key);
    if (it != callee_cache_.end())
      return it->second;
    auto fn = resolver_.compile_callee(callee, args);
    callee_cache_[key] = fn;
    return fn;
  }

  static std::string describe_callee(const Type *t) {
    switch (t->kind) {
    case TypeKind::Function: return t->name + "()";
    case TypeKind::BoundMethod: return t->self->display + "." + t->name + "()";
    case TypeKind::Overloaded: return t->name + "()";
    default: return t->display;
    }
  }

  const Type *getitem(const Inst &in) {
    const Type *obj = value(in.args[0]), *idx = value(in.args[1]);
    Resolution r;
    if (obj->is_array() && idx->is_array()) {
      // a[mask] (a boolean array of a's shape) and a[indices] (a 1-d integer
      // array into a 1-d array): copies, as in NumPy.
      bool mask = idx->dtype->is_bool() && idx->ndim == obj->ndim;
      bool fancy = idx->dtype->is_int() && idx->ndim == 1 && obj->ndim == 1;
      if (!mask && !fancy)
        typing_error("cannot index " + obj->display + " with " + idx->display +
                         " (boolean masks of the same shape and 1-d integer arrays into "
                         "1-d arrays are supported)",
                     in.pos);
      r.builtin = mask ? "mask" : "take";
      out_->resolutions[in.result] = r;
      return types::array(obj->dtype, 1, 'C');
    }
    if (obj->is_array()) {
      auto [rest, sliced] = index_shape(obj, idx, in.pos);
      (void)sliced;
      if (rest == 0)
        return obj->dtype;
      return types::array(obj->dtype, rest, view_layout(obj, idx), obj->readonly);
    }
    if (obj->is_tuple() && (idx->is_int() || idx->is_bool())) {
      if (const ir::Constant *c = literal(in.args[1])) {
        int64_t n = int64_t(obj->elems.size()), k = c->i < 0 ? c->i + n : c->i;
        if (k < 0 || k >= n)
          typing_error("tuple index out of range", in.pos);
        r.constant = *c;
        r.constant->i = k;
        out_->resolutions[in.result] = r;
        return obj->elems[k];
      }
      if (obj->is_uniform_tuple())
        return obj->elems[0];
      typing_error("a heterogeneous tuple needs a constant index", in.pos);
    }
    typing_error("cannot index " + obj->display + " with " + idx->display, in.pos);
  }

  /// Dimensions left after indexing `arr` with `idx` (integers and slices),
  /// and whether a slice was among them.
  std::pair<int, bool> index_shape(const Type *arr, const Type *idx,
                                   const bytecode::Position &pos) {
    std::vector<const Type *> idxs = idx->is_tuple() ? idx->elems
                                                     : std::vector<const Type *>{idx};
    int rest = arr->ndim;
    bool sliced = false;
    for (const Type *t : idxs) {
      if (t->kind == TypeKind::Slice)
        sliced = true;
      else if (t->is_bool())
        // NumPy reads a boolean scalar as a 0-d mask (a[True] is every
        // element under a new axis), not as the integer 1.
        typing_error("indexing an array with a boolean scalar (" + idx->display +
                         ") is a 0-d mask in NumPy, which pyrite does not support; "
                         "index with an integer",
                     pos);
      else if (t->is_int())
        --rest;
      else
        typing_error("array index must be integers or slices, not " + idx->display +
                         " (array indexes are not supported yet)",
                     pos);
    }
    if (int(idxs.size()) > arr->ndim)
      typing_error("too many indices for " + arr->display, pos);
    return {rest, sliced};
  }

  /// Numba's rule: a view of a C array stays C when every index but the last
  /// is an integer, the last is an integer or a step-less slice, and no
  /// dimension is left unindexed after a slice.
  static char view_layout(const Type *arr, const Type *idx) {
    if (arr->layout != 'C')
      return arr->layout;
    std::vector<const Type *> items = idx->is_tuple() ? idx->elems
                                                      : std::vector<const Type *>{idx};
    for (size_t k = 0; k < items.size(); ++k) {
      bool last = k + 1 == items.size();
      bool keeps = items[k]->is_int() || items[k]->is_bool() ||
                   (last && items[k]->kind == TypeKind::Slice && items[k]->bits == 2);
      if (!keeps)
        return 'A';
    }
    return 'C';
  }

  void setitem(const Inst &in) {
    const Type *obj = value(in.args[0]), *idx = value(in.args[1]), *v = value(in.args[2]);
    if (!obj->is_array())
      typing_error("cannot assign to items of " + obj->display, in.pos);
    check_writable(in.args[0], in.pos, "assign to items of");
    if (idx->is_array()) {
      if (idx->dtype->is_bool() && idx->ndim == obj->ndim && v->is_number())
        return; // a[mask] = scalar
      typing_error("assigning through " + idx->display +
                       " is supported for a boolean mask of the same shape and a scalar",
                   in.pos);
    }
    auto [rest, sliced] = index_shape(obj, idx, in.pos);
    (void)sliced;
    if (rest == 0 && v->is_number())
      return;
    if (rest > 0 && (v->is_number() || (v->is_array() && v->ndim == rest)))
      return; // fill with a scalar, or copy an array of the same shape
    typing_error("cannot store " + v->display + " into " + obj->display +
                     (v->is_array() ? " (broadcasting is not supported yet)" : ""),
                 in.pos);
  }

  const Type *extract(const Inst &in) {
    const Type *seq = value(in.args[0]);
    if (!seq->is_tuple())
      typing_error("cannot unpack " + seq->display, in.pos);
    if (size_t(in.constant.i) != seq->elems.size())
      typing_error("cannot unpack " + seq->display + " into " + std::to_string(in.constant.i) +
                       " values",
                   in.pos);
    return seq->elems[in.sub];
  }

  void check_complete() {
    if (recursive_call_untyped_ && !value(recursive_call_untyped_->result))
      typing_error("cannot infer the return type of this recursive call: the function needs "
                   "a return statement that does not depend on calling itself",
                   recursive_call_untyped_->pos);
    for (const ir::Block &b : out_->fn.blocks)
      for (const Inst &in : b.insts)
        if (in.result >= 0 && !value(in.result))
          typing_error("cannot infer the type of this expression (" +
                           std::string(ir::opcode_name(in.op)) + ")",
                       in.pos);
  }

  /// How the user would name value `id`: 'a', a view of 'a', ...
  std::string describe_value(int id) const {
    auto it = def_of_.find(id);
    if (it == def_of_.end())
      return "this array";
    const Inst &d = *it->second;
    switch (d.op) {
    case Opcode::LoadLocal:
      return d.name[0] == '$' ? "this array" : "'" + pretty_local(d.name) + "'";
    case Opcode::Global: return "global '" + d.name + "'";
    case Opcode::GetAttr:
      if (value(d.args[0]) && value(d.args[0])->kind == TypeKind::Module)
        return "global '" + d.name + "'";
      return "a view of " + describe_value(d.args[0]);
    case Opcode::GetItem:
    case Opcode::Call: // a.transpose(), a.reshape(...)
      if (d.op == Opcode::GetItem || (value(d.args[0]) &&
                                      value(d.args[0])->kind == TypeKind::BoundMethod))
        return "a view of " + describe_value(d.args[0]);
      return "this array";
    case Opcode::IterNext: return "a row of " + describe_value(d.args[0]);
    case Opcode::GetIter: return describe_value(d.args[0]);
    default: return "this array";
    }
  }

  /// Refuses a store into a read-only array, naming it.
  void check_writable(int array_id, const bytecode::Position &pos, const char *how) {
    const Type *t = value(array_id);
    if (!t->is_array() || !t->readonly)
      return;
    typing_error(std::string("cannot ") + how + " read-only array " + describe_value(array_id) +
                     " of type " + t->display +
                     " (an argument whose writeable flag is False, a view of one, or a "
                     "global array frozen at compile time; modify a copy() instead)",
                 pos);
  }

  Resolver &resolver_;
  std::map<int, const Inst *> def_of_; ///< the instruction that defines each value
  std::shared_ptr<TypedFunction> out_;
  std::map<int, const ir::Constant *> consts_;
  std::map<std::pair<int, std::vector<const Type *>>, std::shared_ptr<const TypedFunction>>
      callee_cache_;
  std::map<std::pair<int, std::vector<const Type *>>, OverloadChoice> overload_cache_;
  bool changed_ = false;
  const Inst *recursive_call_untyped_ = nullptr;
};

} // namespace

std::shared_ptr<TypedFunction> infer_types(ir::Function fn,
                                           const std::vector<const Type *> &arg_types,
                                           Resolver &resolver) {
  return Typer(std::move(fn), arg_types, resolver).run();
}

} // namespace pyrite::typing
