"""First-call (compile) and steady-state times of functions that use
pyrite's library (np.arange, np.linspace, mean, argmin/argmax, cumsum,
np.dot), against Numba.

    PYTHONPATH=build/python python3 benchmarks/library_calls.py [--runs 5]

Each first call is measured in a fresh process (nothing cached); the table
gives medians in milliseconds (first call) and microseconds (steady state).
"""
import argparse
import json
import statistics
import subprocess
import sys

KERNELS = {
    "arange": ("def k(n):\n    x = np.arange(n)\n    return x[n // 2] + np.arange(0.0, 1.0, 0.01)[3]\n",
               "1000"),
    "mean": ("def k(a):\n    return np.mean(a) + a.mean()\n", "np.random.rand(1000)"),
    "mean_axis": ("def k(a):\n    return a.mean(axis=0)[0]\n", "np.random.rand(50, 20)"),
    "linspace": ("def k(n):\n    x = np.linspace(0.0, 1.0, n)\n    return x[n // 2]\n", "1000"),
    "argminmax": ("def k(a):\n    return np.argmin(a) + a.argmax()\n", "np.random.rand(1000)"),
    "cumsum": ("def k(a):\n    c = np.cumsum(a)\n    return c[-1] + a.cumsum()[0]\n",
               "np.random.rand(1000)"),
    "dot": ("def k(a):\n    return np.dot(a, a)\n", "np.random.rand(1000)"),
}

CHILD = r'''
import sys, time, json
import numpy as np
which = sys.argv[1]
if which == "numba":
    from numba import njit
else:
    from pyrite import njit
src, arg = sys.argv[2], sys.argv[3]
ns = {"np": np}
exec(src, ns)
x = eval(arg, ns)
f = njit(ns["k"])
t0 = time.perf_counter(); f(x); first = time.perf_counter() - t0
n = 2000
t0 = time.perf_counter()
for _ in range(n):
    f(x)
steady = (time.perf_counter() - t0) / n
print(json.dumps([first, steady]))
'''


def measure(which, src, arg, runs):
    firsts, steadies = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", CHILD, which, src, arg],
                             capture_output=True, text=True)
        if out.returncode != 0:
            return None, None  # the compiler does not support the kernel
        first, steady = json.loads(out.stdout)
        firsts.append(first)
        steadies.append(steady)
    return statistics.median(firsts), statistics.median(steadies)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--no-numba", action="store_true")
    args = p.parse_args()
    print(f"{'kernel':<10} {'pyrite 1st ms':>14} {'numba 1st ms':>13} {'ratio':>6} "
          f"{'pyrite us':>10} {'numba us':>9} {'ratio':>6}")
    for name, (src, arg) in KERNELS.items():
        pf, ps = measure("pyrite", src, arg, args.runs)
        if args.no_numba:
            print(f"{name:<10} {pf * 1e3:>14.2f} {'':>13} {'':>6} {ps * 1e6:>10.2f}")
            continue
        nf, ns = measure("numba", src, arg, args.runs)
        if nf is None:
            print(f"{name:<10} {pf * 1e3:>14.2f} {'n/a':>13} {'':>6} {ps * 1e6:>10.2f} {'n/a':>9}")
            continue
        print(f"{name:<10} {pf * 1e3:>14.2f} {nf * 1e3:>13.2f} {pf / nf:>6.2f} "
              f"{ps * 1e6:>10.2f} {ns * 1e6:>9.2f} {ps / ns:>6.2f}")


if __name__ == "__main__":
    main()
