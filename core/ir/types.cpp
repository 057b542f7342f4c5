//===- ir/types.cpp - interning, parsing and unification of types ---------===//
#include "ir/types.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace pyrite {

bool Type::is_uniform_tuple() const {
  if (kind != TypeKind::Tuple || elems.empty())
    return false;
  for (const Type *e : elems)
    if (e != elems[0])
      return false;
  return true;
}

namespace types {
namespace {

std::string array_display(const Type &t) {
  // A buffer argument's own kind, as Numba prints it (Bytes are always read-only)
  std::string kind = t.name.empty()            ? "array"
                     : t.name == "bytes"       ? "Bytes"
                     : t.name == "bytearray"   ? "ByteArray"
                                               : "MemoryView";
  return std::string(t.readonly && t.name != "bytes" ? "readonly " : "") + kind + "(" +
         t.dtype->display + ", " + std::to_string(t.ndim) + "d, " + t.layout + ")";
}

std::string tuple_display(const Type &t) {
  if (t.handle) { // Numba's NamedUniTuple(int64 x 2, Point) / NamedTuple(int64, float64, Point)
    if (t.is_uniform_tuple())
      return "NamedUniTuple(" + t.elems[0]->display + " x " + std::to_string(t.elems.size()) +
             ", " + t.name + ")";
    std::string s = "NamedTuple(";
    for (const Type *e : t.elems)
      s += e->display + ", ";
    return s + t.name + ")";
  }
  if (t.is_uniform_tuple())
    return "UniTuple(" + t.elems[0]->display + " x " +
           std::to_string(t.elems.size()) + ")";
  std::string s = "Tuple(";
  for (size_t i = 0; i < t.elems.size(); ++i)
    s += (i ? ", " : "") + t.elems[i]->display;
  return s + ")";
}

std::string display_of(const Type &t) {
  switch (t.kind) {
  case TypeKind::None: return "none";
  case TypeKind::Ellipsis: return "ellipsis";
  case TypeKind::Optional: return "OptionalType(" + t.dtype->display + ")";
  case TypeKind::Unicode: return "unicode_type";
  case TypeKind::List: return "list(" + (t.dtype ? t.dtype->display : std::string("undefined")) + ")";
  case TypeKind::Generator: return "Generator(yield=" + t.dtype->display + ")";
  case TypeKind::Set: return "set(" + (t.dtype ? t.dtype->display : std::string("undefined")) + ")";
  case TypeKind::Dict:
    if (t.elems.empty())
      return "DictType[undefined,undefined]";
    if (t.bits) // Numba's DictValuesIterableType / DictItemsIterableType
      return std::string(t.bits == 1 ? "DictValuesView" : "DictItemsView") + "(DictType[" +
             t.elems[0]->display + "," + t.elems[1]->display + "])";
    return "DictType[" + t.elems[0]->display + "," + t.elems[1]->display + "]<iv=None>";
  case TypeKind::Bool: return "bool";
  case TypeKind::Int:
    return std::string(t.is_signed ? "int" : "uint") + std::to_string(t.bits);
  case TypeKind::Float: return "float" + std::to_string(t.bits);
  case TypeKind::Complex: return "complex" + std::to_string(t.bits);
  case TypeKind::CharSeq: // Numba's [unichr x 5] / [char x 5]
    return std::string(t.name == "U" ? "[unichr x " : "[char x ") + std::to_string(t.bits) + "]";
  case TypeKind::Datetime: return t.name.empty() ? "datetime64" : "datetime64[" + t.name + "]";
  case TypeKind::Timedelta: return t.name.empty() ? "timedelta64" : "timedelta64[" + t.name + "]";
  case TypeKind::Array: return array_display(t);
  case TypeKind::Tuple: return tuple_display(t);
  case TypeKind::ListLiteral: {
    std::string s = "list_literal[";
    for (size_t i = 0; i < t.elems.size(); ++i)
      s += (i ? ", " : "") + t.elems[i]->display;
    return s + "]";
  }
  case TypeKind::RangeState: return "range_state_" + t.dtype->display;
  case TypeKind::Slice: return t.bits == 3 ? "slice<a:b:c>" : "slice<a:b>";
  case TypeKind::Iterable: {
    if (t.name == "flatiter") // NumPy's numpy.flatiter, a.flat
      return "flatiter(" + t.elems[0]->display + ")";
    std::string s = t.name + "(";
    for (size_t i = 0; i < t.elems.size(); ++i)
      s += (i ? ", " : "") + iterator(t.elems[i])->display;
    return s + ")";
  }
  case TypeKind::Iterator:
    // Numba's names: range_iter_int64, iter(array(...)); enumerate and zip
    // are their own iterators.
    if (t.elems[0]->kind == TypeKind::RangeState)
      return "range_iter_" + t.elems[0]->dtype->display;
    if (t.elems[0]->kind == TypeKind::Iterable)
      return t.elems[0]->display;
    return "iter(" + t.elems[0]->display + ")";
  case TypeKind::Module: return "Module(" + t.name + ")";
  case TypeKind::Function: return "Function(" + t.name + ")";
  case TypeKind::Dispatcher: {
    if (t.elems.empty())
      return "Dispatcher(" + t.name + ")";
    std::string s = "closure(" + t.name + ", captured=(";
    for (size_t i = 0; i < t.elems.size(); ++i)
      s += (i ? ", " : "") + t.elems[i]->display;
    return s + ")" + (t.bits ? ", defaults=" + std::to_string(t.bits) : "") + ")";
  }
  case TypeKind::Overloaded: return "Function(" + t.name + ")";
  case TypeKind::Intrinsic: return "Intrinsic(" + t.name + ")";
  case TypeKind::BoundMethod: return "BoundMethod(" + t.self->display + "." + t.name + ")";
  case TypeKind::NumberClass: return "class(" + (t.dtype ? t.dtype->display : t.name) + ")";
  case TypeKind::ExceptionClass: return "ExceptionClass(" + t.name + ")";
  case TypeKind::CaughtException: return "exception";
  case TypeKind::ClassInstance: return "instance.jitclass." + t.name;
  case TypeKind::Record: { // Numba's Record(x[type=float64;offset=0],...;16)
    std::string s = t.readonly ? "readonly Record(" : "Record(";
    for (size_t i = 0; i < t.fields.size(); ++i)
      s += (i ? "," : "") + t.fields[i] + "[type=" + t.elems[i]->display +
           ";offset=" + std::to_string(t.offsets[i]) +
           (t.titles[i].empty() ? "" : ";title=" + t.titles[i]) + "]";
    return s + ";" + std::to_string(t.bits) + ";" + (t.aligned ? "True" : "False") + ")";
  }
  case TypeKind::NestedArray: { // Numba's nestedarray(float64, (2, 3))
    std::string s = "nestedarray(" + t.dtype->display + ", (";
    for (size_t i = 0; i < t.offsets.size(); ++i)
      s += (i ? ", " : "") + std::to_string(t.offsets[i]);
    return s + (t.offsets.size() == 1 ? ",))" : "))");
  }
  case TypeKind::ClassType: return "jitclass." + t.dtype->name;
  case TypeKind::ObjectModeBlock: return "objmode_block(" + t.name + " -> " + t.dtype->display + ")";
  case TypeKind::StringLiteral:
    return t.bits ? "FormattedMessage(" + t.name + ")" : "Literal[str](" + t.name + ")";
  case TypeKind::Exception:
    if (t.runtime_text)
      return "Exception(" + t.name + "(unicode_type))";
    return "Exception(" + t.name + "('" + t.message + "')" + (t.bits ? " with values" : "") + ")";
  }
  return "?";
}

/// Returns the interned copy of `proto`.
const Type *intern(Type proto) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Type>> table;
  proto.display = display_of(proto);
  // Two kinds may print alike (zip(...) and its iterator do, as in Numba).
  std::string key = std::to_string(int(proto.kind)) + ":" + proto.display;
  if (proto.handle)
    key += "#" + std::to_string(reinterpret_cast<uintptr_t>(proto.handle));
  std::lock_guard<std::mutex> lock(mutex);
  auto &slot = table[key];
  if (!slot)
    slot = std::make_unique<Type>(std::move(proto));
  return slot.get();
}

Type make(TypeKind kind) {
  Type t;
  t.kind = kind;
  return t;
}

Type named(TypeKind kind, const std::string &name) {
  Type t = make(kind);
  t.name = name;
  return t;
}

} // namespace

