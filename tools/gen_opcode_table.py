#!/usr/bin/env python3
"""Writes core/bytecode/opcodes_3XX.def, the decoder's opcode table for one
CPython version, from that interpreter's own `opcode` and `dis` modules.

Run it with the interpreter whose table you want; it prints the table, or
writes it with -o, or compares it with an existing file with --check:

    python3.11 tools/gen_opcode_table.py -o core/bytecode/opcodes_311.def
    python3.12 tools/gen_opcode_table.py -o core/bytecode/opcodes_312.def
    python3.13 tools/gen_opcode_table.py -o core/bytecode/opcodes_313.def
    python3.12 tools/gen_opcode_table.py --check core/bytecode/opcodes_312.def

What comes from the interpreter: every real opcode (name and number, from
`opcode.opmap`), its inline CACHE entries (`opcode._inline_cache_entries`, a
list indexed by number up to 3.12 and a dict keyed by name from 3.13), which
opcodes jump relative to the next instruction (`dis.hasjrel`) and in which
direction (`dis._is_backward_jump`), and the first opcode with an argument
(checked against `opcode.hasarg` where the interpreter has it). Pseudo
opcodes (numbered 256 and up: they never reach co_code) and the
INSTRUMENTED_* opcodes (`opcode.MIN_INSTRUMENTED_OPCODE` and up: `co_code`
always returns de-instrumented bytes) are left out.

What is pyrite's choice: the neutral op each opcode lowers to (NEUTRAL below,
per version; an opcode not listed is UNSUPPORTED). Argument encodings that
differ between versions (LOAD_ATTR's method bit, COMPARE_OP's shifted
operator, CALL_KW's names tuple, FOR_ITER's exit past END_FOR, ...) are not in
the table: the decoder rewrites them per version (see decoder.cpp).

The output for 3.11 is byte-for-byte the hand-written opcodes_311.def, so
`python3.11 tools/gen_opcode_table.py --check core/bytecode/opcodes_311.def`
is a regression test of this script. Neutral ops that neutral_ops.def does
not define yet are reported on stderr (new ops that the 3.12 and 3.13
tables need).
"""
import argparse
import dis
import opcode
import pathlib
import re
import sys
import textwrap

REPO = pathlib.Path(__file__).resolve().parents[1]
NEUTRAL_OPS_DEF = REPO / "core" / "bytecode" / "neutral_ops.def"
SUPPORTED = ((3, 11), (3, 12), (3, 13))

# --- pyrite's mapping: CPython opname -> neutral op, per version -------------
# Opcodes that are not listed map to UNSUPPORTED.

_COMMON = {
    "POP_TOP": "POP_TOP",
    "PUSH_NULL": "PUSH_NULL",
    "NOP": "NOP",
    "RESUME": "NOP",
    "UNARY_NEGATIVE": "UNARY_NEGATIVE",
    "UNARY_NOT": "UNARY_NOT",
    "UNARY_INVERT": "UNARY_INVERT",
    "BINARY_SUBSCR": "BINARY_SUBSCR",
    "STORE_SUBSCR": "STORE_SUBSCR",
    "DELETE_SUBSCR": "DELETE_SUBSCR",
    "PUSH_EXC_INFO": "PUSH_EXC_INFO",
    "POP_EXCEPT": "POP_EXCEPT",
    "CHECK_EXC_MATCH": "CHECK_EXC_MATCH",
    "RERAISE": "RERAISE",
    "CALL_FUNCTION_EX": "CALL_FUNCTION_EX",
    "RETURN_GENERATOR": "RETURN_GENERATOR",
    "YIELD_VALUE": "YIELD_VALUE",
    "GET_ITER": "GET_ITER",
    "LOAD_ASSERTION_ERROR": "LOAD_ASSERTION_ERROR",
    "FORMAT_VALUE": "FORMAT_VALUE",           # f-strings (3.13 splits it, below)
    "BUILD_STRING": "BUILD_STRING",
    "RETURN_VALUE": "RETURN_VALUE",
    "UNPACK_SEQUENCE": "UNPACK_SEQUENCE",
    "UNPACK_EX": "UNPACK_EX",
    "FOR_ITER": "FOR_ITER",
    "STORE_ATTR": "STORE_ATTR",
    "SWAP": "SWAP",
    "LOAD_CONST": "LOAD_CONST",
    "BUILD_TUPLE": "BUILD_TUPLE",
    "BUILD_LIST": "BUILD_LIST",
    "LIST_APPEND": "LIST_APPEND",
    "BUILD_MAP": "BUILD_MAP",
    "BUILD_CONST_KEY_MAP": "BUILD_CONST_KEY_MAP",
    "MAP_ADD": "MAP_ADD",
    "BUILD_SET": "BUILD_SET",
    "SET_ADD": "SET_ADD",
    "SET_UPDATE": "SET_UPDATE",
    "DICT_UPDATE": "DICT_UPDATE",
    "LOAD_ATTR": "LOAD_ATTR",
    "COMPARE_OP": "COMPARE_OP",
    "JUMP_FORWARD": "JUMP",
    "LOAD_GLOBAL": "LOAD_GLOBAL",
    "IS_OP": "IS_OP",
    "CONTAINS_OP": "CONTAINS_OP",
    "COPY": "COPY",
    "BINARY_OP": "BINARY_OP",
    "LOAD_FAST": "LOAD_FAST",
    "STORE_FAST": "STORE_FAST",
    "DELETE_FAST": "DELETE_FAST",
    "RAISE_VARARGS": "RAISE_VARARGS",
    "BUILD_SLICE": "BUILD_SLICE",
    "JUMP_BACKWARD_NO_INTERRUPT": "JUMP",
    "LOAD_DEREF": "LOAD_DEREF",
    "JUMP_BACKWARD": "JUMP",
    "LIST_EXTEND": "LIST_EXTEND",
    "CALL": "CALL",
}

