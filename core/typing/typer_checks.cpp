//===- typing/typer_checks.cpp - what typing checks besides the rules ----===//
//
/// \file
/// Checks the typer makes around the rules: NumPy scalars and narrow
/// integers that NEP 50's promotion must follow through locals
/// (track_numpy_scalar, track_narrow_numpy_int), the strict pass's
/// completeness (check_complete: recursive calls, lists and dicts whose
/// item type never became known), and the error texts that name a value
/// (describe_value) or refuse a store into a read-only array (check_writable).
//
//===----------------------------------------------------------------------===//
#include "typing/typer_impl.h"

#include <functional>

namespace pyrite::typing {

void Typer::track_numpy_scalar(const Inst &in) {
  const Type *t = in.result >= 0 ? value(in.result) : nullptr;
  if (t && t->is_int() && t->bits == 64) // int64 or uint64 (uint32 - uint32)
    track_narrow_numpy_int(in);
  // Only int64 and float64 are weak as Python scalars (a bool's kind is
  // below every array's, so its strength never changes a result).
  if (!t || (t != types::int64() && t != types::float64()) || numpy_scalar(in.result))
    return;
  bool numpy = false;
  switch (in.op) {
  case Opcode::LoadLocal: numpy = numpy_scalar_locals_.count(in.name) != 0; break;
  case Opcode::GetItem: numpy = value(in.args[0])->is_array(); break;
  case Opcode::IterNext: numpy = value(in.args[0])->elems[0]->is_array(); break;
  case Opcode::BinOp:
  case Opcode::Unary:
    numpy = std::any_of(in.args.begin(), in.args.end(), [&](int a) {
      return numpy_scalar(a) || numpy_only_scalar(value(a));
    });
    break;
  case Opcode::Call: {
    const Type *callee = value(in.args[0]);
    bool numpy_function = (callee->kind == TypeKind::Function ||
                           callee->kind == TypeKind::Overloaded) &&
                          callee->name.rfind("numpy.", 0) == 0 &&
                          callee->name.rfind("numpy.random.", 0) != 0;
    bool array_method = callee->kind == TypeKind::BoundMethod && callee->self->is_array() &&
                        callee->name != "item" && callee->name != "tolist";
    // abs/min/max of NumPy scalars give one of them (or its type)
    bool of_numpy = callee->kind == TypeKind::Overloaded || callee->kind == TypeKind::Function
                        ? (callee->name == "abs" || callee->name == "builtins.abs" ||
                           callee->name == "min" || callee->name == "builtins.min" ||
                           callee->name == "max" || callee->name == "builtins.max") &&
                              std::any_of(in.args.begin() + 1, in.args.end(), [&](int a) {
                                return numpy_scalar(a) || numpy_only_scalar(value(a));
                              })
                        : false;
    numpy = numpy_function || array_method || of_numpy ||
            callee->kind == TypeKind::NumberClass;
    break;
  }
  default: break;
  }
  if (numpy) {
    numpy_scalars_.insert(in.result);
    changed_ = true;
  }
}

void Typer::track_narrow_numpy_int(const Inst &in) {
  const Type *narrow = nullptr;
  if (in.op == Opcode::LoadLocal) {
    auto it = numpy_narrow_locals_.find(in.name);
    narrow = it == numpy_narrow_locals_.end() ? nullptr : it->second;
  } else if (in.op == Opcode::BinOp || in.op == Opcode::Unary) {
    // NumPy computes in the promotion of the strong operands' types; a
    // Python int or bool is weak and takes their type (NEP 50).
    for (int a : in.args) {
      const Type *typed = value(a);
      if (!typed)
        return;
      const Type *u = types::unliteral(types::strip_optional(numpy_type(a, typed)));
      bool weak = !numpy_scalar(a) && !numpy_narrow_.count(a) &&
                  (u == types::int64() || u->is_bool());
      if (weak)
        continue;
      if (!u->is_int() || u->bits == 64)
        return; // int64, uint64 or a float decides: no narrower type
      narrow = narrow ? types::promote_elementwise(narrow, u) : u;
    }
    if (narrow && (!narrow->is_int() || narrow->bits == 64))
      narrow = nullptr; // int32 with uint32 is an int64 in NumPy too
  }
  if (!narrow)
    return;
  if (in.op != Opcode::LoadLocal)
    numpy_narrow_operands_[in.result] = in.args;
  auto [it, added] = numpy_narrow_.emplace(in.result, narrow);
  if (added || it->second != narrow) {
    it->second = narrow;
    changed_ = true;
  }
}


void Typer::check_complete() {
  if (recursive_call_untyped_ && !value(recursive_call_untyped_->result)) {
    const char *why = "cannot infer the return type of this recursive call: the function "
                      "needs a return statement that does not depend on calling itself";
    if (recursive_call_untyped_->waits_on_caller)
      throw RecursionPending("TypingError", why, recursive_call_untyped_->pos);
    typing_error(why, recursive_call_untyped_->pos);
  }
  // A list whose item type is still unknown cannot be made (no item layout).
  std::function<bool(const Type *)> undefined_list = [&](const Type *t) {
    if (!t)
      return false;
    if (t->is_table() && !t->is_typed_table())
      return true;
    if (t->is_list())
      return !t->dtype || undefined_list(t->dtype);
    if (t->is_optional())
      return undefined_list(t->dtype);
    if (t->is_class_instance()) // declared attributes (which may hold the class itself)
      return false;
    for (const Type *e : t->elems)
      if (undefined_list(e))
        return true;
    return false;
  };
  for (const auto &[name, t] : out_->types.locals)
    if (undefined_list(t))
      typing_error(t->is_dict() && t->elems.empty()
                       ? "cannot infer the key and value types of the empty dict in '" +
                             pretty_local(name) +
                             "': assign an item to it (d[key] = value) before other uses, "
                             "or make it with Dict.empty(key_type, value_type)"
                   : t->is_set() && !t->dtype
                       ? "cannot infer the item type of the empty set in '" +
                             pretty_local(name) + "': add() an item to it before other uses"
                       : "cannot infer the item type of the empty list in '" +
                             pretty_local(name) + "': append an item to it, or start it with one",
                   out_->fn.blocks.empty() ? bytecode::Position{}
                                           : out_->fn.blocks[0].insts.front().pos);
  auto untyped_table = [&](int id) {
    const Type *t = value(id);
    if (t && t->kind == TypeKind::BoundMethod)
      t = t->self;
    return t && t->is_table() && !t->is_typed_table();
  };
  for (const ir::Block &b : out_->fn.blocks)
    if (live_[size_t(b.id)])
      for (const Inst &in : b.insts)
        if (in.result >= 0 && !value(in.result)) {
          if (std::any_of(in.args.begin(), in.args.end(), untyped_table))
            typing_error("an empty dict or set ({} or set()) is used here before anything "
                         "gives it types: store it in a variable and assign an item to it "
                         "(d[key] = value, s.add(item)) first, or make it with "
                         "Dict.empty(key_type, value_type)",
                         in.pos);
          typing_error("cannot infer the type of this expression (" +
                           std::string(ir::opcode_name(in.op)) + ")",
                       in.pos);
        }
  for (const ir::Block &b : out_->fn.blocks)
    if (live_[size_t(b.id)])
      for (const Inst &in : b.insts)
        if (in.result >= 0 && value(in.result)->kind != TypeKind::ListLiteral &&
            !(value(in.result)->is_table() && in.op == Opcode::Call) && // `{}`, stored
            undefined_list(value(in.result)))
          typing_error("cannot infer the item type of this empty list: give it an item, or "
                       "build it in a variable with append()",
                       in.pos);
  if (undefined_list(out_->types.return_type))
    typing_error("cannot infer the item types of the empty list, dict or set this function "
                 "returns (" + out_->types.return_type->display +
                 "): give it an item before returning it",
                 out_->fn.blocks.empty() ? bytecode::Position{}
                                         : out_->fn.blocks[0].insts.front().pos);
}

std::string Typer::describe_value(int id) const {
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

void Typer::check_writable(int array_id, const bytecode::Position &pos, const char *how) {
  const Type *t = types::strip_optional(value(array_id));
  if (!t->is_array() || !t->readonly)
    return;
  typing_error(std::string("cannot ") + how + " read-only array " + describe_value(array_id) +
                   " of type " + t->display +
                   " (an argument whose writeable flag is False, a view of one, or a "
                   "global array frozen at compile time; modify a copy() instead)",
               pos);
}


std::shared_ptr<TypedFunction> infer_types(ir::Function fn,
                                           const std::vector<const Type *> &arg_types,
                                           Resolver &resolver) {
  return Typer(std::move(fn), arg_types, resolver).run();
}

} // namespace pyrite::typing
