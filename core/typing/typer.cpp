//===- typing/typer.cpp - fixed-point type inference ----------------------===//
//
/// \file
/// The driver of type inference (rounds to a fixed point, then a strict
/// pass), locals and return types, and the visitor that sends each
/// instruction to its rule (typer_operators.cpp, typer_calls.cpp,
/// typer_items.cpp; the checks around them: typer_checks.cpp; the class is in
/// typer_impl.h).
//
//===----------------------------------------------------------------------===//
#include "typing/typer_impl.h"

#include <functional>

#include <algorithm>

namespace pyrite::typing {

std::string type_list(const std::vector<const Type *> &ts) {
  std::string s = "(";
  for (size_t k = 0; k < ts.size(); ++k)
    s += (k ? ", " : "") + ts[k]->display;
  return s + ")";
}

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
  case K::Ellipsis: return types::ellipsis();
  case K::Bool: return types::boolean();
  case K::Int: return types::int64();
  case K::UInt: return types::integer(64, false);
  case K::Float: return types::float64();
  case K::Complex: return types::complex128();
  case K::Datetime: return types::datetime(c.s);
  case K::Timedelta: return types::timedelta(c.s);
  case K::Str: return types::string_literal(c.s);
  default: return nullptr;
  }
}

namespace {
/// A function being typed on this thread, for calls that reach it again
/// through other functions (f calls g calls f): they see the return type f
/// has so far (from its returns that do not recurse), as a self-recursive
/// call does; `lent` records what they saw, checked when f is typed.
struct InProgress {
  const void *dispatcher;
  std::shared_ptr<TypedFunction> fn;
  std::vector<const Type *> lent;
};
thread_local std::vector<InProgress *> t_in_progress;
} // namespace

const TypedFunction *Typer::ancestor(const Type *dispatcher,
                                     const std::vector<const Type *> &args,
                                     std::shared_ptr<const TypedFunction> &out) {
  for (InProgress *p : t_in_progress)
    if (p->dispatcher == dispatcher->handle && p->fn->arg_types == args && p->fn.get() != out_.get()) {
      out = p->fn;
      if (p->fn->types.return_type)
        p->lent.push_back(p->fn->types.return_type);
      return p->fn.get();
    }
  return nullptr;
}

std::shared_ptr<TypedFunction> Typer::run() {
  InProgress self{resolver_.current_dispatcher(), out_, {}};
  if (self.dispatcher)
    t_in_progress.push_back(&self);
  struct Pop {
    bool pushed;
    ~Pop() {
      if (pushed)
        t_in_progress.pop_back();
    }
  } pop{self.dispatcher != nullptr};
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
  // Only blocks reachable from the entry are typed; a branch on a value
  // known at compile time (`isinstance(x, float)`, `x is None` on a value
  // typed None) reaches only the side it takes, as Numba's dead-branch
  // pruning.
  live_.assign(out_->fn.blocks.size(), 0);
  live_[0] = 1;
  for (int round = 0; round < 64; ++round) {
    changed_ = spread_star_arguments();
    changed_ = iterate_tables_in_builtins() || changed_;
    changed_ = test_instances_by_bool() || changed_;
    for (const ir::Block &b : out_->fn.blocks) {
      if (!live_[size_t(b.id)])
        continue;
      for (const Inst &in : b.insts) {
        try {
          visit(in);
        } catch (const CompileError &) {
        }
      }
      mark_successors(b);
    }
    if (!changed_)
      break;
  }
  for (const ir::Block &b : out_->fn.blocks)
    if (live_[size_t(b.id)])
      for (const Inst &in : b.insts)
        visit(in);
  check_complete();
  out_->numpy_scalars = numpy_scalars_;
  out_->numpy_narrow_ints = numpy_narrow_;
  out_->numpy_narrow_operands = numpy_narrow_operands_;
  drop_dead_blocks();
  check_closure_captures();
  if (out_->fn.generator)
    out_->types.return_type = types::generator(yield_type_ ? yield_type_ : types::none());
  if (!out_->types.return_type)
    out_->types.return_type = types::none();
  for (const Type *t : self.lent)
    if (t != out_->types.return_type)
      typing_error("the functions " + out_->fn.name + "() calls recursively were typed with it "
                       "returning " + t->display + ", but it returns " +
                       out_->types.return_type->display +
                       ": return one type from every path, or give it an explicit signature",
                   out_->fn.blocks.empty() ? bytecode::Position{}
                                           : out_->fn.blocks[0].insts.front().pos);
  return out_;
}

