/*===- riscv64/tests/smoke.c - the plugin through the bare C ABI ----------===*
 *
 * Usage: riscv64-smoke <libpyrite-target-riscv64.so> <output dir>
 *
 * Does what pyrite's host does, with nothing but <pyrite/plugin.h> and the
 * LLVM-C API: loads the plugin, builds
 *     double pyrite_smoke(double x, int64_t n) { return sin(x) * n + sqrt(x); }
 * optimizes it at O2 and emits assembly, an object and a shared object into
 * the output directory (smoke.s, smoke.o, smoke.so), checking each. build.sh
 * runs smoke.so under qemu-riscv64 with tests/runner.c.
 *===----------------------------------------------------------------------===*/
#include <pyrite/plugin.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (cond) {                                                                \
      printf("ok    " __VA_ARGS__);                                            \
    } else {                                                                   \
      printf("FAIL  " __VA_ARGS__);                                            \
      ++failures;                                                              \
    }                                                                          \
    printf("\n");                                                              \
  } while (0)

/* ": <the plugin's message>" after a failed call, "" after a good one. */
static char why_buf[1024];
static const char *why(const PyritePlugin *p, PyriteStatus st) {
  if (st == PYRITE_OK || !p)
    return "";
  snprintf(why_buf, sizeof why_buf, ": %s", p->get_last_error(p->state));
  return why_buf;
}

static void *no_runtime_symbols(const char *name) {
  (void)name;
  return NULL;
}

/* sin(x) * n + sqrt(x), in the module's context. */
/* codegen.emit through its args struct (ABI 2.0). */
static PyriteStatus emit_as(const PyritePlugin *p, LLVMModuleRef m, PyriteArtifactKind kind,
                            PyriteBuffer *out) {
  PyriteEmitArgs args = {.struct_size = sizeof args, .module = m, .kind = kind, .out = out};
  return p->codegen->emit(p->state, &args);
}

static LLVMModuleRef build_module(LLVMContextRef ctx, const PyriteTargetDesc *t) {
  LLVMModuleRef m = LLVMModuleCreateWithNameInContext("smoke", ctx);
  LLVMSetTarget(m, t->triple);
  LLVMSetDataLayout(m, t->data_layout);
  LLVMTypeRef f64 = LLVMDoubleTypeInContext(ctx), i64 = LLVMInt64TypeInContext(ctx);
  LLVMTypeRef unary = LLVMFunctionType(f64, &f64, 1, 0);
  LLVMValueRef sin_fn = LLVMAddFunction(m, "sin", unary);
  LLVMValueRef sqrt_fn = LLVMAddFunction(m, "llvm.sqrt.f64", unary);
  LLVMTypeRef params[2] = {f64, i64};
  LLVMValueRef fn = LLVMAddFunction(m, "pyrite_smoke", LLVMFunctionType(f64, params, 2, 0));
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(ctx, fn, "entry"));
  LLVMValueRef x = LLVMGetParam(fn, 0), n = LLVMGetParam(fn, 1);
  LLVMValueRef s = LLVMBuildCall2(b, unary, sin_fn, &x, 1, "s");
  LLVMValueRef r = LLVMBuildCall2(b, unary, sqrt_fn, &x, 1, "r");
  LLVMValueRef nf = LLVMBuildSIToFP(b, n, f64, "nf");
  LLVMBuildRet(b, LLVMBuildFAdd(b, LLVMBuildFMul(b, s, nf, ""), r, "result"));
  LLVMDisposeBuilder(b);
  return m;
}

static int write_file(const char *dir, const char *name, const PyriteBuffer *buf) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f)
    return 0;
  size_t n = fwrite(buf->data, 1, buf->size, f);
  return fclose(f) == 0 && n == buf->size;
}

static unsigned read_u16(const PyriteBuffer *b, size_t at) {
  const unsigned char *p = (const unsigned char *)b->data + at;
  return p[0] | (unsigned)p[1] << 8;
}

