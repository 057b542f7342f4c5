//===- python/src/dispatcher.h - the DispatcherBase extension type --------===//
#pragma once

#include "numpy_api.h"

namespace pyrite::python {

/// Creates the `_core.DispatcherBase` type (once, at module import).
PyObject *make_dispatcher_type();

/// Gives a Python subclass of DispatcherBase the vectorcall fast path.
void enable_vectorcall(PyObject *subclass);

} // namespace pyrite::python
