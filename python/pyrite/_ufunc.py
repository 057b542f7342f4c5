"""@vectorize and @guvectorize: real NumPy ufuncs over compiled kernels.

With a list of signatures, each decorator compiles one inner loop per
signature (lower/lower_ufunc.cpp) and returns a `numpy.ufunc` made by
NumPy's own PyUFunc_FromFuncAndDataAndSignature (python/src/ufuncs.cpp): its
reduce, accumulate, outer, at, out= and where= are NumPy's. Without
signatures they return a DUFunc / GUFunc (Numba's names) that compiles a
loop for each new combination of input types on first call and rebuilds its
ufunc with it. target='parallel' splits the loop's outer dimension over the
TBB threads of parallel regions (numba.set_num_threads applies).

Kernels compile with error_model='numpy' as in Numba (1.0 / 0.0 is inf); an
exception a kernel raises stops the loop and is raised by the ufunc call.
"""
import re
import threading

import numpy as np

from . import _core
from . import types as _types

_TARGETS = ("cpu", "parallel")
# NumPy's order of its own loops: a ufunc takes the first loop its inputs
# cast to safely, so exact matches must come before wider types.
_TYPE_ORDER = "?bBhHiIlLqQefdgFDG"


def _ordered_loops(loops, numpy_order):
    """[(type numbers, loop address)] of a builder's loops (key -> (numbers,
    address, type chars)): in the order added, or in NumPy's order of types."""
    ordered = list(loops.values())
    if numpy_order:
        ordered.sort(key=lambda loop: [_TYPE_ORDER.find(c) for c in loop[2]])
    return [(nums, address) for nums, address, _ in ordered]


def _identity_code(identity):
    codes = _core.UFUNC_IDENTITY
    if identity is None:
        return codes["none"]
    if identity == "reorderable":
        return codes["reorderable"]
    if identity in (0, 1) and not isinstance(identity, bool):
        return codes["zero" if identity == 0 else "one"]
    raise ValueError(f"identity must be 0, 1, None or 'reorderable', not {identity!r}")


def _check_target(target):
    if target not in _TARGETS:
        if target == "cuda":
            raise NotImplementedError("target='cuda' is supported by @vectorize, not yet by "
                                      "@guvectorize")
        raise ValueError(f"target must be one of {', '.join(_TARGETS)}, not {target!r}")


def _text(t):
    return t if isinstance(t, str) else _types._text(t)


def _signature_parts(sig):
    """(return type text or None, [argument type texts]) of a signature
    given as text, a Signature, or a tuple of types."""
    from .dispatcher import _split_signature
    if isinstance(sig, str):
        if "(" not in sig:
            raise TypeError(f"invalid signature {sig!r}: expected 'return_type(arg, ...)'")
        return _split_signature(sig)
    if isinstance(sig, _types.Signature):
        ret = None if sig.return_type is None else _types._text(sig.return_type)
        return ret, [_types._text(a) for a in sig.args]
    return None, [_text(a) for a in sig]


_ARRAY_TEXT = re.compile(r"array\((\w+), (\d+)d, \w+\)")


def _operand(text):
    """A type text as (numpy dtype, number of dimensions)."""
    text = text.strip()
    m = _ARRAY_TEXT.fullmatch(text)
    if m:
        return np.dtype(m.group(1)), int(m.group(2))
    if text.endswith("]"):
        base, dims = text[:-1].split("[", 1)
        return np.dtype(base.strip()), dims.count(",") + 1
    return np.dtype("bool" if text == "boolean" else text), 0


def _value_type(value):
    """The pyrite type text of a ufunc operand's elements: an array's dtype,
    a NumPy scalar's, or Python's bool/int/float/complex as Numba types them."""
    if isinstance(value, (np.ndarray, np.generic)):
        return value.dtype.name
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, complex):
        return "complex128"
    return np.asarray(value).dtype.name


def _kernel_dispatcher(py_func, options):
    from .dispatcher import Dispatcher
    opts = {"error_model": "numpy", "fastmath": 0, "boundscheck": False, "nogil": False,
            "inline": "never", "parallel": False}
    from .decorators import _fastmath_flags
    if "fastmath" in options:
        opts["fastmath"] = _fastmath_flags(options["fastmath"])
    if "error_model" in options:
        opts["error_model"] = options["error_model"]
    return Dispatcher(py_func, options=opts)


def _returned_type(dispatcher, args):
    for arg_names, ret in dispatcher._signatures():
        if list(arg_names) == list(args):
            return ret
    raise RuntimeError("pyrite: the kernel's signature was not recorded")


# --- @vectorize ---------------------------------------------------------------------------

