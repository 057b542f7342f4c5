"""Tells the C++ typer what a global name or module attribute is.

Each answer is a small tuple the core turns into a type:
("module", "numpy"), ("function", "math.sqrt"), ("dispatcher", obj),
("int", 3), ("float", 0.5), ("float16", 1.5), ("bool", True), ("class", "float32"),
("exception", "ValueError"); ("unsupported", why) when the name exists but
pyrite cannot use its value (the message says what it is, in the user's
terms), or None when the name does not exist.
"""
import builtins
import importlib
import math  # noqa: F401  (modules of the builtins table: sys.modules)
import operator
import random  # noqa: F401
import sys
import types as _pytypes

import numpy as np

from . import types as pytypes

_SCALARS = {np.float64: "float64", np.float32: "float32", np.float16: "float16", np.int64: "int64",
            np.int32: "int32", np.int16: "int16", np.int8: "int8", np.uint64: "uint64",
            np.uint32: "uint32", np.uint16: "uint16", np.uint8: "uint8", np.bool_: "bool",
            np.complex64: "complex64", np.complex128: "complex128"}

_known = None
_known_np_random = False


def _add_builtins(which):
    """Adds the C++ builtins (core/typing/builtins.def) of modules `which`
    accepts to the table of known function objects."""
    from . import _core
    for module_name, name in _core.builtin_functions():
        if which(module_name):
            fn = getattr(sys.modules[module_name], name)
            _known[id(fn)] = (fn, f"{module_name}.{name}")


def _known_functions():
    """id(function object) -> (object, qualified name) of the builtins the C++
    core implements, built on first use (with pyrite's own library of
    @overloads, pyrite/_library). numpy.random joins once something has
    imported it (importing it here would cost every first compile ~10 ms),
    with the library's np.random overloads."""
    global _known, _known_np_random
    if _known is None:
        from . import _library, cuda  # noqa: F401 (cuda: its atomic builtins)
        _known = {}
        _add_builtins(lambda module: module != "numpy.random")
    if not _known_np_random and "numpy.random" in sys.modules:
        _add_builtins(lambda module: module == "numpy.random")
        from ._library import numpy_random
        numpy_random.register_numpy_random()
        _known_np_random = True
    return _known


def _numba_prange():
    """Numba's own prange class, when Numba is imported (and not pyrite
    installed as numba), which means pyrite.prange in compiled code."""
    numba = sys.modules.get("numba")
    prange = getattr(numba, "prange", None) if numba is not None else None
    return prange if prange is not None and prange is not sys.modules["pyrite"].prange \
        else _NOTHING


_NOTHING = object()


