"""NumPy's ufuncs in compiled code: arithmetic (add ... divmod, fmin/fmax,
copysign, nextafter, ldexp, frexp, modf, logaddexp, gcd/lcm, ...), bitwise,
comparison and logical ufuncs, for scalars and arrays with broadcasting, and
`out=` (positional or keyword) on every ufunc, the core's builtin ones too
(np.sqrt, np.minimum, ...).

Typing asks NumPy itself: `ufunc.resolve_dtypes` picks the loop (its input
and output dtypes) for the argument types, an int64/float64/bool scalar
counting as a weak Python scalar as the core's array expressions count it.
A float16 loop (small integers into a float ufunc) computes in float32, as
Numba does. The work is then either an array expression of the core (fused
into one loop: `np.add(a, b)` is `a + b`) or a scalar kernel, written with
NumPy's semantics (npy_math), applied over the broadcast shape."""
import math
import re

import numpy as np

from .. import types
from .._ir_text import ir_primitive, ir_type
from ..extending import overload, register_jitable
from ._generate import generate
from .numpy_functions import _absent, _numpy_dtype
from .numpy_element_maps import _broadcast_map

_NUMBER = (types.Integer, types.Float, types.Boolean)
_INLINE = "always"
_jit = register_jitable(inline="always")


# --- the C library, for what the core has no builtin for ----------------------------------

def _libm(name64, name32, int_arg=False):
    """A jitable calling the C function `name64` on float64 (`name32` on
    float32), of one float argument, two, or a float and an int32."""
    def primitive(x, y=None):
        single = isinstance(x, types.Float) and x.bitwidth == 32
        t = types.float32 if single else types.float64
        ft = ir_type(t)
        params = [ft, "i32" if int_arg else ft][:1 if _absent(y) else 2]
        name = name32 if single else name64
        args = ", ".join(f"{p} %a{k}" for k, p in enumerate(params))
        body = f"%r = call {ft} @{name}({args})\nret {ft} %r"
        sig = t(t) if len(params) == 1 else t(t, types.int32 if int_arg else t)
        return sig, body, [f"declare {ft} @{name}({', '.join(params)})"]
    primitive.__name__ = primitive.__qualname__ = name64
    return ir_primitive(primitive)


_cbrt = _libm("cbrt", "cbrtf")
_rint = _libm("llvm.rint.f64", "llvm.rint.f32")
_exp2 = _libm("llvm.exp2.f64", "llvm.exp2.f32")
_nextafter = _libm("nextafter", "nextafterf")
_c_ldexp = _libm("ldexp", "ldexpf", int_arg=True)


def _frexp_part(part):
    def frexp(x):
        """C frexp: the mantissa (part 0) or the int32 exponent (part 1)."""
        body = """%slot = alloca i32
%m = call double @frexp(double %a0, ptr %slot)
""" + ("ret double %m" if part == 0 else "%e = load i32, ptr %slot\nret i32 %e")
        return ((types.float64 if part == 0 else types.int32)(types.float64), body,
                ["declare double @frexp(double, ptr)"])
    frexp.__qualname__ = f"frexp_part{part}"
    return ir_primitive(frexp)


_frexp_m = _frexp_part(0)
_frexp_e = _frexp_part(1)


# --- scalar kernels (NumPy's npy_math semantics; arguments in the loop's dtypes) ------------

@_jit
def _true_divide(x, y):
    if y == 0:
        if x != x or x == 0:
            return np.nan
        return math.copysign(math.inf, x) * math.copysign(1.0, y)
    return x / y


@_jit
def _divmod_f(a, b):
    """npy_divmod: (floor(a / b), a - b * floor(a / b)), the remainder with
    the divisor's sign."""
    if b == 0:
        return _true_divide(a, b), math.fmod(a, b)
    mod = math.fmod(a, b)
    div = (a - mod) / b
    if mod != 0:
        if (b < 0) != (mod < 0):
            mod += b
            div -= 1.0
    else:
        mod = math.copysign(0.0, b)
    if div != 0:
        floordiv = math.floor(div)
        if div - floordiv > 0.5:
            floordiv += 1.0
    else:
        floordiv = math.copysign(0.0, a / b)
    return floordiv, mod


@_jit
def _divmod_i(x, y):
    """Integer floor division and remainder; division by zero gives 0, 0
    (NumPy warns), INT_MIN // -1 wraps."""
    if y == 0:
        return x - x, x - x
    if y == -1:
        return -x, x - x
    return x // y, x % y


