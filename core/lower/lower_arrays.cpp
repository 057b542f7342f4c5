//===- lower/lower_arrays.cpp - array attributes, indexing, allocation ----===//
//
// Sections: attributes and indexing; slices and views; masks and index
// arrays; allocation and whole-array loops. Views under another shape
// (transpose, reshape, ravel) live in lower_views.cpp, reductions and NumPy
// constructors in lower_numpy.cpp.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include <algorithm>

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

namespace pyrite::lower {

using llvm::Value;

// --- arrays: attributes and indexing ---------------------------------------------------

llvm::Value *FunctionLowering::getattr(const ir::Inst &in) {
  const Type *t = type_of(in.result);
  const typing::Resolution *r = tf_.resolution(in.result);
  if (r && r->constant)
    return constant(*r->constant, t);
  if (r && r->callee)
    return call_jit(in, *r); // an @overload_attribute
  if (r && r->builtin.rfind("intrinsic:", 0) == 0) // cuda.threadIdx.x
    return call_intrinsic(r->builtin.substr(10), {}, t);
  const Type *obj = type_of(in.args[0]);
  Value *arr = value(in.args[0]);
  if (obj->is_optional()) { // its value (None raises TypeError)
    arr = convert(arr, obj, obj->dtype);
    obj = obj->dtype;
  }
  if (t->kind == TypeKind::BoundMethod) // the receiver travels as the method's value
    return convert(arr, obj, t->self);
  if (obj->kind == TypeKind::RangeState) // {start, stop, step}
    return b_.CreateExtractValue(arr, in.name == "start" ? 0u : in.name == "stop" ? 1u : 2u);
  if (obj->is_named_tuple()) { // p.x: its field's element, a new reference as
                                // every attribute's value is (lower_inst releases it)
    auto field = std::find(obj->fields.begin(), obj->fields.end(), in.name);
    Value *item = b_.CreateExtractValue(arr, unsigned(field - obj->fields.begin()));
    incref(item, t);
    return item;
  }
  if (obj->is_class_instance()) { // b.x: a new reference to the attribute's value
    auto field = std::find(obj->fields.begin(), obj->fields.end(), in.name);
    Value *item = load_stored(instance_field(arr, obj, unsigned(field - obj->fields.begin())), t);
    check_attribute_set(item, t, obj, in.name);
    incref(item, t);
    return item;
  }
  if (obj->is_record()) // r.x
    return load_record_field(arr, obj, types::record_field(obj, in.name));
  if (obj->is_complex()) // {real, imag}
    return b_.CreateExtractValue(arr, in.name == "real" ? 0u : 1u);
  if (obj->is_number()) // a real number: x.real is x, x.imag is 0
    return in.name == "real" ? convert(arr, obj, t) : llvm::Constant::getNullValue(m_.llvm_type(t));
  if (!obj->is_array())
    return llvm::Constant::getNullValue(m_.llvm_type(t)); // modules, functions
  if (in.name == "shape" || in.name == "strides") {
    unsigned field = in.name == "shape" ? kShape : kStrides;
    Value *tuple = llvm::UndefValue::get(m_.llvm_type(t));
    for (int k = 0; k < obj->ndim; ++k)
      tuple = b_.CreateInsertValue(tuple, b_.CreateExtractValue(arr, {field, unsigned(k)}),
                                   unsigned(k));
    return tuple;
  }
  if (in.name == "T")
    return transpose_view(arr, obj, t);
  if (in.name == "flat") { // {array}: a new reference, as every attribute's value
    incref(arr, obj);
    return b_.CreateInsertValue(llvm::UndefValue::get(m_.llvm_type(t)), arr, 0u);
  }
  if (in.name == "size")
    return b_.CreateExtractValue(arr, kNItems);
  if (in.name == "itemsize")
    return b_.CreateExtractValue(arr, kItemSize);
  if (in.name == "nbytes") {
    Value *n = b_.CreateExtractValue(arr, kNItems);
    return b_.CreateMul(n, b_.CreateExtractValue(arr, kItemSize));
  }
  if ((in.name == "real" || in.name == "imag") && obj->dtype->is_complex())
    return complex_part_view(arr, obj, t, in.name == "imag");
  if (in.name == "real") { // of a real array: itself, a new reference
    incref(arr, obj);
    return arr;
  }
  if (t->kind == TypeKind::BoundMethod)
    return arr; // the receiver travels as the method's value
  return llvm::Constant::getNullValue(m_.llvm_type(t));
}

/// Splits an index value (an integer or a tuple of integers) into int64s.
static std::vector<Value *> index_values(FunctionLowering &fl, Value *idx, const Type *t) {
  std::vector<Value *> out;
  if (t->is_tuple()) {
    for (unsigned k = 0; k < t->elems.size(); ++k)
      out.push_back(fl.convert(fl.builder().CreateExtractValue(idx, k), t->elems[k],
                               types::int64()));
  } else {
    out.push_back(fl.convert(idx, t, types::int64()));
  }
  return out;
}

llvm::Value *FunctionLowering::load_element(Value *p, const Type *dtype) {
  if (dtype->is_record()) // (a record value needs its array: record_of_element)
    throw std::logic_error("pyrite: load_element of a record");
  if (dtype->kind == TypeKind::CharSeq) // a new str or bytes (types::element_value)
    return chars_value(p, dtype);
  return load_stored(p, dtype);
}

llvm::Value *FunctionLowering::load_stored(Value *p, const Type *t) {
  Value *v = b_.CreateLoad(m_.memory_type(t), p);
  // A boolean byte is true when nonzero, as NumPy reads it (a view of
  // uint8 data as bool may hold 2).
  return t->is_bool() ? b_.CreateICmpNE(v, b_.getInt8(0)) : v;
}

llvm::Value *FunctionLowering::element_pointer(Value *arr, const Type *at,
                                               const std::vector<Value *> &raw_idx) {
  std::vector<Value *> idx;
  for (size_t k = 0; k < raw_idx.size(); ++k) {
    Value *dim = b_.CreateExtractValue(arr, {kShape, unsigned(k)});
    // Negative indices count from the end, as in Python.
    Value *wrapped = b_.CreateAdd(raw_idx[k], dim);
    Value *negative = b_.CreateICmpSLT(raw_idx[k], i64(0));
    Value *i = b_.CreateSelect(negative, wrapped, raw_idx[k]);
    if (boundscheck())
      raise_if(b_.CreateICmpUGE(i, dim), "IndexError",
               "index {0} is out of bounds for axis " + std::to_string(k) + " with size {1}",
               {raw_idx[k], dim});
    idx.push_back(i);
  }
  Value *data = b_.CreateExtractValue(arr, kData);
  if (idx.empty())
    return data; // a 0-d array's one element
  if (at->layout == 'C' && int(idx.size()) == at->ndim) {
    Value *linear = idx[0];
    for (size_t k = 1; k < idx.size(); ++k)
      linear = b_.CreateAdd(b_.CreateMul(linear, b_.CreateExtractValue(arr, {kShape, unsigned(k)})),
                            idx[k]);
    return b_.CreateInBoundsGEP(m_.element_memory_type(at->dtype), data, linear);
  }
  Value *offset = i64(0);
  for (size_t k = 0; k < idx.size(); ++k)
    offset = b_.CreateAdd(offset,
                          b_.CreateMul(idx[k], b_.CreateExtractValue(arr, {kStrides, unsigned(k)})));
  return b_.CreateInBoundsGEP(b_.getInt8Ty(), data, offset);
}

// --- arrays: slices and views ---------------------------------------------------------

llvm::Value *FunctionLowering::slice_value(const ir::Inst &in) {
  Value *v = llvm::UndefValue::get(m_.llvm_type(type_of(in.result)));
  for (unsigned k = 0; k < 3; ++k) {
    bool given = k < in.args.size() && type_of(in.args[k])->kind != TypeKind::None;
    Value *x = given ? convert(value(in.args[k]), type_of(in.args[k]), types::int64()) : i64(0);
    v = b_.CreateInsertValue(v, x, k);
    v = b_.CreateInsertValue(v, b_.getInt1(given), k + 3);
  }
  return v;
}

llvm::Value *FunctionLowering::array_view(Value *arr, const Type *at, Value *idx,
                                          const Type *it, const Type *rt) {
  std::vector<std::pair<Value *, const Type *>> items;
  if (it->is_tuple())
    for (unsigned k = 0; k < it->elems.size(); ++k)
      items.emplace_back(b_.CreateExtractValue(idx, k), it->elems[k]);
  else
    items.emplace_back(idx, it);
  return array_view(arr, at, items, rt);
}

llvm::Value *FunctionLowering::array_view(
    Value *arr, const Type *at, const std::vector<std::pair<Value *, const Type *>> &items,
    const Type *rt) {
  Value *out = llvm::UndefValue::get(m_.llvm_type(rt));
  Value *data = b_.CreateExtractValue(arr, kData);
  Value *n = i64(1);
  unsigned j = 0;
  auto put_dim = [&](Value *len, Value *stride) {
    out = b_.CreateInsertValue(out, len, {kShape, j});
    out = b_.CreateInsertValue(out, stride, {kStrides, j});
    n = b_.CreateMul(n, len);
    ++j;
  };
  // Items that stand for one dimension of `arr`; `...` stands for the rest.
  int consumed = 0;
  for (auto &item : items)
    consumed += !item.second || (item.second->kind != TypeKind::None &&
                                 item.second->kind != TypeKind::Ellipsis);
  int k = 0; // the next dimension of `arr`
  auto keep_dim = [&]() {
    Value *len = b_.CreateExtractValue(arr, {kShape, unsigned(k)});
    Value *stride = b_.CreateExtractValue(arr, {kStrides, unsigned(k)});
    put_dim(len, stride);
    ++k;
  };
  for (auto [v, t] : items) {
    if (!t) { // the whole dimension (an advanced index's axis: lower_fancy.cpp)
      keep_dim();
      continue;
    }
    if (t->kind == TypeKind::None) { // np.newaxis: length 1
      put_dim(i64(1), i64(0));
      continue;
    }
    if (t->kind == TypeKind::Ellipsis) {
      for (int e = 0; e < at->ndim - consumed; ++e)
        keep_dim();
      continue;
    }
    Value *dim = b_.CreateExtractValue(arr, {kShape, unsigned(k)});
    Value *stride = b_.CreateExtractValue(arr, {kStrides, unsigned(k)});
    ++k;
    if (t->kind != TypeKind::Slice) {
      Value *given = convert(v, t, types::int64());
      Value *wrapped = b_.CreateAdd(given, dim);
      Value *negative = b_.CreateICmpSLT(given, i64(0));
      Value *i = b_.CreateSelect(negative, wrapped, given);
      if (boundscheck())
        raise_if(b_.CreateICmpUGE(i, dim), "IndexError",
                 "index {0} is out of bounds for axis " + std::to_string(k - 1) +
                     " with size {1}",
                 {given, dim});
      data = b_.CreateInBoundsGEP(b_.getInt8Ty(), data, b_.CreateMul(i, stride));
      continue;
    }
    auto [start, len, step] = slice_indices(v, dim);
    data = b_.CreateInBoundsGEP(b_.getInt8Ty(), data, b_.CreateMul(start, stride));
    put_dim(len, b_.CreateMul(stride, step));
  }
  while (k < at->ndim)
    keep_dim();
  Value *mi = b_.CreateExtractValue(arr, kMemInfo);
  b_.CreateCall(m_.runtime("pyrite_incref"), {mi});
  out = b_.CreateInsertValue(out, mi, kMemInfo);
  out = b_.CreateInsertValue(out, b_.CreateExtractValue(arr, kParent), kParent);
  out = b_.CreateInsertValue(out, n, kNItems);
  out = b_.CreateInsertValue(out, b_.CreateExtractValue(arr, kItemSize), kItemSize);
  return b_.CreateInsertValue(out, data, kData);
}

std::pair<Value *, Value *> FunctionLowering::checked_mul(Value *a, Value *b) {
  Value *r = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, a, b);
  return {b_.CreateExtractValue(r, 0), b_.CreateExtractValue(r, 1)};
}

