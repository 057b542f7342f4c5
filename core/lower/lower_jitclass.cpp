//===- lower/lower_jitclass.cpp - @jitclass instances ----------------------===//
//
// An instance is {meminfo, data} (ir/data_model.h: InstanceHeader): the
// meminfo owns the attributes, a struct of their values in the class's
// field order, and its destructor (one function per class in each module)
// releases the references they hold. Reading an attribute gives a new
// reference (lower_arrays.cpp: getattr); the primitives below make an
// instance and store into an attribute (pyrite/_library/_jitclass_core.py).
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include <llvm/IR/MDBuilder.h>

namespace pyrite::lower {

using llvm::Value;

namespace {

/// The struct of `t`'s attributes as memory holds them.
llvm::StructType *attributes_type(ModuleState &m, const Type *t) {
  std::vector<llvm::Type *> fields;
  for (const Type *e : t->elems)
    fields.push_back(m.memory_type(e));
  return llvm::StructType::get(m.context, fields);
}

} // namespace

Value *FunctionLowering::instance_field(Value *obj, const Type *t, unsigned k) {
  Value *data = b_.CreateExtractValue(obj, kInstData);
  return b_.CreateStructGEP(attributes_type(m_, t), data, k);
}

llvm::Function *FunctionLowering::instance_destructor(const Type *t) {
  std::string name = "pyrite.jitclass.dtor." + t->name + "." +
                     std::to_string(reinterpret_cast<uintptr_t>(t));
  if (llvm::Function *f = m_.module->getFunction(name))
    return f;
  auto *ft = llvm::FunctionType::get(b_.getVoidTy(), {b_.getPtrTy()}, false);
  auto *f = llvm::Function::Create(ft, llvm::Function::InternalLinkage, name, *m_.module);
  llvm::IRBuilderBase::InsertPointGuard guard(b_);
  b_.SetInsertPoint(llvm::BasicBlock::Create(m_.context, "entry", f));
  llvm::StructType *st = attributes_type(m_, t);
  for (unsigned k = 0; k < t->elems.size(); ++k) {
    const Type *e = t->elems[k];
    if (holds_references(e))
      decref(b_.CreateLoad(m_.memory_type(e), b_.CreateStructGEP(st, f->getArg(0), k)), e);
  }
  b_.CreateRetVoid();
  return f;
}

void FunctionLowering::check_attribute_set(Value *value, const Type *t, const Type *cls,
                                            const std::string &name) {
  Value *owner = nullptr;
  if (t->is_list() || t->is_class_instance() || t->is_generator())
    owner = b_.CreateExtractValue(value, kMemInfo);
  else if (t->is_table())
    owner = b_.CreateExtractValue(value, {kDictKeys, kListMemInfo});
  else if (t->kind == TypeKind::Unicode) // every str has a kind (1, 2 or 4)
    owner = b_.CreateIntToPtr(b_.CreateExtractValue(value, kStrKind), b_.getPtrTy());
  else if (t->is_array()) // every array has data (NumPy's empty ones too)
    owner = b_.CreateExtractValue(value, kData);
  else if (t->is_record()) // and every record an element
    owner = b_.CreateExtractValue(value, kRecordData);
  if (owner)
    raise_if(b_.CreateIsNull(owner), "AttributeError",
             "'" + cls->name + "' object has no attribute '" + name + "'");
}

Value *FunctionLowering::lower_jitclass_core(const BuiltinCall &c) {
  const std::string name = c.r.builtin.substr(c.r.builtin.rfind('.') + 1);
  if (name == "new") { // new(cls): an instance whose attributes are all zeros
    const Type *t = c.rt;
    const llvm::DataLayout &dl = m_.module->getDataLayout();
    uint64_t size = dl.getTypeAllocSize(attributes_type(m_, t));
    Value *mi = b_.CreateCall(m_.runtime("pyrite_rt_meminfo_alloc_small"), {i64(int64_t(size))});
    raise_if(b_.CreateIsNull(mi), "MemoryError", "");
    llvm::Function *dtor = instance_destructor(t);
    b_.CreateStore(dtor, b_.CreateConstGEP1_64(b_.getInt8Ty(), mi, kMemInfoDtorOffset));
    Value *data = b_.CreateLoad(b_.getPtrTy(),
                                b_.CreateConstGEP1_64(b_.getInt8Ty(), mi, kMemInfoDataOffset));
    b_.CreateMemSet(data, b_.getInt8(0), size, llvm::MaybeAlign(8));
    Value *obj = llvm::UndefValue::get(m_.llvm_type(t));
    obj = b_.CreateInsertValue(obj, mi, kInstMemInfo);
    return b_.CreateInsertValue(obj, data, kInstData);
  }
  if (name == "set_field") { // set_field(obj, "name", value): the old value released
    const Type *t = c.arg_type(*this, 0);
    const Type *ft = c.r.param_types.at(2);
    auto field = std::find(t->fields.begin(), t->fields.end(), c.arg_type(*this, 1)->name);
    Value *p = instance_field(c.args[0], t, unsigned(field - t->fields.begin()));
    Value *v = owned(c.args[2], ft);
    if (holds_references(ft))
      decref(b_.CreateLoad(m_.memory_type(ft), p), ft);
    b_.CreateStore(ft->is_bool() ? b_.CreateZExt(v, b_.getInt8Ty()) : v, p);
    return llvm::UndefValue::get(m_.llvm_type(c.rt));
  }
  if (name == "is_same") { // a is b: one object
    Value *a = b_.CreateExtractValue(c.args[0], kInstMemInfo);
    Value *b = b_.CreateExtractValue(c.args[1], kInstMemInfo);
    return b_.CreateICmpEQ(a, b);
  }
  throw std::logic_error("pyrite: no lowering for _jitclass_core." + name);
}

} // namespace pyrite::lower
