/*===- pyrite/plugin.h - the pyrite target plugin C ABI -------------------===*
 *
 * \file
 * The one header a target plugin needs. A plugin is a shared library that
 * exports `pyrite_plugin_entry`; the host calls it with its API table and gets
 * back the plugin's table. Only C types cross this boundary; LLVM objects cross
 * as LLVM-C handles of the host's libLLVM (major PYRITE_LLVM_MAJOR).
 *
 * Stability rules (see docs/plugin-abi.md):
 *  - every struct starts with `struct_size`; fields are only appended within a
 *    major version; a reader checks struct_size before touching a later field;
 *  - every codegen and runtime call takes one args struct (as PJRT does), so a
 *    call can gain an input (a stream, a device, flags) or an output by an
 *    appended field; its results are written into the same struct;
 *  - an array of structs (intrinsics, math) is walked with its first
 *    element's struct_size as the stride, never the reader's sizeof;
 *  - the host accepts a plugin with the same ABI major and any minor >= the
 *    oldest it supports; anything else is refused with a message, never a crash;
 *  - optional features hang off `PyriteExtension` chains;
 *  - errors are PyriteStatus codes plus a message from `get_last_error`.
 *
 * Tier table (introduced in):
 *   2.0  target description, codegen (optimize, emit), runtime (load, lookup,
 *        unload, launch, device memory, copies, streams, events, synchronize,
 *        device query), intrinsics, math mapping; every call through an args
 *        struct, typed handles, asynchronous errors reported with their call.
 *   (1.0, the first version, had positional arguments and untyped handles;
 *   a 1.x plugin is refused.)
 *===----------------------------------------------------------------------===*/
#ifndef PYRITE_PLUGIN_H
#define PYRITE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#include <llvm-c/Types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PYRITE_ABI_VERSION_MAJOR 2
#define PYRITE_ABI_VERSION_MINOR 0
/** The libLLVM major whose C handles cross this ABI. */
#define PYRITE_LLVM_MAJOR 22
/** Symbol every plugin exports (see PyritePluginEntryFn). */
#define PYRITE_PLUGIN_ENTRY_SYMBOL "pyrite_plugin_entry"

#if defined(_WIN32)
#define PYRITE_PLUGIN_EXPORT __declspec(dllexport)
#else
#define PYRITE_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/** Status codes (2.0). Every non-OK status has a message from get_last_error. */
typedef enum PyriteStatus {
  PYRITE_OK = 0,
  PYRITE_ERROR = 1,           /**< anything else */
  PYRITE_UNSUPPORTED = 2,     /**< the plugin does not implement this */
  PYRITE_NO_DEVICE = 3,       /**< runtime present, no device found (or no driver) */
  PYRITE_OUT_OF_MEMORY = 4,   /**< an allocation the device cannot satisfy */
  PYRITE_INVALID_ARGUMENT = 5, /**< e.g. a launch configuration beyond the device's limits */
  /** Earlier asynchronous work on the stream failed (a kernel's illegal
   *  address, say). The message names the call that started that work (the
   *  launch's label), not only the call that found out. */
  PYRITE_ASYNC_ERROR = 6,
  PYRITE_STATUS_MAX_ENUM = 0x7fffffff
} PyriteStatus;

/** Capability flags of a target (2.0). */
typedef enum PyriteCapability {
  PYRITE_CAP_IN_PROCESS_JIT = 1u << 0, /**< artifacts run in the host process */
  PYRITE_CAP_CROSS_AOT = 1u << 1,      /**< can emit shared objects for another host */
  PYRITE_CAP_DEVICE_MEMORY = 1u << 2,  /**< separate device memory (alloc/copy) */
  PYRITE_CAP_KERNELS = 1u << 3,        /**< grid launches of kernels */
  PYRITE_CAP_BARRIERS = 1u << 4,
  PYRITE_CAP_ATOMICS = 1u << 5,
  PYRITE_CAP_FP64 = 1u << 6,
  PYRITE_CAP_PARALLEL_REGIONS = 1u << 7, /**< CPU parallel loops (prange) */
  PYRITE_CAPABILITY_MAX_ENUM = 0x7fffffff
} PyriteCapability;

/** What `emit` produces (2.0). */
typedef enum PyriteArtifactKind {
  PYRITE_ARTIFACT_OBJECT = 0,     /**< relocatable object for `load` */
  PYRITE_ARTIFACT_ASSEMBLY = 1,   /**< human-readable assembly (PTX for CUDA) */
  PYRITE_ARTIFACT_SHARED_OBJECT = 2, /**< linked, loadable code object */
  PYRITE_ARTIFACT_KIND_MAX_ENUM = 0x7fffffff
} PyriteArtifactKind;

