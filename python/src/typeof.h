//===- python/src/typeof.h - the pyrite type of a Python value ------------===//
//
/// \file
/// On the dispatcher's hot path: no allocation, no string work. Arrays are
/// typed through a table indexed by (dtype, ndim, layout).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "numpy_api.h"

#include "ir/types.h"

#include <string>
#include <vector>

namespace pyrite::python {

/// The type of `obj` as an argument, or nullptr when pyrite has none.
const Type *typeof_value(PyObject *obj);

/// The scalar type of a NumPy dtype number, or nullptr.
const Type *scalar_of_typenum(int typenum);

/// The NumPy dtype number of a scalar type.
int typenum_of(const Type *scalar);

/// The namedtuple class `cls` (a tuple subclass with `_fields`) as a value
/// (types::named_tuple_class; the class is kept alive for good), or
/// nullptr with a Python error set.
const Type *named_tuple_class_of(PyObject *cls);

/// The fields of namedtuple class `cls`, and its name; false (with a Python
/// error set) when it is not one.
bool named_tuple_fields(PyObject *cls, std::string &name, std::vector<std::string> &fields);

} // namespace pyrite::python
