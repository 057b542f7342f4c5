//===- typing/closure_captures.cpp - closures that would read stale values -===//
//
/// \file
/// Python's closures read a captured variable when they run; pyrite's (and
/// Numba's) hold the value it had when the closure was made. The two agree
/// unless the variable is assigned again after the closure is made and the
/// closure is used after that. This finds exactly those programs and
/// refuses them, pointing at the use.
///
/// A closure is followed wherever its type lets it go: into locals, tuples
/// and lists (and items taken from them), other closures that capture it,
/// the results of calls it is passed to and the locals passed with it (a
/// list it is appended to), and generators, which may hold anything their
/// function was given. Only values whose type can hold a closure carry it,
/// so `y = apply(f, 2)` (an int) ends the trail.
//
//===----------------------------------------------------------------------===//
#include "typing/typer_impl.h"

#include <functional>
#include <optional>

namespace pyrite::typing {
namespace {

bool may_hold_closure(const Type *t) {
  if (!t)
    return false;
  if (t->is_closure() || t->is_generator())
    return true;
  if (t->is_optional() || t->is_list())
    return may_hold_closure(t->dtype);
  if (t->is_tuple() || t->kind == TypeKind::Iterable || t->kind == TypeKind::Iterator ||
      t->kind == TypeKind::ListLiteral)
    for (const Type *e : t->elems)
      if (may_hold_closure(e))
        return true;
  return false;
}

} // namespace

void Typer::check_closure_captures() {
  const ir::Function &fn = out_->fn;
  std::map<int, const Inst *> def;
  std::map<int, std::set<std::string>> captured; // MakeFunction result -> variables
  for (const ir::Block &b : fn.blocks)
    for (const Inst &in : b.insts) {
      if (in.result >= 0)
        def[in.result] = &in;
      if (in.op == Opcode::MakeFunction && value(in.result) && value(in.result)->is_closure())
        for (int a : in.args)
          if (def.at(a)->op == Opcode::LoadLocal)
            captured[in.result].insert(ir::variable_of(def.at(a)->name));
    }
  if (captured.empty())
    return;

  // What may hold each closure: values and locals, to a fixed point.
  std::map<int, std::set<int>> value_holds;
  std::map<std::string, std::set<int>> local_holds;
  bool changed = true;
  auto flow = [&](std::set<int> &into, const std::set<int> &from) {
    for (int s : from)
      changed |= into.insert(s).second;
  };
  auto holds_of = [&](int v) -> const std::set<int> & {
    static const std::set<int> none;
    auto it = value_holds.find(v);
    return it == value_holds.end() ? none : it->second;
  };
  auto into_local = [&](int v, const std::set<int> &from) {
    auto d = def.find(v);
    if (d != def.end() && d->second->op == Opcode::LoadLocal &&
        may_hold_closure(out_->types.local(d->second->name)))
      flow(local_holds[d->second->name], from);
  };
  while (changed) {
    changed = false;
    for (const ir::Block &b : fn.blocks)
      for (const Inst &in : b.insts) {
        if (in.op == Opcode::StoreLocal) {
          if (may_hold_closure(out_->types.local(in.name)))
            flow(local_holds[in.name], holds_of(in.args[0]));
          continue;
        }
        if (in.result < 0 || !may_hold_closure(value(in.result)))
          continue;
        std::set<int> &into = value_holds[in.result];
        if (captured.count(in.result))
          flow(into, {in.result});
        if (in.op == Opcode::LoadLocal) {
          flow(into, local_holds[in.name]);
          continue;
        }
        for (int a : in.args) // built of, taken from, captured, called with
          flow(into, holds_of(a));
      }
    // A call that was given a closure may keep it in a list passed with it
    // (`lst.append(f)`, `helper(lst, f)`).
    for (const ir::Block &b : fn.blocks)
      for (const Inst &in : b.insts) {
        if (in.op != Opcode::Call)
          continue;
        std::set<int> given;
        for (size_t k = 1; k < in.args.size(); ++k)
          for (int s : holds_of(in.args[k]))
            given.insert(s);
        if (given.empty())
          continue;
        for (size_t k = 1; k < in.args.size(); ++k)
          into_local(in.args[k], given);
        auto callee = def.find(in.args[0]);
        if (callee != def.end() && callee->second->op == Opcode::GetAttr)
          into_local(callee->second->args[0], given); // a method's receiver
      }
  }

  // Forward over the CFG: the closures whose variables changed since made.
  std::vector<std::optional<std::set<int>>> stale_in(fn.blocks.size());
  stale_in[0] = std::set<int>{};
  std::set<int> work = {0};
  while (!work.empty()) {
    int b = *work.begin();
    work.erase(work.begin());
    std::set<int> stale = *stale_in[size_t(b)];
    auto flow_to = [&](int t) {
      auto &next = stale_in[size_t(t)];
      bool fresh = !next;
      if (fresh)
        next = std::set<int>{};
      size_t before = next->size();
      next->insert(stale.begin(), stale.end());
      if (fresh || next->size() != before)
        work.insert(t);
    };
    int handler = fn.blocks[size_t(b)].handler; // reached from anywhere in the block
    if (handler >= 0)
      flow_to(handler);
    for (const Inst &in : fn.blocks[size_t(b)].insts) {
      if (in.op == Opcode::MakeFunction) {
        stale.erase(in.result);
      } else if (in.op == Opcode::StoreLocal) {
        for (const auto &[site, vars] : captured)
          // `x`, `x.1` (webs) and `x.comp12` (a comprehension's own) are
          // one variable here: conservative, never missing a store.
          if (vars.count(ir::variable_of(in.name)))
            stale.insert(site);
      } else if (in.op == Opcode::LoadLocal) {
        auto held = local_holds.find(in.name);
        if (held != local_holds.end())
          for (int site : held->second)
            if (stale.count(site))
              refuse_stale_capture(in, *def.at(site), captured.at(site));
      }
      for (int t : in.targets)
        if (t >= 0)
          flow_to(t);
      if (handler >= 0)
        flow_to(handler);
    }
  }
}

void Typer::refuse_stale_capture(const Inst &use, const Inst &made,
                                 const std::set<std::string> &vars) {
  std::string names;
  for (const std::string &n : vars)
    names += (names.empty() ? "'" : ", '") + n + "'";
  std::string used = pretty_local(use.name);
  if (vars.count(used))
    typing_error("the inner function '" + used + "' calls itself: recursive inner functions "
                 "are not supported; make it a top-level @njit function",
                 use.pos);
  typing_error("'" + (used[0] == '$' ? std::string("this value") : used) +
                   "' holds a closure made at line " + std::to_string(made.pos.line) +
                   " that reads " + names + ", assigned again since: pyrite's closures keep "
                   "the values their variables had when they were made, as Numba's do, "
                   "where Python's read them when called; make the function after the "
                   "assignment, or pass the value as an argument",
               use.pos);
}

} // namespace pyrite::typing
