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
double frexp(double, int *);

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

/* --- str (unicode_type) ------------------------------------------------------
 * Code points stored as CPython stores them (PEP 393): `kind` bytes each, 1,
 * 2 or 4. Two strings of different kinds may hold the same text (a slice of
 * a kind-2 string can be all ASCII), so comparisons go by code point. These
 * are not forced inline (link_runtime leaves pyrite_str_* to LLVM). */

static inline uint32_t str_at(const void *data, int64_t kind, int64_t i) {
  if (kind == 1)
    return ((const uint8_t *)data)[i];
  if (kind == 2)
    return ((const uint16_t *)data)[i];
  return ((const uint32_t *)data)[i];
}

/* <0, 0 or >0 as a compares with b, code point by code point (Python's
 * str ordering). */
int64_t pyrite_str_compare(const void *a, int64_t alen, int64_t akind, const void *b,
                           int64_t blen, int64_t bkind) {
  int64_t n = alen < blen ? alen : blen;
  if (akind == 1 && bkind == 1) {
    const uint8_t *x = (const uint8_t *)a, *y = (const uint8_t *)b;
    for (int64_t i = 0; i < n; ++i)
      if (x[i] != y[i])
        return x[i] < y[i] ? -1 : 1;
  } else {
    for (int64_t i = 0; i < n; ++i) {
      uint32_t x = str_at(a, akind, i), y = str_at(b, bkind, i);
      if (x != y)
        return x < y ? -1 : 1;
    }
  }
  return alen < blen ? -1 : alen > blen;
}

/* Whether a and b hold the same text. */
int32_t pyrite_str_equal(const void *a, int64_t alen, int64_t akind, const void *b,
                         int64_t blen, int64_t bkind) {
  if (alen != blen)
    return 0;
  if (a == b && akind == bkind)
    return 1;
  if (akind == bkind) {
    const uint8_t *x = (const uint8_t *)a, *y = (const uint8_t *)b;
    int64_t bytes = alen * akind, i = 0;
    for (; i + 8 <= bytes; i += 8) {
      uint64_t u, v;
      __builtin_memcpy(&u, x + i, 8);
      __builtin_memcpy(&v, y + i, 8);
      if (u != v)
        return 0;
    }
    for (; i < bytes; ++i)
      if (x[i] != y[i])
        return 0;
    return 1;
  }
  for (int64_t i = 0; i < alen; ++i)
    if (str_at(a, akind, i) != str_at(b, bkind, i))
      return 0;
  return 1;
}

static int str_matches_at(const void *h, int64_t hkind, int64_t at, const void *n,
                          int64_t nlen, int64_t nkind) {
  for (int64_t j = 0; j < nlen; ++j)
    if (str_at(h, hkind, at + j) != str_at(n, nkind, j))
      return 0;
  return 1;
}

/* The first index in [start, end - nlen] where needle occurs in hay, or -1
 * (0 <= start, end <= hlen: the caller clamps as str.find does). */
int64_t pyrite_str_find(const void *h, int64_t hkind, int64_t start, int64_t end,
                        const void *n, int64_t nlen, int64_t nkind) {
  if (nlen == 0)
    return start <= end ? start : -1;
  uint32_t first = str_at(n, nkind, 0);
  for (int64_t i = start; i + nlen <= end; ++i)
    if (str_at(h, hkind, i) == first && str_matches_at(h, hkind, i, n, nlen, nkind))
      return i;
  return -1;
}

/* The last such index, or -1. */
int64_t pyrite_str_rfind(const void *h, int64_t hkind, int64_t start, int64_t end,
                         const void *n, int64_t nlen, int64_t nkind) {
  if (nlen == 0)
    return start <= end ? end : -1;
  for (int64_t i = end - nlen; i >= start; --i)
    if (str_matches_at(h, hkind, i, n, nlen, nkind))
      return i;
  return -1;
}

