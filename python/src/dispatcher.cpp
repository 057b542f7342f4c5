//===- python/src/dispatcher.cpp - the C++ half of @njit functions --------===//
//
// DispatcherBase is a CPython type with vectorcall. Its call path is:
//   typeof each argument (interned Type pointers) -> linear search of the
//   specializations -> unbox into a stack buffer -> call the native entry ->
//   box the result (or raise the pending exception).
// Misses compile through the core (dispatcher_compile.cpp); keyword
// arguments, defaults and explicit signatures fall back to
// Dispatcher._call_slow in Python.
//
//===----------------------------------------------------------------------===//
#include "dispatcher.h"
#include "dispatcher_state.h"
#include "passes/parallel_loops.h"

#include "compile_support.h"

#include "boxing.h"
#include "code_object.h"
#include "type_bridge.h"
#include "typeof.h"

#include "driver/aot.h"
#include "driver/compiler.h"
#include "runtime/pyrite_rt.h"
#include "runtime/rt_host.h"
#include "support/diagnostics.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

#include <structmember.h>

namespace pyrite::python {

PyTypeObject *dispatch::dispatcher_type = nullptr;
using namespace dispatch; // NOLINT: this file is the dispatcher

namespace {

constexpr Py_ssize_t kMaxArgs = 32;
constexpr size_t kStackBytes = 2048;

} // namespace

const Type *typeof_dispatcher(PyObject *obj) {
  if (!dispatcher_type || !PyObject_TypeCheck(obj, dispatcher_type))
    return nullptr;
  // One type per object, found again on every call (the call path). The
  // type holds the object's address: the object is kept alive for as long as
  // the type (the process), so no other object reuses the address.
  static std::map<PyObject *, const Type *> known;
  if (auto it = known.find(obj); it != known.end())
    return it->second;
  Py_INCREF(obj);
  PyObject *name = PyObject_GetAttrString(obj, "__name__");
  const char *text = name && PyUnicode_Check(name) ? PyUnicode_AsUTF8(name) : "?";
  const Type *t = types::dispatcher(obj, text ? text : "?");
  Py_XDECREF(name);
  PyErr_Clear();
  return known[obj] = t;
}

// --- errors -------------------------------------------------------------------

/// Turns the exception compiled code recorded into a Python exception.
PyObject *raise_pending() {
  std::string cls, message;
  if (!runtime::take_error(cls, message)) {
    PyErr_SetString(PyExc_SystemError, "pyrite: compiled code failed without an exception");
    return nullptr;
  }
  PyObject *type = nullptr; // borrowed, or owned when imported
  PyObject *owned = nullptr;
  size_t dot = cls.rfind('.');
  if (dot == std::string::npos) {
    type = PyDict_GetItemString(PyEval_GetBuiltins(), cls.c_str());
  } else if (PyObject *module = PyImport_ImportModule(cls.substr(0, dot).c_str())) {
    type = owned = PyObject_GetAttrString(module, cls.c_str() + dot + 1);
    Py_DECREF(module);
  }
  if (!type) {
    PyErr_Clear();
    type = PyExc_RuntimeError;
  }
  if (message.empty()) {
    PyErr_SetNone(type);
  } else if (message[0] == PYRITE_INT_ARGUMENT) { // the one argument, an int
    PyObject *value = PyLong_FromString(message.c_str() + 1, nullptr, 10);
    if (value) {
      PyErr_SetObject(type, value);
      Py_DECREF(value);
    }
  } else {
    PyErr_SetString(type, message.c_str());
  }
  Py_XDECREF(owned);
  return nullptr;
}

namespace {

// --- calling --------------------------------------------------------------------------

/// When argument k is a Python list already passed as an earlier argument,
/// gives it the same native list (one more reference), so that changes
/// made through either are one list's, written back once.
/// f(x, x) of a list, dict or set x: argument k shares the native value
/// unboxed for an earlier argument (one more reference to each of its
/// lists), so changes through either are one object's, written back once.
bool share_argument(PyObject *const *args, size_t k, const Overload &ov, void **ptrs) {
  const Type *t = ov.arg_types[k];
  for (size_t j = 0; j < k; ++j) {
    if (args[j] != args[k] || ov.arg_types[j] != t)
      continue;
    size_t lists = t->is_table() ? data_model::kDictParts : 1;
    std::memcpy(ptrs[k], ptrs[j], lists * sizeof(data_model::ListHeader));
    for (size_t p = 0; p < lists; ++p) {
      data_model::ListHeader h;
      std::memcpy(&h, static_cast<char *>(ptrs[j]) + p * sizeof h, sizeof h);
      __atomic_add_fetch(&static_cast<PyriteMemInfo *>(h.meminfo)->refcount, 1,
                         __ATOMIC_RELAXED);
    }
    return true;
  }
  return false;
}

PyObject *invoke(const Overload &ov, PyObject *const *args, bool nogil) {
  alignas(16) unsigned char arg_stack[kStackBytes];
  alignas(16) unsigned char ret_stack[kStackBytes];
  std::unique_ptr<unsigned char[]> arg_heap, ret_heap;
  unsigned char *arg_buf = arg_stack, *ret_buf = ret_stack;
  if (ov.storage_size > kStackBytes) {
    arg_heap.reset(new unsigned char[ov.storage_size + 16]);
    arg_buf = arg_heap.get();
  }
  if (ov.return_size > kStackBytes) {
    ret_heap.reset(new unsigned char[ov.return_size + 16]);
    ret_buf = ret_heap.get();
  }
  void *ptrs[kMaxArgs];
  size_t n = ov.arg_types.size();
  // Lists are unboxed into native copies: written back and released after
  // the call, whatever happens (the first `unboxed` arguments exist).
  size_t unboxed = 0;
  auto release_arguments = [&]() {
    bool ok = true;
    if (ov.owns_arguments)
      for (size_t k = 0; k < unboxed; ++k)
        if (owns_memory(ov.arg_types[k]))
          ok = release_argument(ptrs[k], ov.arg_types[k]) && ok;
    return ok;
  };
  for (size_t k = 0; k < n; ++k) {
    ptrs[k] = arg_buf + ov.offsets[k];
    if (ov.owns_arguments && (ov.arg_types[k]->is_list() || ov.arg_types[k]->is_table()) &&
        share_argument(args, k, ov, ptrs)) {
      unboxed = k + 1; // f(x, x): one native value for one Python object
      continue;
    }
    if (!unbox(args[k], ov.arg_types[k], ptrs[k])) {
      release_arguments();
      release_replaced_items();
      return nullptr;
    }
    unboxed = k + 1;
  }
  int32_t status;
  if (nogil) {
    // Compiled code touches no Python object (print() takes the GIL itself;
    // errors and RNG states are per thread, refcounts atomic).
    Py_BEGIN_ALLOW_THREADS
    status = ov.entry(ret_buf, ptrs);
    Py_END_ALLOW_THREADS
  } else {
    status = ov.entry(ret_buf, ptrs);
  }
  if (status != 0) {
    PyObject *none = raise_pending();
    if (ov.owns_arguments) { // the changes made before the exception still show
      PyObject *type, *value, *traceback;
      PyErr_Fetch(&type, &value, &traceback);
      release_arguments();
      release_replaced_items();
      PyErr_Restore(type, value, traceback);
    }
    return none;
  }
  PyObject *result = box(ret_buf, ov.return_type);
  if (!release_arguments())
    Py_CLEAR(result);
  if (ov.owns_arguments) // only list arguments are written back
    release_replaced_items();
  return result;
}

PyObject *call_slow(PyObject *self, PyObject *const *args, Py_ssize_t n, PyObject *kwnames) {
  PyObject *tuple = PyTuple_New(n);
  if (!tuple)
    return nullptr;
  for (Py_ssize_t k = 0; k < n; ++k) {
    Py_INCREF(args[k]);
    PyTuple_SET_ITEM(tuple, k, args[k]);
  }
  PyObject *kwargs = PyDict_New();
  if (kwnames)
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(kwnames); ++k)
      PyDict_SetItem(kwargs, PyTuple_GET_ITEM(kwnames, k), args[n + k]);
  PyObject *result = PyObject_CallMethod(self, "_call_slow", "OO", tuple, kwargs);
  Py_DECREF(tuple);
  Py_DECREF(kwargs);
  return result;
}

/// Calls with one argument per parameter, in order. Returns nullptr without
/// an exception set when the arguments need the slow path (a type pyrite
/// has no name for, or no compatible specialization).
PyObject *call_exact(DispatcherObject *d, PyObject *const *args, Py_ssize_t n, bool &handled) {
  State &s = *d->state;
  handled = false;
  if (n != s.argcount || n > kMaxArgs)
    return nullptr;
  const Type *types[kMaxArgs];
  for (Py_ssize_t k = 0; k < n; ++k)
    if (!(types[k] = typeof_value(args[k])))
      return nullptr;
  Overload *ov = find_overload(s, types, n);
  if (!ov && !s.can_compile)
    ov = find_compatible(s, types, n);
  handled = ov || s.can_compile;
  if (!ov && s.can_compile)
    ov = compile(d, std::vector<const Type *>(types, types + n), nullptr);
  return ov ? invoke(*ov, args, s.nogil) : nullptr;
}

PyObject *dispatcher_vectorcall(PyObject *self, PyObject *const *args, size_t nargsf,
                                PyObject *kwnames) {
  auto *d = reinterpret_cast<DispatcherObject *>(self);
  Py_ssize_t n = PyVectorcall_NARGS(nargsf);
  if (!kwnames && !d->state->binds_in_python) {
    bool handled;
    PyObject *result = call_exact(d, args, n, handled);
    if (handled)
      return result;
  }
  return call_slow(self, args, n, kwnames);
}

// --- the type's methods -------------------------------------------------------------------

int dispatcher_init(PyObject *self, PyObject *args, PyObject *) {
  auto *d = reinterpret_cast<DispatcherObject *>(self);
  PyObject *py_func;
  const char *target = "cpu";
  unsigned int fastmath = 0; // PYRITE_FASTMATH_* flags
  int boundscheck = 0, nogil = 0, always_inline = 0, numpy_errors = 0;
  int parallel = -1; // -1: library code, which follows its caller's
  if (!PyArg_ParseTuple(args, "O|sIppppi", &py_func, &target, &fastmath, &boundscheck, &nogil,
                        &always_inline, &numpy_errors, &parallel))
    return -1;
  PyObject *globals = function_globals(py_func);
  PyObject *code = globals ? PyObject_GetAttrString(py_func, "__code__") : nullptr;
  if (!code) {
    Py_XDECREF(globals);
    PyErr_SetString(PyExc_TypeError, "pyrite can only compile Python functions");
    return -1;
  }
  PyObject *argcount = PyObject_GetAttrString(code, "co_argcount");
  PyObject *kwonly = PyObject_GetAttrString(code, "co_kwonlyargcount");
  PyObject *flags = PyObject_GetAttrString(code, "co_flags");
  Py_DECREF(code);
  if (!argcount || !kwonly || !flags) {
    Py_XDECREF(argcount);
    Py_XDECREF(kwonly);
    Py_XDECREF(flags);
    Py_DECREF(globals);
    return -1;
  }
  bool varargs = PyLong_AsLong(flags) & 0x04;
  Py_ssize_t kwonly_count = PyLong_AsSsize_t(kwonly);
  Py_DECREF(kwonly);
  Py_DECREF(flags);
  Py_XSETREF(d->py_func, Py_NewRef(py_func));
  Py_XSETREF(d->globals, globals);
  delete d->state;
  d->state = new State();
  d->state->argcount = PyLong_AsSsize_t(argcount) + kwonly_count + (varargs ? 1 : 0);
  if (PyObject_HasAttrString(py_func, "__pyrite_inner_key__")) {
    // An inner function compiled on its own: its free variables lead.
    PyObject *code_again = PyObject_GetAttrString(py_func, "__code__");
    PyObject *freevars = code_again ? PyObject_GetAttrString(code_again, "co_freevars") : nullptr;
    Py_XDECREF(code_again);
    if (!freevars) {
      Py_DECREF(argcount);
      return -1;
    }
    d->state->argcount += PyTuple_GET_SIZE(freevars);
    Py_DECREF(freevars);
  }
  d->state->binds_in_python = varargs || kwonly_count > 0;
  Py_DECREF(argcount);
  d->state->options.target = target;
  d->state->options.lower.fastmath = fastmath;
  d->state->options.lower.boundscheck = boundscheck;
  d->state->options.lower.numpy_errors = numpy_errors;
  d->state->options.lower.parallel = parallel == 1;
  if (parallel >= 0)
    d->state->own_parallel = parallel == 1;
  d->state->nogil = nogil;
  d->state->always_inline = always_inline;
  d->vectorcall = dispatcher_vectorcall;
  return 0;
}

PyObject *dispatcher_new(PyTypeObject *type, PyObject *, PyObject *) {
  auto *d = reinterpret_cast<DispatcherObject *>(type->tp_alloc(type, 0));
  if (d)
    d->vectorcall = dispatcher_vectorcall;
  return reinterpret_cast<PyObject *>(d);
}

int dispatcher_traverse(PyObject *self, visitproc visit, void *arg) {
  auto *d = reinterpret_cast<DispatcherObject *>(self);
  Py_VISIT(d->dict);
  Py_VISIT(d->py_func);
  Py_VISIT(d->globals);
  Py_VISIT(Py_TYPE(self));
  return 0;
}

int dispatcher_clear(PyObject *self) {
  auto *d = reinterpret_cast<DispatcherObject *>(self);
  Py_CLEAR(d->dict);
  Py_CLEAR(d->py_func);
  Py_CLEAR(d->globals);
  return 0;
}

void dispatcher_dealloc(PyObject *self) {
  PyObject_GC_UnTrack(self);
  dispatcher_clear(self);
  // Machine code stays loaded: other specializations may have inlined it and
  // the JIT keeps its memory for the process lifetime (docs/design.md).
  delete reinterpret_cast<DispatcherObject *>(self)->state;
  PyTypeObject *tp = Py_TYPE(self);
  tp->tp_free(self);
  Py_DECREF(tp);
}

PyObject *m_compile_signature(PyObject *self, PyObject *args) {
  auto *d = reinterpret_cast<DispatcherObject *>(self);
  PyObject *arg_names, *ret_name;
  // A @cfunc (True), or a ufunc loop ((parallel, gufunc, nin, core dims per
  // operand)): also compile that entry and return its address.
  PyObject *entry = Py_False;
  if (!PyArg_ParseTuple(args, "OO|O", &arg_names, &ret_name, &entry))
    return nullptr;
  std::optional<lower::UfuncLoop> ufunc_loop;
  if (PyTuple_Check(entry)) {
    lower::UfuncLoop loop;
    int parallel = 0, gufunc = 0;
    PyObject *core = nullptr;
    if (!PyArg_ParseTuple(entry, "ppiO", &parallel, &gufunc, &loop.nin, &core))
      return nullptr;
    loop.parallel = parallel;
    loop.gufunc = gufunc;
    PyObject *ops = PySequence_Fast(core, "core dimensions must be a sequence");
    if (!ops)
      return nullptr;
    for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(ops); ++k) {
      std::vector<int> dims;
      PyObject *op = PySequence_Fast(PySequence_Fast_GET_ITEM(ops, k), "core dimensions");
      for (Py_ssize_t j = 0; op && j < PySequence_Fast_GET_SIZE(op); ++j)
        dims.push_back(int(PyLong_AsLong(PySequence_Fast_GET_ITEM(op, j))));
      Py_XDECREF(op);
      loop.core_dims.push_back(std::move(dims));
    }
    Py_DECREF(ops);
    if (PyErr_Occurred())
      return nullptr;
    ufunc_loop = std::move(loop);
  }
  int c_entry = !ufunc_loop && PyObject_IsTrue(entry);
  std::vector<const Type *> types;
  PyObject *seq = PySequence_Fast(arg_names, "argument types must be a sequence");
  if (!seq)
    return nullptr;
  for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(seq); ++k) {
    const char *text = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(seq, k));
    const Type *t = text ? types::parse(text) : nullptr;
    if (!t || t->kind == TypeKind::None) {
      Py_DECREF(seq);
      PyErr_Format(PyExc_TypeError, "unknown type '%s' in signature", text ? text : "?");
      return nullptr;
    }
    types.push_back(t);
  }
  Py_DECREF(seq);
  const Type *ret = nullptr;
  if (ret_name != Py_None) {
    const char *text = PyUnicode_AsUTF8(ret_name);
    ret = text ? types::parse(text) : nullptr;
    if (!ret) {
      PyErr_Format(PyExc_TypeError, "unknown return type '%s' in signature", text ? text : "?");
      return nullptr;
    }
  }
  if (Py_ssize_t(types.size()) != d->state->argcount) {
    PyErr_Format(PyExc_TypeError, "signature has %zu arguments, the function takes %zd",
                 types.size(), d->state->argcount);
    return nullptr;
  }
  if (c_entry || ufunc_loop) {
    Overload *ov = compile(d, types, ret, c_entry, ufunc_loop);
    return ov ? PyLong_FromVoidPtr(ov->compiled->c_entry) : nullptr;
  }
  if (find_overload(*d->state, types.data(), Py_ssize_t(types.size())))
    Py_RETURN_NONE;
  if (!compile(d, types, ret))
    return nullptr;
  Py_RETURN_NONE;
}

