"""pyrite.aot: shared objects for this and other CPU targets.

The x86_64 object is loaded with ctypes and compared with CPython; the
aarch64 and ppc64le objects are checked for their ELF machine and, when
qemu-user and a cross compiler are present, run under qemu against the same
CPython results.
"""
import ctypes
import math
import os
import random
import shutil
import subprocess
import textwrap

import numpy as np
import pytest

import pyrite.aot
from pyrite import errors


def hyp(x, y):
    return math.sqrt(x * x + y * y) + math.sin(x)


def floordiv(a, b):
    return a // b


def seeded(n):
    random.seed(n)
    return random.random()


def total(a):
    s = 0.0
    for x in a:
        s += x
    return s


def ramp(n):
    out = np.empty(n)
    for i in range(n):
        out[i] = i * 0.5
    return out


ENTRIES = [("hyp", hyp, "float64(float64, float64)"),
           ("floordiv", floordiv, "int64(int64, int64)"),
           ("seeded", seeded, "float64(int64)"),
           ("total", total, "float64(float64[:])"),
           ("ramp", ramp, "float64[::1](int64)")]


def _ptrs(*values):
    return (ctypes.c_void_p * len(values))(*[ctypes.cast(ctypes.pointer(v), ctypes.c_void_p)
                                             for v in values])


class Array1D(ctypes.Structure):
    _fields_ = [("meminfo", ctypes.c_void_p), ("parent", ctypes.c_void_p),
                ("nitems", ctypes.c_int64), ("itemsize", ctypes.c_int64),
                ("data", ctypes.c_void_p), ("shape", ctypes.c_int64 * 1),
                ("strides", ctypes.c_int64 * 1)]


@pytest.fixture(scope="module")
def native(tmp_path_factory):
    path = tmp_path_factory.mktemp("aot") / "libk.so"
    info = pyrite.aot.compile_for("x86_64", ENTRIES, path)
    return ctypes.CDLL(str(path)), info


def test_exports_describe_signatures(native):
    _, info = native
    assert info["hyp"] == {"args": ["float64", "float64"], "return": "float64"}
    assert info["total"]["args"] == ["array(float64, 1d, A)"]
    assert info["ramp"]["return"] == "array(float64, 1d, C)"


def test_scalars_match_cpython(native):
    lib, _ = native
    ret = ctypes.c_double()
    assert lib.hyp(ctypes.byref(ret), _ptrs(ctypes.c_double(3.0), ctypes.c_double(4.0))) == 0
    assert ret.value == hyp(3.0, 4.0)
    out = ctypes.c_int64()
    assert lib.floordiv(ctypes.byref(out), _ptrs(ctypes.c_int64(-7), ctypes.c_int64(2))) == 0
    assert out.value == -7 // 2


def test_exception_is_reported(native):
    lib, _ = native
    out = ctypes.c_int64()
    assert lib.floordiv(ctypes.byref(out), _ptrs(ctypes.c_int64(1), ctypes.c_int64(0))) != 0
    cls, msg = ctypes.c_char_p(), ctypes.c_char_p()
    assert lib.pyrite_aot_take_error(ctypes.byref(cls), ctypes.byref(msg)) == 1
    assert (cls.value, msg.value) == (b"ZeroDivisionError", b"integer division by zero")
    assert lib.pyrite_aot_take_error(ctypes.byref(cls), ctypes.byref(msg)) == 0


def test_seeded_random_matches_numpy_legacy(native):
    lib, _ = native
    ret = ctypes.c_double()
    lib.seeded(ctypes.byref(ret), _ptrs(ctypes.c_int64(42)))
    np.random.seed(42)
    assert ret.value == np.random.random()


def test_arrays_in_and_out(native):
    lib, _ = native
    a = np.arange(10.0)[::3]
    arr = Array1D(None, None, a.size, 8, a.ctypes.data, (ctypes.c_int64 * 1)(a.shape[0]),
                  (ctypes.c_int64 * 1)(a.strides[0]))
    ret = ctypes.c_double()
    assert lib.total(ctypes.byref(ret), _ptrs(arr)) == 0
    assert ret.value == total(a)
    out = Array1D()
    assert lib.ramp(ctypes.byref(out), _ptrs(ctypes.c_int64(5))) == 0
    got = np.ctypeslib.as_array(ctypes.cast(out.data, ctypes.POINTER(ctypes.c_double)),
                                shape=(out.shape[0],)).copy()
    assert np.array_equal(got, ramp(5)) and out.meminfo
    lib.pyrite_aot_release(ctypes.c_void_p(out.meminfo))


def test_unknown_target_and_bad_signature():
    with pytest.raises(errors.CompilerError, match="no target plugin provides 'vax'"):
        pyrite.aot.compile_for("vax", ENTRIES[:1], "/tmp/never.so")
    with pytest.raises(TypeError, match="unknown type"):
        pyrite.aot.compile_for("x86_64", [("hyp", hyp, "float64(float65, float64)")],
                               "/tmp/never.so")


def test_typing_errors_name_the_source(tmp_path):
    def bad(x):
        return x + "text"
    with pytest.raises(errors.TypingError, match="test_aot.py"):
        pyrite.aot.compile_for("x86_64", [("bad", bad, "int64(int64)")], tmp_path / "b.so")


def test_foreign_targets_cannot_run_in_process():
    with pytest.raises(errors.CompilerError, match="pyrite.aot.compile_for"):
        pyrite.jit("float64(float64, float64)", target="aarch64")(hyp)


CROSS = [("aarch64", "aarch64-linux-gnu", "qemu-aarch64", 183),
         ("ppc64le", "powerpc64le-linux-gnu", "qemu-ppc64le", 21)]

DRIVER = textwrap.dedent("""
    #include <dlfcn.h>
    #include <stdint.h>
    #include <stdio.h>
    typedef int32_t (*entry)(void *, void **);
    int main(int argc, char **argv) {
      void *h = dlopen(argv[1], RTLD_NOW);
      if (!h) { printf("dlopen failed: %s\\n", dlerror()); return 1; }
      double x = 3.0, y = 4.0, r = 0; void *a[2] = {&x, &y};
      if (((entry)dlsym(h, "hyp"))(&r, a)) return 2;
      printf("%a\\n", r);
      int64_t seed = 42; void *b[1] = {&seed};
      if (((entry)dlsym(h, "seeded"))(&r, b)) return 3;
      printf("%a\\n", r);
      return 0;
    }
""")


@pytest.mark.parametrize("target,triple,qemu,machine", CROSS)
def test_cross_objects(tmp_path, target, triple, qemu, machine):
    path = tmp_path / f"lib{target}.so"
    pyrite.aot.compile_for(target, ENTRIES, path)
    header = path.read_bytes()[:20]
    assert header[:4] == b"\x7fELF" and int.from_bytes(header[18:20], "little") == machine
    clang = shutil.which("clang-22")
    if not (shutil.which(qemu) and clang and os.path.isdir(f"/usr/{triple}")):
        pytest.skip(f"{qemu}, clang-22 or the {triple} libc is not installed")
    (tmp_path / "driver.c").write_text(DRIVER)
    exe = tmp_path / "driver"
    subprocess.run([clang, f"--target={triple}", "-fuse-ld=lld", "-O1", str(tmp_path / "driver.c"),
                    "-o", str(exe), "-ldl"], check=True)
    out = subprocess.run([qemu, "-L", f"/usr/{triple}", str(exe), str(path)],
                         capture_output=True, text=True, check=True, timeout=120).stdout.split()
    np.random.seed(42)
    assert [float.fromhex(v) for v in out] == [hyp(3.0, 4.0), np.random.random()]
