//===- python/src/type_bridge.h - core types as pyrite.types objects ------===//
//
/// \file
/// The extension API's typing functions see the core's types as
/// pyrite.types objects (types.Array, types.Integer, ...). A type crosses as
/// a small description tuple, ("int", 64, True), ("array", dtype, ndim,
/// layout, readonly), ("tuple", (elems...)), ("other", display), that
/// pyrite.types._from_core / _to_core turn into objects and back.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <Python.h>

#include "ir/types.h"

namespace pyrite::python {

/// A new reference to the pyrite.types object for `t` (cached per type), or
/// nullptr with a Python error set.
PyObject *type_to_py(const Type *t);

/// The core type of pyrite.types object `obj`, or nullptr with a Python
/// error set when the core has no such type.
const Type *type_from_py(PyObject *obj);

} // namespace pyrite::python
