"""Running one program under CPython and under pyrite, in this process, and
classifying what happened (an `Outcome`).

Kinds of outcome:
  ok           both agree
  unsupported  pyrite refused the program (TypingError/UnsupportedError)
  invalid      CPython raised an exception the generator did not intend
               (a generator bug, not a pyrite one)
  mismatch     a different value, dtype, shape, exception class, or argument
               state after the call
  internal     pyrite.errors.CompilerError, or an exception whose message
               says "pyrite bug"/"internal"
  leak         pyrite's live allocation count did not return to where it was
  crash        the process died (set by the runner, never here)
  timeout      the program did not finish in time (set by the runner)
"""
from dataclasses import dataclass, asdict
import gc
import inspect
import re
import sys
import warnings

import numpy as np

from .compare import Snapshot, difference

FINDINGS = ("mismatch", "internal", "leak", "crash", "timeout")
INTERNAL_WORDS = re.compile(r"pyrite bug|internal error|internal compiler|LLVM ERROR",
                            re.IGNORECASE)


@dataclass
class Outcome:
    kind: str
    detail: str = ""

    @property
    def finding(self):
        return self.kind in FINDINGS

    def signature(self):
        """A coarse key: two findings with the same signature are most likely
        the same bug (used to deduplicate and to check reductions)."""
        if self.kind == "mismatch":
            first = self.detail.split(":", 1)[0]
            if first == "exception":
                pyrite = re.search(r"pyrite raised (\w+)", self.detail)
                cpython = re.search(r"CPython (?:raised )?(\w+)", self.detail)
                return (f"mismatch/exception/pyrite {pyrite.group(1) if pyrite else 'none'}"
                        f"/CPython {cpython.group(1) if cpython else 'none'}")
            return "mismatch/" + first
        if self.kind == "internal":
            return "internal/" + self.detail.split(":", 1)[0]
        if self.kind == "unsupported":
            return "unsupported/" + _message_key(self.detail)
        if self.kind in ("invalid", "error"):
            return f"{self.kind}/" + _message_key(self.detail)
        return self.kind

    def to_dict(self):
        return asdict(self)


def _message_key(text):
    line = text.split("Failed in nopython mode pipeline:", 1)[-1].strip().splitlines()
    line = line[0] if line else ""
    line = re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "_", line)
    return line[:120]


def _call_python(program):
    ns = program.reference_namespace()
    args = program.build_args()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            value = ns["f"](*args)
        except Exception as e:          # noqa: BLE001 - any exception is data here
            return Snapshot(args=args, exception=e)
    return Snapshot(value, args)


def compile_pyrite(program, njit):
    """f and its helpers compiled with `njit` in a fresh namespace: f's
    calls of a helper go to the compiled helper."""
    ns = program.namespace()
    options = dict(program.options)
    jit = njit(**options) if options else njit
    for name in program.helpers:
        ns[name] = jit(ns[name])
    return jit(ns["f"])


def classify_exception(e):
    """'unsupported', 'internal' or None (a run-time exception to compare)."""
    from pyrite import errors
    if isinstance(e, errors.CompilerError):
        return "internal"
    if isinstance(e, (errors.TypingError, errors.UnsupportedError)):
        if INTERNAL_WORDS.search(str(e).split("\nFile ")[0]):
            return "internal"
        return "unsupported"
    if isinstance(e, errors.NumbaError) or INTERNAL_WORDS.search(str(e)):
        return "internal"
    return None


def run_program(program, calls=3, check_leaks=True):
    """Runs `program` under CPython once and under pyrite `calls` times
    (fresh arguments each time) and compares every pyrite call."""
    import pyrite
    from pyrite import _core

    want = _call_python(program)
    if want.exception is not None and want.exception not in program.expected:
        return Outcome("invalid", f"CPython raised {want.exception}: {want.message}")
    gc.collect()
    before = _core.live_allocations()
    try:
        f = compile_pyrite(program, pyrite.njit)
    except Exception as e:              # noqa: BLE001
        return Outcome("internal", f"{type(e).__name__}: {e}")
    params = list(inspect.signature(f.py_func).parameters)
    for call in range(calls):
        args = program.build_args()
        # the second call passes the last argument by keyword (the
        # dispatcher's slow path)
        kwargs = {params[-1]: args[-1]} if call == 1 and params and args else {}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = f(*args[:len(args) - len(kwargs)], **kwargs)
            got = Snapshot(value, args)
        except Exception as e:          # noqa: BLE001
            kind = classify_exception(e)
            if kind is not None:
                return Outcome(kind, f"{type(e).__name__}: {e}")
            got = Snapshot(args=args, exception=e)
        d = difference(got, want, program.tolerance)
        if d is not None:
            return Outcome("mismatch", d if call == 0 else f"{d}\n  (on call {call + 1})")
        del args, got
        value = None
    if check_leaks:
        gc.collect()
        after = _core.live_allocations()
        if after != before:
            return Outcome("leak", f"live allocations {before} before the calls, {after} after")
    return Outcome("ok")


def main_once(path):
    """Debugging aid: python -m pyrite.testing.fuzz.execute FILE.py"""
    from .program import Program
    with open(path) as fh:
        program = Program.parse(fh.read(), origin=path)
    print(run_program(program))


if __name__ == "__main__":
    main_once(sys.argv[1])