/* Copies `count` code points from src[from...] to dst[at...], converting
 * between kinds (dst's kind must hold every code point copied). */
void pyrite_str_copy(void *dst, int64_t dkind, int64_t at, const void *src, int64_t skind,
                     int64_t from, int64_t count) {
  if (dkind == skind) {
    __builtin_memcpy((char *)dst + at * dkind, (const char *)src + from * skind,
                     (size_t)(count * dkind));
    return;
  }
  for (int64_t i = 0; i < count; ++i) {
    uint32_t c = str_at(src, skind, from + i);
    if (dkind == 1)
      ((uint8_t *)dst)[at + i] = (uint8_t)c;
    else if (dkind == 2)
      ((uint16_t *)dst)[at + i] = (uint16_t)c;
    else
      ((uint32_t *)dst)[at + i] = c;
  }
}

/* CPython's _Py_HashDouble (Python/pyhash.c): x reduced modulo the
 * Mersenne prime 2**61 - 1, so that equal ints and floats hash alike. */
int64_t pyrite_hash_double(double x) {
  const int bits = 61;
  const uint64_t modulus = ((uint64_t)1 << bits) - 1;
  if (x != x)
    return 0; /* NaN: CPython hashes the object's identity */
  if (x - x != 0.0)
    return x > 0 ? 314159 : -314159;
  int e;
  double m = frexp(x, &e);
  int64_t sign = 1;
  if (m < 0) {
    sign = -1;
    m = -m;
  }
  uint64_t h = 0;
  while (m) {
    h = ((h << 28) & modulus) | h >> (bits - 28);
    m *= 268435456.0; /* 2**28 */
    e -= 28;
    uint64_t y = (uint64_t)m;
    m -= (double)y;
    h += y;
    if (h >= modulus)
      h -= modulus;
  }
  e = e >= 0 ? e % bits : bits - 1 - ((-1 - e) % bits);
  h = ((h << e) & modulus) | h >> (bits - e);
  int64_t out = (int64_t)h * sign;
  return out == -1 ? -2 : out;
}

/* --- exceptions caught by compiled code (try/except) --------------------- */

static uint32_t utf8_next(const unsigned char **p) {
  const unsigned char *s = *p;
  uint32_t c = s[0];
  int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  c = extra == 0 ? c : extra == 1 ? c & 0x1F : extra == 2 ? c & 0x0F : c & 0x07;
  int k = 1;
  for (; k <= extra && (s[k] & 0xC0) == 0x80; ++k)
    c = (c << 6) | (s[k] & 0x3F);
  *p = s + k;
  return c;
}

const char *pyrite_catch(PyriteMemInfo **meminfo, void **data, int64_t *length, int64_t *kind) {
  const char *text = 0;
  int32_t constant = 0;
  const char *cls = pyrite_rt_take_pending(&text, &constant);
  *meminfo = 0;
  *data = 0;
  *length = 0;
  *kind = 1;
  if (!cls || !text || !*text)
    return cls;
  int64_t n = 0;
  uint32_t widest = 0;
  for (const unsigned char *p = (const unsigned char *)text; *p; ++n) {
    uint32_t c = utf8_next(&p);
    widest = c > widest ? c : widest;
  }
  if (constant && widest < 0x80) { /* ASCII text that lives for good: a str as it is */
    *data = (void *)text;
    *length = n;
    return cls;
  }
  int64_t k = widest < 0x100 ? 1 : widest < 0x10000 ? 2 : 4;
  PyriteMemInfo *mi = pyrite_rt_meminfo_alloc_small(n * k);
  if (!mi)
    return cls; /* the message is lost, the exception is not */
  const unsigned char *p = (const unsigned char *)text;
  for (int64_t i = 0; i < n; ++i) {
    uint32_t c = utf8_next(&p);
    if (k == 1)
      ((uint8_t *)mi->data)[i] = (uint8_t)c;
    else if (k == 2)
      ((uint16_t *)mi->data)[i] = (uint16_t)c;
    else
      ((uint32_t *)mi->data)[i] = c;
  }
  *meminfo = mi;
  *data = mi->data;
  *length = n;
  *kind = k;
  return cls;
}

