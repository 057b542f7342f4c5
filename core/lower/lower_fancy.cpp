//===- lower/lower_fancy.cpp - advanced indexing by an integer array ------===//
//
/// \file
/// a[i, idx, j:k] with one 1-d integer array among integers and slices,
/// NumPy's advanced indexing (types::fancy_index says where the selection's
/// axis goes): reads copy the selected elements into a new C array, writes
/// store a scalar or a broadcast array into them (the last write to a
/// repeated index wins, as in NumPy).
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

namespace pyrite::lower {

using llvm::Value;

namespace {
/// What both directions share: the view of the other items and the
/// selection's shape.
struct Selection {
  Value *view;                ///< the other items applied, the array's axis whole
  const Type *view_t;
  Value *indices;             ///< the index array
  const Type *indices_t;
  std::vector<Value *> shape; ///< the selection's dimensions
  types::FancyIndex f;
};
} // namespace

/// The positions of a boolean index's True values, as a new int64 array;
/// IndexError (NumPy's) when its length is not the axis's.
static Value *true_positions(FunctionLowering &fl, llvm::IRBuilder<> &b, Value *mask,
                             const Type *mt, Value *axis_len, int axis) {
  Value *n = b.CreateExtractValue(mask, {kShape, 0});
  fl.raise_if(b.CreateICmpNE(n, axis_len), "IndexError",
              "boolean index did not match indexed array along axis " + std::to_string(axis) +
                  "; size of axis is {0} but size of corresponding boolean axis is {1}",
              {axis_len, n});
  auto *count = fl.entry_alloca(b.getInt64Ty(), "mask.count");
  b.CreateStore(fl.i64(0), count);
  auto truth_at = [&](Value *k) {
    Value *byte = b.CreateLoad(b.getInt8Ty(), fl.element_pointer(mask, mt, {k}));
    return b.CreateICmpNE(byte, b.getInt8(0));
  };
  fl.for_each_index({n}, [&](const std::vector<Value *> &k) {
    Value *set = b.CreateZExt(truth_at(k[0]), b.getInt64Ty());
    Value *c = b.CreateLoad(b.getInt64Ty(), count);
    b.CreateStore(b.CreateAdd(c, set), count);
  });
  const Type *pt = types::array(types::int64(), 1, 'C');
  Value *positions = fl.allocate_array(pt, {b.CreateLoad(b.getInt64Ty(), count)});
  Value *data = b.CreateExtractValue(positions, kData);
  b.CreateStore(fl.i64(0), count);
  fl.for_each_index({n}, [&](const std::vector<Value *> &k) {
    Value *set = truth_at(k[0]);
    llvm::Function *fn = b.GetInsertBlock()->getParent();
    auto *take = llvm::BasicBlock::Create(fl.m_.context, "mask.take", fn);
    auto *next = llvm::BasicBlock::Create(fl.m_.context, "mask.next", fn);
    b.CreateCondBr(set, take, next);
    b.SetInsertPoint(take);
    Value *c = b.CreateLoad(b.getInt64Ty(), count);
    b.CreateStore(k[0], b.CreateInBoundsGEP(b.getInt64Ty(), data, c));
    b.CreateStore(b.CreateAdd(c, fl.i64(1)), count);
    b.CreateBr(next);
    b.SetInsertPoint(next);
  });
  return positions;
}

static Selection select(FunctionLowering &fl, llvm::IRBuilder<> &b, Value *arr, const Type *at,
                        Value *idx, const Type *it) {
  Selection s;
  s.f = types::fancy_index(at, it);
  std::vector<std::pair<Value *, const Type *>> items;
  if (!it->is_tuple()) { // a lone array: the first axis
    s.indices = idx;
    s.indices_t = it;
    items.emplace_back(nullptr, nullptr);
  }
  for (unsigned k = 0; it->is_tuple() && k < it->elems.size(); ++k) {
    if (int(k) == s.f.array_item) {
      s.indices = b.CreateExtractValue(idx, k);
      s.indices_t = it->elems[k];
      items.emplace_back(nullptr, nullptr);
    } else {
      items.emplace_back(b.CreateExtractValue(idx, k), it->elems[k]);
    }
  }
  int view_ndim = s.f.ndim; // the selection's dimensions, the array's axis in place
  s.view_t = types::array(at->dtype, view_ndim, 'A');
  s.view = fl.array_view(arr, at, items, s.view_t);
  if (s.f.mask) { // the True positions: an index array (released by the caller)
    Value *axis_len = b.CreateExtractValue(s.view, {kShape, unsigned(s.f.view_axis)});
    s.indices = true_positions(fl, b, s.indices, s.indices_t, axis_len, s.f.array_item);
    s.indices_t = types::array(types::int64(), 1, 'C');
  }
  for (int k = 0; k < view_ndim; ++k)
    if (k != s.f.view_axis)
      s.shape.push_back(b.CreateExtractValue(s.view, {kShape, unsigned(k)}));
  Value *count = b.CreateExtractValue(s.indices, {kShape, 0});
  s.shape.insert(s.shape.begin() + s.f.result_axis, count);
  return s;
}

/// The view index of selection index `o`: the index array's value at
/// o[result_axis] (negative from the end; IndexError past the axis) at the
/// view's axis, the other positions in order.
static std::vector<Value *> view_index(FunctionLowering &fl, llvm::IRBuilder<> &b,
                                       const Selection &s, const std::vector<Value *> &o) {
  Value *at_j = fl.element_pointer(s.indices, s.indices_t, {o[size_t(s.f.result_axis)]});
  Value *raw = b.CreateLoad(fl.m_.element_memory_type(s.indices_t->dtype), at_j);
  Value *given = fl.convert(raw, s.indices_t->dtype, types::int64());
  Value *len = b.CreateExtractValue(s.view, {kShape, unsigned(s.f.view_axis)});
  Value *wrapped = b.CreateAdd(given, len);
  Value *negative = b.CreateICmpSLT(given, fl.i64(0));
  Value *k = b.CreateSelect(negative, wrapped, given);
  fl.raise_if(b.CreateICmpUGE(k, len), "IndexError",
              "index {0} is out of bounds for axis " + std::to_string(s.f.array_item) +
                  " with size {1}",
              {given, len});
  std::vector<Value *> rest;
  for (size_t d = 0; d < o.size(); ++d)
    if (int(d) != s.f.result_axis)
      rest.push_back(o[d]);
  rest.insert(rest.begin() + s.f.view_axis, k);
  return rest;
}

llvm::Value *FunctionLowering::fancy_getitem(Value *arr, const Type *at, Value *idx,
                                             const Type *it, const Type *rt) {
  Selection s = select(*this, b_, arr, at, idx, it);
  Value *out = allocate_array(rt, s.shape);
  for_each_index(s.shape, [&](const std::vector<Value *> &o) {
    std::vector<Value *> from = view_index(*this, b_, s, o);
    if (at->dtype->kind == TypeKind::CharSeq) { // text: the element's bytes
      Value *src = element_pointer(s.view, s.view_t, from);
      Value *dst = element_pointer(out, rt, o);
      b_.CreateMemCpy(dst, llvm::MaybeAlign(1), src, llvm::MaybeAlign(1),
                      m_.itemsize(at->dtype));
      return;
    }
    Value *v = load_element(element_pointer(s.view, s.view_t, from), at->dtype);
    if (at->dtype->is_bool())
      v = b_.CreateZExt(v, b_.getInt8Ty());
    b_.CreateStore(v, element_pointer(out, rt, o));
  });
  decref(s.view, s.view_t);
  if (s.f.mask)
    decref(s.indices, s.indices_t);
  return out;
}

void FunctionLowering::fancy_setitem(Value *arr, const Type *at, Value *idx, const Type *it,
                                     Value *value, const Type *vt) {
  Selection s = select(*this, b_, arr, at, idx, it);
  // Indices read from the array being written (a[a] = v) are the ones it
  // had before any store, as in NumPy: a copy when they overlap. (A mask's
  // positions are a new array already.)
  if (!s.f.mask)
    s.indices = unaliased(s.indices, s.indices_t, arr, at, /*same_is_safe=*/false);
  // An array value lines up with the selection's last dimensions; a
  // dimension of length 1 repeats (NumPy broadcasting).
  std::vector<Value *> value_shape;
  if (vt->is_array()) {
    // A value that is the array itself is safe for a mask (each element is
    // read before its position or a later one is written), not for index
    // arrays, which write in any order (a[idx] = a permutes).
    value = unaliased(value, vt, arr, at, /*same_is_safe=*/s.f.mask);
    int lead = int(s.shape.size()) - vt->ndim;
    Value *mismatch = b_.getInt1(false);
    for (int k = 0; k < vt->ndim; ++k) {
      Value *d = b_.CreateExtractValue(value, {kShape, unsigned(k)});
      Value *differs = b_.CreateICmpNE(d, s.shape[size_t(lead + k)]);
      mismatch = b_.CreateOr(mismatch, b_.CreateAnd(differs, b_.CreateICmpNE(d, i64(1))));
      value_shape.push_back(d);
    }
    raise_if(mismatch, "ValueError",
             "shape mismatch: value array could not be broadcast to indexing result");
  }
  Value *scalar = vt->is_array() ? nullptr : convert(value, vt, at->dtype);
  for_each_index(s.shape, [&](const std::vector<Value *> &o) {
    Value *v = scalar;
    if (!v) {
      int lead = int(s.shape.size()) - vt->ndim;
      std::vector<Value *> from;
      for (int k = 0; k < vt->ndim; ++k) {
        Value *repeats = b_.CreateICmpEQ(value_shape[size_t(k)], i64(1));
        from.push_back(b_.CreateSelect(repeats, i64(0), o[size_t(lead + k)]));
      }
      const Type *va = types::array(vt->dtype, vt->ndim, 'A');
      Value *raw = load_element(element_pointer(value, va, from), vt->dtype);
      v = convert(raw, vt->dtype, at->dtype);
    }
    if (at->dtype->is_bool())
      v = b_.CreateZExt(v, b_.getInt8Ty());
    std::vector<Value *> to = view_index(*this, b_, s, o);
    b_.CreateStore(v, element_pointer(s.view, s.view_t, to));
  });
  decref(s.view, s.view_t);
  if (s.f.mask)
    decref(s.indices, s.indices_t);
}

} // namespace pyrite::lower
