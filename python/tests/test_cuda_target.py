"""The CUDA target plugin without a GPU: through the C ABI alone
(tests/cuda/cuda_smoke.c, compiled here), it lowers a kernel built with its
own intrinsics and libdevice math to PTX for sm_75 ... sm_90, which the
toolkit's ptxas must accept, and to cubins; without a driver its runtime
answers PYRITE_NO_DEVICE with a reason. Skipped where the plugin was not
built (no CUDA toolkit)."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import pyrite

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PLUGIN = Path(pyrite.__file__).parent / "targets" / "libpyrite-target-cuda.so"
CC = os.environ.get("CC", "cc")
ARCHES = ["sm_75", "sm_80", "sm_86", "sm_89", "sm_90"]


def _ptxas():
    for home in (os.environ.get("CUDA_HOME"), "/usr/local/cuda"):
        if home and (Path(home) / "bin" / "ptxas").exists():
            return str(Path(home) / "bin" / "ptxas")
    return shutil.which("ptxas")


pytestmark = pytest.mark.skipif(not PLUGIN.exists() or _ptxas() is None or
                                shutil.which(CC) is None,
                                reason="the CUDA target is not built (no CUDA toolkit)")


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    out = tmp_path_factory.mktemp("cuda")
    exe = out / "cuda_smoke"
    build = subprocess.run(
        [CC, "-O1", "-Wall", "-Werror", "-I", str(REPO / "plugins" / "include"),
         "-I", "/usr/lib/llvm-22/include", str(HERE / "cuda" / "cuda_smoke.c"), "-o", str(exe),
         "-L/usr/lib/llvm-22/lib", "-Wl,-rpath,/usr/lib/llvm-22/lib", "-lLLVM-22", "-ldl"],
        capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    run = subprocess.run([str(exe), str(PLUGIN), str(out)] + ARCHES, capture_output=True,
                         text=True, timeout=300)
    return out, run


def test_plugin_checks_pass(smoke):
    _, run = smoke
    assert run.returncode == 0, run.stdout + run.stderr
    assert "FAIL" not in run.stdout


@pytest.mark.parametrize("arch", ARCHES)
def test_ptxas_accepts_the_ptx(smoke, arch):
    out, _ = smoke
    ptx = out / f"kernel_{arch}.ptx"
    assert ptx.exists()
    check = subprocess.run([_ptxas(), f"-arch={arch}", "-o", str(out / f"{arch}.o"), str(ptx)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert (out / f"kernel_{arch}.cubin").read_bytes()[:4] == b"\x7fELF"


def test_listed_as_a_gpu_target():
    from pyrite import _core
    info = _core.load_plugin(str(PLUGIN))
    assert info["name"] == "cuda" and info["parent"] == "gpu"
    assert info["triple"] == "nvptx64-nvidia-cuda"
    assert {"kernels", "device-memory", "barriers", "atomics", "fp64"} <= set(info["capabilities"])
