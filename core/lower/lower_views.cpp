//===- lower/lower_views.cpp - arrays seen under another shape -------------===//
//
// Views of an array's memory under other shapes and strides: a new
// reference to the same data (view_with), complex parts, transposes,
// reshape (a view, or for a layout that cannot show the new shape, a view
// of a C-ordered copy, as NumPy decides) and ravel/flatten.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

namespace pyrite::lower {

using llvm::Value;

// --- views of the same data: transpose, reshape, ravel ---------------------------------

/// A new reference to `arr`'s memory under another shape and strides.
llvm::Value *FunctionLowering::view_with(Value *arr, const Type *rt,
                                         const std::vector<Value *> &shape,
                                         const std::vector<Value *> &strides, bool incref_meminfo) {
  Value *out = llvm::UndefValue::get(m_.llvm_type(rt));
  Value *mi = b_.CreateExtractValue(arr, kMemInfo);
  if (incref_meminfo)
    b_.CreateCall(m_.runtime("pyrite_incref"), {mi});
  out = b_.CreateInsertValue(out, mi, kMemInfo);
  for (unsigned f : {unsigned(kParent), unsigned(kNItems), unsigned(kItemSize), unsigned(kData)})
    out = b_.CreateInsertValue(out, b_.CreateExtractValue(arr, f), f);
  for (unsigned k = 0; k < shape.size(); ++k) {
    out = b_.CreateInsertValue(out, shape[k], {kShape, k});
    out = b_.CreateInsertValue(out, strides[k], {kStrides, k});
  }
  return out;
}

llvm::Value *FunctionLowering::dtype_view(Value *arr, const Type *at, const Type *rt) {
  std::vector<Value *> shape, strides;
  for (int k = 0; k < at->ndim; ++k) {
    shape.push_back(b_.CreateExtractValue(arr, {kShape, unsigned(k)}));
    strides.push_back(b_.CreateExtractValue(arr, {kStrides, unsigned(k)}));
  }
  int64_t from = m_.itemsize(at->dtype), to = m_.itemsize(rt->dtype);
  if (from != to) {
    // Another item size rescales the last axis (the typer checked the
    // sizes it knows: ndim >= 1, a smaller size divides the larger one).
    size_t last = shape.size() - 1;
    Value *bytes = b_.CreateMul(shape[last], i64(from));
    Value *strided = b_.CreateICmpNE(strides[last], i64(from));
    Value *longer = b_.CreateICmpSGT(shape[last], i64(1));
    raise_if(b_.CreateAnd(strided, longer), "ValueError", "To change to a dtype of a different size, the last axis must be "
                           "contiguous");
    if (to > from)
      raise_if(b_.CreateICmpNE(b_.CreateSRem(bytes, i64(to)), i64(0)), "ValueError",
               "When changing to a larger dtype, its size must be a divisor of the total size "
               "in bytes of the last axis of the array.");
    shape[last] = b_.CreateSDiv(bytes, i64(to));
    strides[last] = i64(to);
    // Compiled code reads elements at their natural alignment (typeof.cpp
    // takes aligned arrays only): a view that would not be is refused.
    Value *address = b_.CreatePtrToInt(b_.CreateExtractValue(arr, kData), b_.getInt64Ty());
    int64_t align = int64_t(data_model::layout_of(rt->dtype).align);
    Value *misaligned = b_.CreateICmpNE(b_.CreateURem(address, i64(align)), i64(0));
    raise_if(misaligned, "ValueError",
             "pyrite: this view would be unaligned (its data does not start at a multiple of "
             "the new dtype's alignment), which compiled code does not read; copy the bytes first");
  }
  Value *view = view_with(arr, rt, shape, strides, true);
  view = b_.CreateInsertValue(view, i64(to), kItemSize);
  Value *n = i64(1);
  for (Value *d : shape)
    n = b_.CreateMul(n, d);
  return b_.CreateInsertValue(view, n, kNItems);
}

llvm::Value *FunctionLowering::complex_part_view(Value *arr, const Type *at, const Type *rt,
                                                 bool imag) {
  std::vector<Value *> shape, strides;
  for (int k = 0; k < at->ndim; ++k) {
    shape.push_back(b_.CreateExtractValue(arr, {kShape, unsigned(k)}));
    strides.push_back(b_.CreateExtractValue(arr, {kStrides, unsigned(k)}));
  }
  Value *view = view_with(arr, rt, shape, strides, true);
  int64_t part_bytes = rt->dtype->bits / 8;
  view = b_.CreateInsertValue(view, i64(part_bytes), kItemSize);
  if (imag) {
    Value *data = b_.CreateExtractValue(view, kData);
    Value *second = b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), data, uint64_t(part_bytes));
    view = b_.CreateInsertValue(view, second, kData);
  }
  return view;
}

llvm::Value *FunctionLowering::transpose_view(Value *arr, const Type *at, const Type *rt) {
  std::vector<Value *> shape, strides;
  for (int k = at->ndim - 1; k >= 0; --k) {
    shape.push_back(b_.CreateExtractValue(arr, {kShape, unsigned(k)}));
    strides.push_back(b_.CreateExtractValue(arr, {kStrides, unsigned(k)}));
  }
  return view_with(arr, rt, shape, strides, true);
}

