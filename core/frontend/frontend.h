//===- frontend/frontend.h - bytecode -> CFG of IR blocks -----------------===//
//
/// \file
/// Simulates the CPython value stack over the decoded instructions and builds
/// the IR's control-flow graph. Stack values that live across a block edge
/// are passed through named slots (`$bN.K`: slot K on entry to block N), the
/// classic way to turn a stack machine into a register IR.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "bytecode/decoder.h"
#include "ir/ir.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pyrite::frontend {

/// The parts of a Python code object the frontend reads, as plain C++ data.
struct CodeObject {
  bytecode::CodeBytes bytes;
  std::string name;
  std::string qualname;
  std::string filename;
  int arg_count = 0;        ///< co_argcount: positional parameters
  int kwonly_arg_count = 0; ///< co_kwonlyargcount
  int flags = 0; ///< co_flags; **kwargs and generators are rejected
  /// Parameters as the compiled function takes them: co_varnames' first
  /// positional, then keyword-only, then the `*args` tuple if any.
  int param_count() const { return arg_count + kwonly_arg_count + (flags & 0x04 ? 1 : 0); }
  std::string exception_table; ///< co_exceptiontable: try/except, with (not compiled yet)
  std::vector<ir::Constant> consts;
  /// @jit(locals={'x': int8}): variables whose type is declared; each store
  /// converts to it (Numba's `locals=`).
  std::map<std::string, const Type *> declared_locals;
  std::vector<std::string> names;
  std::vector<std::string> varnames;
  /// The variable each LOAD_DEREF/STORE_DEREF argument names, and whether it
  /// is a free variable (captured from an enclosing function: read as a
  /// frozen global, as Numba reads closure variables) or a cell of this one.
  std::vector<std::string> deref_names;
  std::vector<bool> deref_is_free;
  /// co_freevars: what a closure of this code captures, in the order of
  /// its closure tuple.
  std::vector<std::string> freevars;
  /// The code objects among the constants (comprehensions, inner
  /// functions), by constant index.
  std::map<int, std::shared_ptr<const CodeObject>> nested;
  /// Where this code sits in its top-level function's code: "" for that
  /// function, "3" for its constant 3, "3/1" for that code's constant 1.
  /// A MakeFunction names the inner function's code by it.
  std::string key;
  /// An inner function compiled on its own (lambda lifting): its free
  /// variables are leading parameters, which the closure's captured values
  /// fill, instead of globals frozen when compiling.
  bool lifted = false;
};

/// Builds the IR of `code`. Throws CompileError (UnsupportedError) for
/// bytecode pyrite does not compile, naming the construct.
ir::Function build_ir(const CodeObject &code);

} // namespace pyrite::frontend
