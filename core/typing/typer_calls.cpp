//===- typing/typer_calls.cpp - calls and attributes ------------------------===//
//
/// \file
/// Calls of builtins, @jit functions, @overload implementations and
/// intrinsics; binding arguments to parameters; attributes and methods.
//
//===----------------------------------------------------------------------===//
#include "typing/builtins_internal.h"
#include "typing/typer_impl.h"

#include <functional>
#include <set>

#include <algorithm>

namespace pyrite::typing {

/// The constant a function always returns, when its body is only
/// `return <constant>` (a bool, an int or None).
static const ir::Constant *constant_result(const TypedFunction &f) {
  if (f.fn.blocks.size() != 1 || f.fn.blocks[0].insts.size() != 2)
    return nullptr;
  const Inst &value = f.fn.blocks[0].insts[0], &ret = f.fn.blocks[0].insts[1];
  using K = ir::Constant::Kind;
  if (value.op != Opcode::Const || ret.op != Opcode::Return || ret.args[0] != value.result ||
      (value.constant.kind != K::Bool && value.constant.kind != K::Int))
    return nullptr;
  return &value.constant;
}

namespace {

/// Whether a value of type `t` can be boxed for the interpreter (an objmode
/// block's input).
bool passable_to_python(const Type *t) {
  switch (t->kind) {
  case TypeKind::None:
  case TypeKind::Bool:
  case TypeKind::Int:
  case TypeKind::Float:
  case TypeKind::Complex:
  case TypeKind::Unicode:
  case TypeKind::Array:
  case TypeKind::ClassInstance: return true;
  case TypeKind::Optional:
  case TypeKind::List:
  case TypeKind::Set: return t->dtype && passable_to_python(t->dtype);
  case TypeKind::Dict:
    return t->is_typed_dict() && !t->bits && passable_to_python(t->elems[0]) &&
           passable_to_python(t->elems[1]);
  case TypeKind::Tuple:
    return std::all_of(t->elems.begin(), t->elems.end(), passable_to_python);
  default: return false;
  }
}

} // namespace

const Type *Typer::getattr(const Inst &in) {
  const Type *obj = value(in.args[0]);
  if (obj->kind == TypeKind::Module) {
    if (!value(in.result)) {
      GlobalValue g = resolver_.module_attr(obj, in.name);
      if (!g.type)
        typing_error(g.why.empty() ? "module '" + obj->name + "' has no attribute '" +
                                         in.name + "'"
                                   : g.why,
                     in.pos);
      if (g.read && g.type->kind == TypeKind::Intrinsic) { // cuda.threadIdx.x
        Resolution r;
        set_value(in, intrinsic_call(in, g.type, {}, r));
        out_->resolutions[in.result] = r;
        return value(in.result);
      }
      record_global(in, g);
    }
    return value(in.result);
  }
  Resolution r;
  obj = types::strip_optional(obj); // s.upper() of a str or None: None raises TypeError
  const Type *t = type_attribute(obj, in.name, r);
  // A builtin method of arrays is the library's where it has one too
  // (a.sum(dtype=), a complex array's sum); the core's takes the calls
  // every library implementation declines (Typer::call).
  if (t && obj->is_array() && t->kind == TypeKind::BoundMethod && !t->handle)
    if (const Type *library = member_overload(in, obj))
      t = library;
  if (!t && obj->kind == TypeKind::ListLiteral && types::unliteral(obj))
    t = type_attribute(types::unliteral(obj), in.name, r); // [1, 2].index(2)
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

const Type *Typer::call(const Inst &in) {
  consts_.erase(in.result); // known again below, or no longer (types widened)
  if (in.sub == 1) // spread_star_arguments spreads a tuple
    typing_error("f(*args) takes a tuple, whose length is part of its type, not " +
                     value(in.args.back())->display + " (as in Numba)",
                 in.pos);
  const Type *callee = value(in.args[0]);
  std::vector<const Type *> args;
  for (size_t k = 1; k < in.args.size(); ++k) {
    args.push_back(value(in.args[k]));
  }
  Resolution r;
  const Type *result = nullptr;
  std::string why;
  const Type *receiver = nullptr; // a method's receiver, passed first
  if (callee->kind == TypeKind::Overloaded && callee->name == "isinstance" &&
      in.args.size() >= 2) {
    // Decided from the variable's type: a variable that holds values of
    // several types has one unified type, which need not be the type of the
    // value it holds when the test runs.
    auto def = def_of_.find(in.args[1]);
    if (def != def_of_.end() && def->second->op == Opcode::LoadLocal &&
        mixed_locals_.count(def->second->name))
      typing_error("isinstance() of '" + pretty_local(def->second->name) +
                       "', which holds values of different types (unified as " +
                       value(in.args[1])->display +
                       "): pyrite decides isinstance from a variable's type, as Numba "
                       "does; give each type its own variable",
                   in.pos);
  }
  // typed.List() and typed.Dict() without types are list() and dict().
  bool typed_list = callee->kind == TypeKind::Module && callee->name == "pyrite.typed._list_api";
  bool typed_dict = callee->kind == TypeKind::Module && callee->name == "pyrite.typed._dict_api";
  if (((callee->kind == TypeKind::Overloaded && callee->name == "list") || typed_list) &&
      args.empty() && in.kwnames.empty()) {
    // list() is `[]`: typed by the first append on its variable.
    r.builtin = "list.empty";
    out_->resolutions[in.result] = r;
    return types::list_literal({});
  }
  if (((callee->kind == TypeKind::Overloaded && (callee->name == "dict" || callee->name == "set")) ||
       typed_dict) &&
      args.empty() && in.kwnames.empty()) {
    // dict() is `{}`, typed by the first d[key] = value on its variable;
    // set(), by the first s.add(item).
    bool is_dict = typed_dict || callee->name == "dict";
    r.builtin = is_dict ? "pyrite._library._dict_core.empty_of"
                        : "pyrite._library._dict_core.set_of";
    out_->resolutions[in.result] = r;
    if (auto hint = display_types_.find(in.result); hint != display_types_.end())
      return hint->second;
    return is_dict ? types::dict(nullptr, nullptr) : types::set(nullptr);
  }
  if (callee->kind == TypeKind::ObjectModeBlock) {
    // An objmode block: its inputs boxed for the interpreter, its outputs
    // unboxed as declared (lower_objmode).
    for (size_t k = 0; k < args.size(); ++k) {
      const Type *u = types::unliteral(args[k]);
      if (!u || !passable_to_python(u)) {
        auto def = def_of_.find(in.args[k + 1]);
        std::string name = def != def_of_.end() && def->second->op == Opcode::LoadLocal
                               ? "'" + pretty_local(def->second->name) + "'"
                               : "a value";
        typing_error("the objmode block reads " + name + " of type " + args[k]->display +
                         ", which cannot be passed to Python",
                     in.pos);
      }
      args[k] = u;
    }
    if (!in.kwnames.empty())
      typing_error("an objmode block takes its inputs by position", in.pos);
    r.builtin = "objmode";
    r.param_types = args;
    out_->resolutions[in.result] = r;
    return callee->dtype;
  }
  if (callee->kind == TypeKind::ClassType) {
    // Bag(...) makes an instance: the class's constructor, an extension
    // method of the class value (pyrite/experimental/jitclass.py).
    MemberOverload m = resolver_.member(callee, "__call__");
    if (m.kind != MemberOverload::Method)
      typing_error("the jitclass " + callee->dtype->name + " cannot be constructed here",
                   in.pos);
    callee = types::bound_method(callee, "__call__", m.overloads);
  }
  if (callee->kind == TypeKind::Overloaded && args.size() == 2 && args[0]->is_list() &&
      !args[0]->dtype && adds_its_second_argument(callee->name))
    return refine_empty_list_argument(in, args[1]); // (typed on the next round)
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
      // Every library overload of an array method declined: the core's
      // method takes the call (a.sum(), a.sum(axis)), when it has one.
      Resolution builtin_method;
      const Type *core_method = receiver && receiver->is_array()
                                    ? type_attribute(receiver, callee->name, builtin_method)
                                    : nullptr;
      if (!core_method || core_method->kind != TypeKind::BoundMethod || core_method->handle)
        typing_error(choice.failed ? choice.why
                                   : "no implementation of " + describe_callee(callee) +
                                         " for argument types " + type_list(args) +
                                         (choice.why.empty() ? "" : ": " + choice.why),
                     in.pos);
      callee = core_method;
      receiver = nullptr;
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
        recursive_call_untyped_ = UntypedRecursiveCall{in.result, in.pos, false};
        return nullptr;
      }
      out_->resolutions[in.result] = r;
      return result;
    }
    std::shared_ptr<const TypedFunction> in_progress;
    if (ancestor(callee, bound, in_progress)) {
      // f -> g -> f: the return type f has so far, as for self-recursion.
      r.callee = in_progress;
      r.param_types = bound;
      out_->calls_unfinished = true;
      result = in_progress->types.return_type;
      if (!result) {
        recursive_call_untyped_ = UntypedRecursiveCall{in.result, in.pos, true};
        return nullptr;
      }
      out_->resolutions[in.result] = r;
      return result;
    }
    r.callee = callee_for(in, callee, bound);
    r.param_types = r.callee->arg_types;
    out_->calls_unfinished = out_->calls_unfinished || r.callee->calls_unfinished;
    result = r.callee->types.return_type;
    if (const ir::Constant *c = constant_result(*r.callee)) {
      // `isinstance(x, float)` and the like: the call stays, its value is
      // known, and branches on it are pruned.
      r.constant = *c;
      auto &slot = out_->resolutions[in.result] = r;
      consts_[in.result] = &*slot.constant;
      return result;
    }
  } else if (callee->kind == TypeKind::Intrinsic) {
    result = intrinsic_call(in, callee, args, r);
  } else if (callee->kind == TypeKind::Function && (callee->name == "pyrite.cuda.shared.array" ||
                                                    callee->name == "pyrite.cuda.local.array")) {
    result = gpu_array_call(in, callee, args, r);
  } else if (callee->kind == TypeKind::BoundMethod && callee->self->is_list() &&
             !callee->self->dtype) {
    return refine_empty_list(in, callee, args);

  } else {
    // OptionalType arguments are passed as their values (None raises);
    // a namedtuple's fields hold them as they are.
    bool optional_args = false;
    bool makes_named_tuple = callee->kind == TypeKind::NumberClass && callee->handle;
    for (const Type *&t : args)
      if (t->is_optional() && !makes_named_tuple)
        t = t->dtype, optional_args = true;
    result = type_builtin_call(callee, args, in.kwnames, r, why);
    if (result && result->is_table() && !result->is_typed_table())
      if (auto hint = display_types_.find(in.result); hint != display_types_.end())
        result = hint->second; // `{}` filled on the stack: typed by its first store
    if (result && optional_args && r.param_types.empty())
      r.param_types = args;
    if (result && r.builtin == "array.fill") // writes every element of its receiver
      if (auto it = def_of_.find(in.args[0]); it != def_of_.end() &&
                                              it->second->op == Opcode::GetAttr)
        check_writable(it->second->args[0], in.pos, "fill");
  }
  // The library's primitives are called where the frontend put them
  // (`except 5:`): the reason alone speaks the user's terms.
  bool primitive = callee->kind == TypeKind::Function &&
                   callee->name.rfind("pyrite._library._", 0) == 0;
  if (!result && primitive && !why.empty())
    typing_error(why, in.pos);
  if (!result)
    typing_error("no implementation of " + describe_callee(callee) +
                     " for argument types " + type_list(args) +
                     (why.empty() ? "" : ": " + why),
                 in.pos);
  out_->resolutions[in.result] = r;
  return result;
}

