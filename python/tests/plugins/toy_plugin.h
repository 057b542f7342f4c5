/*===- tests/plugins/toy_plugin.h - a complete, valid toy plugin table ----===*
 *
 * Every plugin in this folder starts from this table and breaks one thing,
 * so each file shows exactly the fault the host must refuse. The toy target
 * can optimize (a no-op) but emits nothing and claims no way to run code:
 * enough to be listed and loaded, never chosen to compile.
 * Compiled by test_plugins.py with
 *   cc -shared -fPIC -I plugins/include -I <llvm-22>/include X.c -o libpyrite-target-X.so
 *===----------------------------------------------------------------------===*/
#ifndef TOY_PLUGIN_H
#define TOY_PLUGIN_H

#include <pyrite/plugin.h>

#ifndef TOY_NAME
#define TOY_NAME "toy"
#endif

static PyriteStatus toy_optimize(void *state, const PyriteOptimizeArgs *args) {
  (void)state, (void)args;
  return PYRITE_OK;
}

static PyriteStatus toy_emit(void *state, PyriteEmitArgs *args) {
  (void)state, (void)args;
  return PYRITE_UNSUPPORTED;
}

static const char *toy_last_error(void *state) {
  (void)state;
  return "the toy target emits nothing";
}

static void toy_shutdown(void *state) { (void)state; }

static PyriteTargetDesc toy_target = {
    .struct_size = sizeof(PyriteTargetDesc),
    .name = TOY_NAME,
    .parent = "cpu",
    .triple = "toy64-unknown-none",
    .data_layout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128",
    .cpu = "toy-cpu",
    .features = "",
    .capabilities = PYRITE_CAP_FP64, /* nothing that would make pyrite use it */
    .pointer_bits = 64,
};

static PyriteCodegen toy_codegen = {
    .struct_size = sizeof(PyriteCodegen),
    .optimize = toy_optimize,
    .emit = toy_emit,
};

static PyritePlugin toy_table = {
    .struct_size = sizeof(PyritePlugin),
    .abi_major = PYRITE_ABI_VERSION_MAJOR,
    .abi_minor = PYRITE_ABI_VERSION_MINOR,
    .plugin_name = "pyrite-" TOY_NAME,
    .plugin_version = "0.0.1",
    .output_hash = TOY_NAME "-0.0.1",
    .target = &toy_target,
    .codegen = &toy_codegen,
    .runtime = NULL,
    .get_last_error = toy_last_error,
    .shutdown = toy_shutdown,
};

#endif /* TOY_PLUGIN_H */