/** Head of every optional-feature record (2.0). */
typedef struct PyriteExtension {
  uint32_t struct_size;
  uint32_t type; /**< a PYRITE_EXT_* value; unknown types are skipped */
  const struct PyriteExtension *next;
} PyriteExtension;

/** Bytes owned by the plugin until `release` is called on them (2.0). The
 *  host sets struct_size and calls `release` exactly once, unless it is NULL
 *  (static bytes). */
typedef struct PyriteBuffer {
  uint32_t struct_size;
  const void *data;
  size_t size;
  void (*release)(struct PyriteBuffer *self);
  void *opaque; /**< plugin's bookkeeping for release */
} PyriteBuffer;

/*--- what the host gives the plugin ------------------------------------*/

/** The host's table, valid for the life of the process (2.0). */
typedef struct PyriteHostApi {
  uint32_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;
  const char *core_version;
  /** Address of a host runtime function that compiled code calls
   *  (allocation, exceptions, RNG: names begin with "pyrite_rt_"), or NULL. */
  void *(*lookup_runtime_symbol)(const char *name);
  const PyriteExtension *extensions;
} PyriteHostApi;

/*--- what the plugin gives the host ------------------------------------*/

/** Target description: enough to list and type for a target without
 *  loading a backend (2.0). */
typedef struct PyriteTargetDesc {
  uint32_t struct_size;
  const char *name;        /**< e.g. "x86_64", "cuda" */
  const char *parent;      /**< "cpu" or "gpu"; their parent is "generic" */
  const char *triple;      /**< LLVM target triple */
  const char *data_layout; /**< LLVM data layout string */
  const char *cpu;         /**< LLVM CPU name, e.g. "skylake" or "sm_90" */
  const char *features;    /**< LLVM feature string */
  uint64_t capabilities;   /**< PyriteCapability bits */
  uint32_t pointer_bits;
  uint32_t global_address_space; /**< where array data lives */
  uint32_t shared_address_space; /**< block-shared memory (GPU) */
  uint32_t local_address_space;  /**< per-thread scratch */
} PyriteTargetDesc;

/** The arguments of an intrinsic's `lower` (2.0): emit the call at the
 *  builder's insertion point with the already lowered `args`; write the
 *  result value to `result` (left NULL for a void result). */
typedef struct PyriteLowerIntrinsicArgs {
  uint32_t struct_size;
  LLVMBuilderRef builder;
  LLVMModuleRef module;
  const LLVMValueRef *args;
  uint32_t num_args;
  LLVMValueRef result; /**< out */
} PyriteLowerIntrinsicArgs;

typedef PyriteStatus (*PyriteLowerIntrinsicFn)(void *plugin_state,
                                               PyriteLowerIntrinsicArgs *args);

/** An intrinsic the target provides (2.0). `signature` uses the textual
 *  type grammar of docs/plugin-abi.md, e.g. "int32()" or
 *  "float64(float64, float64)". */
typedef struct PyriteIntrinsic {
  uint32_t struct_size;
  const char *python_name; /**< e.g. "pyrite.cuda.threadIdx.x" */
  const char *signature;
  PyriteLowerIntrinsicFn lower;
} PyriteIntrinsic;

/** Maps a math function at one type to a symbol the target provides,
 *  e.g. {"sin", "float64", "__nv_sin"} (2.0). */
typedef struct PyriteMathMapping {
  uint32_t struct_size;
  const char *function; /**< Python name in the math module */
  const char *type;     /**< "float32" or "float64" */
  const char *symbol;
} PyriteMathMapping;

/** The `fastmath` argument of PyriteCodegen.optimize: a set of LLVM's
 *  fast-math flags, as Numba's `fastmath={'nnan', ...}` names them; 0 for none,
 *  PYRITE_FASTMATH_ALL for `fastmath=True` (2.0). */
#define PYRITE_FASTMATH_NNAN 0x01u     /**< no NaNs */
#define PYRITE_FASTMATH_NINF 0x02u     /**< no infinities */
#define PYRITE_FASTMATH_NSZ 0x04u      /**< no signed zeros */
#define PYRITE_FASTMATH_ARCP 0x08u     /**< reciprocal approximations */
#define PYRITE_FASTMATH_CONTRACT 0x10u /**< fused multiply-add */
#define PYRITE_FASTMATH_AFN 0x20u      /**< approximate functions */
#define PYRITE_FASTMATH_REASSOC 0x40u  /**< reassociation */
#define PYRITE_FASTMATH_ALL 0x7fu

