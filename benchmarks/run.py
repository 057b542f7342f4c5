"""Times pyrite against Numba and CPython on the same kernels, in one run.

    python benchmarks/run.py [--quick] [--repeat N] [--json FILE]

For each kernel: the first call (compile + one run) and the steady-state
time (median of repeated calls) of each JIT, CPython's time for one call,
and the ratio pyrite/Numba (below 1.0 means pyrite is faster). Also the
per-call overhead of each dispatcher and what `import` adds to `import numpy`.
The machines are shared and noisy: read ratios, not absolute times.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernels  # noqa: E402
import numpy as np  # noqa: E402


def timed(fn, *args):
    t = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - t, result


def steady(fn, args, repeat):
    times = []
    for _ in range(repeat):
        times.append(timed(fn, *args)[0])
    return statistics.median(times)


def fresh_copy(func, jit=None, jitclass=None):
    """A new function object, so each JIT compiles from scratch; with `jit`,
    compiled, its own name in its globals bound to the compiled function so
    that a recursive kernel calls itself compiled (and the functions named in
    its `helpers` attribute compiled by the same JIT, and the classes named in
    its `jitclasses` attribute made jitclasses by that JIT's `jitclass`)."""
    import types
    if jit is None:
        return types.FunctionType(func.__code__, func.__globals__, func.__name__,
                                  func.__defaults__, func.__closure__)
    scope = dict(func.__globals__)
    for name, (cls, spec) in getattr(func, "jitclasses", {}).items():
        jit_types = jitclass.__module__.split(".")[0]  # pyrite or numba
        typed_spec = [(f, getattr(__import__(jit_types), t)) for f, t in spec]
        scope[name] = jitclass(typed_spec)(cls)
    copy = types.FunctionType(func.__code__, scope, func.__name__, func.__defaults__,
                              func.__closure__)
    scope[func.__name__] = compiled = jit(copy)
    for name in getattr(func, "helpers", ()):  # module-level functions it calls, compiled too
        helper = func.__globals__[name]
        scope[name] = jit(types.FunctionType(helper.__code__, scope, name, helper.__defaults__,
                                             helper.__closure__))
    return compiled


def call_overhead(jitted, n=200_000):
    jitted(1, 2)
    t = time.perf_counter()
    for _ in range(n):
        jitted(1, 2)
    return (time.perf_counter() - t) / n


def import_cost(module, runs=5):
    """Seconds that `import module` adds after `import numpy` (best of runs)."""
    code = ("import time, numpy; t = time.perf_counter(); import {m}; "
            "print(time.perf_counter() - t)").format(m=module)
    best = float("inf")
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=os.environ.copy())
        if out.returncode != 0:
            return None
        best = min(best, float(out.stdout.strip()))
    return best


def fmt(seconds):
    if seconds is None:
        return "n/a"
    if seconds < 1e-6:
        return f"{seconds * 1e9:.0f} ns"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="inputs 10x smaller")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--no-cpython", action="store_true", help="skip the CPython column")
    ap.add_argument("--only", help="comma-separated kernel names to run (default: all)")
    opts = ap.parse_args()
    scale = 10 if opts.quick else 1

    import numba
    import numba.experimental
    import pyrite
    import pyrite.experimental
    jits = {"pyrite": pyrite.njit, "numba": numba.njit}
    jitclasses = {"pyrite": pyrite.experimental.jitclass,
                  "numba": numba.experimental.jitclass}

    rows = []
    only = set(opts.only.split(",")) if opts.only else None
    for name, func, make_args in kernels.KERNELS:
        if only and name not in only:
            continue
        args = make_args(scale)
        row = {"kernel": name}
        results = {}
        for label, njit in jits.items():
            jitted = fresh_copy(func, njit, jitclasses[label])
            first, results[label] = timed(jitted, *args)
            row[f"{label}_first"] = first
            row[f"{label}_steady"] = steady(jitted, args, opts.repeat)
        if not opts.no_cpython:
            row["cpython"], results["cpython"] = timed(func, *args)
        # Unseeded random kernels differ run to run; the rest must agree.
        rtol = kernels.TOLERANCE.get(name, 1e-12)
        row["agree"] = name == "monte_carlo_pi" or all(
            np.allclose(results["pyrite"], other, rtol=rtol) for other in results.values())
        if name == "sum_float32_10M":
            exact = float(np.sum(args[0].astype(np.float64)))
            row["relative_error"] = {label: abs(float(r) - exact) / exact
                                     for label, r in results.items()}
        rows.append(row)

    overhead = {label: call_overhead(njit(fresh_copy(kernels.add))) for label, njit in jits.items()}
    overhead["cpython"] = call_overhead(kernels.add)
    imports = {"pyrite": import_cost("pyrite"), "numba": import_cost("numba")}

    print(f"{'kernel':16} {'pyrite 1st':>11} {'numba 1st':>11} {'1st ratio':>9} "
          f"{'pyrite':>10} {'numba':>10} {'ratio':>7} {'cpython':>10}  agree")
    for r in rows:
        print(f"{r['kernel']:16} {fmt(r['pyrite_first']):>11} {fmt(r['numba_first']):>11} "
              f"{r['pyrite_first'] / r['numba_first']:>9.2f} "
              f"{fmt(r['pyrite_steady']):>10} {fmt(r['numba_steady']):>10} "
              f"{r['pyrite_steady'] / r['numba_steady']:>7.2f} {fmt(r.get('cpython')):>10}"
              f"  {'yes' if r['agree'] else 'NO'}")
    for r in rows:
        if "relative_error" in r:
            errors = ", ".join(f"{label} {e:.1e}" for label, e in r["relative_error"].items())
            print(f"\n{r['kernel']} relative error against the float64 sum: {errors}")
    print(f"\ncall overhead of add(1, 2): pyrite {fmt(overhead['pyrite'])}, "
          f"numba {fmt(overhead['numba'])}, cpython {fmt(overhead['cpython'])} "
          f"(ratio pyrite/numba {overhead['pyrite'] / overhead['numba']:.2f})")
    print(f"import after numpy: pyrite {fmt(imports['pyrite'])}, numba {fmt(imports['numba'])}")
    print(f"versions: numba {numba.__version__}, pyrite {pyrite.__version__}, "
          f"python {sys.version.split()[0]}")
    if opts.json:
        with open(opts.json, "w") as f:
            json.dump({"kernels": rows, "call_overhead": overhead, "imports": imports}, f,
                      indent=2)


if __name__ == "__main__":
    main()