// --- overlapping source and destination -------------------------------------------------

/// The byte range [lo, hi) an array's elements occupy; empty (lo == hi)
/// when it has no elements.
static std::pair<Value *, Value *> extent(FunctionLowering &fl, Value *arr, const Type *t) {
  auto &b = fl.builder();
  Value *lo = b.getInt64(0), *hi = b.CreateExtractValue(arr, kItemSize);
  Value *empty = b.getInt1(false);
  for (int k = 0; k < t->ndim; ++k) {
    Value *dim = b.CreateExtractValue(arr, {kShape, unsigned(k)});
    Value *stride = b.CreateExtractValue(arr, {kStrides, unsigned(k)});
    Value *span = b.CreateMul(b.CreateSub(dim, b.getInt64(1)), stride);
    Value *negative = b.CreateICmpSLT(span, b.getInt64(0));
    lo = b.CreateAdd(lo, b.CreateSelect(negative, span, b.getInt64(0)));
    hi = b.CreateAdd(hi, b.CreateSelect(negative, b.getInt64(0), span));
    empty = b.CreateOr(empty, b.CreateICmpSLE(dim, b.getInt64(0)));
  }
  Value *base = b.CreatePtrToInt(b.CreateExtractValue(arr, kData), b.getInt64Ty());
  hi = b.CreateSelect(empty, lo, hi);
  return {b.CreateAdd(base, lo), b.CreateAdd(base, hi)};
}

