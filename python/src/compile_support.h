//===- python/src/compile_support.h - shared by the JIT and AOT paths -----===//
//
/// \file
/// What dispatcher.cpp (compiling specializations) and aot.cpp (compiling
/// shared objects) both need: plugin discovery, calls to other dispatchers
/// during typing, and turning compile errors into Python exceptions.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "numpy_api.h"

#include "frontend/frontend.h"
#include "typing/typer.h"

#include <memory>
#include <string>
#include <vector>

namespace pyrite::python {

/// Loads the plugins that can serve `target`; false with a Python error set.
bool ensure_plugins(const std::string &target);

/// The typed function of dispatcher `callee` for `args`, compiling it if
/// needed (the PyResolver callback). Typed for `target`, the target of the
/// function calling it (an @njit helper called from a CUDA kernel is typed
/// for CUDA, as numba.cuda compiles it). Throws PythonError with an error set.
std::shared_ptr<const typing::TypedFunction> typed_callee(PyObject *callee,
                                                          const std::vector<const Type *> &args,
                                                          const std::string &target);

/// Sets pyrite.errors.<kind> with the file, line and source of `pos`.
void set_compile_error(const frontend::CodeObject &code, const std::string &kind,
                       const std::string &message, const bytecode::Position &pos,
                       const std::vector<const Type *> &args);

/// Sets pyrite.errors.<kind> ("TypingError", ...) with `message`, without
/// a source position.
void set_error(const std::string &kind, const std::string &message);

/// Sets pyrite.errors.CompilerError.
void set_internal_error(const std::string &message);

} // namespace pyrite::python
