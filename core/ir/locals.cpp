//===- ir/locals.cpp - one local per web of definitions and uses ----------===//
//
/// \file
/// A Python variable may hold values of unrelated types in different parts
/// of a function (`x = np.zeros(n)` ... `x = x.sum()`). Each local has one
/// type (lowering gives it one slot), so each *web* of a variable gets its
/// own local: the stores that reach a common load, joined transitively
/// (reaching definitions, then union-find), as a register allocator splits
/// live ranges and as Numba's SSA versions variables. The web holding the
/// argument (or else the first store) keeps the name; the others become
/// `x.1`, `x.2`, ... in block order. Loads that no store reaches (a possibly
/// unbound variable) and `del` go with the web of the stores that reach
/// them, or the first. Stack slots (`$bN.K`) are left alone.
///
/// Before that, per signature, `x is None` on an argument that still holds
/// the value it entered with is a constant (fold_argument_none_tests), so
/// that `if out is None: out = np.empty(n)` leaves two webs, as Numba's
/// dead-branch pruning does.
//
//===----------------------------------------------------------------------===//
#include "ir/ir.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <set>

namespace pyrite::ir {
namespace {

bool is_named_local(const Inst &in) {
  return (in.op == Opcode::LoadLocal || in.op == Opcode::StoreLocal ||
          in.op == Opcode::DelLocal) &&
         in.name.rfind("$", 0) != 0;
}

struct Site {
  int block;
  size_t index; ///< instruction index; for the argument, none
};

class UnionFind {
public:
  explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  int find(int x) {
    while (parent_[size_t(x)] != x)
      x = parent_[size_t(x)] = parent_[size_t(parent_[size_t(x)])];
    return x;
  }
  void join(int a, int b) {
    a = find(a), b = find(b);
    if (a != b)
      parent_[size_t(std::max(a, b))] = std::min(a, b); // the earlier def is the root
  }

private:
  std::vector<int> parent_;
};

/// Each block's predecessors: those that go to it, and those whose
/// exceptions it handles (from anywhere inside them).
struct Predecessors {
  std::vector<std::vector<int>> normal, exceptional;
};

/// Reaching definitions of one local: its stores (and, for an argument,
/// the value it enters with, definition 0), numbered in block order, and
/// for each load or `del` of it the definitions that may reach it. A
/// handler is reached by what reaches a block it protects and by every
/// store in that block.
struct ReachingDefs {
  std::vector<Site> defs;
  std::map<std::pair<int, size_t>, int> def_at;             ///< (block, inst) -> def
  std::map<std::pair<int, size_t>, std::set<int>> reaching; ///< use -> defs