Value *FunctionLowering::unaliased(Value *src, const Type *st, Value *dst, const Type *dt,
                                   bool same_is_safe) {
  auto [src_lo, src_hi] = extent(*this, src, st);
  auto [dst_lo, dst_hi] = extent(*this, dst, dt);
  Value *dst_before_src_end = b_.CreateICmpULT(dst_lo, src_hi);
  Value *src_before_dst_end = b_.CreateICmpULT(src_lo, dst_hi);
  Value *overlap = b_.CreateAnd(src_before_dst_end, dst_before_src_end);
  // The same elements in the same order (x[...] = x, a += a) are safe: each
  // element is read before it is written.
  Value *dst_data = b_.CreateExtractValue(dst, kData);
  Value *src_data = b_.CreateExtractValue(src, kData);
  Value *same = b_.CreateICmpEQ(src_data, dst_data);
  if (st->ndim == dt->ndim) {
    for (int k = 0; k < st->ndim; ++k)
      for (unsigned f : {unsigned(kShape), unsigned(kStrides)}) {
        Value *dst_field = b_.CreateExtractValue(dst, {f, unsigned(k)});
        Value *src_field = b_.CreateExtractValue(src, {f, unsigned(k)});
        same = b_.CreateAnd(same, b_.CreateICmpEQ(src_field, dst_field));
      }
  } else {
    same = b_.getInt1(false);
  }
  if (!same_is_safe) // the source is read while the destination is written in another order
    same = b_.getInt1(false);
  llvm::BasicBlock *before = b_.GetInsertBlock();
  auto *copy_bb = llvm::BasicBlock::Create(m_.context, "overlap.copy", fn_);
  auto *done_bb = llvm::BasicBlock::Create(m_.context, "overlap.done", fn_);
  b_.CreateCondBr(b_.CreateAnd(overlap, b_.CreateNot(same)), copy_bb, done_bb,
                  llvm::MDBuilder(m_.context).createUnlikelyBranchWeights());
  b_.SetInsertPoint(copy_bb);
  Value *copy = copy_array(src, st);
  llvm::BasicBlock *copied = b_.GetInsertBlock();
  b_.CreateBr(done_bb);
  b_.SetInsertPoint(done_bb);
  llvm::Type *at = m_.llvm_type(st);
  auto *chosen = b_.CreatePHI(at, 2, "unaliased");
  chosen->addIncoming(src, before);
  chosen->addIncoming(copy, copied);
  // The copy, if one was made, is released with the block's temporaries;
  // without one this releases nothing (a null meminfo).
  auto *owned = b_.CreatePHI(at, 2, "unaliased.owned");
  owned->addIncoming(llvm::Constant::getNullValue(at), before);
  owned->addIncoming(copy, copied);
  temps_.emplace_back(owned, st);
  return chosen;
}

