"""@jitclass: classes whose instances live in compiled code
(numba.experimental.jitclass).

    from pyrite import int32, float32
    from pyrite.experimental import jitclass

    @jitclass([("value", int32), ("array", float32[:])])
    class Bag:
        def __init__(self, value):
            self.value = value
            self.array = np.zeros(value, dtype=np.float32)

        @property
        def size(self):
            return self.array.size

        def increment(self, val):
            for i in range(self.size):
                self.array[i] += val
            return self.array

        @staticmethod
        def add(x, y):
            return x + y

The attributes and their types come from the spec (a list of (name, type)
pairs or a dict) and from the class's annotations (`value: int32`, or the
Python types int, float, bool, complex, str and typing's List, Dict, Set,
Tuple and Optional of them), the spec first. Every method, property and
static method is compiled; `Bag(3)` makes an instance in Python or in
compiled code, and instances pass between the two as references to one
object (Numba's semantics): a compiled function that changes an attribute
changes it for every holder.

How it works: the class Python sees derives from `_core.JitClassBox`, a
C type holding a reference to the instance's memory (python/src/jitclass.cpp);
compiled code sees `types.ClassInstanceType` (the core's ClassInstance:
{meminfo, data}, the attributes a struct in the order above). Methods and
properties are extension-API members of the instance type; `Bag(...)` is the
class value's `__call__`, which makes the instance (`_jitclass_core.new`)
and runs `__init__` on it; `self.x = v` is `setattr`, which
pyrite/_library/jitclass.py turns into a store (`_jitclass_core.set_field`)
or a property's setter. From Python, attributes are read and written
through small compiled accessors, made on first use.

Not supported (each refused with a TypingError or TypeError saying so):
class attributes other than methods, properties and static methods;
classmethods; `**kwargs` in `__init__`; subclassing a jitclass; attributes
not declared in the spec or the annotations.
"""
import inspect
import typing as _typing

from .. import types
from ..errors import TypingError

__all__ = ["jitclass"]

_SKIPPED = {"__module__", "__qualname__", "__doc__", "__dict__", "__weakref__",
            "__annotations__", "__slots__", "__firstlineno__", "__static_attributes__"}


def jitclass(cls_or_spec=None, spec=None):
    """`@jitclass`, `@jitclass(spec)` or `jitclass(cls, spec)`: compiles
    class `cls` whose attributes are given by `spec` (a list of
    (name, type) pairs or a dict of them) and by its annotations.

    Returns the class to use in place of `cls`: calling it makes an
    instance (in Python and in compiled code); instances are accepted and
    returned by compiled functions. Raises TypeError for a spec or a class
    body pyrite cannot compile (see the module's docstring)."""
    if cls_or_spec is not None and spec is None and not isinstance(cls_or_spec, type):
        spec, cls_or_spec = cls_or_spec, None

    def wrap(cls):
        return _make_class(cls, spec)

    return wrap if cls_or_spec is None else wrap(cls_or_spec)


# --- attribute types -------------------------------------------------------------

_PYTHON_TYPES = {int: types.int64, float: types.float64, bool: types.boolean,
                 complex: types.complex128, str: types.unicode_type}


def _as_pyrite_type(t, where):
    """The pyrite type an annotation or spec entry names (Numba's
    as_numba_type for Python classes and typing's generics)."""
    if isinstance(t, types.Type):
        return t
    if t in _PYTHON_TYPES:
        return _PYTHON_TYPES[t]
    if isinstance(t, type) and hasattr(t, "class_type"):   # another jitclass
        return t.class_type.instance_type
    origin, args = _typing.get_origin(t), _typing.get_args(t)
    if origin is list and len(args) == 1:
        return types.List(_as_pyrite_type(args[0], where))
    if origin is set and len(args) == 1:
        return types.Set(_as_pyrite_type(args[0], where))
    if origin is dict and len(args) == 2:
        return types.DictType(_as_pyrite_type(args[0], where), _as_pyrite_type(args[1], where))
    if origin is tuple and args:
        if len(args) == 2 and args[1] is Ellipsis:
            raise TypeError(f"{where}: a tuple's length is part of its type; "
                            f"Tuple[T, ...] has none")
        return types.Tuple([_as_pyrite_type(a, where) for a in args])
    if origin is _typing.Union and len(args) == 2 and type(None) in args:
        other = args[0] if args[1] is type(None) else args[1]
        return types.Optional(_as_pyrite_type(other, where))
    raise TypeError(f"{where}: {t!r} is not a type pyrite can give an attribute "
                    f"(use pyrite/numba types such as int32, float64[:], "
                    f"types.ListType(int64), or int, float, bool, complex, str)")


