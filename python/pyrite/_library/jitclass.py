"""`obj.x = v` in compiled code (the frontend calls `setattr(obj, "x", v)`):
a @jitclass's attribute or property setter (pyrite/experimental/jitclass.py),
or a field of a record of a structured array; other objects have no
attributes to set."""
import operator

from .. import types
from ..errors import TypingError
from ..extending import overload
from . import _jitclass_core
from ._generate import generate


@overload(setattr, prefer_literal=True)
def setattr_(obj, name, value):
    if isinstance(obj, types.Optional) and isinstance(obj.type, types.ClassInstanceType):
        obj = obj.type          # None raises TypeError when the store runs
    if isinstance(obj, types.Record):   # r.x = v is r['x'] = v
        if not isinstance(name, types.StringLiteral):
            return None
        field = name.literal_value
        if field not in obj.fields:
            raise TypingError(f"no field of name '{field}' in {obj} (its fields: "
                              f"{', '.join(obj.fields)})")
        if obj.readonly:
            raise TypingError(f"cannot assign to field '{field}' of a record of a read-only "
                              f"array")
        held = obj.fields[field][0]
        if isinstance(held, types.Record):      # a nested record: another's bytes
            storable = isinstance(value, types.Record) and value.dtype == held.dtype
        elif isinstance(held, types.NestedArray):   # a sub-array: a number or an array
            storable = isinstance(value, (types.Number, types.Boolean)) or (
                isinstance(value, types.Array) and value.ndim <= held.ndim and
                isinstance(value.dtype, (types.Number, types.Boolean)))
        else:
            storable = isinstance(value, (types.Number, types.Boolean)) and \
                (isinstance(held, types.Complex) or not isinstance(value, types.Complex))
        if not storable:
            raise TypingError(f"cannot store {value} into field '{field}' ({held}) of {obj}")
        return generate("set_record_field", ("obj", "name", "value"),
                        [f"obj[{name.literal_value!r}] = value"])
    if not isinstance(obj, types.ClassInstanceType):
        raise TypingError(f"cannot set attributes of {obj}: only @jitclass instances have "
                          f"attributes to assign in compiled code")
    if not isinstance(name, types.StringLiteral):
        return None                      # the name is a constant when it comes again
    field = name.literal_value
    info = obj.class_type.info
    if field in info.properties:
        if info.properties[field].fset is None:
            raise TypingError(f"property '{field}' of jitclass {info.name} has no setter")
        return generate("set_property", ("obj", "name", "value"),
                        [f"obj.__pyrite_set_{field}(value)"])
    if field in info.methods or field in info.statics:
        raise TypingError(f"cannot assign to '{field}' of jitclass {info.name}: it is a "
                          f"method, and methods cannot be replaced")
    if field not in info.fields:
        raise TypingError(f"jitclass {info.name} has no attribute '{field}' (its attributes: "
                          f"{', '.join(info.fields) or 'none'}; declare each in the spec or "
                          f"as an annotation)")
    held = info.field_type(field)
    from .. import _core
    try:
        storable = _core.storable_in_attribute(value, held)
    except TypeError:
        storable = False
    if not storable:
        shown = getattr(value, "literal_type", value)
        raise TypingError(f"cannot store {shown} in attribute '{field}' of {info.name}, "
                          f"which holds {held}")
    fn = generate("set_attribute", ("obj", "name", "value"),
                  [f"_set_field(obj, {field!r}, value)"])
    fn.__globals__["_set_field"] = _jitclass_core.set_field
    return fn


@overload(operator.is_)
def is_(a, b):
    if isinstance(a, types.ClassInstanceType) and isinstance(b, types.ClassInstanceType):
        if a != b:
            return lambda a, b: False
        return lambda a, b: _jitclass_core.is_same(a, b)
    return None


@overload(operator.is_not)
def is_not(a, b):
    if isinstance(a, types.ClassInstanceType) and isinstance(b, types.ClassInstanceType):
        if a != b:
            return lambda a, b: True
        return lambda a, b: not _jitclass_core.is_same(a, b)
    return None


# --- special methods --------------------------------------------------------------
# An operator or builtin applied to an instance calls the class's special
# method, as Python does (Numba's jitclass supports the same set). Binary
# operators and comparisons try the left operand's method, then the right
# one's reflected method.

