//===- python/src/type_bridge.cpp - core types as pyrite.types objects ----===//
#include "type_bridge.h"
#include "jitclass.h"
#include "records.h"
#include "typeof.h"

#include <string>
#include <unordered_map>

namespace pyrite::python {
namespace {

PyObject *types_module() {
  static PyObject *mod = nullptr;
  if (!mod)
    mod = PyImport_ImportModule("pyrite.types");
  return mod;
}

/// The description tuple of `t` (a new reference).
PyObject *describe(const Type *t) {
  switch (t->kind) {
  case TypeKind::Int: return Py_BuildValue("(siO)", "int", t->bits, t->is_signed ? Py_True : Py_False);
  case TypeKind::Float: return Py_BuildValue("(si)", "float", t->bits);
  case TypeKind::Complex: return Py_BuildValue("(si)", "complex", t->bits);
  case TypeKind::CharSeq: return Py_BuildValue("(ssi)", "charseq", t->name.c_str(), t->bits);
  case TypeKind::Datetime: return Py_BuildValue("(ss)", "datetime", t->name.c_str());
  case TypeKind::Timedelta: return Py_BuildValue("(ss)", "timedelta", t->name.c_str());
  case TypeKind::Bool: return Py_BuildValue("(s)", "bool");
  case TypeKind::None: return Py_BuildValue("(s)", "none");
  case TypeKind::Unicode: return Py_BuildValue("(s)", "unicode");
  case TypeKind::Generator: return Py_BuildValue("(sN)", "generator", describe(t->dtype));
  case TypeKind::Optional: return Py_BuildValue("(sN)", "optional", describe(t->dtype));
  case TypeKind::Set:
    if (!t->dtype)
      return Py_BuildValue("(sO)", "set", Py_None);
    return Py_BuildValue("(sN)", "set", describe(t->dtype));
  case TypeKind::Dict:
    if (!t->is_typed_dict())
      return Py_BuildValue("(sOO)", "dict", Py_None, Py_None);
    return Py_BuildValue("(sNNi)", "dict", describe(t->elems[0]), describe(t->elems[1]), t->bits);
  case TypeKind::List:
    if (!t->dtype)
      return Py_BuildValue("(sO)", "list", Py_None);
    return Py_BuildValue("(sN)", "list", describe(t->dtype));
  case TypeKind::Array: {
    PyObject *dtype = describe(t->dtype);
    if (!dtype)
      return nullptr;
    char layout[2] = {t->layout, 0};
    if (t->is_buffer()) // ("buffer", kind, dtype, ndim, layout, readonly)
      return Py_BuildValue("(ssNisO)", "buffer", t->name.c_str(), dtype, t->ndim, layout,
                           t->readonly ? Py_True : Py_False);
    return Py_BuildValue("(sNisO)", "array", dtype, t->ndim, layout,
                         t->readonly ? Py_True : Py_False);
  }
  case TypeKind::Tuple: {
    if (t->is_named_tuple()) { // ("namedtuple", cls, (elems...))
      PyObject *elems = PyTuple_New(Py_ssize_t(t->elems.size()));
      for (size_t k = 0; elems && k < t->elems.size(); ++k) {
        PyObject *e = describe(t->elems[k]);
        if (!e) {
          Py_CLEAR(elems);
          break;
        }
        PyTuple_SET_ITEM(elems, Py_ssize_t(k), e);
      }
      if (!elems)
        return nullptr;
      return Py_BuildValue("(sON)", "namedtuple", static_cast<PyObject *>(
                                                      const_cast<void *>(t->handle)),
                           elems);
    }
    PyObject *elems = PyTuple_New(Py_ssize_t(t->elems.size()));
    if (!elems)
      return nullptr;
    for (size_t k = 0; k < t->elems.size(); ++k) {
      PyObject *e = describe(t->elems[k]);
      if (!e) {
        Py_DECREF(elems);
        return nullptr;
      }
      PyTuple_SET_ITEM(elems, Py_ssize_t(k), e);
    }
    return Py_BuildValue("(sN)", "tuple", elems);
  }
  case TypeKind::NumberClass:
    if (!t->dtype) // a namedtuple class
      return Py_BuildValue("(sO)", "namedtuple_class",
                           static_cast<PyObject *>(const_cast<void *>(t->handle)));
    return Py_BuildValue("(sN)", "class", describe(t->dtype));
  case TypeKind::Function:
  case TypeKind::Overloaded: // a builtin with library overloads is that builtin (float)
    return Py_BuildValue("(ss)", "function", (t->message.empty() ? t->name : t->message).c_str());
  case TypeKind::Dispatcher: return Py_BuildValue("(ss)", "dispatcher", t->name.c_str());
  case TypeKind::CaughtException: return Py_BuildValue("(s)", "exception");
  case TypeKind::ClassInstance: // ("jitclass", cls): the class describes its attributes
    return Py_BuildValue("(sO)", "jitclass", static_cast<PyObject *>(const_cast<void *>(t->handle)));
  case TypeKind::ClassType:
    return Py_BuildValue("(sO)", "jitclass_class",
                         static_cast<PyObject *>(const_cast<void *>(t->handle)));
  case TypeKind::ExceptionClass: return Py_BuildValue("(ss)", "exception_class", t->name.c_str());
  case TypeKind::Record: { // ("record", np.dtype, display, readonly)
    PyArray_Descr *descr = descr_of(t);
    if (!descr)
      return nullptr;
    return Py_BuildValue("(sNsO)", "record", reinterpret_cast<PyObject *>(descr),
                         t->display.c_str(), t->readonly ? Py_True : Py_False);
  }
  case TypeKind::StringLiteral:
    if (!t->bits)
      return Py_BuildValue("(ss)", "str", t->name.c_str());
    return Py_BuildValue("(ss)", "other", t->display.c_str());
  default: return Py_BuildValue("(ss)", "other", t->display.c_str());
  }
}

const Type *from_description(PyObject *d) {
  if (!PyTuple_Check(d) || PyTuple_GET_SIZE(d) < 1)
    return nullptr;
  const char *kind_text = PyUnicode_AsUTF8(PyTuple_GET_ITEM(d, 0));
  if (!kind_text)
    return nullptr;
  std::string kind = kind_text;
  auto item = [&](Py_ssize_t k) { return PyTuple_GET_ITEM(d, k); };
  if (kind == "bool")
    return types::boolean();
  if (kind == "none")
    return types::none();
  if (kind == "unicode")
    return types::unicode();
  if (kind == "list") {
    if (item(1) == Py_None)
      return types::list(nullptr);
    const Type *e = from_description(item(1));
    return e ? types::list(e) : nullptr;
  }
  if (kind == "set") {
    if (item(1) == Py_None)
      return types::set(nullptr);
    const Type *e = from_description(item(1));
    return e ? types::set(e) : nullptr;
  }
  if (kind == "dict") {
    if (item(1) == Py_None)
      return types::dict(nullptr, nullptr);
    const Type *k = from_description(item(1)), *v = from_description(item(2));
    int view = PyTuple_GET_SIZE(d) > 3 ? int(PyLong_AsLong(item(3))) : 0;
    return k && v ? types::dict(k, v, view) : nullptr;
  }
  if (kind == "optional") {
    const Type *v = from_description(item(1));
    return v ? types::optional(v) : nullptr;
  }
  if (kind == "generator") {
    const Type *y = from_description(item(1));
    return y ? types::generator(y) : nullptr;
  }
  if (kind == "int")
    return types::integer(int(PyLong_AsLong(item(1))), PyObject_IsTrue(item(2)) == 1);
  if (kind == "float") {
    int bits = int(PyLong_AsLong(item(1)));
    return bits == 16 || bits == 32 || bits == 64 ? types::floating(bits) : nullptr;
  }
  if (kind == "charseq") { // ("charseq", "U" or "S", width)
    const char *which = PyUnicode_AsUTF8(item(1));
    long width = PyLong_AsLong(item(2));
    if (!which || width < 1 || width >= 1000000000)
      return nullptr;
    return types::char_seq(which[0] == 'U', int(width));
  }
  if (kind == "datetime" || kind == "timedelta") { // ("datetime", unit)
    const char *unit = PyUnicode_AsUTF8(item(1));
    if (!unit)
      return nullptr;
    const Type *t = types::numpy_dtype_named(std::string(kind == "datetime" ? "M8" : "m8") +
                                             (*unit ? "[" + std::string(unit) + "]" : ""));
    if (!t)
      PyErr_Format(PyExc_TypeError, "pyrite: %s64 has no unit '%s'", kind.c_str(), unit);
    return t;
  }
  if (kind == "complex") {
    int bits = int(PyLong_AsLong(item(1)));
    return bits == 64 || bits == 128 ? types::complex(bits) : nullptr;
  }
  if (kind == "array") {
    const Type *dtype = from_description(item(1));
    const char *layout = PyUnicode_AsUTF8(item(3));
    if (!dtype || !layout || (layout[0] != 'C' && layout[0] != 'F' && layout[0] != 'A'))
      return nullptr;
    return types::array(dtype, int(PyLong_AsLong(item(2))), layout[0],
                        PyObject_IsTrue(item(4)) == 1);
  }
  if (kind == "buffer") {
    const Type *dtype = from_description(item(2));
    const char *name = PyUnicode_AsUTF8(item(1)), *layout = PyUnicode_AsUTF8(item(4));
    if (!dtype || !name || !layout)
      return nullptr;
    return types::buffer(name, dtype, int(PyLong_AsLong(item(3))), layout[0],
                         PyObject_IsTrue(item(5)) == 1);
  }
  if (kind == "jitclass")
    return class_instance_of(item(1));
  if (kind == "record") {
    if (!PyArray_DescrCheck(item(1)))
      return nullptr;
    const Type *t = record_of_descr(reinterpret_cast<PyArray_Descr *>(item(1)));
    bool readonly = PyTuple_GET_SIZE(d) > 2 && PyObject_IsTrue(item(2)) == 1;
    return t && readonly ? types::readonly_record(t) : t;
  }
  if (kind == "jitclass_class") {
    const Type *t = class_instance_of(item(1));
    return t ? types::class_type(t) : nullptr;
  }
  if (kind == "namedtuple") {
    std::vector<const Type *> elems;
    PyObject *items = item(2);
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(items); ++k) {
      const Type *e = from_description(PyTuple_GET_ITEM(items, k));
      if (!e)
        return nullptr;
      elems.push_back(e);
    }
    const Type *cls = named_tuple_class_of(item(1));
    return cls ? types::named_tuple(cls->handle, cls->name, cls->fields, elems) : nullptr;
  }
  if (kind == "tuple") {
    std::vector<const Type *> elems;
    PyObject *items = item(1);
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(items); ++k) {
      const Type *e = from_description(PyTuple_GET_ITEM(items, k));
      if (!e)
        return nullptr;
      elems.push_back(e);
    }
    return types::tuple(elems);
  }
  return nullptr;
}

} // namespace

PyObject *type_to_py(const Type *t) {
  static std::unordered_map<const Type *, PyObject *> cache; // types live forever
  auto it = cache.find(t);
  if (it != cache.end())
    return Py_NewRef(it->second);
  PyObject *mod = types_module();
  PyObject *desc = mod ? describe(t) : nullptr;
  if (!desc)
    return nullptr;
  PyObject *obj = PyObject_CallMethod(mod, "_from_core", "(O)", desc);
  Py_DECREF(desc);
  if (!obj)
    return nullptr;
  cache[t] = Py_NewRef(obj);
  return obj;
}

const Type *type_from_py(PyObject *obj) {
  PyObject *mod = types_module();
  PyObject *desc = mod ? PyObject_CallMethod(mod, "_to_core", "(O)", obj) : nullptr;
  if (!desc)
    return nullptr;
  const Type *t = from_description(desc);
  Py_DECREF(desc);
  if (!t && !PyErr_Occurred()) {
    PyObject *r = PyObject_Repr(obj);
    PyErr_Format(PyExc_TypeError, "pyrite cannot use the type %s in compiled code",
                 r ? PyUnicode_AsUTF8(r) : "?");
    Py_XDECREF(r);
  }
  return t;
}

} // namespace pyrite::python
