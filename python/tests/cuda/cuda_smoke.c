/*===- tests/cuda/cuda_smoke.c - the CUDA plugin through the C ABI alone ---===*
 *
 * Usage: cuda_smoke <libpyrite-target-cuda.so> <output dir> <arch>...
 *
 * Does what pyrite's host does with nothing but <pyrite/plugin.h> and the
 * LLVM-C API: loads the plugin, builds a kernel with the plugin's own
 * intrinsics and math mapping,
 *     kernel(float a, float *x, float *y, int n):
 *         i = blockIdx.x * blockDim.x + threadIdx.x
 *         if i < n: y[i] = a * x[i] + sinf(y[i]);  syncthreads()
 * marked "pyrite-kernel", optimizes it, and writes <dir>/kernel_<arch>.ptx
 * (ASSEMBLY) and <dir>/kernel_<arch>.cubin (SHARED_OBJECT, through ptxas)
 * for each architecture, for the caller to check with ptxas/cuobjdump.
 * Without a driver it also checks the runtime's answers. Prints "ok ..." or
 * "FAIL ..." per check; exits with the number of failures.
 *===----------------------------------------------------------------------===*/
#include <pyrite/plugin.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
#define CHECK(cond, ...)                 \
  do {                                   \
    int ok_ = (cond);                    \
    printf(ok_ ? "ok    " : "FAIL  ");   \
    printf(__VA_ARGS__);                 \
    printf("\n");                        \
    failures += !ok_;                    \
  } while (0)

static const PyritePlugin *p;

static const PyriteIntrinsic *intrinsic(const char *name) {
  const char *base = (const char *)p->intrinsics;
  for (uint32_t k = 0; k < p->num_intrinsics; ++k) {
    const PyriteIntrinsic *in = (const PyriteIntrinsic *)(base + k * p->intrinsics[0].struct_size);
    if (strcmp(in->python_name, name) == 0)
      return in;
  }
  return NULL;
}

static LLVMValueRef lower(LLVMBuilderRef b, LLVMModuleRef m, const char *name,
                          LLVMValueRef *args, unsigned n) {
  const PyriteIntrinsic *in = intrinsic(name);
  if (!in)
    return NULL;
  PyriteLowerIntrinsicArgs a = {.struct_size = sizeof a, .builder = b, .module = m,
                                .args = args, .num_args = n};
  return in->lower(p->state, &a) == PYRITE_OK ? a.result : NULL;
}

static const char *math_symbol(const char *function, const char *type) {
  const char *base = (const char *)p->math;
  for (uint32_t k = 0; k < p->num_math; ++k) {
    const PyriteMathMapping *m = (const PyriteMathMapping *)(base + k * p->math[0].struct_size);
    if (!strcmp(m->function, function) && !strcmp(m->type, type))
      return m->symbol;
  }
  return NULL;
}

