//===- targets/cpu/cpu_backend.h - codegen and JIT shared by CPU plugins --===//
//
/// \file
/// The CPU family (x86_64, aarch64, ppc64le) shares this library: an LLVM
/// TargetMachine for codegen and an ORC LLJIT for in-process loading. Each
/// CPU plugin is a small plugin.cpp that fills the ABI tables with these.
/// Everything here is internal to plugins; nothing crosses the ABI but C.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <pyrite/plugin.h>

#include <string>

namespace pyrite::cpu {

/// One CPU target's backend state, owned by its plugin.
struct Backend;

/// Creates the backend for `triple`; an empty `cpu` means the host's CPU and
/// features. Returns nullptr and sets `error` when LLVM lacks the target.
Backend *create_backend(const PyriteHostApi *host, const std::string &triple,
                        const std::string &cpu, std::string &error);
void destroy_backend(Backend *b);

const char *data_layout(Backend *b);
const char *cpu_name(Backend *b);
const char *cpu_features(Backend *b);
const char *last_error(Backend *b);

// Codegen and runtime entries with the ABI's signatures (state = Backend*).
PyriteStatus optimize(void *state, LLVMModuleRef module, uint32_t opt_level, uint32_t fastmath);
PyriteStatus emit(void *state, LLVMModuleRef module, PyriteArtifactKind kind, PyriteBuffer *out);
PyriteStatus load(void *state, const void *artifact, size_t size, PyriteModuleHandle *out);
PyriteStatus lookup(void *state, PyriteModuleHandle module, const char *symbol, void **address);
PyriteStatus unload(void *state, PyriteModuleHandle module);
PyriteStatus device_count(void *state, uint32_t *count);
PyriteStatus device_name(void *state, uint32_t index, char *buf, size_t buf_size);
PyriteStatus synchronize(void *state);

} // namespace pyrite::cpu
