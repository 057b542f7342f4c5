"""Talking to runner/runner.c: building it for a target, starting it (under
qemu-user for a foreign architecture), and encoding calls and results.
The line protocol is described at the top of runner.c."""
import hashlib
import os
import platform
import selectors
import shutil
import subprocess
import tempfile
import time

import numpy as np

from .suite import ArrayType, NoneType, Outcome, Scalar, TupleType, extent

RUNNER_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "runner", "runner.c")

_SPEC = {"int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64", "uint8": "u8",
         "uint16": "u16", "uint32": "u32", "uint64": "u64", "float32": "f32",
         "float64": "f64", "bool": "b1"}

# LLVM architecture (first part of the triple) -> (GNU triple of the cross libc in
# /usr/<triple>, qemu-user binary).
_ARCHES = {
    "x86_64": ("x86_64-linux-gnu", "qemu-x86_64"),
    "aarch64": ("aarch64-linux-gnu", "qemu-aarch64"),
    "arm64": ("aarch64-linux-gnu", "qemu-aarch64"),
    "powerpc64le": ("powerpc64le-linux-gnu", "qemu-ppc64le"),
    "ppc64le": ("powerpc64le-linux-gnu", "qemu-ppc64le"),
    "riscv64": ("riscv64-linux-gnu", "qemu-riscv64"),
    "s390x": ("s390x-linux-gnu", "qemu-s390x"),
    "loongarch64": ("loongarch64-linux-gnu", "qemu-loongarch64"),
}


class RunnerError(Exception):
    """The runner could not be built, started, or died."""


def host_arch():
    m = platform.machine().lower()
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(m, m)


def toolchain(triple):
    """How to build and run the runner for an LLVM triple: a dict with
    'arch', 'gnu_triple', 'native' (runs without an emulator), 'emulator'
    (argv prefix), 'sysroot'. PYRITE_CONFORMANCE_EMULATOR overrides the
    emulator command (e.g. "qemu-riscv64 -cpu rv64")."""
    arch = triple.split("-")[0].lower()
    gnu, qemu = _ARCHES.get(arch, (f"{arch}-linux-gnu", f"qemu-{arch}"))
    native = arch == host_arch() or _ARCHES.get(host_arch(), ("",))[0] == gnu
    sysroot = f"/usr/{gnu}"
    emulator = []
    if not native:
        override = os.environ.get("PYRITE_CONFORMANCE_EMULATOR")
        if override:
            emulator = override.split()
        else:
            emulator = [qemu]
            if os.path.isdir(sysroot):
                emulator += ["-L", sysroot]
    return {"arch": arch, "gnu_triple": gnu, "native": native, "emulator": emulator,
            "sysroot": sysroot}


def find_compiler():
    for cc in (os.environ.get("PYRITE_CONFORMANCE_CC"), "clang-22", "clang"):
        if cc and shutil.which(cc):
            return cc
    return None


def cache_dir():
    base = os.environ.get("PYRITE_CONFORMANCE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "pyrite",
        "conformance")
    os.makedirs(base, exist_ok=True)
    return base


