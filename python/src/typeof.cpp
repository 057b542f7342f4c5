//===- python/src/typeof.cpp - fingerprinting arguments -------------------===//
#include "typeof.h"
#include "jitclass.h"
#include "datetimes.h"
#include "records.h"

#include "dispatcher.h"
#include "type_bridge.h"
#include "typing/typer.h"

#include <array>
#include <set>

namespace pyrite::python {

const Type *scalar_of_typenum(int typenum) {
  // 'q'/'Q' (long long) are 64-bit integers under another C name where long
  // is 64 bits; NPY_INT64 names only one of the two.
  if (typenum == NPY_LONGLONG && sizeof(long long) == 8)
    return types::int64();
  if (typenum == NPY_ULONGLONG && sizeof(long long) == 8)
    return types::integer(64, false);
  switch (typenum) {
  case NPY_FLOAT64: return types::float64();
  case NPY_FLOAT32: return types::float32();
  case NPY_HALF: return types::floating(16); // (GPU kernels only: lower/lower_types.cpp)
  case NPY_COMPLEX128: return types::complex(128);
  case NPY_COMPLEX64: return types::complex(64);
  case NPY_INT64: return types::int64();
  case NPY_INT32: return types::int32();
  case NPY_INT16: return types::integer(16);
  case NPY_INT8: return types::integer(8);
  case NPY_UINT64: return types::integer(64, false);
  case NPY_UINT32: return types::integer(32, false);
  case NPY_UINT16: return types::integer(16, false);
  case NPY_UINT8: return types::integer(8, false);
  case NPY_BOOL: return types::boolean();
  default: return nullptr;
  }
}

int typenum_of(const Type *t) {
  if (t->is_bool())
    return NPY_BOOL;
  if (t->is_float())
    return t->bits == 16 ? NPY_HALF : t->bits == 32 ? NPY_FLOAT32 : NPY_FLOAT64;
  if (t->is_complex())
    return t->bits == 64 ? NPY_COMPLEX64 : NPY_COMPLEX128;
  switch (t->bits) {
  case 8: return t->is_signed ? NPY_INT8 : NPY_UINT8;
  case 16: return t->is_signed ? NPY_INT16 : NPY_UINT16;
  case 32: return t->is_signed ? NPY_INT32 : NPY_UINT32;
  default: return t->is_signed ? NPY_INT64 : NPY_UINT64;
  }
}

namespace {

constexpr int kMaxTypenum = 32, kMaxNdim = 16;

/// Interned array types by [typenum][ndim][contiguous][writeable], filled
/// lazily.
/// `layout`: 0 for 'C' (C-contiguous), 1 for 'F' (Fortran-contiguous and not
/// C, so at least 2-d), 2 for 'A'.
const Type *array_type(int typenum, int ndim, int layout, bool writeable) {
  static std::array<const Type *, kMaxTypenum * (kMaxNdim + 1) * 6> cache{};
  if (typenum < 0 || typenum >= kMaxTypenum || ndim > kMaxNdim)
    return nullptr;
  const Type *&slot =
      cache[((typenum * (kMaxNdim + 1) + ndim) * 3 + layout) * 2 + writeable];
  if (!slot) {
    const Type *dtype = scalar_of_typenum(typenum);
    if (!dtype)
      return nullptr;
    slot = types::array(dtype, ndim, "CFA"[layout], !writeable);
  }
  return slot;
}

} // namespace

/// A list argument: a list of its items' type (ints with floats make
/// float64 items, as Numba's unification). Empty lists, lists of lists
/// (no reflection into nested lists) and items of different types have no
/// type here: the dispatcher says why.
namespace {
bool holds_a_list(const Type *t) {
  if (t->is_list() || t->is_table())
    return true;
  if (t->is_tuple())
    for (const Type *e : t->elems)
      if (holds_a_list(e))
        return true;
  return false;
}
} // namespace

const Type *typeof_list(PyObject *obj) {
  Py_ssize_t n = PyList_GET_SIZE(obj);
  if (n == 0)
    return nullptr;
  const Type *item = nullptr;
  for (Py_ssize_t k = 0; k < n; ++k) {
    const Type *t = typeof_value(PyList_GET_ITEM(obj, k));
    if (!t || holds_a_list(t) || t->kind == TypeKind::Dispatcher || t->kind == TypeKind::None)
      return nullptr;
    if (item && t != item) {
      const Type *u = types::unify(item, t);
      if (!u || !(item->is_number() && t->is_number()))
        return nullptr;
      t = u;
    }
    item = t;
  }
  return types::list(item);
}

/// A memoryview of C-contiguous unsigned bytes (format "B"), the other
/// memoryviews have no type here: np.asarray(view) gives their elements.
static const Type *typeof_memoryview(PyObject *obj) {
  Py_buffer view; // (asked for, not read off the object: it may have been released)
  if (PyObject_GetBuffer(obj, &view, PyBUF_FORMAT | PyBUF_STRIDES) < 0) {
    PyErr_Clear();
    return nullptr;
  }
  bool bytes = view.itemsize == 1 && (!view.format || std::string(view.format) == "B") &&
               PyBuffer_IsContiguous(&view, 'C') && view.ndim <= 1;
  bool readonly = view.readonly;
  PyBuffer_Release(&view);
  if (!bytes)
    return nullptr;
  static const Type *writable_t =
      types::buffer("memoryview", types::integer(8, false), 1, 'C', false);
  static const Type *readonly_t =
      types::buffer("memoryview", types::integer(8, false), 1, 'C', true);
  return readonly ? readonly_t : writable_t;
}

/// The type a typed.Dict or typed.List says it has (`_numba_type_`), or nullptr.
const Type *declared_type(PyObject *obj) {
  PyObject *declared = PyObject_GetAttrString(obj, "_numba_type_");
  if (!declared) {
    PyErr_Clear();
    return nullptr;
  }
  const Type *t = type_from_py(declared);
  Py_DECREF(declared);
  if (!t)
    PyErr_Clear();
  return t;
}

/// A dict argument: a dict of its keys' and values' unified types (ints with
/// floats make float64, as for lists); or, for a typed.Dict (a dict subclass
/// with `_numba_type_`), the types it was made with, even empty. Empty plain
/// dicts, keys that are not hashable values and values holding lists or
/// dicts (which would not be written back) have no type here.
const Type *typeof_dict(PyObject *obj) {
  if (!PyDict_CheckExact(obj)) {
    const Type *t = declared_type(obj);
    return t && t->is_typed_dict() ? t : nullptr;
  }
  const Type *types_of[2] = {nullptr, nullptr};
  Py_ssize_t pos = 0;
  PyObject *key, *value;
  while (PyDict_Next(obj, &pos, &key, &value)) {
    PyObject *item[2] = {key, value};
    for (int k = 0; k < 2; ++k) {
      const Type *t = typeof_value(item[k]);
      if (!t || holds_a_list(t) || t->kind == TypeKind::Dispatcher ||
          t->kind == TypeKind::None || (k == 0 && !typing::dict_key_type(t)))
        return nullptr;
      if (types_of[k] && t != types_of[k]) {
        const Type *u = types::unify(types_of[k], t);
        if (!u || !(types_of[k]->is_number() && t->is_number()))
          return nullptr;
        t = u;
      }
      types_of[k] = t;
    }
  }
  return types_of[0] ? types::dict(types_of[0], types_of[1]) : nullptr;
}

namespace {
/// Keeps namedtuple class `cls` alive for good, once: types name it by its
/// address, and types live for the process.
void keep_class(PyObject *cls) {
  static std::set<PyObject *> kept;
  if (kept.insert(cls).second)
    Py_INCREF(cls);
}
} // namespace

bool named_tuple_fields(PyObject *cls, std::string &name, std::vector<std::string> &fields) {
  PyObject *names = PyObject_GetAttrString(cls, "_fields");
  if (!names)
    return false;
  PyObject *seq = PySequence_Fast(names, "namedtuple _fields must be a sequence");
  Py_DECREF(names);
  if (!seq)
    return false;
  for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(seq); ++k) {
    const char *field = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(seq, k));
    if (!field) {
      Py_DECREF(seq);
      return false;
    }
    fields.push_back(field);
  }
  Py_DECREF(seq);
  name = reinterpret_cast<PyTypeObject *>(cls)->tp_name;
  return true;
}

