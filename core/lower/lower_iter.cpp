//===- lower/lower_iter.cpp - iterators: range, arrays, enumerate, zip ----===//
//
// An iterator is a pointer to a state block in the function's entry frame,
// one per `iter()` site (GetIter), so loops nested in loops reuse it:
//   range      {i64 cur, i64 remaining, i64 step}: the trip count is
//              computed once in unsigned arithmetic, so no bound overflows
//   array      {array, i64 index}           (holds a reference to the array)
//   tuple      {tuple, i64 index}           (of one element type; holds references)
//   str        {str, i64 index}             (holds a reference; yields 1-character strs)
//   list       {list, i64 index}            (holds a reference; its length is read
//                                            each step, as CPython's list iterator)
//   flatiter   {array, i64 index}           (a.flat; holds a reference to the array)
//   enumerate  {i64 count, inner state}
//   zip        {state 0, state 1, ...}
// Iterable values themselves: enumerate(x) is {i64 start, x}; zip is {a, b, ...}.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include <llvm/IR/Intrinsics.h>

namespace pyrite::lower {

using llvm::Value;

llvm::Type *ModuleState::iter_state_type(const Type *t) {
  auto *i64 = llvm::Type::getInt64Ty(context);
  switch (t->kind) {
  case TypeKind::RangeState: return llvm::StructType::get(context, {i64, i64, i64});
  case TypeKind::Array:
  case TypeKind::Unicode:
  case TypeKind::List:
  case TypeKind::Tuple: return llvm::StructType::get(context, {llvm_type(t), i64});
  case TypeKind::Generator: // (a one-element braced list would pick get(ctx, isPacked))
    return llvm::StructType::get(context, std::vector<llvm::Type *>{llvm_type(t)});
  default: break;
  }
  if (types::is_flatiter(t))
    return llvm::StructType::get(context, {llvm_type(t->elems[0]), i64});
  std::vector<llvm::Type *> fields;
  if (t->name == "enumerate")
    fields.push_back(i64);
  for (const Type *inner : t->elems)
    fields.push_back(iter_state_type(inner));
  return llvm::StructType::get(context, fields);
}

/// Index of inner iterable k inside an enumerate/zip value or state.
static unsigned inner_field(const Type *t, size_t k) {
  return unsigned(k + (t->name == "enumerate" ? 1 : 0));
}

void FunctionLowering::iter_init(Value *state, Value *iterable, const Type *t) {
  llvm::Type *st = m_.iter_state_type(t);
  switch (t->kind) {
  case TypeKind::RangeState: {
    for (unsigned k : {0u, 2u}) { // cur = start, step
      Value *field_p = b_.CreateStructGEP(st, state, k);
      b_.CreateStore(b_.CreateExtractValue(iterable, k), field_p);
    }
    Value *left_p = b_.CreateStructGEP(st, state, 1);
    b_.CreateStore(range_trip_count(iterable, t), left_p);
    return;
  }
  case TypeKind::Array:
  case TypeKind::Unicode:
  case TypeKind::List:
  case TypeKind::Tuple:
    incref(iterable, t);
    b_.CreateStore(iterable, b_.CreateStructGEP(st, state, 0));
    b_.CreateStore(i64(0), b_.CreateStructGEP(st, state, 1));
    return;
  case TypeKind::Generator: // iter(g) is g: the state shares the generator
    incref(iterable, t);
    b_.CreateStore(iterable, b_.CreateStructGEP(st, state, 0));
    return;
  default: break;
  }
  if (types::is_flatiter(t)) {
    Value *arr = b_.CreateExtractValue(iterable, 0);
    incref(arr, t->elems[0]);
    b_.CreateStore(arr, b_.CreateStructGEP(st, state, 0));
    b_.CreateStore(i64(0), b_.CreateStructGEP(st, state, 1));
    return;
  }
  if (t->name == "enumerate") {
    Value *count_p = b_.CreateStructGEP(st, state, 0);
    b_.CreateStore(b_.CreateExtractValue(iterable, 0), count_p);
  }
  for (size_t k = 0; k < t->elems.size(); ++k) {
    unsigned f = inner_field(t, k);
    Value *inner = b_.CreateExtractValue(iterable, f);
    iter_init(b_.CreateStructGEP(st, state, f), inner, t->elems[k]);
  }
}

/// len(range(start, stop, step)) without overflow: the distance between the
/// bounds as an unsigned number, divided by the step's magnitude (CPython's
/// compute_range_length). An unsigned range only counts up.
Value *FunctionLowering::range_trip_count(Value *range, const Type *t) {
  Value *step = b_.CreateExtractValue(range, 2);
  Value *stop = b_.CreateExtractValue(range, 1);
  Value *start = b_.CreateExtractValue(range, 0);
  return trip_count(start, stop, step, t->dtype->is_signed);
}

Value *FunctionLowering::trip_count(Value *start, Value *stop, Value *step, bool is_signed) {
  auto count = [&](Value *lo, Value *hi, Value *magnitude) {
    return b_.CreateAdd(b_.CreateUDiv(b_.CreateSub(b_.CreateSub(hi, lo), i64(1)), magnitude),
                        i64(1));
  };
  Value *up_count = count(start, stop, step);
  if (!is_signed)
    return b_.CreateSelect(b_.CreateICmpULT(start, stop), up_count, i64(0));
  Value *up = b_.CreateSelect(b_.CreateICmpSLT(start, stop), up_count, i64(0));
  Value *down_count = count(stop, start, b_.CreateNeg(step));
  Value *down = b_.CreateSelect(b_.CreateICmpSGT(start, stop), down_count, i64(0));
  return b_.CreateSelect(b_.CreateICmpSGT(step, i64(0)), up, down);
}

Value *FunctionLowering::iter_has_next(Value *state, const Type *t) {
  llvm::Type *st = m_.iter_state_type(t);
  auto field = [&](unsigned k, llvm::Type *ty) {
    return b_.CreateLoad(ty, b_.CreateStructGEP(st, state, k));
  };
  switch (t->kind) {
  case TypeKind::RangeState: return b_.CreateICmpNE(field(1, b_.getInt64Ty()), i64(0));
  case TypeKind::Array: {
    Value *arr = field(0, m_.llvm_type(t));
    Value *len = b_.CreateExtractValue(arr, {kShape, 0});
    return b_.CreateICmpSLT(field(1, b_.getInt64Ty()), len);
  }
  case TypeKind::Tuple:
    return b_.CreateICmpSLT(field(1, b_.getInt64Ty()), i64(int64_t(t->elems.size())));
  case TypeKind::List: {
    Value *list = field(0, m_.llvm_type(t));
    Value *index = field(1, b_.getInt64Ty());
    return b_.CreateICmpSLT(index, list_len(list));
  }
  case TypeKind::Unicode: {
    Value *s = field(0, m_.llvm_type(t));
    Value *index = field(1, b_.getInt64Ty());
    return b_.CreateICmpSLT(index, b_.CreateExtractValue(s, kStrLength));
  }
  case TypeKind::Generator: return generator_advance(field(0, m_.llvm_type(t)), t);
  default: break;
  }
  if (types::is_flatiter(t)) {
    Value *arr = field(0, m_.llvm_type(t->elems[0]));
    Value *index = field(1, b_.getInt64Ty());
    return b_.CreateICmpSLT(index, b_.CreateExtractValue(arr, kNItems));
  }
  if (t->elems.size() == 1) // enumerate
    return iter_has_next(b_.CreateStructGEP(st, state, inner_field(t, 0)), t->elems[0]);
  // zip stops at the first exhausted iterable without asking the later ones
  // (a generator asked would run to its next yield, as CPython's zip does not).
  auto *done = llvm::BasicBlock::Create(m_.context, "zip.done", fn_);
  std::vector<std::pair<Value *, llvm::BasicBlock *>> incoming;
  for (size_t k = 0; k < t->elems.size(); ++k) {
    Value *more = iter_has_next(b_.CreateStructGEP(st, state, inner_field(t, k)), t->elems[k]);
    incoming.emplace_back(more, b_.GetInsertBlock());
    if (k + 1 == t->elems.size()) {
      b_.CreateBr(done);
      break;
    }
    auto *next = llvm::BasicBlock::Create(m_.context, "zip.next", fn_);
    b_.CreateCondBr(more, next, done);
    b_.SetInsertPoint(next);
  }
  b_.SetInsertPoint(done);
  auto *all = b_.CreatePHI(b_.getInt1Ty(), unsigned(incoming.size()));
  for (auto &[v, from] : incoming)
    all->addIncoming(v, from);
  return all;
}

Value *FunctionLowering::iter_next(Value *state, const Type *t) {
  llvm::Type *st = m_.iter_state_type(t);
  switch (t->kind) {
  case TypeKind::RangeState: {
    Value *cur_p = b_.CreateStructGEP(st, state, 0);
    Value *left_p = b_.CreateStructGEP(st, state, 1);
    Value *cur = b_.CreateLoad(b_.getInt64Ty(), cur_p, "i");
    Value *step = b_.CreateLoad(b_.getInt64Ty(), b_.CreateStructGEP(st, state, 2));
    b_.CreateStore(b_.CreateSub(b_.CreateLoad(b_.getInt64Ty(), left_p), i64(1)), left_p);
    // The next value cannot overflow while there is one (it lies between
    // the bounds); after the last value the sum may overflow into poison,
    // which is never read: the loop has ended. So the add is nsw (nuw for
    // an unsigned range), which lets LLVM prove range(n)'s indices
    // non-negative (no wrap-around select, vector loads and stores).
    bool s = t->dtype->is_signed;
    b_.CreateStore(b_.CreateAdd(cur, step, "", /*HasNUW=*/!s, /*HasNSW=*/s), cur_p);
    return cur;
  }
  case TypeKind::Array: {
    Value *arr = b_.CreateLoad(m_.llvm_type(t), b_.CreateStructGEP(st, state, 0));
    Value *idx_p = b_.CreateStructGEP(st, state, 1);
    Value *idx = b_.CreateLoad(b_.getInt64Ty(), idx_p);
    b_.CreateStore(b_.CreateAdd(idx, i64(1)), idx_p);
    if (t->ndim > 1)
      return array_view(arr, t, idx, types::int64(), types::yield_type(t));
    Value *p = element_pointer(arr, t, {idx});
    if (t->dtype->is_record()) // a reference to the element, as a[i] gives
      return record_of_element(arr, p, types::yield_type(t));
    return load_element(p, t->dtype);
  }
  case TypeKind::List: { // each item a new reference
    Value *list = b_.CreateLoad(m_.llvm_type(t), b_.CreateStructGEP(st, state, 0));
    Value *idx_p = b_.CreateStructGEP(st, state, 1);
    Value *idx = b_.CreateLoad(b_.getInt64Ty(), idx_p);
    b_.CreateStore(b_.CreateAdd(idx, i64(1)), idx_p);
    return load_item(list, t, idx);
  }
  case TypeKind::Unicode: { // each item a new reference, as from arrays
    Value *s = b_.CreateLoad(m_.llvm_type(t), b_.CreateStructGEP(st, state, 0));
    Value *idx_p = b_.CreateStructGEP(st, state, 1);
    Value *idx = b_.CreateLoad(b_.getInt64Ty(), idx_p);
    b_.CreateStore(b_.CreateAdd(idx, i64(1)), idx_p);
    return char_str(code_point(s, idx));
  }
  case TypeKind::Generator: // a new reference, handed over by the yield
    return generator_current(b_.CreateLoad(m_.llvm_type(t), b_.CreateStructGEP(st, state, 0)),
                             t);
  case TypeKind::Tuple: {
    // The state holds the tuple in memory laid out as an array of its one
    // element type; the yielded item is a new reference, as from arrays.
    Value *idx_p = b_.CreateStructGEP(st, state, 1);
    Value *idx = b_.CreateLoad(b_.getInt64Ty(), idx_p);
    b_.CreateStore(b_.CreateAdd(idx, i64(1)), idx_p);
    const Type *et = t->elems[0];
    auto *as_array = llvm::ArrayType::get(m_.llvm_type(et), t->elems.size());
    Value *item = b_.CreateLoad(m_.llvm_type(et),
                                b_.CreateInBoundsGEP(as_array, b_.CreateStructGEP(st, state, 0),
                                                     {i64(0), idx}));
    incref(item, et);
    return item;
  }
  default: break;
  }
  if (types::is_flatiter(t)) {
    const Type *at = t->elems[0];
    Value *arr = b_.CreateLoad(m_.llvm_type(at), b_.CreateStructGEP(st, state, 0));
    Value *idx_p = b_.CreateStructGEP(st, state, 1);
    Value *idx = b_.CreateLoad(b_.getInt64Ty(), idx_p);
    b_.CreateStore(b_.CreateAdd(idx, i64(1), "", /*HasNUW=*/true, /*HasNSW=*/true), idx_p);
    Value *p = flat_element_pointer(arr, at, idx);
    const Type *yt = types::yield_type(t);
    if (yt->is_record())
      return record_of_element(arr, p, yt);
    return load_element(p, at->dtype);
  }
  const Type *yt = types::yield_type(t);
  Value *out = llvm::UndefValue::get(m_.llvm_type(yt));
  unsigned slot = 0;
  if (t->name == "enumerate") {
    Value *count_p = b_.CreateStructGEP(st, state, 0);
    Value *count = b_.CreateLoad(b_.getInt64Ty(), count_p);
    b_.CreateStore(b_.CreateAdd(count, i64(1)), count_p);
    out = b_.CreateInsertValue(out, count, slot++);
  }
  for (size_t k = 0; k < t->elems.size(); ++k)
    out = b_.CreateInsertValue(
        out, iter_next(b_.CreateStructGEP(st, state, inner_field(t, k)), t->elems[k]), slot++);
  return out;
}

void FunctionLowering::iter_release(Value *state, const Type *t) {
  if (!holds_references(t))
    return;
  llvm::Type *st = m_.iter_state_type(t);
  if (t->is_array() || t->is_tuple() || t->kind == TypeKind::Unicode || t->is_list() ||
      t->is_generator()) {
    decref(b_.CreateLoad(m_.llvm_type(t), b_.CreateStructGEP(st, state, 0)), t);
    return;
  }
  if (types::is_flatiter(t)) {
    decref(b_.CreateLoad(m_.llvm_type(t->elems[0]), b_.CreateStructGEP(st, state, 0)),
           t->elems[0]);
    return;
  }
  for (size_t k = 0; k < t->elems.size(); ++k)
    iter_release(b_.CreateStructGEP(st, state, inner_field(t, k)), t->elems[k]);
}

} // namespace pyrite::lower