const Type *none() { return intern(make(TypeKind::None)); }
const Type *ellipsis() { return intern(make(TypeKind::Ellipsis)); }

const Type *optional(const Type *value) {
  if (!value || value->kind == TypeKind::Optional)
    return value;
  // Numbers, the references whose absent value (all zeros) owns nothing (a
  // str, a list, an array), and tuples of these.
  std::function<bool(const Type *)> allowed = [&](const Type *v) {
    if (v->is_tuple())
      return std::all_of(v->elems.begin(), v->elems.end(), allowed);
    return v->is_number() || v->is_complex() || v->is_datetime_like() ||
           v->kind == TypeKind::Unicode || v->is_array() || (v->is_list() && v->dtype) ||
           v->is_class_instance();
  };
  if (!allowed(value))
    return nullptr;
  Type t = make(TypeKind::Optional);
  t.dtype = value;
  return intern(t);
}
const Type *boolean() { return intern(make(TypeKind::Bool)); }

const Type *unicode() {
  static const Type *t = intern(make(TypeKind::Unicode));
  return t;
}

const Type *list(const Type *item) {
  Type t = make(TypeKind::List);
  t.dtype = item;
  return intern(t);
}

const Type *dict(const Type *key, const Type *value, int view) {
  Type t = make(TypeKind::Dict);
  if (key && value)
    t.elems = {key, value};
  t.bits = view;
  return intern(t);
}

