"""Parallel kernels: pyrite's parallel=True / target='parallel' against its
serial version and against Numba's, in one run.

    python benchmarks/parallel.py [--quick] [--repeat N] [--threads N]

For each kernel: pyrite serial (prange is range; target='cpu'), pyrite
parallel, the speedup (serial / parallel), Numba parallel, and the ratio
pyrite/Numba of the parallel times (below 1.0: pyrite is faster); first
calls (compile + run) of both. Every result is checked against the serial
one. The machines are shared and noisy: read ratios, not absolute times.
"""
import argparse
import math
import time

import numpy as np


def prange_sqrt(prange):
    def prange_sqrt(a):
        s = 0.0
        for i in prange(a.shape[0]):
            s += math.sqrt(a[i])
        return s
    return prange_sqrt


def monte_carlo_pi(prange):
    def monte_carlo_pi(n):
        inside = 0
        for i in prange(n):
            x = np.random.random()
            y = np.random.random()
            if x * x + y * y < 1.0:
                inside += 1
        return 4.0 * inside / n
    return monte_carlo_pi


def stencil_2d(prange):
    def stencil_2d(u, steps):
        a = u.copy()
        b = u.copy()
        n, m = u.shape
        for _ in range(steps):
            for i in prange(1, n - 1):
                for j in range(1, m - 1):
                    b[i, j] = 0.25 * (a[i - 1, j] + a[i + 1, j] + a[i, j - 1] + a[i, j + 1])
            a, b = b, a
        return a
    return stencil_2d


def array_expression(x, y):
    return x * y + np.sin(x) * 2.0


def gaussian_sin(x, y):
    return math.exp(-x * x) * math.sin(y) + math.cos(x * y)


def scaled_sum(x, y):
    return 2.5 * x + y * y


def normalize_rows(x, out):
    s = 0.0
    for k in range(x.shape[0]):
        s += x[k] * x[k]
    norm = math.sqrt(s)
    for k in range(x.shape[0]):
        out[k] = x[k] / norm


def _rng():
    return np.random.default_rng(12345)


def make_cases(scale):
    n = 20_000_000 // scale
    a = _rng().random(n)
    u = _rng().random((600, 600))  # two grids in L3: compute, not memory, bound
    x, y = _rng().random((2, 10_000_000 // scale))
    rows = _rng().random((10_000 // scale, 1000))
    return [
        # name, kind, builder, args, tolerance
        ("prange_sqrt_20M", "prange", prange_sqrt, (a,), 1e-9),
        ("monte_carlo_pi_20M", "prange", monte_carlo_pi, (n,), 1e-3),
        ("stencil_2d_600", "prange", stencil_2d, (u, 100 // scale), 1e-12),
        ("array_expr_auto_10M", "auto", array_expression, (x, y), 1e-12),
        ("vectorize_par_10M", "vectorize", gaussian_sin, (x, y), 1e-12),
        ("vectorize_cpu_10M", "vectorize_cpu", scaled_sum, (x, y), 1e-12),
        ("guvectorize_rows", "guvectorize", normalize_rows, (rows,), 1e-12),
    ]


def build(lib, kind, builder, parallel):
    """The kernel compiled by `lib` (pyrite or numba), parallel or serial."""
    if kind == "prange":
        return lib.njit(parallel=parallel)(builder(lib.prange if parallel else range))
    if kind == "auto":  # no prange: parallel=True parallelizes the array expression
        return lib.njit(parallel=parallel)(builder)
    if kind in ("vectorize", "vectorize_cpu"):
        target = "parallel" if parallel and kind == "vectorize" else "cpu"
        return lib.vectorize(["float64(float64, float64)"], target=target)(builder)
    target = "parallel" if parallel else "cpu"
    return lib.guvectorize(["void(float64[:], float64[:])"], "(n)->(n)", target=target)(builder)


def timed(fn, args):
    t = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - t, result


def steady(fn, args, repeat):
    # The best of the repeats: with two cores shared with other work, a
    # parallel run is slowed whenever anything else runs, which says
    # nothing about the kernel; the median tells more of the machine.
    return min(timed(fn, args)[0] for _ in range(repeat))


def fmt(seconds):
    return "-" if seconds is None else f"{seconds * 1e3:9.2f}ms"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="inputs 10x smaller")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--threads", type=int, default=None, help="threads (default: all)")
    ap.add_argument("--only", help="comma-separated kernel names")
    opts = ap.parse_args()
    import numba
    import pyrite
    if opts.threads:
        pyrite.set_num_threads(opts.threads)
        numba.set_num_threads(opts.threads)
    only = set(opts.only.split(",")) if opts.only else None
    print(f"threads: pyrite {pyrite.get_num_threads()}, numba {numba.get_num_threads()}")
    print(f"{'kernel':20} {'serial':>11} {'parallel':>11} {'speedup':>7} {'numba par':>11} "
          f"{'ratio':>6} {'1st pyrite':>11} {'1st numba':>11}  agree")
    for name, kind, builder, args, rtol in make_cases(10 if opts.quick else 1):
        if only and name not in only:
            continue
        serial = build(pyrite, kind, builder, False)
        par = build(pyrite, kind, builder, True)
        nb = build(numba, kind, builder, True)
        funcs = [serial, par, nb]
        first_s, ref = timed(funcs[0], args)
        first_p, got = timed(funcs[1], args)
        first_n, got_nb = timed(funcs[2], args)
        agree = np.allclose(got, ref, rtol=rtol) and np.allclose(got_nb, ref, rtol=rtol)
        t_s = steady(funcs[0], args, opts.repeat)
        t_p = steady(funcs[1], args, opts.repeat)
        t_n = steady(funcs[2], args, opts.repeat)
        print(f"{name:20} {fmt(t_s):>11} {fmt(t_p):>11} {t_s / t_p:7.2f} {fmt(t_n):>11} "
              f"{t_p / t_n:6.2f} {fmt(first_p):>11} {fmt(first_n):>11}  {agree}")
    print(f"numba threading layer: {numba.threading_layer()}, numba {numba.__version__}")


if __name__ == "__main__":
    main()
