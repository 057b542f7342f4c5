#!/usr/bin/env bash
# The test command: set up, build, run every test (GoogleTest suites of the
# core and the pytest suite, through ctest), then the conformance suite for
# each in-tree CPU target (aarch64 and ppc64le under qemu-user) and for the
# out-of-tree riscv64 example plugin, built against the installed SDK; the
# self-contained wheel in a fresh virtual environment (ci/wheel.sh); last,
# the same tests under AddressSanitizer + UBSan (ci/sanitize.sh; skipped
# with PYRITE_SANITIZE_CI=0). The main run uses PYTHON (default python3,
# CPython 3.11); GoogleTest, pytest and x86_64 conformance then run again
# for CPython 3.12 and 3.13 (ci/pythons.sh), whose IR for a corpus of
# programs must equal 3.11's.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup.sh
bash ci/build.sh
ctest --test-dir build --output-on-failure -j 2

PYTHON=${PYTHON:-python3}
reports=build/conformance
mkdir -p "$reports"
for target in x86_64 aarch64 ppc64le; do
  echo "== conformance: $target"
  PYTHONPATH=build/python "$PYTHON" -m pyrite.conformance --target "$target" \
    --json "$reports/$target.json"
done

echo "== out-of-tree plugin: riscv64"
RV_BUILD="$PWD/build/riscv64-plugin" PYRITE_SDK="$PWD/build/sdk-install" PYTHON="$PYTHON" \
  bash plugins/examples/riscv64/build.sh "$PWD/build"
echo "== conformance: riscv64"
PYRITE_PLUGIN_PATH="$PWD/build/riscv64-plugin" PYTHONPATH=build/python \
  "$PYTHON" -m pyrite.conformance --target riscv64 --json "$reports/riscv64.json"

# The wheel: built with LLVM linked statically and TBB bundled, installed
# into a fresh virtual environment, run with the system's LLVM and TBB
# hidden (ci/wheel.sh, docs/wheels.md).
echo "== the self-contained wheel"
PYTHON="$PYTHON" bash ci/wheel.sh

# The other supported CPython versions (3.12, 3.13; ci/pythons.sh finds
# them): each its own build directory, then GoogleTest + pytest and the
# x86_64 conformance suite. PYRITE_EXTRA_VERSIONS_CI=0 skips them.
# Every version must give the same IR for the same source: the untyped IR
# of 1000 generated programs and the fuzz regressions, diffed against 3.11's.
ir_dump=(-m pyrite.testing.ir_dump --seed 1 --count 1000 --files python/tests/fuzz_regressions)
if [ "${PYRITE_EXTRA_VERSIONS_CI:-1}" != 0 ]; then
  PYTHONPATH=build/python "$PYTHON" "${ir_dump[@]}" > build/ir-corpus.txt
  for py in $(bash ci/pythons.sh); do
    ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}{sys.version_info[1]}")')
    echo "== CPython ${ver:0:1}.${ver:1}: $py, build-py$ver"
    PYTHON="$py" bash ci/setup.sh
    PYTHON="$py" BUILD="build-py$ver" bash ci/build.sh
    # The 2,000-program fuzzer batch and every case of the pytest suite ran
    # on 3.11; these versions give the same IR for the generated programs
    # (checked below), so a tenth of the batch and every fifth case of each
    # parametrized test (PYRITE_TEST_SAMPLE, python/tests/conftest.py) run
    # here: every test function, on fewer inputs.
    PYRITE_FUZZ_COUNT=${PYRITE_FUZZ_COUNT_EXTRA_VERSIONS:-200} \
    PYRITE_TEST_SAMPLE=${PYRITE_TEST_SAMPLE_EXTRA_VERSIONS:-5} \
      ctest --test-dir "build-py$ver" --output-on-failure -j 2
    echo "== conformance: x86_64 on CPython ${ver:0:1}.${ver:1}"
    PYTHONPATH="build-py$ver/python" "$py" -m pyrite.conformance --target x86_64 \
      --json "build-py$ver/conformance-x86_64.json"
    echo "== the same IR as CPython 3.11 on CPython ${ver:0:1}.${ver:1}"
    PYTHONPATH="build-py$ver/python" "$py" "${ir_dump[@]}" > "build-py$ver/ir-corpus.txt"
    if ! cmp -s build/ir-corpus.txt "build-py$ver/ir-corpus.txt"; then
      diff -u build/ir-corpus.txt "build-py$ver/ir-corpus.txt" | head -200 || true
      echo "CPython ${ver:0:1}.${ver:1} gives other IR than 3.11 (core/ir/cfg.cpp canonicalizes)"
      exit 1
    fi
  done
fi

if [ "${PYRITE_SANITIZE_CI:-1}" != 0 ]; then
  echo "== sanitizers: ASan + UBSan build in build-asan, C++ and JIT code"
  PYTHON="$PYTHON" bash ci/sanitize.sh
fi
