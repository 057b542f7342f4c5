//===- typing/builtins.cpp - signatures of builtin functions and methods --===//
//
// One section per family: Python builtins, math, random, NumPy creation,
// NumPy scalar math, array attributes and methods, casts and exceptions.
// Each resolves to a `builtin` key that lower/ implements under the same name.
//
//===----------------------------------------------------------------------===//
#include "typing/typer.h"

#include <algorithm>
#include <map>
#include <set>

namespace pyrite::typing {
namespace {

/// The scalar type a dtype argument names: np.float32 and friends, or the
/// Python classes float, int and bool (as NumPy reads them); else nullptr.
const Type *dtype_of(const Type *t) {
  if (t->kind == TypeKind::NumberClass)
    return t->dtype;
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

/// Result float type of a math function of `t` (float32 stays float32).
const Type *math_float(const Type *t) {
  return t->is_float() && t->bits == 32 ? types::float32() : types::float64();
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

// NumPy's scalar ufuncs that pyrite maps onto math functions (family
// NumpyScalarMath in builtins.def).
const Type *type_numpy_scalar_math(const std::string &fn,
                                   const std::vector<const Type *> &args,
                                   Resolution &out) {
  static const std::map<std::string, std::string> renamed = {
      {"arcsin", "asin"}, {"arccos", "acos"}, {"arctan", "atan"}, {"arctan2", "atan2"}};
  auto it = renamed.find(fn);
  std::string math_name = it == renamed.end() ? fn : it->second;
  out.builtin = "math." + math_name;
  bool arrays = false;
  int ndim = 0;
  std::vector<const Type *> elems;
  for (const Type *t : args) {
    arrays = arrays || t->is_array();
    ndim = std::max(ndim, t->is_array() ? t->ndim : 0);
    elems.push_back(t->is_array() ? t->dtype : t);
  }
  const Type *result = type_math(math_name, elems, out);
  if (!arrays || !result)
    return result;
  // A ufunc over arrays: the same math per element, broadcast.
  out.builtin = "ufunc." + math_name;
  return types::array(result, ndim, 'C');
}

/// NumPy's float-valued ufuncs that differ from math's: np.floor/ceil/trunc
/// return floats, np.isnan & co. booleans, np.sign the input's type.
const Type *type_numpy_float_ufunc(const std::string &fn, const std::vector<const Type *> &args,
                                   Resolution &out) {
  if (args.size() != 1)
    return nullptr;
  const Type *e = args[0]->is_array() ? args[0]->dtype : args[0];
  if (!e->is_number())
    return nullptr;
  const Type *t = fn == "sign" && !e->is_float() ? types::int64() : math_float(e);
  const Type *result = (fn == "isnan" || fn == "isinf" || fn == "isfinite") ? types::boolean() : t;
  out.param_types = {t};
  if (!args[0]->is_array()) {
    out.builtin = "numpy." + fn;
    return result;
  }
  out.builtin = "ufunc.np_" + fn;
  return types::array(result, args[0]->ndim, 'C');
}

/// Normalizes the type of a fill value to the dtype NumPy would give it.
const Type *value_dtype(const Type *t) {
  return t->is_int() ? types::int64() : t;
}

/// The shape argument of an allocation: an integer or a tuple of integers.
/// Returns the ndim (0 when not a shape) and sets `param` to its int64 form.
int shape_ndim(const Type *shape, const Type *&param) {
  if (shape->is_int() || shape->is_bool()) {
    param = types::int64();
    return 1;
  }
  if (shape->is_tuple() && !shape->elems.empty() && all_ints(shape->elems)) {
    param = types::tuple(std::vector<const Type *>(shape->elems.size(), types::int64()));
    return int(shape->elems.size());
  }
  return 0;
}

const Type *type_numpy_fill(const std::string &fn, const std::vector<const Type *> &args,
                            Resolution &out, std::string &why) {
  if (fn == "full" && (args.size() == 2 || args.size() == 3)) {
    const Type *shape_param = nullptr;
    int ndim = shape_ndim(args[0], shape_param);
    if (!ndim || !args[1]->is_number()) {
      why = "expected np.full(shape, number[, dtype])";
      return nullptr;
    }
    const Type *dtype = value_dtype(args[1]);
    if (args.size() == 3) {
      dtype = dtype_of(args[2]);
      if (!dtype)
        return nullptr;
    }
    out.param_types = {shape_param, dtype};
    return types::array(dtype, ndim, 'C');
  }
  if (fn == "full_like" && args.size() == 2 && args[0]->is_array() && args[1]->is_number()) {
    out.param_types = {args[0], args[0]->dtype};
    return types::array(args[0]->dtype, args[0]->ndim, 'C');
  }
  if (fn == "copy" && args.size() == 1 && args[0]->is_array()) {
    out.builtin = "array.copy";
    return types::array(args[0]->dtype, args[0]->ndim, 'C');
  }
  return nullptr;
}

/// Shape and element type of a (nested) list or tuple literal of numbers;
/// false when it is ragged or holds something else.
bool literal_shape(const Type *t, std::vector<int64_t> &shape, const Type *&dtype, size_t depth) {
  if (t->is_number()) {
    if (depth != shape.size())
      return false;
    const Type *e = t->is_int() ? types::int64() : t;
    dtype = dtype ? types::unify(dtype, e) : e;
    return dtype != nullptr;
  }
  if (t->kind != TypeKind::ListLiteral && t->kind != TypeKind::Tuple)
    return false;
  if (depth == shape.size())
    shape.push_back(int64_t(t->elems.size()));
  else if (shape[depth] != int64_t(t->elems.size()))
    return false;
  for (const Type *e : t->elems)
    if (!literal_shape(e, shape, dtype, depth + 1))
      return false;
  return !t->elems.empty();
}

/// np.array / np.asarray of a literal (nested lists or tuples) or an array.
const Type *type_numpy_array(const std::string &fn, const std::vector<const Type *> &args,
                             Resolution &out, std::string &why) {
  if (args.empty() || args.size() > 2)
    return nullptr;
  const Type *dtype = nullptr;
  if (args.size() == 2 && !(dtype = dtype_of(args[1]))) {
    why = "dtype must be a NumPy scalar type, or float, int or bool";
    return nullptr;
  }
  if (args[0]->is_array() && fn == "asarray" && (!dtype || dtype == args[0]->dtype)) {
    out.builtin = "numpy.asarray_same"; // NumPy returns the array itself, no copy
    return args[0];
  }
  if (args[0]->is_array()) {
    out.builtin = "numpy.array_copy";
    return types::array(dtype ? dtype : args[0]->dtype, args[0]->ndim, 'C');
  }
  std::vector<int64_t> shape;
  const Type *leaf = nullptr;
  if (!literal_shape(args[0], shape, leaf, 0)) {
    why = "np.array takes an array or a rectangular list/tuple literal of numbers";
    return nullptr;
  }
  return types::array(dtype ? dtype : leaf, int(shape.size()), 'C');
}

/// np.abs / np.absolute: abs() per element for arrays, abs() for scalars.
const Type *type_numpy_abs(const std::vector<const Type *> &args, Resolution &out) {
  if (args.size() != 1)
    return nullptr;
  const Type *e = args[0]->is_array() ? args[0]->dtype : args[0];
  if (!e->is_number())
    return nullptr;
  // abs(True) is 1, but np.abs of a boolean array stays boolean.
  const Type *t = e->is_bool() && !args[0]->is_array() ? types::int64() : e;
  out.param_types = {t};
  if (!args[0]->is_array()) {
    out.builtin = "builtins.abs";
    if (!t->is_float())
      out.param_types = {t = types::integer(64, !(t->is_int() && !t->is_signed))};
    return t;
  }
  out.builtin = "ufunc.abs";
  return types::array(t, args[0]->ndim, 'C');
}

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
    why = "type() of a scalar is supported (it gives the scalar's class)";
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
  if (fn == "range") {
    if (args.empty() || args.size() > 3 || !all_ints(args)) {
      why = "range() takes 1 to 3 integers";
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
    if (args[0]->is_list())
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
    // Integers at 64 bits (Numba's rule), unsigned ones staying unsigned.
    const Type *a = args[0];
    const Type *t = a->is_float() ? a : types::integer(64, !(a->is_int() && !a->is_signed));
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
    out.builtin = "array.sum";
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

// --- NumPy array creation --------------------------------------------------------

const Type *type_numpy_alloc(const std::vector<const Type *> &args,
                             const std::vector<std::string> &kwnames, Resolution &out,
                             std::string &why) {
  // np.empty(shape, dtype=float64): dtype positional or keyword.
  size_t positional = args.size() - kwnames.size();
  if (positional < 1 || args.size() > 2 || (kwnames.size() == 1 && kwnames[0] != "dtype")) {
    why = "expected (shape[, dtype])";
    return nullptr;
  }
  const Type *shape = args[0];
  const Type *dtype = types::float64();
  if (args.size() == 2) {
    dtype = dtype_of(args[1]);
    if (!dtype) {
      why = "dtype must be a NumPy scalar type such as np.float32, or float, int or bool";
      return nullptr;
    }
  }
  int ndim = 0;
  if (shape->is_int() || shape->is_bool()) {
    ndim = 1;
  } else if (shape->is_tuple() && all_ints(shape->elems) && !shape->elems.empty()) {
    ndim = int(shape->elems.size());
  } else {
    why = "shape must be an integer or a tuple of integers";
    return nullptr;
  }
  out.param_types = {ndim == 1 && !shape->is_tuple()
                         ? types::int64()
                         : types::tuple(std::vector<const Type *>(ndim, types::int64()))};
  return types::array(dtype, ndim, 'C');
}

// --- array methods ----------------------------------------------------------------

/// The layout of a transposed array: a C array of more than one dimension
/// becomes Fortran-ordered, which pyrite types as any-layout.
const Type *transposed(const Type *a) {
  return types::array(a->dtype, a->ndim, a->ndim <= 1 ? a->layout : 'A', a->readonly);
}

/// a.reshape(d0, d1, ...) or a.reshape((d0, d1, ...)), one dimension may be -1.
const Type *type_reshape(const Type *self, const std::vector<const Type *> &args,
                         Resolution &out, std::string &why) {
  if (self->layout != 'C') {
    why = "reshape() of a non-contiguous array is not supported (copy() it first)";
    return nullptr;
  }
  std::vector<const Type *> dims = args.size() == 1 && args[0]->is_tuple() ? args[0]->elems
                                                                           : args;
  if (dims.empty() || !all_ints(dims)) {
    why = "reshape() takes integers or one tuple of integers";
    return nullptr;
  }
  out.param_types.clear();
  for (const Type *a : args)
    out.param_types.push_back(a->is_tuple() ? types::tuple(std::vector<const Type *>(
                                                  a->elems.size(), types::int64()))
                                            : types::int64());
  return types::array(self->dtype, int(dims.size()), 'C', self->readonly);
}

const Type *type_array_method(const Type *self, const std::string &name,
                              const std::vector<const Type *> &args, Resolution &out,
                              std::string &why) {
  out.builtin = "array." + name;
  if (name == "reshape")
    return type_reshape(self, args, out, why);
  if (name == "fill" && args.size() == 1 && args[0]->is_number()) {
    out.param_types = {self->dtype};
    return types::none();
  }
  if (name == "astype" && args.size() == 1 && dtype_of(args[0]))
    return types::array(dtype_of(args[0]), self->ndim, 'C');
  bool reduction = name == "sum" || name == "min" || name == "max";
  if (reduction && args.size() == 1 && all_ints(args) && self->ndim >= 2) {
    // a.sum(axis): one dimension fewer (the axis may be known only at run time).
    const Type *scalar = type_array_method(self, name, {}, out, why);
    out.builtin = "array." + name + "_axis";
    out.param_types = {types::int64()};
    return types::array(scalar, self->ndim - 1, 'C');
  }
  if (reduction && args.size() == 1 && all_ints(args)) {
    out.builtin = "array." + name; // a 1-d array's only axis: the scalar
    out.param_types = {types::int64()};
    return type_array_method(self, name, {}, out, why);
  }
  if (!args.empty())
    return nullptr;
  if (name == "transpose")
    return transposed(self);
  if (name == "ravel" || name == "flatten") // ravel is a view when it can be
    return types::array(self->dtype, 1, 'C', name == "ravel" && self->readonly);
  if (name == "sum")
    return types::sum_type(self->dtype);
  if (name == "min" || name == "max")
    return self->dtype;
  if (name == "copy")
    return types::array(self->dtype, self->ndim, 'C');
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

// --- the table of builtins (builtins.def) --------------------------------------

/// The typing rule of a builtin (the first column of builtins.def).
enum class Family {
  Python, Math, Random, NumpyAlloc, NumpyLike, NumpyFill, NumpyArray,
  NumpyReduce, NumpyMinMax, NumpyAbs, NumpyFloatUfunc, NumpyScalarMath, Unicode, List, Dict,
  Exceptions
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
  // Complex arrays are read and written element by element; the core's
  // array methods and NumPy functions do not compute on them yet.
  auto complex_array = [](const Type *t) { return t->is_array() && t->dtype->is_complex(); };
  bool on_complex_array =
      (callee->kind == TypeKind::BoundMethod && complex_array(callee->self) &&
       callee->name != "copy") ||
      (callee->kind == TypeKind::Function && callee->name != "builtins.len" &&
       std::any_of(args.begin(), args.end(), complex_array));
  if (on_complex_array) {
    why = "arrays of complex numbers are not supported by " +
          (callee->kind == TypeKind::BoundMethod ? "array." + callee->name : callee->name) +
          "() yet: loop over their elements";
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
  bool dtype_kw = kwnames.size() == 1 && kwnames[0] == "dtype" &&
                  row->family == Family::NumpyArray;
  if (row->family != Family::NumpyAlloc && !kwnames.empty() && !axis_kw && !dtype_kw) {
    why = "keyword arguments are not supported here";
    return nullptr;
  }
  out.builtin = q;
  const std::string fn = row->name;
  switch (row->family) {
  case Family::Unicode: return type_unicode_primitive(fn, args, out);
  case Family::List: return type_list_primitive(fn, args, out);
  case Family::Dict: return type_dict_primitive(fn, args, out, why);
  case Family::Exceptions: return type_exception_primitive(fn, args, out, why);
  case Family::Python: return type_python_builtin(fn, args, out, why);
  case Family::Math: return type_math(fn, args, out);
  case Family::Random: return type_random(fn, args, out);
  case Family::NumpyAlloc: return type_numpy_alloc(args, kwnames, out, why);
  case Family::NumpyMinMax: {
    if (args.size() != 2)
      return nullptr;
    const Type *ea = args[0]->is_array() ? args[0]->dtype : args[0];
    const Type *eb = args[1]->is_array() ? args[1]->dtype : args[1];
    if (!ea->is_number() || !eb->is_number())
      return nullptr;
    bool arrays = args[0]->is_array() || args[1]->is_array();
    const Type *t = arrays ? types::promote_elementwise(ea, eb) : types::promote_arith(ea, eb);
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
  if (obj->is_named_tuple()) { // p.x: the element of that field
    auto it = std::find(obj->fields.begin(), obj->fields.end(), name);
    return it == obj->fields.end() ? nullptr : obj->elems[size_t(it - obj->fields.begin())];
  }
  if (!obj->is_array())
    return nullptr;
  std::vector<const Type *> dims(obj->ndim, types::int64());
  if (name == "shape" || name == "strides")
    return types::tuple(dims);
  if (name == "size" || name == "itemsize")
    return types::int64();
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
  if (name == "sum" || name == "min" || name == "max" || name == "copy" ||
      name == "transpose" || name == "reshape" || name == "ravel" || name == "flatten" ||
      name == "fill" ||
      name == "astype")
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
