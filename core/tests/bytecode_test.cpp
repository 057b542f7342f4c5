//===- tests/bytecode_test.cpp - CPython bytecode decoder tests -----------===//
//
/// \file
/// Golden tests (golden/bytecode/NAME.bytes -> NAME.expected for 3.11,
/// NAME.312.bytes -> NAME.312.expected etc.; regenerate the .expected files
/// with PYRITE_BLESS=1, the .bytes with bless.py under each interpreter) and one
/// hand-assembled test per decoding edge case. Opcode numbers are spelled out
/// here from CPython 3.11's `opcode` module rather than taken from the table,
/// so the tests also check the table.
//
//===----------------------------------------------------------------------===//
#include "bytecode/decoder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace pyrite::bytecode {
namespace {

namespace fs = std::filesystem;

//===----------------------------------------------------------------------===//
// Golden files
//===----------------------------------------------------------------------===//

fs::path golden_dir() {
#ifdef PYRITE_GOLDEN_DIR
  return fs::path(PYRITE_GOLDEN_DIR) / "bytecode";
#else
  return fs::path(__FILE__).parent_path() / "golden" / "bytecode";
#endif
}

std::vector<std::string> golden_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(golden_dir(), ec))
    if (entry.path().extension() == ".bytes")
      names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_file(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string unhex(const std::string &hex) {
  if (hex.size() % 2)
    throw std::runtime_error("odd-length hex string");
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

/// Reads the `key value` lines that bless.py writes.
CodeBytes read_bytes_file(const fs::path &path) {
  std::map<std::string, std::string> fields;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#')
      continue;
    size_t space = line.find(' ');
    fields[line.substr(0, space)] =
        space == std::string::npos ? "" : line.substr(space + 1);
  }
  for (const char *key : {"version", "first_line", "code", "linetable"})
    if (!fields.count(key))
      throw std::runtime_error(path.string() + ": no '" + key + "' line");
  CodeBytes code;
  const std::string &version = fields["version"];
  code.py_major = std::stoi(version.substr(0, version.find('.')));
  code.py_minor = std::stoi(version.substr(version.find('.') + 1));
  code.first_line = std::stoi(fields["first_line"]);
  code.code = unhex(fields["code"]);
  code.linetable = unhex(fields["linetable"]);
  return code;
}

bool blessing() {
  const char *env = std::getenv("PYRITE_BLESS");
  return env && std::string(env) == "1";
}

class Golden : public testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpected) {
  const fs::path base = golden_dir() / GetParam();
  std::string got = format(decode(read_bytes_file(base.string() + ".bytes")));
  const fs::path expected_path = base.string() + ".expected";
  if (blessing()) {
    std::ofstream(expected_path, std::ios::binary) << got;
    GTEST_SKIP() << "blessed " << expected_path;
  }
  ASSERT_TRUE(fs::exists(expected_path))
      << expected_path << " is missing; run with PYRITE_BLESS=1 to create it";
  EXPECT_EQ(read_file(expected_path), got)
      << "decoder output differs from " << expected_path
      << "; if the change is intended, rerun with PYRITE_BLESS=1";
}

// NAME.bytes is 3.11's, NAME.312.bytes 3.12's: test names have no dots.
INSTANTIATE_TEST_SUITE_P(Bytecode, Golden, testing::ValuesIn(golden_names()),
                         [](const auto &info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '.', '_');
                           return name;
                         });

TEST(GoldenDir, HasCases) {
  EXPECT_GE(golden_names().size(), 5u) << "no NAME.bytes in " << golden_dir();
}

//===----------------------------------------------------------------------===//
// Hand-assembled code
//===----------------------------------------------------------------------===//

// CPython 3.11 opcode numbers.
enum : uint8_t {
  CACHE = 0,
  POP_TOP = 1,
  NOP = 9,
  RETURN_VALUE = 83,
  FOR_ITER = 93,
  LOAD_CONST = 100,
  JUMP_FORWARD = 110,
  POP_JUMP_FORWARD_IF_FALSE = 114,
  LOAD_GLOBAL = 116,
  BINARY_OP = 122,
  LOAD_FAST = 124,
  MAKE_FUNCTION = 132,
  BEFORE_WITH = 53,
  JUMP_BACKWARD = 140,
  EXTENDED_ARG = 144,
  RESUME = 151,
  POP_JUMP_BACKWARD_IF_TRUE = 176,
};

