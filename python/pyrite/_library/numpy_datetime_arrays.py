"""Ordering datetime64 and timedelta64 arrays in compiled code: np.sort,
a.sort(), np.argsort, np.unique, np.searchsorted, np.argmin/np.argmax;
np.where and np.full_like with datetime-like values, np.arange of dates and
the mean of timedeltas.

NumPy orders NaT after every date (as NaN after every float). The counts
underneath (numpy_datetime.py) order it first, so the sorts run on the keys
`count - 1` (int64, wrapping): NaT, the least int64, becomes the greatest,
every other value keeps its order, and no two values share a key. The
integer sorts of numpy_sorting.py then give NumPy's order, stable kinds
included; argmin/argmax return the first NaT when there is one (NumPy 1.18
on)."""
import numpy as np

from .. import types
from ..errors import TypingError
from ..extending import overload, overload_method, register_jitable
from .numpy_datetime import (_DATETIME, NAT, _count, _dtype, _element, _is_datetime,
                             _maker, _recast, _type)
from ._generate import generate
from .numpy_functions import _absent
from .numpy_element_maps import _broadcast_map

_INLINE = "always"
_jit = register_jitable(inline="always")


def _datetime_array(a):
    return isinstance(a, types.Array) and isinstance(a.dtype, _DATETIME)


def _from_keys(t):
    """A jitable turning an int64 array of keys back into datetime-like t."""
    dtype = _dtype(t)
    return _jit(lambda k: (k + 1).astype(dtype))


@_jit
def _keys(a):
    return a.astype(np.int64) - 1


def _constant_text(t, default):
    """The constant text of a kind=/side= argument (`default` when absent),
    or False when it is not known while compiling."""
    if _absent(t):
        return default
    if isinstance(t, str):          # a default value of the typing function
        return t
    return t.literal_value if isinstance(t, types.StringLiteral) else False


def _on_keys(name, params, call, **names):
    """A function of `params` returning `call` (text over the keys)."""
    return generate(name, params, [f"return {call}"],
                    dict(names, np=np, _keys=_keys, _count=_count))


@overload(np.sort, inline=_INLINE, prefer_literal=True)
def datetime_sort(a, axis=-1, kind=None, order=None):
    """np.sort of a datetime64/timedelta64 array: NaT last, as NumPy."""
    k = _constant_text(kind, None)
    if not _datetime_array(a) or k is False or not _absent(order):
        return None
    return _on_keys("datetime_sort", ["a", "axis=-1", "kind=None", "order=None"],
                    "back(np.sort(_keys(a), axis, K))", back=_from_keys(a.dtype), K=k)


@overload_method(types.Array, "sort", inline=_INLINE, prefer_literal=True)
def datetime_array_sort(a, axis=-1, kind=None):
    k = _constant_text(kind, None)
    if not _datetime_array(a) or k is False:
        return None
    fill = _on_keys("datetime_sorted", ["a", "axis"], "back(np.sort(_keys(a), axis, K))",
                    back=_from_keys(a.dtype), K=k)
    fill = _jit(fill)

    def impl(a, axis=-1, kind=None):
        a[...] = fill(a, axis)
    return impl


def _argsort(a, axis=-1, kind=None):
    k = _constant_text(kind, None)
    if not _datetime_array(a) or k is False:
        return None
    return _on_keys("datetime_argsort", ["a", "axis=-1", "kind=None"],
                    "np.argsort(_keys(a), axis, K)", K=k)


overload(np.argsort, inline=_INLINE, prefer_literal=True)(_argsort)
overload_method(types.Array, "argsort", inline=_INLINE, prefer_literal=True)(_argsort)


@overload(np.unique, inline=_INLINE)
def datetime_unique(ar):
    """The sorted distinct values (one NaT for all of them, as NumPy 2)."""
    if not _datetime_array(ar):
        return None
    back = _from_keys(ar.dtype)
    return lambda ar: back(np.unique(_keys(ar)))


@overload(np.searchsorted, inline=_INLINE, prefer_literal=True)
def datetime_searchsorted(a, v, side="left"):
    """Positions in sorted `a` (NaT last) at which values `v` of the same
    unit would go."""
    where = _constant_text(side, "left")
    if not (_datetime_array(a) and a.ndim == 1 and _element(v) == a.dtype) or where is False:
        return None
    keys = "_keys(v)" if isinstance(v, types.Array) else "_count(v) - 1"
    return _on_keys("datetime_searchsorted", ["a", "v", "side='left'"],
                    f"np.searchsorted(_keys(a), {keys}, S)", S=where)


def _arg_extreme(smallest):
    def typer(a):
        if not _datetime_array(a):
            return None

        def impl(a):
            if a.size == 0:
                raise ValueError("attempt to get " + ("argmin" if smallest else "argmax") +
                                 " of an empty sequence")
            best = 0
            value = _count(a.flat[0])
            for i, x in enumerate(a.flat):
                n = _count(x)
                if n == NAT:
                    return i
                if (n < value) if smallest else (n > value):
                    best, value = i, n
            return best
        return impl
    return typer


