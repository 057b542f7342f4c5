"""The bridge between pyrite.types objects and the C++ core's types.

The core describes a type as a small tuple, ("int", 64, True), ("array",
dtype, ndim, layout, readonly), ("tuple", (elems...)), ("other", display);
these two functions turn one into the other (pyrite.types re-exports them).
"""
from .types import (_BY_NAME, Array, BaseTuple, Boolean, CaughtException, CharSeq,
                    ClassInstanceType, ClassType, Complex, DeferredType, DictItemsView, DictType, DictValuesView,
                    Dispatcher, ExceptionClass, Float, Function, Generator, Integer, List,
                    Literal, NamedTuple, NamedTupleClass, NoneType, NPDatetime, NPTimedelta,
                    NumberClass, Opaque, Optional, Record, Set, StringLiteral, Tuple,
                    UnicodeCharSeq, UnicodeType, _BufferObject, boolean, none, unicode_type)


def _from_core(desc):
    kind = desc[0]
    if kind == "int":
        return _BY_NAME[f"{'' if desc[2] else 'u'}int{desc[1]}"]
    if kind == "float":
        return _BY_NAME[f"float{desc[1]}"]
    if kind == "complex":
        return _BY_NAME[f"complex{desc[1]}"]
    if kind == "charseq":
        return (UnicodeCharSeq if desc[1] == "U" else CharSeq)(desc[2])
    if kind == "datetime":
        return NPDatetime(desc[1])
    if kind == "timedelta":
        return NPTimedelta(desc[1])
    if kind == "bool":
        return boolean
    if kind == "none":
        return none
    if kind == "unicode":
        return unicode_type
    if kind == "list":
        return List(None if desc[1] is None else _from_core(desc[1]))
    if kind == "generator":
        return Generator(_from_core(desc[1]))
    if kind == "optional":
        return Optional(_from_core(desc[1]))
    if kind == "set":
        return Set(None if desc[1] is None else _from_core(desc[1]))
    if kind == "dict":
        if desc[1] is None:
            return DictType(None, None)
        d = DictType(_from_core(desc[1]), _from_core(desc[2]))
        view = desc[3] if len(desc) > 3 else 0
        return DictValuesView(d) if view == 1 else DictItemsView(d) if view == 2 else d
    if kind == "array":
        return Array(_from_core(desc[1]), desc[2], desc[3], desc[4])
    if kind == "buffer":
        cls = {c.kind: c for c in _BufferObject.__subclasses__()}[desc[1]]
        return cls(_from_core(desc[2]), desc[3], desc[4], desc[5])
    if kind == "tuple":
        return Tuple([_from_core(d) for d in desc[1]])
    if kind == "namedtuple":
        return NamedTuple([_from_core(d) for d in desc[2]], desc[1])
    if kind == "class":
        return NumberClass(_from_core(desc[1]))
    if kind == "namedtuple_class":
        return NamedTupleClass(desc[1])
    if kind == "jitclass":
        return desc[1].class_type.instance_type
    if kind == "record":
        return Record(desc[1], desc[2], desc[3])
    if kind == "jitclass_class":
        return desc[1].class_type
    if kind == "function":
        return Function(desc[1])
    if kind == "dispatcher":
        return Dispatcher(desc[1])
    if kind == "exception":
        return CaughtException()
    if kind == "exception_class":
        return ExceptionClass(desc[1])
    if kind == "str":
        return StringLiteral(desc[1])
    return Opaque(desc[1])


def _to_core(t):
    """The core's description of type object `t` (TypeError if it has none)."""
    if isinstance(t, Literal) and hasattr(t, "literal_type"):
        t = t.literal_type
    if isinstance(t, DeferredType):
        t = t.get()
    if isinstance(t, ClassInstanceType):
        return ("jitclass", t.jit_class)
    if isinstance(t, ClassType):
        return ("jitclass_class", t.jit_class)
    if isinstance(t, Record):
        return ("record", t.dtype, t.readonly)
    if isinstance(t, Boolean):
        return ("bool",)
    if isinstance(t, Integer):
        return ("int", t.bitwidth, t.signed)
    if isinstance(t, Float):
        return ("float", t.bitwidth)
    if isinstance(t, Complex):
        return ("complex", t.bitwidth)
    if isinstance(t, (UnicodeCharSeq, CharSeq)):
        return ("charseq", "U" if isinstance(t, UnicodeCharSeq) else "S", t.count)
    if isinstance(t, NPDatetime):
        return ("timedelta" if isinstance(t, NPTimedelta) else "datetime", t.unit)
    if isinstance(t, NoneType):
        return ("none",)
    if isinstance(t, UnicodeType):
        return ("unicode",)
    if isinstance(t, List):
        return ("list", None if t.dtype is None else _to_core(t.dtype))
    if isinstance(t, Generator):
        return ("generator", _to_core(t.yield_type))
    if isinstance(t, Optional):
        return ("optional", _to_core(t.type))
    if isinstance(t, Set):
        return ("set", None if t.dtype is None else _to_core(t.dtype))
    if isinstance(t, (DictValuesView, DictItemsView)):
        d = t.dict_type
        return ("dict", _to_core(d.key_type), _to_core(d.value_type),
                1 if isinstance(t, DictValuesView) else 2)
    if isinstance(t, DictType):
        if t.key_type is None:
            return ("dict", None, None)
        return ("dict", _to_core(t.key_type), _to_core(t.value_type))
    if isinstance(t, Array):
        return ("array", _to_core(t.dtype), t.ndim, t.layout, t.readonly)
    if isinstance(t, _BufferObject):
        return ("buffer", t.kind, _to_core(t.dtype), t.ndim, t.layout, t.readonly)
    if isinstance(t, NamedTuple):
        return ("namedtuple", t.cls, tuple(_to_core(e) for e in t.types))
    if isinstance(t, BaseTuple):
        return ("tuple", tuple(_to_core(e) for e in t.types))
    raise TypeError(f"pyrite cannot use the type {t} in compiled code yet")