/** The arguments of codegen.optimize (2.0). */
typedef struct PyriteOptimizeArgs {
  uint32_t struct_size;
  LLVMModuleRef module; /**< optimized in place */
  uint32_t opt_level;   /**< 0..3 */
  uint32_t fastmath;    /**< PYRITE_FASTMATH_* flags (already on the instructions) */
} PyriteOptimizeArgs;

/** The arguments of codegen.emit (2.0). */
typedef struct PyriteEmitArgs {
  uint32_t struct_size;
  LLVMModuleRef module;    /**< not consumed: left as it was, may be emitted again */
  PyriteArtifactKind kind;
  /** The processor to emit for, overriding the description's `cpu` (ahead
   *  of time: "sm_80" for a CUDA device that is not here), or NULL. */
  const char *cpu;
  PyriteBuffer *out;       /**< the artifact; the host sets out->struct_size */
} PyriteEmitArgs;

/** Codegen: LLVM module -> artifact bytes (2.0). */
typedef struct PyriteCodegen {
  uint32_t struct_size;
  /** Runs the target's optimization pipeline on the module in place. */
  PyriteStatus (*optimize)(void *plugin_state, const PyriteOptimizeArgs *args);
  /** Emits the module as an artifact of `kind`; OBJECT is what runtime.load
   *  takes. A kind the plugin does not produce is PYRITE_UNSUPPORTED. */
  PyriteStatus (*emit)(void *plugin_state, PyriteEmitArgs *args);
  /** Bitcode libraries to link before optimize (e.g. libdevice), or NULL. */
  const char *const *link_libraries;
} PyriteCodegen;

/*--- runtime handles: opaque, typed, owned by the plugin ---------------*/

typedef struct PyriteModule_T *PyriteModule;             /**< a loaded artifact */
typedef struct PyriteKernel_T *PyriteKernel;             /**< a kernel of a module */
typedef struct PyriteStream_T *PyriteStream;             /**< NULL: the default stream */
typedef struct PyriteEvent_T *PyriteEvent;
typedef struct PyriteDeviceMemory_T *PyriteDeviceMemory; /**< an allocation */

/** Which way mem_copy copies (2.0). */
typedef enum PyriteCopyDirection {
  PYRITE_COPY_HOST_TO_DEVICE = 0,
  PYRITE_COPY_DEVICE_TO_HOST = 1,
  PYRITE_COPY_DEVICE_TO_DEVICE = 2,
  PYRITE_COPY_DIRECTION_MAX_ENUM = 0x7fffffff
} PyriteCopyDirection;

/** What mem_alloc allocates (2.0). */
typedef enum PyriteMemoryKind {
  PYRITE_MEMORY_DEVICE = 0,      /**< device memory (cuMemAlloc) */
  PYRITE_MEMORY_PINNED_HOST = 1, /**< page-locked host memory (cuMemHostAlloc) */
  PYRITE_MEMORY_MAPPED_HOST = 2, /**< pinned and mapped into the device's space */
  PYRITE_MEMORY_MANAGED = 3,     /**< unified memory (cuMemAllocManaged) */
  PYRITE_MEMORY_KIND_MAX_ENUM = 0x7fffffff
} PyriteMemoryKind;

/*--- runtime call arguments (2.0): inputs, then outputs marked "out" ---*/

typedef struct PyriteLoadArgs {
  uint32_t struct_size;
  const void *artifact; /**< what emit(OBJECT) produced; copied if kept */
  size_t size;
  uint32_t device;      /**< device index (0 on CPUs) */
  PyriteModule module;  /**< out */
} PyriteLoadArgs;

typedef struct PyriteLookupArgs {
  uint32_t struct_size;
  PyriteModule module;
  const char *symbol;
  void *address;       /**< out, CPUs: a callable address */
  PyriteKernel kernel; /**< out, GPUs: the kernel launch takes (CUfunction) */
} PyriteLookupArgs;

typedef struct PyriteUnloadArgs {
  uint32_t struct_size;
  PyriteModule module; /**< its addresses and kernels become invalid */
} PyriteUnloadArgs;

typedef struct PyriteLaunchArgs {
  uint32_t struct_size;
  PyriteKernel kernel;
  uint32_t grid[3];      /**< blocks per grid, x/y/z */
  uint32_t block[3];     /**< threads per block, x/y/z */
  uint32_t shared_bytes; /**< dynamic shared memory per block */
  PyriteStream stream;   /**< asynchronous on it; NULL: the default stream */
  void **args;           /**< args[k] points at argument k's value (kernelParams) */
  uint32_t num_args;
  /** Names this launch in messages, also in an asynchronous failure that a
   *  later call finds ("kernel 'saxpy' launched with grid (...)"), or NULL. */
  const char *label;
} PyriteLaunchArgs;

