"""The extension API, under Numba's names (numba.extending).

    from pyrite.extending import overload
    from pyrite import types

    @overload(np.clip)
    def clip(a, lo, hi):
        if isinstance(a, types.Array) and isinstance(a.dtype, types.Float):
            def impl(a, lo, hi):
                out = np.empty_like(a)
                ...
                return out
            return impl          # or None: this overload declines, another is tried

A *typing function* runs at compile time with the argument types (pyrite.types
objects) and returns the *implementation*, a Python function in the compiled
subset that pyrite compiles for the target being compiled, exactly like user
code. Typing results are cached per argument-type tuple; implementations are
compiled once per signature.

`overload_method(types.Array, "name")` and `overload_attribute(...)` add
methods and attributes to pyrite's types; `register_jitable` makes a plain
Python function callable from compiled code; `intrinsic` builds LLVM IR for a
call with llvmlite's `llvmlite.ir` builder (see docs/extending.md for what
differs from Numba).
"""
import inspect
import traceback

from . import types
from .errors import TypingError

__all__ = ["overload", "overload_method", "overload_attribute", "register_jitable",
           "intrinsic", "is_jitted", "get_cython_function_address", "types"]

_NO_LITERAL = object()


class _Template:
    """One @overload (or overload_method) registration: a typing function,
    its options, and its per-argument-type cache."""

    def __init__(self, typing_func, jit_options, inline, prefer_literal, strict, kind):
        self.typing_func = typing_func
        self.jit_options = dict(jit_options or {})
        self.inline = inline
        self.prefer_literal = prefer_literal
        self.strict = strict
        self.kind = kind
        self.cache = {}             # (target, arg types, kwnames) -> Dispatcher or reason
        code = getattr(typing_func, "__code__", None)
        self.where = (f"{code.co_filename}:{code.co_firstlineno}" if code else
                      repr(typing_func))
        # pyrite's own library: its declines are not news to the user (the
        # core says what has no implementation) and its refusals speak for
        # themselves, without the library's file names.
        self.builtin = (getattr(typing_func, "__module__", "") or "").startswith("pyrite._library")

    def __repr__(self):
        return f"{self.kind} {getattr(self.typing_func, '__qualname__', '?')} ({self.where})"

    def resolve(self, target, arg_types, kwnames):
        """The Dispatcher of the implementation for these argument types, or
        a string saying why this overload declined."""
        key = (target, arg_types, kwnames)
        try:
            return self.cache[key]
        except KeyError:
            pass
        npos = len(arg_types) - len(kwnames)
        kws = dict(zip(kwnames, arg_types[npos:]))
        try:
            impl = self.typing_func(*arg_types[:npos], **kws)
        except TypingError as e:
            result = f"raised TypingError: {e}"
        except TypeError as e:
            # The typing function does not take these arguments: a decline,
            # as Numba treats a signature mismatch.
            if _is_call_mismatch(e, self.typing_func):
                result = f"does not take these arguments ({e})"
            else:
                raise _TypingFunctionError(self, e) from e
        except Exception as e:
            raise _TypingFunctionError(self, e) from e
        else:
            if impl is None:
                result = "declined (returned None)"
            elif not callable(impl):
                result = f"returned {impl!r}, which is not a function"
            else:
                if self.strict and self.kind == "overload":
                    _check_signatures(self.typing_func, impl)
                result = _implementation(impl, target, self.jit_options, self.inline)
        self.cache[key] = result
        return result


class _TypingFunctionError(Exception):
    """An exception inside a typing function: reported with its traceback."""

    def __init__(self, template, error):
        self.template, self.error = template, error
        tb = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        super().__init__(f"the typing function {template} raised {type(error).__name__}: "
                         f"{error}\n{tb}")


def _is_call_mismatch(error, func):
    """Whether TypeError `error` came from calling `func` with arguments it
    does not take, rather than from inside it."""
    tb = error.__traceback__
    return tb is not None and tb.tb_next is None


def _check_signatures(typing_func, impl):
    """Numba's `strict` check: the implementation takes the parameters the
    typing function takes (names, kinds and order)."""
    try:
        want = inspect.signature(typing_func).parameters
        got = inspect.signature(impl).parameters
    except (TypeError, ValueError):
        return
    if [(p.name, p.kind) for p in want.values()] != [(p.name, p.kind) for p in got.values()]:
        if not any(p.kind == p.VAR_POSITIONAL for p in got.values()):
            raise TypingError(
                f"the implementation's parameters {tuple(got)} differ from the typing "
                f"function's {tuple(want)} ({getattr(typing_func, '__qualname__', '?')})")


_impl_dispatchers = {}


