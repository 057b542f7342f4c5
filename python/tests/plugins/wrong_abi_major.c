/* Built for a future plugin ABI 2.x: refused as another major version. */
#include "toy_plugin.h"

PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                      const PyritePlugin **out) {
  (void)host;
  toy_table.abi_major = PYRITE_ABI_VERSION_MAJOR + 1;
  toy_table.abi_minor = 3;
  *out = &toy_table;
  return PYRITE_OK;
}