NEUTRAL = {
    (3, 11): {
        **_COMMON,
        "UNARY_POSITIVE": "UNARY_POSITIVE",
        "JUMP_IF_FALSE_OR_POP": "JUMP_IF_FALSE_OR_POP",
        "JUMP_IF_TRUE_OR_POP": "JUMP_IF_TRUE_OR_POP",
        "POP_JUMP_FORWARD_IF_FALSE": "POP_JUMP_IF_FALSE",
        "POP_JUMP_FORWARD_IF_TRUE": "POP_JUMP_IF_TRUE",
        "POP_JUMP_FORWARD_IF_NOT_NONE": "POP_JUMP_IF_NOT_NONE",
        "POP_JUMP_FORWARD_IF_NONE": "POP_JUMP_IF_NONE",
        "POP_JUMP_BACKWARD_IF_NOT_NONE": "POP_JUMP_IF_NOT_NONE",
        "POP_JUMP_BACKWARD_IF_NONE": "POP_JUMP_IF_NONE",
        "POP_JUMP_BACKWARD_IF_FALSE": "POP_JUMP_IF_FALSE",
        "POP_JUMP_BACKWARD_IF_TRUE": "POP_JUMP_IF_TRUE",
        "LOAD_METHOD": "LOAD_METHOD",
        "PRECALL": "NOP",
        "KW_NAMES": "KW_NAMES",
        # comprehensions are functions called in place: the frontend inlines
        # them (3.12+ inline them into the bytecode themselves)
        "MAKE_FUNCTION": "MAKE_FUNCTION",
        "LIST_TO_TUPLE": "LIST_TO_TUPLE",
        "MAKE_CELL": "NOP",
        "COPY_FREE_VARS": "NOP",
        "LOAD_CLOSURE": "LOAD_CLOSURE",
        "STORE_DEREF": "STORE_DEREF",
    "DELETE_DEREF": "DELETE_DEREF",
        "DELETE_DEREF": "DELETE_DEREF",
    },
}
# 3.12: conditional jumps are forward-only and keep one name each; PRECALL,
# LOAD_METHOD (now LOAD_ATTR's low bit), UNARY_POSITIVE (now
# CALL_INTRINSIC_1 5) and JUMP_IF_*_OR_POP are gone.
NEUTRAL[(3, 12)] = {
    **_COMMON,
    "POP_JUMP_IF_FALSE": "POP_JUMP_IF_FALSE",
    "POP_JUMP_IF_TRUE": "POP_JUMP_IF_TRUE",
    "POP_JUMP_IF_NONE": "POP_JUMP_IF_NONE",
    "POP_JUMP_IF_NOT_NONE": "POP_JUMP_IF_NOT_NONE",
    "KW_NAMES": "KW_NAMES",
    "RETURN_CONST": "RETURN_CONST",           # new neutral op
    "LOAD_FAST_CHECK": "LOAD_FAST",
    "LOAD_FAST_AND_CLEAR": "LOAD_FAST_AND_CLEAR",  # new neutral op (inlined comprehensions)
    "BINARY_SLICE": "BINARY_SLICE",           # new neutral op
    "STORE_SLICE": "STORE_SLICE",             # new neutral op
    # inner functions and lambdas: MakeFunction values; cells are locals
    "MAKE_FUNCTION": "MAKE_FUNCTION",
    "MAKE_CELL": "NOP",
    "COPY_FREE_VARS": "NOP",
    "LOAD_CLOSURE": "LOAD_CLOSURE",
    "STORE_DEREF": "STORE_DEREF",
    "DELETE_DEREF": "DELETE_DEREF",
    # END_FOR stays UNSUPPORTED: the decoder moves FOR_ITER's target past it,
    # so it is dead code. CALL_INTRINSIC_1 stays UNSUPPORTED except
    # INTRINSIC_UNARY_POSITIVE and INTRINSIC_LIST_TO_TUPLE, which the decoder
    # turns into UNARY_POSITIVE and LIST_TO_TUPLE.
}
# 3.13: TO_BOOL before conditional jumps and `not`, superinstructions,
# CALL_KW instead of KW_NAMES, MAKE_FUNCTION + SET_FUNCTION_ATTRIBUTE.
NEUTRAL[(3, 13)] = {
    **{k: v for k, v in NEUTRAL[(3, 12)].items()
       if k not in ("KW_NAMES", "FORMAT_VALUE", "LOAD_CLOSURE")},
    "CONVERT_VALUE": "CONVERT_VALUE",         # f-strings: !s !r !a, then
    "FORMAT_SIMPLE": "FORMAT_SIMPLE",         # format(value) or
    "FORMAT_WITH_SPEC": "FORMAT_WITH_SPEC",   # format(value, spec)
    "SET_FUNCTION_ATTRIBUTE": "SET_FUNCTION_ATTRIBUTE",  # new neutral op, read with MAKE_FUNCTION
    "CALL_KW": "CALL",                        # the decoder turns the LOAD_CONST before it into KW_NAMES
    "TO_BOOL": "TO_BOOL",                     # new neutral op; NOP before a branch or UNARY_NOT (decoder)
    "LOAD_FAST_LOAD_FAST": "LOAD_FAST_LOAD_FAST",      # new neutral ops: arg = first << 4 | second
    "STORE_FAST_LOAD_FAST": "STORE_FAST_LOAD_FAST",
    "STORE_FAST_STORE_FAST": "STORE_FAST_STORE_FAST",
}

