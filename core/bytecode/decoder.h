//===- bytecode/decoder.h - CPython bytecode -> neutral instructions ------===//
//
/// \file
/// Decodes a CPython code object's raw bytes (co_code, co_linetable) into a
/// list of version-neutral instructions with source positions. Each supported
/// CPython version has one X-macro table (opcodes_311.def, ...) mapping its
/// opcode numbers to neutral ops; nothing past this layer knows opcode numbers.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pyrite::bytecode {

/// Version-neutral operations. Relative/direction-specific jump variants of a
/// CPython version collapse into one op with an absolute target.
enum class Op : uint16_t {
#define PYRITE_NEUTRAL_OP(name) name,
#include "bytecode/neutral_ops.def"
#undef PYRITE_NEUTRAL_OP
};

std::string_view op_name(Op op);

/// Source span of one instruction (1-based lines, 0-based columns, as
/// `code.co_positions()` reports them). -1 where CPython has no information.
struct Position {
  int line = -1;
  int end_line = -1;
  int col = -1;
  int end_col = -1;
};

struct Instruction {
  /// Byte offset in co_code of the opcode itself (not of its EXTENDED_ARGs).
  uint32_t offset = 0;
  Op op = Op::NOP;
  /// The CPython name, e.g. "POP_JUMP_FORWARD_IF_FALSE".
  std::string_view opname;
  /// The neutral op's argument: the oparg with this version's encoding undone
  /// (e.g. LOAD_ATTR's method bit, COMPARE_OP's shift; see neutral_ops.def).
  int32_t arg = 0;
  /// CPython's oparg with EXTENDED_ARG folded in, as `dis` shows it; 0 for
  /// opcodes without one.
  int32_t oparg = 0;
  /// 0, or 1 for the second half of a compound instruction the decoder
  /// expanded in two (e.g. RETURN_CONST -> LOAD_CONST, RETURN_VALUE). Both
  /// halves share offset, opname and position; jumps target part 0.
  uint8_t part = 0;
  /// Absolute byte offset for jumps, else -1. A jump to an instruction that
  /// has EXTENDED_ARG prefixes targets the instruction's own offset.
  int32_t jump_target = -1;
  Position pos;
};

/// What the decoder needs from a code object; no Python objects involved.
struct CodeBytes {
  int py_major = 3;
  int py_minor = 11;
  std::string code;      ///< co_code
  std::string linetable; ///< co_linetable
  int first_line = 0;    ///< co_firstlineno
};

/// Raised for an unsupported CPython version or malformed bytes.
struct DecodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Decodes every instruction: inline CACHE entries are skipped and each
/// EXTENDED_ARG is folded into the instruction that follows it, which keeps its
/// own offset (the one `dis.get_instructions` reports for it). Positions are
/// those of `code.co_positions()`. Throws DecodeError for an unsupported
/// version, an unknown opcode, truncated bytes or an out-of-range jump.
/// Then undoes the version's argument encodings and expands compound ops
/// (decoder.cpp, "Per-version fixups"), so every version yields the same
/// neutral ops for the same source.
std::vector<Instruction> decode(const CodeBytes &code);

/// One line per instruction, the golden-file form: offset, CPython opname,
/// arg, `-> target` for jumps, position `Lline:col-end_line:end_col` (`?` for
/// a missing value, `-` when there is none at all), and `; NEUTRAL_OP` when
/// the neutral op's name differs from the CPython one (`; NEUTRAL_OP arg`
/// when the argument differs too). The second half of an expanded compound
/// op is a `(then) ; NEUTRAL_OP arg` line:
///   `   36 FOR_ITER                          34 -> 106    L5:4-5:18`
///   `   66 LOAD_FAST_LOAD_FAST               33           L5:12-5:15 ; LOAD_FAST 2`
///   `                                     (then) ; LOAD_FAST 1`
std::string format(const std::vector<Instruction> &insts);

/// True when `decode` supports this CPython version.
bool supports_version(int major, int minor);

} // namespace pyrite::bytecode