def _implementation(impl, target, jit_options, inline):
    """A Dispatcher compiling `impl` for `target` (one per function object)."""
    key = (impl, target)
    d = _impl_dispatchers.get(key)
    if d is None:
        from .decorators import _jit as jit
        options = dict(jit_options)
        options.pop("nopython", None)
        options["inline"] = inline
        options.setdefault("parallel", None)  # its caller's: np.mean sums over threads there
        d = jit(target=target, **options)(impl)
        _impl_dispatchers[key] = d
    return d


class _Overloads:
    """Every template registered for one function (or one method name)."""

    def __init__(self, name):
        self.name = name
        self.templates = []         # for methods: (type class, template) pairs

    def candidates(self, receiver=None):
        if receiver is None:
            return self.templates
        return [t for cls, t in self.templates if isinstance(receiver, cls)]

    def __repr__(self):
        return f"<pyrite overloads of {self.name}>"


_functions = {}          # id(function) -> (function, _Overloads)
_methods = {}            # name -> _Overloads of (type class, template)
_attributes = {}         # name -> _Overloads of (type class, template)


def _qualname(func):
    module = getattr(func, "__module__", None) or ""
    name = getattr(func, "__qualname__", None) or getattr(func, "__name__", repr(func))
    return f"{module}.{name}" if module and module != "builtins" else name


def overload(func, jit_options=None, strict=True, inline="never", prefer_literal=False,
             target="generic", **kwargs):
    """Registers the decorated typing function as an implementation of `func`
    (a Python function, a NumPy function, a builtin) in compiled code.

    The typing function receives the argument types and returns the
    implementation (a function with the same parameters) or None to decline.
    `inline="always"` inlines the implementation into each caller;
    `prefer_literal=True` offers constant arguments as `types.Literal` first;
    `jit_options` are the @njit options the implementation compiles with.
    """
    _check_inline(inline)

    def decorate(typing_func):
        entry = _functions.get(id(func))
        if entry is None:
            entry = _functions[id(func)] = (func, _Overloads(_qualname(func)))
        entry[1].templates.append(_Template(typing_func, jit_options, inline, prefer_literal,
                                            strict, "overload"))
        return typing_func
    return decorate


def overload_method(typeclass, attr, jit_options=None, inline="never", prefer_literal=False,
                    **kwargs):
    """Registers a method `attr` for values whose type is an instance of
    `typeclass` (e.g. types.Array). The typing function receives the
    receiver's type first, then the arguments' types."""
    _check_inline(inline)

    def decorate(typing_func):
        entry = _methods.setdefault(attr, _Overloads(attr))
        entry.templates.append((typeclass, _Template(typing_func, jit_options, inline,
                                                     prefer_literal, False, "method")))
        return typing_func
    return decorate


def overload_attribute(typeclass, attr, jit_options=None, inline="never", **kwargs):
    """Registers a read-only attribute `attr` for values of `typeclass`: the
    typing function receives the receiver's type and returns an
    implementation `impl(self)` computing the attribute."""
    _check_inline(inline)

    def decorate(typing_func):
        entry = _attributes.setdefault(attr, _Overloads(attr))
        entry.templates.append((typeclass, _Template(typing_func, jit_options, inline, False,
                                                     False, "attribute")))
        return typing_func
    return decorate


def register_jitable(*args, **kwargs):
    """Makes a plain Python function callable from compiled code (compiled
    like @njit there) while it stays an ordinary function for Python.
    `@register_jitable` or `@register_jitable(inline="always", ...)`."""
    def wrap(fn):
        inline = kwargs.pop("inline", "never")

        @overload(fn, jit_options=kwargs, strict=False, inline=inline)
        def ov_wrap(*args, **kwargs):
            return fn
        return fn

    if kwargs:
        return wrap
    return wrap(*args)


def _check_inline(inline):
    if inline not in ("never", "always") and not callable(inline):
        raise ValueError(f"inline must be 'never', 'always' or a function, not {inline!r}")


def is_jitted(function):
    """Whether `function` is a pyrite-compiled function (a Dispatcher)."""
    from .dispatcher import Dispatcher
    return isinstance(function, Dispatcher)


# --- called by the core while typing ----------------------------------------------

def _literal(value):
    if isinstance(value, bool):
        return types.BooleanLiteral(value)
    if isinstance(value, int):
        return types.IntegerLiteral(value)
    if isinstance(value, str):
        return types.StringLiteral(value)
    if isinstance(value, tuple):  # of constants (the core offers tuples of integers)
        items = [_literal(v) for v in value]
        return types.Tuple(items) if all(items) else None
    return None


