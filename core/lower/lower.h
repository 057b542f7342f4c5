//===- lower/lower.h - typed IR -> LLVM IR (LLVM-free interface) ----------===//
//
/// \file
/// Builds one LLVM module per compilation. This header keeps LLVM's C++
/// headers out of its includers: the module crosses as an LLVM-C handle, the
/// form the plugin ABI uses.
///
/// Calling convention of every lowered function:
///   i32 @sym(ptr %ret, <args by value>)   -> 0 ok, 1 exception raised
/// and of the C-callable entry the dispatcher calls:
///   i32 @sym.entry(ptr %ret, ptr %args)   where args[k] points at argument k
//
//===----------------------------------------------------------------------===//
#pragma once

#include "typing/typer.h"

#include <llvm-c/Types.h>
#include <pyrite/plugin.h>

#include <memory>
#include <tuple>
#include <string>
#include <vector>

namespace pyrite::lower {

/// What lowering needs to know about the target (from its plugin).
struct TargetInfo {
  std::string triple;
  std::string data_layout;
  /// PYRITE_CAP_PARALLEL_REGIONS: the runtime runs prange loops on threads
  /// (pyrite_rt_parallel_for); without it they run serially.
  bool parallel_regions = false;
  /// The target's parent is "gpu": kernels, shared memory, no host runtime.
  bool gpu = false;
  /// PyriteTargetDesc::shared_address_space (cuda.shared.array's storage).
  unsigned shared_address_space = 0;
  /// PyriteTargetDesc::global_address_space (device memory: a kernel's error record).
  unsigned global_address_space = 0;
  /// (math function, "float32"/"float64") -> symbol the target provides.
  std::vector<std::tuple<std::string, std::string, std::string>> math_symbols;
  /// The target's intrinsics: name -> its plugin's lowering callback.
  struct Intrinsic {
    std::string name;
    PyriteLowerIntrinsicFn lower = nullptr;
    void *plugin_state = nullptr;
  };
  std::vector<Intrinsic> intrinsics;
  bool has_intrinsic(const std::string &name) const {
    for (const Intrinsic &in : intrinsics)
      if (in.name == name)
        return true;
    return false;
  }
};

struct Options {
  uint32_t fastmath = 0; ///< PYRITE_FASTMATH_* flags put on floating-point operations
  bool boundscheck = false;
  /// error_model='numpy': division by zero gives inf/nan (floats) or 0
  /// (integers) instead of raising ZeroDivisionError, as in Numba.
  bool numpy_errors = false;
  /// parallel=True: prange loops run as parallel regions (the function's
  /// own option, TypedFunction::parallel, is what lowering reads).
  bool parallel = false;
  /// GPU kernels (@cuda.jit(debug=True) or boundscheck=True): the first
  /// exception a thread raises, bounds checks' included, is written to an
  /// error record whose address the launch passes as a hidden last
  /// parameter, and the launcher raises it (lower/lower_kernel_errors.cpp).
  /// Without it a raising thread just ends, as in numba.cuda.
  bool kernel_errors = false;
};

/// A NumPy ufunc inner loop over a compiled kernel (@vectorize,
/// @guvectorize): `void loop(char **args, npy_intp const *dims, npy_intp
/// const *steps, void *data)`, the signature of NumPy's PyUFuncGenericFunction.
struct UfuncLoop {
  bool parallel = false; ///< target='parallel': the outer loop split over threads
  bool gufunc = false;
  /// For a gufunc, per operand (inputs, then outputs), the indices of its
  /// core dimensions in NumPy's order (dims[1 + k], the signature's distinct
  /// names in order of first appearance).
  std::vector<std::vector<int>> core_dims;
  int nin = 0; ///< operands that are inputs; a gufunc's others are outputs
};

class ModuleBuilder {
public:
  ModuleBuilder(const std::string &module_name, const TargetInfo &target,
                const Options &options);
  ~ModuleBuilder();
  ModuleBuilder(const ModuleBuilder &) = delete;
  ModuleBuilder &operator=(const ModuleBuilder &) = delete;

  /// Lowers `fn` and every @jit function it calls, plus its C entry, named
  /// `entry_name` (default: the function's symbol + ".entry").
  /// Returns the entry's symbol name.
  std::string add_entry(const typing::TypedFunction &fn, const std::string &entry_name = "");

  /// A C-ABI entry for `fn` (a @cfunc): `ret name(args...)` with numbers
  /// passed and returned by value. An exception cannot reach a C caller: it
  /// is reported on stderr and the result is zero. Throws CompileError when
  /// a parameter or the result is not a number.
  void add_c_entry(const typing::TypedFunction &fn, const std::string &name);

  /// A GPU kernel entry named `name` for `fn`: `void name(args...)` with
  /// the arguments by value (arrays as their structs), carrying the
  /// "pyrite-kernel" attribute the target's plugin turns into its kernel
  /// convention. Throws CompileError when `fn` returns a value (a kernel
  /// returns nothing, as in Numba).
  void add_kernel(const typing::TypedFunction &fn, const std::string &name);

  /// The names of the functions the module calls but does not define,
  /// other than LLVM's intrinsics and `allowed_prefix` ones (a GPU module's
  /// leftovers of the host runtime), for a clear error.
  std::vector<std::string> undefined_calls(const std::string &allowed_prefix) const;

  /// Where each of those is first reached from a kernel's own code, before
  /// optimization (lowering marks a GPU function's instructions with their
  /// source lines): the function's name, the kernel's, and the line.
  struct RuntimeUse {
    std::string function, kernel;
    int line = -1;
  };
  std::vector<RuntimeUse> runtime_uses(const std::string &allowed_prefix) const;

  /// A NumPy inner loop named `name` calling `kernel` per element (or, for a
  /// gufunc, per core block: array operands as views of their core
  /// dimensions, scalar ones as values; outputs are written by the kernel)
  /// (lower/lower_ufunc.cpp). When the kernel raises, the loop stops and
  /// hands the exception to pyrite_rt_ufunc_error (which sets it as the
  /// Python exception). Throws CompileError for parameters it cannot pass.
  void add_ufunc_loop(const typing::TypedFunction &kernel, const std::string &name,
                      const UfuncLoop &spec);

  /// Links the runtime bitcode the lowered code uses (refcounts, RNG, Python
  /// arithmetic helpers) and makes it internal so it inlines. With
  /// `standalone`, also the host half (allocation, errors, RNG state) for a
  /// shared object that runs without pyrite (see runtime/rt_aot.c).
  void link_runtime(bool standalone = false);

  /// Gives internal linkage to every definition but `keep` (and the
  /// pyrite_aot_* API), so a shared object exports only its entries.
  void internalize_except(const std::vector<std::string> &keep);

  /// Checks the module; throws std::logic_error with LLVM's report if broken.
  void verify();

  /// A builder over a module parsed from textual IR (for re-emitting).
  static std::unique_ptr<ModuleBuilder> parse_ir(const std::string &text);

  LLVMModuleRef module();
  std::string print() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace pyrite::lower
