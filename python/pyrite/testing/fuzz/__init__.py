"""A seeded differential fuzzer for pyrite.

It writes random programs in the subset pyrite compiles (generator.py, on
the static model of model.py, with scalars.py, arrays.py and
statements.py), runs each under CPython/NumPy and under `pyrite.njit` in a
worker process (execute.py, worker.py, runner.py), compares the results and
the arguments after the call (compare.py), and shrinks a failing program to
a small regression file (reducer.py, program.py).

    python -m pyrite.testing.fuzz --seed 1 --count 2000 --jobs 2

See docs/fuzzing.md.
"""
from .generator import FEATURES, generate
from .program import Program

__all__ = ["FEATURES", "Program", "generate", "run_batch", "run_program"]


def run_batch(*args, **kwargs):
    """Runs programs in worker processes (see runner.run_batch)."""
    from .runner import run_batch as run
    return run(*args, **kwargs)


def run_program(program, **kwargs):
    """Runs one program in this process (see execute.run_program)."""
    from .execute import run_program as run
    return run(program, **kwargs)
