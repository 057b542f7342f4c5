//===- targets/cpu/cpu_plugin.cpp - the ABI tables of a CPU plugin --------===//
#include "cpu_backend.h"
#include "cpu_machine.h"

#include <llvm-c/Core.h>

namespace pyrite::cpu {
namespace {

// One instance per plugin library: the host loads each file once.
struct CpuPlugin {
  Backend *backend = nullptr;
  std::string init_error;
  std::string output_hash;
  PyriteTargetDesc target{};
  PyriteCodegen codegen{};
  PyriteRuntime runtime{};
  PyritePlugin table{};
} g_plugin;

// --- intrinsics (lowered through the LLVM-C API, as any plugin would) -------

PyriteStatus lower_cycle_counter(void *, PyriteLowerIntrinsicArgs *args) {
  const char name[] = "llvm.readcyclecounter";
  unsigned id = LLVMLookupIntrinsicID(name, sizeof name - 1);
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(args->module, id, nullptr, 0);
  LLVMTypeRef type = LLVMIntrinsicGetType(LLVMGetModuleContext(args->module), id, nullptr, 0);
  args->result = LLVMBuildCall2(args->builder, type, fn, nullptr, 0, "cycles");
  return PYRITE_OK;
}

const PyriteIntrinsic kIntrinsics[] = {
    {sizeof(PyriteIntrinsic), "cpu.cycle_counter", "int64()", lower_cycle_counter},
};

// Callbacks receive the table's `state`: the backend (null if init failed).
const char *get_last_error(void *state) {
  auto *b = static_cast<Backend *>(state);
  return b ? last_error(b) : g_plugin.init_error.c_str();
}

void shutdown(void *state) {
  destroy_backend(static_cast<Backend *>(state));
  g_plugin.backend = nullptr;
}

} // namespace

PyriteStatus cpu_plugin_entry(const PyriteHostApi *host, const CpuTargetSpec &spec,
                              const PyritePlugin **out) {
  CpuPlugin *p = &g_plugin;
  PyritePlugin &t = p->table;
  t.struct_size = sizeof(PyritePlugin);
  t.abi_major = PYRITE_ABI_VERSION_MAJOR;
  t.abi_minor = PYRITE_ABI_VERSION_MINOR;
  t.plugin_name = spec.plugin_name;
  t.plugin_version = spec.version;
  t.get_last_error = get_last_error;
  t.shutdown = shutdown;
  *out = &t;
  if (!host || host->struct_size < PYRITE_HOST_API_SIZE_2_0 ||
      host->abi_major != PYRITE_ABI_VERSION_MAJOR) {
    p->init_error = "the host speaks another plugin ABI major version";
    return PYRITE_ERROR;
  }
  p->backend = create_backend(host, spec, p->init_error);
  if (!p->backend)
    return PYRITE_ERROR;
  bool native = is_native(p->backend);

  PyriteTargetDesc &d = p->target;
  d.struct_size = sizeof(PyriteTargetDesc);
  d.name = spec.name;
  d.parent = "cpu";
  d.triple = spec.triple;
  d.data_layout = data_layout(p->backend);
  d.cpu = cpu_name(p->backend);
  d.features = cpu_features(p->backend);
  // Parallel regions run on the host runtime's TBB threads
  // (runtime/rt_parallel.cpp), so only code that runs in this process has
  // them; a cross-compiled shared object runs its prange loops serially.
  d.capabilities = PYRITE_CAP_CROSS_AOT | PYRITE_CAP_ATOMICS | PYRITE_CAP_FP64 |
                   (native ? PYRITE_CAP_IN_PROCESS_JIT | PYRITE_CAP_PARALLEL_REGIONS : 0);
  d.pointer_bits = 64;

  PyriteCodegen &c = p->codegen;
  c.struct_size = sizeof(PyriteCodegen);
  c.optimize = optimize;
  c.emit = emit;

  PyriteRuntime &r = p->runtime;
  r.struct_size = sizeof(PyriteRuntime);
  r.load = load;
  r.lookup = lookup;
  r.unload = unload;
  r.synchronize = synchronize;
  r.device_count = device_count;
  r.device_info = device_info;

  p->output_hash = std::string(spec.name) + "-" + spec.version + "-llvm22-" + d.cpu;
  if (*jit_sanitizer(p->backend)) // instrumented objects need the sanitizer runtime
    p->output_hash += std::string("-san-") + jit_sanitizer(p->backend);
  t.target = &d;
  t.codegen = &c;
  t.runtime = native ? &r : nullptr; // a foreign CPU has nothing to run on here
  t.output_hash = p->output_hash.c_str();
  t.intrinsics = kIntrinsics;
  t.num_intrinsics = sizeof kIntrinsics / sizeof kIntrinsics[0];
  t.state = p->backend;
  return PYRITE_OK;
}

} // namespace pyrite::cpu
