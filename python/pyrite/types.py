"""Type objects under Numba's names (numba.types): float64, int64[:], ...

They print as Numba prints them and build signatures as Numba's do:
`float64(int64[:])` gives a Signature. The classes are the ones typing
functions of the extension API test (pyrite.extending, as numba.extending):

    isinstance(a, types.Array) and a.ndim == 1 and isinstance(a.dtype, types.Float)

Every type the compiler shows Python is an instance of one of them; types
are compared by their name (`key`), so `types.Array(types.float64, 1, "C")`
equals the type of a C-contiguous float64 vector wherever it came from.
"""


class Type:
    """A pyrite type, known by its Numba-style name."""

    def __init__(self, name):
        self.name = name

    @property
    def key(self):
        return self.name

    def __repr__(self):
        return self.name

    __str__ = __repr__

    def __eq__(self, other):
        return isinstance(other, Type) and other.key == self.key

    def __hash__(self):
        return hash(self.key)

    def __getitem__(self, dims):
        """`float64[:]`, `float64[:, ::1]`: array types, as in Numba."""
        if not isinstance(dims, tuple):
            dims = (dims,)
        for d in dims:
            if not isinstance(d, slice):
                raise TypeError("array dimensions are written as ':' or '::1'")
        layout = "A"
        if dims[-1].step == 1:
            layout = "C"           # float64[:, ::1]
        elif len(dims) > 1 and dims[0].step == 1:
            layout = "F"           # float64[::1, :]
        return Array(self, len(dims), layout)

    def __call__(self, *args):
        return Signature(self, args)

    @property
    def is_precise(self):
        return True


class Dummy(Type):
    """A type without a value representation of its own (Numba's Dummy)."""


class Opaque(Dummy):
    """A compiler-internal type shown by name (range states, iterators, ...)."""

    @property
    def key(self):
        return (type(self).__name__, self.name)   # never equal to a type it prints like


class NoneType(Opaque):
    def __init__(self):
        super().__init__("none")


class Omitted(Opaque):
    """An argument left out of a call, so its default `value` applies."""

    def __init__(self, value):
        super().__init__(f"omitted(default={value!r})")
        self.value = value


class Boolean(Type):
    bitwidth = 8


class Number(Type):
    """Integers, floats and complex numbers (not booleans, as in Numba)."""


class Integer(Number):
    def __init__(self, name, bitwidth=None, signed=None):
        super().__init__(name)
        if bitwidth is None:
            signed = not name.startswith("uint")
            bitwidth = int(name[3 if signed else 4:])
        self.bitwidth, self.signed = bitwidth, signed


class Float(Number):
    def __init__(self, name):
        super().__init__(name)
        self.bitwidth = int(name[5:])


class Complex(Number):
    def __init__(self, name, underlying_float):
        super().__init__(name)
        self.underlying_float = underlying_float
        self.bitwidth = 2 * underlying_float.bitwidth


class NPDatetime(Type):
    """np.datetime64 values in `unit` (NumPy's codes 'Y' ... 'as'; '' for the
    generic unit): an int64 count of units since 1970-01-01, NaT the least
    int64 (Numba's NPDatetime)."""
    type_name = "datetime64"

    def __init__(self, unit):
        self.unit = unit
        super().__init__(f"{self.type_name}[{unit}]" if unit else self.type_name)


class NPTimedelta(NPDatetime):
    """np.timedelta64 values in `unit` (Numba's NPTimedelta)."""
    type_name = "timedelta64"


class UnicodeCharSeq(Type):
    """An element of a NumPy 'U<count>' array: `count` UCS4 code points
    (Numba's UnicodeCharSeq); compiled code reads it as a str."""

    def __init__(self, count):
        self.count = count
        super().__init__(f"[unichr x {count}]")


class CharSeq(Type):
    """An element of a NumPy 'S<count>' array: `count` bytes (Numba's CharSeq)."""

    def __init__(self, count):
        self.count = count
        super().__init__(f"[char x {count}]")


class Literal(Type):
    """A compile-time constant argument (prefer_literal): `literal_value` is
    the Python value."""

    def __init__(self, value):
        self.literal_value = value
        self._literal_init(value)

    def _literal_init(self, value):
        super().__init__(f"Literal[{type(value).__name__}]({value!r})")


class IntegerLiteral(Literal, Integer):
    def __init__(self, value):
        Literal.__init__(self, value)
        self.bitwidth, self.signed = 64, True

    def _literal_init(self, value):
        Type.__init__(self, f"Literal[int]({value})")

    @property
    def literal_type(self):
        return int64