CodeBytes code_of(std::vector<uint8_t> code,
                  std::vector<uint8_t> linetable = {}, int first_line = 1) {
  CodeBytes c;
  c.code.assign(code.begin(), code.end());
  c.linetable.assign(linetable.begin(), linetable.end());
  c.first_line = first_line;
  return c;
}

/// `n` NOP code units.
std::vector<uint8_t> nops(size_t n) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i < n; ++i)
    out.insert(out.end(), {NOP, 0});
  return out;
}

/// First byte of a location entry: form `code`, covering `units` code units.
uint8_t entry(int code, int units) {
  return static_cast<uint8_t>(0x80 | code << 3 | (units - 1));
}

void expect_pos(const Instruction &inst, int line, int end_line, int col,
                int end_col) {
  EXPECT_EQ(inst.pos.line, line) << "at offset " << inst.offset;
  EXPECT_EQ(inst.pos.end_line, end_line) << "at offset " << inst.offset;
  EXPECT_EQ(inst.pos.col, col) << "at offset " << inst.offset;
  EXPECT_EQ(inst.pos.end_col, end_col) << "at offset " << inst.offset;
}

// --- versions ----------------------------------------------------------------

TEST(Version, Python311To313AreSupported) {
  EXPECT_TRUE(supports_version(3, 11));
  EXPECT_TRUE(supports_version(3, 12));
  EXPECT_TRUE(supports_version(3, 13));
  EXPECT_FALSE(supports_version(3, 10));
  EXPECT_FALSE(supports_version(3, 14));
  EXPECT_FALSE(supports_version(2, 7));
}

TEST(Version, UnsupportedVersionThrowsNamingTheSupportedOnes) {
  CodeBytes c = code_of({RESUME, 0, RETURN_VALUE, 0});
  c.py_minor = 14;
  try {
    decode(c);
    FAIL() << "3.14 bytecode decoded";
  } catch (const DecodeError &e) {
    std::string what = e.what();
    EXPECT_NE(what.find("3.14"), std::string::npos) << what;
    EXPECT_NE(what.find("3.11, 3.12, 3.13"), std::string::npos) << what;
  }
}

// --- opcodes and neutral ops -------------------------------------------------

TEST(Opcodes, VersionSpecificOpsMapToNeutralOps) {
  auto insts = decode(code_of({RESUME, 0, JUMP_FORWARD, 1, BEFORE_WITH, 0,
                               POP_JUMP_BACKWARD_IF_TRUE, 2, RETURN_VALUE, 0}));
  ASSERT_EQ(insts.size(), 5u);
  EXPECT_EQ(insts[0].op, Op::NOP);
  EXPECT_EQ(insts[0].opname, "RESUME");
  EXPECT_EQ(insts[1].op, Op::JUMP);
  EXPECT_EQ(insts[1].opname, "JUMP_FORWARD");
  EXPECT_EQ(insts[2].op, Op::UNSUPPORTED);
  EXPECT_EQ(insts[2].opname, "BEFORE_WITH");
  EXPECT_EQ(insts[3].op, Op::POP_JUMP_IF_TRUE);
  EXPECT_EQ(insts[4].op, Op::RETURN_VALUE);
  EXPECT_EQ(op_name(Op::POP_JUMP_IF_TRUE), "POP_JUMP_IF_TRUE");
}

TEST(Opcodes, UnknownOpcodeThrows) {
  EXPECT_THROW(decode(code_of({3, 0, RETURN_VALUE, 0})), DecodeError);
}

TEST(Opcodes, NoArgumentOpcodeIgnoresItsArgByte) {
  auto insts = decode(code_of({POP_TOP, 7, RETURN_VALUE, 0}));
  EXPECT_EQ(insts[0].arg, 0);
}

// --- truncation --------------------------------------------------------------

TEST(Truncated, OddLengthCodeThrows) {
  CodeBytes c = code_of({RESUME, 0, RETURN_VALUE, 0});
  c.code.pop_back();
  EXPECT_THROW(decode(c), DecodeError);
}

