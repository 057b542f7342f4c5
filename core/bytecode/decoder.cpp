//===- bytecode/decoder.cpp - CPython bytecode -> neutral instructions ----===//
//
/// \file
/// The version-independent decoding loop and co_linetable parser. Everything
/// that differs between CPython versions lives in one VersionTable per version,
/// filled from that version's X-macro table (opcodes_311.def, ...).
//
//===----------------------------------------------------------------------===//
#include "bytecode/decoder.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>

namespace pyrite::bytecode {

std::string_view op_name(Op op) {
  switch (op) {
#define PYRITE_NEUTRAL_OP(name)                                                \
  case Op::name:                                                               \
    return #name;
#include "bytecode/neutral_ops.def"
#undef PYRITE_NEUTRAL_OP
  }
  return "<invalid op>";
}

namespace {

enum class JumpKind : uint8_t { NONE, FORWARD, BACKWARD };

struct OpcodeInfo {
  std::string_view name; ///< empty: no such opcode in this version
  Op op = Op::UNSUPPORTED;
  uint8_t caches = 0;
  JumpKind jump = JumpKind::NONE;
};

/// Argument encodings and stack conventions that differ between versions and
/// that the decoder undoes after the table-driven decode.
struct Encoding {
  bool attr_method_bit = false; ///< 3.12+: LOAD_ATTR arg&1 means LOAD_METHOD
  int compare_shift = 0;        ///< COMPARE_OP's operator is arg >> this
  /// 3.13: the COMPARE_OP arg bit asking for bool(result), which the
  /// compiler folds a following TO_BOOL into (COMPARE_OP_BOOL here).
  int compare_bool_bit = 0;
  /// Instructions at FOR_ITER's `dis` target that the exhausted loop skips:
  /// 0 (3.11), END_FOR (3.12), END_FOR and POP_TOP (3.13).
  int for_iter_skip = 0;
  int intrinsic_unary_positive = -1; ///< CALL_INTRINSIC_1 arg meaning `+x`
  int intrinsic_list_to_tuple = -1;  ///< CALL_INTRINSIC_1 arg meaning LIST_TO_TUPLE
  /// 3.13: CALL_KW takes the names tuple from the stack, pushed by the
  /// LOAD_CONST just before it; that LOAD_CONST becomes KW_NAMES.
  bool call_kw_names_on_stack = false;
};

/// Everything the decoder knows about one CPython version.
struct VersionTable {
  int major = 0;
  int minor = 0;
  int have_argument = 256; ///< opcodes below this take no argument
  int cache = -1;          ///< opcode numbers of CACHE and EXTENDED_ARG
  int extended_arg = -1;
  Encoding encoding;
  std::array<OpcodeInfo, 256> ops{};

