//===- python/src/code_object.h - Python code objects and globals for the core ===//
//
/// \file
/// Converts a function's code object to frontend::CodeObject (plain C++ data)
/// and answers the typer's questions about globals through pyrite/_resolve.py.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "numpy_api.h"

#include "frontend/frontend.h"
#include "typing/typer.h"

#include <functional>

namespace pyrite::python {

/// Thrown when a Python error is already set and must propagate as is.
struct PythonError {};

/// The globals `py_func` compiles against (a new reference, or nullptr with
/// a Python error set): its __globals__ plus its closure's variables.
PyObject *function_globals(PyObject *py_func);

/// Reads py_func.__code__; throws PythonError on failure.
frontend::CodeObject code_object_of(PyObject *py_func);

/// Resolves globals of one function. `compile_callee` compiles another
/// dispatcher for given argument types (provided by dispatcher.cpp).
class PyResolver : public typing::Resolver {
public:
  /// Types `dispatcher` for `args` and the target being compiled for.
  using CompileCallee = std::function<std::shared_ptr<const typing::TypedFunction>(
      PyObject *dispatcher, const std::vector<const Type *> &args, const std::string &target)>;
  PyResolver(PyObject *globals, CompileCallee compile, std::string target,
             PyObject *self = nullptr, std::vector<const Type *> self_args = {})
      : globals_(globals), compile_(compile), target_(std::move(target)), self_(self),
        self_args_(std::move(self_args)) {}
  bool is_current(const Type *dispatcher, const std::vector<const Type *> &args) override {
    return self_ && dispatcher->handle == self_ && args == self_args_;
  }
  const void *current_dispatcher() const override { return self_; }

  typing::GlobalValue global(const std::string &name) override;
  typing::GlobalValue module_attr(const Type *module, const std::string &attr) override;
  typing::CallSignature signature_of(const Type *dispatcher) override;
  typing::GlobalValue inner_function(const std::string &key) override;
  typing::IntrinsicSignature intrinsic(const std::string &name) override;
  std::shared_ptr<const typing::TypedFunction>
  compile_callee(const Type *dispatcher, const std::vector<const Type *> &args) override;
  typing::OverloadChoice
  resolve_overload(const void *overloads, const Type *receiver,
                   const std::vector<const Type *> &args, const std::vector<std::string> &kwnames,
                   const std::vector<std::optional<ir::Constant>> &literals) override;
  typing::MemberOverload member(const Type *obj, const std::string &name) override;

private:
  typing::GlobalValue describe(PyObject *answer);
  PyObject *globals_;
  CompileCallee compile_;
  std::string target_;
  PyObject *self_;                     ///< the dispatcher being compiled (recursion)
  std::vector<const Type *> self_args_;
};

} // namespace pyrite::python