void FunctionLowering::copy_into(Value *dst, const Type *dt, Value *src, const Type *st) {
  src = unaliased(src, st, dst, dt);
  // NumPy broadcasting: src's dimensions line up with dst's last ones; a
  // dimension of length 1 repeats, any other must equal dst's.
  int lead = dt->ndim - st->ndim;
  Value *mismatch = b_.getInt1(false);
  std::vector<Value *> shape, src_shape;
  for (int k = 0; k < dt->ndim; ++k)
    shape.push_back(b_.CreateExtractValue(dst, {kShape, unsigned(k)}));
  for (int k = 0; k < st->ndim; ++k) {
    Value *s = b_.CreateExtractValue(src, {kShape, unsigned(k)});
    Value *differs = b_.CreateICmpNE(s, shape[size_t(lead + k)]);
    mismatch = b_.CreateOr(mismatch, b_.CreateAnd(differs, b_.CreateICmpNE(s, i64(1))));
    src_shape.push_back(s);
  }
  raise_if(mismatch, "ValueError",
           "could not broadcast input array into the shape of the assignment's target");
  const Type *da = types::array(dt->dtype, dt->ndim, 'A'), *sa = types::array(st->dtype, st->ndim, 'A');
  for_each_index(shape, [&](const std::vector<Value *> &i) {
    std::vector<Value *> from;
    for (int k = 0; k < st->ndim; ++k) {
      Value *repeats = b_.CreateICmpEQ(src_shape[size_t(k)], i64(1));
      from.push_back(b_.CreateSelect(repeats, i64(0), i[size_t(lead + k)]));
    }
    if (dt->dtype->is_record() || dt->dtype->kind == TypeKind::CharSeq) {
      // its bytes (the typer saw the same fields, or the same width, in both)
      Value *to = element_pointer(dst, da, i);
      Value *at = element_pointer(src, sa, from);
      Value *bytes = i64(m_.itemsize(dt->dtype));
      b_.CreateMemMove(to, llvm::MaybeAlign(1), at, llvm::MaybeAlign(1), bytes);
      return;
    }
    Value *v = load_element(element_pointer(src, sa, from), st->dtype);
    v = convert(v, st->dtype, dt->dtype);
    if (dt->dtype->is_bool())
      v = b_.CreateZExt(v, b_.getInt8Ty());
    b_.CreateStore(v, element_pointer(dst, da, i));
  });
}

// --- boolean masks and index arrays ----------------------------------------------------

/// Calls body(mask element, array element pointer) for the elements of two
/// arrays of one shape (ValueError otherwise), in C order.
void FunctionLowering::for_each_masked(Value *arr, const Type *at, Value *mask, const Type *mt,
                                       const std::function<void(Value *, Value *)> &body) {
  Value *mismatch = b_.getInt1(false);
  std::vector<Value *> shape;
  for (int k = 0; k < at->ndim; ++k) {
    Value *d = b_.CreateExtractValue(arr, {kShape, unsigned(k)});
    mismatch = b_.CreateOr(mismatch,
                           b_.CreateICmpNE(d, b_.CreateExtractValue(mask, {kShape, unsigned(k)})));
    shape.push_back(d);
  }
  raise_if(mismatch, "IndexError", "boolean index did not match indexed array");
  for_each_index(shape, [&](const std::vector<Value *> &i) {
    Value *m = b_.CreateLoad(b_.getInt8Ty(), element_pointer(mask, mt, i));
    Value *p = element_pointer(arr, at, i);
    body(b_.CreateICmpNE(m, b_.getInt8(0)), p);
  });
}

llvm::Value *FunctionLowering::masked_copy(Value *arr, const Type *at, Value *mask,
                                           const Type *mt, const Type *rt) {
  auto *count = entry_alloca(b_.getInt64Ty(), "mask.count");
  b_.CreateStore(i64(0), count);
  for_each_masked(arr, at, mask, mt, [&](Value *m, Value *) {
    Value *c = b_.CreateLoad(b_.getInt64Ty(), count);
    b_.CreateStore(b_.CreateAdd(c, b_.CreateZExt(m, b_.getInt64Ty())), count);
  });
  Value *out = allocate_array(rt, {b_.CreateLoad(b_.getInt64Ty(), count)});
  Value *data = b_.CreateExtractValue(out, kData);
  llvm::Type *et = m_.element_memory_type(at->dtype);
  b_.CreateStore(i64(0), count);
  for_each_masked(arr, at, mask, mt, [&](Value *m, Value *p) {
    auto *take = llvm::BasicBlock::Create(m_.context, "mask.take", fn_);
    auto *next = llvm::BasicBlock::Create(m_.context, "mask.next", fn_);
    b_.CreateCondBr(m, take, next);
    b_.SetInsertPoint(take);
    Value *c = b_.CreateLoad(b_.getInt64Ty(), count);
    Value *dst = b_.CreateInBoundsGEP(et, data, c);
    b_.CreateStore(b_.CreateLoad(et, p), dst);
    b_.CreateStore(b_.CreateAdd(c, i64(1)), count);
    b_.CreateBr(next);
    b_.SetInsertPoint(next);
  });
  return out;
}