static int is_elf(const PyriteBuffer *b) {
  return b->size > 64 && memcmp(b->data, "\177ELF", 4) == 0;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s <plugin.so> <output dir>\n", argv[0]);
    return 2;
  }
  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
    return 1;
  }
  PyritePluginEntryFn entry = (PyritePluginEntryFn)dlsym(lib, PYRITE_PLUGIN_ENTRY_SYMBOL);
  CHECK(entry != NULL, "exports %s", PYRITE_PLUGIN_ENTRY_SYMBOL);
  if (!entry)
    return 1;
  PyriteHostApi host = {sizeof(PyriteHostApi), PYRITE_ABI_VERSION_MAJOR,
                        PYRITE_ABI_VERSION_MINOR, "smoke", no_runtime_symbols, NULL};
  const PyritePlugin *p = NULL;
  PyriteStatus st = entry(&host, &p);
  CHECK(st == PYRITE_OK && p, "initializes%s", why(p, st));
  if (st != PYRITE_OK || !p)
    return 1;
  const PyriteTargetDesc *t = p->target;
  CHECK(strcmp(t->name, "riscv64") == 0 && strcmp(t->parent, "cpu") == 0,
        "target %s (parent %s), triple %s", t->name, t->parent, t->triple);
  CHECK(!(t->capabilities & PYRITE_CAP_IN_PROCESS_JIT) && (t->capabilities & PYRITE_CAP_CROSS_AOT),
        "cross AOT, no in-process JIT");
  CHECK(p->output_hash && *p->output_hash, "output hash %s", p->output_hash);

  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef m = build_module(ctx, t);
  PyriteOptimizeArgs opt = {.struct_size = sizeof opt, .module = m, .opt_level = 2};
  st = p->codegen->optimize(p->state, &opt);
  CHECK(st == PYRITE_OK, "optimize at O2%s", why(p, st));

  const PyriteBuffer empty = {.struct_size = sizeof(PyriteBuffer)};
  PyriteBuffer s = empty, o = empty, o2 = empty, so = empty, bad = empty;
  st = emit_as(p, m, PYRITE_ARTIFACT_ASSEMBLY, &s);
  CHECK(st == PYRITE_OK && s.size, "emit assembly%s", why(p, st));
  char *text = calloc(1, s.size + 1);
  memcpy(text, s.data, s.size);
  CHECK(strstr(text, "fsqrt.d") != NULL, "assembly uses the D extension (fsqrt.d)");
  CHECK(strstr(text, "sin") != NULL, "assembly calls sin from libm");
  free(text);

  st = emit_as(p, m, PYRITE_ARTIFACT_OBJECT, &o);
  CHECK(st == PYRITE_OK && is_elf(&o), "emit object%s", why(p, st));
  CHECK(is_elf(&o) && read_u16(&o, 18) == 243, "object is RISC-V (e_machine 243)");
  CHECK(is_elf(&o) && (read_u16(&o, 48) & 0x6) == 0x4, "object has the lp64d float ABI");
  st = emit_as(p, m, PYRITE_ARTIFACT_OBJECT, &o2);
  CHECK(st == PYRITE_OK && o.size == o2.size && memcmp(o.data, o2.data, o.size) == 0,
        "emit leaves the module as it was (same object twice)");
  CHECK(LLVMVerifyModule(m, LLVMReturnStatusAction, NULL) == 0, "module still verifies");

  st = emit_as(p, m, PYRITE_ARTIFACT_SHARED_OBJECT, &so);
  CHECK(st == PYRITE_OK && is_elf(&so), "emit shared object%s", why(p, st));
  CHECK(is_elf(&so) && read_u16(&so, 16) == 3, "shared object is ET_DYN");

  st = emit_as(p, m, (PyriteArtifactKind)7, &bad);
  CHECK(st == PYRITE_ERROR && *p->get_last_error(p->state),
        "unknown artifact kind refused: %s", p->get_last_error(p->state));
  PyriteEmitArgs foreign = {.struct_size = sizeof foreign, .module = m,
                            .kind = PYRITE_ARTIFACT_OBJECT, .cpu = "not-a-riscv-cpu", .out = &bad};
  st = p->codegen->emit(p->state, &foreign);
  CHECK(st == PYRITE_UNSUPPORTED && *p->get_last_error(p->state),
        "another processor than its own refused: %s", p->get_last_error(p->state));

  if (!write_file(argv[2], "smoke.s", &s) || !write_file(argv[2], "smoke.o", &o) ||
      !write_file(argv[2], "smoke.so", &so)) {
    fprintf(stderr, "cannot write into %s\n", argv[2]);
    ++failures;
  }
  PyriteBuffer *all[] = {&s, &o, &o2, &so};
  for (int k = 0; k < 4; ++k)
    if (all[k]->release)
      all[k]->release(all[k]);
  LLVMDisposeModule(m);
  LLVMContextDispose(ctx);
  p->shutdown(p->state);
  printf("%s\n", failures ? "FAILED" : "all passed");
  return failures ? 1 : 0;
}
