"""@intrinsic: calls whose LLVM IR is built at compile time with llvmlite.ir.

An intrinsic's definition `f(typingctx, *arg_types)` returns `(signature,
codegen)` (or None to decline). pyrite makes a one-function module with
llvmlite's pure-Python IR builder, lets `codegen(context, builder, signature,
args)` fill its body, and hands the module's text to the core, which parses
it into the module being compiled, links it and inlines the call.

What differs from Numba (docs/extending.md): arguments and results are
scalars (booleans are i1, integers iN, float32/float64 float/double), so
pointer work goes through integer addresses (`builder.inttoptr`); `context`
offers the common helpers (get_value_type, get_constant, cast,
get_dummy_value), not Numba's whole BaseContext; cgutils is not provided.
"""
import functools
import itertools

from . import types
from .errors import TypingError

_counter = itertools.count()


def _llvmlite():
    try:
        from llvmlite import ir
    except ImportError as e:  # pragma: no cover - llvmlite comes with numba
        raise TypingError("@intrinsic needs llvmlite (pip install llvmlite) to build its "
                          "IR") from e
    return ir


def llvm_type(t):
    """The llvmlite type of a value of pyrite type `t` in registers."""
    ir = _llvmlite()
    if isinstance(t, types.Boolean):
        return ir.IntType(1)
    if isinstance(t, types.Integer):
        return ir.IntType(t.bitwidth)
    if isinstance(t, types.Float):
        return ir.FloatType() if t.bitwidth == 32 else ir.DoubleType()
    if isinstance(t, types.NoneType):
        return ir.IntType(8)
    raise TypingError(f"an @intrinsic takes and returns scalars in pyrite; {t} is not one "
                      f"(docs/extending.md)")


class IRImplementation:
    """What an intrinsic's codegen built for one signature."""

    def __init__(self, ir, symbol, args, return_type):
        self.ir, self.symbol = ir, symbol
        self.args, self.return_type = tuple(args), return_type


class _TypingContext:
    """The few typing-context services intrinsics use."""

    def unify_types(self, *tys):
        first = tys[0]
        return first if all(t == first for t in tys) else None

    def resolve_value_type(self, value):
        if isinstance(value, bool):
            return types.boolean
        if isinstance(value, int):
            return types.int64
        if isinstance(value, float):
            return types.float64
        raise TypingError(f"no pyrite type for {value!r}")


class _CodegenContext:
    """The codegen context's common helpers, with Numba's names."""

    def get_value_type(self, t):
        return llvm_type(t)

    get_data_type = get_argument_type = get_return_type = get_value_type

    def get_constant(self, t, value):
        return llvm_type(t)(value)

    def get_dummy_value(self):
        return _llvmlite().IntType(8)(0)

    def cast(self, builder, value, fromty, toty):
        if fromty == toty:
            return value
        ir = _llvmlite()
        to = llvm_type(toty)
        if isinstance(fromty, types.Float) and isinstance(toty, types.Float):
            return (builder.fpext if toty.bitwidth > fromty.bitwidth else builder.fptrunc)(
                value, to)
        if isinstance(fromty, (types.Integer, types.Boolean)) and isinstance(toty, types.Float):
            signed = isinstance(fromty, types.Integer) and fromty.signed
            return (builder.sitofp if signed else builder.uitofp)(value, to)
        if isinstance(fromty, types.Float) and isinstance(toty, types.Integer):
            return (builder.fptosi if toty.signed else builder.fptoui)(value, to)
        if isinstance(toty, types.Boolean):
            return builder.icmp_unsigned("!=", value, value.type(0))
        if isinstance(toty, types.Integer):
            width = value.type.width
            if toty.bitwidth > width:
                signed = isinstance(fromty, types.Integer) and fromty.signed
                return (builder.sext if signed else builder.zext)(value, to)
            if toty.bitwidth < width:
                return builder.trunc(value, to)
            return value
        raise TypingError(f"cannot cast {fromty} to {toty} in an @intrinsic")


_typing_context = _TypingContext()
_codegen_context = _CodegenContext()


def _module_text(module):
    """The module as LLVM 15+ reads it: opaque pointers (`ptr`), whatever
    llvmlite's typed-pointer setting."""
    from llvmlite.ir import types as irtypes
    saved = getattr(irtypes, "ir_layer_typed_pointers_enabled", False)
    irtypes.ir_layer_typed_pointers_enabled = False
    try:
        return str(module)
    finally:
        irtypes.ir_layer_typed_pointers_enabled = saved


class _IntrinsicTemplate:
    kind = "intrinsic"

    def __init__(self, defn, prefer_literal):
        self.defn = defn
        self.prefer_literal = prefer_literal
        self.cache = {}
        code = getattr(defn, "__code__", None)
        self.where = f"{code.co_filename}:{code.co_firstlineno}" if code else repr(defn)

    def __repr__(self):
        return f"intrinsic {getattr(self.defn, '__qualname__', '?')} ({self.where})"

    def resolve(self, target, arg_types, kwnames):
        key = (arg_types, kwnames)
        if key not in self.cache:
            self.cache[key] = self._build(arg_types, kwnames)
        return self.cache[key]

    def _build(self, arg_types, kwnames):
        from .extending import _TypingFunctionError
        if kwnames:
            return "an @intrinsic takes positional arguments only"
        try:
            result = self.defn(_typing_context, *arg_types)
        except TypingError as e:
            return f"raised TypingError: {e}"
        except Exception as e:
            raise _TypingFunctionError(self, e) from e
        if result is None:
            return "declined (returned None)"
        sig, codegen = result
        if len(sig.args) != len(arg_types):
            return (f"its signature takes {len(sig.args)} arguments, the call passes "
                    f"{len(arg_types)}")
        ir = _llvmlite()
        module = ir.Module(name=getattr(self.defn, "__name__", "intrinsic"))
        ret = sig.return_type if sig.return_type is not None else types.none
        fnty = ir.FunctionType(llvm_type(ret), [llvm_type(a) for a in sig.args])
        symbol = f"pyrite.intrinsic.{getattr(self.defn, '__name__', 'f')}.{next(_counter)}"
        fn = ir.Function(module, fnty, name=symbol)
        builder = ir.IRBuilder(fn.append_basic_block(name="entry"))
        try:
            value = codegen(_codegen_context, builder, sig, list(fn.args))
        except Exception as e:
            raise _TypingFunctionError(self, e) from e
        if not builder.block.is_terminated:
            if isinstance(ret, types.NoneType) or value is None:
                builder.ret(ir.IntType(8)(0))
            else:
                builder.ret(value)
        return IRImplementation(_module_text(module), symbol, sig.args, ret)


class Intrinsic:
    """What @intrinsic returns: callable from compiled code only."""

    def __init__(self, defn, prefer_literal=False, **kwargs):
        from .extending import _Overloads
        functools.update_wrapper(self, defn)
        self._defn = defn
        self.overloads = _Overloads(getattr(defn, "__qualname__", "intrinsic"))
        self.overloads.templates.append(_IntrinsicTemplate(defn, prefer_literal))

    def __call__(self, *args, **kwargs):
        raise NotImplementedError(f"the @intrinsic {self.overloads.name} can only be called "
                                  f"from compiled code")

    def __repr__(self):
        return f"<pyrite intrinsic {self.overloads.name}>"
