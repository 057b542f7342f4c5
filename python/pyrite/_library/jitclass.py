"""`obj.x = v` in compiled code (the frontend calls `setattr(obj, "x", v)`):
a @jitclass's attribute or property setter (pyrite/experimental/jitclass.py);
other objects have no attributes to set."""
import operator

from .. import types
from ..errors import TypingError
from ..extending import overload
from . import _jitclass_core
from ._generate import generate


@overload(setattr, prefer_literal=True)
def setattr_(obj, name, value):
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
    if field not in info.fields:
        raise TypingError(f"jitclass {info.name} has no attribute '{field}' (its attributes: "
                          f"{', '.join(info.fields) or 'none'}; declare each in the spec or "
                          f"as an annotation)")
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
