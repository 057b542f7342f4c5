/* pyrite conformance runner: executes functions of an ahead-of-time compiled
 * shared object (pyrite.aot.compile_for) on the machine it runs on, natively
 * or under qemu-user, as the Python side (conformance/protocol.py) asks.
 *
 * Build, per target:
 *   clang-22 --target=aarch64-linux-gnu -fuse-ld=lld -O2 runner.c -o runner-aarch64 -ldl
 *
 * Protocol: one request per line on stdin, one answer per line on stdout.
 * Tokens are separated by single spaces; strings travel as hex of their bytes
 * ("-" when empty). On start the runner prints
 *   pyrite-runner 1 <le|be> <pointer bytes>
 *
 * Requests and answers:
 *   load ID PATHHEX        -> ok | err MSGHEX       (dlopen; ID a small integer)
 *   unload ID              -> ok
 *   call ID SYMHEX RETSPEC NARGS {ARGSPEC ARGVALUE}...
 *                          -> ok RETVALUE NARGS {ARGOUT}...
 *                          |  raise CLASSHEX MSGHEX   (the export returned nonzero)
 *                          |  err MSGHEX              (bad request, unknown symbol)
 *   quit                   -> (exits)
 *
 * Type specs (prefix notation):
 *   i8 i16 i32 i64 u8 u16 u32 u64 f32 f64 b1 | none | arr DTYPE NDIM | tup N SPEC...
 * Values, per spec:
 *   integers in decimal; f32/f64 as the hex of their bit pattern (%08x/%016llx);
 *   b1 as 0/1; none as "-"; a tuple as its elements' values in order;
 *   an array argument as SHAPE... STRIDES... OFFSET NBYTES BYTESHEX: the
 *     runner allocates NBYTES bytes, fills them with BYTESHEX (target byte
 *     order) and passes data = buffer + OFFSET (strides in bytes, any sign);
 *   an array result as SHAPE... STRIDES... ELEMENTSHEX: its elements in C
 *     order, each in target byte order (the runner walks the strides).
 * ARGOUT is, for each top-level array argument, the hex of its whole buffer
 * after the call (so writes through any strides come back), "-" otherwise.
 *
 * The ABI of an export: int32_t f(void *ret, void **args); args[k] points at
 * argument k (scalars at their width, bool one byte, arrays as
 * {meminfo, parent, nitems, itemsize, data, shape[ndim], strides[ndim]},
 * tuples as C structs with natural alignment). A nonzero status means an
 * exception: pyrite_aot_take_error(&cls, &msg). Arrays returned carry a
 * meminfo released with pyrite_aot_release.
 */
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { K_I8, K_I16, K_I32, K_I64, K_U8, K_U16, K_U32, K_U64, K_F32, K_F64, K_B1,
       K_NONE, K_ARR, K_TUP };
static const char *kNames[] = {"i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64",
                               "f32", "f64", "b1", "none", "arr", "tup"};
static const size_t kSizes[] = {1, 2, 4, 8, 1, 2, 4, 8, 4, 8, 1, 0};

typedef struct Spec {
  int kind;
  int dtype;           /* arrays */
  int ndim;            /* arrays */
  int n;               /* tuples */
  struct Spec *elems;  /* tuples */
  size_t *offsets;     /* tuples */
  size_t size, align;
} Spec;

typedef int32_t (*EntryFn)(void *ret, void **args);
typedef int32_t (*TakeErrorFn)(const char **cls, const char **msg);
typedef void (*ReleaseFn)(void *meminfo);

typedef struct {
  void *handle;
  TakeErrorFn take_error;
  ReleaseFn release;
} Lib;

static Lib *g_libs;
static size_t g_nlibs;

/* --- output ------------------------------------------------------------------------- */
static void put(const char *s) { fputs(s, stdout); }

static void put_hex(const void *p, size_t n) {
  static const char digits[] = "0123456789abcdef";
  const unsigned char *b = (const unsigned char *)p;
  if (n == 0) {
    putchar('-');
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    putchar(digits[b[i] >> 4]);
    putchar(digits[b[i] & 15]);
  }
}

