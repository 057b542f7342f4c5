//===- lower/lower_strings.cpp - str (unicode_type) values ---------------===//
//
// A str is data_model::UnicodeHeader {meminfo, data, length, kind}: code
// points of `kind` bytes (1, 2 or 4) as CPython stores them. Text the
// function does not own (constants, arguments, one-character strings below
// U+0100, which point into a 256-byte table) has a null meminfo; new text
// lives in a PyriteMemInfo like an array's data. Strings are immutable, so
// a slice with step 1 shares its source's memory (and holds a reference).
//
// Here: constants, len, truth, indexing and slicing, iteration, and the
// primitives of pyrite/_library/_unicode_core.py from which the library
// (pyrite/_library/unicode.py) writes everything else.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include "runtime/pyrite_rt.h"

namespace pyrite::lower {

using llvm::Value;

namespace {

/// Code points of UTF-8 text (the bytecode's constants are valid UTF-8).
std::vector<uint32_t> decode_utf8(const std::string &s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    uint32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (int k = 1; k <= extra && i + size_t(k) < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + size_t(k)]) & 0x3F);
    out.push_back(cp);
    i += size_t(extra) + 1;
  }
  return out;
}

} // namespace

llvm::FunctionCallee FunctionLowering::str_runtime(const std::string &name) {
  llvm::Type *ptr = b_.getPtrTy(), *i64t = b_.getInt64Ty();
  llvm::FunctionType *ft = nullptr;
  if (name == "pyrite_str_compare")
    ft = llvm::FunctionType::get(i64t, {ptr, i64t, i64t, ptr, i64t, i64t}, false);
  else if (name == "pyrite_str_equal")
    ft = llvm::FunctionType::get(b_.getInt32Ty(), {ptr, i64t, i64t, ptr, i64t, i64t}, false);
  else if (name == "pyrite_str_find" || name == "pyrite_str_rfind")
    ft = llvm::FunctionType::get(i64t, {ptr, i64t, i64t, i64t, ptr, i64t, i64t}, false);
  else if (name == "pyrite_str_from_ucs4")
    ft = llvm::FunctionType::get(ptr, {ptr, i64t, ptr, ptr, ptr}, false);
  else if (name == "pyrite_str_to_ucs4")
    ft = llvm::FunctionType::get(b_.getVoidTy(), {ptr, i64t, ptr, i64t, i64t}, false);
  else if (name == "pyrite_bytes_from_chars")
    ft = llvm::FunctionType::get(ptr, {ptr, i64t, ptr, ptr}, false);
  else if (name == "pyrite_bytes_to_chars")
    ft = llvm::FunctionType::get(b_.getVoidTy(), {ptr, i64t, ptr, i64t}, false);
  else if (name == "pyrite_str_copy")
    ft = llvm::FunctionType::get(b_.getVoidTy(), {ptr, i64t, i64t, ptr, i64t, i64t, i64t},
                                 false);
  else if (name == "pyrite_rt_float_repr")
    ft = llvm::FunctionType::get(i64t, {b_.getDoubleTy(), ptr}, false);
  else if (name == "pyrite_rt_format_float")
    ft = llvm::FunctionType::get(i64t, {b_.getDoubleTy(), i64t, i64t, i64t, ptr}, false);
  else if (name == "pyrite_rt_parse_float")
    ft = llvm::FunctionType::get(b_.getDoubleTy(), {ptr, i64t}, false);
  else if (name == "pyrite_rt_unicode_flags")
    ft = llvm::FunctionType::get(i64t, {i64t}, false);
  else if (name == "pyrite_rt_hash_str")
    ft = llvm::FunctionType::get(i64t, {ptr, i64t, i64t}, false);
  else if (name == "pyrite_rt_unicode_case")
    ft = llvm::FunctionType::get(i64t, {i64t, i64t}, false);
  return m_.module->getOrInsertFunction(name, ft);
}

Value *FunctionLowering::make_str(Value *meminfo, Value *data, Value *length, Value *kind) {
  Value *s = llvm::UndefValue::get(m_.llvm_type(types::unicode()));
  s = b_.CreateInsertValue(s, meminfo, kStrMemInfo);
  s = b_.CreateInsertValue(s, data, kStrData);
  s = b_.CreateInsertValue(s, length, kStrLength);
  return b_.CreateInsertValue(s, kind, kStrKind);
}

