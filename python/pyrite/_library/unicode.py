"""str (unicode_type) in compiled code: operators, builtins, searching and
building methods (case mappings and predicates: unicode_case.py; splitting,
joining and parsing numbers: unicode_split.py),
written on the primitives of _unicode_core (the core keeps the data model,
len, indexing, slicing and iteration). Semantics and messages are CPython's
(Objects/unicodeobject.c, Objects/stringlib); predicates and case mappings
come from the building interpreter's Unicode database
(tools/gen_unicode_db.py), so they agree with its str methods on every code
point, final sigma included.
"""
import operator

from .. import types
from ..extending import overload, overload_method, register_jitable
from . import _unicode_core as _u
from .numpy_functions import _absent

_INLINE = "always"
_INT = (types.Integer, types.Boolean)

_ALPHA, _DECIMAL, _DIGIT, _NUMERIC, _SPACE, _LOWER, _UPPER, _TITLE, _CASED, \
    _CASE_IGNORABLE, _PRINTABLE, _ID_START, _ID_CONTINUE = (1 << k for k in range(13))
_LOWER_CASE, _UPPER_CASE, _TITLE_CASE, _FOLD_CASE = 0, 1, 2, 3


def _is_str(t):
    return isinstance(t, (types.UnicodeType, types.StringLiteral))


def _str_tuple(t):
    return isinstance(t, types.BaseTuple) and all(_is_str(e) for e in t.types)


# --- building blocks ------------------------------------------------------------

@register_jitable
def _kind_of(cp):
    """Bytes per code point that hold cp."""
    if cp < 0x100:
        return 1
    if cp < 0x10000:
        return 2
    return 4


@register_jitable
def _adjust(start, end, n):
    """CPython's ADJUST_INDICES: slice-like bounds clamped to [0, n]."""
    if end > n:
        end = n
    elif end < 0:
        end += n
        if end < 0:
            end = 0
    if start < 0:
        start += n
        if start < 0:
            start = 0
    return start, end


@register_jitable
def _bounds(s, start, end):
    """(start, end) of an optional start/end pair (None: the whole string)."""
    n = len(s)
    lo = 0 if start is None else start
    hi = n if end is None else end
    return _adjust(lo, hi, n)


@register_jitable
def _concat(a, b):
    na, nb = len(a), len(b)
    out = _u.new(max(_u.kind(a), _u.kind(b)), na + nb)
    _u.copy(out, 0, a, 0, na)
    _u.copy(out, na, b, 0, nb)
    return out


@register_jitable
def _flags(cp):
    return _u.flags(cp)


@register_jitable
def _is_space(cp):
    if cp < 128:
        return cp == 32 or 9 <= cp <= 13 or 28 <= cp <= 31
    return (_u.flags(cp) & _SPACE) != 0


# --- operators ------------------------------------------------------------------------

@overload(operator.eq, inline=_INLINE)
def str_eq(a, b):
    if _is_str(a) and _is_str(b):
        return lambda a, b: _u.equal(a, b)


@overload(operator.ne, inline=_INLINE)
def str_ne(a, b):
    if _is_str(a) and _is_str(b):
        return lambda a, b: not _u.equal(a, b)


@overload(operator.lt, inline=_INLINE)
def str_lt(a, b):
    if _is_str(a) and _is_str(b):
        return lambda a, b: _u.compare(a, b) < 0


@overload(operator.le, inline=_INLINE)
def str_le(a, b):
    if _is_str(a) and _is_str(b):
        return lambda a, b: _u.compare(a, b) <= 0


@overload(operator.gt, inline=_INLINE)
def str_gt(a, b):
    if _is_str(a) and _is_str(b):
        return lambda a, b: _u.compare(a, b) > 0


@overload(operator.ge, inline=_INLINE)
def str_ge(a, b):
    if _is_str(a) and _is_str(b):
        return lambda a, b: _u.compare(a, b) >= 0


@overload(operator.add, inline=_INLINE)
def str_add(a, b):
    """a + b: concatenation."""
    if _is_str(a) and _is_str(b):
        return lambda a, b: _concat(a, b)


