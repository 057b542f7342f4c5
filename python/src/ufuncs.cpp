//===- python/src/ufuncs.cpp - numpy.ufunc objects over compiled loops ----===//
//
// @vectorize / @guvectorize (pyrite/_ufunc.py) compile one inner loop per
// type signature (lower/lower_ufunc.cpp) and make a real numpy.ufunc of
// them here with NumPy's own PyUFunc_FromFuncAndDataAndSignature, so
// reduce, accumulate, outer, at, out= and where= are NumPy's.
//
//===----------------------------------------------------------------------===//
#include "numpy_api.h"
#define PY_UFUNC_UNIQUE_SYMBOL pyrite_UFUNC_API
#include <numpy/ufuncobject.h>

#include "runtime/rt_host.h"

#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <vector>

namespace py = pybind11;

namespace pyrite::python {

PyObject *raise_pending(); // dispatcher.cpp

namespace {

/// What a ufunc points at: its loops, their type codes, its name, and the
/// compiled code (a dispatcher) behind the loops. The ufunc owns them
/// through a capsule in its `obj` field, which NumPy releases with it.
struct UfuncTables {
  std::vector<PyUFuncGenericFunction> functions;
  std::vector<void *> data;
  std::vector<char> types;
  std::string name, doc, signature;
  py::object keepalive;
};

void free_tables(PyObject *capsule) {
  delete static_cast<UfuncTables *>(PyCapsule_GetPointer(capsule, "pyrite.ufunc_tables"));
}

/// A kernel raised inside a loop: its exception becomes the Python error.
void ufunc_error() {
  PyGILState_STATE gil = PyGILState_Ensure();
  if (PyErr_Occurred()) { // the first failing chunk's is set already
    std::string cls, message;
    runtime::take_error(cls, message);
  } else {
    raise_pending();
  }
  PyGILState_Release(gil);
}

py::object make_ufunc(const std::string &name, const std::string &doc, int nin, int nout,
                      int identity, py::list loops, py::object signature, py::object keepalive) {
  auto t = std::make_unique<UfuncTables>();
  t->name = name;
  t->doc = doc;
  t->keepalive = keepalive;
  for (py::handle loop : loops) {
    auto pair = loop.cast<py::tuple>();
    for (py::handle code : pair[0].cast<py::list>())
      t->types.push_back(char(code.cast<int>()));
    t->functions.push_back(reinterpret_cast<PyUFuncGenericFunction>(
        PyLong_AsVoidPtr(pair[1].ptr())));
    t->data.push_back(nullptr);
  }
  if (PyErr_Occurred())
    throw py::error_already_set();
  const char *sig = nullptr;
  if (!signature.is_none()) {
    t->signature = signature.cast<std::string>();
    sig = t->signature.c_str();
  }
  PyObject *u = PyUFunc_FromFuncAndDataAndSignature(
      t->functions.data(), t->data.data(), t->types.data(), int(t->functions.size()), nin, nout,
      identity, t->name.c_str(), t->doc.c_str(), 0, sig);
  if (!u)
    throw py::error_already_set();
  auto ufunc = py::reinterpret_steal<py::object>(u);
  PyObject *capsule = PyCapsule_New(t.get(), "pyrite.ufunc_tables", free_tables);
  if (!capsule)
    throw py::error_already_set();
  t.release();
  reinterpret_cast<PyUFuncObject *>(u)->obj = capsule; // NumPy drops it with the ufunc
  return ufunc;
}

} // namespace

void register_ufuncs(py::module_ &m) {
  if (_import_umath() < 0)
    throw py::error_already_set();
  runtime::set_ufunc_error_hook(ufunc_error);
  m.def("make_ufunc", &make_ufunc,
        "make_ufunc(name, doc, nin, nout, identity, [(type numbers, loop address)], "
        "signature or None, keepalive): a numpy.ufunc over compiled loops.");
  m.attr("UFUNC_IDENTITY") = py::dict(
      py::arg("zero") = PyUFunc_Zero, py::arg("one") = PyUFunc_One,
      py::arg("none") = PyUFunc_None, py::arg("reorderable") = PyUFunc_ReorderableNone);
}

} // namespace pyrite::python
