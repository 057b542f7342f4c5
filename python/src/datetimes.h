//===- python/src/datetimes.h - datetime64 and timedelta64 at the boundary ===//
//
/// \file
/// NumPy's datetime64/timedelta64 dtypes and scalars as types::datetime /
/// types::timedelta (core/ir/types.h): an int64 count of the dtype's unit,
/// NaT the least int64, as NumPy stores them. Units with a multiplier
/// ('M8[10s]') have no pyrite type.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "numpy_api.h"

#include "ir/types.h"

namespace pyrite::python {

/// The datetime-like type of a NPY_DATETIME or NPY_TIMEDELTA dtype, or
/// nullptr (another dtype, or a unit with a multiplier).
const Type *datetime_of_descr(PyArray_Descr *descr);

/// The array type of datetime-like array `arr` (layout 0 'C', 1 'F', 2 'A'),
/// or nullptr.
const Type *datetime_array_type(PyArrayObject *arr, int layout);

/// The type of an np.datetime64 / np.timedelta64 scalar `obj`, or nullptr.
const Type *typeof_datetime_scalar(PyObject *obj);

/// A new reference to the dtype of datetime-like type `t`.
PyArray_Descr *datetime_descr(const Type *t);

/// The int64 at `in` as an np.datetime64 / np.timedelta64 of `t`'s unit.
PyObject *box_datetime(const void *in, const Type *t);

/// An np.datetime64 / np.timedelta64 of exactly `t`'s unit as its int64
/// (TypeError for another unit or another object).
bool unbox_datetime(PyObject *obj, const Type *t, void *out);

} // namespace pyrite::python
