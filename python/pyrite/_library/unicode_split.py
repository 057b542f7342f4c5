"""str <-> other values: split, rsplit, splitlines, partition, rpartition
and join of lists (lists of str), and int(str) and float(str) as CPython
reads them (Objects/unicodeobject.c, Objects/longobject.c,
Objects/floatobject.c).
"""
import math

from .. import types
from ..extending import overload, overload_method, register_jitable
from . import _list_core as _l
from . import _unicode_core as _u
from ._generate import generate
from .numpy_functions import _absent
from .unicode import _INLINE, _INT, _is_space, _is_str, _join


# --- splitting and joining (lists of str) ----------------------------------------------

@overload_method(types.UnicodeType, "split", inline=_INLINE)
def str_split(s, sep=None, maxsplit=-1):
    """s.split(sep=None, maxsplit=-1): on runs of whitespace (leading and
    trailing ignored) or at each `sep`; ValueError for an empty sep."""
    if not (isinstance(maxsplit, _INT) or maxsplit == -1):
        return None
    if _absent(sep):
        def impl(s, sep=None, maxsplit=-1):
            out = _l.empty_list("", 0)
            n = len(s)
            i = 0
            splits = 0
            while True:
                while i < n and _is_space(_u.code_point(s, i)):
                    i += 1
                if i >= n:
                    break
                if maxsplit >= 0 and splits >= maxsplit:
                    out.append(_u.substring(s, i, n))
                    break
                j = i
                while j < n and not _is_space(_u.code_point(s, j)):
                    j += 1
                out.append(_u.substring(s, i, j))
                splits += 1
                i = j
            return out
        return impl
    if _is_str(sep):
        def impl(s, sep=None, maxsplit=-1):
            m = len(sep)
            if m == 0:
                raise ValueError("empty separator")
            out = _l.empty_list("", 0)
            n = len(s)
            start = 0
            splits = 0
            while maxsplit < 0 or splits < maxsplit:
                i = _u.find(s, sep, start, n) if n - start >= m else -1
                if i < 0:
                    break
                out.append(_u.substring(s, start, i))
                start = i + m
                splits += 1
            out.append(_u.substring(s, start, n))
            return out
        return impl


@overload_method(types.UnicodeType, "rsplit", inline=_INLINE)
def str_rsplit(s, sep=None, maxsplit=-1):
    """s.rsplit(sep=None, maxsplit=-1): split from the right."""
    if not (isinstance(maxsplit, _INT) or maxsplit == -1):
        return None
    if _absent(sep):
        def impl(s, sep=None, maxsplit=-1):
            out = _l.empty_list("", 0)
            j = len(s)
            splits = 0
            while True:
                while j > 0 and _is_space(_u.code_point(s, j - 1)):
                    j -= 1
                if j <= 0:
                    break
                if maxsplit >= 0 and splits >= maxsplit:
                    out.append(_u.substring(s, 0, j))
                    break
                i = j
                while i > 0 and not _is_space(_u.code_point(s, i - 1)):
                    i -= 1
                out.append(_u.substring(s, i, j))
                splits += 1
                j = i
            out.reverse()
            return out
        return impl
    if _is_str(sep):
        def impl(s, sep=None, maxsplit=-1):
            m = len(sep)
            if m == 0:
                raise ValueError("empty separator")
            out = _l.empty_list("", 0)
            end = len(s)
            splits = 0
            while maxsplit < 0 or splits < maxsplit:
                i = _u.rfind(s, sep, 0, end) if end >= m else -1
                if i < 0:
                    break
                out.append(_u.substring(s, i + m, end))
                end = i
                splits += 1
            out.append(_u.substring(s, 0, end))
            out.reverse()
            return out
        return impl


@register_jitable
def _line_break(s, i, n):
    """Characters of the line break at s[i] (0 when none): \\r\\n is one."""
    cp = _u.code_point(s, i)
    if cp == 13:
        return 2 if i + 1 < n and _u.code_point(s, i + 1) == 10 else 1
    if (10 <= cp <= 12) or (28 <= cp <= 30) or cp == 0x85 or cp == 0x2028 or cp == 0x2029:
        return 1
    return 0


@overload_method(types.UnicodeType, "splitlines", inline=_INLINE)
def str_splitlines(s, keepends=False):
    """s.splitlines(keepends=False) at CPython's line boundaries."""
    def impl(s, keepends=False):
        out = _l.empty_list("", 0)
        n = len(s)
        start = 0
        i = 0
        while i < n:
            b = _line_break(s, i, n)
            if b == 0:
                i += 1
                continue
            out.append(_u.substring(s, start, i + b if keepends else i))
            i += b
            start = i
        if start < n:
            out.append(_u.substring(s, start, n))
        return out
    return impl


def _partition(from_right):
    def typing(s, sep):
        if _is_str(sep):
            def impl(s, sep):
                if len(sep) == 0:
                    raise ValueError("empty separator")
                n = len(s)
                i = _u.rfind(s, sep, 0, n) if from_right else _u.find(s, sep, 0, n)
                if i < 0:
                    if from_right:
                        return "", "", s
                    return s, "", ""
                return _u.substring(s, 0, i), sep, _u.substring(s, i + len(sep), n)
            return impl
    return typing


overload_method(types.UnicodeType, "partition", inline=_INLINE)(_partition(False))
overload_method(types.UnicodeType, "rpartition", inline=_INLINE)(_partition(True))