Value *FunctionLowering::string_constant(const std::string &utf8) {
  std::vector<uint32_t> cps = decode_utf8(utf8);
  uint32_t top = 0;
  for (uint32_t c : cps)
    top = std::max(top, c);
  int kind = top < 0x100 ? 1 : top < 0x10000 ? 2 : 4;
  std::string bytes;
  for (uint32_t c : cps)
    for (int k = 0; k < kind; ++k) // little-endian, as the hosts pyrite targets store it
      bytes.push_back(char((c >> (8 * k)) & 0xFF));
  std::string key = "str:" + utf8;
  llvm::Constant *&g = strings_[key];
  if (!g) {
    auto *data = llvm::ConstantDataArray::getString(m_.context, bytes, /*AddNull=*/true);
    auto *var = new llvm::GlobalVariable(*m_.module, data->getType(), true,
                                         llvm::GlobalValue::PrivateLinkage, data, "str");
    var->setAlignment(llvm::Align(4));
    var->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    g = var;
  }
  return make_str(llvm::ConstantPointerNull::get(b_.getPtrTy()), g,
                  i64(int64_t(cps.size())), i64(kind));
}

Value *FunctionLowering::new_str(Value *kind, Value *length) {
  raise_if(b_.CreateICmpSLT(length, i64(0)), "SystemError", "negative size passed to str");
  // Past 2**61 code points no str fits in memory (and length * kind may wrap).
  raise_if(b_.CreateICmpUGT(length, i64(int64_t(1) << 61)), "MemoryError", "");
  Value *bytes = b_.CreateMul(length, kind);
  Value *mi = b_.CreateCall(m_.runtime("pyrite_rt_meminfo_alloc_small"), {bytes});
  raise_if(b_.CreateIsNull(mi), "MemoryError", "");
  // PyriteMemInfo is {int64 refcount; void *data; size_t size}.
  Value *data = b_.CreateLoad(b_.getPtrTy(), b_.CreateConstGEP1_64(b_.getInt8Ty(), mi, 8));
  return make_str(mi, data, length, kind);
}

Value *FunctionLowering::str_of_chars(Value *p, const Type *dtype) {
  Value *data = entry_alloca(b_.getPtrTy(), "chars.data");
  Value *length = entry_alloca(b_.getInt64Ty(), "chars.length");
  Value *kind = entry_alloca(b_.getInt64Ty(), "chars.kind");
  Value *mi = b_.CreateCall(str_runtime("pyrite_str_from_ucs4"),
                            {p, i64(dtype->bits), data, length, kind});
  raise_if(b_.CreateIsNull(mi), "MemoryError", "");
  Value *chars = b_.CreateLoad(b_.getPtrTy(), data);
  Value *n = b_.CreateLoad(b_.getInt64Ty(), length);
  Value *k = b_.CreateLoad(b_.getInt64Ty(), kind);
  return make_str(mi, chars, n, k);
}

Value *FunctionLowering::chars_value(Value *p, const Type *dtype) {
  if (dtype->is_unicode_chars())
    return str_of_chars(p, dtype);
  // 'S': a new 1-d uint8 array of the bytes (a bytes value; boxing.cpp)
  const Type *bt = types::element_value(dtype);
  Value *data = entry_alloca(b_.getPtrTy(), "chars.data");
  Value *length = entry_alloca(b_.getInt64Ty(), "chars.length");
  Value *mi =
      b_.CreateCall(str_runtime("pyrite_bytes_from_chars"), {p, i64(dtype->bits), data, length});
  raise_if(b_.CreateIsNull(mi), "MemoryError", "");
  Value *bytes = b_.CreateLoad(b_.getPtrTy(), data);
  Value *n = b_.CreateLoad(b_.getInt64Ty(), length);
  Value *arr = llvm::UndefValue::get(m_.llvm_type(bt));
  arr = b_.CreateInsertValue(arr, mi, kMemInfo);
  arr = b_.CreateInsertValue(arr, llvm::ConstantPointerNull::get(b_.getPtrTy()), kParent);
  arr = b_.CreateInsertValue(arr, n, kNItems);
  arr = b_.CreateInsertValue(arr, i64(1), kItemSize);
  arr = b_.CreateInsertValue(arr, bytes, kData);
  arr = b_.CreateInsertValue(arr, n, {kShape, 0u});
  return b_.CreateInsertValue(arr, i64(1), {kStrides, 0u});
}

