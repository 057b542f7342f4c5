//===- python/src/code_object.cpp - code objects and global resolution ----===//
#include "code_object.h"
#include "datetimes.h"
#include "jitclass.h"

#include <algorithm>

#include "host/plugin_host.h"
#include "type_bridge.h"
#include "typeof.h"

namespace pyrite::python {
namespace {

/// A new reference to attribute `name`, or throws PythonError.
PyObject *attr(PyObject *obj, const char *name) {
  PyObject *v = PyObject_GetAttrString(obj, name);
  if (!v)
    throw PythonError{};
  return v;
}

std::string str_attr(PyObject *obj, const char *name) {
  PyObject *v = attr(obj, name);
  const char *s = PyUnicode_AsUTF8(v);
  std::string out = s ? s : "";
  Py_DECREF(v);
  if (!s)
    throw PythonError{};
  return out;
}

std::string bytes_attr(PyObject *obj, const char *name) {
  PyObject *v = attr(obj, name);
  char *data = nullptr;
  Py_ssize_t size = 0;
  if (PyBytes_AsStringAndSize(v, &data, &size) < 0) {
    Py_DECREF(v);
    throw PythonError{};
  }
  std::string out(data, size_t(size));
  Py_DECREF(v);
  return out;
}

long long int_attr(PyObject *obj, const char *name) {
  PyObject *v = attr(obj, name);
  long long out = PyLong_AsLongLong(v);
  Py_DECREF(v);
  return out;
}

std::vector<std::string> str_tuple_attr(PyObject *obj, const char *name) {
  PyObject *t = attr(obj, name);
  std::vector<std::string> out;
  for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(t); ++k) {
    const char *s = PyUnicode_AsUTF8(PyTuple_GET_ITEM(t, k));
    out.push_back(s ? s : "");
  }
  Py_DECREF(t);
  return out;
}

ir::Constant constant_of(PyObject *v) {
  ir::Constant c;
  using K = ir::Constant::Kind;
  if (v == Py_None) {
    c.kind = K::None;
  } else if (v == Py_Ellipsis) {
    c.kind = K::Ellipsis;
  } else if (PyBool_Check(v)) {
    c.kind = K::Bool;
    c.i = v == Py_True;
  } else if (PyLong_Check(v)) {
    int overflow = 0;
    c.i = PyLong_AsLongLongAndOverflow(v, &overflow);
    c.kind = overflow ? K::Other : K::Int;
    if (overflow > 0) {
      unsigned long long u = PyLong_AsUnsignedLongLong(v);
      if (!PyErr_Occurred()) {
        c.kind = K::UInt;
        c.i = int64_t(u);
      }
      PyErr_Clear();
    }
    if (c.kind == K::Other)
      c.s = "(an integer that does not fit in int64 or uint64)";
  } else if (PyFloat_Check(v)) {
    c.kind = K::Float;
    c.f = PyFloat_AS_DOUBLE(v);
  } else if (PyComplex_Check(v)) {
    c.kind = K::Complex;
    c.f = PyComplex_RealAsDouble(v);
    c.imag = PyComplex_ImagAsDouble(v);
  } else if (const Type *t = typeof_datetime_scalar(v)) { // np.datetime64, np.timedelta64
    c.kind = t->kind == TypeKind::Datetime ? K::Datetime : K::Timedelta;
    c.s = t->name;
    unbox_datetime(v, t, &c.i);
  } else if (PyUnicode_Check(v)) {
    c.kind = K::Str;
    Py_ssize_t size = 0;
    const char *s = PyUnicode_AsUTF8AndSize(v, &size); // (may hold NULs: 'a\x00b')
    c.s = s ? std::string(s, size_t(size)) : "";
  } else if (PyTuple_Check(v)) {
    c.kind = K::Tuple;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(v); ++k)
      c.items.push_back(constant_of(PyTuple_GET_ITEM(v, k)));
  } else if (PyFrozenSet_Check(v)) {
    // `x in {1, 2}` and `{1, 2, 3}` compile to a frozenset constant: its
    // items as a tuple (membership and SET_UPDATE read it as items).
    c.kind = K::Tuple;
    PyObject *it = PyObject_GetIter(v), *item;
    while (it && (item = PyIter_Next(it))) {
      c.items.push_back(constant_of(item));
      Py_DECREF(item);
    }
    Py_XDECREF(it);
    PyErr_Clear();
  } else {
    c.kind = K::Other;
    PyObject *r = PyObject_Repr(v);
    const char *s = r ? PyUnicode_AsUTF8(r) : nullptr;
    c.s = s ? s : "?";
    Py_XDECREF(r);
    PyErr_Clear();
  }
  return c;
}

