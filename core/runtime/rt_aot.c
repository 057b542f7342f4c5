/*===- runtime/rt_aot.c - the host half of the runtime, for AOT objects ---===*
 *
 * \file
 * A shared object that pyrite.aot builds runs without Python and without
 * libpyrite-core, so it carries its own copy of the functions that the JIT
 * takes from the host (rt_host.cpp): allocation, the pending exception, the
 * RNG state. Compiled to bitcode at build time and linked into every such
 * object; only libc is needed at run time. It also exports the small C API a
 * caller of the object uses (pyrite_aot_*), documented in docs/aot.md.
 *===----------------------------------------------------------------------===*/
#include "pyrite_rt.h"

void *aligned_alloc(size_t alignment, size_t size);
void free(void *ptr);
int printf(const char *format, ...);

static _Thread_local const char *t_error_class;
static _Thread_local const char *t_error_message;
static _Thread_local int32_t t_error_message_constant; /* a module constant, not a buffer */

PyriteMemInfo *pyrite_rt_meminfo_alloc(int64_t bytes) {
  if (bytes < 0)
    return 0;
  size_t total = 64 + (((size_t)bytes + 63) & ~(size_t)63);
  PyriteMemInfo *mi = (PyriteMemInfo *)aligned_alloc(64, total);
  if (!mi)
    return 0;
  mi->refcount = 1;
  mi->data = (char *)mi + 64;
  mi->size = (size_t)bytes;
  mi->dtor = 0;
  return mi;
}

void *malloc(size_t size);

PyriteMemInfo *pyrite_rt_meminfo_alloc_small(int64_t bytes) {
  if (bytes < 0 || (uint64_t)bytes > ((uint64_t)1 << 62))
    return 0;
  PyriteMemInfo *mi = (PyriteMemInfo *)malloc(32 + (size_t)bytes);
  if (!mi)
    return 0;
  mi->refcount = 1;
  mi->data = (char *)mi + 32;
  mi->size = (size_t)bytes;
  mi->dtor = 0;
  return mi;
}

void pyrite_rt_meminfo_free(PyriteMemInfo *mi) {
  if (mi->dtor)
    mi->dtor(mi->data);
  free(mi);
}

void pyrite_rt_raise(const char *cls, const char *message) {
  t_error_class = cls;
  t_error_message = message;
  t_error_message_constant = 1;
}