@overload_method(types.UnicodeType, "join", inline=_INLINE)
def str_join_list(sep, parts):
    """sep.join(parts) for a list of strings."""
    if isinstance(parts, types.List) and _is_str(parts.dtype):
        return lambda sep, parts: _join(sep, parts)


# --- int(str), float(str) ---------------------------------------------------------------

@register_jitable
def _digit_value(cp):
    """The value of decimal digit cp (any script's, as int() reads them), or -1."""
    if 48 <= cp <= 57:
        return cp - 48
    if cp < 128:
        return -1
    return ((_u.flags(cp) >> _u.DECIMAL_SHIFT) & 15) - 1


@register_jitable
def _strip_bounds(s):
    lo, hi = 0, len(s)
    while lo < hi and _is_space(_u.code_point(s, lo)):
        lo += 1
    while hi > lo and _is_space(_u.code_point(s, hi - 1)):
        hi -= 1
    return lo, hi


@register_jitable
def _parse_int(s):
    """int(s) in base 10 as CPython reads it: surrounding whitespace, a
    sign, digits of any script with single underscores between them."""
    lo, hi = _strip_bounds(s)
    negative = False
    if lo < hi and (_u.code_point(s, lo) == 43 or _u.code_point(s, lo) == 45):
        negative = _u.code_point(s, lo) == 45
        lo += 1
    if lo >= hi:
        raise ValueError("invalid literal for int() with base 10: " + repr(s))
    value = 0
    previous_digit = False
    for i in range(lo, hi):
        cp = _u.code_point(s, i)
        if cp == 95 and previous_digit and i + 1 < hi:  # '_' between digits
            previous_digit = False
            continue
        d = _digit_value(cp)
        if d < 0:
            raise ValueError("invalid literal for int() with base 10: " + repr(s))
        # accumulate negatively: -2**63 fits, 2**63 does not
        if value < (-9223372036854775807 - 1 + d) // 10:
            raise OverflowError("int() of a str: the value does not fit in int64")
        value = value * 10 - d
        previous_digit = True
    if not previous_digit:
        raise ValueError("invalid literal for int() with base 10: " + repr(s))
    if negative:
        return value
    if value == -9223372036854775807 - 1:
        raise OverflowError("int() of a str: the value does not fit in int64")
    return -value


@overload(int, inline=_INLINE)
def int_from_str(x):
    """int(s) of a str (base 10); other arguments: the core's int()."""
    if _is_str(x):
        return lambda x: _parse_int(x)


@register_jitable
def _float_ascii(s):
    """float()'s text of s as ASCII (digits of any script made ASCII,
    underscores between digits dropped), or "" when float() refuses it."""
    lo, hi = _strip_bounds(s)
    out = _u.new(1, hi - lo)
    n = 0
    digits = 0
    point = False
    exponent = False
    exponent_digits = 0
    previous_digit = False
    for i in range(lo, hi):
        cp = _u.code_point(s, i)
        d = _digit_value(cp)
        if d >= 0:
            _u.set_code_point(out, n, 48 + d)
            n += 1
            if exponent:
                exponent_digits += 1
            else:
                digits += 1
            previous_digit = True
            continue
        if cp == 95 and previous_digit and i + 1 < hi and _digit_value(_u.code_point(s, i + 1)) >= 0:
            previous_digit = False
            continue
        previous_digit = False
        if (cp == 43 or cp == 45) and (i == lo or (exponent and exponent_digits == 0 and
                                                   _u.code_point(s, i - 1) in (69, 101))):
            _u.set_code_point(out, n, cp)
        elif cp == 46 and not point and not exponent:
            _u.set_code_point(out, n, cp)
            point = True
        elif (cp == 101 or cp == 69) and not exponent and digits > 0:
            _u.set_code_point(out, n, 101)
            exponent = True
        else:
            return ""
        n += 1
    if digits == 0 or (exponent and exponent_digits == 0):
        return ""
    return _u.substring(out, 0, n)


@register_jitable
def _special_float(s):
    """inf, infinity, nan (any case, a sign): their value, or 0.0 with False."""
    lo, hi = _strip_bounds(s)
    sign = 1.0
    if lo < hi and (_u.code_point(s, lo) == 43 or _u.code_point(s, lo) == 45):
        if _u.code_point(s, lo) == 45:
            sign = -1.0
        lo += 1
    word = _u.substring(s, lo, hi).lower()
    if word == "inf" or word == "infinity":
        return sign * math.inf, True
    if word == "nan":
        return math.nan, True
    return 0.0, False


@overload(float, inline=_INLINE, prefer_literal=True)
def float_from_str(x):
    """float(s) of a str as CPython reads it: whitespace, a sign, decimal
    digits of any script with underscores between them, a point, an
    exponent, inf/infinity/nan; correctly rounded (strtod). A constant
    string is read at compile time (float("inf") also in GPU kernels)."""
    if isinstance(x, types.StringLiteral):
        try:
            value = float(x.literal_value)
        except ValueError:
            value = None     # raises at run time, as CPython would
        if value is not None:
            return generate("float_constant", ["x"], ["return value"], {"value": value})
    if _is_str(x):
        def impl(x):
            text = _float_ascii(x)
            if len(text) > 0:
                return _u.parse_float(text)
            v, ok = _special_float(x)
            if ok:
                return v
            raise ValueError("could not convert string to float: " + repr(x))
        return impl
