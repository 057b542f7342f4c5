//===- python/src/boxing.cpp - unboxing arguments, boxing results ---------===//
#include "boxing.h"

#include <algorithm>

#include "runtime/rt_host.h"
#include "typeof.h"

#include <cstring>

namespace pyrite::python {
namespace {

using data_model::align_up;
using data_model::ArrayHeader;
using data_model::kMaxDims;

void release_capsule(PyObject *capsule) {
  runtime::release(PyCapsule_GetPointer(capsule, "pyrite.meminfo"));
}

bool same_view(PyArrayObject *parent, const ArrayHeader &h, int ndim) {
  if (PyArray_NDIM(parent) != ndim || PyArray_BYTES(parent) != h.data)
    return false;
  for (int k = 0; k < ndim; ++k)
    if (PyArray_DIM(parent, k) != h.dims[k] || PyArray_STRIDE(parent, k) != h.dims[ndim + k])
      return false;
  return true;
}

PyObject *box_array(const void *in, const Type *t) {
  ArrayHeader h;
  std::memcpy(&h, in, data_model::array_bytes(t->ndim));
  int ndim = t->ndim;
  auto *parent = static_cast<PyObject *>(h.parent);
  if (!h.meminfo && parent && same_view(reinterpret_cast<PyArrayObject *>(parent), h, ndim)) {
    Py_INCREF(parent);
    return parent;
  }
  npy_intp shape[kMaxDims], strides[kMaxDims];
  for (int k = 0; k < ndim; ++k) {
    shape[k] = h.dims[k];
    strides[k] = h.dims[ndim + k];
  }
  PyArray_Descr *descr = PyArray_DescrFromType(typenum_of(t->dtype));
  // A view of a read-only array stays read-only in Python too.
  PyObject *arr = PyArray_NewFromDescr(&PyArray_Type, descr, ndim, shape, strides, h.data,
                                       t->readonly ? 0 : NPY_ARRAY_WRITEABLE, nullptr);
  if (!arr) {
    runtime::release(h.meminfo);
    return nullptr;
  }
  PyObject *owner;
  if (h.meminfo) {
    owner = PyCapsule_New(h.meminfo, "pyrite.meminfo", release_capsule);
    if (!owner) {
      runtime::release(h.meminfo);
      Py_DECREF(arr);
      return nullptr;
    }
  } else {
    owner = parent ? parent : Py_None;
    Py_INCREF(owner);
  }
  if (PyArray_SetBaseObject(reinterpret_cast<PyArrayObject *>(arr), owner) < 0) {
    Py_DECREF(arr);
    return nullptr;
  }
  return arr;
}

bool unbox_array(PyObject *obj, const Type *t, void *out) {
  if (!PyArray_Check(obj)) {
    PyErr_Format(PyExc_TypeError, "expected a NumPy array for %s", t->display.c_str());
    return false;
  }
  auto *arr = reinterpret_cast<PyArrayObject *>(obj);
  int ndim = PyArray_NDIM(arr);
  auto *h = static_cast<ArrayHeader *>(out);
  h->meminfo = nullptr;
  h->parent = obj;
  h->nitems = PyArray_SIZE(arr);
  h->itemsize = PyArray_ITEMSIZE(arr);
  h->data = PyArray_BYTES(arr);
  for (int k = 0; k < ndim; ++k) {
    h->dims[k] = PyArray_DIM(arr, k);
    h->dims[ndim + k] = PyArray_STRIDE(arr, k);
  }
  return true;
}

/// A str argument is read in place (the caller keeps it alive for the call).
bool unbox_unicode(PyObject *obj, void *out) {
  if (!PyUnicode_Check(obj)) {
    PyErr_SetString(PyExc_TypeError, "expected a str for unicode_type");
    return false;
  }
  if (PyUnicode_READY(obj) < 0)
    return false;
  data_model::UnicodeHeader h{nullptr, PyUnicode_DATA(obj), int64_t(PyUnicode_GET_LENGTH(obj)),
                              int64_t(PyUnicode_KIND(obj))};
  std::memcpy(out, &h, sizeof h);
  return true;
}

/// A new Python str from a compiled one; releases the compiled one's
/// reference (the caller's).
PyObject *box_unicode(const void *in) {
  data_model::UnicodeHeader h;
  std::memcpy(&h, in, sizeof h);
  PyObject *s = PyUnicode_FromKindAndData(int(h.kind), h.data, Py_ssize_t(h.length));
  runtime::release(h.meminfo);
  return s;
}

template <typename T> void store(void *out, T v) { std::memcpy(out, &v, sizeof v); }
template <typename T> T load(const void *in) {
  T v;
  std::memcpy(&v, in, sizeof v);
  return v;
}

} // namespace

bool unbox(PyObject *obj, const Type *t, void *out) {
  switch (t->kind) {
  case TypeKind::Float: {
    double v = PyFloat_AsDouble(obj);
    if (v == -1.0 && PyErr_Occurred())
      return false;
    t->bits == 32 ? store(out, float(v)) : store(out, v);
    return true;
  }
  case TypeKind::Int: {
    // NumPy integer scalars convert through __index__.
    PyObject *index = PyNumber_Index(obj);
    if (!index)
      return false;
    long long v = t->is_signed ? PyLong_AsLongLong(index)
                               : static_cast<long long>(PyLong_AsUnsignedLongLong(index));
    Py_DECREF(index);
    if (v == -1 && PyErr_Occurred())
      return false;
    switch (t->bits) {
    case 8: store(out, int8_t(v)); break;
    case 16: store(out, int16_t(v)); break;
    case 32: store(out, int32_t(v)); break;
    default: store(out, int64_t(v)); break;
    }
    return true;
  }
  case TypeKind::Bool: {
    int v = PyObject_IsTrue(obj);
    if (v < 0)
      return false;
    store(out, uint8_t(v));
    return true;
  }
  case TypeKind::Array: return unbox_array(obj, t, out);
  case TypeKind::Unicode: return unbox_unicode(obj, out);
  case TypeKind::Dispatcher: return true; // the type says which function; no bits
  case TypeKind::None:
    if (obj != Py_None) {
      PyErr_SetString(PyExc_TypeError, "expected None");
      return false;
    }
    return true; // None has no bits
  case TypeKind::Tuple: {
    if (!PyTuple_Check(obj) || PyTuple_GET_SIZE(obj) != Py_ssize_t(t->elems.size())) {
      PyErr_Format(PyExc_TypeError, "expected a tuple for %s", t->display.c_str());
      return false;
    }
    size_t offset = 0; // the same layout box() reads
    for (size_t k = 0; k < t->elems.size(); ++k) {
      Layout el = layout_of(t->elems[k]);
      offset = align_up(offset, el.align);
      if (!unbox(PyTuple_GET_ITEM(obj, Py_ssize_t(k)), t->elems[k],
                 static_cast<char *>(out) + offset))
        return false;
      offset += el.size;
    }
    return true;
  }
  default:
    PyErr_Format(PyExc_TypeError, "pyrite cannot pass a %s argument", t->display.c_str());
    return false;
  }
}

bool can_box(const Type *t) {
  switch (t->kind) {
  case TypeKind::None:
  case TypeKind::Bool:
  case TypeKind::Int:
  case TypeKind::Float:
  case TypeKind::Unicode:
  case TypeKind::Array: return true;
  case TypeKind::Optional: return can_box(t->dtype);
  case TypeKind::Tuple:
    return std::all_of(t->elems.begin(), t->elems.end(), [](const Type *e) { return can_box(e); });
  default: return false;
  }
}

PyObject *box(const void *in, const Type *t) {
  switch (t->kind) {
  case TypeKind::None: Py_RETURN_NONE;
  case TypeKind::Optional: { // data_model.h: {value, present}
    if (!(load<uint8_t>(static_cast<const char *>(in) + layout_of(t->dtype).size) & 1))
      Py_RETURN_NONE;
    return box(in, t->dtype);
  }
  case TypeKind::Bool: return PyBool_FromLong(load<uint8_t>(in) & 1);
  case TypeKind::Float:
    return PyFloat_FromDouble(t->bits == 32 ? double(load<float>(in)) : load<double>(in));
  case TypeKind::Int:
    if (!t->is_signed && t->bits == 64)
      return PyLong_FromUnsignedLongLong(load<uint64_t>(in));
    switch (t->bits) {
    case 8: return PyLong_FromLong(t->is_signed ? load<int8_t>(in) : load<uint8_t>(in));
    case 16: return PyLong_FromLong(t->is_signed ? load<int16_t>(in) : load<uint16_t>(in));
    case 32:
      return PyLong_FromLongLong(t->is_signed ? int64_t(load<int32_t>(in))
                                              : int64_t(load<uint32_t>(in)));
    default: return PyLong_FromLongLong(load<int64_t>(in));
    }
  case TypeKind::Array: return box_array(in, t);
  case TypeKind::Unicode: return box_unicode(in);
  case TypeKind::Tuple: {
    PyObject *tuple = PyTuple_New(Py_ssize_t(t->elems.size()));
    if (!tuple)
      return nullptr;
    size_t offset = 0;
    for (size_t k = 0; k < t->elems.size(); ++k) {
      Layout el = layout_of(t->elems[k]);
      offset = align_up(offset, el.align);
      PyObject *item = box(static_cast<const char *>(in) + offset, t->elems[k]);
      if (!item) {
        Py_DECREF(tuple);
        return nullptr;
      }
      PyTuple_SET_ITEM(tuple, Py_ssize_t(k), item);
      offset += el.size;
    }
    return tuple;
  }
  default:
    PyErr_Format(PyExc_TypeError, "pyrite cannot return a %s value", t->display.c_str());
    return nullptr;
  }
}

} // namespace pyrite::python
