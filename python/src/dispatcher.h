//===- python/src/dispatcher.h - the DispatcherBase extension type --------===//
#pragma once

#include "numpy_api.h"

#include "ir/types.h"

namespace pyrite::python {

/// Creates the `_core.DispatcherBase` type (once, at module import).
PyObject *make_dispatcher_type();

/// `_core.compile_aot(target, [(export_name, py_func, [arg types], ret or None)],
/// output_path)`: writes a shared object for `target`; returns
/// {export_name: {"args": [...], "return": ...}}.
PyObject *compile_aot(PyObject *self, PyObject *args);

/// `_core.compile_kernels(target, [(name, py_func, [arg types], None)], kind,
/// cpu, fastmath)`: the kernels' PTX ("ptx") or cubin ("cubin") for
/// processor `cpu` ("" for the target's default), as bytes.
PyObject *compile_kernels(PyObject *self, PyObject *args);

/// Gives a Python subclass of DispatcherBase the vectorcall fast path.
void enable_vectorcall(PyObject *subclass);

/// The type of a @jit function passed as an argument (Numba's first-class
/// dispatcher values: `newton(f, fprime, x0)` compiles once per f), or
/// nullptr when `obj` is not one. The type identifies the function; the
/// value carries nothing at run time.
const Type *typeof_dispatcher(PyObject *obj);

} // namespace pyrite::python
