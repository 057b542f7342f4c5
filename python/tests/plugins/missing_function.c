/* A codegen table without emit: the host cannot produce code with it.
 * With -DMISSING_RUNTIME it instead claims in-process JIT with no runtime
 * table to load code with. */
#include "toy_plugin.h"

PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                      const PyritePlugin **out) {
  (void)host;
#ifdef MISSING_RUNTIME
  toy_target.capabilities |= PYRITE_CAP_IN_PROCESS_JIT;
#else
  toy_codegen.emit = NULL;
#endif
  *out = &toy_table;
  return PYRITE_OK;
}
