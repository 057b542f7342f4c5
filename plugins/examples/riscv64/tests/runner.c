/*===- riscv64/tests/runner.c - runs smoke.so on RISC-V (or qemu) --------===*
 *
 * Cross-built for riscv64 by build.sh and run under qemu-riscv64:
 *     runner ./smoke.so
 * Calls pyrite_smoke(0.5, 3) from the shared object the plugin linked and
 * compares it with the same expression computed here by the same libm.
 *===----------------------------------------------------------------------===*/
#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s <smoke.so>\n", argv[0]);
    return 2;
  }
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
    return 1;
  }
  double (*smoke)(double, int64_t) = (double (*)(double, int64_t))dlsym(lib, "pyrite_smoke");
  if (!smoke) {
    fprintf(stderr, "no pyrite_smoke in %s\n", argv[1]);
    return 1;
  }
  volatile double x = 0.5; /* keeps the reference from being folded at build time */
  double got = smoke(x, 3), want = sin(x) * 3.0 + sqrt(x);
  printf("pyrite_smoke(0.5, 3) = %.17g (expected %.17g)\n", got, want);
  return got == want ? 0 : 1;
}
