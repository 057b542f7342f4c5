//===- lower/lower_records.cpp - records of structured arrays -------------===//
//
// A record (types::record) is a reference to its element in a structured
// array (data_model.h: RecordHeader): the element's address with the
// array's owner and parent, so that it keeps the element alive as a view
// does, and `a[i].x = v` and `r = a[i]; r.x = v` write the array as NumPy's
// void scalars do. A field is read and written at its byte offset
// with alignment 1 (NumPy packs fields unless the dtype asks for align=True).
// `a['x']` is a strided view of one field of every element. Typing:
// typing/typer_items.cpp (record_field_of) and typing/builtins.cpp.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include <llvm/IR/Constants.h>

namespace pyrite::lower {

using llvm::Value;

int FunctionLowering::record_key(const ir::Inst &in, const Type *record) {
  const Type *key = type_of(in.args[1]);
  if (key->kind == TypeKind::StringLiteral)
    return types::record_field(record, key->name);
  // A constant position (the typer checked it): r[0], r[-1].
  auto *c = llvm::cast<llvm::ConstantInt>(value(in.args[1]));
  int64_t n = int64_t(record->fields.size()), i = c->getSExtValue();
  return int(i < 0 ? i + n : i);
}

Value *FunctionLowering::record_of_element(Value *arr, Value *p, const Type *rt) {
  Value *record = llvm::UndefValue::get(m_.llvm_type(rt));
  Value *meminfo = b_.CreateExtractValue(arr, kMemInfo);
  record = b_.CreateInsertValue(record, meminfo, kRecordMemInfo);
  record = b_.CreateInsertValue(record, b_.CreateExtractValue(arr, kParent), kRecordParent);
  record = b_.CreateInsertValue(record, p, kRecordData);
  incref(record, rt); // a new reference, as every view is
  return record;
}

Value *FunctionLowering::record_field_pointer(Value *record, const Type *rt, int field) {
  return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), b_.CreateExtractValue(record, kRecordData),
                                       uint64_t(rt->offsets[size_t(field)]));
}

/// The C-order byte strides of a sub-array field's shape, elements of
/// `itemsize` bytes.
static std::vector<int64_t> nested_strides(const Type *nested, int64_t itemsize) {
  std::vector<int64_t> strides(nested->offsets.size());
  int64_t step = itemsize;
  for (size_t k = strides.size(); k-- > 0;) {
    strides[k] = step;
    step *= nested->offsets[k];
  }
  return strides;
}

Value *FunctionLowering::load_record_field(Value *record, const Type *rt, int field) {
  const Type *ft = types::record_field_type(rt, field);
  if (rt->elems[size_t(field)]->kind == TypeKind::NestedArray) {
    // r.v: a C-contiguous view of the sub-array, owned as the record is
    const Type *nested = rt->elems[size_t(field)];
    std::vector<int64_t> strides = nested_strides(nested, m_.itemsize(nested->dtype));
    int64_t n = 1;
    Value *view = llvm::UndefValue::get(m_.llvm_type(ft));
    for (unsigned k = 0; k < strides.size(); ++k) {
      n *= nested->offsets[k];
      view = b_.CreateInsertValue(view, i64(nested->offsets[k]), {kShape, k});
      view = b_.CreateInsertValue(view, i64(strides[k]), {kStrides, k});
    }
    view = b_.CreateInsertValue(view, b_.CreateExtractValue(record, kRecordMemInfo), kMemInfo);
    view = b_.CreateInsertValue(view, b_.CreateExtractValue(record, kRecordParent), kParent);
    view = b_.CreateInsertValue(view, i64(n), kNItems);
    view = b_.CreateInsertValue(view, i64(m_.itemsize(nested->dtype)), kItemSize);
    view = b_.CreateInsertValue(view, record_field_pointer(record, rt, field), kData);
    incref(view, ft); // a new reference, as every view is
    return view;
  }
  if (ft->is_record()) { // a nested record: a reference to its bytes in the element
    Value *nested = b_.CreateInsertValue(record, record_field_pointer(record, rt, field),
                                         kRecordData);
    incref(nested, ft);
    return nested;
  }
  Value *v = b_.CreateAlignedLoad(m_.memory_type(ft), record_field_pointer(record, rt, field),
                                  llvm::Align(1));
  return ft->is_bool() ? b_.CreateICmpNE(v, b_.getInt8(0)) : v;
}

void FunctionLowering::store_record_field(Value *record, const Type *rt, int field, Value *v,
                                          const Type *vt) {
  const Type *ft = rt->elems[size_t(field)];
  if (ft->kind == TypeKind::NestedArray) { // r.v = x: into the view, as r.v[...] = x
    const Type *view_t = types::record_field_type(rt, field);
    Value *view = load_record_field(record, rt, field);
    if (vt->is_array())
      copy_into(view, view_t, v, vt);
    else
      fill_array(view, view_t, convert(v, vt, view_t->dtype));
    decref(view, view_t);
    return;
  }
  if (ft->is_record()) { // r.p = q: q's bytes
    Value *to = record_field_pointer(record, rt, field);
    copy_record(to, b_.CreateExtractValue(v, kRecordData), ft);
    return;
  }
  v = convert(v, vt, ft);
  if (ft->is_bool())
    v = b_.CreateZExt(v, b_.getInt8Ty());
  b_.CreateAlignedStore(v, record_field_pointer(record, rt, field), llvm::Align(1));
}

void FunctionLowering::copy_record(Value *dst, Value *src, const Type *rt) {
  // memmove: `a[i] = a[j]` may name one element twice. `src` is an element's
  // address (a record value's data).
  b_.CreateMemMove(dst, llvm::MaybeAlign(1), src, llvm::MaybeAlign(1), i64(rt->bits));
}

Value *FunctionLowering::record_field_view(Value *arr, const Type *at, int field,
                                           const Type *rt) {
  std::vector<Value *> shape, strides;
  for (int k = 0; k < at->ndim; ++k) {
    shape.push_back(b_.CreateExtractValue(arr, {kShape, unsigned(k)}));
    strides.push_back(b_.CreateExtractValue(arr, {kStrides, unsigned(k)}));
  }
  const Type *ft = at->dtype->elems[size_t(field)];
  Value *nitems = b_.CreateExtractValue(arr, kNItems);
  if (ft->kind == TypeKind::NestedArray) { // a['v']: the sub-array's dimensions follow
    std::vector<int64_t> inner = nested_strides(ft, m_.itemsize(ft->dtype));
    for (size_t k = 0; k < inner.size(); ++k) {
      shape.push_back(i64(ft->offsets[k]));
      strides.push_back(i64(inner[k]));
      nitems = b_.CreateMul(nitems, i64(ft->offsets[k]));
    }
    ft = ft->dtype;
  }
  Value *view = view_with(arr, rt, shape, strides, true);
  view = b_.CreateInsertValue(view, nitems, kNItems);
  view = b_.CreateInsertValue(view, i64(m_.itemsize(ft)), kItemSize);
  Value *data = b_.CreateExtractValue(view, kData);
  Value *first = b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), data,
                                               uint64_t(at->dtype->offsets[size_t(field)]));
  return b_.CreateInsertValue(view, first, kData);
}

} // namespace pyrite::lower
