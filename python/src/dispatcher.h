//===- python/src/dispatcher.h - the DispatcherBase extension type --------===//
#pragma once

#include "numpy_api.h"

namespace pyrite::python {

/// Creates the `_core.DispatcherBase` type (once, at module import).
PyObject *make_dispatcher_type();

/// `_core.compile_aot(target, [(export_name, py_func, [arg types], ret or None)],
/// output_path)`: writes a shared object for `target`; returns
/// {export_name: {"args": [...], "return": ...}}.
PyObject *compile_aot(PyObject *self, PyObject *args);

/// Gives a Python subclass of DispatcherBase the vectorcall fast path.
void enable_vectorcall(PyObject *subclass);

} // namespace pyrite::python