bool Typer::adds_its_second_argument(const std::string &function) {
  // Functions that put their second argument into the list that is their
  // first, which an empty list is typed by as by append().
  static const std::set<std::string> adders = {"heapq.heappush", "_heapq.heappush"};
  return adders.count(function) > 0;
}

const Type *Typer::refine_empty_list_argument(const Inst &in, const Type *added) {
  // `h = []` then `heapq.heappush(h, v)`: h is a list of v's type.
  auto def = def_of_.find(spilled_value(in.args[1]));
  if (def == def_of_.end() || def->second->op != Opcode::LoadLocal)
    typing_error("cannot infer the item type of an empty list: give it an item, or call "
                 "append() on the variable holding it before other uses",
                 in.pos);
  const Type *item = types::unliteral(added);
  if (item->is_list() && !item->dtype)
    return nullptr; // an empty list itself: typed once it is refined
  set_local(def->second->name, types::list(item), in.pos);
  return nullptr;
}

int Typer::spilled_value(int id) const {
  // A value the frontend keeps in compiler temporaries across an inlined
  // comprehension (`ll.append([... for ...])` keeps the bound method in
  // `$inl1.1` on CPython 3.11, in block-edge temporaries around the
  // comprehension's loop on 3.12): the one value every store of those
  // temporaries comes from, else `id` itself.
  constexpr int kCycle = -1, kAmbiguous = -2;
  std::set<std::string> visiting;
  std::function<int(int)> origin = [&](int v) -> int {
    auto def = def_of_.find(v);
    if (def == def_of_.end() || def->second->op != Opcode::LoadLocal ||
        def->second->name.empty() || def->second->name[0] != '$')
      return v;
    if (!visiting.insert(def->second->name).second)
      return kCycle; // (around a loop: a copy of itself says nothing)
    int found = kCycle;
    for (const ir::Block &b : out_->fn.blocks)
      for (const Inst &i : b.insts)
        if (i.op == Opcode::StoreLocal && i.name == def->second->name) {
          int from = origin(i.args[0]);
          if (from == kAmbiguous || (from != kCycle && found != kCycle && from != found))
            return kAmbiguous;
          if (from != kCycle)
            found = from;
        }
    return found;
  };
  int from = origin(id);
  return from < 0 ? id : from;
}

