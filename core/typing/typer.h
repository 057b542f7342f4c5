//===- typing/typer.h - type inference over the IR ------------------------===//
//
/// \file
/// Infers a type for every value and local of an ir::Function from the types
/// of its arguments, iterating to a fixed point (locals unify everything
/// stored to them). The result, a TypedFunction, is what lowering consumes.
/// Globals and calls to other @jit functions are resolved through a Resolver
/// that the Python layer implements.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/ir.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pyrite::typing {

struct TypedFunction;

/// How one Call/BinOp/Compare/Unary/GetItem was resolved; lowering follows it.
struct Resolution {
  std::string builtin;                      ///< e.g. "math.sqrt", "array.sum", "" for operators
  std::vector<const Type *> param_types;    ///< operands are converted to these first
  std::shared_ptr<const TypedFunction> callee; ///< a call to another @jit function
  std::optional<ir::Constant> constant;     ///< the value is a compile-time constant
  /// Calls to @jit functions: for each parameter, the call's operand index
  /// that supplies it (1-based, as in Inst::args), or -1 for its default;
  /// the `*args` parameter is packed from `varargs_operands` (kVarargs).
  std::vector<int> arg_map;
  std::vector<int> varargs_operands;
  static constexpr int kVarargs = -2;
  /// kCapturedBase - j: the called closure's captured value j (its free
  /// variables, then its defaults).
  static constexpr int kCapturedBase = -1000;
  std::vector<std::optional<ir::Constant>> defaults; ///< by parameter
  /// builtin "llvm_ir" (an @intrinsic): the textual IR module and the
  /// function in it to call.
  std::string llvm_ir, ir_symbol;
};

/// An intrinsic as the compilation's target provides it.
struct IntrinsicSignature {
  bool found = false;
  std::string target;                 ///< the target asked (for messages)
  std::vector<const Type *> params;
  const Type *result = nullptr;
};

/// Parameters of a @jit function: names and default values, in the order the
/// compiled function takes them (positional, keyword-only, `*args`).
struct CallSignature {
  std::vector<std::string> names;
  std::vector<std::optional<ir::Constant>> defaults;
  int positional_count = -1; ///< parameters that positional arguments fill; -1: all
  int varargs_index = -1;    ///< the `*args` parameter (a tuple), or -1
};

struct TypedFunction {
  ir::Function fn;
  ir::TypeMap types;
  std::vector<const Type *> arg_types;
  std::map<int, Resolution> resolutions; ///< by value id (or by inst index for SetItem)
  std::string symbol;                    ///< unique LLVM name of the implementation
  bool always_inline = false;            ///< @njit(inline='always'): inline into every caller
  /// A @jit function's own boundscheck and fastmath options, which it keeps
  /// when another compiled function calls it (as Numba compiles each
  /// function with its own flags); unset for library code, which takes
  /// those of the function being compiled.
  std::optional<bool> boundscheck;
  std::optional<bool> numpy_errors; ///< error_model='numpy'
  std::optional<uint32_t> fastmath;
  /// @jit(parallel=True): its prange loops, array expressions and sums run
  /// over threads; unset for library code, which follows its caller's.
  std::optional<bool> parallel;
  /// Typed while a function it calls (directly or through others) was still
  /// being typed (mutual recursion): valid only as part of that function's
  /// compile, so not to be cached on its own.
  bool calls_unfinished = false;
  /// The int64/float64 values known to be NumPy scalars (an array's
  /// element, a NumPy function's result; Typer::track_numpy_scalar); every
  /// other int64 is a Python int, which NumPy 2 range-checks where it is
  /// stored into a narrower integer array.
  std::set<int> numpy_scalars;
  bool python_int(int value) const;
  /// The 64-bit integers Numba's rules widened that NumPy holds in a narrower
  /// integer type (`int32_array[0] * 2` is an np.int32): the stores and
  /// array expressions they reach wrap them to it first, as NumPy does.
  std::map<int, const Type *> numpy_narrow_ints;
  /// The operands of each such value's operation: a Python int among them
  /// that the narrower type cannot hold raises OverflowError there in NumPy.
  std::map<int, std::vector<int>> numpy_narrow_operands;
  const Type *numpy_narrow_int(int value) const {
    auto it = numpy_narrow_ints.find(value);
    return it == numpy_narrow_ints.end() ? nullptr : it->second;
  }
  const Resolution *resolution(int value) const {
    auto it = resolutions.find(value);
    return it == resolutions.end() ? nullptr : &it->second;
  }
};

/// A global name or module attribute, as the Python layer resolved it.
struct GlobalValue {
  const Type *type = nullptr;          ///< nullptr: not found, or not usable
  std::optional<ir::Constant> constant; ///< for frozen int/float/bool globals
  /// With no type: why the name cannot be used, in the user's terms ("the
  /// builtin type() is not supported"); empty when the name does not exist.
  std::string why;
  /// An intrinsic read as a value, not called (`cuda.threadIdx.x`): its
  /// value is the intrinsic's result.
  bool read = false;
};

/// What the extension API (pyrite.extending) answered for a call.
struct OverloadChoice {
  const Type *impl = nullptr; ///< a Dispatcher type compiling the implementation
  /// Or an @intrinsic: a module in LLVM's textual IR defining `ir_symbol`,
  /// called with `ir_params` and returning `ir_result`.
  std::string llvm_ir, ir_symbol;
  std::vector<const Type *> ir_params;
  const Type *ir_result = nullptr;
  std::string why;            ///< no implementation: the candidates and why each declined
  bool failed = false;        ///< a typing function raised: `why` has its traceback
};

