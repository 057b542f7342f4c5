"""NumPy's ufuncs in compiled code (pyrite/_library/numpy_ufuncs.py):
arithmetic, bitwise, comparison and logical ufuncs on scalars and arrays
with broadcasting, two-output ufuncs, and `out=` on every ufunc. Each case
compares with NumPy run by CPython on the same inputs: dtype (kind for a
scalar), shape and values, NaN-aware; where NumPy raises, pyrite must too."""
import warnings

import numpy as np
import pytest

from pyrite import njit

NAN, INF = np.nan, np.inf
I2 = np.array([[5, -7, 0, 3], [-8, 9, 1, -1]])
I1 = np.array([2, 0, -3, 4])
F2 = np.array([[5.5, -7.25, 0.0, NAN], [INF, -INF, -0.0, 1e-300]])
F1 = np.array([2.0, 0.0, -3.0, INF])
B2 = I2 > 0
B1 = I1 > 0
U8 = np.array([200, 3, 0, 255], np.uint8)
F3 = np.linspace(-3.0, 3.0, 24).reshape(2, 3, 4)

BINARY_ARGS = {
    "int": (I2, I1),
    "float": (F2, F1),
    "f32-pyfloat": (F2.astype(np.float32), 2.5),
    "i32-pyint": (I2.astype(np.int32), 3),
    "bool": (B2, B1),
    "u8-u8": (U8, U8[::-1]),
    "column-row": (F2[:, :1], F1),
    "3d-strided": (F3, F3[0, :, 1:2]),
    "pyint-pyint": (7, -3),
    "pyfloat-pyfloat": (7.5, -2.0),
    "pyint-array": (-4, F1),
    "pyint-pyfloat": (6, 0.0),
}
BINARY = ["add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "mod",
          "remainder", "fmod", "power", "float_power", "fmin", "fmax", "heaviside",
          "copysign", "nextafter", "logaddexp", "logaddexp2", "gcd", "lcm", "bitwise_and",
          "bitwise_or", "bitwise_xor", "greater",
          "greater_equal", "less", "less_equal", "equal", "not_equal", "logical_and",
          "logical_or", "logical_xor"]
UNARY_ARGS = {
    "int": I2,
    "float": F2,
    "f32": F3.astype(np.float32),
    "bool": B2,
    "u8": U8,
    "3d-strided": F3[:, ::2, ::-1],
    "pyint": -3,
    "pyfloat": 0.75,
}
UNARY = ["negative", "positive", "reciprocal", "square", "cbrt", "absolute", "conjugate",
         "spacing", "signbit", "rint", "fix", "deg2rad", "rad2deg", "degrees", "radians",
         "exp2", "arcsinh", "arccosh", "arctanh", "sinc", "invert", "bitwise_not",
         "logical_not", "isneginf", "isposinf"]
LIBM = {"cbrt", "logaddexp", "logaddexp2", "arcsinh", "arccosh", "arctanh", "sinc", "exp2",
        "float_power", "power", "hypot", "arctan2", "exp", "log", "sin", "sqrt"}
# np.sqrt & co. without out= are the core's builtins, tested elsewhere; here
# only with out=.


def _kind(x):
    return {"b": "b", "i": "i", "u": "i", "f": "f"}[np.asarray(x).dtype.kind]


def check(got, want, rtol=None):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            check(g, w, rtol)
        return
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray)
        assert (got.dtype, got.shape) == (want.dtype, want.shape)
    else:
        assert not isinstance(got, np.ndarray) and _kind(got) == _kind(want)
    if np.asarray(want).dtype.kind == "f":
        single = np.asarray(want).dtype == np.float32
        tol = rtol if rtol is not None else 0.0
        np.testing.assert_allclose(got, want, rtol=max(tol, 1e-6 if single else 0.0),
                                   atol=0, equal_nan=True)
        # signed zeros agree too
        assert np.array_equal(np.signbit(got)[np.asarray(want) == 0],
                              np.signbit(want)[np.asarray(want) == 0])
    else:
        assert np.array_equal(got, want)


_JITTED = {}


def _jit(fn):
    """One dispatcher per function, so that its compiled signatures are reused
    by every case with the same argument types."""
    if fn not in _JITTED:
        _JITTED[fn] = njit(fn)
    return _JITTED[fn]