const Type *named_tuple_class_of(PyObject *cls) {
  std::string name;
  std::vector<std::string> fields;
  if (!named_tuple_fields(cls, name, fields))
    return nullptr;
  keep_class(cls);
  return types::named_tuple_class(cls, name, fields);
}

/// A namedtuple argument: its class's fields holding its items' types.
const Type *typeof_named_tuple(PyObject *obj) {
  PyObject *cls = reinterpret_cast<PyObject *>(Py_TYPE(obj));
  std::string name;
  std::vector<std::string> fields;
  if (!named_tuple_fields(cls, name, fields) ||
      fields.size() != size_t(PyTuple_GET_SIZE(obj))) {
    PyErr_Clear();
    return nullptr;
  }
  std::vector<const Type *> elems;
  for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(obj); ++k) {
    const Type *t = typeof_value(PyTuple_GET_ITEM(obj, k));
    if (!t)
      return nullptr;
    elems.push_back(t);
  }
  keep_class(cls);
  return types::named_tuple(cls, name, fields, elems);
}

/// A set argument: a set of its items' unified type (empty sets have none).
const Type *typeof_set(PyObject *obj) {
  const Type *item = nullptr;
  PyObject *it = PyObject_GetIter(obj), *x;
  while (it && (x = PyIter_Next(it))) {
    const Type *t = typeof_value(x);
    Py_DECREF(x);
    if (t && item && t != item)
      t = item->is_number() && t->is_number() ? types::unify(item, t) : nullptr;
    if (!t || !typing::dict_key_type(t)) {
      item = nullptr;
      break;
    }
    item = t;
  }
  Py_XDECREF(it);
  PyErr_Clear();
  return item ? types::set(item) : nullptr;
}

