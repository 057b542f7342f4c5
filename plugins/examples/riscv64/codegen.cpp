//===- riscv64/codegen.cpp - RISC-V 64 machine: optimize and emit ---------===//
//
// Sections: the machine (created on first use), optimize, emit (objects and
// assembly in memory), shared objects (ld.lld in a child process).
//
//===----------------------------------------------------------------------===//
#include "codegen.h"

#include <llvm-c/Target.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Transforms/Utils/Cloning.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

extern char **environ;

namespace riscv64 {

struct Machine {
  MachineSpec spec;
  std::mutex mutex; // guards `target` (creation and use)
  std::unique_ptr<llvm::TargetMachine> target;
};

namespace {

thread_local std::string t_error;

PyriteStatus fail(std::string message) {
  t_error = std::move(message);
  return PYRITE_ERROR;
}

// --- the machine ----------------------------------------------------------------

/// Creates the LLVM target machine on first use; caller holds m->mutex.
PyriteStatus ensure_target(Machine *m) {
  if (m->target)
    return PYRITE_OK;
  // Registers every target this libLLVM has (cheap, idempotent); a libLLVM
  // built without RISC-V then fails the lookup below with a message.
  LLVMInitializeAllTargetInfos();
  LLVMInitializeAllTargets();
  LLVMInitializeAllTargetMCs();
  LLVMInitializeAllAsmPrinters();
  llvm::Triple triple(m->spec.triple);
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return fail("this libLLVM has no RISC-V backend: " + error);
  llvm::TargetOptions options;
  options.MCOptions.ABIName = m->spec.abi; // hard-float ABI: doubles in FP registers
  m->target.reset(target->createTargetMachine(triple, m->spec.cpu, m->spec.features, options,
                                              llvm::Reloc::PIC_, std::nullopt,
                                              llvm::CodeGenOptLevel::Aggressive));
  if (!m->target)
    return fail(std::string("LLVM cannot create a target machine for ") + m->spec.triple);
  std::string layout = m->target->createDataLayout().getStringRepresentation();
  if (layout != m->spec.data_layout)
    return fail("the target description's data layout " + std::string(m->spec.data_layout) +
                " differs from LLVM's " + layout);
  return PYRITE_OK;
}

/// Pins the module to this machine: triple, data layout, ABI module flag,
/// and CPU and features on every defined function (the runtime bitcode the
/// host links in may carry another target's attributes).
PyriteStatus prepare_module(Machine *m, llvm::Module &module) {
  const llvm::DataLayout layout = m->target->createDataLayout();
  if (module.getTargetTriple().str().empty())
    module.setTargetTriple(m->target->getTargetTriple());
  else if (module.getTargetTriple() != m->target->getTargetTriple())
    return fail("the module is for " + module.getTargetTriple().str() + ", not " +
                m->spec.triple);
  module.setDataLayout(layout);
  auto *abi = llvm::dyn_cast_or_null<llvm::MDString>(module.getModuleFlag("target-abi"));
  if (!abi)
    module.addModuleFlag(llvm::Module::Error, "target-abi",
                         llvm::MDString::get(module.getContext(), m->spec.abi));
  else if (abi->getString() != m->spec.abi)
    return fail("the module asks for ABI " + abi->getString().str() + ", not " + m->spec.abi);
  for (llvm::Function &f : module) {
    if (f.isDeclaration())
      continue;
    f.addFnAttr("target-cpu", m->spec.cpu);
    f.addFnAttr("target-features", m->spec.features);
    f.removeFnAttr("tune-cpu");
  }
  return PYRITE_OK;
}

// --- shared objects ------------------------------------------------------------

/// The linker: $PYRITE_LLD, else ld.lld-22 or ld.lld on PATH; "" if none.
std::string find_lld() {
  if (const char *env = std::getenv("PYRITE_LLD"); env && *env)
    return env;
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
  for (const char *name : {"ld.lld-22", "ld.lld"}) {
    std::stringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');) {
      std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
      if (access(candidate.c_str(), X_OK) == 0)
        return candidate;
    }
  }
  return "";
}

/// Where the riscv64 glibc (libm) lives; $PYRITE_RISCV64_LIBDIR overrides.
std::string target_libdir() {
  const char *env = std::getenv("PYRITE_RISCV64_LIBDIR");
  return env && *env ? env : "/usr/riscv64-linux-gnu/lib";
}

bool read_file(const std::filesystem::path &path, std::string &out) {
  std::ifstream in(path, std::ios::binary);
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return bool(in) || in.eof();
}

bool write_file(const std::filesystem::path &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  return bool(out);
}

/// Runs argv[0] with its output in `log`; returns its exit status or -1.
int run(const std::vector<std::string> &args, const std::filesystem::path &log) {
  std::vector<char *> argv;
  for (const std::string &a : args)
    argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Links a relocatable object into a shared object with ld.lld:
///   ld.lld -shared -m elf64lriscv obj.o -L<libdir> -lm -lc -o out.so
/// so the object's libm and libc calls become DT_NEEDED entries.
PyriteStatus link_shared(const std::string &object, std::string &shared) {
  std::string lld = find_lld();
  if (lld.empty())
    return fail("cannot link a shared object: no ld.lld (set PYRITE_LLD, or put ld.lld-22 "
                "or ld.lld on PATH)");
  std::error_code ec;
  std::string pattern = (std::filesystem::temp_directory_path(ec) / "pyrite-riscv64-XXXXXX");
  if (!mkdtemp(pattern.data()))
    return fail("cannot create a temporary directory: " + std::string(strerror(errno)));
  std::filesystem::path dir = pattern;
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  } cleanup{dir};
  if (!write_file(dir / "obj.o", object))
    return fail("cannot write " + (dir / "obj.o").string());
  std::vector<std::string> args = {lld, "-shared", "-m", "elf64lriscv",
                                   (dir / "obj.o").string(), "-L" + target_libdir(), "-lm", "-lc",
                                   "-o", (dir / "out.so").string()};
  int status = run(args, dir / "lld.log");
  if (status != 0) {
    std::string log;
    read_file(dir / "lld.log", log);
    return fail(lld + (status < 0 ? " could not be run" : " failed (exit " +
                                                              std::to_string(status) + ")") +
                (log.empty() ? "" : ": " + log));
  }
  if (!read_file(dir / "out.so", shared) || shared.empty())
    return fail("cannot read the linked shared object");
  return PYRITE_OK;
}

/// Hands `bytes` to the host; freed by the buffer's release.
void give(std::string bytes, PyriteBuffer *out) {
  auto *owned = new std::string(std::move(bytes));
  out->data = owned->data();
  out->size = owned->size();
  out->opaque = owned;
  out->release = [](PyriteBuffer *self) {
    delete static_cast<std::string *>(self->opaque);
    self->data = nullptr;
    self->size = 0;
    self->opaque = nullptr;
  };
}

} // namespace