def compare(fn, *args, rtol=None):
    """fn compiled and run by CPython on copies of the same inputs; where
    NumPy raises, the compiled function raises (TypingError for no loop)."""
    copies = [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            want = fn(*copies)
        except (TypeError, ValueError) as e:
            with pytest.raises(Exception) as info:
                _jit(fn)(*args)
            if isinstance(e, ValueError):
                assert isinstance(info.value, ValueError)
                if "broadcast" not in str(e):
                    assert str(info.value) == str(e)
            return None
        if any(isinstance(w, np.ndarray) and w.dtype == np.float16
               for w in (want if isinstance(want, tuple) else (want,))):
            # no float16 in pyrite: bool and 8-bit integers go to float32 loops (as Numba)
            want = fn(*[a.astype(np.float32) if isinstance(a, np.ndarray) and a.itemsize == 1
                        else a for a in copies])
    got = _jit(fn)(*args)
    check(got, want, rtol)
    return got


_FNS = {}


def ufunc_fn(name, nargs, kind="plain"):
    """A lambda calling np.<name> (one dispatcher per name and form)."""
    key = (name, nargs, kind)
    if key not in _FNS:
        xs = ", ".join("abc"[:nargs])
        call = {"plain": f"np.{name}({xs})", "out": f"np.{name}({xs}, out=o)",
                "positional": f"np.{name}({xs}, o)"}[kind]
        params = xs if kind == "plain" else xs + ", o"
        _FNS[key] = eval(f"lambda {params}: {call}", {"np": np})
    return _FNS[key]


# Each case compiles a loop of its own: every ufunc meets every dtype family
# (and mix with Python scalars); the two layouts with their own broadcasting
# (a column against a row, 3-d against a strided 2-d) go to alternate
# ufuncs, each of them meeting every kind of ufunc.
BINARY_LAYOUTS = ["column-row", "3d-strided"]
BINARY_CASES = [(name, args) for name in BINARY for args in BINARY_ARGS
                if args not in BINARY_LAYOUTS] + \
    [(name, BINARY_LAYOUTS[i % 2]) for i, name in enumerate(BINARY)]


@pytest.mark.parametrize("name,args", BINARY_CASES, ids=[f"{n}-{a}" for n, a in BINARY_CASES])
def test_binary(name, args):
    compare(ufunc_fn(name, 2), *BINARY_ARGS[args], rtol=1e-14 if name in LIBM else None)


# every ufunc with every dtype family; the strided 3-d layout with alternate ones
UNARY_CASES = [(name, x) for i, name in enumerate(UNARY) for x in UNARY_ARGS
               if x != "3d-strided" or i % 2 == 0]


@pytest.mark.parametrize("name,x", UNARY_CASES, ids=[f"{n}-{x}" for n, x in UNARY_CASES])
def test_unary(name, x):
    x = UNARY_ARGS[x]
    if name == "reciprocal" and isinstance(x, np.ndarray) and x.dtype.kind in "iu":
        x = np.where(x == 0, 2, x).astype(x.dtype)   # 1/0 is undefined in C
    rtol = 1e-14 if name in LIBM else None
    if name == "sinc" and isinstance(x, np.ndarray) and x.dtype == np.float32:
        # NumPy's sinc computes pi * x in float32; pyrite in float64
        np.testing.assert_allclose(_jit(ufunc_fn(name, 1))(x), np.sinc(x), atol=1e-6)
        return
    compare(ufunc_fn(name, 1), x, rtol=rtol)


SPECIAL = np.array([NAN, INF, -INF, 0.0, -0.0, 5e-324, -5e-324, 1.7976931348623157e308,
                    1.0, -1.0, 0.5, -2.5, 3.0])


@pytest.mark.parametrize("name", ["divide", "floor_divide", "remainder", "fmod", "divmod",
                                  "power", "float_power", "fmin", "fmax", "heaviside",
                                  "copysign", "nextafter", "logaddexp", "logaddexp2"])
def test_binary_special_values(name):
    """Every pair of NaN, infinities, signed zeros, subnormals, the largest
    float and a few ordinary values."""
    x = SPECIAL
    if name in ("fmin", "fmax"):
        # the sign of fmin(0.0, -0.0) depends on NumPy's code path (SIMD or not)
        x = np.append(SPECIAL[SPECIAL != 0], 0.0)
    compare(ufunc_fn(name, 2), x[:, None], x, rtol=1e-14)


@pytest.mark.parametrize("name", ["spacing", "modf", "frexp", "cbrt", "rint", "signbit",
                                  "exp2", "arcsinh", "arccosh", "arctanh", "reciprocal",
                                  "sinc", "fix", "isneginf", "isposinf", "deg2rad", "square"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_unary_special_values(name, dtype):
    with np.errstate(over="ignore"):
        x = np.concatenate([SPECIAL, [2.5, -3.5, 1e-310, 0.99]]).astype(dtype)
    if name == "sinc" and dtype == np.float32:
        return                                  # NumPy computes pi * x in float32
    compare(ufunc_fn(name, 1), x, rtol=1e-14)


SHIFTS = [(I2, np.array([0, 1, 3, 63])), (U8, np.array([1, 7, 8, 0], np.uint8)),
          (np.array([-7, 7, -1, 1 << 40]), 70), (B2, B1), (5, 2)]


@pytest.mark.parametrize("args", SHIFTS)
@pytest.mark.parametrize("name", ["left_shift", "right_shift", "bitwise_and", "bitwise_xor"])
def test_shifts_and_bits(name, args):
    compare(ufunc_fn(name, 2), *args)


@pytest.mark.parametrize("name", ["invert", "bitwise_not", "negative"])
@pytest.mark.parametrize("x", [np.array([0, 1, 127, -128], np.int8), U8, B2, 5])
def test_bits_unary(name, x):
    compare(ufunc_fn(name, 1), x)


@pytest.mark.parametrize("args", [(F2, I1), (F2.astype(np.float32), 3), (1.5, 4),
                                  (np.array([1.0, 3.0]), np.array([2000, -2000])), (F1, 2.0)])
def test_ldexp(args):
    compare(ufunc_fn("ldexp", 2), *args)


@pytest.mark.parametrize("name", ["divmod"])
@pytest.mark.parametrize("args", [(I2, I1), (F2, F1), (F2.astype(np.float32), -2.5), (7, -2),
                                  (-7.5, 2.0), (F2[:, :1], I1)])
def test_divmod(name, args):
    compare(ufunc_fn(name, 2), *args)


@pytest.mark.parametrize("name", ["frexp", "modf"])
@pytest.mark.parametrize("x", [F2, F3.astype(np.float32), I2, 0.3, -6.0,
                               np.array([5e-324, -1e308, 0.5])])
def test_two_outputs(name, x):
    compare(ufunc_fn(name, 1), x)


def test_integer_power_errors_and_wraps():
    power = ufunc_fn("power", 2)
    compare(power, I2, np.array([1, 2, 3, -1]))
    compare(power, 3, -1)
    compare(power, np.array([3, 5], np.int8), 5)               # wraps as int8
    compare(power, np.array([2, 3]), np.array([62, 40]))     # wraps as int64
    compare(power, np.array([True, False]), np.array([3, 0], np.uint64))
    compare(power, np.uint64(3), np.uint64(41))


@pytest.mark.parametrize("args", [(np.array(2.5), 1), (np.array(7), np.array(-2)),
                                  (np.array(3.0), F1)])
@pytest.mark.parametrize("name", ["add", "fmod", "logaddexp", "greater"])
def test_zero_dim_arrays(name, args):
    compare(ufunc_fn(name, 2), *args)


def test_shapes_that_do_not_broadcast():
    with pytest.raises(ValueError):
        _jit(ufunc_fn("logaddexp", 2))(np.ones(3), np.ones(4))
    with pytest.raises(ValueError):
        _jit(ufunc_fn("add", 2))(np.ones(3), np.ones(4))


def test_large_map_does_not_grow_the_stack():
    x = np.random.default_rng(1).standard_normal(3_000_000)
    compare(ufunc_fn("frexp", 1), x)


# --- out= -------------------------------------------------------------------------------------

OUT_BINARY = ["add", "subtract", "multiply", "divide", "floor_divide", "remainder", "fmod",
              "power", "fmin", "fmax", "minimum", "maximum", "arctan2", "hypot", "copysign",
              "logaddexp", "heaviside", "nextafter", "greater", "equal", "logical_and"]
OUT_UNARY = ["sqrt", "exp", "log", "log10", "log2", "log1p", "expm1", "sin", "cos", "tan",
             "sinh", "cosh", "tanh", "arcsin", "arccos", "arctan", "arcsinh", "fabs",
             "absolute", "floor", "ceil", "trunc", "rint", "sign", "negative", "square",
             "reciprocal", "cbrt", "isnan", "isinf", "isfinite", "signbit", "fix", "isposinf"]


def _out_case(name, args, out, kind):
    """np.<name>(*args, out) in both; the result is the filled `out`."""
    fn = ufunc_fn(name, len(args), kind)
    want_out = np.copy(out)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        want = fn(*args, want_out)
    got = _jit(fn)(*args, out)
    check(got, want, rtol=1e-14)
    check(out, want_out, rtol=1e-14)


# out= as a keyword and as the last positional argument, for alternate
# ufuncs (each compiles a loop of its own; the forms share all the rest)
@pytest.mark.parametrize("name,kind", [(name, ["out", "positional"][i % 2])
                                       for i, name in enumerate(OUT_BINARY)])
def test_out_binary(name, kind):
    out = np.zeros((2, 4), bool if name in ("greater", "equal", "logical_and") else float)
    _out_case(name, (F2 * 0.5, F1 * 0.25), out, kind)


@pytest.mark.parametrize("name,kind", [(name, ["out", "positional"][i % 2])
                                       for i, name in enumerate(OUT_UNARY)])
def test_out_unary(name, kind):
    bools = name.startswith("is") or name == "signbit"
    out = np.zeros((2, 3, 4), bool if bools else float)
    _out_case(name, (F3 * 0.3,), out, kind)


@pytest.mark.parametrize("case", [
    ("add", (I1, 1), np.zeros((3, 4))),                 # int result into a float array
    ("multiply", (F1, 2.0), np.zeros((2, 4), np.float32)),   # same kind, narrower
    ("add", (2, 3), np.zeros(5, np.int64)),                # scalars fill the array
    ("subtract", (I2, I1), np.zeros((2, 4), np.int8)),
    ("sqrt", (I1 * I1,), np.zeros((2, 4))),
    ("logical_xor", (F2, 0), np.zeros((2, 4), bool)),
], ids=lambda c: c[0] if isinstance(c, tuple) else None)
def test_out_casts_and_broadcasts(case):
    name, args, out = case
    _out_case(name, args, out, "out")


def test_out_errors():
    with pytest.raises(Exception):          # float into int: not 'same_kind' (NumPy TypeError)
        _jit(ufunc_fn("divide", 2, "out"))(I2, I1, np.zeros((2, 4), np.int64))
    with pytest.raises(ValueError):         # the result does not fit the out array
        _jit(ufunc_fn("add", 2, "out"))(F2, F1, np.zeros((2, 3)))
    with pytest.raises(Exception):          # nor does it with more dimensions (TypingError)
        _jit(ufunc_fn("add", 2, "out"))(F2, F1, np.zeros(4))


def test_out_aliasing_input_and_tuple():
    def inplace(a, b):
        return np.multiply(a, b, out=a)
    a = np.arange(8.0).reshape(2, 4)
    got = njit(inplace)(a, F1)
    want = inplace(np.arange(8.0).reshape(2, 4), F1)
    check(got, want)
    check(a, want)

    def tuple_out(a, o):
        return np.logaddexp(a, 1.0, out=(o,))
    o = np.zeros((2, 4))
    with np.errstate(invalid="ignore"):
        want = np.logaddexp(F2, 1.0)
    check(njit(tuple_out)(F2, o), want)
    check(o, want)


@pytest.mark.parametrize("name", ["divmod", "frexp", "modf"])
@pytest.mark.parametrize("form", ["positional", "tuple"])
def test_two_outputs_out(name, form):
    nin = 2 if name == "divmod" else 1
    xs = "a, b" if nin == 2 else "a"
    outs = "o1, o2" if form == "positional" else "out=(o1, o2)"
    fn = eval(f"lambda {xs}, o1, o2: np.{name}({xs}, {outs})", {"np": np})
    args = (F2, F1) if nin == 2 else (F2,)
    o2_dtype = np.int32 if name == "frexp" else float
    want = (np.zeros((2, 4)), np.zeros((2, 4), o2_dtype))
    with np.errstate(all="ignore"):
        expected = fn(*args, *want)
    got_out = (np.zeros((2, 4)), np.zeros((2, 4), o2_dtype))
    got = njit(fn)(*args, *got_out)
    check(got, expected)
    check(got_out, want)


def test_ufuncs_inside_a_loop():
    """Scalar ufunc calls in a loop (the kernels, with no array)."""
    def f(n):
        s = 0.0
        for i in range(1, n):
            x = i * 0.37 - 3.0
            s += np.logaddexp(x, -x) + np.fmod(x, 1.5) + np.floor_divide(i, 3)
            s += np.copysign(np.cbrt(x), -1.0) + np.heaviside(x, 0.5) + np.hypot(x, 2.0)
            s += np.remainder(-i, 7) + np.gcd(i, 12) + np.float_power(2.0, x)
        return s
    compare(f, 200, rtol=1e-12)
