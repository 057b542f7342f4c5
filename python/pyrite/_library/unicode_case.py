"""str's case mappings (lower, upper, casefold, swapcase, capitalize,
title: full mappings, final sigma) and predicates (isalpha, ..., istitle),
from the Unicode database generated from the building CPython's own str
methods (tools/gen_unicode_db.py), as CPython's Objects/unicodeobject.c
applies it.
"""
from .. import types
from ..extending import overload_method, register_jitable
from . import _unicode_core as _u
from .unicode import (_ALPHA, _CASE_IGNORABLE, _CASED, _DECIMAL, _DIGIT, _FOLD_CASE,
                      _ID_CONTINUE, _ID_START, _INLINE, _LOWER, _LOWER_CASE, _NUMERIC,
                      _PRINTABLE, _SPACE, _TITLE, _TITLE_CASE, _UPPER, _UPPER_CASE, _kind_of)


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
