//===- ir/types.h - pyrite's type lattice ---------------------------------===//
//
/// \file
/// Types as the typer sees them, named as Numba names them (int64, float64,
/// array(float64, 2d, C), UniTuple(int64, 2), ...). Types are interned: two
/// equal types are the same pointer, so comparing types is comparing pointers.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pyrite {

enum class TypeKind : uint8_t {
  None,
  Bool,
  Int,
  Float,
  Array,
  Tuple,        ///< heterogeneous or uniform tuple, by value
  ListLiteral,  ///< [a, b, ...] read once (np.array([...])): a tuple underneath
  RangeState,   ///< the value of range(...); dtype: int64, or uint64 for unsigned bounds
  Slice,        ///< slice(start, stop, step), each possibly None
  Iterable,     ///< enumerate(...) or zip(...) of other iterables (name says which)
  Iterator,     ///< iter(x) of an iterable elems[0]: mutable state in a stack slot
  Module,       ///< a Python module object (name)
  Function,     ///< a known global function (qualified name, e.g. "math.sqrt")
  Dispatcher,   ///< another @jit function (handle identifies it); with elems, a
                ///< closure: an inner function holding the values it captured
  Intrinsic,    ///< a target intrinsic by its Python-visible name
  BoundMethod,  ///< `self.name` awaiting a call
  NumberClass,  ///< a scalar type used as a value, e.g. np.float32 as dtype
  ExceptionClass, ///< a builtin exception class, e.g. ValueError
  StringLiteral,  ///< a compile-time str constant (exception messages)
  Exception,    ///< an exception instance awaiting `raise`
  Overloaded,   ///< a function with @overload implementations (handle: their registry)
  Optional,     ///< a value of type dtype, or None (Numba's OptionalType)
  Unicode,      ///< a str value at run time (Numba's unicode_type; data_model.h)
  List,         ///< a Python list of dtype items (null dtype: an empty list whose
                ///< item type is not known yet); data_model.h
  Generator,    ///< a running generator yielding dtype values; data_model.h
  Dict,         ///< a dict of elems[0] keys and elems[1] values (no elems: an empty
                ///< dict whose types are not known yet); data_model.h
  Complex,      ///< complex64 or complex128 (bits: the whole value's width)
  Set,          ///< a set of dtype items (null dtype: an empty set whose item type
                ///< is not known yet); a dict's table without values (data_model.h)
  CaughtException, ///< the exception a handler caught (`except E as e`): its class
                   ///< chain and message, known at run time (data_model.h)
  ClassInstance, ///< an instance of a @jitclass (handle: its Python class; fields and
                 ///< elems: its attributes' names and types); a reference (data_model.h)
  ClassType,     ///< a @jitclass used as a value (dtype: its instance type): called to
                 ///< make an instance, its static methods read from it
  ObjectModeBlock, ///< an `objmode` block lifted into a Python function (handle), called
                   ///< with its inputs; dtype: the tuple of its declared outputs
  Ellipsis,        ///< the constant `...` (an array index); no run-time representation
  Record,          ///< an element of a structured array (Numba's Record): fields name
                   ///< elems at offsets, bits is its itemsize in bytes; its value is
                   ///< a reference to the element (data_model.h: RecordHeader), so
                   ///< `a[i].x = v` writes the array
  NestedArray,     ///< a Record's sub-array field (Numba's NestedArray): dtype
                   ///< elements of the fixed C-ordered shape `offsets`; read as an
                   ///< array view into the element (record_field_type)
  Datetime,        ///< np.datetime64 in the unit `name` ("Y" ... "as", "" for
                   ///< NumPy's generic unit): an int64 count of units since
                   ///< 1970-01-01, NaT the least int64 (Numba's NPDatetime);
                   ///< its arithmetic is the library's (numpy_datetime.py)
  Timedelta,       ///< np.timedelta64 in the unit `name`: an int64 count of
                   ///< units, NaT the least int64 (Numba's NPTimedelta)
  CharSeq,         ///< a fixed-width text element of a NumPy 'U' (name "U": UCS4
                   ///< code points) or 'S' (name "S": bytes) array, `bits`
                   ///< characters wide (Numba's UnicodeCharSeq / CharSeq); only
                   ///< an array's dtype: an element reads as a str or as bytes
                   ///< (types::element_value)
};

