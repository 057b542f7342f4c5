"""The primitives of try/except that the C++ core implements
(core/lower/lower_exceptions.cpp; typing: core/typing/primitives.cpp). The
frontend calls them where CPython's handler code works on the exception
(core/frontend/frontend_handlers.cpp); pyrite/_library/exceptions.py builds
str(e), isinstance(e, C) and friends on them. A caught exception is its
class's chain of bases and its message (data_model.h). The Python bodies
say what each computes; only compiled code calls them.
"""


def catch():
    """The exception being raised, caught: the first thing a handler does
    (it is no longer pending)."""
    raise NotImplementedError("compiled code only")


def matches(e, cls):
    """isinstance(e, cls) for a caught exception and an exception class or
    a tuple of them: what `except cls` tests."""
    return isinstance(e, cls)


def message(e):
    """str(e): the message e was raised with ("" without one)."""
    return str(e)
