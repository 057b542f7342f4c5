//===- driver/kernels.cpp - GPU kernels for a target, as artifacts --------===//
#include "driver/kernels.h"

#include "support/diagnostics.h"

namespace pyrite::driver {

std::string compile_kernels(const std::vector<AotEntry> &kernels, const CompileOptions &options,
                            PyriteArtifactKind kind, const std::string &cpu) {
  const host::LoadedPlugin *plugin = host::PluginHost::instance().find(options.target);
  if (!plugin)
    throw std::runtime_error("no target plugin provides '" + options.target +
                             "' (see `python -m pyrite` for the plugins found)");
  if (!(plugin->table->target->capabilities & PYRITE_CAP_KERNELS))
    throw std::runtime_error("target '" + plugin->name + "' has no kernels");
  lower::TargetInfo info = target_info(*plugin);
  info.parallel_regions = false;
  lower::ModuleBuilder mb("pyrite.kernels", info, options.lower);
  for (const AotEntry &k : kernels)
    mb.add_kernel(*k.typed, k.export_name);
  mb.link_runtime(); // (what of it inlines: reference counts of borrowed arrays)
  mb.verify();
  optimize_module(*plugin, mb.module(), options.opt_level, options.lower.fastmath);
  // What optimization left of the host runtime cannot run on the device.
  std::vector<std::string> left = mb.undefined_calls("__nv_");
  if (!left.empty()) {
    std::string names;
    for (const std::string &n : left)
      names += (names.empty() ? "" : ", ") + n;
    throw CompileError("TypingError",
                       "this kernel needs pyrite's host runtime (it calls " + names +
                           "), which GPU kernels do not have yet: kernels cannot raise "
                           "exceptions (use error_model='numpy' arithmetic and no "
                           "boundscheck), allocate arrays or use lists, dicts and strings");
  }
  return emit_artifact(*plugin, mb.module(), kind,
                       kind == PYRITE_ARTIFACT_ASSEMBLY ? "emit PTX" : "emit a kernel binary",
                       cpu);
}

} // namespace pyrite::driver
