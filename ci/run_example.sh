#!/usr/bin/env bash
# The main job: set up, install pyrite with pip, run Numba's intro examples.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup.sh
PYTHON=${PYTHON:-python3}
export PIP_ROOT_USER_ACTION=ignore
"$PYTHON" -m pip install -q --disable-pip-version-check --no-build-isolation .

cd docs/examples && "$PYTHON" monte_carlo_pi.py