struct Type {
  TypeKind kind = TypeKind::None;
  int bits = 0;                     ///< Int/Float width; Slice: 2 or 3 parts; run-time
                                    ///< values of a formatted message or exception;
                                    ///< a closure's defaults (the last bits elems)
  bool is_signed = true;            ///< Int
  const Type *dtype = nullptr;      ///< Array element; NumberClass's type
  int ndim = 0;                     ///< Array
  char layout = 'C';                ///< Array: 'C' contiguous, 'F' Fortran-contiguous
                                    ///< (2-d or more), or 'A' any strides
  bool readonly = false;            ///< Array: its elements cannot be written (Numba's mutable=False)
  bool runtime_text = false;        ///< Exception: its message is a str value (raise E(text))
  std::vector<const Type *> elems;  ///< Tuple elements
  std::vector<std::string> fields;  ///< a namedtuple's field names (Tuple with a handle),
                                    ///< a Record's
  std::vector<int64_t> offsets;     ///< Record: each field's byte offset in the element
  std::vector<std::string> titles;  ///< Record: each field's title ("" for none)
  bool aligned = false;             ///< Record: its dtype was made with align=True
  const Type *self = nullptr;       ///< BoundMethod receiver
  std::string message;              ///< Exception: constant message; Overloaded: builtin fallback
  std::string name;                 ///< Module/Function/method/exception name; literal text
  const void *handle = nullptr;     ///< Dispatcher/Overloaded identity; a BoundMethod's overloads
  std::string display;              ///< Numba-style name, filled on interning

  bool is_int() const { return kind == TypeKind::Int; }
  bool is_float() const { return kind == TypeKind::Float; }
  bool is_bool() const { return kind == TypeKind::Bool; }
  bool is_number() const { return is_int() || is_float() || is_bool(); }
  /// complex64/complex128: not is_number() (the real-number rules of the
  /// core do not apply); the library (pyrite/_library/complexes.py) has
  /// their arithmetic.
  bool is_complex() const { return kind == TypeKind::Complex; }
  bool is_array() const { return kind == TypeKind::Array; }
  /// A bytes, bytearray or memoryview argument: an array over its buffer.
  bool is_buffer() const { return kind == TypeKind::Array && !name.empty(); }
  bool is_tuple() const { return kind == TypeKind::Tuple; }
  bool is_optional() const { return kind == TypeKind::Optional; }
  bool is_list() const { return kind == TypeKind::List; }
  bool is_generator() const { return kind == TypeKind::Generator; }
  bool is_dict() const { return kind == TypeKind::Dict; }
  /// A dict whose key and value types are known.
  bool is_typed_dict() const { return kind == TypeKind::Dict && elems.size() == 2; }
  bool is_set() const { return kind == TypeKind::Set; }
  /// A dict or a set: a hash table (data_model.h: DictHeader).
  bool is_table() const { return is_dict() || is_set(); }
  /// A dict or a set whose key (item) and value types are known.
  bool is_typed_table() const { return is_typed_dict() || (is_set() && dtype); }
  /// A str: a run-time unicode_type value or a constant string literal
  /// (which is a unicode_type whose text is known; a formatted exception
  /// message is not).
  bool is_string() const {
    return kind == TypeKind::Unicode || (kind == TypeKind::StringLiteral && !bits);
  }
  bool is_uniform_tuple() const;
  /// A namedtuple: a Tuple whose handle is its class (a Python object kept
  /// alive by the Python layer) and whose fields name its elements.
  bool is_named_tuple() const { return kind == TypeKind::Tuple && handle; }
  /// An inner function with captured values or defaults (its value is
  /// the struct of them, in elems' order).
  bool is_closure() const { return kind == TypeKind::Dispatcher && !elems.empty(); }
  bool is_class_instance() const { return kind == TypeKind::ClassInstance; }
  bool is_record() const { return kind == TypeKind::Record; }
  /// The dtype of a NumPy 'U' (unicode text) array.
  bool is_unicode_chars() const { return kind == TypeKind::CharSeq && name == "U"; }
  /// np.datetime64 or np.timedelta64 (an int64 underneath).
  bool is_datetime_like() const {
    return kind == TypeKind::Datetime || kind == TypeKind::Timedelta;
  }
};