/// `_call_exact(*params)`: one value per parameter in the compiled
/// function's order (the *args tuple last), as _call_slow binds them.
PyObject *m_call_exact(PyObject *self, PyObject *args) {
  auto *d = reinterpret_cast<DispatcherObject *>(self);
  bool handled;
  PyObject *result = call_exact(d, &PyTuple_GET_ITEM(args, 0), PyTuple_GET_SIZE(args), handled);
  if (handled || PyErr_Occurred())
    return result;
  Py_RETURN_NOTIMPLEMENTED;
}

/// locals= of @jit: [(variable name, type text)], before any compile.
PyObject *m_set_locals(PyObject *self, PyObject *args) {
  State &s = *reinterpret_cast<DispatcherObject *>(self)->state;
  PyObject *items;
  if (!PyArg_ParseTuple(args, "O", &items))
    return nullptr;
  PyObject *seq = PySequence_Fast(items, "locals must be a sequence of (name, type)");
  if (!seq)
    return nullptr;
  for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(seq); ++k) {
    const char *name = nullptr, *text = nullptr;
    if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, k), "ss", &name, &text)) {
      Py_DECREF(seq);
      return nullptr;
    }
    const Type *t = types::parse(text);
    if (!t || t->kind == TypeKind::None) {
      Py_DECREF(seq);
      PyErr_Format(PyExc_TypeError, "unknown type '%s' for local '%s' in locals=", text, name);
      return nullptr;
    }
    s.declared_locals[name] = t;
  }
  Py_DECREF(seq);
  if (s.code)
    s.code->declared_locals = s.declared_locals;
  Py_RETURN_NONE;
}