static void put_hex_str(const char *s) { put_hex(s, s ? strlen(s) : 0); }

static void answer_err(const char *msg) {
  put("err ");
  put_hex_str(msg);
  putchar('\n');
  fflush(stdout);
}

/* --- input -------------------------------------------------------------------------- */
typedef struct {
  char *save;
  int bad;
} Tok;

static char *next(Tok *t) {
  char *s = strtok_r(NULL, " \t\r\n", &t->save);
  if (!s)
    t->bad = 1;
  return s ? s : "";
}

static long long next_ll(Tok *t) { return strtoll(next(t), NULL, 10); }

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes hex into dst (at most cap bytes); returns the byte count. */
static size_t unhex(const char *s, unsigned char *dst, size_t cap) {
  size_t n = 0;
  if (strcmp(s, "-") == 0)
    return 0;
  while (s[0] && s[1] && n < cap) {
    dst[n++] = (unsigned char)(hexval(s[0]) << 4 | hexval(s[1]));
    s += 2;
  }
  return n;
}

static char *unhex_str(const char *s) {
  size_t cap = strlen(s) / 2 + 1;
  char *out = calloc(cap, 1);
  unhex(s, (unsigned char *)out, cap - 1);
  return out;
}

/* --- type specs --------------------------------------------------------------------- */
static size_t align_up(size_t v, size_t a) { return (v + a - 1) / a * a; }

static size_t array_field(int field, int ndim, int k) {
  /* offsets of {meminfo, parent, nitems, itemsize, data, shape[], strides[]} */
  size_t p = sizeof(void *);
  size_t nitems = align_up(2 * p, 8), itemsize = nitems + 8, data = itemsize + 8;
  size_t shape = align_up(data + p, 8), strides = shape + 8 * (size_t)ndim;
  switch (field) {
  case 0: return 0;
  case 1: return p;
  case 2: return nitems;
  case 3: return itemsize;
  case 4: return data;
  case 5: return shape + 8 * (size_t)k;
  default: return strides + 8 * (size_t)k;
  }
}

static int kind_of(const char *s) {
  for (int k = 0; k <= K_TUP; ++k)
    if (strcmp(s, kNames[k]) == 0)
      return k;
  return -1;
}

static void free_spec(Spec *s) {
  if (s->kind == K_TUP) {
    for (int i = 0; i < s->n; ++i)
      free_spec(&s->elems[i]);
    free(s->elems);
    free(s->offsets);
  }
}

static int parse_spec(Tok *t, Spec *s) {
  memset(s, 0, sizeof *s);
  s->kind = kind_of(next(t));
  if (s->kind < 0 || t->bad)
    return -1;
  if (s->kind < K_NONE) {
    s->size = s->align = kSizes[s->kind];
  } else if (s->kind == K_NONE) {
    s->size = 0;
    s->align = 1;
  } else if (s->kind == K_ARR) {
    s->dtype = kind_of(next(t));
    s->ndim = (int)next_ll(t);
    if (s->dtype < 0 || s->dtype >= K_NONE || s->ndim < 0 || s->ndim > 32)
      return -1;
    s->size = array_field(6, s->ndim, s->ndim);
    s->align = 8;
  } else {
    s->n = (int)next_ll(t);
    if (s->n < 0 || s->n > 1024)
      return -1;
    s->elems = calloc((size_t)s->n + 1, sizeof(Spec));
    s->offsets = calloc((size_t)s->n + 1, sizeof(size_t));
    size_t off = 0, align = 1;
    for (int i = 0; i < s->n; ++i) {
      if (parse_spec(t, &s->elems[i]) != 0)
        return -1;
      off = align_up(off, s->elems[i].align);
      s->offsets[i] = off;
      off += s->elems[i].size;
      if (s->elems[i].align > align)
        align = s->elems[i].align;
    }
    s->align = align;
    s->size = align_up(off, align);
  }
  return t->bad ? -1 : 0;
}

/* --- arguments ---------------------------------------------------------------------- */
typedef struct {
  unsigned char *buf;
  size_t nbytes;
} Buffer;