const Type *set(const Type *item) {
  Type t = make(TypeKind::Set);
  t.dtype = item;
  return intern(t);
}

const Type *table_value(const Type *t) { return t->is_set() ? boolean() : t->elems[1]; }

const Type *dict_parts(const Type *d) {
  const Type *i64 = int64();
  return tuple({list(table_key(d)), list(table_value(d)), list(i64), list(i64)});
}

const Type *unliteral(const Type *t) {
  if (t && t->kind == TypeKind::StringLiteral && !t->bits)
    return unicode();
  if (t && t->kind == TypeKind::ListLiteral) {
    const Type *item = nullptr;
    for (const Type *e : t->elems) {
      item = item ? unify(item, unliteral(e)) : unliteral(e);
      if (!item)
        return nullptr;
    }
    return list(item);
  }
  if (t && t->is_tuple()) {
    std::vector<const Type *> elems;
    bool changed = false;
    for (const Type *e : t->elems) {
      elems.push_back(unliteral(e));
      changed |= elems.back() != e;
    }
    if (!changed)
      return t;
    return t->handle ? named_tuple(t->handle, t->name, t->fields, elems) : tuple(elems);
  }
  return t;
}

const Type *integer(int bits, bool is_signed) {
  Type t = make(TypeKind::Int);
  t.bits = bits;
  t.is_signed = is_signed;
  return intern(t);
}

const Type *floating(int bits) {
  Type t = make(TypeKind::Float);
  t.bits = bits;
  return intern(t);
}

const Type *named_tuple(const void *cls, const std::string &name,
                        const std::vector<std::string> &fields,
                        const std::vector<const Type *> &elems) {
  Type t = make(TypeKind::Tuple);
  t.handle = cls;
  t.name = name;
  t.fields = fields;
  t.elems = elems;
  return intern(t);
}

const Type *named_tuple_class(const void *cls, const std::string &name,
                              const std::vector<std::string> &fields) {
  Type t = make(TypeKind::NumberClass);
  t.handle = cls;
  t.name = name;
  t.fields = fields;
  return intern(t);
}

const Type *complex(int bits) {
  Type t = make(TypeKind::Complex);
  t.bits = bits;
  return intern(t);
}

const Type *datetime(const std::string &unit) { return intern(named(TypeKind::Datetime, unit)); }
const Type *timedelta(const std::string &unit) { return intern(named(TypeKind::Timedelta, unit)); }

const Type *char_seq(bool unicode, int width) {
  Type t = named(TypeKind::CharSeq, unicode ? "U" : "S");
  t.bits = width;
  return intern(t);
}

const Type *element_value(const Type *dtype) {
  if (dtype->kind != TypeKind::CharSeq)
    return dtype;
  return dtype->name == "U" ? unicode() : buffer("bytes", integer(8, false), 1, 'C', true);
}

bool is_bytes_value(const Type *t) {
  return t->is_buffer() && t->name == "bytes" && t->ndim == 1 && t->layout == 'C' &&
         t->dtype == integer(8, false);
}

bool storable_scalar(const Type *v, const Type *elem) {
  if (elem->is_datetime_like())
    return v == elem;
  if (elem->kind == TypeKind::CharSeq) // a str into 'U', bytes into 'S' (NumPy truncates)
    return elem->is_unicode_chars() ? v->is_string() : is_bytes_value(v);
  return v->is_number() || (v->is_complex() && elem->is_complex());
}

