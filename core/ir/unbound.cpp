//===- ir/unbound.cpp - loads that may run before their local is bound ----===//
//
/// \file
/// Python raises UnboundLocalError when a local is read on a path where
/// nothing was stored to it (`if n > 10: k = 7` ... `k`), or after `del`.
/// A forward "definitely bound" analysis over the CFG (the intersection over
/// predecessors, arguments bound at the entry) finds the loads where that can
/// happen; lowering gives only their locals a run-time flag to test, so
/// code whose variables are always bound is unchanged. An exception may
/// leave a block before any of its stores and after any `del`: a handler
/// gets what is bound at the entry of each block it protects, less what
/// that block deletes. `del x` unbinds every web of x (split_locals may have
/// given the value deleted another local than the one read after).
//
//===----------------------------------------------------------------------===//
#include "ir/ir.h"

#include <map>
#include <optional>
#include <set>

namespace pyrite::ir {

namespace {

void unbind(std::set<std::string> &bound, const std::string &local) {
  std::erase_if(bound, [&](const std::string &n) { return variable_of(n) == variable_of(local); });
}

/// Runs the analysis; fills the loads (value ids) and the `del`s (block,
/// index) that may find their local unbound.
void find_maybe_unbound(const Function &fn, std::set<int> *loads,
                        std::set<std::pair<int, size_t>> *dels) {
  auto tracked = [](const std::string &name) { return name.rfind("$", 0) != 0; };
  std::map<int, size_t> index; // block id -> position
  for (size_t k = 0; k < fn.blocks.size(); ++k)
    index[fn.blocks[k].id] = k;
  std::map<int, std::vector<int>> preds, protected_by;
  for (const Block &b : fn.blocks) {
    if (!b.insts.empty())
      for (int t : b.insts.back().targets)
        if (t >= 0)
          preds[t].push_back(b.id);
    if (b.handler >= 0)
      protected_by[b.handler].push_back(b.id);
  }
  // nullopt: not reached yet (the top of the lattice: everything bound).
  std::vector<std::optional<std::set<std::string>>> out(fn.blocks.size());
  // What an exception leaving the block finds bound (its entry, less its dels).
  std::vector<std::optional<std::set<std::string>>> raised(fn.blocks.size());
  auto transfer = [&](const Block &b, std::set<std::string> bound, bool record) {
    for (size_t k = 0; k < b.insts.size(); ++k) {
      const Inst &in = b.insts[k];
      if (!tracked(in.name))
        continue;
      bool unbound = !bound.count(in.name);
      if (in.op == Opcode::StoreLocal) {
        bound.insert(in.name);
      } else if (in.op == Opcode::DelLocal) {
        if (record && unbound && dels)
          dels->insert({b.id, k});
        unbind(bound, in.name);
      } else if (in.op == Opcode::LoadLocal && record && unbound && loads) {
        loads->insert(in.result);
      }
    }
    return bound;
  };
  auto entry_of = [&](const Block &b) -> std::optional<std::set<std::string>> {
    if (&b == &fn.blocks[0])
      return std::set<std::string>(fn.arg_names.begin(), fn.arg_names.end());
    std::optional<std::set<std::string>> in;
    std::vector<const std::optional<std::set<std::string>> *> from;
    for (int p : preds[b.id])
      from.push_back(&out[index.at(p)]);
    for (int p : protected_by[b.id])
      from.push_back(&raised[index.at(p)]);
    for (const auto *f : from) {
      const auto &o = *f;
      if (!o)
        continue;
      if (!in) {
        in = *o;
        continue;
      }
      std::set<std::string> meet;
      for (const std::string &n : *in)
        if (o->count(n))
          meet.insert(n);
      in = std::move(meet);
    }
    return in;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t k = 0; k < fn.blocks.size(); ++k) {
      auto in = entry_of(fn.blocks[k]);
      if (!in)
        continue; // not reached
      auto now = transfer(fn.blocks[k], *in, false);
      std::set<std::string> left = *in;
      for (const Inst &i : fn.blocks[k].insts)
        if (i.op == Opcode::DelLocal)
          unbind(left, i.name);
      if (out[k] != now || raised[k] != left) {
        out[k] = std::move(now);
        raised[k] = std::move(left);
        changed = true;
      }
    }
  }
  for (const Block &b : fn.blocks)
    if (auto in = entry_of(b))
      transfer(b, *in, true);
}

} // namespace

std::set<int> maybe_unbound_loads(const Function &fn) {
  std::set<int> loads;
  find_maybe_unbound(fn, &loads, nullptr);
  return loads;
}

std::set<std::pair<int, size_t>> maybe_unbound_dels(const Function &fn) {
  std::set<std::pair<int, size_t>> dels;
  find_maybe_unbound(fn, nullptr, &dels);
  return dels;
}

} // namespace pyrite::ir
