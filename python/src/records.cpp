//===- python/src/records.cpp - structured dtypes as Record types ---------===//
#include "records.h"
#include "datetimes.h"
#include "typeof.h"

#include "ir/data_model.h"
#include "runtime/rt_host.h"

#include <cstring>
#include <map>
#include <mutex>
#include <tuple>
#include <unordered_map>

namespace pyrite::python {
namespace {

// recursive: a nested record's dtype is built while its parent's is
std::recursive_mutex records_mutex;

/// Each structured dtype object seen, kept alive for good so that its
/// address is never another dtype's (typeof's cache is keyed by it).
std::unordered_map<PyArray_Descr *, const Type *> &record_by_descr() {
  static std::unordered_map<PyArray_Descr *, const Type *> table;
  return table;
}

/// The first dtype object seen for each Record type: what boxing gives
/// the arrays and records compiled code returns.
std::unordered_map<const Type *, PyArray_Descr *> &descr_by_record() {
  static std::unordered_map<const Type *, PyArray_Descr *> table;
  return table;
}

/// The NestedArray of a sub-array field of native scalars, or nullptr.
const Type *nested_array_of(PyArray_Descr *field) {
  PyArray_ArrayDescr *sub = PyDataType_SUBARRAY(field);
  if (!sub || !PyArray_DescrCheck(sub->base) || PyDataType_HASFIELDS(sub->base) ||
      PyDataType_HASSUBARRAY(sub->base) || !PyArray_ISNBO(sub->base->byteorder))
    return nullptr;
  const Type *dtype = scalar_of_typenum(sub->base->type_num);
  if (!dtype)
    return nullptr;
  std::vector<int64_t> shape;
  PyObject *dims = sub->shape; // a tuple of ints (NumPy normalizes (3) to (3,))
  if (!PyTuple_Check(dims))
    return nullptr;
  for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(dims); ++k) {
    long long n = PyLong_AsLongLong(PyTuple_GET_ITEM(dims, k));
    if (n < 0) {
      PyErr_Clear();
      return nullptr;
    }
    shape.push_back(n);
  }
  return shape.empty() ? nullptr : types::nested_array(dtype, shape);
}

/// The Record of `descr` built from its fields, or nullptr when a field is
/// neither a native scalar, a nested record nor a sub-array of native
/// scalars (a string, an object).
const Type *build_record(PyArray_Descr *descr) {
  PyObject *names = PyDataType_NAMES(descr), *fields = PyDataType_FIELDS(descr);
  if (!names || !fields || !PyTuple_Check(names) || !PyDict_Check(fields))
    return nullptr;
  std::vector<std::string> field_names;
  std::vector<const Type *> elems;
  std::vector<int64_t> offsets;
  std::vector<std::string> titles;
  if (PyDataType_METADATA(descr)) // (NumPy's metadata has no type of its own here)
    return nullptr;
  for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(names); ++k) {
    PyObject *name = PyTuple_GET_ITEM(names, k);
    PyObject *info = PyDict_GetItem(fields, name); // (dtype, offset[, title])
    const char *text = PyUnicode_AsUTF8(name);
    if (!text || !info || !PyTuple_Check(info) || PyTuple_GET_SIZE(info) < 2) {
      PyErr_Clear();
      return nullptr;
    }
    auto *field = reinterpret_cast<PyArray_Descr *>(PyTuple_GET_ITEM(info, 0));
    if (!PyArray_DescrCheck(field))
      return nullptr;
    const Type *t = PyDataType_HASSUBARRAY(field) ? nested_array_of(field)
                    : !PyArray_ISNBO(field->byteorder) ? nullptr
                    : PyDataType_HASFIELDS(field) ? record_of_descr(field) // a nested record
                                                  : scalar_of_typenum(field->type_num);
    long long offset = PyLong_AsLongLong(PyTuple_GET_ITEM(info, 1));
    if (!t || offset < 0) {
      PyErr_Clear();
      return nullptr;
    }
    std::string title;
    if (PyTuple_GET_SIZE(info) > 2 && PyTuple_GET_ITEM(info, 2) != Py_None) {
      PyObject *text_of_title = PyObject_Str(PyTuple_GET_ITEM(info, 2));
      const char *utf8 = text_of_title ? PyUnicode_AsUTF8(text_of_title) : nullptr;
      if (!utf8) {
        Py_XDECREF(text_of_title);
        PyErr_Clear();
        return nullptr;
      }
      title = utf8;
      Py_DECREF(text_of_title);
    }
    field_names.push_back(text);
    elems.push_back(t);
    offsets.push_back(offset);
    titles.push_back(title);
  }
  if (field_names.empty())
    return nullptr;
  bool aligned = (PyDataType_FLAGS(descr) & NPY_ALIGNED_STRUCT) != 0;
  return types::record(field_names, elems, offsets, int64_t(PyDataType_ELSIZE(descr)), aligned,
                       titles);
}

} // namespace

