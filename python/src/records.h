//===- python/src/records.h - structured dtypes as Record types -----------===//
//
/// \file
/// NumPy structured dtypes whose fields are native scalars become
/// types::record types; compiled code sees an element as a pointer to it
/// (core/ir/types.h). Each dtype object met is remembered, so typing an
/// argument costs one lookup by its address.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "numpy_api.h"

#include "ir/types.h"

namespace pyrite::python {

/// The Record type of structured dtype `descr`, or nullptr when it has no
/// fields or a field pyrite cannot hold (a nested record, a sub-array, a
/// string or an object field, a non-native byte order).
const Type *record_of_descr(PyArray_Descr *descr);

/// An array type of structured array `arr` (layout 0 'C', 1 'F', 2 'A'),
/// or nullptr when its dtype has no Record type.
const Type *record_array_type(PyArrayObject *arr, int layout);

/// A new reference to the NumPy dtype of scalar or Record type `dtype`
/// (for a Record, the first dtype object met for it), or nullptr with a
/// Python error set.
PyArray_Descr *descr_of(const Type *dtype);

/// A Record value (the RecordHeader at `in`) as a new np.void holding a
/// copy of the element; the value's reference is released.
PyObject *box_record(const void *in, const Type *t);

/// An np.void of `t`'s dtype as a Record value borrowing its element
/// (NumPy's void scalars from indexing are views of the array).
bool unbox_record(PyObject *obj, const Type *t, void *out);

} // namespace pyrite::python