void FunctionLowering::store_chars(Value *p, Value *s, const Type *dtype) {
  if (!dtype->is_unicode_chars()) { // bytes (a 1-d C uint8 array) into an 'S' element
    llvm::FunctionCallee fn = str_runtime("pyrite_bytes_to_chars");
    Value *data = b_.CreateExtractValue(s, kData);
    Value *n = b_.CreateExtractValue(s, kNItems);
    b_.CreateCall(fn, {p, i64(dtype->bits), data, n});
    return;
  }
  llvm::FunctionCallee fn = str_runtime("pyrite_str_to_ucs4");
  Value *data = b_.CreateExtractValue(s, kStrData);
  Value *length = b_.CreateExtractValue(s, kStrLength);
  Value *kind = b_.CreateExtractValue(s, kStrKind);
  b_.CreateCall(fn, {p, i64(dtype->bits), data, length, kind});
}

Value *FunctionLowering::code_point(Value *s, Value *i) {
  Value *data = b_.CreateExtractValue(s, kStrData), *kind = b_.CreateExtractValue(s, kStrKind);
  llvm::BasicBlock *from = b_.GetInsertBlock();
  auto *one = llvm::BasicBlock::Create(m_.context, "cp.1", fn_);
  auto *wide = llvm::BasicBlock::Create(m_.context, "cp.wide", fn_);
  auto *two = llvm::BasicBlock::Create(m_.context, "cp.2", fn_);
  auto *four = llvm::BasicBlock::Create(m_.context, "cp.4", fn_);
  auto *done = llvm::BasicBlock::Create(m_.context, "cp.done", fn_);
  b_.CreateCondBr(b_.CreateICmpEQ(kind, i64(1)), one, wide);
  (void)from;
  auto load = [&](llvm::BasicBlock *bb, llvm::Type *t) {
    b_.SetInsertPoint(bb);
    Value *v = b_.CreateZExt(b_.CreateLoad(t, b_.CreateInBoundsGEP(t, data, i)), b_.getInt64Ty());
    b_.CreateBr(done);
    return v;
  };
  Value *v1 = load(one, b_.getInt8Ty());
  b_.SetInsertPoint(wide);
  b_.CreateCondBr(b_.CreateICmpEQ(kind, i64(2)), two, four);
  Value *v2 = load(two, b_.getInt16Ty());
  Value *v4 = load(four, b_.getInt32Ty());
  b_.SetInsertPoint(done);
  auto *phi = b_.CreatePHI(b_.getInt64Ty(), 3);
  phi->addIncoming(v1, one);
  phi->addIncoming(v2, two);
  phi->addIncoming(v4, four);
  return phi;
}

void FunctionLowering::set_code_point(Value *s, Value *i, Value *cp) {
  Value *data = b_.CreateExtractValue(s, kStrData), *kind = b_.CreateExtractValue(s, kStrKind);
  auto *one = llvm::BasicBlock::Create(m_.context, "setcp.1", fn_);
  auto *wide = llvm::BasicBlock::Create(m_.context, "setcp.wide", fn_);
  auto *two = llvm::BasicBlock::Create(m_.context, "setcp.2", fn_);
  auto *four = llvm::BasicBlock::Create(m_.context, "setcp.4", fn_);
  auto *done = llvm::BasicBlock::Create(m_.context, "setcp.done", fn_);
  b_.CreateCondBr(b_.CreateICmpEQ(kind, i64(1)), one, wide);
  auto store = [&](llvm::BasicBlock *bb, llvm::Type *t) {
    b_.SetInsertPoint(bb);
    Value *narrow = b_.CreateTrunc(cp, t);
    b_.CreateStore(narrow, b_.CreateInBoundsGEP(t, data, i));
    b_.CreateBr(done);
  };
  store(one, b_.getInt8Ty());
  b_.SetInsertPoint(wide);
  b_.CreateCondBr(b_.CreateICmpEQ(kind, i64(2)), two, four);
  store(two, b_.getInt16Ty());
  store(four, b_.getInt32Ty());
  b_.SetInsertPoint(done);
}

