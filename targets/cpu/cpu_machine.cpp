//===- targets/cpu/cpu_backend.cpp - TargetMachine + ORC LLJIT ------------===//
#include "cpu_machine.h"

#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Constants.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Host.h>
#include <llvm/Transforms/Instrumentation/AddressSanitizer.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <tuple>
#include <unistd.h>

namespace pyrite::cpu {

struct Backend {
  const PyriteHostApi *host = nullptr;
  CpuTargetSpec spec{};
  bool native = false;
  std::string triple, cpu, features, layout;
  std::unique_ptr<llvm::TargetMachine> machine;
  std::unique_ptr<llvm::orc::LLJIT> jit; // created on first load
  bool sanitize_address = false;         // PYRITE_SANITIZE_JIT=address
  std::string sanitize_error;            // a PYRITE_SANITIZE_JIT that cannot be honoured
  std::string error;
};

namespace {

PyriteStatus fail(Backend *b, std::string message) {
  b->error = std::move(message);
  return PYRITE_ERROR;
}

/// Resolves the host runtime's functions ("pyrite_rt_*") for JIT'd code.
class HostRuntimeGenerator : public llvm::orc::DefinitionGenerator {
public:
  explicit HostRuntimeGenerator(const PyriteHostApi *host) : host_(host) {}
  llvm::Error tryToGenerate(llvm::orc::LookupState &, llvm::orc::LookupKind,
                            llvm::orc::JITDylib &jd, llvm::orc::JITDylibLookupFlags,
                            const llvm::orc::SymbolLookupSet &names) override {
    llvm::orc::SymbolMap found;
    for (const auto &[name, flags] : names) {
      std::string s = (*name).str();
      if (s.rfind("pyrite_rt_", 0) != 0)
        continue;
      if (void *addr = host_->lookup_runtime_symbol(s.c_str()))
        found[name] = {llvm::orc::ExecutorAddr::fromPtr(addr), llvm::JITSymbolFlags::Exported};
    }
    if (found.empty())
      return llvm::Error::success();
    return jd.define(llvm::orc::absoluteSymbols(std::move(found)));
  }

private:
  const PyriteHostApi *host_;
};

/// The new pass manager's four analysis managers, registered with a
/// PassBuilder and cross-wired.
struct Analyses {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  void register_with(llvm::PassBuilder &pb) {
    pb.registerModuleAnalyses(mam);
    pb.registerCGSCCAnalyses(cgam);
    pb.registerFunctionAnalyses(fam);
    pb.registerLoopAnalyses(lam);
    pb.crossRegisterProxies(lam, fam, cgam, mam);
  }
};

/// PYRITE_SANITIZE_JIT: "" or "0" is off, "address" checks every load and
/// store of JIT-compiled code against the AddressSanitizer runtime, which
/// must already be in the process (preloaded; see docs/testing.md). A bad
/// setting is reported when code is compiled, so the plugin still loads and
/// the message reaches the user.
void read_sanitize_env(Backend *b) {
  const char *env = std::getenv("PYRITE_SANITIZE_JIT");
  if (!env || !*env || std::strcmp(env, "0") == 0)
    return;
  if (std::strcmp(env, "address") != 0)
    b->sanitize_error = std::string("PYRITE_SANITIZE_JIT=") + env + ": only 'address' is supported";
  else if (!dlsym(RTLD_DEFAULT, "__asan_init"))
    b->sanitize_error =
        "PYRITE_SANITIZE_JIT=address needs the AddressSanitizer runtime in the process: run "
        "with LD_PRELOAD=$(clang-22 -print-file-name=libclang_rt.asan-x86_64.so)";
  else
    b->sanitize_address = true;
}

/// Module constructors of JIT objects become plain external functions named
/// kCtorPrefix + a process-wide sequence number, which load() calls: ORC
/// runs no .init_array for objects added without a platform.
constexpr llvm::StringLiteral kCtorPrefix = "pyrite.ctor.";

void expose_constructors(llvm::Module &m) {
  llvm::GlobalVariable *list = m.getGlobalVariable("llvm.global_ctors");
  if (!list)
    return;
  // (priority, position in the list): constructors run in priority order,
  // ties in list order.
  std::vector<std::tuple<uint64_t, size_t, llvm::Function *>> ctors;
  if (auto *array = llvm::dyn_cast<llvm::ConstantArray>(list->getInitializer()))
    for (llvm::Use &entry : array->operands()) {
      auto *s = llvm::cast<llvm::ConstantStruct>(entry.get());
      if (auto *fn = llvm::dyn_cast<llvm::Function>(s->getOperand(1)))
        ctors.emplace_back(llvm::cast<llvm::ConstantInt>(s->getOperand(0))->getZExtValue(),
                           ctors.size(), fn);
    }
  list->eraseFromParent();
  std::sort(ctors.begin(), ctors.end());
  static std::atomic<uint64_t> counter{0};
  for (auto &ctor : ctors) {
    llvm::Function *fn = std::get<2>(ctor);
    fn->setName(kCtorPrefix + std::to_string(++counter));
    fn->setLinkage(llvm::GlobalValue::ExternalLinkage);
    fn->setVisibility(llvm::GlobalValue::DefaultVisibility);
    fn->setComdat(nullptr);
  }
}

/// Runs LLVM's AddressSanitizer over an optimized module, as clang does at
/// the end of its pipeline. Only objects the JIT loads are instrumented
/// (not inspect_llvm's IR, assembly or shared objects). Its module
/// constructor, which registers the module's globals and their redzones,
/// is run by load().
void instrument_address(Backend *b, llvm::Module &m) {
  for (llvm::Function &f : m)
    if (!f.isDeclaration())
      f.addFnAttr(llvm::Attribute::SanitizeAddress);
  llvm::AddressSanitizerOptions options;
  options.UseAfterScope = true;
  options.UseAfterReturn = llvm::AsanDetectStackUseAfterReturnMode::Never;
  Analyses a;
  llvm::PassBuilder pb(b->machine.get());
  a.register_with(pb);
  llvm::ModulePassManager mpm;
  // Plain arrays of global metadata rather than ELF sections tied together
  // by start/stop symbols and comdats, which the JIT linker need not honour;
  // JIT code is never unloaded, so no destructor.
  mpm.addPass(llvm::AddressSanitizerPass(options, /*UseGlobalGC=*/false,
                                         /*UseOdrIndicator=*/false, llvm::AsanDtorKind::None));
  mpm.run(m, a.mam);
  expose_constructors(m);
}

/// The constructors expose_constructors() left in an object, in order.
std::vector<std::string> constructors_in(llvm::StringRef object) {
  std::vector<std::pair<uint64_t, std::string>> found;
  auto file = llvm::object::ObjectFile::createObjectFile(llvm::MemoryBufferRef(object, ""));
  if (!file) {
    llvm::consumeError(file.takeError());
    return {};
  }
  for (const llvm::object::SymbolRef &sym : (*file)->symbols()) {
    auto name = sym.getName();
    if (!name) {
      llvm::consumeError(name.takeError());
      continue;
    }
    uint64_t seq = 0;
    if (name->starts_with(kCtorPrefix) &&
        !name->drop_front(kCtorPrefix.size()).getAsInteger(10, seq))
      found.emplace_back(seq, name->str());
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> names;
  for (auto &f : found)
    names.push_back(std::move(f.second));
  return names;
}

llvm::Error make_jit(Backend *b) {
  auto jtmb = llvm::orc::JITTargetMachineBuilder(llvm::Triple(b->triple));
  jtmb.setCPU(b->cpu);
  jtmb.addFeatures(std::vector<std::string>{b->features});
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(jtmb)).create();
  if (!jit)
    return jit.takeError();
  auto &main = (*jit)->getMainJITDylib();
  main.addGenerator(std::make_unique<HostRuntimeGenerator>(b->host));
  // libm and libc symbols (sin, tgamma, memset) come from the process.
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!process)
    return process.takeError();
  main.addGenerator(std::move(*process));
  b->jit = std::move(*jit);
  return llvm::Error::success();
}

} // namespace

