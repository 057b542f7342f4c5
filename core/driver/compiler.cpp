//===- driver/compiler.cpp - runs the stages and times them ---------------===//
#include "driver/compiler.h"

#include "support/diagnostics.h"

#include <atomic>
#include <cctype>
#include <chrono>

namespace pyrite::driver {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// A process-unique symbol for one specialization of a Python function.
std::string make_symbol(const std::string &qualname) {
  static std::atomic<uint64_t> counter{0};
  std::string s;
  for (char c : qualname)
    s += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  return "pyrite." + s + "$" + std::to_string(++counter);
}

} // namespace

lower::TargetInfo target_info(const host::LoadedPlugin &p) {
  lower::TargetInfo info;
  info.triple = p.table->target->triple;
  info.data_layout = p.table->target->data_layout;
  info.parallel_regions = (p.table->target->capabilities & PYRITE_CAP_PARALLEL_REGIONS) != 0;
  info.gpu = p.parent == "gpu";
  info.shared_address_space = p.table->target->shared_address_space;
  info.global_address_space = p.table->target->global_address_space;
  for (uint32_t k = 0; k < p.table->num_intrinsics; ++k) {
    const PyriteIntrinsic &in = host::element(p.table->intrinsics, k);
    info.intrinsics.push_back({in.python_name, in.lower, p.state()});
  }
  for (uint32_t k = 0; k < p.table->num_math; ++k) {
    const PyriteMathMapping &m = host::element(p.table->math, k);
    info.math_symbols.emplace_back(m.function, m.type, m.symbol);
  }
  return info;
}

[[noreturn]] void plugin_failed(const host::LoadedPlugin &p, const std::string &what) {
  throw std::runtime_error("target plugin '" + p.name + "' (" + p.path + ") failed to " +
                           what + ": " + p.last_error());
}

void optimize_module(const host::LoadedPlugin &p, LLVMModuleRef module, uint32_t opt_level,
                     uint32_t fastmath) {
  PyriteOptimizeArgs args{};
  args.struct_size = sizeof args;
  args.module = module;
  args.opt_level = opt_level;
  args.fastmath = fastmath;
  if (p.table->codegen->optimize(p.state(), &args) != PYRITE_OK)
    plugin_failed(p, "optimize");
}

std::string emit_artifact(const host::LoadedPlugin &p, LLVMModuleRef module,
                          PyriteArtifactKind kind, const std::string &to, const std::string &cpu) {
  PyriteBuffer out{sizeof(PyriteBuffer), nullptr, 0, nullptr, nullptr};
  PyriteEmitArgs args{};
  args.struct_size = sizeof args;
  args.module = module;
  args.kind = kind;
  args.cpu = cpu.empty() ? nullptr : cpu.c_str();
  args.out = &out;
  if (p.table->codegen->emit(p.state(), &args) != PYRITE_OK)
    plugin_failed(p, to);
  std::string bytes(static_cast<const char *>(out.data), out.size);
  if (out.release)
    out.release(&out);
  return bytes;
}

std::shared_ptr<typing::TypedFunction>
type_function(const frontend::CodeObject &code, const std::vector<const Type *> &arg_types,
              typing::Resolver &resolver, const Type *declared_return, StageTimes &times) {
  auto start = Clock::now();
  ir::Function fn = frontend::build_ir(code);
  fn.declared_locals = code.declared_locals;
  // What this signature decides before typing: `arg is None` tests (their
  // branches not taken go), then one local per web of each variable.
  std::vector<std::optional<bool>> arg_is_none;
  for (const Type *t : arg_types)
    arg_is_none.push_back(!t || t->is_optional() ? std::nullopt
                                                 : std::optional<bool>(t->kind == TypeKind::None));
  if (ir::fold_argument_none_tests(fn, arg_is_none) && ir::fold_constant_branches(fn))
    ir::canonicalize_cfg(fn);
  ir::unroll_literal_loops(fn, arg_types,
                           [&](const std::string &name) { return resolver.global(name).type; });
  ir::raise_at_unbound_loads(fn); // on Python's names: `del x` kills every store to x
  ir::split_locals(fn);
  times.frontend = seconds_since(start);
  start = Clock::now();
  auto typed = typing::infer_types(std::move(fn), arg_types, resolver);
  if (declared_return && declared_return != typed->types.return_type) {
    const Type *inferred = typed->types.return_type;
    bool convertible = (inferred->is_number() && declared_return->is_number()) ||
                       types::unify(inferred, declared_return) == declared_return;
    if (!convertible)
      typing_error("the function returns " + inferred->display +
                       ", which cannot be converted to the declared " + declared_return->display,
                   {code.bytes.first_line, -1, -1, -1});
    typed->types.return_type = declared_return;
  }
  typed->symbol = make_symbol(code.qualname);
  times.typing = seconds_since(start);
  return typed;
}