const ir::Constant *Typer::known_condition(const Inst &branch) const {
  if (branch.op != Opcode::Branch)
    return nullptr;
  const ir::Constant *c = literal(branch.args[0]);
  using K = ir::Constant::Kind;
  return c && (c->kind == K::Bool || c->kind == K::Int || c->kind == K::None) ? c : nullptr;
}

void Typer::mark_successors(const ir::Block &b) {
  if (b.insts.empty())
    return;
  const Inst &term = b.insts.back();
  int targets[3] = {term.targets[0], term.targets[1], b.handler};
  if (const ir::Constant *c = known_condition(term))
    targets[c->i != 0 ? 1 : 0] = -1; // the side not taken
  for (int t : targets)
    if (t >= 0 && !live_[size_t(t)]) {
      live_[size_t(t)] = 1;
      changed_ = true;
    }
}

void Typer::drop_dead_blocks() {
  ir::Function &fn = out_->fn;
  if (std::all_of(live_.begin(), live_.end(), [](char l) { return l; }) &&
      std::none_of(fn.blocks.begin(), fn.blocks.end(),
                   [&](const ir::Block &b) { return !b.insts.empty() && known_condition(b.insts.back()); }))
    return;
  std::vector<int> new_id(fn.blocks.size(), -1);
  std::vector<ir::Block> kept;
  for (ir::Block &b : fn.blocks)
    if (live_[size_t(b.id)]) {
      new_id[size_t(b.id)] = int(kept.size());
      kept.push_back(std::move(b));
    }
  for (ir::Block &b : kept) {
    b.id = new_id[size_t(b.id)];
    if (b.handler >= 0)
      b.handler = new_id[size_t(b.handler)];
    Inst &term = b.insts.back();
    if (const ir::Constant *c = known_condition(term)) {
      term.targets[0] = c->i != 0 ? term.targets[0] : term.targets[1];
      term.targets[1] = -1;
      term.op = Opcode::Jump;
      term.args.clear();
    }
    for (int &t : term.targets)
      if (t >= 0)
        t = new_id[size_t(t)];
  }
  fn.blocks = std::move(kept);
  // def_of_ pointed into the old blocks.
  def_of_.clear();
}

void Typer::set_local(const std::string &name, const Type *given, const bytecode::Position &pos) {
  // A list literal stored is a list (of its items' unified type).
  const Type *t = given->kind == TypeKind::ListLiteral ? types::unliteral(given) : given;
  if (!t)
    typing_error("the items of this list have types that do not unify: " + given->display, pos);
  const auto &declared_locals = out_->fn.declared_locals;
  if (auto d = declared_locals.find(ir::variable_of(name)); d != declared_locals.end()) {
    // locals={'x': T}: x is a T, each store converted to it (as Numba casts)
    const Type *declared = d->second;
    bool numbers = (t->is_number() || t->is_bool()) && (declared->is_number() || declared->is_bool());
    if (!numbers && types::unify(t, declared) != declared)
      typing_error("cannot store " + t->display + " in variable '" + pretty_local(name) +
                       "', declared " + declared->display + " by locals=",
                   pos);
    t = declared;
  }
  for (auto &[n, old] : out_->types.locals) {
    if (n != name)
      continue;
    const Type *u = types::unify(old, t);
    if (!u && old->kind == TypeKind::Dispatcher && t->kind == TypeKind::Dispatcher)
      typing_error("variable '" + pretty_local(name) + "' holds two different functions (" +
                       old->name + " and " + t->name + "): a function's type says which "
                       "function it is, as in Numba; give each its own variable",
                   pos);
    if (!u)
      typing_error("cannot unify " + old->display + " and " + t->display +
                       " for variable '" + pretty_local(name) + "'",
                   pos);
    if (t != u || old != u)
      mixed_locals_.insert(name);
    if (u != old) {
      old = u;
      changed_ = true;
    }
    return;
  }
  out_->types.locals.emplace_back(name, t);
  changed_ = true;
}

