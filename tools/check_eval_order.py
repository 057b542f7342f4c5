#!/usr/bin/env python3
"""Finds calls in IR-emitting C++ that pass two or more IR-emitting calls as
arguments.

Why: C++ leaves the order in which a call's arguments are evaluated
unspecified, and compilers differ: gcc evaluates them right to left, clang
left to right. In

    b_.CreateSelect(b_.CreateICmpSLT(x, zero), b_.CreateAdd(x, n), x)

the icmp and the add are appended to the function in one order by a gcc
build of pyrite and in the other by a clang build, so the IR (and the
FileCheck tests of python/tests/lowering) depends on the compiler that built
pyrite. The rule: compute each emitting argument into a named local, in the
order wanted, before the call that uses it:

    Value *wrapped = b_.CreateAdd(x, n);
    Value *negative = b_.CreateICmpSLT(x, zero);
    b_.CreateSelect(negative, wrapped, x)

"Emitting" is anything whose order shows in the module's text: an
instruction, a basic block, a global, a function declaration. A call counts
as emitting unless its name is in PURE below (constants, types, casts, plain
C++ helpers); a lambda written as an argument is not called there, so its
body does not count. A braced list `{f(), g()}` is evaluated left to right
by every compiler and counts as one argument. Two emitting operands of an
operator (`f() + g()`) are just as unordered but are not looked for: lowering
does not combine IR values with C++ operators.

    python3 tools/check_eval_order.py            # the default files (below)
    python3 tools/check_eval_order.py FILE...

Prints one line per call found and exits 1 when there is any; the test is
python/tests/test_eval_order.py. A false positive is fixed by adding the
helper's name to PURE (when it really emits nothing), not by a per-line
exception.
"""
import glob
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

# Calls that emit nothing whose order could show in the IR text. A name is
# the callee's last component (b_.getInt64 -> getInt64, llvm::ConstantInt::get
# -> get); qualified names are matched whole first (std::..., types::..., ir::...).
PURE = re.compile(r"""^(?:
    # LLVM getters, constants and types (uniqued: their creation order never
    # shows), but not get-or-insert, which declares a function
    (?!getOrInsert|getOrCreate|getDeclaration|getIntrinsicDeclaration)get\w*
  | GetInsertBlock | getNullValue
  | \w+Ty | llvm_type | memory_type | element_memory_type | array_struct | iter_state_type
  | i64 | fp_const | value | type_of | builder
  # metadata is numbered as the printer meets it, not as it is made
  | MDBuilder | createUnlikelyBranchWeights | createLikelyBranchWeights
  # casts and value wrappers
  | static_cast | reinterpret_cast | const_cast | dyn_cast | cast | isa
  | wrap | unwrap | Twine | StringRef | ArrayRef | makeArrayRef | Align | MaybeAlign
  | unsigned | int | long | bool | double | float | char | void | \w+_t
  # plain C++ on strings and containers
  | substr | find | rfind | size | empty | c_str | str | data | at | begin | end
  | rbegin | rend | back | front | length
  # lowering's own helpers that compute types and indices only
  | rng_stream | array_operand | inner_field | element_type | arg_type | holds_references
  | successor
  # keywords that look like calls
  | if | for | while | switch | return | sizeof | alignof | decltype | catch
  | static_assert | noexcept | assert
)$""", re.X)
PURE_QUALIFIED = re.compile(r"^(?:std|types|ir|typing)::")  # C++ library, pyrite's own IR and types

DEFAULT_GLOBS = ["core/lower/*.cpp", "core/lower/*.h", "targets/*/*.cpp", "targets/*/*/*.cpp",
                 "plugins/examples/*/*.cpp"]


def default_files():
    """The C++ files that build IR: the lowering and the plugins' intrinsics."""
    files = set()
    for pattern in DEFAULT_GLOBS:
        for path in glob.glob(os.path.join(ROOT, pattern)):
            text = open(path, encoding="utf-8").read()
            if re.search(r"\bIRBuilder\b|\bLLVMBuild\w+\s*\(|\bb_\.Create", text):
                files.add(path)
    return sorted(files)


