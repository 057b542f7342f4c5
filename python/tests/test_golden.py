"""Golden tests of the pipeline stages, Python source in, IR out.

Each case is one file in golden/, NAME.py, holding an @njit function named
NAME (and any @njit helpers it calls) plus:

    ARGS = (...)          # the arguments it is called with before typing
    LLVM_CHECKS = [...]   # checks of the optimized LLVM IR (see below)

and for each case and stage this file compares:

    golden/NAME.ir     pyrite._core.print_ir(NAME.py_func), untyped IR
    golden/NAME.types  inspect_types() of NAME and its @njit helpers,
                       after calling NAME(*ARGS)

One file per program serves every supported CPython: the frontend lowers
each version's bytecode to the same neutral ops and canonical CFG
(core/ir/cfg.cpp), so a difference between versions is a failure here, not
a reason for another golden file. Regenerate them instead of editing by hand:

    PYRITE_BLESS=1 PYTHONPATH=build/python python3 -m pytest -q python/tests/test_golden.py

The optimized LLVM IR changes with LLVM versions, so it has no golden file;
LLVM_CHECKS holds (kind, regex) pairs, FileCheck style, over the module that
inspect_llvm() returns for the call:

    ("contains", RE)      RE matches somewhere in the module
    ("not", RE)           RE matches nowhere in the module
    ("loop", RE)          RE matches inside some loop
    ("loop-not", RE)      RE matches inside no loop

A loop is a natural loop of the CFG: a header, entered by a back edge from a
block the header dominates, and every block that reaches that edge without
passing the header; code before or after the loop, like an allocation, is
not in it.
Every case also checks that the compiled function returns what CPython does.
"""
import difflib
import importlib.util
import io
import math
import os
import pathlib
import re
import shutil

import numpy as np
import pytest

from pyrite import _core
from pyrite.dispatcher import Dispatcher

GOLDEN = pathlib.Path(__file__).resolve().parent / "golden"
EXPECTED = GOLDEN
BLESS = os.environ.get("PYRITE_BLESS") == "1"
BLESS_COMMAND = ("PYRITE_BLESS=1 PYTHONPATH=build/python "
                 "python3 -m pytest -q python/tests/test_golden.py")
STAGES = ("ir", "types")
CHECK_KINDS = ("contains", "not", "loop", "loop-not")

CASES = sorted(p.stem for p in GOLDEN.glob("*.py"))


# --- loading a case ------------------------------------------------------------

_modules = {}


def load_case(name):
    """The case module, imported once per session under a private name."""
    if name not in _modules:
        path = GOLDEN / f"{name}.py"
        spec = importlib.util.spec_from_file_location(f"pyrite_golden_{name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        entry = getattr(module, name, None)
        assert isinstance(entry, Dispatcher), \
            f"{path}: needs an @njit function named {name!r}"
        assert isinstance(getattr(module, "ARGS", None), tuple), \
            f"{path}: needs ARGS, a tuple of arguments"
        _modules[name] = module
    return _modules[name]


def fresh_args(module):
    """A copy of ARGS, so functions that write their array arguments see the
    same input on every call."""
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in module.ARGS)


def dispatchers(module):
    """The case's @njit functions, in definition order."""
    return [v for v in vars(module).values() if isinstance(v, Dispatcher)]


def called(name):
    """The case module after NAME(*ARGS) has been compiled and run."""
    module = load_case(name)
    entry = getattr(module, name)
    if not entry.signatures:
        entry(*fresh_args(module))
    return module


# --- producing each stage --------------------------------------------------------

def untyped_ir(name):
    module = load_case(name)
    return _core.print_ir(getattr(module, name).py_func)


def typed_ir(name):
    module = called(name)
    out = io.StringIO()
    for d in dispatchers(module):
        d.inspect_types(file=out)
    return out.getvalue()


PRODUCERS = {"ir": untyped_ir, "types": typed_ir}


# --- comparison and blessing -----------------------------------------------------

