//===- ir/data_model.h - how values of each type kind sit in memory -------===//
//
/// \file
/// One place for the memory layout of pyrite's values: what lowering builds
/// (lower/lower_function.cpp: ModuleState::llvm_type), what the dispatcher
/// unboxes arguments into and boxes results from (python/src/boxing.cpp),
/// and what ahead-of-time callers pass (docs/aot.md; the conformance runner,
/// conformance/runner/runner.c, is a C program and mirrors it by hand).
///
/// - bool: one byte in memory (i1 in registers); integers and floats at
///   their width; complex numbers as {real, imag} of their float type (as
///   C's and NumPy's);
/// - arrays: the struct ArrayHeader below, with `ndim` shape entries then
///   `ndim` strides (bytes), 8-byte aligned;
/// - tuples: C structs of their elements; none: nothing;
/// - OptionalType(T): the struct {T value, bool present}; absent, the value
///   is all zeros (a str, list or array then owns nothing).
/// - unicode_type: the struct UnicodeHeader below: code points stored as
///   CPython stores them (PEP 393), 1, 2 or 4 bytes each, so a str argument
///   is read in place and a result is built with PyUnicode_FromKindAndData.
/// - list(T): the struct ListHeader below (a reference to a growable list).
/// - a caught exception: the struct CaughtExceptionHeader below;
/// - Generator(T): the struct GeneratorHeader below: an LLVM coroutine's
///   frame (switched-resume lowering) that a meminfo owns, and a handle to
///   it; its promise is GeneratorPromise (lower/lower_generators.cpp).
/// - DictType(K, V): the struct DictHeader below: four lists (keys, values,
///   hashes, index) in which pyrite/_library/dicts.py keeps a hash table as
///   CPython's compact dict does; each list is a reference, so the dict is.
/// - set(T): a DictHeader too, its values a list of bools (all True).
/// - a @jitclass instance: the struct InstanceHeader below: a reference to
///   the instance's attributes, a struct of their values in the class's
///   field order (memory types: a bool is a byte), which a meminfo owns; its
///   destructor releases the references the attributes hold.
/// New kinds (records) add their row here.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/types.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace pyrite::data_model {

/// Field indices of the array struct (LLVM struct elements).
enum ArrayField : unsigned {
  kMemInfo = 0,  ///< the runtime's refcounted owner, or null for borrowed data
  kParent = 1,   ///< the NumPy array the data came from, or null
  kNItems = 2,   ///< total elements
  kItemSize = 3, ///< bytes per element
  kData = 4,     ///< first element
  kShape = 5,    ///< [ndim] int64
  kStrides = 6,  ///< [ndim] int64, in bytes
};

constexpr int kMaxDims = 32;

/// A record of a structured array (types::record): its element's address
/// and what keeps the element alive, owner and parent first as an array's.
enum RecordField : unsigned {
  kRecordMemInfo = 0, ///< the array's refcounted owner, or null for borrowed data
  kRecordParent = 1,  ///< the NumPy object the element lies in (array or np.void), or null
  kRecordData = 2,    ///< the element's first byte
};

struct RecordHeader {
  void *meminfo;
  void *parent;
  char *data;
};

/// The array struct as C sees it, for up to kMaxDims dimensions (only the
/// first 2 * ndim entries of `dims` exist in a value of ndim dimensions).
struct ArrayHeader {
  void *meminfo;
  void *parent;
  int64_t nitems;
  int64_t itemsize;
  char *data;
  int64_t dims[2 * kMaxDims]; ///< shape[ndim] then strides[ndim]
};

/// Bytes of the fixed fields before shape[] (five 8-byte fields).
constexpr size_t kArrayFixedBytes = offsetof(ArrayHeader, dims);
static_assert(kArrayFixedBytes == 40, "the array struct's fixed part is five 8-byte fields");

/// Bytes of an array value of `ndim` dimensions.
constexpr size_t array_bytes(int ndim) { return kArrayFixedBytes + 16 * size_t(ndim); }

/// Field indices of a list value: the meminfo that owns the list and its
/// PyriteListPayload (runtime/pyrite_rt.h), the meminfo's data, kept beside
/// it so a use needs no load. A list is a reference: copies of the value
/// see one list.
enum ListField : unsigned {
  kListMemInfo = 0,
  kListPayload = 1,
};

/// Field indices of PyriteListPayload.
enum ListPayloadField : unsigned {
  kListSize = 0,
  kListCapacity = 1,
  kListItems = 2,
  kListLayout = 3,
  kListDirty = 4,
  kListParent = 5,
  kListPersistent = 6,
};

