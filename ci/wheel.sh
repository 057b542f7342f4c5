#!/usr/bin/env bash
# Builds pyrite's self-contained wheel and proves it runs where LLVM and TBB
# are not installed (docs/wheels.md):
#   1. `pip wheel .` with PYTHON (default python3) into WHEEL_DIR (default
#      build-wheel/dist): LLVM linked statically into libpyrite-llvm.so,
#      TBB and zstd bundled (pyproject.toml, cmake/PyriteLLVM.cmake);
#   2. a fresh virtual environment with NumPy and that wheel alone;
#   3. there, with the system's LLVM and TBB hidden (a private mount
#      namespace, where unshare is allowed) and no LD_LIBRARY_PATH:
#      python -m pyrite.testing.wheel_check (compiles serial, TBB-parallel
#      and CUDA code; fails if any LLVM, TBB or zstd is mapped from outside
#      the package) and the x86_64 conformance suite;
#   4. a plugin of the development build (linked to the system's LLVM) is
#      refused by the wheel's pyrite, naming both LLVMs.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
WHEEL_DIR=${WHEEL_DIR:-build-wheel/dist}
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1

rm -rf "$WHEEL_DIR"
"$PYTHON" -m pip wheel . --no-build-isolation --no-deps -q -w "$WHEEL_DIR"
wheel=$(ls "$WHEEL_DIR"/pyrite-*.whl)
echo "wheel: $wheel ($(du -m "$wheel" | cut -f1) MB)"

venv=$PWD/build-wheel/venv-$("$PYTHON" -c 'import sys; print(sys.implementation.cache_tag)')
"$PYTHON" -m venv --clear "$venv"
"$venv/bin/python" -m pip install -q "numpy>=2.0"
"$venv/bin/python" -m pip install -q --no-index "$wheel"

checks="cd '$venv' && env -u LD_LIBRARY_PATH -u PYTHONPATH bin/python -m pyrite.testing.wheel_check \
  && env -u LD_LIBRARY_PATH -u PYTHONPATH bin/python -m pyrite.conformance --target x86_64"
# What a machine without LLVM or TBB would show: their directories and
# libraries replaced by empty ones for this process tree only.
hide="mkdir -p /tmp/pyrite-empty && mount --bind /tmp/pyrite-empty /usr/lib/llvm-22"
for lib in /usr/lib/x86_64-linux-gnu/libLLVM* /usr/lib/x86_64-linux-gnu/libtbb*; do
  [ -e "$lib" ] && hide="$hide && mount --bind /dev/null $lib"
done
if [ -d /usr/lib/llvm-22 ] && unshare -m true 2>/dev/null; then
  echo "== the wheel, with /usr/lib/llvm-22, libLLVM* and libtbb* hidden"
  unshare -m sh -c "$hide && $checks"
else
  echo "== the wheel (unshare is not allowed here: LLVM and TBB stay visible; wheel_check" \
       "still fails if they are loaded from outside the package)"
  sh -c "$checks"
fi

# A plugin linked to the system's libLLVM (the development build's, when
# there is one) is refused by the wheel's pyrite, which has its own LLVM.
dev_plugin=build/python/pyrite/targets/libpyrite-target-x86_64.so
if [ -f "$dev_plugin" ]; then
  echo "== a plugin linked to another LLVM is refused"
  plugin=$PWD/$dev_plugin
  (cd "$venv" && bin/python -m pyrite.testing.wheel_check --foreign-plugin "$plugin")
fi
