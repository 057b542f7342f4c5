"""The primitives of str (unicode_type) that the C++ core implements
(core/lower/lower_strings.cpp; typing: core/typing/builtins.def), for
pyrite/_library/unicode.py to build str's operators and methods on.

A compiled str is CPython's layout (PEP 393): `length` code points of `kind`
bytes each (1, 2 or 4). These functions check nothing: callers keep indices
in range and write only into strings they just made with new(). The Python
bodies say what each computes; only compiled code calls them.
"""
import builtins as _builtins


def kind(s):
    """Bytes per code point of s: 1, 2 or 4."""
    top = max(map(ord, s), default=0)
    return 1 if top < 0x100 else 2 if top < 0x10000 else 4


def code_point(s, i):
    """ord(s[i]) for 0 <= i < len(s)."""
    return ord(s[i])


def new(kind, length):
    """A new str of `length` code points of `kind` bytes, contents undefined
    (MemoryError when it cannot be allocated)."""
    raise NotImplementedError("compiled code only")


def set_code_point(s, i, cp):
    """Writes code point cp at s[i] of a str new() made (cp fits its kind)."""
    raise NotImplementedError("compiled code only")


def copy(dst, at, src, start, count):
    """Writes src[start:start + count] into dst[at:at + count] (dst made by
    new(), of a kind that holds every code point copied)."""
    raise NotImplementedError("compiled code only")


def char(cp):
    """chr(cp) for 0 <= cp < 0x110000 (below 0x100 nothing is allocated)."""
    return chr(cp)


def compare(a, b):
    """-1, 0 or 1 as a < b, a == b, a > b (code point order)."""
    return (a > b) - (a < b)


def equal(a, b):
    """a == b."""
    return a == b


def find(s, sub, start, end):
    """s.find(sub, start, end) for 0 <= start, end <= len(s)."""
    return s.find(sub, start, end)


def rfind(s, sub, start, end):
    """s.rfind(sub, start, end) for 0 <= start, end <= len(s)."""
    return s.rfind(sub, start, end)


def substring(s, start, stop):
    """s[start:stop] for 0 <= start <= stop <= len(s), sharing s's memory."""
    return s[start:stop]


def float_repr(x):
    """repr(x) of a float64, as CPython writes it."""
    return repr(float(x))


# The Unicode database (tools/gen_unicode_db.py): FLAGS[k] is bit k of flags().
FLAGS = ["ALPHA", "DECIMAL", "DIGIT", "NUMERIC", "SPACE", "LOWER", "UPPER", "TITLE",
         "CASED", "CASE_IGNORABLE", "PRINTABLE", "IDENTIFIER_START", "IDENTIFIER_CONTINUE"]
LOWER_CASE, UPPER_CASE, TITLE_CASE, FOLD_CASE = 0, 1, 2, 3


DECIMAL_SHIFT = 16


def flags(cp):
    """The flag word of code point cp: bit k set when the str method of
    FLAGS[k] is true of chr(cp) alone; bits 16-19 hold
    unicodedata.decimal(chr(cp)) + 1, or 0."""
    raise NotImplementedError("compiled code only")


def case_mapping(cp, which):
    """chr(cp)'s full case mapping `which` (LOWER_CASE, ...): the code point,
    or up to three code points 21 bits each with bit 63 set (negative)."""
    raise NotImplementedError("compiled code only")


def format_float(x, precision, type, alternate):
    """The digits of format(abs(x), spec) for a float: `type` the ord() of
    'f', 'F', 'e', 'E', 'g', 'G' or '%', or 0 for none; `alternate` the '#'
    flag; 0 <= precision <= 100. No sign, fill or grouping."""
    raise NotImplementedError("compiled code only")


def parse_float(s):
    """float(s) of ASCII text already checked against float()'s grammar
    (digits, one point, an exponent; "inf", "nan"), correctly rounded."""
    return float(s)


def hash(s):
    """hash(s) as the running CPython computes it (its bytes as stored,
    PEP 393, through _Py_HashBytes); FNV-1a outside a Python process."""
    return _builtins.hash(s)