/// C-order strides for `shape` with elements of `itemsize` bytes.
static std::vector<Value *> c_strides(llvm::IRBuilder<> &b, const std::vector<Value *> &shape,
                                      Value *itemsize) {
  std::vector<Value *> strides(shape.size());
  Value *stride = itemsize;
  for (size_t k = shape.size(); k-- > 0;) {
    strides[k] = stride;
    stride = b.CreateMul(stride, shape[k]);
  }
  return strides;
}

llvm::Value *FunctionLowering::reshape_view(Value *arr, const Type *at, const Type *rt,
                                            std::vector<Value *> dims) {
  // At most one -1, inferred from the others; the sizes must match.
  Value *n = b_.CreateExtractValue(arr, kNItems), *known = i64(1), *unknowns = i64(0);
  Value *bad = b_.getInt1(false);
  for (Value *d : dims) {
    Value *is_unknown = b_.CreateICmpEQ(d, i64(-1));
    bad = b_.CreateOr(bad, b_.CreateICmpSLT(d, i64(-1)));
    unknowns = b_.CreateAdd(unknowns, b_.CreateZExt(is_unknown, b_.getInt64Ty()));
    known = b_.CreateMul(known, b_.CreateSelect(is_unknown, i64(1), d));
  }
  bad = b_.CreateOr(bad, b_.CreateICmpUGT(unknowns, i64(1)));
  Value *safe_known = b_.CreateSelect(b_.CreateICmpEQ(known, i64(0)), i64(1), known);
  Value *inferred = b_.CreateSDiv(n, safe_known);
  for (Value *&d : dims)
    d = b_.CreateSelect(b_.CreateICmpEQ(d, i64(-1)), inferred, d);
  Value *total = i64(1), *wrapped = b_.getInt1(false);
  for (Value *d : dims) {
    auto [product, overflow] = checked_mul(total, d);
    total = product;
    wrapped = b_.CreateOr(wrapped, overflow);
  }
  raise_if(bad, "ValueError", "can only specify one unknown dimension");
  raise_if(wrapped, "ValueError", "cannot reshape array of size {0} into a shape that large",
           {n});
  raise_if(b_.CreateICmpNE(total, n), "ValueError",
           "cannot reshape array of size {0} into a shape of {1} elements", {n, total});
  Value *itemsize = b_.CreateExtractValue(arr, kItemSize);
  std::vector<Value *> contiguous = c_strides(b_, dims, itemsize);
  if (at->layout == 'C')
    return view_with(arr, rt, dims, contiguous, true);
  // Any other layout: NumPy's strides for a view when there are some, else
  // a C-ordered copy shown in the new shape.
  auto *i64t = b_.getInt64Ty();
  auto *old_t = llvm::ArrayType::get(i64t, uint64_t(at->ndim));
  auto *new_t = llvm::ArrayType::get(i64t, uint64_t(dims.size()));
  Value *old_dims = entry_alloca(old_t, "reshape.old_dims");
  Value *old_strides = entry_alloca(old_t, "reshape.old_strides");
  Value *new_dims = entry_alloca(new_t, "reshape.new_dims");
  Value *new_strides = entry_alloca(new_t, "reshape.new_strides");
  b_.CreateStore(b_.CreateExtractValue(arr, kShape), old_dims);
  b_.CreateStore(b_.CreateExtractValue(arr, kStrides), old_strides);
  for (size_t k = 0; k < dims.size(); ++k)
    b_.CreateStore(dims[k], b_.CreateConstInBoundsGEP2_64(new_t, new_dims, 0, k));
  std::vector<Value *> args = {i64(at->ndim), old_dims, old_strides, i64(int64_t(dims.size())),
                               new_dims, new_strides, itemsize};
  Value *viewable = b_.CreateCall(m_.runtime("pyrite_reshape_strides"), args);
  return either(b_.CreateICmpEQ(viewable, b_.getInt32(0)), [&] {
    Value *copy = copy_array(arr, at); // a new reference, which the view takes over
    return view_with(copy, rt, dims, contiguous, false);
  }, [&] {
    std::vector<Value *> strides;
    for (size_t k = 0; k < dims.size(); ++k)
      strides.push_back(b_.CreateLoad(i64t, b_.CreateConstInBoundsGEP2_64(new_t, new_strides, 0, k)));
    return view_with(arr, rt, dims, strides, true);
  });
}

/// ravel(): a 1-d view of a C array, else a 1-d copy; flatten(): always a copy.
llvm::Value *FunctionLowering::flat_array(Value *arr, const Type *at, bool always_copy) {
  const Type *rt = types::array(at->dtype, 1, 'C');
  bool copy = always_copy || at->layout != 'C';
  Value *src = copy ? copy_array(arr, at) : arr;
  Value *n = b_.CreateExtractValue(src, kNItems);
  // A copy is already a new reference: reuse it rather than take another.
  return view_with(src, rt, {n}, {b_.CreateExtractValue(src, kItemSize)}, !copy);
}

} // namespace pyrite::lower