  constexpr void add(int number, OpcodeInfo info) {
    if (number < 0 || number > 255 || !ops[number].name.empty())
      throw "opcode number out of range or listed twice"; // fails the build
    ops[number] = info;
    if (info.name == "CACHE")
      cache = number;
    if (info.name == "EXTENDED_ARG")
      extended_arg = number;
  }
};

#define PYRITE_OPCODE(name, number, caches, neutral, jump)                     \
  t.add(number, OpcodeInfo{#name, Op::neutral, caches, JumpKind::jump});

constexpr VersionTable make_table_311() {
  VersionTable t;
  t.major = 3;
  t.minor = 11;
// Each table undefines PYRITE_HAVE_ARGUMENT at its end.
#define PYRITE_HAVE_ARGUMENT(number) t.have_argument = number;
#include "bytecode/opcodes_311.def"
  return t;
}

constexpr VersionTable make_table_312() {
  VersionTable t;
  t.major = 3;
  t.minor = 12;
  t.encoding.attr_method_bit = true;
  t.encoding.compare_shift = 4;
  t.encoding.for_iter_skip = 1;
  t.encoding.intrinsic_unary_positive = 5;
  t.encoding.intrinsic_list_to_tuple = 6;
// Each table undefines PYRITE_HAVE_ARGUMENT at its end.
#define PYRITE_HAVE_ARGUMENT(number) t.have_argument = number;
#include "bytecode/opcodes_312.def"
  return t;
}

constexpr VersionTable make_table_313() {
  VersionTable t;
  t.major = 3;
  t.minor = 13;
  t.encoding.attr_method_bit = true;
  t.encoding.compare_shift = 5;
  t.encoding.compare_bool_bit = 16;
  t.encoding.for_iter_skip = 2;
  t.encoding.intrinsic_unary_positive = 5;
  t.encoding.intrinsic_list_to_tuple = 6;
  t.encoding.call_kw_names_on_stack = true;
// Each table undefines PYRITE_HAVE_ARGUMENT at its end.
#define PYRITE_HAVE_ARGUMENT(number) t.have_argument = number;
#include "bytecode/opcodes_313.def"
  return t;
}

#undef PYRITE_OPCODE

constexpr VersionTable kTable311 = make_table_311();
static_assert(kTable311.cache == 0 && kTable311.extended_arg == 144);
static_assert(kTable311.have_argument == 90);
constexpr VersionTable kTable312 = make_table_312();
static_assert(kTable312.cache == 0 && kTable312.extended_arg == 144);
static_assert(kTable312.have_argument == 90);
constexpr VersionTable kTable313 = make_table_313();
static_assert(kTable313.cache == 0 && kTable313.extended_arg == 71);
static_assert(kTable313.have_argument == 45);

constexpr const VersionTable *kTables[] = {&kTable311, &kTable312, &kTable313};

const VersionTable *find_table(int major, int minor) {
  for (const VersionTable *t : kTables)
    if (t->major == major && t->minor == minor)
      return t;
  return nullptr;
}

std::string hex_byte(unsigned value) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", value);
  return buf;
}

//===----------------------------------------------------------------------===//
// co_linetable (CPython 3.11 Objects/locations.md)
//===----------------------------------------------------------------------===//

/// Reads the payload bytes of location entries. Every payload byte has bit 7
/// clear and every entry's first byte has it set, so meeting a set bit inside
/// an entry means the entry was cut short.
class LinetableReader {
public:
  explicit LinetableReader(std::string_view bytes) : bytes_(bytes) {}

  bool at_end() const { return pos_ >= bytes_.size(); }
  size_t pos() const { return pos_; }

  uint8_t entry_start() {
    uint8_t b = static_cast<uint8_t>(bytes_[pos_]);
    if (!(b & 0x80))
      fail("byte " + std::to_string(pos_) + " (" + hex_byte(b) +
           ") does not start a location entry");
    ++pos_;
    return b;
  }

  uint8_t payload() {
    if (at_end())
      fail("the last location entry is truncated");
    uint8_t b = static_cast<uint8_t>(bytes_[pos_]);
    if (b & 0x80)
      fail("the location entry before byte " + std::to_string(pos_) +
           " is truncated");
    ++pos_;
    return b;
  }

  /// Unsigned varint: 6-bit chunks, least significant first, bit 6 = more.
  uint32_t varint() {
    uint8_t b = payload();
    uint32_t value = b & 63;
    for (unsigned shift = 6; b & 64; shift += 6) {
      if (shift >= 32)
        fail("varint at byte " + std::to_string(pos_) + " is too long");
      b = payload();
      value |= static_cast<uint32_t>(b & 63) << shift;
    }
    return value;
  }

  /// Signed varint: the magnitude shifted left once, the sign in bit 0.
  int64_t svarint() {
    uint32_t u = varint();
    return (u & 1) ? -static_cast<int64_t>(u >> 1)
                   : static_cast<int64_t>(u >> 1);
  }

  [[noreturn]] static void fail(const std::string &what) {
    throw DecodeError("malformed co_linetable: " + what);
  }

private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

int checked_line(int64_t line) {
  if (line < std::numeric_limits<int>::min() + 1 ||
      line > std::numeric_limits<int>::max())
    LinetableReader::fail("line number " + std::to_string(line) +
                          " out of range");
  return static_cast<int>(line);
}

/// One Position per code unit, as `co_positions()` yields them; units the
/// table does not cover have no position, as in CPython.
std::vector<Position> parse_linetable(std::string_view table, int first_line,
                                      size_t units) {
  std::vector<Position> positions(units);
  LinetableReader r(table);
  int64_t line = first_line;
  size_t unit = 0;
  while (!r.at_end() && unit < units) {
    uint8_t first = r.entry_start();
    int code = (first >> 3) & 15;
    size_t length = (first & 7) + 1u; // in code units
    Position p;
    if (code == 15) {        // no location
    } else if (code == 14) { // long form
      line += r.svarint();
      p.line = checked_line(line);
      p.end_line = checked_line(line + r.varint());
      p.col = static_cast<int>(r.varint()) - 1; // 0 encodes "none"
      p.end_col = static_cast<int>(r.varint()) - 1;
    } else if (code == 13) { // line only
      line += r.svarint();
      p.line = p.end_line = checked_line(line);
    } else if (code >= 10) { // one line, line delta 0..2, columns < 128
      line += code - 10;
      p.line = p.end_line = checked_line(line);
      p.col = r.payload();
      p.end_col = r.payload();
    } else { // short form: same line, col < 80, end_col - col < 16
      uint8_t second = r.payload();
      p.line = p.end_line = checked_line(line);
      p.col = code << 3 | second >> 4;
      p.end_col = p.col + (second & 15);
    }
    for (size_t end = std::min(units, unit + length); unit < end; ++unit)
      positions[unit] = p;
  }
  return positions;
}

//===----------------------------------------------------------------------===//
// co_code
//===----------------------------------------------------------------------===//

[[noreturn]] void code_error(size_t offset, const std::string &what) {
  throw DecodeError("malformed co_code at offset " + std::to_string(offset) +
                    ": " + what);
}

int32_t jump_target(const OpcodeInfo &info, size_t offset, uint32_t arg,
                    size_t code_size) {
  // Relative to the instruction after this one's inline caches.
  int64_t next = static_cast<int64_t>(offset) + 2 + 2 * info.caches;
  int64_t delta = 2 * static_cast<int64_t>(arg);
  int64_t target = info.jump == JumpKind::FORWARD ? next + delta : next - delta;
  if (target < 0 || target >= static_cast<int64_t>(code_size))
    code_error(offset, std::string(info.name) + " jumps to " +
                           std::to_string(target) + ", outside the code (" +
                           std::to_string(code_size) + " bytes)");
  return static_cast<int32_t>(target);
}

//===----------------------------------------------------------------------===//
// Per-version fixups and compound ops
//===----------------------------------------------------------------------===//

/// Rewrites `insts` (one per CPython instruction) in place so each neutral op
/// takes its 3.11 argument and stack convention.
void undo_encoding(const Encoding &enc, std::vector<Instruction> &insts) {
  for (size_t k = 0; k < insts.size(); ++k) {
    Instruction &in = insts[k];
    switch (in.op) {
    case Op::LOAD_ATTR:
      if (!enc.attr_method_bit)
        break;
      if (in.arg & 1)
        in.op = Op::LOAD_METHOD;
      in.arg >>= 1;
      break;
    case Op::COMPARE_OP:
      if (in.arg & enc.compare_bool_bit)
        in.op = Op::COMPARE_OP_BOOL;
      in.arg >>= enc.compare_shift;
      if (in.arg < 0 || in.arg > 5)
        code_error(in.offset, "COMPARE_OP " + std::to_string(in.oparg) +
                                  " names no comparison");
      break;
    case Op::FOR_ITER: {
      if (!enc.for_iter_skip)
        break;
      // dis's target is END_FOR (3.13: END_FOR, POP_TOP); the exhausted
      // loop resumes after them.
      auto at = std::lower_bound(
          insts.begin(), insts.end(), uint32_t(in.jump_target),
          [](const Instruction &i, uint32_t off) { return i.offset < off; });
      size_t t = size_t(at - insts.begin());
      bool ok = at != insts.end() && at->offset == uint32_t(in.jump_target) &&
                t + enc.for_iter_skip < insts.size() &&
                insts[t].opname == "END_FOR" &&
                (enc.for_iter_skip < 2 || insts[t + 1].opname == "POP_TOP");
      if (!ok)
        code_error(in.offset, std::string("FOR_ITER's exit at ") +
                                  std::to_string(in.jump_target) +
                                  (enc.for_iter_skip < 2
                                       ? " is not END_FOR"
                                       : " is not END_FOR, POP_TOP") +
                                  " followed by an instruction");
      in.jump_target = int32_t(insts[t + enc.for_iter_skip].offset);
      break;
    }
    case Op::CALL:
      if (!enc.call_kw_names_on_stack || in.opname != "CALL_KW")
        break;
      if (k == 0 || insts[k - 1].op != Op::LOAD_CONST)
        code_error(in.offset, "CALL_KW does not follow the LOAD_CONST of its "
                              "keyword names");
      insts[k - 1].op = Op::KW_NAMES;
      break;
    case Op::UNSUPPORTED:
      if (in.opname == "CALL_INTRINSIC_1" &&
          in.arg == enc.intrinsic_unary_positive) {
        in.op = Op::UNARY_POSITIVE;
        in.arg = 0;
      } else if (in.opname == "CALL_INTRINSIC_1" && in.arg == enc.intrinsic_list_to_tuple) {
        in.op = Op::LIST_TO_TUPLE; // f(*[...]): the arguments' tuple
        in.arg = 0;
      }
      break;
    default:
      break;
    }
  }
}

void forget_columns(Instruction &in) {
  in.pos.col = in.pos.end_col = -1;
}

/// Expands the compound ops of neutral_ops.def into their two primitive halves
/// (TO_BOOL, and COMPARE_OP_BOOL's bool(), into nothing when a test or `not`
/// consumes the value: it converts to bool itself).
std::vector<Instruction> expand_compound_ops(const std::vector<Instruction> &in) {
  std::vector<Instruction> out;
  out.reserve(in.size());
  for (size_t k = 0; k < in.size(); ++k) {
    Instruction a = in[k];
    auto two = [&](Op first, int32_t arg0, Op second, int32_t arg1) {
      Instruction b = a;
      a.op = first;
      a.arg = arg0;
      b.op = second;
      b.arg = arg1;
      b.part = 1;
      out.push_back(a);
      out.push_back(b);
    };
    const int32_t hi = a.arg >> 4, lo = a.arg & 15;
    // Whether the next instruction converts to bool itself (a test or `not`).
    auto tested_next = [&](size_t at) {
      Op next = at + 1 < in.size() ? in[at + 1].op : Op::NOP;
      return next == Op::POP_JUMP_IF_FALSE || next == Op::POP_JUMP_IF_TRUE ||
             next == Op::UNARY_NOT;
    };
    switch (a.op) {
    case Op::RETURN_CONST: two(Op::LOAD_CONST, a.arg, Op::RETURN_VALUE, 0); break;
    case Op::BINARY_SLICE: two(Op::BUILD_SLICE, 2, Op::BINARY_SUBSCR, 0); break;
    case Op::STORE_SLICE: two(Op::BUILD_SLICE, 2, Op::STORE_SUBSCR, 0); break;
    // A superinstruction has one position, the first half's: the second
    // half's columns are unknown (its line is right, both are one line).
    case Op::LOAD_FAST_LOAD_FAST:
      two(Op::LOAD_FAST, hi, Op::LOAD_FAST, lo);
      forget_columns(out.back());
      break;
    case Op::STORE_FAST_LOAD_FAST:
      two(Op::STORE_FAST, hi, Op::LOAD_FAST, lo);
      forget_columns(out.back());
      break;
    case Op::STORE_FAST_STORE_FAST:
      two(Op::STORE_FAST, hi, Op::STORE_FAST, lo);
      forget_columns(out.back());
      break;
    case Op::TO_BOOL:
      if (tested_next(k)) {
        a.op = Op::NOP;
        a.arg = 0;
        out.push_back(a);
      } else {
        two(Op::UNARY_NOT, 0, Op::UNARY_NOT, 0); // `bool(x)` as 3.11 spells it
      }
      break;
    case Op::COMPARE_OP_BOOL:
      a.op = Op::COMPARE_OP;
      out.push_back(a);
      if (!tested_next(k)) { // `not not (a < b)`: bool() of an array raises
        for (uint8_t part = 1; part <= 2; ++part) {
          Instruction b = a;
          b.op = Op::UNARY_NOT;
          b.arg = 0;
          b.part = part;
          out.push_back(b);
        }
      }
      break;
    default: out.push_back(a); break;
    }
  }
  return out;
}

} // namespace

bool supports_version(int major, int minor) {
  return find_table(major, minor) != nullptr;
}

std::vector<Instruction> decode(const CodeBytes &code) {
  const VersionTable *table = find_table(code.py_major, code.py_minor);
  if (!table) {
    std::string supported;
    for (const VersionTable *t : kTables)
      supported += (supported.empty() ? "" : ", ") + std::to_string(t->major) +
                   "." + std::to_string(t->minor);
    throw DecodeError("CPython " + std::to_string(code.py_major) + "." +
                      std::to_string(code.py_minor) +
                      " bytecode is not supported (supported: " + supported +
                      ")");
  }
  const std::string &bytes = code.code;
  if (bytes.size() % 2)
    code_error(bytes.size() - 1, "co_code has an odd length (" +
                                     std::to_string(bytes.size()) +
                                     " bytes); it is truncated");
  const size_t units = bytes.size() / 2;
  std::vector<Position> positions =
      parse_linetable(code.linetable, code.first_line, units);

  std::vector<Instruction> out;
  uint32_t extended = 0; // EXTENDED_ARG bits waiting for the next opcode
  bool pending_extended = false;
  // A jump to an instruction with EXTENDED_ARG prefixes targets the first
  // prefix; prefixes fold away, so such targets move to the instruction.
  std::vector<std::pair<uint32_t, uint32_t>> prefix_to_inst; // (prefix, inst)
  std::vector<uint32_t> open_prefixes;
  for (size_t unit = 0; unit < units;) {
    const size_t offset = 2 * unit;
    const uint8_t opcode = static_cast<uint8_t>(bytes[offset]);
    const uint8_t oparg = static_cast<uint8_t>(bytes[offset + 1]);
    const OpcodeInfo &info = table->ops[opcode];
    if (info.name.empty())
      code_error(offset, "unknown opcode " + std::to_string(opcode));
    if (opcode == table->cache)
      code_error(offset, "CACHE entry that follows no instruction with "
                         "inline caches");
    if (unit + 1 + info.caches > units)
      code_error(offset, std::string(info.name) + " needs " +
                             std::to_string(info.caches) +
                             " inline cache entries but the code ends first; "
                             "it is truncated");

    // The oparg is a C int in CPython: wraps at 32 bits, as dis emulates.
    uint32_t arg = 0;
    if (opcode >= table->have_argument)
      arg = extended | oparg;
    pending_extended = opcode == table->extended_arg;
    extended = pending_extended ? arg << 8 : 0;
    unit += 1 + info.caches;
    if (pending_extended) {
      open_prefixes.push_back(static_cast<uint32_t>(offset));
      continue;
    }
    for (uint32_t prefix : open_prefixes)
      prefix_to_inst.emplace_back(prefix, static_cast<uint32_t>(offset));
    open_prefixes.clear();

    Instruction inst;
    inst.offset = static_cast<uint32_t>(offset);
    inst.op = info.op;
    inst.opname = info.name;
    inst.arg = inst.oparg = static_cast<int32_t>(arg);
    if (info.jump != JumpKind::NONE)
      inst.jump_target = jump_target(info, offset, arg, bytes.size());
    inst.pos = positions[offset / 2];
    out.push_back(inst);
  }
  if (pending_extended)
    code_error(bytes.size() - 2, "EXTENDED_ARG is the last instruction; the "
                                 "code is truncated");
  for (Instruction &inst : out) {
    if (inst.jump_target < 0)
      continue;
    auto it = std::lower_bound(prefix_to_inst.begin(), prefix_to_inst.end(),
                               std::make_pair(uint32_t(inst.jump_target), uint32_t(0)));
    if (it != prefix_to_inst.end() && it->first == uint32_t(inst.jump_target))
      inst.jump_target = static_cast<int32_t>(it->second);
  }
  undo_encoding(table->encoding, out);
  return expand_compound_ops(out);
}

//===----------------------------------------------------------------------===//
// format
//===----------------------------------------------------------------------===//

namespace {

std::string format_position(const Position &p) {
  if (p.line < 0 && p.end_line < 0 && p.col < 0 && p.end_col < 0)
    return "-";
  auto num = [](int v) { return v < 0 ? std::string("?") : std::to_string(v); };
  return "L" + num(p.line) + ":" + num(p.col) + "-" + num(p.end_line) + ":" +
         num(p.end_col);
}

} // namespace

std::string format(const std::vector<Instruction> &insts) {
  std::string out;
  char buf[160];
  for (const Instruction &inst : insts) {
    std::string opname(inst.opname);
    std::string target =
        inst.jump_target >= 0 ? "-> " + std::to_string(inst.jump_target) : "";
    std::snprintf(buf, sizeof buf, "%5u %-29s %6d %-9s %-18s", inst.offset,
                  opname.c_str(), inst.oparg, target.c_str(),
                  format_position(inst.pos).c_str());
    std::string line = buf;
    std::string_view neutral = op_name(inst.op);
    if (inst.part)
      line = "      " + std::string(31, ' ') + "(then)";
    if (neutral != inst.opname || inst.arg != inst.oparg || inst.part)
      line += " ; " + std::string(neutral);
    if (inst.arg != inst.oparg || inst.part)
      line += " " + std::to_string(inst.arg);
    line.erase(line.find_last_not_of(' ') + 1);
    out += line;
    out += '\n';
  }
  return out;
}

} // namespace pyrite::bytecode
