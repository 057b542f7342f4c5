//===- typing/builtins.cpp - signatures of builtin functions and methods --===//
//
// One section per family: Python builtins, math, random, lists, casts and
// exceptions; the NumPy families are in builtins_numpy.cpp.
// Each resolves to a `builtin` key that lower/ implements under the same name.
//
//===----------------------------------------------------------------------===//
#include "typing/builtins_internal.h"

#include "runtime/pyrite_rt.h" // (PYRITE_INT_ARGUMENT: an exception's int argument)

#include <algorithm>
#include <map>
#include <set>

namespace pyrite::typing {
namespace builtins_detail {

/// The scalar type a dtype argument names: np.float32 and friends, or the
/// Python classes float, int, bool and complex (as NumPy reads them); else
/// nullptr.
const Type *dtype_of(const Type *t) {
  if (t->kind == TypeKind::NumberClass)
    return t->dtype;
  if (t->kind == TypeKind::StringLiteral && !t->bits) // np.zeros(n, 'f4')
    return types::numpy_dtype_named(t->name);
  // float and int also have library overloads (float(str)): their builtin
  // is the Overloaded type's fallback.
  const std::string &name = t->kind == TypeKind::Function      ? t->name
                            : t->kind == TypeKind::Overloaded ? t->message
                                                               : t->name;
  if (t->kind == TypeKind::Function || t->kind == TypeKind::Overloaded) {
    if (name == "builtins.float")
      return types::float64();
    if (name == "builtins.int")
      return types::int64();
    if (name == "builtins.bool")
      return types::boolean();
    if (name == "builtins.complex")
      return types::complex128();
  }
  return nullptr;
}

bool all_numbers(const std::vector<const Type *> &args) {
  for (const Type *t : args)
    if (!t->is_number())
      return false;
  return true;
}

bool all_ints(const std::vector<const Type *> &args) {
  for (const Type *t : args)
    if (!t->is_int() && !t->is_bool())
      return false;
  return true;
}

/// Result float type of a math function of `t` (float32 stays float32;
/// float16, in GPU kernels, computes in float32).
const Type *math_float(const Type *t) {
  return t->is_float() && t->bits <= 32 ? types::float32() : types::float64();
}

// --- math ---------------------------------------------------------------------

const std::set<std::string> kUnaryFloatMath = {
    "sqrt",  "exp",   "log",   "log10", "log2",  "log1p", "expm1", "sin",
    "cos",   "tan",   "asin",  "acos",  "atan",  "sinh",  "cosh",  "tanh",
    "asinh", "acosh", "atanh", "fabs",  "erf",   "erfc",  "gamma", "lgamma",
    "degrees", "radians"};
const std::set<std::string> kBinaryFloatMath = {"atan2", "pow", "hypot", "copysign",
                                                "fmod"};

const Type *type_math(const std::string &fn, const std::vector<const Type *> &args,
                      Resolution &out) {
  if (!all_numbers(args))
    return nullptr;
  if (args.size() == 1 && kUnaryFloatMath.count(fn)) {
    const Type *t = math_float(args[0]);
    out.param_types = {t};
    return t;
  }
  if (args.size() == 2 && (kBinaryFloatMath.count(fn) || fn == "log")) {
    const Type *t = types::promote_arith(math_float(args[0]), math_float(args[1]));
    out.param_types = {t, t};
    return t;
  }
  if (args.size() == 1 && (fn == "floor" || fn == "ceil" || fn == "trunc")) {
    out.param_types = {args[0]->is_float() ? args[0] : types::float64()};
    return types::int64();
  }
  if (args.size() == 1 && (fn == "isnan" || fn == "isinf" || fn == "isfinite")) {
    out.param_types = {math_float(args[0])};
    return types::boolean();
  }
  return nullptr;
}

} // namespace builtins_detail

namespace {

using namespace builtins_detail;

// --- builtins ----------------------------------------------------------------

/// Values print() shows through Python's own print (as the dispatcher
/// would return them): arrays, lists, tuples of printable values.
bool printable_value(const Type *t) {
  if (!t)
    return false;
  if (t->is_number() || t->kind == TypeKind::Unicode || t->kind == TypeKind::None ||
      t->is_array())
    return true;
  if (t->is_list())
    return t->dtype && printable_value(t->dtype);
  if (t->is_tuple())
    return std::all_of(t->elems.begin(), t->elems.end(), printable_value);
  return false;
}

const Type *type_python_builtin(const std::string &fn, const std::vector<const Type *> &args,
                                Resolution &out, std::string &why) {
  if (fn == "type") {
    // type(x) of a scalar: its class, a compile-time value (`type(x)(1)`).
    if (args.size() == 1 && args[0]->is_number())
      return types::number_class(args[0]);
    if (args.size() == 1 && args[0]->is_class_instance()) // its @jitclass: type(self)(...)
      return types::class_type(args[0]);
    why = "type() of a scalar or of a jitclass instance is supported (it gives its class)";
    return nullptr;
  }
  if (fn == "complex") { // complex(), complex(x), complex(re, im) of real numbers
    auto real = [](const Type *t) { return t->is_number(); };
    if (args.size() == 1 && (real(args[0]) || args[0]->is_complex())) {
      out.param_types = {types::complex128()};
      return types::complex128();
    }
    if (args.size() <= 2 && std::all_of(args.begin(), args.end(), real)) {
      out.param_types.assign(args.size(), types::float64());
      return types::complex128();
    }
    why = "complex() takes real numbers (complex(re, im)) or one number";
    return nullptr;
  }
  // The thread API (lower/lower_parallel.cpp: lower_thread_api).
  if ((fn == "get_thread_id" || fn == "get_num_threads" || fn == "get_parallel_chunksize") &&
      args.empty())
    return types::int64();
  if ((fn == "set_num_threads" || fn == "set_parallel_chunksize" || fn == "reduction_chunks") &&
      args.size() == 1 &&
      (args[0]->is_int() || args[0]->is_bool())) {
    out.param_types = {types::int64()};
    return fn == "set_num_threads" ? types::none() : types::int64();
  }
  if (fn == "range" || fn == "prange") {
    if (args.empty() || args.size() > 3 || !all_ints(args)) {
      why = fn + "() takes 1 to 3 integers";
      return nullptr;
    }
    // Numba's rule: unsigned bounds only make an unsigned range.
    bool is_unsigned = std::all_of(args.begin(), args.end(),
                                   [](const Type *t) { return t->is_int() && !t->is_signed; });
    out.param_types.assign(args.size(), types::integer(64, !is_unsigned));
    return types::range_state(is_unsigned);
  }
  if (fn == "len" && args.size() == 1) {
    if (args[0]->is_array() || args[0]->is_tuple() || args[0]->kind == TypeKind::RangeState)
      return types::int64();
    if (args[0]->is_string()) {
      out.param_types = {types::unicode()};
      return types::int64();
    }
    if (args[0]->is_list() || types::is_flatiter(args[0]))
      return types::int64();
    return nullptr;
  }
  if (fn == "abs" && args.size() == 1 && args[0]->is_array() && args[0]->dtype->is_number()) {
    const Type *t = args[0]->dtype; // np.abs keeps the dtype, bool included
    out.param_types = {t};
    out.builtin = "ufunc.abs"; // abs(array) is np.abs
    return types::array(t, args[0]->ndim, 'C');
  }
  if (fn == "abs" && args.size() == 1 && args[0]->is_number()) {
    // Numba's rule: an integer keeps its type (abs(np.int8(-128)) wraps to
    // -128), a boolean is an int.
    const Type *a = args[0];
    const Type *t = a->is_float() || a->is_int() ? a : types::int64();
    out.param_types = {t};
    return t;
  }
  if ((fn == "min" || fn == "max") && args.size() >= 2 && all_numbers(args)) {
    const Type *t = args[0];
    for (size_t k = 1; k < args.size(); ++k)
      t = types::unify(t, args[k]);
    out.param_types.assign(args.size(), t);
    return t;
  }
  if ((fn == "min" || fn == "max") && args.size() == 1 && args[0]->is_array()) {
    out.builtin = "array." + fn;
    return args[0]->dtype;
  }
  if (fn == "round" && args.size() == 1 && args[0]->is_number()) {
    out.param_types = {args[0]->is_float() ? args[0] : types::int64()};
    return types::int64();
  }
  if (fn == "bool" && args.size() == 1 &&
      (args[0]->is_complex() || args[0]->kind == TypeKind::Unicode || args[0]->is_list() ||
       args[0]->is_typed_table() || args[0]->kind == TypeKind::None || args[0]->is_optional())) {
    out.param_types = {args[0]}; // bool(x): x's truth
    return types::boolean();
  }
  if ((fn == "int" || fn == "float" || fn == "bool") && args.size() == 1 &&
      args[0]->is_number()) {
    out.param_types = {args[0]};
    return fn == "int" ? types::int64() : fn == "float" ? types::float64() : types::boolean();
  }
  // A list literal walked by enumerate/zip is a list (made when they are), a
  // string literal a str; a dict or set is walked by the library's iter()
  // (Typer::iterate_tables_in_builtins puts it in), not here.
  auto walked = [](const Type *t) -> const Type * {
    if (t->is_table())
      return nullptr;
    return t->kind == TypeKind::ListLiteral || t->kind == TypeKind::StringLiteral
               ? types::unliteral(t)
               : t;
  };
  if (fn == "enumerate" && (args.size() == 1 || args.size() == 2)) {
    const Type *inner = walked(args[0]);
    if (!inner || !types::yield_type(inner) || (args.size() == 2 && !all_ints({args[1]})))
      return nullptr;
    out.param_types = {inner};
    if (args.size() == 2)
      out.param_types.push_back(types::int64());
    return types::iterable("enumerate", {inner});
  }
  if (fn == "zip" && !args.empty()) {
    std::vector<const Type *> inner;
    for (const Type *t : args) {
      inner.push_back(walked(t));
      if (!inner.back() || !types::yield_type(inner.back()))
        return nullptr;
    }
    out.param_types = inner;
    return types::iterable("zip", inner);
  }
  if (fn == "print") {
    for (const Type *t : args)
      if ((!t->is_number() && !t->is_string() && t->kind != TypeKind::None &&
           t->kind != TypeKind::CaughtException && !printable_value(types::unliteral(t))) ||
          (t->kind == TypeKind::StringLiteral && t->bits)) {
        why = "print() takes numbers and strings (a \"...\" % values message can "
              "only be raised)";
        return nullptr;
      }
    return types::none();
  }
  if (fn == "sum" && args.size() == 1 && args[0]->is_array()) {
    // Python's sum() adds the elements in order (np.sum pairwise).
    out.builtin = "array.sequential_sum";
    return types::sum_type(args[0]->dtype);
  }
  return nullptr;
}

// --- random -------------------------------------------------------------------

const Type *type_random(const std::string &fn, const std::vector<const Type *> &args,
                        Resolution &out) {
  if ((fn == "random" || fn == "rand") && args.empty())
    return types::float64();
  if (fn == "seed" && args.size() == 1 && all_ints(args)) {
    out.param_types = {types::int64()};
    return types::none();
  }
  if ((fn == "gauss" || fn == "normalvariate") && args.size() == 2 && all_numbers(args)) {
    out.param_types = {types::float64(), types::float64()};
    return types::float64();
  }
  if (fn == "normal" && args.size() <= 2 && all_numbers(args)) {
    out.param_types.assign(args.size(), types::float64());
    return types::float64();
  }
  if ((fn == "standard_normal" || fn == "randn") && args.empty())
    return types::float64();
  if (fn == "uniform" && args.size() == 2 && all_numbers(args)) {
    out.param_types = {types::float64(), types::float64()};
    return types::float64();
  }
  return nullptr;
}

// --- lists ------------------------------------------------------------------------------

/// append(v) and pop([i]) (the other methods are library code).
const Type *type_list_method(const Type *list, const std::string &name,
                             const std::vector<const Type *> &args, Resolution &out,
                             std::string &why) {
  if (name == "append") {
    if (args.size() != 1)
      return nullptr;
    if (!storable_in_list(args[0], list->dtype)) {
      why = "a " + list->display + " holds " + list->dtype->display + " items, not " +
            args[0]->display;
      return nullptr;
    }
    out.builtin = "list.append";
    out.param_types = {list->dtype};
    return types::none();
  }
  if (name == "pop") {
    if (args.size() > 1 || (args.size() == 1 && !args[0]->is_int() && !args[0]->is_bool()))
      return nullptr;
    out.builtin = "list.pop";
    out.param_types.assign(args.size(), types::int64());
    return list->dtype;
  }
  return nullptr;
}

// --- atomics ------------------------------------------------------------------------

/// numba.cuda.atomic.<op>(ary, idx, val) (cas: (ary, idx, old, val)): the
/// element's old value, after the read-modify-write (lower_atomics.cpp).
/// idx is an integer or a tuple of one per dimension.
static const Type *type_atomic(const std::string &fn, const std::vector<const Type *> &args,
                               Resolution &out, std::string &why) {
  size_t values = fn == "cas" ? 2 : 1;
  if (args.size() != 2 + values || !args[0]->is_array()) {
    why = "cuda.atomic." + fn + "(array, index, " + (values == 2 ? "old, " : "") + "value)";
    return nullptr;
  }
  const Type *a = args[0], *dt = a->dtype, *idx = args[1];
  bool integer = dt->is_int() && dt->bits >= 32;
  bool floating = dt->is_float();
  bool bits_only = fn == "and_" || fn == "or_" || fn == "xor" || fn == "inc" || fn == "dec" ||
                   fn == "cas";
  if (!(integer || (floating && !bits_only)) || ((fn == "inc" || fn == "dec") && dt->is_signed)) {
    why = "cuda.atomic." + fn + " takes arrays of " +
          (fn == "inc" || fn == "dec" ? std::string("uint32 or uint64")
           : bits_only                ? std::string("32- or 64-bit integers")
                                      : std::string("32- or 64-bit integers or floats")) +
          ", not " + a->display;
    return nullptr;
  }
  if (a->readonly) {
    why = "cuda.atomic." + fn + " writes to a read-only array";
    return nullptr;
  }
  const Type *index_param = nullptr;
  if ((idx->is_int() || idx->is_bool()) && a->ndim == 1)
    index_param = types::int64();
  else if (idx->is_tuple() && int(idx->elems.size()) == a->ndim && all_ints(idx->elems))
    index_param = types::tuple(std::vector<const Type *>(idx->elems.size(), types::int64()));
  if (!index_param) {
    why = "the index of an atomic operation on " + a->display + " is " +
          (a->ndim == 1 ? "an integer" : "a tuple of " + std::to_string(a->ndim) + " integers");
    return nullptr;
  }
  for (size_t k = 2; k < args.size(); ++k)
    if (!args[k]->is_number()) {
      why = "cuda.atomic." + fn + " takes a number to combine, not " + args[k]->display;
      return nullptr;
    }
  out.param_types = {a, index_param, dt};
  if (values == 2)
    out.param_types.push_back(dt);
  return dt;
}

// --- the table of builtins (builtins.def) --------------------------------------

/// The typing rule of a builtin (the first column of builtins.def).
enum class Family {
  Python, Math, Random, NumpyAlloc, NumpyLike, NumpyFill, NumpyArray,
  NumpyReduce, NumpyMinMax, NumpyAbs, NumpyFloatUfunc, NumpyScalarMath, Unicode, List, Dict,
  Exceptions, JitClass, Atomic, GpuMemory
};

struct BuiltinRow {
  Family family;
  const char *module;
  const char *name;
};

constexpr BuiltinRow kBuiltins[] = {
#define PYRITE_BUILTIN(family, module, name) {Family::family, module, name},
#include "typing/builtins.def"
};

/// The row of builtin `qualified` ("numpy.empty"), or nullptr.
const BuiltinRow *builtin_row(const std::string &qualified) {
  static const std::map<std::string, const BuiltinRow *> by_name = [] {
    std::map<std::string, const BuiltinRow *> m;
    for (const BuiltinRow &row : kBuiltins)
      m[std::string(row.module) + "." + row.name] = &row;
    return m;
  }();
  auto it = by_name.find(qualified);
  return it == by_name.end() ? nullptr : it->second;
}

} // namespace

std::vector<std::pair<std::string, std::string>> builtin_functions() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const BuiltinRow &row : kBuiltins)
    out.emplace_back(row.module, row.name);
  return out;
}