const Type *typeof_value(PyObject *obj) {
  PyTypeObject *tp = Py_TYPE(obj);
  if (tp == &PyFloat_Type) {
    static const Type *f64 = types::float64();
    return f64;
  }
  if (tp == &PyLong_Type) {
    // int64, as in Numba; uint64 for 2**63 <= v < 2**64 (numba.typeof
    // too). Beyond, int64: converting it raises OverflowError.
    static const Type *i64 = types::int64(), *u64 = types::integer(64, false);
    int overflow = 0;
    PyLong_AsLongLongAndOverflow(obj, &overflow);
    if (overflow > 0) {
      PyLong_AsUnsignedLongLong(obj);
      if (!PyErr_Occurred())
        return u64;
      PyErr_Clear();
    }
    return i64;
  }
  if (tp == &PyComplex_Type) {
    static const Type *c128 = types::complex(128);
    return c128;
  }
  if (tp == &PyBool_Type) {
    static const Type *b = types::boolean();
    return b;
  }
  if (tp == &PyUnicode_Type) {
    static const Type *str = types::unicode();
    return str;
  }
  if (obj == Py_None) { // an argument left at its None default, or passed None
    static const Type *none = types::none();
    return none;
  }
  if (PyArray_Check(obj)) {
    auto *arr = reinterpret_cast<PyArrayObject *>(obj);
    // Compiled code reads elements as native, aligned values; other arrays
    // have no pyrite type (the dispatcher says why).
    if (!PyArray_ISNOTSWAPPED(arr) || !PyArray_ISALIGNED(arr))
      return nullptr;
    int layout = PyArray_IS_C_CONTIGUOUS(arr) ? 0 : PyArray_IS_F_CONTIGUOUS(arr) ? 1 : 2;
    if (PyArray_TYPE(arr) == NPY_VOID) // a structured array
      return record_array_type(arr, layout);
    if (PyTypeNum_ISDATETIME(PyArray_TYPE(arr)))
      return datetime_array_type(arr, layout);
    if (PyArray_TYPE(arr) == NPY_UNICODE || PyArray_TYPE(arr) == NPY_STRING) { // 'U5', 'S5'
      bool unicode = PyArray_TYPE(arr) == NPY_UNICODE;
      npy_intp width = PyArray_ITEMSIZE(arr) / (unicode ? 4 : 1);
      if (width < 1 || width >= 1000000000 || PyArray_NDIM(arr) > 16)
        return nullptr;
      return types::array(types::char_seq(unicode, int(width)), PyArray_NDIM(arr),
                          "CFA"[layout], !PyArray_ISWRITEABLE(arr));
    }
    return array_type(PyArray_TYPE(arr), PyArray_NDIM(arr), layout,
                      PyArray_ISWRITEABLE(arr) != 0);
  }
  if (tp == &PyBytes_Type) { // Numba's Bytes(uint8, 1d, C): read-only
    static const Type *bytes = types::buffer("bytes", types::integer(8, false), 1, 'C', true);
    return bytes;
  }
  if (tp == &PyByteArray_Type) {
    static const Type *bytearray =
        types::buffer("bytearray", types::integer(8, false), 1, 'C', false);
    return bytearray;
  }
  if (PyMemoryView_Check(obj)) // a C-contiguous memoryview of unsigned bytes
    return typeof_memoryview(obj);
  if (tp == &PyTuple_Type) {
    // Tuples of supported values (and the *args tuple): interned by their
    // element types, which costs a lookup by name, so they stay off the
    // hot path of calls without tuples.
    std::vector<const Type *> elems;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(obj); ++k) {
      const Type *t = typeof_value(PyTuple_GET_ITEM(obj, k));
      if (!t)
        return nullptr;
      elems.push_back(t);
    }
    return types::tuple(elems);
  }
  if (PyTuple_Check(obj)) // a tuple subclass: a namedtuple, or nothing
    return typeof_named_tuple(obj);
  if (tp == &PyList_Type)
    return typeof_list(obj);
  if (PyList_Check(obj)) { // a typed.List: its declared type
    const Type *t = declared_type(obj);
    return t && t->is_list() && t->dtype ? t : nullptr;
  }
  if (PyDict_Check(obj))
    return typeof_dict(obj);
  if (PySet_Check(obj)) // (a frozenset cannot take changes back)
    return typeof_set(obj);
  if (const Type *t = typeof_dispatcher(obj))
    return t;
  if (const Type *t = typeof_instance(obj))
    return t;
  if (PyArray_IsScalar(obj, Void)) { // a record of a structured array
    auto *scalar = reinterpret_cast<PyVoidScalarObject *>(obj);
    const Type *t = record_of_descr(scalar->descr);
    // (a view of a read-only array's element, or of bytes, is read-only)
    return t && !(scalar->flags & NPY_ARRAY_WRITEABLE) ? types::readonly_record(t) : t;
  }
  if (const Type *t = typeof_datetime_scalar(obj))
    return t;
  if (PyArray_IsScalar(obj, Generic)) {
    PyArray_Descr *descr = PyArray_DescrFromScalar(obj);
    const Type *t = scalar_of_typenum(descr->type_num);
    Py_DECREF(descr);
    return t;
  }
  return nullptr;
}

} // namespace pyrite::python