Value *FunctionLowering::char_str(Value *cp) {
  // Below U+0100: a view of the 256-byte table, nothing allocated.
  auto *table_t = llvm::ArrayType::get(b_.getInt8Ty(), 256);
  llvm::Constant *&table = strings_["latin1 table"];
  if (!table) {
    std::vector<uint8_t> bytes(256);
    for (int k = 0; k < 256; ++k)
      bytes[size_t(k)] = uint8_t(k);
    auto *init = llvm::ConstantDataArray::get(m_.context, bytes);
    table = new llvm::GlobalVariable(*m_.module, table_t, true,
                                     llvm::GlobalValue::PrivateLinkage, init, "latin1");
  }
  Value *in_table = b_.CreateICmpULT(cp, i64(0x100));
  llvm::BasicBlock *head = b_.GetInsertBlock();
  auto *alloc = llvm::BasicBlock::Create(m_.context, "char.alloc", fn_);
  auto *done = llvm::BasicBlock::Create(m_.context, "char.done", fn_);
  Value *latin1 = make_str(llvm::ConstantPointerNull::get(b_.getPtrTy()),
                           b_.CreateInBoundsGEP(table_t, table, {i64(0), cp}), i64(1), i64(1));
  b_.CreateCondBr(in_table, done, alloc);
  b_.SetInsertPoint(alloc);
  Value *made = new_str(b_.CreateSelect(b_.CreateICmpULT(cp, i64(0x10000)), i64(2), i64(4)),
                        i64(1));
  set_code_point(made, i64(0), cp);
  llvm::BasicBlock *alloc_end = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  auto *phi = b_.CreatePHI(latin1->getType(), 2);
  phi->addIncoming(latin1, head);
  phi->addIncoming(made, alloc_end);
  return phi;
}

Value *FunctionLowering::substring(Value *s, Value *start, Value *length) {
  Value *kind = b_.CreateExtractValue(s, kStrKind);
  Value *base = b_.CreateExtractValue(s, kStrData);
  Value *data = b_.CreateInBoundsGEP(b_.getInt8Ty(), base, b_.CreateMul(start, kind));
  Value *mi = b_.CreateExtractValue(s, kStrMemInfo);
  b_.CreateCall(m_.runtime("pyrite_incref"), {mi});
  return make_str(mi, data, length, kind);
}

Value *FunctionLowering::str_getitem(Value *s, Value *index, const Type *it) {
  Value *n = b_.CreateExtractValue(s, kStrLength);
  if (it->kind != TypeKind::Slice) {
    Value *given = convert(index, it, types::int64());
    Value *negative = b_.CreateICmpSLT(given, i64(0));
    Value *i = b_.CreateSelect(negative, b_.CreateAdd(given, n), given);
    raise_if(b_.CreateICmpUGE(i, n), "IndexError", "string index out of range");
    return char_str(code_point(s, i));
  }
  auto [start, length, step] = slice_indices(index, n);
  Value *contiguous = b_.CreateICmpEQ(step, i64(1));
  llvm::BasicBlock *head = b_.GetInsertBlock();
  auto *strided = llvm::BasicBlock::Create(m_.context, "strslice.strided", fn_);
  auto *shared = llvm::BasicBlock::Create(m_.context, "strslice.shared", fn_);
  auto *done = llvm::BasicBlock::Create(m_.context, "strslice.done", fn_);
  (void)head;
  b_.CreateCondBr(contiguous, shared, strided);
  b_.SetInsertPoint(shared);
  Value *view = substring(s, start, length);
  llvm::BasicBlock *shared_end = b_.GetInsertBlock();
  b_.CreateBr(done);
  // s[a:b:c]: a new string of the same kind, one code point at a time.
  b_.SetInsertPoint(strided);
  Value *out = new_str(b_.CreateExtractValue(s, kStrKind), length);
  llvm::BasicBlock *pre = b_.GetInsertBlock();
  auto *loop = llvm::BasicBlock::Create(m_.context, "strslice.loop", fn_);
  auto *body = llvm::BasicBlock::Create(m_.context, "strslice.body", fn_);
  auto *exit = llvm::BasicBlock::Create(m_.context, "strslice.exit", fn_);
  b_.CreateBr(loop);
  b_.SetInsertPoint(loop);
  auto *k = b_.CreatePHI(b_.getInt64Ty(), 2);
  k->addIncoming(i64(0), pre);
  b_.CreateCondBr(b_.CreateICmpSLT(k, length), body, exit);
  b_.SetInsertPoint(body);
  set_code_point(out, k, code_point(s, b_.CreateAdd(start, b_.CreateMul(k, step))));
  k->addIncoming(b_.CreateAdd(k, i64(1)), b_.GetInsertBlock());
  b_.CreateBr(loop);
  b_.SetInsertPoint(exit);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  auto *phi = b_.CreatePHI(view->getType(), 2);
  phi->addIncoming(view, shared_end);
  phi->addIncoming(out, exit);
  return phi;
}