def compare_or_bless(got, path):
    rel = path.relative_to(GOLDEN.parents[2])
    if BLESS:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != got:
            path.write_text(got)
            pytest.skip(f"blessed {rel}")
        return
    if not path.exists():
        pytest.fail(f"{rel} is missing; create it with\n    {BLESS_COMMAND}", pytrace=False)
    want = path.read_text()
    if got == want:
        return
    diff = "".join(difflib.unified_diff(
        want.splitlines(keepends=True), got.splitlines(keepends=True),
        fromfile=f"{rel} (expected)", tofile=f"{rel} (got)"))
    pytest.fail(f"output differs from {rel}:\n{diff}\n"
                f"If the change is intended, rerun with\n    {BLESS_COMMAND}\n"
                f"and review the diff of {rel.parent}/ before committing.",
                pytrace=False)


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("name", CASES)
def test_stage(name, stage):
    compare_or_bless(PRODUCERS[stage](name), EXPECTED / f"{name}.{stage}")


def test_no_stale_expected_files():
    """Every expected file belongs to a case and a stage (a renamed or
    deleted case leaves none behind), and no per-version copies exist."""
    def stale(p):
        if p.is_dir():
            return p.name != "__pycache__"
        return p.suffix != ".py" and (p.stem not in CASES or p.suffix[1:] not in STAGES)

    found = sorted(p for p in EXPECTED.iterdir() if stale(p))
    if BLESS:
        for p in found:
            shutil.rmtree(p) if p.is_dir() else p.unlink()
        return
    assert not found, (f"stale files in {EXPECTED}: {[p.name for p in found]}; "
                       f"delete them or run\n    {BLESS_COMMAND}")


def test_enough_cases():
    assert len(CASES) >= 8, f"expected the golden cases in {GOLDEN}"


# --- results ----------------------------------------------------------------------

def kind(v):
    """Python's view of a scalar: NumPy scalars from CPython compare as the
    int/float/bool that compiled code returns (as in Numba)."""
    if isinstance(v, (bool, np.bool_)):
        return bool
    if isinstance(v, (int, np.integer)):
        return int
    if isinstance(v, (float, np.floating)):
        return float
    return type(v)


def same(got, want):
    if isinstance(want, np.ndarray):
        return (isinstance(got, np.ndarray) and got.dtype == want.dtype
                and got.shape == want.shape and np.array_equal(got, want))
    if isinstance(want, tuple):
        return (isinstance(got, tuple) and len(got) == len(want)
                and all(same(g, w) for g, w in zip(got, want)))
    if kind(want) is float and math.isnan(want):
        return kind(got) is float and math.isnan(got)
    return kind(got) is kind(want) and got == want


@pytest.mark.parametrize("name", CASES)
def test_result_matches_cpython(name):
    module = called(name)
    got = getattr(module, name)(*fresh_args(module))
    want = getattr(module, name).py_func(*fresh_args(module))
    assert same(got, want), f"{name}{module.ARGS!r}: pyrite {got!r}, CPython {want!r}"


# --- optimized LLVM IR checks ----------------------------------------------------

_LABEL = re.compile(r'^("[^"]+"|[-\w.$]+):')
_TARGET = re.compile(r'label %("[^"]+"|[-\w.$]+)')


def functions(llvm_ir):
    """{function: [(label, text, successors)]} of every definition in the
    module, blocks in text order; the entry block is labelled "entry" when
    LLVM leaves it unnamed."""
    out, blocks = {}, None
    for line in llvm_ir.splitlines():
        if line.startswith("define "):
            blocks = out.setdefault(line, [])
            blocks.append(["entry", [], []])
        elif line.startswith("}"):
            blocks = None
        elif blocks is not None and (m := _LABEL.match(line)):
            if blocks[-1][1] or blocks[-1][0] != "entry":
                blocks.append([m.group(1), [], []])
            else:
                blocks[-1][0] = m.group(1)
        elif blocks is not None and line.startswith("  "):
            blocks[-1][1].append(line)
            if line.lstrip().startswith(("br ", "switch ")) or line.startswith("    i"):
                blocks[-1][2].extend(_TARGET.findall(line))
    return {f: [(label, "\n".join(text), succ) for label, text, succ in blocks]
            for f, blocks in out.items()}