void Typer::visit(const Inst &in) {
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
  case Opcode::LoadLocal:
    set_value(in, out_->types.local(in.name));
    return track_numpy_scalar(in);
  case Opcode::StoreLocal:
    if (numpy_scalar(in.args[0]) && stores_of_local_[in.name] == 1 &&
        numpy_scalar_locals_.insert(in.name).second)
      changed_ = true;
    if (auto it = numpy_narrow_.find(in.args[0]);
        it != numpy_narrow_.end() && stores_of_local_[in.name] == 1 &&
        numpy_narrow_locals_.emplace(in.name, it->second).second)
      changed_ = true;
    if (value(in.args[0])) {
      // A stack value passed between blocks has no line of its own: an
      // error about it points at the expression that made it.
      auto def = def_of_.find(in.args[0]);
      bool unplaced = in.pos.line < 0 && def != def_of_.end();
      set_local(in.name, value(in.args[0]), unplaced ? def->second->pos : in.pos);
    }
    return;
  case Opcode::DelLocal: return;
  default: break;
  }
  if (!known(in))
    return;
  // `d = {}`: uses of d wait until a store into it gives its types.
  auto untyped_dict = [&](int a) {
    const Type *t = value(a);
    if (t->kind == TypeKind::BoundMethod)
      t = t->self;
    return t->is_table() && !t->is_typed_table();
  };
  if (in.op != Opcode::SetItem && in.op != Opcode::GetAttr && in.op != Opcode::Return &&
      std::any_of(in.args.begin(), in.args.end(), untyped_dict)) {
    // ... except `d[k] = d.get(k, default) + 1`, the counting idiom: get()
    // gives the default's type until d's own value type is known.
    const Type *callee = value(in.args[0]);
    if (in.op == Opcode::Call && callee->kind == TypeKind::BoundMethod && in.kwnames.empty() &&
        untyped_dict(in.args[0])) {
      if (callee->self->is_dict() && callee->name == "get" && in.args.size() == 3 &&
          !untyped_dict(in.args[2]))
        set_value(in, types::unliteral(value(in.args[2])));
      if (in.args.size() == 2 && !untyped_dict(in.args[1]))
        refine_empty_set(in, callee, value(in.args[1])); // s.add(x), s.update(xs), d.update(e)
    }
    return;
  }
  // `x = [f(i) for i in ...]` then `g(x)` or `x.sort()`: the
  // comprehension's list gets its item type from its first append, a round
  // later; a call that passes it (or a method of it other than those that
  // give it its type) waits for that rather than compiling for
  // list(undefined).
  auto untyped_list = [&](int a) {
    const Type *t = value(a);
    return t->is_list() && !t->dtype;
  };
  if (in.op == Opcode::Call) {
    const Type *callee = value(in.args[0]);
    bool refining = callee->kind == TypeKind::BoundMethod && callee->self->is_list() &&
                    (callee->name == "append" || callee->name == "insert" ||
                     callee->name == "extend");
    bool method_of_untyped = callee->kind == TypeKind::BoundMethod &&
                             callee->self->is_list() && !callee->self->dtype;
    // (builtins and library functions such as len() take it as it is:
    // `x.append(len(x))` types x)
    bool compiles_for_it = callee->kind == TypeKind::Dispatcher;
    bool passes_untyped = compiles_for_it &&
                          std::any_of(in.args.begin() + 1, in.args.end(), untyped_list);
    if (!refining && (method_of_untyped || passes_untyped))
      return;
  }
  switch (in.op) {
  case Opcode::BinOp: set_value(in, binop(in)); return track_numpy_scalar(in);
  case Opcode::Compare: return set_value(in, compare(in));
  case Opcode::Unary: set_value(in, unary(in)); return track_numpy_scalar(in);
  case Opcode::GetAttr: return set_value(in, getattr(in));
  case Opcode::Call: set_value(in, call(in)); return track_numpy_scalar(in);
  case Opcode::GetItem: set_value(in, getitem(in)); return track_numpy_scalar(in);
  case Opcode::SetItem:
    setitem(in);
    if (in.result >= 0)
      set_value(in, types::none());
    return;
  case Opcode::BuildTuple: {
    std::vector<const Type *> elems;
    for (int a : in.args) {
      // A list in a tuple is one list: made once, when the tuple is.
      const Type *t = value(a);
      if (in.name != "list" && t->kind == TypeKind::ListLiteral) {
        t = types::unliteral(t);
        if (!t)
          typing_error("the items of this list have types that do not unify: " +
                           value(a)->display,
                       in.pos);
      }
      elems.push_back(t);
    }
    return set_value(in, in.name == "list" ? types::list_literal(elems) : types::tuple(elems));
  }
  case Opcode::ExtractItem: return set_value(in, extract(in));
  case Opcode::MakeFunction: return set_value(in, make_function(in));
  case Opcode::Yield: yield_value(in); return set_value(in, types::none());
  case Opcode::BuildSlice:
    for (int a : in.args)
      if (!value(a)->is_int() && !value(a)->is_bool() && value(a)->kind != TypeKind::None)
        typing_error("slice bounds must be integers or None, not " + value(a)->display,
                     in.pos);
    return set_value(in, types::slice(in.args.size() == 3 &&
                                       value(in.args[2])->kind != TypeKind::None));
  case Opcode::GetIter: {
    const Type *t = types::unliteral(types::strip_optional(value(in.args[0])));
    if (t && t->is_table()) { // the library's iter(d): a generator of the keys
      const Type *keys = t->is_typed_table() ? operator_overload(in, "builtins.iter", {t}, {0})
                                             : nullptr;
      if (!keys || !keys->is_generator())
        typing_error("cannot iterate over " + t->display, in.pos);
      return set_value(in, types::iterator(keys));
    }
    if (!types::yield_type(t) || (t->is_array() && t->ndim == 0)) {
      auto call = def_of_.find(in.args[0]);
      bool unroll = call != def_of_.end() && call->second->op == Opcode::Call &&
                    value(call->second->args[0])->name == "pyrite.literal_unroll";
      const std::string known = "a tuple whose size is known before typing: an argument, "
                                "a display, a global, or a local assigned once from one";
      if (unroll)
        typing_error("literal_unroll() could not unroll this loop over " + t->display +
                         ": it needs " + known,
                     in.pos);
      typing_error("iterating over " + t->display +
                       " is not supported (range, arrays, tuples of one element type, "
                       "enumerate and zip are)" +
                       (t->is_tuple() ? "; a loop over a tuple of several types is "
                                        "`for x in literal_unroll(t)`, with t " + known
                                      : std::string()),
                   in.pos);
    }
    return set_value(in, types::iterator(t));
  }
  case Opcode::IterNext:
    set_value(in, types::yield_type(value(in.args[0])->elems[0]));
    return track_numpy_scalar(in);
  case Opcode::Branch: {
    const Type *c = types::strip_optional(value(in.args[0]));
    if (!c->is_number() && c->kind != TypeKind::None && !c->is_string() && !c->is_list() &&
        !c->is_typed_table() && !c->is_complex())
      typing_error("the truth value of " + c->display + " is not supported", in.pos);
    return;
  }
  case Opcode::Return: {
    const Type *t = types::unliteral(value(in.args[0])); // "abc" returns a str
    if (out_->fn.generator) {
      if (t->kind != TypeKind::None)
        typing_error("a generator's `return` with a value (StopIteration.value) is not "
                     "supported",
                     in.pos);
      return; // the generator's type is its yields'
    }
    if (t->kind == TypeKind::StringLiteral || t->kind == TypeKind::Module ||
        t->kind == TypeKind::Function || t->kind == TypeKind::Iterator ||
        t->kind == TypeKind::Iterable)
      typing_error("cannot return a value of type " + t->display, in.pos);
    if (t->is_closure())
      typing_error("cannot return the inner function '" + t->name +
                       "': it holds values of this function's variables; return a "
                       "top-level @njit function instead, as in Numba",
                   in.pos);
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
    if (k != TypeKind::Exception && k != TypeKind::ExceptionClass &&
        k != TypeKind::CaughtException)
      typing_error("cannot raise " + value(in.args[0])->display, in.pos);
    return;
  }
  default: return;
  }
}

