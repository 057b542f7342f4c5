//===- python/src/compile_support.cpp - shared by the JIT and AOT paths ---===//
//
// Compile errors as Python exceptions, and plugin discovery (declared in
// compile_support.h; dispatcher.cpp and aot.cpp use them).
//
//===----------------------------------------------------------------------===//
#include "compile_support.h"

#include "host/plugin_host.h"

namespace pyrite::python {
namespace {

std::string type_list(const std::vector<const Type *> &ts) {
  std::string s;
  for (size_t k = 0; k < ts.size(); ++k)
    s += (k ? ", " : "") + ts[k]->display;
  return s;
}

} // namespace

/// Raises pyrite.errors.<kind> built by errors._format (with the source line).
void set_compile_error(const frontend::CodeObject &code, const std::string &kind,
                       const std::string &message, const bytecode::Position &pos,
                       const std::vector<const Type *> &args) {
  PyObject *errors = PyImport_ImportModule("pyrite.errors");
  if (!errors)
    return;
  PyObject *exc = PyObject_CallMethod(errors, "_format", "sssiiiss", kind.c_str(),
                                      message.c_str(), code.filename.c_str(), pos.line, pos.col,
                                      pos.end_line == pos.line ? pos.end_col : -1,
                                      code.qualname.c_str(), type_list(args).c_str());
  Py_DECREF(errors);
  if (!exc)
    return;
  PyErr_SetObject(reinterpret_cast<PyObject *>(Py_TYPE(exc)), exc);
  Py_DECREF(exc);
}

void set_error(const std::string &kind, const std::string &message) {
  PyObject *errors = PyImport_ImportModule("pyrite.errors");
  if (!errors)
    return;
  PyObject *cls = PyObject_GetAttrString(errors, kind.c_str());
  Py_DECREF(errors);
  if (!cls)
    return;
  PyErr_SetString(cls, message.c_str());
  Py_DECREF(cls);
}

void set_internal_error(const std::string &message) { set_error("CompilerError", message); }

// --- plugins --------------------------------------------------------------------

/// Discovers the built-in plugins on first use; scans the installed packages'
/// `pyrite.targets` entry points (slow: importlib.metadata) only when no
/// loaded plugin provides `target`.
bool ensure_plugins(const std::string &target) {
  static bool builtins_done = false, entry_points_done = false;
  auto discover = [](const char *function) {
    PyObject *mod = PyImport_ImportModule("pyrite._plugins");
    if (!mod)
      return false;
    PyObject *paths = PyObject_CallMethod(mod, function, nullptr);
    Py_DECREF(mod);
    if (!paths)
      return false;
    std::vector<std::string> dirs;
    for (Py_ssize_t k = 0; k < PyList_Size(paths); ++k)
      dirs.push_back(PyUnicode_AsUTF8(PyList_GET_ITEM(paths, k)));
    Py_DECREF(paths);
    host::PluginHost::instance().discover(dirs);
    return true;
  };
  if (!builtins_done) {
    if (!discover("builtin_paths"))
      return false;
    builtins_done = true;
  }
  if (!entry_points_done && !host::PluginHost::instance().find(target)) {
    if (!discover("entry_point_paths"))
      return false;
    entry_points_done = true;
  }
  return true;
}

} // namespace pyrite::python
