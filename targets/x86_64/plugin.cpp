//===- targets/x86_64/plugin.cpp - the x86-64 target plugin ---------------===//
//
// Everything but this description is the CPU family's shared backend.
//
//===----------------------------------------------------------------------===//
#include "../cpu/cpu_backend.h"

#include <llvm-c/Target.h>

PYRITE_CPU_LLVM_TARGET(X86)

static const pyrite::cpu::CpuTargetSpec kSpec = {
    /*name=*/"x86_64",
    /*plugin_name=*/"pyrite-x86_64",
    /*version=*/"0.2.0",
    /*triple=*/"x86_64-unknown-linux-gnu",
    /*default_cpu=*/"x86-64-v2",
    /*default_features=*/"",
    /*lld_emulation=*/"elf_x86_64",
    /*libc_dir=*/"/usr/lib/x86_64-linux-gnu",
    /*initialize_llvm_target=*/initialize_llvm_target,
};

extern "C" PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                                 const PyritePlugin **out) {
  return pyrite::cpu::cpu_plugin_entry(host, kSpec, out);
}
