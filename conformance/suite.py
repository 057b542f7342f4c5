"""The conformance suite's model: cases, types, expected results, comparison.

A case is a plain Python function plus a signature and argument tuples:

    Case("floordiv_int", floordiv, "int64(int64, int64)",
         [(7, 2), (-7, 2), (7, -2)], tags={"int"})

Its expected results come from running the same function under CPython and
NumPy on the same inputs. Where pyrite follows Numba rather than CPython the
case says so with `expect=` (a function computing Numba's answer) or
`reference_globals=` (names swapped while the reference runs, e.g. the
`random` module replaced by NumPy's legacy stream); each such place is
documented next to the case. The differences the suite relies on:

- integers are 64-bit and wrap (2**62 * 4 == 0): `expect=wrap_int64(fn)`;
- `~True` is False (CPython: -2), `int ** negative int` is an int (0, or
  +-1 for a base of +-1; CPython gives a float), `math.sqrt(-1.0)` is nan
  (CPython raises), float `**` overflows to inf and a negative base with a
  fractional exponent gives nan (CPython raises / goes complex);
- `random.seed(n)` seeds MT19937 as NumPy's legacy `np.random.seed(n)` does,
  so `random.random()` follows NumPy's stream, not CPython's.

Scalar float32 arguments reach the reference as Python floats holding the
float32 value: the reference computes in float64 and its result is rounded to
the compiled return type (float32) before the comparison, so a float32 case
that chains operations may differ by double rounding and says so with its
tolerance (NumPy's float32 scalars would instead keep `float32 * 2.0` in
float32, where Numba and pyrite compute float64). Arrays keep their dtype.
Results are compared in the precision of the compiled type.
"""
import re
import types as _pytypes
from dataclasses import dataclass, field

import numpy as np

# Capability a tag needs from the target plugin (`_core.plugins()[i]['capabilities']`).
CAPABILITY_TAGS = {"parallel": "parallel", "kernels": "kernels", "atomics": "atomics",
                   "fp64": "fp64"}

SCALARS = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
           "uint64", "float32", "float64")
_ALIASES = {"boolean": "bool", "b1": "bool", "bool_": "bool", "i1": "int8", "i2": "int16",
            "i4": "int32", "i8": "int64", "intp": "int64", "u1": "uint8", "u2": "uint16",
            "u4": "uint32", "u8": "uint64", "f4": "float32", "f8": "float64",
            "float": "float32", "double": "float64"}


# --- types ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scalar:
    name: str                       # one of SCALARS

    @property
    def is_float(self):
        return self.name.startswith("float")

    @property
    def is_int(self):
        return "int" in self.name

    @property
    def dtype(self):
        return np.dtype(self.name)

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class ArrayType:
    dtype: Scalar
    ndim: int
    layout: str = "A"

    def __str__(self):
        return f"array({self.dtype}, {self.ndim}d, {self.layout})"


@dataclass(frozen=True)
class TupleType:
    elems: tuple

    def __str__(self):
        return f"Tuple({', '.join(map(str, self.elems))})"


@dataclass(frozen=True)
class NoneType:
    def __str__(self):
        return "none"


def _scalar(name):
    name = _ALIASES.get(name, name)
    if name not in SCALARS:
        raise ValueError(f"unknown scalar type {name!r}")
    return Scalar(name)


