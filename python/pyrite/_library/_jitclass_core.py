"""The primitives of @jitclass instances that the C++ core implements
(core/lower/lower_jitclass.cpp; typing: core/typing/primitives.cpp).
pyrite/experimental/jitclass.py builds constructors on them and
pyrite/_library/jitclass.py attribute assignment. An instance is a
reference to a struct of its attributes (data_model.h: InstanceHeader).
The Python bodies say what each computes; only compiled code calls them.
"""


def new(cls):
    """A new instance of jitclass `cls` whose attributes are all zeros
    (before `__init__` runs)."""
    raise NotImplementedError("compiled code only")


def set_field(obj, name, value):
    """obj.name = value for attribute `name` (a constant) of a jitclass
    instance: the value converted to the attribute's type, the old value
    released."""
    setattr(obj, name, value)


def is_same(a, b):
    """a is b for two instances."""
    return a is b
