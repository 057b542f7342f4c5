"""GPU figures for the CUDA target, pyrite beside numba-cuda (and nvcc) in one run.

Run on a machine with an NVIDIA GPU, by benchmarks/gpu/run.sh (which
installs the wheel and builds matmul.cu with nvcc first):

    python3 bench.py --matmul-lib /tmp/libmatmul.so [--json out.json]

Figures (the same kernel source compiled by each; times from CUDA events on
the default stream unless said otherwise):
  saxpy       out = a*x + y over 2**28 float32: GB/s (3 arrays of 1 GiB
              moved), against the device's theoretical bandwidth (memory
              clock x bus width x 2) and a device-to-device copy's (CuPy)
  matmul      16x16-tiled shared-memory matmul, n x n float32: ms per
              launch, against the same kernel in CUDA C built by nvcc
  launch      an empty kernel launched from Python: us per launch by the
              wall clock, the best of 20 batches of 1,000 launches (the
              device idle at each batch's start), and saxpy's 4-argument
              launch likewise
  compile     the first launch of saxpy (typing, compiling, loading) in ms
Nothing here is a pass/fail threshold; the issue's targets are printed
beside the figures.
"""
import argparse
import ctypes
import json
import sys
import time

import numpy as np

KERNELS = '''
def saxpy(a, x, y, out):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a * x[i] + y[i]


def empty():
    pass


def matmul_tiled(a, b, c):
    sa = cuda.shared.array((TILE, TILE), np.float32)
    sb = cuda.shared.array((TILE, TILE), np.float32)
    x, y = cuda.grid(2)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    n = c.shape[0]
    acc = np.float32(0)
    for t in range((n + TILE - 1) // TILE):
        sa[ty, tx] = 0
        sb[ty, tx] = 0
        if y < n and t * TILE + tx < n:
            sa[ty, tx] = a[y, t * TILE + tx]
        if x < n and t * TILE + ty < n:
            sb[ty, tx] = b[t * TILE + ty, x]
        cuda.syncthreads()
        for k in range(TILE):
            acc += sa[ty, k] * sb[k, tx]
        cuda.syncthreads()
    if y < n and x < n:
        c[y, x] = acc
'''
TILE = 16


def kernels_for(cuda):
    """The kernels, decorated by `cuda` (pyrite.cuda or numba.cuda), each
    compiled from the same source text with `cuda` as its global."""
    namespace = {"cuda": cuda, "np": np, "TILE": TILE}
    exec(compile(KERNELS, "<benchmarks/gpu kernels>", "exec"), namespace)
    return {name: cuda.jit(namespace[name]) for name in ("saxpy", "empty", "matmul_tiled")}


def event_ms(cuda, launch, reps):
    """Milliseconds per call of `launch` over `reps` calls, by CUDA events."""
    launch()
    cuda.synchronize()
    start, end = cuda.event(), cuda.event()
    start.record()
    for _ in range(reps):
        launch()
    end.record()
    end.synchronize()
    return start.elapsed_time(end) / reps


