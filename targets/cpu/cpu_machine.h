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

PyriteStatus optimize(void *state, const PyriteOptimizeArgs *args);
PyriteStatus emit(void *state, PyriteEmitArgs *args);
PyriteStatus load(void *state, PyriteLoadArgs *args);
PyriteStatus lookup(void *state, PyriteLookupArgs *args);
PyriteStatus unload(void *state, const PyriteUnloadArgs *args);
PyriteStatus device_count(void *state, PyriteDeviceInfoArgs *args);
PyriteStatus device_info(void *state, PyriteDeviceInfoArgs *args);
PyriteStatus synchronize(void *state, const PyriteSynchronizeArgs *args);

} // namespace pyrite::cpu