TEST(Truncated, MissingInlineCachesThrow) {
  // LOAD_GLOBAL needs 5 CACHE units; only 2 are there.
  EXPECT_THROW(decode(code_of({LOAD_GLOBAL, 0, CACHE, 0, CACHE, 0})),
               DecodeError);
}

TEST(Truncated, TrailingExtendedArgThrows) {
  EXPECT_THROW(decode(code_of({NOP, 0, EXTENDED_ARG, 1})), DecodeError);
}

TEST(Truncated, EmptyCodeDecodesToNothing) {
  EXPECT_TRUE(decode(code_of({})).empty());
}

// --- EXTENDED_ARG ------------------------------------------------------------

TEST(ExtendedArg, FoldsIntoNextInstructionAtItsOffset) {
  auto insts = decode(code_of(
      {EXTENDED_ARG, 1, EXTENDED_ARG, 2, LOAD_CONST, 3, RETURN_VALUE, 0}));
  ASSERT_EQ(insts.size(), 2u);
  EXPECT_EQ(insts[0].opname, "LOAD_CONST");
  EXPECT_EQ(insts[0].offset, 4u);
  EXPECT_EQ(insts[0].arg, 0x010203);
  EXPECT_EQ(insts[1].arg, 0) << "the prefix applies to one instruction only";
}

TEST(ExtendedArg, WrapsToASigned32BitArgLikeDis) {
  auto insts = decode(code_of({EXTENDED_ARG, 0xff, EXTENDED_ARG, 0xff,
                               EXTENDED_ARG, 0xff, LOAD_CONST, 0xff}));
  ASSERT_EQ(insts.size(), 1u);
  EXPECT_EQ(insts[0].arg, -1);
}

TEST(ExtendedArg, DroppedBeforeAnOpcodeWithoutArgument) {
  auto insts = decode(code_of({EXTENDED_ARG, 5, POP_TOP, 0, LOAD_FAST, 1}));
  ASSERT_EQ(insts.size(), 2u);
  EXPECT_EQ(insts[0].arg, 0);
  EXPECT_EQ(insts[1].arg, 1);
}

TEST(ExtendedArg, ExtendsAForwardJump) {
  // At offset 2: jump over 0x100 code units after the jump itself.
  std::vector<uint8_t> code = {EXTENDED_ARG, 1, POP_JUMP_FORWARD_IF_FALSE, 0};
  auto pad = nops(0x100 + 1);
  code.insert(code.end(), pad.begin(), pad.end());
  auto insts = decode(code_of(code));
  EXPECT_EQ(insts[0].offset, 2u);
  EXPECT_EQ(insts[0].arg, 0x100);
  EXPECT_EQ(insts[0].jump_target, 4 + 2 * 0x100);
}

TEST(ExtendedArg, BackwardJumpToAPrefixedInstructionTargetsTheInstruction) {
  // A loop whose head (FOR_ITER at offset 2) has an EXTENDED_ARG prefix:
  // CPython's back edge lands on the prefix at offset 0, which folds away.
  auto insts = decode(code_of({EXTENDED_ARG, 0, FOR_ITER, 2, NOP, 0,
                               JUMP_BACKWARD, 4, RETURN_VALUE, 0}));
  ASSERT_EQ(insts.size(), 4u);
  EXPECT_EQ(insts[0].offset, 2u);
  EXPECT_EQ(insts[0].jump_target, 8);
  EXPECT_EQ(insts[2].op, Op::JUMP);
  EXPECT_EQ(insts[2].jump_target, 2); // the FOR_ITER, not its prefix
}

TEST(ExtendedArg, JumpToAChainOfPrefixesTargetsTheInstruction) {
  std::vector<uint8_t> code = {JUMP_FORWARD, 0, EXTENDED_ARG, 0, EXTENDED_ARG, 0,
                               LOAD_CONST, 1, RETURN_VALUE, 0};
  auto insts = decode(code_of(code));
  EXPECT_EQ(insts[0].jump_target, 6);
  EXPECT_EQ(insts[1].offset, 6u);
}

// --- inline caches -----------------------------------------------------------

