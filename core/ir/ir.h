//===- ir/ir.h - pyrite's target-neutral IR -------------------------------===//
//
/// \file
/// A function is a CFG of blocks. Temporaries are SSA values (`%N`), defined
/// once and used only inside their block; Python locals (and stack slots that
/// cross a block edge, named `$bN.K`) are named variables, read with LoadLocal
/// and written with StoreLocal, that lowering turns into allocas which LLVM's
/// mem2reg promotes. Each local has one type for the whole function (the
/// unification of everything stored to it); split_locals first gives each web
/// of a Python variable its own local, so only values that meet unify.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "bytecode/decoder.h"
#include "ir/types.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pyrite::ir {

/// A compile-time constant from co_consts (or built by the frontend).
struct Constant {
  /// UInt: an integer literal in [2**63, 2**64), typed uint64 as Numba does
  /// (`i` holds its bits).
  enum class Kind : uint8_t {
    None, Bool, Int, Float, Str, Tuple, Array, Other, UInt, Complex, Ellipsis,
    Datetime, Timedelta ///< np.datetime64 / np.timedelta64: `i` units `s` (a unit code)
  };
  Kind kind = Kind::None;
  int64_t i = 0;
  double f = 0;                  ///< Float; Complex: the real part
  double imag = 0;               ///< Complex: the imaginary part
  std::string s;                 ///< Str text; Other: repr for messages
  std::vector<Constant> items;   ///< Tuple
  std::vector<int64_t> shape;    ///< Array (a frozen global): C-order `s` holds the data
  std::string repr() const;
};

enum class Opcode : uint8_t {
  Const,      ///< constant
  Global,     ///< name: a global or builtin, resolved by the typer
  LoadLocal,  ///< name
  StoreLocal, ///< name = args[0]
  DelLocal,   ///< name
  BinOp,      ///< sub: BinaryOp; inplace flag
  Compare,    ///< sub: CompareOp
  Unary,      ///< sub: UnaryOp
  GetAttr,    ///< args[0].name
  Call,       ///< args[0](args[1:]), kwnames name the trailing args; sub 1:
              ///< f(*t), the last arg a tuple of arguments (the typer spreads it)
  GetItem,    ///< args[0][args[1]]
  SetItem,    ///< args[0][args[1]] = args[2]
  BuildTuple, ///< (args...)
  ExtractItem,///< args[0][sub] when unpacking into constant.i targets
  GetIter,    ///< iter(args[0])
  IterNext,   ///< next value of iterator args[0] (only at a loop body's start)
  BuildSlice, ///< slice(args...): 2 or 3 values, each an integer or None
  /// An inner function or lambda: name is its code's key (CodeObject::key);
  /// args are the values of its free variables (co_freevars order), then,
  /// when sub is 1, the tuple of its parameters' defaults.
  MakeFunction,
  /// yield args[0] in a generator: the value of the expression is what the
  /// consumer sends back, None (next() and for loops send nothing else).
  Yield,
  // Terminators.
  Jump,       ///< goto targets[0]
  Branch,     ///< if args[0] goto targets[0] else targets[1]
  ForIter,    ///< if iterator args[0] has a next value goto targets[0] else targets[1]
  Return,     ///< return args[0]
  Raise,      ///< raise args[0]; sub 1: a caught exception raised again (RERAISE,
              ///< bare `raise`), never one code with a new exception
};

enum class BinaryOp : uint8_t {
  Add, And, FloorDiv, LShift, MatMul, Mul, Mod, Or, Pow, RShift, Sub, TrueDiv, Xor
};
/// In/NotIn: `args[0] in args[1]` (CONTAINS_OP).
enum class CompareOp : uint8_t { Lt, Le, Eq, Ne, Gt, Ge, Is, IsNot, In, NotIn };
enum class UnaryOp : uint8_t { Neg, Pos, Not, Invert };

const char *opcode_name(Opcode op);
const char *binary_op_symbol(BinaryOp op);
const char *compare_op_symbol(CompareOp op);
const char *unary_op_symbol(UnaryOp op);

struct Inst {
  Opcode op = Opcode::Const;
  int result = -1;                ///< value id, or -1
  std::vector<int> args;          ///< operand value ids
  int sub = 0;                    ///< operator enum or item index
  bool inplace = false;           ///< BinOp from an augmented assignment
  std::string name;               ///< local, attribute or global name
  Constant constant;              ///< Const
  std::vector<std::string> kwnames; ///< Call
  int targets[2] = {-1, -1};      ///< successor block ids
  bytecode::Position pos;

