#!/usr/bin/env bash
# Installs what pyrite needs on a fresh Debian 12 machine (run as root):
# Debian's LLVM 22 toolchain, TBB, OpenBLAS and LAPACK (np.linalg, @), GoogleTest,
# ninja and ccache; from PyPI NumPy, Numba (the peer we measure against), pybind11, pytest
# (with pytest-xdist, which runs it on every core) and the build
# backend; SciPy and cffi for the tests of calling C (@cfunc, cffi functions). Skips whatever is already there.
set -euo pipefail

APT_PACKAGES=(llvm-22-dev clang-22 lld-22 llvm-22-tools libtbb-dev libgtest-dev
              libgmock-dev googletest ninja-build ccache libzstd-dev
              qemu-user gcc-aarch64-linux-gnu gcc-powerpc64le-linux-gnu
              gcc-riscv64-linux-gnu libopenblas-dev liblapacke-dev
              patchelf)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "ci/setup.sh: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
export PIP_ROOT_USER_ACTION=ignore
"$PYTHON" -m pip install -q --disable-pip-version-check \
  "numpy>=2.0" numba pybind11 pytest pytest-xdist hypothesis scikit-build-core cmake scipy cffi