Backend *create_backend(const PyriteHostApi *host, const CpuTargetSpec &spec,
                        std::string &error) {
  const std::string triple = spec.triple;
  static std::once_flag init;
  std::call_once(init, spec.initialize_llvm_target);
  auto b = std::make_unique<Backend>();
  b->host = host;
  b->spec = spec;
  b->triple = triple;
  // In-process JIT for the host CPU when the target is the host's arch;
  // otherwise cross-compile for a conservative CPU.
  bool native = llvm::Triple(triple).getArch() ==
                llvm::Triple(llvm::sys::getProcessTriple()).getArch();
  b->native = native;
  b->cpu = native ? llvm::sys::getHostCPUName().str() : spec.default_cpu;
  b->features = native ? "" : spec.default_features;
  if (native) {
    std::string features;
    for (const auto &[name, on] : llvm::sys::getHostCPUFeatures())
      features += (features.empty() ? "" : ",") + std::string(on ? "+" : "-") + name.str();
    b->features = features;
  }
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(llvm::Triple(triple), error);
  if (!target)
    return nullptr;
  llvm::TargetOptions opts;
  b->machine.reset(target->createTargetMachine(llvm::Triple(triple), b->cpu, b->features, opts,
                                               llvm::Reloc::PIC_, std::nullopt,
                                               llvm::CodeGenOptLevel::Aggressive));
  if (!b->machine) {
    error = "LLVM cannot create a target machine for " + triple;
    return nullptr;
  }
  b->layout = b->machine->createDataLayout().getStringRepresentation();
  if (native)
    read_sanitize_env(b.get());
  return b.release();
}

