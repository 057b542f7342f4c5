"""Comparing what CPython and pyrite left behind after a call.

A `Snapshot` records the returned value (arrays copied), every argument
after the call, which returned arrays share memory with which arguments,
and the exception class if the call raised. `difference` returns None when
two snapshots agree, else a short description that starts with the kind of
difference ('value', 'dtype', 'shape', 'type', 'exception', 'sharing').

Ints, bools, dtypes and shapes must agree exactly; floats must agree
bit-for-bit except NaN == NaN, unless the program did order-dependent float
work (sums, means), where a relative tolerance applies.
"""
import numpy as np

# Relative tolerance per kind of reassociation the program did.
TOLERANCE = {"dot": 1e-9, "linspace": 1e-12,
             # kinds of older regression files
             "float64": 1e-9, "float32": 1e-4, "ufunc": 1e-12, "ufunc32": 1e-5}


class Snapshot:
    def __init__(self, value=None, args=(), exception=None):
        self.exception = None if exception is None else type(exception).__name__
        self.message = None if exception is None else str(exception)[:500]
        self.value = _copy(value)
        self.args = [_copy(a) for a in args]
        self.sharing = _sharing(value, args) if exception is None else ()


def _copy(x):
    if isinstance(x, np.ndarray):
        return x.copy()
    if isinstance(x, tuple):
        return tuple(_copy(v) for v in x)
    return x


def _arrays(x):
    if isinstance(x, np.ndarray):
        yield x
    elif isinstance(x, tuple):
        for v in x:
            yield from _arrays(v)


def _sharing(value, args):
    """For each returned array, the indices of the arguments it views."""
    out = []
    for r in _arrays(value):
        out.append(tuple(k for k, a in enumerate(args)
                         if isinstance(a, np.ndarray) and np.shares_memory(r, a)))
    return tuple(out)


def category(x):
    if isinstance(x, (bool, np.bool_)):
        return "bool"
    if isinstance(x, (int, np.integer)):
        return "int"
    if isinstance(x, (float, np.floating)):
        return "float"
    if isinstance(x, np.ndarray):
        return "array"
    if isinstance(x, tuple):
        return "tuple"
    if x is None:
        return "None"
    return type(x).__name__


def tolerance_of(kinds):
    return max((TOLERANCE.get(k, 0.0) for k in kinds), default=0.0)


def floats_equal(got, want, rtol):
    """Element-wise: equal, both NaN, or within rtol (relative)."""
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    same = (got == want) | (np.isnan(got) & np.isnan(want))
    if rtol:
        scale = np.maximum(np.maximum(np.abs(want), np.abs(got)), 1.0)
        with np.errstate(all="ignore"):
            close = np.abs(got - want) <= rtol * scale
        same |= close & np.isfinite(got) & np.isfinite(want)
    return same


def _first_bad(same):
    idx = np.argwhere(~np.asarray(same))
    return tuple(int(i) for i in idx[0]) if len(idx) else None


def value_difference(got, want, rtol, where):
    cg, cw = category(got), category(want)
    if cg != cw:
        return f"type: {where} is {cg} {_short(got)}, expected {cw} {_short(want)}"
    if cw == "tuple":
        if len(got) != len(want):
            return f"shape: {where} has {len(got)} items, expected {len(want)}"
        for k, (g, w) in enumerate(zip(got, want)):
            d = value_difference(g, w, rtol, f"{where}[{k}]")
            if d:
                return d
        return None
    if cw == "array":
        if got.dtype != want.dtype:
            return f"dtype: {where} has dtype {got.dtype}, expected {want.dtype}"
        if got.shape != want.shape:
            return f"shape: {where} has shape {got.shape}, expected {want.shape}"
        if want.dtype.kind in "fc":
            same = floats_equal(got, want, rtol)
        else:
            same = got == want
        bad = _first_bad(same) if want.size else None
        if bad is not None:
            return (f"value: {where}{list(bad)} is {got[bad]!r}, expected {want[bad]!r}"
                    f"\n  got      {_short(got)}\n  expected {_short(want)}")
        return None
    if cw == "float":
        if not bool(floats_equal(got, want, rtol)):
            return f"value: {where} is {float(got)!r}, expected {float(want)!r}"
        return None
    if cw in ("int", "bool"):
        if int(got) != int(want):
            return f"value: {where} is {got!r}, expected {want!r}"
        return None
    if got != want:
        return f"value: {where} is {got!r}, expected {want!r}"
    return None


def _short(x):
    text = np.array2string(x, threshold=20, precision=17) if isinstance(x, np.ndarray) \
        else repr(x)
    return text if len(text) < 300 else text[:300] + "..."


def difference(got, want, tolerance=()):
    """None when snapshot `got` (pyrite) matches `want` (CPython)."""
    if got.exception != want.exception:
        if want.exception is None:
            return f"exception: pyrite raised {got.exception}: {got.message}"
        if got.exception is None:
            return f"exception: CPython raised {want.exception}, pyrite returned normally"
        return f"exception: pyrite raised {got.exception}, CPython {want.exception}"
    rtol = tolerance_of(tolerance)
    if want.exception is None:
        d = value_difference(got.value, want.value, rtol, "result")
        if d:
            return d
        if got.sharing != want.sharing:
            return (f"sharing: returned arrays view arguments {got.sharing}, "
                    f"expected {want.sharing}")
    for k, (g, w) in enumerate(zip(got.args, want.args)):
        d = value_difference(g, w, rtol, f"argument {k} after the call")
        if d:
            return d
    return None
