"""The Dispatcher: what `@njit` returns.

Calls go straight to C++ (`_core.DispatcherBase`): the argument types are
fingerprinted, the matching specialization is looked up, arguments are
unboxed, the machine code runs and the result is boxed, without Python code
on the way. This class adds the slow paths (keyword arguments, defaults,
explicit signatures) and Numba's inspection API.
"""
import inspect
import sys
import types as _pytypes

import numpy as np

from . import _core, _objmode, errors
from . import types as _types


class Dispatcher(_core.DispatcherBase):
    def __init__(self, py_func, target="cpu", options=None, signatures=(), locals=None):
        options = dict(options or {})
        compiled_func = py_func
        if _objmode.uses_objmode(py_func):
            # objmode blocks lifted into Python functions (pyrite/_objmode.py):
            # the core compiles the rewritten function.
            compiled_func = _objmode.rewrite(py_func)
        super().__init__(compiled_func, target, options.get("fastmath", 0),
                         options.get("boundscheck", False), options.get("nogil", False),
                         options.get("inline", "never") == "always",
                         options.get("error_model", "python") == "numpy",
                         # (absent for library code, which follows its caller's)
                         -1 if options.get("parallel") is None else
                         int(bool(options["parallel"])))
        self._declared_locals = dict(locals or {})
        if locals:      # Numba's locals={'x': int8}: each store to x converts to int8
            self._set_locals([(name, t if isinstance(t, str) else _types._text(t))
                              for name, t in locals.items()])
        self.py_func = py_func
        self._target = target
        self.targetoptions = options
        self.__name__ = py_func.__name__
        self.__qualname__ = getattr(py_func, "__qualname__", py_func.__name__)
        self.__doc__ = py_func.__doc__
        self.__module__ = py_func.__module__
        self.__wrapped__ = py_func
        self._pysig = inspect.signature(py_func)
        code = py_func.__code__
        # The compiled function's parameters: positional, keyword-only, *args.
        self._param_names = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount
                                             + bool(code.co_flags & inspect.CO_VARARGS)]
        compiled = 0
        for sig in signatures:
            try:
                self.compile(sig)
                compiled += 1
            except TypeError as e:
                if not str(e).startswith("unknown"):
                    raise
                # A type pyrite has no support for yet (Optional, ...): the
                # module still imports; the function compiles lazily instead.
                import warnings
                warnings.warn(f"{self.__qualname__}: pyrite cannot compile the signature "
                              f"{sig} yet ({e}); it compiles for the argument types it is "
                              f"called with instead", errors.NumbaWarning, stacklevel=3)
        if compiled:
            self._disable_compile()

    # --- compilation ------------------------------------------------------
    def compile(self, sig):
        """Compiles eagerly for a signature: "float64(float64[:])", a
        Signature, or a tuple of argument types."""
        if isinstance(sig, str):
            ret, args = _split_signature(sig)
        elif isinstance(sig, _types.Signature):
            ret = None if sig.return_type is None else _types._text(sig.return_type)
            args = [_types._text(a) for a in sig.args]
        else:
            ret, args = None, [_types._text(a) for a in sig]
        self._compile_signature(args, ret)

    # --- slow call paths --------------------------------------------------
    def _call_slow(self, args, kwargs):
        """Keyword arguments, defaults, *args, keyword-only parameters,
        argument types without an exact specialization under explicit
        signatures, and errors."""
        try:
            bound = self._pysig.bind(*args, **kwargs)
        except TypeError as e:
            raise TypeError(f"{self.__name__}(): {e}") from None
        bound.apply_defaults()
        params = [bound.arguments[name] for name in self._param_names]
        result = self._call_exact(*params)
        if result is not NotImplemented:
            return result
        if not self._can_compile():
            return self._call_converted(params)
        for name, value in zip(self._param_names, params):
            if _core.typeof(value) is None:
                raise errors.TypingError(_argument_type_error(self, name, value))
        raise errors.UnsupportedError(
            f"{self.__qualname__}() has {len(params)} parameters; pyrite compiles "
            f"functions of at most {_MAX_PARAMETERS}")

    def _call_converted(self, args):
        """Explicit signatures only: convert arguments as Numba does."""
        given = [_core.typeof(a) for a in args]
        best = None
        for arg_types, _ in self._signatures():
            cost = _conversion_cost(given, arg_types)
            if cost is not None and (best is None or cost < best[0]):
                best = (cost, arg_types)
        if best is not None:
            converted = _convert_args(args, given, best[1])
            if [_core.typeof(a) for a in converted] != given:
                return self._call_exact(*converted)
        raise TypeError(
            f"No matching definition for argument type(s) {', '.join(given)} "
            f"(compiled signatures: "
            f"{'; '.join('(' + ', '.join(a) + ')' for a, _ in self._signatures())})")

    # --- inspection (Numba's API) -----------------------------------------
    @property
    def signatures(self):
        return [args for args, _ in self._signature_types()]

    @property
    def nopython_signatures(self):
        return [_types.Signature(ret, list(args)) for args, ret in self._signature_types()]

    @property
    def overloads(self):
        return {sig: _Overload(self, k) for k, sig in enumerate(self.signatures)}

    def _pick(self, signature):
        sigs = self.signatures
        if signature is None:
            return range(len(sigs))
        key = tuple(signature)
        picked = [k for k, s in enumerate(sigs) if s == key]
        if not picked:
            raise KeyError(f"{self.__qualname__} has no compiled signature {key!r} "
                           f"(compiled: {', '.join(map(repr, sigs)) or 'none'})")
        return picked

    def inspect_types(self, file=None, signature=None, pretty=False):
        """Prints the typed IR of each specialization."""
        out = file or sys.stdout
        for k in self._pick(signature):
            print(self._inspect(k, "types"), file=out)

    def inspect_llvm(self, signature=None):
        """The optimized LLVM IR: a dict by signature, or one string."""
        if signature is not None:
            return self._inspect(self._pick(signature)[0], "llvm")
        return {s: self._inspect(k, "llvm") for k, s in enumerate(self.signatures)}

    def inspect_lowered_llvm(self, signature=None):
        """The LLVM IR as lowering builds it, before optimization (pyrite
        only; the FileCheck tests of python/tests/lowering check it)."""
        if signature is not None:
            return self._inspect(self._pick(signature)[0], "lowered")
        return {s: self._inspect(k, "lowered") for k, s in enumerate(self.signatures)}

    def parallel_diagnostics(self, signature=None, level=1):
        """Prints, per compiled signature, which prange loops run in
        parallel and why the others run serially (Numba's report, in
        pyrite's words), and the array expressions (with how many operations
        each fused into one loop) and whole-array reductions that run over
        threads from 65,536 elements. Level 1 names the loops and the array
        writes that race (every iteration writing the same element, or
        elements chosen by data); 2 and up add how each variable of a
        parallel loop is shared (reductions, private temporaries, values
        kept from the last iteration, inputs)."""
        if not self.targetoptions.get("parallel"):
            raise ValueError("parallel_diagnostics needs a function compiled with "
                             "parallel=True")
        if not 1 <= int(level) <= 4:
            raise ValueError("level must be between 1 and 4")
        picks = ([self._pick(signature)[0]] if signature is not None
                 else range(len(self.signatures)))
        for k in picks:
            text = self._inspect(k, "parallel")
            if int(level) < 2:  # the loops, and their races
                text = "".join(line + "\n" for line in text.splitlines()
                               if not line.startswith("  ") or line.startswith("  race"))
            print(f"Parallel report for {self.__qualname__} {self.signatures[k]}")
            print(text or "no prange loops, array expressions or reductions\n", end="")

    def inspect_asm(self, signature=None):
        """The target's assembly: a dict by signature, or one string."""
        if signature is not None:
            return self._inspect(self._pick(signature)[0], "asm")
        return {s: self._inspect(k, "asm") for k, s in enumerate(self.signatures)}

    def stats(self):
        """Seconds spent per compile stage, by signature (pyrite only)."""
        return {s: self._inspect(k, "times") for k, s in enumerate(self.signatures)}

    def __repr__(self):
        return f"CPUDispatcher({self.py_func!r})"

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        import functools
        return functools.partial(self, obj)