PyObject *m_disable_compile(PyObject *self, PyObject *) {
  reinterpret_cast<DispatcherObject *>(self)->state->can_compile = false;
  Py_RETURN_NONE;
}

PyObject *m_can_compile(PyObject *self, PyObject *) {
  return PyBool_FromLong(reinterpret_cast<DispatcherObject *>(self)->state->can_compile);
}

/// [(argument types, return type)] of the compiled specializations: their
/// names, or pyrite.types objects (`as_objects`).
PyObject *signature_list(PyObject *self, bool as_objects) {
  State &s = *reinterpret_cast<DispatcherObject *>(self)->state;
  // Specializations other functions typed are compiled now; one that does
  // not compile (float16 on a CPU) is left out, as Numba lists what compiled.
  while (!promote_typed(s))
    PyErr_Clear();
  auto convert = [as_objects](const Type *t) {
    return as_objects ? type_to_py(t) : PyUnicode_FromString(t->display.c_str());
  };
  PyObject *list = PyList_New(0);
  for (const auto &ov : s.overloads) {
    PyObject *args = PyTuple_New(Py_ssize_t(ov->arg_types.size()));
    PyObject *ret = convert(ov->return_type);
    for (size_t k = 0; args && ret && k < ov->arg_types.size(); ++k) {
      PyObject *t = convert(ov->arg_types[k]);
      if (!t) {
        Py_CLEAR(args);
        break;
      }
      PyTuple_SET_ITEM(args, k, t);
    }
    if (!args || !ret) {
      Py_XDECREF(args);
      Py_XDECREF(ret);
      Py_DECREF(list);
      return nullptr;
    }
    PyObject *item = Py_BuildValue("(NN)", args, ret);
    PyList_Append(list, item);
    Py_DECREF(item);
  }
  return list;
}

