//===- passes/parallel_loops.h - prange loops as parallel regions ---------===//
//
/// \file
/// Which `prange` loops of a typed function (compiled with parallel=True)
/// run as parallel regions, and how each local of a loop's body is shared:
/// read-only inputs, private temporaries (the last iteration's value kept
/// where the code after the loop reads it), or reductions combined per
/// chunk. Lowering (lower/lower_parallel.cpp) outlines each region's body
/// into a chunk function that the target's runtime runs on its threads.
/// A loop that cannot run in parallel without changing its result runs
/// serially with the reason noted (parallel_diagnostics), or is a
/// TypingError where Numba's rule makes it one (a variable carried from one
/// iteration to the next that is not a reduction).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "bytecode/decoder.h"

#include <set>
#include <string>
#include <vector>

namespace pyrite::typing {
struct TypedFunction;
}

namespace pyrite::passes {

/// How a reduction's per-chunk values combine (Numba's supported operators).
/// `x -= e` accumulates -e from 0 per chunk and combines as Add.
enum class ReductionOp { Add, Mul, And, Or, Xor, Min, Max };
const char *reduction_op_name(ReductionOp op);

struct Reduction {
  std::string local;      ///< the local (a web of a Python variable)
  ReductionOp op = ReductionOp::Add;
  bool array = false;     ///< `acc += row`: an array combined element by element
  bytecode::Position pos; ///< its first update in the loop
};

struct ParallelLoop {
  int iterator = -1;      ///< the GetIter value walking the prange
  int header = -1;        ///< the block whose ForIter walks it
  int exit = -1;          ///< where the loop goes when it is done
  std::set<int> blocks;   ///< the loop: header and body
  /// The locals that carry the iterator between blocks (the interpreter's
  /// stack slots `$bN.K`): a chunk's hold its own iterator.
  std::vector<std::string> iterator_locals;
  std::vector<std::string> inputs;   ///< locals read in the loop and set before it
  std::vector<std::string> privates; ///< locals each iteration sets before reading
  /// Privates the code after the loop reads: the chunk that runs the last
  /// iteration leaves its value there, as the serial loop would.
  std::vector<std::string> last_values;
  std::vector<Reduction> reductions;
  /// Writes to an array shared by the iterations at an element that does
  /// not follow the loop's index: their line and what they do. Such a loop
  /// races (Numba's documentation warns of it); the plan reports it.
  std::vector<std::pair<int, std::string>> races;
  bytecode::Position pos; ///< the `prange(...)` call
};

struct ParallelPlan {
  std::vector<ParallelLoop> loops; ///< outermost prange loops, run in parallel
  /// Per prange loop that runs serially (nested in another, left by `break`
  /// or `return`, ...): its line and why.
  std::vector<std::pair<int, std::string>> serial;
};

/// The plan for `tf`; TypingError for a variable carried across iterations
/// that is not a reduction, naming it and its line.
ParallelPlan plan_parallel_loops(const typing::TypedFunction &tf);

/// The plan in words, one loop after another by line: how each local is
/// shared, or why the loop runs serially (parallel_diagnostics prints it).
std::string describe_parallel_plan(const typing::TypedFunction &tf);

} // namespace pyrite::passes
