"""Type objects under Numba's names (numba.types): float64, int64[:], ...

They print as Numba prints them and build signatures as Numba's do:
`float64(int64[:])` gives a Signature.
"""


class Type:
    """A pyrite type, known by its Numba-style name."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name

    __str__ = __repr__

    def __eq__(self, other):
        return isinstance(other, Type) and other.name == self.name

    def __hash__(self):
        return hash(self.name)

    def __getitem__(self, dims):
        """`float64[:]`, `float64[:, ::1]`: array types, as in Numba."""
        if not isinstance(dims, tuple):
            dims = (dims,)
        parts = []
        for k, d in enumerate(dims):
            if not isinstance(d, slice):
                raise TypeError("array dimensions are written as ':' or '::1'")
            contiguous = d.step == 1 and k == len(dims) - 1
            parts.append("::1" if contiguous else ":")
        layout = "C" if parts[-1] == "::1" else "A"
        return Array(self, len(dims), layout)

    def __call__(self, *args):
        return Signature(self, args)


class Array(Type):
    def __init__(self, dtype, ndim, layout, readonly=False):
        prefix = "readonly " if readonly else ""
        super().__init__(f"{prefix}array({dtype}, {ndim}d, {layout})")
        self.dtype, self.ndim, self.layout = dtype, ndim, layout
        self.mutable = not readonly  # Numba's name for it

    def signature_text(self):
        dims = [":"] * self.ndim
        if self.layout == "C":
            dims[-1] = "::1"
        return f"{self.dtype}[{', '.join(dims)}]"


class Signature:
    """`return_type(arg types...)`, as numba.core.typing.Signature."""

    def __init__(self, return_type, args):
        self.return_type = return_type
        self.args = tuple(args)

    def __repr__(self):
        return f"{self.args} -> {self.return_type}"


def _text(t):
    return t.signature_text() if isinstance(t, Array) else t.name


def signature_text(sig):
    """The string form pyrite's C++ core parses."""
    args = ", ".join(_text(a) for a in sig.args)
    if sig.return_type is None:
        return f"({args})"
    return f"{_text(sig.return_type)}({args})"


boolean = bool_ = Type("bool")
int8, int16, int32, int64 = (Type(f"int{b}") for b in (8, 16, 32, 64))
uint8, uint16, uint32, uint64 = (Type(f"uint{b}") for b in (8, 16, 32, 64))
float32, float64 = Type("float32"), Type("float64")
intp = int64
none = void = Type("none")
f4, f8, i4, i8 = float32, float64, int32, int64


def from_name(name):
    """The type object for a name the core prints ("array(float64, 1d, C)")."""
    readonly = name.startswith("readonly ")
    if readonly:
        name = name[len("readonly "):]
    if name.startswith("array(") and name.endswith(")"):
        dtype, nd, layout = (p.strip() for p in name[6:-1].split(","))
        return Array(from_name(dtype), int(nd[:-1]), layout, readonly)
    return globals().get(name) if isinstance(globals().get(name), Type) else Type(name)
