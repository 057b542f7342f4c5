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

[[noreturn]] inline void typing_error(const std::string &msg, bytecode::Position pos) {
  throw CompileError("TypingError", msg, pos);
}
[[noreturn]] inline void unsupported(const std::string &msg, bytecode::Position pos) {
  throw CompileError("UnsupportedError", msg, pos);
}

} // namespace pyrite
