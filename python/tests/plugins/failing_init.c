/* Its initialization fails (say, a missing driver) and it says why through
 * the table's get_last_error, as the ABI asks. With -DNO_TABLE it fails
 * without a table, so there is no message to fetch. */
#include "toy_plugin.h"

static const char *init_error(void *state) {
  (void)state;
  return "toy driver libtoy.so.3 not found";
}

PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                      const PyritePlugin **out) {
  (void)host;
#ifdef NO_TABLE
  *out = NULL;
#else
  toy_table.get_last_error = init_error;
  *out = &toy_table;
#endif
  return PYRITE_ERROR;
}
