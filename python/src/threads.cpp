//===- python/src/threads.cpp - numba's thread API over the runtime -------===//
//
// set_num_threads / get_num_threads / get_thread_id and the parallel chunk
// size, as Numba offers them (numba/np/ufunc/parallel.py), over the host
// runtime's parallel regions (core/runtime/rt_parallel.cpp); and the hooks
// that let the thread starting a region release the GIL while it waits.
//
//===----------------------------------------------------------------------===//
#include "runtime/pyrite_rt.h"
#include "runtime/rt_host.h"

#include <Python.h>
#include <pybind11/pybind11.h>

namespace py = pybind11;

namespace pyrite::python {
namespace {

/// Whether this thread holds the GIL: it has a current thread state
/// (PyGILState_Check answers 1 whenever its checks are off).
bool holds_gil() {
#if PY_VERSION_HEX >= 0x030D0000
  return PyThreadState_GetUnchecked() != nullptr;
#else
  return _PyThreadState_UncheckedGet() != nullptr;
#endif
}

void *release_gil() { return holds_gil() ? PyEval_SaveThread() : nullptr; }
void restore_gil(void *state) { PyEval_RestoreThread(static_cast<PyThreadState *>(state)); }

} // namespace

void register_threads(py::module_ &m) {
  runtime::set_gil_hooks(release_gil, restore_gil);
  m.def("set_max_threads", &runtime::set_max_threads,
        "NUMBA_NUM_THREADS: the most threads a region may use.");
  m.def("set_num_threads", &runtime::set_num_threads,
        "Threads for the regions this thread starts (0: the maximum).");
  m.def("get_num_threads", [] { return pyrite_rt_num_threads(); });
  m.def("get_thread_id", [] { return pyrite_rt_thread_id(); });
  m.def("set_parallel_chunksize", [](int64_t n) {
    int64_t old = runtime::parallel_chunksize();
    runtime::set_parallel_chunksize(n);
    return old;
  });
  m.def("get_parallel_chunksize", &runtime::parallel_chunksize);
}

} // namespace pyrite::python