void destroy_backend(Backend *b) { delete b; }
bool is_native(Backend *b) { return b->native; }
const char *data_layout(Backend *b) { return b->layout.c_str(); }
const char *cpu_name(Backend *b) { return b->cpu.c_str(); }
const char *cpu_features(Backend *b) { return b->features.c_str(); }
const char *last_error(Backend *b) { return b->error.c_str(); }
const char *jit_sanitizer(Backend *b) { return b->sanitize_address ? "address" : ""; }

PyriteStatus optimize(void *state, const PyriteOptimizeArgs *args) {
  auto *b = static_cast<Backend *>(state);
  // (args->fastmath: the fast-math flags are already on the instructions)
  llvm::Module &m = *llvm::unwrap(args->module);
  uint32_t opt_level = args->opt_level;
  for (llvm::Function &f : m)
    if (!f.isDeclaration()) {
      f.addFnAttr("target-cpu", b->cpu);
      if (!b->features.empty())
        f.addFnAttr("target-features", b->features);
    }
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = opt_level >= 2;
  tuning.SLPVectorization = opt_level >= 2;
  llvm::PassBuilder pb(b->machine.get(), tuning);
  Analyses a;
  a.register_with(pb);
  static const llvm::OptimizationLevel levels[] = {
      llvm::OptimizationLevel::O0, llvm::OptimizationLevel::O1, llvm::OptimizationLevel::O2,
      llvm::OptimizationLevel::O3};
  llvm::ModulePassManager mpm = opt_level == 0
                                    ? pb.buildO0DefaultPipeline(llvm::OptimizationLevel::O0)
                                    : pb.buildPerModuleDefaultPipeline(levels[std::min(opt_level, 3u)]);
  mpm.run(m, a.mam);
  return PYRITE_OK;
}

