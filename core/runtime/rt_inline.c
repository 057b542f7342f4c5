/*===- runtime/rt_inline.c - runtime code that inlines into user code -----===*
 *
 * \file
 * Compiled to LLVM bitcode by clang at build time and linked into every
 * module pyrite builds; each function becomes internal and alwaysinline.
 * Keep it free of libc calls other than libm.
 *===----------------------------------------------------------------------===*/
#include "pyrite_rt.h"

double floor(double);
double sqrt(double);
double log(double);
double fmod(double, double);
double copysign(double, double);

void pyrite_incref(PyriteMemInfo *mi) {
  if (mi)
    __atomic_add_fetch(&mi->refcount, 1, __ATOMIC_RELAXED);
}

void pyrite_decref(PyriteMemInfo *mi) {
  if (mi && __atomic_sub_fetch(&mi->refcount, 1, __ATOMIC_ACQ_REL) == 0)
    pyrite_rt_meminfo_free(mi);
}

/* MT19937 output with tempering; the refill lives in the host half. */
static uint32_t next_u32(PyriteRng *rng) {
  if (__builtin_expect(rng->index >= 624, 0))
    pyrite_rt_rng_refill(rng);
  uint32_t y = rng->mt[rng->index++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

/* 53-bit double from two draws, as NumPy's legacy random_sample does. */
double pyrite_random_double(int32_t which) {
  PyriteRng *rng = pyrite_rt_rng_state(which);
  int32_t a = (int32_t)(next_u32(rng) >> 5), b = (int32_t)(next_u32(rng) >> 6);
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

/* A standard normal draw by the polar method, caching the second value, as
 * NumPy's legacy gauss does (and Numba for random.gauss and np.random.normal). */
double pyrite_random_gauss(int32_t which) {
  PyriteRng *rng = pyrite_rt_rng_state(which);
  if (rng->has_gauss) {
    rng->has_gauss = 0;
    return rng->gauss;
  }
  double x1, x2, r2;
  do {
    int32_t a = (int32_t)(next_u32(rng) >> 5), b = (int32_t)(next_u32(rng) >> 6);
    x1 = 2.0 * ((a * 67108864.0 + b) / 9007199254740992.0) - 1.0;
    a = (int32_t)(next_u32(rng) >> 5);
    b = (int32_t)(next_u32(rng) >> 6);
    x2 = 2.0 * ((a * 67108864.0 + b) / 9007199254740992.0) - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  double f = sqrt(-2.0 * log(r2) / r2);
  rng->gauss = f * x1;
  rng->has_gauss = 1;
  return f * x2;
}

/* Python's float floor division (CPython's float_floor_div). The caller
 * checks for a zero divisor. */
double pyrite_float_floordiv(double vx, double wx) {
  double mod = fmod(vx, wx);
  double div = (vx - mod) / wx;
  if (mod) {
    if ((wx < 0) != (mod < 0))
      div -= 1.0;
  }
  if (div) {
    double floordiv = floor(div);
    if (div - floordiv > 0.5)
      floordiv += 1.0;
    return floordiv;
  }
  return copysign(0.0, vx / wx);
}

/* Python's float modulo: the result has the divisor's sign. */
double pyrite_float_mod(double vx, double wx) {
  double mod = fmod(vx, wx);
  if (mod) {
    if ((wx < 0) != (mod < 0))
      mod += wx;
  } else {
    mod = copysign(0.0, wx);
  }
  return mod;
}

/* Integer power by squaring; a negative exponent gives 1/base**-exp in
 * integer arithmetic, as Numba does. */
int64_t pyrite_int_pow(int64_t base, int64_t exp) {
  int invert = exp < 0;
  uint64_t e = invert ? (uint64_t)(-exp) : (uint64_t)exp;
  int64_t result = 1;
  while (e) {
    if (e & 1)
      result *= base;
    base *= base;
    e >>= 1;
  }
  if (invert)
    return result == 0 ? 0 : 1 / result;
  return result;
}
