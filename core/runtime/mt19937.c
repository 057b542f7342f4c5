/*===- runtime/mt19937.c - seeding and refilling the MT19937 state --------===*
 *
 * \file
 * Shared by the host runtime (compiled into libpyrite-core) and the AOT
 * runtime (compiled to bitcode and linked into shared objects pyrite builds
 * for any target). Seeding is NumPy's legacy init_genrand, which Numba uses
 * for both `random.seed` and `np.random.seed`.
 *===----------------------------------------------------------------------===*/
#include "pyrite_rt.h"

enum { N = 624, M = 397 };
#define MATRIX_A 0x9908b0dfu
#define UPPER 0x80000000u
#define LOWER 0x7fffffffu

void pyrite_rt_rng_seed(PyriteRng *rng, uint32_t seed) {
  for (int pos = 0; pos < N; ++pos) {
    rng->mt[pos] = seed;
    seed = 1812433253u * (seed ^ (seed >> 30)) + (uint32_t)pos + 1u;
  }
  rng->index = N;
  rng->has_gauss = 0;
  rng->gauss = 0.0;
}

static uint32_t twist(uint32_t a, uint32_t b, uint32_t m) {
  uint32_t y = (a & UPPER) | (b & LOWER);
  return m ^ (y >> 1) ^ ((y & 1u) ? MATRIX_A : 0u);
}

void pyrite_rt_rng_refill(PyriteRng *rng) {
  uint32_t *mt = rng->mt;
  int i = 0;
  for (; i < N - M; ++i)
    mt[i] = twist(mt[i], mt[i + 1], mt[i + M]);
  for (; i < N - 1; ++i)
    mt[i] = twist(mt[i], mt[i + 1], mt[i + M - N]);
  mt[N - 1] = twist(mt[N - 1], mt[0], mt[M - 1]);
  rng->index = 0;
}
