//===- passes/array_fusion.h - which array expressions fuse into one loop -===//
//
/// \file
/// An array expression (an operator, comparison or ufunc call with an array
/// result) whose only use is another array expression in the same block,
/// with nothing that could write an array in between, is not materialized:
/// its consumer evaluates it per element, so `np.sqrt(x * x + y * y)` is
/// one loop and one allocation, as in Numba. Lowering
/// (lower/lower_arrayexpr.cpp) follows this plan; parallel_diagnostics
/// reports it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <map>

namespace pyrite::ir {
struct Inst;
}
namespace pyrite::typing {
struct TypedFunction;
}

namespace pyrite::passes {

/// Whether `in` is an elementwise operation over arrays with an array result.
bool is_array_expression(const typing::TypedFunction &tf, const ir::Inst &in);

/// The array expressions evaluated inside their consumer: value id -> the
/// instruction producing it.
std::map<int, const ir::Inst *> plan_array_fusion(const typing::TypedFunction &tf);

} // namespace pyrite::passes