@register_jitable
def _repeat(s, times):
    n = len(s)
    if times <= 0 or n == 0:
        return ""
    if n > 9223372036854775807 // times:
        raise OverflowError("repeated string is too long")
    out = _u.new(_u.kind(s), n * times)
    for k in range(times):
        _u.copy(out, k * n, s, 0, n)
    return out


@overload(operator.mul, inline=_INLINE)
def str_mul(a, b):
    """s * n and n * s: s repeated n times ("" for n <= 0)."""
    if _is_str(a) and isinstance(b, _INT):
        return lambda a, b: _repeat(a, b)
    if isinstance(a, _INT) and _is_str(b):
        return lambda a, b: _repeat(b, a)


@overload(operator.contains, inline=_INLINE)
def str_contains(s, sub):
    """sub in s."""
    if _is_str(s) and _is_str(sub):
        return lambda s, sub: _u.find(s, sub, 0, len(s)) >= 0


# --- builtins: ord, chr, str, hash ----------------------------------------------------

@overload(ord, inline=_INLINE)
def str_ord(c):
    """ord(c): TypeError for a string not of length 1, as CPython."""
    if _is_str(c):
        def impl(c):
            if len(c) != 1:
                raise TypeError("ord() expected a character, but string of length %d found"
                                % len(c))
            return _u.code_point(c, 0)
        return impl


@overload(chr, inline=_INLINE)
def str_chr(i):
    """chr(i): ValueError outside range(0x110000), as CPython."""
    if isinstance(i, _INT):
        def impl(i):
            if i < 0 or i > 0x10FFFF:
                raise ValueError("chr() arg not in range(0x110000)")
            return _u.char(i)
        return impl


@register_jitable
def _next_digit(m):
    """(last decimal digit of m, m without it), truncating toward zero so a
    negative m (INT64_MIN included) reaches 0 too."""
    if m < 0:
        d = -(m % -10)
        return d, (m + d) // 10
    return m % 10, m // 10


@register_jitable
def _int_str(v):
    """The decimal text of an integer (str(int))."""
    if v == 0:
        return "0"
    sign = 1 if v < 0 else 0
    digits = 0
    m = v
    while m != 0:
        _, m = _next_digit(m)
        digits += 1
    out = _u.new(1, digits + sign)
    k = digits + sign - 1
    m = v
    while m != 0:
        d, m = _next_digit(m)
        _u.set_code_point(out, k, 48 + d)
        k -= 1
    if sign:
        _u.set_code_point(out, 0, 45)
    return out


@register_jitable
def _uint_str(v):
    if v == 0:
        return "0"
    digits = 0
    m = v
    while m != 0:
        m //= 10
        digits += 1
    out = _u.new(1, digits)
    k = digits - 1
    m = v
    while m != 0:
        _u.set_code_point(out, k, 48 + int(m % 10))
        m //= 10
        k -= 1
    return out


@overload(str, inline=_INLINE)
def str_str(x=None):
    """str(x) of a str, an integer, a bool or a float (repr's shortest text,
    as CPython); str() is ""."""
    if _absent(x):
        return lambda x=None: ""
    if _is_str(x):
        return lambda x=None: x
    if isinstance(x, types.Boolean):
        return lambda x=None: "True" if x else "False"
    if isinstance(x, types.Integer):
        if x.bitwidth == 64 and not x.signed:
            return lambda x=None: _uint_str(x)
        return lambda x=None: _int_str(x)
    if isinstance(x, types.Float):
        return lambda x=None: _u.float_repr(x)


# --- searching -----------------------------------------------------------------------

@overload_method(types.UnicodeType, "find", inline=_INLINE)
def str_find(s, sub, start=None, end=None):
    """s.find(sub[, start[, end]]): the lowest index of sub, or -1."""
    if _is_str(sub):
        def impl(s, sub, start=None, end=None):
            lo, hi = _bounds(s, start, end)
            if hi - lo < len(sub):
                return -1
            return _u.find(s, sub, lo, hi)
        return impl


@overload_method(types.UnicodeType, "rfind", inline=_INLINE)
def str_rfind(s, sub, start=None, end=None):
    """s.rfind(sub[, start[, end]]): the highest index of sub, or -1."""
    if _is_str(sub):
        def impl(s, sub, start=None, end=None):
            lo, hi = _bounds(s, start, end)
            if hi - lo < len(sub):
                return -1
            return _u.rfind(s, sub, lo, hi)
        return impl


