//===- host/plugin_host.cpp - plugin discovery and validation -------------===//
#include "host/plugin_host.h"

#include "runtime/rt_host.h"

#include <dlfcn.h>
#include <llvm-c/Core.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <filesystem>

// No 2.0 struct ends in padding (docs/plugin-abi.md, struct_size rule 5):
// a field a later minor appends must not land in bytes a 2.0 writer left.
static_assert(sizeof(PyriteHostApi) == PYRITE_HOST_API_SIZE_2_0);
static_assert(sizeof(PyritePlugin) == PYRITE_PLUGIN_SIZE_2_0);
static_assert(sizeof(PyriteTargetDesc) == PYRITE_TARGET_DESC_SIZE_2_0);
static_assert(sizeof(PyriteCodegen) == PYRITE_CODEGEN_SIZE_2_0);
static_assert(sizeof(PyriteRuntime) == PYRITE_RUNTIME_SIZE_2_0);
static_assert(sizeof(PyriteExtension) == PYRITE_EXTENSION_SIZE_2_0);
static_assert(sizeof(PyriteBuffer) == PYRITE_BUFFER_SIZE_2_0);
static_assert(sizeof(PyriteIntrinsic) == PYRITE_INTRINSIC_SIZE_2_0);
static_assert(sizeof(PyriteMathMapping) == PYRITE_MATH_MAPPING_SIZE_2_0);
static_assert(sizeof(PyriteLowerIntrinsicArgs) == PYRITE_LOWER_INTRINSIC_ARGS_SIZE_2_0);
static_assert(sizeof(PyriteOptimizeArgs) == PYRITE_OPTIMIZE_ARGS_SIZE_2_0);
static_assert(sizeof(PyriteEmitArgs) == PYRITE_EMIT_ARGS_SIZE_2_0);
static_assert(sizeof(PyriteLoadArgs) == PYRITE_LOAD_ARGS_SIZE_2_0);
static_assert(sizeof(PyriteLookupArgs) == PYRITE_LOOKUP_ARGS_SIZE_2_0);
static_assert(sizeof(PyriteUnloadArgs) == PYRITE_UNLOAD_ARGS_SIZE_2_0);
static_assert(sizeof(PyriteLaunchArgs) == PYRITE_LAUNCH_ARGS_SIZE_2_0);
static_assert(sizeof(PyriteMemAllocArgs) == PYRITE_MEM_ALLOC_ARGS_SIZE_2_0);
static_assert(sizeof(PyriteMemFreeArgs) == PYRITE_MEM_FREE_ARGS_SIZE_2_0);
static_assert(sizeof(PyriteMemCopyArgs) == PYRITE_MEM_COPY_ARGS_SIZE_2_0);
static_assert(sizeof(PyriteStreamArgs) == PYRITE_STREAM_ARGS_SIZE_2_0);
static_assert(sizeof(PyriteEventArgs) == PYRITE_EVENT_ARGS_SIZE_2_0);
static_assert(sizeof(PyriteSynchronizeArgs) == PYRITE_SYNCHRONIZE_ARGS_SIZE_2_0);
static_assert(sizeof(PyriteDeviceInfoArgs) == PYRITE_DEVICE_INFO_ARGS_SIZE_2_0);