llvm::Value *FunctionLowering::take(Value *arr, const Type *at, Value *idx, const Type *it,
                                    const Type *rt) {
  Value *n = b_.CreateExtractValue(idx, {kShape, 0});
  Value *out = allocate_array(rt, {n});
  Value *data = b_.CreateExtractValue(out, kData);
  Value *len = b_.CreateExtractValue(arr, {kShape, 0});
  llvm::Type *et = m_.element_memory_type(at->dtype);
  for_each_index({n}, [&](const std::vector<Value *> &k) {
    Value *i = b_.CreateLoad(m_.element_memory_type(it->dtype), element_pointer(idx, it, k));
    Value *given = convert(i, it->dtype, types::int64());
    Value *wrapped = b_.CreateAdd(given, len);
    Value *negative = b_.CreateICmpSLT(given, i64(0));
    i = b_.CreateSelect(negative, wrapped, given);
    raise_if(b_.CreateICmpUGE(i, len), "IndexError",
             "index {0} is out of bounds for axis 0 with size {1}", {given, len});
    Value *dst = b_.CreateInBoundsGEP(et, data, k[0]);
    b_.CreateStore(b_.CreateLoad(et, element_pointer(arr, at, {i})), dst);
  });
  return out;
}

FunctionLowering::SliceIndices FunctionLowering::slice_indices(Value *v, Value *dim) {
  // CPython's PySlice_Unpack + PySlice_AdjustIndices + PySlice_GetLength.
  Value *given_step = b_.CreateExtractValue(v, 2);
  Value *has_step = b_.CreateExtractValue(v, 5);
  Value *step = b_.CreateSelect(has_step, given_step, i64(1));
  raise_if(b_.CreateICmpEQ(step, i64(0)), "ValueError", "slice step cannot be zero");
  Value *neg = b_.CreateICmpSLT(step, i64(0));
  auto adjust = [&](unsigned field, Value *if_missing) {
    Value *x = b_.CreateExtractValue(v, field);
    Value *wrapped = b_.CreateAdd(x, dim);
    Value *low = b_.CreateSelect(neg, i64(-1), i64(0));
    Value *high = b_.CreateSelect(neg, b_.CreateSub(dim, i64(1)), dim);
    Value *from_start = b_.CreateSelect(b_.CreateICmpSGE(x, dim), high, x);
    Value *from_end = b_.CreateSelect(b_.CreateICmpSLT(wrapped, i64(0)), low, wrapped);
    Value *adj = b_.CreateSelect(b_.CreateICmpSLT(x, i64(0)), from_end, from_start);
    return b_.CreateSelect(b_.CreateExtractValue(v, field + 3), adj, if_missing);
  };
  Value *start = adjust(0, b_.CreateSelect(neg, b_.CreateSub(dim, i64(1)), i64(0)));
  Value *stop = adjust(1, b_.CreateSelect(neg, i64(-1), dim));
  Value *up = b_.CreateAdd(b_.CreateSDiv(b_.CreateSub(b_.CreateSub(stop, start), i64(1)), step), i64(1));
  Value *neg_step = b_.CreateNeg(step);
  Value *down = b_.CreateAdd(
      b_.CreateSDiv(b_.CreateSub(b_.CreateSub(start, stop), i64(1)), neg_step), i64(1));
  Value *len_up = b_.CreateSelect(b_.CreateICmpSLT(start, stop), up, i64(0));
  Value *len_down = b_.CreateSelect(b_.CreateICmpSLT(stop, start), down, i64(0));
  Value *len = b_.CreateSelect(neg, len_down, len_up);
  return {start, len, step};
}