def blank_comments_and_literals(src):
    """`src` with comments, string and character literals and preprocessor
    lines blanked out (newlines kept, so offsets give line numbers)."""
    out = []
    i, n = 0, len(src)
    at_line_start = True
    while i < n:
        c = src[i]
        if at_line_start and c == "#":
            j = i
            while j < n and (src[j] != "\n" or src[j - 1] == "\\"):
                j += 1
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
            continue
        if c == "/" and src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
            continue
        if c == "/" and src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
            continue
        if c in "\"'":
            raw = re.match(r'R"([^(]*)\(', src[i - 1:]) if i and src[i - 1] == "R" else None
            if raw:
                end = src.find(")" + raw.group(1) + '"', i)
                j = n if end < 0 else end + len(raw.group(1)) + 2
            else:
                j = i + 1
                while j < n and src[j] != c:
                    j += 2 if src[j] == "\\" else 1
                j += 1
            out.append(c + re.sub(r"[^\n]", " ", src[i + 1:j - 1]) + c)
            i = j
            continue
        if not c.isspace():
            at_line_start = False
        elif c == "\n":
            at_line_start = True
        out.append(c)
        i += 1
    return "".join(out)


_CLOSE = {"(": ")", "[": "]", "{": "}"}


def _matching(text, i):
    """Index of the bracket closing the one at text[i]."""
    stack = []
    for j in range(i, len(text)):
        c = text[j]
        if c in _CLOSE:
            stack.append(_CLOSE[c])
        elif c in ")]}":
            if not stack or stack.pop() != c:
                return -1
            if not stack:
                return j
    return -1


def split_args(text, open_paren):
    """The arguments of the call whose '(' is at `open_paren`, as
    (start, end) spans, and the index of its ')'."""
    args, start, depth = [], open_paren + 1, 0
    for j in range(open_paren, len(text)):
        c = text[j]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                if text[start:j].strip():
                    args.append((start, j))
                return args, j
        elif c == "," and depth == 1:
            args.append((start, j))
            start = j + 1
    return args, len(text)


_LAMBDA = re.compile(r"\[[^\[\]]*\]\s*(?=[({])")


def without_lambdas(arg):
    """`arg` with the bodies of the lambdas it defines removed: a lambda
    passed as an argument runs later, inside the callee."""
    out, pos = [], 0
    for m in _LAMBDA.finditer(arg):
        if m.start() < pos:
            continue
        before = arg[:m.start()].rstrip()
        if before and before[-1] not in "(,={":  # a subscript, not a lambda
            continue
        j = m.end()
        if arg[j] == "(":
            j = _matching(arg, j) + 1
        body = arg.find("{", j)
        if body < 0 or not re.fullmatch(r"[\s\w:<>*&,\->]*", arg[j:body]):
            continue
        end = _matching(arg, body)
        if end < 0:
            continue
        out.append(arg[pos:m.start()])
        pos = end + 1
    out.append(arg[pos:])
    return "".join(out)


# A callee: a name, qualified (a::b) or a member (x.f, p->f), optionally
# with template arguments, directly before '('.
_CALL = re.compile(r"((?:[A-Za-z_]\w*\s*::\s*)*[A-Za-z_]\w*)\s*(<[^;{}()]*?>)?\s*\(")


def callees(text):
    """The names of the calls in `text` (qualified where written so)."""
    return [re.sub(r"\s+", "", m.group(1)) for m in _CALL.finditer(text)]


def is_pure(name):
    return bool(PURE_QUALIFIED.match(name)) or bool(PURE.match(name.split("::")[-1]))


def emitting_calls(arg):
    """The names of the emitting calls `arg` makes while it is evaluated."""
    return [c for c in callees(without_lambdas(arg)) if not is_pure(c)]


def check_source(src, path="<source>"):
    """One finding per call with two or more emitting arguments:
    (path, line, callee, [emitting call names per argument])."""
    text = blank_comments_and_literals(src)
    found = []
    for m in _CALL.finditer(text):
        name = re.sub(r"\s+", "", m.group(1))
        if name.split("::")[-1] in ("if", "for", "while", "switch", "return", "sizeof", "catch"):
            continue
        args, _ = split_args(text, m.end() - 1)
        emitting = [e for e in (emitting_calls(text[a:b]) for a, b in args) if e]
        if len(emitting) >= 2:
            line = text.count("\n", 0, m.start()) + 1
            found.append((path, line, name, emitting))
    return found


def check_files(paths):
    found = []
    for path in paths:
        rel = os.path.relpath(path, ROOT)
        found += check_source(open(path, encoding="utf-8").read(), rel)
    return found


def format_finding(f):
    path, line, name, emitting = f
    return (f"{path}:{line}: {name}(...) evaluates emitting arguments in an unspecified order: "
            + "; ".join(", ".join(dict.fromkeys(e)) for e in emitting))


def main(argv):
    paths = argv or default_files()
    found = check_files(paths)
    for f in found:
        print(format_finding(f))
    if found:
        print(f"{len(found)} call(s) with two or more IR-emitting arguments: compute them into "
              "named locals first (see the docstring of tools/check_eval_order.py)",
              file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