# --- what the interpreter says ----------------------------------------------


def cache_entries(name, number):
    ice = opcode._inline_cache_entries
    if isinstance(ice, dict):  # 3.13+: keyed by name
        return ice.get(name, 0)
    return ice[number]


def real_opcodes():
    """(name, number) of every opcode that can appear in co_code, by number."""
    first_instrumented = getattr(opcode, "MIN_INSTRUMENTED_OPCODE", 256)
    rows = [(name, num) for name, num in opcode.opmap.items()
            if num < min(256, first_instrumented)]
    return sorted(rows, key=lambda row: row[1])


def have_argument(rows):
    """The n below which no opcode takes an argument, checked against hasarg."""
    hasarg = getattr(opcode, "hasarg", None)
    if hasarg is None:  # 3.11: the threshold is the rule
        return opcode.HAVE_ARGUMENT
    with_arg = {num for _, num in rows if num in hasarg}
    n = min(with_arg)
    wrong = [name for name, num in rows if (num >= n) != (num in with_arg)]
    if wrong:
        sys.exit(f"no single HAVE_ARGUMENT threshold fits: {wrong}")
    return n


def jump_kind(number):
    if number not in dis.hasjrel:
        return "NONE"
    return "BACKWARD" if dis._is_backward_jump(number) else "FORWARD"


# --- the file ----------------------------------------------------------------

