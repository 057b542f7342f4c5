//===- driver/compiler.h - the compile pipeline, stage by stage -----------===//
//
/// \file
/// code object -> IR (frontend) -> typed IR (typing) -> LLVM module (lower)
/// -> optimized module and object code (target plugin codegen) -> loaded
/// entry point (target plugin runtime). Each stage's product stays printable.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "frontend/frontend.h"
#include "host/plugin_host.h"
#include "lower/lower.h"
#include "typing/typer.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pyrite::driver {

struct CompileOptions {
  lower::Options lower;
  unsigned opt_level = 3;
  std::string target = "cpu";
  bool c_entry = false; ///< also a C-ABI entry (@cfunc): CompiledFunction::c_entry
  /// Or a NumPy ufunc loop over the function (@vectorize, @guvectorize),
  /// whose address goes to CompiledFunction::c_entry.
  std::optional<lower::UfuncLoop> ufunc_loop;
};

/// Seconds spent in each stage of one compilation.
struct StageTimes {
  double frontend = 0, typing = 0, lowering = 0, optimize = 0, codegen = 0, load = 0;
};

struct CompiledFunction {
  std::shared_ptr<const typing::TypedFunction> typed;
  const host::LoadedPlugin *plugin = nullptr;
  PyriteModule module = nullptr;
  /// int32_t entry(void *ret, void **args): 0 ok, else an exception is pending.
  void *entry = nullptr;
  void *c_entry = nullptr; ///< with CompileOptions::c_entry: `ret f(args...)`
  std::string llvm_ir; ///< the optimized module
  StageTimes times;
  /// The target's assembly for the optimized module (computed on request).
  std::string assembly() const;
  /// The module as lowering builds it, before any optimization (computed on
  /// request by lowering `typed` again; what the FileCheck tests check).
  std::string lowered_ir(const lower::Options &options) const;
};

/// Frontend and typing: the part other functions need to call this one.
/// `declared_return` (may be null) comes from an explicit signature.
std::shared_ptr<typing::TypedFunction>
type_function(const frontend::CodeObject &code, const std::vector<const Type *> &arg_types,
              typing::Resolver &resolver, const Type *declared_return, StageTimes &times);

/// Lowering, codegen and loading of a typed function for `options.target`.
std::shared_ptr<CompiledFunction> compile(std::shared_ptr<const typing::TypedFunction> typed,
                                          const CompileOptions &options, StageTimes times);

/// What lowering needs from a plugin's target description.
lower::TargetInfo target_info(const host::LoadedPlugin &plugin);

/// Throws std::runtime_error naming the plugin, what failed and its message.
[[noreturn]] void plugin_failed(const host::LoadedPlugin &plugin, const std::string &what);

/// codegen.optimize of `module` in place; a failure throws (plugin_failed).
void optimize_module(const host::LoadedPlugin &plugin, LLVMModuleRef module, uint32_t opt_level,
                     uint32_t fastmath);
/// codegen.emit of `module` as `kind`: the artifact's bytes; a failure
/// throws, saying that it failed `to` (e.g. "emit object code").
std::string emit_artifact(const host::LoadedPlugin &plugin, LLVMModuleRef module,
                          PyriteArtifactKind kind, const std::string &to,
                          const std::string &cpu = "");

/// The typed IR in its printable form (what `inspect_types()` shows).
std::string print_types(const typing::TypedFunction &fn);

} // namespace pyrite::driver