def _fields_of(cls, spec):
    """The attributes' names and types, in order: the spec's, then the
    annotations' that the spec does not name."""
    if spec is None:
        items = []
    elif isinstance(spec, dict):
        items = list(spec.items())
    else:
        try:
            items = [tuple(entry) for entry in spec]
        except TypeError:
            raise TypeError(f"the spec of jitclass {cls.__name__} must be a list of "
                            f"(name, type) pairs or a dict, not {spec!r}") from None
        if any(len(entry) != 2 or not isinstance(entry[0], str) for entry in items):
            raise TypeError(f"the spec of jitclass {cls.__name__} must be a list of "
                            f"(name, type) pairs or a dict, not {spec!r}")
    fields = {}
    for name, t in items:
        fields[name] = _as_pyrite_type(t, f"attribute '{name}' of jitclass {cls.__name__}")
    for name, t in getattr(cls, "__annotations__", {}).items():
        if name not in fields:
            fields[name] = _as_pyrite_type(t, f"attribute '{name}' of jitclass {cls.__name__}")
    return fields


# --- source of the generated functions ----------------------------------------------

def _signature_text(func, skip):
    """(parameters, arguments, defaults) of `func` without its first `skip`
    parameters: the text of a def's parameter list, of a call passing each
    on, and the defaults the parameter list names."""
    params, args, defaults = [], [], {}
    star_done = False
    for k, p in enumerate(inspect.signature(func).parameters.values()):
        if k < skip:
            continue
        if p.kind is p.VAR_KEYWORD:
            raise TypeError(f"{func.__qualname__}: **{p.name} is not supported in a jitclass "
                            f"(pyrite compiles no **kwargs)")
        text = p.name
        if p.kind is p.VAR_POSITIONAL:
            params.append(f"*{p.name}")
            args.append(f"*{p.name}")
            star_done = True
            continue
        if p.kind is p.KEYWORD_ONLY and not star_done:
            params.append("*")
            star_done = True
        if p.default is not p.empty:
            defaults[f"_default_{p.name}"] = p.default
            text += f"=_default_{p.name}"
        params.append(text)
        args.append(f"{p.name}={p.name}" if p.kind is p.KEYWORD_ONLY else p.name)
    return ", ".join(params), ", ".join(args), defaults


def _generate(name, params, body, namespace):
    from .._library._generate import generate
    return generate(name, [params] if params else [], body, namespace)


# --- the class's members as the extension API sees them -----------------------------

def _template_of(impl, kind):
    """An _Overloads holding one template whose typing function always
    answers `impl` (a Python function that pyrite compiles per target)."""
    from .. import extending

    def typing_function(*args, **kwargs):
        return impl
    typing_function.__qualname__ = getattr(impl, "__qualname__", "jitclass member")
    typing_function.__module__ = "pyrite.experimental.jitclass"
    overloads = extending._Overloads(getattr(impl, "__qualname__", "?"))
    overloads.templates.append(
        (types.Type, extending._Template(typing_function, {}, "never", False, False, kind)))
    return overloads


