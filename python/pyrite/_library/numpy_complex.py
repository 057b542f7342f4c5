"""NumPy on complex arrays in compiled code: the operators `+ - * / **`,
unary `-` and `+`, `==` and `!=` (in place too: `z += w`), the ufuncs
np.add subtract multiply divide/true_divide power negative positive
conjugate/conj square reciprocal absolute/abs exp log log10 sqrt sin cos tan
sinh cosh tanh isnan isinf isfinite (with `out=`), np.real and np.imag
(views, as the core's `z.real`/`z.imag`), np.angle, the reductions sum,
prod and mean, and np.dot/np.vdot of vectors (matrix products: BLAS, in
numpy_products.py), for complex64/complex128 arrays mixed with real arrays
and scalars, broadcast as NumPy does.

Dtypes are NumPy's own loop choice (`ufunc.resolve_dtypes`, an int64,
float64 or complex128 scalar weak as NEP 50 says: `complex64_array * 2j`
stays complex64). Element results follow NumPy's complex loops
(numpy/_core/src/umath/loops.c.src, npy_math_complex.c): division is
Smith's algorithm, and a zero divisor gives inf/nan rather than an
exception; absolute is hypot; the transcendental functions are the cmath
module's formulas (pyrite/_library/complexes.py), whose last bits can differ
from the C library NumPy calls. Sums add in order in complex128 (NumPy adds
complex64 pairwise in complex64: pyrite's complex64 sums are at least as
accurate); prod multiplies in order, as NumPy does."""
import cmath
import math
import operator

import numpy as np

from .. import types
from ..extending import overload, overload_method, register_jitable
from ._generate import generate
from .numpy_functions import OPERATOR_UFUNCS, _absent, _numpy_dtype
from .numpy_element_maps import _broadcast_map

_INLINE = "always"
_REAL = (types.Boolean, types.Integer, types.Float)
_jit = register_jitable(inline="always")


def _element(t):
    return t.dtype if isinstance(t, types.Array) else t


def _complex_case(args):
    """Numbers and arrays of numbers, at least one of them complex."""
    elems = [_element(t) for t in args]
    return all(isinstance(e, _REAL + (types.Complex,)) for e in elems) and \
        any(isinstance(e, types.Complex) for e in elems)


def _weak(t):
    """What stands for t in ufunc.resolve_dtypes: an array's dtype, a Python
    type for a weak scalar (int64, float64, complex128), else the dtype."""
    if isinstance(t, types.Array):
        return np.dtype(_numpy_dtype(t.dtype))
    if isinstance(t, types.Integer) and t.signed and t.bitwidth == 64:
        return int
    if isinstance(t, types.Float) and t.bitwidth == 64:
        return float
    if isinstance(t, types.Complex) and t.bitwidth == 128:
        return complex
    return np.dtype(_numpy_dtype(t))


def _loop(ufunc, args):
    """(input classes, output class) of NumPy's loop for args, or None."""
    any_array = any(isinstance(t, types.Array) for t in args)
    given = tuple(_weak(t) if any_array else np.dtype(_numpy_dtype(_element(t)))
                  for t in args)
    try:
        dts = ufunc.resolve_dtypes(given + (None,))
    except (TypeError, ValueError):
        return None
    return tuple(d.type for d in dts[:len(args)]), dts[-1].type


# --- the element kernels (NumPy's complex loops) ----------------------------------------

@register_jitable
def _over_zero(x):
    """x / +0.0 as IEEE division gives it (NumPy's loops divide so)."""
    if x != x or x == 0:
        return math.nan
    return math.copysign(math.inf, x)


@register_jitable
def _fdiv(x, y):
    """x / y as IEEE division gives it (compiled `/` raises for 0, as Python)."""
    if y == 0:
        return _over_zero(x) * math.copysign(1.0, y)
    return x / y


@register_jitable
def _divide(a, b):
    """Smith's division, as NumPy's complex loops: no exception for 0, and
    NaN or infinite parts go through IEEE arithmetic."""
    ar, ai, br, bi = a.real, a.imag, b.real, b.imag
    abs_br, abs_bi = abs(br), abs(bi)
    if abs_br >= abs_bi:
        if abs_br == 0 and abs_bi == 0:
            return complex(_over_zero(ar), _over_zero(ai))
        rat = _fdiv(bi, br)
        scl = _fdiv(1.0, br + bi * rat)
        return complex((ar + ai * rat) * scl, (ai - ar * rat) * scl)
    rat = _fdiv(br, bi)
    scl = _fdiv(1.0, bi + br * rat)
    return complex((ar * rat + ai) * scl, (ai * rat - ar) * scl)


@register_jitable
def _log(z):
    if z.real == 0 and z.imag == 0:
        return complex(-math.inf, math.atan2(z.imag, z.real))
    return cmath.log(z)


@register_jitable
def _log10(z):
    w = _log(z)
    return complex(w.real / math.log(10.0), w.imag / math.log(10.0))


