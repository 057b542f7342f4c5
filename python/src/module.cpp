//===- python/src/module.cpp - the pyrite._core extension module ----------===//
//
// pybind11 glue for everything but the call path (dispatcher.cpp): plugin
// discovery and listing, the bytecode decoder, typeof, allocation counters.
//
//===----------------------------------------------------------------------===//
#define PYRITE_NUMPY_IMPORT
#include "numpy_api.h"

#include "dispatcher.h"
#include "jitclass.h"
#include "objmode.h"
#include "type_bridge.h"
#include "typeof.h"

#include "bytecode/decoder.h"
#include "code_object.h"
#include "frontend/frontend.h"
#include "support/diagnostics.h"
#include "host/plugin_host.h"
#include "typing/typer.h"
#include "boxing.h"
#include "runtime/pyrite_rt.h"
#include "runtime/rt_host.h"

#include <cstring>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;
using namespace pyrite;

namespace {

py::list decode_bytecode(py::object code) {
  bytecode::CodeBytes cb;
  cb.py_major = PY_MAJOR_VERSION;
  cb.py_minor = PY_MINOR_VERSION;
  cb.code = py::bytes(code.attr("co_code"));
  cb.linetable = py::bytes(code.attr("co_linetable"));
  cb.first_line = code.attr("co_firstlineno").cast<int>();
  py::list out;
  try {
    for (const auto &in : bytecode::decode(cb))
      out.append(py::make_tuple(in.offset, std::string(in.opname),
                                std::string(bytecode::op_name(in.op)), in.arg, in.jump_target,
                                in.pos.line, in.pos.end_line, in.pos.col, in.pos.end_col,
                                in.oparg, int(in.part)));
  } catch (const bytecode::DecodeError &e) {
    throw py::value_error(e.what());
  }
  return out;
}

py::dict describe_plugin(const host::LoadedPlugin &p) {
  const PyriteTargetDesc *t = p.table->target;
  py::dict d;
  d["name"] = p.name;
  d["parent"] = p.parent;
  d["path"] = p.path;
  d["plugin_name"] = std::string(p.table->plugin_name);
  d["version"] = p.version;
  d["abi"] = std::to_string(p.abi_major) + "." + std::to_string(p.abi_minor);
  d["triple"] = std::string(t->triple);
  d["cpu"] = std::string(t->cpu ? t->cpu : "");
  d["output_hash"] = std::string(p.table->output_hash ? p.table->output_hash : "");
  py::list caps;
  static const std::pair<uint64_t, const char *> names[] = {
      {PYRITE_CAP_IN_PROCESS_JIT, "jit"},     {PYRITE_CAP_CROSS_AOT, "cross-aot"},
      {PYRITE_CAP_DEVICE_MEMORY, "device-memory"}, {PYRITE_CAP_KERNELS, "kernels"},
      {PYRITE_CAP_BARRIERS, "barriers"},      {PYRITE_CAP_ATOMICS, "atomics"},
      {PYRITE_CAP_FP64, "fp64"},              {PYRITE_CAP_PARALLEL_REGIONS, "parallel"}};
  for (const auto &[bit, name] : names)
    if (t->capabilities & bit)
      caps.append(name);
  d["capabilities"] = caps;
  py::list devices;
  const PyriteRuntime *rt = p.table->runtime;
  PyriteDeviceInfoArgs info{};
  info.struct_size = sizeof info;
  if (rt && rt->device_count && rt->device_count(p.state(), &info) == PYRITE_OK)
    for (uint32_t k = 0, count = info.count; k < count; ++k) {
      info = PyriteDeviceInfoArgs{};
      info.struct_size = sizeof info;
      info.index = k;
      if (rt->device_info && rt->device_info(p.state(), &info) == PYRITE_OK)
        devices.append(std::string(info.name, strnlen(info.name, sizeof info.name)));
    }
  d["devices"] = devices;
  return d;
}

/// print() from compiled code: collects the arguments as Python objects and
/// hands them to builtins.print, so the output matches CPython's exactly.
void print_sink(int32_t kind, int64_t i, double f, const char *s) {
  thread_local PyObject *items = nullptr;
  PyGILState_STATE gil = PyGILState_Ensure();
  if (!items)
    items = PyList_New(0);
  PyObject *item = nullptr;
  switch (kind) {
  case PYRITE_PRINT_INT: item = PyLong_FromLongLong(i); break;
  case PYRITE_PRINT_UINT: item = PyLong_FromUnsignedLongLong(uint64_t(i)); break;
  case PYRITE_PRINT_FLOAT: item = PyFloat_FromDouble(f); break;
  case PYRITE_PRINT_BOOL: item = PyBool_FromLong(long(i)); break;
  case PYRITE_PRINT_STR: item = PyUnicode_FromString(s ? s : ""); break;
  case PYRITE_PRINT_NONE: item = Py_NewRef(Py_None); break;
  case PYRITE_PRINT_VALUE: // the value stays the compiled code's: box a reference of our own
    item = pyrite::python::box_borrowed(s, reinterpret_cast<const pyrite::Type *>(uintptr_t(i)));
    break;
  case PYRITE_PRINT_UNICODE:
    item = PyUnicode_FromKindAndData(int((i >> 56) & 0xFF), s, i & 0xFFFFFFFFFFFFFFll);
    break;
  default: {
    // print(*items) as one write of the whole line, so that lines printed
    // by the threads of a parallel region do not interleave.
    PyObject *texts = PyList_New(0);
    for (Py_ssize_t k = 0; texts && k < PyList_GET_SIZE(items); ++k) {
      PyObject *text = PyObject_Str(PyList_GET_ITEM(items, k));
      if (!text || PyList_Append(texts, text) < 0)
        Py_CLEAR(texts);
      Py_XDECREF(text);
    }
    PyObject *sep = PyUnicode_FromString(" ");
    PyObject *joined = texts && sep ? PyUnicode_Join(sep, texts) : nullptr;
    PyObject *line = joined ? PyUnicode_FromFormat("%U\n", joined) : nullptr;
    PyObject *out = PySys_GetObject("stdout"); // borrowed
    PyObject *r = line && out && out != Py_None ? PyObject_CallMethod(out, "write", "O", line)
                                                : nullptr;
    if (!r && PyErr_Occurred())
      PyErr_WriteUnraisable(out);
    Py_XDECREF(r);
    Py_XDECREF(line);
    Py_XDECREF(joined);
    Py_XDECREF(sep);
    Py_XDECREF(texts);
    PyList_SetSlice(items, 0, PyList_GET_SIZE(items), nullptr);
  }
  }
  if (item) {
    PyList_Append(items, item);
    Py_DECREF(item);
  }
  PyGILState_Release(gil);
}

} // namespace