const Type *type_builtin_call(const Type *callee, const std::vector<const Type *> &args,
                              const std::vector<std::string> &kwnames,
                              Resolution &out, std::string &why) {
  // Complex, datetime64 and timedelta64 arrays are read and written element
  // by element; the core's array methods and NumPy functions do not compute
  // on them. Those that only move elements take them (arithmetic on them is
  // the library's: pyrite/_library/numpy_complex.py, numpy_datetime.py).
  auto not_real_array = [](const Type *t) {
    return t->is_array() && (t->dtype->is_complex() || t->dtype->is_datetime_like() ||
                             t->dtype->kind == TypeKind::CharSeq);
  };
  static const std::set<std::string> moves_elements = {
      "copy", "reshape", "ravel", "flatten", "transpose", "swapaxes", "fill", "astype", "view",
      "builtins.len", "numpy.copy", "numpy.ravel", "numpy.reshape", "numpy.transpose",
      "numpy.ascontiguousarray", "numpy.empty_like", "numpy.zeros_like", "numpy.ones_like",
      "numpy.full_like"};
  bool on_not_real_array =
      (callee->kind == TypeKind::BoundMethod && not_real_array(callee->self) &&
       !moves_elements.count(callee->name)) ||
      (callee->kind == TypeKind::Function && !moves_elements.count(callee->name) &&
       std::any_of(args.begin(), args.end(), not_real_array));
  if (on_not_real_array) {
    const Type *first = callee->kind == TypeKind::BoundMethod
                            ? callee->self
                            : *std::find_if(args.begin(), args.end(), not_real_array);
    const Type *e = first->dtype;
    why = std::string(e->is_complex()             ? "arrays of complex numbers"
                      : e->kind == TypeKind::CharSeq ? "arrays of fixed-width text ('U'/'S')"
                                                     : "datetime64/timedelta64 arrays") +
          " are not supported by " +
          (callee->kind == TypeKind::BoundMethod ? "array." + callee->name : callee->name) +
          "() yet: loop over their elements";
    return nullptr;
  }
  // Structured arrays and their records are indexed and their fields read
  // and written (typer_items.cpp); the builtins below make, copy and
  // measure them; no other builtin computes on them yet.
  auto structured = [](const Type *t) {
    return t->is_record() || ((t->is_array() || t->kind == TypeKind::NumberClass) && t->dtype &&
                              t->dtype->is_record());
  };
  static const std::set<std::string> takes_structured = {
      "builtins.len", "numpy.empty", "numpy.zeros", "numpy.empty_like", "numpy.zeros_like",
      "numpy.copy", "copy"};
  if ((callee->kind == TypeKind::BoundMethod && structured(callee->self) &&
       !takes_structured.count(callee->name)) ||
      (callee->kind == TypeKind::Function && !takes_structured.count(callee->name) &&
       std::any_of(args.begin(), args.end(), structured))) {
    why = "structured arrays and records are not supported by " +
          (callee->kind == TypeKind::BoundMethod ? "array." + callee->name : callee->name) +
          "() yet: index them and read or assign their fields";
    return nullptr;
  }
  if (callee->kind == TypeKind::BoundMethod) {
    bool axis_kw = kwnames.size() == 1 && kwnames[0] == "axis";
    if (!kwnames.empty() && !axis_kw) {
      why = "keyword arguments are not supported here";
      return nullptr;
    }
    if (callee->self->is_array())
      return type_array_method(callee->self, callee->name, args, out, why);
    if (callee->self->is_list())
      return type_list_method(callee->self, callee->name, args, out, why);
    return nullptr;
  }
  if (callee->kind == TypeKind::NumberClass && callee->handle) {
    // A namedtuple class: Point(1, 2.5), Point(x=1, y=2.5).
    size_t n = callee->fields.size(), positional = args.size() - kwnames.size();
    if (args.size() != n) {
      why = callee->name + "() takes " + std::to_string(n) + " arguments (" +
            std::to_string(args.size()) + " given)";
      return nullptr;
    }
    std::vector<const Type *> elems(n);
    out.arg_map.assign(n, -1);
    for (size_t k = 0; k < args.size(); ++k) {
      size_t field = k;
      if (k >= positional) {
        auto it = std::find(callee->fields.begin(), callee->fields.end(),
                            kwnames[k - positional]);
        field = size_t(it - callee->fields.begin());
        if (it == callee->fields.end() || out.arg_map[field] >= 0) {
          why = callee->name + "() got an unexpected or repeated keyword argument '" +
                kwnames[k - positional] + "'";
          return nullptr;
        }
      }
      elems[field] = types::unliteral(args[k]);
      out.arg_map[field] = int(k + 1);
    }
    out.builtin = "namedtuple";
    out.param_types = elems;
    return types::named_tuple(callee->handle, callee->name, callee->fields, elems);
  }
  if (callee->kind == TypeKind::NumberClass) {
    // np.float32(x) and friends: a cast (np.complex64(z) too; a complex
    // into a real type has no cast, as NumPy only warns and drops the imaginary part).
    if (args.size() != 1 || !(args[0]->is_number() || args[0]->is_complex()) ||
        (args[0]->is_complex() && !callee->dtype->is_complex()))
      return nullptr;
    out.builtin = "cast";
    out.param_types = {args[0]};
    return callee->dtype;
  }
  if (callee->kind == TypeKind::ExceptionClass) {
    out.builtin = "exception";
    if (args.empty())
      return types::exception(callee->name, "");
    if (args.size() == 1 && args[0]->kind == TypeKind::StringLiteral) {
      out.param_types = {args[0]};
      return types::exception(callee->name, args[0]->name, args[0]->bits);
    }
    if (args.size() == 1 && (args[0]->is_int() || args[0]->is_bool()) &&
        !(args[0]->is_int() && !args[0]->is_signed && args[0]->bits == 64)) {
      // KeyError(key) of an int: Python gets the int itself as the argument.
      out.param_types = {types::int64()};
      return types::exception(callee->name, PYRITE_INT_ARGUMENT_FORMAT, 1);
    }
    if (args.size() == 1 && args[0]->kind == TypeKind::Unicode) { // a str made at run time
      out.param_types = {args[0]};
      return types::exception_with_text(callee->name);
    }
    why = "exception arguments must be one string (or \"...%d...\" % integers)";
    return nullptr;
  }
  if (callee->kind != TypeKind::Function)
    return nullptr;
  const std::string &q = callee->name;
  const BuiltinRow *row = builtin_row(q);
  if (!row) {
    why = "pyrite does not implement " + q + " yet";
    return nullptr;
  }
  bool axis_kw = kwnames.size() == 1 && kwnames[0] == "axis" &&
                 row->family == Family::NumpyReduce;
  // dtype= of np.array/asarray; np.full's fill_value= and dtype= where they
  // stand in its order (shape, fill_value, dtype).
  bool full = row->family == Family::NumpyFill && std::string(row->name) == "full";
  bool dtype_kw = (kwnames.size() == 1 && kwnames[0] == "dtype" &&
                   (row->family == Family::NumpyArray || (full && args.size() == 3))) ||
                  (full && kwnames.size() == 1 && kwnames[0] == "fill_value" &&
                   args.size() == 2) ||
                  (full && kwnames.size() == 2 && kwnames[0] == "fill_value" &&
                   kwnames[1] == "dtype" && args.size() == 3);
  if (row->family != Family::NumpyAlloc && !kwnames.empty() && !axis_kw && !dtype_kw) {
    why = "keyword arguments are not supported here";
    return nullptr;
  }
  out.builtin = q;
  const std::string fn = row->name;
  switch (row->family) {
  case Family::Atomic: return type_atomic(fn, args, out, why);
  case Family::GpuMemory: return nullptr; // Typer::gpu_array_call (constant shapes)
  case Family::Unicode: return type_unicode_primitive(fn, args, out);
  case Family::List: return type_list_primitive(fn, args, out);
  case Family::Dict: return type_dict_primitive(fn, args, out, why);
  case Family::Exceptions: return type_exception_primitive(fn, args, out, why);
  case Family::JitClass: return type_jitclass_primitive(fn, args, out, why);
  case Family::Python: return type_python_builtin(fn, args, out, why);
  case Family::Math: return type_math(fn, args, out);
  case Family::Random: return type_random(fn, args, out);
  case Family::NumpyAlloc: {
    const Type *t = type_numpy_alloc(args, kwnames, out, why);
    if (t && fn == "ones" && !number_fills(types::int64(), t->dtype)) {
      why = "np.ones of " + t->dtype->display + " is not supported";
      return nullptr;
    }
    return t;
  }
  case Family::NumpyMinMax: {
    if (args.size() != 2)
      return nullptr;
    const Type *ea = args[0]->is_array() ? args[0]->dtype : args[0];
    const Type *eb = args[1]->is_array() ? args[1]->dtype : args[1];
    if (!ea->is_number() || !eb->is_number())
      return nullptr;
    bool arrays = args[0]->is_array() || args[1]->is_array();
    const Type *t = arrays ? types::promote_ufunc_operands(args[0], args[1])
                           : types::promote_arith(ea, eb);
    out.param_types = {t, t};
    if (!arrays)
      return t;
    out.builtin = "ufunc." + fn;
    int ndim = std::max(args[0]->is_array() ? args[0]->ndim : 0,
                        args[1]->is_array() ? args[1]->ndim : 0);
    return types::array(t, ndim, 'C');
  }
  case Family::NumpyFloatUfunc: return type_numpy_float_ufunc(fn, args, out);
  case Family::NumpyArray: return type_numpy_array(fn, args, out, why);
  case Family::NumpyFill: return type_numpy_fill(fn, args, out, why);
  case Family::NumpyAbs: return type_numpy_abs(args, out);
  case Family::NumpyScalarMath: return type_numpy_scalar_math(fn, args, out);
  case Family::NumpyReduce: {
    // np.sum(a) or np.sum(a, axis) / np.sum(a, axis=k): the method's rules.
    if (args.empty() || args.size() > 2 || !args[0]->is_array())
      return nullptr;
    const Type *t = type_array_method(args[0], fn, {args.begin() + 1, args.end()}, out, why);
    if (args.size() == 2)
      out.param_types = {args[0], types::int64()};
    return t;
  }
  case Family::NumpyLike:
    if (args.size() != 1 || !args[0]->is_array())
      return nullptr;
    if (fn == "ones_like" && !number_fills(types::int64(), args[0]->dtype)) {
      why = "np.ones_like of " + args[0]->display + " is not supported";
      return nullptr;
    }
    return types::array(args[0]->dtype, args[0]->ndim, 'C');
  }
  return nullptr;
  why = "pyrite does not implement " + q + " yet";
  return nullptr;
}