llvm::Value *FunctionLowering::getitem(const ir::Inst &in) {
  if (const typing::Resolution *r = tf_.resolution(in.result); r && r->callee)
    return call_jit(in, *r); // the library's operator.getitem
  const Type *obj = type_of(in.args[0]), *it = type_of(in.args[1]), *rt = type_of(in.result);
  Value *container = value(in.args[0]);
  if (obj->is_optional()) { // its value (None raises TypeError)
    container = convert(container, obj, obj->dtype);
    obj = obj->dtype;
  }
  if (obj->is_string())
    return str_getitem(convert(container, obj, types::unicode()), value(in.args[1]), it);
  if (obj->is_list() || (obj->kind == TypeKind::ListLiteral && types::unliteral(obj))) {
    const Type *lt = types::unliteral(obj);
    return list_getitem(convert(container, obj, lt), lt, value(in.args[1]), it);
  }
  if (obj->is_record()) // r['x'], r[0]
    return load_record_field(container, obj, record_key(in, obj));
  if (types::is_flatiter(obj))
    return flat_getitem(container, obj, value(in.args[1]), it, rt);
  if (obj->is_array() && obj->dtype->is_record() && it->kind == TypeKind::StringLiteral)
    return record_field_view(container, obj, record_key(in, obj->dtype), rt); // a['x']
  bool own_index_array = it->is_array() && obj->is_array() && obj->ndim == 1;
  if (types::fancy_index(obj, it).array_item >= 0 && !own_index_array)
    return fancy_getitem(container, obj, value(in.args[1]), it, rt);
  if (obj->is_array() && it->is_array())
    return it->dtype->is_bool() ? masked_copy(container, obj, value(in.args[1]), it, rt)
                                : take(container, obj, value(in.args[1]), it, rt);
  if (obj->is_tuple()) {
    const typing::Resolution *r = tf_.resolution(in.result);
    if (r && r->constant && r->constant->kind == ir::Constant::Kind::Tuple) {
      Value *sliced = llvm::UndefValue::get(m_.llvm_type(rt)); // t[a:b:c]: these items
      for (size_t k = 0; k < r->constant->items.size(); ++k)
        sliced = b_.CreateInsertValue(
            sliced, b_.CreateExtractValue(container, unsigned(r->constant->items[k].i)),
            unsigned(k));
      return sliced;
    }
    if (r && r->constant)
      return b_.CreateExtractValue(container, unsigned(r->constant->i));
    // A uniform tuple indexed at run time: spill it and load the element.
    auto *slot = entry_alloca(m_.llvm_type(obj), "tuple");
    b_.CreateStore(container, slot);
    Value *i = convert(value(in.args[1]), it, types::int64());
    Value *n = i64(int64_t(obj->elems.size()));
    Value *wrapped = b_.CreateAdd(i, n);
    Value *negative = b_.CreateICmpSLT(i, i64(0));
    i = b_.CreateSelect(negative, wrapped, i);
    raise_if(b_.CreateICmpUGE(i, n), "IndexError", "tuple index out of range");
    // A uniform tuple is laid out as an array of its element type.
    auto *as_array = llvm::ArrayType::get(m_.llvm_type(rt), obj->elems.size());
    return b_.CreateLoad(m_.llvm_type(rt), b_.CreateInBoundsGEP(as_array, slot, {i64(0), i}));
  }
  // (an 'S' element reads as bytes, an array type, though it is no view)
  bool bytes_element = obj->dtype->kind == TypeKind::CharSeq && !obj->dtype->is_unicode_chars() &&
                       rt == types::element_value(obj->dtype);
  if (rt->is_array() && !bytes_element)
    return array_view(container, obj, value(in.args[1]), it, rt);
  std::vector<Value *> idx = index_values(*this, value(in.args[1]), it);
  if (rt->is_record()) // a[i]: a reference to the element
    return record_of_element(container, element_pointer(container, obj, idx), rt);
  return load_element(element_pointer(container, obj, idx), obj->dtype);
}

void FunctionLowering::setitem(const ir::Inst &in) {
  if (const typing::Resolution *r = tf_.resolution(in.result); r && r->callee) {
    call_jit(in, *r); // the library's operator.setitem (lst[a:b] = items)
    return;
  }
  const Type *obj = type_of(in.args[0]), *it = type_of(in.args[1]), *vt = type_of(in.args[2]);
  Value *container = value(in.args[0]);
  if (obj->is_optional()) { // its value (None raises TypeError)
    container = convert(container, obj, obj->dtype);
    obj = obj->dtype;
  }
  if (obj->is_list()) {
    Value *v = convert(value(in.args[2]), vt, obj->dtype);
    list_setitem(container, obj, value(in.args[1]), it, v);
    return;
  }
  if (obj->is_record()) { // r['x'] = v, r[0] = v, r.x = v
    int field = record_key(in, obj);
    const Type *ft = obj->elems[size_t(field)];
    if (ft->is_number() && vt->is_number()) // a Python int ft cannot hold: OverflowError
      store_record_field(container, obj, field, stored_value(in.args[2], ft), ft);
    else
      store_record_field(container, obj, field, value(in.args[2]), vt);
    return;
  }
  if (types::is_flatiter(obj)) {
    flat_setitem(container, obj, value(in.args[1]), it, in.args[2]);
    return;
  }
  if (obj->is_array() && obj->dtype->is_record() && it->kind == TypeKind::StringLiteral) {
    // a['x'] = v: into the field's view, as a['x'][...] = v
    int field = record_key(in, obj->dtype);
    const Type *view_t = types::field_view(obj, field);
    Value *view = record_field_view(container, obj, field, view_t);
    if (vt->is_array()) {
      copy_into(view, view_t, value(in.args[2]), vt);
    } else {
      fill_array(view, view_t, stored_value(in.args[2], view_t->dtype));
    }
    decref(view, view_t);
    return;
  }
  if (it->is_array() && it->dtype->is_bool() && it->ndim == obj->ndim && !vt->is_array()) {
    // a[mask] = scalar
    Value *v = stored_value(in.args[2], obj->dtype);
    if (obj->dtype->is_bool())
      v = b_.CreateZExt(v, b_.getInt8Ty());
    // A mask that is a view of the array itself (a[a[::-1] > 0] = 0 reads
    // it after writes) is read from a copy, as NumPy evaluates it first.
    Value *mask = unaliased(value(in.args[1]), it, container, obj);
    for_each_masked(container, obj, mask, it, [&](Value *m, Value *p) {
      b_.CreateStore(b_.CreateSelect(m, v, b_.CreateLoad(v->getType(), p)), p);
    });
    return;
  }
  if (types::fancy_index(obj, it).array_item >= 0) {
    if (!vt->is_array())
      fancy_setitem(container, obj, value(in.args[1]), it, stored_value(in.args[2], obj->dtype),
                    obj->dtype);
    else
      fancy_setitem(container, obj, value(in.args[1]), it, value(in.args[2]), vt);
    return;
  }
  // a[i, j]: one element; anything else (a[1:3] = x, a[i] = row, a[..., 0] = v)
  // assigns into a view.
  int integers = 0, new_axes = 0;
  for (const Type *t : it->is_tuple() ? it->elems : std::vector<const Type *>{it}) {
    integers += t->is_int() || t->is_bool();
    new_axes += t->kind == TypeKind::None;
  }
  size_t n_items = it->is_tuple() ? it->elems.size() : 1;
  bool element = integers == obj->ndim && int(n_items) == integers;
  if (!element) {
    int rest = obj->ndim - integers + new_axes;
    const Type *view_t = types::array(obj->dtype, rest, 'A');
    Value *view = array_view(container, obj, value(in.args[1]), it, view_t);
    // (bytes into 'S' elements are one value, though an array)
    bool one_value = obj->dtype->kind == TypeKind::CharSeq && types::storable_scalar(vt, obj->dtype);
    if (vt->is_array() && !one_value) {
      copy_into(view, view_t, value(in.args[2]), vt);
    } else {
      fill_array(view, view_t, stored_value(in.args[2], obj->dtype));
    }
    decref(view, view_t);
    return;
  }
  std::vector<Value *> idx = index_values(*this, value(in.args[1]), type_of(in.args[1]));
  if (obj->dtype->kind == TypeKind::CharSeq) { // a[i] = s (a str, or bytes into 'S')
    Value *s = stored_value(in.args[2], obj->dtype);
    store_chars(element_pointer(container, obj, idx), s, obj->dtype);
    return;
  }
  if (obj->dtype->is_record()) { // a[i] = r: its bytes
    Value *from = b_.CreateExtractValue(value(in.args[2]), kRecordData);
    copy_record(element_pointer(container, obj, idx), from, obj->dtype);
    return;
  }
  Value *v = stored_value(in.args[2], obj->dtype);
  if (obj->dtype->is_bool())
    v = b_.CreateZExt(v, b_.getInt8Ty());
  b_.CreateStore(v, element_pointer(container, obj, idx));
}