class _ElementwiseBuilder:
    """Compiles a scalar kernel's loops and makes ufuncs of them."""

    def __init__(self, py_func, identity, target, options):
        _check_target(target)
        self.py_func = py_func
        self.identity = identity
        self.target = target
        self.dispatcher = _kernel_dispatcher(py_func, options)
        self.nin = py_func.__code__.co_argcount
        self.loops = {}  # argument type texts -> (type numbers, address, type chars)

    def add(self, ret, args):
        if len(args) != self.nin:
            raise TypeError(f"{self.py_func.__name__} takes {self.nin} arguments; the "
                            f"signature gives {len(args)}")
        key = tuple(_operand(a)[0].char for a in args)  # "f8" and "float64" are one loop
        if key in self.loops:
            return
        spec = (self.target == "parallel", False, self.nin, [])
        address = self.dispatcher._compile_signature(list(args), ret, spec)
        ret = ret or _returned_type(self.dispatcher, list(args))
        dtypes = [_operand(a)[0] for a in args] + [_operand(ret)[0]]
        self.loops[key] = ([d.num for d in dtypes], address, [d.char for d in dtypes])

    def build(self, numpy_order=False):
        """The ufunc of the loops so far: in the order they were given, as
        Numba keeps a signature list (NumPy takes the first loop the inputs
        cast to safely), or in NumPy's order of types (a DUFunc's loops,
        where each input's exact loop must win)."""
        return _core.make_ufunc(self.py_func.__name__, self.py_func.__doc__ or "", self.nin,
                                1, _identity_code(self.identity),
                                _ordered_loops(self.loops, numpy_order), None, self.dispatcher)


def vectorize(ftylist_or_function=(), identity=None, nopython=True, target="cpu",
              cache=False, **options):
    """Numba's @vectorize: a NumPy ufunc from a scalar kernel.

    With signatures (`['float64(float64, float64)', ...]`, type objects, or
    one string) returns a `numpy.ufunc` with one loop each; without, a
    DUFunc that compiles a loop per new combination of input types.
    `identity` (0, 1, None, 'reorderable') is the ufunc's, for reduce.
    `target` is 'cpu' or 'parallel' (the loop split over threads).
    Raises TypingError when a kernel does not compile for a signature.
    target='cuda' makes a CUDA ufunc (pyrite/cuda/_vectorize.py)."""
    if target == "cuda":
        from .cuda._vectorize import CUDAUFunc
        if callable(ftylist_or_function) and not isinstance(ftylist_or_function, str):
            return CUDAUFunc(ftylist_or_function, [])   # (TypeError: it needs signatures)
        sigs = ftylist_or_function
        sigs = [sigs] if isinstance(sigs, (str, _types.Signature)) else list(sigs)
        return lambda py_func: CUDAUFunc(py_func, sigs)
    if callable(ftylist_or_function) and not isinstance(ftylist_or_function,
                                                        (str, _types.Signature)):
        return DUFunc(ftylist_or_function, identity=identity, target=target, **options)
    sigs = ftylist_or_function
    if isinstance(sigs, (str, _types.Signature)):
        sigs = [sigs]

    def wrap(py_func):
        if not sigs:
            return DUFunc(py_func, identity=identity, target=target, **options)
        builder = _ElementwiseBuilder(py_func, identity, target, options)
        for sig in sigs:
            builder.add(*_signature_parts(sig))
        ufunc = builder.build()
        _callable_in_compiled_code(ufunc, builder.dispatcher, builder.nin, lambda: ufunc)
        return ufunc
    return wrap


