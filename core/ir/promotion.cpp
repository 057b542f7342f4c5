//===- ir/promotion.cpp - NumPy's casting and promotion rules -------------===//
//
/// \file
/// Which scalar types NumPy casts into which under `same_kind`, the type a
/// sum accumulates in, and the result types of arithmetic on scalars, on
/// array elements and on arrays mixed with (weak) Python scalars, as NumPy
/// 2 promotes them (NEP 50); declared in ir/types.h.
//
//===----------------------------------------------------------------------===//
#include "ir/types.h"

#include <algorithm>

namespace pyrite::types {

bool can_cast_same_kind(const Type *from, const Type *to) {
  if (from == to || from->is_bool())
    return true;
  if (to->is_bool())
    return false;
  if (to->is_float())
    return true; // from any integer or float
  if (from->is_float())
    return false;
  // Integers: into a signed one from anything; into an unsigned one only
  // from unsigned (int8 to uint8 is neither safe nor of the same kind).
  return to->is_signed || !from->is_signed;
}

const Type *sum_type(const Type *dtype) {
  if (dtype->is_bool())
    return int64();
  if (dtype->is_int())
    return integer(64, dtype->is_signed);
  return dtype;
}

const Type *promote_arith(const Type *a, const Type *b) {
  if (!a->is_number() || !b->is_number())
    return nullptr;
  if (a->is_float() || b->is_float()) {
    // NumPy: the narrowest float that holds both exactly. float16 holds
    // every int8 and uint8, float32 every int16 and uint16; wider integers
    // give float64.
    auto bits = [](const Type *t) {
      if (t->is_float())
        return t->bits;
      return t->is_int() ? (t->bits > 16 ? 64 : t->bits > 8 ? 32 : 16) : 16;
    };
    return floating(std::max(bits(a), bits(b)));
  }
  // Integers and bools compute at 64 bits (Numba's intp rule): unsigned
  // with unsigned stays unsigned, anything else is int64 (Numba, unlike
  // NumPy, keeps uint64 with int64 an integer).
  bool a_unsigned = a->is_int() && !a->is_signed, b_unsigned = b->is_int() && !b->is_signed;
  if (a_unsigned && b_unsigned)
    return integer(64, false);
  return int64();
}

const Type *promote_elementwise(const Type *a, const Type *b) {
  if (a->is_bool() && b->is_bool())
    return a;
  if (a->is_int() && b->is_int()) {
    if (a->is_signed == b->is_signed)
      return integer(std::max(a->bits, b->bits), a->is_signed);
    const Type *s = a->is_signed ? a : b, *u = a->is_signed ? b : a;
    if (s->bits > u->bits)
      return s;
    return u->bits >= 64 ? float64() : integer(2 * u->bits, true);
  }
  if (a->is_bool() || b->is_bool())
    return a->is_bool() ? (b->is_bool() ? a : b) : a;
  return promote_arith(a, b);
}

FancyIndex fancy_index(const Type *arr, const Type *idx) {
  FancyIndex f;
  if (!arr->is_array())
    return f;
  // A lone 1-d array indexes the first axis: X[rows], X[y == 1].
  bool lone = idx->is_array() && idx->ndim == 1;
  if (!idx->is_tuple() && !lone)
    return f;
  std::vector<const Type *> items = lone ? std::vector<const Type *>{idx} : idx->elems;
  int arrays = 0, slices = 0, ints = 0, first_advanced = -1, last_advanced = -1;
  for (size_t k = 0; k < items.size(); ++k) {
    const Type *t = items[k];
    bool is_array = t->is_array() && t->ndim == 1 && (t->dtype->is_int() || t->dtype->is_bool());
    if (is_array) {
      ++arrays;
      f.array_item = int(k);
      f.view_axis = slices;
      f.mask = t->dtype->is_bool();
    } else if (t->is_int()) {
      ++ints;
    } else if (t->kind == TypeKind::Slice) {
      ++slices;
      continue;
    } else {
      return FancyIndex{}; // None, `...`, a bool, another array: not this form
    }
    if (first_advanced < 0)
      first_advanced = int(k);
    last_advanced = int(k);
  }
  if (arrays != 1 || slices + ints + 1 > arr->ndim)
    return FancyIndex{};
  // Slices between the advanced items (the integers and the array) move
  // the selection's axis to the front, as NumPy does.
  bool adjacent = true;
  for (int k = first_advanced; k <= last_advanced; ++k)
    adjacent = adjacent && items[size_t(k)]->kind != TypeKind::Slice;
  int before = 0; // slices before the first advanced item
  for (int k = 0; k < first_advanced; ++k)
    before += items[size_t(k)]->kind == TypeKind::Slice;
  f.result_axis = adjacent ? before : 0;
  f.ndim = arr->ndim - ints; // the array's dimension becomes the selection's
  return f;
}

const Type *promote_weak_scalar(const Type *array_dtype, const Type *scalar) {
  auto kind = [](const Type *t) { return t->is_bool() ? 0 : t->is_int() ? 1 : 2; };
  if (kind(scalar) <= kind(array_dtype))
    return array_dtype;
  return scalar->is_float() ? float64() : int64();
}

const Type *promote_ufunc_operands(const Type *a, const Type *b, bool a_numpy, bool b_numpy) {
  auto python_scalar = [](const Type *t, bool numpy) {
    return !numpy && !t->is_array() && (t->is_bool() || t == int64() || t == float64());
  };
  const Type *ea = a->is_array() ? a->dtype : a, *eb = b->is_array() ? b->dtype : b;
  if (a->is_array() && python_scalar(b, b_numpy))
    return promote_weak_scalar(ea, eb);
  if (b->is_array() && python_scalar(a, a_numpy))
    return promote_weak_scalar(eb, ea);
  return promote_elementwise(ea, eb);
}

} // namespace pyrite::types