TEST(Cache, EntriesAreSkipped) {
  auto insts = decode(code_of(
      {LOAD_GLOBAL, 1, CACHE,     0, CACHE,     0, CACHE, 0, CACHE,        0,
       CACHE,       0, LOAD_FAST, 0, BINARY_OP, 0, CACHE, 0, RETURN_VALUE, 0}));
  ASSERT_EQ(insts.size(), 4u);
  EXPECT_EQ(insts[0].offset, 0u);
  EXPECT_EQ(insts[1].offset, 12u);
  EXPECT_EQ(insts[2].offset, 14u);
  EXPECT_EQ(insts[3].offset, 18u);
}

TEST(Cache, StrayCacheEntryThrows) {
  EXPECT_THROW(decode(code_of({NOP, 0, CACHE, 0, RETURN_VALUE, 0})),
               DecodeError);
}

TEST(Cache, CachesConsumeLocationEntries) {
  // One 6-unit entry for LOAD_GLOBAL and its caches, then one for RETURN.
  auto insts = decode(code_of({LOAD_GLOBAL, 0, CACHE, 0, CACHE, 0, CACHE, 0,
                               CACHE, 0, CACHE, 0, RETURN_VALUE, 0},
                              {entry(13, 6), 2, entry(13, 1), 2}, 10));
  ASSERT_EQ(insts.size(), 2u);
  expect_pos(insts[0], 11, 11, -1, -1);
  expect_pos(insts[1], 12, 12, -1, -1);
}

// --- jumps -------------------------------------------------------------------

TEST(Jump, BackwardJumpTarget) {
  // JUMP_BACKWARD 3 at offset 4: the next instruction is at 6, minus 3 units.
  auto insts = decode(code_of({NOP, 0, NOP, 0, JUMP_BACKWARD, 3}));
  EXPECT_EQ(insts[2].op, Op::JUMP);
  EXPECT_EQ(insts[2].jump_target, 0);
}

TEST(Jump, ForIterTargetIsForward) {
  auto insts =
      decode(code_of({FOR_ITER, 2, NOP, 0, JUMP_BACKWARD, 3, RETURN_VALUE, 0}));
  EXPECT_EQ(insts[0].jump_target, 6);
  EXPECT_EQ(insts[2].jump_target, 0);
  EXPECT_EQ(insts[1].jump_target, -1);
}

TEST(Jump, TargetBeforeStartThrows) {
  EXPECT_THROW(decode(code_of({NOP, 0, JUMP_BACKWARD, 3})), DecodeError);
}

TEST(Jump, TargetPastEndThrows) {
  EXPECT_THROW(decode(code_of({JUMP_FORWARD, 1, RETURN_VALUE, 0})),
               DecodeError);
}

// --- co_linetable forms ------------------------------------------------------
// Values checked against `code.replace(co_code=..., co_linetable=...)
// .co_positions()` on CPython 3.11.7.

TEST(Linetable, ShortForm) {
  // Form 3: col = 3 * 8 + 2 = 26, end_col = col + 5; line stays first_line.
  auto insts = decode(code_of(nops(1), {entry(3, 1), 0x25}, 7));
  expect_pos(insts[0], 7, 7, 26, 31);
}

TEST(Linetable, ShortFormZeroAndNine) {
  auto insts = decode(code_of(nops(2), {entry(0, 1), 0x00, entry(9, 1), 0x7f}));
  expect_pos(insts[0], 1, 1, 0, 0);
  expect_pos(insts[1], 1, 1, 79, 94);
}

TEST(Linetable, OneLineForms) {
  // Forms 10, 11, 12 advance the line by 0, 1, 2; columns are plain bytes.
  auto insts = decode(code_of(
      nops(3),
      {entry(10, 1), 5, 9, entry(11, 1), 0, 127, entry(12, 1), 100, 120}, 4));
  expect_pos(insts[0], 4, 4, 5, 9);
  expect_pos(insts[1], 5, 5, 0, 127);
  expect_pos(insts[2], 7, 7, 100, 120);
}

TEST(Linetable, NoColumnFormWithNegativeDelta) {
  // svarint -2 = (2 << 1) | 1.
  auto insts = decode(code_of(nops(2), {entry(13, 1), 6, entry(13, 1), 5}, 10));
  expect_pos(insts[0], 13, 13, -1, -1);
  expect_pos(insts[1], 11, 11, -1, -1);
}

