"""The CPython reference, evaluated in pyrite's order.

NumPy computes transcendental ufuncs with its own SIMD loops, pyrite (like
Numba) calls the C library; both sum floats pairwise, but NumPy's iterator
may split a strided array differently. Both are correct, but their last
bits differ, and a later `%`, `floor` or comparison can turn an ulp into
any difference at all. So the CPython run executes the program with those
calls rewritten to reference functions that give NumPy's results in
pyrite's order of evaluation, and the comparison stays exact:

    a.sum(), np.sum(a), a.sum(axis=k), a.mean(), np.mean(a, axis=k)
        -> _ref_reduce(a, ...)      floats summed pairwise as pyrite does:
                                    contiguous data at once, else each line
                                    along the last axis (or along `axis`)
    np.sin(x), np.exp(x), ...       -> _ref_ufunc('sin', x)   the C library's
                                       sin/sinf, element by element
    math.hypot(x, y)                -> _ref_hypot(x, y)       the C library's
                                       (CPython computes hypot itself)

Integer and boolean reductions are exact in any order and go to NumPy.
"""
import ast
import ctypes
import ctypes.util
import math

import numpy as np

UFUNCS = {"sin": "sin", "cos": "cos", "tan": "tan", "tanh": "tanh", "arctan": "atan",
          "exp": "exp", "expm1": "expm1", "log": "log", "log1p": "log1p", "log10": "log10",
          "log2": "log2", "sinh": "sinh", "cosh": "cosh", "arcsin": "asin", "arccos": "acos"}

_libm = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")


def _c_function(name, single):
    fn = getattr(_libm, name + ("f" if single else ""))
    ctype = ctypes.c_float if single else ctypes.c_double
    fn.restype, fn.argtypes = ctype, [ctype]
    return fn


_C = {(n, s): _c_function(c, s) for n, c in UFUNCS.items() for s in (False, True)}
_hypot = _libm.hypot
_hypot.restype, _hypot.argtypes = ctypes.c_double, [ctypes.c_double, ctypes.c_double]


def _ref_hypot(x, y):
    """math.hypot as the C library computes it (CPython has its own, more
    accurate algorithm)."""
    return _hypot(float(x), float(y))


def _ref_ufunc(name, x):
    """np.<name>(x) with the C library's function."""
    if isinstance(x, np.ndarray):
        single = x.dtype == np.float32
        out_dtype = np.float32 if single else np.float64
        fn = _C[(name, single)]
        flat = [fn(float(v)) for v in x.ravel()]
        return np.array(flat, dtype=out_dtype).reshape(x.shape)
    if isinstance(x, np.float32):
        return np.float32(_C[(name, True)](float(x)))
    return np.float64(_C[(name, False)](float(x)))


def _pairwise(values, dtype):
    """NumPy's pairwise sum of a run of values (as pyrite_sum_f32/f64)."""
    return dtype.type(np.add.reduce(np.ascontiguousarray(values, dtype=dtype)))


def _sum_like_pyrite(a):
    """pyrite's float sum of a whole array: contiguous (C or Fortran order)
    in memory order at once, else one pairwise sum per last-axis line."""
    if a.ndim == 0 or a.flags.c_contiguous or a.flags.f_contiguous:
        return _pairwise(a.ravel(order="K"), a.dtype)
    acc = a.dtype.type(0)
    for index in np.ndindex(*a.shape[:-1]):
        acc = acc + _pairwise(a[index], a.dtype)
    return acc


def _ref_reduce(how, a, axis=None):
    """a.sum()/a.mean(), optionally along `axis`, floats summed as pyrite does."""
    a = np.asarray(a)
    numpy_fn = np.sum if how == "sum" else np.mean
    if a.dtype.kind != "f":
        return numpy_fn(a) if axis is None else numpy_fn(a, axis=axis)
    if axis is None:
        total = _sum_like_pyrite(a)
        if how == "sum":
            return total
        return total / a.size if a.size else a.dtype.type(math.nan)
    axis = axis % a.ndim
    moved = np.moveaxis(a, axis, -1)
    out = np.empty(moved.shape[:-1], dtype=a.dtype)
    for index in np.ndindex(*out.shape):
        total = _pairwise(moved[index], a.dtype)
        n = moved.shape[-1]
        out[index] = total if how == "sum" else (total / n if n else math.nan)
    return out


class _Rewriter(ast.NodeTransformer):
    def visit_Call(self, node):
        self.generic_visit(node)
        f = node.func
        axis = None
        for kw in node.keywords:
            if kw.arg == "axis":
                axis = kw.value
        if isinstance(f, ast.Attribute) and f.attr in ("sum", "mean"):
            if isinstance(f.value, ast.Name) and f.value.id == "np":      # np.sum(a, ...)
                if not node.args:
                    return node
                target, rest = node.args[0], node.args[1:]
            else:                                                          # a.sum(...)
                target, rest = f.value, node.args
            if rest:
                axis = rest[0]
            args = [ast.Constant(f.attr), target] + ([axis] if axis is not None else [])
            return ast.Call(ast.Name("_ref_reduce", ast.Load()), args, [])
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and \
                f.value.id == "math" and f.attr == "hypot" and len(node.args) == 2:
            return ast.Call(ast.Name("_ref_hypot", ast.Load()), node.args, [])
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and \
                f.value.id == "np" and f.attr in UFUNCS and len(node.args) == 1:
            return ast.Call(ast.Name("_ref_ufunc", ast.Load()),
                            [ast.Constant(f.attr), node.args[0]], [])
        return node


def reference_source(source):
    """`source` with reductions and ufuncs rewritten to the reference ones."""
    tree = _Rewriter().visit(ast.parse(source))
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


NAMESPACE = {"_ref_reduce": _ref_reduce, "_ref_ufunc": _ref_ufunc, "_ref_hypot": _ref_hypot}
