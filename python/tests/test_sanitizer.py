"""The sanitizer build (ci/sanitize.sh, docs/testing.md) sees memory errors
in the code pyrite generates, not only in its C++.

The overflow tests run only in a process that has the AddressSanitizer
runtime and PYRITE_SANITIZE_JIT=address (as ci/sanitize.sh runs pytest); each
runs the faulty code in a child process, which inherits that setup, and
expects it to die with ASan's report.
"""
import ctypes
import os
import subprocess
import sys
import textwrap

import pytest


def _asan_in_process():
    try:
        ctypes.CDLL(None).__asan_init
        return True
    except AttributeError:
        return False


ASAN = _asan_in_process()
requires_jit_asan = pytest.mark.skipif(
    not ASAN or os.environ.get("PYRITE_SANITIZE_JIT") != "address",
    reason="needs the ASan runtime and PYRITE_SANITIZE_JIT=address (bash ci/sanitize.sh)")

# Arrays that compiled code allocates come from pyrite_rt_meminfo_alloc:
# a 64-byte header, then the data rounded up to 64 bytes. np.empty(4) of
# float64 is 32 bytes of data in a 128-byte block, so index 8 is the first
# element past the block (4..7 are inside the rounding, invisible to ASan).
CHILD = textwrap.dedent("""
    import sys
    import numpy as np
    from pyrite import njit

    @njit
    def write(n, i):
        a = np.empty(n)
        a[:] = 0.0
        a[i] = 1.0
        return a

    @njit
    def read(n, i):
        a = np.zeros(n)
        return a[i]

    fn = write if sys.argv[1] == "write" else read
    fn(4, int(sys.argv[2]))
    print("finished")
""")


def run_child(*args, env=None):
    return subprocess.run([sys.executable, "-c", CHILD, *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env)


@requires_jit_asan
@pytest.mark.parametrize("kind, access", [("write", "WRITE"), ("read", "READ")])
def test_heap_overflow_in_generated_code_is_reported(kind, access):
    proc = run_child(kind, 8)
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "finished" not in proc.stdout
    assert "ERROR: AddressSanitizer: heap-buffer-overflow" in proc.stderr, proc.stderr
    assert f"{access} of size 8" in proc.stderr, proc.stderr
    assert "0 bytes after 128-byte region" in proc.stderr, proc.stderr
    # The block came from pyrite's runtime, the bad access from JIT code.
    assert "pyrite_rt_meminfo_alloc" in proc.stderr, proc.stderr


@requires_jit_asan
@pytest.mark.parametrize("kind", ["write", "read"])
def test_in_bounds_access_is_not_reported(kind):
    proc = run_child(kind, 3)
    assert proc.returncode == 0, proc.stderr
    assert "finished" in proc.stdout
    assert "AddressSanitizer" not in proc.stderr


@pytest.mark.skipif(ASAN, reason="the child needs an uninstrumented pyrite")
@pytest.mark.parametrize("value, message", [
    ("address", "needs the AddressSanitizer runtime in the process"),
    ("memory", "only 'address' is supported"),
])
def test_jit_sanitizer_setting_that_cannot_be_honoured_is_reported(value, message):
    env = dict(os.environ, PYRITE_SANITIZE_JIT=value)
    env.pop("LD_PRELOAD", None)
    proc = run_child("read", 3, env=env)
    assert proc.returncode != 0
    assert "CompilerError" in proc.stderr and message in proc.stderr, proc.stderr