std::shared_ptr<CompiledFunction> compile(std::shared_ptr<const typing::TypedFunction> typed,
                                          const CompileOptions &options, StageTimes times) {
  const host::LoadedPlugin *plugin = host::PluginHost::instance().find(options.target);
  if (!plugin)
    throw std::runtime_error("no target plugin provides '" + options.target +
                             "' (see `python -m pyrite` for the plugins found)");
  auto out = std::make_shared<CompiledFunction>();
  out->typed = typed;
  out->plugin = plugin;

  auto start = Clock::now();
  lower::ModuleBuilder mb(typed->symbol, target_info(*plugin), options.lower);
  std::string entry_name = mb.add_entry(*typed);
  std::string c_entry_name = typed->symbol + ".cfunc";
  if (options.c_entry)
    mb.add_c_entry(*typed, c_entry_name);
  if (options.ufunc_loop)
    mb.add_ufunc_loop(*typed, c_entry_name, *options.ufunc_loop);
  mb.link_runtime();
  mb.verify();
  times.lowering = seconds_since(start);

  start = Clock::now();
  optimize_module(*plugin, mb.module(), options.opt_level, options.lower.fastmath);
  out->llvm_ir = mb.print();
  times.optimize = seconds_since(start);

  start = Clock::now();
  std::string object =
      emit_artifact(*plugin, mb.module(), PYRITE_ARTIFACT_OBJECT, "emit object code");
  times.codegen = seconds_since(start);

  start = Clock::now();
  const PyriteRuntime *rt = plugin->table->runtime;
  if (!rt || !rt->load) {
    std::string why = "target '" + plugin->name + "' cannot run code in this process";
    if (options.target != plugin->name) {
      // A family name ("cpu") fell back to a cross-compiling member: the
      // plugin for this machine is missing or was refused; say which.
      why = "no '" + options.target + "' target plugin that runs code in this process is "
            "loaded (the nearest is '" + plugin->name + "', which only cross-compiles)";
      for (const host::RefusedPlugin &r : host::PluginHost::instance().refused())
        why += "; refused: " + r.path + ": " + r.reason;
      throw std::runtime_error(why);
    }
    throw std::runtime_error(why + "; build a shared object for it with "
                                   "pyrite.aot.compile_for('" + plugin->name + "', ...)");
  }
  PyriteLoadArgs load{};
  load.struct_size = sizeof load;
  load.artifact = object.data();
  load.size = object.size();
  if (rt->load(plugin->state(), &load) != PYRITE_OK)
    plugin_failed(*plugin, "load object code");
  out->module = load.module;
  auto lookup = [&](const std::string &symbol) {
    PyriteLookupArgs args{};
    args.struct_size = sizeof args;
    args.module = out->module;
    args.symbol = symbol.c_str();
    if (rt->lookup(plugin->state(), &args) != PYRITE_OK)
      plugin_failed(*plugin, "find " + symbol);
    return args.address;
  };
  out->entry = lookup(entry_name);
  if (options.c_entry || options.ufunc_loop)
    out->c_entry = lookup(c_entry_name);
  times.load = seconds_since(start);
  out->times = times;
  return out;
}

std::string CompiledFunction::lowered_ir(const lower::Options &options) const {
  lower::ModuleBuilder mb(typed->symbol, target_info(*plugin), options);
  mb.add_entry(*typed);
  return mb.print();
}

std::string CompiledFunction::assembly() const {
  auto mb = lower::ModuleBuilder::parse_ir(llvm_ir);
  return emit_artifact(*plugin, mb->module(), PYRITE_ARTIFACT_ASSEMBLY, "emit assembly");
}

std::string print_types(const typing::TypedFunction &fn) {
  std::string args;
  for (size_t k = 0; k < fn.arg_types.size(); ++k)
    args += (k ? ", " : "") + fn.arg_types[k]->display;
  return "# " + fn.fn.qualname + " (" + args + ")\n" + ir::print(fn.fn, &fn.types);
}

} // namespace pyrite::driver
