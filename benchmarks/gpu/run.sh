#!/usr/bin/env bash
# On the GPU machine (the device tool runs it from the repository root, with
# build-wheel/gpu carried; benchmarks/gpu/prepare.sh builds it): installs
# pyrite's wheel beside the machine's NumPy, numba-cuda and CuPy, runs the
# CUDA tests against it and prints bench.py's figures. Logs and figures go
# to $OUT (the device tool's) or /tmp/pyrite-gpu. Each step is bounded so
# that the whole run ends well inside the tool's limit.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/pyrite-gpu}
mkdir -p "$OUT"
PY=${PY:-python3}
site=/tmp/pyrite-site
export PYTHONUNBUFFERED=1
# numba-cuda warns on every launch of fewer than 128 blocks: not measured.
export NUMBA_CUDA_LOW_OCCUPANCY_WARNINGS=0
"$PY" -m pytest --version >/dev/null 2>&1 || echo "no pytest on this machine: the tests are left out"

# The CUDA toolkit pyrite's plugin reads libdevice and ptxas from: CUDA_HOME,
# else /usr/local/cuda, else the one pip's nvidia packages hold (numba-cuda's).
if [ -z "${CUDA_HOME:-}" ] && [ ! -f /usr/local/cuda/nvvm/libdevice/libdevice.10.bc ]; then
  found=$("$PY" - <<'PYEOF'
import glob, os, site, sys
roots = site.getsitepackages() + [site.getusersitepackages()] + ["/usr", "/opt"]
for root in roots:
    for path in glob.glob(os.path.join(root, "**", "nvvm", "libdevice", "libdevice.10.bc"),
                          recursive=True):
        print(os.path.dirname(os.path.dirname(os.path.dirname(path))))
        sys.exit()
PYEOF
)
  [ -n "$found" ] && export CUDA_HOME=$found
fi
echo "CUDA toolkit: ${CUDA_HOME:-/usr/local/cuda}"

echo "== machine"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.memory --format=csv
"$PY" -c 'import sys, numpy; print(sys.version.split()[0], "numpy", numpy.__version__)'
ldd --version | head -1

echo "== install the wheel"
rm -rf "$site"
"$PY" -m pip install -q --no-index --no-deps --no-compile --target "$site" build-wheel/gpu/pyrite-*.whl \
  || { echo "the wheel did not install"; exit 1; }
export PYTHONPATH=$site
(cd /tmp && "$PY" -m pyrite) 2>&1 | tee "$OUT/targets.txt"
cc=$("$PY" -c 'from pyrite import cuda; print("".join(map(str, cuda.get_current_device().compute_capability)))')
echo "compute capability: $cc"

echo "== CUDA tests (python/tests/test_cuda_*.py against the installed wheel)"
(cd python/tests && timeout 180 "$PY" -m pytest -q -p no:cacheprovider -o addopts="" \
   test_cuda_gpu.py test_cuda_launch.py test_cuda_kernel_api.py test_cuda_target.py test_cuda_ptx.py \
   2>&1 | tee "$OUT/tests.txt" | tail -40)

echo "== nvcc's matmul"
nvcc -O3 -arch=sm_"$cc" -shared -Xcompiler -fPIC benchmarks/gpu/matmul.cu -o /tmp/libmatmul.so \
  || echo "nvcc failed: the matmul comparison is left out"
lib=()
[ -f /tmp/libmatmul.so ] && lib=(--matmul-lib /tmp/libmatmul.so)

echo "== figures: pyrite beside numba-cuda"
timeout 180 "$PY" benchmarks/gpu/bench.py "${lib[@]}" --json "$OUT/gpu.json" 2>&1 | tee "$OUT/bench.txt"
