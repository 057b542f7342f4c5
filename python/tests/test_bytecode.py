"""The C++ bytecode decoder against `dis` on the running interpreter.

`pyrite._core.decode_bytecode(code)` returns one tuple per instruction,
CACHE entries skipped and EXTENDED_ARG folded into the next instruction:
    (offset, opname, neutral_opname, arg, jump_target,
     line, end_line, col, end_col, oparg, part)
with -1 for "none" (no jump target, no position value) and oparg 0 for
opcodes without an argument; `arg` is the neutral op's argument, `part` 1 the
second half of a compound instruction the decoder expanded in two. The opcode
table of the running version (core/bytecode/opcodes_3XY.def) is checked
against the `opcode` module without the extension.
"""
import dis
import math
import opcode
import pathlib
import re
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SUPPORTED = ((3, 11), (3, 12), (3, 13))
VERSION = sys.version_info[:2]
OPCODES = REPO / "core" / "bytecode" / f"opcodes_{VERSION[0]}{VERSION[1]}.def"
NEUTRAL_OPS = REPO / "core" / "bytecode" / "neutral_ops.def"

supported = pytest.mark.skipif(VERSION not in SUPPORTED,
                               reason="the decoder has no table for this CPython")


# --- functions to decode, one per kind of control flow or opcode family -----

def arith(a, b):
    c = a * b + 3
    d = (a - b) // 2 % 7
    c += -d
    return c ** 2 / (d | 1) - ~a


def branches(x, y):
    if x < 0:
        r = -x
    elif x is None or not y:
        r = 1
    elif x == y:
        r = 0
    else:
        r = x - y
    return r


def while_break_continue(n):
    i = total = 0
    while i < n:
        i += 1
        if i % 3 == 0:
            continue
        if total > 100:
            break
        total += i
    else:
        total = -1
    return total


def for_negative_step(n, a):
    acc = 0
    for i in range(n, 0, -2):
        for j in range(i):
            acc += a[i, j] * j
    return acc


def calls(x, items):
    r = math.sqrt(x * x + 1.0)
    items.append(r)
    return max(r, len(items), key=abs)


def short_circuit(a, b, c):
    v = a and b or c
    if (a or b) and not c:
        return v
    return a < b < c


def try_except(x):
    try:
        y = 1 / x
    except ZeroDivisionError as e:
        y = str(e)
    finally:
        x = None
    return y


def closure(x):
    def inner(y):
        return x + y
    return inner


def generator(n):
    for i in range(n):
        yield i * i
    yield from range(3)


def comprehension_fstring(xs):
    ys = [x * 2 for x in xs if x]
    return f"{ys!r:>10} {len(ys)}", {k: v for k, v in zip(xs, ys)}


def unpack_slice_assert(seq):
    global _SEEN
    first, *rest = seq
    assert first is not None, "empty"
    _SEEN = seq[1:3], seq[::-1]
    del rest
    return first


def with_match(cm, v):
    with cm as f:
        f.write("x")
    match v:
        case [a, b]:
            return a + b
        case {"k": k}:
            return k
        case _:
            return None


def _long_function():
    # > 256 constants and jumps longer than 255 code units: EXTENDED_ARG on
    # LOAD_CONST, on the forward conditional jump and on the backward jump.
    terms = " + ".join(str(k) for k in range(1000, 1300))
    src = (f"def long_function(s, n):\n"
           f"    while s < n:\n"
           f"        s = s + {terms}\n"
           f"    return s\n")
    namespace = {}
    exec(compile(src, "<long_function>", "exec"), namespace)
    return namespace["long_function"]


long_function = _long_function()

FUNCTIONS = [
    arith, branches, while_break_continue, for_negative_step, calls,
    short_circuit, try_except, closure, closure(1), generator,
    comprehension_fstring, unpack_slice_assert, with_match, long_function,
    lambda a, b=2: a if a > b else b,
]


def _id(func):
    return func.__qualname__.replace("<locals>.", "").replace("<lambda>", "lambda")


# --- the expected side -----------------------------------------------------------

def _neutral_table():
    """opname -> neutral op name, from the running version's table."""
    rows = re.findall(r"^PYRITE_OPCODE\((\w+),\s*(\d+),\s*(\d+),\s*(\w+),\s*(\w+)\)",
                      OPCODES.read_text(), re.M)
    return {name: neutral for name, _, _, neutral, _ in rows}


# Instructions whose neutral op the decoder rewrites after the table lookup
# (per-version argument encodings, compound ops expanded in two).
REWRITTEN = {"LOAD_ATTR", "LOAD_CONST", "CALL_INTRINSIC_1", "TO_BOOL", "RETURN_CONST",
             "BINARY_SLICE", "STORE_SLICE", "LOAD_FAST_LOAD_FAST", "STORE_FAST_LOAD_FAST",
             "STORE_FAST_STORE_FAST"}
# Code units FOR_ITER's exit skips past dis's target (END_FOR [, POP_TOP]).
FOR_ITER_SKIP = {(3, 11): 0, (3, 12): 1, (3, 13): 2}.get(VERSION, 0)


