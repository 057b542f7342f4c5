//===- lower/lower_atomics.cpp - numba.cuda.atomic as LLVM atomics --------===//
//
// cuda.atomic.<op>(ary, idx, val) is one `atomicrmw` (cas: `cmpxchg`) on
// the element, relaxed (monotonic) as CUDA's atomics are, returning the old
// value. Target-neutral: NVPTX emits atom.global.*, CPUs lock-prefixed
// instructions. Semantics are Numba's: max/min propagate NaN (LLVM's
// fmaximum/fminimum), nanmax/nanmin treat it as missing (fmax/fmin), inc and
// dec wrap as CUDA's atomicInc/atomicDec (uinc_wrap/udec_wrap).
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

namespace pyrite::lower {

using llvm::Value;

llvm::Value *FunctionLowering::lower_atomic(const BuiltinCall &c) {
  const std::string op = c.r.builtin.substr(c.r.builtin.rfind('.') + 1);
  const Type *at = c.r.param_types[0], *dt = at->dtype;
  std::vector<Value *> idx;
  if (c.r.param_types[1]->is_tuple())
    for (unsigned k = 0; k < unsigned(at->ndim); ++k)
      idx.push_back(b_.CreateExtractValue(c.args[1], k));
  else
    idx.push_back(c.args[1]);
  Value *p = element_pointer(c.args[0], at, idx);
  const auto relaxed = llvm::AtomicOrdering::Monotonic;
  // On a GPU, the device's scope (PTX .gpu), as CUDA's atomicAdd & co. and
  // numba.cuda's; LLVM's default, the system, would also order the host.
  const llvm::SyncScope::ID scope = m_.target.gpu
                                        ? m_.context.getOrInsertSyncScopeID("device")
                                        : llvm::SyncScope::System;
  if (op == "cas") {
    auto *x = b_.CreateAtomicCmpXchg(p, c.args[2], c.args[3], llvm::MaybeAlign(), relaxed,
                                     relaxed, scope);
    return b_.CreateExtractValue(x, 0);
  }
  using Rmw = llvm::AtomicRMWInst;
  bool f = dt->is_float(), s = dt->is_signed;
  static const std::map<std::string, std::array<Rmw::BinOp, 3>> kOps = {
      // {float, signed, unsigned}
      {"add", {Rmw::FAdd, Rmw::Add, Rmw::Add}},
      {"sub", {Rmw::FSub, Rmw::Sub, Rmw::Sub}},
      {"max", {Rmw::FMaximum, Rmw::Max, Rmw::UMax}},
      {"min", {Rmw::FMinimum, Rmw::Min, Rmw::UMin}},
      {"nanmax", {Rmw::FMax, Rmw::Max, Rmw::UMax}},
      {"nanmin", {Rmw::FMin, Rmw::Min, Rmw::UMin}},
      {"and_", {Rmw::BAD_BINOP, Rmw::And, Rmw::And}},
      {"or_", {Rmw::BAD_BINOP, Rmw::Or, Rmw::Or}},
      {"xor", {Rmw::BAD_BINOP, Rmw::Xor, Rmw::Xor}},
      {"exch", {Rmw::Xchg, Rmw::Xchg, Rmw::Xchg}},
      {"inc", {Rmw::BAD_BINOP, Rmw::BAD_BINOP, Rmw::UIncWrap}},
      {"dec", {Rmw::BAD_BINOP, Rmw::BAD_BINOP, Rmw::UDecWrap}},
  };
  Rmw::BinOp kind = kOps.at(op)[f ? 0 : s ? 1 : 2];
  if (kind == Rmw::BAD_BINOP) // (typing refuses these)
    throw std::logic_error("pyrite: cuda.atomic." + op + " of " + dt->display);
  return b_.CreateAtomicRMW(kind, p, c.args[2], llvm::MaybeAlign(), relaxed, scope);
}

} // namespace pyrite::lower