const Type *Typer::refine_empty_list(const Inst &in, const Type *method,
                                     const std::vector<const Type *> &args) {
  // `x = []` then `x.append(v)`: x is a list of v's type (Numba's rule).
  // The variable is refined; the next round types the call on it.
  auto bound = def_of_.find(spilled_value(in.args[0]));
  const Inst *origin = nullptr;
  if (bound != def_of_.end() && bound->second->op == Opcode::GetAttr)
    if (auto def = def_of_.find(bound->second->args[0]); def != def_of_.end())
      origin = def->second;
  // What the first call adds: append(v), insert(i, v), extend(iterable).
  const Type *added = nullptr;
  if (method->name == "append" && args.size() == 1)
    added = args[0];
  else if (method->name == "insert" && args.size() == 2)
    added = args[1];
  else if (method->name == "extend" && args.size() == 1 && types::unliteral(args[0]))
    added = types::yield_type(types::unliteral(args[0]));
  if (!added || !origin || origin->op != Opcode::LoadLocal)
    typing_error("cannot infer the item type of an empty list: give it an item, or call "
                 "append() on the variable holding it before other uses",
                 in.pos);
  const Type *item = types::unliteral(added);
  if (!item)
    typing_error("cannot append " + args[0]->display + " to a list", in.pos);
  if (item->is_list() && !item->dtype)
    return nullptr; // an empty list itself: typed once it is refined
  set_local(origin->name, types::list(item), in.pos);
  return nullptr;
}

