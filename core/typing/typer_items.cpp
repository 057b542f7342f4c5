//===- typing/typer_items.cpp - indexing ------------------------------------===//
//
/// \file
/// Indexing and item assignment: integers, slices, masks and index arrays
/// on arrays; tuples; unpacking.
//
//===----------------------------------------------------------------------===//
#include "typing/typer_impl.h"

#include <algorithm>

namespace pyrite::typing {

/// Whether index `idx` is an array or a tuple holding one.
static bool holds_an_array(const Type *idx) {
  return idx->is_array() ||
         (idx->is_tuple() && std::any_of(idx->elems.begin(), idx->elems.end(),
                                         [](const Type *e) { return e->is_array(); }));
}

const Type *Typer::getitem(const Inst &in) {
  const Type *obj = types::strip_optional(value(in.args[0])), *idx = value(in.args[1]);
  Resolution r;
  if (obj->kind == TypeKind::ListLiteral && types::unliteral(obj) &&
      (idx->is_int() || idx->is_bool() || idx->kind == TypeKind::Slice))
    obj = types::unliteral(obj); // [a, b, c][i]
  if (obj->is_list() && obj->dtype) { // lst[i] and lst[a:b:c] (lower_lists.cpp)
    if (idx->is_int() || idx->is_bool())
      return obj->dtype;
    if (idx->kind == TypeKind::Slice)
      return obj;
    typing_error("list indices must be integers or slices, not " + idx->display, in.pos);
  }
  if (obj->is_string()) { // s[i] and s[a:b:c] (lower_strings.cpp)
    if (!idx->is_int() && !idx->is_bool() && idx->kind != TypeKind::Slice)
      typing_error("string indices must be integers or slices, not " + idx->display, in.pos);
    return types::unicode();
  }
  if (obj->is_record()) // r['x'] or r[0]: a field's value (lower_records.cpp)
    return types::record_field_type(obj, record_field_of(in, obj));
  if (types::is_flatiter(obj)) { // a.flat[i] (lower_flat.cpp); a bool is a mask to NumPy
    if (!idx->is_int())
      typing_error("a.flat takes an integer index in compiled code, not " + idx->display +
                       " (use a.ravel()[...] for slices and index arrays)",
                   in.pos);
    return types::yield_type(obj);
  }
  if (obj->is_array() && obj->dtype->is_record()) {
    if (idx->kind == TypeKind::StringLiteral) { // a['x']: a strided view of that field
      int k = record_field_of(in, obj->dtype);
      return types::field_view(obj, k);
    }
    bool by_array = holds_an_array(idx);
    if (by_array)
      typing_error("indexing a structured array by an array is not supported yet: index it "
                   "by integers and slices",
                   in.pos);
  }
  // (a 1-d array's own mask and index array take the paths below)
  if (types::FancyIndex f = types::fancy_index(obj, idx); f.array_item >= 0 &&
      !(idx->is_array() && obj->ndim == 1)) {
    r.builtin = "fancy"; // a[:, idx], v[idx, 0], X[rows]: a copy (lower_fancy.cpp)
    out_->resolutions[in.result] = r;
    return types::array(obj->dtype, f.ndim, 'C');
  }
  if (obj->is_array() && idx->is_array()) {
    // a[mask] (a boolean array of a's shape) and a[indices] (a 1-d integer
    // array into a 1-d array): copies, as in NumPy.
    bool mask = idx->dtype->is_bool() && idx->ndim == obj->ndim;
    bool fancy = idx->dtype->is_int() && idx->ndim == 1 && obj->ndim == 1;
    if (!mask && !fancy)
      typing_error("cannot index " + obj->display + " with " + idx->display +
                       " (boolean masks of the same shape and 1-d integer arrays into "
                       "1-d arrays are supported)",
                   in.pos);
    r.builtin = mask ? "mask" : "take";
    out_->resolutions[in.result] = r;
    return types::array(obj->dtype, 1, 'C');
  }
  if (obj->is_array()) {
    auto [rest, sliced] = index_shape(obj, idx, in.pos);
    if (rest == 0 && !sliced)
      return types::element_type(obj); // a[i, j]; a[..., i] of a 1-d array is a 0-d view
    return types::array(obj->dtype, rest, view_layout(obj, idx), obj->readonly);
  }
  if (obj->is_tuple() && (idx->is_int() || idx->is_bool())) {
    if (const ir::Constant *c = literal(in.args[1])) {
      int64_t n = int64_t(obj->elems.size()), k = c->i < 0 ? c->i + n : c->i;
      if (k < 0 || k >= n)
        typing_error("tuple index out of range", in.pos);
      r.constant = *c;
      r.constant->i = k;
      out_->resolutions[in.result] = r;
      return obj->elems[k];
    }
    if (obj->is_uniform_tuple())
      return obj->elems[0];
    typing_error("a heterogeneous tuple needs a constant index", in.pos);
  }
  if (obj->is_tuple() && idx->kind == TypeKind::Slice)
    return tuple_slice(in, obj);
  if (const Type *t = operator_overload(in, "getitem", {obj, idx}, {0, 1}))
    return t; // the library's (range(...)[i])
  typing_error("cannot index " + obj->display + " with " + idx->display, in.pos);
}

int Typer::record_field_of(const Inst &in, const Type *record) {
  const Type *key = value(in.args[1]);
  int k = -1;
  if (key->kind == TypeKind::StringLiteral && !key->bits) {
    k = types::record_field(record, key->name);
    if (k < 0) {
      std::string names;
      for (const std::string &f : record->fields)
        names += (names.empty() ? "" : ", ") + f;
      typing_error("no field of name '" + key->name + "' in " + record->display +
                       " (its fields: " + names + ")",
                   in.pos);
    }
  } else if (const ir::Constant *c = key->is_int() ? literal(in.args[1]) : nullptr) {
    int64_t n = int64_t(record->fields.size()), i = c->i < 0 ? c->i + n : c->i;
    if (i < 0 || i >= n)
      typing_error("record index " + std::to_string(c->i) + " is out of range for " +
                       std::to_string(n) + " fields",
                   in.pos);
    k = int(i);
  } else {
    typing_error("a record is indexed by a constant field name or position, not " +
                     key->display,
                 in.pos);
  }
  return k;
}

const Type *Typer::tuple_slice(const Inst &in, const Type *tuple) {
  // The items a slice of constants selects, by CPython's slice arithmetic
  // (PySlice_Unpack + PySlice_AdjustIndices); the resolution lists them.
  auto def = def_of_.find(in.args[1]);
  std::optional<int64_t> bounds[3];
  bool constant = def != def_of_.end() && def->second->op == Opcode::BuildSlice;
  for (size_t k = 0; constant && k < def->second->args.size(); ++k) {
    const ir::Constant *c = literal(def->second->args[k]);
    if (!c || (c->kind != ir::Constant::Kind::Int && c->kind != ir::Constant::Kind::Bool &&
               c->kind != ir::Constant::Kind::None))
      constant = false;
    else if (c->kind != ir::Constant::Kind::None)
      bounds[k] = c->i;
  }
  if (!constant)
    typing_error("a tuple can be sliced by constants only (its length is part of its type)",
                 in.pos);
  int64_t n = int64_t(tuple->elems.size()), step = bounds[2].value_or(1);
  if (step == 0)
    typing_error("slice step cannot be zero", in.pos);
  auto adjust = [&](std::optional<int64_t> given, int64_t missing) {
    if (!given)
      return missing;
    int64_t x = *given;
    if (x < 0)
      return std::max(x + n, step < 0 ? int64_t(-1) : int64_t(0));
    return std::min(x, step < 0 ? n - 1 : n);
  };
  int64_t start = adjust(bounds[0], step < 0 ? n - 1 : 0);
  int64_t stop = adjust(bounds[1], step < 0 ? -1 : n);
  Resolution r;
  r.constant = ir::Constant{};
  r.constant->kind = ir::Constant::Kind::Tuple;
  std::vector<const Type *> elems;
  for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
    ir::Constant index;
    index.kind = ir::Constant::Kind::Int;
    index.i = i;
    r.constant->items.push_back(index);
    elems.push_back(tuple->elems[size_t(i)]);
  }
  out_->resolutions[in.result] = r;
  return types::tuple(elems);
}