@_jit
def _fmod_i(x, y):
    if y == 0:
        return x - x
    r = x % y
    if r != 0 and (r < 0) != (x < 0):
        r -= y
    return r


@_jit
def _fmod_f(x, y):
    return math.fmod(x, y)


@_jit
def _power_i(x, y):
    if y < 0:
        raise ValueError("Integers to negative integer powers are not allowed.")
    r = x - x + 1
    while y:
        if y & 1:
            r *= x
        x *= x
        y >>= 1
    return r


@_jit
def _power_u(x, y):
    """_power_i with unsigned constants (uint64 mixed with int64 is float64)."""
    r = np.uint64(1)
    while y:
        if y & np.uint64(1):
            r *= x
        x *= x
        y >>= np.uint64(1)
    return r


@_jit
def _power_f(x, y):
    return math.pow(x, y)


@_jit
def _fmin_f(x, y):
    if x != x:
        return y
    if y != y:
        return x
    return x if x <= y else y


@_jit
def _fmax_f(x, y):
    if x != x:
        return y
    if y != y:
        return x
    return x if x >= y else y


@_jit
def _min_i(x, y):
    return x if x <= y else y


@_jit
def _max_i(x, y):
    return x if x >= y else y


@_jit
def _heaviside(x, h0):
    if x != x:
        return x
    if x == 0:
        return h0
    return 0.0 if x < 0 else 1.0


@_jit
def _ldexp(x, e):
    return _c_ldexp(x, np.int32(max(min(e, 100000), -100000)))


@_jit
def _logaddexp(x, y):
    if x == y:
        return x + 0.6931471805599453          # log(2); also inf + log(2)
    d = x - y
    if d > 0:
        return x + math.log1p(math.exp(-d))
    if d <= 0:
        return y + math.log1p(math.exp(d))
    return d                                   # NaN


@_jit
def _logaddexp2(x, y):
    if x == y:
        return x + 1.0
    d = x - y
    if d > 0:
        return x + math.log1p(_exp2(-d)) * 1.4426950408889634
    if d <= 0:
        return y + math.log1p(_exp2(d)) * 1.4426950408889634
    return d


@_jit
def _gcd(x, y):
    a = x if x >= 0 else -x
    b = y if y >= 0 else -y
    while b != 0:
        a, b = b, a % b
    return a


@_jit
def _lcm(x, y):
    g = _gcd(x, y)
    if g == 0:
        return g
    r = x // g * y
    return r if r >= 0 else -r


@_jit
def _spacing(x):
    """The distance to the next float away from zero (negative for x < 0)."""
    if x != x or x == math.inf or x == -math.inf:
        return x - x
    if x < 0:
        return _nextafter(x, x - x - math.inf) - x
    return _nextafter(x, x - x + math.inf) - x


@_jit
def _modf(x):
    i = np.trunc(x)
    if x == math.inf or x == -math.inf:
        return math.copysign(0.0, x), x
    return math.copysign(x - i, x), i


@_jit
def _sinc(x):
    if x == 0:
        return 1.0
    y = math.pi * x
    return math.sin(y) / y


_KERNELS = dict([
        ("add", "x + y"), ("subtract", "x - y"), ("multiply", "x * y"),
        ("bool_or", "x | y"), ("bool_and", "x & y"), ("bool_xor", "x ^ y"),
        ("floor_divide_i", "_divmod_i(x, y)[0]"), ("remainder_i", "_divmod_i(x, y)[1]"),
        ("floor_divide_f", "_divmod_f(x, y)[0]"), ("remainder_f", "_divmod_f(x, y)[1]"),
        ("copysign", "math.copysign(x, y)"), ("nextafter", "_nextafter(x, y)"),
        ("lshift", "x << y"), ("rshift", "x >> y"),
        ("greater", "x > y"), ("greater_equal", "x >= y"), ("less", "x < y"),
        ("less_equal", "x <= y"), ("equal", "x == y"), ("not_equal", "x != y"),
        ("logical_and", "x != 0 and y != 0"), ("logical_or", "x != 0 or y != 0"),
        ("logical_xor", "(x != 0) != (y != 0)"),
        # one argument (_UNARY_KERNELS)
        ("negative", "-x"), ("identity", "x"), ("invert", "~x"), ("logical_not", "x == 0"),
        ("square", "x * x"), ("reciprocal_f", "_true_divide(1.0, x)"),
        ("reciprocal_i", "x if x == 1 or x == -1 else x - x"), ("cbrt", "_cbrt(x)"),
        ("signbit", "math.copysign(1.0, x) < 0"), ("rint", "_rint(x)"),
        ("deg2rad", "x * 0.017453292519943295"), ("rad2deg", "x * 57.29577951308232"),
        ("exp2", "_exp2(x)"), ("arcsinh", "math.asinh(x)"), ("arccosh", "math.acosh(x)"),
        ("arctanh", "math.atanh(x)"), ("trunc", "np.trunc(x)"),
        ("isneginf", "x == -math.inf"), ("isposinf", "x == math.inf"),
        ("frexp", "(_frexp_m(x), _frexp_e(x))")])