const Type *complex_of(const Type *t) {
  if (t->is_complex())
    return t;
  bool narrow = (t->is_float() && t->bits <= 32) || t->is_bool() ||
                (t->is_int() && t->bits <= 16 && !(t->bits == 16 && !t->is_signed));
  return complex(narrow ? 64 : 128);
}

const Type *array(const Type *dtype, int ndim, char layout, bool readonly) {
  Type t = make(TypeKind::Array);
  t.dtype = dtype;
  t.ndim = ndim;
  t.layout = layout;
  t.readonly = readonly;
  return intern(t);
}

const Type *buffer(const std::string &kind, const Type *dtype, int ndim, char layout,
                   bool readonly) {
  Type t = make(TypeKind::Array);
  t.name = kind;
  t.dtype = dtype;
  t.ndim = ndim;
  t.layout = layout;
  t.readonly = readonly || kind == "bytes"; // (bytes are immutable; Numba prints no prefix)
  return intern(t);
}

const Type *tuple(const std::vector<const Type *> &elems) {
  Type t = make(TypeKind::Tuple);
  t.elems = elems;
  return intern(t);
}

const Type *list_literal(const std::vector<const Type *> &elems) {
  Type t = make(TypeKind::ListLiteral);
  t.elems = elems;
  return intern(t);
}

const Type *range_state(bool is_unsigned) {
  Type t = make(TypeKind::RangeState);
  t.dtype = integer(64, !is_unsigned);
  return intern(t);
}
const Type *slice(bool has_step) {
  Type t = make(TypeKind::Slice);
  t.bits = has_step ? 3 : 2; // Numba's slice3_type / slice2_type
  return intern(t);
}
const Type *iterable(const std::string &kind, const std::vector<const Type *> &inner) {
  Type t = named(TypeKind::Iterable, kind);
  t.elems = inner;
  return intern(t);
}

const Type *iterator(const Type *of) {
  Type t = make(TypeKind::Iterator);
  t.elems = {of};
  return intern(t);
}

const Type *yield_type(const Type *t) {
  switch (t->kind) {
  case TypeKind::RangeState: return t->dtype;
  case TypeKind::Unicode: return t; // one-character strings
  case TypeKind::List: return t->dtype;
  case TypeKind::Generator: return t->dtype;
  case TypeKind::Dict: // its keys; d.values(): its values; d.items(): (key, value)
    if (!t->is_typed_dict())
      return nullptr;
    return t->bits == 0 ? t->elems[0] : t->bits == 1 ? t->elems[1] : tuple(t->elems);
  case TypeKind::Set: return t->dtype;
  case TypeKind::ListLiteral: {
    const Type *l = unliteral(t);
    return l ? l->dtype : nullptr;
  }
  case TypeKind::StringLiteral: return t->bits ? nullptr : unicode();
  case TypeKind::Tuple: return t->is_uniform_tuple() ? t->elems[0] : nullptr;
  case TypeKind::Array:
    // The rows of a C array are C; of a Fortran array, strided.
    return t->ndim == 1 ? element_type(t)
                        : array(t->dtype, t->ndim - 1, t->layout == 'C' ? 'C' : 'A',
                                t->readonly);
  case TypeKind::Iterable: {
    if (t->name == "flatiter") // a.flat: the elements in C order
      return element_type(t->elems[0]);
    std::vector<const Type *> items;
    if (t->name == "enumerate")
      items.push_back(int64());
    for (const Type *inner : t->elems) {
      const Type *y = yield_type(inner);
      if (!y)
        return nullptr;
      items.push_back(y);
    }
    return tuple(items);
  }
  default: return nullptr;
  }
}
const Type *generator(const Type *yield) {
  Type t = make(TypeKind::Generator);
  t.dtype = yield;
  return intern(t);
}
const Type *module(const std::string &n) { return intern(named(TypeKind::Module, n)); }
const Type *function(const std::string &n) { return intern(named(TypeKind::Function, n)); }

const Type *dispatcher(const void *handle, const std::string &n) {
  Type t = named(TypeKind::Dispatcher, n);
  t.handle = handle;
  return intern(t);
}

const Type *closure(const Type *fn, const std::vector<const Type *> &captured,
                    int num_defaults) {
  Type t = *fn;
  t.elems = captured;
  t.bits = num_defaults;
  return intern(t);
}

const Type *intrinsic(const std::string &n) { return intern(named(TypeKind::Intrinsic, n)); }

