//===- lower/lower_types.cpp - values' LLVM types and their references ----===//
//
// How each pyrite type is laid out in LLVM (the data model of
// ir/data_model.h), the runtime functions lowering calls, and the
// reference counting of values that own runtime memory.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include "support/diagnostics.h"

#include <llvm/IR/MDBuilder.h>

#include <map>

namespace pyrite::lower {

using llvm::Value;

bool holds_references(const Type *t) {
  if (t->is_array() || t->kind == TypeKind::Unicode || t->is_list() || t->is_generator() ||
      t->is_table() || t->kind == TypeKind::CaughtException || t->is_class_instance() ||
      t->is_record())
    return true;
  if (t->is_optional())
    return holds_references(t->dtype);
  if (t->is_tuple() || t->is_closure())
    for (const Type *e : t->elems)
      if (holds_references(e))
        return true;
  if (t->kind == TypeKind::Iterable)
    for (const Type *e : t->elems)
      if (holds_references(e))
        return true;
  return false; // a BoundMethod's receiver is borrowed
}

// --- types -------------------------------------------------------------------

/// data_model::ArrayHeader with `ndim` shape and stride entries.
llvm::StructType *ModuleState::array_struct(int ndim) {
  auto *ptr = llvm::PointerType::get(context, 0);
  auto *i64 = llvm::Type::getInt64Ty(context);
  auto *dims = llvm::ArrayType::get(i64, ndim);
  return llvm::StructType::get(context, {ptr, ptr, i64, i64, ptr, dims, dims});
}

llvm::Type *ModuleState::llvm_type(const Type *t) {
  switch (t->kind) {
  case TypeKind::Bool: return llvm::Type::getInt1Ty(context);
  case TypeKind::Int: return llvm::Type::getIntNTy(context, t->bits);
  case TypeKind::Float:
    if (t->bits == 16) {
      // float16 is numba.cuda's, in kernels; Numba's CPU target refuses it
      // (NotImplementedError), and so does pyrite's: every value of it is
      // refused here, so no CPU code computes with it.
      if (!target.gpu)
        throw CompileError("TypingError", "float16 is supported in CUDA kernels only (as in "
                                          "Numba, whose CPU target does not support it)");
      return llvm::Type::getHalfTy(context);
    }
    return t->bits == 32 ? llvm::Type::getFloatTy(context) : llvm::Type::getDoubleTy(context);
  case TypeKind::Array: return array_struct(t->ndim);
  case TypeKind::Datetime:
  case TypeKind::Timedelta: return llvm::Type::getInt64Ty(context);
  case TypeKind::CharSeq: // an element's characters in the array (only ever in memory)
    return llvm::ArrayType::get(t->name == "U" ? llvm::Type::getInt32Ty(context)
                                               : llvm::Type::getInt8Ty(context),
                                uint64_t(t->bits));
  case TypeKind::Complex: {
    llvm::Type *part = llvm_type(types::complex_part(t));
    return llvm::StructType::get(context, {part, part});
  }
  case TypeKind::Dispatcher:
    if (!t->is_closure())
      return llvm::Type::getInt8Ty(context); // the type says which function
    [[fallthrough]];                         // a closure: its captured values
  case TypeKind::Tuple:
  case TypeKind::ListLiteral: {
    std::vector<llvm::Type *> elems;
    for (const Type *e : t->elems)
      elems.push_back(llvm_type(e));
    return llvm::StructType::get(context, elems);
  }
  case TypeKind::RangeState: {
    auto *i64 = llvm::Type::getInt64Ty(context);
    return llvm::StructType::get(context, {i64, i64, i64});
  }
  case TypeKind::Iterator: return llvm::PointerType::get(context, 0);
  case TypeKind::Record: { // data_model.h: RecordHeader
    auto *ptr = llvm::PointerType::get(context, 0);
    return llvm::StructType::get(context, {ptr, ptr, ptr});
  }
  case TypeKind::Slice: {
    auto *i64 = llvm::Type::getInt64Ty(context), *i1 = llvm::Type::getInt1Ty(context);
    return llvm::StructType::get(context, {i64, i64, i64, i1, i1, i1});
  }
  case TypeKind::Iterable: {
    std::vector<llvm::Type *> fields;
    if (t->name == "enumerate")
      fields.push_back(llvm::Type::getInt64Ty(context));
    for (const Type *e : t->elems)
      fields.push_back(llvm_type(e));
    return llvm::StructType::get(context, fields);
  }
  case TypeKind::BoundMethod: return llvm_type(t->self);
  case TypeKind::List:          // data_model.h: ListHeader
  case TypeKind::ClassInstance: // data_model.h: InstanceHeader
  case TypeKind::Generator: {   // data_model.h: GeneratorHeader
    auto *ptr = llvm::PointerType::get(context, 0);
    return llvm::StructType::get(context, {ptr, ptr});
  }
  case TypeKind::Dict:
  case TypeKind::Set: { // data_model.h: DictHeader, four lists whatever the types
    auto *ptr = llvm::PointerType::get(context, 0);
    auto *list = llvm::StructType::get(context, {ptr, ptr});
    return llvm::StructType::get(context, {list, list, list, list});
  }
  case TypeKind::Unicode: { // data_model.h: UnicodeHeader
    auto *ptr = llvm::PointerType::get(context, 0);
    auto *i64 = llvm::Type::getInt64Ty(context);
    return llvm::StructType::get(context, {ptr, ptr, i64, i64});
  }
  case TypeKind::CaughtException: // data_model.h: {class chain, message}
    return llvm::StructType::get(context, {llvm::PointerType::get(context, 0),
                                           llvm_type(types::unicode())});
  case TypeKind::Optional: // data_model.h: {value, present}
    return llvm::StructType::get(context, {llvm_type(t->dtype), llvm::Type::getInt1Ty(context)});
  case TypeKind::StringLiteral:
  case TypeKind::Exception:
    if (t->runtime_text) // the message: a str
      return llvm_type(types::unicode());
    if (t->bits) // a message's run-time values
      return llvm::ArrayType::get(llvm::Type::getInt64Ty(context), unsigned(t->bits));
    return llvm::Type::getInt8Ty(context);
  default: return llvm::Type::getInt8Ty(context); // no runtime representation
  }
}

llvm::Type *ModuleState::memory_type(const Type *t) {
  return t->is_bool() ? llvm::Type::getInt8Ty(context) : llvm_type(t);
}

llvm::Type *ModuleState::element_memory_type(const Type *dtype) {
  if (dtype->is_record()) // its bytes, as the structured dtype lays them out
    return llvm::ArrayType::get(llvm::Type::getInt8Ty(context), uint64_t(dtype->bits));
  return memory_type(dtype);
}

int64_t ModuleState::itemsize(const Type *dtype) {
  return int64_t(module->getDataLayout().getTypeAllocSize(element_memory_type(dtype)));
}

llvm::FunctionCallee ModuleState::runtime(const std::string &name) {
  auto *ptr = llvm::PointerType::get(context, 0);
  auto *i32 = llvm::Type::getInt32Ty(context), *i64 = llvm::Type::getInt64Ty(context);
  auto *f64 = llvm::Type::getDoubleTy(context), *void_ = llvm::Type::getVoidTy(context);
  static const std::map<std::string, int> kinds = {
      {"pyrite_incref", 0},        {"pyrite_decref", 0},   {"pyrite_rt_meminfo_alloc", 1},
      {"pyrite_rt_meminfo_alloc_small", 1},
      {"pyrite_rt_raise", 2},      {"pyrite_random_double", 3}, {"pyrite_random_gauss", 3},
      {"pyrite_rt_rng_state", 4},  {"pyrite_rt_rng_seed", 5},
      {"pyrite_float_floordiv", 6}, {"pyrite_float_mod", 6}, {"pyrite_int_pow", 7},
      {"pyrite_rt_print", 8},       {"pyrite_rt_raise_values", 9},
      {"pyrite_rt_report_unraisable", 0}, {"pyrite_rt_raise_text", 10},
      {"pyrite_rt_adopt", 11},           {"pyrite_rt_objmode", 12},
      {"pyrite_sum_f64", 13},            {"pyrite_sum_f32", 14},
      {"pyrite_reshape_strides", 15},
      // parallel regions and the thread API (runtime/rt_parallel.cpp)
      {"pyrite_rt_parallel_chunks", 16}, {"pyrite_rt_set_parallel_chunksize", 16},
      {"pyrite_rt_parallel_for", 17},    {"pyrite_rt_num_threads", 18},
      {"pyrite_rt_thread_id", 18},       {"pyrite_rt_max_threads", 18},
      {"pyrite_rt_set_num_threads", 19}, {"pyrite_rt_parallel_chunksize", 20},
      {"pyrite_rt_ufunc_error", 21}};
  llvm::FunctionType *ft = nullptr;
  switch (kinds.at(name)) {
  case 0: ft = llvm::FunctionType::get(void_, {ptr}, false); break;
  case 1: ft = llvm::FunctionType::get(ptr, {i64}, false); break;
  case 2: ft = llvm::FunctionType::get(void_, {ptr, ptr}, false); break;
  case 3: ft = llvm::FunctionType::get(f64, {i32}, false); break;
  case 4: ft = llvm::FunctionType::get(ptr, {i32}, false); break;
  case 5: ft = llvm::FunctionType::get(void_, {ptr, i32}, false); break;
  case 6: ft = llvm::FunctionType::get(f64, {f64, f64}, false); break;
  case 7: ft = llvm::FunctionType::get(i64, {i64, i64}, false); break;
  case 8: ft = llvm::FunctionType::get(void_, {i32, i64, f64, ptr}, false); break;
  case 9: ft = llvm::FunctionType::get(void_, {ptr, ptr, i64, i64, i64}, false); break;
  case 10: ft = llvm::FunctionType::get(void_, {ptr, ptr, i64, i64}, false); break;
  case 11: ft = llvm::FunctionType::get(ptr, {ptr}, false); break;
  case 12: ft = llvm::FunctionType::get(i32, {ptr, ptr, ptr, ptr, ptr}, false); break;
  case 13: ft = llvm::FunctionType::get(f64, {ptr, i64, i64}, false); break;
  case 14:
    ft = llvm::FunctionType::get(llvm::Type::getFloatTy(context), {ptr, i64, i64}, false);
    break;
  case 15: ft = llvm::FunctionType::get(i32, {i64, ptr, ptr, i64, ptr, ptr, i64}, false); break;
  case 16: ft = llvm::FunctionType::get(i64, {i64}, false); break;
  case 17: ft = llvm::FunctionType::get(i32, {ptr, ptr, i64, i64}, false); break;
  case 18: ft = llvm::FunctionType::get(i32, false); break;
  case 19: ft = llvm::FunctionType::get(i32, {i64}, false); break;
  case 20: ft = llvm::FunctionType::get(i64, false); break;
  case 21: ft = llvm::FunctionType::get(void_, false); break;
  }
  auto callee = module->getOrInsertFunction(name, ft);
  if (name == "pyrite_rt_rng_state") {
    // The same pointer for the whole run of a function: lets LLVM hoist it.
    auto *f = llvm::cast<llvm::Function>(callee.getCallee());
    f->setDoesNotAccessMemory();
    f->setDoesNotThrow();
    f->addFnAttr(llvm::Attribute::WillReturn);
  }
  return callee;
}

// --- references -------------------------------------------------------------------

void FunctionLowering::incref(Value *v, const Type *t) {
  if (m_.target.gpu) // nothing in a kernel is reference-counted: its arrays
    return;          // are the launch's, views, or shared/local storage
  if (t->is_optional()) { // absent, the value is zeros: a null owner
    if (holds_references(t->dtype))
      incref(b_.CreateExtractValue(v, 0), t->dtype);
  } else if (t->kind == TypeKind::Iterable) {
    unsigned first = t->name == "enumerate" ? 1 : 0;
    for (size_t k = 0; k < t->elems.size(); ++k)
      incref(b_.CreateExtractValue(v, unsigned(first + k)), t->elems[k]);
  } else if (t->is_array() || t->kind == TypeKind::Unicode || t->is_list() ||
             t->is_generator() || t->is_class_instance() || t->is_record()) {
    static_assert(unsigned(kMemInfo) == unsigned(kStrMemInfo) &&
                      unsigned(kMemInfo) == unsigned(kListMemInfo) &&
                      unsigned(kMemInfo) == unsigned(kGenMemInfo) &&
                      unsigned(kMemInfo) == unsigned(kInstMemInfo) &&
                      unsigned(kMemInfo) == unsigned(kRecordMemInfo),
                  "arrays, strings, lists, generators, instances and records keep their "
                  "owner first");
    Value *meminfo = b_.CreateExtractValue(v, kMemInfo);
    b_.CreateCall(m_.runtime("pyrite_incref"), {meminfo});
  } else if (t->is_table()) { // its lists' owners (null in a dict not made yet)
    for (unsigned k = 0; k < kDictParts; ++k) {
      Value *meminfo = b_.CreateExtractValue(v, {k, kListMemInfo});
      b_.CreateCall(m_.runtime("pyrite_incref"), {meminfo});
    }
  } else if (t->kind == TypeKind::CaughtException) { // its message
    incref(b_.CreateExtractValue(v, kCaughtMessage), types::unicode());
  } else if (t->is_tuple() || t->is_closure()) {
    for (size_t k = 0; k < t->elems.size(); ++k)
      if (holds_references(t->elems[k]))
        incref(b_.CreateExtractValue(v, unsigned(k)), t->elems[k]);
  }
}

bool needs_owning(const Type *t) {
  if (t->is_array() || t->is_record() || t->kind == TypeKind::Unicode || (t->is_list() && t->dtype) ||
      t->is_typed_table())
    return true;
  if (t->is_optional())
    return needs_owning(t->dtype);
  if (t->is_tuple())
    for (const Type *e : t->elems)
      if (needs_owning(e))
        return true;
  return false;
}

Value *FunctionLowering::either(Value *cond, const std::function<Value *()> &then,
                                const std::function<Value *()> &otherwise) {
  auto *then_bb = llvm::BasicBlock::Create(m_.context, "then", fn_);
  auto *else_bb = llvm::BasicBlock::Create(m_.context, "else", fn_);
  auto *done = llvm::BasicBlock::Create(m_.context, "merge", fn_);
  b_.CreateCondBr(cond, then_bb, else_bb, llvm::MDBuilder(m_.context).createUnlikelyBranchWeights());
  b_.SetInsertPoint(then_bb);
  Value *a = then();
  llvm::BasicBlock *then_end = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(else_bb);
  Value *b = otherwise();
  llvm::BasicBlock *else_end = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  auto *phi = b_.CreatePHI(a->getType(), 2);
  phi->addIncoming(a, then_end);
  phi->addIncoming(b, else_end);
  return phi;
}

Value *FunctionLowering::owned(Value *v, const Type *t) {
  auto keep = [&] {
    incref(v, t);
    return v;
  };
  if (t->is_array() || t->is_record()) {
    // Borrowed from Python (no meminfo, a parent ndarray or np.void): adopt
    // the parent.
    static_assert(unsigned(kParent) == unsigned(kRecordParent), "records keep a parent too");
    Value *mi = b_.CreateExtractValue(v, kMemInfo), *parent = b_.CreateExtractValue(v, kParent);
    Value *no_owner = b_.CreateIsNull(mi);
    Value *has_parent = b_.CreateIsNotNull(parent);
    return either(b_.CreateAnd(no_owner, has_parent), [&] {
      Value *adopted = b_.CreateCall(m_.runtime("pyrite_rt_adopt"), {parent});
      raise_if(b_.CreateIsNull(adopted), "MemoryError", "");
      return b_.CreateInsertValue(v, adopted, kMemInfo);
    }, keep);
  }
  if (t->kind == TypeKind::Unicode) {
    // Text without an owner is copied: it may be a Python str's (or a view
    // of one), which may die before the storage does. (Constants and the
    // runtime's one-character strings need no copy, but are not told apart.)
    Value *mi = b_.CreateExtractValue(v, kStrMemInfo);
    Value *length = b_.CreateExtractValue(v, kStrLength);
    Value *no_owner = b_.CreateIsNull(mi);
    Value *some_text = b_.CreateICmpSGT(length, i64(0));
    return either(b_.CreateAnd(no_owner, some_text), [&] {
      Value *kind = b_.CreateExtractValue(v, kStrKind);
      Value *bytes = b_.CreateMul(length, kind);
      Value *copied = b_.CreateCall(m_.runtime("pyrite_rt_meminfo_alloc_small"), {bytes});
      raise_if(b_.CreateIsNull(copied), "MemoryError", "");
      Value *data = b_.CreateLoad(
          b_.getPtrTy(), b_.CreateConstGEP1_64(b_.getInt8Ty(), copied, kMemInfoDataOffset));
      Value *from = b_.CreateExtractValue(v, kStrData);
      b_.CreateMemCpy(data, llvm::MaybeAlign(1), from, llvm::MaybeAlign(1), bytes);
      Value *text = b_.CreateInsertValue(v, copied, kStrMemInfo);
      return b_.CreateInsertValue(text, data, kStrData);
    }, keep);
  }
  if ((t->is_list() && t->dtype) || t->is_typed_table()) {
    // Unboxed from a Python argument (it has a parent it is written back
    // to, without a reference): copied, its items owned in turn, so the
    // storage holds its own and the Python object is not aliased.
    const Type *parts_t = t->is_list() ? nullptr : types::dict_parts(t);
    Value *first = parts_t ? b_.CreateExtractValue(v, kDictKeys) : v;
    Value *parent = b_.CreateLoad(b_.getPtrTy(), list_field(first, kListParent));
    Value *own = either(b_.CreateIsNotNull(parent), [&] {
      if (!parts_t)
        return list_copy(v, t);
      Value *copied = llvm::UndefValue::get(v->getType());
      for (unsigned k = 0; k < kDictParts; ++k) {
        Value *part = list_copy(b_.CreateExtractValue(v, k), parts_t->elems[k]);
        copied = b_.CreateInsertValue(copied, part, k);
      }
      return copied;
    }, keep);
    if (!parts_t) {
      make_persistent(own, t);
    } else {
      for (unsigned k = 0; k < kDictParts; ++k)
        make_persistent(b_.CreateExtractValue(own, k), parts_t->elems[k]);
    }
    return own;
  }
  if (t->is_optional() && needs_owning(t->dtype)) { // the value, when present
    Value *present = b_.CreateExtractValue(v, 1);
    return either(present, [&] {
      return b_.CreateInsertValue(v, owned(b_.CreateExtractValue(v, 0), t->dtype), 0);
    }, [&] { return v; });
  }
  if (t->is_tuple() && needs_owning(t)) {
    for (unsigned k = 0; k < t->elems.size(); ++k)
      if (holds_references(t->elems[k]))
        v = b_.CreateInsertValue(v, owned(b_.CreateExtractValue(v, k), t->elems[k]), k);
    return v;
  }
  return keep();
}

void FunctionLowering::decref(Value *v, const Type *t) {
  if (m_.target.gpu) // (see incref)
    return;
  if (t->is_optional()) {
    if (holds_references(t->dtype))
      decref(b_.CreateExtractValue(v, 0), t->dtype);
  } else if (t->kind == TypeKind::Iterable) {
    unsigned first = t->name == "enumerate" ? 1 : 0;
    for (size_t k = 0; k < t->elems.size(); ++k)
      decref(b_.CreateExtractValue(v, unsigned(first + k)), t->elems[k]);
  } else if (t->is_array() || t->kind == TypeKind::Unicode || t->is_list() ||
             t->is_generator() || t->is_class_instance() || t->is_record()) {
    Value *meminfo = b_.CreateExtractValue(v, kMemInfo);
    b_.CreateCall(m_.runtime("pyrite_decref"), {meminfo});
  } else if (t->is_table()) {
    for (unsigned k = 0; k < kDictParts; ++k) {
      Value *meminfo = b_.CreateExtractValue(v, {k, kListMemInfo});
      b_.CreateCall(m_.runtime("pyrite_decref"), {meminfo});
    }
  } else if (t->kind == TypeKind::CaughtException) {
    decref(b_.CreateExtractValue(v, kCaughtMessage), types::unicode());
  } else if (t->is_tuple() || t->is_closure()) {
    for (size_t k = 0; k < t->elems.size(); ++k)
      if (holds_references(t->elems[k]))
        decref(b_.CreateExtractValue(v, unsigned(k)), t->elems[k]);
  }
}

} // namespace pyrite::lower
