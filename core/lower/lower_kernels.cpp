//===- lower/lower_kernels.cpp - GPU kernel entries ------------------------===//
//
// A kernel entry around a lowered function, and what a GPU module still
// needs of the host runtime after optimization, traced back to the kernel's
// source lines for the error (lowering marks each instruction of a GPU
// function with its line: "pyrite.line" metadata).
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include "support/diagnostics.h"

#include <set>

namespace pyrite::lower {

void ModuleBuilder::add_kernel(const typing::TypedFunction &tf, const std::string &name) {
  auto &s = impl_->state;
  const Type *rt = tf.types.return_type;
  if (rt->kind != TypeKind::None)
    throw CompileError("TypingError", "a kernel returns nothing (as in Numba); " + tf.fn.name +
                                          " returns " + rt->display);
  llvm::Function *impl = s.lower(tf);
  std::vector<llvm::Type *> params;
  for (const Type *t : tf.arg_types)
    params.push_back(s.memory_type(t)); // (booleans as bytes, as they are passed)
  // Reporting errors: the error record's address, a hidden last parameter.
  const bool reports_errors = s.options.kernel_errors;
  if (reports_errors)
    params.push_back(llvm::PointerType::get(s.context, s.target.global_address_space));
  auto *fn = llvm::Function::Create(
      llvm::FunctionType::get(llvm::Type::getVoidTy(s.context), params, false),
      llvm::Function::ExternalLinkage, name, *s.module);
  fn->addFnAttr("pyrite-kernel");
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(s.context, "entry", fn));
  auto *slot = b.CreateAlloca(s.llvm_type(rt));
  if (reports_errors)
    b.CreateStore(fn->getArg(unsigned(tf.arg_types.size())), kernel_error_slot(s));
  std::vector<llvm::Value *> args = {slot};
  for (size_t k = 0; k < tf.arg_types.size(); ++k) {
    llvm::Value *v = fn->getArg(unsigned(k));
    args.push_back(tf.arg_types[k]->is_bool() ? b.CreateICmpNE(v, b.getInt8(0)) : v);
  }
  b.CreateCall(impl, args); // (its status: 0, a raising thread ends where it raises)
  b.CreateRetVoid();
}

std::vector<std::string> ModuleBuilder::undefined_calls(const std::string &allowed_prefix) const {
  std::vector<std::string> names;
  for (const llvm::Function &f : *impl_->state.module)
    if (f.isDeclaration() && !f.use_empty() && !f.isIntrinsic() &&
        !f.getName().starts_with(allowed_prefix))
      names.push_back(f.getName().str());
  return names;
}

namespace {

/// The runtime functions (undefined, not intrinsics, not `allowed_prefix`)
/// that a call to `fn` reaches, in the order first found.
void reached_runtime(const llvm::Function *fn, const std::string &allowed_prefix,
                     std::set<const llvm::Function *> &seen, std::vector<std::string> &out) {
  if (!fn || !seen.insert(fn).second)
    return;
  if (fn->isDeclaration()) {
    if (!fn->isIntrinsic() && !fn->getName().starts_with(allowed_prefix))
      out.push_back(fn->getName().str());
    return;
  }
  for (const llvm::BasicBlock &bb : *fn)
    for (const llvm::Instruction &i : bb)
      if (auto *call = llvm::dyn_cast<llvm::CallBase>(&i))
        reached_runtime(call->getCalledFunction(), allowed_prefix, seen, out);
}

} // namespace

std::vector<ModuleBuilder::RuntimeUse>
ModuleBuilder::runtime_uses(const std::string &allowed_prefix) const {
  const llvm::Module &m = *impl_->state.module;
  unsigned line_kind = m.getContext().getMDKindID("pyrite.line");
  std::vector<RuntimeUse> uses;
  std::set<std::string> named;
  for (const llvm::Function &kernel : m) {
    if (!kernel.hasFnAttribute("pyrite-kernel") || kernel.isDeclaration())
      continue;
    const llvm::Function *body = nullptr; // the lowered function the entry calls
    for (const llvm::Instruction &i : kernel.getEntryBlock())
      if (auto *call = llvm::dyn_cast<llvm::CallBase>(&i))
        body = call->getCalledFunction();
    if (!body)
      continue;
    for (const llvm::BasicBlock &bb : *body)
      for (const llvm::Instruction &i : bb) {
        auto *call = llvm::dyn_cast<llvm::CallBase>(&i);
        llvm::MDNode *line = i.getMetadata(line_kind);
        if (!call || !line)
          continue;
        std::set<const llvm::Function *> seen;
        std::vector<std::string> reached;
        reached_runtime(call->getCalledFunction(), allowed_prefix, seen, reached);
        for (const std::string &name : reached)
          if (named.insert(name).second)
            uses.push_back({name, kernel.getName().str(),
                            int(llvm::mdconst::extract<llvm::ConstantInt>(line->getOperand(0))
                                    ->getSExtValue())});
      }
  }
  return uses;
}

} // namespace pyrite::lower