void *pyrite_str_from_ucs4(const uint32_t *src, int64_t width, void **data, int64_t *length,
                           int64_t *kind) {
  int64_t n = width;
  while (n > 0 && src[n - 1] == 0) /* NumPy: the NULs at the end are padding */
    --n;
  uint32_t widest = 0;
  for (int64_t i = 0; i < n; ++i)
    widest = src[i] > widest ? src[i] : widest;
  int64_t k = widest < 0x100 ? 1 : widest < 0x10000 ? 2 : 4;
  PyriteMemInfo *mi = pyrite_rt_meminfo_alloc_small(n > 0 ? n * k : 1);
  if (!mi)
    return 0;
  for (int64_t i = 0; i < n; ++i) {
    if (k == 1)
      ((uint8_t *)mi->data)[i] = (uint8_t)src[i];
    else if (k == 2)
      ((uint16_t *)mi->data)[i] = (uint16_t)src[i];
    else
      ((uint32_t *)mi->data)[i] = src[i];
  }
  *data = mi->data;
  *length = n;
  *kind = k;
  return mi;
}

void pyrite_str_to_ucs4(uint32_t *dst, int64_t width, const void *data, int64_t length,
                        int64_t kind) {
  int64_t n = length < width ? length : width; /* NumPy truncates */
  for (int64_t i = 0; i < n; ++i)
    dst[i] = kind == 1   ? ((const uint8_t *)data)[i]
             : kind == 2 ? ((const uint16_t *)data)[i]
                         : ((const uint32_t *)data)[i];
  for (int64_t i = n; i < width; ++i)
    dst[i] = 0;
}

void *pyrite_bytes_from_chars(const uint8_t *src, int64_t width, void **data, int64_t *length) {
  int64_t n = width;
  while (n > 0 && src[n - 1] == 0) /* NumPy: the NULs at the end are padding */
    --n;
  PyriteMemInfo *mi = pyrite_rt_meminfo_alloc_small(n > 0 ? n : 1);
  if (!mi)
    return 0;
  for (int64_t i = 0; i < n; ++i)
    ((uint8_t *)mi->data)[i] = src[i];
  *data = mi->data;
  *length = n;
  return mi;
}

void pyrite_bytes_to_chars(uint8_t *dst, int64_t width, const uint8_t *src, int64_t length) {
  int64_t n = length < width ? length : width; /* NumPy truncates */
  for (int64_t i = 0; i < n; ++i)
    dst[i] = src[i];
  for (int64_t i = n; i < width; ++i)
    dst[i] = 0;
}

int32_t pyrite_exception_matches(const char *mro, const char *cls) {
  for (const char *p = mro; *p;) {
    const char *q = cls;
    while (*q && *p == *q)
      ++p, ++q;
    if (!*q && (*p == ';' || !*p))
      return 1;
    while (*p && *p != ';')
      ++p;
    if (*p == ';')
      ++p;
  }
  return 0;
}

/* NumPy's pairwise summation (numpy/_core/src/umath/loops_utils.h.src), so
 * float sums are as accurate as NumPy's (error O(log n), not O(n)) and, on
 * contiguous data, equal to them bit for bit: runs of at most 128 values are
 * summed in 8 interleaved partial sums (which also vectorize), longer runs
 * split in two at a multiple of 8. `stride` is in bytes. Not inlined: LLVM
 * decides (it recurses). */