def wall_us(cuda, launch, reps, batch=1000):
    """Microseconds per call of `launch` by the wall clock: the best batch of
    `batch` calls, each batch started on an idle device (a synchronize
    between batches, not timed), so the figure is the launch path's and not
    how fast the GPU drains a long queue of kernels."""
    launch()
    cuda.synchronize()
    best = float("inf")
    for _ in range(max(1, reps // batch)):
        t0 = time.perf_counter()
        for _ in range(batch):
            launch()
        best = min(best, time.perf_counter() - t0)
        cuda.synchronize()
    return best / batch * 1e6


def measure(name, cuda, args):
    """Every figure for one implementation (`cuda` module)."""
    k = kernels_for(cuda)
    out = {}
    n = 1 << args.saxpy_log2
    x = cuda.to_device(np.ones(n, np.float32))
    y = cuda.to_device(np.full(n, 2, np.float32))
    r = cuda.device_array(n, np.float32)
    blocks = (n + 255) // 256
    t0 = time.perf_counter()
    k["saxpy"][blocks, 256](np.float32(3), x, y, r)
    cuda.synchronize()
    out["compile_ms"] = (time.perf_counter() - t0) * 1e3
    ms = event_ms(cuda, lambda: k["saxpy"][blocks, 256](np.float32(3), x, y, r), args.reps)
    out["saxpy_ms"] = ms
    out["saxpy_GBs"] = 3 * 4 * n / (max(ms, 1e-6) * 1e-3) / 1e9
    check = r.copy_to_host()
    out["saxpy_ok"] = bool(np.all(check[:1000] == 5) and np.all(check[-1000:] == 5))
    x = y = r = None   # (freed before the matmul)

    m = args.matmul_n
    rng = np.random.default_rng(0)
    a_host = rng.random((m, m), dtype=np.float32)
    b_host = rng.random((m, m), dtype=np.float32)
    a, b = cuda.to_device(a_host), cuda.to_device(b_host)
    c = cuda.device_array((m, m), np.float32)
    grid = ((m + TILE - 1) // TILE, (m + TILE - 1) // TILE)
    out["matmul_ms"] = event_ms(cuda, lambda: k["matmul_tiled"][grid, (TILE, TILE)](a, b, c),
                                args.matmul_reps)
    c_host = c.copy_to_host()
    rows = rng.integers(0, m, 8)
    out["matmul_ok"] = bool(np.allclose(c_host[rows], a_host[rows] @ b_host, rtol=1e-3))
    out["matmul_result"] = c_host
    out["matmul_inputs"] = (a, b, c)

    out["launch_empty_us"] = wall_us(cuda, lambda: k["empty"][1, 1](), args.launches)
    xs = cuda.to_device(np.ones(32, np.float32))
    rs = cuda.device_array(32, np.float32)
    out["launch_saxpy_us"] = wall_us(cuda, lambda: k["saxpy"][1, 32](np.float32(3), xs, xs, rs),
                                     args.launches)
    print(f"  {name}: done", file=sys.stderr)
    return out


def device_bandwidth(args):
    """(theoretical GB/s from the device's attributes, copy GB/s by CuPy or None)."""
    theoretical = None
    try:
        from numba import cuda as ncuda
        dev = ncuda.get_current_device()
        theoretical = 2 * dev.MEMORY_CLOCK_RATE * 1e3 * dev.GLOBAL_MEMORY_BUS_WIDTH / 8 / 1e9
    except Exception as e:  # noqa: BLE001 - reported
        print(f"  no theoretical bandwidth: {e}", file=sys.stderr)
    copy = None
    try:
        import cupy
        n = 1 << args.saxpy_log2
        src = cupy.ones(n, cupy.float32)
        dst = cupy.empty_like(src)
        dst[...] = src
        start, end = cupy.cuda.Event(), cupy.cuda.Event()
        start.record()
        for _ in range(args.reps):
            dst[...] = src
        end.record()
        end.synchronize()
        ms = cupy.cuda.get_elapsed_time(start, end) / args.reps
        copy = 2 * 4 * n / (ms * 1e-3) / 1e9
    except Exception as e:  # noqa: BLE001 - reported
        print(f"  no copy bandwidth: {e}", file=sys.stderr)
    return theoretical, copy


def nvcc_matmul_ms(lib_path, inputs, reps):
    """The nvcc-built kernel's ms per launch on the same device arrays."""
    lib = ctypes.CDLL(lib_path)
    lib.run_matmul.restype = ctypes.c_float
    lib.run_matmul.argtypes = [ctypes.c_void_p] * 3 + [ctypes.c_int] * 2
    a, b, c = (arr.__cuda_array_interface__["data"][0] for arr in inputs)
    n = inputs[2].shape[0]
    return float(lib.run_matmul(a, b, c, n, reps))


def print_table(results, args, theoretical, copy, nvcc_ms):
    """The figures as a Markdown table, pyrite beside numba-cuda."""
    def row(label, key, fmt, target=""):
        cells = [fmt.format(results[impl][key]) if impl in results else "n/a"
                 for impl in ("pyrite", "numba-cuda")]
        print(f"| {label} | {cells[0]} | {cells[1]} | {target} |")

    print("\n| figure | pyrite | numba-cuda | target / reference |\n|---|---|---|---|")
    row("saxpy 2^%d float32, GB/s" % args.saxpy_log2, "saxpy_GBs", "{:.0f}",
        f"theoretical {theoretical:.0f}" if theoretical else "")
    if theoretical or copy:
        p = results["pyrite"]["saxpy_GBs"]
        refs = []
        if theoretical:
            refs.append(f"{p / theoretical:.0%} of theoretical")
        if copy:
            refs.append(f"{p / copy:.0%} of a D2D copy ({copy:.0f} GB/s)")
        print(f"| saxpy, pyrite's share of the bandwidth | {', '.join(refs)} | | >= 90% |")
    row("saxpy correct", "saxpy_ok", "{}")
    row(f"tiled matmul {args.matmul_n}^2, ms", "matmul_ms", "{:.2f}",
        f"nvcc {nvcc_ms:.2f} ms" if nvcc_ms else "")
    if nvcc_ms:
        print(f"| matmul, pyrite / nvcc | {results['pyrite']['matmul_ms'] / nvcc_ms:.2f}x | "
              + (f"{results['numba-cuda']['matmul_ms'] / nvcc_ms:.2f}x" if "numba-cuda" in results
                 else "n/a") + " | <= 1.3x |")
    row("matmul correct", "matmul_ok", "{}")
    row("empty launch, us", "launch_empty_us", "{:.2f}", "<= 5 us")
    row("saxpy launch (4 args), us", "launch_saxpy_us", "{:.2f}")
    row("first launch (compile + load), ms", "compile_ms", "{:.0f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matmul-lib", help="libmatmul.so built by nvcc from matmul.cu")
    parser.add_argument("--json", help="write the figures here too")
    parser.add_argument("--saxpy-log2", type=int, default=28)
    parser.add_argument("--matmul-n", type=int, default=4096)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--matmul-reps", type=int, default=5)
    parser.add_argument("--launches", type=int, default=20000)
    args = parser.parse_args(argv)

    from pyrite import cuda as pcuda
    if not pcuda.is_available():
        pcuda.detect()
        print("bench.py: no CUDA device", file=sys.stderr)
        return 2
    dev = pcuda.get_current_device()
    print(f"device: {dev.name.decode()}, compute capability {dev.compute_capability}")
    results = {"pyrite": measure("pyrite", pcuda, args)}
    try:
        from numba import cuda as ncuda
        results["numba-cuda"] = measure("numba-cuda", ncuda, args)
    except Exception as e:  # noqa: BLE001 - reported, the rest still counts
        print(f"numba-cuda failed: {type(e).__name__}: {e}")
    theoretical, copy = device_bandwidth(args)
    nvcc_ms = None
    if args.matmul_lib:
        nvcc_ms = nvcc_matmul_ms(args.matmul_lib, results["pyrite"]["matmul_inputs"],
                                 args.matmul_reps)
        nvcc_result = results["pyrite"]["matmul_inputs"][2].copy_to_host()
        if not np.allclose(nvcc_result, results["pyrite"]["matmul_result"], rtol=1e-5):
            print("nvcc's matmul disagrees with pyrite's result")

    print_table(results, args, theoretical, copy, nvcc_ms)

    if args.json:
        arrays = ("matmul_result", "matmul_inputs")
        plain = {impl: {k: v for k, v in r.items() if k not in arrays}
                 for impl, r in results.items()}
        plain["device"] = {"name": dev.name.decode(), "cc": list(dev.compute_capability),
                           "theoretical_GBs": theoretical, "copy_GBs": copy,
                           "nvcc_matmul_ms": nvcc_ms}
        with open(args.json, "w") as f:
            json.dump(plain, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
