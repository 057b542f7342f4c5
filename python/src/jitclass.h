//===- python/src/jitclass.h - @jitclass instances seen from Python -------===//
//
/// \file
/// A @jitclass is a Python class deriving from `_core.JitClassBox`, whose
/// objects each hold one reference to an instance that compiled code made
/// (data_model.h: InstanceHeader). The class describes its attributes with
/// `_pyrite_spec_()` (pyrite/experimental/jitclass.py); the core's type of
/// its instances is made from that on first use.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "numpy_api.h"

#include "ir/types.h"

namespace pyrite::python {

/// The JitClassBox type (a new reference), made once.
PyObject *make_jitclass_box_type();

/// The instance type of @jitclass `cls`, made (and `cls` kept alive) on
/// first use; nullptr with a Python error set when `cls` is not a jitclass
/// or an attribute's type is not one pyrite can hold.
const Type *class_instance_of(PyObject *cls);

/// The instance type of `obj` when it is a @jitclass instance, else nullptr
/// (no error set).
const Type *typeof_instance(PyObject *obj);

/// Unboxes `obj` into an InstanceHeader holding a new reference.
bool unbox_instance(PyObject *obj, const Type *t, void *out);

/// Boxes the InstanceHeader at `in`, taking over its reference.
PyObject *box_instance(const void *in, const Type *t);

} // namespace pyrite::python