#define PYRITE_PAIRWISE_SUM(NAME, T)                                                   \
  T NAME(const char *data, int64_t n, int64_t stride) {                               \
    if (n < 8) {                                                                      \
      T res = -0.0;                                                                   \
      for (int64_t i = 0; i < n; i++)                                                 \
        res += *(const T *)(data + i * stride);                                       \
      return res;                                                                     \
    }                                                                                 \
    if (n <= 128) {                                                                   \
      T r[8];                                                                         \
      int64_t i;                                                                      \
      if (stride == (int64_t)sizeof(T)) {                                             \
        const T *p = (const T *)data;                                                 \
        for (int j = 0; j < 8; j++)                                                   \
          r[j] = p[j];                                                                \
        for (i = 8; i < n - (n % 8); i += 8)                                          \
          for (int j = 0; j < 8; j++)                                                 \
            r[j] += p[i + j];                                                         \
      } else {                                                                        \
        for (int j = 0; j < 8; j++)                                                   \
          r[j] = *(const T *)(data + j * stride);                                     \
        for (i = 8; i < n - (n % 8); i += 8)                                          \
          for (int j = 0; j < 8; j++)                                                 \
            r[j] += *(const T *)(data + (i + j) * stride);                            \
      }                                                                               \
      T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));      \
      for (; i < n; i++)                                                              \
        res += *(const T *)(data + i * stride);                                       \
      return res;                                                                     \
    }                                                                                 \
    int64_t n2 = n / 2;                                                               \
    n2 -= n2 % 8;                                                                     \
    return NAME(data, n2, stride) + NAME(data + n2 * stride, n - n2, stride);         \
  }

PYRITE_PAIRWISE_SUM(pyrite_sum_f64, double)
PYRITE_PAIRWISE_SUM(pyrite_sum_f32, float)

int32_t pyrite_reshape_strides(int64_t old_nd, const int64_t *old_dims,
                               const int64_t *old_strides, int64_t new_nd,
                               const int64_t *new_dims, int64_t *new_strides, int64_t itemsize) {
  /* The same shape keeps the strides, as NumPy's reshape does. */
  int32_t same = old_nd == new_nd;
  for (int64_t k = 0; same && k < old_nd; ++k)
    same = old_dims[k] == new_dims[k];
  if (same) {
    for (int64_t k = 0; k < old_nd; ++k)
      new_strides[k] = old_strides[k];
    return 1;
  }
  /* The old axes of length 1 say nothing about the layout: leave them out. */
  int64_t dims[64], strides[64], nd = 0, size = 1;
  for (int64_t k = 0; k < old_nd; ++k) {
    size *= old_dims[k];
    if (old_dims[k] != 1) {
      dims[nd] = old_dims[k];
      strides[nd] = old_strides[k];
      ++nd;
    }
  }
  if (size == 0 || nd == 0) { /* no elements, or one: any strides view it */
    int64_t stride = itemsize;
    for (int64_t k = new_nd; k-- > 0;) {
      new_strides[k] = stride;
      stride *= new_dims[k] > 1 ? new_dims[k] : 1;
    }
    return 1;
  }
  /* Match runs of old axes to runs of new axes with the same product; a
   * run of old axes must be contiguous among themselves to be viewed. */
  int64_t oi = 0, oj = 1, ni = 0, nj = 1;
  while (ni < new_nd && oi < nd) {
    int64_t np = new_dims[ni], op = dims[oi];
    while (np != op) {
      if (np < op)
        np *= new_dims[nj++];
      else
        op *= dims[oj++];
    }
    for (int64_t ok = oi; ok < oj - 1; ++ok)
      if (strides[ok] != dims[ok + 1] * strides[ok + 1])
        return 0;
    new_strides[nj - 1] = strides[oj - 1];
    for (int64_t nk = nj - 1; nk > ni; --nk)
      new_strides[nk - 1] = new_strides[nk] * new_dims[nk];
    ni = nj++;
    oi = oj++;
  }
  /* Trailing new axes of length 1. */
  int64_t last = ni >= 1 ? new_strides[ni - 1] : itemsize;
  for (int64_t nk = ni; nk < new_nd; ++nk)
    new_strides[nk] = last;
  return 1;
}
