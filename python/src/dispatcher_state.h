//===- python/src/dispatcher_state.h - what the dispatcher's files share ---===//
//
/// \file
/// Private to dispatcher.cpp (the type and its call path) and
/// dispatcher_compile.cpp (typing and compiling specializations): a
/// dispatcher's state and its compiled specializations.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "driver/compiler.h"
#include "frontend/frontend.h"
#include "lower/lower.h"

#include <Python.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pyrite::python::dispatch {

struct Overload {
  using Entry = int32_t (*)(void *ret, void **args);
  std::vector<const Type *> arg_types;
  const Type *return_type = nullptr;
  Entry entry = nullptr;
  std::vector<size_t> offsets; ///< of each argument in the unboxing buffer
  size_t storage_size = 0;
  size_t return_size = 0;
  bool owns_arguments = false; ///< an argument owns memory (a list) to release after the call
  std::shared_ptr<driver::CompiledFunction> compiled;
};

struct State {
  std::vector<std::unique_ptr<Overload>> overloads;
  std::optional<frontend::CodeObject> code;
  driver::CompileOptions options;
  bool can_compile = true;
  bool nogil = false; ///< release the GIL while compiled code runs
  bool always_inline = false; ///< inline='always': callers inline it
  /// Typed but not compiled: functions only ever called from compiled code
  /// (extension implementations, helpers) are lowered into their callers'
  /// modules and need no machine code of their own until Python calls them.
  std::vector<std::shared_ptr<const typing::TypedFunction>> typed_only;
  /// Typed for the target of a caller compiled for another one (an @njit
  /// helper in a CUDA kernel): never compiled here on their own.
  std::vector<std::pair<std::string, std::shared_ptr<const typing::TypedFunction>>>
      typed_for_other_targets;
  Py_ssize_t argcount = 0; ///< parameters of the compiled function (see CodeObject)
  /// With *args or keyword-only parameters a call's arguments never map one
  /// to one onto the parameters: Python binds them first (_call_slow).
  bool binds_in_python = false;
  /// Signatures being compiled, and by which Python thread: a recursion
  /// guard for this thread, a wait for the others (one compile each).
  std::vector<std::pair<std::vector<const Type *>, unsigned long>> in_progress;
  /// @jit(parallel=...) as given; unset for library code (TypedFunction::parallel).
  std::optional<bool> own_parallel;
  std::map<std::string, const Type *> declared_locals; ///< locals= (set_locals)
};

/// The function's code, made on first use, with the declared locals.
void ensure_code(State &s, PyObject *py_func);

struct DispatcherObject {
  PyObject_HEAD
  vectorcallfunc vectorcall;
  PyObject *dict;
  PyObject *py_func;
  PyObject *globals;
  State *state;
};

extern PyTypeObject *dispatcher_type;

/// The specialization for exactly `types`, or nullptr.
Overload *find_overload(State &s, const Type *const *types, Py_ssize_t n);
/// Under explicit signatures only: a specialization that accepts these
/// types as they are (a C-contiguous array where any layout is declared).
Overload *find_compatible(State &s, const Type *const *types, Py_ssize_t n);
/// Compiles the specialization of `types` (a C entry of its own, or a NumPy
/// ufunc loop, when asked); nullptr with a Python error set on failure.
Overload *compile(DispatcherObject *d, const std::vector<const Type *> &types,
                  const Type *declared_return, bool c_entry = false,
                  const std::optional<lower::UfuncLoop> &ufunc_loop = std::nullopt);
/// Compiles the typed-only specializations to machine code of their own;
/// false with a Python error set on failure.
bool promote_typed(State &s);

} // namespace pyrite::python::dispatch
