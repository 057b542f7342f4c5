"""Exceptions pyrite raises, under Numba's names (numba.core.errors)."""
import linecache


class NumbaError(Exception):
    """Base class of pyrite's compile-time errors."""


class TypingError(NumbaError):
    """Code that pyrite cannot type: the message names the construct, the file,
    the line and the source text."""


class UnsupportedError(NumbaError):
    """A Python construct pyrite does not compile (yet)."""


class CompilerError(NumbaError):
    """An internal failure of the compiler or a target plugin."""


def def_line_number(filename, first_line):
    """The line of the `def` statement of a function whose code starts at
    `first_line` (co_firstlineno: the first decorator line, if any)."""
    for line in range(first_line, first_line + 200):
        text = linecache.getline(filename, line).lstrip()
        if text.startswith(("def ", "async def ")):
            return line
        if not text and line > first_line:
            break  # past the end of the file
    return first_line


def _format(kind, message, filename, line, col, end_col, qualname, argtypes):
    """Builds the exception the C++ core reports, with the source line."""
    text = f"Failed in nopython mode pipeline: {message}\n"
    if line and line > 0 and linecache.getline(filename, line).lstrip().startswith("@"):
        # Errors about the function as a whole: show its `def`, not a decorator.
        line, col = def_line_number(filename, line), None
    if line and line > 0:
        text += f'\nFile "{filename}", line {line}, in {qualname}'
        if argtypes is not None:
            text += f" with argument types ({argtypes})"
        text += ":\n"
        source = linecache.getline(filename, line).rstrip("\n")
        if source:
            text += f"    {source.strip()}\n"
            indent = len(source) - len(source.lstrip())
            if col is not None and col >= 0 and end_col is not None and end_col > col:
                text += "    " + " " * (col - indent) + "^" * (end_col - col) + "\n"
    cls = {"TypingError": TypingError, "UnsupportedError": UnsupportedError}.get(
        kind, CompilerError)
    return cls(text)
