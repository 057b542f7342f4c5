//===- targets/cuda/cuda_codegen.cpp - NVPTX code generation --------------===//
//
// Sections: finding the toolkit's files; target machines per compute
// capability; optimize (kernels, libdevice, the pipeline); emit (PTX, and
// cubins through ptxas).
//
//===----------------------------------------------------------------------===//
#include "cuda_codegen.h"

#include <llvm-c/Core.h>
#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/Linker/Linker.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Triple.h>
#include <llvm/Transforms/Utils/Cloning.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <vector>

extern char **environ;

namespace pyrite::cuda {

constexpr const char *kTriple = "nvptx64-nvidia-cuda";

struct Codegen {
  std::mutex mutex; // guards everything below
  std::string arch;
  std::string libdevice;
  std::string layout;
  std::map<std::string, std::unique_ptr<llvm::TargetMachine>> machines; // by arch
};

// --- finding the toolkit's files --------------------------------------------------

namespace {

bool is_file(const std::string &path) { return !path.empty() && access(path.c_str(), R_OK) == 0; }

/// $CUDA_HOME, $CUDA_PATH, then /usr/local/cuda.
std::vector<std::string> toolkit_dirs() {
  std::vector<std::string> dirs;
  for (const char *env : {"PYRITE_CUDA_HOME", "CUDA_HOME", "CUDA_PATH"})
    if (const char *v = std::getenv(env); v && *v)
      dirs.push_back(v);
  dirs.push_back("/usr/local/cuda");
  return dirs;
}

} // namespace

std::string find_ptxas() {
  if (const char *v = std::getenv("PYRITE_PTXAS"); v && *v)
    return v;
  for (const std::string &dir : toolkit_dirs())
    if (is_file(dir + "/bin/ptxas"))
      return dir + "/bin/ptxas";
  std::stringstream path(std::getenv("PATH") ? std::getenv("PATH") : "");
  for (std::string dir; std::getline(path, dir, ':');)
    if (!dir.empty() && access((dir + "/ptxas").c_str(), X_OK) == 0)
      return dir + "/ptxas";
  return "";
}

std::string find_libdevice(const std::string &plugin_dir) {
  for (const std::string &dir : toolkit_dirs())
    if (is_file(dir + "/nvvm/libdevice/libdevice.10.bc"))
      return dir + "/nvvm/libdevice/libdevice.10.bc";
  if (is_file(plugin_dir + "/libdevice.10.bc")) // a wheel may carry it beside the plugin
    return plugin_dir + "/libdevice.10.bc";
  return "";
}

std::string arch_name(unsigned major, unsigned minor) {
  return "sm_" + std::to_string(major) + std::to_string(minor);
}

bool valid_arch(const std::string &arch) {
  if (arch.size() < 5 || arch.compare(0, 3, "sm_") != 0)
    return false;
  for (size_t k = 3; k < arch.size(); ++k)
    if (!std::isdigit(static_cast<unsigned char>(arch[k])) && !(k + 1 == arch.size() && arch[k] == 'a'))
      return false;
  return true;
}

// --- target machines ----------------------------------------------------------------

namespace {

/// The PTX ISA version emitted for an architecture: the oldest that has it,
/// so that older drivers (which JIT-compile PTX) accept the code.
std::string ptx_features(const std::string &arch) {
  // (NVIDIA's PTX ISA notes: the version that introduced each target)
  static const std::map<int, const char *> introduced = {
      {100, "+ptx86"}, {101, "+ptx86"}, {103, "+ptx88"},
      {110, "+ptx90"}, {120, "+ptx87"}, {121, "+ptx88"}};
  char *suffix = nullptr;
  long number = std::strtol(arch.c_str() + 3, &suffix, 10);
  if (suffix && *suffix == 'f') // family-specific targets ("sm_100f"): PTX 8.8
    return number >= 110 ? "+ptx90" : "+ptx88";
  if (number < 100)
    return suffix && *suffix == 'a' && number == 90 ? "+ptx80" : "+ptx78"; // sm_90a: 8.0
  auto it = introduced.find(int(number));
  return it != introduced.end() ? it->second : "+ptx90"; // newer: the newest LLVM writes
}

llvm::TargetMachine *machine_for(Codegen *c, const std::string &arch, std::string &error) {
  auto &slot = c->machines[arch];
  if (slot)
    return slot.get();
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(llvm::Triple(kTriple), error);
  if (!target)
    return nullptr;
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      target->createMCSubtargetInfo(llvm::Triple(kTriple), "", ""));
  if (!info || !info->isCPUStringValid(arch)) {
    error = "'" + arch + "' is not a CUDA compute capability LLVM knows (sm_75, sm_80, sm_90, ...)";
    c->machines.erase(arch);
    return nullptr;
  }
  const llvm::Triple triple(kTriple);
  const std::string features = ptx_features(arch);
  // A multiply feeding an add contracts into one fma, as with nvcc (whose
  // --fmad=true is the default) and numba-cuda (NVVM's default -fma=1):
  // kernels round as theirs do, and a tiled matmul's inner loop is half the
  // instructions. Otherwise NVPTX writes mul.rn/add.rn, which ptxas may not fuse.
  llvm::TargetOptions options;
  options.AllowFPOpFusion = llvm::FPOpFusion::Fast;
  slot.reset(target->createTargetMachine(triple, arch, features, options, std::nullopt,
                                         std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!slot)
    error = "LLVM cannot create an NVPTX target machine for " + arch;
  return slot.get();
}

void set_target_attributes(llvm::Module &m, const std::string &arch) {
  for (llvm::Function &f : m)
    if (!f.isDeclaration()) {
      f.addFnAttr("target-cpu", arch);
      f.addFnAttr("target-features", ptx_features(arch));
    }
}

} // namespace

Codegen *create_codegen(const std::string &arch, const std::string &libdevice) {
  static std::once_flag init;
  std::call_once(init, [] {
    LLVMInitializeNVPTXTargetInfo();
    LLVMInitializeNVPTXTarget();
    LLVMInitializeNVPTXTargetMC();
    LLVMInitializeNVPTXAsmPrinter();
  });
  auto c = std::make_unique<Codegen>();
  c->arch = arch;
  c->libdevice = libdevice;
  std::string error;
  llvm::TargetMachine *tm = machine_for(c.get(), arch, error);
  if (!tm)
    return nullptr;
  c->layout = tm->createDataLayout().getStringRepresentation();
  return c.release();
}

void destroy_codegen(Codegen *c) { delete c; }
const char *nvptx_data_layout(Codegen *c) { return c->layout.c_str(); }

void set_default_arch(Codegen *c, const std::string &arch) {
  std::lock_guard<std::mutex> lock(c->mutex);
  c->arch = arch;
}

std::string default_arch(Codegen *c) {
  std::lock_guard<std::mutex> lock(c->mutex);
  return c->arch;
}

// --- optimize ----------------------------------------------------------------------

namespace {

/// Links the libdevice functions `m` calls (`__nv_sin`, ...) into it.
bool link_libdevice(Codegen *c, llvm::Module &m, std::string &error) {
  bool needed = false;
  for (llvm::Function &f : m)
    needed = needed || (f.isDeclaration() && f.getName().starts_with("__nv_"));
  if (!needed)
    return true;
  if (c->libdevice.empty()) {
    error = "libdevice.10.bc was not found (set CUDA_HOME to the CUDA toolkit), so math "
            "functions cannot be compiled for the GPU";
    return false;
  }
  auto buffer = llvm::MemoryBuffer::getFile(c->libdevice);
  if (!buffer) {
    error = "cannot read " + c->libdevice + ": " + buffer.getError().message();
    return false;
  }
  auto lib = llvm::parseBitcodeFile((*buffer)->getMemBufferRef(), m.getContext());
  if (!lib) {
    error = "cannot parse " + c->libdevice + ": " + llvm::toString(lib.takeError());
    return false;
  }
  (*lib)->setTargetTriple(m.getTargetTriple());
  (*lib)->setDataLayout(m.getDataLayout());
  if (llvm::Linker::linkModules(m, std::move(*lib), llvm::Linker::Flags::LinkOnlyNeeded)) {
    error = "cannot link " + c->libdevice;
    return false;
  }
  return true;
}

/// The pointers a kernel takes out of its by-value arguments (an array's
/// data, docs/plugin-abi.md) point into global memory: a round trip
/// through the global address space says so, and the backend's
/// InferAddressSpaces (run when PTX is emitted, after the optimizer that
/// would fold the casts away) turns their loads and stores into ld.global
/// and st.global.
void mark_global_pointers(llvm::Module &m) {
  auto *global = llvm::PointerType::get(m.getContext(), 1);
  for (llvm::Function &f : m) {
    if (f.isDeclaration() || f.getCallingConv() != llvm::CallingConv::PTX_Kernel)
      continue;
    for (llvm::Argument &a : f.args()) {
      if (!a.getType()->isStructTy())
        continue;
      std::vector<llvm::ExtractValueInst *> pointers;
      for (llvm::User *u : a.users())
        if (auto *ev = llvm::dyn_cast<llvm::ExtractValueInst>(u);
            ev && ev->getType()->isPointerTy() && ev->getType()->getPointerAddressSpace() == 0)
          pointers.push_back(ev);
      for (llvm::ExtractValueInst *ev : pointers) {
        llvm::IRBuilder<> b(ev->getNextNode());
        llvm::Value *in_global = b.CreateAddrSpaceCast(ev, global);
        llvm::Value *generic = b.CreateAddrSpaceCast(in_global, ev->getType());
        ev->replaceUsesWithIf(generic, [&](llvm::Use &u) { return u.getUser() != in_global; });
      }
    }
  }
}

/// Answers libdevice's __nvvm_reflect("__CUDA_PREC_SQRT") (LLVM's NVVMReflect
/// only reads __CUDA_FTZ and __CUDA_ARCH from the module): 1, the correctly
/// rounded division and square root (sqrt.rn.f32, as nvcc and Numba give
/// without fastmath), or 0 under fastmath (the approximations).
void answer_prec_sqrt(llvm::Module &m, bool precise) {
  llvm::Function *reflect = m.getFunction("__nvvm_reflect");
  if (!reflect)
    return;
  std::vector<llvm::CallInst *> answered;
  for (llvm::User *u : reflect->users()) {
    auto *call = llvm::dyn_cast<llvm::CallInst>(u);
    if (!call || call->arg_size() != 1)
      continue;
    auto *g = llvm::dyn_cast<llvm::GlobalVariable>(
        call->getArgOperand(0)->stripPointerCasts());
    auto *text = g && g->hasInitializer()
                     ? llvm::dyn_cast<llvm::ConstantDataSequential>(g->getInitializer())
                     : nullptr;
    if (text && text->isCString() && text->getAsCString() == "__CUDA_PREC_SQRT")
      answered.push_back(call);
  }
  for (llvm::CallInst *call : answered) {
    call->replaceAllUsesWith(llvm::ConstantInt::get(call->getType(), precise ? 1 : 0));
    call->eraseFromParent();
  }
}

} // namespace

PyriteStatus optimize(Codegen *c, const PyriteOptimizeArgs *args, std::string &error) {
  std::lock_guard<std::mutex> lock(c->mutex);
  llvm::Module &m = *llvm::unwrap(args->module);
  // Kernels keep external linkage and take the PTX kernel convention; every
  // other definition (libdevice's too) is internal, so what no kernel calls
  // vanishes.
  if (!link_libdevice(c, m, error))
    return PYRITE_ERROR;
  for (llvm::Function &f : m) {
    if (f.isDeclaration())
      continue;
    if (f.hasFnAttribute("pyrite-kernel")) {
      f.setCallingConv(llvm::CallingConv::PTX_Kernel);
      f.setLinkage(llvm::GlobalValue::ExternalLinkage);
    } else {
      f.setLinkage(llvm::GlobalValue::InternalLinkage);
    }
  }
  for (llvm::GlobalVariable &g : m.globals())
    if (!g.isDeclaration())
      g.setLinkage(llvm::GlobalValue::InternalLinkage);
  // libdevice asks __nvvm_reflect("__CUDA_FTZ"): flush denormals only under fastmath.
  m.addModuleFlag(llvm::Module::Override, "nvvm-reflect-ftz",
                  args->fastmath == PYRITE_FASTMATH_ALL ? 1 : 0);
  answer_prec_sqrt(m, args->fastmath != PYRITE_FASTMATH_ALL);
  set_target_attributes(m, c->arch);
  llvm::TargetMachine *tm = machine_for(c, c->arch, error);
  if (!tm)
    return PYRITE_ERROR;
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(tm); // (registers NVPTX's own passes: NVVMReflect, ...)
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  static const llvm::OptimizationLevel levels[] = {
      llvm::OptimizationLevel::O0, llvm::OptimizationLevel::O1, llvm::OptimizationLevel::O2,
      llvm::OptimizationLevel::O3};
  uint32_t level = std::min(args->opt_level, 3u);
  llvm::ModulePassManager mpm = level == 0
                                    ? pb.buildO0DefaultPipeline(llvm::OptimizationLevel::O0)
                                    : pb.buildPerModuleDefaultPipeline(levels[level]);
  mpm.run(m, mam);
  mark_global_pointers(m);
  return PYRITE_OK;
}

// --- emit --------------------------------------------------------------------------

namespace {

/// Runs `argv` without a shell; its exit status, or -1.
int run(const std::vector<std::string> &argv, const std::string &log) {
  std::vector<char *> args;
  for (const std::string &a : argv)
    args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
    return -1;
  return WEXITSTATUS(status);
}

std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// A cubin for `arch` from PTX text, assembled by ptxas.
bool assemble(const std::string &ptx, const std::string &arch, std::string &cubin,
              std::string &error) {
  std::string ptxas = find_ptxas();
  if (ptxas.empty()) {
    error = "ptxas was not found (set CUDA_HOME or PYRITE_PTXAS): cannot build a cubin";
    return false;
  }
  char dir_template[] = "/tmp/pyrite-ptxas-XXXXXX";
  if (!mkdtemp(dir_template)) {
    error = "cannot create a temporary directory";
    return false;
  }
  std::string dir = dir_template, in = dir + "/code.ptx", out = dir + "/code.cubin",
              log = dir + "/ptxas.log";
  std::ofstream(in, std::ios::binary).write(ptx.data(), std::streamsize(ptx.size()));
  int rc = run({ptxas, "-arch=" + arch, "-o", out, in}, log);
  if (rc == 0)
    cubin = read_file(out);
  else
    error = "ptxas failed for " + arch + ": " + read_file(log).substr(0, 2000);
  for (const std::string &f : {in, out, log})
    unlink(f.c_str());
  rmdir(dir.c_str());
  return rc == 0;
}

void give(std::string bytes, PyriteBuffer *out) {
  auto *owned = new std::string(std::move(bytes));
  out->data = owned->data();
  out->size = owned->size();
  out->opaque = owned;
  out->release = [](PyriteBuffer *self) {
    delete static_cast<std::string *>(self->opaque);
    self->data = nullptr;
    self->size = 0;
  };
}

} // namespace

PyriteStatus emit(Codegen *c, PyriteEmitArgs *args, std::string &error) {
  if (!args->out) {
    error = "emit: no output buffer";
    return PYRITE_ERROR;
  }
  PyriteArtifactKind kind = args->kind;
  if (kind != PYRITE_ARTIFACT_OBJECT && kind != PYRITE_ARTIFACT_ASSEMBLY &&
      kind != PYRITE_ARTIFACT_SHARED_OBJECT) {
    error = "the CUDA target emits PTX (object, assembly) and cubins (shared object), not "
            "artifact kind " + std::to_string(int(kind));
    return PYRITE_UNSUPPORTED;
  }
  std::string ptx, arch;
  {
    std::lock_guard<std::mutex> lock(c->mutex);
    arch = args->cpu ? args->cpu : c->arch;
    if (!valid_arch(arch)) {
      error = "'" + arch + "' is not a CUDA compute capability (sm_75, sm_80, sm_90, ...)";
      return PYRITE_UNSUPPORTED;
    }
    llvm::TargetMachine *tm = machine_for(c, arch, error);
    if (!tm)
      return PYRITE_UNSUPPORTED;
    // Code generation rewrites IR; the module is not ours: emit a copy.
    std::unique_ptr<llvm::Module> copy = llvm::CloneModule(*llvm::unwrap(args->module));
    set_target_attributes(*copy, arch);
    llvm::SmallVector<char, 0> buffer;
    llvm::raw_svector_ostream os(buffer);
    llvm::legacy::PassManager pm;
    if (tm->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::AssemblyFile)) {
      error = "LLVM cannot emit PTX for " + arch;
      return PYRITE_ERROR;
    }
    pm.run(*copy);
    ptx.assign(buffer.begin(), buffer.end());
  }
  if (kind == PYRITE_ARTIFACT_SHARED_OBJECT) {
    std::string cubin;
    if (!assemble(ptx, arch, cubin, error))
      return PYRITE_ERROR;
    give(std::move(cubin), args->out);
    return PYRITE_OK;
  }
  if (kind == PYRITE_ARTIFACT_OBJECT)
    ptx.push_back('\0'); // cuModuleLoadData reads PTX up to its NUL
  give(std::move(ptx), args->out);
  return PYRITE_OK;
}

} // namespace pyrite::cuda
