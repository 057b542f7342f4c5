"""`numba.config`: settings read from the environment variables Numba reads.

NUMBA_NUM_THREADS (or PYRITE_NUM_THREADS): threads for parallel regions;
NUMBA_DISABLE_JIT=1: @jit/@njit return the Python function unchanged;
NUMBA_CACHE_DIR: where cache=True would store compiled code;
NUMBA_BOUNDSCHECK: 1 forces bounds checks on, 0 off (unset: per function);
NUMBA_OPT: LLVM optimization level (0-3).
Read once at import, as Numba does; assign the attributes to change them.
"""
import os


def _int(name, default, alias=None):
    for key in (name, alias):
        if key and os.environ.get(key, "").strip():
            return int(os.environ[key])
    return default


def _cpu_count():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


NUMBA_DEFAULT_NUM_THREADS = _cpu_count()
NUMBA_NUM_THREADS = _int("NUMBA_NUM_THREADS", NUMBA_DEFAULT_NUM_THREADS, "PYRITE_NUM_THREADS")
if NUMBA_NUM_THREADS < 1:
    raise ValueError(f"NUMBA_NUM_THREADS (or PYRITE_NUM_THREADS) must be at least 1, "
                     f"not {NUMBA_NUM_THREADS}")
DISABLE_JIT = bool(_int("NUMBA_DISABLE_JIT", 0))
CACHE_DIR = os.environ.get("NUMBA_CACHE_DIR", "")
BOUNDSCHECK = _int("NUMBA_BOUNDSCHECK", None) if os.environ.get("NUMBA_BOUNDSCHECK") else None
OPT = _int("NUMBA_OPT", 3)
DEBUG = bool(_int("NUMBA_DEBUG", 0))
THREADING_LAYER = os.environ.get("NUMBA_THREADING_LAYER", "tbb")
ENABLE_CUDASIM = bool(_int("NUMBA_ENABLE_CUDASIM", 0))
DISABLE_PERFORMANCE_WARNINGS = bool(_int("NUMBA_DISABLE_PERFORMANCE_WARNINGS", 0))
