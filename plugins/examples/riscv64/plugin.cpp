//===- riscv64/plugin.cpp - the riscv64 target plugin ---------------------===//
//
// An out-of-tree pyrite target plugin: RISC-V 64 (RV64GC, lp64d) for cross
// ahead-of-time compilation, built against the installed pyrite SDK only.
// This file is the target's description and the filled-in ABI tables; the
// machine (optimize, emit) is codegen.cpp, the intrinsics intrinsics.cpp.
//
//===----------------------------------------------------------------------===//
#include "codegen.h"
#include "intrinsics.h"

#include <pyrite/plugin.h>

#include <llvm/Config/llvm-config.h>

#include <string>

namespace {

constexpr const char *kVersion = "0.1.0";

// The target's description, as LLVM's RISCVTargetInfo names a target: no
// backend is touched to list it.
constexpr riscv64::MachineSpec kSpec = {
    "riscv64-unknown-linux-gnu",                  // triple
    "generic-rv64",                               // cpu
    "+m,+a,+f,+d,+c",                             // features (RV64GC)
    "lp64d",                                      // ABI
    "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"}; // data layout

struct Riscv64Plugin {
  riscv64::Machine *machine = nullptr;
  std::string init_error, output_hash;
  PyriteTargetDesc target{};
  PyriteCodegen codegen{};
  PyritePlugin table{};
};

// One instance per process: the host loads a plugin file once.
Riscv64Plugin g_plugin;

const char *get_last_error(void *) {
  return g_plugin.machine ? riscv64::last_error() : g_plugin.init_error.c_str();
}

void shutdown(void *state) {
  riscv64::destroy_machine(static_cast<riscv64::Machine *>(state));
  g_plugin.machine = nullptr;
}

/// The host fields this plugin reads exist from ABI 2.0 on.
bool host_is_compatible(const PyriteHostApi *host) {
  return host && host->abi_major == PYRITE_ABI_VERSION_MAJOR &&
         host->struct_size >= PYRITE_HOST_API_SIZE_2_0;
}

} // namespace

extern "C" PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                                 const PyritePlugin **out) {
  Riscv64Plugin &p = g_plugin;
  PyritePlugin &t = p.table;
  t.struct_size = sizeof(PyritePlugin);
  t.abi_major = PYRITE_ABI_VERSION_MAJOR;
  t.abi_minor = PYRITE_ABI_VERSION_MINOR;
  t.plugin_name = "pyrite-riscv64";
  t.plugin_version = kVersion;
  t.get_last_error = get_last_error;
  t.shutdown = shutdown;
  *out = &t;
  if (!host_is_compatible(host)) {
    p.init_error = "the host speaks another plugin ABI major version";
    return PYRITE_ERROR;
  }

  PyriteTargetDesc &d = p.target;
  d.struct_size = sizeof(PyriteTargetDesc);
  d.name = "riscv64";
  d.parent = "cpu";
  d.triple = kSpec.triple;
  d.data_layout = kSpec.data_layout;
  d.cpu = kSpec.cpu;
  d.features = kSpec.features;
  // No in-process JIT: an x86 host cannot run RISC-V code; artifacts run
  // under qemu-user or on a RISC-V machine.
  d.capabilities = PYRITE_CAP_CROSS_AOT | PYRITE_CAP_FP64 | PYRITE_CAP_ATOMICS;
  d.pointer_bits = 64;

  PyriteCodegen &c = p.codegen;
  c.struct_size = sizeof(PyriteCodegen);
  c.optimize = riscv64::optimize;
  c.emit = riscv64::emit;

  // Everything that changes the bytes we emit for the same module.
  p.output_hash = std::string("riscv64-") + kVersion + "-llvm" LLVM_VERSION_STRING "-" +
                  kSpec.cpu + kSpec.features + "-" + kSpec.abi;
  p.machine = riscv64::create_machine(kSpec);
  t.target = &d;
  t.codegen = &c;
  t.runtime = nullptr; // nothing runs in this process
  t.intrinsics = riscv64::kIntrinsics;
  t.num_intrinsics = riscv64::kNumIntrinsics;
  t.output_hash = p.output_hash.c_str();
  t.state = p.machine;
  return PYRITE_OK;
}