typedef struct PyriteMemAllocArgs {
  uint32_t struct_size;
  size_t bytes;
  uint32_t device;
  PyriteMemoryKind kind;
  PyriteDeviceMemory memory; /**< out: what mem_free takes */
  uint64_t device_address;   /**< out: the address kernels take (0 for pinned host memory) */
  void *host_address;        /**< out: pinned, mapped and managed memory's host address */
} PyriteMemAllocArgs;

typedef struct PyriteMemFreeArgs {
  uint32_t struct_size;
  PyriteDeviceMemory memory;
} PyriteMemFreeArgs;

typedef struct PyriteMemCopyArgs {
  uint32_t struct_size;
  uint64_t dst; /**< a device address, or a host pointer as an integer */
  uint64_t src;
  size_t bytes;
  PyriteCopyDirection direction;
  /** NULL: synchronous with respect to the host; else ordered on the
   *  stream (host memory must then be pinned to overlap). */
  PyriteStream stream;
} PyriteMemCopyArgs;

/** stream_create (stream out), stream_destroy, stream_synchronize (2.0). */
typedef struct PyriteStreamArgs {
  uint32_t struct_size;
  uint32_t device;
  PyriteStream stream;
} PyriteStreamArgs;

/** event_create (event out), event_record (on stream), event_synchronize,
 *  event_elapsed (milliseconds from `start` to `event`), event_destroy. */
typedef struct PyriteEventArgs {
  uint32_t struct_size;
  uint32_t device;
  PyriteEvent event;
  PyriteStream stream;
  PyriteEvent start;
  float milliseconds; /**< out, event_elapsed */
  uint32_t reserved;  /**< zero: no trailing padding for a later field to land in */
} PyriteEventArgs;

typedef struct PyriteSynchronizeArgs {
  uint32_t struct_size;
  uint32_t device; /**< waits for all work the plugin started on it */
} PyriteSynchronizeArgs;

/** device_count (count out) and device_info (index in, the rest out). */
typedef struct PyriteDeviceInfoArgs {
  uint32_t struct_size;
  uint32_t index;
  uint32_t count;                   /**< out, device_count */
  char name[256];                   /**< out: NUL-terminated */
  uint32_t compute_major;           /**< out: e.g. 9 for sm_90 (0 on CPUs) */
  uint32_t compute_minor;
  uint64_t total_memory;            /**< out: bytes */
  uint32_t multiprocessors;
  uint32_t warp_size;
  uint32_t max_threads_per_block;
  uint32_t max_block[3];
  uint32_t max_grid[3];
  uint32_t max_shared_bytes_per_block;
} PyriteDeviceInfoArgs;

/** Runtime: load and run artifacts, manage device memory (2.0). Entries a
 *  target does not support are NULL; a CPU target has load, lookup, unload,
 *  synchronize, device_count and device_info only. */
typedef struct PyriteRuntime {
  uint32_t struct_size;
  PyriteStatus (*load)(void *plugin_state, PyriteLoadArgs *args);
  PyriteStatus (*lookup)(void *plugin_state, PyriteLookupArgs *args);
  PyriteStatus (*unload)(void *plugin_state, const PyriteUnloadArgs *args);
  PyriteStatus (*launch)(void *plugin_state, const PyriteLaunchArgs *args);
  PyriteStatus (*mem_alloc)(void *plugin_state, PyriteMemAllocArgs *args);
  PyriteStatus (*mem_free)(void *plugin_state, const PyriteMemFreeArgs *args);
  PyriteStatus (*mem_copy)(void *plugin_state, const PyriteMemCopyArgs *args);
  PyriteStatus (*stream_create)(void *plugin_state, PyriteStreamArgs *args);
  PyriteStatus (*stream_destroy)(void *plugin_state, const PyriteStreamArgs *args);
  PyriteStatus (*stream_synchronize)(void *plugin_state, const PyriteStreamArgs *args);
  PyriteStatus (*event_create)(void *plugin_state, PyriteEventArgs *args);
  PyriteStatus (*event_record)(void *plugin_state, const PyriteEventArgs *args);
  PyriteStatus (*event_synchronize)(void *plugin_state, const PyriteEventArgs *args);
  PyriteStatus (*event_elapsed)(void *plugin_state, PyriteEventArgs *args);
  PyriteStatus (*event_destroy)(void *plugin_state, const PyriteEventArgs *args);
  PyriteStatus (*synchronize)(void *plugin_state, const PyriteSynchronizeArgs *args);
  PyriteStatus (*device_count)(void *plugin_state, PyriteDeviceInfoArgs *args);
  PyriteStatus (*device_info)(void *plugin_state, PyriteDeviceInfoArgs *args);
} PyriteRuntime;

