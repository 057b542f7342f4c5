//===- ir/cfg_tails.cpp - code CPython copied, shared again ---------------===//
//
/// \file
/// Step 2 of canonicalize_cfg (cfg.cpp): CPython 3.12+ copies small blocks
/// into their predecessors where 3.11 jumps to one; every block that ends
/// in the same code at the same source positions jumps to one block
/// holding it instead.
//
//===----------------------------------------------------------------------===//
#include "ir/cfg_internal.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

namespace pyrite::ir::cfg_detail {
namespace {

/// How the last instructions of a block use values: each operand is either
/// defined inside the suffix (by its position there) or an input from the
/// code before it (numbered in order of first use).
struct Suffix {
  std::map<int, size_t> defined;
  std::vector<int> inputs;
  /// Operand `v` as (0, position) or (1, input number).
  std::pair<int, size_t> operand(int v) const {
    auto d = defined.find(v);
    if (d != defined.end())
      return {0, d->second};
    return {1, size_t(std::find(inputs.begin(), inputs.end(), v) - inputs.begin())};
  }
};

/// The last `len` instructions of `b`, or nothing where they cannot move to
/// a block of their own (an IterNext must stay at its loop body's start).
std::optional<Suffix> suffix_of(const Block &b, size_t len) {
  if (len > b.insts.size())
    return std::nullopt;
  Suffix s;
  size_t from = b.insts.size() - len;
  for (size_t k = from; k < b.insts.size(); ++k) {
    const Inst &in = b.insts[k];
    if (in.op == Opcode::IterNext || (in.op == Opcode::LoadLocal && is_slot_of(in, b.id)))
      return std::nullopt;
    for (int v : in.args)
      if (!s.defined.count(v) &&
          std::find(s.inputs.begin(), s.inputs.end(), v) == s.inputs.end())
        s.inputs.push_back(v);
    if (in.result >= 0)
      s.defined[in.result] = k - from;
  }
  return s;
}

/// Whether a suffix is code CPython copied rather than the frontend's glue:
/// it ends the function, or it holds an instruction of the source.
bool worth_sharing(const Block &b, size_t len) {
  const Inst &last = b.insts.back();
  if (last.op == Opcode::Return || last.op == Opcode::Raise)
    return true;
  for (size_t k = b.insts.size() - len; k + 1 < b.insts.size(); ++k)
    if (!is_slot(b.insts[k]))
      return true;
  return false;
}

/// Whether the last `len` instructions of `a` and `b` are one copy of the
/// same code: the same operations at the same source positions, on the
/// same values or on inputs that correspond.
bool same_suffix(const Block &a, const Block &b, size_t len) {
  auto sa = suffix_of(a, len), sb = suffix_of(b, len);
  if (!sa || !sb || sa->inputs.size() != sb->inputs.size())
    return false;
  size_t fa = a.insts.size() - len, fb = b.insts.size() - len;
  for (size_t k = 0; k < len; ++k) {
    const Inst &x = a.insts[fa + k], &y = b.insts[fb + k];
    if (!same_shape(x, y))
      return false;
    for (size_t j = 0; j < x.args.size(); ++j)
      if (sa->operand(x.args[j]) != sb->operand(y.args[j]))
        return false;
  }
  return true;
}

/// Blocks whose ends CPython may have copied: exits, and blocks that jump.
bool may_share_tail(const Block &b) {
  if (b.insts.empty())
    return false;
  Opcode op = b.insts.back().op;
  return op == Opcode::Return || op == Opcode::Raise || op == Opcode::Jump;
}

/// The longest suffix `a` and `b` can share (0 when none).
size_t shared_suffix(const Block &a, const Block &b) {
  size_t len = 0;
  while (len < a.insts.size() && len < b.insts.size() &&
         same_shape(a.insts[a.insts.size() - 1 - len], b.insts[b.insts.size() - 1 - len]))
    ++len;
  for (; len > 0; --len)
    if (same_suffix(a, b, len) && worth_sharing(a, len))
      return len;
  return 0;
}

} // namespace

/// CPython 3.12+ copies small blocks into their predecessors where 3.11
/// jumps to one (the `return` after a loop's `break`, `return a if c else
/// b`, the store after `x = a if c else b`). Copies keep the source
/// positions of their original, so code that is the same down to its
/// positions is one copy: every block ending in it jumps to one block
/// holding it instead, passing the values it uses through stack slots.
void merge_tails(Function &fn) {
  for (size_t round = 0; round < 4 * fn.blocks.size() + 4; ++round) {
    // The pair of blocks with the longest shared suffix, first by id; only
    // blocks whose terminators match can share one (bucketed by it).
    // (Code under another handler is other code.)
    std::map<std::tuple<Opcode, int, int, int, int>, std::vector<int>> buckets;
    for (const Block &b : fn.blocks)
      if (may_share_tail(b)) {
        const Inst &t = b.insts.back();
        buckets[{t.op, t.targets[0], t.targets[1], t.pos.line, b.handler}].push_back(b.id);
      }
    int best = -1;
    size_t best_len = 0;
    for (const auto &[key, ids] : buckets)
      for (size_t i = 0; i < ids.size(); ++i)
        for (size_t j = i + 1; j < ids.size(); ++j) {
          size_t len = shared_suffix(fn.blocks[ids[i]], fn.blocks[ids[j]]);
          if (len > best_len || (len == best_len && len > 0 && ids[i] < best))
            best = ids[i], best_len = len;
        }
    if (best_len == 0)
      return;

    std::vector<int> group;
    for (size_t b = 0; b < fn.blocks.size(); ++b)
      if (may_share_tail(fn.blocks[b]) && fn.blocks[b].handler == fn.blocks[best].handler &&
          same_suffix(fn.blocks[best], fn.blocks[b], best_len))
        group.push_back(int(b));
    // One of them that is nothing else holds it, or else a new block that
    // takes the inputs from stack slots.
    int shared = -1;
    for (int b : group)
      if (fn.blocks[b].insts.size() == best_len) {
        shared = b;
        break;
      }
    if (shared < 0) {
      const Block &src = fn.blocks[best];
      Suffix s = *suffix_of(src, best_len);
      Block tail;
      tail.id = int(fn.blocks.size());
      tail.offset = src.offset;
      tail.handler = src.handler;
      std::map<int, int> value_of;
      for (size_t k = 0; k < s.inputs.size(); ++k) {
        Inst load;
        load.op = Opcode::LoadLocal;
        load.name = slot_name(tail.id, k);
        load.result = fn.num_values++;
        value_of[s.inputs[k]] = load.result;
        tail.insts.push_back(std::move(load));
      }
      for (auto it = src.insts.end() - long(best_len); it != src.insts.end(); ++it) {
        Inst copy = *it;
        for (int &v : copy.args)
          if (value_of.count(v))
            v = value_of[v];
        tail.insts.push_back(std::move(copy));
      }
      fn.blocks.push_back(std::move(tail));
      shared = int(fn.blocks.size()) - 1;
    }
    for (int b : group) {
      if (b == shared)
        continue;
      Block &blk = fn.blocks[b];
      Suffix s = *suffix_of(blk, best_len);
      blk.insts.resize(blk.insts.size() - best_len);
      for (size_t k = 0; k < s.inputs.size(); ++k) {
        Inst store;
        store.op = Opcode::StoreLocal;
        store.name = slot_name(shared, k);
        store.args = {s.inputs[k]};
        blk.insts.push_back(std::move(store));
      }
      Inst jump;
      jump.op = Opcode::Jump;
      jump.targets[0] = shared;
      blk.insts.push_back(std::move(jump));
    }
  }
}

} // namespace pyrite::ir::cfg_detail