class _ClassInfo:
    """What compiled code asks a jitclass: its members by name."""

    def __init__(self, cls, name, fields, methods, statics, properties):
        self.cls, self.name = cls, name
        self.fields = fields                  # name -> pyrite type (resolved lazily)
        self.methods = methods                # name -> function (self first), __init__ too
        self.statics = statics                # name -> function
        self.properties = properties          # name -> property
        self._instance_members = {}
        self._class_members = {}

    def field_type(self, name):
        """Attribute `name`'s type (a deferred type as what it was defined as)."""
        return _defined(self.fields[name])

    # The instance's members: methods, static methods, property getters,
    # and the setters setattr() reaches as `__pyrite_set_<name>`.
    def instance_member(self, name):
        found = self._instance_members.get(name)
        if found is None:
            found = self._instance_members[name] = self._make_instance_member(name)
        return found or None

    def _make_instance_member(self, name):
        if name in self.methods:
            return ("method", _template_of(self.methods[name], "method"))
        if name in self.statics:
            return ("method", _template_of(self._static_forwarder(name), "method"))
        if name in self.properties:
            return ("attribute", _template_of(self.properties[name].fget, "attribute"))
        if name.startswith("__pyrite_set_") and name[13:] in self.properties:
            fset = self.properties[name[13:]].fset
            if fset is not None:
                return ("method", _template_of(fset, "method"))
        return False

    # The class value's members: the constructor and the static methods.
    def class_member(self, name):
        found = self._class_members.get(name)
        if found is None:
            found = self._class_members[name] = self._make_class_member(name)
        return found or None

    def _make_class_member(self, name):
        if name == "__call__":
            return ("method", _template_of(self._constructor(), "method"))
        if name in self.statics:
            return ("method", _template_of(self._static_forwarder(name), "method"))
        return False

    def _static_forwarder(self, name):
        """`receiver.name(args)` calling static method `name` with args."""
        from .. import extending
        fn = self.statics[name]
        if extending._lookup_function(fn) is None:    # compiled code may call it
            extending.register_jitable(fn)
        params, args, defaults = _signature_text(fn, 0)
        head = "_receiver" + (", " + params if params else "")
        return _generate(f"{name}_static", head, [f"return _static({args})"],
                         dict(defaults, _static=fn))

    def _constructor(self):
        """`cls(args)`: a new instance, with `__init__` run on it."""
        from .._library import _jitclass_core
        init = self.methods.get("__init__")
        if init is None:
            return _generate(f"{self.name}_new", "cls", ["return _new(cls)"],
                             {"_new": _jitclass_core.new})
        params, args, defaults = _signature_text(init, 1)
        head = "cls" + (", " + params if params else "")
        # Named __init__: an argument count error reads as CPython's does.
        return _generate("__init__", head,
                         ["self = _new(cls)", f"self.__init__({args})", "return self"],
                         dict(defaults, _new=_jitclass_core.new))


# --- the class Python sees ---------------------------------------------------------

class JitClassType(type):
    """The metaclass of jitclasses: calling one makes an instance through
    its compiled constructor."""

    def __call__(cls, *args, **kwargs):
        return cls._pyrite_new_(*args, **kwargs)

    def __instancecheck__(cls, obj):
        return type(obj) is cls

    def __repr__(cls):
        return f"<jitclass '{cls.__module__}.{cls.__qualname__}'>"


def _compiled(fn):
    """The Dispatcher Python calls for `fn` (the one compiled code on the
    cpu target shares)."""
    from .. import extending
    return extending._implementation(fn, "cpu", {}, "never")


def _python_method(name, fn):
    dispatcher = None

    def method(self, *args, **kwargs):
        nonlocal dispatcher
        if dispatcher is None:
            dispatcher = _compiled(fn)
        return dispatcher(self, *args, **kwargs)
    method.__name__, method.__qualname__ = name, fn.__qualname__
    method.__doc__ = fn.__doc__
    return method


def _python_field(cls_name, name):
    """A property reading and writing attribute `name` through compiled
    accessors, made on first use."""
    accessors = {}

    def accessor(kind):
        fn = accessors.get(kind)
        if fn is None:
            body = [f"return self.{name}"] if kind == "get" else [f"self.{name} = value"]
            params = "self" if kind == "get" else "self, value"
            fn = accessors[kind] = _compiled(_generate(f"{cls_name}_{kind}_{name}", params,
                                                       body, {}))
        return fn

    def fget(self):
        return accessor("get")(self)

    def fset(self, value):
        setter = accessor("set")
        try:
            setter(self, value)
        except TypingError:
            held = type(self).class_type.info.fields[name]
            raise TypeError(f"cannot assign a {type(value).__name__} to attribute '{name}' "
                            f"of {cls_name}, which holds {held}") from None
    return property(fget, fset, doc=f"attribute '{name}' (compiled)")


def _python_property(prop):
    fget = _python_method(prop.fget.__name__, prop.fget) if prop.fget else None
    fset = _python_method(prop.fset.__name__, prop.fset) if prop.fset else None
    return property(fget, fset, doc=prop.__doc__)


