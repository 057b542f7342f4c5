//===- driver/kernels.cpp - GPU kernels for a target, as artifacts --------===//
#include "driver/kernels.h"

#include "support/diagnostics.h"

#include <algorithm>

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
  mb.link_runtime(); // (what of it inlines: small helpers)
  mb.verify();
  const char *device_library = "__nv_"; // (libdevice's: linked by the plugin)
  std::vector<lower::ModuleBuilder::RuntimeUse> uses = mb.runtime_uses(device_library);
  optimize_module(*plugin, mb.module(), options.opt_level, options.lower.fastmath);
  // What optimization left of the host runtime cannot run on the device.
  std::vector<std::string> left = mb.undefined_calls(device_library);
  if (!left.empty()) {
    std::string names;
    for (const std::string &n : left)
      names += (names.empty() ? "" : ", ") + n;
    std::string message = "this kernel needs pyrite's host runtime (it calls " + names +
                          "), which GPU kernels do not have: kernels cannot allocate arrays, "
                          "print, catch exceptions, or use lists, dicts and strings";
    for (const auto &use : uses) // the first line of a kernel that reaches one of them
      if (std::find(left.begin(), left.end(), use.function) != left.end())
        for (size_t k = 0; k < kernels.size(); ++k)
          if (kernels[k].export_name == use.kernel)
            throw KernelCompileError(message, {use.line, use.line, -1, -1}, k);
    throw CompileError("TypingError", message);
  }
  return emit_artifact(*plugin, mb.module(), kind,
                       kind == PYRITE_ARTIFACT_ASSEMBLY ? "emit PTX" : "emit a kernel binary",
                       cpu);
}

} // namespace pyrite::driver