def describe(obj):
    from .dispatcher import Dispatcher
    from .intrinsics import Intrinsic, IntrinsicValue
    if isinstance(obj, Dispatcher):
        return ("dispatcher", obj)
    if isinstance(obj, Intrinsic):
        return ("intrinsic_value" if isinstance(obj, IntrinsicValue) else "intrinsic", obj.name)
    if isinstance(obj, _pytypes.ModuleType):
        return ("module", obj.__name__)
    if obj is _numba_prange():
        obj = sys.modules["pyrite"].prange  # numba.prange in a pyrite function
    entry = _known_functions().get(id(obj))
    builtin = entry[1] if entry is not None and entry[0] is obj else ""
    extending = sys.modules.get("pyrite.extending")
    if extending is not None:
        overloads = extending._lookup_function(obj)
        if overloads is not None:
            # Overloads first; pyrite's own implementation when all decline.
            return ("overload", (overloads, overloads.name, builtin))
    bridge = sys.modules.get("pyrite._llvmlite_bridge")
    if bridge is not None and isinstance(obj, bridge.Intrinsic):
        return ("overload", (obj.overloads, obj.overloads.name, ""))
    if builtin:
        return ("function", builtin)
    if type(obj).__module__ in ("ctypes", "_ctypes", "_cffi_backend") or \
            isinstance(obj, (pytypes.ExternalFunction, pytypes.WrapperAddressProtocol)):
        from . import _external
        from .errors import TypingError
        try:
            overloads = _external.lookup(obj)     # a C function called from compiled code
        except TypingError as e:
            return ("unsupported", str(e))
        if overloads is not None:
            return ("overload", (overloads, overloads.name, ""))
    typed = sys.modules.get("pyrite.typed")
    if typed is not None and obj is typed.Dict:
        return ("module", "pyrite.typed._dict_api")  # Dict.empty(...) in compiled code
    if typed is not None and obj is typed.List:
        return ("module", "pyrite.typed._list_api")
    objmode = sys.modules.get("pyrite._objmode")
    if objmode is not None and isinstance(obj, objmode.ObjModeBlock):
        return ("objmode", (obj.fn, obj.name, obj.output_type))
    if isinstance(obj, type) and hasattr(obj, "_pyrite_spec_") and hasattr(obj, "class_type"):
        return ("jitclass", obj)     # a @jitclass: Bag(...) makes an instance
    if isinstance(obj, type) and issubclass(obj, tuple) and hasattr(obj, "_fields"):
        return ("namedtuple", obj)   # Point(1, 2) makes one
    if isinstance(obj, type):
        if obj in _SCALARS:
            return ("class", _SCALARS[obj])
        if issubclass(obj, BaseException) and getattr(builtins, obj.__name__, None) is obj:
            return ("exception", obj.__name__)
        if issubclass(obj, Exception) and _importable(obj):
            # A user-defined exception: raised by its "module.qualname",
            # which the dispatcher imports when compiled code raises it,
            # given with its bases for `except` (ir/exception_classes.cpp).
            return ("exception", ";".join(_exception_name(c) for c in obj.__mro__[:-1]))
        if issubclass(obj, Exception):
            return ("unsupported", f"the exception class {obj.__qualname__} is not defined "
                                   f"at the top level of its module; compiled code raises "
                                   f"exception classes defined at module level")
        return None
    if isinstance(obj, np.dtype):     # np.zeros(n, DT) with a global dtype object
        if obj.type in _SCALARS and obj.isnative:
            return ("class", _SCALARS[obj.type])
        if obj.kind in "mMUS":        # np.dtype("M8[D]"), np.dtype("U5")
            from .np.numpy_support import from_dtype
            try:
                return ("type", from_dtype(obj))
            except NotImplementedError as e:
                return ("unsupported", str(e))
        if obj.names is None:
            return None
        try:
            obj = pytypes.Record(obj)  # a structured dtype of scalar fields
        except KeyError:
            return ("unsupported", f"the structured dtype {obj} has a field pyrite cannot "
                                   f"hold (fields of numbers and booleans are supported)")
    if isinstance(obj, pytypes.Type):
        try:
            pytypes._to_core(obj)
        except TypeError:
            return None
        return ("type", obj)         # a type as a value: Dict.empty(types.int64, ...)
    if isinstance(obj, np.ndarray) and obj.ndim > 0 and (
            obj.dtype.type in _SCALARS or obj.dtype.kind in "mMU"):
        # Frozen at compile time, as Numba does with global arrays.
        return ("array", np.ascontiguousarray(obj))
    if obj is None or obj is Ellipsis:
        return ("constant", obj)     # np.newaxis is None
    if isinstance(obj, (np.datetime64, np.timedelta64)):
        return ("constant", obj)     # frozen at compile time (a timedelta64 is an np.integer)
    if isinstance(obj, (int, np.unsignedinteger)) and not isinstance(obj, bool) and \
            2**63 <= int(obj) < 2**64:
        return ("constant", int(obj))  # a uint64 constant
    if isinstance(obj, (bool, np.bool_)):
        return ("bool", bool(obj))
    if isinstance(obj, (int, np.integer)) and -2**63 <= int(obj) < 2**63:
        return ("int", int(obj))
    if isinstance(obj, np.float16):
        return ("float16", float(obj))  # typed so: CUDA kernels; a CPU target refuses it
    if isinstance(obj, (float, np.floating)):
        return ("float", float(obj))
    if isinstance(obj, (complex, np.complexfloating)):
        return ("complex", complex(obj))
    if isinstance(obj, str):
        return ("str", obj)          # a constant string (exception messages)
    if isinstance(obj, tuple) and _constant_tuple(obj):
        return ("tuple", obj)        # frozen at compile time, as Numba does
    return None


def _constant_tuple(t):
    """Whether `t` holds only numbers, bools, None, strings and such tuples."""
    for item in t:
        if isinstance(item, tuple):
            if not _constant_tuple(item):
                return False
        elif isinstance(item, (bool, float, complex, str, type(None))):
            continue
        elif isinstance(item, int):
            if not -2**63 <= item < 2**64:
                return False
        else:
            return False
    return True


def _importable(cls):
    """Whether `cls` is reachable as module.qualname (not a local class)."""
    module = sys.modules.get(cls.__module__)
    # The dispatcher imports "module.name" when raising: one level only.
    if module is None or "." in cls.__qualname__:
        return False
    obj = module
    for part in cls.__qualname__.split("."):
        obj = getattr(obj, part, None)
    return obj is cls


