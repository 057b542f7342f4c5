//===- ir/cfg.cpp - one canonical CFG for every CPython version -----------===//
//
/// \file
/// CPython's compiler shapes the same source into different CFGs from one
/// version to the next: 3.12+ copies small blocks into their predecessors
/// where 3.11 jumps to one, reaches loop headers through blocks that only
/// jump, tests `a and b`'s value a second time where 3.11 jumped past the
/// test, and keeps other values on the stack across edges. The typer and
/// lowering would not care, but golden files, and anything else that
/// compares two compilations, do; so the frontend hands on one form:
///
///   1. stack slots nobody reads dropped; a slice crossing an edge passed
///      as its bounds and rebuilt where it is used;
///   2. tail merging (cfg_tails.cpp): blocks that end in the same code at
///      the same source positions (a copy keeps its original's) jump to one
///      block holding it, passing the values it uses through stack slots;
///   3. jump threading (an edge into a block that only passes CPython's
///      stack on, or that tests a value known on that edge, goes straight
///      on) and a block whose only predecessor jumps to it appended there,
///      until neither changes anything;
///   4. a local's value kept on the stack across edges loaded from the
///      local again where it arrives (reload_locals);
///   5. each block's slots numbered by first use, blocks in reverse
///      postorder (then-arm before else-arm, loop body before its exit),
///      unreachable ones dropped, values numbered in that order; jumps and
///      slot moves lose the lines the frontend made up for them.
///
/// Reverse postorder also gives what lowering relies on: an edge goes to a
/// lower-or-equal block id exactly when it is a back edge.
//
//===----------------------------------------------------------------------===//
#include "ir/cfg_internal.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

