//===- python/src/jitclass.cpp - @jitclass instances seen from Python -----===//
#include "jitclass.h"
#include "type_bridge.h"

#include "ir/data_model.h"
#include "runtime/pyrite_rt.h"
#include "runtime/rt_host.h"

#include <cstring>
#include <mutex>
#include <unordered_map>

namespace pyrite::python {
namespace {

/// A Python object holding one reference to a compiled instance.
struct JitClassBox {
  PyObject_HEAD
  data_model::InstanceHeader instance;
};

void box_dealloc(PyObject *self) {
  auto *box = reinterpret_cast<JitClassBox *>(self);
  PyTypeObject *type = Py_TYPE(self);
  runtime::release(box->instance.meminfo);
  type->tp_free(self);
  // JitClassBox is a heap type, so CPython leaves the reference each
  // object holds to its class for the base's dealloc to drop.
  Py_DECREF(type);
}

PyTypeObject *g_box_type = nullptr;

/// Python class -> the core's type of its instances (both live for good).
std::unordered_map<const void *, const Type *> &classes() {
  static std::unordered_map<const void *, const Type *> table;
  return table;
}

} // namespace

PyObject *make_jitclass_box_type() {
  static PyType_Slot slots[] = {
      {Py_tp_dealloc, reinterpret_cast<void *>(box_dealloc)},
      {Py_tp_doc, const_cast<char *>("An instance of a @jitclass: a reference to the "
                                     "object compiled code made.")},
      {0, nullptr}};
  static PyType_Spec spec = {"pyrite._core.JitClassBox", sizeof(JitClassBox), 0,
                             // Only compiled code makes instances (boxing them):
                             // Python cannot make one with no object behind it.
                             Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE |
                                 Py_TPFLAGS_DISALLOW_INSTANTIATION,
                             slots};
  PyObject *type = PyType_FromSpec(&spec);
  if (type)
    g_box_type = reinterpret_cast<PyTypeObject *>(Py_NewRef(type)); // kept for good
  return type;
}

const Type *class_instance_of(PyObject *cls) {
  auto found = classes().find(cls);
  if (found != classes().end())
    return found->second;
  if (!PyType_Check(cls) || !g_box_type ||
      !PyType_IsSubtype(reinterpret_cast<PyTypeObject *>(cls), g_box_type)) {
    PyErr_SetString(PyExc_TypeError, "not a @jitclass");
    return nullptr;
  }
  PyObject *spec = PyObject_CallMethod(cls, "_pyrite_spec_", nullptr);
  if (!spec)
    return nullptr;
  // (name, ((field, pyrite type), ...))
  const char *name = PyTuple_Check(spec) && PyTuple_GET_SIZE(spec) == 2
                         ? PyUnicode_AsUTF8(PyTuple_GET_ITEM(spec, 0))
                         : nullptr;
  if (!name) {
    Py_DECREF(spec);
    if (!PyErr_Occurred())
      PyErr_SetString(PyExc_TypeError, "a @jitclass's _pyrite_spec_ is (name, fields)");
    return nullptr;
  }
  const Type *t = types::class_instance(Py_NewRef(cls), name);
  // Known before its attributes are typed: an attribute may hold the
  // class's own instances (through a deferred type).
  classes()[cls] = t;
  std::vector<std::string> fields;
  std::vector<const Type *> elems;
  PyObject *items = PyTuple_GET_ITEM(spec, 1);
  for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(items); ++k) {
    PyObject *item = PyTuple_GET_ITEM(items, k);
    const char *field = PyUnicode_AsUTF8(PyTuple_GET_ITEM(item, 0));
    const Type *e = field ? type_from_py(PyTuple_GET_ITEM(item, 1)) : nullptr;
    if (!e) {
      classes().erase(cls);
      Py_DECREF(spec);
      return nullptr;
    }
    fields.push_back(field);
    elems.push_back(e);
  }
  Py_DECREF(spec);
  types::define_class_fields(t, fields, elems);
  return t;
}

const Type *typeof_instance(PyObject *obj) {
  if (!g_box_type || !PyObject_TypeCheck(obj, g_box_type))
    return nullptr;
  auto found = classes().find(Py_TYPE(obj));
  if (found != classes().end())
    return found->second;
  const Type *t = class_instance_of(reinterpret_cast<PyObject *>(Py_TYPE(obj)));
  if (!t)
    PyErr_Clear();
  return t;
}

bool unbox_instance(PyObject *obj, const Type *t, void *out) {
  if (typeof_instance(obj) != t) {
    PyErr_Format(PyExc_TypeError, "expected an instance of the jitclass %s, got %s",
                 t->name.c_str(), Py_TYPE(obj)->tp_name);
    return false;
  }
  auto *box = reinterpret_cast<JitClassBox *>(obj);
  auto *mi = static_cast<PyriteMemInfo *>(box->instance.meminfo);
  if (!mi) {
    PyErr_Format(PyExc_TypeError, "this %s object was not made by its constructor",
                 t->name.c_str());
    return false;
  }
  __atomic_add_fetch(&mi->refcount, 1, __ATOMIC_RELAXED);
  std::memcpy(out, &box->instance, sizeof box->instance);
  return true;
}

PyObject *box_instance(const void *in, const Type *t) {
  data_model::InstanceHeader h;
  std::memcpy(&h, in, sizeof h);
  if (!h.meminfo) // an attribute never set
    Py_RETURN_NONE;
  auto *cls = static_cast<PyTypeObject *>(const_cast<void *>(t->handle));
  PyObject *obj = cls->tp_alloc(cls, 0);
  if (!obj) {
    runtime::release(h.meminfo);
    return nullptr;
  }
  reinterpret_cast<JitClassBox *>(obj)->instance = h;
  return obj;
}

} // namespace pyrite::python