def _make_class(cls, spec):
    from .. import _core
    if not isinstance(cls, type):
        raise TypeError(f"@jitclass decorates a class, not {cls!r}")
    if isinstance(cls, JitClassType):
        raise TypeError(f"{cls.__name__} is already a jitclass")
    if cls.__bases__ != (object,):
        raise TypeError(f"jitclass {cls.__name__}: inheritance is not supported "
                        f"(its bases are {', '.join(b.__name__ for b in cls.__bases__)})")
    fields = _fields_of(cls, spec)
    methods, statics, properties = {}, {}, {}
    for name, value in cls.__dict__.items():
        if name in _SKIPPED or (name == "__hash__" and value is None):  # (__eq__ without __hash__)
            continue
        if isinstance(value, staticmethod):
            statics[name] = value.__func__
        elif isinstance(value, classmethod):
            raise TypeError(f"jitclass {cls.__name__}: classmethod '{name}' is not supported")
        elif isinstance(value, property):
            properties[name] = value
        elif inspect.isfunction(value):
            methods[name] = value
        else:
            raise TypeError(f"jitclass {cls.__name__}: class members other than methods, "
                            f"properties and static methods are not supported: "
                            f"'{name}' = {value!r}")
    clash = set(fields) & (set(methods) | set(statics) | set(properties))
    if clash:
        raise TypeError(f"jitclass {cls.__name__}: {', '.join(sorted(clash))} is both an "
                        f"attribute and a method or property")
    if "__init__" in methods:
        _signature_text(methods["__init__"], 1)      # refuses **kwargs now

    namespace = {"__slots__": (), "__module__": cls.__module__,
                 "__qualname__": cls.__qualname__, "__doc__": cls.__doc__,
                 "__init_subclass__": classmethod(_no_subclass)}
    for name in fields:
        namespace[name] = _python_field(cls.__name__, name)
    for name, fn in methods.items():
        if name != "__init__":
            namespace[name] = _python_method(name, fn)
    for name, fn in statics.items():
        namespace[name] = staticmethod(_StaticMethod(fn))
    for name, prop in properties.items():
        namespace[name] = _python_property(prop)
    new_cls = JitClassType(cls.__name__, (_core.JitClassBox,), namespace)
    info = _ClassInfo(new_cls, cls.__name__, fields, methods, statics, properties)
    class_type = types.ClassType(new_cls, info)
    type.__setattr__(new_cls, "class_type", class_type)
    type.__setattr__(new_cls, "_pyrite_spec_", classmethod(_spec_of))
    type.__setattr__(new_cls, "_pyrite_new_", _python_constructor(new_cls, methods))
    return new_cls


def _no_subclass(cls, **kwargs):
    raise TypeError(f"cannot subclass from a jitclass ({cls.__mro__[1].__name__}); "
                    f"jitclasses do not support inheritance")


class _StaticMethod:
    """A static method called from Python: compiled on first call."""

    def __init__(self, fn):
        self.fn, self.dispatcher = fn, None
        self.__name__, self.__doc__ = fn.__name__, fn.__doc__

    def __call__(self, *args, **kwargs):
        if self.dispatcher is None:
            self.dispatcher = _compiled(self.fn)
        return self.dispatcher(*args, **kwargs)


def _spec_of(cls):
    """(name, ((attribute, pyrite type), ...)): what the core makes the
    instance type from (python/src/jitclass.cpp)."""
    info = cls.class_type.info
    return (info.name, tuple((name, _defined(t)) for name, t in info.fields.items()))


def _defined(t):
    return t.type if isinstance(t, types.DeferredType) and t.type is not None else t


def _python_constructor(cls, methods):
    """`Bag(args)` in Python: a compiled function calling the class."""
    init = methods.get("__init__")
    params, args, defaults = _signature_text(init, 1) if init else ("", "", {})
    fn = _generate("__init__", params, [f"return _cls({args})"], dict(defaults, _cls=cls))
    fn.__name__ = fn.__qualname__ = f"{cls.__name__}.__init__"   # as messages name it
    dispatcher = None

    def construct(*args, **kwargs):
        nonlocal dispatcher
        if dispatcher is None:
            dispatcher = _compiled(fn)
        return dispatcher(*args, **kwargs)
    return staticmethod(construct)
