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

namespace pyrite::python {

/// The type of `obj` as an argument, or nullptr when pyrite has none.
const Type *typeof_value(PyObject *obj);

/// The scalar type of a NumPy dtype number, or nullptr.
const Type *scalar_of_typenum(int typenum);

/// The NumPy dtype number of a scalar type.
int typenum_of(const Type *scalar);

} // namespace pyrite::python