PyObject *extending_module() {
  static PyObject *mod = nullptr;
  if (!mod)
    mod = PyImport_ImportModule("pyrite.extending");
  if (!mod)
    throw PythonError{};
  return mod;
}

/// The Python value of a literal argument, or pyrite.extending._NO_LITERAL.
PyObject *literal_value(const std::optional<ir::Constant> &c, PyObject *none) {
  using K = ir::Constant::Kind;
  if (c && c->kind == K::Int)
    return PyLong_FromLongLong(c->i);
  if (c && c->kind == K::Bool)
    return PyBool_FromLong(long(c->i));
  if (c && c->kind == K::Float)
    return PyFloat_FromDouble(c->f);
  if (c && c->kind == K::Str)
    return PyUnicode_FromStringAndSize(c->s.data(), Py_ssize_t(c->s.size()));
  if (c && c->kind == K::Tuple) { // items are literals themselves (Typer::constant_argument)
    PyObject *tuple = PyTuple_New(Py_ssize_t(c->items.size()));
    for (size_t k = 0; tuple && k < c->items.size(); ++k) {
      PyObject *item = literal_value(c->items[k], none);
      if (!item) {
        Py_CLEAR(tuple);
        break;
      }
      PyTuple_SET_ITEM(tuple, Py_ssize_t(k), item);
    }
    return tuple;
  }
  return Py_NewRef(none);
}

PyObject *resolve_module() {
  static PyObject *mod = nullptr;
  if (!mod)
    mod = PyImport_ImportModule("pyrite._resolve");
  if (!mod)
    throw PythonError{};
  return mod;
}

} // namespace

PyObject *function_globals(PyObject *py_func) {
  if (!PyObject_HasAttrString(py_func, "__globals__")) {
    PyErr_SetString(PyExc_TypeError, "pyrite can only compile Python functions");
    return nullptr;
  }
  PyObject *mod = PyImport_ImportModule("pyrite._resolve");
  if (!mod)
    return nullptr;
  PyObject *globals = PyObject_CallMethod(mod, "function_globals", "O", py_func);
  Py_DECREF(mod);
  return globals;
}

namespace {

frontend::CodeObject code_object_from(PyObject *code, const std::string &key) {
  frontend::CodeObject c;
  c.key = key;
  c.bytes.py_major = PY_MAJOR_VERSION;
  c.bytes.py_minor = PY_MINOR_VERSION;
  c.bytes.code = bytes_attr(code, "co_code");
  c.bytes.linetable = bytes_attr(code, "co_linetable");
  c.bytes.first_line = int(int_attr(code, "co_firstlineno"));
  c.name = str_attr(code, "co_name");
  c.qualname = str_attr(code, "co_qualname");
  c.filename = str_attr(code, "co_filename");
  c.arg_count = int(int_attr(code, "co_argcount"));
  c.kwonly_arg_count = int(int_attr(code, "co_kwonlyargcount"));
  c.flags = int(int_attr(code, "co_flags"));
  c.names = str_tuple_attr(code, "co_names");
  c.exception_table = bytes_attr(code, "co_exceptiontable");
  c.varnames = str_tuple_attr(code, "co_varnames");
  // LOAD_DEREF's argument indexes the "fast locals plus" (locals, cells,
  // free variables); code._varname_from_oparg names each.
  std::vector<std::string> freevars = str_tuple_attr(code, "co_freevars");
  c.freevars = freevars;
  size_t nderef = c.varnames.size() + str_tuple_attr(code, "co_cellvars").size() +
                  freevars.size();
  for (size_t k = 0; k < nderef; ++k) {
    PyObject *name = PyObject_CallMethod(code, "_varname_from_oparg", "n", Py_ssize_t(k));
    if (!name) {
      PyErr_Clear();
      break;
    }
    std::string text = PyUnicode_AsUTF8(name);
    Py_DECREF(name);
    c.deref_is_free.push_back(std::find(freevars.begin(), freevars.end(), text) !=
                              freevars.end());
    c.deref_names.push_back(std::move(text));
  }
  PyObject *consts = attr(code, "co_consts");
  try {
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(consts); ++k) {
      PyObject *item = PyTuple_GET_ITEM(consts, k);
      c.consts.push_back(constant_of(item));
      if (PyCode_Check(item)) // a comprehension's or an inner function's code
        c.nested[int(k)] = std::make_shared<frontend::CodeObject>(
            code_object_from(item, (key.empty() ? "" : key + "/") + std::to_string(k)));
    }
  } catch (...) {
    Py_DECREF(consts);
    throw;
  }
  Py_DECREF(consts);
  return c;
}

} // namespace

