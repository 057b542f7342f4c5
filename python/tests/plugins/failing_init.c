/* Its initialization fails (say, a missing driver) and it says why through
 * the table's get_last_error, as the ABI asks. Variants:
 *   -DNO_TABLE      fails without a table: there is no message to fetch;
 *   -DNULL_MESSAGE  its get_last_error breaks the rules and returns NULL. */
#include "toy_plugin.h"

static const char *init_error(void *state) {
  (void)state;
#ifdef NULL_MESSAGE
  return NULL;
#else
  return "toy driver libtoy.so.3 not found";
#endif
}

PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                      const PyritePlugin **out) {
  (void)host;
  toy_table.get_last_error = init_error;
  *out = &toy_table;
#ifdef NO_TABLE
  *out = NULL;
#endif
  return PYRITE_ERROR;
}