TEST(Linetable, LongFormWithMultiByteVarints) {
  // Line +1, end line +2, col 200 (varint 201 = 0x49 0x03), end_col 5;
  // then a long entry whose columns are "none" (encoded 0).
  auto insts = decode(code_of(
      nops(2), {entry(14, 1), 2, 2, 0x49, 0x03, 6, entry(14, 1), 0, 0, 0, 0},
      20));
  expect_pos(insts[0], 21, 23, 200, 5);
  expect_pos(insts[1], 21, 21, -1, -1);
}

TEST(Linetable, LongFormWithMultiByteLineDelta) {
  // svarint +100 = 200 = varint 0x48 0x03.
  auto insts = decode(code_of(nops(1), {entry(14, 1), 0x48, 0x03, 0, 1, 3}));
  expect_pos(insts[0], 101, 101, 0, 2);
}

TEST(Linetable, NoLocationFormKeepsTheLine) {
  auto insts = decode(code_of(
      nops(3), {entry(10, 1), 1, 2, entry(15, 1), entry(11, 1), 3, 4}, 5));
  expect_pos(insts[0], 5, 5, 1, 2);
  expect_pos(insts[1], -1, -1, -1, -1);
  expect_pos(insts[2], 6, 6, 3, 4);
}

TEST(Linetable, EntryCoversSeveralUnits) {
  auto insts = decode(code_of(nops(4), {entry(13, 3), 0, entry(13, 1), 2}, 3));
  expect_pos(insts[0], 3, 3, -1, -1);
  expect_pos(insts[2], 3, 3, -1, -1);
  expect_pos(insts[3], 4, 4, -1, -1);
}

TEST(Linetable, UnitsPastTheTableHaveNoPosition) {
  auto insts = decode(code_of(nops(2), {entry(13, 1), 0}, 3));
  expect_pos(insts[0], 3, 3, -1, -1);
  expect_pos(insts[1], -1, -1, -1, -1);
}

TEST(Linetable, TruncatedEntryThrows) {
  EXPECT_THROW(decode(code_of(nops(1), {entry(14, 1), 2, 2})), DecodeError);
  EXPECT_THROW(decode(code_of(nops(2), {entry(10, 1), 5, entry(13, 1), 0})),
               DecodeError);
}

TEST(Linetable, EntryWithoutStartBitThrows) {
  EXPECT_THROW(decode(code_of(nops(1), {0x05})), DecodeError);
}

// --- format ------------------------------------------------------------------

TEST(Format, OneLinePerInstruction) {
  auto insts = decode(code_of(
      {RESUME, 0, LOAD_FAST, 0, FOR_ITER, 1, NOP, 0, RETURN_VALUE, 0},
      {entry(10, 1), 0, 0, entry(11, 1), 4, 18, entry(13, 1), 0, entry(15, 2)},
      4));
  EXPECT_EQ(format(insts),
            "    0 RESUME                             0           L4:0-4:0"
            "           ; NOP\n"
            "    2 LOAD_FAST                          0           L5:4-5:18\n"
            "    4 FOR_ITER                           1 -> 8      L5:?-5:?\n"
            "    6 NOP                                0           -\n"
            "    8 RETURN_VALUE                       0           -\n");
}



//===----------------------------------------------------------------------===//
// CPython 3.12 and 3.13: per-version fixups and compound ops
//===----------------------------------------------------------------------===//

namespace v312 {
// CPython 3.12 opcode numbers (inline cache counts in comments).
enum : uint8_t {
  POP_TOP = 1,
  END_FOR = 4,
  NOP = 9,
  BINARY_SLICE = 26,
  STORE_SLICE = 27,
  GET_ITER = 68,
  RETURN_VALUE = 83,
  FOR_ITER = 93, // 1 cache
  LOAD_CONST = 100,
  LOAD_ATTR = 106,  // 9 caches
  COMPARE_OP = 107, // 1 cache
  RETURN_CONST = 121,
  LOAD_FAST = 124,
  STORE_FAST = 125,
  JUMP_BACKWARD = 140,
  RESUME = 151,
  CALL_INTRINSIC_1 = 173,
};
} // namespace v312

