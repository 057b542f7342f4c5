"""str (unicode_type) in compiled code: operators, builtins and methods,
written on the primitives of _unicode_core (the core keeps the data model,
len, indexing, slicing and iteration). Semantics and messages are CPython's
(Objects/unicodeobject.c, Objects/stringlib); predicates and case mappings
come from the building interpreter's Unicode database
(tools/gen_unicode_db.py), so they agree with its str methods on every code
point, final sigma included.
"""
import math
import operator

from .. import types
from ..extending import overload, overload_method, register_jitable
from . import _list_core as _l
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


@overload_method(types.UnicodeType, "join", inline=_INLINE)
def str_join(sep, parts):
    """sep.join(parts) for a tuple of strings."""
    if _str_tuple(parts) and len(parts.types) == 0:
        return lambda sep, parts: ""
    if _str_tuple(parts):
        def impl(sep, parts):
            count = len(parts)
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
        return impl


# --- case mappings ------------------------------------------------------------------

@register_jitable
def _mapped_length(m):
    """Code points of a case mapping (_u.case_mapping's packing)."""
    if m >= 0:
        return 1
    if (m >> 42) & 0x1FFFFF:
        return 3
    if (m >> 21) & 0x1FFFFF:
        return 2
    return 1


@register_jitable
def _mapped(m, k):
    """Code point k of case mapping m."""
    if m >= 0:
        return m
    return (m >> (21 * k)) & 0x1FFFFF


@register_jitable
def _final_sigma(s, i):
    """Whether the capital sigma at s[i] ends a word: a cased letter before
    it and none after it, skipping case-ignorable ones (CPython's
    handle_capital_sigma)."""
    j = i - 1
    while j >= 0:
        f = _u.flags(_u.code_point(s, j))
        if f & _CASE_IGNORABLE == 0:
            break
        j -= 1
    if j < 0 or _u.flags(_u.code_point(s, j)) & _CASED == 0:
        return False
    j = i + 1
    n = len(s)
    while j < n:
        f = _u.flags(_u.code_point(s, j))
        if f & _CASE_IGNORABLE == 0:
            break
        j += 1
    return j == n or _u.flags(_u.code_point(s, j)) & _CASED == 0


@register_jitable
def _map_char(s, i, cp, which):
    """The case mapping `which` of s[i] (code point cp)."""
    if cp < 128:
        if which == _LOWER_CASE or which == _FOLD_CASE:
            return cp + 32 if 65 <= cp <= 90 else cp
        return cp - 32 if 97 <= cp <= 122 else cp
    if cp == 0x3A3 and which == _LOWER_CASE:
        return 0x3C2 if _final_sigma(s, i) else 0x3C3
    return _u.case_mapping(cp, which)


@register_jitable
def _mapping_at(s, i, mode, previous_cased):
    """The case mapping of s[i] under `mode` (0 lower, 1 upper, 3 casefold,
    4 swapcase, 5 capitalize, 6 title) and, for title, whether s[i] is
    cased (what the next character's mapping depends on)."""
    cp = _u.code_point(s, i)
    which = mode
    if mode == 4:  # swapcase
        if cp < 128:
            which = _LOWER_CASE if 65 <= cp <= 90 else _UPPER_CASE
        else:
            f = _u.flags(cp)
            which = _LOWER_CASE if f & _UPPER else _UPPER_CASE if f & _LOWER else -1
    elif mode == 5:  # capitalize: the first titlecased, the rest lowered
        which = _TITLE_CASE if i == 0 else _LOWER_CASE
    elif mode == 6:  # title: lowered after a cased character, else titlecased
        which = _LOWER_CASE if previous_cased else _TITLE_CASE
        if cp < 128:
            previous_cased = 65 <= cp <= 90 or 97 <= cp <= 122
        else:
            previous_cased = (_u.flags(cp) & _CASED) != 0
    m = cp if which < 0 else _map_char(s, i, cp, which)
    return m, previous_cased


@register_jitable
def _case_map(s, mode):
    """Every character through its full case mapping (the length may change,
    'ß'.upper() is 'SS'): one pass to size the result, one to write it."""
    n = len(s)
    total = 0
    top = 0
    previous_cased = False
    for i in range(n):
        m, previous_cased = _mapping_at(s, i, mode, previous_cased)
        for k in range(_mapped_length(m)):
            total += 1
            top = max(top, _mapped(m, k))
    out = _u.new(_kind_of(top), total)
    at = 0
    previous_cased = False
    for i in range(n):
        m, previous_cased = _mapping_at(s, i, mode, previous_cased)
        for k in range(_mapped_length(m)):
            _u.set_code_point(out, at, _mapped(m, k))
            at += 1
    return out