class _Overload:
    """What `dispatcher.overloads[sig]` holds."""

    def __init__(self, dispatcher, index):
        self._d, self._k = dispatcher, index

    @property
    def signature(self):
        return self._d.nopython_signatures[self._k]

    @property
    def library(self):
        return self

    def get_llvm_str(self):
        return self._d._inspect(self._k, "llvm")

    def get_asm_str(self):
        return self._d._inspect(self._k, "asm")


_MAX_PARAMETERS = 32  # kMaxArgs in python/src/dispatcher.cpp


def _argument_type_error(dispatcher, name, value):
    """Says which argument has a type pyrite cannot compile for, pointing at
    the `def` line (not a decorator above it) and at the caller."""
    code = dispatcher.py_func.__code__
    line = errors.def_line_number(code.co_filename, code.co_firstlineno)
    what = f"{type(value).__name__} values ({value!r:.60})"
    if isinstance(value, np.ndarray):
        if not value.dtype.isnative:
            what = f"arrays in non-native byte order ({value.dtype}; use .astype(" \
                   f"{value.dtype.newbyteorder('=')!r}) first)"
        elif not value.flags.aligned:
            what = "unaligned arrays (copy it first: np.ascontiguousarray makes an aligned one)"
        else:
            what = f"arrays of dtype {value.dtype}"
    elif isinstance(value, list):
        if not value:
            what = ("empty lists as arguments (their item type is unknown, as in Numba): "
                    "pass a list with an item, or make it inside the function")
        elif any(isinstance(v, list) or (isinstance(v, tuple) and
                                         any(isinstance(e, list) for e in v)) for v in value):
            what = ("lists of lists as arguments (a change inside one could not be written "
                    "back, as in Numba): pass a tuple of lists or a NumPy array")
        else:
            kinds = sorted({type(v).__name__ for v in value})
            what = (f"lists of items of different types ({', '.join(kinds)}) or of types "
                    f"pyrite cannot compile")
    elif isinstance(value, _pytypes.FunctionType):
        what = (f"plain Python functions ({value.__name__}); a function passed to compiled "
                f"code must be compiled too: decorate {value.__name__} with @njit")
    text = (f"cannot determine the type of argument '{name}' of "
            f"{dispatcher.__qualname__}(): pyrite does not support {what}\n\n"
            f'File "{code.co_filename}", line {line}, in {dispatcher.__qualname__}:\n'
            f"    {_source_line(code.co_filename, line)}\n")
    caller = _caller_frame()
    if caller is not None:
        text += (f'\ncalled from File "{caller.f_code.co_filename}", line {caller.f_lineno}:'
                 f"\n    {_source_line(caller.f_code.co_filename, caller.f_lineno)}\n")
    return text


