//===- python/src/objmode.cpp - objmode blocks run by the interpreter -----===//
#include "objmode.h"
#include "boxing.h"

#include "runtime/pyrite_rt.h"

#include <cstring>
#include <string>
#include <unordered_set>

namespace pyrite::python {
namespace {

/// Unboxes `obj` as a value compiled code owns (unbox() borrows arrays and
/// text from the Python object, which the block's result does not keep):
/// an array adopts its NumPy array, text is copied.
bool unbox_owned(PyObject *obj, const Type *t, void *out) {
  switch (t->kind) {
  case TypeKind::Array: {
    if (!unbox(obj, t, out))
      return false;
    data_model::ArrayHeader h;
    std::memcpy(&h, out, data_model::kArrayFixedBytes);
    if (!h.meminfo && h.parent) {
      h.meminfo = adopt_parent(h.parent);
      if (!h.meminfo) {
        PyErr_NoMemory();
        return false;
      }
      std::memcpy(out, &h.meminfo, sizeof h.meminfo);
    }
    return true;
  }
  case TypeKind::Unicode: {
    if (!unbox(obj, t, out))
      return false;
    data_model::UnicodeHeader h;
    std::memcpy(&h, out, sizeof h);
    PyriteMemInfo *mi = pyrite_rt_meminfo_alloc_small(h.length * h.kind);
    if (!mi) {
      PyErr_NoMemory();
      return false;
    }
    std::memcpy(mi->data, h.data, size_t(h.length * h.kind));
    h.meminfo = mi;
    h.data = mi->data;
    std::memcpy(out, &h, sizeof h);
    return true;
  }
  case TypeKind::Optional: { // {value, present}
    auto *present = static_cast<char *>(out) + layout_of(t->dtype).size;
    std::memset(out, 0, layout_of(t).size);
    if (obj == Py_None)
      return true;
    *present = 1;
    return unbox_owned(obj, t->dtype, out);
  }
  case TypeKind::Tuple: {
    if (!PyTuple_Check(obj) || PyTuple_GET_SIZE(obj) != Py_ssize_t(t->elems.size())) {
      PyErr_Format(PyExc_TypeError, "expected a tuple for %s", t->display.c_str());
      return false;
    }
    size_t offset = 0;
    for (size_t k = 0; k < t->elems.size(); ++k) {
      Layout el = layout_of(t->elems[k]);
      offset = data_model::align_up(offset, el.align);
      if (!unbox_owned(PyTuple_GET_ITEM(obj, Py_ssize_t(k)), t->elems[k],
                       static_cast<char *>(out) + offset))
        return false; // (what the earlier items hold stays: a rare leak on a type error)
      offset += el.size;
    }
    return true;
  }
  case TypeKind::None:
  case TypeKind::Bool:
  case TypeKind::Int:
  case TypeKind::Float:
  case TypeKind::Complex:
  case TypeKind::ClassInstance: // (unbox takes a reference)
    return unbox(obj, t, out);
  default:
    PyErr_Format(PyExc_TypeError, "an objmode block cannot give compiled code a %s",
                 t->display.c_str());
    return false;
  }
}

/// The Python exception being raised, made pending for compiled code: its
/// class chain (pyrite/_objmode.py names it as _resolve.py names classes)
/// and its message.
void raise_in_compiled_code() {
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  PyErr_NormalizeException(&type, &value, &tb);
  static std::unordered_set<std::string> chains; // compiled code keeps the pointer
  std::string chain = "RuntimeError;Exception;BaseException";
  PyObject *mod = PyImport_ImportModule("pyrite._objmode");
  PyObject *text = mod && type ? PyObject_CallMethod(mod, "exception_chain", "O", type) : nullptr;
  if (text && PyUnicode_Check(text))
    chain = PyUnicode_AsUTF8(text);
  Py_XDECREF(text);
  Py_XDECREF(mod);
  PyObject *message = value ? PyObject_Str(value) : nullptr;
  PyErr_Clear();
  const char *cls = chains.insert(chain).first->c_str();
  if (message && PyUnicode_Check(message))
    pyrite_rt_raise_text(cls, PyUnicode_DATA(message), PyUnicode_GET_LENGTH(message),
                         PyUnicode_KIND(message));
  else
    pyrite_rt_raise(cls, "");
  Py_XDECREF(message);
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(tb);
}

} // namespace

int32_t run_object_mode_block(void *fn, const void *input_types, const void *inputs,
                              const void *output_types, void *outputs) {
  PyGILState_STATE gil = PyGILState_Ensure();
  const auto *in_t = static_cast<const Type *>(input_types);
  const auto *out_t = static_cast<const Type *>(output_types);
  PyObject *args = box_borrowed(inputs, in_t);
  PyObject *result = args ? PyObject_CallObject(static_cast<PyObject *>(fn), args) : nullptr;
  Py_XDECREF(args);
  int32_t status = 0;
  if (!result || !unbox_owned(result, out_t, outputs)) {
    raise_in_compiled_code();
    status = 1;
  }
  Py_XDECREF(result);
  PyGILState_Release(gil);
  return status;
}

} // namespace pyrite::python
