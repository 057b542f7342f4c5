//===- python/src/aot.cpp - _core.compile_aot and compile_kernels ---------===//
//
// Types each (export name, function, signature) like a dispatcher would,
// then hands them all to driver::compile_shared_object (docs/aot.md), or,
// as GPU kernels, to driver::compile_kernels (docs/cuda.md).
//
//===----------------------------------------------------------------------===//
#include "dispatcher.h"

#include "code_object.h"
#include "compile_support.h"
#include "type_bridge.h"

#include "driver/aot.h"
#include "driver/kernels.h"
#include "support/diagnostics.h"

#include <cstdio>
#include <optional>

namespace pyrite::python {

namespace {

/// Types each (export name, function, [arg types], ret or None) of `items`
/// for `target` like a dispatcher would; fills `entries` and `exports`
/// ({export_name: {"args": [...], "return": ...}}). False with a Python
/// error set.
bool type_entries(const char *target, PyObject *items, std::vector<driver::AotEntry> &entries,
                  PyObject *exports, std::vector<frontend::CodeObject> *codes = nullptr) {
  PyObject *seq = PySequence_Fast(items, "entries must be a sequence");
  if (!seq)
    return false;
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
      // A signature's text ("float32[::1]") or a pyrite type object (what
      // has no text form, such as an array of records).
      bool text_given = item && PyUnicode_Check(item);
      const char *text = text_given ? PyUnicode_AsUTF8(item) : nullptr;
      const Type *t = text ? types::parse(text) : item && !text_given ? type_from_py(item)
                                                                     : nullptr;
      if (!t && text_given)
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
      if (codes)
        codes->push_back(*code);
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
  return ok;
}

} // namespace

PyObject *compile_aot(PyObject *, PyObject *args) {
  const char *target, *output;
  PyObject *items;
  if (!PyArg_ParseTuple(args, "sOs", &target, &items, &output))
    return nullptr;
  std::vector<driver::AotEntry> entries;
  PyObject *exports = PyDict_New();
  if (!type_entries(target, items, entries, exports)) {
    Py_DECREF(exports);
    return nullptr;
  }
  driver::CompileOptions options;
  options.target = target;
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

PyObject *compile_kernels(PyObject *, PyObject *args) {
  const char *target, *kind, *cpu;
  PyObject *items;
  int fastmath = 0, kernel_errors = 0, boundscheck = 0;
  if (!PyArg_ParseTuple(args, "sOssp|pp", &target, &items, &kind, &cpu, &fastmath,
                        &kernel_errors, &boundscheck))
    return nullptr;
  std::string k = kind;
  if (k != "ptx" && k != "cubin") {
    PyErr_Format(PyExc_ValueError, "kind must be 'ptx' or 'cubin', not '%s'", kind);
    return nullptr;
  }
  std::vector<driver::AotEntry> entries;
  std::vector<frontend::CodeObject> codes; // (for errors at a kernel's line)
  PyObject *exports = PyDict_New();
  bool typed = type_entries(target, items, entries, exports, &codes);
  Py_DECREF(exports);
  if (!typed)
    return nullptr;
  driver::CompileOptions options;
  options.target = target;
  options.lower.numpy_errors = true; // error_model='numpy', as numba.cuda kernels
  options.lower.fastmath = fastmath ? PYRITE_FASTMATH_ALL : 0;
  options.lower.kernel_errors = kernel_errors; // (a hidden last parameter: the error record)
  options.lower.boundscheck = boundscheck;
  try {
    std::string bytes = driver::compile_kernels(
        entries, options, k == "ptx" ? PYRITE_ARTIFACT_ASSEMBLY : PYRITE_ARTIFACT_SHARED_OBJECT,
        cpu);
    return PyBytes_FromStringAndSize(bytes.data(), Py_ssize_t(bytes.size()));
  } catch (const driver::KernelCompileError &e) { // at the kernel's line that needs it
    set_compile_error(codes.at(e.kernel), e.kind, e.what(), e.pos,
                      entries.at(e.kernel).typed->arg_types);
    return nullptr;
  } catch (const CompileError &e) { // (after typing: no source position to show)
    set_error(e.kind, e.what());
    return nullptr;
  } catch (const std::exception &e) {
    set_internal_error(e.what());
    return nullptr;
  }
}

} // namespace pyrite::python
