//===- ir/cfg_internal.h - what cfg.cpp and cfg_tails.cpp share ----------===//
//
/// \file
/// Private to canonicalize_cfg's files: instruction equality and the stack
/// slots that carry CPython's stack across block edges (`$bN.K`).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/ir.h"

#include <string>

namespace pyrite::ir::cfg_detail {

/// Equal but for the ids of the values the two instructions use and define
/// (the same operation, operands' count, constant, targets and position).
bool same_shape(const Inst &a, const Inst &b);
/// A load or store of a stack slot (`$bN.K`), or of one of block `block`.
bool is_slot(const Inst &in);
bool is_slot_of(const Inst &in, int block);
/// Slot `k` on entry to block `block`.
std::string slot_name(int block, size_t k);
/// Step 2 of canonicalize_cfg (cfg_tails.cpp).
void merge_tails(Function &fn);

} // namespace pyrite::ir::cfg_detail
