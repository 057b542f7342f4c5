/*===- runtime/pyrite_rt.h - the runtime compiled code calls --------------===*
 *
 * \file
 * Two halves share these declarations:
 *  - rt_inline.c is compiled to LLVM bitcode at build time and linked into
 *    every module (refcounts, the MT19937 generator, Python arithmetic), so
 *    the hot paths inline into user code;
 *  - rt_host.cpp lives in libpyrite-core (allocation, exceptions, RNG state)
 *    and reaches compiled code through the plugin ABI's lookup_runtime_symbol;
 *  - rt_aot.c is that host half for shared objects built ahead of time,
 *    linked into them as bitcode (mt19937.c serves both).
 *===----------------------------------------------------------------------===*/
#ifndef PYRITE_RT_H
#define PYRITE_RT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Header of memory that compiled code allocates (arrays, strings, lists).
 *  The data follows the header, 64-byte aligned. `dtor`, when set, runs on
 *  the data before the memory is freed (a list releases its items). */
typedef struct PyriteMemInfo {
  int64_t refcount;
  void *data;
  size_t size;
  void (*dtor)(void *data);
} PyriteMemInfo;

/** Where the references sit in one item of a list: a list of strings has
 *  one at offset 0, a list of (str, array) tuples two. */
enum { PYRITE_MAX_ITEM_REFS = 8 };
typedef struct PyriteItemLayout {
  int64_t itemsize;
  int64_t nrefs;
  int64_t ref_offsets[PYRITE_MAX_ITEM_REFS]; /**< each a meminfo pointer */
} PyriteItemLayout;

/** A list's state: the data of its meminfo. Items live in their own
 *  buffer, which grows (CPython's over-allocation); `dirty` records that a
 *  list unboxed from a Python list (`parent`) was changed and must be
 *  written back. `persistent`: the list is reachable from storage that
 *  outlives a call (a @jitclass attribute), so its items own what they
 *  would borrow from Python objects (lower_types.cpp: owned). */
typedef struct PyriteListPayload {
  int64_t size;
  int64_t capacity;
  char *items;
  const PyriteItemLayout *layout;
  int64_t dirty;
  void *parent;
  int64_t persistent;
} PyriteListPayload;

/** MT19937 state, one per thread per stream (Python's random, np.random). */
typedef struct PyriteRng {
  int32_t index;
  uint32_t mt[624];
  int32_t has_gauss; /**< the polar method's second value is cached */
  double gauss;
} PyriteRng;

enum { PYRITE_RNG_PYTHON = 0, PYRITE_RNG_NUMPY = 1 };

/* --- host half (rt_host.cpp) --------------------------------------------- */
PyriteMemInfo *pyrite_rt_meminfo_alloc(int64_t bytes);
/** The same for data with no alignment need beyond 16 bytes (strings,
 *  list states): the data right after a 32-byte header, one malloc. */
PyriteMemInfo *pyrite_rt_meminfo_alloc_small(int64_t bytes);
void pyrite_rt_meminfo_free(PyriteMemInfo *mi);
/** Records an exception for the dispatcher to raise. `cls` is the class's
 *  method resolution order, names separated by ';' ("KeyError;LookupError;
 *  Exception;BaseException"): builtin classes by name, others dotted
 *  ("numpy.exceptions.AxisError;ValueError;..."), the raised class first,
 *  so that `except C` tests C against it (pyrite_exception_matches). Both
 *  strings must outlive the exception (module constants): they are kept,
 *  not copied. */
void pyrite_rt_raise(const char *cls, const char *message);
/** A message that begins with this byte holds its exception's one argument,
 *  an int, as the decimal text after it (`raise KeyError(key)` with an int
 *  key): Python gets the int itself (KeyError(5).args == (5,)), a handler in
 *  compiled code and a printed report the text without the byte. */
#define PYRITE_INT_ARGUMENT '\x01'
#define PYRITE_INT_ARGUMENT_FORMAT "\x01{0}"
/** The same with run-time values: "{0}", "{1}", "{2}" in `message` become
 *  v0, v1, v2 in decimal. */
void pyrite_rt_raise_values(const char *cls, const char *message, int64_t v0, int64_t v1,
                            int64_t v2);
/** The same with a message that is a str's code points (`kind` bytes each),
 *  copied as UTF-8. */
