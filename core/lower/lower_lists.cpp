//===- lower/lower_lists.cpp - list values ------------------------------===//
//
// A list value is data_model::ListHeader {meminfo, payload}: a reference to
// a PyriteListPayload (runtime/pyrite_rt.h) that the meminfo owns. Items sit
// in a growable buffer as values of the item type (bool as a byte); an item
// that holds references (a str, an array, a list) owns one, released by the
// runtime (rt_list.c) from the item layout each list points at. Reading an
// item gives a new reference (the list may drop its own while the item is
// in use); every change marks the list dirty, so a list unboxed from a
// Python list is written back after the call (python/src/boxing.cpp).
//
// Here: new lists and list literals, len, truth, indexing, slicing, item
// assignment, append, pop and iteration; the other methods and operators
// are library code (pyrite/_library/lists.py) on the primitives of
// pyrite/_library/_list_core.py.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include "runtime/pyrite_rt.h"

#include <llvm/IR/MDBuilder.h>

namespace pyrite::lower {

using llvm::Value;

namespace {

/// Offsets of the meminfo pointers inside one item of type `t` laid out as
/// `lt` (LLVM's struct layout).
void reference_offsets(const Type *t, llvm::Type *lt, const llvm::DataLayout &dl,
                       uint64_t base, std::vector<int64_t> &out) {
  if (t->is_array() || t->kind == TypeKind::Unicode || t->is_list() || t->is_class_instance() ||
      t->is_record()) {
    out.push_back(int64_t(base)); // the meminfo is field 0 of each
    return;
  }
  if (t->kind == TypeKind::CaughtException) { // {class chain, message}
    auto *st = llvm::cast<llvm::StructType>(lt);
    out.push_back(int64_t(base + dl.getStructLayout(st)->getElementOffset(kCaughtMessage)));
    return;
  }
  if (t->is_table()) { // four lists, each owned through its first field
    for (unsigned k = 0; k < kDictParts; ++k)
      out.push_back(int64_t(base + k * sizeof(data_model::ListHeader)));
    return;
  }
  if (t->is_tuple()) {
    auto *st = llvm::cast<llvm::StructType>(lt);
    const llvm::StructLayout *sl = dl.getStructLayout(st);
    for (size_t k = 0; k < t->elems.size(); ++k)
      reference_offsets(t->elems[k], st->getElementType(unsigned(k)), dl,
                        base + sl->getElementOffset(unsigned(k)), out);
  }
}

} // namespace

llvm::FunctionCallee FunctionLowering::list_runtime(const std::string &name) {
  llvm::Type *ptr = b_.getPtrTy(), *i64t = b_.getInt64Ty(), *i32t = b_.getInt32Ty();
  llvm::FunctionType *ft = nullptr;
  if (name == "pyrite_rt_list_new")
    ft = llvm::FunctionType::get(ptr, {ptr, i64t, i64t}, false);
  else if (name == "pyrite_rt_list_reserve")
    ft = llvm::FunctionType::get(i32t, {ptr, i64t}, false);
  else if (name == "pyrite_rt_list_delete")
    ft = llvm::FunctionType::get(b_.getVoidTy(), {ptr, i64t, i64t}, false);
  else if (name == "pyrite_rt_list_open")
    ft = llvm::FunctionType::get(i32t, {ptr, i64t, i64t}, false);
  return m_.module->getOrInsertFunction(name, ft);
}

llvm::Constant *FunctionLowering::item_layout(const Type *item) {
  llvm::Constant *&g = strings_["item layout:" + item->display];
  if (g)
    return g;
  const llvm::DataLayout &dl = m_.module->getDataLayout();
  llvm::Type *mt = m_.memory_type(item);
  std::vector<int64_t> offsets;
  reference_offsets(item, mt, dl, 0, offsets);
  int64_t nrefs = int64_t(offsets.size());
  if (offsets.size() > PYRITE_MAX_ITEM_REFS)
    throw std::runtime_error("pyrite: a list item of type " + item->display + " holds more than " +
                             std::to_string(PYRITE_MAX_ITEM_REFS) + " references");
  offsets.resize(PYRITE_MAX_ITEM_REFS, 0);
  auto *i64t = b_.getInt64Ty();
  auto *offsets_t = llvm::ArrayType::get(i64t, PYRITE_MAX_ITEM_REFS);
  std::vector<llvm::Constant *> offset_values;
  for (int64_t o : offsets)
    offset_values.push_back(llvm::ConstantInt::get(i64t, o));
  auto *layout_t = llvm::StructType::get(m_.context, {i64t, i64t, offsets_t});
  auto *init = llvm::ConstantStruct::get(
      layout_t, {llvm::ConstantInt::get(i64t, int64_t(dl.getTypeAllocSize(mt))),
                 llvm::ConstantInt::get(i64t, nrefs),
                 llvm::ConstantArray::get(offsets_t, offset_values)});
  g = new llvm::GlobalVariable(*m_.module, layout_t, true, llvm::GlobalValue::PrivateLinkage,
                               init, "item.layout");
  return g;
}

Value *FunctionLowering::list_field(Value *list, unsigned field) {
  auto *payload_t = llvm::StructType::get(
      m_.context, {b_.getInt64Ty(), b_.getInt64Ty(), b_.getPtrTy(), b_.getPtrTy(),
                   b_.getInt64Ty(), b_.getPtrTy(), b_.getInt64Ty()});
  return b_.CreateStructGEP(payload_t, b_.CreateExtractValue(list, kListPayload), field);
}

Value *FunctionLowering::list_len(Value *list) {
  return b_.CreateLoad(b_.getInt64Ty(), list_field(list, kListSize));
}

Value *FunctionLowering::new_list(const Type *lt, Value *size, Value *capacity) {
  llvm::FunctionCallee fn = list_runtime("pyrite_rt_list_new");
  Value *mi = b_.CreateCall(fn, {item_layout(lt->dtype), size, capacity});
  raise_if(b_.CreateIsNull(mi), "MemoryError", "");
  Value *payload = b_.CreateLoad(b_.getPtrTy(), b_.CreateConstGEP1_64(b_.getInt8Ty(), mi, 8));
  Value *v = llvm::UndefValue::get(m_.llvm_type(lt));
  v = b_.CreateInsertValue(v, mi, kListMemInfo);
  return b_.CreateInsertValue(v, payload, kListPayload);
}

Value *FunctionLowering::item_pointer(Value *list, const Type *lt, Value *i) {
  Value *items = b_.CreateLoad(b_.getPtrTy(), list_field(list, kListItems));
  return b_.CreateInBoundsGEP(m_.memory_type(lt->dtype), items, i);
}

Value *FunctionLowering::load_item(Value *list, const Type *lt, Value *i) {
  Value *item = load_stored(item_pointer(list, lt, i), lt->dtype);
  incref(item, lt->dtype);
  return item;
}

void FunctionLowering::store_item(Value *list, const Type *lt, Value *i, Value *v,
                                  bool slot_is_empty) {
  if (needs_owning(lt->dtype)) { // a persistent list owns what its items borrow
    Value *persistent = b_.CreateLoad(b_.getInt64Ty(), list_field(list, kListPersistent));
    v = either(b_.CreateICmpNE(persistent, i64(0)), [&] { return owned(v, lt->dtype); },
               [&] {
                 incref(v, lt->dtype);
                 return v;
               });
  } else {
    incref(v, lt->dtype);
  }
  Value *p = item_pointer(list, lt, i);
  if (!slot_is_empty && holds_references(lt->dtype))
    decref(b_.CreateLoad(m_.memory_type(lt->dtype), p), lt->dtype);
  Value *stored = lt->dtype->is_bool() ? b_.CreateZExt(v, b_.getInt8Ty()) : v;
  b_.CreateStore(stored, p);
  b_.CreateStore(i64(1), list_field(list, kListDirty));
}

Value *FunctionLowering::list_index(Value *list, Value *given, const char *message) {
  Value *n = list_len(list);
  Value *negative = b_.CreateICmpSLT(given, i64(0));
  Value *i = b_.CreateSelect(negative, b_.CreateAdd(given, n), given);
  raise_if(b_.CreateICmpUGE(i, n), "IndexError", message);
  return i;
}

Value *FunctionLowering::list_getitem(Value *list, const Type *lt, Value *index,
                                      const Type *it) {
  if (it->kind != TypeKind::Slice) {
    Value *i = list_index(list, convert(index, it, types::int64()), "list index out of range");
    return load_item(list, lt, i);
  }
  auto [start, length, step] = slice_indices(index, list_len(list));
  Value *out = new_list(lt, length, length);
  for_range(length, [&](Value *k) {
    Value *from = b_.CreateAdd(start, b_.CreateMul(k, step));
    Value *item = load_item(list, lt, from);
    store_item(out, lt, k, item, /*slot_is_empty=*/true);
    decref(item, lt->dtype); // store_item took its own
  });
  b_.CreateStore(i64(0), list_field(out, kListDirty));
  return out;
}

void FunctionLowering::make_persistent(Value *list, const Type *lt) {
  Value *flag = list_field(list, kListPersistent);
  Value *already = b_.CreateICmpNE(b_.CreateLoad(b_.getInt64Ty(), flag), i64(0));
  auto *walk = llvm::BasicBlock::Create(m_.context, "persist", fn_);
  auto *done = llvm::BasicBlock::Create(m_.context, "persisted", fn_);
  b_.CreateCondBr(already, done, walk);
  b_.SetInsertPoint(walk);
  b_.CreateStore(i64(1), flag);
  if (needs_owning(lt->dtype)) // each item replaced by one that owns its memory
    for_range(list_len(list), [&](Value *k) {
      Value *p = item_pointer(list, lt, k);
      Value *old = b_.CreateLoad(m_.memory_type(lt->dtype), p);
      b_.CreateStore(owned(old, lt->dtype), p);
      decref(old, lt->dtype);
    });
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

Value *FunctionLowering::list_copy(Value *list, const Type *lt) {
  Value *n = list_len(list);
  Value *out = new_list(lt, n, n);
  for_range(n, [&](Value *k) {
    Value *item = load_item(list, lt, k);
    store_item(out, lt, k, item, /*slot_is_empty=*/true);
    decref(item, lt->dtype); // store_item took its own
  });
  b_.CreateStore(i64(0), list_field(out, kListDirty));
  return out;
}

void FunctionLowering::list_setitem(Value *list, const Type *lt, Value *index, const Type *it,
                                    Value *v) {
  Value *i = list_index(list, convert(index, it, types::int64()),
                        "list assignment index out of range");
  store_item(list, lt, i, v);
}

void FunctionLowering::list_append(Value *list, const Type *lt, Value *v) {
  Value *n = list_len(list);
  Value *capacity = b_.CreateLoad(b_.getInt64Ty(), list_field(list, kListCapacity));
  auto *grow = llvm::BasicBlock::Create(m_.context, "append.grow", fn_);
  auto *store = llvm::BasicBlock::Create(m_.context, "append.store", fn_);
  b_.CreateCondBr(b_.CreateICmpSLT(n, capacity), store, grow,
                  llvm::MDBuilder(m_.context).createLikelyBranchWeights());
  b_.SetInsertPoint(grow);
  llvm::FunctionCallee reserve = list_runtime("pyrite_rt_list_reserve");
  Value *payload = b_.CreateExtractValue(list, kListPayload);
  Value *status = b_.CreateCall(reserve, {payload, b_.CreateAdd(n, i64(1))});
  raise_if(b_.CreateICmpNE(status, b_.getInt32(0)), "MemoryError", "");
  b_.CreateBr(store);
  b_.SetInsertPoint(store);
  store_item(list, lt, n, v, /*slot_is_empty=*/true);
  Value *size_p = list_field(list, kListSize);
  b_.CreateStore(b_.CreateAdd(n, i64(1)), size_p);
}

Value *FunctionLowering::list_pop(Value *list, const Type *lt, Value *given) {
  Value *n = list_len(list);
  raise_if(b_.CreateICmpEQ(n, i64(0)), "IndexError", "pop from empty list");
  Value *i = list_index(list, given ? given : i64(-1), "pop index out of range");
  Value *item = load_item(list, lt, i); // ours; the list's own is released below
  llvm::FunctionCallee remove = list_runtime("pyrite_rt_list_delete");
  Value *payload = b_.CreateExtractValue(list, kListPayload);
  b_.CreateCall(remove, {payload, i, b_.CreateAdd(i, i64(1))});
  return item;
}

Value *FunctionLowering::list_from_literal(Value *literal, const Type *from, const Type *lt) {
  int64_t n = int64_t(from->elems.size());
  Value *out = new_list(lt, i64(n), i64(n));
  for (int64_t k = 0; k < n; ++k) {
    Value *item = convert(b_.CreateExtractValue(literal, unsigned(k)), from->elems[size_t(k)],
                          lt->dtype);
    store_item(out, lt, i64(k), item, /*slot_is_empty=*/true);
  }
  b_.CreateStore(i64(0), list_field(out, kListDirty));
  temps_.emplace_back(out, lt); // a new reference, released with the block
  return out;
}

void FunctionLowering::for_range(Value *count, const std::function<void(Value *)> &body) {
  llvm::BasicBlock *pre = b_.GetInsertBlock();
  auto *loop = llvm::BasicBlock::Create(m_.context, "range.loop", fn_);
  auto *inside = llvm::BasicBlock::Create(m_.context, "range.body", fn_);
  auto *exit = llvm::BasicBlock::Create(m_.context, "range.exit", fn_);
  b_.CreateBr(loop);
  b_.SetInsertPoint(loop);
  auto *k = b_.CreatePHI(b_.getInt64Ty(), 2);
  k->addIncoming(i64(0), pre);
  b_.CreateCondBr(b_.CreateICmpSLT(k, count), inside, exit);
  b_.SetInsertPoint(inside);
  body(k);
  k->addIncoming(b_.CreateAdd(k, i64(1)), b_.GetInsertBlock());
  b_.CreateBr(loop);
  b_.SetInsertPoint(exit);
}

Value *FunctionLowering::lower_list_method(const BuiltinCall &c) {
  Value *list = c.args[0]; // the bound method's receiver
  const Type *lt = c.receiver;
  if (c.r.builtin == "list.append") {
    list_append(list, lt, c.args[1]);
    return llvm::UndefValue::get(m_.llvm_type(c.rt));
  }
  return list_pop(list, lt, c.args.size() > 1 ? c.args[1] : nullptr);
}

Value *FunctionLowering::lower_list_core(const BuiltinCall &c) {
  const std::string name = c.r.builtin.substr(c.r.builtin.rfind('.') + 1);
  const auto &a = c.args;
  const Type *lt = c.arg_type(*this, 0);
  if (name == "empty_list") { // empty_list(item, capacity): the item only types it
    const Type *list_t = c.rt;
    Value *out = new_list(list_t, i64(0), a[1]);
    return out;
  }
  if (name == "empty_like")
    return new_list(lt, i64(0), a[1]);
  if (name == "item_of") // for its type only
    return llvm::Constant::getNullValue(m_.llvm_type(c.rt));
  if (name == "is_same") {
    const Type *other = c.arg_type(*this, 1);
    if (!lt->is_list() || !other->is_list())
      return b_.getFalse();
    Value *first = b_.CreateExtractValue(a[0], kListPayload);
    return b_.CreateICmpEQ(first, b_.CreateExtractValue(a[1], kListPayload));
  }
  if (name == "slice_indices") { // (start, count, step), as CPython's
    auto [start, count, step] = slice_indices(a[0], a[1]);
    Value *out = llvm::UndefValue::get(m_.llvm_type(c.rt));
    out = b_.CreateInsertValue(out, start, 0);
    out = b_.CreateInsertValue(out, count, 1);
    return b_.CreateInsertValue(out, step, 2);
  }
  if (name == "item") // no bounds check: the caller's loop keeps i in range
    return load_item(a[0], lt, a[1]);
  if (name == "set_item") {
    store_item(a[0], lt, a[1], a[2]);
    return llvm::UndefValue::get(m_.llvm_type(c.rt));
  }
  Value *payload = b_.CreateExtractValue(a[0], kListPayload);
  if (name == "delete") { // delete(lst, start, stop)
    llvm::FunctionCallee fn = list_runtime("pyrite_rt_list_delete");
    b_.CreateCall(fn, {payload, a[1], a[2]});
    return llvm::UndefValue::get(m_.llvm_type(c.rt));
  }
  if (name == "open_gap") { // open_gap(lst, at, count)
    llvm::FunctionCallee fn = list_runtime("pyrite_rt_list_open");
    Value *status = b_.CreateCall(fn, {payload, a[1], a[2]});
    raise_if(b_.CreateICmpNE(status, b_.getInt32(0)), "MemoryError", "");
    return llvm::UndefValue::get(m_.llvm_type(c.rt));
  }
  if (name == "reserve") {
    llvm::FunctionCallee fn = list_runtime("pyrite_rt_list_reserve");
    Value *status = b_.CreateCall(fn, {payload, a[1]});
    raise_if(b_.CreateICmpNE(status, b_.getInt32(0)), "MemoryError", "");
    return llvm::UndefValue::get(m_.llvm_type(c.rt));
  }
  throw std::logic_error("pyrite: no lowering for list primitive " + name);
}

} // namespace pyrite::lower