  ReachingDefs(const Function &fn, const std::string &name, bool is_arg,
               const Predecessors &preds) {
    if (is_arg)
      defs.push_back({-1, 0});
    std::vector<std::set<int>> stores(fn.blocks.size()); // each block's definitions
    for (const Block &b : fn.blocks)
      for (size_t k = 0; k < b.insts.size(); ++k)
        if (b.insts[k].op == Opcode::StoreLocal && b.insts[k].name == name) {
          def_at[{b.id, k}] = int(defs.size());
          stores[size_t(b.id)].insert(int(defs.size()));
          defs.push_back({b.id, k});
        }
    std::vector<std::set<int>> out(fn.blocks.size()); // what reaches each block's end
    std::vector<std::set<int>> in(fn.blocks.size());  // ... and its entry
    auto transfer = [&](const Block &b, std::set<int> cur, bool record) {
      for (size_t k = 0; k < b.insts.size(); ++k) {
        const Inst &in = b.insts[k];
        if (in.name != name || !is_named_local(in))
          continue;
        if (in.op == Opcode::StoreLocal) {
          cur = {def_at.at({b.id, k})};
          continue;
        }
        if (record)
          reaching[{b.id, k}] = cur;
        if (in.op == Opcode::DelLocal)
          cur.clear();
      }
      return cur;
    };
    auto in_of = [&](const Block &b) {
      std::set<int> reach;
      if (b.id == 0 && is_arg)
        reach.insert(0);
      for (int p : preds.normal[size_t(b.id)])
        reach.insert(out[size_t(p)].begin(), out[size_t(p)].end());
      for (int p : preds.exceptional[size_t(b.id)]) {
        reach.insert(in[size_t(p)].begin(), in[size_t(p)].end());
        reach.insert(stores[size_t(p)].begin(), stores[size_t(p)].end());
      }
      return reach;
    };
    for (bool changed = true; changed;) {
      changed = false;
      for (const Block &b : fn.blocks) {
        std::set<int> i = in_of(b);
        std::set<int> o = transfer(b, i, false);
        if (o != out[size_t(b.id)] || i != in[size_t(b.id)]) {
          out[size_t(b.id)] = std::move(o);
          in[size_t(b.id)] = std::move(i);
          changed = true;
        }
      }
    }
    for (const Block &b : fn.blocks)
      transfer(b, in_of(b), true);
  }
};

Predecessors predecessors(const Function &fn) {
  Predecessors preds;
  preds.normal.resize(fn.blocks.size());
  preds.exceptional.resize(fn.blocks.size());
  for (const Block &b : fn.blocks) {
    if (!b.insts.empty())
      for (int t : b.insts.back().targets)
        if (t >= 0)
          preds.normal[size_t(t)].push_back(b.id);
    if (b.handler >= 0)
      preds.exceptional[size_t(b.handler)].push_back(b.id);
  }
  return preds;
}

bool is_argument(const Function &fn, const std::string &name) {
  return std::find(fn.arg_names.begin(), fn.arg_names.end(), name) != fn.arg_names.end();
}

/// Splits the local `name` of `fn` into its webs. `is_arg`: defined on entry.
void split_local(Function &fn, const std::string &name, bool is_arg,
                 const Predecessors &preds, std::set<std::string> &taken) {
  ReachingDefs rd(fn, name, is_arg, preds);
  const std::vector<Site> &defs = rd.defs;
  const auto &def_at = rd.def_at;
  if (defs.size() < 2)
    return;

  // Webs: definitions that reach one use are one local.
  UnionFind webs(defs.size());
  std::map<std::pair<int, size_t>, int> use_def; // a use -> one definition reaching it
  for (const auto &[use, reaching] : rd.reaching) {
    if (reaching.empty())
      continue;
    for (int d : reaching)
      webs.join(d, *reaching.begin());
    use_def[use] = *reaching.begin();
  }

  std::map<int, std::string> web_name; // root -> name, in definition order
  int suffix = 0;
  for (size_t d = 0; d < defs.size(); ++d) {
    int root = webs.find(int(d));
    if (web_name.count(root))
      continue;
    if (web_name.empty()) {
      web_name[root] = name;
      continue;
    }
    std::string fresh; // x.1, x.2, ... that no local has yet
    do
      fresh = name.substr(0, name.find('.')) + "." + std::to_string(++suffix);
    while (taken.count(fresh));
    taken.insert(fresh);
    web_name[root] = fresh;
  }
  if (web_name.size() < 2)
    return;
  for (Block &b : fn.blocks)
    for (size_t k = 0; k < b.insts.size(); ++k) {
      Inst &in = b.insts[k];
      if (in.name != name || !is_named_local(in))
        continue;
      int d = in.op == Opcode::StoreLocal ? def_at.at({b.id, k})
              : use_def.count({b.id, k}) ? use_def.at({b.id, k})
                                         : 0;
      in.name = web_name.at(webs.find(d));
    }
}

} // namespace

void split_locals(Function &fn) {
  Predecessors preds = predecessors(fn);
  std::set<std::string> names, taken(fn.arg_names.begin(), fn.arg_names.end());
  for (const Block &b : fn.blocks)
    for (const Inst &in : b.insts)
      if (is_named_local(in)) {
        taken.insert(in.name);
        if (in.op == Opcode::StoreLocal)
          names.insert(in.name);
      }
  for (const std::string &name : names)
    split_local(fn, name, is_argument(fn, name), preds, taken);
}

bool raise_at_unbound_loads(Function &fn) {
  // Only what may be unbound can be unbound everywhere: the one-pass
  // analysis of all names (unbound.cpp) picks the few to look at closely.
  std::set<int> loads = maybe_unbound_loads(fn);
  auto dels = maybe_unbound_dels(fn);
  std::set<std::string> names;
  for (const Block &b : fn.blocks)
    for (size_t k = 0; k < b.insts.size(); ++k) {
      const Inst &in = b.insts[k];
      if ((in.op == Opcode::LoadLocal && loads.count(in.result)) ||
          (in.op == Opcode::DelLocal && dels.count({b.id, k})))
        names.insert(in.name);
    }
  if (names.empty())
    return false;
  Predecessors preds = predecessors(fn);
  std::map<int, size_t> first_unbound; // block -> its first load or del no store reaches
  for (const std::string &name : names) {
    ReachingDefs rd(fn, name, is_argument(fn, name), preds);
    for (const auto &[use, reaching] : rd.reaching) {
      // (a load, or `del x` of a name nothing was stored to)
      if (!reaching.empty())
        continue;
      auto [it, fresh] = first_unbound.try_emplace(use.first, use.second);
      if (!fresh)
        it->second = std::min(it->second, use.second);
    }
  }
  for (const auto &[block, at] : first_unbound) {
    Block &b = fn.blocks[size_t(block)];
    const Inst load = b.insts[at];
    b.insts.resize(at);
    auto add = [&](Inst in, bool has_result) {
      in.pos = load.pos;
      if (has_result)
        in.result = fn.num_values++;
      b.insts.push_back(std::move(in));
      return b.insts.back().result;
    };
    Inst cls, message, call, raise;
    cls.op = Opcode::Global;
    cls.name = "builtins.UnboundLocalError";
    message.op = Opcode::Const;
    message.constant.kind = Constant::Kind::Str;
    message.constant.s = "cannot access local variable '" + variable_of(load.name) +
                         "' where it is not associated with a value";
    call.op = Opcode::Call;
    call.args = {add(cls, true), add(message, true)};
    raise.op = Opcode::Raise;
    raise.args = {add(call, true)};
    add(raise, false);
  }
  return !first_unbound.empty();
}

bool fold_argument_none_tests(Function &fn, const std::vector<std::optional<bool>> &arg_is_none) {
  Predecessors preds = predecessors(fn);
  bool folded = false;
  for (size_t a = 0; a < fn.arg_names.size() && a < arg_is_none.size(); ++a) {
    if (!arg_is_none[a]) // an Optional argument: tested at run time
      continue;
    const std::string &name = fn.arg_names[a];
    ReachingDefs rd(fn, name, true, preds);
    // Loads that see only the argument as it entered.
    std::set<int> entry_values;
    for (const auto &[use, reaching] : rd.reaching) {
      const Inst &in = fn.blocks[size_t(use.first)].insts[use.second];
      if (in.op == Opcode::LoadLocal && reaching == std::set<int>{0})
        entry_values.insert(in.result);
    }
    for (Block &b : fn.blocks) {
      std::map<int, const Inst *> def;
      for (Inst &in : b.insts) {
        if (in.result >= 0)
          def[in.result] = &in;
        if (in.op != Opcode::Compare || (CompareOp(in.sub) != CompareOp::Is &&
                                         CompareOp(in.sub) != CompareOp::IsNot))
          continue;
        auto is_none_const = [&](int v) {
          auto d = def.find(v);
          return d != def.end() && d->second->op == Opcode::Const &&
                 d->second->constant.kind == Constant::Kind::None;
        };
        int x = in.args[0], y = in.args[1];
        bool tests_arg = (entry_values.count(x) && is_none_const(y)) ||
                         (entry_values.count(y) && is_none_const(x));
        if (!tests_arg)
          continue;
        bool value = *arg_is_none[a] == (CompareOp(in.sub) == CompareOp::Is);
        in.op = Opcode::Const;
        in.args.clear();
        in.constant = Constant{};
        in.constant.kind = Constant::Kind::Bool;
        in.constant.i = value;
        folded = true;
      }
    }
  }
  return folded;
}

} // namespace pyrite::ir
