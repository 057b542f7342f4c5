/* Claims a plugin table that ends after plugin_name: shorter than ABI 2.0's.
 * With -DTRUNCATE_CODEGEN the plugin table is whole but its codegen table
 * ends before emit. */
#include "toy_plugin.h"

PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                      const PyritePlugin **out) {
  (void)host;
#ifdef TRUNCATE_CODEGEN
  toy_codegen.struct_size = (uint32_t)offsetof(PyriteCodegen, emit);
#else
  toy_table.struct_size = (uint32_t)(offsetof(PyritePlugin, plugin_name) + sizeof(char *));
#endif
  *out = &toy_table;
  return PYRITE_OK;
}
