//===- runtime/rt_parallel.cpp - parallel regions on TBB ------------------===//
//
// The host runtime's half of parallel regions (pyrite_rt.h): a prange loop's
// iterations split into chunks, run by tbb::parallel_for inside a
// tbb::task_arena of get_num_threads() threads. Chunk boundaries depend on
// the iteration count, the thread count and the chunk size only, never on
// timing, so reductions combine the same partial values on every run. As in
// Numba, the default schedule is static (a chunk per thread, the same thread
// each time: its data stays in its cache); set_parallel_chunksize(n) makes
// it dynamic (chunks of n iterations taken by whichever thread is free).
//
//===----------------------------------------------------------------------===//
#include "runtime/pyrite_rt.h"
#include "runtime/rt_host.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#ifdef __linux__
#include <sched.h>
#endif

namespace {

/// NUMBA_NUM_THREADS (or PYRITE_NUM_THREADS), else the CPUs this process
/// may run on, as numba.config reads them (the Python layer sets it again
/// from config when it changes).
int default_max_threads() {
  for (const char *name : {"NUMBA_NUM_THREADS", "PYRITE_NUM_THREADS"})
    if (const char *text = std::getenv(name); text && *text) {
      int n = std::atoi(text);
      if (n >= 1)
        return n;
    }
#ifdef __linux__
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return CPU_COUNT(&set);
#endif
  return int(std::max(1u, std::thread::hardware_concurrency()));
}

std::atomic<int> g_max_threads{default_max_threads()};
/// Numba's set_parallel_chunksize and set_num_threads: per calling thread.
thread_local int64_t t_chunksize = 0;
thread_local int t_num_threads = 0; ///< 0: max_threads()
/// Inside a chunk: the thread count of the region's starting thread.
thread_local int t_region_threads = 0;

int current_threads() {
  if (t_region_threads)
    return t_region_threads;
  return t_num_threads ? t_num_threads : g_max_threads.load(std::memory_order_relaxed);
}

/// One arena per thread count asked for, made on first use and kept.
tbb::task_arena &arena(int threads) {
  static std::mutex mutex;
  static std::map<int, std::unique_ptr<tbb::task_arena>> arenas;
  std::lock_guard<std::mutex> lock(mutex);
  auto &a = arenas[threads];
  if (!a)
    a = std::make_unique<tbb::task_arena>(threads);
  return *a;
}

/// The state a region's chunks share.
struct Region {
  PyriteChunkFn chunk;
  void *env;
  int64_t n, nchunks;
  int threads;
  uint64_t stream_bases[2];
  std::atomic<int> drew{0}; ///< bit w: some chunk drew from random generator w
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  pyrite::runtime::CarriedError error; ///< the first chunk's that raised

  int64_t bound(int64_t k) const { return int64_t(__int128(n) * k / nchunks); }

  void run(int64_t k) {
    if (failed.load(std::memory_order_relaxed))
      return; // an earlier chunk raised: the rest are skipped
    int saved_threads = t_region_threads;
    t_region_threads = threads;
    // A region inside a chunk draws from that chunk's streams.
    bool own_streams = !pyrite::runtime::in_chunk_streams();
    if (own_streams)
      pyrite::runtime::begin_chunk_streams(stream_bases, k, &drew);
    int32_t status = chunk(env, bound(k), bound(k + 1), k);
    if (own_streams)
      pyrite::runtime::end_chunk_streams();
    t_region_threads = saved_threads;
    if (status != 0) {
      pyrite::runtime::CarriedError e = pyrite::runtime::take_pending_error();
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!failed.exchange(true))
        error = std::move(e);
    }
  }
};

} // namespace

extern "C" {

int64_t pyrite_rt_parallel_chunks(int64_t n) {
  if (n <= 0)
    return 0;
  int64_t size = t_chunksize;
  // Numba's schedule: by default static, one equal chunk per thread (each
  // thread keeps its rows in its cache from one region to the next); with
  // a chunk size, chunks of that size that free threads take in turn.
  int64_t chunks = size > 0 ? (n + size - 1) / size : int64_t(current_threads());
  return std::clamp<int64_t>(chunks, 1, std::min<int64_t>(n, PYRITE_MAX_CHUNKS));
}

int32_t pyrite_rt_parallel_for(PyriteChunkFn chunk, void *env, int64_t n, int64_t nchunks) {
  if (nchunks <= 0)
    return 0;
  Region region;
  region.chunk = chunk;
  region.env = env;
  region.n = n;
  region.nchunks = nchunks;
  region.threads = current_threads();
  pyrite::runtime::region_stream_bases(region.stream_bases);
  // Inside a chunk already (a prange in a function a prange calls), or with
  // one thread: the chunks in order on this thread.
  if (t_region_threads || region.threads == 1 || nchunks == 1) {
    for (int64_t k = 0; k < nchunks; ++k)
      region.run(k);
  } else {
    void *gil = pyrite::runtime::release_gil();
    auto run = [&](const tbb::blocked_range<int64_t> &r) {
      for (int64_t k = r.begin(); k != r.end(); ++k)
        region.run(k);
    };
    bool dynamic = t_chunksize > 0; // (as pyrite_rt_parallel_chunks read it, on this thread)
    arena(region.threads).execute([&] {
      tbb::blocked_range<int64_t> chunks(0, nchunks, 1);
      if (dynamic)
        tbb::parallel_for(chunks, run, tbb::simple_partitioner());
      else
        tbb::parallel_for(chunks, run, tbb::static_partitioner());
    });
    pyrite::runtime::restore_gil(gil);
  }
  pyrite::runtime::advance_streams(region.drew.load());
  if (region.failed.load()) {
    pyrite::runtime::restore_pending_error(std::move(region.error));
    return 1;
  }
  return 0;
}

int32_t pyrite_rt_thread_id(void) {
  int k = tbb::this_task_arena::current_thread_index();
  return k < 0 ? 0 : int32_t(k);
}

int32_t pyrite_rt_num_threads(void) { return int32_t(current_threads()); }

int32_t pyrite_rt_max_threads(void) { return int32_t(g_max_threads.load()); }

int32_t pyrite_rt_set_num_threads(int64_t n) {
  if (n < 1 || n > g_max_threads.load())
    return 0;
  t_num_threads = int(n);
  return 1;
}

int64_t pyrite_rt_set_parallel_chunksize(int64_t n) {
  int64_t old = t_chunksize;
  t_chunksize = std::max<int64_t>(0, n);
  return old;
}

int64_t pyrite_rt_parallel_chunksize(void) { return t_chunksize; }

} // extern "C"

namespace pyrite::runtime {

int max_threads() { return g_max_threads.load(); }
void set_max_threads(int n) { g_max_threads.store(std::max(1, n)); }
void set_num_threads(int n) { t_num_threads = n; }
void set_parallel_chunksize(int64_t n) { pyrite_rt_set_parallel_chunksize(n); }
int64_t parallel_chunksize() { return t_chunksize; }

} // namespace pyrite::runtime