void pyrite_rt_raise_text(const char *cls, const void *data, int64_t length, int64_t kind);
/** Moves this thread's pending exception out for a handler (`except`):
 *  returns its class chain (as given to pyrite_rt_raise) and sets `*message`
 *  to its UTF-8 text, valid until this thread raises or catches again, or
 *  for good when `*is_constant` (the module constant pyrite_rt_raise got).
 *  Null when nothing is pending. */
const char *pyrite_rt_take_pending(const char **message, int32_t *is_constant);
/** A @cfunc's exception cannot propagate to a C caller: prints the pending
 *  one to stderr, as CPython reports an unraisable exception, and clears it. */
void pyrite_rt_report_unraisable(const char *where);
/** This thread's generator `which` (seeded from the OS on first use). */
PyriteRng *pyrite_rt_rng_state(int32_t which) __attribute__((const));
void pyrite_rt_rng_seed(PyriteRng *rng, uint32_t seed);
void pyrite_rt_rng_refill(PyriteRng *rng);
/** print(): one call per argument, then one with kind END. */
enum { PYRITE_PRINT_INT = 0, PYRITE_PRINT_UINT = 1, PYRITE_PRINT_FLOAT = 2,
       PYRITE_PRINT_BOOL = 3, PYRITE_PRINT_STR = 4, PYRITE_PRINT_NONE = 5,
       PYRITE_PRINT_END = 6, PYRITE_PRINT_UNICODE = 7, PYRITE_PRINT_VALUE = 8 };
/* PYRITE_PRINT_VALUE: `s` points at a value of the core's type `i` (a
 * `const pyrite::Type *`, valid in the compiling process only: objects built
 * ahead of time print a placeholder), boxed and printed by Python. */
/* PYRITE_PRINT_UNICODE: `s` points at a str's code points; `i` is its length
 * with its kind (1, 2 or 4 bytes per code point) in the top byte. */
void pyrite_rt_print(int32_t kind, int64_t i, double f, const char *s);

/** A meminfo holding a reference to `parent`, the NumPy array a borrowed
 *  array value (no meminfo of its own) views: what the value owns once it
 *  is stored where it outlives the call that borrowed it (a @jitclass
 *  attribute, a list or dict item); null when memory runs out. The Python
 *  layer implements it (taking the GIL); code built ahead of time, whose
 *  arrays have no parent, never calls it. */
PyriteMemInfo *pyrite_rt_adopt(void *parent);

/** Runs an objmode block: calls the Python function `fn` with the inputs at
 *  `inputs` (of the core's type `input_types`, a tuple) boxed, and unboxes
 *  its result into `outputs` (`output_types`), as new references. 0, or 1
 *  with the Python exception it raised pending. The Python layer implements
 *  it (taking the GIL); code built ahead of time raises RuntimeError. */
int32_t pyrite_rt_objmode(void *fn, const void *input_types, const void *inputs,
                          const void *output_types, void *outputs);

/* --- parallel regions (rt_parallel.cpp, on TBB) ------------------------- */
/** A prange loop's body, outlined: runs iterations [lo, hi) of the loop as
 *  chunk `index`, reading the frame of the function that started the region
 *  through `env`. 0, or 1 with an exception pending on its thread. */
typedef int32_t (*PyriteChunkFn)(void *env, int64_t lo, int64_t hi, int64_t index);
/** The most chunks a region has: the starting function keeps one value per
 *  chunk for each reduction. */
#define PYRITE_MAX_CHUNKS 256
/** How many chunks n iterations run in: 0 for n <= 0, else 1 to
 *  PYRITE_MAX_CHUNKS, decided by n, the calling thread's get_num_threads()
 *  and set_parallel_chunksize() only, so that a reduction combines the same
 *  partial values on every run. */
int64_t pyrite_rt_parallel_chunks(int64_t n);
/** Runs chunks 0 .. nchunks-1 of n iterations, chunk k over [k*n/nchunks,
 *  (k+1)*n/nchunks), on a TBB arena of get_num_threads() threads; serially,
 *  in order, on the calling thread when it is already running a chunk (a
 *  prange in a function called from a prange) or has one thread. Returns 0,
 *  or 1 with the exception of the first chunk that raised pending on the
 *  calling thread (chunks not started by then are skipped). The calling
 *  thread lets go of Python's GIL meanwhile (chunks may print). */
int32_t pyrite_rt_parallel_for(PyriteChunkFn chunk, void *env, int64_t n, int64_t nchunks);
/** numba.get_thread_id(): the index of this thread in the running region's
 *  arena (0 for the thread that started it, and outside regions). */