frontend::CodeObject code_object_of(PyObject *py_func) {
  PyObject *code = attr(py_func, "__code__");
  try {
    // An inner function compiled on its own (pyrite._resolve.inner_function)
    // carries its key in its top-level function's code.
    PyObject *key = PyObject_GetAttrString(py_func, "__pyrite_inner_key__");
    if (!key)
      PyErr_Clear();
    const char *text = key ? PyUnicode_AsUTF8(key) : nullptr;
    frontend::CodeObject c = code_object_from(code, text ? text : "");
    c.lifted = key != nullptr;
    Py_XDECREF(key);
    Py_DECREF(code);
    return c;
  } catch (...) {
    Py_DECREF(code);
    throw;
  }
}

typing::GlobalValue PyResolver::describe(PyObject *answer) {
  typing::GlobalValue g;
  if (!answer)
    throw PythonError{};
  if (answer == Py_None || !PyTuple_Check(answer) || PyTuple_GET_SIZE(answer) != 2) {
    Py_DECREF(answer);
    return g;
  }
  std::string kind = PyUnicode_AsUTF8(PyTuple_GET_ITEM(answer, 0));
  PyObject *value = PyTuple_GET_ITEM(answer, 1);
  auto text = [&] { return std::string(PyUnicode_AsUTF8(value)); };
  ir::Constant c;
  if (kind == "unsupported") {
    g.why = text();
  } else if (kind == "module") {
    g.type = types::module(text());
  } else if (kind == "function") {
    g.type = types::function(text());
  } else if (kind == "dispatcher") {
    PyObject *name = PyObject_GetAttrString(value, "__name__");
    g.type = types::dispatcher(value, name ? PyUnicode_AsUTF8(name) : "?");
    Py_XDECREF(name);
  } else if (kind == "array") {
    auto *arr = reinterpret_cast<PyArrayObject *>(value);
    const Type *as_argument = typeof_value(value); // (datetime64 and 'U' arrays too)
    const Type *dtype = as_argument && as_argument->is_array() ? as_argument->dtype : nullptr;
    if (dtype) {
      c.kind = ir::Constant::Kind::Array;
      c.s.assign(PyArray_BYTES(arr), size_t(PyArray_NBYTES(arr)));
      for (int k = 0; k < PyArray_NDIM(arr); ++k)
        c.shape.push_back(PyArray_DIM(arr, k));
      // Frozen into the code: read-only, as Numba types global arrays.
      g.type = types::array(dtype, PyArray_NDIM(arr), 'C', /*readonly=*/true);
      g.constant = c;
    }
  } else if (kind == "overload") {
    // (registry, name, qualified name of pyrite's own implementation or "")
    g.type = types::overloaded(PyTuple_GET_ITEM(value, 0),
                               PyUnicode_AsUTF8(PyTuple_GET_ITEM(value, 1)),
                               PyUnicode_AsUTF8(PyTuple_GET_ITEM(value, 2)));
  } else if (kind == "intrinsic" || kind == "intrinsic_value") {
    g.type = types::intrinsic(text());
    g.read = kind == "intrinsic_value";
  } else if (kind == "class") {
    g.type = types::number_class(types::parse(text()));
  } else if (kind == "namedtuple") { // the class: calling it makes one
    if (const Type *t = named_tuple_class_of(value))
      g.type = t;
    else
      PyErr_Clear();
  } else if (kind == "jitclass") { // the class: calling it makes an instance
    if (const Type *t = class_instance_of(value))
      g.type = types::class_type(t);
    else
      throw PythonError{};
  } else if (kind == "objmode") { // (lifted function, name, pyrite.types tuple of outputs)
    const Type *outputs = type_from_py(PyTuple_GET_ITEM(value, 2));
    if (!outputs)
      throw PythonError{};
    // Compiled code holds the function for good (its address is in the code).
    g.type = types::object_mode_block(Py_NewRef(PyTuple_GET_ITEM(value, 0)),
                                      PyUnicode_AsUTF8(PyTuple_GET_ITEM(value, 1)), outputs);
  } else if (kind == "type") { // a pyrite.types object used as a value
    if (const Type *t = type_from_py(value))
      g.type = types::number_class(t);
    else
      PyErr_Clear();
  } else if (kind == "exception") {
    g.type = types::exception_class(text());
  } else if (kind == "int" || kind == "bool") {
    c.kind = kind == "int" ? ir::Constant::Kind::Int : ir::Constant::Kind::Bool;
    c.i = PyLong_AsLongLong(value);
    g.type = kind == "int" ? types::int64() : types::boolean();
    g.constant = c;
  } else if (kind == "str") {
    c.kind = ir::Constant::Kind::Str;
    c.s = text();
    g.type = types::string_literal(c.s);
    g.constant = c;
  } else if (kind == "tuple" || kind == "complex" || kind == "constant") {
    // Frozen at compile time, as Numba does (np.newaxis is the constant None).
    c = constant_of(value);
    g.type = typing::constant_type(c);
    if (g.type && PyTuple_Check(value) && !PyTuple_CheckExact(value)) {
      // A namedtuple constant: its class's type over the constant's elements.
      const Type *cls = named_tuple_class_of(reinterpret_cast<PyObject *>(Py_TYPE(value)));
      if (cls && cls->fields.size() == g.type->elems.size())
        g.type = types::named_tuple(cls->handle, cls->name, cls->fields, g.type->elems);
      PyErr_Clear();
    }
    if (g.type)
      g.constant = c;
  } else if (kind == "float" || kind == "float16") { // (float16: CUDA kernels only)
    c.kind = ir::Constant::Kind::Float;
    c.f = PyFloat_AsDouble(value);
    g.type = types::floating(kind == "float16" ? 16 : 64);
    g.constant = c;
  }
  Py_DECREF(answer);
  return g;
}