const Type *type_attribute(const Type *obj, const std::string &name, Resolution &out) {
  if (obj->is_list() && (name == "append" || name == "pop"))
    return types::bound_method(obj, name); // the rest: pyrite/_library/lists.py
  if (obj->is_list() && !obj->dtype && (name == "insert" || name == "extend"))
    return types::bound_method(obj, name); // typed when the list is (refine_empty_list)
  if (obj->kind == TypeKind::RangeState && (name == "start" || name == "stop" || name == "step"))
    return obj->dtype;
  if ((obj->is_complex() || obj->is_number()) && (name == "real" || name == "imag")) {
    if (obj->is_complex())
      return types::complex_part(obj); // z.real, z.imag
    return obj->is_bool() ? types::int64() : obj; // x.real is x, x.imag 0 (as CPython)
  }
  if (obj->is_record()) { // r.x: that field's value (lower/lower_records.cpp)
    int k = types::record_field(obj, name);
    return k < 0 ? nullptr : types::record_field_type(obj, k);
  }
  if (obj->is_named_tuple() || obj->is_class_instance()) { // p.x: that field's value
    auto it = std::find(obj->fields.begin(), obj->fields.end(), name);
    return it == obj->fields.end() ? nullptr : obj->elems[size_t(it - obj->fields.begin())];
  }
  if (!obj->is_array())
    return nullptr;
  if (obj->dtype->is_record() && name != "shape" && name != "strides" && name != "size" &&
      name != "itemsize" && name != "nbytes" && name != "ndim" && name != "T" && name != "copy" &&
      name != "flat")
    return nullptr; // a structured array's other attributes and methods: none yet
  std::vector<const Type *> dims(obj->ndim, types::int64());
  if (name == "shape" || name == "strides")
    return types::tuple(dims);
  if (name == "size" || name == "itemsize" || name == "nbytes")
    return types::int64();
  // A complex array's parts are views of it, as NumPy's: strided float
  // arrays of the same shape (written through, read-only when it is).
  if ((name == "real" || name == "imag") && obj->dtype->is_complex())
    return types::array(types::complex_part(obj->dtype), obj->ndim, 'A', obj->readonly);
  if (name == "real" && obj->dtype->is_number())
    return obj; // the array itself
  if (name == "ndim") {
    ir::Constant c;
    c.kind = ir::Constant::Kind::Int;
    c.i = obj->ndim;
    out.constant = c;
    return types::int64();
  }
  if (name == "dtype")
    return types::number_class(obj->dtype);
  if (name == "T")
    return transposed(obj);
  if (name == "flat")
    return types::iterable("flatiter", {obj});
  if (name == "sum" || name == "min" || name == "max" || name == "copy" ||
      name == "transpose" || name == "reshape" || name == "ravel" || name == "flatten" ||
      name == "fill" || name == "astype" || name == "view")
    return types::bound_method(obj, name);
  return nullptr;
}

