"""format(), repr() and ascii() of str, integers, floats and bools in
compiled code: what f-strings call (f"{x!r:>8}" is format(repr(x), ">8")).
The format spec must be a constant; it is parsed when compiling, as
CPython's format mini-language (Python/formatter_unicode.c) reads it:
[[fill]align][sign][z][#][0][width][grouping][.precision][type].
"""
import math

from .. import types
from ..errors import TypingError
from ..extending import overload, register_jitable
from . import _unicode_core as _u
from .unicode import _int_str, _is_str, _kind_of, _uint_str

_INLINE = "always"
_PRINTABLE = 1 << 10


class _Spec:
    """A parsed format spec (CPython's InternalFormatSpec)."""

    def __init__(self, text):
        self.text = text
        self.fill, self.align, self.sign = " ", "", "-"
        self.no_neg_zero = self.alternate = self.zero = False
        self.width, self.grouping, self.precision, self.type = -1, "", -1, ""
        explicit_fill = False
        i, n = 0, len(text)
        if n >= 2 and text[1] in "<>=^":
            self.fill, self.align, i = text[0], text[1], 2
            explicit_fill = True
        elif n >= 1 and text[0] in "<>=^":
            self.align, i = text[0], 1
        if i < n and text[i] in "+- ":
            self.sign, i = text[i], i + 1
        if i < n and text[i] == "z":
            self.no_neg_zero, i = True, i + 1
        if i < n and text[i] == "#":
            self.alternate, i = True, i + 1
        if i < n and text[i] == "0":
            # '0': zero padding (sign-aware for numbers when no alignment is
            # given; the fill unless one is given), as CPython 3.10+.
            self.zero = True
            if not explicit_fill:
                self.fill = "0"
        start = i
        while i < n and text[i].isdigit():
            i += 1
        if i > start:
            self.width = int(text[start:i])
        if i < n and text[i] in ",_":
            self.grouping, i = text[i], i + 1
        if i < n and text[i] == ".":
            start = i = i + 1
            while i < n and text[i].isdigit():
                i += 1
            if i == start:
                raise ValueError("Format specifier missing precision")
            self.precision = int(text[start:i])
        if i < n:
            self.type, i = text[i], i + 1
        if i != n:
            raise ValueError("Invalid format specifier")
        if self.precision > 100:
            raise ValueError("pyrite formats at most 100 digits of precision")

    def number_align(self):
        """The alignment of a number: '=' (after the sign) when zero-padded
        without one, else right."""
        return self.align or ("=" if self.zero else ">")


def _refuse(why):
    raise TypingError(f"format(): {why}")


# --- padding and grouping ----------------------------------------------------------

