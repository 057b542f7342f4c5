#!/usr/bin/env bash
# The test command: set up, build, then run every test (GoogleTest suites of
# the core and the pytest suite) through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup.sh
bash ci/build.sh
ctest --test-dir build --output-on-failure -j 2