static LLVMModuleRef build_kernel(LLVMContextRef ctx) {
  LLVMModuleRef m = LLVMModuleCreateWithNameInContext("smoke", ctx);
  LLVMSetTarget(m, p->target->triple);
  LLVMSetDataLayout(m, p->target->data_layout);
  LLVMTypeRef f32 = LLVMFloatTypeInContext(ctx), i32 = LLVMInt32TypeInContext(ctx);
  LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
  LLVMTypeRef params[] = {f32, ptr, ptr, i32};
  LLVMValueRef fn = LLVMAddFunction(m, "pyrite_smoke_kernel",
                                    LLVMFunctionType(LLVMVoidTypeInContext(ctx), params, 4, 0));
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                          LLVMCreateStringAttribute(ctx, "pyrite-kernel", 13, "", 0));
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(ctx, fn, "entry");
  LLVMBasicBlockRef body = LLVMAppendBasicBlockInContext(ctx, fn, "body");
  LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(ctx, fn, "done");
  LLVMPositionBuilderAtEnd(b, entry);
  LLVMValueRef tid = lower(b, m, "cuda.threadIdx.x", NULL, 0);
  LLVMValueRef bid = lower(b, m, "cuda.blockIdx.x", NULL, 0);
  LLVMValueRef dim = lower(b, m, "cuda.blockDim.x", NULL, 0);
  if (!tid || !bid || !dim)
    return NULL;
  LLVMValueRef i = LLVMBuildAdd(b, LLVMBuildMul(b, bid, dim, ""), tid, "i");
  LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSLT, i, LLVMGetParam(fn, 3), ""), body, done);
  LLVMPositionBuilderAtEnd(b, body);
  LLVMValueRef i64 = LLVMBuildSExt(b, i, LLVMInt64TypeInContext(ctx), "");
  LLVMValueRef px = LLVMBuildGEP2(b, f32, LLVMGetParam(fn, 1), &i64, 1, "");
  LLVMValueRef py = LLVMBuildGEP2(b, f32, LLVMGetParam(fn, 2), &i64, 1, "");
  LLVMValueRef x = LLVMBuildLoad2(b, f32, px, "");
  LLVMValueRef y = LLVMBuildLoad2(b, f32, py, "");
  const char *sinf_name = math_symbol("sin", "float32");
  if (!sinf_name)
    return NULL;
  LLVMTypeRef sin_t = LLVMFunctionType(f32, &f32, 1, 0);
  LLVMValueRef sin_fn = LLVMAddFunction(m, sinf_name, sin_t);
  LLVMValueRef s = LLVMBuildCall2(b, sin_t, sin_fn, &y, 1, "");
  LLVMValueRef r = LLVMBuildFAdd(b, LLVMBuildFMul(b, LLVMGetParam(fn, 0), x, ""), s, "");
  LLVMBuildStore(b, r, py);
  LLVMBuildBr(b, done);
  LLVMPositionBuilderAtEnd(b, done);
  lower(b, m, "cuda.syncthreads", NULL, 0);
  LLVMBuildRetVoid(b);
  LLVMDisposeBuilder(b);
  return m;
}