/// Interning constructors. All returned pointers live for the process.
namespace types {
const Type *none();
const Type *ellipsis();
const Type *boolean();
const Type *integer(int bits, bool is_signed = true);
const Type *floating(int bits);
inline const Type *int64() { return integer(64); }
inline const Type *int32() { return integer(32); }
inline const Type *float64() { return floating(64); }
inline const Type *float32() { return floating(32); }
/// complex64 (two float32) or complex128 (two float64): `bits` 64 or 128.
const Type *complex(int bits);
inline const Type *complex128() { return complex(128); }
/// The float type of a complex type's parts.
inline const Type *complex_part(const Type *c) { return floating(c->bits / 2); }
/// The complex type a number of type `t` widens to: complex64 for float32
/// and narrow integers (NumPy's rule), else complex128.
const Type *complex_of(const Type *t);
/// np.datetime64 / np.timedelta64 in `unit` (NumPy's unit codes: "Y", "M",
/// "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"; "" generic).
const Type *datetime(const std::string &unit);
const Type *timedelta(const std::string &unit);
/// The element type of a NumPy 'U<width>' (`unicode`) or 'S<width>' array.
const Type *char_seq(bool unicode, int width);
/// What reading an element of `dtype` gives: a str for a 'U' element,
/// bytes for an 'S' one, else the element type itself.
const Type *element_value(const Type *dtype);
/// A bytes value (a bytes argument, or an 'S' element read): 1-d C uint8.
bool is_bytes_value(const Type *t);
/// The scalar type a NumPy dtype string names ("float32", "f4", "d", "<i8",
/// "M8[D]", "timedelta64[ns]", ...; ir/dtype_names.cpp), or nullptr.
const Type *numpy_dtype_named(const std::string &text);
/// Whether a scalar of type `v` can be stored into an array element of
/// type `elem` as `a[i] = v` stores it: a real number into a real or
/// complex element, a complex into a complex one, a datetime64 or
/// timedelta64 into an element of its own type (other units convert
/// through the library's operator.setitem).
bool storable_scalar(const Type *v, const Type *elem);
/// An array type; `readonly` for read-only arrays and views of them (Numba
/// prints "readonly array(float64, 1d, C)"); stores into one are typing errors.
const Type *array(const Type *dtype, int ndim, char layout, bool readonly = false);
/// A bytes, bytearray or memoryview argument (`kind` says which; Numba's
/// Bytes, ByteArray, MemoryView): an array of `dtype` over the object's
/// buffer, whose operations are an array's; returned unchanged, it is the
/// object itself again.
const Type *buffer(const std::string &kind, const Type *dtype, int ndim, char layout,
                   bool readonly);
const Type *tuple(const std::vector<const Type *> &elems);
/// A namedtuple of class `cls` (named `name`) with `fields` holding `elems`
/// (Numba's NamedTuple / NamedUniTuple).
const Type *named_tuple(const void *cls, const std::string &name,
                        const std::vector<std::string> &fields,
                        const std::vector<const Type *> &elems);
/// The class of namedtuples of `proto`'s kind (its elems unknown): what the
/// class itself is as a value, called to make one.
const Type *named_tuple_class(const void *cls, const std::string &name,
                              const std::vector<std::string> &fields);
/// A `value` or None: what a variable that is None on some paths holds, and
/// what a function returning None on some paths returns. Numbers, bools,
/// strings, lists, arrays and tuples of these; nullptr for other types.
const Type *optional(const Type *value);
/// `t` with any Optional taken off (the type a use of it sees).
inline const Type *strip_optional(const Type *t) {
  return t && t->kind == TypeKind::Optional ? t->dtype : t;
}
/// str values (Numba's unicode_type).
const Type *unicode();
/// `t` with a string literal's text forgotten (unicode_type) and a list
/// literal made a list (of its items' unified type); other types
/// unchanged. What a literal becomes as an argument, a result or a local.
/// nullptr when a list literal's items do not unify.
const Type *unliteral(const Type *t);
/// A list of `item` values (Numba's List(item), reflected or not: one type
/// here); `item` nullptr for an empty list not typed yet ("list(undefined)").
const Type *list(const Type *item);
const Type *list_literal(const std::vector<const Type *> &elems);
/// A generator yielding `yield` values (what calling a generator function,
/// or a generator expression, gives). Any two generators of one yield type
/// are alike to their consumers: the frame says which code runs.
const Type *generator(const Type *yield);
/// A dict of `key` to `value` (Numba's DictType); both nullptr for an empty
/// dict not typed yet (`d = {}` before `d[k] = v`). `view` 1 or 2: the dict
/// seen through d.values() or d.items() (the same value, walked otherwise;
/// pyrite/_library/dicts.py).
const Type *dict(const Type *key, const Type *value, int view = 0);
/// A set of `item` values (Numba's Set, reflected or not: one type here);
/// nullptr for an empty set not typed yet (`s = set()` before `s.add(x)`).
const Type *set(const Type *item);
/// What a typed dict's or set's value is made of (data_model.h): the tuple
/// of its lists (keys, values, hashes, index) that pyrite/_library/dicts.py
/// keeps the hash table in; a set's values are bools, all True.
const Type *dict_parts(const Type *table);
/// A typed table's key type (a set's item type) and value type (bool for a set).
inline const Type *table_key(const Type *t) { return t->is_set() ? t->dtype : t->elems[0]; }
const Type *table_value(const Type *t);
/// range(...) over int64, or over uint64 when every bound is unsigned (Numba's
/// range_state64 / unsigned_range_state64).
const Type *range_state(bool is_unsigned = false);
/// A slice; `has_step` when written with a step (a[::2]), which can break
/// contiguity.
const Type *slice(bool has_step);
/// enumerate(x) ("enumerate", {x}), zip(a, b, ...) ("zip", {a, b, ...}) or
/// a.flat ("flatiter", {array}).
const Type *iterable(const std::string &kind, const std::vector<const Type *> &inner);
inline bool is_flatiter(const Type *t) {
  return t->kind == TypeKind::Iterable && t->name == "flatiter";
}
/// iter(x) for an iterable x (range state, array, enumerate, zip).
const Type *iterator(const Type *iterable);
/// What iterating over `iterable` yields, or nullptr when it is not iterable.
const Type *yield_type(const Type *iterable);
const Type *module(const std::string &name);
const Type *function(const std::string &qualname);
const Type *dispatcher(const void *handle, const std::string &name);
/// Inner function `fn` (a Dispatcher type) holding `captured`: the values of
/// its free variables, then its `num_defaults` parameter defaults.
const Type *closure(const Type *fn, const std::vector<const Type *> &captured,
                    int num_defaults);
const Type *intrinsic(const std::string &name);
/// `self.name`; `overloads` identifies @overload_method implementations
/// (nullptr for the builtin methods).
const Type *bound_method(const Type *self, const std::string &name,
                         const void *overloads = nullptr);
/// A function implemented by @overload typing functions (`overloads`
/// identifies them); `builtin` is the qualified name of pyrite's own
/// implementation to fall back on when every overload declines, or "".
const Type *overloaded(const void *overloads, const std::string &name,
                       const std::string &builtin = "");
const Type *number_class(const Type *scalar);
/// Exception class `name`, or a class given with its chain of bases,
/// "mod.MyError;ValueError;Exception;BaseException" (the Python layer's
/// description of a user's class): the type is named by the first name and
/// the chain is remembered for exception_chain.
const Type *exception_class(const std::string &name);
/// An exception caught by `except ... [as e]` (CaughtException): its class
/// chain and its message, known at run time (data_model.h).
const Type *caught_exception();
/// The chain of bases that a raised exception of class `name` carries, the
/// class first, names separated by ';' (pyrite_rt.h, pyrite_rt_raise):
/// CPython's builtin classes from ir/exception_classes.def, others as the
/// Python layer described them; a class known by neither is taken to
/// derive from Exception.
std::string exception_chain(const std::string &name);
/// Records the chain of a class the Python layer described (exception_class).
void remember_exception_chain(const std::string &name, const std::string &chain);
const Type *string_literal(const std::string &text);
/// Instances of the @jitclass whose Python class is `cls` (named `name`,
/// Numba's ClassInstanceType): one type per class, made before its fields
/// are typed so that a field may hold the class's own instances (a linked
/// list's `next`); define_class_fields gives it its attributes once.
const Type *class_instance(const void *cls, const std::string &name);
/// Sets the attributes of class_instance type `t` (`fields` named, of types
/// `elems`, in the order the instance's memory holds them).
void define_class_fields(const Type *t, const std::vector<std::string> &fields,
                         const std::vector<const Type *> &elems);
/// The element type of a structured NumPy dtype (Numba's Record): `fields`
/// of scalar types `elems` at byte `offsets`, `itemsize` bytes in all;
/// `titles` (one per field, "" for none) and `aligned` (align=True) tell
/// apart dtypes NumPy does not take as equal.
const Type *record(const std::vector<std::string> &fields, const std::vector<const Type *> &elems,
                   const std::vector<int64_t> &offsets, int64_t itemsize, bool aligned,
                   const std::vector<std::string> &titles);
/// A Record's field `name`: its index, or -1.
int record_field(const Type *record, const std::string &name);
/// `record` seen through a read-only array: its fields cannot be assigned.
const Type *readonly_record(const Type *record);
/// The type of `record`'s field k: a nested record of a read-only record is
/// read-only too.
const Type *record_field_type(const Type *record, int k);
/// a['x'] of an array `at` of records: the strided view of field k of each
/// element (a sub-array field adds its dimensions).
const Type *field_view(const Type *at, int k);
/// A sub-array field of `dtype` elements and C-ordered `shape`.
const Type *nested_array(const Type *dtype, const std::vector<int64_t> &shape);
/// Whether two Records lay out the same fields alike (one may be read-only).
bool same_record(const Type *a, const Type *b);
/// What `a[i, ...]` of array type `a` gives for one element: its dtype, or
/// a read-only Record for a read-only structured array.
const Type *element_type(const Type *a);
/// A @jitclass as a value: what its name is in compiled code (Numba's ClassType).
const Type *class_type(const Type *instance);
/// A `with objmode(...)` block lifted into the Python function `fn` (kept
/// alive by the Python layer), named `name`, returning the tuple `outputs`.
const Type *object_mode_block(const void *fn, const std::string &name, const Type *outputs);
/// `"... %d ..." % values` for an exception message: `text` with "{0}".."{2}"
/// where the values go, and `count` int64 values known only at run time.
const Type *formatted_message(const std::string &text, int count);
/// An exception instance of builtin class `class_name` with a constant message.
const Type *exception(const std::string &class_name, const std::string &message);
/// An exception whose message is a formatted_message: `count` values at run time.
const Type *exception(const std::string &class_name, const std::string &message, int count);
/// An exception whose message is a str computed at run time (its value is
/// the str): `raise ValueError(f"bad value {x}")`.
const Type *exception_with_text(const std::string &class_name);

/// Parses a Numba-style scalar or array name: "float64", "int32[:]",
/// "float64[:, ::1]", "bool". Returns nullptr when the text is not a type.
const Type *parse(const std::string &text);

/// Parses "ret(arg, arg, ...)" (the plugin ABI's intrinsic signatures);
/// false when a part is not a type.
bool parse_signature(const std::string &text, const Type *&result,
                     std::vector<const Type *> &params);

/// NumPy's promotion for array operands (ufunc loops): integers keep their
/// width (int32 with int32 is int32), mixed signedness widens.
const Type *promote_elementwise(const Type *a, const Type *b);

/// NEP 50 (NumPy 2): a scalar operand of a ufunc is weak when its type is
/// one a Python scalar has (bool, int64, float64): it takes the array's
/// dtype when of the same kind or a lower one (bool < integer < float), else
/// the default type of its kind. `float32_array * 2.0` stays float32 and
/// `uint64_array + 1` uint64 (Numba's legacy rules give float64 for both).
/// Other scalars (np.float32(x), an int32) promote as arrays do.
const Type *promote_weak_scalar(const Type *array_dtype, const Type *scalar);

/// The dtype a ufunc over operands `a` and `b` (arrays or scalars, at least
/// one an array) computes in: promote_elementwise, with a scalar weak as
/// promote_weak_scalar says unless it is known to be a NumPy scalar
/// (`a_numpy`, `b_numpy`: an array's element, np.float64(x)), which
/// promotes as its dtype does (`float32_array * float64_array[0]` is
/// float64, as in NumPy 2).
const Type *promote_ufunc_operands(const Type *a, const Type *b, bool a_numpy = false,
                                   bool b_numpy = false);

/// NumPy's advanced indexing by one 1-d integer or boolean array among
/// integers and slices (`a[:, idx]`, `v[idx, 0]`, `X[y == 1]`, `a[idx]`):
/// where the array is in the index tuple
/// `idx` (-1 when the index is not of this form), and the dimensions
/// of the selection: the slices' with the array's length inserted where
/// NumPy puts it (at the array's place when the integers and the array are
/// adjacent, else first).
struct FancyIndex {
  int array_item = -1;  ///< the index array's place in the tuple
  int view_axis = 0;    ///< its axis in the view of the other items
  int result_axis = 0;  ///< the axis of the selection its values run along
  int ndim = 0;         ///< the selection's dimensions
  bool mask = false;    ///< a boolean array: the positions of its True values
};
FancyIndex fancy_index(const Type *arr, const Type *idx);

/// The type a local variable gets when values of `a` and `b` are stored to
/// it (int64 and float64 -> float64; None and int64 -> OptionalType(int64)),
/// or nullptr when they do not unify.
const Type *unify(const Type *a, const Type *b);

/// NumPy's np.can_cast(from, to, 'same_kind') for scalar types: safe casts
/// and casts within a kind (float64 to float32, int64 to int8); booleans go
/// anywhere; unsigned integers into any integer; no float into an integer.
bool can_cast_same_kind(const Type *from, const Type *to);

/// The dtype NumPy sums (and cumsums) elements of `dtype` in by default:
/// booleans and integers narrower than 64 bits widen to int64, or to uint64
/// when unsigned (np.add.reduce's default on a 64-bit platform); 64-bit
/// integers and floats keep their type.
const Type *sum_type(const Type *dtype);

/// NumPy's promotion of two scalar types, with Numba's rule that integer
/// arithmetic happens at least at int64 ("intp").
const Type *promote_arith(const Type *a, const Type *b);
} // namespace types

} // namespace pyrite
