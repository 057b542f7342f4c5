//===- runtime/rt_host.cpp - allocation, exceptions and RNG state ---------===//
#include "runtime/rt_host.h"

#include "runtime/pyrite_rt.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

// Under AddressSanitizer the padding that rounds an array's data up to 64
// bytes is poisoned, so an access one element past the end is reported.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PYRITE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PYRITE_ASAN 1
#endif
#ifdef PYRITE_ASAN
#include <sanitizer/asan_interface.h>
#define PYRITE_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define PYRITE_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define PYRITE_POISON(p, n) ((void)(p), (void)(n))
#define PYRITE_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace {

std::atomic<int64_t> g_live{0};

/// Raising and catching allocate nothing in the common case (an exception
/// raised and caught in a loop): a constant message is kept as its
/// pointer, and the text buffers are swapped, not freed.
struct PendingError {
  bool set = false;
  const char *cls = nullptr;      ///< the class chain, a module constant (pyrite_rt.h)
  const char *constant = nullptr; ///< the message when it is a module constant
  std::string message;            ///< else the message made at run time
  const char *text() const { return constant ? constant : message.c_str(); }
  /// The text as shown (a handler's str(e), a report): without the byte
  /// that marks an int argument (PYRITE_INT_ARGUMENT).
  const char *shown() const { return text() + (text()[0] == PYRITE_INT_ARGUMENT); }
};
thread_local PendingError t_error;
thread_local std::string t_caught_message; ///< pyrite_rt_take_pending's text

/// The raised class: the first name of the chain.
std::string raised_class(const char *chain) {
  const char *end = std::strchr(chain, ';');
  return end ? std::string(chain, end) : std::string(chain);
}
pyrite::runtime::PrintSink g_print_sink = nullptr;
pyrite::runtime::BytesHash g_bytes_hash = nullptr;
pyrite::runtime::AdoptHook g_adopt = nullptr;
pyrite::runtime::ObjectModeHook g_object_mode = nullptr;

struct ThreadRngs {
  PyriteRng rng[2];
  ThreadRngs() {
    // Unseeded generators start from OS entropy, as Numba's do.
    std::random_device dev;
    for (auto &r : rng)
      pyrite_rt_rng_seed(&r, dev());
  }
};

thread_local ThreadRngs t_rngs;

/// The streams of the chunk this thread runs (pyrite::runtime::begin_chunk_streams).
struct ChunkStreams {
  bool active = false;
  uint64_t bases[2] = {0, 0}; ///< per generator, from the region's starting thread
  int64_t chunk = 0;
  std::atomic<int> *drew = nullptr; ///< bit w: a chunk drew from generator w
  bool seeded[2] = {false, false};
  PyriteRng saved[2];
};
thread_local ChunkStreams t_chunk;

/// SplitMix64's finalizer: a well-mixed 64-bit value from any input.
uint64_t splitmix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

pyrite::runtime::UfuncErrorHook g_ufunc_error = nullptr;
pyrite::runtime::GilRelease g_gil_release = nullptr;
pyrite::runtime::GilRestore g_gil_restore = nullptr;