typing::GlobalValue PyResolver::global(const std::string &name) {
  return describe(PyObject_CallMethod(resolve_module(), "resolve_global", "Os", globals_,
                                      name.c_str()));
}

typing::GlobalValue PyResolver::inner_function(const std::string &key) {
  if (!self_) {
    typing::GlobalValue g;
    g.why = "inner functions and lambdas are not supported in ahead-of-time compilation yet";
    return g;
  }
  return describe(
      PyObject_CallMethod(resolve_module(), "inner_function", "Os", self_, key.c_str()));
}

typing::GlobalValue PyResolver::module_attr(const Type *module, const std::string &attr) {
  return describe(PyObject_CallMethod(resolve_module(), "resolve_attr", "ss",
                                      module->name.c_str(), attr.c_str()));
}

typing::IntrinsicSignature PyResolver::intrinsic(const std::string &name) {
  typing::IntrinsicSignature sig;
  const host::LoadedPlugin *p = host::PluginHost::instance().find(target_);
  sig.target = p ? p->name : target_;
  if (!p)
    return sig;
  for (uint32_t k = 0; k < p->table->num_intrinsics; ++k) {
    const PyriteIntrinsic &in = host::element(p->table->intrinsics, k);
    if (name != in.python_name)
      continue;
    sig.found = types::parse_signature(in.signature, sig.result, sig.params) && in.lower;
    return sig;
  }
  return sig;
}