std::pair<int, bool> Typer::index_shape(const Type *arr, const Type *idx,
                                 const bytecode::Position &pos) {
  std::vector<const Type *> idxs = idx->is_tuple() ? idx->elems
                                                   : std::vector<const Type *>{idx};
  int rest = arr->ndim, consumed = 0, ellipses = 0;
  bool sliced = false;
  for (const Type *t : idxs) {
    if (t->kind == TypeKind::Slice) {
      sliced = true;
      ++consumed;
    } else if (t->kind == TypeKind::None) { // np.newaxis: a new dimension of length 1
      sliced = true;
      ++rest;
    } else if (t->kind == TypeKind::Ellipsis) { // `...`: every dimension not indexed
      sliced = true;
      if (++ellipses > 1)
        typing_error("an index can only have a single ellipsis ('...')", pos);
    } else if (t->is_bool())
      // NumPy reads a boolean scalar as a 0-d mask (a[True] is every
      // element under a new axis), not as the integer 1.
      typing_error("indexing an array with a boolean scalar (" + idx->display +
                       ") is a 0-d mask in NumPy, which pyrite does not support; "
                       "index with an integer",
                   pos);
    else if (t->is_int()) {
      --rest;
      ++consumed;
    } else {
      typing_error("array index must be integers, slices, None or `...`, not " +
                       idx->display + " (an array inside an index tuple is not supported yet)",
                   pos);
    }
  }
  if (consumed > arr->ndim)
    typing_error("too many indices for " + arr->display, pos);
  return {rest, sliced};
}