static int write_file(const char *path, const PyriteBuffer *buf) {
  FILE *f = fopen(path, "wb");
  if (!f)
    return 0;
  size_t n = fwrite(buf->data, 1, buf->size, f);
  fclose(f);
  return n == buf->size;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s <plugin.so> <out dir> <arch>...\n", argv[0]);
    return 2;
  }
  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  CHECK(lib != NULL, "loads %s", lib ? "" : dlerror());
  if (!lib)
    return 1;
  PyritePluginEntryFn entry = (PyritePluginEntryFn)dlsym(lib, PYRITE_PLUGIN_ENTRY_SYMBOL);
  PyriteHostApi host = {sizeof(PyriteHostApi), PYRITE_ABI_VERSION_MAJOR,
                        PYRITE_ABI_VERSION_MINOR, "smoke", NULL, NULL};
  PyriteStatus st = entry(&host, &p);
  CHECK(st == PYRITE_OK, "initializes%s%s", st ? ": " : "", st ? p->get_last_error(p->state) : "");
  if (st != PYRITE_OK)
    return 1;
  CHECK(!strcmp(p->target->name, "cuda") && !strcmp(p->target->triple, "nvptx64-nvidia-cuda"),
        "target cuda, triple %s", p->target->triple);
  CHECK((p->target->capabilities & PYRITE_CAP_KERNELS) && p->runtime && p->runtime->launch,
        "kernels and a runtime that launches them");

  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef m = build_kernel(ctx);
  CHECK(m != NULL, "kernel built with the plugin's intrinsics and math mapping");
  if (!m)
    return 1;
  PyriteOptimizeArgs opt = {.struct_size = sizeof opt, .module = m, .opt_level = 3};
  st = p->codegen->optimize(p->state, &opt);
  CHECK(st == PYRITE_OK, "optimize (libdevice linked)%s%s", st ? ": " : "",
        st ? p->get_last_error(p->state) : "");
  CHECK(LLVMVerifyModule(m, LLVMReturnStatusAction, NULL) == 0, "module verifies");
  CHECK(LLVMGetNamedFunction(m, "__nv_sinf") == NULL ||
            LLVMIsDeclaration(LLVMGetNamedFunction(m, "__nv_sinf")) == 0,
        "__nv_sinf defined (linked from libdevice), not left external");

  for (int k = 3; k < argc; ++k) {
    const char *arch = argv[k];
    PyriteBuffer ptx = {.struct_size = sizeof ptx}, cubin = {.struct_size = sizeof cubin};
    PyriteEmitArgs e = {.struct_size = sizeof e, .module = m, .kind = PYRITE_ARTIFACT_ASSEMBLY,
                        .cpu = arch, .out = &ptx};
    st = p->codegen->emit(p->state, &e);
    CHECK(st == PYRITE_OK && ptx.size > 0, "PTX for %s%s%s", arch, st ? ": " : "",
          st ? p->get_last_error(p->state) : "");
    if (st == PYRITE_OK) {
      char *text = calloc(1, ptx.size + 1);
      memcpy(text, ptx.data, ptx.size);
      char target[32];
      snprintf(target, sizeof target, ".target %s", arch);
      CHECK(strstr(text, target) != NULL, "PTX targets %s", arch);
      CHECK(strstr(text, ".entry pyrite_smoke_kernel") != NULL, "the kernel is a PTX .entry");
      CHECK(strstr(text, "bar.sync") != NULL || strstr(text, "barrier.sync") != NULL,
            "syncthreads is a barrier");
      CHECK(strstr(text, "%tid.x") != NULL && strstr(text, "%ctaid.x") != NULL,
            "thread and block indices read");
      CHECK(strstr(text, "__nv_sinf") == NULL, "no call left to libdevice (inlined)");
      free(text);
      char path[4096];
      snprintf(path, sizeof path, "%s/kernel_%s.ptx", argv[2], arch);
      CHECK(write_file(path, &ptx), "wrote %s", path);
      ptx.release(&ptx);
    }
    e.kind = PYRITE_ARTIFACT_SHARED_OBJECT;
    e.out = &cubin;
    st = p->codegen->emit(p->state, &e);
    CHECK(st == PYRITE_OK && cubin.size > 4 && !memcmp(cubin.data, "\x7f" "ELF", 4),
          "cubin for %s (ptxas)%s%s", arch, st ? ": " : "", st ? p->get_last_error(p->state) : "");
    if (st == PYRITE_OK) {
      char path[4096];
      snprintf(path, sizeof path, "%s/kernel_%s.cubin", argv[2], arch);
      write_file(path, &cubin);
      cubin.release(&cubin);
    }
  }
  PyriteBuffer obj = {.struct_size = sizeof obj};
  PyriteEmitArgs e = {.struct_size = sizeof e, .module = m, .kind = PYRITE_ARTIFACT_OBJECT,
                      .out = &obj};
  st = p->codegen->emit(p->state, &e);
  CHECK(st == PYRITE_OK && obj.size > 1 && ((const char *)obj.data)[obj.size - 1] == 0,
        "object: PTX with its NUL, for cuModuleLoadData");
  if (st == PYRITE_OK)
    obj.release(&obj);
  e.cpu = "sm_xx";
  st = p->codegen->emit(p->state, &e);
  CHECK(st == PYRITE_UNSUPPORTED, "a processor that is not sm_<n> refused: %s",
        p->get_last_error(p->state));

  PyriteDeviceInfoArgs info = {.struct_size = sizeof info};
  st = p->runtime->device_count(p->state, &info);
  printf("devices: %u\n", info.count);
  if (st == PYRITE_OK && info.count == 0) {
    PyriteLoadArgs load = {.struct_size = sizeof load, .artifact = "", .size = 1};
    st = p->runtime->load(p->state, &load);
    CHECK(st == PYRITE_NO_DEVICE && strstr(p->get_last_error(p->state), "CUDA driver") != NULL,
          "no device: load says so: %s", p->get_last_error(p->state));
    PyriteMemAllocArgs alloc = {.struct_size = sizeof alloc, .bytes = 16};
    st = p->runtime->mem_alloc(p->state, &alloc);
    CHECK(st == PYRITE_NO_DEVICE, "no device: mem_alloc says so");
  }
  LLVMDisposeModule(m);
  LLVMContextDispose(ctx);
  return failures;
}