PyObject *m_signatures(PyObject *self, PyObject *) { return signature_list(self, false); }

PyObject *m_signature_types(PyObject *self, PyObject *) { return signature_list(self, true); }

PyObject *m_inspect(PyObject *self, PyObject *args) {
  State &s = *reinterpret_cast<DispatcherObject *>(self)->state;
  Py_ssize_t index;
  const char *what;
  if (!PyArg_ParseTuple(args, "ns", &index, &what) || !promote_typed(s))
    return nullptr;
  if (index < 0 || size_t(index) >= s.overloads.size()) {
    PyErr_SetString(PyExc_IndexError, "no such specialization");
    return nullptr;
  }
  const driver::CompiledFunction &c = *s.overloads[index]->compiled;
  std::string w = what;
  try {
    if (w == "types")
      return PyUnicode_FromString(driver::print_types(*c.typed).c_str());
    if (w == "llvm")
      return PyUnicode_FromString(c.llvm_ir.c_str());
    if (w == "asm")
      return PyUnicode_FromString(c.assembly().c_str());
    if (w == "lowered")
      return PyUnicode_FromString(c.lowered_ir(s.options.lower).c_str());
    if (w == "parallel")
      return PyUnicode_FromString(passes::describe_parallel_plan(*c.typed).c_str());
    if (w == "times") {
      const driver::StageTimes &t = c.times;
      return Py_BuildValue("{sdsdsdsdsdsd}", "frontend", t.frontend, "typing", t.typing,
                           "lowering", t.lowering, "optimize", t.optimize, "codegen",
                           t.codegen, "load", t.load);
    }
  } catch (const std::exception &e) {
    set_internal_error(e.what());
    return nullptr;
  }
  PyErr_Format(PyExc_ValueError, "unknown inspection '%s'", what);
  return nullptr;
}