def _has(t, method):
    return isinstance(t, types.ClassInstanceType) and method in t.class_type.info.methods


def _call_method(name, params, receiver, method, args):
    return generate(name, params, [f"return {receiver}.{method}({', '.join(args)})"])


def _forward(function, method, params, inline="never"):
    """Registers an overload of `function` calling `method` of its first
    argument, when that is an instance whose class defines it."""
    def typer(*arg_types):
        if len(arg_types) != len(params) or not _has(arg_types[0], method):
            return None
        return _call_method(method.strip("_"), params, params[0], method, params[1:])
    typer.__name__ = f"jitclass_{method.strip('_')}"
    overload(function, strict=False)(typer)


def _forward_binary(function, method, reflected):
    def typer(a, b):
        if _has(a, method):
            return _call_method(method.strip("_"), ("a", "b"), "a", method, ["b"])
        if reflected and _has(b, reflected):
            return _call_method(reflected.strip("_"), ("a", "b"), "b", reflected, ["a"])
        if method == "__ne__" and _has(a, "__eq__"):     # Python's default __ne__
            return generate("ne", ("a", "b"), ["return not a.__eq__(b)"])
        return None
    typer.__name__ = f"jitclass_{method.strip('_')}"
    overload(function)(typer)


_BINARY = {"add": "radd", "sub": "rsub", "mul": "rmul", "truediv": "rtruediv",
           "floordiv": "rfloordiv", "mod": "rmod", "pow": "rpow", "lshift": "rlshift",
           "rshift": "rrshift", "and_": "rand", "or_": "ror", "xor": "rxor",
           "matmul": "rmatmul"}
for _op, _reflected in _BINARY.items():
    _name = _op.rstrip("_")
    _forward_binary(getattr(operator, _op), f"__{_name}__", f"__{_reflected}__")
    _forward_binary(getattr(operator, f"i{_name}"), f"__i{_name}__", None)

# Comparisons reflect to the mirrored comparison (a < b: b.__gt__(a)).
_COMPARE = {"eq": "eq", "ne": "ne", "lt": "gt", "le": "ge", "gt": "lt", "ge": "le"}
for _op, _mirror in _COMPARE.items():
    _forward_binary(getattr(operator, _op), f"__{_op}__", f"__{_mirror}__")

for _op in ("neg", "pos", "invert"):
    _forward(getattr(operator, _op), f"__{_op}__", ("a",))
_forward(operator.getitem, "__getitem__", ("obj", "index"))
_forward(operator.setitem, "__setitem__", ("obj", "index", "value"))
_forward(operator.delitem, "__delitem__", ("obj", "index"))
for _fn in (len, hash, str, repr, abs, float, int):
    _forward(_fn, f"__{_fn.__name__}__", ("obj",))


def _truth(t):
    """The expression of an instance's truth, as Python decides it."""
    if _has(t, "__bool__"):
        return "obj.__bool__()"
    if _has(t, "__len__"):
        return "obj.__len__() != 0"
    return "True"


@overload(bool)
def bool_(obj):
    """bool(obj), and `if obj:` and `not obj`, which the typer turns into
    bool(obj) (Typer::test_instances_by_bool): __bool__, else
    __len__() != 0, else True; None is false."""
    if isinstance(obj, types.ClassInstanceType):
        return generate("truth", ("obj",), [f"return {_truth(obj)}"])
    if isinstance(obj, types.Optional) and isinstance(obj.type, types.ClassInstanceType):
        return generate("truth", ("obj",), ["if obj is None:", "    return False",
                                            f"return {_truth(obj.type)}"])
    return None



@overload(operator.contains)
def contains(container, item):        # item in container
    if _has(container, "__contains__"):
        return _call_method("contains", ("container", "item"), "container", "__contains__",
                            ["item"])
    return None


@overload(getattr, prefer_literal=True)
def getattr_(obj, name):
    """getattr(obj, "name") with a constant name: obj.name."""
    if isinstance(obj, types.ClassInstanceType) and isinstance(name, types.StringLiteral):
        return generate("getattr", ("obj", "name"), [f"return obj.{name.literal_value}"])
    return None