class BooleanLiteral(Literal, Boolean):
    def _literal_init(self, value):
        Type.__init__(self, f"Literal[bool]({value})")

    @property
    def literal_type(self):
        return boolean


class UnicodeType(Type):
    """Python str values (Numba's unicode_type): immutable text of code
    points, stored as CPython stores them (PEP 393)."""

    def __init__(self):
        super().__init__("unicode_type")


class List(Type):
    """A Python list of `dtype` items (Numba's List; `reflected` is accepted
    and ignored: a list argument is always written back when changed)."""

    def __init__(self, dtype, reflected=False, initial_value=None):
        self.dtype = dtype
        self.reflected = reflected
        name = "undefined" if dtype is None else dtype.name
        super().__init__(f"list({name})")

    @property
    def key(self):
        return ("list", self.dtype)

    def __iter__(self):
        raise TypeError("a list type is not iterable")


class ListType(List):
    """Numba's ListType(item_type), what numba.typed.List holds: one list
    type in pyrite (equal to List(item_type))."""

    def __init__(self, item_type):
        super().__init__(item_type)
        self.item_type = item_type


class Generator(Type):
    """A running generator yielding `yield_type` values: what calling a
    generator function, or a generator expression, gives (Numba's
    Generator; here any two of one yield type are alike to consumers)."""

    def __init__(self, yield_type):
        self.yield_type = yield_type
        super().__init__(f"Generator(yield={yield_type.name})")

    @property
    def key(self):
        return ("generator", self.yield_type)


class Set(Type):
    """A set of `dtype` items (Numba's Set; `reflected` is accepted and
    ignored: a set argument is written back when changed)."""

    def __init__(self, dtype, reflected=False):
        self.dtype = dtype
        self.reflected = reflected
        super().__init__(f"set({'undefined' if dtype is None else dtype.name})")

    @property
    def key(self):
        return ("set", self.dtype)


class DictType(Type):
    """A dict of `key_type` keys and `value_type` values (Numba's DictType,
    what numba.typed.Dict holds): hashable keys (numbers, str, tuples of
    these), values of any type a list can hold. Both None for an empty dict
    display whose types are not known yet."""

    def __init__(self, key_type, value_type, initial_value=None):
        self.key_type = key_type
        self.value_type = value_type
        if key_type is None:
            super().__init__("DictType[undefined,undefined]")
        else:
            super().__init__(f"DictType[{key_type.name},{value_type.name}]<iv=None>")

    @property
    def key(self):
        return ("dict", self.key_type, self.value_type)

    @property
    def dtype(self):
        return (self.key_type, self.value_type)


class DictValuesView(Type):
    """d.values() of a `dict_type` dict (Numba's DictValuesIterableType):
    walked for its values, as often as wanted, and sized by len()."""

    def __init__(self, dict_type):
        self.dict_type = dict_type
        self.yield_type = dict_type.value_type
        super().__init__(f"DictValuesView({dict_type.name.split('<')[0]})")

    @property
    def key(self):
        return ("dict_values", self.dict_type)


class DictItemsView(Type):
    """d.items() of a `dict_type` dict: walked for (key, value) tuples."""

    def __init__(self, dict_type):
        self.dict_type = dict_type
        self.yield_type = Tuple([dict_type.key_type, dict_type.value_type])
        super().__init__(f"DictItemsView({dict_type.name.split('<')[0]})")

    @property
    def key(self):
        return ("dict_items", self.dict_type)


class StringLiteral(Literal):
    """A constant str: a unicode_type whose text is known when compiling."""

    def _literal_init(self, value):
        Type.__init__(self, f"Literal[str]({value})")

    @property
    def literal_type(self):
        return unicode_type


class BaseTuple(Type):
    def __iter__(self):
        return iter(self.types)

    def __len__(self):
        return len(self.types)

    def __getitem__(self, i):
        return self.types[i]


class UniTuple(BaseTuple):
    """A tuple of `count` values of one type `dtype`."""

    def __init__(self, dtype, count):
        super().__init__(f"UniTuple({dtype} x {count})")
        self.dtype, self.count = dtype, count
        self.types = (dtype,) * count


class Tuple(BaseTuple):
    """A tuple of values of different types (`types`)."""

    def __new__(cls, types):
        types = tuple(types)
        if types and all(t == types[0] for t in types):
            return UniTuple(types[0], len(types))
        return super().__new__(cls)

    def __init__(self, types):
        types = tuple(types)
        super().__init__("Tuple(" + ", ".join(str(t) for t in types) + ")")
        self.types, self.count = types, len(types)