namespace v313 {
// CPython 3.13 opcode numbers (inline cache counts in comments).
enum : uint8_t {
  BINARY_SLICE = 4,
  END_FOR = 11,
  GET_ITER = 19,
  NOP = 30,
  POP_TOP = 32,
  RETURN_VALUE = 36,
  TO_BOOL = 40, // 3 caches
  UNARY_NOT = 43,
  WITH_EXCEPT_START = 44,
  BUILD_TUPLE = 52,
  CALL_KW = 57,
  COMPARE_OP = 58, // 1 cache
  EXTENDED_ARG = 71,
  FOR_ITER = 72,      // 1 cache
  JUMP_BACKWARD = 77, // 1 cache
  LOAD_ATTR = 82,     // 9 caches
  LOAD_CONST = 83,
  LOAD_FAST = 85,
  LOAD_FAST_LOAD_FAST = 88,
  POP_JUMP_IF_FALSE = 97, // 1 cache
  RETURN_CONST = 103,
  STORE_FAST = 110,
  STORE_FAST_LOAD_FAST = 111,
  STORE_FAST_STORE_FAST = 112,
  RESUME = 149,
};
} // namespace v313

CodeBytes code_of_version(int minor, std::vector<uint8_t> code) {
  CodeBytes c = code_of(std::move(code));
  c.py_minor = minor;
  return c;
}

std::vector<uint8_t> caches(size_t n) { return std::vector<uint8_t>(2 * n, 0); }

std::vector<uint8_t> cat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto &p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(Py312, LoadAttrMethodBitBecomesLoadMethod) {
  auto insts = decode(code_of_version(
      12, cat({{v312::LOAD_FAST, 0, v312::LOAD_ATTR, 7}, caches(9), {v312::LOAD_ATTR, 6}, caches(9),
               {v312::RETURN_VALUE, 0}})));
  ASSERT_EQ(insts.size(), 4u);
  EXPECT_EQ(insts[1].op, Op::LOAD_METHOD);
  EXPECT_EQ(insts[1].arg, 3);
  EXPECT_EQ(insts[1].oparg, 7) << "oparg stays as dis shows it";
  EXPECT_EQ(insts[2].op, Op::LOAD_ATTR);
  EXPECT_EQ(insts[2].arg, 3);
}

TEST(Py312, CompareOpOperatorIsShiftedBy4) {
  // `a > b` is COMPARE_OP 68 (Py_GT = 4, << 4, low bits: a cache mask).
  auto insts = decode(code_of_version(12, cat({{v312::COMPARE_OP, 68}, caches(1)})));
  EXPECT_EQ(insts[0].arg, 4);
  EXPECT_EQ(insts[0].oparg, 68);
}

TEST(Py312, CompareOpOutOfRangeThrows) {
  EXPECT_THROW(decode(code_of_version(12, cat({{v312::COMPARE_OP, 6 << 4}, caches(1)}))),
               DecodeError);
}

TEST(Py312, ForIterExitSkipsEndFor) {
  // 0 GET_ITER; 2 FOR_ITER (to 10); 6 STORE_FAST; 8 JUMP_BACKWARD (to 2);
  // 10 END_FOR; 12 RETURN_CONST.
  auto insts = decode(code_of_version(
      12, cat({{v312::GET_ITER, 0, v312::FOR_ITER, 2}, caches(1),
               {v312::STORE_FAST, 0, v312::JUMP_BACKWARD, 4, v312::END_FOR, 0, v312::RETURN_CONST, 0}})));
  ASSERT_EQ(insts[1].opname, "FOR_ITER");
  EXPECT_EQ(insts[1].jump_target, 12);
  EXPECT_EQ(insts[3].jump_target, 2);
}

TEST(Py312, ForIterExitNotAtEndForThrows) {
  EXPECT_THROW(decode(code_of_version(
                   12, cat({{v312::GET_ITER, 0, v312::FOR_ITER, 2}, caches(1),
                            {v312::STORE_FAST, 0, v312::JUMP_BACKWARD, 4, v312::NOP, 0, v312::RETURN_CONST, 0}}))),
               DecodeError);
  // END_FOR as the very last instruction: nothing to resume at.
  EXPECT_THROW(decode(code_of_version(12, cat({{v312::GET_ITER, 0, v312::FOR_ITER, 1}, caches(1),
                                               {v312::JUMP_BACKWARD, 3, v312::END_FOR, 0}}))),
               DecodeError);
}