namespace pyrite::host {
namespace {

constexpr const char *kCoreVersion = "0.1.0";

/// The file that defines the code at `address`, or "an unknown file".
std::string defining_file(const void *address) {
  Dl_info info{};
  if (dladdr(address, &info) && info.dli_fname)
    return info.dli_fname;
  return "an unknown file";
}

/// One LLVM in the process (docs/plugin-abi.md): the LLVM-C handles the
/// host passes are only valid in the LLVM the host loaded. A plugin that
/// links another copy (the system's libLLVM.so.22 beside a wheel's private
/// libpyrite-llvm.so.22, say) would crash on the first module it is given,
/// so it is refused before its entry runs. Returns "" when the plugin's
/// LLVM is the host's, or it links none.
std::string other_llvm(void *plugin) {
  // dlsym on the plugin's handle searches it and its dependencies.
  void *theirs = dlsym(plugin, "LLVMContextCreate");
  void *ours = reinterpret_cast<void *>(&LLVMContextCreate);
  if (!theirs || theirs == ours)
    return "";
  return "links another LLVM (" + defining_file(theirs) + ") than the one pyrite loaded (" +
         defining_file(ours) + "); LLVM handles cannot cross between two copies. Build it "
         "against pyrite's LLVM (docs/plugin-abi.md, \"One LLVM\")";
}

/// Checks the tables a plugin returned; returns "" when usable.
std::string validate(const PyritePlugin *p) {
  if (p->struct_size < offsetof(PyritePlugin, abi_minor) + sizeof(uint32_t))
    return "its plugin table is truncated (struct_size " + std::to_string(p->struct_size) + ")";
  if (p->abi_major != PYRITE_ABI_VERSION_MAJOR)
    return "it was built for plugin ABI " + std::to_string(p->abi_major) + "." +
           std::to_string(p->abi_minor) + ", this pyrite speaks ABI " +
           std::to_string(PYRITE_ABI_VERSION_MAJOR) + "." +
           std::to_string(PYRITE_ABI_VERSION_MINOR) + " (a different major version)";
  if (p->struct_size < PYRITE_PLUGIN_SIZE_2_0)
    return "its plugin table is truncated (struct_size " + std::to_string(p->struct_size) +
           " < " + std::to_string(PYRITE_PLUGIN_SIZE_2_0) + " of ABI 2.0)";
  if (!p->plugin_name || !p->plugin_version || !p->get_last_error)
    return "its plugin table lacks plugin_name, plugin_version or get_last_error";
  const PyriteTargetDesc *t = p->target;
  if (!t)
    return "it describes no target";
  if (t->struct_size < PYRITE_TARGET_DESC_SIZE_2_0)
    return "its target description is truncated";
  if (!t->name || !t->triple || !t->data_layout)
    return "its target description lacks a name, triple or data layout";
  const PyriteCodegen *c = p->codegen;
  if (!c || c->struct_size < PYRITE_CODEGEN_SIZE_2_0)
    return "its codegen table is missing or truncated";
  if (!c->optimize)
    return "missing function codegen.optimize";
  if (!c->emit)
    return "missing function codegen.emit";
  if (p->num_intrinsics) {
    if (!p->intrinsics ||
        p->intrinsics[0].struct_size < PYRITE_INTRINSIC_SIZE_2_0)
      return "its intrinsics table is missing or truncated";
    for (uint32_t k = 0; k < p->num_intrinsics; ++k) {
      const PyriteIntrinsic &in = element(p->intrinsics, k);
      if (!in.python_name || !in.signature || !in.lower)
        return "its intrinsic " + std::to_string(k) + " lacks a name, signature or lowering";
    }
  }
  if (p->num_math) {
    if (!p->math || p->math[0].struct_size < PYRITE_MATH_MAPPING_SIZE_2_0)
      return "its math mapping is missing or truncated";
    for (uint32_t k = 0; k < p->num_math; ++k) {
      const PyriteMathMapping &m = element(p->math, k);
      if (!m.function || !m.type || !m.symbol)
        return "its math mapping " + std::to_string(k) + " lacks a function, type or symbol";
    }
  }
  const PyriteRuntime *r = p->runtime;
  if (r && r->struct_size < PYRITE_RUNTIME_SIZE_2_0)
    return "its runtime table is truncated";
  if ((t->capabilities & PYRITE_CAP_IN_PROCESS_JIT) && (!r || !r->load || !r->lookup))
    return "it claims in-process JIT but lacks runtime.load or runtime.lookup";
  if ((t->capabilities & PYRITE_CAP_KERNELS) && r &&
      (!r->load || !r->lookup || !r->launch || !r->synchronize || !r->device_count))
    return "it claims kernels but lacks runtime.load, lookup, launch, synchronize or "
           "device_count";
  if ((t->capabilities & PYRITE_CAP_DEVICE_MEMORY) && r &&
      (!r->mem_alloc || !r->mem_free || !r->mem_copy))
    return "it claims device memory but lacks runtime.mem_alloc, mem_free or mem_copy";
  return "";
}

} // namespace

const PyriteHostApi *host_api() {
  static const PyriteHostApi api = {
      sizeof(PyriteHostApi), PYRITE_ABI_VERSION_MAJOR, PYRITE_ABI_VERSION_MINOR, kCoreVersion,
      [](const char *name) { return runtime::lookup_symbol(name); }, nullptr};
  return &api;
}

std::string LoadedPlugin::last_error() const {
  const char *msg = table->get_last_error(table->state);
  return msg ? msg : "(no message)";
}

PluginHost &PluginHost::instance() {
  static PluginHost host;
  return host;
}

const LoadedPlugin *PluginHost::load(const std::string &path) {
  std::error_code ec;
  std::string canonical = std::filesystem::weakly_canonical(path, ec).string();
  // A file is loaded once: its entry never runs twice, a refusal is kept once.
  if (std::find(seen_paths_.begin(), seen_paths_.end(), canonical) != seen_paths_.end()) {
    for (const auto &p : plugins_)
      if (p.path == canonical)
        return &p;
    return nullptr; // refused before; refused_ says why
  }
  seen_paths_.push_back(canonical);
  auto refuse = [&](const std::string &why) -> const LoadedPlugin * {
    refused_.push_back({canonical, why});
    return nullptr;
  };
  void *lib = dlopen(canonical.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib)
    return refuse(std::string("cannot be loaded: ") + dlerror());
  if (std::string why = other_llvm(lib); !why.empty())
    return refuse(why); // not unloaded: unloading a copy of LLVM is not safe
  auto entry = reinterpret_cast<PyritePluginEntryFn>(dlsym(lib, PYRITE_PLUGIN_ENTRY_SYMBOL));
  if (!entry)
    return refuse("is not a pyrite plugin (no " PYRITE_PLUGIN_ENTRY_SYMBOL " symbol)");
  const PyritePlugin *table = nullptr;
  PyriteStatus status = entry(host_api(), &table);
  if (status != PYRITE_OK) {
    // The table of a failed init may be anything: read get_last_error only
    // when the struct holds it, and take NULL as no message.
    const char *detail = nullptr;
    if (table && table->struct_size >= offsetof(PyritePlugin, get_last_error) + sizeof(void *) &&
        table->get_last_error)
      detail = table->get_last_error(table->state);
    return refuse("failed to initialize (status " + std::to_string(status) +
                  "): " + (detail && *detail ? detail : "no message"));
  }
  if (!table)
    return refuse("returned no plugin table");
  if (std::string why = validate(table); !why.empty())
    return refuse(why);
  for (const auto &p : plugins_)
    if (p.name == table->target->name)
      return refuse("target '" + p.name + "' is already provided by " + p.path);
  LoadedPlugin lp;
  lp.path = canonical;
  lp.table = table;
  lp.name = table->target->name;
  lp.parent = table->target->parent ? table->target->parent : "generic";
  lp.version = table->plugin_version;
  lp.abi_major = table->abi_major;
  lp.abi_minor = table->abi_minor;
  plugins_.push_back(lp);
  return &plugins_.back();
}

void PluginHost::discover(const std::vector<std::string> &dirs) {
  std::vector<std::string> all = dirs;
  if (const char *env = std::getenv("PYRITE_PLUGIN_PATH")) {
    std::string s = env;
    size_t start = 0;
    while (start <= s.size()) {
      size_t colon = s.find(':', start);
      std::string part = s.substr(start, colon - start);
      if (!part.empty())
        all.push_back(part);
      if (colon == std::string::npos)
        break;
      start = colon + 1;
    }
  }
  // One plugin's failure, even an exception, never stops the others.
  auto load_one = [this](const std::string &path) {
    try {
      load(path);
    } catch (const std::exception &e) {
      refused_.push_back({path, std::string("could not be loaded: ") + e.what()});
    }
  };
  for (const std::string &entry : all) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(entry, ec)) {
      load_one(entry);
      continue;
    }
    std::vector<std::string> files;
    for (const auto &f : std::filesystem::directory_iterator(entry, ec)) {
      std::string name = f.path().filename().string();
      if (name.rfind("libpyrite-target-", 0) == 0 && f.path().extension() == ".so")
        files.push_back(f.path().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto &f : files)
      load_one(f);
  }
}

const RefusedPlugin *PluginHost::refusal(const std::string &path) const {
  std::error_code ec;
  std::string canonical = std::filesystem::weakly_canonical(path, ec).string();
  for (auto it = refused_.rbegin(); it != refused_.rend(); ++it)
    if (it->path == canonical)
      return &*it;
  return nullptr;
}

const LoadedPlugin *PluginHost::find(const std::string &target) const {
  for (const auto &p : plugins_)
    if (p.name == target)
      return &p;
  // A parent name ("cpu") means the plugin of that family that runs here.
  const LoadedPlugin *fallback = nullptr;
  for (const auto &p : plugins_)
    if (p.parent == target) {
      if (p.table->target->capabilities & PYRITE_CAP_IN_PROCESS_JIT)
        return &p;
      fallback = fallback ? fallback : &p;
    }
  return fallback;
}

} // namespace pyrite::host
