//===- driver/aot.cpp - lowering, linking and emitting an AOT object ------===//
#include "driver/aot.h"

namespace pyrite::driver {

std::string compile_shared_object(const std::vector<AotEntry> &entries,
                                  const CompileOptions &options) {
  const host::LoadedPlugin *plugin = host::PluginHost::instance().find(options.target);
  if (!plugin)
    throw std::runtime_error("no target plugin provides '" + options.target +
                             "' (see `python -m pyrite` for the plugins found)");
  if (!(plugin->table->target->capabilities & PYRITE_CAP_CROSS_AOT))
    throw std::runtime_error("target '" + plugin->name +
                             "' does not build shared objects ahead of time");
  lower::TargetInfo info = target_info(*plugin);
  // A shared object runs without pyrite's runtime, so without its threads:
  // its prange loops run serially.
  info.parallel_regions = false;
  lower::ModuleBuilder mb("pyrite.aot", info, options.lower);
  std::vector<std::string> exports;
  for (const AotEntry &e : entries)
    exports.push_back(mb.add_entry(*e.typed, e.export_name));
  mb.link_runtime(/*standalone=*/true);
  mb.internalize_except(exports);
  mb.verify();
  optimize_module(*plugin, mb.module(), options.opt_level, options.lower.fastmath);
  return emit_artifact(*plugin, mb.module(), PYRITE_ARTIFACT_SHARED_OBJECT,
                       "emit a shared object");
}

} // namespace pyrite::driver