def _split_top(text, sep=","):
    """Splits at `sep` outside brackets and parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    if text[start:].strip():
        parts.append(text[start:].strip())
    return parts


def parse_type(text):
    """A type as pyrite prints it ("array(float64, 2d, A)", "UniTuple(int64 x 2)",
    "Tuple(int64, float64)", "none", "float32") or as a signature writes it
    ("float64[:, ::1]", "int32", "f8")."""
    text = text.strip()
    if text in ("none", "void", "None"):
        return NoneType()
    m = re.fullmatch(r"array\((\w+),\s*(\d+)d,\s*([CFA])\)", text)
    if m:
        return ArrayType(_scalar(m.group(1)), int(m.group(2)), m.group(3))
    m = re.fullmatch(r"UniTuple\((.+?)\s+x\s+(\d+)\)", text)
    if m:
        return TupleType((parse_type(m.group(1)),) * int(m.group(2)))
    m = re.fullmatch(r"UniTuple\((.+),\s*(\d+)\)", text)        # Numba's spelling
    if m:
        return TupleType((parse_type(m.group(1)),) * int(m.group(2)))
    m = re.fullmatch(r"Tuple\((.*)\)", text)
    if m:
        return TupleType(tuple(parse_type(t) for t in _split_top(m.group(1))))
    m = re.fullmatch(r"(\w+)\s*\[(.*)\]", text)
    if m:
        dims = [d.strip() for d in m.group(2).split(",")]
        layout = "A"
        if dims[-1] == "::1":
            layout = "C"
        elif dims[0] == "::1" and len(dims) > 1:
            layout = "F"
        return ArrayType(_scalar(m.group(1)), len(dims), layout)
    return _scalar(text)


def split_signature(text):
    """"float64(float64[:], int64)" -> ("float64", ["float64[:]", "int64"]);
    the return type is None when the signature leaves it to inference."""
    text = text.strip()
    if not text.endswith(")"):
        raise ValueError(f"invalid signature {text!r}")
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            break
    return (text[:i].strip() or None), _split_top(text[i + 1:-1])


# --- cases ---------------------------------------------------------------------------------
@dataclass
class Case:
    """One kernel and the inputs it is checked on.

    name: unique within its module (the report says `module.name`).
    function: a plain Python function (compiled by pyrite, and run by CPython
        for the expected result).
    signature: "ret(arg, ...)" in Numba's grammar; leave the return type out
        ("(int64[:])") to let pyrite infer it (tuples must: pyrite's signature
        grammar has no tuple types yet).
    args: argument tuples; NumPy arrays may have any strides (each call gets a
        fresh copy with the same shape and strides).
    tolerance_ulps: allowed distance in units in the last place of the
        result's float type (0: bit-exact, NaN equals NaN, signs of zero match).
    tags: topic words; "parallel", "kernels", "atomics" and "fp64" also need
        that capability from the target (fp64 is added for float64 signatures).
    expect: computes the expected result instead of `function` (Numba's
        semantics where they differ from CPython's; see the module docstring).
    reference_globals: names replaced in the function's globals while the
        reference runs.
    options: jit options (e.g. {"parallel": True}).
    launch: (grid, block) for GPU kernels (tag "kernels").
    """
    name: str
    function: object
    signature: str
    args: list
    tolerance_ulps: int = 0
    tags: set = field(default_factory=set)
    expect: object = None
    reference_globals: dict = None
    options: dict = field(default_factory=dict)
    launch: tuple = None
    module: str = ""            # filled in by load_cases

    def __post_init__(self):
        self.tags = set(self.tags)
        ret, args = split_signature(self.signature)
        self.declared_return = parse_type(ret) if ret else None
        self.arg_types = [parse_type(a) for a in args]
        names = re.findall(r"[A-Za-z_]\w*", self.signature)
        if "float64" in names or "f8" in names or "double" in names:
            self.tags.add("fp64")
        if self.launch is not None:
            self.tags.add("kernels")

    @property
    def full_name(self):
        return f"{self.module}.{self.name}" if self.module else self.name

    def required_capabilities(self):
        return sorted(CAPABILITY_TAGS[t] for t in self.tags if t in CAPABILITY_TAGS)


def load_cases(package):
    """Every Case of every module in `package.cases` (a package object whose
    modules define CASES), in file order, with unique full names."""
    import importlib
    import pkgutil
    cases_pkg = importlib.import_module(package.__name__ + ".cases")
    out, seen = [], set()
    for info in sorted(pkgutil.iter_modules(cases_pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{cases_pkg.__name__}.{info.name}")
        for case in getattr(mod, "CASES", []):
            case.module = info.name
            if case.full_name in seen:
                raise ValueError(f"duplicate conformance case {case.full_name}")
            seen.add(case.full_name)
            out.append(case)
    return out


# --- helpers for case authors ---------------------------------------------------------------
def wrap_int(value, bits=64, signed=True):
    """An integer reduced to a fixed width as the hardware does (Numba's int64)."""
    value &= (1 << bits) - 1
    if signed and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


def _wrap_all(value, bits, signed):
    if isinstance(value, tuple):
        return tuple(_wrap_all(v, bits, signed) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return wrap_int(value, bits, signed)
    return value


def wrap_int64(fn):
    """Numba's answer for ring arithmetic (+ - * and shifts left) that
    overflows: CPython's exact integer reduced modulo 2**64, which equals
    wrapping after every operation."""
    def expect(*args):
        return _wrap_all(fn(*args), 64, True)
    expect.__name__ = f"wrap_int64({fn.__name__})"
    return expect


def wrap_uint64(fn):
    def expect(*args):
        return _wrap_all(fn(*args), 64, False)
    return expect


class NumpyLegacyRandom:
    """The `random` module as Numba (and pyrite) implement it: one MT19937
    stream seeded like NumPy's legacy `np.random.seed`, doubles drawn like
    `random_sample`, `uniform(a, b) = a + (b - a) * random()`."""

    def __init__(self):
        self._state = np.random.RandomState(0)

    def seed(self, n):
        self._state = np.random.RandomState(n)

    def random(self):
        return float(self._state.random_sample())

    def uniform(self, a, b):
        return a + (b - a) * self.random()


# --- GPU kernels, simulated thread by thread for the reference ----------------------------
class _Dim:
    def __init__(self, x):
        self.x = x


class KernelSimulator:
    """Enough of `pyrite.cuda` for the reference to run a kernel without
    barriers one thread at a time: grid(1), gridsize(1), threadIdx/blockIdx/
    blockDim/gridDim (.x)."""

    def __init__(self, grid, block):
        self.gridDim, self.blockDim = _Dim(grid), _Dim(block)
        self.threadIdx, self.blockIdx = _Dim(0), _Dim(0)

    def grid(self, ndim):
        assert ndim == 1, "the simulator knows 1-d grids only"
        return self.blockIdx.x * self.blockDim.x + self.threadIdx.x

    def gridsize(self, ndim):
        return self.gridDim.x * self.blockDim.x

    def run(self, fn, args):
        for b in range(self.gridDim.x):
            for t in range(self.blockDim.x):
                self.blockIdx.x, self.threadIdx.x = b, t
                fn(*args)


# --- values --------------------------------------------------------------------------------
def strided_copy(a):
    """A fresh array equal to `a` with the same shape, dtype and strides
    (negative ones too), owning its memory."""
    a = np.asarray(a)
    lo, hi = extent(a)
    buf = np.zeros(max(hi - lo, 1), np.uint8)
    out = np.ndarray(a.shape, a.dtype, buffer=buf, offset=-lo, strides=a.strides)
    out[...] = a
    return out


def extent(a):
    """(lowest, highest+itemsize) byte offsets an array touches, relative to
    its first element; (0, 0) when it is empty."""
    if a.size == 0:
        return 0, 0
    lo = sum(min(0, (n - 1) * s) for n, s in zip(a.shape, a.strides))
    hi = sum(max(0, (n - 1) * s) for n, s in zip(a.shape, a.strides)) + a.itemsize
    return lo, hi


def convert_arg(value, typ):
    """A Python argument as the declared type sees it (a float32 becomes the
    Python float of its float32 value; arrays are fresh strided copies)."""
    if isinstance(typ, ArrayType):
        a = np.asarray(value)
        if a.dtype != typ.dtype.dtype or a.ndim != typ.ndim:
            raise TypeError(f"argument {a.dtype}[{a.ndim}d] does not match {typ}")
        return strided_copy(a)
    if isinstance(typ, TupleType):
        return tuple(convert_arg(v, t) for v, t in zip(value, typ.elems))
    if isinstance(typ, Scalar):
        if typ.name == "bool":
            return bool(value)
        if typ.is_int:
            return int(value)
        if typ.name == "float32":
            return float(np.float32(value))
        return float(value)
    return value


@dataclass
class Outcome:
    """What a call did: a value or an exception (class name, message), and
    the array arguments afterwards (index -> array)."""
    value: object = None
    exc: tuple = None
    arrays: dict = field(default_factory=dict)


def array_args(args):
    return {k: a for k, a in enumerate(args) if isinstance(a, np.ndarray)}


def reference_function(case):
    fn = case.expect or case.function
    if case.reference_globals:
        g = dict(fn.__globals__)
        g.update(case.reference_globals)
        fn = _pytypes.FunctionType(fn.__code__, g, fn.__name__, fn.__defaults__,
                                   fn.__closure__)
    return fn


def run_reference(case, args):
    """Runs the reference on fresh copies of `args` (converted to the
    declared types)."""
    fn = reference_function(case)
    call_args = [convert_arg(v, t) for v, t in zip(args, case.arg_types)]
    out = Outcome()
    try:
        if case.launch is not None:
            sim = KernelSimulator(*case.launch)
            g = dict(fn.__globals__)
            g["cuda"] = sim
            fn = _pytypes.FunctionType(fn.__code__, g, fn.__name__, fn.__defaults__)
            sim.run(fn, call_args)
        else:
            with np.errstate(all="ignore"):
                out.value = fn(*call_args)
    except Exception as e:     # the exception is the expected result
        out.exc = (type(e).__name__, str(e))
    out.arrays = array_args(call_args)
    return out


# --- comparison ----------------------------------------------------------------------------
def _ordered_ints(a):
    """Float bits -> integers on which adjacent floats differ by 1 (+0 and -0
    both map to 0)."""
    a = np.ascontiguousarray(a)
    width = a.dtype.itemsize * 8
    bits = a.view({64: np.uint64, 32: np.uint32, 16: np.uint16}[width]).ravel().tolist()
    top, mag = 1 << (width - 1), (1 << (width - 1)) - 1
    return [-(b & mag) if b & top else b for b in bits]


def max_ulp_distance(got, want):
    """The largest elementwise ULP distance of two float arrays of one dtype
    (NaN vs NaN is 0; NaN vs a number is 2**64)."""
    got, want = np.asarray(got), np.asarray(want)
    gn, wn = np.isnan(got).ravel().tolist(), np.isnan(want).ravel().tolist()
    worst = 0
    for g, w, a, b in zip(_ordered_ints(got), _ordered_ints(want), gn, wn):
        d = 0 if (a and b) else (2 ** 64 if (a or b) else abs(g - w))
        worst = max(worst, d)
    return worst


class Mismatch(Exception):
    pass


def _kind(value):
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, (int, np.integer)):
        return "int"
    if isinstance(value, (float, np.floating)):
        return "float"
    if isinstance(value, np.ndarray):
        return "array"
    if isinstance(value, tuple):
        return "tuple"
    if value is None:
        return "none"
    return type(value).__name__


def _type_kind(typ):
    if isinstance(typ, Scalar):
        return "bool" if typ.name == "bool" else ("float" if typ.is_float else "int")
    if isinstance(typ, ArrayType):
        return "array"
    if isinstance(typ, TupleType):
        return "tuple"
    return "none"


def _fmt(v):
    if isinstance(v, np.ndarray):
        return np.array2string(v, threshold=8, precision=17)
    if isinstance(v, (float, np.floating)):
        return repr(float(v)) if isinstance(v, np.float64) or isinstance(v, float) \
            else f"{float(v)!r}f"
    return repr(v)


class Comparator:
    """Compares one call's outcome with the reference; keeps the largest ULP
    distance seen."""

    def __init__(self, tolerance_ulps):
        self.tolerance = tolerance_ulps
        self.max_ulp = 0

    def _floats(self, got, want, dtype, where):
        with np.errstate(all="ignore"):
            got = np.asarray(got, dtype=dtype)
            want = np.asarray(want, dtype=dtype)
        worst = max_ulp_distance(got, want)
        if worst > self.max_ulp:
            self.max_ulp = min(worst, 2 ** 64)
        if worst > self.tolerance:
            raise Mismatch(f"{where}: got {_fmt(got[()] if got.ndim == 0 else got)}, "
                           f"expected {_fmt(want[()] if want.ndim == 0 else want)} "
                           f"({_ulps(worst)} apart, tolerance {self.tolerance})")
        if self.tolerance == 0:
            zg, zw = (got == 0), (want == 0)
            both = zg & zw
            if np.any(both & (np.signbit(got) != np.signbit(want))):
                raise Mismatch(f"{where}: got {_fmt(got)}, expected {_fmt(want)} "
                               "(sign of zero differs)")

    def value(self, got, want, typ, declared, where="result"):
        """`typ`: the compiled type of the value; `declared`: whether the
        signature fixed it (then the reference's value is converted to it as
        compiled code converts, instead of having to be of its kind)."""
        if isinstance(typ, NoneType):
            if want is not None and not declared:
                raise Mismatch(f"{where}: got None, expected {_fmt(want)}")
            return
        if isinstance(typ, TupleType):
            if not isinstance(want, tuple) or len(want) != len(typ.elems):
                raise Mismatch(f"{where}: got a {len(typ.elems)}-tuple, expected {_fmt(want)}")
            if not isinstance(got, tuple) or len(got) != len(typ.elems):
                raise Mismatch(f"{where}: got {_fmt(got)}, expected a tuple")
            for k, (g, w, t) in enumerate(zip(got, want, typ.elems)):
                self.value(g, w, t, declared, f"{where}[{k}]")
            return
        if isinstance(typ, ArrayType):
            if not isinstance(want, np.ndarray):
                raise Mismatch(f"{where}: got an array, expected {_fmt(want)}")
            got = np.asarray(got)
            if got.shape != want.shape:
                raise Mismatch(f"{where}: got shape {got.shape}, expected {want.shape}")
            if got.dtype != typ.dtype.dtype or (not declared and want.dtype != got.dtype):
                raise Mismatch(f"{where}: got dtype {got.dtype}, expected {want.dtype}")
            self.array(got, want, where)
            return
        # scalars
        if not declared and _kind(want) != _type_kind(typ):
            raise Mismatch(f"{where}: got {typ} {_fmt(got)}, expected "
                           f"{type(want).__name__} {_fmt(want)}")
        if typ.is_float:
            self._floats(got, _to_float(want), typ.dtype, where)
        elif typ.name == "bool":
            if bool(got) != bool(want):
                raise Mismatch(f"{where}: got {bool(got)!r}, expected {bool(want)!r}")
        else:
            w = int(want)          # a float declared as an int truncates, as compiled code
            if int(got) != w:
                raise Mismatch(f"{where}: got {int(got)!r}, expected {w!r}")

    def array(self, got, want, where):
        with np.errstate(all="ignore"):
            self._array(got, want, where)

    def _array(self, got, want, where):
        if got.dtype.kind == "f":
            self._floats(got, want.astype(got.dtype), got.dtype, where)
        elif not np.array_equal(got, want.astype(got.dtype)):
            bad = np.argwhere(got != want.astype(got.dtype))
            idx = tuple(bad[0]) if len(bad) else ()
            raise Mismatch(f"{where}: differs at index {idx}: got {got[idx]!r}, "
                           f"expected {want[idx]!r}")


def _to_float(v):
    if isinstance(v, (np.floating, float)):
        return v
    return float(v)


def _ulps(n):
    return "very far" if n >= 2 ** 63 else f"{n} ulp"


def compare(case, args, want, got, ret_type):
    """Checks one call. Returns (ok, max_ulp, message)."""
    cmp = Comparator(case.tolerance_ulps)
    desc = _describe_args(args)
    try:
        if want.exc or got.exc:
            if not want.exc:
                raise Mismatch(f"raised {got.exc[0]}: {got.exc[1]}, expected {_fmt(want.value)}")
            if not got.exc:
                raise Mismatch(f"returned {_fmt(got.value)}, expected {want.exc[0]} "
                               f"({want.exc[1]})")
            if got.exc[0] != want.exc[0]:
                raise Mismatch(f"raised {got.exc[0]}: {got.exc[1]}, expected {want.exc[0]}: "
                               f"{want.exc[1]}")
        else:
            cmp.value(got.value, want.value, ret_type, case.declared_return is not None)
        for k, w in want.arrays.items():
            g = got.arrays.get(k)
            if g is None:
                raise Mismatch(f"argument {k} after the call was not reported")
            cmp.array(np.asarray(g), w, f"argument {k} after the call")
    except Mismatch as m:
        return False, cmp.max_ulp, f"{case.name}{desc}: {m}"
    return True, cmp.max_ulp, ""


def _describe_args(args):
    parts = []
    for a in args:
        if isinstance(a, np.ndarray):
            parts.append(f"{a.dtype}{list(a.shape)} strides {a.strides}")
        else:
            parts.append(repr(a))
    text = ", ".join(parts)
    return f"({text[:120]}{'...' if len(text) > 120 else ''})"
