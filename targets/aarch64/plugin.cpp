//===- targets/aarch64/plugin.cpp - the AArch64 target plugin -------------===//
//
// Everything but this description is the CPU family's shared backend: on an
// AArch64 host it JITs in process, elsewhere it cross-compiles.
//
//===----------------------------------------------------------------------===//
#include "../cpu/cpu_backend.h"

#include <llvm-c/Target.h>

PYRITE_CPU_LLVM_TARGET(AArch64)

static const pyrite::cpu::CpuTargetSpec kSpec = {
    /*name=*/"aarch64",
    /*plugin_name=*/"pyrite-aarch64",
    /*version=*/"0.2.0",
    /*triple=*/"aarch64-unknown-linux-gnu",
    /*default_cpu=*/"generic",
    /*default_features=*/"+neon",
    /*lld_emulation=*/"aarch64linux",
    /*libc_dir=*/"/usr/aarch64-linux-gnu/lib",
    /*initialize_llvm_target=*/initialize_llvm_target,
};

extern "C" PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                                 const PyritePlugin **out) {
  return pyrite::cpu::cpu_plugin_entry(host, kSpec, out);
}