_UNARY_KERNELS = {"negative", "identity", "invert", "logical_not", "square", "reciprocal_f",
                  "reciprocal_i", "cbrt", "signbit", "rint", "deg2rad", "rad2deg", "exp2",
                  "arcsinh", "arccosh", "arctanh", "trunc", "isneginf", "isposinf", "frexp"}
_COMPILED = {}


def _kernel(name):
    """The jitable kernel `name` of _KERNELS (or an array expression of
    _OPS, `op:name`), generated on first use: the library loads on every
    process's first compile, so nothing is generated at import."""
    if name not in _COMPILED:
        if name.startswith("op:"):
            src = _OPS[name[3:]]
            params = ["a"] if name[3:] in _UNARY_OPS else ["a", "b"]
        else:
            src = _KERNELS[name]
            params = ["x"] if name in _UNARY_KERNELS else ["x", "y"]
        _COMPILED[name] = _jit(generate(name.replace("op:", ""), params, [f"return {src}"], {
            "math": math, "np": np, "_divmod_i": _divmod_i, "_divmod_f": _divmod_f,
            "_nextafter": _nextafter, "_true_divide": _true_divide, "_cbrt": _cbrt,
            "_rint": _rint, "_exp2": _exp2, "_frexp_m": _frexp_m, "_frexp_e": _frexp_e}))
    return _COMPILED[name]


# --- array expressions of the core (fused into one loop) ---------------------------------

_OPS = dict([
        ("add", "a + b"), ("subtract", "a - b"), ("multiply", "a * b"),
        ("true_divide", "a / b"), ("floor_divide", "a // b"), ("remainder", "a % b"),
        ("power", "a ** b"), ("bitand", "a & b"), ("bitor", "a | b"), ("bitxor", "a ^ b"),
        ("lshift", "a << b"), ("rshift", "a >> b"), ("greater", "a > b"),
        ("greater_equal", "a >= b"), ("less", "a < b"), ("less_equal", "a <= b"),
        ("equal", "a == b"), ("not_equal", "a != b"),
        ("logical_and", "(a != 0) & (b != 0)"), ("logical_or", "(a != 0) | (b != 0)"),
        ("logical_xor", "(a != 0) ^ (b != 0)"), ("divmod", "(a // b, a % b)"),
        ("negative", "-a"), ("invert", "~a"), ("logical_not", "a == 0"), ("square", "a * a")])
_UNARY_OPS = {"negative", "invert", "logical_not", "square"}


# --- typing and the implementations ---------------------------------------------------------

def _real(t):
    return isinstance(t, _NUMBER) or (isinstance(t, types.Array) and
                                      isinstance(t.dtype, _NUMBER))


def _zero_dim(t):
    return isinstance(t, types.Array) and t.ndim == 0


def _resolve_arg(t, weak):
    """What stands for t in ufunc.resolve_dtypes: an array's dtype, a Python
    type for a weak scalar (int64, float64), else the scalar's dtype."""
    if isinstance(t, types.Array):
        return np.dtype(_numpy_dtype(t.dtype))
    if not weak:
        return np.dtype(_numpy_dtype(t))
    if isinstance(t, types.Integer) and t.signed and t.bitwidth == 64:
        return int
    if isinstance(t, types.Float) and t.bitwidth == 64:
        return float
    return np.dtype(_numpy_dtype(t))


def _loop(ufunc, args, nout):
    """NumPy's loop for these arguments: (input types, output types) as
    NumPy scalar classes, or None where NumPy has none (a TypeError)."""
    for weak in (True, False):      # Python scalars alone: their default dtypes
        try:
            dts = ufunc.resolve_dtypes(tuple(_resolve_arg(t, weak) for t in args) +
                                       (None,) * nout)
        except (TypeError, ValueError):
            return None
        if all(d.kind in "biuf" for d in dts):
            break
    else:
        return None
    dts = [np.float32 if d == np.float16 else d.type for d in dts]
    return tuple(dts[:len(args)]), tuple(dts[len(args):])


