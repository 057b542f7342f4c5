//===- host/plugin_host.h - loading and validating target plugins ---------===//
//
/// \file
/// Finds target plugins (built-in directory, PYRITE_PLUGIN_PATH, paths the
/// Python layer collects from the `pyrite.targets` entry points), loads each
/// through the C ABI, and refuses any that is broken or incompatible with a
/// message naming the file and the reason. Refusing one plugin never stops
/// the others from loading.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <pyrite/plugin.h>

#include <deque>
#include <string>
#include <vector>

namespace pyrite::host {

struct LoadedPlugin {
  std::string path;
  const PyritePlugin *table = nullptr;
  std::string name;     ///< target name, e.g. "x86_64"
  std::string parent;   ///< "cpu", "gpu"
  std::string version;  ///< the plugin's own version
  uint32_t abi_major = 0, abi_minor = 0;
  void *state() const { return table->state; }
  std::string last_error() const;
};

struct RefusedPlugin {
  std::string path;
  std::string reason;
};

class PluginHost {
public:
  static PluginHost &instance();

  /// Loads every `libpyrite-target-*.so` in `dirs` and in PYRITE_PLUGIN_PATH.
  void discover(const std::vector<std::string> &dirs);
  /// Loads one plugin file. Returns nullptr and records why when refused.
  const LoadedPlugin *load(const std::string &path);

  /// The plugin for `target`, or nullptr. A target name may also be a
  /// parent ("cpu"): the plugin of that family that runs in this process
  /// serves it (else the first one loaded).
  const LoadedPlugin *find(const std::string &target) const;
  const std::deque<LoadedPlugin> &plugins() const { return plugins_; }
  const std::vector<RefusedPlugin> &refused() const { return refused_; }
  /// Why `path` was refused (compared as load() canonicalizes it), or nullptr.
  const RefusedPlugin *refusal(const std::string &path) const;

private:
  PluginHost() = default;
  std::deque<LoadedPlugin> plugins_; // deque: pointers stay valid
  std::vector<RefusedPlugin> refused_;
  std::vector<std::string> seen_paths_;
};

/// Element k of a plugin's array of structs (intrinsics, math). The stride is
/// the first element's struct_size (docs/plugin-abi.md), so the array of a
/// plugin built for a later minor, whose elements have grown, reads right.
template <class T> const T &element(const T *base, uint32_t k) {
  return *reinterpret_cast<const T *>(reinterpret_cast<const char *>(base) +
                                      size_t(k) * base[0].struct_size);
}

/// The host's API table handed to every plugin.
const PyriteHostApi *host_api();

} // namespace pyrite::host