def build_runner(triple, log=None):
    """The runner executable for `triple`, built once per source and
    compiler and kept in the cache directory."""
    tc = toolchain(triple)
    cc = find_compiler()
    if cc is None:
        raise RunnerError("no C compiler for the runner (clang-22; set PYRITE_CONFORMANCE_CC)")
    with open(RUNNER_SOURCE, "rb") as f:
        source = f.read()
    cmd = [cc, "-O2", "-std=c11", "-D_GNU_SOURCE"]
    if not tc["native"]:
        cmd += [f"--target={tc['gnu_triple']}", "-fuse-ld=lld"]
    key = hashlib.sha256(source + " ".join(cmd).encode()).hexdigest()[:16]
    out = os.path.join(cache_dir(), f"runner-{tc['arch']}-{key}")
    if os.path.exists(out):
        return out
    tmp = f"{out}.{os.getpid()}.tmp"
    full = cmd + [RUNNER_SOURCE, "-o", tmp, "-ldl"]
    proc = subprocess.run(full, capture_output=True, text=True)
    if proc.returncode != 0 and not tc["native"] and os.path.isdir(tc["sysroot"]):
        # some clang installations need the cross libc named explicitly
        full = cmd + [f"--sysroot={tc['sysroot']}", RUNNER_SOURCE, "-o", tmp, "-ldl"]
        proc = subprocess.run(full, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RunnerError(f"building the runner failed: {' '.join(full)}\n{proc.stderr}")
    os.replace(tmp, out)
    if log:
        log(f"built {out}")
    return out


def build_selftest_library(triple):
    """runner/abi_selftest.c built as a shared object for `triple` (cached):
    hand-written exports with compile_for's ABI, for testing the runner."""
    tc = toolchain(triple)
    cc = find_compiler()
    if cc is None:
        raise RunnerError("no C compiler (clang-22; set PYRITE_CONFORMANCE_CC)")
    src = os.path.join(os.path.dirname(RUNNER_SOURCE), "abi_selftest.c")
    with open(src, "rb") as f:
        source = f.read()
    cmd = [cc, "-O2", "-shared", "-fPIC"]
    if not tc["native"]:
        cmd += [f"--target={tc['gnu_triple']}", "-fuse-ld=lld"]
    key = hashlib.sha256(source + " ".join(cmd).encode()).hexdigest()[:16]
    out = os.path.join(cache_dir(), f"abi_selftest-{tc['arch']}-{key}.so")
    if not os.path.exists(out):
        tmp = f"{out}.{os.getpid()}.tmp"
        proc = subprocess.run(cmd + [src, "-o", tmp], capture_output=True, text=True)
        if proc.returncode != 0:
            raise RunnerError(f"building {src} failed:\n{proc.stderr}")
        os.replace(tmp, out)
    return out


def start_runner(triple, timeout=60.0):
    """A started Runner for `triple` (built if needed, under its emulator)."""
    tc = toolchain(triple)
    if tc["emulator"] and not shutil.which(tc["emulator"][0]):
        raise RunnerError(f"{tc['emulator'][0]} is not installed")
    runner = Runner(tc["emulator"] + [build_runner(triple)], timeout=timeout)
    runner.start()
    return runner


# --- encoding -------------------------------------------------------------------------------
def spec(typ):
    if isinstance(typ, Scalar):
        return _SPEC[typ.name]
    if isinstance(typ, ArrayType):
        return f"arr {_SPEC[typ.dtype.name]} {typ.ndim}"
    if isinstance(typ, TupleType):
        return " ".join([f"tup {len(typ.elems)}"] + [spec(t) for t in typ.elems])
    if isinstance(typ, NoneType):
        return "none"
    raise TypeError(f"the runner cannot pass {typ}")


def _hex(b):
    return b.hex() if b else "-"


def encode_value(typ, value, order):
    if isinstance(typ, Scalar):
        if typ.name == "bool":
            return "1" if value else "0"
        if typ.is_int:
            return str(int(value))
        if typ.name == "float32":
            return f"{int(np.float32(value).view(np.uint32)):08x}"
        return f"{int(np.float64(value).view(np.uint64)):016x}"
    if isinstance(typ, TupleType):
        return " ".join(encode_value(t, v, order) for t, v in zip(typ.elems, value))
    if isinstance(typ, NoneType):
        return "-"
    a = np.asarray(value)
    lo, hi = extent(a)
    dtype = a.dtype.newbyteorder(order)
    buf = np.zeros(hi - lo, np.uint8)
    if a.size:
        view = np.ndarray(a.shape, dtype, buffer=buf, offset=-lo, strides=a.strides)
        view[...] = a
    fields = [str(n) for n in a.shape] + [str(s) for s in a.strides]
    return " ".join(fields + [str(-lo), str(hi - lo), _hex(buf.tobytes())])


def _array_after(value, data, order):
    """An argument array rebuilt from the buffer the runner sent back."""
    lo, hi = extent(value)
    raw = bytes.fromhex(data) if data != "-" else b""
    if len(raw) != hi - lo:
        raise RunnerError(f"argument buffer of {len(raw)} bytes, expected {hi - lo}")
    if value.size == 0:
        return np.empty(value.shape, value.dtype)
    dtype = value.dtype.newbyteorder(order)
    arr = np.ndarray(value.shape, dtype, buffer=bytearray(raw), offset=-lo,
                     strides=value.strides)
    return arr if dtype.isnative else arr.astype(value.dtype)


def decode_value(typ, tokens, pos, order):
    """(value, next position) from the answer's tokens."""
    if isinstance(typ, Scalar):
        t = tokens[pos]
        if typ.name == "bool":
            return t == "1", pos + 1
        if typ.is_int:
            return int(t), pos + 1
        if typ.name == "float32":
            return np.uint32(int(t, 16)).view(np.float32), pos + 1
        return float(np.uint64(int(t, 16)).view(np.float64)), pos + 1
    if isinstance(typ, TupleType):
        out = []
        for t in typ.elems:
            v, pos = decode_value(t, tokens, pos, order)
            out.append(v)
        return tuple(out), pos
    if isinstance(typ, NoneType):
        return None, pos + 1
    n = typ.ndim
    shape = tuple(int(x) for x in tokens[pos:pos + n])
    data = tokens[pos + 2 * n]
    dtype = typ.dtype.dtype.newbyteorder(order)
    raw = bytes.fromhex(data) if data != "-" else b""
    arr = np.frombuffer(raw, dtype=dtype).astype(typ.dtype.dtype).reshape(shape)
    return arr, pos + 2 * n + 1


# --- the process ----------------------------------------------------------------------------
class Runner:
    """One runner process. `call` returns an Outcome; RunnerError when the
    process died or timed out (it is restarted on the next use)."""

    def __init__(self, argv, timeout=60.0):
        self.argv = argv
        self.timeout = timeout
        self.proc = None
        self.order = "<"
        self._buf = b""
        self._libs = {}         # id -> path, reloaded when the process restarts
        self._next_id = 1

    def start(self):
        self.close()
        # stderr to a file: a pipe nobody drains could fill and stall the runner
        self._err = tempfile.TemporaryFile()
        try:
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self._err)
        except OSError as e:
            raise RunnerError(f"cannot start {' '.join(self.argv)}: {e}") from None
        self._buf = b""
        hello = self._readline(self.timeout).split()
        if len(hello) < 3 or hello[0] != "pyrite-runner":
            raise RunnerError(f"unexpected greeting from the runner: {' '.join(hello)!r}")
        self.order = "<" if hello[2] == "le" else ">"
        for lib, path in self._libs.items():
            self._load(lib, path)

    def close(self):
        if self.proc is not None:
            try:
                self.proc.stdin.write(b"quit\n")
                self.proc.stdin.flush()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            for f in (self.proc.stdin, self.proc.stdout, self._err):
                f.close()
            self.proc = None

    def _died(self, what):
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        self._err.seek(0)
        err = self._err.read().decode(errors="replace").strip()
        for f in (proc.stdin, proc.stdout, self._err):
            f.close()
        code = proc.returncode
        how = f"signal {-code}" if code < 0 else f"exit status {code}"
        raise RunnerError(f"runner {what} ({how}){': ' + err[-500:] if err else ''}")

    def _readline(self, timeout):
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buf:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    self._died(f"timed out after {timeout:.0f} s")
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    self._died("died")
                self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\n")
        return line.decode()

    def _request(self, line):
        if self.proc is None:
            self.start()
        try:
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
        except OSError:
            self._died("died")
        return self._readline(self.timeout)

    def _load(self, lib, path):
        answer = self._request(f"load {lib} {_hex(os.fsencode(path))}").split()
        if answer[:1] != ["ok"]:
            why = _unhex(answer[1:2]).replace(path + ": ", "").replace(path, "the library")
            raise RunnerError(f"dlopen({os.path.basename(path)}) failed: {why}")

    def load(self, path):
        """Loads a shared object; returns its id (kept across restarts)."""
        if self.proc is None:
            self.start()
        lib, self._next_id = self._next_id, self._next_id + 1
        self._load(lib, path)
        self._libs[lib] = path
        return lib

    def unload(self, lib):
        self._libs.pop(lib, None)
        if self.proc is not None:
            self._request(f"unload {lib}")

    def call(self, lib, symbol, ret_type, arg_types, args):
        parts = ["call", str(lib), _hex(symbol.encode()), spec(ret_type), str(len(args))]
        for t, v in zip(arg_types, args):
            parts += [spec(t), encode_value(t, v, self.order)]
        answer = self._request(" ".join(parts)).split(" ")
        out = Outcome()
        if answer[0] == "raise":
            out.exc = (_unhex(answer[1:2]), _unhex(answer[2:3]))
        elif answer[0] == "ok":
            out.value, pos = decode_value(ret_type, answer, 1, self.order)
            nargs = int(answer[pos])
            for k in range(nargs):
                if isinstance(arg_types[k], ArrayType):
                    out.arrays[k] = _array_after(np.asarray(args[k]), answer[pos + 1 + k],
                                                 self.order)
        else:
            raise RunnerError(f"runner refused the call: {_unhex(answer[1:2])}")
        return out


def _unhex(tokens):
    if not tokens or tokens[0] == "-":
        return ""
    return bytes.fromhex(tokens[0]).decode(errors="replace")