int32_t pyrite_rt_thread_id(void);
/** numba.set_num_threads(n) in compiled code: 1 on success, 0 when n is not
 *  within 1 .. the most threads (pyrite_rt_max_threads). */
int32_t pyrite_rt_set_num_threads(int64_t n);
int32_t pyrite_rt_max_threads(void);
/** numba.set_parallel_chunksize(n): the previous size (n >= 0), and
 *  get_parallel_chunksize(). */
int64_t pyrite_rt_set_parallel_chunksize(int64_t n);
int64_t pyrite_rt_parallel_chunksize(void);
/** A @vectorize / @guvectorize kernel raised inside NumPy's loop: the
 *  Python layer makes the pending exception the Python error (taking the
 *  GIL), which the ufunc call then raises. */
void pyrite_rt_ufunc_error(void);
/** numba.get_num_threads() of this thread (inside a region: of the thread
 *  that started it). */
int32_t pyrite_rt_num_threads(void);

/* --- lists (rt_list.c) --------------------------------------------------- */
/** A new list of `size` zeroed items with room for `capacity`; null when
 *  memory runs out. */
PyriteMemInfo *pyrite_rt_list_new(const PyriteItemLayout *layout, int64_t size,
                                  int64_t capacity);
/** Room for at least `capacity` items; 0, or -1 when memory runs out. */
int32_t pyrite_rt_list_reserve(PyriteListPayload *list, int64_t capacity);
/** Releases items [start, stop) and closes the gap. */
void pyrite_rt_list_delete(PyriteListPayload *list, int64_t start, int64_t stop);
/** Opens a gap of `count` zeroed items at `at`; 0, or -1 when memory runs out. */
int32_t pyrite_rt_list_open(PyriteListPayload *list, int64_t at, int64_t count);
/** The meminfo destructor of lists: releases the items and their buffer. */
void pyrite_rt_list_release(void *payload);

/* --- the C API of shared objects from pyrite.aot (rt_aot.c) --------------- */
int32_t pyrite_aot_take_error(const char **cls, const char **message);
void pyrite_aot_release(void *meminfo);

/* --- inline half (rt_inline.c, as bitcode) -------------------------------- */
void pyrite_incref(PyriteMemInfo *mi);
void pyrite_decref(PyriteMemInfo *mi);
double pyrite_random_double(int32_t which);
double pyrite_random_gauss(int32_t which);
/** NumPy's pairwise sum of n values `stride` bytes apart. */
double pyrite_sum_f64(const char *data, int64_t n, int64_t stride);
float pyrite_sum_f32(const char *data, int64_t n, int64_t stride);
/** NumPy's _attempt_nocopy_reshape (C order): the strides that show the
 *  array of old_nd dimensions (old_dims, old_strides in bytes) as new_dims
 *  (new_nd of them, the same number of elements) without a copy. 1 when
 *  there are such strides (written to new_strides), 0 when only a copy
 *  can have that shape. */
int32_t pyrite_reshape_strides(int64_t old_nd, const int64_t *old_dims,
                               const int64_t *old_strides, int64_t new_nd,
                               const int64_t *new_dims, int64_t *new_strides, int64_t itemsize);
double pyrite_float_floordiv(double a, double b);
double pyrite_float_mod(double a, double b);
int64_t pyrite_int_pow(int64_t base, int64_t exp);
/* str (unicode_type) text: data, length in code points, kind (1, 2 or 4). */
int64_t pyrite_str_compare(const void *a, int64_t alen, int64_t akind, const void *b,
                           int64_t blen, int64_t bkind);
int32_t pyrite_str_equal(const void *a, int64_t alen, int64_t akind, const void *b,
                         int64_t blen, int64_t bkind);
int64_t pyrite_str_find(const void *h, int64_t hkind, int64_t start, int64_t end,
                        const void *n, int64_t nlen, int64_t nkind);
int64_t pyrite_str_rfind(const void *h, int64_t hkind, int64_t start, int64_t end,
                         const void *n, int64_t nlen, int64_t nkind);
void pyrite_str_copy(void *dst, int64_t dkind, int64_t at, const void *src, int64_t skind,
                     int64_t from, int64_t count);
/** A NumPy 'U' element (`width` UCS4 code points, trailing NULs dropped) as a
 *  new str: its meminfo (NULL when allocation fails), data, length and kind. */
void *pyrite_str_from_ucs4(const uint32_t *src, int64_t width, void **data, int64_t *length,
                           int64_t *kind);
