"""Runs the conformance suite for one target and writes the report.

    python -m pyrite.conformance --target aarch64 --json report.json --jobs 2

How a case executes depends on the target plugin's capabilities:
- 'jit' (the target runs in this process, e.g. x86_64 here): `pyrite.njit(signature,
  target=NAME)(function)`, then called from Python;
- otherwise 'cross-aot': `pyrite.aot.compile_for(NAME, [(symbol, function, signature)],
  case.so)` and executed by runner/runner.c, cross-built for the target and run
  under qemu-user (natively when the architecture is the host's). `--mode aot`
  takes this path on a JIT target too.
Cases are spread over `--jobs` worker processes; a case that crashes or hangs
its worker is reported as an error and the worker is replaced.
"""
import argparse
import fnmatch
import json
import os
import platform
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

from . import suite as S

RESULTS = ("pass", "fail", "error", "skip")

# How a worker process loads this folder as a package (it may live outside sys.path).
_BOOTSTRAP = """
import importlib, importlib.util, sys
d = sys.argv[1]
name = "pyrite.conformance.suite"
spec = importlib.util.spec_from_file_location(name, d + "/__init__.py",
                                              submodule_search_locations=[d])
mod = importlib.util.module_from_spec(spec)
sys.modules[name] = mod
spec.loader.exec_module(mod)
sys.exit(importlib.import_module(name + ".run").worker_main(sys.argv[2:]))
"""
_RESULT_PREFIX = "@@conformance-result "


# --- targets ---------------------------------------------------------------------------------
def discover_targets():
    import pyrite  # noqa: F401
    from pyrite import _core, _plugins
    if not _core.plugins():
        _core.discover_plugins(_plugins.search_paths())
    return {p["name"]: p for p in _core.plugins()}


def choose_mode(plugin, requested):
    caps = set(plugin.get("capabilities", ()))
    if requested == "jit":
        return "jit" if "jit" in caps else None
    if requested == "aot":
        return "aot" if "cross-aot" in caps else None
    if "jit" in caps:
        return "jit"
    if "cross-aot" in caps:
        return "aot"
    return None


# --- executing one case (in a worker) ---------------------------------------------------------
def _symbol(case):
    return "conformance_" + "".join(c if c.isalnum() else "_" for c in case.full_name)


def _first_line(e):
    """The exception in one line: its first line, and the next when the first
    announces it (ends with ':')."""
    lines = [ln.strip() for ln in str(e).strip().splitlines() if ln.strip()]
    text = lines[0] if lines else ""
    if text.endswith(":") and len(lines) > 1:
        text += " " + lines[1]
    return f"{type(e).__name__}: {text[:400]}"


