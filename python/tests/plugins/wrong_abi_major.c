/* Built for a future plugin ABI 3.x: refused as another major version.
 * With -DOLDER it claims ABI 1.0, the first version, whose tables had
 * positional calls: refused the same way, before the host reads more. */
#include "toy_plugin.h"

PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                      const PyritePlugin **out) {
  (void)host;
#ifdef OLDER
  toy_table.abi_major = PYRITE_ABI_VERSION_MAJOR - 1;
  toy_table.abi_minor = 0;
#else
  toy_table.abi_major = PYRITE_ABI_VERSION_MAJOR + 1;
  toy_table.abi_minor = 3;
#endif
  *out = &toy_table;
  return PYRITE_OK;
}
