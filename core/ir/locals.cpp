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
//
//===----------------------------------------------------------------------===//
#include "ir/ir.h"

#include <algorithm>
#include <map>
#include <numeric>
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

/// Splits the local `name` of `fn` into its webs. `is_arg`: defined on entry.
void split_local(Function &fn, const std::string &name, bool is_arg,
                 const std::vector<std::vector<int>> &preds) {
  // Definitions, numbered in block order; the argument is definition 0.
  std::vector<Site> defs;
  if (is_arg)
    defs.push_back({-1, 0});
  std::map<std::pair<int, size_t>, int> def_at;
  for (const Block &b : fn.blocks)
    for (size_t k = 0; k < b.insts.size(); ++k)
      if (b.insts[k].op == Opcode::StoreLocal && b.insts[k].name == name) {
        def_at[{b.id, k}] = int(defs.size());
        defs.push_back({b.id, k});
      }
  if (defs.size() < 2)
    return;

  // Reaching definitions: what reaches the end of each block.
  const size_t nb = fn.blocks.size();
  std::vector<std::set<int>> out(nb);
  auto transfer = [&](const Block &b, std::set<int> cur, auto &&on_use) {
    for (size_t k = 0; k < b.insts.size(); ++k) {
      const Inst &in = b.insts[k];
      if (in.name != name || !is_named_local(in))
        continue;
      if (in.op == Opcode::StoreLocal) {
        cur = {def_at.at({b.id, k})};
      } else {
        on_use(k, cur);
        if (in.op == Opcode::DelLocal)
          cur.clear();
      }
    }
    return cur;
  };
  auto in_of = [&](const Block &b) {
    std::set<int> in;
    if (b.id == 0 && is_arg)
      in.insert(0);
    for (int p : preds[size_t(b.id)])
      in.insert(out[size_t(p)].begin(), out[size_t(p)].end());
    return in;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (const Block &b : fn.blocks) {
      std::set<int> o = transfer(b, in_of(b), [](size_t, const std::set<int> &) {});
      if (o != out[size_t(b.id)]) {
        out[size_t(b.id)] = std::move(o);
        changed = true;
      }
    }
  }

  // Webs: definitions that reach one use are one local.
  UnionFind webs(defs.size());
  std::map<std::pair<int, size_t>, int> use_def; // a use -> one definition reaching it
  for (const Block &b : fn.blocks)
    transfer(b, in_of(b), [&](size_t k, const std::set<int> &reaching) {
      if (reaching.empty())
        return;
      for (int d : reaching)
        webs.join(d, *reaching.begin());
      use_def[{b.id, k}] = *reaching.begin();
    });

  std::map<int, std::string> web_name; // root -> name, in definition order
  for (size_t d = 0; d < defs.size(); ++d) {
    int root = webs.find(int(d));
    if (!web_name.count(root))
      web_name[root] = web_name.empty() ? name : name + "." + std::to_string(web_name.size());
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
  std::vector<std::vector<int>> preds(fn.blocks.size());
  for (const Block &b : fn.blocks)
    if (!b.insts.empty())
      for (int t : b.insts.back().targets)
        if (t >= 0)
          preds[size_t(t)].push_back(b.id);
  std::set<std::string> names;
  for (const Block &b : fn.blocks)
    for (const Inst &in : b.insts)
      if (in.op == Opcode::StoreLocal && is_named_local(in))
        names.insert(in.name);
  for (const std::string &name : names) {
    bool is_arg = std::find(fn.arg_names.begin(), fn.arg_names.end(), name) != fn.arg_names.end();
    split_local(fn, name, is_arg, preds);
  }
}

} // namespace pyrite::ir