@overload_method(types.UnicodeType, "index", inline=_INLINE)
def str_index(s, sub, start=None, end=None):
    """s.index(...): s.find(...), ValueError when absent."""
    if _is_str(sub):
        def impl(s, sub, start=None, end=None):
            i = s.find(sub, start, end)
            if i < 0:
                raise ValueError("substring not found")
            return i
        return impl


@overload_method(types.UnicodeType, "rindex", inline=_INLINE)
def str_rindex(s, sub, start=None, end=None):
    if _is_str(sub):
        def impl(s, sub, start=None, end=None):
            i = s.rfind(sub, start, end)
            if i < 0:
                raise ValueError("substring not found")
            return i
        return impl


@overload_method(types.UnicodeType, "count", inline=_INLINE)
def str_count(s, sub, start=None, end=None):
    """s.count(sub[, start[, end]]): non-overlapping occurrences."""
    if _is_str(sub):
        def impl(s, sub, start=None, end=None):
            lo, hi = _bounds(s, start, end)
            if hi - lo < len(sub):
                return 0
            m = len(sub)
            if m == 0:
                return hi - lo + 1
            count = 0
            i = _u.find(s, sub, lo, hi)
            while i >= 0:
                count += 1
                i = _u.find(s, sub, i + m, hi)
            return count
        return impl


@register_jitable
def _matches_at(s, prefix, lo, hi, at_end):
    """Whether prefix occurs in s[lo:hi] at its start (or end)."""
    m = len(prefix)
    if hi - lo < m or lo > len(s):
        return False
    at = hi - m if at_end else lo
    for k in range(m):
        if _u.code_point(s, at + k) != _u.code_point(prefix, k):
            return False
    return True


def _affix(at_end):
    def typing(s, prefix, start=None, end=None):
        if _is_str(prefix):
            def impl(s, prefix, start=None, end=None):
                lo, hi = _bounds(s, start, end)
                return _matches_at(s, prefix, lo, hi, at_end)
            return impl
        if _str_tuple(prefix):
            def impl(s, prefix, start=None, end=None):
                lo, hi = _bounds(s, start, end)
                for p in prefix:
                    if _matches_at(s, p, lo, hi, at_end):
                        return True
                return False
            return impl
    return typing


overload_method(types.UnicodeType, "startswith", inline=_INLINE)(_affix(False))
overload_method(types.UnicodeType, "endswith", inline=_INLINE)(_affix(True))


# --- building new strings -------------------------------------------------------------

@overload_method(types.UnicodeType, "replace", inline=_INLINE)
def str_replace(s, old, new, count=-1):
    """s.replace(old, new[, count]): an empty `old` inserts `new` around
    every character, as CPython."""
    if _is_str(old) and _is_str(new) and (isinstance(count, _INT) or count == -1):
        def impl(s, old, new, count=-1):
            n, m, r = len(s), len(old), len(new)
            limit = count if count >= 0 else 9223372036854775807
            # count the replacements, then copy
            hits = 0
            if m == 0:
                hits = min(n + 1, limit)
            else:
                i = _u.find(s, old, 0, n)
                while i >= 0 and hits < limit:
                    hits += 1
                    i = _u.find(s, old, i + m, n)
            if hits == 0:
                return s
            out = _u.new(max(_u.kind(s), _u.kind(new)), n + hits * (r - m))
            at = 0
            pos = 0
            if m == 0:
                for k in range(hits):
                    _u.copy(out, at, new, 0, r)
                    at += r
                    if k < n:
                        _u.copy(out, at, s, k, 1)
                        at += 1
                        pos = k + 1
            else:
                for _ in range(hits):
                    i = _u.find(s, old, pos, n)
                    _u.copy(out, at, s, pos, i - pos)
                    at += i - pos
                    _u.copy(out, at, new, 0, r)
                    at += r
                    pos = i + m
            _u.copy(out, at, s, pos, n - pos)
            return out
        return impl


@register_jitable
def _in_chars(cp, chars):
    for k in range(len(chars)):
        if _u.code_point(chars, k) == cp:
            return True
    return False