bool storable_in_list(const Type *from, const Type *item) {
  const Type *t = types::unliteral(from);
  if (!t)
    return false;
  if (t == item)
    return true;
  if (item->is_optional()) // None, or a value the Optional's type takes
    return t->kind == TypeKind::None || storable_in_list(types::strip_optional(t), item->dtype);
  if (t->is_array() && item->is_array()) // any layout into an 'A' item; never a read-only view
    return t->dtype == item->dtype && t->ndim == item->ndim && !(t->readonly && !item->readonly) &&
           (item->layout == 'A' || t->layout == item->layout);
  if (t->is_tuple() && item->is_tuple() && !item->is_named_tuple() &&
      t->elems.size() == item->elems.size()) {
    for (size_t k = 0; k < t->elems.size(); ++k)
      if (!storable_in_list(t->elems[k], item->elems[k]))
        return false;
    return true;
  }
  if (item->is_complex()) // a number into a complex item, complex64 <-> complex128
    return t->is_number() || t->is_complex();
  // NumPy's same_kind casting, as storing into an array: float64 into a
  // float32 list rounds, int64 into an int32 list wraps; never a float into
  // an int list (Numba would truncate).
  return t->is_number() && item->is_number() && types::can_cast_same_kind(t, item);
}

} // namespace pyrite::typing