class DUFunc:
    """A ufunc that compiles itself per input types (Numba's DUFunc): calls,
    reduce, accumulate, outer and at go to the numpy.ufunc of the loops
    compiled so far (`.ufunc`), after compiling one for new input types."""

    def __init__(self, py_func, identity=None, target="cpu", **options):
        self._builder = _ElementwiseBuilder(py_func, identity, target, options)
        self._lock = threading.Lock()
        self.ufunc = None
        self.__name__ = py_func.__name__
        self.__doc__ = py_func.__doc__
        self.__wrapped__ = py_func
        _callable_in_compiled_code(self, self._builder.dispatcher, self._builder.nin,
                                   lambda: self.ufunc, self._builder)

    def _ensure(self, values):
        args = [_value_type(v) for v in values]
        if tuple(np.dtype(a).char for a in args) not in self._builder.loops:
            with self._lock:  # one compile per new loop, whichever thread asks
                self._grow(None, args)
        return self.ufunc

    def _grow(self, ret, args):
        before = len(self._builder.loops)
        self._builder.add(ret, args)
        if len(self._builder.loops) != before or self.ufunc is None:
            self.ufunc = self._builder.build(numpy_order=True)

    def add(self, sig):
        """Compiles the loop of one signature now."""
        with self._lock:
            self._grow(*_signature_parts(sig))

    def __call__(self, *args, **kwargs):
        return self._ensure(args[:self.nin])(*args, **kwargs)

    def reduce(self, array, *args, **kwargs):
        return self._ensure([array] * self.nin).reduce(array, *args, **kwargs)

    def accumulate(self, array, *args, **kwargs):
        return self._ensure([array] * self.nin).accumulate(array, *args, **kwargs)

    def reduceat(self, array, *args, **kwargs):
        return self._ensure([array] * self.nin).reduceat(array, *args, **kwargs)

    def outer(self, a, b, **kwargs):
        return self._ensure([a, b]).outer(a, b, **kwargs)

    def at(self, a, indices, b=None):
        values = [a] if b is None else [a, b]
        return self._ensure(values).at(a, indices, *([] if b is None else [b]))

    @property
    def nin(self):
        return self._builder.nin

    @property
    def nout(self):
        return 1

    @property
    def nargs(self):
        return self.nin + 1

    @property
    def identity(self):
        return self._builder.identity

    @property
    def ntypes(self):
        return len(self._builder.loops)

    @property
    def types(self):
        return [] if self.ufunc is None else self.ufunc.types

    def __repr__(self):
        return f"<pyrite DUFunc {self.__name__!r}>"


# --- calls from compiled code ------------------------------------------------------------

def _numpy_operand(t):
    """What stands for a compiled operand type in ufunc.resolve_dtypes: the
    dtype of an array or NumPy scalar, Python's class for a weak scalar."""
    from .np.numpy_support import as_dtype
    if isinstance(t, _types.Array):
        return t.dtype, as_dtype(t.dtype)
    if isinstance(t, _types.Boolean):
        return t, np.dtype(bool)
    weak = {"int64": int, "float64": float, "complex128": complex}.get(str(t))
    return t, weak or as_dtype(t)


def _callable_in_compiled_code(key, kernel, nin, current_ufunc, builder=None):
    """Registers `key` (the ufunc, or a DUFunc) as callable from compiled
    code: on scalars it is the kernel; with arrays, the kernel mapped over
    their broadcast shape. The operands convert to the loop NumPy would
    choose (ufunc.resolve_dtypes), so the result's dtype is NumPy's; a DUFunc
    first compiles the loop for the operands' types."""
    from ._library._generate import generate
    from ._library.numpy_element_maps import _broadcast_map
    from .extending import overload, register_jitable
    from .np.numpy_support import from_dtype
    params = [f"x{k}" for k in range(nin)]

    def typer(*args):
        if len(args) != nin:
            return None
        elems, operands = zip(*(_numpy_operand(t) for t in args))
        if builder is not None:  # a DUFunc: the loop of these element types
            with key._lock:
                key._grow(None, [_operand_text(e) for e in elems])
        ufunc = current_ufunc()
        try:
            loop = ufunc.resolve_dtypes(tuple(operands) + (None,))
        except TypeError:
            return None
        casts = [f"np.{d.name}(x{k})" if d.kind != "b" else f"bool(x{k})"
                 for k, d in enumerate(loop[:-1])]
        elem = register_jitable(inline="always")(generate(
            f"{kernel.__name__}_element", params, [f"return kernel({', '.join(casts)})"],
            {"kernel": kernel, "np": np}))
        if not any(isinstance(t, _types.Array) for t in args):
            return elem
        return _broadcast_map(args, elem, from_dtype(loop[-1]), ufunc=True)
    overload(key)(generate("ufunc_typer", params, [f"return typer({', '.join(params)})"],
                           {"typer": typer}))


def _operand_text(t):
    return "bool" if isinstance(t, _types.Boolean) else str(t)


# --- @guvectorize -------------------------------------------------------------------------

_DIMS = re.compile(r"\(([^)]*)\)")


def _parse_layout(layout):
    """'(m,n),(n)->(m)' -> (per operand its core dimension indices, nin):
    indices in order of first appearance, as NumPy numbers them."""
    text = layout.replace(" ", "")
    if "->" not in text:
        raise ValueError(f"invalid gufunc layout {layout!r}: expected '(...),(...)->(...)'")
    ins, outs = text.split("->")
    names, operands = [], []
    for part in (ins, outs):
        groups = _DIMS.findall(part)
        if _DIMS.sub("", part).replace(",", ""):
            raise ValueError(f"invalid gufunc layout {layout!r}")
        for g in groups:
            dims = []
            for name in filter(None, g.split(",")):
                if not name.isidentifier():
                    raise ValueError(f"invalid dimension name {name!r} in layout {layout!r}")
                if name not in names:
                    names.append(name)
                dims.append(names.index(name))
            operands.append(dims)
        if part is ins:
            nin = len(groups)
    return operands, nin


