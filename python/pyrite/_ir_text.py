"""pyrite's own IR-level primitives, written as LLVM IR text.

The library's few primitives below the Python subset (a libm call, the raw
draw of the random streams, an array's data address, a call of a C function
by address) are small functions of LLVM IR. They are written here as text,
which the core parses, links and inlines like an @intrinsic's module
(core/lower/lower_llvm_ir.cpp), so that compiled code never needs llvmlite:
it is not a dependency of pyrite. (The public @intrinsic, Numba's API, keeps
building its IR with llvmlite.ir: code written for it imports llvmlite.)
"""
import itertools

from . import types
from .errors import TypingError
from ._llvmlite_bridge import IRImplementation, Intrinsic

_counter = itertools.count()


def ir_type(t):
    """The LLVM type, as text, of a scalar of pyrite type `t` in registers."""
    if isinstance(t, types.Boolean):
        return "i1"
    if isinstance(t, types.Integer):
        return f"i{t.bitwidth}"
    if isinstance(t, types.Float):
        return "float" if t.bitwidth == 32 else "double"
    if isinstance(t, types.NPDatetime):   # datetime64 / timedelta64: an int64 count
        return "i64"
    if isinstance(t, types.NoneType):
        return "i8"
    if isinstance(t, types.Array):
        # the core's array struct: {meminfo, parent, nitems, itemsize, data, shape, strides}
        dims = f"[{t.ndim} x i64]"
        return f"{{ptr, ptr, i64, i64, ptr, {dims}, {dims}}}"
    raise TypingError(f"no LLVM IR type for {t} in pyrite's IR primitives")


def function_module(symbol, signature, body, declarations=()):
    """The text of a module defining `symbol` with `signature`, its
    arguments named %a0, %a1, ...; `body` is the text of its blocks (the
    first is `entry`), `declarations` the lines declaring what it calls."""
    ret = signature.return_type if signature.return_type is not None else types.none
    params = ", ".join(f"{ir_type(t)} %a{k}" for k, t in enumerate(signature.args))
    lines = list(declarations)
    lines.append(f'define {ir_type(ret)} @"{symbol}"({params}) {{')
    lines.append("entry:")
    lines.extend("  " + line if line and not line.endswith(":") else line
                 for line in body.strip().splitlines())
    lines.append("}")
    return "\n".join(lines) + "\n"


def implementation(name, signature, body, declarations=()):
    """An IRImplementation of `signature` whose function has `body`."""
    ret = signature.return_type if signature.return_type is not None else types.none
    symbol = f"pyrite.ir.{name}.{next(_counter)}"
    return IRImplementation(function_module(symbol, signature, body, declarations), symbol,
                            signature.args, ret)


class _TextTemplate:
    kind = "intrinsic"
    prefer_literal = False

    def __init__(self, defn):
        self.defn = defn
        self.cache = {}
        code = defn.__code__
        self.where = f"{code.co_filename}:{code.co_firstlineno}"

    def __repr__(self):
        return f"IR primitive {self.defn.__qualname__} ({self.where})"

    def resolve(self, target, arg_types, kwnames):
        if kwnames:
            return "takes positional arguments only"
        key = tuple(arg_types)
        if key not in self.cache:
            result = self.defn(*arg_types)
            if result is None:
                self.cache[key] = "declined"
            else:
                signature, body, *declarations = result
                self.cache[key] = implementation(self.defn.__name__, signature, body,
                                                 declarations[0] if declarations else ())
        return self.cache[key]


def ir_primitive(defn):
    """A library primitive callable from compiled code: `defn(*arg_types)`
    returns None to decline, or (signature, body) or (signature, body,
    declarations), the body being LLVM IR text over the arguments %a0, ..."""
    def stub(typingctx, *args):   # pragma: no cover - replaced by the template
        return None
    stub.__name__ = stub.__qualname__ = defn.__name__
    primitive = Intrinsic(stub)
    primitive.overloads.name = defn.__qualname__
    primitive.overloads.templates[:] = [_TextTemplate(defn)]
    return primitive