def _resolve(overloads, receiver, target, arg_types, kwnames, literals):
    """Finds the implementation of a call. `arg_types` are pyrite.types
    objects (the receiver's first for methods), `literals` the constant value
    of each argument or _NO_LITERAL. Returns (Dispatcher, None) or (None, why).
    Raises _TypingFunctionError when a typing function fails."""
    arg_types = tuple(arg_types)
    kwnames = tuple(kwnames)
    offset = 0 if receiver is None else 1
    with_literals = list(arg_types)
    for k, value in enumerate(literals):
        lit = _literal(value) if value is not _NO_LITERAL else None
        if lit is not None:
            with_literals[k + offset] = lit
    with_literals = tuple(with_literals)
    reasons = []
    refusals = []  # what pyrite's own library says is wrong
    for template in overloads.candidates(receiver):
        attempts = [arg_types]
        if with_literals != arg_types:
            attempts.insert(0 if template.prefer_literal else 1, with_literals)
        for attempt in attempts:
            try:
                result = template.resolve(target, attempt, kwnames)
            except _TypingFunctionError:
                # A typing function written for plain types may fail on
                # literals (a tuple of them has no .dtype): the plain
                # attempt decides, as in Numba.
                if attempt is with_literals and len(attempts) > 1 and attempts[-1] is not attempt:
                    continue
                raise
            if not isinstance(result, str):
                return result, None
            if not getattr(template, "builtin", False):
                reasons.append(f"  - {template}: {result}")
            elif result.startswith("raised TypingError: "):
                refusals.append(result[len("raised TypingError: "):])
    if refusals and not reasons:
        return None, "\n".join(dict.fromkeys(refusals))
    if not reasons:
        return None, "" if refusals or overloads.candidates(receiver) else \
            "no overload is registered for these types"
    return None, "overloads tried:\n" + "\n".join(dict.fromkeys(refusals + reasons))


def _lookup_function(func):
    entry = _functions.get(id(func))
    return entry[1] if entry is not None and entry[0] is func else None


def _lookup_member(receiver, name):
    """('method', overloads) or ('attribute', overloads) for `receiver.name`,
    or None when no registration's type class matches. A type that has
    members of its own (a @jitclass's) answers for itself."""
    own = getattr(receiver, "_pyrite_member_", None)
    if own is not None:
        return own(name)
    for kind, table in (("method", _methods), ("attribute", _attributes)):
        entry = table.get(name)
        if entry is not None and entry.candidates(receiver):
            return kind, entry
    return None


def _call_from_core(overloads, receiver, target, arg_types, kwnames, literals):
    """The core's entry: like _resolve, but a failing typing function comes
    back as ("error", message) instead of raising."""
    from ._llvmlite_bridge import IRImplementation
    try:
        found, why = _resolve(overloads, receiver, target, arg_types, kwnames, literals)
    except _TypingFunctionError as e:
        return None, str(e), True, None
    except TypingError as e:
        return None, str(e), True, None
    if isinstance(found, IRImplementation):
        return None, None, False, (found.ir, found.symbol, found.args, found.return_type)
    return found, why, False, None


def intrinsic(*args, **kwargs):
    """Declares a function whose call is built as LLVM IR at compile time, as
    Numba's @intrinsic: the decorated `f(typingctx, *arg_types)` returns
    `(signature, codegen)` or None, and `codegen(context, builder, signature,
    args)` builds the call's IR with llvmlite.ir."""
    from ._llvmlite_bridge import Intrinsic

    def wrap(fn):
        return Intrinsic(fn, **kwargs)
    if kwargs or not args:
        return wrap
    return wrap(args[0])


def get_cython_function_address(module_name, function_name):
    """The address of a Cython function exported through the module's
    `__pyx_capi__` (e.g. scipy.special.cython_special), as an int."""
    import ctypes
    import importlib
    module = importlib.import_module(module_name)
    capsule = module.__pyx_capi__[function_name]
    get_name = ctypes.pythonapi.PyCapsule_GetName
    get_name.restype = ctypes.c_char_p
    get_name.argtypes = [ctypes.py_object]
    get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
    get_pointer.restype = ctypes.c_void_p
    get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
    return get_pointer(capsule, get_name(capsule))


# --- Numba's low-level extension API -------------------------------------------------
# New types with their own data models, boxing and lowering (typeof_impl,
# register_model, lower_builtin, ...) are not supported: the names import, and
# using one raises UnsupportedError saying so.
def _low_level(name):
    from ._missing import Missing
    return Missing(f"numba.extending.{name}",
                   "the low-level extension API (new types with data models, boxing and "
                   "lowering) is not supported; write the function with @overload, "
                   "@overload_method or @intrinsic")


for _name in ("typeof_impl", "type_callable", "register_model", "models", "make_attribute_wrapper",
              "box", "unbox", "NativeValue", "lower_builtin", "lower_getattr",
              "lower_setattr", "lower_cast", "infer_getattr", "infer_global", "infer",
              "as_numba_type", "sentry_literal_args", "SentryLiteralArgs", "BoundLiteralArgs",
              "literally", "lower_getattr_generic", "lower_setattr_generic", "StructModel",
              "PrimitiveModel", "OpaqueModel"):
    globals()[_name] = _low_level(_name)
del _name
