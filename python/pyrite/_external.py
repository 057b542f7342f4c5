"""Calling C from compiled code: ctypes and cffi function objects,
`types.ExternalFunction` and `types.WrapperAddressProtocol` objects.

Each becomes a one-function LLVM module (IR text, _ir_text.py) that calls
the C function through its address; the core links it in and inlines the
call. Addresses are those of this process, so
such calls compile for in-process targets only (not ahead of time).
"""
import ctypes

from . import types
from .errors import TypingError

_CTYPES = {ctypes.c_double: types.float64, ctypes.c_float: types.float32,
           ctypes.c_bool: types.boolean, ctypes.c_int8: types.int8,
           ctypes.c_int16: types.int16, ctypes.c_int32: types.int32,
           ctypes.c_int64: types.int64, ctypes.c_uint8: types.uint8,
           ctypes.c_uint16: types.uint16, ctypes.c_uint32: types.uint32,
           ctypes.c_uint64: types.uint64, ctypes.c_void_p: types.intp,
           ctypes.c_size_t: types.uintp, ctypes.c_ssize_t: types.intp, None: types.none}
for _alias in (ctypes.c_int, ctypes.c_long, ctypes.c_longlong, ctypes.c_short, ctypes.c_byte,
               ctypes.c_uint, ctypes.c_ulong, ctypes.c_ulonglong, ctypes.c_ushort, ctypes.c_ubyte):
    _CTYPES.setdefault(_alias, types.from_name(
        ("u" if _alias(-1).value != -1 else "") + f"int{8 * ctypes.sizeof(_alias)}"))

_CFFI = {"double": types.float64, "float": types.float32, "_Bool": types.boolean,
         "int8_t": types.int8, "int16_t": types.int16, "int32_t": types.int32,
         "int64_t": types.int64, "uint8_t": types.uint8, "uint16_t": types.uint16,
         "uint32_t": types.uint32, "uint64_t": types.uint64, "int": types.int32,
         "unsigned int": types.uint32, "long": types.int64, "unsigned long": types.uint64,
         "long long": types.int64, "unsigned long long": types.uint64, "short": types.int16,
         "size_t": types.uint64, "ssize_t": types.int64, "void": types.none}

_registry = {}      # id(object) -> (object, _Overloads)


class _ExternalCall:
    """A template that calls one C function with a fixed signature."""

    kind = "C function"
    prefer_literal = False

    def __init__(self, name, sig, address):
        self.name, self.sig = name, sig
        self.address = address
        self.where = name
        self.built = None

    def __repr__(self):
        return f"C function {self.name}{self.sig.args} -> {self.sig.return_type}"

    def resolve(self, target, arg_types, kwnames):
        if kwnames:
            return "C functions take positional arguments only"
        if len(arg_types) != len(self.sig.args):
            return f"takes {len(self.sig.args)} arguments, the call passes {len(arg_types)}"
        if self.built is None:
            self.built = self._build()
        return self.built

    def _build(self):
        from ._ir_text import implementation, ir_type
        ret = self.sig.return_type
        c_ret = "void" if isinstance(ret, types.NoneType) else ir_type(ret)
        lines, args = [], []
        for k, t in enumerate(self.sig.args):
            if isinstance(t, types.Boolean):        # C's _Bool is a byte
                lines.append(f"%c{k} = zext i1 %a{k} to i8")
                args.append(f"i8 %c{k}")
            else:
                args.append(f"{ir_type(t)} %a{k}")
        lines.append(f"%fn = inttoptr i64 {self.address} to ptr")
        call = f"call {c_ret} %fn({', '.join(args)})"
        if c_ret == "void":
            lines += [call, "ret i8 0"]
        else:
            lines += [f"%r = {call}", f"ret {c_ret} %r"]
        return implementation("cfunc_call", self.sig, "\n".join(lines))


def _ctypes_signature(fn):
    def convert(ct, what):
        t = _CTYPES.get(ct)
        if t is None:
            raise TypingError(f"the ctypes function {fn.__name__} has {what} {ct.__name__}, "
                              f"which pyrite cannot pass yet (numbers and c_void_p can)")
        return t
    if fn.argtypes is None:
        raise TypingError(f"set {fn.__name__}.argtypes (and restype) to call a ctypes "
                          f"function from compiled code")
    args = [convert(a, "an argument of type") for a in fn.argtypes]
    return types.Signature(convert(fn.restype, "a result of type"), args)


def _cffi_signature(ffi_type, name):
    def convert(ct):
        t = _CFFI.get(ct.cname)
        if t is None and ct.kind == "pointer":
            t = types.intp
        if t is None:
            raise TypingError(f"the cffi function {name} has a {ct.cname}, which pyrite "
                              f"cannot pass yet")
        return t
    return types.Signature(convert(ffi_type.result), [convert(a) for a in ffi_type.args])


def _symbol_address(symbol):
    """The address of C symbol `symbol` in this process: the loaded shared
    libraries, then symbols added with llvmlite.binding.add_symbol (as Numba
    code registers them). TypingError when there is none."""
    try:
        return ctypes.cast(getattr(ctypes.CDLL(None), symbol), ctypes.c_void_p).value
    except AttributeError:
        pass
    import sys
    binding = sys.modules.get("llvmlite.binding")
    if binding is not None:
        address = binding.address_of_symbol(symbol)
        if address:
            return address
    raise TypingError(f"the external function '{symbol}' is not a symbol of any library "
                      f"loaded in this process (load it with ctypes.CDLL(path, "
                      f"mode=ctypes.RTLD_GLOBAL) or register it with "
                      f"llvmlite.binding.add_symbol)")


def _is_cffi_function(obj):
    if type(obj).__module__ != "_cffi_backend" or not type(obj).__name__.startswith("_CData"):
        return False
    try:
        import cffi
        return cffi.FFI().typeof(obj).kind == "function"
    except Exception:
        return False


def lookup(obj):
    """The _Overloads calling C function object `obj`, or None when `obj` is
    not one."""
    entry = _registry.get(id(obj))
    if entry is not None and entry[0] is obj:
        return entry[1]
    template = None
    if isinstance(obj, ctypes._CFuncPtr):
        template = _ExternalCall(getattr(obj, "__name__", "ctypes function"),
                                 _ctypes_signature(obj),
                                 address=ctypes.cast(obj, ctypes.c_void_p).value)
    elif isinstance(obj, types.ExternalFunction):
        template = _ExternalCall(obj.symbol, obj.sig, address=_symbol_address(obj.symbol))
    elif isinstance(obj, types.WrapperAddressProtocol):
        template = _ExternalCall(type(obj).__name__, obj.signature(),
                                 address=int(obj.__wrapper_address__()))
    elif _is_cffi_function(obj):
        import cffi
        ffi = cffi.FFI()
        ftype = ffi.typeof(obj)
        template = _ExternalCall(ftype.cname, _cffi_signature(ftype, ftype.cname),
                                 address=int(ffi.cast("uintptr_t", obj)))
    if template is None:
        return None
    from .extending import _Overloads
    overloads = _Overloads(template.name)
    overloads.templates.append(template)
    _registry[id(obj)] = (obj, overloads)
    return overloads
