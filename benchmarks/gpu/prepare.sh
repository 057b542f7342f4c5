#!/usr/bin/env bash
# Here (no GPU needed): builds the self-contained wheel for the GPU
# machine's CPython 3.12 into build-wheel/gpu/ and checks it in a fresh
# virtual environment (ci/wheel.sh). Then, with the device tool, from the
# repository root (the wheel travels as a carried path, about 30 MB):
#
#   run(command="bash benchmarks/gpu/run.sh", carry=["build-wheel/gpu"], timeout_s=540)
#
# run.sh installs the wheel there, runs the CUDA tests and prints the
# figures of bench.py: at most 3 minutes for the tests and 3 for the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${PY312:-}" ]; then
  for py in $(bash ci/pythons.sh); do
    "$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' && PY312=$py
  done
fi
[ -n "${PY312:-}" ] || { echo "prepare.sh: the GPU machine runs CPython 3.12; set PY312 to one"; exit 1; }
PYTHON="$PY312" bash ci/setup.sh
PYTHON="$PY312" WHEEL_DIR=build-wheel/gpu bash ci/wheel.sh
ls -la build-wheel/gpu