class NamedTuple(BaseTuple):
    """A namedtuple of class `cls` holding `types` (Numba's NamedTuple and
    NamedUniTuple: one class here); `fields` are the class's field names."""

    def __init__(self, types, cls):
        types = tuple(types)
        self.types, self.count, self.cls = types, len(types), cls
        self.fields = tuple(cls._fields)
        if types and all(t == types[0] for t in types):
            name = f"NamedUniTuple({types[0]} x {len(types)}, {cls.__name__})"
        else:
            name = "NamedTuple(" + "".join(f"{t}, " for t in types) + f"{cls.__name__})"
        super().__init__(name)

    @property
    def key(self):
        return ("namedtuple", self.cls, self.types)


NamedUniTuple = NamedTuple


class Buffer(Type):
    """Values over a buffer of elements: arrays, and the bytes, bytearray
    and memoryview arguments (Numba's Buffer)."""


class _BufferObject(Buffer):
    """A bytes-like argument: `dtype` elements (uint8) in `ndim` dimensions
    over the object's buffer; compiled code uses it as an array."""
    kind = ""

    def __init__(self, dtype, ndim, layout, readonly=False):
        prefix = "readonly " if readonly and type(self) is not Bytes else ""
        super().__init__(f"{prefix}{type(self).__name__}({dtype}, {ndim}d, {layout})")
        self.dtype, self.ndim, self.layout = dtype, ndim, layout
        self.readonly, self.mutable = readonly, not readonly


class Bytes(_BufferObject):
    """A bytes argument (always read-only)."""
    kind = "bytes"

    def __init__(self, dtype, ndim, layout, readonly=True):
        super().__init__(dtype, ndim, layout, True)


class ByteArray(_BufferObject):
    kind = "bytearray"


class MemoryView(_BufferObject):
    kind = "memoryview"


class Array(Buffer):
    """An array of `ndim` dimensions of `dtype`; `layout` is "C" (contiguous),
    "F" (Fortran-contiguous) or "A" (any strides); `readonly` when its
    elements cannot be written."""

    def __init__(self, dtype, ndim, layout, readonly=False):
        prefix = "readonly " if readonly else ""
        super().__init__(f"{prefix}array({dtype}, {ndim}d, {layout})")
        self.dtype, self.ndim, self.layout = dtype, ndim, layout
        self.readonly = readonly
        self.mutable = not readonly  # Numba's name for it

    def copy(self, dtype=None, ndim=None, layout=None, readonly=None):
        return Array(self.dtype if dtype is None else dtype,
                     self.ndim if ndim is None else ndim,
                     self.layout if layout is None else layout,
                     self.readonly if readonly is None else readonly)

    @property
    def is_c_contig(self):
        return self.layout == "C"

    @property
    def is_f_contig(self):
        return self.layout == "F" or (self.layout == "C" and self.ndim <= 1)

    def signature_text(self):
        dims = [":"] * self.ndim
        if self.layout == "C":
            dims[-1] = "::1"
        elif self.layout == "F":
            dims[0] = "::1"
        return f"{self.dtype}[{', '.join(dims)}]"


class NumberClass(Opaque):
    """A scalar type used as a value (`np.float32` passed as a dtype);
    `instance_type` is the scalar type."""

    def __init__(self, instance_type):
        super().__init__(f"class({instance_type})")
        self.instance_type = instance_type


class NamedTupleClass(Opaque):
    """A namedtuple class used as a value (called to make one)."""

    def __init__(self, cls):
        super().__init__(f"class({cls.__name__})")
        self.cls = cls

    @property
    def key(self):
        return ("namedtuple_class", self.cls)


class ExceptionClass(Opaque):
    """An exception class used as a value (`except ValueError`): `name` is
    how compiled code names it ("ValueError", "mymodule.MyError")."""

    def __init__(self, name):
        super().__init__(f"ExceptionClass({name})")
        self.class_name = name


class CaughtException(Opaque):
    """The exception a handler caught (`except ValueError as e`): its class
    and message, known at run time."""

    def __init__(self):
        super().__init__("exception")


class Dispatcher(Opaque):
    """Another compiled function passed as a value."""


class Function(Opaque):
    """A known global function (math.sqrt, an @overload-ed function)."""


class Module(Opaque):
    pass


class ExternalFunction(Opaque):
    """A C function by symbol name and signature (Numba's ExternalFunction):
    declared in compiled code and resolved by the dynamic linker."""

    def __init__(self, symbol, sig):
        super().__init__(f"ExternalFunction({symbol}, {sig})")
        self.symbol, self.sig = symbol, sig


