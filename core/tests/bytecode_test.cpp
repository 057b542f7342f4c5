//===- tests/bytecode_test.cpp - CPython bytecode decoder tests -----------===//
//
/// \file
/// Golden tests (golden/bytecode/NAME.bytes -> NAME.expected; regenerate the
/// .expected files with PYRITE_BLESS=1, the .bytes with bless.py) and one
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

INSTANTIATE_TEST_SUITE_P(Bytecode, Golden, testing::ValuesIn(golden_names()),
                         [](const auto &info) { return info.param; });

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

TEST(Version, OnlyPython311IsSupported) {
  EXPECT_TRUE(supports_version(3, 11));
  EXPECT_FALSE(supports_version(3, 10));
  EXPECT_FALSE(supports_version(3, 12));
  EXPECT_FALSE(supports_version(2, 7));
}

TEST(Version, UnsupportedVersionThrows) {
  CodeBytes c = code_of({RESUME, 0, RETURN_VALUE, 0});
  c.py_minor = 12;
  try {
    decode(c);
    FAIL() << "3.12 bytecode decoded";
  } catch (const DecodeError &e) {
    EXPECT_NE(std::string(e.what()).find("3.12"), std::string::npos)
        << e.what();
  }
}

// --- opcodes and neutral ops -------------------------------------------------

TEST(Opcodes, VersionSpecificOpsMapToNeutralOps) {
  auto insts = decode(code_of({RESUME, 0, JUMP_FORWARD, 1, MAKE_FUNCTION, 0,
                               POP_JUMP_BACKWARD_IF_TRUE, 2, RETURN_VALUE, 0}));
  ASSERT_EQ(insts.size(), 5u);
  EXPECT_EQ(insts[0].op, Op::NOP);
  EXPECT_EQ(insts[0].opname, "RESUME");
  EXPECT_EQ(insts[1].op, Op::JUMP);
  EXPECT_EQ(insts[1].opname, "JUMP_FORWARD");
  EXPECT_EQ(insts[2].op, Op::UNSUPPORTED);
  EXPECT_EQ(insts[2].opname, "MAKE_FUNCTION");
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

} // namespace
} // namespace pyrite::bytecode