/// An @overload_method or @overload_attribute registered for `obj.name`.
struct MemberOverload {
  enum Kind { None, Method, Attribute } kind = None;
  const void *overloads = nullptr; ///< their registry, passed back to resolve_overload
};

class Resolver {
public:
  virtual ~Resolver() = default;
  /// A name from the function's globals or the builtins.
  virtual GlobalValue global(const std::string &name) = 0;
  /// `module.attr` for a Module type.
  virtual GlobalValue module_attr(const Type *module, const std::string &attr) = 0;
  /// The signature of intrinsic `name` on the target being compiled for.
  virtual IntrinsicSignature intrinsic(const std::string &name) = 0;
  /// True when `dispatcher` with `args` is the function being typed (a
  /// self-recursive call). The default: no function is.
  virtual bool is_current(const Type *dispatcher, const std::vector<const Type *> &args) {
    (void)dispatcher;
    (void)args;
    return false;
  }
  /// The dispatcher whose function is being typed (its Dispatcher handle),
  /// or nullptr: functions being typed are found by the calls that reach
  /// them again through other functions (mutual recursion).
  virtual const void *current_dispatcher() const { return nullptr; }
  /// The inner function or lambda whose code has `key` (CodeObject::key)
  /// in the function being compiled: a Dispatcher type compiling it on its
  /// own, its free variables leading parameters; or `why` it cannot be.
  virtual GlobalValue inner_function(const std::string &key) {
    (void)key;
    GlobalValue g;
    g.why = "inner functions and lambdas are not supported here";
    return g;
  }
  /// Parameter names and defaults of the @jit function `dispatcher`.
  virtual CallSignature signature_of(const Type *dispatcher) = 0;
  /// Compiles (or finds) the @jit function `dispatcher` for `args`.
  virtual std::shared_ptr<const TypedFunction>
  compile_callee(const Type *dispatcher, const std::vector<const Type *> &args) = 0;
  /// Runs the typing functions registered in `overloads` for a call with
  /// `args` (positional, then those named by `kwnames`; a method's receiver
  /// `receiver` comes first in `args` when not null). `literals` holds each
  /// argument's compile-time value, if it has one (prefer_literal).
  virtual OverloadChoice resolve_overload(const void *overloads, const Type *receiver,
                                          const std::vector<const Type *> &args,
                                          const std::vector<std::string> &kwnames,
                                          const std::vector<std::optional<ir::Constant>> &literals) {
    (void)overloads, (void)receiver, (void)args, (void)kwnames, (void)literals;
    OverloadChoice none;
    none.why = "no extension API in this build";
    return none;
  }
  /// An extension method or attribute `obj.name`, if one is registered.
  virtual MemberOverload member(const Type *obj, const std::string &name) {
    (void)obj, (void)name;
    return {};
  }
};

/// Types `fn` for `arg_types`. Throws CompileError (TypingError) naming the
/// construct and its position when something cannot be typed.
std::shared_ptr<TypedFunction> infer_types(ir::Function fn,
                                           const std::vector<const Type *> &arg_types,
                                           Resolver &resolver);

/// Result type and resolution of calling a builtin function or method
/// (`callee` is a Function, BoundMethod, NumberClass or ExceptionClass type).
/// Returns nullptr when no signature matches; `why` then says why.
const Type *type_builtin_call(const Type *callee, const std::vector<const Type *> &args,
                              const std::vector<std::string> &kwnames,
                              Resolution &out, std::string &why);

/// The type of a compile-time constant (a tuple of constants is a tuple of
/// their types), or nullptr for constants pyrite cannot type.
const Type *constant_type(const ir::Constant &c);

/// Every (module, name) of the builtins implemented in C++ (builtins.def).
std::vector<std::pair<std::string, std::string>> builtin_functions();

/// Type of `obj.name` for a non-module object, or nullptr.
const Type *type_attribute(const Type *obj, const std::string &name, Resolution &out);

/// Whether a value of type `from` can be stored into a list of `item`s:
/// the same type, or a safe conversion (an int into a float list), never
/// one that loses information.
bool storable_in_list(const Type *from, const Type *item);
/// What a @jitclass attribute of type `to` takes: what a list item takes,
/// and any integer or bool into an integer or bool attribute (Numba's casts).
bool storable_in_attribute(const Type *from, const Type *to);

/// Types the library's container primitives (typing/primitives.cpp):
/// `fn` of _unicode_core, _list_core or _dict_core; nullptr when `args`
/// do not fit.
const Type *type_unicode_primitive(const std::string &fn, const std::vector<const Type *> &args,
                                   Resolution &out);
const Type *type_list_primitive(const std::string &fn, const std::vector<const Type *> &args,
                                Resolution &out);
/// The primitives of try/except (pyrite/_library/_exceptions.py).
const Type *type_exception_primitive(const std::string &fn, const std::vector<const Type *> &args,
                                     Resolution &out, std::string &why);
/// The @jitclass primitives (pyrite/_library/_jitclass_core.py).
const Type *type_jitclass_primitive(const std::string &fn, const std::vector<const Type *> &args,
                                    Resolution &out, std::string &why);
const Type *type_dict_primitive(const std::string &fn, const std::vector<const Type *> &args,
                                Resolution &out, std::string &why);

/// Whether values of `t` can be dict keys (hashable and compared by value:
/// numbers, str, tuples of these) and, for storable_type, items of
/// lists and values of dicts (numbers, str, arrays, lists, dicts, tuples
/// and Optionals of these).
bool dict_key_type(const Type *t);
bool storable_type(const Type *t);

} // namespace pyrite::typing
