"""python -m pyrite.testing.fuzz: the command line.

    python -m pyrite.testing.fuzz --seed 1 --count 2000 --jobs 2
    python -m pyrite.testing.fuzz --seed 7 --count 500 --reduce --save /tmp/fuzz_findings
    python -m pyrite.testing.fuzz --seed 3 --count 300 --kinds scalar,control,call
    python -m pyrite.testing.fuzz --seed 3 --count 300 --without overlap,augarray
    python -m pyrite.testing.fuzz --show 1:42          # print program 42 of seed 1
    python -m pyrite.testing.fuzz --replay FILE.py ...  # run saved programs

Prints a summary: programs run, unsupported, crashes, mismatches, internal
errors, leaks, time; and one line per distinct finding. The exit status is 1
when there was a finding.
"""
import argparse
import os
import sys

from .generator import FEATURES, generate


def parse(argv):
    p = argparse.ArgumentParser(prog="python -m pyrite.testing.fuzz",
                                description="Differential fuzzing of pyrite against CPython.")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--start", type=int, default=0, help="index of the first program")
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--calls", type=int, default=3, help="pyrite calls per program")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per program")
    p.add_argument("--kinds", help="comma-separated feature families to generate "
                   f"(default all: {','.join(FEATURES)})")
    p.add_argument("--without", help="comma-separated feature families to leave out")
    p.add_argument("--reduce", action="store_true", help="reduce each distinct finding")
    p.add_argument("--reduce-unsupported", action="store_true",
                   help="also reduce the first program of each unsupported message")
    p.add_argument("--per-signature", type=int, default=3,
                   help="findings reduced per distinct signature")
    p.add_argument("--save", default=None, help="folder for reduced findings "
                   "(default /tmp/fuzz_findings with --reduce)")
    p.add_argument("--show", metavar="SEED:INDEX", help="print one program and exit")
    p.add_argument("--replay", nargs="+", metavar="FILE", help="run saved program files")
    p.add_argument("--verbose", "-v", action="store_true", help="print every finding's detail")
    p.add_argument("--list-kinds", action="store_true")
    return p.parse_args(argv)


def features_of(args):
    chosen = set(FEATURES)
    if args.kinds:
        chosen = set(args.kinds.split(","))
    if args.without:
        chosen -= set(args.without.split(","))
    unknown = chosen - set(FEATURES)
    if unknown:
        sys.exit(f"unknown feature families: {', '.join(sorted(unknown))}")
    return chosen


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    if args.list_kinds:
        for name, what in FEATURES.items():
            print(f"{name:10s} {what}")
        return 0
    features = features_of(args)
    if args.show:
        seed, index = map(int, args.show.split(":"))
        program = generate(seed, index, features)
        print(program.file_text())
        return 0
    from .runner import run_batch
    if args.replay:
        from .program import Program
        programs = []
        for path in args.replay:
            with open(path) as fh:
                programs.append(Program.parse(fh.read(), origin=path))
    else:
        programs = (generate(args.seed, i, features)
                    for i in range(args.start, args.start + args.count))

    def progress(summary, program, outcome):
        if outcome.finding or outcome.kind == "error":
            print(f"[{summary.total}] {program.origin}: {outcome.kind}: "
                  f"{outcome.detail.splitlines()[0][:160] if outcome.detail else ''}",
                  flush=True)
            if args.verbose:
                print(outcome.detail)
        elif summary.total % 100 == 0 and summary.total:
            print(f"[{summary.total}] ...", flush=True)

    summary = run_batch(programs, jobs=args.jobs, calls=args.calls, timeout=args.timeout,
                        progress=progress)
    print(summary.text())
    to_reduce = list(summary.findings) if args.reduce else []
    if args.reduce_unsupported:
        to_reduce += list(summary.unsupported_first.values())
    if to_reduce:
        from .reducer import reduce_findings
        save = args.save or "/tmp/fuzz_findings"
        os.makedirs(save, exist_ok=True)
        for path in reduce_findings(to_reduce, save, per_signature=args.per_signature,
                                    timeout=args.timeout, log=print):
            print(f"saved {path}")
    return 1 if summary.findings else 0


if __name__ == "__main__":
    sys.exit(main())