// --- arrays: allocation and whole-array loops ---------------------------------------------

llvm::Value *FunctionLowering::allocate_array(const Type *at, const std::vector<Value *> &shape) {
  int64_t itemsize = m_.itemsize(at->dtype);
  Value *n = i64(1), *negative = b_.getInt1(false), *too_big = b_.getInt1(false);
  for (Value *d : shape) {
    negative = b_.CreateOr(negative, b_.CreateICmpSLT(d, i64(0)));
    auto [product, overflow] = checked_mul(n, d);
    n = product;
    too_big = b_.CreateOr(too_big, overflow);
  }
  raise_if(negative, "ValueError", "negative dimensions are not allowed");
  auto [bytes, overflow] = checked_mul(n, i64(itemsize));
  // NumPy's check and message: a size that wraps would allocate too little.
  raise_if(b_.CreateOr(too_big, overflow), "ValueError",
           "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum "
           "possible size.");
  Value *mi = b_.CreateCall(m_.runtime("pyrite_rt_meminfo_alloc"), {bytes});
  raise_if(b_.CreateIsNull(mi), "MemoryError", "cannot allocate array");
  // PyriteMemInfo is {int64 refcount; void *data; size_t size}.
  Value *data = b_.CreateLoad(b_.getPtrTy(), b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), mi, 8));
  Value *arr = llvm::UndefValue::get(m_.llvm_type(at));
  arr = b_.CreateInsertValue(arr, mi, kMemInfo);
  arr = b_.CreateInsertValue(arr, llvm::ConstantPointerNull::get(b_.getPtrTy()), kParent);
  arr = b_.CreateInsertValue(arr, n, kNItems);
  arr = b_.CreateInsertValue(arr, i64(itemsize), kItemSize);
  arr = b_.CreateInsertValue(arr, data, kData);
  Value *stride = i64(itemsize);
  for (int k = at->ndim - 1; k >= 0; --k) {
    arr = b_.CreateInsertValue(arr, shape[k], {kShape, unsigned(k)});
    arr = b_.CreateInsertValue(arr, stride, {kStrides, unsigned(k)});
    stride = b_.CreateMul(stride, shape[k]);
  }
  return arr;
}

void FunctionLowering::fill_array(Value *arr, const Type *at, Value *v) {
  if (!v) {
    Value *itemsize = b_.CreateExtractValue(arr, kItemSize);
    Value *bytes = b_.CreateMul(b_.CreateExtractValue(arr, kNItems), itemsize);
    b_.CreateMemSet(b_.CreateExtractValue(arr, kData), b_.getInt8(0), bytes, llvm::MaybeAlign(8));
    return;
  }
  if (at->dtype->kind == TypeKind::CharSeq) { // a str or bytes (the caller releases it)
    for_each_element(arr, at, [&](Value *p) { store_chars(p, v, at->dtype); });
    return;
  }
  if (at->dtype->is_bool())
    v = b_.CreateZExt(v, b_.getInt8Ty());
  for_each_element(arr, at, [&](Value *p) { b_.CreateStore(v, p); });
}