class Optional(Type):
    """A value of `type` or None (numba.optional)."""

    def __init__(self, type):
        super().__init__(f"OptionalType({type})")
        self.type = type


class NestedArray(Type):
    """A sub-array field of a Record (Numba's NestedArray): `dtype` elements
    of the fixed C-ordered `shape`; reading the field gives a C array view."""

    def __init__(self, dtype, shape):
        self.dtype, self.shape, self.ndim = dtype, tuple(shape), len(shape)
        dims = ", ".join(str(n) for n in self.shape) + ("," if len(self.shape) == 1 else "")
        super().__init__(f"nestedarray({dtype}, ({dims}))")


def _field_type(field, readonly):
    """The pyrite type of a structured dtype's field dtype."""
    if field.subdtype is not None:                  # a sub-array
        base, shape = field.subdtype
        return NestedArray(_BY_NAME[base.name], shape)
    if field.names:                                 # a nested record
        return Record(field, readonly=readonly)
    return _BY_NAME[field.name]


class Record(Type):
    """An element of a structured array (Numba's Record): `dtype` is its
    NumPy structured dtype, `fields` maps each field name to (type, byte
    offset), `size` is the itemsize. Compiled code reads and writes a record
    in place: `a[i].x = v` changes the array, as in NumPy; a record of a
    read-only array is `readonly`."""

    def __init__(self, dtype, name=None, readonly=False):
        import numpy as np
        dtype = np.dtype(dtype)
        self.dtype = dtype
        self.readonly = readonly
        self.fields = {f: (_field_type(dtype.fields[f][0], readonly), dtype.fields[f][1])
                       for f in dtype.names}
        self.size = dtype.itemsize
        self.aligned = dtype.isalignedstruct
        titles = {f: dtype.fields[f][2] if len(dtype.fields[f]) > 2 else None
                  for f in dtype.names}
        super().__init__(name or ("readonly " if readonly else "") + "Record(" + ",".join(
            f"{f}[type={t};offset={o}" + (f";title={titles[f]}" if titles[f] is not None else "")
            + "]" for f, (t, o) in self.fields.items()) + f";{self.size};{self.aligned})")

    @property
    def members(self):
        return [(f, t) for f, (t, _) in self.fields.items()]

    def typeof(self, field):
        return self.fields[field][0]


class ClassInstanceType(Type):
    """Instances of a @jitclass (Numba's ClassInstanceType): `class_type`
    is the class's ClassType, `jit_class` the class Python sees."""

    def __init__(self, class_type):
        super().__init__(f"instance.jitclass.{class_type.class_name}")
        self.class_type = class_type

    @property
    def jit_class(self):
        return self.class_type.jit_class

    @property
    def key(self):
        return ("jitclass", self.class_type.jit_class)

    @property
    def struct(self):
        """The attributes' names and types, in memory order."""
        return dict(self.class_type.info.fields)

    def _pyrite_member_(self, name):
        return self.class_type.info.instance_member(name)


class ClassType(Opaque):
    """A @jitclass used as a value (Numba's ClassType): called to make an
    instance; `instance_type` is the type of its instances."""

    def __init__(self, jit_class, info):
        super().__init__(f"jitclass.{jit_class.__name__}")
        self.jit_class, self.info = jit_class, info
        self.class_name = jit_class.__name__
        self.instance_type = ClassInstanceType(self)

    @property
    def key(self):
        return ("jitclass_class", self.jit_class)

    @property
    def struct(self):
        return dict(self.info.fields)

    @property
    def methods(self):
        return dict(self.info.methods)

    def _pyrite_member_(self, name):
        return self.info.class_member(name)


class DeferredType(Type):
    """A type named before it exists (Numba's deferred_type): a jitclass
    attribute holding the class's own instances, defined once the class is
    (`node_type.define(Node.class_type.instance_type)`)."""

    def __init__(self):
        super().__init__("DeferredType")
        self.type = None

    def define(self, t):
        if self.type is not None:
            raise TypeError("this deferred type is defined already")
        self.type = t

    def get(self):
        if self.type is None:
            raise TypeError("the deferred type is used before define() gave it a type")
        return self.type

    @property
    def key(self):
        return ("deferred", id(self)) if self.type is None else self.type.key


def deferred_type():
    """A type to define later (Numba's deferred_type)."""
    return DeferredType()


class RawPointer(Opaque):
    """An untyped C pointer (`types.voidptr`)."""


class CPointer(Type):
    """A C pointer to `dtype` values."""

    def __init__(self, dtype):
        super().__init__(f"CPointer({dtype})")
        self.dtype = dtype