@register_jitable
def _power(a, b):
    if b.real == 0 and b.imag == 0:
        return complex(1.0, 0.0)
    if a.real == 0 and a.imag == 0:   # NumPy 2: zero to a power of positive real part
        if b.real > 0:
            return complex(0.0, 0.0)
        return complex(math.nan, math.nan)
    return a ** b


@register_jitable
def _isnan(z):
    return z.real != z.real or z.imag != z.imag


@register_jitable
def _isinf(z):
    return math.isinf(z.real) or math.isinf(z.imag)


@register_jitable
def _isfinite(z):
    return math.isfinite(z.real) and math.isfinite(z.imag)


# ufunc -> its kernel, over x (and y) converted to the loop's input types
_KERNELS = {
    np.add: "x + y", np.subtract: "x - y", np.multiply: "x * y",
    np.true_divide: "_divide(x, y)", np.power: "_power(x, y)",
    np.equal: "x == y", np.not_equal: "x != y",
    np.negative: "-x", np.positive: "x", np.conjugate: "x.conjugate()",
    np.square: "x * x", np.reciprocal: "_divide(complex(1.0, 0.0), x)",
    np.absolute: "math.hypot(x.real, x.imag)",
    np.exp: "cmath.exp(x)", np.log: "_log(x)", np.log10: "_log10(x)",
    np.sqrt: "cmath.sqrt(x)", np.sin: "cmath.sin(x)", np.cos: "cmath.cos(x)",
    np.tan: "cmath.tan(x)", np.sinh: "cmath.sinh(x)", np.cosh: "cmath.cosh(x)",
    np.tanh: "cmath.tanh(x)",
    np.isnan: "_isnan(x)", np.isinf: "_isinf(x)", np.isfinite: "_isfinite(x)",
}
_ELEMS = {}


def _elem(ufunc, ins, out):
    """A jitable of one element: its operands converted to the loop's
    input types, the kernel, the result converted to the output type."""
    key = (ufunc, ins, out)
    if key not in _ELEMS:
        params = ["x", "y"][:len(ins)]
        body = [f"{p} = i{k}({p})" for k, p in enumerate(params)]
        body.append(f"return o({_KERNELS[ufunc]})")
        ns = {"math": math, "cmath": cmath, "_divide": _divide, "_log": _log,
              "_log10": _log10, "_power": _power, "_isnan": _isnan, "_isinf": _isinf,
              "_isfinite": _isfinite,
              "o": out}
        ns.update({f"i{k}": t for k, t in enumerate(ins)})
        _ELEMS[key] = _jit(generate("complex_" + ufunc.__name__, params, body, ns))
    return _ELEMS[key]


def _implementation(ufunc, args, out):
    """The implementation of ufunc(x) or ufunc(x1, x2) (NumPy's parameter
    names), with out=None, for operands at least one of which is complex;
    None where NumPy has no loop (or cannot cast into `out`)."""
    if not _complex_case(args):
        return None
    loop = _loop(ufunc, args)
    if loop is None:
        return None
    ins, result = loop
    elem = _elem(ufunc, ins, result)
    params = ["x"] if len(args) == 1 else ["x1", "x2"]
    call = ", ".join(params)
    arrays = any(isinstance(t, types.Array) for t in args)
    ns = {"f": _broadcast_map(args, elem, result, ufunc=True) if arrays else elem}
    if _absent(out):
        body = [f"return f({call})"]
    elif isinstance(out, types.Array) and out.mutable and \
            np.can_cast(result, _numpy_dtype(out.dtype), "same_kind"):
        body = [f"out[...] = f({call})", "return out"]
    else:
        return None
    return generate("complex_" + ufunc.__name__, params + ["out=None"], body, ns)


def _register(ufunc):
    """The overload of ufunc (np.abs, np.conj and np.divide are the same
    objects as np.absolute, np.conjugate and np.true_divide)."""
    if ufunc.nin == 1:
        def typer(x, out=None):
            return _implementation(ufunc, (x,), out)
    else:
        def typer(x1, x2, out=None):
            return _implementation(ufunc, (x1, x2), out)
    overload(ufunc, inline=_INLINE)(typer)


for _u in _KERNELS:
    _register(_u)


# --- operators ----------------------------------------------------------------------------

def _array_operands(*ts):
    return any(isinstance(t, types.Array) for t in ts) and _complex_case(ts)


def _operator(op, ufunc, in_place=False):
    def typer(a, b):
        if not _array_operands(a, b):
            return None
        if in_place:   # (a real array updated by a complex: the core refuses it)
            if not isinstance(a, types.Array) or _implementation(ufunc, (a, b), a) is None:
                return None
            return lambda a, b: ufunc(a, b, a)
        if _implementation(ufunc, (a, b), None) is None:
            return None
        return lambda a, b: ufunc(a, b)
    overload(op, inline=_INLINE)(typer)


for _op, _iop, _u in OPERATOR_UFUNCS:
    if _u in _KERNELS:            # (complex numbers have no // or %)
        _operator(_op, _u)
        _operator(_iop, _u, in_place=True)
_operator(operator.eq, np.equal)
_operator(operator.ne, np.not_equal)


