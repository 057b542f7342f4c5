//===- python/src/objmode.h - objmode blocks run by the interpreter -------===//
//
/// \file
/// pyrite/_objmode.py lifts each `with objmode(...)` block into a Python
/// function; compiled code calls it through pyrite_rt_objmode with its
/// inputs, which this boxes, and receives the declared outputs unboxed as
/// values compiled code owns.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>

namespace pyrite::python {

/// pyrite_rt_objmode's implementation (runtime/pyrite_rt.h).
int32_t run_object_mode_block(void *fn, const void *input_types, const void *inputs,
                              const void *output_types, void *outputs);

} // namespace pyrite::python