  bool is_terminator() const { return op >= Opcode::Jump; }
};

struct Block {
  int id = 0;
  uint32_t offset = 0; ///< bytecode offset where the block starts
  /// The block an exception raised here goes to (an `except`/`finally`
  /// handler, which starts by catching it), or -1: out of the function.
  /// An exceptional edge leaves from anywhere in the block, so analyses
  /// give the handler what holds at the block's entry and at each store.
  int handler = -1;
  std::vector<Inst> insts;
  const Inst &terminator() const { return insts.back(); }
};

/// The blocks control may go to from `b`: its terminator's targets, then
/// its handler (each at most once, none below 0).
std::vector<int> successors(const Block &b);

struct Function {
  std::string name;
  std::string qualname;
  std::string filename;
  int first_line = 0;
  std::vector<std::string> arg_names;
  bool generator = false;    ///< a generator function (`yield`): calls return a Generator
  /// @jit(locals=...): the declared type of a Python variable (every web of it)
  std::map<std::string, const Type *> declared_locals;
  std::vector<Block> blocks; ///< blocks[0] is the entry
  int num_values = 0;
};

/// Per-function typing result: a type per value and per local.
struct TypeMap {
  std::vector<const Type *> values;
  std::vector<std::pair<std::string, const Type *>> locals; ///< in first-store order
  const Type *return_type = nullptr;
  const Type *local(const std::string &name) const;
};

/// Rewrites `fn` into the canonical CFG that every CPython version's bytecode
/// for the same source reaches (ir/cfg.cpp): exit blocks copied by the
/// compiler merged again, jumps to blocks that only jump threaded, blocks in
/// reverse postorder and values numbered in that order.
void canonicalize_cfg(Function &fn);

/// Gives each web of a Python variable (the stores that reach a common load)
/// its own local, `x`, `x.1`, ... (ir/locals.cpp), so that a name reused for
/// a value of another type is another variable, as Numba's SSA makes it.
void split_locals(Function &fn);

/// Reorders blocks in reverse postorder from the entry (dropping those it
/// cannot reach) and renumbers values in that order, as canonicalize_cfg
/// leaves them, without its other rewrites.
void reorder_blocks(Function &fn);

/// `for x in literal_unroll(t)` over a tuple whose size is known before
/// typing (a display, an argument, a local assigned once): the body is
/// copied once per item with `x = t[k]` (ir/unroll.cpp). True when
/// something changed.
/// `global_type` gives a global name's type (nullptr: none).
bool unroll_literal_loops(Function &fn, const std::vector<const Type *> &arg_types,
                          const std::function<const Type *(const std::string &)> &global_type);

/// A load or `del` that no store reaches on any path (after `del x`, or of
/// a name never assigned before it) always raises UnboundLocalError in CPython:
/// the block raises there instead (ir/locals.cpp), so no type is asked of
/// a value that cannot exist. True when something changed.
bool raise_at_unbound_loads(Function &fn);

/// For one signature: replaces `x is None` / `x is not None` on an argument
/// that still holds the value it entered with by a constant, the argument
/// being None (`arg_is_none[k]` true) or never None (false); an argument that
/// may be either (an OptionalType, nullopt) keeps its run-time test. True
/// when something changed.
bool fold_argument_none_tests(Function &fn,
                              const std::vector<std::optional<bool>> &arg_is_none);

/// Turns branches on a constant of the same block into jumps and empties
/// what only they reached (canonicalize_cfg then drops it). Not part of the
/// canonical form: CPython versions place constants differently, so it runs
/// per signature, after fold_argument_none_tests. True when something changed.
bool fold_constant_branches(Function &fn);

/// The Python variable local `local` is a web of (split_locals names its
/// webs `x`, `x.1`, ...): `del x` unbinds them all.
inline std::string variable_of(const std::string &local) {
  return local.substr(0, local.find('.'));
}

/// The LoadLocal values that may run before their local holds a value on
/// some path from the entry (never stored there, or deleted): Python raises
/// UnboundLocalError there (ir/unbound.cpp). Arguments are bound at the
/// entry; stack slots (`$bN.K`) always are.
std::set<int> maybe_unbound_loads(const Function &fn);
/// The `del x` (block id, instruction index) that may find x unbound, where
/// Python raises UnboundLocalError too.
std::set<std::pair<int, size_t>> maybe_unbound_dels(const Function &fn);

/// The golden-file form. With `types`, every value and local shows its type.
std::string print(const Function &fn, const TypeMap *types = nullptr);

} // namespace pyrite::ir
