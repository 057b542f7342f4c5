"""Prints pyrite's untyped IR for a corpus of programs, to compare CPythons.

Every supported CPython must give the same neutral IR for the same source
(the frontend's canonical CFG, core/ir/cfg.cpp). This prints it for the
fuzzer's generated programs (and, optionally, every regression file and
golden case), one section per function, with the error instead where the
frontend refuses one. CI runs it under each interpreter and diffs the
outputs, so a version difference anywhere in the corpus is a failure:

    python3 -m pyrite.testing.ir_dump --seed 1 --count 400 > ir311.txt
    python3.12 -m pyrite.testing.ir_dump --seed 1 --count 400 > ir312.txt
    diff ir311.txt ir312.txt
"""
import argparse
import pathlib
import sys

from pyrite import _core
from pyrite.testing.fuzz.generator import generate
from pyrite.testing.fuzz.program import Program


def functions_of(program):
    """(name, function) of f and its helpers, in the order they are defined."""
    ns = program.namespace()
    return [(name, ns[name]) for name in (*program.helpers, "f")]


def dump(program, title, out):
    out.write(f"=== {title}\n")
    for name, fn in functions_of(program):
        try:
            text = _core.print_ir(fn)
        except Exception as e:  # noqa: BLE001 - a refusal is part of the output
            text = f"{type(e).__name__}: {e}\n"
        out.write(f"--- {name}\n{text}")


def corpus_files(directories):
    for d in directories:
        yield from sorted(pathlib.Path(d).glob("*.py"))


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m pyrite.testing.ir_dump", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--count", type=int, default=200, help="generated programs")
    p.add_argument("--files", nargs="*", default=[],
                   help="directories of regression files (modules with f and args) to add")
    args = p.parse_args(argv)
    out = sys.stdout
    for index in range(args.count):
        dump(generate(args.seed, index), f"seed {args.seed}, program {index}", out)
    for path in corpus_files(args.files):
        dump(Program.parse(path.read_text(), origin=path.name), path.name, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