PyMethodDef dispatcher_methods[] = {
    {"_compile_signature", m_compile_signature, METH_VARARGS,
     "Compile for (argument type names, return type name or None)."},
    {"_call_exact", m_call_exact, METH_VARARGS,
     "Call with one value per parameter; NotImplemented when no specialization fits."},
    {"_disable_compile", m_disable_compile, METH_NOARGS, "Stop compiling new specializations."},
    {"_set_locals", m_set_locals, METH_VARARGS, "locals=: [(variable name, type text)]"},
    {"_can_compile", m_can_compile, METH_NOARGS, "Whether calls may compile."},
    {"_signatures", m_signatures, METH_NOARGS, "[(argument type names, return type name)]"},
    {"_signature_types", m_signature_types, METH_NOARGS,
     "[(argument types, return type)] as pyrite.types objects"},
    {"_inspect", m_inspect, METH_VARARGS, "(index, 'types'|'llvm'|'asm'|'times')"},
    {nullptr, nullptr, 0, nullptr}};

PyMemberDef dispatcher_members[] = {
    {"__dictoffset__", T_PYSSIZET, offsetof(DispatcherObject, dict), READONLY, nullptr},
    {"__vectorcalloffset__", T_PYSSIZET, offsetof(DispatcherObject, vectorcall), READONLY,
     nullptr},
    {nullptr, 0, 0, 0, nullptr}};

} // namespace