char Typer::view_layout(const Type *arr, const Type *idx) {
  if (arr->layout != 'C')
    return 'A'; // (a view of a Fortran array is Fortran only in a few cases)
  std::vector<const Type *> items = idx->is_tuple() ? idx->elems
                                                    : std::vector<const Type *>{idx};
  for (size_t k = 0; k < items.size(); ++k) {
    if (items[k]->kind == TypeKind::None || items[k]->kind == TypeKind::Ellipsis)
      return 'A'; // (C for some, e.g. a[...]: 'A' is always right)
    bool last = k + 1 == items.size();
    bool keeps = items[k]->is_int() || items[k]->is_bool() ||
                 (last && items[k]->kind == TypeKind::Slice && items[k]->bits == 2);
    if (!keeps)
      return 'A';
  }
  return 'C';
}

void Typer::setitem(const Inst &in) {
  const Type *obj = types::strip_optional(value(in.args[0])), *idx = value(in.args[1]),
             *v = value(in.args[2]);
  if (obj->is_list() && obj->dtype) { // lst[i] = v (lower_lists.cpp)
    if (idx->kind == TypeKind::Slice && in.result >= 0) { // the library's operator.setitem
      if (operator_overload(in, "setitem", {obj, idx, v}, {0, 1, 2}))
        return;
      typing_error("cannot assign " + v->display + " to a slice of " + obj->display +
                       " (an iterable of items the list can hold is needed)",
                   in.pos);
    }
    if (!idx->is_int() && !idx->is_bool())
      typing_error("list indices must be integers or slices, not " + idx->display, in.pos);
    if (!storable_in_list(v, obj->dtype))
      typing_error("cannot store " + v->display + " into an item of " + obj->display, in.pos);
    return;
  }
  if (obj->is_dict()) {
    if (obj->elems.empty()) { // `d = {}` then `d[k] = v`: d maps k's type to v's
      refine_empty_dict(in, idx, v);
      return;
    }
    if (in.result >= 0 && operator_overload(in, "setitem", {obj, idx, v}, {0, 1, 2}))
      return; // the library's (pyrite/_library/dicts.py)
    typing_error("cannot store " + v->display + " under a key of type " + idx->display +
                     " in " + obj->display,
                 in.pos);
  }
  if (obj->is_class_instance() && in.result >= 0 &&
      operator_overload(in, "setitem", {obj, idx, v}, {0, 1, 2}))
    return; // the class's __setitem__ (pyrite/_library/jitclass.py)
  if (types::is_flatiter(obj)) { // a.flat[i] = v (lower_flat.cpp)
    const Type *at = obj->elems[0];
    if (!idx->is_int())
      typing_error("a.flat takes an integer index in compiled code, not " + idx->display,
                   in.pos);
    if (at->readonly)
      typing_error("cannot assign to items of the read-only array " + at->display +
                       " through .flat (modify a copy() instead)",
                   in.pos);
    // a real number, or a complex one into a complex array (as a[i] = v)
    if (at->dtype->is_record() || !types::storable_scalar(v, at->dtype))
      typing_error("cannot store " + v->display + " into an element of " + at->display,
                   in.pos);
    return;
  }
  if (obj->is_record()) { // r['x'] = v (lower_records.cpp)
    int k = record_field_of(in, obj);
    const Type *field = obj->elems[size_t(k)];
    if (obj->readonly)
      typing_error("cannot assign to field '" + obj->fields[size_t(k)] +
                       "' of a record of a read-only array",
                   in.pos);
    bool storable;
    if (field->is_record()) // a nested record: its bytes
      storable = types::same_record(v, field);
    else if (field->kind == TypeKind::NestedArray) // r.v = x: a number or an array, broadcast
      storable = v->is_number() || (v->is_complex() && field->dtype->is_complex()) ||
                 (v->is_array() && v->ndim <= int(field->offsets.size()) &&
                  (v->dtype->is_number() || (v->dtype->is_complex() && field->dtype->is_complex())));
    else
      storable = types::storable_scalar(v, field);
    if (!storable)
      typing_error("cannot store " + v->display + " into field '" + obj->fields[size_t(k)] +
                       "' (" + field->display + ") of " + obj->display,
                   in.pos);
    return;
  }
  if (!obj->is_array())
    typing_error("cannot assign to items of " + obj->display, in.pos);
  check_writable(in.args[0], in.pos, "assign to items of");
  if (obj->dtype->is_record()) { // a[i] = record of the same dtype: its bytes
    if (idx->kind == TypeKind::StringLiteral) { // a['x'] = v: every element's field
      int k = record_field_of(in, obj->dtype);
      const Type *field = obj->dtype->elems[size_t(k)];
      const Type *view = types::field_view(obj, k); // (a nested record's: refused)
      bool scalar = types::storable_scalar(v, view->dtype);
      bool array = v->is_array() && v->ndim <= view->ndim &&
                   (v->dtype->is_number() || (v->dtype->is_complex() && view->dtype->is_complex()));
      if ((scalar || array) && !view->dtype->is_record())
        return;
      typing_error("cannot store " + v->display + " into field '" + obj->dtype->fields[size_t(k)] +
                       "' (" + field->display + ") of " + obj->display,
                   in.pos);
    }
    bool by_array = holds_an_array(idx);
    if (by_array)
      typing_error("assigning through an index array or mask of a structured array is not "
                   "supported yet: assign its elements one by one",
                   in.pos);
    auto [rest, sliced] = index_shape(obj, idx, in.pos);
    if (rest == 0 && !sliced && types::same_record(v, obj->dtype))
      return;
    if (rest > 0 && v->is_array() && v->ndim <= rest && types::same_record(v->dtype, obj->dtype))
      return; // a[1:3] = b[:2]: element by element (lower_arrays.cpp: copy_into)
    if (rest > 0 || sliced)
      typing_error("assigning " + v->display + " to a slice of a structured array is not "
                   "supported yet (an array of its dtype is): assign its elements or fields "
                   "one by one",
                   in.pos);
    typing_error("cannot store " + v->display + " into " + obj->display +
                     ": an element of a structured array takes a record of its dtype "
                     "(assign the fields one by one: a[i].x = ...)",
                 in.pos);
  }
  bool same_shape_mask = idx->is_array() && idx->dtype->is_bool() && idx->ndim == obj->ndim;
  bool text = obj->dtype->kind == TypeKind::CharSeq;
  if (same_shape_mask && !text && types::storable_scalar(v, obj->dtype))
    return; // a[mask] = scalar
  if (types::FancyIndex f = types::fancy_index(obj, idx); f.array_item >= 0) {
    // m[:, idx] = v: a scalar, or an array that broadcasts to the selection.
    bool scalar = !text && types::storable_scalar(v, obj->dtype);
    if (scalar || (v->is_array() && v->dtype->is_number() && v->ndim <= f.ndim))
      return;
    typing_error("cannot store " + v->display + " into " + obj->display + " indexed by " +
                     idx->display,
                 in.pos);
  }
  if (idx->is_array())
    typing_error("assigning through " + idx->display + " is supported for a boolean mask of " +
                     "the same shape (with a scalar) and for a 1-d integer or boolean array",
                 in.pos);
  auto [rest, sliced] = index_shape(obj, idx, in.pos);
  (void)sliced;
  // A scalar: a real number, or a complex one into a complex array (the
  // imaginary part has nowhere to go in a real array).
  bool scalar = types::storable_scalar(v, obj->dtype);
  if (!scalar && v->is_datetime_like() && obj->dtype->is_datetime_like()) {
    if (operator_overload(in, "setitem", {obj, idx, v}, {0, 1, 2}))
      return; // another unit: converted by the library (numpy_datetime.py)
    typing_error("cannot store " + v->display + " into " + obj->display +
                     " (NumPy: Cannot cast from " + v->display + " to " + obj->dtype->display +
                     " according to the rule 'same_kind')",
                 in.pos);
  }
  if (rest == 0 && scalar)
    return;
  // (datetime64/timedelta64 and text elements copy from an array of their
  // own type only)
  auto own_type_only = [](const Type *t) {
    return t->is_datetime_like() || t->kind == TypeKind::CharSeq;
  };
  bool copyable = v->is_array() && v->ndim <= rest &&
                  (v->dtype == obj->dtype ||
                   !(own_type_only(v->dtype) || own_type_only(obj->dtype)));
  if (rest > 0 && (scalar || copyable))
    return; // fill with a scalar, or copy an array broadcast to the target's shape
  if (rest > 0 && v->is_array() && v->dtype->is_datetime_like() &&
      obj->dtype->is_datetime_like() &&
      operator_overload(in, "setitem", {obj, idx, v}, {0, 1, 2}))
    return; // another unit: converted by the library (numpy_datetime.py)
  typing_error("cannot store " + v->display + " into " + obj->display +
                   (v->is_array() ? " (NumPy: could not broadcast input array of " +
                                        std::to_string(v->ndim) + " dimensions into " +
                                        std::to_string(rest) + ")"
                                  : ""),
               in.pos);
}

