//===- python/src/boxing.cpp - unboxing arguments, boxing results ---------===//
#include "boxing.h"
#include "buffers.h"
#include "datetimes.h"
#include "jitclass.h"
#include "records.h"

#include <algorithm>

#include "runtime/rt_host.h"
#include "typeof.h"

#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "runtime/pyrite_rt.h"

namespace pyrite::python {
namespace {

using data_model::align_up;
using data_model::ArrayHeader;
using data_model::kMaxDims;

void release_capsule(PyObject *capsule) {
  runtime::release(PyCapsule_GetPointer(capsule, "pyrite.meminfo"));
}

/// Whether NumPy dtype `descr` holds elements of type `dtype`.
bool same_dtype(PyArray_Descr *descr, const Type *dtype) {
  if (dtype->is_record())
    return record_of_descr(descr) == dtype;
  if (dtype->is_datetime_like())
    return datetime_of_descr(descr) == dtype;
  if (dtype->kind == TypeKind::CharSeq) // 'U5' / 'S5'
    return descr->type_num == (dtype->name == "U" ? NPY_UNICODE : NPY_STRING) &&
           PyDataType_ELSIZE(descr) == npy_intp(data_model::layout_of(dtype).size);
  return PyArray_EquivTypenums(descr->type_num, typenum_of(dtype));
}

bool same_view(PyArrayObject *parent, const ArrayHeader &h, const Type *t) {
  int ndim = t->ndim;
  // (z.real of a complex array starts where it does, with other elements)
  if (PyArray_NDIM(parent) != ndim || PyArray_BYTES(parent) != h.data ||
      !same_dtype(PyArray_DESCR(parent), t->dtype))
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
  if (parent && t->is_buffer() && !PyArray_Check(parent) && same_buffer(parent, h)) {
    Py_INCREF(parent); // a bytes, bytearray or memoryview argument returned as it came
    runtime::release(h.meminfo);
    return parent;
  }
  if (t->is_buffer() && t->name == "bytes") { // other bytes (an 'S' element read): a copy
    PyObject *bytes = PyBytes_FromStringAndSize(static_cast<const char *>(h.data), h.dims[0]);
    runtime::release(h.meminfo);
    return bytes;
  }
  if (parent && PyArray_Check(parent) &&
      same_view(reinterpret_cast<PyArrayObject *>(parent), h, t)) {
    // The NumPy array itself (also when stored data adopted it: the
    // meminfo that held it is released).
    Py_INCREF(parent);
    runtime::release(h.meminfo);
    return parent;
  }
  npy_intp shape[kMaxDims], strides[kMaxDims];
  for (int k = 0; k < ndim; ++k) {
    shape[k] = h.dims[k];
    strides[k] = h.dims[ndim + k];
  }
  PyArray_Descr *descr = descr_of(t->dtype);
  if (!descr) {
    runtime::release(h.meminfo);
    return nullptr;
  }
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
  } else if (parent && !PyArray_Check(parent)) {
    // A view into a bytes-like argument: based on a memoryview of it, which
    // holds a buffer export, so the object cannot be resized under the
    // array (as np.frombuffer's arrays are based).
    owner = PyMemoryView_FromObject(parent);
    if (!owner) {
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
  if (!PyArray_Check(obj) && t->is_buffer())
    return unbox_buffer(obj, t, out);
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

/// Gives the value at `in` one more reference to the memory it holds (box()
/// takes one over; an item boxed from a list must leave the list its own).
void retain(const void *in, const Type *t) {
  if (t->is_array() || t->kind == TypeKind::Unicode || t->is_list() || t->is_class_instance() ||
      t->is_record()) {
    PyriteMemInfo *mi;
    std::memcpy(&mi, in, sizeof mi); // the meminfo is field 0 of each
    if (mi)
      __atomic_add_fetch(&mi->refcount, 1, __ATOMIC_RELAXED);
  } else if (t->is_table()) { // four lists
    for (unsigned k = 0; k < data_model::kDictParts; ++k)
      retain(static_cast<const char *>(in) + k * sizeof(data_model::ListHeader),
             types::list(types::int64()));
  } else if (t->is_tuple()) {
    size_t offset = 0;
    for (const Type *e : t->elems) {
      Layout el = layout_of(e);
      offset = align_up(offset, el.align);
      retain(static_cast<const char *>(in) + offset, e);
      offset += el.size;
    }
  }
}

/// Where the references sit in an item of type `t` (runtime/pyrite_rt.h);
/// false when there are more than the layout can name.
bool reference_offsets(const Type *t, size_t base, std::vector<int64_t> &out) {
  if (t->is_array() || t->kind == TypeKind::Unicode || t->is_list() || t->is_class_instance() ||
      t->is_record()) {
    out.push_back(int64_t(base));
  } else if (t->is_table()) {
    for (unsigned k = 0; k < data_model::kDictParts; ++k)
      out.push_back(int64_t(base + k * sizeof(data_model::ListHeader)));
  } else if (t->is_tuple()) {
    size_t offset = 0;
    for (const Type *e : t->elems) {
      Layout el = layout_of(e);
      offset = align_up(offset, el.align);
      reference_offsets(e, base + offset, out);
      offset += el.size;
    }
  }
  return out.size() <= PYRITE_MAX_ITEM_REFS;
}

/// The item layout of lists of `item` values, made once per type.
const PyriteItemLayout *item_layout(const Type *item) {
  static std::mutex mutex;
  static std::map<const Type *, std::unique_ptr<PyriteItemLayout>> layouts;
  std::lock_guard<std::mutex> lock(mutex);
  auto &slot = layouts[item];
  if (!slot) {
    std::vector<int64_t> offsets;
    if (!reference_offsets(item, 0, offsets))
      return nullptr;
    slot = std::make_unique<PyriteItemLayout>();
    slot->itemsize = int64_t(layout_of(item).size);
    slot->nrefs = int64_t(offsets.size());
    for (size_t k = 0; k < offsets.size(); ++k)
      slot->ref_offsets[k] = offsets[k];
  }
  return slot.get();
}

/// A native list holding a copy of Python list `obj`'s items; it remembers
/// `obj` to write changes back.
bool unbox_list(PyObject *obj, const Type *t, void *out) {
  if (!PyList_Check(obj)) {
    PyErr_Format(PyExc_TypeError, "expected a list for %s", t->display.c_str());
    return false;
  }
  const PyriteItemLayout *layout = item_layout(t->dtype);
  if (!layout) {
    PyErr_Format(PyExc_TypeError, "pyrite cannot pass a %s argument", t->display.c_str());
    return false;
  }
  Py_ssize_t n = PyList_GET_SIZE(obj);
  PyriteMemInfo *mi = pyrite_rt_list_new(layout, int64_t(n), int64_t(n));
  if (!mi) {
    PyErr_NoMemory();
    return false;
  }
  auto *list = static_cast<PyriteListPayload *>(mi->data);
  for (Py_ssize_t k = 0; k < n; ++k) {
    if (!unbox(PyList_GET_ITEM(obj, k), t->dtype, list->items + k * layout->itemsize)) {
      list->size = k; // what is unboxed so far is released
      runtime::release(mi);
      return false;
    }
  }
  list->parent = obj;
  data_model::ListHeader h{mi, list};
  std::memcpy(out, &h, sizeof h);
  return true;
}

/// A new Python list of the native list's items (each boxed).
PyObject *list_items(const PyriteListPayload *list, const Type *item) {
  PyObject *out = PyList_New(Py_ssize_t(list->size));
  if (!out)
    return nullptr;
  for (int64_t k = 0; k < list->size; ++k) {
    const char *p = list->items + k * list->layout->itemsize;
    retain(p, item);
    PyObject *boxed = box(p, item);
    if (!boxed) {
      Py_DECREF(out);
      return nullptr;
    }
    PyList_SET_ITEM(out, Py_ssize_t(k), boxed);
  }
  return out;
}

/// The items write-backs replaced during the current call: strings and
/// arrays unboxed from them may still be read (a popped item, an item
/// appended to another list), so they live until the results are boxed.
thread_local std::vector<PyObject *> t_replaced;

bool write_back(PyriteListPayload *list, const Type *item) {
  if (!list->parent || !list->dirty)
    return true;
  auto *parent = static_cast<PyObject *>(list->parent);
  PyObject *items = list_items(list, item);
  PyObject *old = items ? PyList_GetSlice(parent, 0, PY_SSIZE_T_MAX) : nullptr;
  if (!old) {
    Py_XDECREF(items);
    return false;
  }
  t_replaced.push_back(old);
  int status = PyList_SetSlice(parent, 0, PY_SSIZE_T_MAX, items);
  Py_DECREF(items);
  list->dirty = 0;
  return status == 0;
}

/// The Python list for a native one: the list it was unboxed from (changes
/// written back), or a new one. Releases the native reference.
PyObject *box_list(const void *in, const Type *t) {
  data_model::ListHeader h;
  std::memcpy(&h, in, sizeof h);
  auto *list = static_cast<PyriteListPayload *>(h.payload);
  PyObject *out = nullptr;
  if (list->parent) {
    if (write_back(list, t->dtype))
      out = Py_NewRef(static_cast<PyObject *>(list->parent));
  } else {
    out = list_items(list, t->dtype);
  }
  runtime::release(h.meminfo);
  return out;
}

// --- dicts (data_model.h: DictHeader) ---------------------------------------

/// The payload of list `part` of a dict value.
PyriteListPayload *dict_part(const data_model::DictHeader &h, unsigned part) {
  return static_cast<PyriteListPayload *>(h.parts[part].payload);
}

void release_dict(const data_model::DictHeader &h) {
  for (const data_model::ListHeader &part : h.parts)
    runtime::release(part.meminfo);
}

/// A native dict (or set) holding copies of Python dict (or set) `obj`'s
/// items in its order, with no hashes and no index yet
/// (pyrite/_library/dicts.py builds them on the first lookup); its keys
/// list remembers `obj` to write changes back. A set's values are True.
bool unbox_table(PyObject *obj, const Type *t, void *out) {
  bool is_set = t->is_set();
  if (is_set ? !PySet_Check(obj) : !PyDict_Check(obj)) {
    PyErr_Format(PyExc_TypeError, "expected a %s for %s", is_set ? "set" : "dict",
                 t->display.c_str());
    return false;
  }
  const Type *parts = types::dict_parts(t);
  data_model::DictHeader h{};
  Py_ssize_t n = is_set ? PySet_Size(obj) : PyDict_Size(obj);
  for (unsigned k = 0; k < data_model::kDictParts; ++k) {
    const PyriteItemLayout *layout = item_layout(parts->elems[k]->dtype);
    int64_t size = k < data_model::kDictHashes ? int64_t(n) : 0;
    PyriteMemInfo *mi = layout ? pyrite_rt_list_new(layout, size, size) : nullptr;
    if (!mi) {
      release_dict(h);
      if (layout)
        PyErr_NoMemory();
      else
        PyErr_Format(PyExc_TypeError, "pyrite cannot pass a %s argument", t->display.c_str());
      return false;
    }
    h.parts[k] = {mi, mi->data};
  }
  PyriteListPayload *keys = dict_part(h, data_model::kDictKeys);
  PyriteListPayload *values = dict_part(h, data_model::kDictValues);
  const Type *key_t = types::table_key(t), *value_t = types::table_value(t);
  auto fail = [&](int64_t k) {
    keys->size = values->size = k; // what is unboxed so far is released (a
    release_dict(h);                // half-unboxed item holds nothing yet)
    return false;
  };
  int64_t k = 0;
  if (is_set) {
    PyObject *it = PyObject_GetIter(obj), *item;
    while (it && (item = PyIter_Next(it))) {
      bool ok = unbox(item, key_t, keys->items + k * keys->layout->itemsize);
      Py_DECREF(item);
      if (!ok) {
        Py_DECREF(it);
        return fail(k);
      }
      values->items[k++] = 1; // True
    }
    Py_XDECREF(it);
    if (PyErr_Occurred())
      return fail(k);
  } else {
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(obj, &pos, &key, &value)) {
      if (!unbox(key, key_t, keys->items + k * keys->layout->itemsize) ||
          !unbox(value, value_t, values->items + k * values->layout->itemsize))
        return fail(k);
      ++k;
    }
  }
  keys->parent = obj;
  std::memcpy(out, &h, sizeof h);
  return true;
}

/// A new Python dict (or set) of the native table's entries that are not deleted.
PyObject *table_items(const data_model::DictHeader &h, const Type *t) {
  const PyriteListPayload *keys = dict_part(h, data_model::kDictKeys);
  const PyriteListPayload *values = dict_part(h, data_model::kDictValues);
  const PyriteListPayload *hashes = dict_part(h, data_model::kDictHashes);
  bool is_set = t->is_set();
  PyObject *out = is_set ? PySet_New(nullptr) : PyDict_New();
  for (int64_t k = 0; out && k < keys->size; ++k) {
    if (k < hashes->size && reinterpret_cast<const int64_t *>(hashes->items)[k] == -1)
      continue; // deleted
    PyObject *key = box_borrowed(keys->items + k * keys->layout->itemsize, types::table_key(t));
    if (is_set) {
      if (!key || PySet_Add(out, key) < 0)
        Py_CLEAR(out);
      Py_XDECREF(key);
      continue;
    }
    PyObject *value =
        key ? box_borrowed(values->items + k * values->layout->itemsize, t->elems[1]) : nullptr;
    if (!value || PyDict_SetItem(out, key, value) < 0)
      Py_CLEAR(out);
    Py_XDECREF(key);
    Py_XDECREF(value);
  }
  return out;
}

/// Writes a changed dict (or set) back into the Python object it came from.
bool write_back_dict(const data_model::DictHeader &h, const Type *t) {
  PyriteListPayload *keys = dict_part(h, data_model::kDictKeys);
  PyriteListPayload *values = dict_part(h, data_model::kDictValues);
  if (!keys->parent || !(keys->dirty || values->dirty))
    return true;
  auto *parent = static_cast<PyObject *>(keys->parent);
  PyObject *items = table_items(h, t);
  PyObject *old = items ? (t->is_set() ? PySet_New(parent) : PyDict_Copy(parent)) : nullptr;
  if (!old) {
    Py_XDECREF(items);
    return false;
  }
  t_replaced.push_back(old); // values read from it may still be in use
  int status;
  if (t->is_set()) {
    status = PySet_Clear(parent);
    PyObject *it = status == 0 ? PyObject_GetIter(items) : nullptr, *item;
    while (it && (item = PyIter_Next(it))) {
      if (PySet_Add(parent, item) < 0)
        status = -1;
      Py_DECREF(item);
    }
    Py_XDECREF(it);
    if (!it || PyErr_Occurred())
      status = -1;
  } else {
    PyDict_Clear(parent);
    status = PyDict_Update(parent, items);
  }
  Py_DECREF(items);
  keys->dirty = values->dirty = 0;
  return status == 0;
}

/// The Python dict for a native one: the dict it was unboxed from (changes
/// written back), or a new one. Releases the native reference.
PyObject *box_dict(const void *in, const Type *t) {
  data_model::DictHeader h;
  std::memcpy(&h, in, sizeof h);
  PyObject *parent = static_cast<PyObject *>(dict_part(h, data_model::kDictKeys)->parent);
  PyObject *out = nullptr;
  if (parent) {
    if (write_back_dict(h, t))
      out = Py_NewRef(parent);
  } else {
    out = table_items(h, t);
  }
  release_dict(h);
  return out;
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
  case TypeKind::Datetime:
  case TypeKind::Timedelta: return unbox_datetime(obj, t, out);
  case TypeKind::Complex: { // {real, imag}
    Py_complex v = PyComplex_AsCComplex(obj);
    if (v.real == -1.0 && PyErr_Occurred())
      return false;
    if (t->bits == 64) {
      float parts[2] = {float(v.real), float(v.imag)};
      std::memcpy(out, parts, sizeof parts);
    } else {
      double parts[2] = {v.real, v.imag};
      std::memcpy(out, parts, sizeof parts);
    }
    return true;
  }
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
  case TypeKind::Record: return unbox_record(obj, t, out);
  case TypeKind::Unicode: return unbox_unicode(obj, out);
  case TypeKind::List: return unbox_list(obj, t, out);
  case TypeKind::ClassInstance: return unbox_instance(obj, t, out);
  case TypeKind::Dict:
  case TypeKind::Set: return unbox_table(obj, t, out);
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
  case TypeKind::Complex:
  case TypeKind::Datetime:
  case TypeKind::Timedelta:
  case TypeKind::Array:
  case TypeKind::Record: return true;
  case TypeKind::Optional: return can_box(t->dtype);
  case TypeKind::List: return t->dtype && can_box(t->dtype);
  case TypeKind::ClassInstance: return true;
  case TypeKind::Dict: // (not a view: d.values() stays in compiled code)
    return t->is_typed_dict() && !t->bits && can_box(t->elems[0]) && can_box(t->elems[1]);
  case TypeKind::Set: return t->dtype && can_box(t->dtype);
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
  case TypeKind::Complex: {
    if (t->bits == 64) {
      float parts[2];
      std::memcpy(parts, in, sizeof parts);
      return PyComplex_FromDoubles(parts[0], parts[1]);
    }
    double parts[2];
    std::memcpy(parts, in, sizeof parts);
    return PyComplex_FromDoubles(parts[0], parts[1]);
  }
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
  case TypeKind::Record: return box_record(in, t);
  case TypeKind::Datetime:
  case TypeKind::Timedelta: return box_datetime(in, t);
  case TypeKind::Unicode: return box_unicode(in);
  case TypeKind::List: return box_list(in, t);
  case TypeKind::ClassInstance: return box_instance(in, t);
  case TypeKind::Dict:
  case TypeKind::Set: return box_dict(in, t);
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
    if (t->is_named_tuple()) { // Point(*items)
      PyObject *named = PyObject_Call(static_cast<PyObject *>(const_cast<void *>(t->handle)),
                                      tuple, nullptr);
      Py_DECREF(tuple);
      return named;
    }
    return tuple;
  }
  default:
    PyErr_Format(PyExc_TypeError, "pyrite cannot return a %s value", t->display.c_str());
    return nullptr;
  }
}

PyObject *box_borrowed(const void *in, const Type *t) {
  retain(in, t);
  return box(in, t);
}

void release_replaced_items() {
  std::vector<PyObject *> replaced;
  replaced.swap(t_replaced);
  for (PyObject *old : replaced)
    Py_DECREF(old);
}

bool owns_memory(const Type *t) {
  if (t->is_list() || t->is_table() || t->is_class_instance())
    return true;
  if (t->is_optional())
    return owns_memory(t->dtype);
  if (t->is_tuple())
    return std::any_of(t->elems.begin(), t->elems.end(), owns_memory);
  return false;
}

bool release_argument(void *in, const Type *t) {
  if (t->is_list()) {
    data_model::ListHeader h;
    std::memcpy(&h, in, sizeof h);
    bool ok = write_back(static_cast<PyriteListPayload *>(h.payload), t->dtype);
    runtime::release(h.meminfo);
    return ok;
  }
  if (t->is_table()) {
    data_model::DictHeader h;
    std::memcpy(&h, in, sizeof h);
    bool ok = write_back_dict(h, t);
    release_dict(h);
    return ok;
  }
  if (t->is_optional()) { // {value, present}: the value's, when present
    const auto *present = static_cast<const char *>(in) + layout_of(t->dtype).size;
    return !(*present & 1) || release_argument(in, t->dtype);
  }
  if (t->is_class_instance()) { // unboxing took a reference
    data_model::InstanceHeader h;
    std::memcpy(&h, in, sizeof h);
    runtime::release(h.meminfo);
    return true;
  }
  bool ok = true;
  if (t->is_tuple()) {
    size_t offset = 0;
    for (const Type *e : t->elems) {
      Layout el = layout_of(e);
      offset = align_up(offset, el.align);
      if (owns_memory(e))
        ok = release_argument(static_cast<char *>(in) + offset, e) && ok;
      offset += el.size;
    }
  }
  return ok;
}

namespace {

/// The destructor of an adopted array's meminfo: drops the NumPy array.
void release_parent(void *data) {
  PyObject *parent;
  std::memcpy(&parent, data, sizeof parent);
  PyGILState_STATE gil = PyGILState_Ensure();
  Py_DECREF(parent);
  PyGILState_Release(gil);
}

} // namespace

PyriteMemInfo *adopt_parent(void *parent) {
  PyriteMemInfo *mi = pyrite_rt_meminfo_alloc_small(sizeof(PyObject *));
  if (!mi)
    return nullptr;
  PyGILState_STATE gil = PyGILState_Ensure();
  auto *object = static_cast<PyObject *>(parent);
  PyObject *held;
  if (PyArray_Check(object)) {
    held = Py_NewRef(object);
  } else {
    // A bytes-like argument: a memoryview of it holds a buffer export, so
    // the object cannot be resized while compiled code keeps its memory.
    held = PyMemoryView_FromObject(object);
    if (!held)
      PyErr_Clear(); // (it gave a buffer when unboxed; an object that no longer does)
  }
  PyGILState_Release(gil);
  if (!held) {
    runtime::release(mi); // (no destructor yet: just freed)
    return nullptr;
  }
  std::memcpy(mi->data, &held, sizeof held);
  mi->dtor = release_parent;
  return mi;
}

} // namespace pyrite::python
