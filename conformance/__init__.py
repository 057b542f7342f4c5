"""pyrite's target-neutral conformance suite.

`suite.py` defines `Case` and how results are compared, `cases/` holds the
kernels grouped by topic, `run.py` compiles and runs them for one target and
writes the report, `protocol.py` talks to `runner/runner.c`, the small C
program that executes an ahead-of-time compiled shared object on a foreign
target (under qemu-user). See README.md.

This folder is loaded as the package `pyrite.conformance.suite` wherever it
lives (installed next to pyrite, or a source checkout), so the modules use
relative imports only.
"""

_cases = None


def load_package_cases():
    """Every case of cases/*.py (loaded once per process)."""
    global _cases
    if _cases is None:
        import sys
        from . import suite
        _cases = suite.load_cases(sys.modules[__name__])
    return _cases
