/* A codegen table without emit: the host cannot produce code with it.
 * With -DMISSING_RUNTIME it instead claims in-process JIT with no runtime
 * table to load code with; with -DKERNELS_WITHOUT_LAUNCH it claims kernels
 * with a runtime that cannot launch them. */
#include "toy_plugin.h"

#ifdef KERNELS_WITHOUT_LAUNCH
static PyriteStatus toy_load(void *state, PyriteLoadArgs *args) {
  (void)state, (void)args;
  return PYRITE_NO_DEVICE;
}

static PyriteStatus toy_lookup(void *state, PyriteLookupArgs *args) {
  (void)state, (void)args;
  return PYRITE_NO_DEVICE;
}

static PyriteRuntime toy_runtime = {
    .struct_size = sizeof(PyriteRuntime), .load = toy_load, .lookup = toy_lookup};
#endif

PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                      const PyritePlugin **out) {
  (void)host;
#if defined(MISSING_RUNTIME)
  toy_target.capabilities |= PYRITE_CAP_IN_PROCESS_JIT;
#elif defined(KERNELS_WITHOUT_LAUNCH)
  toy_target.capabilities |= PYRITE_CAP_KERNELS;
  toy_table.runtime = &toy_runtime;
#else
  toy_codegen.emit = NULL;
#endif
  *out = &toy_table;
  return PYRITE_OK;
}
