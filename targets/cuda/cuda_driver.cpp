//===- targets/cuda/cuda_driver.cpp - the CUDA driver API behind the runtime ===//
//
// Sections: the driver's entry points (dlopen/dlsym, once); errors (status
// codes, asynchronous failures named by the launch that caused them);
// modules and launches; memory; streams and events; devices.
//
//===----------------------------------------------------------------------===//
#include "cuda_driver.h"
#include "cuda_codegen.h"

#include <cuda.h> // types and constants only: the functions come from dlsym

#include <dlfcn.h>

#include <cstdio>
#include <map>
#include <mutex>

namespace pyrite::cuda {

// --- the driver's entry points -------------------------------------------------------

namespace {

/// The driver functions this plugin calls, by their exported (versioned)
/// names. Declared here rather than through <cuda.h>'s prototypes, whose
/// macros rename some of them per toolkit version.
struct Driver {
  void *library = nullptr;
  std::string missing; // why the driver cannot be used ("" when it can)
  CUdevice device = 0;
  CUcontext context = nullptr;
#define PYRITE_CU(name, symbol, ...) CUresult (*name)(__VA_ARGS__) = nullptr;
#include "cuda_driver.def"
#undef PYRITE_CU
};

Driver &driver() {
  static Driver d;
  static std::once_flag once;
  std::call_once(once, [] {
    d.library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!d.library) {
      const char *why = dlerror(); // (a second call would return NULL)
      d.missing = "no CUDA driver (libcuda.so.1 cannot be loaded: " +
                  std::string(why ? why : "not found") + ")";
      return;
    }
#define PYRITE_CU(name, symbol, ...)                                             \
  d.name = reinterpret_cast<decltype(d.name)>(dlsym(d.library, symbol));         \
  if (!d.name && d.missing.empty())                                              \
    d.missing = "the CUDA driver lacks " symbol " (too old a driver)";
#include "cuda_driver.def"
#undef PYRITE_CU
    if (!d.missing.empty())
      return;
    int count = 0;
    if (d.cuInit(0) != CUDA_SUCCESS || d.cuDeviceGetCount(&count) != CUDA_SUCCESS || count == 0) {
      d.missing = "the CUDA driver found no GPU";
      return;
    }
    if (d.cuDeviceGet(&d.device, 0) != CUDA_SUCCESS ||
        d.cuDevicePrimaryCtxRetain(&d.context, d.device) != CUDA_SUCCESS)
      d.missing = "cannot create a context on GPU 0";
  });
  return d;
}

thread_local std::string t_error;

// --- errors ------------------------------------------------------------------------

std::mutex g_labels_mutex;
std::map<CUstream, std::string> g_last_launch; ///< per stream: what was last started

std::string describe(CUresult r) {
  Driver &d = driver();
  const char *name = nullptr, *text = nullptr;
  if (d.cuGetErrorName)
    d.cuGetErrorName(r, &name);
  if (d.cuGetErrorString)
    d.cuGetErrorString(r, &text);
  return std::string(text ? text : "unknown CUDA error") + " (" +
         (name ? name : "CUDA error " + std::to_string(int(r))) + ")";
}

/// Errors a kernel leaves behind, reported by the next call that waits.
bool is_asynchronous(CUresult r) {
  switch (r) {
  case CUDA_ERROR_ILLEGAL_ADDRESS:
  case CUDA_ERROR_LAUNCH_FAILED:
  case CUDA_ERROR_LAUNCH_TIMEOUT:
  case CUDA_ERROR_ASSERT:
  case CUDA_ERROR_HARDWARE_STACK_ERROR:
  case CUDA_ERROR_ILLEGAL_INSTRUCTION:
  case CUDA_ERROR_MISALIGNED_ADDRESS:
  case CUDA_ERROR_INVALID_ADDRESS_SPACE:
  case CUDA_ERROR_INVALID_PC:
    return true;
  default:
    return false;
  }
}

/// The status and message of a failed driver call `what`, on `stream`.
PyriteStatus failed(CUresult r, const std::string &what, CUstream stream = nullptr,
                    bool any_stream = false) {
  if (r == CUDA_ERROR_OUT_OF_MEMORY)
    return fail(PYRITE_OUT_OF_MEMORY, what + ": " + describe(r));
  if (is_asynchronous(r)) {
    std::string culprit;
    {
      std::lock_guard<std::mutex> lock(g_labels_mutex);
      if (auto it = g_last_launch.find(stream); it != g_last_launch.end())
        culprit = it->second;
      else if (any_stream && !g_last_launch.empty())
        culprit = g_last_launch.begin()->second;
    }
    return fail(PYRITE_ASYNC_ERROR,
                (culprit.empty() ? "earlier work on the GPU" : culprit) + " failed: " +
                    describe(r) + " (found by " + what + ")");
  }
  if (r == CUDA_ERROR_NO_DEVICE || r == CUDA_ERROR_NOT_INITIALIZED)
    return fail(PYRITE_NO_DEVICE, what + ": " + describe(r));
  if (r == CUDA_ERROR_INVALID_VALUE || r == CUDA_ERROR_INVALID_HANDLE)
    return fail(PYRITE_INVALID_ARGUMENT, what + ": " + describe(r));
  return fail(PYRITE_ERROR, what + ": " + describe(r));
}

/// Makes the primary context current on this thread; false (with the
/// thread's error set) without a usable driver.
bool ready(PyriteStatus &status) {
  Driver &d = driver();
  if (!d.missing.empty()) {
    status = fail(PYRITE_NO_DEVICE, d.missing);
    return false;
  }
  if (CUresult r = d.cuCtxSetCurrent(d.context); r != CUDA_SUCCESS) {
    status = failed(r, "making the GPU context current");
    return false;
  }
  return true;
}

#define PYRITE_READY()          \
  PyriteStatus status_ = PYRITE_OK; \
  if (!ready(status_))          \
    return status_;             \
  Driver &d = driver();

CUstream stream_of(PyriteStream s) { return reinterpret_cast<CUstream>(s); }

// --- modules and launches ------------------------------------------------------------

PyriteStatus load(void *, PyriteLoadArgs *a) {
  PYRITE_READY();
  if (a->device != 0)
    return fail(PYRITE_INVALID_ARGUMENT, "only GPU 0 is supported yet");
  CUmodule module = nullptr;
  if (CUresult r = d.cuModuleLoadData(&module, a->artifact); r != CUDA_SUCCESS)
    return failed(r, "loading the module (PTX or cubin)");
  a->module = reinterpret_cast<PyriteModule>(module);
  return PYRITE_OK;
}

PyriteStatus lookup(void *, PyriteLookupArgs *a) {
  PYRITE_READY();
  CUfunction f = nullptr;
  if (CUresult r = d.cuModuleGetFunction(&f, reinterpret_cast<CUmodule>(a->module), a->symbol);
      r != CUDA_SUCCESS)
    return failed(r, std::string("finding kernel '") + a->symbol + "'");
  a->kernel = reinterpret_cast<PyriteKernel>(f);
  return PYRITE_OK;
}

PyriteStatus unload(void *, const PyriteUnloadArgs *a) {
  PYRITE_READY();
  if (CUresult r = d.cuModuleUnload(reinterpret_cast<CUmodule>(a->module)); r != CUDA_SUCCESS)
    return failed(r, "unloading a module");
  return PYRITE_OK;
}

int attribute(CUdevice_attribute which) {
  Driver &d = driver();
  int v = 0;
  d.cuDeviceGetAttribute(&v, which, d.device);
  return v;
}

PyriteStatus launch(void *, const PyriteLaunchArgs *a) {
  PYRITE_READY();
  std::string label = a->label ? a->label : "a kernel";
  char where[160];
  std::snprintf(where, sizeof where, " launched with grid (%u, %u, %u), block (%u, %u, %u)",
                a->grid[0], a->grid[1], a->grid[2], a->block[0], a->block[1], a->block[2]);
  label += where;
  // The device's limits, checked here so the message can say which.
  static const CUdevice_attribute block_limits[3] = {CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X,
                                                     CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Y,
                                                     CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Z};
  static const CUdevice_attribute grid_limits[3] = {CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X,
                                                    CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Y,
                                                    CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Z};
  uint64_t threads = 1;
  for (int k = 0; k < 3; ++k) {
    threads *= a->block[k];
    if (a->block[k] == 0 || a->grid[k] == 0)
      return fail(PYRITE_INVALID_ARGUMENT, label + ": a dimension of 0");
    if (a->block[k] > unsigned(attribute(block_limits[k])) ||
        a->grid[k] > unsigned(attribute(grid_limits[k])))
      return fail(PYRITE_INVALID_ARGUMENT,
                  label + ": beyond the device's limit of " +
                      std::to_string(attribute(a->block[k] > unsigned(attribute(block_limits[k]))
                                                   ? block_limits[k]
                                                   : grid_limits[k])) +
                      " in dimension " + "xyz"[k]);
  }
  int most = attribute(CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK);
  if (threads > uint64_t(most))
    return fail(PYRITE_INVALID_ARGUMENT, label + ": " + std::to_string(threads) +
                                             " threads per block, more than the device's " +
                                             std::to_string(most));
  CUstream stream = stream_of(a->stream);
  CUresult r = d.cuLaunchKernel(reinterpret_cast<CUfunction>(a->kernel), a->grid[0], a->grid[1],
                                a->grid[2], a->block[0], a->block[1], a->block[2],
                                a->shared_bytes, stream, a->args, nullptr);
  if (r != CUDA_SUCCESS)
    return failed(r, label, stream);
  std::lock_guard<std::mutex> lock(g_labels_mutex);
  g_last_launch[stream] = "kernel " + label;
  return PYRITE_OK;
}

// --- memory ------------------------------------------------------------------------

PyriteStatus mem_alloc(void *, PyriteMemAllocArgs *a) {
  PYRITE_READY();
  std::string what = "allocating " + std::to_string(a->bytes) + " bytes";
  size_t bytes = a->bytes ? a->bytes : 1; // the driver refuses 0
  switch (a->kind) {
  case PYRITE_MEMORY_DEVICE: {
    CUdeviceptr p = 0;
    if (CUresult r = d.cuMemAlloc_v2(&p, bytes); r != CUDA_SUCCESS)
      return failed(r, what + " on the GPU");
    a->memory = reinterpret_cast<PyriteDeviceMemory>(p);
    a->device_address = p;
    a->host_address = nullptr;
    return PYRITE_OK;
  }
  case PYRITE_MEMORY_PINNED_HOST:
  case PYRITE_MEMORY_MAPPED_HOST: {
    bool mapped = a->kind == PYRITE_MEMORY_MAPPED_HOST;
    void *host = nullptr;
    if (CUresult r = d.cuMemHostAlloc(&host, bytes, mapped ? CU_MEMHOSTALLOC_DEVICEMAP : 0);
        r != CUDA_SUCCESS)
      return failed(r, what + " of pinned host memory");
    CUdeviceptr p = 0;
    if (mapped)
      if (CUresult r = d.cuMemHostGetDevicePointer_v2(&p, host, 0); r != CUDA_SUCCESS) {
        d.cuMemFreeHost(host);
        return failed(r, what + " of mapped host memory");
      }
    a->memory = reinterpret_cast<PyriteDeviceMemory>(host);
    a->device_address = p;
    a->host_address = host;
    return PYRITE_OK;
  }
  case PYRITE_MEMORY_MANAGED: {
    CUdeviceptr p = 0;
    if (CUresult r = d.cuMemAllocManaged(&p, bytes, CU_MEM_ATTACH_GLOBAL); r != CUDA_SUCCESS)
      return failed(r, what + " of managed memory");
    a->memory = reinterpret_cast<PyriteDeviceMemory>(p);
    a->device_address = p;
    a->host_address = reinterpret_cast<void *>(p);
    return PYRITE_OK;
  }
  default:
    return fail(PYRITE_UNSUPPORTED, "unknown memory kind " + std::to_string(int(a->kind)));
  }
}

PyriteStatus mem_free(void *, const PyriteMemFreeArgs *a) {
  PYRITE_READY();
  // Pinned host memory is told from device memory by the driver itself.
  void *p = reinterpret_cast<void *>(a->memory);
  unsigned int flags = 0;
  CUresult r = d.cuMemHostGetFlags(&flags, p) == CUDA_SUCCESS
                   ? d.cuMemFreeHost(p)
                   : d.cuMemFree_v2(reinterpret_cast<CUdeviceptr>(a->memory));
  if (r != CUDA_SUCCESS)
    return failed(r, "freeing GPU memory");
  return PYRITE_OK;
}

PyriteStatus mem_copy(void *, const PyriteMemCopyArgs *a) {
  PYRITE_READY();
  CUstream s = stream_of(a->stream);
  bool async = a->stream != nullptr;
  CUresult r = CUDA_ERROR_INVALID_VALUE;
  switch (a->direction) {
  case PYRITE_COPY_HOST_TO_DEVICE: {
    auto *src = reinterpret_cast<const void *>(a->src);
    r = async ? d.cuMemcpyHtoDAsync_v2(a->dst, src, a->bytes, s)
              : d.cuMemcpyHtoD_v2(a->dst, src, a->bytes);
    break;
  }
  case PYRITE_COPY_DEVICE_TO_HOST: {
    auto *dst = reinterpret_cast<void *>(a->dst);
    r = async ? d.cuMemcpyDtoHAsync_v2(dst, a->src, a->bytes, s)
              : d.cuMemcpyDtoH_v2(dst, a->src, a->bytes);
    break;
  }
  case PYRITE_COPY_DEVICE_TO_DEVICE:
    r = async ? d.cuMemcpyDtoDAsync_v2(a->dst, a->src, a->bytes, s)
              : d.cuMemcpyDtoD_v2(a->dst, a->src, a->bytes);
    break;
  default:
    return fail(PYRITE_INVALID_ARGUMENT, "unknown copy direction " + std::to_string(int(a->direction)));
  }
  if (r != CUDA_SUCCESS)
    return failed(r, "copying " + std::to_string(a->bytes) + " bytes", s, !async);
  return PYRITE_OK;
}

// --- streams and events ------------------------------------------------------------

PyriteStatus stream_create(void *, PyriteStreamArgs *a) {
  PYRITE_READY();
  CUstream s = nullptr;
  if (CUresult r = d.cuStreamCreate(&s, CU_STREAM_DEFAULT); r != CUDA_SUCCESS)
    return failed(r, "creating a stream");
  a->stream = reinterpret_cast<PyriteStream>(s);
  return PYRITE_OK;
}

PyriteStatus stream_destroy(void *, const PyriteStreamArgs *a) {
  PYRITE_READY();
  {
    std::lock_guard<std::mutex> lock(g_labels_mutex);
    g_last_launch.erase(stream_of(a->stream));
  }
  if (CUresult r = d.cuStreamDestroy_v2(stream_of(a->stream)); r != CUDA_SUCCESS)
    return failed(r, "destroying a stream");
  return PYRITE_OK;
}

PyriteStatus stream_synchronize(void *, const PyriteStreamArgs *a) {
  PYRITE_READY();
  if (CUresult r = d.cuStreamSynchronize(stream_of(a->stream)); r != CUDA_SUCCESS)
    return failed(r, "synchronizing a stream", stream_of(a->stream));
  return PYRITE_OK;
}

CUevent event_of(PyriteEvent e) { return reinterpret_cast<CUevent>(e); }

PyriteStatus event_create(void *, PyriteEventArgs *a) {
  PYRITE_READY();
  CUevent e = nullptr;
  if (CUresult r = d.cuEventCreate(&e, CU_EVENT_DEFAULT); r != CUDA_SUCCESS)
    return failed(r, "creating an event");
  a->event = reinterpret_cast<PyriteEvent>(e);
  return PYRITE_OK;
}

PyriteStatus event_record(void *, const PyriteEventArgs *a) {
  PYRITE_READY();
  if (CUresult r = d.cuEventRecord(event_of(a->event), stream_of(a->stream)); r != CUDA_SUCCESS)
    return failed(r, "recording an event", stream_of(a->stream));
  return PYRITE_OK;
}

PyriteStatus event_synchronize(void *, const PyriteEventArgs *a) {
  PYRITE_READY();
  if (CUresult r = d.cuEventSynchronize(event_of(a->event)); r != CUDA_SUCCESS)
    return failed(r, "waiting for an event", nullptr, true);
  return PYRITE_OK;
}

PyriteStatus event_elapsed(void *, PyriteEventArgs *a) {
  PYRITE_READY();
  float ms = 0;
  if (CUresult r = d.cuEventElapsedTime(&ms, event_of(a->start), event_of(a->event));
      r != CUDA_SUCCESS)
    return failed(r, "timing between events");
  a->milliseconds = ms;
  return PYRITE_OK;
}

PyriteStatus event_destroy(void *, const PyriteEventArgs *a) {
  PYRITE_READY();
  if (CUresult r = d.cuEventDestroy_v2(event_of(a->event)); r != CUDA_SUCCESS)
    return failed(r, "destroying an event");
  return PYRITE_OK;
}

// --- devices --------------------------------------------------------------------------

PyriteStatus synchronize(void *, const PyriteSynchronizeArgs *) {
  PYRITE_READY();
  if (CUresult r = d.cuCtxSynchronize(); r != CUDA_SUCCESS)
    return failed(r, "synchronizing the GPU", nullptr, true);
  return PYRITE_OK;
}

PyriteStatus device_count(void *, PyriteDeviceInfoArgs *a) {
  // Without a driver or a GPU there are none: not an error.
  a->count = driver().missing.empty() ? 1 : 0;
  return PYRITE_OK;
}

PyriteStatus device_info(void *, PyriteDeviceInfoArgs *a) {
  PYRITE_READY();
  if (a->index != 0)
    return fail(PYRITE_INVALID_ARGUMENT, "only GPU 0 is supported yet");
  d.cuDeviceGetName(a->name, int(sizeof a->name), d.device);
  a->compute_major = unsigned(attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR));
  a->compute_minor = unsigned(attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR));
  size_t memory = 0;
  d.cuDeviceTotalMem_v2(&memory, d.device);
  a->total_memory = memory;
  a->multiprocessors = unsigned(attribute(CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT));
  a->warp_size = unsigned(attribute(CU_DEVICE_ATTRIBUTE_WARP_SIZE));
  a->max_threads_per_block = unsigned(attribute(CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK));
  a->max_block[0] = unsigned(attribute(CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X));
  a->max_block[1] = unsigned(attribute(CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Y));
  a->max_block[2] = unsigned(attribute(CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Z));
  a->max_grid[0] = unsigned(attribute(CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X));
  a->max_grid[1] = unsigned(attribute(CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Y));
  a->max_grid[2] = unsigned(attribute(CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Z));
  a->max_shared_bytes_per_block =
      unsigned(attribute(CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK));
  return PYRITE_OK;
}

} // namespace

const char *last_error() { return t_error.c_str(); }

PyriteStatus fail(PyriteStatus status, std::string message) {
  t_error = std::move(message);
  return status;
}

std::string device_arch() {
  Driver &d = driver();
  if (!d.missing.empty())
    return "";
  return arch_name(unsigned(attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR)),
                   unsigned(attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR)));
}

void fill_runtime(PyriteRuntime &r) {
  r.struct_size = sizeof(PyriteRuntime);
  r.load = load;
  r.lookup = lookup;
  r.unload = unload;
  r.launch = launch;
  r.mem_alloc = mem_alloc;
  r.mem_free = mem_free;
  r.mem_copy = mem_copy;
  r.stream_create = stream_create;
  r.stream_destroy = stream_destroy;
  r.stream_synchronize = stream_synchronize;
  r.event_create = event_create;
  r.event_record = event_record;
  r.event_synchronize = event_synchronize;
  r.event_elapsed = event_elapsed;
  r.event_destroy = event_destroy;
  r.synchronize = synchronize;
  r.device_count = device_count;
  r.device_info = device_info;
}

} // namespace pyrite::cuda
