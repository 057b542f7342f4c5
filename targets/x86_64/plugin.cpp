//===- targets/x86_64/plugin.cpp - the x86-64 target plugin ---------------===//
//
// Fills the ABI tables with the shared CPU backend. Only the target's name,
// triple and capabilities are x86-specific.
//
//===----------------------------------------------------------------------===//
#include "../cpu/cpu_backend.h"

#include <pyrite/plugin.h>

#include <string>

namespace {

constexpr const char *kTriple = "x86_64-unknown-linux-gnu";

struct X86Plugin {
  pyrite::cpu::Backend *backend = nullptr;
  std::string init_error;
  PyriteTargetDesc target{};
  PyriteCodegen codegen{};
  PyriteRuntime runtime{};
  PyritePlugin table{};
};

// One instance per process: the host loads a plugin file once.
X86Plugin g_plugin;

// Callbacks receive the table's `state`: the CPU backend (null if init failed).
const char *get_last_error(void *state) {
  auto *b = static_cast<pyrite::cpu::Backend *>(state);
  return b ? pyrite::cpu::last_error(b) : g_plugin.init_error.c_str();
}

void shutdown(void *state) {
  pyrite::cpu::destroy_backend(static_cast<pyrite::cpu::Backend *>(state));
  g_plugin.backend = nullptr;
}

} // namespace

extern "C" PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                                 const PyritePlugin **out) {
  X86Plugin *p = &g_plugin;
  PyritePlugin &t = p->table;
  t.struct_size = sizeof(PyritePlugin);
  t.abi_major = PYRITE_ABI_VERSION_MAJOR;
  t.abi_minor = PYRITE_ABI_VERSION_MINOR;
  t.plugin_name = "pyrite-x86_64";
  t.plugin_version = "0.1.0";
  t.state = nullptr;
  t.get_last_error = get_last_error;
  t.shutdown = shutdown;
  *out = &t;
  if (!host || host->struct_size < sizeof(PyriteHostApi) ||
      host->abi_major != PYRITE_ABI_VERSION_MAJOR) {
    p->init_error = "the host speaks another plugin ABI major version";
    return PYRITE_ERROR;
  }
  p->backend = pyrite::cpu::create_backend(host, kTriple, "", p->init_error);
  if (!p->backend)
    return PYRITE_ERROR;

  PyriteTargetDesc &d = p->target;
  d.struct_size = sizeof(PyriteTargetDesc);
  d.name = "x86_64";
  d.parent = "cpu";
  d.triple = kTriple;
  d.data_layout = pyrite::cpu::data_layout(p->backend);
  d.cpu = pyrite::cpu::cpu_name(p->backend);
  d.features = pyrite::cpu::cpu_features(p->backend);
  // Cross AOT and parallel regions join these flags when they are implemented.
  d.capabilities = PYRITE_CAP_IN_PROCESS_JIT | PYRITE_CAP_ATOMICS | PYRITE_CAP_FP64;
  d.pointer_bits = 64;

  PyriteCodegen &c = p->codegen;
  c.struct_size = sizeof(PyriteCodegen);
  c.optimize = pyrite::cpu::optimize;
  c.emit = pyrite::cpu::emit;

  PyriteRuntime &r = p->runtime;
  r.struct_size = sizeof(PyriteRuntime);
  r.load = pyrite::cpu::load;
  r.lookup = pyrite::cpu::lookup;
  r.unload = pyrite::cpu::unload;
  r.synchronize = pyrite::cpu::synchronize;
  r.device_count = pyrite::cpu::device_count;
  r.device_name = pyrite::cpu::device_name;

  t.target = &d;
  t.codegen = &c;
  t.runtime = &r;
  t.output_hash = "x86_64-0.1.0-llvm22";
  t.state = p->backend;
  return PYRITE_OK;
}