static int read_value(Tok *t, const Spec *s, unsigned char *dst, Buffer *owned) {
  const char *tok;
  switch (s->kind) {
  case K_I8: { int8_t v = (int8_t)next_ll(t); memcpy(dst, &v, 1); break; }
  case K_I16: { int16_t v = (int16_t)next_ll(t); memcpy(dst, &v, 2); break; }
  case K_I32: { int32_t v = (int32_t)next_ll(t); memcpy(dst, &v, 4); break; }
  case K_I64: { int64_t v = (int64_t)next_ll(t); memcpy(dst, &v, 8); break; }
  case K_U8: { uint8_t v = (uint8_t)strtoull(next(t), NULL, 10); memcpy(dst, &v, 1); break; }
  case K_U16: { uint16_t v = (uint16_t)strtoull(next(t), NULL, 10); memcpy(dst, &v, 2); break; }
  case K_U32: { uint32_t v = (uint32_t)strtoull(next(t), NULL, 10); memcpy(dst, &v, 4); break; }
  case K_U64: { uint64_t v = (uint64_t)strtoull(next(t), NULL, 10); memcpy(dst, &v, 8); break; }
  case K_F32: { uint32_t v = (uint32_t)strtoull(next(t), NULL, 16); memcpy(dst, &v, 4); break; }
  case K_F64: { uint64_t v = (uint64_t)strtoull(next(t), NULL, 16); memcpy(dst, &v, 8); break; }
  case K_B1: { dst[0] = next_ll(t) ? 1 : 0; break; }
  case K_NONE: next(t); break;
  case K_ARR: {
    int64_t shape[32], strides[32], nitems = 1;
    for (int k = 0; k < s->ndim; ++k) {
      shape[k] = next_ll(t);
      nitems *= shape[k];
    }
    for (int k = 0; k < s->ndim; ++k)
      strides[k] = next_ll(t);
    long long offset = next_ll(t);
    long long nbytes = next_ll(t);
    tok = next(t);
    if (t->bad || nbytes < 0 || offset < 0 || (nbytes > 0 && offset >= nbytes))
      return -1;
    /* 64-byte aligned, never empty, so data is a valid pointer even for size 0 */
    size_t cap = align_up((size_t)nbytes + 1, 64);
    unsigned char *buf = aligned_alloc(64, cap);
    if (!buf)
      return -1;
    memset(buf, 0, cap);
    if (unhex(tok, buf, (size_t)nbytes) != (size_t)nbytes) {
      free(buf);
      return -1;
    }
    void *null = NULL, *data = buf + offset;
    int64_t itemsize = (int64_t)kSizes[s->dtype];
    memcpy(dst + array_field(0, s->ndim, 0), &null, sizeof null);
    memcpy(dst + array_field(1, s->ndim, 0), &null, sizeof null);
    memcpy(dst + array_field(2, s->ndim, 0), &nitems, 8);
    memcpy(dst + array_field(3, s->ndim, 0), &itemsize, 8);
    memcpy(dst + array_field(4, s->ndim, 0), &data, sizeof data);
    for (int k = 0; k < s->ndim; ++k) {
      memcpy(dst + array_field(5, s->ndim, k), &shape[k], 8);
      memcpy(dst + array_field(6, s->ndim, k), &strides[k], 8);
    }
    if (!owned) { /* arrays inside tuple arguments: not supported */
      free(buf);
      return -1;
    }
    owned->buf = buf;
    owned->nbytes = (size_t)nbytes;
    break;
  }
  case K_TUP:
    for (int i = 0; i < s->n; ++i)
      if (read_value(t, &s->elems[i], dst + s->offsets[i], NULL) != 0)
        return -1;
    break;
  }
  return t->bad ? -1 : 0;
}