const Type *record_of_descr(PyArray_Descr *descr) {
  if (!PyDataType_HASFIELDS(descr))
    return nullptr;
  std::lock_guard<std::recursive_mutex> lock(records_mutex);
  auto known = record_by_descr().find(descr);
  if (known != record_by_descr().end())
    return known->second;
  const Type *t = build_record(descr);
  Py_INCREF(descr);
  record_by_descr()[descr] = t;
  if (t && !descr_by_record().count(t)) {
    Py_INCREF(descr);
    descr_by_record()[t] = descr;
  }
  return t;
}

PyArray_Descr *descr_of(const Type *dtype) {
  if (dtype->is_datetime_like())
    return datetime_descr(dtype);
  if (dtype->kind == TypeKind::CharSeq) { // 'U5' / 'S5'
    PyArray_Descr *descr = PyArray_DescrNewFromType(dtype->name == "U" ? NPY_UNICODE : NPY_STRING);
    if (descr)
      PyDataType_SET_ELSIZE(descr, dtype->bits * (dtype->name == "U" ? 4 : 1));
    return descr;
  }
  if (!dtype->is_record())
    return PyArray_DescrFromType(typenum_of(dtype));
  if (dtype->readonly) // the dtype of a record of a read-only array
    dtype = types::record(dtype->fields, dtype->elems, dtype->offsets, dtype->bits,
                          dtype->aligned, dtype->titles);
  std::lock_guard<std::recursive_mutex> lock(records_mutex);
  auto it = descr_by_record().find(dtype);
  if (it == descr_by_record().end()) {
    PyErr_Format(PyExc_TypeError, "pyrite: no NumPy dtype is known for %s",
                 dtype->display.c_str());
    return nullptr;
  }
  Py_INCREF(it->second);
  return it->second;
}

const Type *record_array_type(PyArrayObject *arr, int layout) {
  const Type *record = record_of_descr(PyArray_DESCR(arr));
  if (!record)
    return nullptr;
  static std::map<std::tuple<const Type *, int, int, bool>, const Type *> cache;
  bool writeable = PyArray_ISWRITEABLE(arr) != 0;
  auto key = std::make_tuple(record, PyArray_NDIM(arr), layout, writeable);
  std::lock_guard<std::recursive_mutex> lock(records_mutex);
  const Type *&slot = cache[key];
  if (!slot)
    slot = types::array(record, PyArray_NDIM(arr), "CFA"[layout], !writeable);
  return slot;
}

PyObject *box_record(const void *in, const Type *t) {
  data_model::RecordHeader h;
  std::memcpy(&h, in, sizeof h);
  PyArray_Descr *descr = descr_of(t);
  // A base of nullptr: NumPy copies the element into a new np.void.
  PyObject *scalar = descr ? PyArray_Scalar(h.data, descr, nullptr) : nullptr;
  Py_XDECREF(descr);
  runtime::release(h.meminfo); // the reference the value held
  return scalar;
}

bool unbox_record(PyObject *obj, const Type *t, void *out) {
  const Type *given = PyArray_IsScalar(obj, Void) ? typeof_value(obj) : nullptr;
  if (!given || !(given == t || (t->readonly && types::same_record(given, t)))) {
    PyErr_Format(PyExc_TypeError, "expected a NumPy record of %s", t->display.c_str());
    return false;
  }
  // np.void scalars from indexing a structured array are views of its
  // element; compiled code reads and writes them in place, as NumPy does.
  data_model::RecordHeader h{nullptr, obj, reinterpret_cast<PyVoidScalarObject *>(obj)->obval};
  std::memcpy(out, &h, sizeof h);
  return true;
}

} // namespace pyrite::python