const Type *bound_method(const Type *self, const std::string &n, const void *overloads) {
  Type t = named(TypeKind::BoundMethod, n);
  t.self = self;
  t.handle = overloads;
  return intern(t);
}

const Type *overloaded(const void *overloads, const std::string &n, const std::string &builtin) {
  Type t = named(TypeKind::Overloaded, n);
  t.handle = overloads;
  t.message = builtin;
  return intern(t);
}

const Type *number_class(const Type *scalar) {
  Type t = make(TypeKind::NumberClass);
  t.dtype = scalar;
  return intern(t);
}

const Type *exception_class(const std::string &n) {
  size_t semi = n.find(';');
  if (semi == std::string::npos)
    return intern(named(TypeKind::ExceptionClass, n));
  std::string name = n.substr(0, semi);
  remember_exception_chain(name, n);
  return intern(named(TypeKind::ExceptionClass, name));
}
const Type *caught_exception() { return intern(make(TypeKind::CaughtException)); }

const Type *class_instance(const void *cls, const std::string &name) {
  Type t = named(TypeKind::ClassInstance, name);
  t.handle = cls;
  return intern(t);
}

void define_class_fields(const Type *t, const std::vector<std::string> &fields,
                         const std::vector<const Type *> &elems) {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  // Types are immutable once made, except this: a class's attributes,
  // set once before any code uses them (the interning key is the class).
  auto *mutable_t = const_cast<Type *>(t);
  if (mutable_t->fields.empty() && mutable_t->elems.empty()) {
    mutable_t->fields = fields;
    mutable_t->elems = elems;
  }
}

const Type *record(const std::vector<std::string> &fields, const std::vector<const Type *> &elems,
                   const std::vector<int64_t> &offsets, int64_t itemsize, bool aligned,
                   const std::vector<std::string> &titles) {
  Type t = make(TypeKind::Record);
  t.fields = fields;
  t.elems = elems;
  t.offsets = offsets;
  t.bits = int(itemsize);
  t.aligned = aligned;
  t.titles = titles;
  return intern(t);
}

int record_field(const Type *record, const std::string &name) {
  auto it = std::find(record->fields.begin(), record->fields.end(), name);
  return it == record->fields.end() ? -1 : int(it - record->fields.begin());
}

const Type *readonly_record(const Type *record) {
  Type t = *record;
  t.readonly = true;
  return intern(t);
}

const Type *record_field_type(const Type *record, int k) {
  const Type *t = record->elems[size_t(k)];
  if (t->kind == TypeKind::NestedArray) // r.v: a C-contiguous view of the sub-array
    return array(t->dtype, int(t->offsets.size()), 'C', record->readonly);
  return record->readonly && t->is_record() ? readonly_record(t) : t;
}

const Type *field_view(const Type *at, int k) {
  const Type *f = at->dtype->elems[size_t(k)];
  if (f->kind == TypeKind::NestedArray)
    return array(f->dtype, at->ndim + int(f->offsets.size()), 'A', at->readonly);
  return array(f, at->ndim, 'A', at->readonly);
}

const Type *nested_array(const Type *dtype, const std::vector<int64_t> &shape) {
  Type t = make(TypeKind::NestedArray);
  t.dtype = dtype;
  t.offsets = shape;
  return intern(t);
}

bool same_record(const Type *a, const Type *b) {
  return a->is_record() && b->is_record() && a->fields == b->fields && a->elems == b->elems &&
         a->offsets == b->offsets && a->bits == b->bits && a->titles == b->titles &&
         a->aligned == b->aligned;
}

const Type *element_type(const Type *a) {
  if (a->dtype->kind == TypeKind::CharSeq) // NumPy reads 'U' as a str, 'S' as bytes
    return element_value(a->dtype);
  return a->readonly && a->dtype->is_record() ? readonly_record(a->dtype) : a->dtype;
}

const Type *object_mode_block(const void *fn, const std::string &name, const Type *outputs) {
  Type t = named(TypeKind::ObjectModeBlock, name);
  t.handle = fn;
  t.dtype = outputs;
  return intern(t);
}

