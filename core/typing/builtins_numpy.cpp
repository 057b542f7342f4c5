//===- typing/builtins_numpy.cpp - signatures of the NumPy builtins -------===//
//
// The NumPy families of builtins.def that the core types itself: scalar
// math and float ufuncs, fill/array/abs, creation (empty, zeros, ...) and
// array methods. typing/builtins.cpp dispatches to them by family.
//
//===----------------------------------------------------------------------===//
#include "typing/builtins_internal.h"
#include "ir/data_model.h"

#include <algorithm>
#include <map>
#include <set>

namespace pyrite::typing::builtins_detail {

/// The float type NumPy's float ufuncs (sqrt, sin, arctan2, ...) compute
/// an array of `t` in: floats keep theirs; booleans and integers of up to
/// 16 bits take float32 (NumPy takes float16 for 8 bits, which pyrite does
/// not have); wider integers float64.
static const Type *ufunc_float(const Type *t) {
  if (t->is_float())
    return t;
  return t->is_bool() || t->bits <= 16 ? types::float32() : types::float64();
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
  // A ufunc over arrays: the same math per element, broadcast, in the
  // float type of NumPy's loop for the operands' common type (NEP 50: a
  // Python scalar takes the array's kind). Scalars keep math's float64,
  // as in Numba.
  const Type *common = args.size() == 2 ? types::promote_ufunc_operands(args[0], args[1])
                                        : elems[0];
  if (common && common->is_number() && result->is_float()) {
    result = ufunc_float(common);
    out.param_types.assign(args.size(), result);
  }
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
  // NumPy 2: floor/ceil/trunc and sign keep an integer's dtype (floor, ceil
  // and trunc a boolean's too); sign of a boolean is a UFuncTypeError.
  bool keeps_integers = fn == "floor" || fn == "ceil" || fn == "trunc" || fn == "sign";
  if (fn == "sign" && e->is_bool())
    return nullptr;
  const Type *t = keeps_integers && !e->is_float() ? e : math_float(e);
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
static const Type *value_dtype(const Type *t) {
  return t->is_int() ? types::int64() : t;
}

/// The shape argument of an allocation: an integer or a tuple of integers.
/// Returns the ndim (-1 when not a shape) and sets `param` to its int64 form.
static int shape_ndim(const Type *shape, const Type *&param) {
  if (shape->is_int() || shape->is_bool()) {
    param = types::int64();
    return 1;
  }
  if (shape->is_tuple() && all_ints(shape->elems)) { // () makes a 0-d array
    param = types::tuple(std::vector<const Type *>(shape->elems.size(), types::int64()));
    return int(shape->elems.size());
  }
  return -1;
}

bool number_fills(const Type *value, const Type *dtype) {
  if (dtype->kind == TypeKind::CharSeq)
    return false;
  if (dtype->is_datetime_like())
    return !dtype->name.empty() && (value->is_int() || value->is_bool());
  return true;
}

const Type *type_numpy_fill(const std::string &fn, const std::vector<const Type *> &args,
                            Resolution &out, std::string &why) {
  if (fn == "full" && (args.size() == 2 || args.size() == 3)) {
    const Type *shape_param = nullptr;
    int ndim = shape_ndim(args[0], shape_param);
    if (ndim < 0 || !(args[1]->is_number() || args[1]->is_complex())) {
      why = "expected np.full(shape, number[, dtype])";
      return nullptr;
    }
    const Type *dtype = value_dtype(args[1]);
    if (args.size() == 3 && args[2]->kind != TypeKind::None) { // (dtype=None: the value's)
      dtype = dtype_of(args[2]);
      if (!dtype)
        return nullptr;
      if (!number_fills(args[1], dtype)) {
        why = "np.full of " + args[1]->display + " into " + dtype->display + " is not supported";
        return nullptr;
      }
    }
    out.param_types = {shape_param, dtype};
    return types::array(dtype, ndim, 'C');
  }
  // (a complex value into a real array: NumPy drops its imaginary part with
  // a ComplexWarning; pyrite refuses it)
  if (fn == "full_like" && args.size() == 2 && args[0]->is_array() &&
      number_fills(args[1], args[0]->dtype) &&
      (args[1]->is_number() || (args[1]->is_complex() && args[0]->dtype->is_complex()))) {
    out.param_types = {args[0], args[0]->dtype};
    return types::array(args[0]->dtype, args[0]->ndim, 'C');
  }
  if (fn == "copy" && args.size() == 1 && args[0]->is_array()) {
    out.builtin = "array.copy";
    return types::array(args[0]->dtype, args[0]->ndim, 'C');
  }
  return nullptr;
}

/// Shape and element type of a (nested) list or tuple literal of numbers
/// (complex ones too);
/// false when it is ragged or holds something else.
static bool literal_shape(const Type *t, std::vector<int64_t> &shape, const Type *&dtype, size_t depth) {
  if (t->is_number() || t->is_complex()) {
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
    auto own_kind = [](const Type *t) {
      return t->is_datetime_like() || t->kind == TypeKind::CharSeq || t->is_record();
    };
    if (dtype && dtype != args[0]->dtype && (own_kind(dtype) || own_kind(args[0]->dtype))) {
      why = "np." + fn + " of " + args[0]->display + " as " + dtype->display +
            " is not supported (a.astype() converts datetime64 units)";
      return nullptr;
    }
    out.builtin = "numpy.array_copy";
    return types::array(dtype ? dtype : args[0]->dtype, args[0]->ndim, 'C');
  }
  std::vector<int64_t> shape;
  const Type *leaf = nullptr;
  if (!literal_shape(args[0], shape, leaf, 0)) {
    why = "np.array takes an array or a rectangular list/tuple literal of numbers";
    return nullptr;
  }
  if (dtype && !number_fills(leaf, dtype)) {
    why = "np.array of " + leaf->display + " items as " + dtype->display + " is not supported";
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
    if (!t->is_float() && !t->is_int()) // (np.abs keeps an integer's type, as NumPy)
      out.param_types = {t = types::int64()};
    return t;
  }
  out.builtin = "ufunc.abs";
  return types::array(t, args[0]->ndim, 'C');
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
  } else if (shape->is_tuple() && all_ints(shape->elems)) { // () makes a 0-d array
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

/// The layout of a transposed array: C and Fortran order swap (a 1-d
/// array keeps its layout).
const Type *transposed(const Type *a) {
  char layout = a->ndim <= 1 ? a->layout : a->layout == 'C' ? 'F' : a->layout == 'F' ? 'C' : 'A';
  return types::array(a->dtype, a->ndim, layout, a->readonly);
}

/// a.transpose(axes) or a.transpose(i, j, ...): a view with its dimensions
/// permuted (axes known at run time; NumPy's errors for a bad permutation).
const Type *type_transpose_axes(const Type *self, const std::vector<const Type *> &args,
                                Resolution &out, std::string &why) {
  std::vector<const Type *> axes = args.size() == 1 && args[0]->is_tuple() ? args[0]->elems
                                                                           : args;
  if (!all_ints(axes) || int(axes.size()) != self->ndim) {
    why = "transpose() takes " + std::to_string(self->ndim) +
          " integer axes (or one tuple of them) for " + self->display +
          " (NumPy: axes don't match array)";
    return nullptr;
  }
  out.builtin = "array.transpose_axes";
  out.param_types.clear();
  for (const Type *a : args)
    out.param_types.push_back(a->is_tuple() ? types::tuple(std::vector<const Type *>(
                                                  a->elems.size(), types::int64()))
                                            : types::int64());
  return types::array(self->dtype, self->ndim, self->ndim <= 1 ? self->layout : 'A',
                      self->readonly);
}

/// a.reshape(d0, d1, ...) or a.reshape((d0, d1, ...)), one dimension may be -1.
const Type *type_reshape(const Type *self, const std::vector<const Type *> &args,
                         Resolution &out, std::string &why) {
  std::vector<const Type *> dims = args.size() == 1 && args[0]->is_tuple() ? args[0]->elems
                                                                           : args;
  bool empty_tuple = args.size() == 1 && args[0]->is_tuple(); // a.reshape(()): 0-d
  if ((dims.empty() && !empty_tuple) || !all_ints(dims)) {
    why = "reshape() takes integers or one tuple of integers";
    return nullptr;
  }
  out.param_types.clear();
  for (const Type *a : args)
    out.param_types.push_back(a->is_tuple() ? types::tuple(std::vector<const Type *>(
                                                  a->elems.size(), types::int64()))
                                            : types::int64());
  // A C array's reshape is a C view; another's is a view or a copy (NumPy
  // decides by its strides at run time), so its layout is 'A'.
  return types::array(self->dtype, int(dims.size()), self->layout == 'C' ? 'C' : 'A',
                      self->readonly);
}

/// a.view(dtype), NumPy's ndarray.view: the same bytes read as `to`. Item
/// sizes are known here; the last axis's length and contiguity are checked
/// at run time (lower_views.cpp: dtype_view).
static const Type *type_dtype_view(const Type *self, const Type *to, std::string &why) {
  if (self->dtype->is_record() || to->is_record()) {
    why = "a.view() between structured dtypes is not supported";
    return nullptr;
  }
  size_t from_size = data_model::layout_of(self->dtype).size,
         to_size = data_model::layout_of(to).size;
  if (from_size == to_size)
    return types::array(to, self->ndim, self->layout, self->readonly);
  if (self->ndim == 0) {
    why = "Changing the dtype of a 0d array is only supported if the itemsize is unchanged";
    return nullptr;
  }
  if (to_size < from_size && from_size % to_size != 0) {
    why = "When changing to a smaller dtype, its size must be a divisor of the size of "
          "original dtype";
    return nullptr;
  }
  return types::array(to, self->ndim, self->layout == 'C' ? 'C' : 'A', self->readonly);
}

const Type *type_array_method(const Type *self, const std::string &name,
                              const std::vector<const Type *> &args, Resolution &out,
                              std::string &why) {
  out.builtin = "array." + name;
  if (name == "reshape")
    return type_reshape(self, args, out, why);
  if (name == "transpose" && !args.empty())
    return type_transpose_axes(self, args, out, why);
  if (name == "fill" && args.size() == 1 && !self->dtype->is_record() &&
      types::storable_scalar(args[0], self->dtype)) {
    out.param_types = {types::element_value(self->dtype)};
    return types::none();
  }
  // datetime64/timedelta64 arrays: their reductions and conversions are the
  // library's (numpy_datetime.py), which takes what it supports first
  bool numeric = name == "sum" || name == "min" || name == "max" || name == "astype";
  if (numeric && self->dtype->is_datetime_like()) {
    why = name + "() of a " + self->dtype->display + " array is not supported";
    return nullptr;
  }
  if (name == "view" && args.size() == 1 && dtype_of(args[0]))
    return type_dtype_view(self, dtype_of(args[0]), why);
  if (name == "astype" && args.size() == 1 && dtype_of(args[0])) {
    const Type *to = dtype_of(args[0]);
    bool text = to->kind == TypeKind::CharSeq || self->dtype->kind == TypeKind::CharSeq;
    if (text && to != self->dtype) {
      why = "astype() between " + self->dtype->display + " and " + to->display +
            " is not supported (text converts element by element: a[i] = str(x))";
      return nullptr;
    }
    if (dtype_of(args[0])->is_datetime_like()) {
      why = "astype() to " + dtype_of(args[0])->display + " takes a datetime64 or "
            "timedelta64 array";
      return nullptr;
    }
    if (self->dtype->is_complex() && !dtype_of(args[0])->is_complex()) {
      // NumPy discards the imaginary part with a ComplexWarning
      why = "astype() from a complex to a real dtype would discard the imaginary part; "
            "take .real (or .imag) first";
      return nullptr;
    }
    return types::array(dtype_of(args[0]), self->ndim, 'C');
  }
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

} // namespace pyrite::typing::builtins_detail
