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
 *  - an array of structs (intrinsics, math) is walked with its first
 *    element's struct_size as the stride, never the reader's sizeof;
 *  - the host accepts a plugin with the same ABI major and any minor >= the
 *    oldest it supports; anything else is refused with a message, never a crash;
 *  - optional features hang off `PyriteExtension` chains;
 *  - errors are PyriteStatus codes plus a message from `get_last_error`.
 *
 * Tier table (introduced in):
 *   1.0  target description, codegen (optimize, emit), runtime (load, lookup,
 *        unload, launch, device memory, synchronize, device query),
 *        intrinsics, math mapping.
 *===----------------------------------------------------------------------===*/
#ifndef PYRITE_PLUGIN_H
#define PYRITE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#include <llvm-c/Types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PYRITE_ABI_VERSION_MAJOR 1
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

/** Status codes (1.0). */
typedef enum PyriteStatus {
  PYRITE_OK = 0,
  PYRITE_ERROR = 1,           /**< details from get_last_error */
  PYRITE_UNSUPPORTED = 2,     /**< the plugin does not implement this */
  PYRITE_NO_DEVICE = 3,       /**< runtime present, no device found */
  PYRITE_STATUS_MAX_ENUM = 0x7fffffff
} PyriteStatus;

/** Capability flags of a target (1.0). */
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

/** What `emit` produces (1.0). */
typedef enum PyriteArtifactKind {
  PYRITE_ARTIFACT_OBJECT = 0,     /**< relocatable object for `load` */
  PYRITE_ARTIFACT_ASSEMBLY = 1,   /**< human-readable assembly (PTX for CUDA) */
  PYRITE_ARTIFACT_SHARED_OBJECT = 2, /**< linked, loadable code object */
  PYRITE_ARTIFACT_KIND_MAX_ENUM = 0x7fffffff
} PyriteArtifactKind;

/** Head of every optional-feature record (1.0). */
typedef struct PyriteExtension {
  uint32_t struct_size;
  uint32_t type; /**< a PYRITE_EXT_* value; unknown types are skipped */
  const struct PyriteExtension *next;
} PyriteExtension;

/** Bytes owned by the plugin until `release` is called on them (1.0). The
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

/** The host's table, valid for the life of the process (1.0). */
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
 *  loading a backend (1.0). */
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

/** Lowers one call of an intrinsic: `args` are the already lowered
 *  arguments; the result goes to *result (left NULL for a void result). */
typedef PyriteStatus (*PyriteLowerIntrinsicFn)(void *plugin_state,
                                               LLVMBuilderRef builder,
                                               LLVMModuleRef module,
                                               const LLVMValueRef *args,
                                               uint32_t num_args,
                                               LLVMValueRef *result);

/** An intrinsic the target provides (1.0). `signature` uses the textual
 *  type grammar of docs/plugin-abi.md, e.g. "int32()" or
 *  "float64(float64, float64)". */
typedef struct PyriteIntrinsic {
  uint32_t struct_size;
  const char *python_name; /**< e.g. "pyrite.cuda.threadIdx.x" */
  const char *signature;
  PyriteLowerIntrinsicFn lower;
} PyriteIntrinsic;

/** Maps a math function at one type to a symbol the target provides,
 *  e.g. {"sin", "float64", "__nv_sin"} (1.0). */
typedef struct PyriteMathMapping {
  uint32_t struct_size;
  const char *function; /**< Python name in the math module */
  const char *type;     /**< "float32" or "float64" */
  const char *symbol;
} PyriteMathMapping;

/** The `fastmath` argument of PyriteCodegen.optimize: a set of LLVM's
 *  fast-math flags, as Numba's `fastmath={'nnan', ...}` names them; 0 for none,
 *  PYRITE_FASTMATH_ALL for `fastmath=True` (1.0). */
