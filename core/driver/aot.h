//===- driver/aot.h - ahead-of-time shared objects for any target ---------===//
//
/// \file
/// Compiles typed functions into one ELF shared object for a target (which
/// may be another machine's): each function gets a C entry
///   int32_t NAME(void *ret, void **args)
/// and the object carries its own runtime (runtime/rt_aot.c), so it needs
/// only libc and libm where it runs. See docs/aot.md.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "driver/compiler.h"

#include <string>
#include <vector>

namespace pyrite::driver {

struct AotEntry {
  std::shared_ptr<const typing::TypedFunction> typed;
  std::string export_name;
};

/// The bytes of the shared object. Throws std::runtime_error when the target
/// is unknown or its plugin cannot produce shared objects.
std::string compile_shared_object(const std::vector<AotEntry> &entries,
                                  const CompileOptions &options);

} // namespace pyrite::driver