@overload(abs, inline=_INLINE)
def complex_array_abs(a):
    if isinstance(a, types.Array) and isinstance(a.dtype, types.Complex):
        return lambda a: np.absolute(a)


@overload(operator.neg, inline=_INLINE)
def complex_array_neg(a):
    if isinstance(a, types.Array) and isinstance(a.dtype, types.Complex):
        return lambda a: np.negative(a)


@overload(operator.pos, inline=_INLINE)
def complex_array_pos(a):
    if isinstance(a, types.Array) and isinstance(a.dtype, types.Complex):
        return lambda a: np.positive(a)


# --- parts ---------------------------------------------------------------------------------

@overload(np.real, inline=_INLINE)
def np_real(val):
    """A view of the real parts (the array itself for a real array), as NumPy."""
    if isinstance(val, types.Array) and isinstance(val.dtype, _REAL + (types.Complex,)):
        return lambda val: val.real


@overload(np.imag, inline=_INLINE)
def np_imag(val):
    """A view of the imaginary parts of a complex array, as NumPy."""
    if isinstance(val, types.Array) and isinstance(val.dtype, types.Complex):
        return lambda val: val.imag


@overload(np.angle, inline=_INLINE)
def np_angle(z, deg=False):
    """The argument of each element, in radians (degrees with deg=True)."""
    if not (isinstance(z, types.Array) and isinstance(z.dtype, types.Complex)):
        return None
    part = np.float32 if z.dtype.bitwidth == 64 else np.float64
    elem = _jit(generate("complex_angle", ["x"], ["return o(math.atan2(x.imag, x.real))"],
                         {"math": math, "o": part}))
    f = _broadcast_map((z,), elem, part)

    def impl(z, deg=False):
        a = f(z)
        if deg:
            a *= 180.0 / math.pi
        return a
    return impl


# --- reductions ------------------------------------------------------------------------------

def _whole(a, axis):
    return isinstance(a, types.Array) and isinstance(a.dtype, types.Complex) and \
        _absent(axis)


def _reduction(name):
    """a.sum()/np.sum(a) and the like over a whole complex array."""
    def typer(a, axis=None):
        if not _whole(a, axis):
            return None
        t = _numpy_dtype(a.dtype)
        n = a.ndim
        loops = "".join("    " * d + f"for i{d} in range(a.shape[{d}]):\n" for d in range(n))
        index = ", ".join(f"i{d}" for d in range(n)) or "()"
        first = "complex(1.0, 0.0)" if name == "prod" else "complex(0.0, 0.0)"
        step = "*=" if name == "prod" else "+="
        lines = [f"acc = {first}"]
        lines += (loops + "    " * n + f"acc {step} a[{index}]").splitlines()
        if name == "mean":
            lines.append("acc = acc / a.size if a.size else complex(math.nan, math.nan)")
        lines.append("return t(acc)")
        return generate("complex_" + name, ["a", "axis=None"], lines, {"t": t, "math": math})
    return typer


for _name in ("sum", "prod", "mean"):
    overload(getattr(np, _name), inline=_INLINE)(_reduction(_name))
    overload_method(types.Array, _name, inline=_INLINE)(_reduction(_name))


# --- products of vectors -----------------------------------------------------------------------

def _vector_product(a, b, conjugate):
    """np.dot of two 1-d arrays, or np.vdot of two arrays (flattened, the
    first conjugated), at least one complex: accumulated in order in the
    result dtype (complex64 in complex128, then rounded)."""
    if not (isinstance(a, types.Array) and isinstance(b, types.Array) and
            _complex_case((a, b))):
        return None
    if not conjugate and not (a.ndim == 1 and b.ndim == 1):
        return None     # matrices: BLAS (numpy_products.py)
    dt = np.result_type(_numpy_dtype(a.dtype), _numpy_dtype(b.dtype)).type
    first = "x.conjugate()" if conjugate and isinstance(a.dtype, types.Complex) else "x"
    body = ["u = x.ravel()", "v = y.ravel()", "n = u.shape[0]", "m = v.shape[0]"]
    if conjugate:
        body += ["if n != m:",
                 "    raise ValueError('cannot reshape array of size %d into shape (%d,)' "
                 "% (m, n))"]
    else:
        body += ["if n != m:",
                 "    raise ValueError('shapes (%d,) and (%d,) not aligned: %d (dim 0) != "
                 "%d (dim 0)' % (n, m, n, m))"]
    body += ["s = complex(0.0, 0.0)", "for i in range(n):",
             f"    s += complex({first.replace('x', 'u[i]')}) * complex(v[i])",
             "return dt(s)"]
    return generate("complex_vdot" if conjugate else "complex_dot", ["x", "y"],
                    body, {"dt": dt})


def _register_product(function, conjugate):
    def typer(a, b):
        impl = _vector_product(a, b, conjugate)
        if impl is not None:
            kernel = _jit(impl)
            return lambda a, b: kernel(a, b)
    overload(function, inline=_INLINE)(typer)


_register_product(np.dot, conjugate=False)
_register_product(np.vdot, conjugate=True)