struct ListHeader {
  void *meminfo;
  void *payload;
};

/// The lists a dict value is made of (types::dict_parts), in order: keys
/// and values by entry (insertion order), each entry's hash (-1 once the
/// entry is deleted), and the open-addressing index of entries by hash
/// (empty until the first lookup builds it; its last slot counts the
/// deleted entries).
enum DictPart : unsigned { kDictKeys = 0, kDictValues = 1, kDictHashes = 2, kDictIndex = 3 };
constexpr unsigned kDictParts = 4;

struct DictHeader {
  ListHeader parts[kDictParts];
};

/// Field indices of the unicode_type struct.
enum UnicodeField : unsigned {
  kStrMemInfo = 0, ///< the runtime's refcounted owner; null for text the
                   ///< function does not own (a constant, an argument's)
  kStrData = 1,    ///< the first code point
  kStrLength = 2,  ///< code points
  kStrKind = 3,    ///< bytes per code point: 1, 2 or 4 (PyUnicode_KIND)
};

struct UnicodeHeader {
  void *meminfo;
  void *data;
  int64_t length;
  int64_t kind;
};

/// Field indices of a caught exception (`except E as e`): the class chain
/// it was raised with (a module constant, pyrite_rt.h: pyrite_rt_raise) and
/// its message, a str the value owns.
enum CaughtExceptionField : unsigned { kCaughtClass = 0, kCaughtMessage = 1 };

struct CaughtExceptionHeader {
  const char *chain;
  UnicodeHeader message;
};

/// Field indices of a generator value. A generator is a reference: copies
/// of the value advance one generator.
enum GeneratorField : unsigned {
  kGenMemInfo = 0, ///< owns the frame; its destructor destroys the coroutine
  kGenHandle = 1,  ///< the coroutine handle (llvm.coro.begin's result)
};

struct GeneratorHeader {
  void *meminfo;
  void *handle;
};

/// Field indices of a generator's promise, where each resumption leaves
/// what it produced: a status (0, or 1 when the body raised, its exception
/// set as any function's) and the value yielded (a new reference).
enum GeneratorPromiseField : unsigned {
  kGenStatus = 0,
  kGenValue = 1,
};

/// Field indices of a @jitclass instance. An instance is a reference:
/// copies of the value see one object.
enum InstanceField : unsigned {
  kInstMemInfo = 0, ///< owns the attributes; its destructor releases theirs
  kInstData = 1,    ///< the attributes (the meminfo's data)
};

struct InstanceHeader {
  void *meminfo;
  void *data;
};

struct Layout {
  size_t size = 0;
  size_t align = 1;
};

constexpr size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

/// Size and alignment of a value of type `t` in memory.
inline Layout layout_of(const Type *t) {
  switch (t->kind) {
  case TypeKind::Bool: return {1, 1};
  case TypeKind::Int:
  case TypeKind::Float: return {size_t(t->bits / 8), size_t(t->bits / 8)};
  case TypeKind::Complex: return {size_t(t->bits / 8), size_t(t->bits / 16)}; // {re, im}
  case TypeKind::Datetime:
  case TypeKind::Timedelta: return {8, 8}; // an int64
  case TypeKind::CharSeq: // UCS4 code points or bytes, as NumPy lays them out
    return t->name == "U" ? Layout{size_t(t->bits) * 4, 4} : Layout{size_t(t->bits), 1};
  case TypeKind::Array: return {array_bytes(t->ndim), 8};
  case TypeKind::Tuple: {
    Layout l{0, 1};
    for (const Type *e : t->elems) {
      Layout el = layout_of(e);
      l.size = align_up(l.size, el.align) + el.size;
      l.align = std::max(l.align, el.align);
    }
    l.size = align_up(l.size, l.align);
    return l;
  }
  case TypeKind::None: return {1, 1}; // an i8 in LLVM (lower_types.cpp), so in tuples too
  case TypeKind::Unicode: return {sizeof(UnicodeHeader), 8};
  case TypeKind::List: return {sizeof(ListHeader), 8};
  case TypeKind::Generator: return {sizeof(GeneratorHeader), 8};
  case TypeKind::ClassInstance: return {sizeof(InstanceHeader), 8};
  case TypeKind::Record: return {sizeof(RecordHeader), 8};
  case TypeKind::Dict:
  case TypeKind::Set: return {sizeof(DictHeader), 8};
  case TypeKind::Optional: { // {value, bool present}
    Layout v = layout_of(t->dtype);
    return {align_up(v.size + 1, v.align), v.align};
  }
  default: return {1, 1};
  }
}

} // namespace pyrite::data_model
