"""np.datetime64 and np.timedelta64 in compiled code: the operators `+ - * /
// %`, unary `-`, `+` and abs(), comparisons, the ufuncs np.add subtract
multiply true_divide floor_divide remainder negative positive absolute
sign equal not_equal less less_equal greater greater_equal maximum minimum
fmax fmin isnat isfinite isinf (with `out=`), on scalars and arrays
broadcast as NumPy does; np.datetime64(...) and np.timedelta64(...);
a[i] = v of another unit; a.astype() between units and to and from int64;
min, max (and np.min/np.max) and the sum of timedeltas.

A value is an int64 count of its unit (the core's types::datetime /
types::timedelta), NaT the least int64, as NumPy stores them. Units and
result dtypes are NumPy's own choice (`ufunc.resolve_dtypes`): `M8[Y] +
m8[D]` computes in days, `m8[Y] + m8[D]` is NumPy's TypeError (here a
TypingError). The element loops follow NumPy's (numpy/_core/src/umath/
loops.c.src, datetime.c): NaT in gives NaT out (NaN for a float result, 0
for an integer one), comparisons with NaT are False except !=, a timedelta
divided by an integer truncates toward zero, by a zero gives NaT, `//` and
`%` of two timedeltas floor as Python's, and a product or quotient with a
float that does not fit int64 is NaT. Converting to a coarser unit floors
(`1969-12-31T23:00` is `1969-12-31`); datetimes in years and months convert
to days through the proleptic Gregorian calendar. Counts wrap on overflow,
as in NumPy.
"""
import math
import operator

import numpy as np

from .. import types
from .._ir_text import ir_primitive
from ..errors import TypingError
from ..extending import overload, overload_method, register_jitable
from ..np.numpy_support import as_dtype
from ._generate import generate
from .numpy_functions import OPERATOR_UFUNCS, _absent
from .numpy_element_maps import _broadcast_map

_INLINE = "always"
_jit = register_jitable(inline="always")
NAT = _NAT = -2**63                 # NumPy's NaT: the least int64 (NPY_DATETIME_NAT)
_NUMBER = (types.Boolean, types.Integer, types.Float)
_DATETIME = types.NPDatetime      # (NPTimedelta is a subclass)

# Each linear unit in attoseconds; years and months are calendar units.
_ATTOSECONDS = {"W": 7 * 86400 * 10**18, "D": 86400 * 10**18, "h": 3600 * 10**18,
                "m": 60 * 10**18, "s": 10**18, "ms": 10**15, "us": 10**12, "ns": 10**9,
                "ps": 10**6, "fs": 10**3, "as": 1}
_CALENDAR = ("Y", "M")


def _is_datetime(t):
    return isinstance(t, _DATETIME) and not isinstance(t, types.NPTimedelta)


def _dtype(t):
    """The NumPy dtype of a datetime-like type."""
    return as_dtype(t)


def _type(dtype):
    """The pyrite type of a NumPy dtype (datetime-like, bool, int64, float64)."""
    if dtype.kind in "mM":
        unit = np.datetime_data(dtype)[0]
        cls = types.NPDatetime if dtype.kind == "M" else types.NPTimedelta
        return cls("" if unit == "generic" else unit)
    return {"b": types.boolean, "i": types.int64, "f": types.float64}[dtype.kind]


def _element(t):
    return t.dtype if isinstance(t, types.Array) else t


# --- the int64 underneath ------------------------------------------------------------------

@ir_primitive
def _count(x):
    """A datetime64/timedelta64 value's int64 count of its unit."""
    if isinstance(x, _DATETIME):
        return types.int64(x), "ret i64 %a0"
    return None


_MAKERS = {}


def _maker(t):
    """A primitive making a value of datetime-like type t from an int64 count."""
    if t not in _MAKERS:
        def make(n):
            if isinstance(n, (types.Integer, types.Boolean)):
                return t(types.int64), "ret i64 %a0"
            return None
        make.__name__ = make.__qualname__ = f"make_{t.type_name}_{t.unit or 'generic'}"
        _MAKERS[t] = ir_primitive(make)
    return _MAKERS[t]


# --- the proleptic Gregorian calendar (days since 1970-01-01) ---------------------------------

