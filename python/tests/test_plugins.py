"""Loading target plugins: broken ones are refused with the file and the
reason, never a crash, and the host goes on with the others; compatible ones
are accepted and their versions reported.

Each plugin is a small C file in plugins/ (a valid toy table from
toy_plugin.h with one thing broken), compiled here at test time with the
system C compiler against plugins/include/pyrite/plugin.h.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pyrite
from pyrite import _core

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SOURCES = HERE / "plugins"
CC = os.environ.get("CC", "cc")

pytestmark = pytest.mark.skipif(shutil.which(CC) is None, reason=f"no C compiler ({CC})")


def llvm_include_dir():
    """<llvm-c/Types.h> of the LLVM major the ABI names."""
    llvm_config = shutil.which("llvm-config-22")
    if llvm_config:
        return subprocess.run([llvm_config, "--includedir"], check=True, text=True,
                              capture_output=True).stdout.strip()
    return "/usr/lib/llvm-22/include"


# name -> (source file, preprocessor definitions). The name becomes the file
# name libpyrite-target-<name>.so, the pattern discovery looks for.
PLUGINS = {
    "not_a_plugin": ("not_a_plugin.c", []),
    "wrong_abi_major": ("wrong_abi_major.c", []),
    "older_abi_major": ("wrong_abi_major.c", ["OLDER"]),
    "truncated_table": ("truncated_table.c", []),
    "truncated_codegen": ("truncated_table.c", ["TRUNCATE_CODEGEN"]),
    "missing_function": ("missing_function.c", []),
    "jit_without_runtime": ("missing_function.c", ["MISSING_RUNTIME"]),
    "kernels_without_launch": ("missing_function.c", ["KERNELS_WITHOUT_LAUNCH"]),
    "failing_init": ("failing_init.c", []),
    "failing_init_silent": ("failing_init.c", ["NO_TABLE"]),
    "failing_init_null_message": ("failing_init.c", ["NULL_MESSAGE"]),
    "toy": ("valid_minimal.c", []),
    "toy_newer": ("valid_minimal.c", ['TOY_NAME="toy_newer"', "TOY_ABI_MINOR=7"]),
    "toy_listed": ("valid_minimal.c", ['TOY_NAME="toy_listed"']),
}


def build_plugin(name, out_dir):
    source, defines = PLUGINS[name]
    out = Path(out_dir) / f"libpyrite-target-{name}.so"
    cmd = [CC, "-shared", "-fPIC", "-Wall", "-Werror",
           "-I", str(REPO / "plugins" / "include"), "-I", llvm_include_dir(),
           *(f"-D{d}" for d in defines), str(SOURCES / source), "-o", str(out)]
    run = subprocess.run(cmd, capture_output=True, text=True)
    assert run.returncode == 0, f"{' '.join(cmd)}\n{run.stderr}"
    return out


@pytest.fixture(scope="module")
def plugin_dir(tmp_path_factory):
    """Every test plugin, compiled once into one directory."""
    out = tmp_path_factory.mktemp("plugins")
    for name in PLUGINS:
        build_plugin(name, out)
    # Not a shared library at all: dlopen itself fails.
    (out / "libpyrite-target-not_loadable.so").write_bytes(b"this is not an ELF file\n")
    return out


def refusal(path):
    """The ValueError load_plugin raises for `path` (which must be refused)."""
    with pytest.raises(ValueError) as info:
        _core.load_plugin(str(path))
    return str(info.value)


# --- refusals: one test per diagnostic ------------------------------------------------

REFUSALS = [
    ("not_loadable", r"cannot be loaded: .*"),
    ("not_a_plugin", r"is not a pyrite plugin \(no pyrite_plugin_entry symbol\)"),
    ("wrong_abi_major",
     r"built for plugin ABI 3\.3, this pyrite speaks ABI 2\.0 \(a different major version\)"),
    ("older_abi_major",
     r"built for plugin ABI 1\.0, this pyrite speaks ABI 2\.0 \(a different major version\)"),
    ("truncated_table", r"its plugin table is truncated \(struct_size 24 < \d+ of ABI 2\.0\)"),
    ("truncated_codegen", r"its codegen table is missing or truncated"),
    ("missing_function", r"missing function codegen\.emit"),
    ("jit_without_runtime",
     r"claims in-process JIT but lacks runtime\.load or runtime\.lookup"),
    ("kernels_without_launch",
     r"claims kernels but lacks runtime\.load, lookup, launch, synchronize or device_count"),
    ("failing_init",
     r"failed to initialize \(status 1\): toy driver libtoy\.so\.3 not found"),
    ("failing_init_silent", r"failed to initialize \(status 1\): no message"),
]


@pytest.mark.parametrize("name, reason", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_broken_plugin_is_refused_with_file_and_reason(plugin_dir, name, reason):
    path = plugin_dir / f"libpyrite-target-{name}.so"
    message = refusal(path)
    assert os.path.realpath(path) in message, message
    assert re.search(reason, message), f"{message!r} does not give the reason /{reason}/"
    # The host keeps the refusal for `python -m pyrite`.
    assert any(p == os.path.realpath(path) and re.search(reason, why)
               for p, why in _core.refused_plugins())


# Refusals that need care: a NULL message, a path through a symlink, a
# file loaded again.
def test_failing_init_with_null_message_is_refused(plugin_dir):
    path = plugin_dir / "libpyrite-target-failing_init_null_message.so"
    message = refusal(path)
    assert "failed to initialize (status 1): no message" in message, message


def test_refusal_through_a_symlink_gives_the_reason(plugin_dir, tmp_path):
    link = tmp_path / "link"
    link.symlink_to(plugin_dir, target_is_directory=True)
    message = refusal(link / "libpyrite-target-missing_function.so")
    assert "missing function codegen.emit" in message, message


def test_refusal_is_remembered(plugin_dir):
    """Loading a refused file again refuses it again, for the same reason."""
    path = plugin_dir / "libpyrite-target-missing_function.so"
    assert refusal(path) == refusal(path)


def test_refused_file_is_loaded_once(plugin_dir):
    path = plugin_dir / "libpyrite-target-wrong_abi_major.so"
    for _ in range(3):
        refusal(path)
    assert [p for p, _ in _core.refused_plugins()].count(os.path.realpath(path)) == 1


def test_x86_64_still_works_after_refusals(plugin_dir):
    for name, _ in REFUSALS:
        with pytest.raises(ValueError):
            _core.load_plugin(str(plugin_dir / f"libpyrite-target-{name}.so"))

    @pyrite.njit
    def hypot_sum(n):
        s = 0.0
        for i in range(n):
            s += (i * i + 1.0) ** 0.5
        return s

    assert hypot_sum(10) == sum((i * i + 1.0) ** 0.5 for i in range(10))
    assert "x86_64" in [p["name"] for p in _core.plugins()]


# --- accepted plugins and their versions ------------------------------------------------

def test_equal_minor_is_accepted_and_versions_reported(plugin_dir):
    info = _core.load_plugin(str(plugin_dir / "libpyrite-target-toy.so"))
    assert info["name"] == "toy"
    assert info["parent"] == "cpu"
    assert info["plugin_name"] == "pyrite-toy"
    assert info["version"] == "0.0.1"          # the plugin's own version
    assert info["abi"] == "2.0"                # the ABI it was built for
    assert _core.ABI_VERSION == (2, 0)         # the ABI this pyrite speaks
    assert info["triple"] == "toy64-unknown-none"
    assert info["capabilities"] == ["fp64"]
    assert info["output_hash"] == "toy-0.0.1"
    assert info["path"] == os.path.realpath(plugin_dir / "libpyrite-target-toy.so")


def test_newer_minor_is_accepted(plugin_dir):
    """A plugin of a later 2.x appends fields; the host reads the 2.0 part."""
    info = _core.load_plugin(str(plugin_dir / "libpyrite-target-toy_newer.so"))
    assert info["name"] == "toy_newer"
    assert info["abi"] == "2.7"


def test_grown_array_elements_are_read_by_struct_size(plugin_dir):
    """In a subprocess: a host that walks the array by its own sizeof may crash."""
    script = (
        "from pyrite import _core, njit\n"
        "from pyrite.intrinsics import Intrinsic\n"
        f"_core.load_plugin({str(plugin_dir / 'libpyrite-target-toy_newer.so')!r})\n"
        "answer = Intrinsic('toy.answer')\n"
        "def f():\n"
        "    return answer()\n"
        "try:\n"
        "    njit(target='toy_newer')(f)()\n"
        "except Exception as e:\n"
        "    print(type(e).__name__, e)\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, env=dict(os.environ, PYTHONPATH=os.path.dirname(
                             os.path.dirname(pyrite.__file__))))
    assert run.returncode == 0, f"crashed ({run.returncode}): {run.stderr[-2000:]}"
    # Typing found the second intrinsic and lowering called its callback.
    assert "failed to lower intrinsic 'toy.answer'" in run.stdout, run.stdout


def test_same_target_twice_is_refused(plugin_dir, tmp_path):
    _core.load_plugin(str(plugin_dir / "libpyrite-target-toy.so"))
    copy = tmp_path / "libpyrite-target-toy.so"
    shutil.copy(plugin_dir / "libpyrite-target-toy.so", copy)
    message = refusal(copy)
    assert str(copy) in message and "target 'toy' is already provided by" in message


# --- python -m pyrite ---------------------------------------------------------------------

def test_python_m_pyrite_lists_valid_and_refused(tmp_path):
    """PYRITE_PLUGIN_PATH with a broken and a valid plugin: both are listed,
    the broken one under "Refused plugins" with its reason."""
    broken = tmp_path / "libpyrite-target-broken.so"
    shutil.copy(build_plugin("wrong_abi_major", tmp_path), broken)
    (tmp_path / "libpyrite-target-wrong_abi_major.so").unlink()
    build_plugin("toy_listed", tmp_path)
    env = dict(os.environ, PYRITE_PLUGIN_PATH=str(tmp_path),
               PYTHONPATH=os.path.dirname(os.path.dirname(pyrite.__file__)))
    run = subprocess.run([sys.executable, "-m", "pyrite"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    listed, _, refused = out.partition("\nRefused plugins:\n")
    assert "toy_listed (parent cpu): pyrite-toy_listed 0.0.1, ABI 2.0" in listed, out
    assert f"file: {os.path.realpath(tmp_path / 'libpyrite-target-toy_listed.so')}" in listed
    assert "x86_64 (parent cpu)" in listed, out
    assert f"{os.path.realpath(broken)}: it was built for plugin ABI 3.3" in refused, out


def test_entry_points_register_plugins(tmp_path):
    """A vendor's installed package declares its plugin in the `pyrite.targets`
    entry-point group: the object is a path, or a callable returning one."""
    site = tmp_path / "site"
    package = site / "toy_vendor"
    package.mkdir(parents=True)
    build_plugin("toy_listed", package)
    (package / "__init__.py").write_text(
        "import os\n"
        "HERE = os.path.dirname(__file__)\n"
        "PATH = os.path.join(HERE, 'libpyrite-target-toy_listed.so')\n"
        "def plugin_path():\n"
        "    return PATH\n")
    dist_info = site / "toy_vendor-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-vendor\nVersion: 1.0\n")
    (dist_info / "entry_points.txt").write_text(
        "[pyrite.targets]\n"
        "toy_listed = toy_vendor:plugin_path\n"       # a callable
        "toy_again = toy_vendor:PATH\n")              # a path (the same file: loaded once)
    env = dict(os.environ)
    env.pop("PYRITE_PLUGIN_PATH", None)
    env["PYTHONPATH"] = os.pathsep.join([os.path.dirname(os.path.dirname(pyrite.__file__)),
                                         str(site)])
    run = subprocess.run([sys.executable, "-m", "pyrite"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "toy_listed (parent cpu): pyrite-toy_listed 0.0.1, ABI 2.0" in run.stdout, run.stdout
    assert run.stdout.count("toy_listed (parent cpu)") == 1, run.stdout
    assert f"file: {os.path.realpath(package / 'libpyrite-target-toy_listed.so')}" in run.stdout
