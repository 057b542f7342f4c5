"""The conformance suite (`python -m pyrite.conformance`): its report format,
its runner protocol, and the results for x86_64 (in process) and, where
qemu-aarch64 and the aarch64 plugin are present, for aarch64 (ahead of time,
under qemu-user).

Known pyrite bugs the suite finds are listed in KNOWN_FAILURES with a
minimal reproducer each; a case listed there may fail or pass, any other
failing case fails the test.
"""
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# case -> the pyrite bug behind its failure (remove the entry once fixed)
KNOWN_FAILURES = {
    # "suite.case": "why" -- a case listed here may fail or pass. Empty: the
    # bugs the suite found (iterator interning, run-time tuple indexing, an
    # array borrowed from a tuple) are fixed.
}

SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$", re.M)
CASE_KEYS = {"name", "target", "result", "max_ulp_error", "compile_time_s", "message"}


def _have_conformance():
    return importlib.util.find_spec("pyrite.conformance") is not None


pytestmark = pytest.mark.skipif(not _have_conformance(),
                                reason="pyrite.conformance is not in this build of the package")


def _plugins():
    from pyrite import _core, _plugins
    if not _core.plugins():
        _core.discover_plugins(_plugins.search_paths())
    return {p["name"]: p for p in _core.plugins()}


def _run_cli(tmp_path_factory, *args):
    out = tmp_path_factory.mktemp("conformance") / "report.json"
    proc = subprocess.run([sys.executable, "-m", "pyrite.conformance", *args,
                           "--json", str(out)],
                          capture_output=True, text=True, timeout=600, cwd=REPO)
    report = json.loads(out.read_text()) if out.exists() else None
    return proc, report


@pytest.fixture(scope="module")
def x86_64_run(tmp_path_factory):
    if "x86_64" not in _plugins():
        pytest.skip("no x86_64 plugin")
    return _run_cli(tmp_path_factory, "--target", "x86_64", "--jobs", "2")


@pytest.fixture(scope="module")
def aarch64_run(tmp_path_factory):
    plugins = _plugins()
    if "aarch64" not in plugins:
        pytest.skip("no aarch64 plugin")
    if "cross-aot" not in plugins["aarch64"]["capabilities"] and \
            "jit" not in plugins["aarch64"]["capabilities"]:
        pytest.skip("the aarch64 plugin can neither JIT here nor cross-compile")
    if not shutil.which("qemu-aarch64") and "jit" not in plugins["aarch64"]["capabilities"]:
        pytest.skip("qemu-aarch64 is not installed (package qemu-user)")
    if not (shutil.which("clang-22") or shutil.which("clang")):
        pytest.skip("no clang to cross-build the runner")
    return _run_cli(tmp_path_factory, "--target", "aarch64", "--jobs", "2")


def _check_report(proc, report, target):
    assert report is not None, proc.stdout + proc.stderr
    assert report["target"] == target
    assert report["mode"] in ("jit", "aot")
    assert report["plugin"]["name"] == target
    cases = report["cases"]
    assert len(cases) > 200
    names = [c["name"] for c in cases]
    assert len(set(names)) == len(names)
    for c in cases:
        assert CASE_KEYS <= set(c), c
        assert c["target"] == target
        assert c["result"] in ("pass", "fail", "error", "skip"), c
        if c["result"] == "pass":
            assert c["compile_time_s"] is not None and c["compile_time_s"] >= 0
            assert isinstance(c["max_ulp_error"], int) and c["max_ulp_error"] >= 0
        if c["result"] in ("fail", "error", "skip"):
            assert c["message"], c
    s = report["summary"]
    count = {r: sum(c["result"] == r for c in cases) for r in ("pass", "fail", "error", "skip")}
    assert s["passed"] == count["pass"]
    assert s["failed"] == count["fail"] + count["error"]
    assert s["skipped"] == count["skip"]
    assert s["total"] == len(cases)
    # the table: one row per case, and the summary line last
    lines = proc.stdout.strip().splitlines()
    m = SUMMARY.match(lines[-1])
    assert m, lines[-1]
    assert (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)) == \
        (s["passed"], s["failed"], s["skipped"])
    for name in names:
        assert any(line.startswith(name + " ") for line in lines), name
    # exit status 0 only when nothing failed
    assert (proc.returncode == 0) == (s["failed"] == 0), proc.stderr[-2000:]


