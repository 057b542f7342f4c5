//===- lower/lower_flat.cpp - a.flat: NumPy's flatiter --------------------===//
//
// a.flat is {array} (TypeKind::Iterable "flatiter", holding a reference to
// the array): a.flat[i] reads and writes element i in C order whatever the
// layout, len(a.flat) is a.size, and iterating yields the elements in C
// order from the state {array, i64 index} (lower_iter.cpp).
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

namespace pyrite::lower {

using llvm::Value;

/// The address of element k (0 <= k < a.size) of `arr` in C order: data + k
/// elements for a C array, else k unravelled over the shape and its strides
/// (for one dimension, k times its stride).
Value *FunctionLowering::flat_element_pointer(Value *arr, const Type *at, Value *k) {
  if (at->layout == 'C' || at->ndim == 0)
    return b_.CreateInBoundsGEP(m_.element_memory_type(at->dtype),
                                b_.CreateExtractValue(arr, kData), k);
  std::vector<Value *> idx(size_t(at->ndim));
  Value *rest = k;
  for (int d = at->ndim - 1; d >= 0; --d) {
    Value *len = b_.CreateExtractValue(arr, {kShape, unsigned(d)});
    idx[size_t(d)] = d == 0 ? rest : b_.CreateURem(rest, len);
    if (d > 0)
      rest = b_.CreateUDiv(rest, len);
  }
  return unchecked_element_pointer(arr, idx);
}

/// a.flat[i]'s element address: i counted from the end when negative,
/// NumPy's IndexError when outside the array.
Value *FunctionLowering::flat_item_pointer(Value *flat, const Type *ft, Value *i,
                                           const Type *it) {
  const Type *at = ft->elems[0];
  Value *arr = b_.CreateExtractValue(flat, 0);
  i = convert(i, it, types::int64());
  Value *n = b_.CreateExtractValue(arr, kNItems);
  Value *negative = b_.CreateICmpSLT(i, i64(0));
  Value *wrapped = b_.CreateAdd(i, n);
  Value *k = b_.CreateSelect(negative, wrapped, i);
  raise_if(b_.CreateICmpUGE(k, n), "IndexError", "index {0} is out of bounds for size {1}",
           {i, n});
  return flat_element_pointer(arr, at, k);
}

Value *FunctionLowering::flat_getitem(Value *flat, const Type *ft, Value *i, const Type *it,
                                      const Type *rt) {
  Value *p = flat_item_pointer(flat, ft, i, it);
  if (rt->is_record()) // a reference to the element, as a[i] gives
    return record_of_element(b_.CreateExtractValue(flat, 0), p, rt);
  return load_element(p, ft->elems[0]->dtype);
}

void FunctionLowering::flat_setitem(Value *flat, const Type *ft, Value *i, const Type *it,
                                    int value_id) {
  const Type *dt = ft->elems[0]->dtype;
  Value *p = flat_item_pointer(flat, ft, i, it);
  Value *v = stored_value(value_id, dt);
  if (dt->kind == TypeKind::CharSeq) { // a str into a 'U' element, bytes into an 'S' one
    store_chars(p, v, dt);
    return;
  }
  if (dt->is_bool())
    v = b_.CreateZExt(v, b_.getInt8Ty());
  b_.CreateStore(v, p);
}

} // namespace pyrite::lower
