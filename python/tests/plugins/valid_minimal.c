/* A minimal valid plugin for the made-up target "toy". Built with
 * -DTOY_ABI_MINOR=N (and -DTOY_NAME) it claims ABI 1.N: an older or equal
 * minor fills exactly the ABI 1.0 table, a newer one appends fields the host
 * does not know (struct_size grows), and the host accepts both. */
#include "toy_plugin.h"

#ifndef TOY_ABI_MINOR
#define TOY_ABI_MINOR PYRITE_ABI_VERSION_MINOR
#endif

/* The table as a later minor would lay it out: 1.0's fields, then more. */
static struct {
  PyritePlugin v1_0;
  void *appended[2];
} toy_table_newer;

PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                      const PyritePlugin **out) {
  if (!host || host->abi_major != PYRITE_ABI_VERSION_MAJOR)
    return PYRITE_ERROR;
  toy_table.abi_minor = TOY_ABI_MINOR;
  if (TOY_ABI_MINOR <= PYRITE_ABI_VERSION_MINOR) {
    toy_table.struct_size = (uint32_t)PYRITE_PLUGIN_SIZE_1_0;
    *out = &toy_table;
    return PYRITE_OK;
  }
  toy_table_newer.v1_0 = toy_table;
  toy_table_newer.v1_0.struct_size = (uint32_t)sizeof toy_table_newer;
  *out = &toy_table_newer.v1_0;
  return PYRITE_OK;
}
