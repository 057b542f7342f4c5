#!/usr/bin/env bash
# Builds the riscv64 example plugin out of tree against an installed pyrite
# SDK, checks it, and shows pyrite discovering it. Used by CI.
#
#   plugins/examples/riscv64/build.sh [pyrite build dir]
#
# Environment: PYRITE_BUILD (default <repo>/build), PYRITE_SDK (where the SDK
# is installed, default /tmp/pyrite-sdk), RV_BUILD (default /tmp/rv-build),
# PYTHON (default python3). Steps:
#   1. cmake --install <pyrite build> --prefix $PYRITE_SDK --component sdk
#      (or, when that build has no SDK rules, a build of plugins/ alone)
#   2. cmake -S plugins/examples/riscv64 -B $RV_BUILD -DCMAKE_PREFIX_PATH=$PYRITE_SDK
#      -G Ninja && cmake --build $RV_BUILD -j1
#   3. the smoke test (ctest): the plugin through the bare C ABI
#   4. smoke.so run under qemu-riscv64 by a cross-built runner (skipped when
#      riscv64-linux-gnu-gcc or qemu-riscv64 is missing)
#   5. PYRITE_PLUGIN_PATH=$RV_BUILD python -m pyrite lists riscv64
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
pyrite_build="${1:-${PYRITE_BUILD:-$repo/build}}"
sdk="${PYRITE_SDK:-/tmp/pyrite-sdk}"
rv_build="${RV_BUILD:-/tmp/rv-build}"
python="${PYTHON:-python3}"
sysroot="${PYRITE_RISCV64_SYSROOT:-/usr/riscv64-linux-gnu}"

step() { printf '\n== %s\n' "$*"; }

step "1. install the pyrite SDK into $sdk"
if grep -qs 'STREQUAL "sdk"' "$pyrite_build/plugins/cmake_install.cmake"; then
  cmake --install "$pyrite_build" --prefix "$sdk" --component sdk
else
  echo "($pyrite_build has no plugins/ rules yet: installing from a build of plugins/ alone)"
  cmake -S "$repo/plugins" -B "$rv_build-sdk" -G Ninja >/dev/null
  cmake --install "$rv_build-sdk" --prefix "$sdk" --component sdk
fi

step "2. build the plugin out of tree (only the SDK and LLVM)"
cmake -S "$here" -B "$rv_build" -DCMAKE_PREFIX_PATH="$sdk" -G Ninja
cmake --build "$rv_build" -j1
echo "exported symbols:"
nm -D --defined-only "$rv_build/libpyrite-target-riscv64.so"

step "3. smoke test through the C ABI"
ctest --test-dir "$rv_build" --output-on-failure
cat "$rv_build"/Testing/Temporary/LastTest.log | grep -E '^(ok|FAIL) ' || true

step "4. run the emitted shared object under qemu"
if command -v riscv64-linux-gnu-gcc >/dev/null && command -v qemu-riscv64 >/dev/null; then
  riscv64-linux-gnu-gcc -O1 -ffp-contract=off "$here/tests/runner.c" -o "$rv_build/runner" -lm -ldl
  qemu-riscv64 -L "$sysroot" "$rv_build/runner" "$rv_build/smoke.so"
else
  echo "skipped: riscv64-linux-gnu-gcc or qemu-riscv64 not found"
fi

step "5. pyrite discovers it"
out="$(PYRITE_PLUGIN_PATH="$rv_build" PYTHONPATH="$pyrite_build/python" "$python" -m pyrite)"
echo "$out"
grep -q '^  riscv64 (parent cpu): pyrite-riscv64' <<<"$out" || {
  echo "riscv64 is not among pyrite's target plugins" >&2
  exit 1
}
echo
echo "riscv64 plugin: built out of tree and discovered"