#define PYRITE_FASTMATH_NNAN 0x01u     /**< no NaNs */
#define PYRITE_FASTMATH_NINF 0x02u     /**< no infinities */
#define PYRITE_FASTMATH_NSZ 0x04u      /**< no signed zeros */
#define PYRITE_FASTMATH_ARCP 0x08u     /**< reciprocal approximations */
#define PYRITE_FASTMATH_CONTRACT 0x10u /**< fused multiply-add */
#define PYRITE_FASTMATH_AFN 0x20u      /**< approximate functions */
#define PYRITE_FASTMATH_REASSOC 0x40u  /**< reassociation */
#define PYRITE_FASTMATH_ALL 0x7fu

/** Codegen: LLVM module -> artifact bytes (1.0). */
typedef struct PyriteCodegen {
  uint32_t struct_size;
  /** Runs the target's optimization pipeline on `module` in place.
   *  `fastmath` holds PYRITE_FASTMATH_* flags (already on the instructions). */
  PyriteStatus (*optimize)(void *plugin_state, LLVMModuleRef module,
                           uint32_t opt_level, uint32_t fastmath);
  /** Emits `module` (not consumed: left as it was, and may be emitted again)
   *  as an artifact of `kind`; OBJECT is what runtime.load takes. A kind the
   *  plugin does not produce fails with a message. */
  PyriteStatus (*emit)(void *plugin_state, LLVMModuleRef module,
                       PyriteArtifactKind kind, PyriteBuffer *out);
  /** Bitcode libraries to link before optimize (e.g. libdevice), or NULL. */
  const char *const *link_libraries;
} PyriteCodegen;

typedef struct PyriteModuleHandle_T *PyriteModuleHandle;

/** Launch geometry for kernels (1.0). */
typedef struct PyriteLaunchConfig {
  uint32_t struct_size;
  uint32_t grid[3];
  uint32_t block[3];
  uint32_t shared_bytes;
  void *stream;
} PyriteLaunchConfig;

/** Runtime: load and run artifacts, manage device memory (1.0).
 *  A CPU target leaves the device-memory and launch entries NULL. */
typedef struct PyriteRuntime {
  uint32_t struct_size;
  PyriteStatus (*load)(void *plugin_state, const void *artifact, size_t size,
                       PyriteModuleHandle *out);
  /** A callable address on CPUs; on GPUs an opaque kernel handle (CUfunction,
   *  hipFunction_t, ...) that is passed to `launch`. */
  PyriteStatus (*lookup)(void *plugin_state, PyriteModuleHandle module,
                         const char *symbol, void **address);
  PyriteStatus (*unload)(void *plugin_state, PyriteModuleHandle module);
  /** args[k] points at the value of argument k (CUDA's kernelParams). */
  PyriteStatus (*launch)(void *plugin_state, void *kernel,
                         const PyriteLaunchConfig *config, void **args,
                         uint32_t num_args);
  PyriteStatus (*mem_alloc)(void *plugin_state, size_t bytes, void **out);
  PyriteStatus (*mem_free)(void *plugin_state, void *ptr);
  /** direction: 0 host->device, 1 device->host, 2 device->device */
  PyriteStatus (*mem_copy)(void *plugin_state, void *dst, const void *src,
                           size_t bytes, uint32_t direction);
  PyriteStatus (*synchronize)(void *plugin_state);
  PyriteStatus (*device_count)(void *plugin_state, uint32_t *count);
  /** Writes a NUL-terminated description of device `index` into buf. */
  PyriteStatus (*device_name)(void *plugin_state, uint32_t index, char *buf,
                              size_t buf_size);
} PyriteRuntime;

/** The plugin's table, returned by the entry function (1.0). */
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

/** Smallest struct sizes of ABI 1.0: a table shorter than these is truncated. */
#define PYRITE_PLUGIN_SIZE_1_0 (offsetof(PyritePlugin, extensions) + sizeof(void *))
#define PYRITE_TARGET_DESC_SIZE_1_0 \
  (offsetof(PyriteTargetDesc, local_address_space) + sizeof(uint32_t))
#define PYRITE_CODEGEN_SIZE_1_0 (offsetof(PyriteCodegen, link_libraries) + sizeof(void *))
#define PYRITE_RUNTIME_SIZE_1_0 (offsetof(PyriteRuntime, device_name) + sizeof(void *))

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PYRITE_PLUGIN_H */