const Type *class_type(const Type *instance) {
  Type t = make(TypeKind::ClassType);
  t.dtype = instance;
  t.handle = instance->handle;
  return intern(t);
}
const Type *string_literal(const std::string &s) {
  return intern(named(TypeKind::StringLiteral, s));
}
const Type *exception(const std::string &n, const std::string &message) {
  return exception(n, message, 0);
}
const Type *exception(const std::string &n, const std::string &message, int count) {
  Type t = named(TypeKind::Exception, n);
  t.message = message;
  t.bits = count;
  return intern(t);
}
const Type *exception_with_text(const std::string &n) {
  Type t = named(TypeKind::Exception, n);
  t.runtime_text = true;
  return intern(t);
}
const Type *formatted_message(const std::string &text, int count) {
  Type t = named(TypeKind::StringLiteral, text);
  t.bits = count;
  return intern(t);
}

const Type *unify(const Type *a, const Type *b) {
  if (a == b)
    return a;
  if (!a || !b)
    return a ? a : b;
  // None meets a value: OptionalType(value), as in Numba.
  bool a_none = a->kind == TypeKind::None, b_none = b->kind == TypeKind::None;
  if (a_none || b_none)
    return optional(unliteral(a_none ? b : a));
  if (a->is_optional() || b->is_optional())
    return optional(unify(strip_optional(a), strip_optional(b)));
  if (a->is_string() && b->is_string()) // two texts, or a text and a run-time str
    return unicode();
  if (a->kind == TypeKind::ListLiteral || b->kind == TypeKind::ListLiteral)
    return unify(unliteral(a), unliteral(b));
  if (a->is_list() && b->is_list()) { // an empty list takes the other's item type
    if (!a->dtype || !b->dtype)
      return a->dtype ? a : b;
    return nullptr; // lists are mutable: list(int64) is no list(float64)
  }
  if (a->is_dict() && b->is_dict()) // an empty dict takes the other's types
    return a->elems.empty() ? b : b->elems.empty() ? a : nullptr;
  if (a->is_set() && b->is_set()) // an empty set takes the other's item type
    return !a->dtype ? b : !b->dtype ? a : nullptr;
  if (a->kind == TypeKind::BoundMethod && b->kind == TypeKind::BoundMethod &&
      a->name == b->name) { // `lst.append` held across a branch, `lst` typed meanwhile
    const Type *self = unify(a->self, b->self);
    if (!self || (self != a->self && self != b->self))
      return nullptr;
    return self == a->self ? a : b;
  }
  if ((a->is_complex() || b->is_complex()) &&
      (a->is_number() || a->is_complex()) && (b->is_number() || b->is_complex())) {
    const Type *ca = complex_of(a), *cb = complex_of(b);
    return ca->bits >= cb->bits ? ca : cb;
  }
  if (a->is_number() && b->is_number()) {
    if (a->is_bool() && b->is_bool())
      return a;
    if (a->is_float() || b->is_float()) {
      int bits = std::max(a->is_float() ? a->bits : 0, b->is_float() ? b->bits : 0);
      return (a->is_int() || b->is_int()) ? float64() : floating(bits);
    }
    // Numba unifies integers as NumPy promotes them: int8 with uint8 is
    // int16, int64 with uint64 is float64 (no integer holds both ranges).
    if (a->is_int() && b->is_int())
      return promote_elementwise(a, b);
    return int64();
  }
  // NaT without a unit (np.datetime64('NaT')) meets a unit: a count of it
  if (a->kind == b->kind && a->is_datetime_like() && (a->name.empty() || b->name.empty()))
    return a->name.empty() ? b : a;
  if (a->is_array() && b->is_array() && a->dtype == b->dtype && a->ndim == b->ndim)
    return array(a->dtype, a->ndim, a->layout == b->layout ? a->layout : 'A',
                 a->readonly || b->readonly);
  // Tuples, and iterators over (or enumerate/zip of) values whose types
  // widen while the typer runs (a loop over `x` where `x` becomes 'A'):
  // element by element.
  bool same_shape = a->kind == b->kind && a->name == b->name && a->handle == b->handle &&
                    a->elems.size() == b->elems.size() &&
                    (a->is_tuple() || a->kind == TypeKind::Iterator ||
                     a->kind == TypeKind::Iterable);
  if (same_shape) {
    std::vector<const Type *> elems;
    for (size_t i = 0; i < a->elems.size(); ++i) {
      const Type *u = unify(a->elems[i], b->elems[i]);
      if (!u)
        return nullptr;
      elems.push_back(u);
    }
    if (a->is_tuple())
      return a->handle ? named_tuple(a->handle, a->name, a->fields, elems) : tuple(elems);
    if (a->kind == TypeKind::Iterator)
      return iterator(elems[0]);
    return iterable(a->name, elems);
  }
  return nullptr;
}

} // namespace types
} // namespace pyrite