class Executor:
    """Compiles and runs cases for one target in one process."""

    def __init__(self, target, mode, runner_path=None, workdir=None, timeout=60.0):
        self.target, self.mode = target, mode
        self.workdir = workdir
        self.runner = None
        if mode == "aot":
            from . import protocol
            plugin = discover_targets()[target]
            tc = protocol.toolchain(plugin["triple"])
            self.runner = protocol.Runner(tc["emulator"] + [runner_path], timeout=timeout)

    def close(self):
        if self.runner is not None:
            self.runner.close()

    def compile(self, case):
        """-> (callable(args) -> Outcome, return type); raises on compile errors."""
        import pyrite
        if self.mode == "jit":
            if case.launch is not None:
                kernel = pyrite.jit(case.signature, target=self.target, **case.options)(
                    case.function)
                grid, block = case.launch

                def launch(args):
                    out = S.Outcome()
                    try:
                        kernel[grid, block](*args)
                    except Exception as e:
                        out.exc = (type(e).__name__, str(e))
                    out.arrays = S.array_args(args)
                    return out
                return launch, S.NoneType()
            compiled = pyrite.njit(case.signature, target=self.target, **case.options)(
                case.function)
            sigs = compiled._signatures()
            ret_type = S.parse_type(sigs[0][1])

            def call(args):
                out = S.Outcome()
                try:
                    out.value = compiled(*args)
                except Exception as e:
                    out.exc = (type(e).__name__, str(e))
                out.arrays = S.array_args(args)
                return out
            return call, ret_type
        # ahead of time
        if case.launch is not None:
            raise NotImplementedError("GPU kernel cases run only on targets that load "
                                      "kernels in this process")
        if case.options.get("parallel"):
            raise NotImplementedError("parallel cases are not compiled ahead of time yet")
        import pyrite.aot
        symbol = _symbol(case)
        path = os.path.join(self.workdir, symbol + ".so")
        info = pyrite.aot.compile_for(self.target, [(symbol, case.function, case.signature)],
                                      path)[symbol]
        ret_type = S.parse_type(info["return"])
        arg_types = [S.parse_type(t) for t in info["args"]]
        state = {}

        def call_aot(args):
            if "lib" not in state:      # loaded on the first call: a load error is a run error
                state["lib"] = self._loaded = self.runner.load(path)
            return self.runner.call(state["lib"], symbol, ret_type, arg_types, args)
        return call_aot, ret_type

    def _live(self, collect=False):
        """Arrays the pyrite runtime of this process holds (JIT mode only)."""
        if self.mode != "jit":
            return None
        try:
            from pyrite import _core
            if collect:
                import gc
                gc.collect()
            return _core.live_allocations()
        except Exception:
            return None

    def run(self, case):
        res = {"name": case.full_name, "target": self.target, "result": "pass",
               "max_ulp_error": 0, "compile_time_s": None, "run_time_s": None,
               "message": "", "tolerance_ulps": case.tolerance_ulps,
               "tags": sorted(case.tags), "calls": len(case.args)}
        self._loaded = None
        t0 = time.perf_counter()
        try:
            call, ret_type = self.compile(case)
        except Exception as e:
            res.update(result="error", message=f"compile: {_first_line(e)}",
                       max_ulp_error=None, compile_time_s=round(time.perf_counter() - t0, 4))
            return res
        res["compile_time_s"] = round(time.perf_counter() - t0, 4)
        live_before = self._live()
        t1 = time.perf_counter()
        try:
            for args in case.args:
                want = S.run_reference(case, args)
                call_args = [S.convert_arg(v, t) for v, t in zip(args, case.arg_types)]
                got = call(call_args)
                ok, ulp, msg = S.compare(case, args, want, got, ret_type)
                del got, call_args
                res["max_ulp_error"] = max(res["max_ulp_error"], ulp)
                if not ok and res["result"] == "pass":
                    res.update(result="fail", message=msg)
        except Exception as e:
            res.update(result="error", message=f"run: {_first_line(e)}", max_ulp_error=None)
        finally:
            if self._loaded is not None:
                try:
                    self.runner.unload(self._loaded)
                except Exception:
                    pass
        res["run_time_s"] = round(time.perf_counter() - t1, 4)
        # Every array compiled code allocated must be released once Python lets go
        # of it: a count that differs is a leak, or a release too many (memory
        # freed while still in use, which corrupts the heap of this worker).
        live_after = self._live()
        if live_after != live_before:
            live_after = self._live(collect=True)      # cycles may hold results a while
        if live_before is not None and live_after is not None and live_after != live_before:
            n = live_after - live_before
            what = (f"{n} array allocation(s) leaked" if n > 0 else
                    f"{-n} array allocation(s) released more often than allocated "
                    "(freed while in use)")
            res.update(result="fail", message=f"memory: {what}"
                       + (f"; {res['message']}" if res["message"] else ""))
            if n < 0:
                res["restart_worker"] = True      # its heap can no longer be trusted
        if res["max_ulp_error"] is not None and res["max_ulp_error"] >= 2 ** 63:
            res["max_ulp_error"] = None       # NaN against a number, or similar
        return res


def worker_main(argv):
    """A worker: reads case names on stdin, answers one result line each."""
    target, mode, runner_path, workdir, timeout = argv[:5]
    from . import load_package_cases
    cases = {c.full_name: c for c in load_package_cases()}
    ex = Executor(target, mode, None if runner_path == "-" else runner_path, workdir,
                  float(timeout))
    out = sys.stdout
    sys.stdout = sys.stderr          # kernels' print() must not garble the answers
    try:
        for line in sys.stdin:
            name = line.strip()
            if not name:
                continue
            try:
                res = ex.run(cases[name])
            except Exception:
                res = {"name": name, "target": target, "result": "error",
                       "message": "worker: " + traceback.format_exc().strip().splitlines()[-1]}
            out.write(_RESULT_PREFIX + json.dumps(res) + "\n")
            out.flush()
    finally:
        ex.close()
    return 0