@overload_method(types.UnicodeType, "lower", inline=_INLINE)
def str_lower(s):
    return lambda s: _case_map(s, _LOWER_CASE)


@overload_method(types.UnicodeType, "upper", inline=_INLINE)
def str_upper(s):
    return lambda s: _case_map(s, _UPPER_CASE)


@overload_method(types.UnicodeType, "casefold", inline=_INLINE)
def str_casefold(s):
    return lambda s: _case_map(s, _FOLD_CASE)


@overload_method(types.UnicodeType, "swapcase", inline=_INLINE)
def str_swapcase(s):
    return lambda s: _case_map(s, 4)


@overload_method(types.UnicodeType, "capitalize", inline=_INLINE)
def str_capitalize(s):
    return lambda s: _case_map(s, 5)


@overload_method(types.UnicodeType, "title", inline=_INLINE)
def str_title(s):
    return lambda s: _case_map(s, 6)


# --- predicates -------------------------------------------------------------------

def _all_chars(mask):
    """s.isX(): not empty and every character has one of the `mask` flags."""
    def typing(s):
        def impl(s):
            n = len(s)
            if n == 0:
                return False
            for i in range(n):
                if _u.flags(_u.code_point(s, i)) & mask == 0:
                    return False
            return True
        return impl
    return typing


for _name, _mask in (("isalpha", _ALPHA), ("isdecimal", _DECIMAL), ("isdigit", _DIGIT),
                     ("isnumeric", _NUMERIC), ("isspace", _SPACE),
                     ("isalnum", _ALPHA | _DECIMAL | _DIGIT | _NUMERIC)):
    overload_method(types.UnicodeType, _name, inline=_INLINE)(_all_chars(_mask))


@overload_method(types.UnicodeType, "isprintable", inline=_INLINE)
def str_isprintable(s):
    """Every character printable; true for "" (CPython)."""
    def impl(s):
        for i in range(len(s)):
            if _u.flags(_u.code_point(s, i)) & _PRINTABLE == 0:
                return False
        return True
    return impl


@overload_method(types.UnicodeType, "isascii", inline=_INLINE)
def str_isascii(s):
    def impl(s):
        for i in range(len(s)):
            if _u.code_point(s, i) >= 128:
                return False
        return True
    return impl


def _cased_test(want, refuse):
    """islower/isupper: no character with a `refuse` flag, and at least one
    with `want` (CPython's unicode_islower_impl)."""
    def typing(s):
        def impl(s):
            cased = False
            for i in range(len(s)):
                f = _u.flags(_u.code_point(s, i))
                if f & refuse:
                    return False
                if f & want:
                    cased = True
            return cased
        return impl
    return typing


overload_method(types.UnicodeType, "islower", inline=_INLINE)(_cased_test(_LOWER, _UPPER | _TITLE))
overload_method(types.UnicodeType, "isupper", inline=_INLINE)(_cased_test(_UPPER, _LOWER | _TITLE))


@overload_method(types.UnicodeType, "istitle", inline=_INLINE)
def str_istitle(s):
    """Uppercase/titlecase characters only after uncased ones, lowercase
    only after cased ones, and at least one cased (CPython)."""
    def impl(s):
        cased = False
        previous_cased = False
        for i in range(len(s)):
            f = _u.flags(_u.code_point(s, i))
            if f & (_UPPER | _TITLE):
                if previous_cased:
                    return False
                previous_cased = True
                cased = True
            elif f & _LOWER:
                if not previous_cased:
                    return False
                previous_cased = True
                cased = True
            else:
                previous_cased = False
        return cased
    return impl


@overload_method(types.UnicodeType, "isidentifier", inline=_INLINE)
def str_isidentifier(s):
    def impl(s):
        n = len(s)
        if n == 0 or _u.flags(_u.code_point(s, 0)) & _ID_START == 0:
            return False
        for i in range(1, n):
            if _u.flags(_u.code_point(s, i)) & _ID_CONTINUE == 0:
                return False
        return True
    return impl


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
        def impl(sep, parts):
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
            for k in range(count):
                p = parts[k]
                if k > 0:
                    _u.copy(out, at, sep, 0, m)
                    at += m
                _u.copy(out, at, p, 0, len(p))
                at += len(p)
            return out
        return impl


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


@overload(float, inline=_INLINE)
def float_from_str(x):
    """float(s) of a str as CPython reads it: whitespace, a sign, decimal
    digits of any script with underscores between them, a point, an
    exponent, inf/infinity/nan; correctly rounded (strtod)."""
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
