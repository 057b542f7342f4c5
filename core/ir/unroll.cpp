//===- ir/unroll.cpp - `for x in literal_unroll(t)`: one body per item -----===//
//
/// \file
/// Numba's literal_unroll lets a loop walk a heterogeneous tuple: the body
/// is compiled once per item, with `x` of that item's type. pyrite does it
/// before typing, on the canonical CFG: the loop's body (its natural loop
/// without the header) is copied once per item; copy k starts with
/// `x = t[k]` where the loop read the next item, and where it went back to
/// the header (the end of the body, `continue`) it goes to copy k + 1 (the
/// last to the loop's exit). Each copy's header is a copy of the header
/// that jumps on instead of testing the iterator, so the values CPython's
/// stack passes through the header (an outer loop's iterator) still reach
/// every copy. split_locals then gives each copy's variables their own
/// locals, so `x` may be an int in one copy and a str in the next.
//
//===----------------------------------------------------------------------===//
#include "ir/ir.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace pyrite::ir {
namespace {

const Inst *definition(const Block &b, int value) {
  for (const Inst &in : b.insts)
    if (in.result == value)
      return &in;
  return nullptr;
}

bool is_slot(const std::string &name) { return name.rfind("$b", 0) == 0; }

int slot_block(const std::string &name) {
  return std::stoi(name.substr(2, name.find('.') - 2));
}

std::string slot_in(int block, const std::string &name) {
  return "$b" + std::to_string(block) + name.substr(name.find('.'));
}

/// How many items tuple value `t` (used in block `b`) has, where that is
/// known before typing: a tuple display, an argument (its type), a global
/// (frozen when compiling, as Numba freezes global tuples), or a local
/// assigned once from one of these.
using GlobalTupleSize = std::function<std::optional<size_t>(const std::string &)>;

std::optional<size_t> tuple_size(const Function &fn, const Block &b, int t,
                                 const std::vector<const Type *> &arg_types,
                                 const GlobalTupleSize &global_size) {
  const Inst *def = definition(b, t);
  if (!def)
    return std::nullopt;
  if (def->op == Opcode::BuildTuple && def->name.empty())
    return def->args.size();
  if (def->op == Opcode::Global)
    return global_size(def->name);
  if (def->op != Opcode::LoadLocal)
    return std::nullopt;
  const Inst *only_store = nullptr;
  int stores = 0;
  const Block *store_block = nullptr;
  for (const Block &blk : fn.blocks)
    for (const Inst &in : blk.insts)
      if ((in.op == Opcode::StoreLocal || in.op == Opcode::DelLocal) && in.name == def->name)
        ++stores, only_store = &in, store_block = &blk;
  auto arg = std::find(fn.arg_names.begin(), fn.arg_names.end(), def->name);
  if (arg != fn.arg_names.end()) {
    size_t k = size_t(arg - fn.arg_names.begin());
    if (stores || k >= arg_types.size() || !arg_types[k] || !arg_types[k]->is_tuple())
      return std::nullopt;
    return arg_types[k]->elems.size();
  }
  if (stores != 1 || only_store->op != Opcode::StoreLocal)
    return std::nullopt;
  return tuple_size(fn, *store_block, only_store->args[0], arg_types, global_size);
}

bool is_literal_unroll(const Block &b, int callee) {
  const Inst *def = definition(b, callee);
  return def && (def->op == Opcode::Global || def->op == Opcode::GetAttr) &&
         (def->name == "literal_unroll" || def->name.ends_with(".literal_unroll"));
}

/// One literal_unroll loop: the block making the iterator, the header,
/// the body's first block, the tuple and its size.
struct UnrollSite {
  int preheader, header, body;
  size_t getiter_index;
  int tuple;
  size_t size;
};

std::optional<UnrollSite> find_site(const Function &fn,
                                    const std::vector<const Type *> &arg_types,
                                    const GlobalTupleSize &global_size) {
  for (const Block &b : fn.blocks)
    for (size_t k = 0; k < b.insts.size(); ++k) {
      const Inst &in = b.insts[k];
      if (in.op != Opcode::GetIter)
        continue;
      const Inst *call = definition(b, in.args[0]);
      if (!call || call->op != Opcode::Call || call->args.size() != 2 || call->sub ||
          !call->kwnames.empty() || !is_literal_unroll(b, call->args[0]))
        continue;
      auto n = tuple_size(fn, b, call->args[1], arg_types, global_size);
      if (!n || b.insts.back().op != Opcode::Jump)
        continue;
      int header = b.insts.back().targets[0];
      const Inst &term = fn.blocks[size_t(header)].insts.back();
      if (term.op != Opcode::ForIter)
        continue;
      return UnrollSite{b.id, header, term.targets[0], k, call->args[1], *n};
    }
  return std::nullopt;
}

/// The blocks each item gets a copy of: those the body reaches without
/// passing through the header, less those after the loop (reached from
/// its exit without passing through the header). A `return` inside the
/// body is copied too, so each copy returns its own item.
std::set<int> loop_body(const Function &fn, const UnrollSite &s, int exit) {
  auto reach = [&](int from) {
    std::set<int> seen;
    std::vector<int> work = {from};
    while (!work.empty()) {
      int b = work.back();
      work.pop_back();
      if (b == s.header || !seen.insert(b).second)
        continue;
      for (int t : successors(fn.blocks[size_t(b)]))
        work.push_back(t);
    }
    return seen;
  };
  std::set<int> body = reach(s.body), after = reach(exit);
  for (int b : after)
    body.erase(b);
  return body;
}

/// A copy of `from` as block `id`: fresh values, successors and stack
/// slots renamed by `block_of` (blocks of the same copy).
Block copy_block(Function &fn, const Block &from, int id, const std::map<int, int> &block_of) {
  auto renamed = [&](int b) {
    auto it = block_of.find(b);
    return it == block_of.end() ? b : it->second;
  };
  Block out;
  out.id = id;
  out.offset = from.offset;
  out.handler = from.handler >= 0 ? renamed(from.handler) : -1;
  std::map<int, int> value_of;
  for (const Inst &in : from.insts) {
    Inst copy = in;
    for (int &a : copy.args)
      a = value_of.at(a);
    if (copy.result >= 0)
      value_of[in.result] = copy.result = fn.num_values++;
    for (int &t : copy.targets)
      if (t >= 0)
        t = renamed(t);
    if ((copy.op == Opcode::LoadLocal || copy.op == Opcode::StoreLocal) && is_slot(copy.name))
      copy.name = slot_in(renamed(slot_block(copy.name)), copy.name);
    out.insts.push_back(std::move(copy));
  }
  return out;
}

void unroll(Function &fn, const UnrollSite &s) {
  const int exit = fn.blocks[size_t(s.header)].insts.back().targets[1];
  std::set<int> body = loop_body(fn, s, exit);
  const std::string tuple_local = "$unroll" + std::to_string(s.preheader);
  // The preheader keeps the tuple for the copies; its iterator is no more.
  {
    Block &pre = fn.blocks[size_t(s.preheader)];
    Inst &iter = pre.insts[s.getiter_index];
    Inst store;
    store.op = Opcode::StoreLocal;
    store.name = tuple_local;
    store.args = {s.tuple};
    store.pos = iter.pos;
    iter.op = Opcode::Const; // the iterator's slots carry None now
    iter.args.clear();
    iter.constant = Constant{};
    pre.insts.insert(pre.insts.begin() + long(s.getiter_index), std::move(store));
  }
  const Block header = fn.blocks[size_t(s.header)];
  // Copy k's header is block headers[k]; headers[size] leads to the exit.
  std::vector<int> headers;
  std::vector<std::map<int, int>> copies(s.size);
  int next_id = int(fn.blocks.size());
  for (size_t k = 0; k <= s.size; ++k)
    headers.push_back(next_id++);
  for (size_t k = 0; k < s.size; ++k)
    for (int b : body)
      copies[k][b] = next_id++;
  for (size_t k = 0; k <= s.size; ++k) {
    // The header's copy: its slots, its stores to the body's and the
    // exit's slots, then a jump on (the body's copy, or the exit).
    std::map<int, int> own = {{s.header, headers[k]}};
    if (k < s.size)
      own[s.body] = copies[k].at(s.body);
    Block h = copy_block(fn, header, headers[k], own);
    Inst &term = h.insts.back();
    term.op = Opcode::Jump;
    term.args.clear();
    term.targets[0] = k < s.size ? copies[k].at(s.body) : exit;
    term.targets[1] = -1;
    fn.blocks.push_back(std::move(h));
  }
  for (size_t k = 0; k < s.size; ++k) {
    std::map<int, int> own = copies[k];
    own[s.header] = headers[k + 1]; // back to the header: on to the next copy
    for (int b : body) {
      Block c = copy_block(fn, fn.blocks[size_t(b)], copies[k].at(b), own);
      if (b == s.body) { // the next item: t[k]
        auto next = std::find_if(c.insts.begin(), c.insts.end(),
                                 [](const Inst &in) { return in.op == Opcode::IterNext; });
        Inst load;
        load.op = Opcode::LoadLocal;
        load.name = tuple_local;
        load.result = fn.num_values++;
        load.pos = next->pos;
        next->op = Opcode::ExtractItem;
        next->args = {load.result};
        next->sub = int(k);
        next->constant.kind = Constant::Kind::Int;
        next->constant.i = int64_t(s.size);
        c.insts.insert(next, std::move(load));
      }
      fn.blocks.push_back(std::move(c));
    }
  }
  // Into the loop through the first copy's header.
  Inst &enter = fn.blocks[size_t(s.preheader)].insts.back();
  enter.targets[0] = headers[0];
  for (Inst &in : fn.blocks[size_t(s.preheader)].insts)
    if (in.op == Opcode::StoreLocal && is_slot(in.name) && slot_block(in.name) == s.header)
      in.name = slot_in(headers[0], in.name);
  // The original loop is unreachable now: emptied, dropped by reordering.
  fn.blocks[size_t(s.header)].insts.clear();
  for (int b : body)
    fn.blocks[size_t(b)].insts.clear();
}

} // namespace

bool unroll_literal_loops(Function &fn, const std::vector<const Type *> &arg_types,
                          const GlobalTupleSize &global_size) {
  bool any = false;
  // One loop at a time (an unrolled loop may hold another); bounded.
  for (int round = 0; round < 16; ++round) {
    auto site = find_site(fn, arg_types, global_size);
    if (!site)
      break;
    unroll(fn, *site);
    reorder_blocks(fn);
    any = true;
  }
  return any;
}

} // namespace pyrite::ir
