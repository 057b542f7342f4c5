//===- support/diagnostics.h - compile errors with source positions -------===//
//
/// \file
/// Every stage reports user-facing problems by throwing CompileError with the
/// Python exception class it becomes (TypingError, UnsupportedError) and the
/// position of the offending instruction. The driver adds file, line and the
/// source text before the error reaches Python.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "bytecode/decoder.h"

#include <stdexcept>
#include <string>

namespace pyrite {

struct CompileError : std::runtime_error {
  std::string kind; ///< "TypingError" or "UnsupportedError"
  bytecode::Position pos;
  CompileError(std::string kind, const std::string &message, bytecode::Position pos = {})
      : std::runtime_error(message), kind(std::move(kind)), pos(pos) {}
};

/// A function called while the function that (indirectly) calls it is
/// being typed needs that caller's return type, which is not known yet
/// (mutual recursion reached before the caller's base case was typed): the
/// caller's typing skips the call this round and tries it again once it
/// knows more, as for any error while types still widen.
struct RecursionPending : CompileError {
  using CompileError::CompileError;
};

[[noreturn]] inline void typing_error(const std::string &msg, bytecode::Position pos) {
  throw CompileError("TypingError", msg, pos);
}
[[noreturn]] inline void unsupported(const std::string &msg, bytecode::Position pos) {
  throw CompileError("UnsupportedError", msg, pos);
}

} // namespace pyrite
