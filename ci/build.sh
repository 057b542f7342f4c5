#!/usr/bin/env bash
# Configures and builds pyrite in build/ (core, plugins, extension, tests).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
PYEXE=$("$PYTHON" -c 'import sys; print(sys.executable)')
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DPython3_EXECUTABLE="$PYEXE" \
  -Dpybind11_DIR="$("$PYEXE" -c 'import pybind11; print(pybind11.get_cmake_dir())')" >/dev/null
cmake --build build