def _unexpected_failures(report):
    return {c["name"]: c["message"] for c in report["cases"]
            if c["result"] in ("fail", "error") and c["name"] not in KNOWN_FAILURES}


# --- x86_64, in process --------------------------------------------------------------------
def test_x86_64_report_format(x86_64_run):
    proc, report = x86_64_run
    _check_report(proc, report, "x86_64")
    assert report["mode"] == "jit"


def test_x86_64_passes(x86_64_run):
    _, report = x86_64_run
    assert _unexpected_failures(report) == {}


def test_x86_64_skips_what_it_cannot_run(x86_64_run):
    _, report = x86_64_run
    caps = set(report["plugin"]["capabilities"])
    by_name = {c["name"]: c for c in report["cases"]}
    for name in ("parallel.prange_sum", "kernels.axpy"):
        needed = "parallel" if name.startswith("parallel") else "kernels"
        if needed not in caps:
            assert by_name[name]["result"] == "skip"
            assert needed in by_name[name]["message"]
    topics = {n.split(".")[0] for n in by_name}
    assert {"scalar", "overflow", "math_fns", "control", "arrays", "reductions", "tuples",
            "exceptions", "random_streams"} <= topics


def test_x86_64_topics_pass(x86_64_run):
    """Spot checks that matter across targets: int64 wraparound, Numba's RNG
    stream, ZeroDivisionError, strided arrays, math within tolerance."""
    _, report = x86_64_run
    by_name = {c["name"]: c for c in report["cases"]}
    for name in ("overflow.wrap_2_62_times", "random_streams.random_seed_42",
                 "exceptions.int_floordiv_by_zero", "arrays.weighted_3d",
                 "math_fns.sin_float64", "math_fns.exp_float32"):
        assert by_name[name]["result"] == "pass", by_name[name]


# --- aarch64, ahead of time under qemu -------------------------------------------------------
def test_aarch64_report_format(aarch64_run):
    proc, report = aarch64_run
    _check_report(proc, report, "aarch64")


def test_aarch64_passes(aarch64_run):
    _, report = aarch64_run
    assert _unexpected_failures(report) == {}


