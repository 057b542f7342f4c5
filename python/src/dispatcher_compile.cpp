//===- python/src/dispatcher_compile.cpp - typing and compiling specializations ===//
//
// A dispatcher's specializations: found by argument types, typed (also for
// another target, when a kernel calls the function), compiled once per
// signature across Python threads, and made callable (dispatcher_state.h).
//
//===----------------------------------------------------------------------===//
#include "dispatcher_state.h"

#include "compile_support.h"

#include "boxing.h"
#include "code_object.h"
#include "dispatcher.h"

#include "driver/compiler.h"
#include "support/diagnostics.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace pyrite::python {
namespace dispatch {

void ensure_code(State &s, PyObject *py_func) {
  if (s.code)
    return;
  s.code = code_object_of(py_func);
  s.code->declared_locals = s.declared_locals;
}

Overload *find_overload(State &s, const Type *const *types, Py_ssize_t n) {
  for (auto &ov : s.overloads) {
    bool match = true;
    for (Py_ssize_t k = 0; k < n && match; ++k)
      match = ov->arg_types[k] == types[k];
    if (match)
      return ov.get();
  }
  return nullptr;
}

Overload *find_compatible(State &s, const Type *const *types, Py_ssize_t n) {
  for (auto &ov : s.overloads) {
    bool match = true;
    for (Py_ssize_t k = 0; k < n && match; ++k) {
      const Type *want = ov->arg_types[k], *got = types[k];
      // A C array where any layout is declared; a writable array where a
      // read-only one is.
      match = want == got ||
              (want->is_array() && got->is_array() && want->dtype == got->dtype &&
               want->ndim == got->ndim && (want->layout == 'A' || want->layout == got->layout) &&
               (want->readonly || !got->readonly));
    }
    if (match)
      return ov.get();
  }
  return nullptr;
}

namespace {

std::unique_ptr<Overload> make_overload(std::shared_ptr<driver::CompiledFunction> compiled) {
  auto ov = std::make_unique<Overload>();
  ov->arg_types = compiled->typed->arg_types;
  ov->return_type = compiled->typed->types.return_type;
  ov->entry = reinterpret_cast<Overload::Entry>(compiled->entry);
  for (const Type *t : ov->arg_types) {
    Layout l = layout_of(t);
    ov->storage_size = (ov->storage_size + 15) / 16 * 16;
    ov->offsets.push_back(ov->storage_size);
    ov->storage_size += l.size;
    ov->owns_arguments = ov->owns_arguments || owns_memory(t);
  }
  ov->return_size = layout_of(ov->return_type).size;
  ov->compiled = std::move(compiled);
  return ov;
}

std::shared_ptr<const typing::TypedFunction> type_only(DispatcherObject *d,
                                                       const std::vector<const Type *> &types,
                                                       const std::string &target);

} // namespace
} // namespace dispatch

using namespace dispatch; // NOLINT: the dispatcher's own file

std::shared_ptr<const typing::TypedFunction> typed_callee(PyObject *callee,
                                                          const std::vector<const Type *> &args,
                                                          const std::string &target) {
  if (!PyObject_TypeCheck(callee, dispatcher_type)) {
    PyErr_SetString(PyExc_TypeError, "pyrite: callee is not a pyrite dispatcher");
    throw PythonError{};
  }
  auto *cd = reinterpret_cast<DispatcherObject *>(callee);
  if (Py_ssize_t(args.size()) != cd->state->argcount) {
    PyErr_Format(PyExc_TypeError, "%s() takes %zd arguments but %zu were given",
                 cd->state->code ? cd->state->code->qualname.c_str() : "function",
                 cd->state->argcount, args.size());
    throw PythonError{};
  }
  State &s = *cd->state;
  if (target != s.options.target) { // called from code for another target
    for (const auto &[t, typed] : s.typed_for_other_targets)
      if (t == target && typed->arg_types == args)
        return typed;
    auto typed = type_only(cd, args, target);
    if (!typed)
      throw PythonError{};
    if (!typed->calls_unfinished)
      s.typed_for_other_targets.emplace_back(target, typed);
    return typed;
  }
  if (Overload *ov = find_overload(s, args.data(), Py_ssize_t(args.size())))
    return ov->compiled->typed;
  for (const auto &t : s.typed_only)
    if (t->arg_types == args)
      return t;
  auto typed = type_only(cd, args, target);
  if (!typed)
    throw PythonError{};
  if (!typed->calls_unfinished) // (else typed again when needed on its own)
    s.typed_only.push_back(typed);
  return typed;
}