Value *FunctionLowering::lower_unicode(const BuiltinCall &c) {
  const std::string name = c.r.builtin.substr(c.r.builtin.rfind('.') + 1);
  const auto &a = c.args;
  auto field = [&](size_t k, unsigned f) { return b_.CreateExtractValue(a[k], f); };
  auto text = [&](size_t k) { // data, length, kind
    return std::vector<Value *>{field(k, kStrData), field(k, kStrLength), field(k, kStrKind)};
  };
  if (name == "kind")
    return field(0, kStrKind);
  if (name == "code_point")
    return code_point(a[0], a[1]);
  if (name == "new")
    return new_str(a[0], a[1]);
  if (name == "set_code_point") {
    set_code_point(a[0], a[1], a[2]);
    return llvm::UndefValue::get(m_.llvm_type(c.rt));
  }
  if (name == "copy") { // copy(dst, at, src, from, count)
    llvm::FunctionCallee fn = str_runtime("pyrite_str_copy");
    std::vector<Value *> args = {field(0, kStrData), field(0, kStrKind), a[1],
                                 field(2, kStrData), field(2, kStrKind), a[3], a[4]};
    b_.CreateCall(fn, args);
    return llvm::UndefValue::get(m_.llvm_type(c.rt));
  }
  if (name == "char")
    return char_str(a[0]);
  if (name == "compare" || name == "equal") {
    std::vector<Value *> args = text(0), rhs = text(1);
    args.insert(args.end(), rhs.begin(), rhs.end());
    llvm::FunctionCallee fn = str_runtime("pyrite_str_" + name);
    Value *r = b_.CreateCall(fn, args);
    return name == "equal" ? b_.CreateICmpNE(r, b_.getInt32(0)) : r;
  }
  if (name == "find" || name == "rfind") { // find(hay, needle, start, end)
    llvm::FunctionCallee fn = str_runtime("pyrite_str_" + name);
    std::vector<Value *> args = {field(0, kStrData), field(0, kStrKind), a[2], a[3],
                                 field(1, kStrData), field(1, kStrLength), field(1, kStrKind)};
    return b_.CreateCall(fn, args);
  }
  if (name == "substring")
    return substring(a[0], a[1], b_.CreateSub(a[2], a[1]));
  if (name == "float_repr") {
    auto *buf = entry_alloca(llvm::ArrayType::get(b_.getInt8Ty(), 32), "repr.buf");
    Value *n = b_.CreateCall(str_runtime("pyrite_rt_float_repr"), {a[0], buf});
    Value *out = new_str(i64(1), n);
    b_.CreateMemCpy(b_.CreateExtractValue(out, kStrData), llvm::MaybeAlign(1), buf,
                    llvm::MaybeAlign(1), n);
    return out;
  }
  if (name == "format_float") {
    auto *buf = entry_alloca(llvm::ArrayType::get(b_.getInt8Ty(), 512), "format.buf");
    llvm::FunctionCallee fn = str_runtime("pyrite_rt_format_float");
    Value *n = b_.CreateCall(fn, {a[0], a[1], a[2], a[3], buf});
    Value *out = new_str(i64(1), n);
    b_.CreateMemCpy(b_.CreateExtractValue(out, kStrData), llvm::MaybeAlign(1), buf,
                    llvm::MaybeAlign(1), n);
    return out;
  }
  if (name == "parse_float") { // ASCII text: kind 1
    llvm::FunctionCallee fn = str_runtime("pyrite_rt_parse_float");
    return b_.CreateCall(fn, {field(0, kStrData), field(0, kStrLength)});
  }
  if (name == "flags")
    return b_.CreateCall(str_runtime("pyrite_rt_unicode_flags"), {a[0]});
  if (name == "hash") { // CPython's: its text as CPython stores it (PEP 393), hashed
    Value *data = field(0, kStrData);
    Value *length = field(0, kStrLength);
    Value *kind = field(0, kStrKind);
    return b_.CreateCall(str_runtime("pyrite_rt_hash_str"), {data, length, kind});
  }
  if (name == "case_mapping")
    return b_.CreateCall(str_runtime("pyrite_rt_unicode_case"), {a[0], a[1]});
  throw std::logic_error("pyrite: no lowering for str primitive " + name);
}

} // namespace pyrite::lower
