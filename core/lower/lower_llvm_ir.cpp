//===- lower/lower_llvm_ir.cpp - calls of @intrinsic functions ------------===//
//
// An @intrinsic's codegen builds a small module with llvmlite.ir (in Python);
// its text arrives here, is parsed into this module's context, linked in,
// and the function it defines is called like any other, always inlined.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

#include "support/diagnostics.h"

#include <llvm/AsmParser/Parser.h>
#include <llvm/IR/DiagnosticInfo.h>
#include <llvm/IR/DiagnosticPrinter.h>
#include <llvm/Linker/Linker.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

namespace pyrite::lower {

llvm::Value *FunctionLowering::call_llvm_ir(const typing::Resolution &r,
                                            std::vector<llvm::Value *> args) {
  llvm::Module &dest = *m_.module;
  llvm::Function *fn = dest.getFunction(r.ir_symbol);
  if (!fn || fn->isDeclaration()) {
    llvm::SMDiagnostic diag;
    std::unique_ptr<llvm::Module> part = llvm::parseAssemblyString(r.llvm_ir, diag, m_.context);
    if (!part) {
      std::string text;
      llvm::raw_string_ostream os(text);
      diag.print("intrinsic", os);
      throw CompileError("TypingError", "the IR an @intrinsic built does not parse: " + text,
                         {});
    }
    part->setTargetTriple(dest.getTargetTriple());
    part->setDataLayout(dest.getDataLayout());
    // Everything the part defines stays private to this module, so helpers
    // of two intrinsics (or of one, linked into two modules) never clash.
    // (The function called stays external until linked: the linker moves
    // only the internal values something references.)
    for (llvm::GlobalValue &g : part->global_values())
      if (!g.isDeclaration() && g.getName() != r.ir_symbol)
        g.setLinkage(llvm::GlobalValue::InternalLinkage);
    std::string why;
    dest.getContext().setDiagnosticHandlerCallBack(
        [](const llvm::DiagnosticInfo *info, void *out) {
          llvm::raw_string_ostream os(*static_cast<std::string *>(out));
          llvm::DiagnosticPrinterRawOStream printer(os);
          info->print(printer);
        },
        &why);
    bool failed = llvm::Linker::linkModules(dest, std::move(part));
    dest.getContext().setDiagnosticHandlerCallBack(nullptr, nullptr);
    if (failed)
      throw CompileError("TypingError", "the IR an @intrinsic built does not link: " + why, {});
    fn = dest.getFunction(r.ir_symbol);
    if (!fn || fn->isDeclaration())
      throw CompileError("TypingError", "an @intrinsic's IR does not define " + r.ir_symbol, {});
    fn->setLinkage(llvm::GlobalValue::InternalLinkage);
    fn->addFnAttr(llvm::Attribute::AlwaysInline);
  }
  llvm::FunctionType *ft = fn->getFunctionType();
  if (ft->getNumParams() != args.size())
    throw CompileError("TypingError",
                       "an @intrinsic's function takes " + std::to_string(ft->getNumParams()) +
                           " arguments, its signature " + std::to_string(args.size()),
                       {});
  for (size_t k = 0; k < args.size(); ++k)
    if (ft->getParamType(unsigned(k)) != args[k]->getType())
      throw CompileError("TypingError",
                         "argument " + std::to_string(k + 1) +
                             " of an @intrinsic has an LLVM type its signature does not give",
                         {});
  return b_.CreateCall(fn, args);
}

} // namespace pyrite::lower
