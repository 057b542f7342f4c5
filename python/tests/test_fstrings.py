"""f-strings, format(), repr() and ascii() in compiled code against CPython:
conversions (!s !r !a), format specs of every part of the mini-language
on integers, floats, bools and str, and the refusals (run-time specs,
specs CPython rejects)."""
import math

import pytest

from pyrite import njit
from pyrite.errors import TypingError

INTS = [0, 7, -7, 42, -42, 255, 1234567, -1234567, 2**63 - 1, -2**63]
FLOATS = [0.0, -0.0, 0.5, -0.5, 1.0, 3.14159, -2.71828, 1e-7, 123456.789, 1e20, 1.5e300,
          float("inf"), float("-inf"), float("nan"), 0.125, 2.5, 1e16]
STRS = ["", "a", "héllo", "日本語", "😀x", "it's", 'say "hi"', "both ' and \"",
        "tab\tnew\nline\\", "\x00\x7f\x80\xff", "\u2028\U000e0001"]

INT_SPECS = ["", "d", "5", "<6", ">6", "^7", "=+8", "+", " ", "-", "08", "+08", "x", "X", "#x",
             "#X", "o", "#o", "b", "#b", "#010b", ",", "_", "_x", "12,", "*^12,", "c", "n",
             ".2f", "e", ".3g", "%", "0=10", "#08x"]
FLOAT_SPECS = ["", "f", ".0f", ".2f", "10.3f", "<12.1f", "^12.1f", "+.2f", " .2f", "e", ".3e",
               "E", "g", ".3g", "G", ".1g", "#.3g", "%", ".1%", ",.2f", "_.1f", "015.3f",
               "+015.3f", ".3", ".10", "z.1f", "z.0f", "F", ".0e", "#.0f", "*>10", ",", "n"]
STR_SPECS = ["", "s", "10", "<10", ">10", "^10", "*^11", "ö>6", ".2", "8.3", ".0"]


def _compile_format(spec):
    scope = {}
    exec(f"def f(x):\n    return f'{{x:{spec}}}'", scope)
    return scope["f"]


def _same(got, want, *context):
    assert type(got) is type(want) and got == want, (context, got, want)


@pytest.mark.parametrize("spec", INT_SPECS)
def test_int_specs(spec):
    f = _compile_format(spec)
    cf = njit(f)
    for v in INTS:
        if spec == "c" and not 0 <= v <= 0x10FFFF:
            continue
        _same(cf(v), f(v), spec, v)


@pytest.mark.parametrize("spec", FLOAT_SPECS)
def test_float_specs(spec):
    f = _compile_format(spec)
    cf = njit(f)
    for v in FLOATS:
        _same(cf(v), f(v), spec, v)


@pytest.mark.parametrize("spec", STR_SPECS)
def test_str_specs(spec):
    f = _compile_format(spec)
    cf = njit(f)
    for v in STRS:
        _same(cf(v), f(v), spec, v)


@pytest.mark.parametrize("spec", ["d", "5", "x", "+", ".2f"])
def test_bool_formats_as_int(spec):
    f = _compile_format(spec)
    for v in (True, False):
        _same(njit(f)(v), f(v), spec, v)


def test_conversions():
    def f(x, s):
        return f"{x!s}|{x!r}|{s!r}|{s!a}|{s!s:>6}|{x!r:>8}"
    cf = njit(f)
    for x in (1, -3.5, 1e100):
        for s in STRS:
            _same(cf(x, s), f(x, s), x, s)


def test_mixed_f_string():
    def f(name, n, x):
        return f"{name}: {n} items at {x:.2f} each = {n * x:,.1f} ({n / 3!r})"
    _same(njit(f)("widget", 12345, 3.25), f("widget", 12345, 3.25))


def test_repr_and_ascii_of_every_latin_and_some_wider_characters():
    def f(s):
        return repr(s), ascii(s)
    cf = njit(f)
    for cp in list(range(0, 0x250)) + [0x2028, 0x3000, 0xFEFF, 0x1F600, 0xE0001, 0x10FFFF]:
        s = chr(cp) + "x"
        _same(cf(s), f(s), hex(cp))


def test_format_builtin_directly():
    def f(x, i):
        return format(x, ".3e"), format(i, "b"), format(i), format("ab", "^6")
    _same(njit(f)(1234.5, 10), f(1234.5, 10))


def test_format_is_not_the_users_global():
    # f-strings call the builtin format(), whatever `format` names here
    scope = {"format": lambda value, spec: "shadowed"}
    exec("def f(x):\n    return f'{x:>4}'", scope)
    assert njit(scope["f"])(7) == "   7"


def test_run_time_spec_is_refused():
    def f(x, w):
        return f"{x:{w}}"
    with pytest.raises(TypingError, match="format spec must be a constant"):
        njit(f)(1, "5")


@pytest.mark.parametrize("bad, value", [("q", 1), ("=5", "s"), ("+", "s"), (".2d", 1),
                                        ("d", 1.5), (",s", "x"), ("z", 1)])
def test_specs_cpython_rejects_are_typing_errors(bad, value):
    f = _compile_format(bad)
    with pytest.raises(ValueError):
        f(value)
    with pytest.raises(TypingError):
        njit(f)(value)


def test_nan_sign_and_zero():
    def f(x):
        return f"{x:+.1f} {x:z.1f} {x:e}"
    for v in (float("nan"), -0.0, -0.04, 0.04):
        got, want = njit(f)(v), f(v)
        _same(got, want, v)
    assert math.isnan(float("nan"))


@pytest.mark.parametrize("spec, value", [
    ("010,", 1234), ("08,", 1234), ("012,.1f", 1234.5), ("<05", 5), ("^06", -5), ("05", "ab"),
    (".1", 1.0), ("#.3", 100.0), (".2", 12.0), (".3", 1234.5), (".3", 0.00001234),
    ("#.1", 5.0), (".0", 5.0), (".100f", 1e308), (".100%", 1e306), ("_x", 123456),
    ("=+10,", -1234567)])
def test_spec_corners(spec, value):
    f = _compile_format(spec)
    _same(njit(f)(value), f(value), spec, value)


@pytest.mark.parametrize("bad, value", [(",x", 123456), ("+c", 65), ("#c", 65), ("#s", "a"),
                                        (",n", 5)])
def test_more_specs_cpython_rejects(bad, value):
    f = _compile_format(bad)
    with pytest.raises(ValueError):
        f(value)
    with pytest.raises(TypingError):
        njit(f)(value)