TEST(Py312, CallIntrinsicUnaryPositiveAndListToTuple) {
  auto insts = decode(code_of_version(12, {v312::LOAD_FAST, 0, v312::CALL_INTRINSIC_1, 5,
                                           v312::CALL_INTRINSIC_1, 6, v312::CALL_INTRINSIC_1, 3,
                                           v312::RETURN_VALUE, 0}));
  EXPECT_EQ(insts[1].op, Op::UNARY_POSITIVE);
  EXPECT_EQ(insts[2].op, Op::LIST_TO_TUPLE);
  EXPECT_EQ(insts[2].arg, 0);
  EXPECT_EQ(insts[3].op, Op::UNSUPPORTED) << "other intrinsics stay unsupported";
}

TEST(Py312, CompoundOpsExpandInTwoHalves) {
  auto insts = decode(code_of_version(12, {v312::RESUME, 0, v312::BINARY_SLICE, 0, v312::STORE_SLICE, 0,
                                           v312::RETURN_CONST, 3}));
  ASSERT_EQ(insts.size(), 7u);
  auto expect = [&](size_t k, Op op, int arg, uint32_t offset, int part) {
    EXPECT_EQ(insts[k].op, op) << k;
    EXPECT_EQ(insts[k].arg, arg) << k;
    EXPECT_EQ(insts[k].offset, offset) << k;
    EXPECT_EQ(insts[k].part, part) << k;
  };
  expect(1, Op::BUILD_SLICE, 2, 2, 0);
  expect(2, Op::BINARY_SUBSCR, 0, 2, 1);
  expect(3, Op::BUILD_SLICE, 2, 4, 0);
  expect(4, Op::STORE_SUBSCR, 0, 4, 1);
  expect(5, Op::LOAD_CONST, 3, 6, 0);
  expect(6, Op::RETURN_VALUE, 0, 6, 1);
  EXPECT_EQ(insts[6].opname, "RETURN_CONST");
}

TEST(Py313, ForIterExitSkipsEndForAndPopTop) {
  // 0 GET_ITER; 2 FOR_ITER (to 12); 6 STORE_FAST; 8 JUMP_BACKWARD (to 2);
  // 12 END_FOR; 14 POP_TOP; 16 RETURN_CONST.
  auto insts = decode(code_of_version(
      13, cat({{v313::GET_ITER, 0, v313::FOR_ITER, 3}, caches(1), {v313::STORE_FAST, 0, v313::JUMP_BACKWARD, 5},
               caches(1), {v313::END_FOR, 0, v313::POP_TOP, 0, v313::RETURN_CONST, 0}})));
  ASSERT_EQ(insts[1].opname, "FOR_ITER");
  EXPECT_EQ(insts[1].jump_target, 16);
  EXPECT_EQ(insts[3].jump_target, 2);
}

TEST(Py313, ForIterExitWithoutPopTopThrows) {
  EXPECT_THROW(decode(code_of_version(
                   13, cat({{v313::GET_ITER, 0, v313::FOR_ITER, 3}, caches(1),
                            {v313::STORE_FAST, 0, v313::JUMP_BACKWARD, 5}, caches(1),
                            {v313::END_FOR, 0, v313::NOP, 0, v313::RETURN_CONST, 0}}))),
               DecodeError);
}

TEST(Py313, CompareOpOperatorIsShiftedBy5) {
  // `a == b` as a branch condition: Py_EQ = 2, << 5, | 16 (coerce to bool).
  auto insts = decode(code_of_version(13, cat({{v313::COMPARE_OP, 2 << 5 | 16}, caches(1)})));
  EXPECT_EQ(insts[0].arg, 2);
}

TEST(Py313, LoadAttrMethodBit) {
  auto insts = decode(code_of_version(13, cat({{v313::LOAD_ATTR, 5}, caches(9)})));
  EXPECT_EQ(insts[0].op, Op::LOAD_METHOD);
  EXPECT_EQ(insts[0].arg, 2);
}