HEADER = """\
//===- bytecode/opcodes_{v}.def - CPython {dotted} opcode table ------*- C++ -*-===//
//
// One row per CPython {dotted} opcode, as `opcode.opmap` and
// `opcode._inline_cache_entries` of CPython {patch} give them:
//
//   PYRITE_OPCODE(name, number, cache_entries, neutral_op, jump_kind)
//
// neutral_op names a row of neutral_ops.def (UNSUPPORTED: pyrite does not
// compile it). jump_kind is NONE, FORWARD or BACKWARD: the oparg counts code
// units from the instruction after this one's inline caches ({dotted} has no
// absolute jumps). python/tests/test_bytecode.py checks this table against
// the `opcode` module of a {dotted} interpreter.
//
// PYRITE_HAVE_ARGUMENT(n), optional (undefined again at the end): opcodes
// numbered below n take no argument and ignore their oparg byte.
//
{notes}//===----------------------------------------------------------------------===//
#ifndef PYRITE_HAVE_ARGUMENT
#define PYRITE_HAVE_ARGUMENT(number)
#endif

PYRITE_HAVE_ARGUMENT({have_arg})

"""

FOOTER = "\n#undef PYRITE_HAVE_ARGUMENT\n"


def notes_for(version, have_arg):
    """Extra header lines for versions after 3.11 (whose file predates this)."""
    if version == (3, 11):
        return ""
    rewritten = ["LOAD_ATTR's method bit", "COMPARE_OP's shifted operator",
                 "FOR_ITER's exit past END_FOR", "CALL_INTRINSIC_1 5 as UNARY_POSITIVE",
                 "CALL_INTRINSIC_1 6 as LIST_TO_TUPLE"]
    if version >= (3, 13):
        rewritten += ["TO_BOOL before a branch or `not`", "CALL_KW's names tuple"]
    text = (f"Generated by tools/gen_opcode_table.py: regenerate, don't edit. Left "
            f"out: pseudo opcodes (256 and up) and INSTRUMENTED_* opcodes "
            f"({opcode.MIN_INSTRUMENTED_OPCODE} and up), which co_code never holds. "
            f"Argument encodings that the decoder rewrites for this version "
            f"({', '.join(rewritten)}) are not in this table.")
    if have_arg != opcode.HAVE_ARGUMENT:
        text += (f" opcode.HAVE_ARGUMENT is {opcode.HAVE_ARGUMENT} here, but "
                 f"{opcode.opname[opcode.HAVE_ARGUMENT]} ({opcode.HAVE_ARGUMENT}) takes no "
                 f"argument (it is not in opcode.hasarg): the first opcode with one "
                 f"is {have_arg}.")
    return "".join(f"// {line}\n" for line in textwrap.wrap(text, 77)) + "//\n"


def generate(version):
    rows = real_opcodes()
    have_arg = have_argument(rows)
    neutral = NEUTRAL[version]
    unknown = set(neutral) - {name for name, _ in rows}
    if unknown:
        sys.exit(f"NEUTRAL[{version}] names opcodes this interpreter lacks: {sorted(unknown)}")
    ops = [neutral.get(name, "UNSUPPORTED") for name, _ in rows]
    width = max(22, max(len(op) for op in ops) + 2)
    out = [HEADER.format(v=f"{version[0]}{version[1]}", dotted=f"{version[0]}.{version[1]}",
                         patch=sys.version.split()[0], have_arg=have_arg,
                         notes=notes_for(version, have_arg))]
    for (name, num), op in zip(rows, ops):
        out.append(f"PYRITE_OPCODE({name + ',':<30}{num:>3}, {cache_entries(name, num):>2}, "
                   f"{op + ',':<{width}}{jump_kind(num)})\n")
    out.append(FOOTER)
    return "".join(out), set(ops)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-o", "--output", type=pathlib.Path, help="write the table here")
    group.add_argument("--check", type=pathlib.Path,
                       help="exit 1 unless this file is what would be written")
    args = parser.parse_args()
    version = sys.version_info[:2]
    if version not in SUPPORTED:
        sys.exit(f"no neutral-op mapping for CPython {version[0]}.{version[1]} "
                 f"(this script knows {', '.join('%d.%d' % v for v in SUPPORTED)})")
    text, used = generate(version)
    if NEUTRAL_OPS_DEF.exists():
        known = set(re.findall(r"^PYRITE_NEUTRAL_OP\((\w+)\)", NEUTRAL_OPS_DEF.read_text(), re.M))
        missing = sorted(used - known)
        if missing:
            print(f"note: neutral_ops.def does not define {', '.join(missing)} yet",
                  file=sys.stderr)
    if args.check:
        if args.check.read_text() != text:
            import difflib
            sys.stdout.writelines(difflib.unified_diff(
                args.check.read_text().splitlines(True), text.splitlines(True),
                str(args.check), "generated"))
            sys.exit(1)
        print(f"{args.check}: up to date")
    elif args.output:
        args.output.write_text(text)
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
