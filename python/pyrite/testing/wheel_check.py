"""Checks that an installed pyrite is self-contained: it compiles and runs
code, and everything native it loads comes from its own package.

A wheel (pyproject.toml, cmake/PyriteLLVM.cmake) carries LLVM linked into
pyrite/libpyrite-llvm.so, and TBB and zstd beside it. ci/wheel.sh installs
one into a fresh virtual environment and runs

    python -m pyrite.testing.wheel_check

which compiles and runs serial and parallel (TBB) code, compiles a CUDA
kernel to PTX when the CUDA plugin is present, and then reads
/proc/self/maps: any LLVM, TBB or zstd library mapped from outside the
package (the system's libLLVM.so.22 or libtbb.so.12, say) is a failure, as
is a bundled library that never loaded. With --foreign-plugin PATH it
instead checks that a plugin linked to another shared LLVM is refused.
Exits 1 with the reasons.
"""
import argparse
import os
import re
import sys

import numpy as np

import pyrite
from pyrite import njit, prange

try:
    from pyrite import cuda
except ImportError as e:  # the CUDA plugin is built only with the toolkit
    cuda = None
    _no_cuda = e

# Libraries the package must bring itself: (its copy's file name, any
# library of that kind). Its copy must be mapped, from the package; any
# other of the kind (the system's libLLVM.so.22, libtbb.so.12) must not.
BUNDLED = {
    "LLVM": (re.compile(r"^libpyrite-llvm\.so"), re.compile(r"^lib(pyrite-llvm|LLVM)[-.]")),
    "TBB": (re.compile(r"^libpyrite-tbb\.so"), re.compile(r"^lib(pyrite-)?tbb\.so")),
    "zstd": (re.compile(r"^libpyrite-zstd\.so"), re.compile(r"^lib(pyrite-)?zstd\.so")),
}


@njit
def _serial(a):
    total = 0.0
    for i in range(a.shape[0]):
        total += np.sqrt(a[i]) * 0.5
    return total


@njit(parallel=True)
def _parallel(a):
    total = 0.0
    for i in prange(a.shape[0]):
        total += np.sqrt(a[i]) * 0.5
    return total


def _saxpy(a, x, y, out):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a * x[i] + y[i]


def check_compiles():
    """Compiles and runs code; returns the failures."""
    failures = []
    a = np.linspace(0.0, 100.0, 100_001)
    expected = float(np.sum(np.sqrt(a) * 0.5))
    for name, fn in (("serial", _serial), ("parallel (TBB)", _parallel)):
        got = fn(a)
        if not np.isclose(got, expected, rtol=1e-12):
            failures.append(f"{name} loop gave {got}, NumPy {expected}")
    if pyrite.config.NUMBA_NUM_THREADS < 1:
        failures.append("no threads")
    if cuda is None:
        print(f"wheel_check: no CUDA target ({_no_cuda})")
        return failures
    try:
        ptx, _ = cuda.compile_ptx(_saxpy, "void(float32, float32[:], float32[:], float32[:])",
                                  cc=(8, 0))
    except Exception as e:  # noqa: BLE001 - reported, not raised
        failures.append(f"CUDA: compile_ptx failed: {type(e).__name__}: {e}")
    else:
        if ".entry _saxpy" not in ptx or "ld.global" not in ptx:
            failures.append("CUDA: compile_ptx gave no saxpy kernel")
    return failures


def mapped_libraries():
    """Paths of the shared objects this process has mapped."""
    paths = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            fields = line.split(maxsplit=5)
            if len(fields) == 6 and ".so" in fields[5]:
                paths.add(fields[5].strip())
    return paths


def check_libraries(package_dir):
    """Failures: bundled kinds mapped from elsewhere, or never mapped."""
    failures = []
    mapped = mapped_libraries()
    for kind, (copy, any_of_kind) in BUNDLED.items():
        names = {p: os.path.basename(p) for p in mapped}
        ours = [p for p, n in names.items() if copy.search(n)
                and p.startswith(package_dir + os.sep)]
        foreign = [p for p, n in names.items() if any_of_kind.search(n) and p not in ours]
        if foreign:
            failures.append(f"{kind} loaded from outside the package: {', '.join(sorted(foreign))}")
        if not ours:
            failures.append(f"the package's {kind} was never loaded (is it built self-contained?)")
    return failures


def check_foreign_plugin(path):
    """Failures: a plugin linked to another shared LLVM than the package's
    (a development build's, linked to the system's libLLVM) must be refused
    at load, naming the other LLVM (docs/plugin-abi.md, "One LLVM")."""
    from pyrite import _core
    try:
        _core.load_plugin(path)
    except ValueError as e:
        if "links another LLVM" in str(e):
            print(f"wheel_check: refused as it should be: {e}")
            return []
        return [f"{path} was refused for another reason: {e}"]
    return [f"{path} links another LLVM but was loaded"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--foreign-plugin", metavar="PATH",
                        help="instead: check that this plugin, linked to another shared LLVM, "
                             "is refused")
    args = parser.parse_args(argv)
    package_dir = os.path.dirname(os.path.realpath(pyrite.__file__))
    print(f"wheel_check: pyrite {pyrite.__version__} from {package_dir}")
    if args.foreign_plugin:
        failures = check_foreign_plugin(args.foreign_plugin)
    else:
        failures = check_compiles() + check_libraries(package_dir)
    for f in failures:
        print(f"wheel_check: FAIL: {f}")
    if failures:
        return 1
    if not args.foreign_plugin:
        print("wheel_check: ok: compiled serial, parallel and CUDA code; "
              "LLVM, TBB and zstd all came from the package")
    return 0


if __name__ == "__main__":
    sys.exit(main())
