"""pyrite's conformance suite: `python -m pyrite.conformance --target NAME`.

Compiles every case of the target-neutral suite for one target plugin, runs
it (in this process for a target that JITs here; otherwise ahead of time into
a shared object executed by a small runner, under qemu-user for a foreign
architecture), compares with CPython/NumPy and writes a report (a table, and
JSON with --json). The suite itself is the `conformance/` folder of the
source tree; it is looked for, in order, in `suite/` next to this file (where
the build copies it), in $PYRITE_CONFORMANCE_DIR, and in `../../conformance`
of a source checkout.
"""
import importlib.util
import os
import sys

SUITE_PACKAGE = "pyrite.conformance.suite"


def find_suite_dir():
    here = os.path.dirname(os.path.realpath(__file__))
    candidates = [os.path.join(here, "suite"), os.environ.get("PYRITE_CONFORMANCE_DIR"),
                  os.path.join(here, "..", "..", "..", "conformance"),   # python/pyrite/conformance
                  os.path.join(here, "..", "..", "conformance")]
    for c in candidates:
        if c and os.path.isfile(os.path.join(c, "suite.py")) and \
                os.path.isdir(os.path.join(c, "cases")):
            return os.path.realpath(c)
    raise FileNotFoundError(
        "pyrite's conformance suite was not found (looked in "
        + ", ".join(os.path.normpath(c) for c in candidates if c)
        + "); set PYRITE_CONFORMANCE_DIR to the conformance/ folder of a pyrite checkout")


def load_suite(suite_dir=None):
    """The suite folder imported as the package `pyrite.conformance.suite`."""
    mod = sys.modules.get(SUITE_PACKAGE)
    if mod is not None and (suite_dir is None or
                            os.path.realpath(suite_dir) == os.path.dirname(mod.__file__)):
        return mod
    suite_dir = os.path.realpath(suite_dir or find_suite_dir())
    spec = importlib.util.spec_from_file_location(
        SUITE_PACKAGE, os.path.join(suite_dir, "__init__.py"),
        submodule_search_locations=[suite_dir])
    mod = importlib.util.module_from_spec(spec)
    sys.modules[SUITE_PACKAGE] = mod
    spec.loader.exec_module(mod)
    return mod


def main(argv=None):
    """The command line; returns the exit status (0 when nothing failed)."""
    import importlib
    load_suite()
    run = importlib.import_module(SUITE_PACKAGE + ".run")
    return run.main(argv)


def run_suite(target, **options):
    """Runs the suite for `target` and returns the report (a dict, as the
    JSON file holds it). Options as the command line's: jobs, mode, select,
    timeout, verbose."""
    import importlib
    load_suite()
    run = importlib.import_module(SUITE_PACKAGE + ".run")
    return run.run_suite(target, **options)