std::optional<ir::Constant> Typer::constant_argument(int id) const {
  if (const ir::Constant *c = literal(id))
    return *c;
  // A tuple built of integer constants, such as the shape (TPB, TPB) of
  // cuda.shared.array with TPB a global: offered to typing functions as a
  // tuple of literals (Numba types it so).
  auto def = def_of_.find(id);
  if (def == def_of_.end())
    return std::nullopt;
  if (def->second->op == Opcode::GetItem) { // SHAPE[1] of a global tuple
    std::optional<ir::Constant> tuple = constant_argument(def->second->args[0]);
    const ir::Constant *index = literal(def->second->args[1]);
    if (!tuple || tuple->kind != ir::Constant::Kind::Tuple || !index ||
        index->kind != ir::Constant::Kind::Int)
      return std::nullopt;
    int64_t n = int64_t(tuple->items.size()), k = index->i < 0 ? index->i + n : index->i;
    return k >= 0 && k < n ? std::optional<ir::Constant>(tuple->items[size_t(k)]) : std::nullopt;
  }
  if (def->second->op != Opcode::BuildTuple || def->second->args.empty())
    return std::nullopt;
  ir::Constant tuple;
  tuple.kind = ir::Constant::Kind::Tuple;
  for (int item : def->second->args) {
    const ir::Constant *c = literal(item);
    if (!c || c->kind != ir::Constant::Kind::Int)
      return std::nullopt;
    tuple.items.push_back(*c);
  }
  return tuple;
}