PyObject *make_dispatcher_type() {
  PyType_Slot slots[] = {
      {Py_tp_doc, const_cast<char *>("The C++ half of a pyrite dispatcher.")},
      {Py_tp_new, reinterpret_cast<void *>(dispatcher_new)},
      {Py_tp_init, reinterpret_cast<void *>(dispatcher_init)},
      {Py_tp_dealloc, reinterpret_cast<void *>(dispatcher_dealloc)},
      {Py_tp_traverse, reinterpret_cast<void *>(dispatcher_traverse)},
      {Py_tp_clear, reinterpret_cast<void *>(dispatcher_clear)},
      {Py_tp_call, reinterpret_cast<void *>(PyVectorcall_Call)},
      {Py_tp_methods, dispatcher_methods},
      {Py_tp_members, dispatcher_members},
      {0, nullptr}};
  PyType_Spec spec = {"pyrite._core.DispatcherBase", sizeof(DispatcherObject), 0,
                      Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
                          Py_TPFLAGS_HAVE_VECTORCALL,
                      slots};
  PyObject *type = PyType_FromSpec(&spec);
  dispatcher_type = reinterpret_cast<PyTypeObject *>(type);
  return type;
}

void enable_vectorcall(PyObject *subclass) {
  // CPython 3.11 does not pass Py_TPFLAGS_HAVE_VECTORCALL on to subclasses
  // (3.12 does); without it every call would build an argument tuple.
  reinterpret_cast<PyTypeObject *>(subclass)->tp_flags |= Py_TPFLAGS_HAVE_VECTORCALL;
}

} // namespace pyrite::python
