"""The C++ bytecode decoder against `dis` on the running interpreter.

`pyrite._core.decode_bytecode(code)` returns one tuple per instruction,
CACHE entries skipped and EXTENDED_ARG folded into the next instruction:
    (offset, opname, neutral_opname, arg, jump_target,
     line, end_line, col, end_col)
with -1 for "none" (no jump target, no position value) and arg 0 for opcodes
without an argument. The opcode table itself (core/bytecode/opcodes_311.def)
is checked against the `opcode` module without the extension.
"""
import dis
import math
import opcode
import pathlib
import re
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
OPCODES_311 = REPO / "core" / "bytecode" / "opcodes_311.def"
NEUTRAL_OPS = REPO / "core" / "bytecode" / "neutral_ops.def"

py311 = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                           reason="the decoder's table is for CPython 3.11")


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
    """opname -> neutral op name, from opcodes_311.def."""
    rows = re.findall(r"^PYRITE_OPCODE\((\w+),\s*(\d+),\s*(\d+),\s*(\w+),\s*(\w+)\)",
                      OPCODES_311.read_text(), re.M)
    return {name: neutral for name, _, _, neutral, _ in rows}


def expected(func):
    out = []
    for inst in dis.get_instructions(func):
        if inst.opname in ("CACHE", "EXTENDED_ARG"):
            continue
        target = inst.argval if inst.opcode in dis.hasjrel else -1
        arg = 0 if inst.arg is None else inst.arg
        pos = tuple(-1 if v is None else v for v in inst.positions)
        out.append((inst.offset, inst.opname, arg, target) + pos)
    return out


@pytest.fixture(scope="module")
def decode_bytecode():
    from pyrite import _core
    return _core.decode_bytecode


@py311
@pytest.mark.parametrize("func", FUNCTIONS, ids=_id)
def test_matches_dis(decode_bytecode, func):
    got = decode_bytecode(func.__code__)
    want = expected(func)
    assert len(got) == len(want), f"{len(got)} instructions, dis has {len(want)}"
    neutral = _neutral_table()
    for g, w in zip(got, want):
        offset, opname, neutral_opname, arg, target, *pos = g
        assert (offset, opname, arg, target, *pos) == w, f"at offset {w[0]}"
        assert neutral_opname == neutral[opname], f"at offset {w[0]}"


@py311
def test_extended_arg_is_folded(decode_bytecode):
    raw = list(dis.get_instructions(long_function))
    assert any(i.opname == "EXTENDED_ARG" for i in raw)
    got = decode_bytecode(long_function.__code__)
    assert "EXTENDED_ARG" not in {g[1] for g in got}
    assert max(g[3] for g in got if g[1] == "LOAD_CONST") > 255


@py311
def test_quickened_code_decodes_like_fresh_code(decode_bytecode):
    # After many calls CPython specializes the instructions in place; co_code
    # still gives the original opcodes, which is what must be decoded.
    before = decode_bytecode(for_negative_step.__code__)
    grid = {(i, j): 1.0 for i in range(20) for j in range(20)}
    for _ in range(200):
        for_negative_step(19, grid)
    assert decode_bytecode(for_negative_step.__code__) == before


@pytest.mark.skipif(sys.version_info[:2] == (3, 11),
                    reason="needs an interpreter whose bytecode is unsupported")
def test_other_versions_are_refused(decode_bytecode):
    with pytest.raises(Exception, match="not supported"):
        decode_bytecode(arith.__code__)


# --- the opcode table against the `opcode` module ------------------------------

@py311
def test_opcode_table_matches_cpython():
    rows = re.findall(r"^PYRITE_OPCODE\((\w+),\s*(\d+),\s*(\d+),\s*(\w+),\s*(\w+)\)",
                      OPCODES_311.read_text(), re.M)
    table = {name: (int(num), int(caches), jump)
             for name, num, caches, _, jump in rows}
    assert len(table) == len(rows), "an opcode is listed twice"
    assert set(table) == set(opcode.opmap)
    for name, (num, caches, jump) in table.items():
        assert num == opcode.opmap[name], name
        assert caches == opcode._inline_cache_entries[num], name
        if num in dis.hasjrel:
            want = "BACKWARD" if "JUMP_BACKWARD" in name else "FORWARD"
        else:
            want = "NONE"
        assert jump == want, name
    assert not dis.hasjabs, "3.11 has no absolute jumps"
    have_arg = re.search(r"^PYRITE_HAVE_ARGUMENT\((\d+)\)",
                         OPCODES_311.read_text(), re.M)
    assert int(have_arg.group(1)) == opcode.HAVE_ARGUMENT


def test_opcode_table_names_only_neutral_ops():
    known = set(re.findall(r"^PYRITE_NEUTRAL_OP\((\w+)\)",
                           NEUTRAL_OPS.read_text(), re.M))
    used = set(_neutral_table().values())
    assert used <= known, used - known
