//===- runtime/rt_host.h - the host runtime, seen from C++ ----------------===//
//
/// \file
/// C++ access to the host half of the runtime: the symbol table handed to
/// plugins, the thread's pending exception, and allocation counters for tests.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/pyrite_rt.h"

#include <atomic>
#include <cstdint>
#include <string>

namespace pyrite::runtime {

/// Address of host runtime function `name` ("pyrite_rt_..."), or nullptr.
void *lookup_symbol(const char *name);

/// Moves this thread's pending exception out; false when there is none.
bool take_error(std::string &exception_class, std::string &message);

/// MemInfos allocated by compiled code and not yet freed.
int64_t live_allocations();

/// Where print() output goes: the Python layer installs a sink that formats
/// values as Python does and writes to sys.stdout.
using PrintSink = void (*)(int32_t kind, int64_t i, double f, const char *s);
void set_print_sink(PrintSink sink);

/// How str text is hashed (pyrite_rt_hash_str): the Python layer installs
/// CPython's own, so hash(s) in compiled code is the interpreter's.
using BytesHash = int64_t (*)(const void *data, int64_t nbytes);
void set_bytes_hash(BytesHash hash);

/// pyrite_rt_adopt: the Python layer installs the function that makes a
/// meminfo holding a reference to a NumPy array.
using AdoptHook = PyriteMemInfo *(*)(void *parent);
void set_adopt_hook(AdoptHook hook);

/// pyrite_rt_objmode: the Python layer installs the function that runs an
/// objmode block in the interpreter.
using ObjectModeHook = int32_t (*)(void *fn, const void *input_types, const void *inputs,
                                   const void *output_types, void *outputs);
void set_object_mode_hook(ObjectModeHook hook);

/// An exception raised on one thread, carried to another (parallel regions
/// raise in their chunks' threads what the starting thread must raise).
struct CarriedError {
  bool set = false;
  const char *cls = nullptr; ///< the class chain, a module constant
  std::string message;
};
CarriedError take_pending_error();
void restore_pending_error(CarriedError error);

/// Random streams in parallel regions: each chunk draws from generators of
/// its own, seeded from the region's bases and the chunk's index, so a
/// region gives the same numbers for the same seed and thread count
/// whichever thread runs which chunk. region_stream_bases() hashes each of
/// the calling thread's generators (so seeding one makes its chunk streams
/// reproducible); after a region whose chunks drew from generator w (bit w
/// of `drew`), advance_streams(drew) moves that one on, so the next region
/// differs.
void region_stream_bases(uint64_t bases[2]);
void begin_chunk_streams(const uint64_t bases[2], int64_t chunk, std::atomic<int> *drew);
void end_chunk_streams();
void advance_streams(int drew);
/// Whether this thread runs a chunk with streams of its own now.
bool in_chunk_streams();

/// How the thread that starts a region lets go of Python's GIL meanwhile:
/// `release` returns what `restore` takes back (null: it did not hold it).
using GilRelease = void *(*)();
using GilRestore = void (*)(void *);
void set_gil_hooks(GilRelease release, GilRestore restore);
void *release_gil();
void restore_gil(void *state);

/// Threads for parallel regions (numba.set_num_threads): per calling thread,
/// 1 .. max_threads() (NUMBA_NUM_THREADS); the chunk size too (0: static
/// scheduling, a chunk per thread).
int max_threads();
void set_max_threads(int n);
void set_num_threads(int n);
void set_parallel_chunksize(int64_t n);
int64_t parallel_chunksize();

/// pyrite_rt_ufunc_error: the Python layer installs what sets the error.
using UfuncErrorHook = void (*)();
void set_ufunc_error_hook(UfuncErrorHook hook);

/// Drops one reference from a MemInfo (for the owners of returned arrays).
void release(void *meminfo);

} // namespace pyrite::runtime