void Typer::refine_table(const Inst &in, int table, const Type *t) {
  auto def = def_of_.find(table);
  const Inst *origin = def == def_of_.end() ? nullptr : def->second;
  if (origin && origin->op == Opcode::GetAttr) // s.add: the set is the attribute's object
    if (auto obj = def_of_.find(origin->args[0]); obj != def_of_.end())
      origin = obj->second;
  if (origin && origin->op == Opcode::LoadLocal) {
    set_local(origin->name, t, in.pos); // the next round types the uses
    return;
  }
  if (origin && origin->op == Opcode::Call) { // a display filled on the stack
    auto &slot = display_types_[origin->result];
    if (slot != t) {
      slot = t;
      changed_ = true;
    }
    return;
  }
  typing_error("cannot infer the types of an empty dict or set that is not in a variable: "
               "assign it to a variable first, or use Dict.empty(key_type, value_type)",
               in.pos);
}

void Typer::refine_empty_dict(const Inst &in, const Type *key, const Type *value) {
  const Type *k = types::unliteral(key), *v = types::unliteral(value);
  if (!k || !dict_key_type(k))
    typing_error("unhashable dict key type " + key->display +
                     " (keys can be numbers, str and tuples of these)",
                 in.pos);
  if (!v || !storable_type(v))
    typing_error("cannot store " + value->display + " as a dict value", in.pos);
  refine_table(in, in.args[0], types::dict(k, v));
}

