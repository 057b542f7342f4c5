//===- lower/lower_dicts.cpp - dict values ------------------------------===//
//
// A dict value is data_model::DictHeader: four lists (keys, values, hashes,
// index) in which pyrite/_library/dicts.py keeps a hash table, as CPython's
// compact dict keeps entries in insertion order beside an index of them by
// hash. The core makes empty dicts, hands the library the lists
// (_dict_core.parts), and answers a dict's truth; every other operation is
// library code on list primitives.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include <map>

namespace pyrite::lower {

using llvm::Value;

Value *FunctionLowering::new_dict(const Type *dt) {
  const Type *parts = types::dict_parts(dt);
  Value *out = llvm::UndefValue::get(m_.llvm_type(dt));
  for (unsigned k = 0; k < kDictParts; ++k)
    out = b_.CreateInsertValue(out, new_list(parts->elems[k], i64(0), i64(0)), k);
  return out;
}

Value *FunctionLowering::dict_deleted(Value *dict, const Type *dt) {
  // The index's last slot counts the deleted entries; no index, none.
  const Type *index_t = types::dict_parts(dt)->elems[kDictIndex];
  Value *index = b_.CreateExtractValue(dict, kDictIndex);
  Value *n = list_len(index);
  llvm::BasicBlock *before = b_.GetInsertBlock();
  auto *read = llvm::BasicBlock::Create(m_.context, "dict.deleted", fn_);
  auto *done = llvm::BasicBlock::Create(m_.context, "dict.deleted.done", fn_);
  b_.CreateCondBr(b_.CreateICmpSGT(n, i64(0)), read, done);
  b_.SetInsertPoint(read);
  Value *count = load_item(index, index_t, b_.CreateSub(n, i64(1)));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  auto *phi = b_.CreatePHI(b_.getInt64Ty(), 2);
  phi->addIncoming(i64(0), before);
  phi->addIncoming(count, read);
  return phi;
}

Value *FunctionLowering::lower_dict_core(const BuiltinCall &c) {
  const std::string name = c.r.builtin.substr(c.r.builtin.rfind('.') + 1);
  if (name == "empty_of" || name == "set_of") { // the samples only type it
    if (!c.rt->is_typed_table()) // `{}`: made when stored, once its types are known
      return llvm::Constant::getNullValue(m_.llvm_type(c.rt));
    return new_dict(c.rt);
  }
  if (name == "parts" || name == "values_view" || name == "items_view") {
    // the same struct, as a new reference
    incref(c.args[0], c.arg_type(*this, 0));
    return c.args[0];
  }
  // Entry and slot access (typing/primitives.cpp): the dict's lists used
  // in place, unchecked (the library keeps indices in range).
  const Type *dt = c.arg_type(*this, 0);
  auto part = [&](unsigned k) { return b_.CreateExtractValue(c.args[0], k); };
  auto part_type = [&](unsigned k) { return types::dict_parts(dt)->elems[k]; };
  auto none = [&] { return llvm::UndefValue::get(m_.llvm_type(c.rt)); };
  static const std::map<std::string, unsigned> reads = {
      {"key_at", kDictKeys}, {"value_at", kDictValues}, {"hash_at", kDictHashes},
      {"slot_at", kDictIndex}};
  static const std::map<std::string, unsigned> writes = {
      {"set_value", kDictValues}, {"set_hash", kDictHashes}, {"set_slot", kDictIndex}};
  static const std::map<std::string, unsigned> lengths = {
      {"entries", kDictKeys}, {"hashed", kDictHashes}, {"slots", kDictIndex}};
  if (auto n = lengths.find(name); n != lengths.end())
    return list_len(part(n->second));
  if (auto r = reads.find(name); r != reads.end()) {
    Value *list = part(r->second);
    return load_item(list, part_type(r->second), c.args[1]);
  }
  if (auto w = writes.find(name); w != writes.end()) {
    const Type *lt = part_type(w->second);
    Value *v = convert(c.args[2], c.r.param_types[2], lt->dtype);
    Value *list = part(w->second);
    store_item(list, lt, c.args[1], v);
    return none();
  }
  if (name == "append") { // append(d, key, value, hash): a new entry
    for (unsigned k : {kDictKeys, kDictValues, kDictHashes}) {
      Value *list = part(k);
      list_append(list, part_type(k), c.args[1 + k]);
    }
    return none();
  }
  if (name == "hash_float") {
    auto ft = llvm::FunctionType::get(b_.getInt64Ty(), {b_.getDoubleTy()}, false);
    return b_.CreateCall(m_.module->getOrInsertFunction("pyrite_hash_double", ft), {c.args[0]});
  }
  throw std::logic_error("pyrite: no lowering for dict primitive " + name);
}

} // namespace pyrite::lower