OverloadChoice Typer::choose_overload(const Inst &in, const void *overloads, const Type *receiver,
                               const std::vector<const Type *> &given) {
  // List literals reach typing functions as the lists they become.
  std::vector<const Type *> args;
  for (const Type *t : given)
    args.push_back(t->kind == TypeKind::ListLiteral && types::unliteral(t) ? types::unliteral(t)
                                                                           : t);
  std::vector<const Type *> all;
  std::vector<std::optional<ir::Constant>> literals;
  if (receiver)
    all.push_back(receiver);
  all.insert(all.end(), args.begin(), args.end());
  for (size_t k = 1; k < in.args.size(); ++k)
    literals.push_back(constant_argument(in.args[k]));
  auto key = std::make_pair(in.result, all);
  auto it = overload_cache_.find(key);
  if (it != overload_cache_.end())
    return it->second;
  OverloadChoice choice =
      resolver_.resolve_overload(overloads, receiver, all, in.kwnames, literals);
  overload_cache_[key] = choice;
  return choice;
}

const Type *Typer::member_overload(const Inst &in, const Type *given) {
  const Type *obj = types::unliteral(given); // "-".join(...) is a str method
  if (!obj)
    return nullptr;
  MemberOverload m = resolver_.member(obj, in.name);
  if (m.kind == MemberOverload::Method)
    return types::bound_method(obj, in.name, m.overloads);
  if (m.kind != MemberOverload::Attribute)
    return nullptr;
  OverloadChoice choice = choose_overload(in, m.overloads, obj, {});
  if (!choice.impl)
    typing_error(choice.failed ? choice.why
                               : "no implementation of attribute '" + in.name + "' of " +
                                     obj->display +
                                     (choice.why.empty() ? "" : ": " + choice.why),
                 in.pos);
  Resolution r;
  std::vector<const Type *> bound = bind_arguments(in, choice.impl, {}, r, obj);
  r.callee = callee_for(in, choice.impl, bound);
  r.param_types = r.callee->arg_types;
  out_->resolutions[in.result] = r;
  return r.callee->types.return_type;
}

