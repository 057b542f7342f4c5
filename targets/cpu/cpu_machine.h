//===- targets/cpu/cpu_machine.h - the CPU backend's machine --------------===//
//
/// \file
/// Internal to targets/cpu: the backend state and the codegen/runtime
/// callbacks with the ABI's signatures (state = Backend*).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "cpu_backend.h"

#include <string>

namespace pyrite::cpu {

struct Backend;

Backend *create_backend(const PyriteHostApi *host, const CpuTargetSpec &spec,
                        std::string &error);
void destroy_backend(Backend *b);
bool is_native(Backend *b);
const char *data_layout(Backend *b);
const char *cpu_name(Backend *b);
const char *cpu_features(Backend *b);
const char *last_error(Backend *b);
/// "address" when JIT objects are instrumented (PYRITE_SANITIZE_JIT), else "".
const char *jit_sanitizer(Backend *b);

PyriteStatus optimize(void *state, LLVMModuleRef module, uint32_t opt_level, uint32_t fastmath);
PyriteStatus emit(void *state, LLVMModuleRef module, PyriteArtifactKind kind, PyriteBuffer *out);
PyriteStatus load(void *state, const void *artifact, size_t size, PyriteModuleHandle *out);
PyriteStatus lookup(void *state, PyriteModuleHandle module, const char *symbol, void **address);
PyriteStatus unload(void *state, PyriteModuleHandle module);
PyriteStatus device_count(void *state, uint32_t *count);
PyriteStatus device_name(void *state, uint32_t index, char *buf, size_t buf_size);
PyriteStatus synchronize(void *state);

} // namespace pyrite::cpu