def _unsupported(obj, what):
    """Why `obj`, found as `what`, cannot be used in compiled code."""
    if isinstance(obj, type) and not issubclass(obj, BaseException):
        return ("unsupported", f"{what} is the class {obj.__qualname__}, which compiled code "
                               f"cannot make instances of (it can for @jitclass classes "
                               f"(pyrite.experimental.jitclass), namedtuples and "
                               f"exceptions)")
    if callable(obj):
        return ("unsupported", f"{what} is not supported in compiled code yet "
                               f"(docs/supported.md lists what is)")
    if isinstance(obj, int) and not isinstance(obj, bool):
        return ("unsupported", f"{what} = {obj} does not fit in int64")
    return ("unsupported", f"{what} is a {type(obj).__name__} value, which pyrite cannot "
                           f"use in compiled code (numbers, NumPy arrays, modules and "
                           f"@njit functions are supported)")


class ClosureNames:
    """What a closure reads as globals: the variables of the functions that
    enclose it (its cells, read when it compiles, as Numba freezes closure
    variables), then its module's globals, both looked up live."""

    def __init__(self, func):
        self.globals = func.__globals__
        self.cells = dict(zip(func.__code__.co_freevars, func.__closure__))


def function_globals(func):
    """The namespace resolve_global reads for `func`'s names."""
    if not getattr(func, "__closure__", None):
        return func.__globals__
    return ClosureNames(func)


def _exception_name(cls):
    """How compiled code names an exception class: builtins by name, others
    by "module.qualname"."""
    if getattr(builtins, cls.__name__, None) is cls:
        return cls.__name__
    return f"{cls.__module__}.{cls.__qualname__}"


def resolve_global(func_globals, name):
    if isinstance(func_globals, ClosureNames):
        cell = func_globals.cells.get(name)
        if cell is not None:
            try:
                obj = cell.cell_contents
            except ValueError:
                return ("unsupported", f"the closure variable '{name}' is not assigned yet "
                                       f"when the function compiles")
            return describe(obj) or _unsupported(obj, f"closure variable '{name}'")
        func_globals = func_globals.globals
    if name.startswith("builtins."):  # the frontend's own calls (f-strings' format())
        return describe(getattr(builtins, name[len("builtins."):]))
    if name.startswith("operator."):  # the frontend's own calls (del x[i])
        return describe(getattr(operator, name[len("operator."):]))
    if name.startswith("pyrite._library."):  # the frontend's own calls ({k: v})
        module, _, attr = name.rpartition(".")
        return describe(getattr(importlib.import_module(module), attr))
    if name in func_globals:
        obj = func_globals[name]
        return describe(obj) or _unsupported(obj, f"global '{name}'")
    if hasattr(builtins, name):
        obj = getattr(builtins, name)
        return describe(obj) or _unsupported(obj, f"the builtin {name}()")
    return None


def resolve_attr(module_name, attr):
    module = sys.modules.get(module_name)
    if module is None or not hasattr(module, attr):
        return None
    obj = getattr(module, attr)
    short = {"numpy": "np"}.get(module_name, module_name)
    return describe(obj) or _unsupported(obj, f"{short}.{attr}")


def inner_function(outer, key):
    """The Dispatcher compiling an inner function or lambda of `outer` (a
    Dispatcher) on its own: `key` is the path of co_consts indices from the
    top-level function's code to the inner function's (frontend
    CodeObject::key). Its free variables become its leading parameters
    (lambda lifting), which the closure's captured values fill; it compiles
    for `outer`'s target with `outer`'s options. One per code, kept by
    `outer`, so each compiled signature is compiled once."""
    cache = getattr(outer, "_inner_functions", None)
    if cache is None:
        cache = outer._inner_functions = {}
    d = cache.get(key)
    if d is None:
        func = outer.py_func
        root = getattr(func, "__pyrite_root__", func)
        code = root.__code__
        for k in key.split("/"):
            code = code.co_consts[int(k)]
        cells = tuple(_pytypes.CellType() for _ in code.co_freevars) or None
        inner = _pytypes.FunctionType(code, root.__globals__, code.co_name, None, cells)
        inner.__qualname__ = code.co_qualname
        inner.__pyrite_inner_key__ = key
        inner.__pyrite_root__ = root
        from .dispatcher import Dispatcher
        d = Dispatcher(inner, outer._target, outer.targetoptions)
        cache[key] = d
        _INNER_DISPATCHERS.append(d)
    return ("dispatcher", d)


# The core's types name a dispatcher by its address for the life of the
# process: an inner function's dispatcher must outlive its outer one (whose
# cache would free it), or a new object at that address would take its type.
_INNER_DISPATCHERS = []