def _kinds(dtype):
    """The kernel keys that apply to a loop dtype, most specific first."""
    k = np.dtype(dtype).kind
    return ["u", "i", ""] if k == "u" else [k, ""]


_ELEMS = {}


def _elem(kernel, ins, outs, part):
    """A jitable of one element: the kernel on the arguments cast to the
    loop's input types, its result (its `part`-th for two outputs) cast to
    the output type."""
    key = (kernel, ins, outs, part)
    if key not in _ELEMS:
        params = [f"x{p}" for p in range(len(ins))]
        call = f"kernel({', '.join(f'i{p}({x})' for p, x in enumerate(params))})"
        if part is not None:
            call += f"[{part}]"
        ns = {"kernel": kernel, "o": outs[part or 0]}
        ns.update({f"i{p}": t for p, t in enumerate(ins)})
        _ELEMS[key] = _jit(generate("elem", params, [f"return o({call})"], ns))
    return _ELEMS[key]


class _Spec:
    """A ufunc: its kernels by the kind of the loop's first input ("b", "i",
    "f", "u" before "i"; "" for any; None for a builtin of the core), the array expression
    (_OPS) that computes it for arrays, whether that expression takes bool
    arrays as NumPy does, the ufunc whose loops give the dtypes (for a
    function that is not a ufunc), the number of outputs; for np.sinc,
    Python code in NumPy, a float64 result unless the input is float32."""
    def __init__(self, ufunc, kernels=None, op=None, bool_op=False, like=None, nout=1,
                 float64_unless_float32=False):
        self.ufunc = ufunc
        self.kernels = kernels if isinstance(kernels, dict) or kernels is None else {"": kernels}
        self.op = op
        self.bool_op = bool_op
        self.like = like or ufunc
        self.nout = nout
        self.float64_unless_float32 = float64_unless_float32
        self.name = ufunc.__name__

    def kernel(self, ins):
        """The kernel for the loop's first input kind (a jitable), or None."""
        k = next((self.kernels[k] for k in _kinds(ins[0]) if k in self.kernels), None)
        return _kernel(k) if isinstance(k, str) else k


def _array_out(t):
    return isinstance(t, types.Array) and t.mutable and isinstance(t.dtype, _NUMBER)


def _out_targets(outs, positional, out):
    """The expressions naming the output arrays (`out1`, `out[0]`, ...) and
    their types, or None for an `out` NumPy would not take."""
    if any(not _absent(t) for t in positional):
        if not _absent(out) or not all(_array_out(t) for t in positional):
            return None
        return [f"out{k + 1}" for k in range(len(positional))], list(positional)
    if isinstance(out, (types.UniTuple, types.Tuple)) and len(out.types) == len(outs):
        if all(_array_out(t) for t in out.types):
            return [f"out[{k}]" for k in range(len(outs))], list(out.types)
        return None
    if len(outs) == 1 and _array_out(out):
        return ["out"], [out]
    return None


def _with_out(spec, params, args, outs, positional, out):
    """`f(args)` assigned into the output array(s), which are returned: the
    result broadcasts to their shape, and casts under NumPy's 'same_kind'
    rule (a float result into an int array does not type)."""
    targets = _out_targets(outs, positional, out)
    if targets is None:
        return None
    names, arrays = targets
    if not all(np.can_cast(r, _numpy_dtype(a.dtype), "same_kind")
               for r, a in zip(outs, arrays)):
        return None
    call = f"f({', '.join(params[:len(args)])})"
    if _uses_op(spec, args) and spec.nout == 1:
        # the array expression itself, so that the core fuses it into the store
        xs = params[:len(args)]
        call = re.sub(r"\b[ab]\b", lambda m: xs[0] if m.group() == "a" else xs[-1],
                      _OPS[spec.op])
    if len(names) == 1:
        body = [f"{names[0]}[...] = {call}", f"return {names[0]}"]
    else:
        body = [f"r = {call}"] + [f"{n}[...] = r[{k}]" for k, n in enumerate(names)]
        body.append(f"return ({', '.join(names)},)")
    return generate(spec.name + "_out", params, body, {"f": spec.ufunc})