typing::CallSignature PyResolver::signature_of(const Type *dispatcher) {
  auto *obj = const_cast<PyObject *>(static_cast<const PyObject *>(dispatcher->handle));
  PyObject *func = attr(obj, "py_func");
  typing::CallSignature sig;
  try {
    PyObject *code = attr(func, "__code__");
    int argcount = int(int_attr(code, "co_argcount"));
    int kwonly = int(int_attr(code, "co_kwonlyargcount"));
    bool varargs = int_attr(code, "co_flags") & 0x04;
    std::vector<std::string> varnames = str_tuple_attr(code, "co_varnames");
    Py_DECREF(code);
    size_t nparams = size_t(argcount + kwonly + (varargs ? 1 : 0));
    sig.names.assign(varnames.begin(), varnames.begin() + nparams);
    sig.positional_count = argcount;
    sig.varargs_index = varargs ? int(nparams) - 1 : -1;
    sig.defaults.assign(nparams, std::nullopt);
    PyObject *defaults = attr(func, "__defaults__");
    if (defaults != Py_None) {
      Py_ssize_t nd = PyTuple_GET_SIZE(defaults);
      for (Py_ssize_t k = 0; k < nd; ++k) {
        ir::Constant c = constant_of(PyTuple_GET_ITEM(defaults, k));
        if (c.kind != ir::Constant::Kind::Other)
          sig.defaults[size_t(argcount - nd + k)] = c;
      }
    }
    Py_DECREF(defaults);
    PyObject *kwdefaults = attr(func, "__kwdefaults__");
    for (int k = 0; kwdefaults != Py_None && k < kwonly; ++k) {
      PyObject *v = PyDict_GetItemString(kwdefaults, varnames[size_t(argcount + k)].c_str());
      if (!v)
        continue;
      ir::Constant c = constant_of(v);
      if (c.kind != ir::Constant::Kind::Other)
        sig.defaults[size_t(argcount + k)] = c;
    }
    Py_DECREF(kwdefaults);
  } catch (...) {
    Py_DECREF(func);
    throw;
  }
  Py_DECREF(func);
  return sig;
}

std::shared_ptr<const typing::TypedFunction>
PyResolver::compile_callee(const Type *dispatcher, const std::vector<const Type *> &args) {
  return compile_(const_cast<PyObject *>(static_cast<const PyObject *>(dispatcher->handle)),
                  args, target_);
}

