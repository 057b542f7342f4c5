"""What compiled code can do with an exception it caught (`except E as e`),
as CPython does with the exception object: str(e), format(e) and f"{e}",
isinstance(e, C), raise e. str(e) is the text e was raised with; CPython
differs for KeyError, whose str() is the repr of its argument (str(e) of a
caught KeyError('b') is "b" here, "'b'" in CPython), and for classes that
override __str__ or __init__, which compiled code does not run.
"""

from .. import types
from ..extending import overload
from . import _exceptions as _e

_INLINE = "always"

def _is_caught(t):
    return isinstance(t, types.CaughtException)

def _is_exception_class(t):
    if isinstance(t, types.ExceptionClass):
        return True
    return isinstance(t, types.BaseTuple) and all(
        isinstance(c, types.ExceptionClass) for c in t.types)

@overload(str, inline=_INLINE)
def exception_str(x=None):
    """str(e) of a caught exception: its message."""
    if _is_caught(x):
        return lambda x=None: _e.message(x)

@overload(format, inline=_INLINE)
def exception_format(value, spec=None):
    """format(e) and f"{e}": str(e) (with no format spec, as CPython's
    object.__format__ requires)."""
    if _is_caught(value) and (spec is None or isinstance(spec, (types.NoneType, types.Omitted))
                              or (isinstance(spec, types.StringLiteral)
                                  and spec.literal_value == "")):
        return lambda value, spec=None: _e.message(value)

@overload(isinstance, inline=_INLINE)
def exception_isinstance(obj, classinfo):
    """isinstance(e, C) of a caught exception: tested at run time against
    the class it was raised with, as `except C` tests it."""
    if _is_caught(obj) and _is_exception_class(classinfo):
        return lambda obj, classinfo: _e.matches(obj, classinfo)
