"""Running many programs in worker processes, with crash isolation.

`Runner` keeps `jobs` workers (worker.py), hands each a program at a time,
and turns a worker that dies into a "crash" outcome for the program it was
running (quoting the signal and the last lines of its stderr) and one that
takes too long into a "timeout"; either way a fresh worker takes over.
Workers are replaced every `recycle` programs so compiled code does not pile
up in one process. A crash is run again alone in a fresh worker to tell a
program that crashes by itself from one that only crashes after others.
"""
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

from .execute import Outcome
from .program import Program

# glibc fills freed and fresh heap blocks with this byte, so a use after free
# reads garbage instead of the old value.
MALLOC_PERTURB = "165"


class Worker:
    """One worker process and the program it is running."""

    def __init__(self, calls, check_leaks):
        fd, self.log = tempfile.mkstemp(prefix="pyrite-fuzz-worker-", suffix=".log")
        os.close(fd)
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env["MALLOC_PERTURB_"] = MALLOC_PERTURB
        # the worker imports pyrite from wherever this process found it
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p and os.path.isdir(p))
        cmd = [sys.executable, "-m", "pyrite.testing.fuzz.worker", str(theirs.fileno()),
               self.log, str(calls), "1" if check_leaks else "0"]
        self.proc = subprocess.Popen(cmd, pass_fds=(theirs.fileno(),), env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(ours.detach())
        self.done = 0
        self.current = None          # (key, program)
        self.since = 0.0

    def start(self, key, program):
        self.current = (key, program)
        self.since = time.monotonic()
        self.conn.send(program.to_dict())

    def death_report(self):
        """Why the worker died: its exit status and the end of its stderr."""
        try:
            code = self.proc.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        if code is not None and code < 0:
            try:
                why = f"killed by {signal.Signals(-code).name}"
            except ValueError:
                why = f"killed by signal {-code}"
        else:
            why = f"exited with status {code}"
        try:
            with open(self.log, errors="replace") as fh:
                lines = [ln.rstrip() for ln in fh.read().splitlines()]
        except OSError:
            lines = []
        tail = [ln for ln in lines[-12:] if not ln.startswith("--- ")]
        return why + ("\n  stderr: " + "\n          ".join(tail) if tail else "")

    def stop(self, kill=False):
        try:
            if not kill:
                self.conn.send(None)
                self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        self.conn.close()
        try:
            os.unlink(self.log)
        except OSError:
            pass


@dataclass
class Summary:
    """Counts per outcome kind and the findings (program, outcome)."""
    counts: Counter = field(default_factory=Counter)
    findings: list = field(default_factory=list)
    unsupported: Counter = field(default_factory=Counter)
    unsupported_first: dict = field(default_factory=dict)   # signature -> (program, outcome)
    errors: list = field(default_factory=list)
    seconds: float = 0.0

    def add(self, program, outcome):
        self.counts[outcome.kind] += 1
        if outcome.finding:
            self.findings.append((program, outcome))
        elif outcome.kind == "unsupported":
            self.unsupported[outcome.signature()] += 1
            self.unsupported_first.setdefault(outcome.signature(), (program, outcome))
        elif outcome.kind in ("error", "invalid"):
            self.errors.append((program, outcome))

    @property
    def total(self):
        return sum(self.counts.values())

    def text(self):
        c = self.counts
        lines = [f"programs run:     {self.total}",
                 f"ok:               {c['ok']}",
                 f"unsupported:      {c['unsupported']}",
                 f"crashes:          {c['crash']}",
                 f"mismatches:       {c['mismatch']}",
                 f"internal errors:  {c['internal']}",
                 f"leaks:            {c['leak']}",
                 f"timeouts:         {c['timeout']}",
                 f"invalid programs: {c['invalid']} (CPython raised; a generator bug)",
                 f"fuzzer errors:    {c['error']}",
                 f"time:             {self.seconds:.1f} s"]
        if self.unsupported:
            lines.append("unsupported, by message:")
            for sig, n in self.unsupported.most_common(8):
                lines.append(f"  {n:5d}  {sig.split('/', 1)[1]}  "
                             f"(first: {self.unsupported_first[sig][0].origin})")
        if self.errors:
            lines.append("invalid programs and fuzzer errors (generator bugs):")
            for program, outcome in self.errors[:5]:
                lines.append(f"  {program.origin}: {outcome.detail.splitlines()[0][:110]}")
        if self.findings:
            by_sig = Counter(o.signature() for _, o in self.findings)
            lines.append("findings, by signature:")
            for sig, n in by_sig.most_common():
                first = next(p for p, o in self.findings if o.signature() == sig)
                lines.append(f"  {n:5d}  {sig}  (first: {first.origin})")
        return "\n".join(lines)


class Runner:
    """Runs programs in `jobs` worker processes."""

    def __init__(self, jobs=1, calls=3, timeout=60.0, check_leaks=True, recycle=200):
        self.jobs, self.calls, self.timeout = jobs, calls, timeout
        self.check_leaks, self.recycle = check_leaks, recycle
        self.idle = []

    def _worker(self):
        if self.idle:
            return self.idle.pop()
        return Worker(self.calls, self.check_leaks)

    def _release(self, w):
        w.current = None
        if w.done >= self.recycle:
            w.stop()
        else:
            self.idle.append(w)

    def close(self):
        for w in self.idle:
            w.stop()
        self.idle = []

    def run_one(self, program):
        """The outcome of one program (in a worker)."""
        result = []
        self.run_many([(0, program)], lambda key, p, o: result.append(o))
        return result[0]

    def run_many(self, items, on_outcome):
        """Runs (key, program) pairs; calls on_outcome(key, program, outcome)
        as each finishes (in completion order)."""
        items = iter(items)
        busy = []
        exhausted = False
        while True:
            while not exhausted and len(busy) < self.jobs:
                nxt = next(items, None)
                if nxt is None:
                    exhausted = True
                    break
                w = self._worker()
                w.start(*nxt)
                busy.append(w)
            if not busy:
                return
            ready = wait([w.conn for w in busy], timeout=1.0)
            now = time.monotonic()
            for w in list(busy):
                key, program = w.current
                if w.conn in ready:
                    try:
                        outcome = Outcome(**w.conn.recv())
                    except (EOFError, OSError):
                        outcome = Outcome("crash", w.death_report())
                        busy.remove(w)
                        w.stop(kill=True)
                        on_outcome(key, program, outcome)
                        continue
                    busy.remove(w)
                    w.done += 1
                    self._release(w)
                    on_outcome(key, program, outcome)
                elif now - w.since > self.timeout:
                    busy.remove(w)
                    w.stop(kill=True)
                    on_outcome(key, program,
                               Outcome("timeout", f"no answer after {self.timeout:.0f} s"))

    def confirm_crash(self, program):
        """Runs a crashed program again, alone in a fresh worker."""
        self.close()
        outcome = self.run_one(program)
        self.close()
        return outcome


def run_batch(programs, jobs=1, calls=3, timeout=60.0, check_leaks=True, progress=None,
              confirm_crashes=True):
    """Runs an iterable of programs; returns a Summary."""
    summary = Summary()
    runner = Runner(jobs=jobs, calls=calls, timeout=timeout, check_leaks=check_leaks)
    start = time.monotonic()
    crashed = []

    def record(key, program, outcome):
        if outcome.kind == "crash" and confirm_crashes:
            crashed.append((program, outcome))
        else:
            summary.add(program, outcome)
        if progress is not None:
            progress(summary, program, outcome)

    try:
        runner.run_many(((k, p) for k, p in enumerate(programs)), record)
        for program, outcome in crashed:
            again = runner.confirm_crash(program)
            if again.kind != "crash":
                outcome = Outcome("crash", outcome.detail + "\n  (did not crash when run again "
                                  f"alone: {again.kind}; an earlier program may have corrupted "
                                  "the heap)")
            summary.add(program, outcome)
    finally:
        runner.close()
    summary.seconds = time.monotonic() - start
    return summary


__all__ = ["Runner", "Summary", "run_batch", "Program"]
