/* A minimal valid plugin for the made-up target "toy". Built with
 * -DTOY_ABI_MINOR=N (and -DTOY_NAME) it claims ABI 2.N: an older or equal
 * minor fills exactly the ABI 2.0 table, a newer one appends fields the host
 * does not know (struct_size grows), and the host accepts both.
 *
 * The newer one also lists two intrinsics whose elements have grown (a
 * later minor appending a field to PyriteIntrinsic): a host that walks the
 * array by struct_size finds "toy.answer", the second; one that walks it by
 * its own sizeof reads garbage. Lowering fails on purpose, with a message,
 * so that no LLVM is needed to build this file. */
#include "toy_plugin.h"

#ifndef TOY_ABI_MINOR
#define TOY_ABI_MINOR PYRITE_ABI_VERSION_MINOR
#endif

/* The tables as a later minor would lay them out: 2.0's fields, then more. */
static struct {
  PyritePlugin v2_0;
  void *appended[2];
} toy_table_newer;

typedef struct {
  PyriteIntrinsic v2_0;
  void *appended;
} ToyIntrinsicNewer;

static PyriteStatus lower_refused(void *state, PyriteLowerIntrinsicArgs *args) {
  (void)state, (void)args;
  return PYRITE_ERROR;
}

static const ToyIntrinsicNewer toy_intrinsics_newer[2] = {
    {{sizeof(ToyIntrinsicNewer), "toy.zero", "int64()", lower_refused}, NULL},
    {{sizeof(ToyIntrinsicNewer), "toy.answer", "int64()", lower_refused}, NULL},
};

PYRITE_PLUGIN_EXPORT PyriteStatus pyrite_plugin_entry(const PyriteHostApi *host,
                                                      const PyritePlugin **out) {
  if (!host || host->abi_major != PYRITE_ABI_VERSION_MAJOR)
    return PYRITE_ERROR;
  toy_table.abi_minor = TOY_ABI_MINOR;
  if (TOY_ABI_MINOR <= PYRITE_ABI_VERSION_MINOR) {
    toy_table.struct_size = (uint32_t)PYRITE_PLUGIN_SIZE_2_0;
    *out = &toy_table;
    return PYRITE_OK;
  }
  toy_table_newer.v2_0 = toy_table;
  toy_table_newer.v2_0.struct_size = (uint32_t)sizeof toy_table_newer;
  toy_table_newer.v2_0.intrinsics = &toy_intrinsics_newer[0].v2_0;
  toy_table_newer.v2_0.num_intrinsics = 2;
  *out = &toy_table_newer.v2_0;
  return PYRITE_OK;
}
