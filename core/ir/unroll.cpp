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
using GlobalType = std::function<const Type *(const std::string &)>;

std::optional<size_t> tuple_size(const Function &fn, const Block &b, int t,
                                 const std::vector<const Type *> &arg_types,
                                 const GlobalType &global_type) {
  const Inst *def = definition(b, t);
  if (!def)
    return std::nullopt;
  if (def->op == Opcode::BuildTuple && def->name.empty())
    return def->args.size();
  if (def->op == Opcode::Global) {
    const Type *g = global_type(def->name);
    return g && g->is_tuple() ? std::optional<size_t>(g->elems.size()) : std::nullopt;
  }
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
  return tuple_size(fn, *store_block, only_store->args[0], arg_types, global_type);
}

/// Whether `callee` is pyrite's (numba's) literal_unroll: a global of that
/// name that resolves to it, or the attribute of the module. (The name is
/// tested first: other loops' callees are not resolved twice.)
bool is_literal_unroll(const Block &b, int callee, const GlobalType &global_type) {
  const Inst *def = definition(b, callee);
  if (!def || def->name != "literal_unroll")
    return false;
  if (def->op == Opcode::Global) {
    const Type *g = global_type(def->name);
    return g && g->name == "pyrite.literal_unroll";
  }
  if (def->op != Opcode::GetAttr)
    return false;
  const Inst *module = definition(b, def->args[0]);
  const Type *m = module && module->op == Opcode::Global ? global_type(module->name) : nullptr;
  return m && m->kind == TypeKind::Module && (m->name == "pyrite" || m->name == "numba");
}

/// One literal_unroll loop: the block making the iterator, the header
/// (the same block when the body never goes back to it: canonicalization
/// merged them), the body's first block, the tuple and its size.
struct UnrollSite {
  int preheader, header, body;
  size_t getiter_index;
  int tuple;
  size_t size;
};

std::optional<UnrollSite> find_site(const Function &fn,
                                    const std::vector<const Type *> &arg_types,
                                    const GlobalType &global_type) {
  for (const Block &b : fn.blocks)
    for (size_t k = 0; k < b.insts.size(); ++k) {
      const Inst &in = b.insts[k];
      if (in.op != Opcode::GetIter)
        continue;
      const Inst *call = definition(b, in.args[0]);
      if (!call || call->op != Opcode::Call || call->args.size() != 2 || call->sub ||
          !call->kwnames.empty() || !is_literal_unroll(b, call->args[0], global_type))
        continue;
      auto n = tuple_size(fn, b, call->args[1], arg_types, global_type);
      if (!n)
        continue;
      const Inst &last = b.insts.back();
      if (last.op == Opcode::ForIter) // no way back: the header is this block
        return UnrollSite{b.id, b.id, last.targets[0], k, call->args[1], *n};
      if (last.op != Opcode::Jump)
        continue;
      int header = last.targets[0];
      const Inst &term = fn.blocks[size_t(header)].insts.back();
      if (term.op != Opcode::ForIter)
        continue;
      return UnrollSite{b.id, header, term.targets[0], k, call->args[1], *n};
    }
  return std::nullopt;
}

/// The blocks each item gets a copy of: those the body reaches without
/// passing through the header, less those after the loop (reached from
/// its exit without passing through the header) and less any that code
/// outside the loop reaches too (a handler around the loop). A `return`
/// inside the body is copied too, so each copy returns its own item.
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
  for (bool changed = true; changed;) {
    changed = false;
    for (const Block &b : fn.blocks)
      if (!body.count(b.id) && b.id != s.header)
        for (int t : successors(b))
          if (body.count(t))
            body.erase(t), changed = true;
    // (the body's first block is entered from the header only)
  }
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

/// In the body's first block, the loop's next item becomes item k of the
/// tuple in `tuple_local` (of `size` items).
void read_item(Function &fn, Block &body, const std::string &tuple_local, size_t k,
               size_t size) {
  auto next = std::find_if(body.insts.begin(), body.insts.end(),
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
  next->constant.i = int64_t(size);
  body.insts.insert(next, std::move(load));
}

/// A loop whose body never goes back (it returns or breaks): the body
/// runs for the first item only, if there is one.
void unroll_once(Function &fn, const UnrollSite &s, const std::string &tuple_local) {
  Block &b = fn.blocks[size_t(s.header)];
  Inst &term = b.insts.back();
  int exit = term.targets[1];
  term.op = Opcode::Jump;
  term.args.clear();
  term.targets[0] = s.size ? s.body : exit;
  term.targets[1] = -1;
  if (!s.size)
    return;
  read_item(fn, fn.blocks[size_t(s.body)], tuple_local, 0, s.size);
}

void unroll(Function &fn, const UnrollSite &s, int serial) {
  const std::string tuple_local = "$unroll" + std::to_string(serial);
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
  if (s.header == s.preheader) {
    unroll_once(fn, s, tuple_local);
    return;
  }
  const int exit = fn.blocks[size_t(s.header)].insts.back().targets[1];
  std::set<int> body = loop_body(fn, s, exit);
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
      if (b == s.body)
        read_item(fn, c, tuple_local, k, s.size);
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
                          const GlobalType &global_type) {
  // One loop at a time: the copies of an outer loop's body each hold a copy
  // of an inner one, unrolled in later rounds; each round removes a site.
  int serial = 0;
  for (; auto site = find_site(fn, arg_types, global_type); ++serial) {
    unroll(fn, *site, serial);
    reorder_blocks(fn);
  }
  return serial > 0;
}

} // namespace pyrite::ir