@_jit
def _days_from_civil(y, m, d):
    """Days since 1970-01-01 of year y, month m (1-12), day d."""
    if m <= 2:
        y -= 1
    era = y // 400
    yoe = y - era * 400
    mp = m - 3 if m > 2 else m + 9
    doe = yoe * 365 + yoe // 4 - yoe // 100 + (153 * mp + 2) // 5 + d - 1
    return era * 146097 + doe - 719468


@_jit
def _civil_year_month(days):
    """(year, month 1-12) of the day `days` since 1970-01-01."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    m = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (1 if m <= 2 else 0), m


@_jit
def _days_of_years(n):
    return _days_from_civil(1970 + n, 1, 1)


@_jit
def _days_of_months(n):
    return _days_from_civil(1970 + n // 12, n % 12 + 1, 1)


@_jit
def _years_of_days(n):
    return _civil_year_month(n)[0] - 1970


@_jit
def _months_of_days(n):
    y, m = _civil_year_month(n)
    return (y - 1970) * 12 + m - 1


# --- unit conversion --------------------------------------------------------------------------

def _wrapped(n):
    """Python int n as the int64 with its low 64 bits (a factor past int64
    wraps as NumPy's conversion does)."""
    n &= 2**64 - 1
    return n - 2**64 if n >= 2**63 else n


_CONVERTERS = {}


def _steps(fa, fb):
    """The body lines converting int64 `n` between units of fa and fb
    attoseconds: exact when fb divides fa, else flooring."""
    g = math.gcd(fa, fb)
    up, down = fa // g, fb // g
    lines = [f"n = n * {_wrapped(up)}"] if up != 1 else []
    return lines + ([f"n = n // {down}"] if down != 1 else [])


def _linear_steps(a, b):
    return _steps(_ATTOSECONDS[a], _ATTOSECONDS[b])


# A year and a month of timedelta as NumPy casts them (unsafe casting only,
# as in astype): 365.2425 days and a twelfth of that, whole seconds both.
_AVERAGE = {"Y": 31556952 * 10**18, "M": 2629746 * 10**18}


def _converter(datetime, a, b, average=False):
    """A jitable converting an int64 count (NaT kept) from unit a to unit b,
    for datetimes or timedeltas; coarser units floor, as NumPy's casts.
    None where NumPy refuses: a timedelta between years or months and the
    linear units, whose length varies, unless `average` (astype's unsafe
    cast: NumPy's average year and month)."""
    key = (datetime, a, b, average)
    if key in _CONVERTERS:
        return _CONVERTERS[key]
    body = []
    if b == "" and a != "":
        return None                            # NumPy: no cast from a unit to generic
    if a == b or a == "":
        pass                                   # a generic count is one of the other unit
    elif a in _CALENDAR and b in _CALENDAR:
        body = ["n = n * 12" if a == "Y" else "n = n // 12"]
    elif (a in _CALENDAR or b in _CALENDAR) and not datetime:
        if not average:
            return None
        body = _steps(_AVERAGE.get(a) or _ATTOSECONDS[a], _AVERAGE.get(b) or _ATTOSECONDS[b])
    elif a in _CALENDAR:                       # datetimes, through days
        body = [f"n = {'_days_of_years' if a == 'Y' else '_days_of_months'}(n)"]
        body += _linear_steps("D", b)
    elif b in _CALENDAR:
        body = _linear_steps(a, "D")
        body.append(f"n = {'_years_of_days' if b == 'Y' else '_months_of_days'}(n)")
    else:
        body = _linear_steps(a, b)
    if body:
        body = ["if n == NAT:", "    return n"] + body
    body.append("return n")
    fn = generate(f"convert_{a or 'generic'}_{b or 'generic'}", ["n"], body,
                  {"NAT": _NAT, "_days_of_years": _days_of_years,
                   "_days_of_months": _days_of_months, "_years_of_days": _years_of_days,
                   "_months_of_days": _months_of_days})
    _CONVERTERS[key] = _jit(fn)
    return _CONVERTERS[key]


def _recast(source, target, average=False):
    """A jitable turning a value of datetime-like type `source` into one of
    `target` (its unit; the same kind), as _converter converts; None where
    NumPy cannot."""
    conv = _converter(_is_datetime(source), source.unit, target.unit, average)
    if conv is None:
        return None
    make = _maker(target)
    return _jit(lambda x: make(conv(_count(x))))


def _cast(src, dst):
    """A jitable turning a value of type src into what the loop computes
    on for dtype dst: an int64 count of dst's unit, an int64, a float64 or
    a bool; None where NumPy cannot."""
    if dst.kind in "mM":
        unit = np.datetime_data(dst)[0]
        unit = "" if unit == "generic" else unit
        if isinstance(src, _DATETIME):
            conv = _converter(_is_datetime(src), src.unit, unit)
            if conv is None:
                return None
            return _jit(lambda x: conv(_count(x)))
        return _jit(lambda x: np.int64(x))     # a number as a count of the unit
    if dst.kind == "f":
        return _jit(lambda x: np.float64(x))
    if dst.kind == "i":
        return _jit(lambda x: np.int64(x))
    return _jit(lambda x: x)


def _store(loop_out, out_type):
    """A jitable turning a loop result of dtype loop_out into a value of
    out_type (another unit: converted; None where NumPy cannot)."""
    if loop_out.kind not in "mM":
        return _jit(lambda r: r)
    unit = np.datetime_data(loop_out)[0]
    conv = _converter(loop_out.kind == "M", "" if unit == "generic" else unit, out_type.unit)
    if conv is None:
        return None
    make = _maker(out_type)
    return _jit(lambda r: make(conv(r)))


# --- element loops (on int64 counts, NumPy's loops.c.src) -------------------------------------

@_jit
def _add(a, b):
    return NAT if (a == NAT) | (b == NAT) else a + b   # (| : no branch, so loops vectorize)


@_jit
def _sub(a, b):
    return NAT if (a == NAT) | (b == NAT) else a - b


@_jit
def _mul_int(a, b):
    return NAT if a == NAT else a * b


@_jit
def _to_count(r):
    """A float result as a count: NaT where it is NaN or past int64 (what
    NumPy's C cast gives on x86-64), truncated toward zero otherwise."""
    if not (abs(r) < 9.223372036854775808e18):
        return NAT
    return np.int64(r)


@_jit
def _mul_float(a, b):
    if a == NAT or math.isnan(b):
        return NAT
    return _to_count(np.float64(a) * b)


@_jit
def _quotient(x, y):
    """x / y of floats as C computes it (inf or NaN for a zero y)."""
    if y == 0.0:
        if x == 0.0 or math.isnan(x):
            return math.nan
        return math.inf if (x > 0.0) == (math.copysign(1.0, y) > 0.0) else -math.inf
    return x / y


@_jit
def _div_timedeltas(a, b):
    if a == NAT or b == NAT:
        return math.nan
    return _quotient(np.float64(a), np.float64(b))


@_jit
def _div_int(a, b):
    """Truncating toward zero, as C; NaT for a zero divisor."""
    if a == NAT or b == 0:
        return NAT
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


@_jit
def _div_float(a, b):
    if a == NAT:
        return NAT
    r = _quotient(np.float64(a), b)
    if math.isnan(r):
        return NAT
    return _to_count(r)


@_jit
def _floordiv_timedeltas(a, b):
    if a == NAT or b == NAT or b == 0:
        return 0
    return a // b


@_jit
def _mod_timedeltas(a, b):
    if a == NAT or b == NAT or b == 0:
        return NAT
    return a % b


@_jit
def _sign(a):
    return 1 if a > 0 else (-1 if a < 0 else 0)


@_jit
def _sign_float(a):
    # NumPy >= 2.5 (loop m->d): NaT has no sign
    return math.nan if a == NAT else float(_sign(a))


@_jit
def _maximum(a, b):
    return NAT if a == NAT or b == NAT else max(a, b)


@_jit
def _minimum(a, b):
    return NAT if a == NAT or b == NAT else min(a, b)


@_jit
def _fmax(a, b):
    return b if a == NAT else (a if b == NAT else max(a, b))


@_jit
def _fmin(a, b):
    return b if a == NAT else (a if b == NAT else min(a, b))


# The loop for each ufunc by the kinds of its operands' loop dtypes
# (M datetime, m timedelta, i int64, f float64), as the body of a lambda
# over a and b.
_LOOPS = {
    (np.add, "Mm"): "_add(a, b)", (np.add, "mM"): "_add(a, b)", (np.add, "mm"): "_add(a, b)",
    (np.subtract, "Mm"): "_sub(a, b)", (np.subtract, "MM"): "_sub(a, b)",
    (np.subtract, "mm"): "_sub(a, b)",
    (np.multiply, "mi"): "_mul_int(a, b)", (np.multiply, "im"): "_mul_int(b, a)",
    (np.multiply, "mf"): "_mul_float(a, b)", (np.multiply, "fm"): "_mul_float(b, a)",
    (np.true_divide, "mm"): "_div_timedeltas(a, b)", (np.true_divide, "mi"): "_div_int(a, b)",
    (np.true_divide, "mf"): "_div_float(a, b)",
    (np.floor_divide, "mm"): "_floordiv_timedeltas(a, b)",
    (np.floor_divide, "mi"): "_div_int(a, b)", (np.floor_divide, "mf"): "_div_float(a, b)",
    (np.remainder, "mm"): "_mod_timedeltas(a, b)",
    (np.negative, "m"): "-a", (np.positive, "m"): "a", (np.absolute, "m"): "abs(a)",
    (np.sign, "m"): "_sign(a)", (np.sign, "m->f"): "_sign_float(a)",
    (np.isnat, "M"): "a == NAT", (np.isnat, "m"): "a == NAT",
    (np.isfinite, "M"): "a != NAT", (np.isfinite, "m"): "a != NAT",
    (np.isinf, "M"): "False", (np.isinf, "m"): "False",
}
for _kinds in ("MM", "mm"):
    _LOOPS.update({
        (np.equal, _kinds): "a == b and a != NAT", (np.not_equal, _kinds): "a != b or a == NAT",
        (np.less, _kinds): "a < b and a != NAT and b != NAT",
        (np.less_equal, _kinds): "a <= b and a != NAT and b != NAT",
        (np.greater, _kinds): "a > b and a != NAT and b != NAT",
        (np.greater_equal, _kinds): "a >= b and a != NAT and b != NAT",
        (np.maximum, _kinds): "_maximum(a, b)", (np.minimum, _kinds): "_minimum(a, b)",
        (np.fmax, _kinds): "_fmax(a, b)", (np.fmin, _kinds): "_fmin(a, b)"})
_UFUNCS = sorted({u for u, _ in _LOOPS}, key=lambda u: u.__name__)
_LOOP_NAMESPACE = {"NAT": _NAT, "_add": _add, "_sub": _sub, "_mul_int": _mul_int,
                   "_mul_float": _mul_float, "_div_timedeltas": _div_timedeltas,
                   "_div_int": _div_int, "_div_float": _div_float,
                   "_floordiv_timedeltas": _floordiv_timedeltas,
                   "_mod_timedeltas": _mod_timedeltas, "_sign": _sign,
                   "_sign_float": _sign_float,
                   "_maximum": _maximum, "_minimum": _minimum, "_fmax": _fmax, "_fmin": _fmin}


# --- choosing the loop ------------------------------------------------------------------------

def _operand(t):
    """What stands for operand type t in ufunc.resolve_dtypes: a datetime's
    dtype, a Python class for a weak scalar, else the NumPy dtype."""
    if isinstance(t, types.Array):
        t = t.dtype
        weak = False
    else:
        weak = True
    if isinstance(t, _DATETIME):
        return _dtype(t)
    if weak and isinstance(t, types.Integer) and t.signed and t.bitwidth == 64:
        return int
    if weak and isinstance(t, types.Float) and t.bitwidth == 64:
        return float
    return np.dtype("bool" if isinstance(t, types.Boolean) else str(t))


def _case(args):
    """Numbers and datetime-likes (scalars or arrays), at least one datetime-like."""
    elems = [_element(t) for t in args]
    return all(isinstance(e, _NUMBER + (_DATETIME,)) for e in elems) and \
        any(isinstance(e, _DATETIME) for e in elems)


def _resolve(ufunc, args):
    """NumPy's loop of ufunc for these operand types: (input dtypes, output
    dtype); a TypingError with NumPy's message where it has none."""
    try:
        dtypes = ufunc.resolve_dtypes(tuple(_operand(t) for t in args) + (None,))
    except (TypeError, np.exceptions.DTypePromotionError) as e:
        raise TypingError(f"np.{ufunc.__name__} of {', '.join(map(str, args))}: "
                          f"NumPy: {e}") from None
    return dtypes[:-1], dtypes[-1]


def _no_loop(ufunc, args):
    """Whether NumPy has no loop of ufunc for these kinds of operands (as
    opposed to units it cannot bring together)."""
    try:
        ufunc.resolve_dtypes(tuple(_operand(t) for t in args) + (None,))
    except TypeError as e:
        return any(c.__qualname__ == "_UFuncNoLoopError" for c in type(e).__mro__)
    return False


_UNEQUAL = {np.equal: _jit(lambda a, b: False), np.not_equal: _jit(lambda a, b: True)}
_ELEMS = {}


def _elem(ufunc, args, out_type=None):
    """A jitable of one element of ufunc on scalars of args' element types:
    operands converted to the loop's dtypes, NumPy's loop, the result as
    out_type (the loop's output type unless given); and its result type."""
    elems = tuple(_element(t) for t in args)
    if ufunc in _UNEQUAL and _no_loop(ufunc, args):
        # NumPy: a datetime is never equal to a timedelta or a number
        return _UNEQUAL[ufunc], types.boolean
    ins, out = _resolve(ufunc, args)
    kinds = "".join(d.kind for d in ins)
    if (ufunc, f"{kinds}->{out.kind}") in _LOOPS:
        kinds = f"{kinds}->{out.kind}"  # NumPy versions differ in this loop's output
    if (ufunc, kinds) not in _LOOPS:
        raise TypingError(f"np.{ufunc.__name__} of {', '.join(map(str, args))} is not "
                          f"supported in compiled code")
    result = _type(out) if out_type is None else out_type
    key = (ufunc, elems, result)
    if key not in _ELEMS:
        casts = [_cast(e, d) for e, d in zip(elems, ins)]
        store = _store(out, result)
        if None in casts or store is None:
            raise TypingError(f"np.{ufunc.__name__}: NumPy cannot convert "
                              f"{', '.join(map(str, elems))} to {', '.join(map(str, ins))} "
                              f"-> {result}")
        params = ["a", "b"][:len(args)]
        body = [f"{p} = c{k}({p})" for k, p in enumerate(params)]
        body.append(f"return store({_LOOPS[ufunc, kinds]})")
        ns = dict(_LOOP_NAMESPACE, store=store, **{f"c{k}": c for k, c in enumerate(casts)})
        _ELEMS[key] = _jit(generate("datetime_" + ufunc.__name__, params, body, ns))
    return _ELEMS[key], result


def _kind(t):
    """Which values t holds: datetimes, timedeltas or numbers (NumPy casts
    neither of the first two to anything else under same_kind)."""
    return "M" if _is_datetime(t) else "m" if isinstance(t, _DATETIME) else "number"


def _numpy_out_any(t):
    """The NumPy dtype of an out= array's element type t."""
    return _dtype(t) if isinstance(t, _DATETIME) else \
        np.dtype("bool" if isinstance(t, types.Boolean) else str(t))


def _numpy_out(t):
    """What np.empty takes for an array of element type t."""
    return _dtype(t) if isinstance(t, _DATETIME) else \
        {types.boolean: np.bool_, types.int64: np.int64, types.float64: np.float64}[t]


def _implementation(ufunc, args, out):
    """ufunc(*args) or ufunc(*args, out=out) for datetime-like operands;
    None for other operands."""
    if not _case(args):
        return None
    params = ["x"] if len(args) == 1 else ["x1", "x2"]
    call = ", ".join(params)
    arrays = any(isinstance(t, types.Array) for t in args)
    if _absent(out):
        elem, result = _elem(ufunc, args)
        f = _broadcast_map(args, elem, _numpy_out(result), ufunc=True) if arrays else elem
        body = [f"return f({call})"]
    elif isinstance(out, types.Array) and out.mutable:
        natural = _elem(ufunc, args)[1]
        if _kind(natural) != _kind(out.dtype) or (
                _kind(natural) == "number" and
                not np.can_cast(_numpy_out(natural), _numpy_out_any(out.dtype), "same_kind")):
            raise TypingError(f"np.{ufunc.__name__}: cannot store its {natural} results in "
                              f"{out} (NumPy: Cannot cast ufunc '{ufunc.__name__}' output "
                              f"with casting rule 'same_kind')")
        elem, result = _elem(ufunc, args, out.dtype if isinstance(out.dtype, _DATETIME)
                             else None)
        f = _broadcast_map(args, elem, _numpy_out(result), ufunc=True)
        body = [f"out[...] = f({call})", "return out"]
    else:
        return None
    return generate("datetime_" + ufunc.__name__, params + ["out=None"], body, {"f": f})


def _register(ufunc):
    if ufunc.nin == 1:
        def typer(x, out=None):
            return _implementation(ufunc, (x,), out)
    else:
        def typer(x1, x2, out=None):
            return _implementation(ufunc, (x1, x2), out)
    overload(ufunc, inline=_INLINE)(typer)


for _u in _UFUNCS:
    _register(_u)


# --- operators ----------------------------------------------------------------------------

def _operator(op, ufunc, in_place=False):
    if ufunc.nin == 1:
        def typer(a):
            if _case((a,)):
                return lambda a: ufunc(a)
        overload(op, inline=_INLINE)(typer)
        return

    def typer(a, b):
        if not _case((a, b)):
            return None
        if in_place and isinstance(a, types.Array):
            return lambda a, b: ufunc(a, b, a)
        return lambda a, b: ufunc(a, b)
    overload(op, inline=_INLINE)(typer)


for _op, _iop, _u in OPERATOR_UFUNCS:
    if _u in _UFUNCS:             # (no power of datetimes)
        _operator(_op, _u)
        _operator(_iop, _u, in_place=True)
for _op, _u in ((operator.eq, np.equal), (operator.ne, np.not_equal), (operator.lt, np.less),
                (operator.le, np.less_equal), (operator.gt, np.greater),
                (operator.ge, np.greater_equal), (operator.neg, np.negative),
                (operator.pos, np.positive), (abs, np.absolute)):
    _operator(_op, _u)


# --- making values ------------------------------------------------------------------------

def _unit_arg(unit):
    """The unit a constant string argument names ('' when absent)."""
    if _absent(unit):
        return ""
    if isinstance(unit, types.StringLiteral):
        text = unit.literal_value
        try:
            base, count = np.datetime_data(np.dtype(f"m8[{text}]"))
        except TypeError:
            raise TypingError(f"invalid datetime unit {text!r}") from None
        if count != 1:
            raise TypingError(f"the datetime unit {text!r} has a multiplier, which pyrite "
                              f"does not support")
        return "" if base == "generic" else base
    return None


def _constructor(cls, kind):
    def typer(value=None, unit=None):
        u = _unit_arg(unit)
        if u is None:
            return None
        target = kind(u)
        if isinstance(value, types.StringLiteral) or _absent(value):
            # parsed now by NumPy, frozen into the code (np.datetime64() is
            # NaT, np.timedelta64() is 0)
            text = value.literal_value if not _absent(value) else \
                "NaT" if cls is np.datetime64 else 0
            try:
                constant = cls(text, u) if u else cls(text)
            except ValueError as e:
                raise TypingError(f"np.{cls.__name__}({text!r}): NumPy: {e}") from None
            ns = {"C": constant}
            return generate("constant", ["value=None", "unit=None"], ["return C"], ns)
        if isinstance(value, (types.Integer, types.Boolean)):
            if not u and cls is np.datetime64:
                raise TypingError("np.datetime64 of an integer takes a unit (NumPy: "
                                  "Converting an integer to a NumPy datetime requires a "
                                  "specified unit)")
            make = _maker(target)
            return lambda value=None, unit=None: make(value)
        if isinstance(value, kind) and (kind is types.NPTimedelta or _is_datetime(value)):
            if not u:
                return lambda value=None, unit=None: value
            recast = _recast(value, target)
            if recast is None:
                raise TypingError(f"NumPy cannot convert {value} to {target}")
            return lambda value=None, unit=None: recast(value)
        return None
    overload(cls, inline=_INLINE)(typer)


_constructor(np.datetime64, types.NPDatetime)
_constructor(np.timedelta64, types.NPTimedelta)


# --- storing into arrays of another unit ----------------------------------------------------------

@overload(operator.setitem, inline=_INLINE)
def datetime_setitem(a, index, value):
    """a[index] = value (a scalar or an array) of another unit: converted as
    NumPy's same_kind cast."""
    v = _element(value)
    if not (isinstance(a, types.Array) and isinstance(a.dtype, _DATETIME) and
            isinstance(v, _DATETIME) and v != a.dtype and
            _is_datetime(v) == _is_datetime(a.dtype)):
        return None
    elem = _recast(v, a.dtype)
    if elem is None:
        raise TypingError(f"cannot store {v} into {a} (NumPy: Cannot cast from "
                          f"metadata [{v.unit or 'generic'}] to [{a.dtype.unit or 'generic'}] "
                          f"according to the rule 'same_kind')")
    if isinstance(value, types.Array):
        f = _broadcast_map((value,), elem, _dtype(a.dtype))

        def impl(a, index, value):
            a[index] = f(value)
        return impl

    def impl(a, index, value):
        a[index] = elem(value)
    return impl


# --- astype ---------------------------------------------------------------------------------

def _astype_target(dtype):
    """The element type a dtype argument names (a datetime-like, or int64)."""
    if isinstance(dtype, types.StringLiteral):
        try:
            d = np.dtype(dtype.literal_value)
        except TypeError:
            return None
    elif isinstance(dtype, types.NumberClass):
        inner = dtype.instance_type
        if isinstance(inner, _DATETIME):
            return inner
        d = np.dtype("bool" if isinstance(inner, types.Boolean) else str(inner))
    else:
        return None
    if d.kind in "mM" and np.datetime_data(d)[1] != 1:
        raise TypingError(f"astype to {d}: units with a multiplier are not supported")
    return _type(d) if d.kind in "mMi" and d.itemsize == 8 else None


@overload_method(types.Array, "astype", inline=_INLINE)
def datetime_astype(a, dtype):
    """a.astype(unit) between units (floor to coarser ones), and between a
    datetime-like and int64 (its counts, NaT the least int64)."""
    target = _astype_target(dtype)
    if target is None or not (isinstance(a.dtype, _DATETIME) or isinstance(target, _DATETIME)):
        return None
    source = a.dtype
    if isinstance(source, _DATETIME) and isinstance(target, _DATETIME):
        if _is_datetime(source) != _is_datetime(target):
            raise TypingError(f"cannot cast {a} to {target}")
        if not target.unit:                  # NumPy: a generic unit keeps the array's
            target = source
        elem = _recast(source, target, average=True)
    elif isinstance(source, _DATETIME):           # to int64: the counts
        elem = _jit(lambda x: _count(x))
    elif isinstance(source, types.Integer):        # int64 counts of target's unit
        make = _maker(target)
        elem = _jit(lambda x: make(np.int64(x)))
    else:
        return None
    f = _broadcast_map((a,), elem, _numpy_out(target) if isinstance(target, _DATETIME)
                       else np.int64)
    return lambda a, dtype: f(a)


# --- reductions -----------------------------------------------------------------------------

_STEPS = {"min": "min(acc, n)", "max": "max(acc, n)", "sum": "acc + n"}
_IDENTITY_ERRORS = {"min": "minimum", "max": "maximum"}


def _whole_array(name):
    """a.min(), a.max() and a timedelta array's a.sum(): NaT anywhere gives
    NaT (NumPy 1.18 on); an empty min/max is NumPy's ValueError."""
    def typer(a):
        if not (isinstance(a, types.Array) and isinstance(a.dtype, _DATETIME)) or \
                (name == "sum" and _is_datetime(a.dtype)):    # NumPy has no sum of datetimes
            return None
        body = []
        if name in _IDENTITY_ERRORS:
            body += ["if a.size == 0:",
                     f"    raise ValueError('zero-size array to reduction operation "
                     f"{_IDENTITY_ERRORS[name]} which has no identity')",
                     "acc = _count(a.flat[0])"]
        else:
            body.append("acc = 0")
        body += ["for x in a.flat:",
                 "    n = _count(x)",
                 "    if n == NAT:",
                 "        return make(n)",
                 f"    acc = {_STEPS[name]}",
                 "return make(acc)"]
        return generate(f"datetime_{name}", ["a"], body,
                        {"NAT": _NAT, "_count": _count, "make": _maker(a.dtype)})
    return typer


for _name, _fns in (("min", (np.min, np.amin)), ("max", (np.max, np.amax)), ("sum", (np.sum,))):
    _typer = _whole_array(_name)
    overload_method(types.Array, _name, inline=_INLINE)(_typer)
    for _fn in _fns:
        overload(_fn, inline=_INLINE)(_typer)
