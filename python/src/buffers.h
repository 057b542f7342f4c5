//===- python/src/buffers.h - bytes-like arguments as arrays --------------===//
//
/// \file
/// bytes, bytearray and memoryview arguments are types::buffer arrays over
/// the object's memory (typeof.cpp types them); these read one into an
/// array header and tell whether an array is all of one.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "numpy_api.h"

#include "ir/data_model.h"
#include "ir/types.h"

namespace pyrite::python {

/// Whether array `h` is all of buffer object `parent`'s bytes, in order.
bool same_buffer(PyObject *parent, const data_model::ArrayHeader &h);

/// A bytes-like argument `obj` of buffer type `t` as the array header at
/// `out` (false with a Python error when it gives no such buffer).
bool unbox_buffer(PyObject *obj, const Type *t, void *out);

} // namespace pyrite::python