# --- the command line ----------------------------------------------------------------------
def test_list_and_select():
    proc = subprocess.run([sys.executable, "-m", "pyrite.conformance", "--list", "-k",
                           "overflow.wrap_"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    names = [line.split()[0] for line in proc.stdout.splitlines()]
    assert names and all(n.startswith("overflow.wrap_") for n in names)


def test_unknown_target_fails():
    proc = subprocess.run([sys.executable, "-m", "pyrite.conformance", "--target",
                           "no-such-target", "-k", "scalar.int_add"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "no target plugin named 'no-such-target'" in proc.stderr
    assert SUMMARY.search(proc.stdout).group(0) == "0 passed, 1 failed"


# --- the model and the runner protocol, without pyrite's compiler -----------------------------
@pytest.fixture(scope="module")
def conformance():
    import importlib
    from pyrite.conformance import load_suite
    load_suite()
    return (importlib.import_module("pyrite.conformance.suite.suite"),
            importlib.import_module("pyrite.conformance.suite.protocol"))


def test_type_names(conformance):
    S, _ = conformance
    assert S.parse_type("array(float64, 2d, A)") == S.ArrayType(S.Scalar("float64"), 2, "A")
    assert S.parse_type("float32[:, ::1]") == S.ArrayType(S.Scalar("float32"), 2, "C")
    assert S.parse_type("UniTuple(int64 x 2)") == S.TupleType((S.Scalar("int64"),) * 2)
    assert S.parse_type("Tuple(int64, Tuple(bool, float32))") == S.TupleType(
        (S.Scalar("int64"), S.TupleType((S.Scalar("bool"), S.Scalar("float32")))))
    assert S.parse_type("none") == S.NoneType()
    assert S.split_signature("(int64[:], float64)") == (None, ["int64[:]", "float64"])


def test_ulp_distance(conformance):
    S, _ = conformance
    one = np.float64(1.0)
    assert S.max_ulp_distance(np.nextafter(one, 2.0), one) == 1
    assert S.max_ulp_distance(np.float64(-0.0), np.float64(0.0)) == 0
    assert S.max_ulp_distance(np.float64(np.nan), np.float64(np.nan)) == 0
    assert S.max_ulp_distance(np.float64(np.nan), one) == 2 ** 64
    tiny = np.float32(1.0)
    assert S.max_ulp_distance(np.nextafter(tiny, np.float32(0)), tiny) == 1
    assert S.max_ulp_distance(np.array([-1e-45], np.float32), np.array([1e-45], np.float32)) == 2


def test_strided_copy_keeps_layout(conformance):
    S, _ = conformance
    for a in (np.arange(12.0).reshape(3, 4).T, np.arange(10)[::-3], np.zeros((0, 3))):
        c = S.strided_copy(a)
        assert c.strides == a.strides and np.array_equal(c, a)
        assert not np.shares_memory(c, a)


def _runner_triples():
    triples = ["x86_64-linux-gnu"]
    if shutil.which("qemu-aarch64") and os.path.isdir("/usr/aarch64-linux-gnu"):
        triples.append("aarch64-linux-gnu")
    return triples


@pytest.mark.parametrize("triple", _runner_triples())
def test_runner_protocol(conformance, triple):
    S, P = conformance
    if not P.find_compiler():
        pytest.skip("no clang")
    lib_path = P.build_selftest_library(triple)
    r = P.start_runner(triple, timeout=60)
    T = S.parse_type
    try:
        lib = r.load(lib_path)
        assert r.call(lib, "add_i64", T("int64"), [T("int64")] * 2, [2**62, -5]).value == \
            2**62 - 5
        assert r.call(lib, "div_f64", T("float64"), [T("float64")] * 2, [1.0, 3.0]).value == \
            1.0 / 3.0
        assert r.call(lib, "div_f64", T("float64"), [T("float64")] * 2, [1.0, 0.0]).exc == \
            ("ZeroDivisionError", "division by zero")
        a = np.arange(11.0)[::-3]
        assert r.call(lib, "sum_f64", T("float64"), [T("float64[:]")], [a]).value == a.sum()
        m = np.arange(12, dtype=np.float32).reshape(3, 4).T[::-1]
        out = r.call(lib, "double_f32_2d", T("none"), [T("float32[:, :]")], [m])
        assert np.array_equal(out.arrays[0], m * 2) and out.arrays[0].strides == m.strides
        got = r.call(lib, "mixed", T("Tuple(int64, float64, bool, float32)"),
                     [T("int32"), T("bool"), T("float32")], [-7, True, 1.25]).value
        assert got == (-7, -3.5, False, np.float32(2.5))
        arr = r.call(lib, "arange_f64", T("array(float64, 1d, C)"), [T("int64")], [5]).value
        assert np.array_equal(arr, np.arange(5) * 1.5)
        assert r.call(lib, "arange_f64", T("array(float64, 1d, C)"), [T("int64")],
                      [0]).value.shape == (0,)
        # returned arrays were released
        assert r.call(lib, "live_arrays", T("int64"), [], []).value == 0
        with pytest.raises(P.RunnerError, match="signal"):
            r.call(lib, "crash", T("none"), [], [])
        # the runner restarts, with the library loaded again
        assert r.call(lib, "add_i64", T("int64"), [T("int64")] * 2, [1, 2]).value == 3
    finally:
        r.close()
