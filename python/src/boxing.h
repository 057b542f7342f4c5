//===- python/src/boxing.h - Python objects <-> native values -------------===//
//
/// \file
/// Native values sit in memory as ir/data_model.h lays them out: scalars at
/// their width (bool as one byte), arrays as data_model::ArrayHeader, tuples
/// as C structs of their elements.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "numpy_api.h"

#include "ir/data_model.h"
#include "ir/types.h"
#include "runtime/pyrite_rt.h"

#include <cstddef>

namespace pyrite::python {

using data_model::Layout;
using data_model::layout_of;

/// Writes `obj` as a native value of type `t` at `out`; false with a Python
/// error set when it does not convert.
bool unbox(PyObject *obj, const Type *t, void *out);

/// A new reference to the Python object for the native value at `in`. For
/// arrays this takes over the reference the native value holds.
PyObject *box(const void *in, const Type *t);

/// box() of a value that keeps its own references (box() takes one over).
PyObject *box_borrowed(const void *in, const Type *t);

/// Whether box() can make a Python object of a `t` value (what a function
/// called from Python may return).
bool can_box(const Type *t);

/// Whether an unboxed argument of type `t` owns memory (a list, or a tuple
/// holding one) that release_argument() must give back after the call.
bool owns_memory(const Type *t);

/// After a call: writes a list argument that compiled code changed back into
/// the Python list it came from (Numba's reflected lists), then releases
/// the native copy. False with a Python error set when writing back failed.
bool release_argument(void *in, const Type *t);

/// After a call's results are boxed and its arguments released: drops the
/// Python objects that writing lists back replaced (kept until then, as
/// native values unboxed from them may still be read).
void release_replaced_items();

/// A meminfo holding a new reference to NumPy array `parent` (pyrite_rt_adopt:
/// what an array borrowed from Python owns once it is stored for longer
/// than a call); null when memory runs out. Takes the GIL itself.
PyriteMemInfo *adopt_parent(void *parent);

} // namespace pyrite::python