/* --- results ------------------------------------------------------------------------ */
static void print_value(const Spec *s, const unsigned char *src, const Lib *lib) {
  char num[64];
  switch (s->kind) {
  case K_I8: { int8_t v; memcpy(&v, src, 1); snprintf(num, sizeof num, "%d", v); put(num); break; }
  case K_I16: { int16_t v; memcpy(&v, src, 2); snprintf(num, sizeof num, "%d", v); put(num); break; }
  case K_I32: { int32_t v; memcpy(&v, src, 4); snprintf(num, sizeof num, "%d", v); put(num); break; }
  case K_I64: { int64_t v; memcpy(&v, src, 8); snprintf(num, sizeof num, "%lld", (long long)v); put(num); break; }
  case K_U8: { uint8_t v; memcpy(&v, src, 1); snprintf(num, sizeof num, "%u", v); put(num); break; }
  case K_U16: { uint16_t v; memcpy(&v, src, 2); snprintf(num, sizeof num, "%u", v); put(num); break; }
  case K_U32: { uint32_t v; memcpy(&v, src, 4); snprintf(num, sizeof num, "%u", v); put(num); break; }
  case K_U64: { uint64_t v; memcpy(&v, src, 8); snprintf(num, sizeof num, "%llu", (unsigned long long)v); put(num); break; }
  case K_F32: { uint32_t v; memcpy(&v, src, 4); snprintf(num, sizeof num, "%08x", v); put(num); break; }
  case K_F64: { uint64_t v; memcpy(&v, src, 8); snprintf(num, sizeof num, "%016llx", (unsigned long long)v); put(num); break; }
  case K_B1: put(src[0] ? "1" : "0"); break;
  case K_NONE: put("-"); break;
  case K_ARR: {
    int64_t shape[32], strides[32], nitems = 1;
    char *data;
    void *meminfo;
    memcpy(&meminfo, src + array_field(0, s->ndim, 0), sizeof meminfo);
    memcpy(&data, src + array_field(4, s->ndim, 0), sizeof data);
    for (int k = 0; k < s->ndim; ++k) {
      memcpy(&shape[k], src + array_field(5, s->ndim, k), 8);
      memcpy(&strides[k], src + array_field(6, s->ndim, k), 8);
      nitems *= shape[k];
    }
    for (int k = 0; k < s->ndim; ++k) {
      snprintf(num, sizeof num, "%lld ", (long long)shape[k]);
      put(num);
    }
    for (int k = 0; k < s->ndim; ++k) {
      snprintf(num, sizeof num, "%lld ", (long long)strides[k]);
      put(num);
    }
    size_t itemsize = kSizes[s->dtype];
    if (nitems <= 0) {
      putchar('-');
    } else {
      int64_t idx[32] = {0};
      for (int64_t i = 0; i < nitems; ++i) {
        const char *p = data;
        for (int k = 0; k < s->ndim; ++k)
          p += idx[k] * strides[k];
        put_hex(p, itemsize);
        for (int k = s->ndim - 1; k >= 0; --k) {
          if (++idx[k] < shape[k])
            break;
          idx[k] = 0;
        }
      }
    }
    if (meminfo && lib->release)
      lib->release(meminfo);
    break;
  }
  case K_TUP:
    for (int i = 0; i < s->n; ++i) {
      if (i)
        putchar(' ');
      print_value(&s->elems[i], src + s->offsets[i], lib);
    }
    break;
  }
}

/* --- requests ----------------------------------------------------------------------- */
static Lib *lib_at(long long id) {
  if (id < 0 || (size_t)id >= g_nlibs || !g_libs[id].handle)
    return NULL;
  return &g_libs[id];
}

static void do_load(Tok *t) {
  long long id = next_ll(t);
  char *path = unhex_str(next(t));
  if (t->bad || id < 0 || id > 1000000) {
    free(path);
    answer_err("bad load request");
    return;
  }
  if ((size_t)id >= g_nlibs) {
    size_t n = (size_t)id + 64;
    g_libs = realloc(g_libs, n * sizeof(Lib));
    memset(g_libs + g_nlibs, 0, (n - g_nlibs) * sizeof(Lib));
    g_nlibs = n;
  }
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  free(path);
  if (!h) {
    answer_err(dlerror());
    return;
  }
  Lib *lib = &g_libs[id];
  if (lib->handle)
    dlclose(lib->handle);
  lib->handle = h;
  *(void **)&lib->take_error = dlsym(h, "pyrite_aot_take_error");
  *(void **)&lib->release = dlsym(h, "pyrite_aot_release");
  put("ok\n");
  fflush(stdout);
}