const Type *Typer::gpu_array_call(const Inst &in, const Type *callee,
                                  const std::vector<const Type *> &args, Resolution &r) {
  // (shape, dtype, alignment=None), by position or keyword, as Numba's.
  const std::string what = callee->name.substr(std::string("pyrite.").size());
  static const char *const kParams[] = {"shape", "dtype", "alignment"};
  int operand[3] = {-1, -1, -1};
  size_t positional = args.size() - in.kwnames.size();
  for (size_t k = 0; k < args.size(); ++k) {
    int p = k < positional ? int(k) : -1;
    for (int q = 0; q < 3 && p < 0; ++q)
      if (in.kwnames[k - positional] == kParams[q])
        p = q;
    if (p < 0 || p > 2 || operand[p] >= 0)
      typing_error(what + "(shape, dtype, alignment=None) was called with other arguments",
                   in.pos);
    operand[p] = int(k);
  }
  if (operand[0] < 0 || operand[1] < 0)
    typing_error(what + " needs a shape and a dtype", in.pos);
  std::optional<ir::Constant> shape = constant_argument(in.args[size_t(operand[0]) + 1]);
  std::vector<ir::Constant> dims;
  if (shape && shape->kind == ir::Constant::Kind::Int)
    dims = {*shape};
  else if (shape && shape->kind == ir::Constant::Kind::Tuple)
    dims = shape->items;
  bool constant = !dims.empty();
  for (const ir::Constant &d : dims)
    constant = constant && d.kind == ir::Constant::Kind::Int && d.i >= 0;
  if (!constant)
    typing_error(what + "'s shape must be an integer >= 0 or a tuple of them, known when the "
                        "kernel compiles (a literal or a global constant), not " +
                     args[size_t(operand[0])]->display,
                 in.pos);
  if (what == "cuda.shared.array" && dims.size() > 1)
    for (const ir::Constant &d : dims)
      if (d.i == 0)
        typing_error("cuda.shared.array: only the 1-d shape 0 means dynamic shared memory",
                     in.pos);
  const Type *dtype = builtins_detail::dtype_of(args[size_t(operand[1])]);
  if (!dtype || !(dtype->is_number() || dtype->is_complex()))
    typing_error(what + "'s dtype must be a NumPy scalar type such as np.float32, or a type "
                        "such as float32, not " + args[size_t(operand[1])]->display,
                 in.pos);
  if (operand[2] >= 0 && args[size_t(operand[2])]->kind != TypeKind::None)
    typing_error(what + "(alignment=...) is not supported: pyrite aligns arrays to 16 bytes",
                 in.pos);
  r.builtin = callee->name;
  r.param_types = args;
  return types::array(dtype, int(dims.size()), 'C');
}

const Type *Typer::intrinsic_call(const Inst &in, const Type *callee,
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

std::vector<const Type *> Typer::bind_arguments(const Inst &in, const Type *callee,
                                         const std::vector<const Type *> &args,
                                         Resolution &r, const Type *receiver) {
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
    if (int j = closure_default(callee, sig, k); j >= 0) {
      r.arg_map[k] = Resolution::kCapturedBase - j; // a default made at run time
      bound.push_back(callee->elems[size_t(j)]);
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
  if (callee->is_closure()) {
    // The closure's free variables lead: its own parameters follow them.
    size_t free = callee->elems.size() - size_t(callee->bits);
    for (size_t j = free; j-- > 0;) {
      r.arg_map.insert(r.arg_map.begin(), Resolution::kCapturedBase - int(j));
      r.defaults.insert(r.defaults.begin(), std::nullopt);
      bound.insert(bound.begin(), callee->elems[j]);
    }
  }
  return bound;
}

int Typer::closure_default(const Type *callee, const CallSignature &sig, size_t k) {
  if (!callee->is_closure() || !callee->bits)
    return -1;
  // Defaults belong to the last positional parameters, as in Python.
  size_t positional = sig.positional_count < 0 ? sig.names.size()
                                               : size_t(sig.positional_count);
  size_t first = positional - size_t(callee->bits);
  if (k < first || k >= positional)
    return -1;
  return int(callee->elems.size() - size_t(callee->bits) + (k - first));
}

std::shared_ptr<const TypedFunction> Typer::callee_for(const Inst &in, const Type *callee,
                                                const std::vector<const Type *> &given) {
  // A constant string is passed as a str (Numba's unliteral): one
  // specialization serves every text.
  std::vector<const Type *> args;
  for (const Type *t : given)
    args.push_back(types::unliteral(t));
  auto key = std::make_pair(in.result, args);
  auto it = callee_cache_.find(key);
  if (it != callee_cache_.end())
    return it->second;
  auto fn = resolver_.compile_callee(callee, args);
  callee_cache_[key] = fn;
  return fn;
}

std::string Typer::describe_callee(const Type *t) {
  switch (t->kind) {
  case TypeKind::Function: return t->name + "()";
  case TypeKind::BoundMethod: return t->self->display + "." + t->name + "()";
  case TypeKind::Overloaded: return t->name + "()";
  default: return t->display;
  }
}

} // namespace pyrite::typing