/// Large arrays ask for transparent huge pages, as NumPy's allocator does
/// (numpy/_core/src/multiarray/alloc.c, from 4 MiB): a new array's first
/// touch then faults in 2 MiB at a time, which halves the time of
/// memory-bound kernels that make one. Where the kernel says no, nothing
/// changes.
void advise_huge_pages(void *data, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr size_t kThreshold = size_t(1) << 22, kPage = 4096;
  if (bytes < kThreshold)
    return;
  uintptr_t start = (reinterpret_cast<uintptr_t>(data) + kPage - 1) & ~uintptr_t(kPage - 1);
  uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~uintptr_t(kPage - 1);
  if (end > start)
    madvise(reinterpret_cast<void *>(start), end - start, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

} // namespace

extern "C" {

PyriteMemInfo *pyrite_rt_adopt(void *parent) { return g_adopt ? g_adopt(parent) : nullptr; }

int32_t pyrite_rt_objmode(void *fn, const void *input_types, const void *inputs,
                          const void *output_types, void *outputs) {
  if (!g_object_mode) {
    pyrite_rt_raise("RuntimeError;Exception;BaseException",
                    "objmode blocks need the Python interpreter");
    return 1;
  }
  return g_object_mode(fn, input_types, inputs, output_types, outputs);
}

PyriteMemInfo *pyrite_rt_meminfo_alloc(int64_t bytes) {
  if (bytes < 0)
    return nullptr;
  // Header in the first 64 bytes, data after it, 64-byte aligned.
  size_t total = 64 + ((size_t(bytes) + 63) & ~size_t(63));
  void *block = std::aligned_alloc(64, total);
  if (!block)
    return nullptr;
  auto *mi = static_cast<PyriteMemInfo *>(block);
  mi->refcount = 1;
  mi->data = static_cast<char *>(block) + 64;
  mi->size = size_t(bytes);
  mi->dtor = nullptr;
  // Between the header and the data, and after the data: never an element.
  PYRITE_POISON(static_cast<char *>(block) + sizeof(PyriteMemInfo), 64 - sizeof(PyriteMemInfo));
  PYRITE_POISON(static_cast<char *>(mi->data) + bytes, total - 64 - size_t(bytes));
  advise_huge_pages(mi->data, size_t(bytes));
  g_live.fetch_add(1, std::memory_order_relaxed);
  return mi;
}

PyriteMemInfo *pyrite_rt_meminfo_alloc_small(int64_t bytes) {
  static_assert(sizeof(PyriteMemInfo) == 32, "the small header is the meminfo itself");
  if (bytes < 0 || uint64_t(bytes) > (uint64_t(1) << 62))
    return nullptr;
  void *block = std::malloc(32 + size_t(bytes));
  if (!block)
    return nullptr;
  auto *mi = static_cast<PyriteMemInfo *>(block);
  mi->refcount = 1;
  mi->data = static_cast<char *>(block) + 32;
  mi->size = size_t(bytes);
  mi->dtor = nullptr;
  g_live.fetch_add(1, std::memory_order_relaxed);
  return mi;
}

void pyrite_rt_meminfo_free(PyriteMemInfo *mi) {
  if (mi->dtor)
    mi->dtor(mi->data);
  g_live.fetch_sub(1, std::memory_order_relaxed);
  if (mi->data == reinterpret_cast<char *>(mi) + 64) // an aligned block: padding poisoned
    PYRITE_UNPOISON(mi, 64 + ((mi->size + 63) & ~size_t(63)));
  std::free(mi);
}

void pyrite_rt_raise(const char *cls, const char *message) {
  t_error.set = true;
  t_error.cls = cls;
  t_error.constant = message;
}

const char *pyrite_rt_take_pending(const char **message, int32_t *is_constant) {
  if (!t_error.set)
    return nullptr;
  t_error.set = false;
  *is_constant = t_error.constant != nullptr;
  if (t_error.constant) {
    *message = t_error.shown();
  } else {
    std::swap(t_caught_message, t_error.message);
    const char *text = t_caught_message.c_str();
    *message = text + (text[0] == PYRITE_INT_ARGUMENT);
  }
  return t_error.cls;
}

void pyrite_rt_report_unraisable(const char *where) {
  if (!t_error.set)
    return;
  t_error.set = false;
  std::fprintf(stderr, "Exception ignored in %s:\n%s%s%s\n", where,
               raised_class(t_error.cls).c_str(), *t_error.shown() ? ": " : "",
               t_error.shown());
}

void pyrite_rt_raise_values(const char *cls, const char *message, int64_t v0, int64_t v1,
                            int64_t v2) {
  const int64_t values[3] = {v0, v1, v2};
  std::string &text = t_error.message; // built in place: its buffer is reused
  text.clear();
  for (const char *p = message; *p; ++p) {
    if (p[0] == '{' && p[1] >= '0' && p[1] <= '2' && p[2] == '}') {
      text += std::to_string(values[p[1] - '0']);
      p += 2;
    } else {
      text += *p;
    }
  }
  t_error.set = true;
  t_error.cls = cls;
  t_error.constant = nullptr;
}

void pyrite_rt_raise_text(const char *cls, const void *data, int64_t length, int64_t kind) {
  std::string &text = t_error.message; // built in place: its buffer is reused
  text.clear();
  for (int64_t k = 0; k < length; ++k) {
    uint32_t c = kind == 1   ? static_cast<const uint8_t *>(data)[k]
                 : kind == 2 ? static_cast<const uint16_t *>(data)[k]
                             : static_cast<const uint32_t *>(data)[k];
    if (c < 0x80) {
      text += char(c);
    } else if (c < 0x800) {
      text += char(0xC0 | (c >> 6));
      text += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      text += char(0xE0 | (c >> 12));
      text += char(0x80 | ((c >> 6) & 0x3F));
      text += char(0x80 | (c & 0x3F));
    } else {
      text += char(0xF0 | (c >> 18));
      text += char(0x80 | ((c >> 12) & 0x3F));
      text += char(0x80 | ((c >> 6) & 0x3F));
      text += char(0x80 | (c & 0x3F));
    }
  }
  t_error.set = true;
  t_error.cls = cls;
  t_error.constant = nullptr;
}

PyriteRng *pyrite_rt_rng_state(int32_t which) {
  PyriteRng *rng = &t_rngs.rng[which & 1];
  if (t_chunk.active && !t_chunk.seeded[which & 1]) {
    // A chunk's first draw: its own stream, the thread's put aside.
    t_chunk.saved[which & 1] = *rng;
    uint64_t key = t_chunk.bases[which & 1] ^ splitmix(uint64_t(t_chunk.chunk));
    pyrite_rt_rng_seed(rng, uint32_t(splitmix(key)));
    t_chunk.seeded[which & 1] = true;
    t_chunk.drew->fetch_or(1 << (which & 1), std::memory_order_relaxed);
  }
  return rng;
}

int64_t pyrite_rt_hash_str(const void *data, int64_t length, int64_t kind) {
  // Hashed as CPython stores the text: in its narrowest kind.
  int64_t narrow = pyrite_narrowest_kind(data, length, kind);
  std::vector<char> copy;
  if (narrow != kind) {
    copy.resize(size_t(length * narrow));
    pyrite_narrow_copy(data, length, kind, copy.data(), narrow);
    data = copy.data();
  }
  int64_t nbytes = length * narrow;
  return g_bytes_hash ? g_bytes_hash(data, nbytes) : pyrite_fnv1a(data, nbytes);
}

void pyrite_rt_ufunc_error(void) {
  if (g_ufunc_error)
    g_ufunc_error();
}

void pyrite_rt_print(int32_t kind, int64_t i, double f, const char *s) {
  if (g_print_sink)
    g_print_sink(kind, i, f, s);
}

} // extern "C"

namespace pyrite::runtime {

void set_print_sink(PrintSink sink) { g_print_sink = sink; }
void set_adopt_hook(AdoptHook hook) { g_adopt = hook; }
void set_object_mode_hook(ObjectModeHook hook) { g_object_mode = hook; }

void set_bytes_hash(BytesHash hash) { g_bytes_hash = hash; }


void *lookup_symbol(const char *name) {
  struct Entry {
    const char *name;
    void *address;
  };
  static const Entry table[] = {
      {"pyrite_rt_meminfo_alloc", reinterpret_cast<void *>(&pyrite_rt_meminfo_alloc)},
      {"pyrite_rt_meminfo_free", reinterpret_cast<void *>(&pyrite_rt_meminfo_free)},
      {"pyrite_rt_meminfo_alloc_small", reinterpret_cast<void *>(&pyrite_rt_meminfo_alloc_small)},
      {"pyrite_rt_raise", reinterpret_cast<void *>(&pyrite_rt_raise)},
      {"pyrite_rt_raise_values", reinterpret_cast<void *>(&pyrite_rt_raise_values)},
      {"pyrite_rt_raise_text", reinterpret_cast<void *>(&pyrite_rt_raise_text)},
      {"pyrite_rt_report_unraisable", reinterpret_cast<void *>(&pyrite_rt_report_unraisable)},
      {"pyrite_rt_take_pending", reinterpret_cast<void *>(&pyrite_rt_take_pending)},
      {"pyrite_rt_rng_state", reinterpret_cast<void *>(&pyrite_rt_rng_state)},
      {"pyrite_rt_rng_seed", reinterpret_cast<void *>(&pyrite_rt_rng_seed)},
      {"pyrite_rt_rng_refill", reinterpret_cast<void *>(&pyrite_rt_rng_refill)},
      {"pyrite_rt_print", reinterpret_cast<void *>(&pyrite_rt_print)},
      {"pyrite_rt_adopt", reinterpret_cast<void *>(&pyrite_rt_adopt)},
      {"pyrite_rt_objmode", reinterpret_cast<void *>(&pyrite_rt_objmode)},
      {"pyrite_rt_float_repr", reinterpret_cast<void *>(&pyrite_rt_float_repr)},
      {"pyrite_rt_format_float", reinterpret_cast<void *>(&pyrite_rt_format_float)},
      {"pyrite_rt_parse_float", reinterpret_cast<void *>(&pyrite_rt_parse_float)},
      {"pyrite_rt_list_new", reinterpret_cast<void *>(&pyrite_rt_list_new)},
      {"pyrite_rt_list_reserve", reinterpret_cast<void *>(&pyrite_rt_list_reserve)},
      {"pyrite_rt_list_delete", reinterpret_cast<void *>(&pyrite_rt_list_delete)},
      {"pyrite_rt_list_open", reinterpret_cast<void *>(&pyrite_rt_list_open)},
      {"pyrite_rt_unicode_flags", reinterpret_cast<void *>(&pyrite_rt_unicode_flags)},
      {"pyrite_rt_unicode_case", reinterpret_cast<void *>(&pyrite_rt_unicode_case)},
      {"pyrite_rt_hash_str", reinterpret_cast<void *>(&pyrite_rt_hash_str)},
      {"pyrite_rt_parallel_chunks", reinterpret_cast<void *>(&pyrite_rt_parallel_chunks)},
      {"pyrite_rt_parallel_for", reinterpret_cast<void *>(&pyrite_rt_parallel_for)},
      {"pyrite_rt_thread_id", reinterpret_cast<void *>(&pyrite_rt_thread_id)},
      {"pyrite_rt_num_threads", reinterpret_cast<void *>(&pyrite_rt_num_threads)},
      {"pyrite_rt_ufunc_error", reinterpret_cast<void *>(&pyrite_rt_ufunc_error)},
      {"pyrite_rt_set_num_threads", reinterpret_cast<void *>(&pyrite_rt_set_num_threads)},
      {"pyrite_rt_max_threads", reinterpret_cast<void *>(&pyrite_rt_max_threads)},
      {"pyrite_rt_set_parallel_chunksize",
       reinterpret_cast<void *>(&pyrite_rt_set_parallel_chunksize)},
      {"pyrite_rt_parallel_chunksize", reinterpret_cast<void *>(&pyrite_rt_parallel_chunksize)},
  };
  for (const Entry &e : table)
    if (std::strcmp(e.name, name) == 0)
      return e.address;
  return nullptr;
}

bool take_error(std::string &cls, std::string &message) {
  if (!t_error.set)
    return false;
  t_error.set = false;
  cls = raised_class(t_error.cls);
  message = t_error.text();
  return true;
}

CarriedError take_pending_error() {
  CarriedError e;
  if (!t_error.set)
    return e;
  e.set = true;
  e.cls = t_error.cls;
  e.message = t_error.text();
  t_error.set = false;
  return e;
}

void restore_pending_error(CarriedError error) {
  t_error.set = error.set;
  t_error.cls = error.cls;
  t_error.constant = nullptr;
  t_error.message = std::move(error.message);
}

void region_stream_bases(uint64_t bases[2]) {
  for (int w : {0, 1}) {
    const PyriteRng &r = t_rngs.rng[w];
    uint64_t h = splitmix(uint64_t(uint32_t(r.index)) + uint64_t(w));
    for (int k : {0, 1, 311, 623})
      h = splitmix(h ^ r.mt[k]);
    bases[w] = h;
  }
}

void begin_chunk_streams(const uint64_t bases[2], int64_t chunk, std::atomic<int> *drew) {
  t_chunk.active = true;
  t_chunk.bases[0] = bases[0];
  t_chunk.bases[1] = bases[1];
  t_chunk.chunk = chunk;
  t_chunk.drew = drew;
  t_chunk.seeded[0] = t_chunk.seeded[1] = false;
}

bool in_chunk_streams() { return t_chunk.active; }

void end_chunk_streams() {
  for (int w : {0, 1})
    if (t_chunk.seeded[w])
      t_rngs.rng[w] = t_chunk.saved[w];
  t_chunk.active = false;
}

void advance_streams(int drew) {
  for (int w : {0, 1}) { // one number drawn and dropped
    PyriteRng &r = t_rngs.rng[w];
    if (!(drew & (1 << w)))
      continue;
    if (r.index >= 624)
      pyrite_rt_rng_refill(&r);
    ++r.index;
  }
}

void set_ufunc_error_hook(UfuncErrorHook hook) { g_ufunc_error = hook; }

void set_gil_hooks(GilRelease release, GilRestore restore) {
  g_gil_release = release;
  g_gil_restore = restore;
}
void *release_gil() { return g_gil_release ? g_gil_release() : nullptr; }
void restore_gil(void *state) {
  if (state && g_gil_restore)
    g_gil_restore(state);
}

int64_t live_allocations() { return g_live.load(std::memory_order_relaxed); }

void release(void *meminfo) {
  auto *mi = static_cast<PyriteMemInfo *>(meminfo);
  if (mi && __atomic_sub_fetch(&mi->refcount, 1, __ATOMIC_ACQ_REL) == 0)
    pyrite_rt_meminfo_free(mi);
}

} // namespace pyrite::runtime