void Typer::refine_empty_set(const Inst &in, const Type *method, const Type *arg) {
  // `s = set()` then `s.add(x)` (or s.update(items)): s holds x's type.
  // (d.update(other) of an empty dict `{}` takes other's types.)
  const Type *self = method->self, *given = types::unliteral(arg);
  if (self->is_dict()) {
    if (method->name == "update" && arg->is_typed_dict() && !arg->bits)
      refine_table(in, in.args[0], arg);
    return;
  }
  const Type *item = nullptr;
  if (method->name == "add") {
    item = given;
  } else if (method->name == "update" && given && given->is_tuple()) {
    for (const Type *e : given->elems) // {1, 2.5, 3}: the items unified
      item = item ? types::unify(item, types::unliteral(e)) : types::unliteral(e);
  } else if (method->name == "update" && given) {
    item = types::yield_type(given);
  }
  if (!item)
    return; // typed once something else gives the set its type, or refused then
  if (!dict_key_type(item))
    typing_error("unhashable set item type " + item->display +
                     " (items can be numbers, str and tuples of these)",
                 in.pos);
  refine_table(in, in.args[0], types::set(item));
}

const Type *Typer::extract(const Inst &in) {
  const Type *seq = types::strip_optional(value(in.args[0]));
  if (seq->kind == TypeKind::ListLiteral && types::unliteral(seq))
    seq = types::unliteral(seq);
  if (seq->is_list() && seq->dtype)
    return seq->dtype; // a, b = lst: its length is checked when it runs
  if (!seq->is_tuple())
    typing_error("cannot unpack " + seq->display, in.pos);
  if (size_t(in.constant.i) != seq->elems.size())
    typing_error("cannot unpack " + seq->display + " into " + std::to_string(in.constant.i) +
                     " values",
                 in.pos);
  return seq->elems[in.sub];
}

} // namespace pyrite::typing