def loops(llvm_ir):
    """The text of each natural loop (a header and the blocks that reach one
    of its back edges without passing it), one string per header."""
    bodies = []
    for blocks in functions(llvm_ir).values():
        labels = [label for label, _, _ in blocks]
        text = {label: body for label, body, _ in blocks}
        succs = {label: [s for s in succ if s in text] for label, _, succ in blocks}
        preds = {label: [] for label in labels}
        for label in labels:
            for s in succs[label]:
                preds[s].append(label)
        # Dominators by the iterative data-flow algorithm (tiny CFGs).
        dom = {label: set(labels) for label in labels}
        dom[labels[0]] = {labels[0]}
        changed = True
        while changed:
            changed = False
            for label in labels[1:]:
                new = set(labels)
                for p in preds[label]:
                    new &= dom[p]
                new = (new if preds[label] else set()) | {label}
                if new != dom[label]:
                    dom[label], changed = new, True
        loop_blocks = {}
        for latch in labels:
            for header in succs[latch]:
                if header not in dom[latch]:
                    continue
                body = loop_blocks.setdefault(header, {header})
                work = [latch]
                while work:
                    b = work.pop()
                    if b not in body:
                        body.add(b)
                        work.extend(preds[b])
        for header, body in loop_blocks.items():
            bodies.append("\n".join(f"{label}:\n{text[label]}"
                                    for label in labels if label in body))
    return bodies


def run_check(kind, pattern, llvm_ir):
    """None if the check holds, else what went wrong."""
    rx = re.compile(pattern, re.M)
    if kind == "contains":
        return None if rx.search(llvm_ir) else f"no match for {pattern!r} in the module"
    if kind == "not":
        m = rx.search(llvm_ir)
        return None if not m else f"{pattern!r} matched {_line_of(llvm_ir, m)!r}"
    bodies = loops(llvm_ir)
    if not bodies:
        return "the module has no loop"
    if kind == "loop":
        return None if any(rx.search(b) for b in bodies) else \
            f"no loop matches {pattern!r}"
    if kind == "loop-not":
        for b in bodies:
            if m := rx.search(b):
                return f"{pattern!r} matched {_line_of(b, m)!r} inside a loop"
        return None
    raise ValueError(f"unknown check kind {kind!r}; use one of {CHECK_KINDS}")


def _line_of(text, match):
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    return text[start:end if end >= 0 else None].strip()


@pytest.mark.parametrize("name", CASES)
def test_llvm_checks(name):
    module = called(name)
    checks = getattr(module, "LLVM_CHECKS", [])
    assert checks, f"golden/{name}.py: LLVM_CHECKS is empty"
    entry = getattr(module, name)
    llvm_ir = entry.inspect_llvm(entry.signatures[0])
    failures = [f"  {kind} {pattern!r}: {why}" for kind, pattern in checks
                if (why := run_check(kind, pattern, llvm_ir))]
    if failures:
        pytest.fail(f"optimized LLVM IR of {name}{entry.signatures[0]} fails checks:\n"
                    + "\n".join(failures) + "\n--- module ---\n" + llvm_ir, pytrace=False)


# The helpers above are tested too: a wrong loop finder would make every
# loop check pass vacuously or fail for nothing.
_SAMPLE = """\
define i32 @f(ptr %0) {
  %c0 = icmp eq ptr %0, null
  br i1 %c0, label %exit, label %head

head:
  %i = phi i64 [ 0, %1 ], [ %n, %body ]
  br i1 %c, label %body, label %exit

exit:
  call void @g()
  ret i32 0

body:
  %p = getelementptr double, ptr %0, i64 %i
  %n = add i64 %i, 1
  br label %head
}
"""


def test_loop_finder():
    (loop,) = loops(_SAMPLE)
    assert loop.startswith("head:") and "getelementptr" in loop and "call" not in loop
    assert "icmp eq ptr" not in loop
    assert run_check("loop", r"getelementptr", _SAMPLE) is None
    assert run_check("loop-not", r"\bcall\b", _SAMPLE) is None
    assert run_check("loop-not", r"\badd\b", _SAMPLE) is not None
    assert run_check("not", r"\bcall\b", _SAMPLE) is not None
    assert run_check("contains", r"ret i32 0", _SAMPLE) is None
