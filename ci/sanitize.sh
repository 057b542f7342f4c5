#!/usr/bin/env bash
# The sanitizer job: builds everything (core, runtime, plugins, extension,
# GoogleTest suites) with AddressSanitizer + UndefinedBehaviorSanitizer into
# build-asan/ (build/ is left alone), then runs the GoogleTest suites, the
# pytest suite with JIT-compiled code instrumented too (PYRITE_SANITIZE_JIT),
# and a fuzzer batch when python/pyrite/testing/fuzz exists. Any sanitizer
# report fails the job. See docs/testing.md.
#
#   bash ci/sanitize.sh               # everything
#   bash ci/sanitize.sh -k arrays     # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."
# ci/setup.sh has installed the rest; clang-22 does not pull in its
# sanitizer runtimes.
if ! dpkg -s libclang-rt-22-dev >/dev/null 2>&1; then
  echo "ci/sanitize.sh: installing libclang-rt-22-dev"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libclang-rt-22-dev >/dev/null
fi
PYTHON=${PYTHON:-python3}
PYEXE=$("$PYTHON" -c 'import sys; print(sys.executable)')
BUILD=${PYRITE_SANITIZE_BUILD:-build-asan}
# PYRITE_BUILD_LOCK=/path: hold this lock (flock) while configuring and building.
lock=()
[ -n "${PYRITE_BUILD_LOCK:-}" ] && lock=(flock "$PYRITE_BUILD_LOCK")

# One set of options for the build (gtest_discover_tests runs the test
# binaries) and every run. Python and NumPy are not instrumented and keep
# what they allocate until exit: no leak checking. PYTHONMALLOC=malloc sends
# every Python object through ASan's allocator, so the extension's misuse of
# objects is caught too. A report ends in abort() (SIGABRT), so a child
# process that crashes still dies by a signal, as tests expect; ASan also
# prints the stack of any other abort() (a failed assert() or
# _GLIBCXX_ASSERTIONS check, which print none of their own). No core
# files: ulimit, as ASan's own disable_coredump sets a limit of 1 byte and
# qemu-user then leaves 1-byte guest cores in the working directory.
ulimit -c 0
export ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=1:handle_abort=1:disable_coredump=0:allocator_may_return_null=1:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-/usr/lib/llvm-22/bin/llvm-symbolizer}

start=$SECONDS
"${lock[@]}" cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
  -DPYRITE_SANITIZE=address,undefined \
  -DPython3_EXECUTABLE="$PYEXE" \
  -Dpybind11_DIR="$("$PYEXE" -c 'import pybind11; print(pybind11.get_cmake_dir())')" >/dev/null
"${lock[@]}" cmake --build "$BUILD"
echo "== sanitize: build took $((SECONDS - start)) s"

# Each stage runs even when an earlier one failed; the job fails at the end.
failed=()
echo "== sanitize: GoogleTest suites"
start=$SECONDS
ctest --test-dir "$BUILD" -E '^pytest$' --output-on-failure -j 2 || failed+=(GoogleTest)
echo "== sanitize: GoogleTest took $((SECONDS - start)) s"

# Python is not instrumented: the runtime goes in first, through LD_PRELOAD
# (children inherit it, so subprocess tests run instrumented as well).
export LD_PRELOAD=$(cat "$BUILD/sanitizer-runtime.txt")
export PYRITE_SANITIZE_JIT=address
export PYTHONMALLOC=malloc
export PYTHONPATH=$PWD/$BUILD/python

echo "== sanitize: pytest (C++ and JIT code under ASan)"
start=$SECONDS
# --capture=sys: with pytest's default fd capture, a report written just
# before the process aborts would vanish with the capture file.
# test_memory's resident-memory bound cannot hold here: ASan keeps freed
# blocks in its quarantine (256 MiB by default) to catch use after free.
# PYRITE_FUZZ_COUNT=0: test_fuzz's 2,000-program batch already ran in the
# plain build; the fuzzer batch below is the one under ASan.
# Every test function runs, on every sixth case of each parametrized one
# (PYRITE_TEST_SAMPLE, python/tests/conftest.py; every case ran in the plain
# build), on every core (pytest-xdist), to keep CI within its time.
workers=()
"$PYTHON" -c "import xdist" 2>/dev/null && workers=(-n "${PYRITE_SANITIZE_WORKERS:-auto}")
PYRITE_FUZZ_COUNT=0 PYRITE_TEST_SAMPLE=${PYRITE_TEST_SAMPLE:-6} \
  "$PYTHON" -m pytest -x -q -p no:cacheprovider --capture=sys "${workers[@]}" \
  --deselect python/tests/test_memory.py::test_100k_calls_keep_memory_flat \
  python/tests "$@" || failed+=(pytest)
echo "== sanitize: pytest took $((SECONDS - start)) s"

if [ -e python/pyrite/testing/fuzz/__main__.py ] || [ -e python/pyrite/testing/fuzz.py ]; then
  echo "== sanitize: fuzzer batch"
  start=$SECONDS
  "$PYTHON" -m pyrite.testing.fuzz --seed 1 --count "${PYRITE_SANITIZE_FUZZ_COUNT:-300}" \
    --jobs 2 || failed+=(fuzzer)
  echo "== sanitize: fuzzer took $((SECONDS - start)) s"
else
  echo "== sanitize: no pyrite.testing.fuzz yet, skipping the fuzzer batch"
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "== sanitize: FAILED: ${failed[*]}"
  exit 1
fi
echo "== sanitize: passed"