void pyrite_rt_raise_text(const char *cls, const void *data, int64_t length, int64_t kind) {
  static _Thread_local char text[1024];
  size_t n = 0;
  for (int64_t k = 0; k < length && n + 5 < sizeof text; ++k) {
    uint32_t c = kind == 1   ? ((const uint8_t *)data)[k]
                 : kind == 2 ? ((const uint16_t *)data)[k]
                             : ((const uint32_t *)data)[k];
    if (c < 0x80) {
      text[n++] = (char)c;
    } else if (c < 0x800) {
      text[n++] = (char)(0xC0 | (c >> 6));
      text[n++] = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      text[n++] = (char)(0xE0 | (c >> 12));
      text[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
      text[n++] = (char)(0x80 | (c & 0x3F));
    } else {
      text[n++] = (char)(0xF0 | (c >> 18));
      text[n++] = (char)(0x80 | ((c >> 12) & 0x3F));
      text[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
      text[n++] = (char)(0x80 | (c & 0x3F));
    }
  }
  text[n] = 0;
  t_error_class = cls;
  t_error_message = text;
  t_error_message_constant = 0;
}

void pyrite_rt_raise_values(const char *cls, const char *message, int64_t v0, int64_t v1,
                            int64_t v2) {
  static _Thread_local char text[512];
  const int64_t values[3] = {v0, v1, v2};
  size_t n = 0;
  for (const char *p = message; *p && n + 24 < sizeof text; ++p) {
    if (p[0] == '{' && p[1] >= '0' && p[1] <= '2' && p[2] == '}') {
      int64_t v = values[p[1] - '0'];
      uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
      char digits[24];
      int k = 0;
      do {
        digits[k++] = (char)('0' + mag % 10);
        mag /= 10;
      } while (mag);
      if (v < 0)
        text[n++] = '-';
      while (k)
        text[n++] = digits[--k];
      p += 2;
    } else {
      text[n++] = *p;
    }
  }
  text[n] = 0;
  pyrite_rt_raise(cls, text);
  t_error_message_constant = 0;
}

/* Unseeded generators start from MT19937's reference seed 5489: an AOT
 * object has no OS entropy source it can rely on everywhere. */
PyriteRng *pyrite_rt_rng_state(int32_t which) {
  static _Thread_local PyriteRng rngs[2];
  static _Thread_local int seeded;
  if (!seeded) {
    pyrite_rt_rng_seed(&rngs[0], 5489u);
    pyrite_rt_rng_seed(&rngs[1], 5489u);
    seeded = 1;
  }
  return &rngs[which & 1];
}

PyriteMemInfo *pyrite_rt_adopt(void *parent) {
  (void)parent; /* arrays passed to AOT entries have no parent to adopt */
  return NULL;
}

int32_t pyrite_rt_objmode(void *fn, const void *input_types, const void *inputs,
                          const void *output_types, void *outputs) {
  (void)fn, (void)input_types, (void)inputs, (void)output_types, (void)outputs;
  pyrite_rt_raise("RuntimeError;Exception;BaseException",
                  "objmode blocks cannot run in code built ahead of time");
  return 1;
}

void pyrite_rt_print(int32_t kind, int64_t i, double f, const char *s) {
  static _Thread_local int items;
  const char *sep = items++ ? " " : "";
  switch (kind) {
  case PYRITE_PRINT_INT: printf("%s%lld", sep, (long long)i); break;
  case PYRITE_PRINT_UINT: printf("%s%llu", sep, (unsigned long long)i); break;
  case PYRITE_PRINT_FLOAT: printf("%s%.17g", sep, f); break;
  case PYRITE_PRINT_BOOL: printf("%s%s", sep, i ? "True" : "False"); break;
  case PYRITE_PRINT_STR: printf("%s%s", sep, s); break;
  case PYRITE_PRINT_NONE: printf("%sNone", sep); break;
  case PYRITE_PRINT_VALUE: printf("%s<value>", sep); break;
  case PYRITE_PRINT_UNICODE: { /* as UTF-8 */
    int64_t n = i & 0xFFFFFFFFFFFFFFll, kind = (i >> 56) & 0xFF;
    printf("%s", sep);
    for (int64_t k = 0; k < n; ++k) {
      uint32_t c = kind == 1 ? ((const uint8_t *)s)[k]
                   : kind == 2 ? ((const uint16_t *)s)[k] : ((const uint32_t *)s)[k];
      if (c < 0x80)
        printf("%c", (int)c);
      else if (c < 0x800)
        printf("%c%c", (int)(0xC0 | (c >> 6)), (int)(0x80 | (c & 0x3F)));
      else if (c < 0x10000)
        printf("%c%c%c", (int)(0xE0 | (c >> 12)), (int)(0x80 | ((c >> 6) & 0x3F)),
               (int)(0x80 | (c & 0x3F)));
      else
        printf("%c%c%c%c", (int)(0xF0 | (c >> 18)), (int)(0x80 | ((c >> 12) & 0x3F)),
               (int)(0x80 | ((c >> 6) & 0x3F)), (int)(0x80 | (c & 0x3F)));
    }
    break;
  }
  default: printf("\n"); items = 0; break;
  }
}

/* --- the C API of an AOT object ------------------------------------------ */

const char *pyrite_rt_take_pending(const char **message, int32_t *is_constant) {
  const char *cls = t_error_class;
  *message = t_error_message ? t_error_message : "";
  *message += **message == PYRITE_INT_ARGUMENT; /* (the text as shown) */
  *is_constant = t_error_message_constant;
  t_error_class = 0;
  t_error_message = 0;
  return cls;
}

int32_t pyrite_aot_take_error(const char **cls, const char **message) {
  /* The raised class is the first name of the chain (pyrite_rt_raise). */
  static _Thread_local char name[256];
  if (!t_error_class)
    return 0;
  size_t n = 0;
  for (const char *p = t_error_class; *p && *p != ';' && n + 1 < sizeof name; ++p)
    name[n++] = *p;
  name[n] = 0;
  *cls = name;
  *message = t_error_message;
  if (*message && **message == PYRITE_INT_ARGUMENT)
    ++*message; /* (the text as shown) */
  t_error_class = 0;
  t_error_message = 0;
  return 1;
}

void pyrite_aot_release(void *meminfo) { pyrite_decref((PyriteMemInfo *)meminfo); }

int64_t pyrite_rt_hash_str(const void *data, int64_t length, int64_t kind) {
  int64_t narrow = pyrite_narrowest_kind(data, length, kind);
  if (narrow == kind)
    return pyrite_fnv1a(data, length * kind);
  void *copy = malloc((size_t)(length * narrow));
  if (!copy)
    return pyrite_fnv1a(data, length * kind);
  pyrite_narrow_copy(data, length, kind, copy, narrow);
  int64_t h = pyrite_fnv1a(copy, length * narrow);
  free(copy);
  return h;
}
