//===- python/src/aot.cpp - _core.compile_aot: shared objects for a target ===//
//
// Types each (export name, function, signature) like a dispatcher would,
// then hands them all to driver::compile_shared_object (docs/aot.md).
//
//===----------------------------------------------------------------------===//
#include "dispatcher.h"

#include "code_object.h"
#include "compile_support.h"

#include "driver/aot.h"
#include "support/diagnostics.h"

#include <cstdio>
#include <optional>

namespace pyrite::python {

PyObject *compile_aot(PyObject *, PyObject *args) {
  const char *target, *output;
  PyObject *items;
  if (!PyArg_ParseTuple(args, "sOs", &target, &items, &output))
    return nullptr;
  PyObject *seq = PySequence_Fast(items, "entries must be a sequence");
  if (!seq)
    return nullptr;
  std::vector<driver::AotEntry> entries;
  PyObject *exports = PyDict_New();
  driver::CompileOptions options;
  options.target = target;
  bool ok = true;
  for (Py_ssize_t k = 0; ok && k < PySequence_Fast_GET_SIZE(seq); ++k) {
    const char *name, *ret_name = nullptr;
    PyObject *py_func, *arg_names, *ret;
    ok = PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, k), "sOOO", &name, &py_func, &arg_names,
                          &ret);
    if (!ok)
      break;
    std::vector<const Type *> types;
    for (Py_ssize_t j = 0; ok && j < PySequence_Size(arg_names); ++j) {
      PyObject *item = PySequence_GetItem(arg_names, j);
      const char *text = item ? PyUnicode_AsUTF8(item) : nullptr;
      const Type *t = text ? types::parse(text) : nullptr;
      if (!t)
        PyErr_Format(PyExc_TypeError, "unknown type '%s' in the signature of %s",
                     text ? text : "?", name);
      Py_XDECREF(item);
      ok = t != nullptr;
      types.push_back(t);
    }
    const Type *declared = nullptr;
    if (ok && ret != Py_None) {
      ret_name = PyUnicode_AsUTF8(ret);
      declared = ret_name ? types::parse(ret_name) : nullptr;
      if (!declared) {
        PyErr_Format(PyExc_TypeError, "unknown return type in the signature of %s", name);
        ok = false;
      }
    }
    if (!ok)
      break;
    std::optional<frontend::CodeObject> code;
    try {
      if (!ensure_plugins(target))
        throw PythonError{};
      code = code_object_of(py_func);
      PyObject *globals = function_globals(py_func);
      if (!globals)
        throw PythonError{};
      PyResolver resolver(globals, typed_callee, target);
      driver::StageTimes times;
      auto typed = driver::type_function(*code, types, resolver, declared, times);
      Py_DECREF(globals);
      entries.push_back({typed, name});
      PyObject *arg_list = PyList_New(0);
      for (const Type *t : typed->arg_types) {
        PyObject *s = PyUnicode_FromString(t->display.c_str());
        PyList_Append(arg_list, s);
        Py_DECREF(s);
      }
      PyObject *desc = Py_BuildValue("{sNss}", "args", arg_list, "return",
                                     typed->types.return_type->display.c_str());
      PyDict_SetItemString(exports, name, desc);
      Py_DECREF(desc);
    } catch (const PythonError &) {
      ok = false;
    } catch (const CompileError &e) {
      set_compile_error(*code, e.kind, e.what(), e.pos, types);
      ok = false;
    } catch (const std::exception &e) {
      set_internal_error(e.what());
      ok = false;
    }
  }
  Py_DECREF(seq);
  if (!ok) {
    Py_DECREF(exports);
    return nullptr;
  }
  try {
    std::string bytes = driver::compile_shared_object(entries, options);
    FILE *f = std::fopen(output, "wb");
    if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) {
      if (f)
        std::fclose(f);
      Py_DECREF(exports);
      return PyErr_SetFromErrnoWithFilename(PyExc_OSError, output);
    }
    std::fclose(f);
  } catch (const std::exception &e) {
    set_internal_error(e.what());
    Py_DECREF(exports);
    return nullptr;
  }
  return exports;
}

} // namespace pyrite::python