def _uses_op(spec, args):
    """Whether an array expression of the core computes spec's ufunc on
    args: some argument is an array, and none is a bool array unless the
    operator takes bools as NumPy does."""
    arrays = [t for t in args if isinstance(t, types.Array)]
    return bool(arrays) and spec.op is not None and (spec.bool_op or not any(
        isinstance(t.dtype, types.Boolean) for t in arrays))


def _typing(spec, params, args, positional, out):
    if not all(_real(t) for t in args):
        return None
    if any(_zero_dim(t) for t in args):
        if spec.kernels is None:
            return None             # the core's builtin takes 0-d arrays
        # as NumPy: a 0-d array takes part as its element (the result is a scalar)
        xs = [f"{p}[()]" if _zero_dim(t) else p for p, t in zip(params, args)]
        outs = [p.split("=")[0] for p in params[len(args):]]
        call = ", ".join(xs + [f"{o}={o}" for o in outs])
        return generate(spec.name, params, [f"return f({call})"], {"f": spec.ufunc})
    loop = _loop(spec.like, args, spec.nout)
    if loop is None:
        return None
    ins, outs = loop
    if spec.float64_unless_float32:
        dt = args[0].dtype if isinstance(args[0], types.Array) else args[0]
        if not (isinstance(dt, types.Float) and dt.bitwidth == 32):
            ins, outs = (np.float64,), (np.float64,)
    if not (all(_absent(t) for t in positional) and _absent(out)):
        return _with_out(spec, params, args, outs, positional, out)
    if spec.kernels is None:
        return None                 # the core's builtin takes it
    arrays = [t for t in args if isinstance(t, types.Array)]
    call = ", ".join(params[:len(args)])
    kernel = spec.kernel(ins)
    if kernel is None:
        return None
    parts = [None] if spec.nout == 1 else list(range(spec.nout))
    ns = {"op": _kernel("op:" + spec.op) if spec.op else None}
    if not arrays:
        exprs = [f"e{k}({call})" for k in range(len(parts))]
        ns.update({f"e{k}": _elem(kernel, ins, outs, p) for k, p in enumerate(parts)})
    elif _uses_op(spec, args):
        exprs = [f"op({call})"]
    else:
        exprs = [f"m{k}({call})" for k in range(len(parts))]
        ns.update({f"m{k}": _broadcast_map(args, _elem(kernel, ins, outs, p), outs[p or 0],
                                           ufunc=True)
                   for k, p in enumerate(parts)})
    result = exprs[0] if len(exprs) == 1 else f"({', '.join(exprs)})"
    checks = _python_int_checks(params[:len(args)], args, ins)
    return generate(spec.name, params, checks + [f"return {result}"], ns)


def _python_int_checks(names, args, ins):
    """Lines raising NumPy 2's OverflowError for a Python int argument (an
    int64 scalar, weak like NumPy's) that the loop's narrower integer dtype
    cannot hold (np.fmax(uint16_array, -72)); the core's operators check
    theirs in lowering."""
    lines = []
    for name, t, d in zip(names, args, ins):
        dt = np.dtype(d)
        if not (isinstance(t, types.Integer) and t.signed and t.bitwidth == 64 and
                dt.kind in "iu" and dt != np.int64):
            continue
        info = np.iinfo(dt)
        tests = [f"{name} < {info.min}"] + ([f"{name} > {info.max}"] if info.max < 2**63 else [])
        lines += [f"if {' or '.join(tests)}:",
                  f"    raise OverflowError('Python integer %d out of bounds for {dt.name}' % {name})"]
    return lines


def _register(spec):
    """The overload of spec.ufunc: f(x, out=None), f(x1, x2, out=None), or
    with two outputs f(x, out1=None, out2=None, out=None) (NumPy's
    positional outputs, or out=(o1, o2))."""
    nin = spec.like.nin if isinstance(spec.like, np.ufunc) else 1
    if spec.nout == 1 and nin == 1:
        def typer(x, out=None):
            return _typing(spec, ["x", "out=None"], (x,), (), out)
    elif spec.nout == 1:
        def typer(x1, x2, out=None):
            return _typing(spec, ["x1", "x2", "out=None"], (x1, x2), (), out)
    elif nin == 1:
        def typer(x, out1=None, out2=None, out=None):
            return _typing(spec, ["x", "out1=None", "out2=None", "out=None"], (x,),
                           (out1, out2), out)
    else:
        def typer(x1, x2, out1=None, out2=None, out=None):
            return _typing(spec, ["x1", "x2", "out1=None", "out2=None", "out=None"],
                           (x1, x2), (out1, out2), out)
    overload(spec.ufunc, inline=_INLINE)(typer)