namespace {

/// ld.lld: $PYRITE_LLD, else ld.lld-22 or ld.lld on PATH or in LLVM's bin.
std::string find_lld() {
  if (const char *env = std::getenv("PYRITE_LLD"))
    return env;
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  path += ":/usr/lib/llvm-22/bin";
  for (const char *name : {"ld.lld-22", "ld.lld"}) {
    std::stringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');)
      if (!dir.empty() && access((dir + "/" + name).c_str(), X_OK) == 0)
        return dir + "/" + name;
  }
  return "";
}

/// Links an object into a shared object with lld; the object's libm/libc
/// calls become DT_NEEDED entries, so dlopen on the target resolves them.
bool link_shared_object(Backend *b, const llvm::SmallVector<char, 0> &object,
                        llvm::SmallVector<char, 0> &shared) {
  std::string lld = find_lld();
  if (lld.empty()) {
    b->error = "ld.lld not found (install lld-22 or set PYRITE_LLD)";
    return false;
  }
  char dir_template[] = "/tmp/pyrite-link-XXXXXX";
  if (!mkdtemp(dir_template)) {
    b->error = "cannot create a temporary directory";
    return false;
  }
  std::string dir = dir_template, obj = dir + "/code.o", so = dir + "/code.so",
              log = dir + "/lld.log";
  std::ofstream(obj, std::ios::binary).write(object.data(), std::streamsize(object.size()));
  std::string cmd = "'" + lld + "' -shared -m " + b->spec.lld_emulation + " -o '" + so + "' '" +
                    obj + "' -L'" + b->spec.libc_dir + "' -lm -lc > '" + log + "' 2>&1";
  int rc = std::system(cmd.c_str());
  std::ifstream in(rc == 0 ? so : log, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::system(("rm -rf '" + dir + "'").c_str());
  if (rc != 0) {
    b->error = "linking the shared object failed: " + bytes.substr(0, 2000);
    return false;
  }
  shared.assign(bytes.begin(), bytes.end());
  return true;
}

} // namespace

PyriteStatus emit(void *state, PyriteEmitArgs *args) {
  auto *b = static_cast<Backend *>(state);
  LLVMModuleRef module = args->module;
  PyriteArtifactKind kind = args->kind;
  PyriteBuffer *out = args->out;
  if (args->cpu && b->cpu != args->cpu) {
    fail(b, "this CPU plugin emits for " + b->cpu + ", not " + args->cpu);
    return PYRITE_UNSUPPORTED;
  }
  if (kind != PYRITE_ARTIFACT_OBJECT && kind != PYRITE_ARTIFACT_ASSEMBLY &&
      kind != PYRITE_ARTIFACT_SHARED_OBJECT)
    return fail(b, "unknown artifact kind " + std::to_string(kind));
  if (kind == PYRITE_ARTIFACT_OBJECT && !b->sanitize_error.empty())
    return fail(b, b->sanitize_error);
  if (kind == PYRITE_ARTIFACT_OBJECT && b->sanitize_address)
    instrument_address(b, *llvm::unwrap(module));
  auto *bytes = new llvm::SmallVector<char, 0>();
  llvm::raw_svector_ostream os(*bytes);
  llvm::legacy::PassManager pm;
  auto file_type = kind == PYRITE_ARTIFACT_ASSEMBLY ? llvm::CodeGenFileType::AssemblyFile
                                                    : llvm::CodeGenFileType::ObjectFile;
  if (b->machine->addPassesToEmitFile(pm, os, nullptr, file_type)) {
    delete bytes;
    return fail(b, "LLVM cannot emit this file type for " + b->triple);
  }
  pm.run(*llvm::unwrap(module));
  if (kind == PYRITE_ARTIFACT_SHARED_OBJECT) {
    auto *shared = new llvm::SmallVector<char, 0>();
    bool ok = link_shared_object(b, *bytes, *shared);
    delete bytes;
    bytes = shared;
    if (!ok) {
      delete bytes;
      return PYRITE_ERROR;
    }
  }
  out->data = bytes->data();
  out->size = bytes->size();
  out->opaque = bytes;
  out->release = [](PyriteBuffer *self) {
    delete static_cast<llvm::SmallVector<char, 0> *>(self->opaque);
    self->data = nullptr;
    self->size = 0;
  };
  return PYRITE_OK;
}

PyriteStatus load(void *state, PyriteLoadArgs *args) {
  auto *b = static_cast<Backend *>(state);
  const void *artifact = args->artifact;
  size_t size = args->size;
  if (!b->jit)
    if (llvm::Error e = make_jit(b))
      return fail(b, "cannot start the JIT: " + llvm::toString(std::move(e)));
  auto buffer = llvm::MemoryBuffer::getMemBufferCopy(
      llvm::StringRef(static_cast<const char *>(artifact), size), "pyrite-object");
  if (llvm::Error e = b->jit->addObjectFile(std::move(buffer)))
    return fail(b, "cannot load object: " + llvm::toString(std::move(e)));
  if (b->sanitize_address)
    for (const std::string &name :
         constructors_in(llvm::StringRef(static_cast<const char *>(artifact), size))) {
      auto addr = b->jit->lookup(name);
      if (!addr)
        return fail(b, "constructor " + name + ": " + llvm::toString(addr.takeError()));
      addr->toPtr<void (*)()>()();
    }
  // All objects share the main JITDylib; symbols are process-unique.
  args->module = reinterpret_cast<PyriteModule>(&b->jit->getMainJITDylib());
  return PYRITE_OK;
}

PyriteStatus lookup(void *state, PyriteLookupArgs *args) {
  auto *b = static_cast<Backend *>(state);
  auto addr = b->jit->lookup(args->symbol);
  if (!addr)
    return fail(b, "symbol " + std::string(args->symbol) + ": " +
                       llvm::toString(addr.takeError()));
  args->address = addr->toPtr<void *>();
  return PYRITE_OK;
}

PyriteStatus unload(void *, const PyriteUnloadArgs *) {
  return PYRITE_OK; // code lives as long as the process; see docs/design.md
}

PyriteStatus device_count(void *state, PyriteDeviceInfoArgs *args) {
  if (args->struct_size < PYRITE_DEVICE_INFO_ARGS_SIZE_2_0)
    return fail(static_cast<Backend *>(state), "device_count: truncated arguments");
  args->count = 1;
  return PYRITE_OK;
}

PyriteStatus device_info(void *state, PyriteDeviceInfoArgs *args) {
  auto *b = static_cast<Backend *>(state);
  if (args->struct_size < PYRITE_DEVICE_INFO_ARGS_SIZE_2_0)
    return fail(b, "device_info: truncated arguments");
  if (args->index != 0)
    return fail(b, "no such device");
  std::snprintf(args->name, sizeof args->name, "host CPU (%s, %u threads)", b->cpu.c_str(),
                std::max(1u, std::thread::hardware_concurrency()));
  return PYRITE_OK;
}

PyriteStatus synchronize(void *, const PyriteSynchronizeArgs *) { return PYRITE_OK; }

} // namespace pyrite::cpu
