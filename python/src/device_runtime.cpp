//===- python/src/device_runtime.cpp - a target plugin's runtime in Python -===//
//
// _core.device_*: the plugin ABI's runtime calls (docs/plugin-abi.md) for
// pyrite.cuda (and any GPU target): devices, memory, copies, modules,
// streams, events, and kernel launches whose arguments are packed here, in
// C++, from a layout fixed per kernel specialization (device_launch).
//
// Errors: a plugin's PYRITE_NO_DEVICE raises the class registered as
// "no_device" (pyrite.cuda's CudaSupportError), any other failure the class
// registered as "api" (CudaAPIError) with the plugin's message and the
// status as `code`.
//
//===----------------------------------------------------------------------===//
#include "compile_support.h"
#include "host/plugin_host.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace py = pybind11;

namespace pyrite::python {
namespace {

// The exception classes pyrite.cuda registers (kept alive for the process).
PyObject *no_device_error = nullptr, *api_error = nullptr;

const host::LoadedPlugin &plugin(const std::string &target) {
  if (!ensure_plugins(target))
    throw py::error_already_set();
  const host::LoadedPlugin *p = host::PluginHost::instance().find(target);
  if (p)
    return *p;
  std::string why = "no target plugin '" + target + "' is loaded (pyrite was built without " +
                    "it, or it was refused: `python -m pyrite` lists the targets)";
  if (!no_device_error)
    throw py::value_error(why);
  PyErr_SetString(no_device_error, why.c_str());
  throw py::error_already_set();
}

const PyriteRuntime &runtime(const host::LoadedPlugin &p) {
  if (!p.table->runtime)
    throw py::value_error("target '" + p.name + "' has no runtime");
  return *p.table->runtime;
}

/// Raises the registered exception for a failed call `what`.
[[noreturn]] void fail(const host::LoadedPlugin &p, PyriteStatus status, const char *what) {
  std::string message = p.last_error();
  if (message.empty())
    message = std::string(what) + " failed";
  PyObject *registered = status == PYRITE_NO_DEVICE ? no_device_error : api_error;
  if (!registered)
    throw std::runtime_error(message);
  py::handle cls(registered);
  py::object error = cls(message);
  if (status != PYRITE_NO_DEVICE)
    error.attr("code") = int(status);
  PyErr_SetObject(cls.ptr(), error.ptr());
  throw py::error_already_set();
}

template <class Fn> Fn entry(const host::LoadedPlugin &p, Fn fn, const char *what) {
  if (!fn)
    fail(p, PYRITE_UNSUPPORTED, (std::string("target '") + p.name + "' has no " + what).c_str());
  return fn;
}

/// Calls runtime entry `member` with `args`; raises on failure. Calls that
/// wait for the device (copies, synchronizations) run without the GIL.
#define PYRITE_CALL_WITH(p, member, args, release_gil)                  \
  do {                                                                  \
    auto fn_ = entry(p, runtime(p).member, #member);                    \
    PyriteStatus status_;                                               \
    if (release_gil) {                                                  \
      py::gil_scoped_release unlocked_;                                 \
      status_ = fn_((p).state(), &(args));                              \
    } else {                                                            \
      status_ = fn_((p).state(), &(args));                              \
    }                                                                   \
    if (status_ != PYRITE_OK)                                           \
      fail(p, status_, #member);                                        \
  } while (0)
#define PYRITE_CALL(p, member, args) PYRITE_CALL_WITH(p, member, args, false)
#define PYRITE_CALL_UNLOCKED(p, member, args) PYRITE_CALL_WITH(p, member, args, true)

template <class T> T args_of() {
  T a{};
  a.struct_size = sizeof a;
  return a;
}

uint64_t handle(const void *h) { return uint64_t(reinterpret_cast<uintptr_t>(h)); }
template <class H> H as_handle(uint64_t v) { return reinterpret_cast<H>(uintptr_t(v)); }

int device_count(const std::string &target) {
  const auto &p = plugin(target);
  auto a = args_of<PyriteDeviceInfoArgs>();
  PYRITE_CALL(p, device_count, a);
  return int(a.count);
}

py::dict device_info(const std::string &target, uint32_t index) {
  const auto &p = plugin(target);
  auto a = args_of<PyriteDeviceInfoArgs>();
  a.index = index;
  PYRITE_CALL(p, device_info, a);
  py::dict d;
  d["name"] = std::string(a.name, strnlen(a.name, sizeof a.name));
  d["compute_capability"] = py::make_tuple(a.compute_major, a.compute_minor);
  d["total_memory"] = a.total_memory;
  d["multiprocessors"] = a.multiprocessors;
  d["warp_size"] = a.warp_size;
  d["max_threads_per_block"] = a.max_threads_per_block;
  d["max_block"] = py::make_tuple(a.max_block[0], a.max_block[1], a.max_block[2]);
  d["max_grid"] = py::make_tuple(a.max_grid[0], a.max_grid[1], a.max_grid[2]);
  d["max_shared_bytes_per_block"] = a.max_shared_bytes_per_block;
  return d;
}

/// (memory handle, device address, host address) of a new allocation.
py::tuple mem_alloc(const std::string &target, size_t bytes, int kind, uint32_t device) {
  const auto &p = plugin(target);
  auto a = args_of<PyriteMemAllocArgs>();
  a.bytes = bytes;
  a.kind = PyriteMemoryKind(kind);
  a.device = device;
  PYRITE_CALL(p, mem_alloc, a);
  return py::make_tuple(handle(a.memory), a.device_address, handle(a.host_address));
}

void mem_free(const std::string &target, uint64_t memory) {
  const auto &p = plugin(target);
  auto a = args_of<PyriteMemFreeArgs>();
  a.memory = as_handle<PyriteDeviceMemory>(memory);
  PYRITE_CALL(p, mem_free, a);
}

void mem_copy(const std::string &target, uint64_t dst, uint64_t src, size_t bytes, int direction,
              uint64_t stream) {
  const auto &p = plugin(target);
  auto a = args_of<PyriteMemCopyArgs>();
  a.dst = dst;
  a.src = src;
  a.bytes = bytes;
  a.direction = PyriteCopyDirection(direction);
  a.stream = as_handle<PyriteStream>(stream);
  PYRITE_CALL_UNLOCKED(p, mem_copy, a); // a synchronous copy waits for the device
}

uint64_t load(const std::string &target, const py::bytes &image, uint32_t device) {
  const auto &p = plugin(target);
  std::string bytes = image;
  auto a = args_of<PyriteLoadArgs>();
  a.artifact = bytes.data();
  a.size = bytes.size();
  a.device = device;
  PYRITE_CALL(p, load, a);
  return handle(a.module);
}

uint64_t lookup(const std::string &target, uint64_t module, const std::string &symbol) {
  const auto &p = plugin(target);
  auto a = args_of<PyriteLookupArgs>();
  a.module = as_handle<PyriteModule>(module);
  a.symbol = symbol.c_str();
  PYRITE_CALL(p, lookup, a);
  return handle(a.kernel);
}

uint64_t stream_create(const std::string &target, uint32_t device) {
  const auto &p = plugin(target);
  auto a = args_of<PyriteStreamArgs>();
  a.device = device;
  PYRITE_CALL(p, stream_create, a);
  return handle(a.stream);
}

void stream_op(const std::string &target, const std::string &op, uint64_t stream) {
  const auto &p = plugin(target);
  auto a = args_of<PyriteStreamArgs>();
  a.stream = as_handle<PyriteStream>(stream);
  if (op == "destroy") {
    PYRITE_CALL(p, stream_destroy, a);
  } else {
    PYRITE_CALL_UNLOCKED(p, stream_synchronize, a);
  }
}

uint64_t event_create(const std::string &target, uint32_t device) {
  const auto &p = plugin(target);
  auto a = args_of<PyriteEventArgs>();
  a.device = device;
  PYRITE_CALL(p, event_create, a);
  return handle(a.event);
}

/// "record" (on `stream`), "synchronize", "destroy", or "elapsed" (the
/// milliseconds from event `other` to `event`; returned).
float event_op(const std::string &target, const std::string &op, uint64_t event,
               uint64_t stream_or_start) {
  const auto &p = plugin(target);
  auto a = args_of<PyriteEventArgs>();
  a.event = as_handle<PyriteEvent>(event);
  if (op == "record") {
    a.stream = as_handle<PyriteStream>(stream_or_start);
    PYRITE_CALL(p, event_record, a);
  } else if (op == "synchronize") {
    PYRITE_CALL_UNLOCKED(p, event_synchronize, a);
  } else if (op == "elapsed") {
    a.start = as_handle<PyriteEvent>(stream_or_start);
    PYRITE_CALL(p, event_elapsed, a);
  } else {
    PYRITE_CALL(p, event_destroy, a);
  }
  return a.milliseconds;
}

void synchronize(const std::string &target, uint32_t device) {
  const auto &p = plugin(target);
  auto a = args_of<PyriteSynchronizeArgs>();
  a.device = device;
  PYRITE_CALL_UNLOCKED(p, synchronize, a);
}

// --- kernel arguments ------------------------------------------------------------

/// One kernel parameter, as the specialization's layout gives it.
struct Param {
  char kind;        ///< 'i' signed, 'u' unsigned, 'f' float, 'b' bool, 'c' complex, 'a' array
  int bytes;        ///< a scalar's size; an array's itemsize
  int ndim = 0;     ///< arrays
};

/// The parameters of a layout string: one "kind:bytes[:ndim]" per parameter,
/// separated by commas ("f:4,a:4:1" for saxpy's (float32, float32[:]).
std::vector<Param> parse_layout(const std::string &layout) {
  std::vector<Param> out;
  size_t start = 0;
  while (start < layout.size()) {
    size_t end = layout.find(',', start);
    std::string item = layout.substr(start, end == std::string::npos ? end : end - start);
    Param p{};
    p.kind = item.at(0);
    size_t second = item.find(':', 2);
    p.bytes = std::stoi(item.substr(2, second == std::string::npos ? second : second - 2));
    if (second != std::string::npos)
      p.ndim = std::stoi(item.substr(second + 1));
    out.push_back(p);
    if (end == std::string::npos)
      break;
    start = end + 1;
  }
  return out;
}

/// The IEEE binary16 bits of `v`, rounded to nearest even from the double
/// itself (no float step to round twice), as np.float16(v) gives them.
uint16_t half_bits(double v) {
  uint64_t x;
  std::memcpy(&x, &v, 8);
  uint16_t sign = uint16_t((x >> 48) & 0x8000);
  int exponent = int((x >> 52) & 0x7ff);
  uint64_t mantissa = x & ((uint64_t(1) << 52) - 1);
  if (exponent == 0x7ff) // inf, nan (quiet)
    return uint16_t(sign | 0x7c00 | (mantissa ? 0x200 : 0));
  auto rounded = [](uint64_t bits, int shift) { // bits >> shift, to nearest even
    if (shift >= 64)
      return uint64_t(0);
    uint64_t kept = bits >> shift, rest = bits & ((uint64_t(1) << shift) - 1);
    uint64_t halfway = uint64_t(1) << (shift - 1);
    return kept + (rest > halfway || (rest == halfway && (kept & 1)));
  };
  int e = exponent - 1023 + 15;
  if (e >= 31)
    return uint16_t(sign | 0x7c00); // beyond float16: inf
  if (e <= 0) { // a subnormal float16 (or 0): units of 2**-24
    if (exponent == 0)
      return sign; // (double subnormals are far below float16's least)
    uint64_t significand = mantissa | (uint64_t(1) << 52);
    return uint16_t(sign | rounded(significand, 1051 - exponent)); // (may round up to 0x400)
  }
  // A normal float16; a carry out of the mantissa moves into the exponent
  // (up to inf), as it should.
  return uint16_t(sign | ((uint64_t(e) << 10) + rounded(mantissa, 42)));
}

/// Appends the value of `arg` as parameter `p` to `out` (8-byte aligned
/// slots), as the kernel's signature takes it: an array as pyrite's array
/// struct {meminfo, parent, nitems, itemsize, data, shape[n], strides[n]}
/// read from the object's __cuda_array_interface__.
void pack(const Param &p, PyObject *arg, size_t k, std::vector<uint64_t> &out) {
  auto bad = [&](const std::string &why) {
    throw py::type_error("kernel argument " + std::to_string(k + 1) + ": " + why);
  };
  if (p.kind == 'a') {
    // pyrite's own device arrays keep (address, shape, strides) ready for
    // launches (DeviceNDArray._launch): read without building the interface.
    if (PyObject *view = PyObject_GetAttrString(arg, "_launch")) {
      bool ok = PyTuple_Check(view) && PyTuple_GET_SIZE(view) == 3;
      PyObject *shape = ok ? PyTuple_GET_ITEM(view, 1) : nullptr;
      PyObject *strides = ok ? PyTuple_GET_ITEM(view, 2) : nullptr;
      ok = ok && PyTuple_Check(shape) && PyTuple_Check(strides) &&
           PyTuple_GET_SIZE(shape) == p.ndim && PyTuple_GET_SIZE(strides) == p.ndim;
      if (ok) {
        uint64_t data = PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(view, 0));
        size_t at = out.size();
        out.insert(out.end(), {0, 0, 0, uint64_t(p.bytes), data});
        int64_t nitems = 1;
        for (int j = 0; j < p.ndim; ++j) {
          int64_t d = PyLong_AsLongLong(PyTuple_GET_ITEM(shape, j));
          nitems *= d;
          out.push_back(uint64_t(d));
        }
        for (int j = 0; j < p.ndim; ++j)
          out.push_back(uint64_t(PyLong_AsLongLong(PyTuple_GET_ITEM(strides, j))));
        out[at + 2] = uint64_t(nitems);
      }
      Py_DECREF(view);
      if (PyErr_Occurred())
        throw py::error_already_set();
      if (ok)
        return;
      bad("expected " + std::to_string(p.ndim) + " dimensions");
    }
    PyErr_Clear(); // (no _launch: any object with __cuda_array_interface__)
    py::handle obj(arg);
    if (!py::hasattr(obj, "__cuda_array_interface__"))
      bad("expected a device array (an object with __cuda_array_interface__)");
    py::dict cai = obj.attr("__cuda_array_interface__");
    py::tuple shape = cai["shape"];
    if (int(shape.size()) != p.ndim)
      bad("expected " + std::to_string(p.ndim) + " dimensions, got " +
          std::to_string(shape.size()));
    uint64_t data = py::tuple(cai["data"])[0].cast<uint64_t>();
    int64_t nitems = 1;
    std::vector<int64_t> dims, strides(size_t(p.ndim));
    for (auto d : shape) {
      dims.push_back(d.cast<int64_t>());
      nitems *= dims.back();
    }
    py::object given = cai.contains("strides") ? py::object(cai["strides"]) : py::none();
    int64_t stride = p.bytes;
    for (int j = p.ndim - 1; j >= 0; --j) { // C order unless the interface says otherwise
      strides[size_t(j)] = given.is_none() ? stride : py::tuple(given)[size_t(j)].cast<int64_t>();
      stride *= dims[size_t(j)];
    }
    out.insert(out.end(), {0, 0, uint64_t(nitems), uint64_t(p.bytes), data});
    for (int64_t d : dims)
      out.push_back(uint64_t(d));
    for (int64_t s : strides)
      out.push_back(uint64_t(s));
    return;
  }
  uint64_t slot = 0;
  if (p.kind == 'f' || p.kind == 'c') {
    double re = 0, im = 0;
    if (p.kind == 'c') { // also NumPy's complex64, which is not a Python complex
      Py_complex z = PyComplex_AsCComplex(arg);
      re = z.real;
      im = z.imag;
    } else {
      re = PyFloat_AsDouble(arg);
    }
    if (PyErr_Occurred())
      throw py::error_already_set();
    if (p.kind == 'c' && p.bytes == 16) {
      uint64_t parts[2];
      std::memcpy(&parts[0], &re, 8);
      std::memcpy(&parts[1], &im, 8);
      out.insert(out.end(), {parts[0], parts[1]});
      return;
    }
    if (p.kind == 'f' && p.bytes == 2) { // float16 (cuda.fp16)
      uint16_t h = half_bits(re);
      std::memcpy(&slot, &h, 2);
    } else if (p.kind == 'c' || p.bytes == 4) {
      float f[2] = {float(re), float(im)};
      std::memcpy(&slot, f, p.kind == 'c' ? 8 : 4);
    } else {
      std::memcpy(&slot, &re, 8);
    }
  } else {
    if (!PyNumber_Check(arg) || PyFloat_Check(arg))
      bad("expected an integer");
    py::int_ value = py::reinterpret_borrow<py::object>(arg);
    slot = p.kind == 'u' ? PyLong_AsUnsignedLongLongMask(value.ptr())
                         : uint64_t(PyLong_AsLongLong(value.ptr()));
    if (PyErr_Occurred())
      throw py::error_already_set();
    if (p.kind == 'b')
      slot = slot != 0;
    else if (p.bytes < 8) // converted as C converts: the low bytes
      slot &= (uint64_t(1) << (8 * p.bytes)) - 1;
  }
  out.push_back(slot);
}

/// Packs `args` per `layout`: the kernel-parameter buffer and each
/// parameter's offset in it.
std::pair<std::vector<uint64_t>, std::vector<size_t>> pack_all(const std::vector<Param> &params,
                                                               const py::tuple &args) {
  if (args.size() != params.size())
    throw py::type_error("the kernel takes " + std::to_string(params.size()) +
                         " arguments, " + std::to_string(args.size()) + " were given");
  std::vector<uint64_t> buffer;
  std::vector<size_t> offsets;
  for (size_t k = 0; k < params.size(); ++k) {
    offsets.push_back(buffer.size());
    pack(params[k], args[k].ptr(), k, buffer);
  }
  return {std::move(buffer), std::move(offsets)};
}

/// The packed bytes of `args` (what device_launch passes), for tests.
py::bytes pack_arguments(const std::string &layout, const py::tuple &args) {
  auto [buffer, offsets] = pack_all(parse_layout(layout), args);
  return py::bytes(reinterpret_cast<const char *>(buffer.data()), buffer.size() * 8);
}

/// A kernel specialization's launcher: its kernel handle and parameter
/// layout, parsed once; calling it packs the arguments and launches.
class Launcher {
public:
  Launcher(std::string target, uint64_t kernel, const std::string &layout, std::string label)
      : target_(std::move(target)), kernel_(kernel), params_(parse_layout(layout)),
        label_(std::move(label)) {}

  void launch(std::array<uint32_t, 3> grid, std::array<uint32_t, 3> block, uint64_t stream,
              uint32_t shared_bytes, const py::tuple &args) const {
    const auto &p = plugin(target_);
    auto [buffer, offsets] = pack_all(params_, args);
    std::vector<void *> pointers;
    for (size_t off : offsets)
      pointers.push_back(&buffer[off]);
    auto a = args_of<PyriteLaunchArgs>();
    a.kernel = as_handle<PyriteKernel>(kernel_);
    std::copy(grid.begin(), grid.end(), a.grid);
    std::copy(block.begin(), block.end(), a.block);
    a.shared_bytes = shared_bytes;
    a.stream = as_handle<PyriteStream>(stream);
    a.args = pointers.data();
    a.num_args = uint32_t(pointers.size());
    a.label = label_.c_str();
    PYRITE_CALL(p, launch, a);
  }

private:
  std::string target_;
  uint64_t kernel_;
  std::vector<Param> params_;
  std::string label_;
};

/// The key of another library's device array (CuPy, PyTorch) from its
/// __cuda_array_interface__: a DeviceNDArray's key, ("device", typestr,
/// ndim, layout), as _dispatcher.py's _interface_key makes it; nullptr
/// (new reference) without the interface, with a mask, or with a producer
/// stream to wait for (those take the Python path, which waits for it).
PyObject *interface_key(PyObject *arg) {
  PyObject *cai = PyObject_GetAttrString(arg, "__cuda_array_interface__");
  if (!cai || !PyDict_Check(cai)) { // (none, or a CPU tensor's refusal)
    PyErr_Clear();
    Py_XDECREF(cai);
    return nullptr;
  }
  py::dict d = py::reinterpret_steal<py::dict>(cai);
  // (Borrowed items, read with CPython's calls: this is the launch path.)
  PyObject *mask = PyDict_GetItemString(cai, "mask");
  PyObject *stream = PyDict_GetItemString(cai, "stream");
  PyObject *typestr = PyDict_GetItemString(cai, "typestr");
  PyObject *shape = PyDict_GetItemString(cai, "shape");
  PyObject *strides = PyDict_GetItemString(cai, "strides");
  if ((mask && mask != Py_None) || !typestr || !PyUnicode_Check(typestr) || !shape ||
      !PyTuple_Check(shape))
    return nullptr;
  if (stream && PyLong_Check(stream)) {
    long long s = PyLong_AsLongLong(stream);
    if (s != 1 && s != 2) { // (1, 2: the legacy and per-thread default streams)
      PyErr_Clear();
      return nullptr;
    }
  }
  const char *text = PyUnicode_AsUTF8(typestr);
  Py_ssize_t ndim = PyTuple_GET_SIZE(shape);
  // The layout, as DeviceNDArray gives it: C unless the strides say otherwise.
  char layout = 'C';
  if (strides && strides != Py_None) {
    if (!PyTuple_Check(strides) || PyTuple_GET_SIZE(strides) != ndim || std::strlen(text) < 3)
      return nullptr;
    int64_t itemsize = std::atoll(text + 2);
    std::vector<int64_t> dims(static_cast<size_t>(ndim)), given(static_cast<size_t>(ndim));
    for (Py_ssize_t j = 0; j < ndim; ++j) {
      dims[size_t(j)] = PyLong_AsLongLong(PyTuple_GET_ITEM(shape, j));
      given[size_t(j)] = PyLong_AsLongLong(PyTuple_GET_ITEM(strides, j));
    }
    if (PyErr_Occurred()) {
      PyErr_Clear();
      return nullptr;
    }
    bool c = true, f = true;
    int64_t step = itemsize;
    for (Py_ssize_t j = ndim; j-- > 0; step *= dims[size_t(j)])
      c = c && given[size_t(j)] == step;
    step = itemsize;
    for (Py_ssize_t j = 0; j < ndim; step *= dims[size_t(j)], ++j)
      f = f && given[size_t(j)] == step;
    layout = c ? 'C' : f ? 'F' : 'A';
  }
  // NumPy's spelling of the type string ("<u1" is "|u1"), once per string.
  static auto &spelled = *new std::map<std::string, py::object>; // (kept past finalization)
  auto it = spelled.find(text);
  if (it == spelled.end()) {
    try {
      it = spelled.emplace(text, py::module_::import("numpy").attr("dtype")(text).attr("str"))
               .first;
    } catch (const py::error_already_set &) { // (a malformed type: the Python path says why)
      PyErr_Clear();
      return nullptr;
    }
  }
  const char layouts[2] = {layout, 0};
  return Py_BuildValue("(sOns)", "device", it->second.ptr(), ndim, layouts);
}

/// The key of argument `arg` in a dispatcher's table of launchers (as
/// pyrite/cuda/_dispatcher.py's _type_key makes it), or nullptr (new
/// reference) where only Python can say: a host array, another library's array.
PyObject *argument_key(PyObject *arg, PyObject *scalar_classes) {
  PyTypeObject *type = Py_TYPE(arg);
  if (type == &PyLong_Type) {
    int overflow = 0;
    PyLong_AsLongLongAndOverflow(arg, &overflow);
    return Py_BuildValue("(OO)", reinterpret_cast<PyObject *>(&PyLong_Type),
                         overflow ? Py_False : Py_True);
  }
  if (PySet_Contains(scalar_classes, reinterpret_cast<PyObject *>(type)) == 1)
    return Py_NewRef(reinterpret_cast<PyObject *>(type));
  PyObject *key = PyObject_GetAttrString(arg, "_key"); // a DeviceNDArray's, made once
  if (key)
    return key;
  PyErr_Clear();
  return interface_key(arg);
}

/// Launches `args` with the launcher `launchers` holds for their keys;
/// false (nothing done) when it holds none (the Python path then types,
/// compiles and registers the launcher). The whole launch path in C++.
bool launch_cached(const py::dict &launchers, const py::object &scalar_classes,
                   const py::tuple &args, std::array<uint32_t, 3> grid,
                   std::array<uint32_t, 3> block, uint64_t stream, uint32_t shared_bytes) {
  size_t n = args.size();
  py::tuple key(n);
  for (size_t k = 0; k < n; ++k) {
    PyObject *item = argument_key(args[k].ptr(), scalar_classes.ptr());
    if (!item)
      return false;
    PyTuple_SET_ITEM(key.ptr(), Py_ssize_t(k), item);
  }
  PyObject *launcher = PyDict_GetItemWithError(launchers.ptr(), key.ptr());
  if (!launcher) {
    if (PyErr_Occurred())
      throw py::error_already_set();
    return false;
  }
  py::cast<const Launcher &>(py::handle(launcher)).launch(grid, block, stream, shared_bytes,
                                                          args);
  return true;
}

} // namespace

void register_device_runtime(py::module_ &m) {
  m.def("device_set_errors", [](py::object no_device, py::object api) {
    no_device_error = no_device.inc_ref().ptr();
    api_error = api.inc_ref().ptr();
  });
  m.def("device_count", &device_count);
  m.def("device_info", &device_info);
  m.def("device_mem_alloc", &mem_alloc);
  m.def("device_mem_free", &mem_free);
  m.def("device_mem_copy", &mem_copy);
  m.def("device_load", &load);
  m.def("device_lookup", &lookup);
  m.def("device_stream_create", &stream_create);
  m.def("device_stream_op", &stream_op);
  m.def("device_event_create", &event_create);
  m.def("device_event_op", &event_op);
  m.def("device_synchronize", &synchronize);
  m.def("device_pack_arguments", &pack_arguments);
  m.def("device_launch_cached", &launch_cached);
  m.def("device_argument_key", [](py::handle arg, py::handle scalar_classes) -> py::object {
    PyObject *key = argument_key(arg.ptr(), scalar_classes.ptr());
    return key ? py::reinterpret_steal<py::object>(key) : py::object(py::none());
  }, "The launch path's key of a kernel argument (None: the Python path types it), for tests.");
  py::class_<Launcher>(m, "DeviceLauncher")
      .def(py::init<std::string, uint64_t, const std::string &, std::string>())
      .def("launch", &Launcher::launch);
}

} // namespace pyrite::python
