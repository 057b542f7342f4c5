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

Value *FunctionLowering::load_record_field(Value *record, const Type *rt, int field) {
  const Type *ft = types::record_field_type(rt, field);
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
  if (ft->is_record()) { // r.p = q: q's bytes
    copy_record(record_field_pointer(record, rt, field), b_.CreateExtractValue(v, kRecordData),
                ft);
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
  Value *view = view_with(arr, rt, shape, strides, true);
  const Type *ft = at->dtype->elems[size_t(field)];
  int64_t itemsize = ft->is_bool() ? 1 : ft->is_record() ? ft->bits : ft->bits / 8;
  view = b_.CreateInsertValue(view, i64(itemsize), kItemSize);
  Value *data = b_.CreateExtractValue(view, kData);
  Value *first = b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), data,
                                               uint64_t(at->dtype->offsets[size_t(field)]));
  return b_.CreateInsertValue(view, first, kData);
}

} // namespace pyrite::lower