def _strip(left, right):
    def typing(s, chars=None):
        if _absent(chars) or isinstance(chars, types.NoneType):
            def impl(s, chars=None):
                lo, hi = 0, len(s)
                if left:
                    while lo < hi and _is_space(_u.code_point(s, lo)):
                        lo += 1
                if right:
                    while hi > lo and _is_space(_u.code_point(s, hi - 1)):
                        hi -= 1
                return _u.substring(s, lo, hi)
            return impl
        if _is_str(chars):
            def impl(s, chars=None):
                lo, hi = 0, len(s)
                if left:
                    while lo < hi and _in_chars(_u.code_point(s, lo), chars):
                        lo += 1
                if right:
                    while hi > lo and _in_chars(_u.code_point(s, hi - 1), chars):
                        hi -= 1
                return _u.substring(s, lo, hi)
            return impl
    return typing


overload_method(types.UnicodeType, "strip", inline=_INLINE)(_strip(True, True))
overload_method(types.UnicodeType, "lstrip", inline=_INLINE)(_strip(True, False))
overload_method(types.UnicodeType, "rstrip", inline=_INLINE)(_strip(False, True))


@register_jitable
def _pad(s, width, fillchar, left):
    """s padded to `width` with `left` fill characters before it."""
    n = len(s)
    if width <= n:
        return s
    cp = _u.code_point(fillchar, 0)
    out = _u.new(max(_u.kind(s), _kind_of(cp)), width)
    for k in range(left):
        _u.set_code_point(out, k, cp)
    _u.copy(out, left, s, 0, n)
    for k in range(left + n, width):
        _u.set_code_point(out, k, cp)
    return out


@register_jitable
def _check_fill(fillchar):
    if len(fillchar) != 1:
        raise TypeError("The fill character must be exactly one character long")


def _justify(where):
    def typing(s, width, fillchar=" "):
        if isinstance(width, _INT) and (fillchar == " " or _is_str(fillchar)):
            def impl(s, width, fillchar=" "):
                _check_fill(fillchar)
                pad = width - len(s)
                if where == "left":  # ljust: the text on the left
                    return _pad(s, width, fillchar, 0)
                if where == "right":
                    return _pad(s, width, fillchar, max(pad, 0))
                # center: CPython puts the odd extra space on the left when
                # both pad and width are odd (pad // 2 + (pad & width & 1))
                left = pad // 2 + (pad & width & 1)
                return _pad(s, width, fillchar, max(left, 0))
            return impl
    return typing


overload_method(types.UnicodeType, "ljust", inline=_INLINE)(_justify("left"))
overload_method(types.UnicodeType, "rjust", inline=_INLINE)(_justify("right"))
overload_method(types.UnicodeType, "center", inline=_INLINE)(_justify("center"))


@overload_method(types.UnicodeType, "zfill", inline=_INLINE)
def str_zfill(s, width):
    """s.zfill(width): zeros on the left, after a leading sign."""
    if isinstance(width, _INT):
        def impl(s, width):
            n = len(s)
            if width <= n:
                return s
            out = _pad(s, width, "0", width - n)
            if n > 0:
                first = _u.code_point(s, 0)
                if first == 43 or first == 45:  # + or -: moves to the front
                    _u.set_code_point(out, 0, first)
                    _u.set_code_point(out, width - n, 48)
            return out
        return impl


@register_jitable
def _join(sep, parts):
    """sep.join(parts) for a non-empty tuple or a list of strings: one
    allocation of the widest kind, then the parts copied in."""
    count = len(parts)
    if count == 0:
        return ""
    m = len(sep)
    total = m * (count - 1)
    kind = _u.kind(sep)
    for p in parts:
        total += len(p)
        kind = max(kind, _u.kind(p))
    out = _u.new(kind, total)
    at = 0
    k = 0
    for p in parts:
        if k > 0:
            _u.copy(out, at, sep, 0, m)
            at += m
        _u.copy(out, at, p, 0, len(p))
        at += len(p)
        k += 1
    return out


@overload_method(types.UnicodeType, "join", inline=_INLINE)
def str_join(sep, parts):
    """sep.join(parts) for a tuple of strings."""
    if _str_tuple(parts) and len(parts.types) == 0:
        return lambda sep, parts: ""
    if _str_tuple(parts):
        return lambda sep, parts: _join(sep, parts)
