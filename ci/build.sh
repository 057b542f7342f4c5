#!/usr/bin/env bash
# Configures and builds pyrite (core, plugins, extension, tests) for one
# interpreter: PYTHON (default python3) into BUILD (default build/). One
# build directory per interpreter: `PYTHON=python3.12 BUILD=build-py312`.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
BUILD=${BUILD:-build}
PYEXE=$("$PYTHON" -c 'import sys; print(sys.executable)')
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DPython3_EXECUTABLE="$PYEXE" \
  -Dpybind11_DIR="$("$PYEXE" -c 'import pybind11; print(pybind11.get_cmake_dir())')" >/dev/null
cmake --build "$BUILD"