for _fn, _name, _smallest in ((np.argmin, "argmin", True), (np.argmax, "argmax", False)):
    overload(_fn, inline=_INLINE)(_arg_extreme(_smallest))
    overload_method(types.Array, _name, inline=_INLINE)(_arg_extreme(_smallest))


def _to(value, t):
    """A jitable converting a datetime-like value to type t (its unit)."""
    recast = _recast(value, t)
    if recast is None:
        raise TypingError(f"NumPy cannot convert {value} to {t}")
    return recast


@overload(np.where, inline=_INLINE)
def datetime_where(condition, x=None, y=None):
    """where(c, x, y) of datetime-likes of one kind: NumPy's common unit."""
    if _absent(x) or _absent(y):
        return None
    ex, ey = _element(x), _element(y)
    if not (isinstance(ex, _DATETIME) and isinstance(ey, _DATETIME)):
        return None
    if _is_datetime(ex) != _is_datetime(ey):
        raise TypingError(f"np.where of {ex} and {ey}: NumPy finds no common dtype")
    common = np.result_type(_dtype(ex), _dtype(ey))
    rt = _type(common)
    cx, cy = _to(ex, rt), _to(ey, rt)
    pick = _jit(lambda c, u, v: cx(u) if c else cy(v))
    bmap = _broadcast_map((condition, x, y), pick, common)
    return lambda condition, x=None, y=None: bmap(condition, x, y)


@overload(np.full_like, inline=_INLINE)
def datetime_full_like(a, fill_value, dtype=None):
    """A new array of a's shape and datetime-like dtype, of fill_value in its unit."""
    if not (_datetime_array(a) and _absent(dtype) and isinstance(fill_value, _DATETIME)):
        return None
    to = _to(fill_value, a.dtype)
    dt = _dtype(a.dtype)

    def impl(a, fill_value, dtype=None):
        out = np.empty(a.shape, dt)
        out.fill(to(fill_value))
        return out
    return impl


# --- np.arange of dates, the mean of timedeltas -----------------------------------------------

def _common(*dtypes):
    """NumPy's common unit of datetime-like dtypes (a TypingError with its
    message where there is none)."""
    try:
        return np.result_type(*dtypes)
    except TypeError as e:
        raise TypingError(f"np.arange: NumPy: {e}") from None


@overload(np.arange, inline=_INLINE)
def datetime_arange(start, stop=None, step=None, dtype=None):
    """np.arange(start, stop[, step]) of datetime64 (a timedelta64 or integer
    step) or of timedelta64 values, in their common unit (NumPy's); NaT and
    a zero step are NumPy's ValueErrors."""
    if not (isinstance(start, _DATETIME) and isinstance(stop, _DATETIME) and _absent(dtype)) or \
            _is_datetime(start) != _is_datetime(stop):
        return None
    unit = _common(_dtype(start), _dtype(stop))
    if isinstance(step, _DATETIME):
        if _is_datetime(step):
            return None
        try:     # the unit start + step has (NumPy's loop)
            unit = np.add.resolve_dtypes((unit, _dtype(step), None))[-1]
        except TypeError as e:
            raise TypingError(f"np.arange: NumPy: {e}") from None
    elif not (_absent(step) or isinstance(step, (types.Integer, types.Boolean))):
        return None
    result = _type(unit)
    to_start, to_stop = _recast(start, result), _recast(stop, result)
    if to_start is None or to_stop is None:
        raise TypingError(f"np.arange: NumPy cannot convert {start} and {stop} to {result}")
    if isinstance(step, _DATETIME):
        to_step = _recast(step, types.NPTimedelta(result.unit))
        if to_step is None:
            raise TypingError(f"np.arange: NumPy cannot convert the step {step} to {result}")
        step_count = _jit(lambda s: _count(to_step(s)))
    elif _absent(step):
        step_count = _jit(lambda s: 1)
    else:
        step_count = _jit(lambda s: np.int64(s))
    make, dt = _maker(result), _dtype(result)

    def impl(start, stop=None, step=None, dtype=None):
        a = _count(to_start(start))
        b = _count(to_stop(stop))
        s = step_count(step)
        if a == NAT or b == NAT:
            raise ValueError("arange: cannot use NaT (not-a-time) datetime values")
        if s == 0:
            raise ValueError("arange: step cannot be zero")
        counts = range(a, b, s)
        out = np.empty(len(counts), dt)
        for k in range(len(counts)):
            out[k] = make(a + k * s)
        return out
    return impl


def _mean(a):
    """The mean of a timedelta64 array: the sum divided by the count,
    truncated toward zero as NumPy's m8 / int; NaT for an empty array or
    any NaT."""
    if not (_datetime_array(a) and not _is_datetime(a.dtype)):
        return None
    make = _maker(a.dtype)

    def impl(a):
        if a.size == 0:
            return make(NAT)
        total = 0
        for x in a.flat:
            n = _count(x)
            if n == NAT:
                return make(NAT)
            total += n
        q = abs(total) // a.size
        return make(q if total >= 0 else -q)
    return impl


overload(np.mean, inline=_INLINE)(_mean)
overload_method(types.Array, "mean", inline=_INLINE)(_mean)