/** The plugin's table, returned by the entry function (2.0). */
typedef struct PyritePlugin {
  uint32_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;
  const char *plugin_name;    /**< e.g. "pyrite-x86_64" */
  const char *plugin_version; /**< the plugin's own semantic version */
  /** Changes whenever the plugin's output for the same input may change;
   *  part of every compile-cache key. */
  const char *output_hash;
  void *state; /**< passed back as plugin_state */
  const PyriteTargetDesc *target;
  const PyriteCodegen *codegen;
  const PyriteRuntime *runtime;
  const PyriteIntrinsic *intrinsics;
  uint32_t num_intrinsics;
  const PyriteMathMapping *math;
  uint32_t num_math;
  /** Message for the last non-OK status on this thread; never NULL. */
  const char *(*get_last_error)(void *plugin_state);
  void (*shutdown)(void *plugin_state);
  const PyriteExtension *extensions;
} PyritePlugin;

/** The entry point, exported as PYRITE_PLUGIN_ENTRY_SYMBOL. On PYRITE_OK,
 *  *out points to a table that lives until `shutdown`. On failure the plugin
 *  may set *out to a table whose get_last_error explains, or leave it NULL. */
typedef PyriteStatus (*PyritePluginEntryFn)(const PyriteHostApi *host,
                                            const PyritePlugin **out);

/** The size of struct T up to and including its `last` field: how the
 *  PYRITE_*_SIZE_2_0 macros below are written. */
#define PYRITE_SIZE_THROUGH(T, last) (offsetof(T, last) + sizeof(((T *)0)->last))

/** The size of each struct in ABI 2.0: the smallest valid struct_size of a
 *  2.x table or args struct (a shorter one is truncated, and refused). */
#define PYRITE_HOST_API_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteHostApi, extensions)
#define PYRITE_PLUGIN_SIZE_2_0 PYRITE_SIZE_THROUGH(PyritePlugin, extensions)
#define PYRITE_TARGET_DESC_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteTargetDesc, local_address_space)
#define PYRITE_CODEGEN_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteCodegen, link_libraries)
#define PYRITE_RUNTIME_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteRuntime, device_info)
#define PYRITE_EXTENSION_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteExtension, next)
#define PYRITE_BUFFER_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteBuffer, opaque)
#define PYRITE_INTRINSIC_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteIntrinsic, lower)
#define PYRITE_MATH_MAPPING_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteMathMapping, symbol)
#define PYRITE_LOWER_INTRINSIC_ARGS_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteLowerIntrinsicArgs, result)
#define PYRITE_OPTIMIZE_ARGS_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteOptimizeArgs, fastmath)
#define PYRITE_EMIT_ARGS_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteEmitArgs, out)
#define PYRITE_LOAD_ARGS_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteLoadArgs, module)
#define PYRITE_LOOKUP_ARGS_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteLookupArgs, kernel)
#define PYRITE_UNLOAD_ARGS_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteUnloadArgs, module)
#define PYRITE_LAUNCH_ARGS_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteLaunchArgs, label)
#define PYRITE_MEM_ALLOC_ARGS_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteMemAllocArgs, host_address)
#define PYRITE_MEM_FREE_ARGS_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteMemFreeArgs, memory)
#define PYRITE_MEM_COPY_ARGS_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteMemCopyArgs, stream)
#define PYRITE_STREAM_ARGS_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteStreamArgs, stream)
#define PYRITE_EVENT_ARGS_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteEventArgs, reserved)
#define PYRITE_SYNCHRONIZE_ARGS_SIZE_2_0 PYRITE_SIZE_THROUGH(PyriteSynchronizeArgs, device)
#define PYRITE_DEVICE_INFO_ARGS_SIZE_2_0 \
  PYRITE_SIZE_THROUGH(PyriteDeviceInfoArgs, max_shared_bytes_per_block)

/** A reader's test that struct `s` (a pointer) has field `f`:
 *  `if (PYRITE_HAS_FIELD(args, stream)) ...`. */
#define PYRITE_HAS_FIELD(s, f) \
  ((s)->struct_size >= offsetof(__typeof__(*(s)), f) + sizeof((s)->f))

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PYRITE_PLUGIN_H */
