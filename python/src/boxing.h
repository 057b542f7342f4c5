//===- python/src/boxing.h - Python objects <-> native values -------------===//
//
/// \file
/// Native values sit in memory exactly as the lowered code lays them out
/// (see lower/lower.h): scalars at their width (bool as one byte), arrays as
/// {meminfo, parent, nitems, itemsize, data, shape[n], strides[n]}, tuples as
/// C structs of their elements.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "numpy_api.h"

#include "ir/types.h"

#include <cstddef>

namespace pyrite::python {

struct Layout {
  size_t size = 0;
  size_t align = 1;
};

Layout layout_of(const Type *t);

/// Writes `obj` as a native value of type `t` at `out`; false with a Python
/// error set when it does not convert.
bool unbox(PyObject *obj, const Type *t, void *out);

/// A new reference to the Python object for the native value at `in`. For
/// arrays this takes over the reference the native value holds.
PyObject *box(const void *in, const Type *t);

} // namespace pyrite::python
