//===- ir/dtype_names.cpp - NumPy's dtype strings as pyrite types ---------===//
//
/// \file
/// The scalar type a NumPy dtype string names (`np.zeros(n, 'f4')`,
/// `a.astype('uint8')`, `np.empty(n, 'M8[D]')`): NumPy's type names, its
/// one-letter codes and its kind-and-size codes, with an optional byte-order
/// mark for this machine's order. Numba accepts the same strings.
//
//===----------------------------------------------------------------------===//
#include "ir/types.h"

#include <map>

namespace pyrite::types {
namespace {

/// Names, character codes and kind+size codes of the scalar dtypes pyrite
/// holds (NumPy's `np.sctypeDict` for them, on an LP64 machine).
const Type *scalar_named(const std::string &s) {
  static const std::map<std::string, const Type *> names = [] {
    std::map<std::string, const Type *> m;
    auto add = [&m](std::initializer_list<const char *> keys, const Type *t) {
      for (const char *k : keys)
        m[k] = t;
    };
    add({"bool", "bool_", "?", "b1"}, boolean());
    add({"int8", "byte", "b", "i1"}, integer(8));
    add({"uint8", "ubyte", "B", "u1"}, integer(8, false));
    add({"int16", "short", "h", "i2"}, integer(16));
    add({"uint16", "ushort", "H", "u2"}, integer(16, false));
    add({"int32", "intc", "i", "i4"}, integer(32));
    add({"uint32", "uintc", "I", "u4"}, integer(32, false));
    add({"int64", "int", "intp", "long", "longlong", "int_", "l", "q", "p", "i8"}, int64());
    add({"uint64", "uintp", "ulong", "ulonglong", "uint", "L", "Q", "P", "u8"},
        integer(64, false));
    add({"float32", "single", "f", "f4"}, float32());
    add({"float64", "double", "float", "float_", "d", "f8"}, float64());
    add({"complex64", "csingle", "F", "c8"}, complex(64));
    add({"complex128", "cdouble", "complex", "complex_", "D", "c16"}, complex(128));
    return m;
  }();
  auto it = names.find(s);
  return it == names.end() ? nullptr : it->second;
}

bool is_datetime_unit(const std::string &u) {
  static const char *units[] = {"Y", "M", "W", "D", "h", "m", "s",
                                "ms", "us", "ns", "ps", "fs", "as"};
  for (const char *k : units)
    if (u == k)
      return true;
  return false;
}

/// "M8[D]", "datetime64[ns]", "m8", "timedelta64": a datetime-like type;
/// nullptr for anything else (a multiple such as "M8[10s]" included).
const Type *datetime_named(const std::string &s) {
  size_t open = s.find('[');
  std::string head = s.substr(0, open), unit;
  if (open != std::string::npos) {
    if (s.back() != ']')
      return nullptr;
    unit = s.substr(open + 1, s.size() - open - 2);
    if (unit == "generic")
      unit = "";
    else if (!is_datetime_unit(unit))
      return nullptr;
  }
  if (head == "M8" || head == "M" || head == "datetime64")
    return datetime(unit);
  if (head == "m8" || head == "m" || head == "timedelta64")
    return timedelta(unit);
  return nullptr;
}

/// "U5", "S12": fixed-width text of a width below 10**9.
const Type *chars_named(const std::string &s) {
  if (s.size() < 2 || (s[0] != 'U' && s[0] != 'S') || s.size() > 10)
    return nullptr;
  for (size_t k = 1; k < s.size(); ++k)
    if (s[k] < '0' || s[k] > '9')
      return nullptr;
  int width = std::stoi(s.substr(1));
  return width > 0 ? char_seq(s[0] == 'U', width) : nullptr;
}

} // namespace

const Type *numpy_dtype_named(const std::string &text) {
  std::string s = text;
  // '<' and '=' are this (little-endian) machine's order, '|' is "not
  // applicable"; a big-endian '>' dtype is not one pyrite holds.
  if (!s.empty() && (s[0] == '<' || s[0] == '=' || s[0] == '|'))
    s = s.substr(1);
  if (const Type *t = scalar_named(s))
    return t;
  if (const Type *t = chars_named(s))
    return t;
  return datetime_named(s);
}

} // namespace pyrite::types