static void do_unload(Tok *t) {
  Lib *lib = lib_at(next_ll(t));
  if (lib) {
    dlclose(lib->handle);
    memset(lib, 0, sizeof *lib);
  }
  put("ok\n");
  fflush(stdout);
}

static void do_call(Tok *t) {
  Lib *lib = lib_at(next_ll(t));
  char *sym = unhex_str(next(t));
  Spec ret;
  int nargs = 0;
  Spec *specs = NULL;
  unsigned char **vals = NULL;
  Buffer *owned = NULL;
  unsigned char *retbuf = NULL;
  const char *problem = NULL;
  if (!lib) {
    problem = "call to a library that is not loaded";
    goto done_noret;
  }
  if (parse_spec(t, &ret) != 0) {
    problem = "bad return type";
    goto done_noret;
  }
  nargs = (int)next_ll(t);
  if (t->bad || nargs < 0 || nargs > 256) {
    problem = "bad argument count";
    goto done;
  }
  specs = calloc((size_t)nargs + 1, sizeof(Spec));
  vals = calloc((size_t)nargs + 1, sizeof(unsigned char *));
  owned = calloc((size_t)nargs + 1, sizeof(Buffer));
  for (int k = 0; k < nargs; ++k) {
    if (parse_spec(t, &specs[k]) != 0) {
      problem = "bad argument type";
      goto done;
    }
    vals[k] = aligned_alloc(64, align_up(specs[k].size + 1, 64));
    memset(vals[k], 0, specs[k].size + 1);
    if (read_value(t, &specs[k], vals[k], specs[k].kind == K_ARR ? &owned[k] : NULL) != 0) {
      problem = "bad argument value (arrays inside tuple arguments are not supported)";
      goto done;
    }
  }
  EntryFn fn;
  *(void **)&fn = dlsym(lib->handle, sym);
  if (!fn) {
    problem = "symbol not found";
    goto done;
  }
  retbuf = aligned_alloc(64, align_up(ret.size + 1, 64));
  memset(retbuf, 0, align_up(ret.size + 1, 64));
  int32_t status = fn(retbuf, (void **)vals);
  if (status != 0) {
    const char *cls = NULL, *msg = NULL;
    if (lib->take_error)
      lib->take_error(&cls, &msg);
    put("raise ");
    put_hex_str(cls ? cls : "?");
    putchar(' ');
    put_hex_str(msg ? msg : "");
  } else {
    put("ok ");
    print_value(&ret, retbuf, lib);
    printf(" %d", nargs);
    for (int k = 0; k < nargs; ++k) {
      putchar(' ');
      if (owned[k].buf)
        put_hex(owned[k].buf, owned[k].nbytes);
      else
        putchar('-');
    }
  }
  putchar('\n');
  fflush(stdout);
done:
  free_spec(&ret);
done_noret:
  for (int k = 0; k < nargs; ++k) {
    if (specs)
      free_spec(&specs[k]);
    if (vals)
      free(vals[k]);
    if (owned)
      free(owned[k].buf);
  }
  free(specs);
  free(vals);
  free(owned);
  free(retbuf);
  free(sym);
  if (problem)
    answer_err(problem);
}

int main(void) {
  const uint16_t probe = 1;
  printf("pyrite-runner 1 %s %d\n", *(const uint8_t *)&probe ? "le" : "be", (int)sizeof(void *));
  fflush(stdout);
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, stdin) > 0) {
    Tok t = {NULL, 0};
    char *cmd = strtok_r(line, " \t\r\n", &t.save);
    if (!cmd)
      continue;
    if (strcmp(cmd, "call") == 0)
      do_call(&t);
    else if (strcmp(cmd, "load") == 0)
      do_load(&t);
    else if (strcmp(cmd, "unload") == 0)
      do_unload(&t);
    else if (strcmp(cmd, "quit") == 0)
      break;
    else
      answer_err("unknown request");
  }
  free(line);
  return 0;
}
