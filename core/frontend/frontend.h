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

#include <string>
#include <vector>

namespace pyrite::frontend {

/// The parts of a Python code object the frontend reads, as plain C++ data.
struct CodeObject {
  bytecode::CodeBytes bytes;
  std::string name;
  std::string qualname;
  std::string filename;
  int arg_count = 0;
  int flags = 0; ///< co_flags; varargs/kwargs/generators are rejected
  std::string exception_table; ///< co_exceptiontable: try/except, with (not compiled yet)
  std::vector<ir::Constant> consts;
  std::vector<std::string> names;
  std::vector<std::string> varnames;
};

/// Builds the IR of `code`. Throws CompileError (UnsupportedError) for
/// bytecode pyrite does not compile, naming the construct.
ir::Function build_ir(const CodeObject &code);

} // namespace pyrite::frontend