_SPECS = [
    _Spec(np.add, {"b": "bool_or", "": "add"}, "add"),
    _Spec(np.subtract, "subtract", "subtract"),
    _Spec(np.multiply, {"b": "bool_and", "": "multiply"}, "multiply"),
    _Spec(np.true_divide, _true_divide, "true_divide"),
    _Spec(np.floor_divide, {"i": "floor_divide_i", "f": "floor_divide_f"},
          "floor_divide"),
    _Spec(np.remainder, {"i": "remainder_i", "f": "remainder_f"}, "remainder"),
    _Spec(np.fmod, {"i": _fmod_i, "f": _fmod_f}),
    _Spec(np.divmod, {"i": _divmod_i, "f": _divmod_f}, "divmod", nout=2),
    _Spec(np.power, {"u": _power_u, "i": _power_i, "f": _power_f}, "power"),
    _Spec(np.float_power, _power_f),
    _Spec(np.fmin, {"f": _fmin_f, "": _min_i}),
    _Spec(np.fmax, {"f": _fmax_f, "": _max_i}),
    _Spec(np.heaviside, _heaviside),
    _Spec(np.copysign, "copysign"),
    _Spec(np.nextafter, "nextafter"),
    _Spec(np.ldexp, _ldexp),
    _Spec(np.logaddexp, _logaddexp),
    _Spec(np.logaddexp2, _logaddexp2),
    _Spec(np.gcd, _gcd),
    _Spec(np.lcm, _lcm),
    _Spec(np.bitwise_and, "bool_and", "bitand", bool_op=True),
    _Spec(np.bitwise_or, "bool_or", "bitor", bool_op=True),
    _Spec(np.bitwise_xor, "bool_xor", "bitxor", bool_op=True),
    _Spec(np.left_shift, "lshift", "lshift"),      # bools: int8 shifts
    _Spec(np.right_shift, "rshift", "rshift"),
    _Spec(np.negative, "negative", "negative"),
    _Spec(np.positive, "identity"),
    _Spec(np.conjugate, "identity"),
    _Spec(np.invert, {"b": "logical_not", "": "invert"}, "invert", bool_op=True),
    _Spec(np.square, "square", "square"),
    _Spec(np.reciprocal, {"b": "identity", "i": "reciprocal_i",
                          "f": "reciprocal_f"}),
    _Spec(np.cbrt, "cbrt"),
    _Spec(np.spacing, _spacing),
    _Spec(np.signbit, "signbit"),
    _Spec(np.rint, "rint"),
    _Spec(np.deg2rad, "deg2rad"),
    _Spec(np.radians, "deg2rad"),
    _Spec(np.rad2deg, "rad2deg"),
    _Spec(np.degrees, "rad2deg"),
    _Spec(np.exp2, "exp2"),
    _Spec(np.arcsinh, "arcsinh"),
    _Spec(np.arccosh, "arccosh"),
    _Spec(np.arctanh, "arctanh"),
    _Spec(np.frexp, "frexp", nout=2),
    _Spec(np.modf, _modf, nout=2),
    _Spec(np.fix, {"f": "trunc", "": "identity"}, like=np.trunc),
    _Spec(np.sinc, _sinc, like=np.sin, float64_unless_float32=True),
    _Spec(np.isneginf, "isneginf", like=np.isinf),
    _Spec(np.isposinf, "isposinf", like=np.isinf),
]
for _u in (np.greater, np.greater_equal, np.less, np.less_equal, np.equal, np.not_equal,
           np.logical_and, np.logical_or, np.logical_xor, np.logical_not):
    _op = _u.__name__
    _SPECS.append(_Spec(_u, _op, _op, bool_op=True))
# the core's builtin ufuncs: only `out=` here (without it, this overload declines)
for _u in (np.sqrt, np.exp, np.log, np.log10, np.log2, np.log1p, np.expm1, np.sin, np.cos,
           np.tan, np.sinh, np.cosh, np.tanh, np.fabs, np.arcsin, np.arccos, np.arctan,
           np.absolute, np.floor, np.ceil, np.trunc, np.sign, np.isnan, np.isinf, np.isfinite,
           np.arctan2, np.hypot, np.minimum, np.maximum):
    _SPECS.append(_Spec(_u))
for _s in _SPECS:
    _register(_s)
