//===- ir/dtype_names.cpp - types named by NumPy dtype and signature text -===//
//
/// \file
/// Types named by text: the scalar type a NumPy dtype string names
/// (`np.zeros(n, 'f4')`, `a.astype('uint8')`, `np.empty(n, 'M8[D]')`:
/// NumPy's type names, its one-letter codes and its kind-and-size codes,
/// with an optional byte-order mark for this machine's order; Numba accepts
/// the same strings), and the types of Numba's signature strings.
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
    add({"float16", "half", "e", "f2"}, floating(16)); // (GPU kernels: lower/lower_types.cpp)
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

// --- Numba's signature strings ("float64[:, ::1]", "int64(float64)") ----------------------

namespace {
const Type *parse_scalar(const std::string &s) {
  if (s == "float64" || s == "f8" || s == "double") return float64();
  if (s == "float32" || s == "f4" || s == "float") return float32();
  if (s == "float16" || s == "f2") return floating(16);
  if (s == "complex128" || s == "c16" || s == "complex") return complex(128);
  if (s == "complex64" || s == "c8") return complex(64);
  if (s == "int64" || s == "i8" || s == "intp") return int64();
  if (s == "int32" || s == "i4") return int32();
  if (s == "int16") return integer(16);
  if (s == "int8") return integer(8);
  if (s == "uint64") return integer(64, false);
  if (s == "uint32") return integer(32, false);
  if (s == "uint16") return integer(16, false);
  if (s == "uint8") return integer(8, false);
  if (s == "bool" || s == "boolean" || s == "b1") return boolean();
  if (s == "none" || s == "void") return none();
  return nullptr;
}

std::string strip(const std::string &s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}
} // namespace

const Type *parse(const std::string &raw) {
  std::string text = strip(raw);
  size_t bracket = text.find('[');
  if (bracket == std::string::npos)
    return text == "unicode_type" || text == "string" ? unicode() : parse_scalar(text);
  if (text.back() != ']')
    return nullptr;
  const Type *dtype = parse_scalar(strip(text.substr(0, bracket)));
  if (!dtype || dtype->kind == TypeKind::None)
    return nullptr;
  // Dimensions: ":" each, the last may be "::1" (C contiguous).
  std::string dims = text.substr(bracket + 1, text.size() - bracket - 2);
  int ndim = 0;
  char layout = 'A';
  size_t start = 0;
  while (start <= dims.size()) {
    size_t comma = dims.find(',', start);
    std::string d = strip(dims.substr(start, comma - start));
    ++ndim;
    if (d == "::1" && comma == std::string::npos && layout == 'A')
      layout = 'C';
    else if (d == "::1" && ndim == 1 && comma != std::string::npos)
      layout = 'F'; // "float64[::1, :]"
    else if (d != ":")
      return nullptr;
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  return array(dtype, ndim, layout);
}

bool parse_signature(const std::string &text, const Type *&result,
                     std::vector<const Type *> &params) {
  size_t open = text.find('('), close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open)
    return false;
  result = parse(text.substr(0, open));
  params.clear();
  std::string inner = text.substr(open + 1, close - open - 1);
  int depth = 0;
  size_t start = 0;
  for (size_t k = 0; k <= inner.size(); ++k) {
    if (k < inner.size() && inner[k] == '[')
      ++depth;
    if (k < inner.size() && inner[k] == ']')
      --depth;
    if (k == inner.size() || (inner[k] == ',' && depth == 0)) {
      std::string part = strip(inner.substr(start, k - start));
      if (!part.empty()) {
        const Type *t = parse(part);
        if (!t)
          return false;
        params.push_back(t);
      }
      start = k + 1;
    }
  }
  return result != nullptr;
}

} // namespace pyrite::types