/** A str into a NumPy 'U' element: its first `width` code points, then NULs. */
void pyrite_str_to_ucs4(uint32_t *dst, int64_t width, const void *data, int64_t length,
                        int64_t kind);
/** A NumPy 'S' element (`width` bytes, trailing NULs dropped) as a new
 *  bytes array's memory: its meminfo (NULL when allocation fails), data and
 *  length. */
void *pyrite_bytes_from_chars(const uint8_t *src, int64_t width, void **data, int64_t *length);
/** Bytes into a NumPy 'S' element: the first `width`, then NULs. */
void pyrite_bytes_to_chars(uint8_t *dst, int64_t width, const uint8_t *src, int64_t length);
/** repr(x) of a double as CPython writes it (shortest text that reads back
 *  as x), ASCII into buf (32 bytes); returns its length. */
int64_t pyrite_rt_float_repr(double x, char *buf);
/** format(|x|, spec)'s digits (rt_format.c), into buf (512 bytes). */
int64_t pyrite_rt_format_float(double x, int64_t precision, int64_t type, int64_t alternate,
                               char *buf);
/** strtod() of `length` ASCII characters that float() accepts (checked). */
double pyrite_rt_parse_float(const char *text, int64_t length);
/** The Unicode database (generated: tools/gen_unicode_db.py): the flag word
 *  of code point cp, and its full case mapping `which` (0 lower, 1 upper,
 *  2 title, 3 casefold): one code point, or up to three packed 21 bits
 *  each with bit 63 set. */
int64_t pyrite_rt_unicode_flags(int64_t cp);
/** hash() of a str of `length` code points of `kind` bytes: CPython's own
 *  (_Py_HashBytes of the text as CPython would store it: in the narrowest
 *  kind that holds it, PEP 393) in a Python process, else FNV-1a. Never -1. */
int64_t pyrite_rt_hash_str(const void *data, int64_t length, int64_t kind);
/** The pending exception, caught (try/except): returns its class chain and
 *  makes its message a str (data, length, kind; the returned meminfo owns
 *  it, null for ""). Null class when nothing was pending (cannot happen
 *  in a handler). */
const char *pyrite_catch(PyriteMemInfo **meminfo, void **data, int64_t *length, int64_t *kind);
/** 1 when class chain `mro` (see pyrite_rt_raise) names class `cls`: the
 *  exception is an instance of cls, as `except cls` tests it. */
int32_t pyrite_exception_matches(const char *mro, const char *cls);
/** hash() of a float as CPython computes it (Python/pyhash.c); 0 for NaN. */
int64_t pyrite_hash_double(double x);
int64_t pyrite_rt_unicode_case(int64_t cp, int64_t which);

/** The kind (1, 2 or 4) CPython stores these code points in: the narrowest
 *  that holds the largest (compiled strings may be wider, a slice of wider text). */
static inline int64_t pyrite_narrowest_kind(const void *data, int64_t length, int64_t kind) {
  uint32_t top = 0;
  for (int64_t k = 0; k < length && kind > 1; ++k) {
    uint32_t cp = kind == 2 ? ((const uint16_t *)data)[k] : ((const uint32_t *)data)[k];
    top = cp > top ? cp : top;
  }
  return kind == 1 || top < 0x100 ? 1 : top < 0x10000 ? 2 : 4;
}

/** Copies `length` code points from `kind` bytes each into `out` at `to` bytes each. */
static inline void pyrite_narrow_copy(const void *data, int64_t length, int64_t kind, void *out,
                                      int64_t to) {
  for (int64_t k = 0; k < length; ++k) {
    uint32_t cp = kind == 1   ? ((const uint8_t *)data)[k]
                  : kind == 2 ? ((const uint16_t *)data)[k]
                              : ((const uint32_t *)data)[k];
    if (to == 1)
      ((uint8_t *)out)[k] = (uint8_t)cp;
    else if (to == 2)
      ((uint16_t *)out)[k] = (uint16_t)cp;
    else
      ((uint32_t *)out)[k] = cp;
  }
}

/** FNV-1a of `nbytes` bytes, never -1: hash() of str text outside a Python process. */
static inline int64_t pyrite_fnv1a(const void *data, int64_t nbytes) {
  const unsigned char *p = (const unsigned char *)data;
  uint64_t h = 14695981039346656037ull;
  for (int64_t k = 0; k < nbytes; ++k)
    h = (h ^ p[k]) * 1099511628211ull;
  return (int64_t)h == -1 ? -2 : (int64_t)h;
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PYRITE_RT_H */
