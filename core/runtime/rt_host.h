//===- runtime/rt_host.h - the host runtime, seen from C++ ----------------===//
//
/// \file
/// C++ access to the host half of the runtime: the symbol table handed to
/// plugins, the thread's pending exception, and allocation counters for tests.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/pyrite_rt.h"

#include <cstdint>
#include <string>

namespace pyrite::runtime {

/// Address of host runtime function `name` ("pyrite_rt_..."), or nullptr.
void *lookup_symbol(const char *name);

/// Moves this thread's pending exception out; false when there is none.
bool take_error(std::string &exception_class, std::string &message);

/// MemInfos allocated by compiled code and not yet freed.
int64_t live_allocations();

/// Where print() output goes: the Python layer installs a sink that formats
/// values as Python does and writes to sys.stdout.
using PrintSink = void (*)(int32_t kind, int64_t i, double f, const char *s);
void set_print_sink(PrintSink sink);

/// How str text is hashed (pyrite_rt_hash_str): the Python layer installs
/// CPython's own, so hash(s) in compiled code is the interpreter's.
using BytesHash = int64_t (*)(const void *data, int64_t nbytes);
void set_bytes_hash(BytesHash hash);

/// pyrite_rt_adopt: the Python layer installs the function that makes a
/// meminfo holding a reference to a NumPy array.
using AdoptHook = PyriteMemInfo *(*)(void *parent);
void set_adopt_hook(AdoptHook hook);

/// pyrite_rt_objmode: the Python layer installs the function that runs an
/// objmode block in the interpreter.
using ObjectModeHook = int32_t (*)(void *fn, const void *input_types, const void *inputs,
                                   const void *output_types, void *outputs);
void set_object_mode_hook(ObjectModeHook hook);

/// Drops one reference from a MemInfo (for the owners of returned arrays).
void release(void *meminfo);

} // namespace pyrite::runtime
