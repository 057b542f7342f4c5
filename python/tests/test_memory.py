"""Memory stays flat: an array-returning function called 100,000 times
leaves pyrite's live allocations where they were and the process's resident
memory within a few MiB of where it was after a warm-up (a leak of one
result per call would be ~90 MiB here)."""
import gc
import os

import numpy as np

import pyrite


def _rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def make(n, x):
    a = np.zeros(n)
    b = a + x
    c = b[1:]
    c *= 2.0
    cur, nxt = a, b
    for _ in range(3):
        cur, nxt = nxt, cur
    return cur + c.sum()


def test_100k_calls_keep_memory_flat():
    f = pyrite.njit(make)
    for _ in range(10_000):  # warm-up: compile, let the allocator settle
        f(100, 1.5)
    gc.collect()
    live = pyrite._core.live_allocations()
    rss = _rss_bytes()
    for _ in range(100_000):
        out = f(100, 1.5)
    del out
    gc.collect()
    assert pyrite._core.live_allocations() == live
    grown = _rss_bytes() - rss
    assert grown < 8 * 2**20, f"resident memory grew by {grown / 2**20:.1f} MiB"
    np.testing.assert_array_equal(f(4, 1.0), make(4, 1.0))