Machine *create_machine(const MachineSpec &spec) {
  auto *m = new Machine;
  m->spec = spec;
  return m;
}

void destroy_machine(Machine *m) { delete m; }

const char *last_error() { return t_error.c_str(); }

// --- optimize --------------------------------------------------------------------

PyriteStatus optimize(void *state, const PyriteOptimizeArgs *args) {
  // (args->fastmath: the flags are already on the instructions)
  auto *m = static_cast<Machine *>(state);
  LLVMModuleRef module = args->module;
  uint32_t opt_level = args->opt_level;
  std::lock_guard<std::mutex> lock(m->mutex);
  if (ensure_target(m) != PYRITE_OK)
    return PYRITE_ERROR;
  llvm::Module &mod = *llvm::unwrap(module);
  if (prepare_module(m, mod) != PYRITE_OK)
    return PYRITE_ERROR;

  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = opt_level >= 2;
  tuning.SLPVectorization = opt_level >= 2;
  llvm::PassBuilder builder(m->target.get(), tuning);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  static const llvm::OptimizationLevel levels[] = {
      llvm::OptimizationLevel::O0, llvm::OptimizationLevel::O1, llvm::OptimizationLevel::O2,
      llvm::OptimizationLevel::O3};
  const llvm::OptimizationLevel level = levels[std::min(opt_level, 3u)];
  llvm::ModulePassManager passes = level == llvm::OptimizationLevel::O0
                                       ? builder.buildO0DefaultPipeline(level)
                                       : builder.buildPerModuleDefaultPipeline(level);
  passes.run(mod, mam);
  return PYRITE_OK;
}

// --- emit ------------------------------------------------------------------------

PyriteStatus emit(void *state, PyriteEmitArgs *args) {
  auto *m = static_cast<Machine *>(state);
  LLVMModuleRef module = args->module;
  PyriteArtifactKind kind = args->kind;
  PyriteBuffer *out = args->out;
  if (!out)
    return fail("emit: no output buffer");
  if (args->cpu && std::string(args->cpu) != m->spec.cpu) {
    fail("riscv64 emits for " + std::string(m->spec.cpu) + ", not " + args->cpu);
    return PYRITE_UNSUPPORTED;
  }
  if (kind != PYRITE_ARTIFACT_OBJECT && kind != PYRITE_ARTIFACT_ASSEMBLY &&
      kind != PYRITE_ARTIFACT_SHARED_OBJECT)
    return fail("riscv64 emits objects, assembly and shared objects; not artifact kind " +
                std::to_string(int(kind)));
  std::string bytes;
  {
    std::lock_guard<std::mutex> lock(m->mutex);
    if (ensure_target(m) != PYRITE_OK)
      return PYRITE_ERROR;
    // Code generation rewrites IR (CodeGenPrepare); the ABI says `module` is
    // not consumed, so emit a copy.
    std::unique_ptr<llvm::Module> copy = llvm::CloneModule(*llvm::unwrap(module));
    if (prepare_module(m, *copy) != PYRITE_OK)
      return PYRITE_ERROR;
    llvm::SmallVector<char, 0> buffer;
    llvm::raw_svector_ostream os(buffer);
    llvm::legacy::PassManager passes;
    auto file_type = kind == PYRITE_ARTIFACT_ASSEMBLY ? llvm::CodeGenFileType::AssemblyFile
                                                      : llvm::CodeGenFileType::ObjectFile;
    if (m->target->addPassesToEmitFile(passes, os, nullptr, file_type))
      return fail("LLVM cannot emit this file type for riscv64");
    passes.run(*copy);
    bytes.assign(buffer.begin(), buffer.end());
  }
  if (kind == PYRITE_ARTIFACT_SHARED_OBJECT) {
    std::string shared;
    if (link_shared(bytes, shared) != PYRITE_OK)
      return PYRITE_ERROR;
    bytes = std::move(shared);
  }
  give(std::move(bytes), out);
  return PYRITE_OK;
}

} // namespace riscv64
