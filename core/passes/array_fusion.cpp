//===- passes/array_fusion.cpp - which array expressions fuse into one loop ===//
//
// See array_fusion.h.
//
//===----------------------------------------------------------------------===//
#include "passes/array_fusion.h"

#include "typing/typer.h"

#include <vector>

namespace pyrite::passes {

bool is_array_expression(const typing::TypedFunction &tf, const ir::Inst &in) {
  auto type_of = [&](int value) { return tf.types.values[value]; };
  if (in.result < 0 || !type_of(in.result)->is_array())
    return false;
  const typing::Resolution *r = tf.resolution(in.result);
  if (in.op == ir::Opcode::Unary)
    return true; // a unary op with an array result is elementwise
  if (!r)
    return false;
  if (in.op == ir::Opcode::BinOp || in.op == ir::Opcode::Compare)
    return r->builtin == "arrayexpr";
  return in.op == ir::Opcode::Call && r->builtin.rfind("ufunc.", 0) == 0;
}

/// Operand value ids of an array expression (a call's callee excluded).
static std::vector<int> operands_of(const ir::Inst &in) {
  size_t first = in.op == ir::Opcode::Call ? 1 : 0;
  return std::vector<int>(in.args.begin() + first, in.args.end());
}

std::map<int, const ir::Inst *> plan_array_fusion(const typing::TypedFunction &tf) {
  auto type_of = [&](int value) { return tf.types.values[value]; };
  std::map<int, const ir::Inst *> fused;
  std::vector<int> uses(tf.fn.num_values, 0);
  std::map<int, std::pair<const ir::Inst *, size_t>> defs; // value -> (inst, index)
  for (const ir::Block &b : tf.fn.blocks)
    for (size_t k = 0; k < b.insts.size(); ++k) {
      for (int a : b.insts[k].args)
        ++uses[a];
      if (b.insts[k].result >= 0)
        defs[b.insts[k].result] = {&b.insts[k], k};
    }
  for (const ir::Block &b : tf.fn.blocks) {
    // Index of the last instruction that may write an array (a call that is
    // not a ufunc, an item assignment, an in-place operator) at or before
    // each position.
    std::vector<long> last_writer(b.insts.size(), -1);
    long writer = -1;
    for (size_t k = 0; k < b.insts.size(); ++k) {
      const ir::Inst &in = b.insts[k];
      bool in_place = in.op == ir::Opcode::BinOp && in.inplace && in.result >= 0 &&
                      type_of(in.result)->is_array();
      if (in.op == ir::Opcode::SetItem || in_place ||
          (in.op == ir::Opcode::Call && !is_array_expression(tf, in)))
        writer = long(k);
      last_writer[k] = writer;
    }
    for (size_t k = 0; k < b.insts.size(); ++k) {
      const ir::Inst &consumer = b.insts[k];
      if (!is_array_expression(tf, consumer))
        continue;
      bool in_place = consumer.op == ir::Opcode::BinOp && consumer.inplace &&
                      type_of(consumer.args[0])->is_array();
      for (int a : operands_of(consumer)) {
        if (in_place && a == consumer.args[0])
          continue; // the array written in place is a real array
        auto it = defs.find(a);
        if (it == defs.end() || uses[a] != 1)
          continue;
        auto [producer, at] = it->second;
        bool same_block = at < b.insts.size() && &b.insts[at] == producer;
        if (same_block && is_array_expression(tf, *producer) && last_writer[k] < long(at))
          fused[a] = producer;
      }
    }
  }
  return fused;
}


} // namespace pyrite::passes