// CPython's hash of bytes (exported by every CPython 3.11-3.13; in 3.13
// declared only by an internal header), so hash(str) matches the interpreter.
extern "C" Py_hash_t _Py_HashBytes(const void *, Py_ssize_t);

int64_t python_bytes_hash(const void *data, int64_t nbytes) {
  return int64_t(_Py_HashBytes(data, Py_ssize_t(nbytes)));
}

namespace pyrite::python {
void register_threads(py::module_ &m); // threads.cpp
void register_ufuncs(py::module_ &m);  // ufuncs.cpp
void register_device_runtime(py::module_ &m); // device_runtime.cpp
}

PYBIND11_MODULE(_core, m) {
  m.doc() = "pyrite's C++ core: compiler, plugin host and dispatcher fast path";
  if (_import_array() < 0)
    throw py::error_already_set();

  runtime::set_print_sink(print_sink);
  runtime::set_adopt_hook(python::adopt_parent);
  runtime::set_object_mode_hook(python::run_object_mode_block);
  runtime::set_bytes_hash(python_bytes_hash);
  python::register_threads(m);
  python::register_ufuncs(m);
  python::register_device_runtime(m);
  PyObject *type = python::make_dispatcher_type();
  if (!type)
    throw py::error_already_set();
  m.add_object("DispatcherBase", py::reinterpret_steal<py::object>(type));
  PyObject *box_type = python::make_jitclass_box_type();
  if (!box_type)
    throw py::error_already_set();
  m.add_object("JitClassBox", py::reinterpret_steal<py::object>(box_type));
  m.def("enable_vectorcall", [](py::object cls) { python::enable_vectorcall(cls.ptr()); });
  static PyMethodDef aot_def = {"compile_aot", python::compile_aot, METH_VARARGS,
                                "Compile functions into a shared object for a target."};
  m.add_object("compile_aot",
               py::reinterpret_steal<py::object>(PyCFunction_New(&aot_def, nullptr)));
  static PyMethodDef kernels_def = {"compile_kernels", python::compile_kernels, METH_VARARGS,
                                    "compile_kernels(target, items, kind, cpu, fastmath"
                                    "[, kernel_errors[, boundscheck]]): compile functions as "
                                    "GPU kernels for a target."};
  m.add_object("compile_kernels",
               py::reinterpret_steal<py::object>(PyCFunction_New(&kernels_def, nullptr)));

  m.def("decode_bytecode", &decode_bytecode,
        "Decoded instructions of a code object: (offset, opname, neutral op, neutral arg, "
        "jump target, line, end line, column, end column, CPython oparg, part).");
  m.def(
      "print_ir",
      [](py::object func) {
        try {
          return ir::print(frontend::build_ir(python::code_object_of(func.ptr())));
        } catch (const python::PythonError &) {
          throw py::error_already_set();
        } catch (const CompileError &e) {
          throw py::value_error(e.kind + ": " + e.what());
        } catch (const bytecode::DecodeError &e) {
          throw py::value_error(e.what());
        }
      },
      "The untyped IR the frontend builds for a Python function (golden-file form).");
  m.def(
      "typeof",
      [](py::handle value) -> py::object {
        const Type *t = python::typeof_value(value.ptr());
        return t ? py::object(py::str(t->display)) : py::object(py::none());
      },
      "The pyrite type name of a value as an argument, or None.");
  m.def(
      "typeof_type",
      [](py::handle value) -> py::object {
        const Type *t = python::typeof_value(value.ptr());
        if (!t)
          return py::none();
        PyObject *obj = python::type_to_py(t);
        if (!obj)
          throw py::error_already_set();
        return py::reinterpret_steal<py::object>(obj);
      },
      "The pyrite type (a pyrite.types object) of a value as an argument, or None.");
  m.def(
      "storable_in_attribute",
      [](py::handle value, py::handle target) {
        const Type *v = python::type_from_py(value.ptr());
        const Type *t = v ? python::type_from_py(target.ptr()) : nullptr;
        if (!t)
          throw py::error_already_set();
        return typing::storable_in_attribute(v, t);
      },
      "Whether a value of pyrite type `value` can be stored in a jitclass attribute "
      "of type `target` (typing::storable_in_attribute).");
  m.def("discover_plugins", [](const std::vector<std::string> &dirs) {
    host::PluginHost::instance().discover(dirs);
  });
  m.def("load_plugin", [](const std::string &path) {
    auto &h = host::PluginHost::instance();
    if (const auto *p = h.load(path))
      return describe_plugin(*p);
    if (const auto *r = h.refusal(path))
      throw py::value_error("plugin " + r->path + " refused: " + r->reason);
    throw py::value_error("plugin " + path + " refused");
  });
  m.def("plugins", [] {
    py::list out;
    for (const auto &p : host::PluginHost::instance().plugins())
      out.append(describe_plugin(p));
    return out;
  });
  m.def("refused_plugins", [] {
    py::list out;
    for (const auto &r : host::PluginHost::instance().refused())
      out.append(py::make_tuple(r.path, r.reason));
    return out;
  });
  m.def("builtin_functions", &typing::builtin_functions,
        "(module, name) of every builtin implemented in C++ (core/typing/builtins.def).");
  m.def("live_allocations", &runtime::live_allocations,
        "Arrays allocated by compiled code that are still alive.");
  m.attr("ABI_VERSION") = py::make_tuple(PYRITE_ABI_VERSION_MAJOR, PYRITE_ABI_VERSION_MINOR);
}