class _GeneralizedBuilder:
    def __init__(self, py_func, layout, identity, target, options):
        _check_target(target)
        self.py_func = py_func
        self.layout = layout
        self.identity = identity
        self.target = target
        self.core_dims, self.nin = _parse_layout(layout)
        self.nout = len(self.core_dims) - self.nin
        if self.nout < 1:
            raise ValueError(f"gufunc layout {layout!r} has no output")
        self.dispatcher = _kernel_dispatcher(py_func, options)
        self.loops = {}

    def add(self, ret, args):
        if len(args) != len(self.core_dims):
            raise TypeError(f"{self.py_func.__name__}: the layout {self.layout!r} has "
                            f"{len(self.core_dims)} operands, the signature {len(args)}")
        key = tuple(_operand(a)[0].char for a in args)
        if key in self.loops:
            return
        spec = (self.target == "parallel", True, self.nin, self.core_dims)
        address = self.dispatcher._compile_signature(list(args), ret, spec)
        dtypes = [_operand(a)[0] for a in args]
        self.loops[key] = ([d.num for d in dtypes], address, [d.char for d in dtypes])

    def build(self, numpy_order=False):
        return _core.make_ufunc(self.py_func.__name__, self.py_func.__doc__ or "", self.nin,
                                self.nout, _identity_code(self.identity),
                                _ordered_loops(self.loops, numpy_order),
                                self.layout.replace(" ", ""), self.dispatcher)


def guvectorize(ftylist, signature=None, identity=None, nopython=True, target="cpu",
                cache=False, writable_args=(), **options):
    """Numba's @guvectorize: a generalized NumPy ufunc from a kernel that
    writes its outputs, with a layout such as '(n),()->(n)'.

    `ftylist` lists the kernel's signatures, e.g. `[(float64[:], float64,
    float64[:])]` or 'void(float64[:], float64, float64[:])'; operands with
    core dimensions are arrays, `()` inputs are scalars, and a `()` output is
    a 1-element array the kernel writes (`out[0] = ...`), as in Numba.
    Returns a numpy.ufunc (NumPy checks the core dimensions and raises
    ValueError naming them); with only a layout (`@guvectorize('(n)->(n)')`)
    a GUFunc that compiles per input types, the outputs passed in."""
    if signature is None and isinstance(ftylist, str) and "->" in ftylist:
        layout = ftylist
        return lambda py_func: GUFunc(py_func, layout, identity=identity, target=target,
                                      **options)
    if signature is None:
        raise TypeError("guvectorize needs a layout such as '(n)->(n)'")
    sigs = [ftylist] if isinstance(ftylist, (str, _types.Signature)) else list(ftylist)

    def wrap(py_func):
        builder = _GeneralizedBuilder(py_func, signature, identity, target, options)
        for sig in sigs:
            builder.add(*_signature_parts(sig))
        return builder.build()
    return wrap


class GUFunc:
    """A generalized ufunc compiling a loop per operand types (Numba's
    dynamic GUFunc); every operand, outputs included, must be passed."""

    def __init__(self, py_func, layout, identity=None, target="cpu", **options):
        self._builder = _GeneralizedBuilder(py_func, layout, identity, target, options)
        self._lock = threading.Lock()
        self.ufunc = None
        self.__name__ = py_func.__name__
        self.__doc__ = py_func.__doc__
        self.__wrapped__ = py_func

    def __call__(self, *args, **kwargs):
        operands = list(args)
        if "out" in kwargs:
            out = kwargs["out"]
            operands += list(out) if isinstance(out, tuple) else [out]
        if len(operands) != len(self._builder.core_dims):
            raise TypeError(f"{self.__name__}: a dynamic gufunc compiles for the types of all "
                            f"its {len(self._builder.core_dims)} operands, outputs included; "
                            f"{len(operands)} given")
        key = []
        for k, (value, dims) in enumerate(zip(operands, self._builder.core_dims)):
            dtype = _value_type(value)
            if dims or k >= self._builder.nin:  # arrays; a () output is a 1-element one
                key.append(f"{dtype}[{', '.join([':'] * max(len(dims), 1))}]")
            else:
                key.append(dtype)
        with self._lock:
            before = len(self._builder.loops)
            self._builder.add(None, key)
            if len(self._builder.loops) != before:
                self.ufunc = self._builder.build(numpy_order=True)
        return self.ufunc(*args, **kwargs)

    @property
    def nin(self):
        return self._builder.nin

    @property
    def nout(self):
        return self._builder.nout

    @property
    def signature(self):
        return self._builder.layout.replace(" ", "")

    def __repr__(self):
        return f"<pyrite GUFunc {self.__name__!r}>"
