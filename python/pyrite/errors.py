"""Exceptions and warnings under Numba's names (numba.core.errors), so code
written for Numba imports and catches them unchanged; pyrite raises
TypingError, UnsupportedError and CompilerError itself."""
import linecache

__all__ = [
    "NumbaWarning", "NumbaPerformanceWarning", "NumbaDeprecationWarning",
    "NumbaPendingDeprecationWarning", "NumbaParallelSafetyWarning",
    "NumbaTypeSafetyWarning", "NumbaExperimentalFeatureWarning",
    "NumbaInvalidConfigWarning", "NumbaPedanticWarning", "NumbaIRAssumptionWarning",
    "NumbaDebugInfoWarning", "NumbaSystemWarning", "NumbaError", "TypingError",
    "UnsupportedError", "CompilerError", "UnsupportedBytecodeError",
    "UnsupportedRewriteError", "IRError", "RedefinedError", "NotDefinedError",
    "VerificationError", "DeprecationError", "LoweringError", "UnsupportedParforsError",
    "ForbiddenConstruct", "UntypedAttributeError", "ByteCodeSupportError",
    "ConstantInferenceError", "InternalError", "InternalTargetMismatchError",
    "NonexistentTargetError", "RequireLiteralValue", "ForceLiteralArg",
    "LiteralTypingError", "NumbaValueError", "NumbaTypeError", "NumbaAttributeError",
    "NumbaAssertionError", "NumbaNotImplementedError", "NumbaKeyError",
    "NumbaIndexError", "NumbaRuntimeError"]


# --- warnings (numba.core.errors) ---------------------------------------------

class NumbaWarning(Warning):
    """Base class of the warnings pyrite (and Numba) issue."""


class NumbaPerformanceWarning(NumbaWarning):
    """Code that compiles but will not run as fast as it could."""


class NumbaDeprecationWarning(NumbaWarning, DeprecationWarning):
    pass


class NumbaPendingDeprecationWarning(NumbaWarning, PendingDeprecationWarning):
    pass


class NumbaParallelSafetyWarning(NumbaWarning):
    pass


class NumbaTypeSafetyWarning(NumbaWarning):
    pass


class NumbaExperimentalFeatureWarning(NumbaWarning):
    pass


class NumbaInvalidConfigWarning(NumbaWarning):
    pass


class NumbaPedanticWarning(NumbaWarning):
    pass


class NumbaIRAssumptionWarning(NumbaPedanticWarning):
    pass


class NumbaDebugInfoWarning(NumbaWarning):
    pass


class NumbaSystemWarning(NumbaWarning):
    pass


# --- errors ------------------------------------------------------------------------

class NumbaError(Exception):
    """Base class of pyrite's compile-time errors."""


class TypingError(NumbaError):
    """Code that pyrite cannot type: the message names the construct, the file,
    the line and the source text."""


class UnsupportedError(NumbaError):
    """A Python construct pyrite does not compile (yet)."""


class CompilerError(NumbaError):
    """An internal failure of the compiler or a target plugin."""


class UnsupportedBytecodeError(Exception):
    pass


class UnsupportedRewriteError(UnsupportedError):
    pass


class IRError(NumbaError):
    pass


class RedefinedError(IRError):
    pass


class NotDefinedError(IRError):
    pass


class VerificationError(IRError):
    pass


class DeprecationError(NumbaError):
    pass


class LoweringError(NumbaError):
    pass


class UnsupportedParforsError(NumbaError):
    pass


class ForbiddenConstruct(LoweringError):
    pass


class UntypedAttributeError(TypingError):
    pass


class ByteCodeSupportError(NumbaError):
    pass


class ConstantInferenceError(NumbaError):
    pass


class InternalError(NumbaError):
    pass


class InternalTargetMismatchError(InternalError):
    pass


class NonexistentTargetError(InternalError):
    pass


class RequireLiteralValue(TypingError):
    pass


class ForceLiteralArg(NumbaError):
    pass


class LiteralTypingError(TypingError):
    pass


class NumbaValueError(TypingError):
    pass


class NumbaTypeError(TypingError):
    pass


class NumbaAttributeError(TypingError):
    pass


class NumbaAssertionError(TypingError):
    pass


class NumbaNotImplementedError(TypingError):
    pass


class NumbaKeyError(TypingError):
    pass


class NumbaIndexError(TypingError):
    pass


class NumbaRuntimeError(NumbaError):
    pass


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
    elif qualname:   # (found after typing, where no line is known: the function at least)
        text += f'\nIn {qualname} (file "{filename}")'
        if argtypes is not None:
            text += f" with argument types ({argtypes})"
        text += "\n"
    cls = {"TypingError": TypingError, "UnsupportedError": UnsupportedError}.get(
        kind, CompilerError)
    return cls(text)