namespace dispatch {
namespace {

/// The options a function keeps wherever it is called from (inline=,
/// boundscheck=, error_model=, fastmath=), as Numba compiles each with its own flags.
void keep_own_options(const State &s, typing::TypedFunction &typed) {
  typed.always_inline = s.always_inline;
  typed.boundscheck = s.options.lower.boundscheck;
  typed.numpy_errors = s.options.lower.numpy_errors;
  typed.fastmath = s.options.lower.fastmath;
  typed.parallel = s.own_parallel;
}

/// Waits, the GIL released, while another Python thread compiles `types`
/// (the typing of a compile runs Python code, which lets other threads in);
/// true when this thread is compiling them already (recursion through
/// another function).
/// Compiles this thread is in the middle of, in any dispatcher.
thread_local int t_compiles_in_progress = 0;

bool compiling_here(State &s, const std::vector<const Type *> &types) {
  unsigned long me = PyThread_get_thread_ident();
  for (;;) {
    auto it = std::find_if(s.in_progress.begin(), s.in_progress.end(),
                           [&](const auto &p) { return p.first == types && p.second == me; });
    if (it != s.in_progress.end())
      return true;
    bool elsewhere = std::any_of(s.in_progress.begin(), s.in_progress.end(),
                                 [&](const auto &p) { return p.first == types; });
    // Waiting while this thread holds compiles of its own could wait on a
    // thread that waits on them (f and g calling each other, first called
    // from two threads): then it compiles its own copy instead.
    if (!elsewhere || t_compiles_in_progress > 0)
      return false;
    Py_BEGIN_ALLOW_THREADS
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    Py_END_ALLOW_THREADS
  }
}

/// Marks `types` in progress on this thread for the scope.
struct InProgress {
  State &s;
  std::vector<const Type *> types;
  unsigned long thread = PyThread_get_thread_ident();
  InProgress(State &state, const std::vector<const Type *> &t) : s(state), types(t) {
    s.in_progress.emplace_back(types, thread);
    ++t_compiles_in_progress;
  }
  ~InProgress() {
    --t_compiles_in_progress;
    auto it = std::find(s.in_progress.begin(), s.in_progress.end(), std::make_pair(types, thread));
    if (it != s.in_progress.end())
      s.in_progress.erase(it);
  }
};

/// Frontend and typing only (see State::typed_only); nullptr with a Python
/// error set on failure.
std::shared_ptr<const typing::TypedFunction> type_only(DispatcherObject *d,
                                                       const std::vector<const Type *> &types,
                                                       const std::string &target) {
  State &s = *d->state;
  if (compiling_here(s, types)) {
    set_internal_error("mutually recursive functions are not supported yet (" +
                       (s.code ? s.code->qualname : std::string("function")) + ")");
    return nullptr;
  }
  InProgress mark(s, types);
  try {
    ensure_code(s, d->py_func);
    PyResolver resolver(d->globals, typed_callee, target, reinterpret_cast<PyObject *>(d),
                        types);
    driver::StageTimes times;
    auto typed = driver::type_function(*s.code, types, resolver, nullptr, times);
    keep_own_options(s, *typed);
    return typed;
  } catch (const PythonError &) {
    return nullptr;
  } catch (const RecursionPending &) {
    throw; // the caller being typed tries again (diagnostics.h)
  } catch (const CompileError &e) {
    set_compile_error(*s.code, e.kind, e.what(), e.pos, types);
  } catch (const bytecode::DecodeError &e) {
    set_compile_error(*s.code, "UnsupportedError", e.what(), {}, types);
  } catch (const std::exception &e) {
    set_internal_error(e.what());
  }
  return nullptr;
}

/// A function Python calls must return what box() can make a Python object
/// of: found before anything runs, not when the result comes back.
void check_returnable(const State &s, const typing::TypedFunction &typed) {
  if (typed.types.return_type->is_generator())
    typing_error("this generator function was called from Python: pyrite's generators run "
                 "inside compiled code (for loops, list(), sum(), ...), where Numba would "
                 "also give Python a generator object; call it from an @njit function",
                 {s.code ? s.code->bytes.first_line : -1, -1, -1, -1});
  if (!can_box(typed.types.return_type))
    typing_error("cannot return a value of type " + typed.types.return_type->display +
                     " to Python (numbers, bool, None, str, arrays, lists and tuples of "
                     "these, and Optional values of them, can be returned)",
                 {s.code ? s.code->bytes.first_line : -1, -1, -1, -1});
}

} // namespace

/// Compiles the typed-only specializations to machine code of their own
/// (what Python calls and Numba's inspection API need); false with a Python
/// error set on failure.
bool promote_typed(State &s) {
  while (!s.typed_only.empty()) {
    auto typed = s.typed_only.front();
    s.typed_only.erase(s.typed_only.begin()); // a failure is not retried
    try {
      check_returnable(s, *typed);
      driver::StageTimes times;
      s.overloads.push_back(make_overload(driver::compile(typed, s.options, times)));
    } catch (const CompileError &e) {
      if (s.code)
        set_compile_error(*s.code, e.kind, e.what(), e.pos, typed->arg_types);
      else
        set_internal_error(e.what());
      return false;
    } catch (const std::exception &e) {
      set_internal_error(e.what());
      return false;
    }
  }
  return true;
}

Overload *compile(DispatcherObject *d, const std::vector<const Type *> &types,
                  const Type *declared_return, bool c_entry,
                  const std::optional<lower::UfuncLoop> &ufunc_loop) {
  State &s = *d->state;
  c_entry = c_entry || ufunc_loop; // an entry of its own: a fresh compile
  if (!declared_return && !c_entry)
    for (const auto &t : s.typed_only)
      if (t->arg_types == types) {
        if (!promote_typed(s))
          return nullptr;
        return find_overload(s, types.data(), Py_ssize_t(types.size()));
      }
  if (compiling_here(s, types)) {
    // A function calling itself is typed by the typer (is_current); this
    // is recursion through another function.
    set_internal_error("mutually recursive functions are not supported yet (" +
                       (s.code ? s.code->qualname : std::string("function")) + ")");
    return nullptr;
  }
  // Another thread may have compiled it while this one waited.
  if (!declared_return && !c_entry)
    if (Overload *ov = find_overload(s, types.data(), Py_ssize_t(types.size())))
      return ov;
  InProgress mark(s, types);
  try {
    if (!ensure_plugins(s.options.target))
      return nullptr;
    ensure_code(s, d->py_func);
    PyResolver resolver(d->globals, typed_callee, s.options.target,
                        reinterpret_cast<PyObject *>(d), types);
    driver::StageTimes times;
    auto typed = driver::type_function(*s.code, types, resolver, declared_return, times);
    if (!c_entry)
      check_returnable(s, *typed);
    keep_own_options(s, *typed);
    driver::CompileOptions options = s.options;
    options.c_entry = c_entry && !ufunc_loop;
    options.ufunc_loop = ufunc_loop;
    auto compiled = driver::compile(typed, options, times);
    s.overloads.push_back(make_overload(std::move(compiled)));
    return s.overloads.back().get();
  } catch (const PythonError &) {
    return nullptr;
  } catch (const CompileError &e) {
    set_compile_error(*s.code, e.kind, e.what(), e.pos, types);
  } catch (const bytecode::DecodeError &e) {
    set_compile_error(*s.code, "UnsupportedError", e.what(), {}, types);
  } catch (const std::exception &e) {
    set_internal_error(e.what());
  }
  return nullptr;
}

} // namespace dispatch
} // namespace pyrite::python
