//===- typing/primitives.cpp - the library's container primitives ---------===//
//
// Typing of the C++ primitives that pyrite/_library builds str, list and
// dict behaviour on (_unicode_core.py, _list_core.py, _dict_core.py document
// each); lower/ implements them under the same names.
//
//===----------------------------------------------------------------------===//
#include "typing/typer.h"

#include <algorithm>

namespace pyrite::typing {

/// The list primitives (pyrite/_library/_list_core.py).
const Type *type_list_primitive(const std::string &fn, const std::vector<const Type *> &args,
                                Resolution &out) {
  auto is_index = [](const Type *t) { return t->is_int() || t->is_bool(); };
  if (fn == "empty_list" && args.size() == 2 && is_index(args[1])) {
    // Only its type matters: a value's, or a class's (List.empty_list(int64)).
    const Type *item = args[0]->kind == TypeKind::NumberClass ? args[0]->dtype
                                                              : types::unliteral(args[0]);
    if (!item || item->kind == TypeKind::None)
      return nullptr;
    out.param_types = {args[0], types::int64()};
    return types::list(item);
  }
  if (fn == "item_of" && args.size() == 1) {
    const Type *item = types::unliteral(args[0]) ? types::yield_type(types::unliteral(args[0]))
                                                 : nullptr;
    if (!item)
      return nullptr;
    out.param_types = {args[0]};
    return item;
  }
  if (fn == "is_same" && args.size() == 2) {
    out.param_types = args;
    return types::boolean();
  }
  if (fn == "slice_indices" && args.size() == 2 && args[0]->kind == TypeKind::Slice &&
      is_index(args[1])) {
    out.param_types = {args[0], types::int64()};
    return types::tuple({types::int64(), types::int64(), types::int64()});
  }
  if (args.empty() || !args[0]->is_list() || !args[0]->dtype)
    return nullptr;
  if (fn == "set_item" && args.size() == 3 && is_index(args[1]) &&
      storable_in_list(args[2], args[0]->dtype)) {
    out.param_types = {args[0], types::int64(), args[0]->dtype};
    return types::none();
  }
  for (size_t k = 1; k < args.size(); ++k)
    if (!is_index(args[k]))
      return nullptr;
  out.param_types.assign(args.size(), types::int64());
  out.param_types[0] = args[0];
  if (fn == "empty_like" && args.size() == 2)
    return args[0];
  if (fn == "item" && args.size() == 2)
    return args[0]->dtype;
  if ((fn == "delete" || fn == "open_gap") && args.size() == 3)
    return types::none();
  if (fn == "reserve" && args.size() == 2)
    return types::none();
  return nullptr;
}

/// The str primitives (pyrite/_library/_unicode_core.py): parameter kinds
/// ('s' a str, 'i' an int64, 'f' a float64) and the result.
const Type *type_unicode_primitive(const std::string &fn, const std::vector<const Type *> &args,
                                   Resolution &out) {
  struct Row {
    const char *name, *params;
    const Type *(*result)();
  };
  static const Row rows[] = {
      {"kind", "s", types::int64},          {"code_point", "si", types::int64},
      {"new", "ii", types::unicode},        {"set_code_point", "sii", types::none},
      {"copy", "sisii", types::none},       {"char", "i", types::unicode},
      {"compare", "ss", types::int64},      {"equal", "ss", types::boolean},
      {"find", "ssii", types::int64},       {"rfind", "ssii", types::int64},
      {"substring", "sii", types::unicode}, {"float_repr", "f", types::unicode},
      {"flags", "i", types::int64},         {"case_mapping", "ii", types::int64},
      {"format_float", "fiii", types::unicode}, {"parse_float", "s", types::float64},
      {"hash", "s", types::int64},
  };
  for (const Row &row : rows) {
    if (fn != row.name)
      continue;
    std::string params = row.params;
    if (args.size() != params.size())
      return nullptr;
    for (size_t k = 0; k < args.size(); ++k) {
      bool ok = params[k] == 's' ? args[k]->is_string()
                                 : args[k]->is_int() || args[k]->is_bool() ||
                                       (params[k] == 'f' && args[k]->is_float());
      if (!ok)
        return nullptr;
      out.param_types.push_back(params[k] == 's'   ? types::unicode()
                                : params[k] == 'i' ? types::int64()
                                                   : types::float64());
    }
    return row.result();
  }
  return nullptr;
}


/// The dict primitives (pyrite/_library/_dict_core.py); sets are dicts'
/// tables too, with bools for values.
const Type *type_dict_primitive(const std::string &fn, const std::vector<const Type *> &args,
                                Resolution &out, std::string &why) {
  // What a key or value sample stands for: the unified items of a tuple
  // (a dict display's keys), a scalar class (Dict.empty(int64, ...)), or
  // a value's own type.
  auto sample_type = [](const Type *t, bool &empty) -> const Type * {
    if (t->kind == TypeKind::NumberClass)
      return t->dtype;
    if (!t->is_tuple())
      return types::unliteral(t);
    empty = t->elems.empty();
    const Type *u = nullptr;
    for (const Type *e : t->elems) {
      u = u ? types::unify(u, types::unliteral(e)) : types::unliteral(e);
      if (!u)
        return nullptr;
    }
    return u;
  };
  if (fn == "empty_of" && args.size() == 2) {
    bool no_keys = false, no_values = false;
    const Type *key = sample_type(args[0], no_keys), *value = sample_type(args[1], no_values);
    out.param_types = args;
    if (no_keys && no_values)
      return types::dict(nullptr, nullptr); // `{}`: typed by its first d[k] = v
    if (!key || !value) {
      why = "the keys, or the values, of a dict display must have one type (numbers unify)";
      return nullptr;
    }
    if (!dict_key_type(key)) {
      why = "unhashable dict key type " + key->display +
            " (keys can be numbers, str and tuples of these)";
      return nullptr;
    }
    if (!storable_type(value)) {
      why = "cannot store " + value->display + " as a dict value";
      return nullptr;
    }
    return types::dict(key, value);
  }
  if (fn == "set_of" && args.size() == 1) { // {a, b, ...}, set(): a set of unified items
    bool no_items = false;
    const Type *item = sample_type(args[0], no_items);
    out.param_types = args;
    if (no_items)
      return types::set(nullptr); // set(): typed by its first add()
    if (!item || !dict_key_type(item)) {
      why = item ? "unhashable set item type " + item->display +
                       " (items can be numbers, str and tuples of these)"
                 : "the items of a set display must have one type (numbers unify)";
      return nullptr;
    }
    return types::set(item);
  }
  if ((fn == "values_view" || fn == "items_view") && args.size() == 1 &&
      args[0]->is_typed_dict() && !args[0]->bits) {
    out.param_types = args;
    return types::dict(args[0]->elems[0], args[0]->elems[1], fn == "values_view" ? 1 : 2);
  }
  if (fn == "parts" && args.size() == 1 && args[0]->is_typed_table()) {
    out.param_types = args;
    return types::dict_parts(args[0]);
  }
  // Entry and slot access without taking the lists out (no references
  // counted): name, parameters after the dict ('i' an index, 'k' a key,
  // 'v' a value, 'h' an int64), and the result (K, V, int64 or none).
  struct Row {
    const char *name, *params;
    char result;
  };
  static const Row rows[] = {
      {"entries", "", 'i'},      {"slots", "", 'i'},          {"hashed", "", 'i'},          {"key_at", "i", 'k'},
      {"value_at", "i", 'v'},    {"hash_at", "i", 'i'},       {"slot_at", "i", 'i'},
      {"set_slot", "ih", 'n'},   {"set_hash", "ih", 'n'},     {"set_value", "iv", 'n'},
      {"append", "kvh", 'n'},
  };
  for (const Row &row : rows) {
    std::string params = row.params;
    if (fn != row.name || args.size() != params.size() + 1 || !args[0]->is_typed_table())
      continue;
    const Type *key = types::table_key(args[0]), *value = types::table_value(args[0]);
    out.param_types = {args[0]};
    for (size_t k = 0; k < params.size(); ++k) {
      const Type *a = args[k + 1];
      const Type *want = params[k] == 'k' ? key : params[k] == 'v' ? value : types::int64();
      bool ok = params[k] == 'k' || params[k] == 'v' ? storable_in_list(a, want) ||
                                                           types::unliteral(a) == want
                                                     : a->is_int() || a->is_bool();
      if (!ok)
        return nullptr;
      out.param_types.push_back(want);
    }
    return row.result == 'k' ? key : row.result == 'v' ? value
                               : row.result == 'i' ? types::int64() : types::none();
  }
  if (fn == "hash_float" && args.size() == 1 && args[0]->is_number()) {
    out.param_types = {types::float64()};
    return types::int64();
  }
  return nullptr;
}

bool dict_key_type(const Type *t) {
  if (t->is_number() || t->is_complex() || t->kind == TypeKind::Unicode)
    return true;
  if (t->is_tuple()) {
    for (const Type *e : t->elems)
      if (!dict_key_type(e))
        return false;
    return true;
  }
  return false;
}

bool storable_type(const Type *t) {
  if (t->is_number() || t->is_complex() || t->kind == TypeKind::Unicode || t->is_array() ||
      (t->is_typed_table() && !t->bits) || (t->is_list() && t->dtype) || t->is_class_instance())
    return true;
  if (t->is_optional())
    return storable_type(t->dtype);
  if (t->is_tuple()) {
    for (const Type *e : t->elems)
      if (!storable_type(e))
        return false;
    return true;
  }
  return false;
}

/// The try/except primitives (pyrite/_library/_exceptions.py).
const Type *type_exception_primitive(const std::string &fn, const std::vector<const Type *> &args,
                                     Resolution &out, std::string &why) {
  auto is_class = [](const Type *t) { return t->kind == TypeKind::ExceptionClass; };
  bool caught = !args.empty() && args[0]->kind == TypeKind::CaughtException;
  out.param_types = args;
  if (fn == "catch" && args.empty())
    return types::caught_exception();
  if (fn == "message" && args.size() == 1 && caught)
    return types::unicode();
  if (fn == "matches" && args.size() == 2 && caught) {
    const Type *cls = args[1];
    if (is_class(cls) ||
        (cls->is_tuple() && std::all_of(cls->elems.begin(), cls->elems.end(), is_class)))
      return types::boolean();
    why = "`except` takes an exception class or a tuple of them, not " + cls->display;
  }
  return nullptr;
}

bool storable_in_attribute(const Type *from, const Type *to) {
  // Any integer into an integer attribute (wrapping at its width) and an
  // integer into a bool one (nonzero is True), as Numba stores them.
  const Type *t = types::unliteral(from);
  if (t && (t->is_int() || t->is_bool()) && (to->is_int() || to->is_bool()))
    return true;
  return storable_in_list(from, to);
}

/// The @jitclass primitives (pyrite/_library/_jitclass_core.py).
const Type *type_jitclass_primitive(const std::string &fn, const std::vector<const Type *> &args,
                                    Resolution &out, std::string &why) {
  out.param_types = args;
  if (fn == "new" && args.size() == 1 && args[0]->kind == TypeKind::ClassType)
    return args[0]->dtype;
  if (fn == "is_same" && args.size() == 2 && args[0]->is_class_instance() &&
      args[1]->is_class_instance())
    return types::boolean();
  const Type *obj = types::strip_optional(args[0]); // (None raises TypeError)
  if (fn != "set_field" || args.size() != 3 || !obj->is_class_instance() ||
      args[1]->kind != TypeKind::StringLiteral)
    return nullptr;
  out.param_types[0] = obj;
  auto field = std::find(obj->fields.begin(), obj->fields.end(), args[1]->name);
  if (field == obj->fields.end()) {
    why = "the jitclass " + obj->name + " has no attribute '" + args[1]->name + "'";
    return nullptr;
  }
  const Type *ft = obj->elems[size_t(field - obj->fields.begin())];
  if (!storable_in_attribute(args[2], ft)) {
    why = "cannot store " + args[2]->display + " in attribute '" + args[1]->name + "' of " +
          obj->name + ", which holds " + ft->display;
    return nullptr;
  }
  out.param_types[2] = ft;
  return types::none();
}

} // namespace pyrite::typing