typing::OverloadChoice
PyResolver::resolve_overload(const void *overloads, const Type *receiver,
                             const std::vector<const Type *> &args,
                             const std::vector<std::string> &kwnames,
                             const std::vector<std::optional<ir::Constant>> &literals) {
  PyObject *ext = extending_module();
  PyObject *no_literal = PyObject_GetAttrString(ext, "_NO_LITERAL");
  PyObject *py_args = PyTuple_New(Py_ssize_t(args.size()));
  PyObject *py_kw = PyTuple_New(Py_ssize_t(kwnames.size()));
  PyObject *py_lit = PyTuple_New(Py_ssize_t(literals.size()));
  PyObject *py_receiver = receiver ? type_to_py(receiver) : Py_NewRef(Py_None);
  bool ok = no_literal && py_args && py_kw && py_lit && py_receiver;
  for (size_t k = 0; ok && k < args.size(); ++k) {
    PyObject *t = type_to_py(args[k]);
    ok = t != nullptr;
    if (ok)
      PyTuple_SET_ITEM(py_args, Py_ssize_t(k), t);
  }
  for (size_t k = 0; ok && k < kwnames.size(); ++k) {
    PyObject *name = PyUnicode_FromString(kwnames[k].c_str());
    ok = name != nullptr;
    if (ok)
      PyTuple_SET_ITEM(py_kw, Py_ssize_t(k), name);
  }
  for (size_t k = 0; ok && k < literals.size(); ++k) {
    PyObject *v = literal_value(literals[k], no_literal);
    ok = v != nullptr;
    if (ok)
      PyTuple_SET_ITEM(py_lit, Py_ssize_t(k), v);
  }
  PyObject *answer =
      ok ? PyObject_CallMethod(ext, "_call_from_core", "OOsOOO",
                               static_cast<PyObject *>(const_cast<void *>(overloads)),
                               py_receiver, target_.c_str(), py_args, py_kw, py_lit)
         : nullptr;
  Py_XDECREF(no_literal);
  Py_XDECREF(py_args);
  Py_XDECREF(py_kw);
  Py_XDECREF(py_lit);
  Py_XDECREF(py_receiver);
  if (!answer)
    throw PythonError{};
  typing::OverloadChoice choice;
  PyObject *disp = PyTuple_GET_ITEM(answer, 0), *why = PyTuple_GET_ITEM(answer, 1);
  if (disp != Py_None) {
    // The registry keeps the implementation's Dispatcher alive.
    PyObject *name = PyObject_GetAttrString(disp, "__name__");
    choice.impl = types::dispatcher(disp, name ? PyUnicode_AsUTF8(name) : "?");
    Py_XDECREF(name);
    PyErr_Clear();
  }
  if (why != Py_None)
    choice.why = PyUnicode_AsUTF8(why);
  PyObject *ir = PyTuple_GET_ITEM(answer, 3);
  if (ir != Py_None) {
    // (textual IR, symbol, (argument types...), return type) of an @intrinsic
    choice.llvm_ir = PyUnicode_AsUTF8(PyTuple_GET_ITEM(ir, 0));
    choice.ir_symbol = PyUnicode_AsUTF8(PyTuple_GET_ITEM(ir, 1));
    PyObject *params = PyTuple_GET_ITEM(ir, 2);
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(params); ++k) {
      const Type *t = type_from_py(PyTuple_GET_ITEM(params, k));
      if (!t) {
        Py_DECREF(answer);
        throw PythonError{};
      }
      choice.ir_params.push_back(t);
    }
    choice.ir_result = type_from_py(PyTuple_GET_ITEM(ir, 3));
    if (!choice.ir_result) {
      Py_DECREF(answer);
      throw PythonError{};
    }
  }
  choice.failed = PyObject_IsTrue(PyTuple_GET_ITEM(answer, 2)) == 1;
  Py_DECREF(answer);
  return choice;
}

typing::MemberOverload PyResolver::member(const Type *obj, const std::string &name) {
  typing::MemberOverload m;
  // pyrite's own library registers methods (a.mean(), a.argmax(), ...):
  // imported here too, as a program's first use of it may be a method.
  static bool library_imported = false;
  if (!library_imported) {
    PyObject *library = PyImport_ImportModule("pyrite._library");
    if (!library)
      throw PythonError{};
    Py_DECREF(library);
    library_imported = true;
  }
  PyObject *ext = PyImport_ImportModule("pyrite.extending");
  if (!ext)
    throw PythonError{};
  PyObject *py_obj = type_to_py(obj);
  PyObject *answer =
      py_obj ? PyObject_CallMethod(ext, "_lookup_member", "Os", py_obj, name.c_str()) : nullptr;
  Py_XDECREF(py_obj);
  Py_DECREF(ext);
  if (!answer)
    throw PythonError{};
  if (answer != Py_None) {
    std::string kind = PyUnicode_AsUTF8(PyTuple_GET_ITEM(answer, 0));
    m.kind = kind == "method" ? typing::MemberOverload::Method : typing::MemberOverload::Attribute;
    m.overloads = PyTuple_GET_ITEM(answer, 1); // kept alive by the registry
  }
  Py_DECREF(answer);
  return m;
}

} // namespace pyrite::python