def _source_line(filename, line):
    import linecache
    return linecache.getline(filename, line).strip()


def _caller_frame():
    """The first frame outside pyrite's own modules."""
    frame = sys._getframe(1)
    here = __file__.rsplit("/", 1)[0]
    while frame is not None and frame.f_code.co_filename.startswith(here):
        frame = frame.f_back
    return frame


def _split_signature(text):
    """"float64[:](int64, float64[:, ::1])" -> ("float64[:]", ["int64", ...])."""
    text = text.strip()
    if not text.endswith(")"):
        raise TypeError(f"invalid signature {text!r}: expected 'return_type(arg, ...)'")
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            break
    ret, inner = text[:i].strip(), text[i + 1:-1]
    args, depth, start = [], 0, 0
    for j, ch in enumerate(inner):
        depth += {"[": 1, "(": 1, "]": -1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            args.append(inner[start:j].strip())
            start = j + 1
    if inner[start:].strip():
        args.append(inner[start:].strip())
    return (ret or None), args


# Numba converts any number to any declared number type; among several
# signatures it picks the cheapest: exact, then safe (widening, int to
# float), then unsafe (float to int truncates, narrowing).
_KIND = {"bool": 0, "int8": 1, "int16": 1, "int32": 1, "int64": 1, "uint8": 1,
         "uint16": 1, "uint32": 1, "uint64": 1, "float32": 2, "float64": 2}
_BITS = {"bool": 1, "int8": 8, "int16": 16, "int32": 32, "int64": 64, "uint8": 8,
         "uint16": 16, "uint32": 32, "uint64": 64, "float32": 32, "float64": 64}


def _conversion_cost(given, wanted):
    cost = 0
    for g, w in zip(given, wanted):
        if g == w:
            continue
        if g in _KIND and w in _KIND:
            safe = _KIND[g] < _KIND[w] or (_KIND[g] == _KIND[w] and _BITS[g] <= _BITS[w])
            cost += 1 if safe else 10
        elif (g and g.startswith("array(") and w.startswith("array(") and g[:-2] == w[:-2]
              and w.endswith("A)")):
            cost += 1
        else:
            return None
    return cost


def _convert_args(args, given, wanted):
    return [value if g == w or g.startswith("array(") else np.dtype(w).type(value)
            for value, g, w in zip(args, given, wanted)]


_core.enable_vectorcall(Dispatcher)