# --- the worker pool (parent side) ------------------------------------------------------------
def _worker_env():
    env = dict(os.environ)
    # glibc fills freed memory with a pattern: an array that compiled code
    # releases while it is still in use then reads back as garbage, and the case
    # that did it fails its comparison instead of corrupting a later one.
    # (Inherited by the runner, so this holds under qemu too.)
    env.setdefault("MALLOC_PERTURB_", "165")
    return env


class _Worker:
    def __init__(self, argv):
        # stderr goes to a file: a chatty worker must never block on a full pipe
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.err, env=_worker_env())
        self.fd = self.proc.stdout.fileno()
        self.buf = b""
        self.case = None
        self.started = None

    def send(self, name):
        self.case, self.started = name, time.monotonic()
        self.proc.stdin.write(name.encode() + b"\n")
        self.proc.stdin.flush()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()

    def stderr_tail(self):
        """What the worker wrote to stderr (only read once it has exited)."""
        try:
            self.err.seek(0)
            data = self.err.read().decode(errors="replace")
        except (OSError, ValueError):
            data = ""
        for f in (self.proc.stdin, self.proc.stdout, self.err):
            try:
                f.close()
            except OSError:
                pass
        lines = [ln for ln in data.strip().splitlines() if ln.strip()]
        return " | ".join(lines[-3:])[-400:]


def _run_pool(names, target, mode, runner_path, workdir, jobs, timeout, suite_dir, on_result):
    argv = [sys.executable, "-c", _BOOTSTRAP, suite_dir, target, mode, runner_path or "-",
            workdir, str(timeout)]
    # the case timeout covers compiling and every call (under an emulator too)
    case_timeout = timeout * 2
    pending = list(names)
    workers = []
    sel = selectors.DefaultSelector()

    def retire(w, message):
        sel.unregister(w.fd)
        workers.remove(w)
        w.kill()
        tail = w.stderr_tail()
        if w.case is not None:
            code = w.proc.returncode
            how = f"signal {-code}" if code is not None and code < 0 else f"status {code}"
            on_result({"name": w.case, "target": target, "result": "error",
                       "max_ulp_error": None, "compile_time_s": None,
                       "message": f"{message} ({how})" + (f": {tail}" if tail else "")})

    def spawn():
        w = _Worker(argv)
        sel.register(w.fd, selectors.EVENT_READ, w)
        workers.append(w)
        return w

    def feed(w):
        if pending:
            w.send(pending.pop(0))
        else:
            w.case = None

    for _ in range(max(1, min(jobs, len(pending)))):
        feed(spawn())
    while any(w.case is not None for w in workers):
        for key, _ in sel.select(timeout=1.0):
            w = key.data
            chunk = os.read(w.fd, 1 << 20)
            if not chunk:
                retire(w, "the worker process died")
                if pending:
                    feed(spawn())
                continue
            w.buf += chunk
            while b"\n" in w.buf:
                line, w.buf = w.buf.split(b"\n", 1)
                line = line.decode(errors="replace")
                if line.startswith(_RESULT_PREFIX):
                    res = json.loads(line[len(_RESULT_PREFIX):])
                    restart = res.pop("restart_worker", False)
                    on_result(res)
                    if restart:
                        w.case = None
                        retire(w, "")
                        if pending:
                            feed(spawn())
                        break
                    feed(w)
        now = time.monotonic()
        for w in list(workers):
            if w.case is not None and now - w.started > case_timeout:
                retire(w, f"timed out after {case_timeout:.0f} s")
                if pending:
                    feed(spawn())
    for w in workers:
        try:
            w.proc.stdin.close()
        except OSError:
            pass
        try:
            w.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            w.kill()
        w.stderr_tail()