void FunctionLowering::for_each_index(
    const std::vector<Value *> &shape,
    const std::function<void(const std::vector<Value *> &)> &body) {
  std::vector<Value *> idx;
  std::function<void(size_t)> nest = [&](size_t level) {
    if (level == shape.size()) {
      body(idx);
      return;
    }
    llvm::BasicBlock *pre = b_.GetInsertBlock();
    auto *head = llvm::BasicBlock::Create(m_.context, "each.head", fn_);
    auto *loop = llvm::BasicBlock::Create(m_.context, "each.body", fn_);
    auto *done = llvm::BasicBlock::Create(m_.context, "each.done", fn_);
    b_.CreateBr(head);
    b_.SetInsertPoint(head);
    llvm::PHINode *i = b_.CreatePHI(b_.getInt64Ty(), 2, "k");
    i->addIncoming(i64(0), pre);
    b_.CreateCondBr(b_.CreateICmpSLT(i, shape[level]), loop, done);
    b_.SetInsertPoint(loop);
    idx.push_back(i);
    nest(level + 1);
    idx.pop_back();
    i->addIncoming(b_.CreateAdd(i, i64(1)), b_.GetInsertBlock());
    b_.CreateBr(head);
    b_.SetInsertPoint(done);
  };
  nest(0);
}

void FunctionLowering::for_each_element(Value *arr, const Type *at,
                                        const std::function<void(Value *)> &body) {
  // C-contiguous: one flat loop. Otherwise one strided loop per dimension.
  if (at->layout == 'C') {
    for_each_index({b_.CreateExtractValue(arr, kNItems)}, [&](const std::vector<Value *> &i) {
      body(b_.CreateInBoundsGEP(m_.element_memory_type(at->dtype), b_.CreateExtractValue(arr, kData),
                                i[0]));
    });
    return;
  }
  std::vector<Value *> shape;
  for (int k = 0; k < at->ndim; ++k)
    shape.push_back(b_.CreateExtractValue(arr, {kShape, unsigned(k)}));
  for_each_index(shape, [&](const std::vector<Value *> &i) {
    body(element_pointer(arr, at, i));
  });
}

llvm::Value *FunctionLowering::unchecked_element_pointer(Value *arr,
                                                         const std::vector<Value *> &idx) {
  Value *offset = i64(0);
  for (size_t k = 0; k < idx.size(); ++k) {
    Value *stride = b_.CreateExtractValue(arr, {kStrides, unsigned(k)});
    offset = b_.CreateAdd(offset, b_.CreateMul(idx[k], stride));
  }
  return b_.CreateGEP(b_.getInt8Ty(), b_.CreateExtractValue(arr, kData), offset);
}

llvm::Value *FunctionLowering::is_contiguous(Value *arr, const Type *at) {
  // C order: each stride is the product of the later lengths (times the
  // item size); Fortran order: of the earlier ones. Dimensions of length 1
  // have any stride, as in NumPy's flags.
  Value *itemsize = b_.CreateExtractValue(arr, kItemSize);
  auto in_order = [&](bool c_order) {
    Value *ok = b_.getInt1(true), *expected = itemsize;
    for (int j = 0; j < at->ndim; ++j) {
      unsigned k = unsigned(c_order ? at->ndim - 1 - j : j);
      Value *len = b_.CreateExtractValue(arr, {kShape, k});
      Value *stride = b_.CreateExtractValue(arr, {kStrides, k});
      Value *matches = b_.CreateICmpEQ(stride, expected);
      Value *free = b_.CreateICmpEQ(len, i64(1));
      ok = b_.CreateAnd(ok, b_.CreateOr(matches, free));
      expected = b_.CreateMul(expected, len);
    }
    return ok;
  };
  Value *c_order = in_order(true);
  Value *f_order = in_order(false);
  return b_.CreateOr(c_order, f_order);
}

llvm::Value *FunctionLowering::pairwise_sum(Value *start, Value *n, Value *stride,
                                            const Type *dt) {
  const char *name = dt->bits == 32 ? "pyrite_sum_f32" : "pyrite_sum_f64";
  Value *sum = b_.CreateCall(m_.runtime(name), {start, n, stride});
  // NumPy adds the pairwise sum to the identity: np.sum of -0.0 is 0.0.
  return b_.CreateFAdd(llvm::ConstantFP::get(sum->getType(), 0.0), sum);
}

llvm::Value *FunctionLowering::copy_array(Value *arr, const Type *at) {
  std::vector<Value *> shape;
  for (int k = 0; k < at->ndim; ++k)
    shape.push_back(b_.CreateExtractValue(arr, {kShape, unsigned(k)}));
  const Type *ct = types::array(at->dtype, at->ndim, 'C');
  Value *out = allocate_array(ct, shape);
  Value *dst = b_.CreateExtractValue(out, kData);
  auto *pos = entry_alloca(b_.getInt64Ty(), "copy.pos");
  b_.CreateStore(i64(0), pos);
  llvm::Type *et = m_.element_memory_type(at->dtype);
  for_each_element(arr, at, [&](Value *p) {
    Value *k = b_.CreateLoad(b_.getInt64Ty(), pos);
    Value *to = b_.CreateInBoundsGEP(et, dst, k);
    b_.CreateStore(b_.CreateLoad(et, p), to);
    b_.CreateStore(b_.CreateAdd(k, i64(1)), pos);
  });
  return out;
}

} // namespace pyrite::lower