namespace pyrite::ir {
namespace cfg_detail {

// --- instruction equality ----------------------------------------------------

static bool same_constant(const Constant &a, const Constant &b) {
  if (a.kind != b.kind || a.i != b.i || a.s != b.s || a.shape != b.shape ||
      a.items.size() != b.items.size() || std::memcmp(&a.f, &b.f, sizeof a.f) != 0)
    return false;
  for (size_t k = 0; k < a.items.size(); ++k)
    if (!same_constant(a.items[k], b.items[k]))
      return false;
  return true;
}

/// Columns count where both are known: the second half of a 3.13
/// superinstruction (LOAD_FAST_LOAD_FAST) has none.
static bool same_position(const bytecode::Position &a, const bytecode::Position &b) {
  if (a.line != b.line || a.end_line != b.end_line)
    return false;
  return a.col < 0 || b.col < 0 || (a.col == b.col && a.end_col == b.end_col);
}

/// Equal but for the ids of the values the two instructions use and define.
bool same_shape(const Inst &a, const Inst &b) {
  return a.op == b.op && a.sub == b.sub && a.inplace == b.inplace && a.name == b.name &&
         a.kwnames == b.kwnames && a.targets[0] == b.targets[0] &&
         a.targets[1] == b.targets[1] && a.args.size() == b.args.size() &&
         (a.result >= 0) == (b.result >= 0) && same_position(a.pos, b.pos) &&
         (a.op != Opcode::Const || same_constant(a.constant, b.constant));
}

// --- stack slots --------------------------------------------------------------

bool is_slot(const Inst &in) {
  return (in.op == Opcode::LoadLocal || in.op == Opcode::StoreLocal) &&
         in.name.rfind("$b", 0) == 0;
}

bool is_slot_of(const Inst &in, int block) {
  return is_slot(in) && in.name.rfind("$b" + std::to_string(block) + ".", 0) == 0;
}

std::string slot_name(int block, size_t k) {
  return "$b" + std::to_string(block) + "." + std::to_string(k);
}

} // namespace cfg_detail

namespace {

using namespace cfg_detail;

/// Drops stack slots nobody reads: 3.12+ keeps a condition's value on the
/// stack across `COPY 1; POP_JUMP_IF_FALSE` and pops it in the successor
/// where 3.11's `JUMP_IF_FALSE_OR_POP` never pushed it there.
void drop_dead_slots(Function &fn) {
  for (bool changed = true; changed;) {
    changed = false;
    std::set<int> used;
    std::set<std::string> read;
    for (const Block &b : fn.blocks)
      for (const Inst &in : b.insts) {
        used.insert(in.args.begin(), in.args.end());
        if (in.op == Opcode::LoadLocal && is_slot(in))
          read.insert(in.name);
      }
    for (Block &b : fn.blocks) {
      size_t before = b.insts.size();
      std::erase_if(b.insts, [&](const Inst &in) {
        return is_slot(in) && (in.op == Opcode::LoadLocal ? !used.count(in.result)
                                                         : !read.count(in.name));
      });
      changed |= b.insts.size() != before;
    }
  }
}

/// Where a block passes a slice object to a successor, passes its bounds
/// instead and rebuilds it there, before its first use: 3.12+ keeps
/// `a[i:j] op= x`'s bounds on the stack for STORE_SLICE where 3.11 keeps
/// the slice BUILD_SLICE made. Repeats so that a slice passed on through
/// several blocks is rebuilt only where it is used.
void pass_slice_bounds(Function &fn) {
  for (size_t round = 0; round < fn.blocks.size() + 1; ++round) {
    std::map<int, std::vector<int>> slice_bounds; // slice value -> its bounds
    for (const Block &b : fn.blocks)
      for (const Inst &in : b.insts)
        if (in.op == Opcode::BuildSlice)
          slice_bounds[in.result] = in.args;
    // Slots every store of which is a slice, all with the same number of bounds.
    std::map<std::string, int> bounds; // slot -> number of bounds, or -1
    for (const Block &b : fn.blocks)
      for (const Inst &in : b.insts)
        if (in.op == Opcode::StoreLocal && is_slot(in)) {
          auto d = slice_bounds.find(in.args[0]);
          int n = d != slice_bounds.end() ? int(d->second.size()) : -1;
          auto [it, fresh] = bounds.try_emplace(in.name, n);
          if (!fresh && it->second != n)
            it->second = -1;
        }
    std::erase_if(bounds, [](const auto &kv) { return kv.second < 0; });
    if (bounds.empty())
      break;
    auto bound_slot = [](const std::string &name, int j) {
      return name + "_" + std::to_string(j); // renamed by number_slots_by_use
    };
    for (Block &b : fn.blocks) {
      std::vector<Inst> out, rebuilt;
      for (Inst &in : b.insts) {
        if (in.op == Opcode::StoreLocal && bounds.count(in.name)) {
          const std::vector<int> &parts = slice_bounds.at(in.args[0]);
          for (int j = 0; j < bounds[in.name]; ++j) {
            Inst store = in;
            store.name = bound_slot(in.name, j);
            store.args = {parts[size_t(j)]};
            out.push_back(std::move(store));
          }
        } else if (in.op == Opcode::LoadLocal && bounds.count(in.name)) {
          Inst slice;
          slice.op = Opcode::BuildSlice;
          slice.result = in.result;
          for (int j = 0; j < bounds[in.name]; ++j) {
            Inst load = in;
            load.name = bound_slot(in.name, j);
            load.result = fn.num_values++;
            slice.args.push_back(load.result);
            out.push_back(std::move(load));
          }
          rebuilt.push_back(std::move(slice));
        } else {
          out.push_back(std::move(in));
        }
      }
      // Each rebuilt slice goes where it is first used, as 3.12's
      // STORE_SLICE builds it (at the end where nothing here uses it).
      for (Inst &slice : rebuilt) {
        auto use = std::find_if(out.begin(), out.end(), [&](const Inst &u) {
          return std::find(u.args.begin(), u.args.end(), slice.result) != u.args.end();
        });
        if (use == out.end())
          use = out.end() - 1;
        slice.pos = use->pos;
        out.insert(use, std::move(slice));
      }
      b.insts = std::move(out);
    }
  }
  // Slices now only passed on as bounds are dead.
  std::set<int> used;
  for (const Block &b : fn.blocks)
    for (const Inst &in : b.insts)
      used.insert(in.args.begin(), in.args.end());
  for (Block &b : fn.blocks)
    std::erase_if(b.insts, [&](const Inst &in) {
      return in.op == Opcode::BuildSlice && !used.count(in.result);
    });
}

/// Copies block `next` into `pred`, which ends in a jump to it: the values
/// `pred` stores into the block's stack slots replace the loads.
void inline_block(Function &fn, Block &pred, const Block &next) {
  std::map<std::string, int> slot_value;
  std::vector<Inst> kept;
  for (Inst &in : pred.insts) {
    if (in.op == Opcode::StoreLocal && is_slot_of(in, next.id))
      slot_value[in.name] = in.args[0];
    else if (!in.is_terminator())
      kept.push_back(std::move(in));
  }
  std::map<int, int> value_of;
  for (const Inst &in : next.insts) {
    if (in.op == Opcode::LoadLocal && is_slot_of(in, next.id)) {
      value_of[in.result] = slot_value.at(in.name);
      continue;
    }
    Inst copy = in;
    for (int &v : copy.args)
      v = value_of.at(v);
    if (copy.result >= 0)
      value_of[in.result] = copy.result = fn.num_values++;
    kept.push_back(std::move(copy));
  }
  pred.insts = std::move(kept);
}

/// Numbers each block's entry slots in the order the block first uses them
/// (the frontend numbers them by stack depth, a merged tail by use; the
/// stack depths of the same value differ between versions), loaded in
/// that order at the block's start.
void number_slots_by_use(Function &fn) {
  std::map<std::string, std::string> renamed;
  for (Block &b : fn.blocks) {
    std::vector<Inst> loads, rest;
    for (Inst &in : b.insts)
      (in.op == Opcode::LoadLocal && is_slot_of(in, b.id) ? loads : rest).push_back(std::move(in));
    auto first_use = [&](const Inst &load) {
      for (size_t k = 0; k < rest.size(); ++k)
        for (int v : rest[k].args)
          if (v == load.result)
            return k;
      return rest.size();
    };
    std::stable_sort(loads.begin(), loads.end(), [&](const Inst &x, const Inst &y) {
      return first_use(x) < first_use(y);
    });
    for (size_t k = 0; k < loads.size(); ++k) {
      std::string name = slot_name(b.id, k);
      renamed[loads[k].name] = name;
      loads[k].name = name;
    }
    b.insts = std::move(loads);
    b.insts.insert(b.insts.end(), std::make_move_iterator(rest.begin()),
                   std::make_move_iterator(rest.end()));
  }
  for (Block &b : fn.blocks)
    for (Inst &in : b.insts)
      if (in.op == Opcode::StoreLocal && renamed.count(in.name))
        in.name = renamed[in.name];
}

// --- jump threading ----------------------------------------------------------

bool only_jumps(const Block &b) {
  return b.insts.size() == 1 && b.insts[0].op == Opcode::Jump;
}

/// Where control entering `id` really goes: past blocks that only jump (a
/// cycle of them, an empty infinite loop, stops where it closes).
int destination(const Function &fn, int id) {
  for (size_t steps = 0; steps < fn.blocks.size() && only_jumps(fn.blocks[id]); ++steps) {
    int next = fn.blocks[id].insts[0].targets[0];
    if (next == id)
      break;
    id = next;
  }
  return id;
}

/// A block that only passes CPython's stack on to the blocks after it: it
/// loads its entry slots, stores them into a successor's, and jumps there,
/// or branches on one of them (3.12+ tests `a and b`'s value again where
/// 3.11 jumped past the test with JUMP_IF_FALSE_OR_POP).
struct Trampoline {
  int next[2] = {-1, -1};  ///< where it goes (when the slot is true, false)
  std::string condition;   ///< the slot it branches on, or empty for a jump
  std::vector<std::pair<std::string, std::string>> moves[2]; ///< (next's slot, own slot)
};

std::optional<Trampoline> trampoline(const Block &b) {
  if (b.id == 0 || b.insts.empty())
    return std::nullopt;
  const Inst &term = b.insts.back();
  if (term.op != Opcode::Jump && term.op != Opcode::Branch)
    return std::nullopt;
  Trampoline t;
  t.next[0] = term.targets[0];
  t.next[1] = term.targets[1];
  if (t.next[0] == b.id || t.next[1] == b.id || t.next[0] == t.next[1])
    return std::nullopt;
  std::map<int, std::string> loaded;
  for (size_t k = 0; k + 1 < b.insts.size(); ++k) {
    const Inst &in = b.insts[k];
    if (in.op == Opcode::LoadLocal && is_slot_of(in, b.id)) {
      loaded[in.result] = in.name;
      continue;
    }
    if (in.op != Opcode::StoreLocal || !loaded.count(in.args[0]))
      return std::nullopt;
    int edge = is_slot_of(in, t.next[0]) ? 0 : t.next[1] >= 0 && is_slot_of(in, t.next[1]) ? 1 : -1;
    if (edge < 0)
      return std::nullopt;
    t.moves[edge].push_back({in.name, loaded[in.args[0]]});
  }
  if (term.op == Opcode::Branch) {
    if (!loaded.count(term.args[0]))
      return std::nullopt;
    t.condition = loaded[term.args[0]];
  }
  return t;
}

/// Sends `pred`'s edge `k` into trampoline `via` (block `via_id`) straight
/// on, storing into the slots of the block after it. False where the way on
/// is not known on that edge, or where it would clash with an edge `pred`
/// already has into that block.
bool thread_edge(Block &pred, int k, int via_id, const Trampoline &via) {
  const Inst &term = pred.insts.back();
  int other = term.op == Opcode::Jump ? -1 : term.targets[1 - k];
  // Both edges into it: thread them together (k is 0 then), where the way
  // on does not depend on which edge was taken.
  bool both = other == via_id;
  if (both && (!via.condition.empty() || k != 0))
    return false;
  if (both)
    other = -1;
  std::map<std::string, int> stored;
  for (const Inst &in : pred.insts)
    if (in.op == Opcode::StoreLocal && is_slot_of(in, via_id))
      stored[in.name] = in.args[0];
  int exit = 0;
  if (!via.condition.empty()) {
    // Known only when pred branched on the very value it passes in.
    if (term.op != Opcode::Branch || !stored.count(via.condition) ||
        stored[via.condition] != term.args[0])
      return false;
    exit = k;
  }
  int next = via.next[exit];
  if (next == via_id)
    return false;
  // Both edges now end in one block (`if c: pass` at a loop's end): the
  // branch stays, for its truth test, if both pass the same values.
  bool joins = next == other;
  if (joins) {
    std::map<std::string, int> to_other;
    for (const Inst &in : pred.insts)
      if (in.op == Opcode::StoreLocal && is_slot_of(in, other))
        to_other[in.name] = in.args[0];
    if (to_other.size() != via.moves[exit].size())
      return false;
    for (const auto &[to, from] : via.moves[exit])
      if (!to_other.count(to) || to_other[to] != stored.at(from))
        return false;
  }
  std::vector<Inst> kept;
  for (Inst &in : pred.insts)
    if (!(in.op == Opcode::StoreLocal && is_slot_of(in, via_id)))
      kept.push_back(std::move(in));
  for (const auto &[to, from] : joins ? decltype(via.moves[exit]){} : via.moves[exit]) {
    Inst store;
    store.op = Opcode::StoreLocal;
    store.name = to;
    store.args = {stored.at(from)};
    kept.insert(kept.end() - 1, std::move(store));
  }
  kept.back().targets[k] = next;
  if (both)
    kept.back().targets[1] = next;
  pred.insts = std::move(kept);
  return true;
}

bool thread_jumps(Function &fn) {
  bool any = false;
  // Each threading removes an edge into a trampoline; the bound only guards
  // against cycles of trampolines (a loop that does nothing).
  for (size_t round = 0; round < 4 * fn.blocks.size() + 4; ++round) {
    bool changed = false;
    for (Block &pred : fn.blocks) {
      if (pred.insts.empty() || !pred.insts.back().is_terminator())
        continue;
      for (int k = 0; k < 2; ++k) {
        int target = pred.insts.back().targets[k];
        if (target < 0 || target == pred.id)
          continue;
        auto via = trampoline(fn.blocks[target]);
        if (via && thread_edge(pred, k, target, *via))
          changed = true;
      }
    }
    if (!changed)
      break;
    any = true;
  }
  return any;
}

// --- straight lines ----------------------------------------------------------

std::vector<char> reachable(const Function &fn) {
  std::vector<char> seen(fn.blocks.size(), 0);
  std::vector<int> work = {0};
  seen[0] = 1;
  while (!work.empty()) {
    const Block &b = fn.blocks[work.back()];
    work.pop_back();
    for (int t : successors(b))
      if (!seen[t])
        seen[t] = 1, work.push_back(t);
  }
  return seen;
}

/// Appends a block to its only predecessor where that one jumps to it:
/// where CPython's stack crossed the edge, or its versions split a line of
/// code differently, the canonical form has one block.
bool merge_straight_lines(Function &fn) {
  bool any = false;
  for (bool changed = true; changed;) {
    changed = false;
    auto live = reachable(fn);
    std::vector<int> preds(fn.blocks.size(), 0);
    for (const Block &b : fn.blocks)
      if (live[b.id])
        for (int t : successors(b))
          ++preds[t];
    for (Block &pred : fn.blocks) {
      if (!live[pred.id] || pred.insts.empty() || pred.insts.back().op != Opcode::Jump)
        continue;
      int next = pred.insts.back().targets[0];
      const Block &b = fn.blocks[next];
      bool iter_next = std::any_of(b.insts.begin(), b.insts.end(),
                                   [](const Inst &in) { return in.op == Opcode::IterNext; });
      if (next == 0 || next == pred.id || preds[next] != 1 || iter_next ||
          b.handler != pred.handler)
        continue;
      Block copy = b;
      inline_block(fn, pred, copy);
      fn.blocks[next].insts.clear(); // unreachable now; keeps its id
      changed = any = true;
      break; // predecessor counts changed
    }
  }
  return any;
}

// --- renumbering ---------------------------------------------------------------

/// Block ids in reverse postorder from `root`, visiting a block's last
/// successor first so that the first one (a then-arm, a loop body) comes
/// first in the result, and a handler after the blocks it protects.
std::vector<int> reverse_postorder(const Function &fn, int root) {
  std::vector<char> seen(fn.blocks.size(), 0);
  std::vector<int> post;
  std::vector<std::pair<int, int>> stack; // block, successors left to visit
  std::vector<std::vector<int>> next(fn.blocks.size());
  auto push = [&](int b) {
    seen[b] = 1;
    next[b] = successors(fn.blocks[b]);
    stack.push_back({b, int(next[b].size())});
  };
  push(root);
  while (!stack.empty()) {
    auto &[b, left] = stack.back();
    if (left > 0) {
      int t = next[b][--left];
      if (!seen[t])
        push(t);
      continue;
    }
    post.push_back(b);
    stack.pop_back();
  }
  return {post.rbegin(), post.rend()};
}

void renumber(Function &fn, const std::vector<int> &order) {
  std::vector<int> new_id(fn.blocks.size(), -1);
  for (size_t k = 0; k < order.size(); ++k)
    new_id[order[k]] = int(k);
  std::vector<Block> kept;
  for (int old : order)
    kept.push_back(std::move(fn.blocks[old]));

  std::map<int, int> new_value;
  for (Block &b : kept) {
    b.id = new_id[b.id];
    if (b.handler >= 0)
      b.handler = new_id[b.handler];
    for (Inst &in : b.insts) {
      for (int &v : in.args)
        v = new_value.at(v);
      if (in.result >= 0) {
        int id = int(new_value.size());
        new_value[in.result] = id;
        in.result = id;
      }
      for (int &t : in.targets)
        if (t >= 0)
          t = new_id[t];
      // Stack slots crossing an edge are named after the block they enter.
      if ((in.op == Opcode::LoadLocal || in.op == Opcode::StoreLocal) &&
          in.name.rfind("$b", 0) == 0) {
        size_t dot = in.name.find('.');
        int old = std::stoi(in.name.substr(2, dot - 2));
        if (old < int(new_id.size()) && new_id[old] >= 0)
          in.name = "$b" + std::to_string(new_id[old]) + in.name.substr(dot);
      }
    }
  }
  fn.blocks = std::move(kept);
  fn.num_values = int(new_value.size());
}

/// Puts the slot stores before a terminator in one order: one run per
/// successor, in the order of the terminator's targets, each in slot order.
void sort_edge_stores(Function &fn) {
  for (Block &b : fn.blocks) {
    if (b.insts.empty())
      continue;
    auto first = b.insts.end() - 1;
    while (first != b.insts.begin() && (first - 1)->op == Opcode::StoreLocal &&
           is_slot(*(first - 1)))
      --first;
    const Inst &term = b.insts.back();
    auto key = [&](const Inst &in) {
      size_t dot = in.name.find('.');
      int block = std::stoi(in.name.substr(2, dot - 2));
      int edge = block == term.targets[0] ? 0 : block == term.targets[1] ? 1 : 2;
      return std::pair{edge, std::stoi(in.name.substr(dot + 1))};
    };
    std::stable_sort(first, b.insts.end() - 1,
                     [&](const Inst &x, const Inst &y) { return key(x) < key(y); });
  }
}

/// Numbers every block's slots by use (number_slots_by_use) and sorts the
/// stores into them; a block that only passes values on uses them in the
/// order of its stores, so this repeats until the numbering settles.
void canonical_slots(Function &fn) {
  for (size_t round = 0; round < fn.blocks.size() + 1; ++round) {
    std::vector<std::string> before;
    for (const Block &b : fn.blocks)
      for (const Inst &in : b.insts)
        if (is_slot(in))
          before.push_back(in.name + "=" + std::to_string(in.op == Opcode::StoreLocal ? in.args[0] : in.result));
    number_slots_by_use(fn);
    sort_edge_stores(fn);
    std::vector<std::string> after;
    for (const Block &b : fn.blocks)
      for (const Inst &in : b.insts)
        if (is_slot(in))
          after.push_back(in.name + "=" + std::to_string(in.op == Opcode::StoreLocal ? in.args[0] : in.result));
    if (after == before)
      return;
  }
}

/// Loads a value CPython keeps on the stack across edges from its local
/// again where it arrives, when it is a local's value and nothing stores to
/// that local on the way: `hist[k if k < n else n - 1] += 1` keeps `hist`
/// on the stack across the conditional expression's blocks, and each slot
/// holds a reference, which would cost two reference-count updates per
/// store on every pass through the loop. drop_dead_slots then drops the
/// slots nobody reads any more.
void reload_locals(Function &fn) {
  std::map<int, std::pair<size_t, size_t>> defined_at; // value -> (block, instruction)
  std::map<std::string, std::vector<std::pair<size_t, size_t>>> stores_of; // slot -> stores
  for (size_t bi = 0; bi < fn.blocks.size(); ++bi)
    for (size_t ii = 0; ii < fn.blocks[bi].insts.size(); ++ii) {
      const Inst &in = fn.blocks[bi].insts[ii];
      if (in.result >= 0)
        defined_at[in.result] = {bi, ii};
      if (in.op == Opcode::StoreLocal && is_slot(in))
        stores_of[in.name].push_back({bi, ii});
    }
  // Whether instructions [from, to) of `b` may change local `x`.
  auto writes = [](const Block &b, size_t from, size_t to, const std::string &x) {
    for (size_t k = from; k < to; ++k)
      if ((b.insts[k].op == Opcode::StoreLocal || b.insts[k].op == Opcode::DelLocal) &&
          b.insts[k].name == x)
        return true;
    return false;
  };
  std::map<std::string, std::optional<std::string>> memo;
  std::set<std::string> visiting;
  // The local whose value every store into `slot` passes on, unchanged
  // since it was loaded (through other slots too), or nothing.
  std::function<std::optional<std::string>(const std::string &)> local_of =
      [&](const std::string &slot) -> std::optional<std::string> {
    if (auto m = memo.find(slot); m != memo.end())
      return m->second;
    if (!visiting.insert(slot).second) // a slot passed around a loop
      return std::nullopt;
    std::optional<std::string> local;
    bool ok = !stores_of[slot].empty();
    for (auto [bi, ii] : stores_of[slot]) {
      const Block &b = fn.blocks[bi];
      auto def = defined_at.find(b.insts[ii].args[0]);
      if (def == defined_at.end() || def->second.first != bi ||
          b.insts[def->second.second].op != Opcode::LoadLocal) {
        ok = false;
        break;
      }
      const Inst &load = b.insts[def->second.second];
      bool passed_on = is_slot(load); // loaded from a slot at the block's start
      std::optional<std::string> x = passed_on ? local_of(load.name) : load.name;
      size_t unchanged_from = passed_on ? 0 : def->second.second + 1;
      if (!x || (local && *local != *x) || writes(b, unchanged_from, b.insts.size(), *x)) {
        ok = false;
        break;
      }
      local = x;
    }
    visiting.erase(slot);
    return memo[slot] = ok ? local : std::nullopt;
  };
  for (Block &b : fn.blocks)
    for (size_t ii = 0; ii < b.insts.size(); ++ii) {
      Inst &in = b.insts[ii];
      if (in.op != Opcode::LoadLocal || !is_slot(in))
        continue;
      std::optional<std::string> x = local_of(in.name);
      if (x && !writes(b, 0, ii, *x)) {
        in.name = *x;
        in.pos = {}; // a slot move's line, which CPython versions do not agree on
      }
    }
}

/// Lines no CPython version agrees on and nothing depends on: those of
/// jumps and stack-slot moves, which the frontend makes up.
void drop_made_up_lines(Function &fn) {
  for (Block &b : fn.blocks)
    for (Inst &in : b.insts)
      if (in.op == Opcode::Jump || is_slot(in))
        in.pos = {};
}

} // namespace

/// A branch on a constant (a folded `arg is None`) jumps; what only it
/// reached is emptied (reverse postorder drops it).
bool fold_constant_branches(Function &fn) {
  bool folded = false;
  for (Block &b : fn.blocks) {
    if (b.insts.empty() || b.insts.back().op != Opcode::Branch)
      continue;
    Inst &term = b.insts.back();
    auto def = std::find_if(b.insts.begin(), b.insts.end(),
                            [&](const Inst &in) { return in.result == term.args[0]; });
    if (def == b.insts.end() || def->op != Opcode::Const ||
        (def->constant.kind != Constant::Kind::Bool && def->constant.kind != Constant::Kind::None))
      continue;
    int taken = def->constant.i != 0 ? term.targets[0] : term.targets[1];
    int dropped = def->constant.i != 0 ? term.targets[1] : term.targets[0];
    if (dropped != taken)
      std::erase_if(b.insts, [&](const Inst &in) { return is_slot_of(in, dropped); });
    Inst &jump = b.insts.back();
    jump.op = Opcode::Jump;
    jump.args.clear();
    jump.targets[0] = taken;
    jump.targets[1] = -1;
    folded = true;
  }
  if (!folded)
    return false;
  auto live = reachable(fn);
  for (Block &b : fn.blocks)
    if (!live[size_t(b.id)])
      b.insts.clear();
  return true;
}

void reorder_blocks(Function &fn) { renumber(fn, reverse_postorder(fn, 0)); }

void canonicalize_cfg(Function &fn) {
  if (fn.blocks.empty())
    return;
  drop_dead_slots(fn);
  pass_slice_bounds(fn);
  merge_tails(fn);
  for (size_t round = 0; round < fn.blocks.size() + 1; ++round)
    if (!(thread_jumps(fn) | merge_straight_lines(fn)))
      break;
  reload_locals(fn);
  drop_dead_slots(fn);
  canonical_slots(fn);
  renumber(fn, reverse_postorder(fn, destination(fn, 0)));
  drop_made_up_lines(fn);
}

} // namespace pyrite::ir