class WrapperAddressProtocol:
    """A C function given by address (Numba's WrapperAddressProtocol):
    subclasses define `__wrapper_address__()` (the address, an int) and
    `signature()` (a Signature); instances are callable from compiled code."""

    def __wrapper_address__(self):
        raise NotImplementedError

    def signature(self):
        raise NotImplementedError


class Callable(Type):
    """Numba's base class of callable types (used in annotations)."""


class Signature:
    """`return_type(arg types...)`, as numba.core.typing.Signature."""

    def __init__(self, return_type, args):
        self.return_type = return_type
        self.args = tuple(args)

    def __repr__(self):
        return f"{self.args} -> {self.return_type}"

    def __eq__(self, other):
        return (isinstance(other, Signature) and other.return_type == self.return_type
                and other.args == self.args)

    def __hash__(self):
        return hash((self.return_type, self.args))


def _text(t):
    return t.signature_text() if isinstance(t, Array) else t.name


def signature_text(sig):
    """The string form pyrite's C++ core parses."""
    args = ", ".join(_text(a) for a in sig.args)
    if sig.return_type is None:
        return f"({args})"
    return f"{_text(sig.return_type)}({args})"


boolean = bool_ = Boolean("bool")
int8, int16, int32, int64 = (Integer(f"int{b}") for b in (8, 16, 32, 64))
uint8, uint16, uint32, uint64 = (Integer(f"uint{b}") for b in (8, 16, 32, 64))
float32, float64 = Float("float32"), Float("float64")
# GPU kernels only (numba.cuda's, with cuda.fp16); a CPU target refuses it, as Numba's does.
float16 = Float("float16")
complex64, complex128 = Complex("complex64", float32), Complex("complex128", float64)
byte = uint8
intp, uintp = int64, uint64
intc, uintc = int32, uint32
float_, double = float32, float64
none = void = NoneType()
unicode_type = string = UnicodeType()
voidptr = RawPointer("void*")
optional = Optional
f4, f8, i1, i2, i4, i8, u1, u2, u4, u8 = (float32, float64, int8, int16, int32, int64,
                                          uint8, uint16, uint32, uint64)
c8, c16 = complex64, complex128
b1 = boolean

signed_domain = frozenset([int8, int16, int32, int64])
unsigned_domain = frozenset([uint8, uint16, uint32, uint64])
integer_domain = signed_domain | unsigned_domain
real_domain = frozenset([float32, float64])
complex_domain = frozenset([complex64, complex128])
number_domain = integer_domain | real_domain | complex_domain

_BY_NAME = {t.name: t for t in (boolean, int8, int16, int32, int64, uint8, uint16, uint32,
                                uint64, float16, float32, float64, complex64, complex128,
                                none, unicode_type)}


def _split_top(text):
    """`text` split at commas outside parentheses and brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "(["
        depth -= ch in ")]"
        if ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    tail = text[start:].strip()
    return parts + [tail] if tail else parts


def from_name(name):
    """The type object for a name the core prints ("array(float64, 1d, C)",
    "UniTuple(int64 x 2)", "Tuple(int64, float64)")."""
    readonly = name.startswith("readonly ")
    if readonly:
        name = name[len("readonly "):]
    if name.startswith("array(") and name.endswith(")"):
        dtype, nd, layout = (p.strip() for p in name[6:-1].rsplit(",", 2))
        return Array(from_name(dtype), int(nd[:-1]), layout, readonly)
    if name.startswith("UniTuple(") and name.endswith(")"):
        inner, _, count = name[9:-1].rpartition(" x ")
        return UniTuple(from_name(inner), int(count))
    if name.startswith("Tuple(") and name.endswith(")"):
        return Tuple([from_name(p) for p in _split_top(name[6:-1])])
    if name.startswith("list(") and name.endswith(")") and name != "list(undefined)":
        return List(from_name(name[5:-1]))
    if name.startswith("set(") and name.endswith(")") and name != "set(undefined)":
        return Set(from_name(name[4:-1]))
    if name.startswith("DictType[") and name.endswith("]<iv=None>"):
        key, value = _split_top(name[9:-len("]<iv=None>")])
        return DictType(from_name(key), from_name(value))
    return _BY_NAME.get(name) or Opaque(name)


# The bridge to the C++ core (pyrite/_types_bridge.py), under its old names.
from ._types_bridge import _from_core, _to_core  # noqa: E402,F401


# Numba's types is a package (numba.core.types.misc, ...): an empty __path__
# lets `import numba.core.types.<submodule>` reach install_as_numba's
# placeholders for Numba's internals.
__path__ = []