TEST(Py313, CallKwTurnsItsLoadConstIntoKwNames) {
  auto insts = decode(code_of_version(13, {v313::LOAD_FAST, 0, v313::LOAD_CONST, 4, v313::CALL_KW, 2,
                                           v313::RETURN_VALUE, 0}));
  ASSERT_EQ(insts.size(), 4u);
  EXPECT_EQ(insts[1].op, Op::KW_NAMES);
  EXPECT_EQ(insts[1].arg, 4);
  EXPECT_EQ(insts[2].op, Op::CALL);
  EXPECT_EQ(insts[2].arg, 2);
  EXPECT_EQ(insts[2].opname, "CALL_KW");
}

TEST(Py313, CallKwWithoutLoadConstThrows) {
  EXPECT_THROW(decode(code_of_version(13, {v313::LOAD_FAST, 0, v313::LOAD_FAST, 1, v313::CALL_KW, 1})),
               DecodeError);
}

TEST(Py313, SuperinstructionsExpandAtABlockStart) {
  // 0 POP_JUMP_IF_FALSE (to 4); 4 LOAD_FAST_LOAD_FAST (1, 2);
  // 6 STORE_FAST_LOAD_FAST (3, 4); 8 STORE_FAST_STORE_FAST (5, 6).
  auto insts = decode(code_of_version(
      13, cat({{v313::POP_JUMP_IF_FALSE, 0}, caches(1),
               {v313::LOAD_FAST_LOAD_FAST, 0x12, v313::STORE_FAST_LOAD_FAST, 0x34,
                v313::STORE_FAST_STORE_FAST, 0x56}})));
  ASSERT_EQ(insts.size(), 7u);
  EXPECT_EQ(insts[0].jump_target, 4);
  const std::pair<Op, int> want[] = {{Op::LOAD_FAST, 1},  {Op::LOAD_FAST, 2},
                                     {Op::STORE_FAST, 3}, {Op::LOAD_FAST, 4},
                                     {Op::STORE_FAST, 5}, {Op::STORE_FAST, 6}};
  for (size_t k = 0; k < 6; ++k) {
    EXPECT_EQ(insts[k + 1].op, want[k].first) << k;
    EXPECT_EQ(insts[k + 1].arg, want[k].second) << k;
    EXPECT_EQ(insts[k + 1].part, k % 2) << k;
    EXPECT_EQ(insts[k + 1].offset, 4u + 2 * (k / 2)) << k;
  }
}

TEST(Py313, ToBoolBeforeATestOrNotIsANop) {
  auto insts = decode(code_of_version(
      13, cat({{v313::LOAD_FAST, 0, v313::TO_BOOL, 0}, caches(3), {v313::UNARY_NOT, 0, v313::TO_BOOL, 0}, caches(3),
               {v313::POP_JUMP_IF_FALSE, 0}, caches(1), {v313::RETURN_CONST, 0}})));
  ASSERT_EQ(insts.size(), 7u);
  EXPECT_EQ(insts[1].op, Op::NOP);
  EXPECT_EQ(insts[1].opname, "TO_BOOL");
  EXPECT_EQ(insts[3].op, Op::NOP);
}

TEST(Py313, ToBoolAsAValueIsNotNot) {
  // `return not not x` folds to LOAD_FAST; TO_BOOL; RETURN_VALUE.
  auto insts = decode(code_of_version(13, cat({{v313::LOAD_FAST, 0, v313::TO_BOOL, 0}, caches(3),
                                               {v313::RETURN_VALUE, 0}})));
  ASSERT_EQ(insts.size(), 4u);
  EXPECT_EQ(insts[1].op, Op::UNARY_NOT);
  EXPECT_EQ(insts[2].op, Op::UNARY_NOT);
  EXPECT_EQ(insts[2].part, 1);
  EXPECT_EQ(insts[3].op, Op::RETURN_VALUE);
}

TEST(Py313, HaveArgumentIs45) {
  // WITH_EXCEPT_START (44) ignores its byte; BUILD_TUPLE (52) reads it, and
  // EXTENDED_ARG is 71.
  auto insts = decode(code_of_version(13, {v313::WITH_EXCEPT_START, 9, v313::EXTENDED_ARG, 1,
                                           v313::BUILD_TUPLE, 2}));
  ASSERT_EQ(insts.size(), 2u);
  EXPECT_EQ(insts[0].arg, 0);
  EXPECT_EQ(insts[1].arg, 0x102);
}

} // namespace
} // namespace pyrite::bytecode