std::string Typer::return_mismatch(const Type *before, const Type *here) {
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

bool TypedFunction::python_int(int value) const {
  return value >= 0 && size_t(value) < types.values.size() &&
         types.values[size_t(value)] == types::int64() && !numpy_scalars.count(value);
}

const Type *Typer::make_function(const Inst &in) {
  GlobalValue g = resolver_.inner_function(in.name);
  if (!g.type)
    typing_error(g.why, in.pos);
  std::vector<const Type *> captured;
  auto capture = [&](const Type *t) {
    const Type *u = types::unliteral(t);
    if (!u || u->kind == TypeKind::Iterator || u->kind == TypeKind::StringLiteral ||
        u->kind == TypeKind::Exception)
      typing_error("the inner function '" + g.type->name + "' captures a value of type " +
                       t->display + ", which pyrite cannot keep in a closure",
                   in.pos);
    captured.push_back(u);
  };
  size_t free = in.args.size() - size_t(in.sub);
  if (!unbound_loads_)
    unbound_loads_ = ir::maybe_unbound_loads(out_->fn);
  for (size_t k = 0; k < free; ++k) {
    // Python would fail only when the closure runs; pyrite captures now.
    if (unbound_loads_->count(in.args[k]))
      typing_error("the inner function '" + g.type->name + "' reads '" +
                       pretty_local(def_of_.at(in.args[k])->name) +
                       "', which may not be assigned yet when the function is made here",
                   in.pos);
    capture(value(in.args[k]));
  }
  int num_defaults = 0;
  if (in.sub) {
    const Type *defaults = value(in.args.back());
    for (const Type *t : defaults->elems)
      capture(t);
    num_defaults = int(defaults->elems.size());
  }
  return captured.empty() ? g.type : types::closure(g.type, captured, num_defaults);
}

void Typer::yield_value(const Inst &in) {
  const Type *t = types::unliteral(value(in.args[0]));
  if (!t || t->kind == TypeKind::Iterator || t->kind == TypeKind::Module ||
      t->kind == TypeKind::Function || t->kind == TypeKind::Exception ||
      t->kind == TypeKind::StringLiteral || t->is_closure())
    typing_error("a generator cannot yield a value of type " + value(in.args[0])->display,
                 in.pos);
  const Type *u = types::unify(yield_type_, t);
  if (!u)
    typing_error("this yield gives " + t->display + " but another gives " +
                     yield_type_->display + ", and the two do not unify into one type",
                 in.pos);
  if (u != yield_type_) {
    yield_type_ = u;
    changed_ = true;
  }
}

bool Typer::iterate_tables_in_builtins() {
  // enumerate(d), zip(d, s): the core's iterators do not walk hash tables;
  // the library's iter(d) (a generator) does, so the argument becomes it.
  bool inserted = false;
  for (ir::Block &b : out_->fn.blocks) {
    if (!live_[size_t(b.id)])
      continue;
    for (size_t k = 0; k < b.insts.size(); ++k) {
      const Type *callee = b.insts[k].op == Opcode::Call ? value(b.insts[k].args[0]) : nullptr;
      if (!callee || callee->kind != TypeKind::Function ||
          (callee->name != "builtins.enumerate" && callee->name != "builtins.zip"))
        continue;
      for (size_t a = 1; a < b.insts[k].args.size(); ++a) {
        const Type *t = value(b.insts[k].args[a]);
        if (!t || !t->is_typed_table())
          continue;
        Inst global, walk;
        global.op = Opcode::Global;
        global.name = "builtins.iter";
        global.result = out_->fn.num_values++;
        global.pos = b.insts[k].pos;
        walk.op = Opcode::Call;
        walk.args = {global.result, b.insts[k].args[a]};
        walk.result = out_->fn.num_values++;
        walk.pos = b.insts[k].pos;
        b.insts[k].args[a] = walk.result;
        b.insts.insert(b.insts.begin() + std::ptrdiff_t(k), {global, walk});
        k += 2;
        inserted = true;
      }
    }
  }
  if (inserted)
    reindex_definitions();
  return inserted;
}

bool Typer::test_instances_by_bool() {
  bool inserted = false;
  for (ir::Block &b : out_->fn.blocks) {
    if (!live_[size_t(b.id)])
      continue;
    for (size_t k = 0; k < b.insts.size(); ++k) {
      Inst &test = b.insts[k];
      bool is_not = test.op == Opcode::Unary && ir::UnaryOp(test.sub) == ir::UnaryOp::Not;
      if (test.op != Opcode::Branch && !is_not)
        continue;
      const Type *t = value(test.args[0]);
      if (!t || !types::strip_optional(t)->is_class_instance())
        continue;
      Inst global, truth;
      global.op = Opcode::Global;
      global.name = "builtins.bool";
      global.result = out_->fn.num_values++;
      global.pos = test.pos;
      truth.op = Opcode::Call;
      truth.args = {global.result, test.args[0]};
      truth.result = out_->fn.num_values++;
      truth.pos = test.pos;
      test.args[0] = truth.result;
      b.insts.insert(b.insts.begin() + std::ptrdiff_t(k), {global, truth});
      k += 2;
      inserted = true;
    }
  }
  if (inserted)
    reindex_definitions();
  return inserted;
}

bool Typer::spread_star_arguments() {
  bool spread = false;
  for (ir::Block &b : out_->fn.blocks) {
    if (!live_[size_t(b.id)])
      continue;
    for (size_t k = 0; k < b.insts.size(); ++k) {
      if (b.insts[k].op != Opcode::Call || b.insts[k].sub != 1)
        continue;
      int star = b.insts[k].args.back();
      const Type *t = value(star);
      if (!t || !t->is_tuple())
        continue; // not typed yet, or refused by call()
      std::vector<Inst> items(t->elems.size());
      for (size_t j = 0; j < items.size(); ++j) {
        items[j].op = Opcode::ExtractItem;
        items[j].args = {star};
        items[j].sub = int(j);
        items[j].constant.kind = ir::Constant::Kind::Int;
        items[j].constant.i = int64_t(items.size());
        items[j].result = out_->fn.num_values++;
        items[j].pos = b.insts[k].pos;
      }
      Inst &call = b.insts[k];
      call.args.pop_back();
      for (const Inst &item : items)
        call.args.push_back(item.result);
      call.sub = 0;
      b.insts.insert(b.insts.begin() + std::ptrdiff_t(k), items.begin(), items.end());
      k += items.size();
      spread = true;
    }
  }
  if (spread)
    reindex_definitions();
  return spread;
}

void Typer::reindex_definitions() {
  out_->types.values.resize(size_t(out_->fn.num_values), nullptr);
  def_of_.clear();
  for (const ir::Block &b : out_->fn.blocks)
    for (const Inst &in : b.insts)
      if (in.result >= 0)
        def_of_[in.result] = &in;
}

void Typer::visit_global(const Inst &in) {
  if (value(in.result))
    return;
  GlobalValue g = resolver_.global(in.name);
  if (!g.type)
    typing_error(g.why.empty() ? "name '" + in.name + "' is not defined" : g.why, in.pos);
  record_global(in, g);
}

void Typer::record_global(const Inst &in, const GlobalValue &g) {
  if (g.constant) {
    Resolution r;
    r.constant = g.constant;
    auto &slot = out_->resolutions[in.result] = r;
    consts_[in.result] = &*slot.constant;
  }
  set_value(in, g.type);
}

} // namespace pyrite::typing