def expected(func):
    insts = [i for i in dis.get_instructions(func) if i.opname != "CACHE"]
    # A jump to an EXTENDED_ARG prefix lands on the instruction it prefixes.
    landing, pending = {}, []
    for inst in insts:
        pending.append(inst.offset)
        if inst.opname != "EXTENDED_ARG":
            landing.update((p, inst.offset) for p in pending)
            pending = []
    real = [i for i in insts if i.opname != "EXTENDED_ARG"]
    out = []
    for k, inst in enumerate(real):
        target = inst.argval if inst.opcode in dis.hasjrel else -1
        if inst.opname == "FOR_ITER" and FOR_ITER_SKIP:
            at = next(j for j, i in enumerate(real) if i.offset == target)
            target = real[at + FOR_ITER_SKIP].offset
        target = landing.get(target, target)
        arg = 0 if inst.arg is None else inst.arg
        pos = tuple(-1 if v is None else v for v in inst.positions)
        out.append((inst.offset, inst.opname, arg, target) + pos)
    return out


@pytest.fixture(scope="module")
def decode_bytecode():
    from pyrite import _core
    return _core.decode_bytecode


@supported
@pytest.mark.parametrize("func", FUNCTIONS, ids=_id)
def test_matches_dis(decode_bytecode, func):
    got = [g for g in decode_bytecode(func.__code__) if g[10] == 0]  # part 0 rows
    want = expected(func)
    assert len(got) == len(want), f"{len(got)} instructions, dis has {len(want)}"
    neutral = _neutral_table()
    for g, w in zip(got, want):
        offset, opname, neutral_opname, arg, target, *pos, oparg, part = g
        assert (offset, opname, oparg, target, *pos) == w, f"at offset {w[0]}"
        if opname not in REWRITTEN:
            assert neutral_opname == neutral[opname], f"at offset {w[0]}"


@supported
def test_extended_arg_is_folded(decode_bytecode):
    raw = list(dis.get_instructions(long_function))
    assert any(i.opname == "EXTENDED_ARG" for i in raw)
    got = decode_bytecode(long_function.__code__)
    assert "EXTENDED_ARG" not in {g[1] for g in got}
    assert max(g[9] for g in got if g[1] == "LOAD_CONST") > 255


@supported
def test_quickened_code_decodes_like_fresh_code(decode_bytecode):
    # After many calls CPython specializes the instructions in place; co_code
    # still gives the original opcodes, which is what must be decoded.
    before = decode_bytecode(for_negative_step.__code__)
    grid = {(i, j): 1.0 for i in range(20) for j in range(20)}
    for _ in range(200):
        for_negative_step(19, grid)
    assert decode_bytecode(for_negative_step.__code__) == before


@pytest.mark.skipif(VERSION in SUPPORTED,
                    reason="needs an interpreter whose bytecode is unsupported "
                           "(the C++ Version.* tests cover the refusal)")
def test_other_versions_are_refused(decode_bytecode):
    with pytest.raises(Exception, match="not supported"):
        decode_bytecode(arith.__code__)


# --- the opcode table against the `opcode` module ------------------------------

@supported
def test_opcode_table_matches_cpython():
    text = OPCODES.read_text()
    rows = re.findall(r"^PYRITE_OPCODE\((\w+),\s*(\d+),\s*(\d+),\s*(\w+),\s*(\w+)\)",
                      text, re.M)
    table = {name: (int(num), int(caches), jump)
             for name, num, caches, _, jump in rows}
    assert len(table) == len(rows), "an opcode is listed twice"
    # Pseudo opcodes (256 and up) and INSTRUMENTED_* ones never reach co_code.
    first_instrumented = getattr(opcode, "MIN_INSTRUMENTED_OPCODE", 256)
    real = {n: x for n, x in opcode.opmap.items() if x < min(256, first_instrumented)}
    assert set(table) == set(real), set(table) ^ set(real)
    cache_entries = opcode._inline_cache_entries
    for name, (num, caches, jump) in table.items():
        assert num == real[name], name
        want_caches = (cache_entries.get(name, 0) if isinstance(cache_entries, dict)
                       else cache_entries[num])
        assert caches == want_caches, name
        if num not in dis.hasjrel:
            want = "NONE"
        elif hasattr(dis, "_is_backward_jump"):
            want = "BACKWARD" if dis._is_backward_jump(num) else "FORWARD"
        else:
            want = "BACKWARD" if "JUMP_BACKWARD" in name else "FORWARD"
        assert jump == want, name
    assert not dis.hasjabs, "no absolute jumps since 3.11"
    have_arg = int(re.search(r"^PYRITE_HAVE_ARGUMENT\((\d+)\)", text, re.M).group(1))
    hasarg = set(getattr(opcode, "hasarg",
                         [x for x in real.values() if x >= opcode.HAVE_ARGUMENT]))
    assert all((x >= have_arg) == (x in hasarg) for x in real.values())


@supported
def test_opcode_table_is_generated():
    tool = REPO / "tools" / "gen_opcode_table.py"
    result = subprocess.run([sys.executable, str(tool), "--check", str(OPCODES)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@supported
def test_opcode_table_names_only_neutral_ops():
    known = set(re.findall(r"^PYRITE_NEUTRAL_OP\((\w+)\)",
                           NEUTRAL_OPS.read_text(), re.M))
    used = set(_neutral_table().values())
    assert used <= known, used - known