# --- the suite ---------------------------------------------------------------------------------
def _selected(case, patterns):
    if not patterns:
        return True
    for p in patterns:
        if any(ch in p for ch in "*?[") and fnmatch.fnmatch(case.full_name, p):
            return True
        if p in case.full_name or p in case.tags:
            return True
    return False


def run_suite(target, jobs=1, mode="auto", select=None, timeout=60.0, verbose=False,
              log=None, ignore_capabilities=False):
    """Runs the suite for `target`; returns the report dict."""
    from . import load_package_cases
    log = log or (lambda msg: print(msg, file=sys.stderr))
    started = time.perf_counter()
    cases = [c for c in load_package_cases() if _selected(c, select)]
    targets = discover_targets()
    report = {"target": target, "mode": None, "pyrite_version": None,
              "host": f"{platform.machine()} {platform.system()}",
              "python": platform.python_version(), "plugin": None, "runner": None,
              "cases": []}
    try:
        import pyrite
        report["pyrite_version"] = pyrite.__version__
    except Exception:
        pass
    results = {}

    def finish():
        report["cases"] = [results[c.full_name] for c in cases]
        counts = {r: sum(1 for c in report["cases"] if c["result"] == r) for r in RESULTS}
        report["summary"] = {"passed": counts["pass"], "failed": counts["fail"] + counts["error"],
                             "errors": counts["error"], "skipped": counts["skip"],
                             "total": len(cases)}
        report["elapsed_s"] = round(time.perf_counter() - started, 2)
        return report

    def mark_all(result, message):
        for c in cases:
            results.setdefault(c.full_name, _result(c, target, result, message))

    plugin = targets.get(target)
    if plugin is None:
        msg = (f"no target plugin named {target!r} (found: "
               f"{', '.join(sorted(targets)) or 'none'})")
        log(f"pyrite.conformance: {msg}")
        mark_all("error", msg)
        return finish()
    report["plugin"] = {k: plugin.get(k) for k in ("name", "plugin_name", "version", "abi",
                                                   "triple", "cpu", "capabilities", "path")}
    chosen = choose_mode(plugin, mode)
    if chosen is None:
        mark_all("skip" if mode == "auto" else "error",
                 f"target {target} can neither run code here (jit) nor compile ahead of time "
                 f"(cross-aot)" if mode == "auto" else
                 f"target {target} lacks the capability for --mode {mode}")
        return finish()
    report["mode"] = chosen
    caps = set(plugin.get("capabilities", ()))
    runnable = []
    for c in cases:
        missing = [cap for cap in c.required_capabilities()
                   if cap not in caps and not ignore_capabilities]
        if missing:
            results[c.full_name] = _result(c, target, "skip",
                                           f"target lacks {', '.join(missing)}")
        else:
            runnable.append(c)

    runner_path = None
    workdir = tempfile.mkdtemp(prefix=f"pyrite-conformance-{target}-")
    try:
        if chosen == "aot" and runnable:
            from . import protocol
            tc = protocol.toolchain(plugin["triple"])
            try:
                if tc["emulator"] and not shutil.which(tc["emulator"][0]):
                    raise protocol.RunnerError(
                        f"{tc['emulator'][0]} is not installed (needed to run {target} code; "
                        "the package qemu-user provides it)")
                runner_path = protocol.build_runner(plugin["triple"],
                                                    log=log if verbose else None)
            except protocol.RunnerError as e:
                for c in runnable:
                    results[c.full_name] = _result(c, target, "error", f"runner: {e}")
                runnable = []
            report["runner"] = {"path": runner_path, "emulator": " ".join(tc["emulator"])
                                or None}

        def on_result(res):
            results[res["name"]] = res
            if verbose:
                log(f"  {res['name']}: {res['result']}"
                    + (f" ({res['message']})" if res.get("message") else ""))

        if runnable:
            suite_dir = os.path.dirname(os.path.abspath(__file__))
            _run_pool([c.full_name for c in runnable], target, chosen, runner_path, workdir,
                      jobs, timeout, suite_dir, on_result)
        for c in runnable:
            results.setdefault(c.full_name, _result(c, target, "error", "no result"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return finish()


def _result(case, target, result, message):
    return {"name": case.full_name, "target": target, "result": result, "max_ulp_error": None,
            "compile_time_s": None, "run_time_s": None, "message": message,
            "tolerance_ulps": case.tolerance_ulps, "tags": sorted(case.tags),
            "calls": len(case.args)}


# --- the report --------------------------------------------------------------------------------
def format_table(report, width=None):
    width = width or shutil.get_terminal_size((120, 20)).columns
    rows = report["cases"]
    name_w = min(max([len(r["name"]) for r in rows] + [4]), 48)
    lines = [f"pyrite conformance: target {report['target']}"
             + (f" ({report['mode']}" + (f", runner under {report['runner']['emulator']}"
                                          if (report.get("runner") or {}).get("emulator")
                                          else "") + ")" if report.get("mode") else ""),
             f"{'case':<{name_w}}  {'result':<6}  {'max ulp':>7}  {'compile ms':>10}  message"]
    for r in rows:
        ulp = r.get("max_ulp_error")
        ulp = "-" if ulp is None or r["result"] == "skip" else str(ulp)
        ct = r.get("compile_time_s")
        ct = "-" if ct is None else f"{ct * 1000:.1f}"
        msg = (r.get("message") or "").replace("\n", " ")
        room = max(20, width - name_w - 33)
        if len(msg) > room:
            msg = msg[:room - 3] + "..."
        lines.append(f"{r['name']:<{name_w}}  {r['result']:<6}  {ulp:>7}  {ct:>10}  {msg}")
    bad = [r for r in rows if r["result"] in ("fail", "error")]
    if bad:
        lines.append("")
        lines.append("Failures:")
        for r in bad:
            msg = (r.get("message") or "").strip()
            lines.append(f"  {r['name']} [{r['result']}]: {msg[:2000]}")
    s = report["summary"]
    if s["errors"]:
        lines.append(f"({s['errors']} of the failures are errors: the case did not compile "
                     "or its run broke down)")
    lines.append(f"{s['total']} cases in {report.get('elapsed_s', 0):.1f} s")
    line = f"{s['passed']} passed, {s['failed']} failed"
    if s["skipped"]:
        line += f", {s['skipped']} skipped"
    lines.append(line)
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m pyrite.conformance",
                                description="Runs pyrite's conformance suite for one target.")
    p.add_argument("--target", metavar="NAME",
                   help="target plugin name (python -m pyrite lists them); default: the "
                        "target that runs code in this process")
    p.add_argument("--json", metavar="FILE", help="write the report as JSON to FILE")
    p.add_argument("--jobs", "-j", type=int, default=max(1, min(4, os.cpu_count() or 1)),
                   help="worker processes (default: CPUs, at most 4)")
    p.add_argument("--mode", choices=("auto", "jit", "aot"), default="auto",
                   help="jit: compile and run in this process; aot: compile_for + runner "
                        "(qemu for a foreign target); auto: jit when the target can")
    p.add_argument("-k", "--select", action="append", metavar="PATTERN",
                   help="only cases whose name contains PATTERN (or matches the glob, or "
                        "carry the tag); repeatable")
    p.add_argument("--timeout", type=float, default=60.0,
                   help="seconds one runner call may take (a case gets twice that)")
    p.add_argument("--ignore-capabilities", action="store_true",
                   help="run cases even where the target lacks the capability they need")
    p.add_argument("--list", action="store_true", help="list the cases and exit")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args(argv)

    if args.list:
        from . import load_package_cases
        for c in load_package_cases():
            if _selected(c, args.select):
                print(f"{c.full_name:<48} {c.signature:<44} {','.join(sorted(c.tags))}")
        return 0
    if not args.target:
        native = [n for n, p in discover_targets().items() if "jit" in p["capabilities"]]
        if not native:
            p.error("no target runs code in this process here: name one with --target")
        args.target = native[0]
    report = run_suite(args.target, jobs=args.jobs, mode=args.mode, select=args.select,
                       timeout=args.timeout, verbose=args.verbose,
                       ignore_capabilities=args.ignore_capabilities)
    print(format_table(report))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
            f.write("\n")
    return 0 if report["summary"]["failed"] == 0 else 1
