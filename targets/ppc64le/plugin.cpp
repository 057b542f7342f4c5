//===- targets/ppc64le/plugin.cpp - the POWER (ppc64le) target plugin -----===//
//
// Everything but this description is the CPU family's shared backend: on a
// POWER host it JITs in process, elsewhere it cross-compiles.
//
//===----------------------------------------------------------------------===//
#include "../cpu/cpu_backend.h"

#include <llvm-c/Target.h>

PYRITE_CPU_LLVM_TARGET(PowerPC)

static const pyrite::cpu::CpuTargetSpec kSpec = {
    /*name=*/"ppc64le",
    /*plugin_name=*/"pyrite-ppc64le",
    /*version=*/"0.2.0",
    /*triple=*/"powerpc64le-unknown-linux-gnu",
    /*default_cpu=*/"pwr8",
    /*default_features=*/"",
    /*lld_emulation=*/"elf64lppc",
    /*libc_dir=*/"/usr/powerpc64le-linux-gnu/lib",
    /*initialize_llvm_target=*/initialize_llvm_target,
};

extern "C" PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                                 const PyritePlugin **out) {
  return pyrite::cpu::cpu_plugin_entry(host, kSpec, out);
}