@register_jitable
def _group(digits, separator, every):
    """digits with `separator` between groups of `every` from the right."""
    n = len(digits)
    if n <= every:
        return digits
    out = _u.new(_u.kind(digits), n + (n - 1) // every)
    at = len(out) - 1
    for k in range(n):
        if k > 0 and k % every == 0:
            _u.set_code_point(out, at, separator)
            at -= 1
        _u.set_code_point(out, at, _u.code_point(digits, n - 1 - k))
        at -= 1
    return out


@register_jitable
def _zero_grouped(digits, separator, every, min_width):
    """digits grouped, with zeros added on the left until the grouped text
    is at least min_width long and starts with a digit (CPython pads
    format(1234, '08,') to '0,001,234')."""
    count = len(digits)
    while count + (count - 1) // every < min_width:
        count += 1
    padded = _u.new(_u.kind(digits), count)
    for k in range(count - len(digits)):
        _u.set_code_point(padded, k, 48)
    _u.copy(padded, count - len(digits), digits, 0, len(digits))
    return _group(padded, separator, every)


@register_jitable
def _align(prefix, body, fill, align, width):
    """prefix (sign, 0x) + body padded to `width` with `fill`: '<' left,
    '>' right, '^' centered (the extra on the right), '=' between prefix
    and body."""
    n = len(prefix) + len(body)
    if width <= n:
        return prefix + body
    pad = width - n
    cp = _u.code_point(fill, 0)
    out = _u.new(max(_u.kind(prefix), _u.kind(body), _kind_of(cp)), width)
    left = pad if align == ">" or align == "=" else pad // 2 if align == "^" else 0
    at = 0
    if align == "=":
        _u.copy(out, 0, prefix, 0, len(prefix))
        at = len(prefix)
    for k in range(left):
        _u.set_code_point(out, at + k, cp)
    at += left
    if align != "=":
        _u.copy(out, at, prefix, 0, len(prefix))
        at += len(prefix)
    _u.copy(out, at, body, 0, len(body))
    at += len(body)
    for k in range(at, width):
        _u.set_code_point(out, k, cp)
    return out


@register_jitable
def _sign_text(negative, sign):
    if negative:
        return "-"
    return "+" if sign == "+" else " " if sign == " " else ""


# --- integers -------------------------------------------------------------------------

@register_jitable
def _next_digit_in(m, base):
    """(last digit of |m| in base, m without it), truncating toward zero."""
    if m < 0:
        d = -(m % -base)
        return d, (m + d) // base
    return m % base, m // base


@register_jitable
def _int_digits(v, base, upper):
    """|v| in `base` (2, 8, 16), without a prefix."""
    if v == 0:
        return "0"
    count = 0
    m = v
    while m != 0:
        count += 1
        _, m = _next_digit_in(m, base)
    out = _u.new(1, count)
    m = v
    k = count - 1
    while m != 0:
        d, m = _next_digit_in(m, base)
        _u.set_code_point(out, k, (48 + d) if d < 10 else ((55 if upper else 87) + d))
        k -= 1
    return out


def _format_int(value, spec):
    t = spec.type or "d"
    if t in "eEfFgGn%" and t != "n":
        return _format_float(value, spec)
    if t not in "dnxXobc":
        _refuse(f"unknown format code '{t}' for an integer")
    if spec.precision >= 0:
        _refuse("precision not allowed in integer format specifier")
    if spec.no_neg_zero:
        _refuse("negative zero coercion (z) not allowed in integer format specifier")
    if spec.grouping and (t in "nc" or (spec.grouping == "," and t in "xXob")):
        _refuse(f"cannot specify '{spec.grouping}' with '{t}'")
    if t == "c" and spec.sign != "-":
        _refuse("sign not allowed with integer format specifier 'c'")
    if t == "c" and spec.alternate:
        _refuse("alternate form (#) not allowed with integer format specifier 'c'")
    base = {"x": 16, "X": 16, "o": 8, "b": 2}.get(t, 10)
    prefix = {"x": "0x", "X": "0X", "o": "0o", "b": "0b"}.get(t, "") if spec.alternate else ""
    every = 3 if base == 10 else 4
    fill, align, width, sign, grouping = (spec.fill, spec.number_align(), spec.width, spec.sign,
                                          spec.grouping)
    zero_grouped = bool(grouping) and fill == "0" and align == "="
    unsigned64 = isinstance(value, types.Integer) and value.bitwidth == 64 and not value.signed
    upper = t == "X"

    if t == "c":
        def impl(value, spec=None):
            if value < 0 or value > 0x10FFFF:
                raise OverflowError("%c arg not in range(0x110000)")
            return _align("", _u.char(value), fill, align, width)
        return impl

    def impl(value, spec=None):
        if base == 10:
            if unsigned64:
                digits = _uint_str(value)
            else:
                digits = _int_str(value)
                if value < 0:
                    digits = _u.substring(digits, 1, len(digits))
        else:
            digits = _int_digits(value, base, upper)
        negative = value < 0
        head = _sign_text(negative, sign) + prefix
        if zero_grouped:
            digits = _zero_grouped(digits, ord(grouping), every, width - len(head))
        elif grouping:
            digits = _group(digits, ord(grouping), every)
        return _align(head, digits, fill, align, width)
    return impl


# --- floats ---------------------------------------------------------------------------

def _format_float(value, spec):
    t = spec.type
    if t == "n":
        t = "g"
    if t not in ("", "e", "E", "f", "F", "g", "G", "%"):
        _refuse(f"unknown format code '{t}' for a float")
    precision = spec.precision
    if precision < 0 and t:
        precision = 6
    code = ord(t) if t else 0
    fill, align, width, sign, grouping = (spec.fill, spec.number_align(), spec.width, spec.sign,
                                          spec.grouping)
    zero_grouped = bool(grouping) and fill == "0" and align == "="
    alternate, no_neg_zero = spec.alternate, spec.no_neg_zero
    shortest = not t and spec.precision < 0  # repr's digits

    def impl(value, spec=None):
        x = float(value)
        if shortest:
            body = _u.float_repr(x)
            if _u.code_point(body, 0) == 45:
                body = _u.substring(body, 1, len(body))
        else:
            body = _u.format_float(x, precision, code, alternate)
        negative = x < 0.0 or (x == 0.0 and math.copysign(1.0, x) < 0.0)
        if no_neg_zero and negative and _rounds_to_zero(body):
            negative = False  # 'z': -0.0 and what rounds to it lose the sign
        head = _sign_text(negative, sign)
        if grouping:
            end = 0  # the integer digits come first
            while end < len(body) and 48 <= _u.code_point(body, end) <= 57:
                end += 1
            rest = _u.substring(body, end, len(body))
            integer = _u.substring(body, 0, end)
            if zero_grouped:
                integer = _zero_grouped(integer, ord(grouping), 3,
                                        width - len(head) - len(rest))
            else:
                integer = _group(integer, ord(grouping), 3)
            body = integer + rest
        return _align(head, body, fill, align, width)
    return impl


@register_jitable
def _rounds_to_zero(body):
    """Whether the digits before any exponent are all zeros."""
    for i in range(len(body)):
        cp = _u.code_point(body, i)
        if cp == 101 or cp == 69 or cp == 37:  # e, E, %
            break
        if cp != 48 and cp != 46:
            return False
    return True


# --- strings --------------------------------------------------------------------------

def _format_str(value, spec):
    if spec.type not in ("", "s"):
        _refuse(f"unknown format code '{spec.type}' for a str")
    if spec.sign != "-":
        _refuse("sign not allowed in string format specifier")
    if spec.align == "=":
        _refuse("'=' alignment not allowed in string format specifier")
    if spec.alternate:
        _refuse("alternate form (#) not allowed in string format specifier")
    if spec.grouping:
        _refuse(f"cannot specify '{spec.grouping}' with 's'")
    fill, align, width, precision = spec.fill, spec.align or "<", spec.width, spec.precision

    def impl(value, spec=None):
        body = value
        if precision >= 0 and len(body) > precision:
            body = _u.substring(body, 0, precision)
        return _align("", body, fill, align, width)
    return impl


@overload(format, inline=_INLINE)
def format_(value, spec=None):
    """format(value[, spec]) for str, integers, bools and floats, with a
    constant spec; format(x) and format(x, "") are str(x)."""
    if spec is None or isinstance(spec, (types.NoneType, types.Omitted)):
        text = ""
    elif isinstance(spec, types.StringLiteral):
        text = spec.literal_value
    elif _is_str(spec):
        _refuse("the format spec must be a constant string (f\"{x:{w}}\" builds it "
                "at run time)")
    else:
        return None
    if text == "":
        if _is_str(value) or isinstance(value, (types.Integer, types.Boolean, types.Float)):
            return lambda value, spec=None: str(value)
        return None
    try:
        parsed = _Spec(text)
    except ValueError as e:
        _refuse(str(e))
    if _is_str(value):
        return _format_str(value, parsed)
    if isinstance(value, types.Boolean):
        if parsed.type == "s":  # a non-empty spec formats a bool as an int
            _refuse("unknown format code 's' for a bool")
        return _format_int(value, parsed)
    if isinstance(value, types.Integer):
        return _format_int(value, parsed)
    if isinstance(value, types.Float):
        return _format_float(value, parsed)
    return None


# --- repr, ascii --------------------------------------------------------------------

@register_jitable
def _hex_digit(d):
    return 48 + d if d < 10 else 87 + d


@register_jitable
def _escape_length(cp, quote, ascii_only):
    """Characters repr() writes for code point cp."""
    if cp == quote or cp == 92 or cp == 9 or cp == 10 or cp == 13:
        return 2
    if cp < 32 or cp == 127:
        return 4
    if cp < 127:
        return 1
    if not ascii_only and _u.flags(cp) & _PRINTABLE:
        return 1
    return 4 if cp < 0x100 else 6 if cp < 0x10000 else 10


@register_jitable
def _write_escape(out, at, cp, quote, ascii_only):
    n = _escape_length(cp, quote, ascii_only)
    if n == 1:
        _u.set_code_point(out, at, cp)
        return 1
    _u.set_code_point(out, at, 92)
    if n == 2:
        _u.set_code_point(out, at + 1, 116 if cp == 9 else 110 if cp == 10 else
                          114 if cp == 13 else cp)
        return 2
    letter = 120 if n == 4 else 117 if n == 6 else 85  # x, u, U
    _u.set_code_point(out, at + 1, letter)
    for k in range(n - 2):
        _u.set_code_point(out, at + n - 1 - k, _hex_digit((cp >> (4 * k)) & 15))
    return n


@register_jitable
def _str_repr(s, ascii_only):
    """repr(s) (ascii(s) when ascii_only), as CPython's unicode_repr: single
    quotes unless the text has one and no double quote."""
    n = len(s)
    has_single = False
    has_double = False
    for i in range(n):
        cp = _u.code_point(s, i)
        has_single = has_single or cp == 39
        has_double = has_double or cp == 34
    quote = 34 if has_single and not has_double else 39
    total = 2
    top = quote
    for i in range(n):
        cp = _u.code_point(s, i)
        length = _escape_length(cp, quote, ascii_only)
        total += length
        if length == 1:
            top = max(top, cp)
    out = _u.new(_kind_of(top), total)
    _u.set_code_point(out, 0, quote)
    at = 1
    for i in range(n):
        at += _write_escape(out, at, _u.code_point(s, i), quote, ascii_only)
    _u.set_code_point(out, at, quote)
    return out


@overload(repr, inline=_INLINE)
def repr_(value):
    """repr() of str, integers, bools and floats, as CPython writes them."""
    if _is_str(value):
        return lambda value: _str_repr(value, False)
    if isinstance(value, (types.Integer, types.Boolean, types.Float)):
        return lambda value: str(value)


@overload(ascii, inline=_INLINE)
def ascii_(value):
    """ascii(): repr() with every non-ASCII character escaped."""
    if _is_str(value):
        return lambda value: _str_repr(value, True)
    if isinstance(value, (types.Integer, types.Boolean, types.Float)):
        return lambda value: str(value)
