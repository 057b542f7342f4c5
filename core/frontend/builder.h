//===- frontend/builder.h - the frontend's Builder (private to frontend/) -===//
//
/// \file
/// The class that simulates CPython's value stack over one code object and
/// builds its IR, shared by frontend/*.cpp: frontend.cpp (blocks, emission,
/// the stack simulation), frontend_calls.cpp (calls, inner functions,
/// comprehensions) and frontend_refusals.cpp (what is refused, and why).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "frontend/frontend.h"

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pyrite::frontend::detail {

using bytecode::Instruction;
using bytecode::Op;
using ir::Inst;
using ir::Opcode;

// Stack entries are value ids; these two markers stand for CPython's NULL
// below a callable and for the `self` slot that LOAD_METHOD fills.
constexpr int kNull = -2;
constexpr int kSelf = -3;
/// LOAD_FAST_AND_CLEAR's saved variable (3.12+ inlined comprehensions):
/// kSavedBase - k for the k-th such instruction. While it is on the stack the
/// comprehension's variable of that name is a local of its own.
constexpr int kSavedBase = -100;
/// LOAD_CLOSURE's cell, and a tuple of them: only MAKE_FUNCTION reads it.
constexpr int kCell = -4;
/// kCodeBase - k: code constant k for MAKE_FUNCTION, and the function it
/// makes of a comprehension's code, which only a call right after uses
/// (3.11's comprehensions; other functions are MakeFunction values).
constexpr int kCodeBase = -1000000;
constexpr bool is_saved(int v) { return v <= kSavedBase && v > kCodeBase; }
/// A handler's stack (frontend_handlers.cpp): the offset CPython pushes for
/// `lasti`, the exception not caught yet (the handler block's entry makes
/// it a CaughtException value), and what PUSH_EXC_INFO keeps under the
/// exception it handles (the one handled before).
constexpr int kLasti = -5;
constexpr int kPendingException = -6;
constexpr int kExcInfo = -7;

class Builder {
public:
  /// `inlined`: the code of a comprehension inlined into its function, whose
  /// free variables are that function's locals.
  explicit Builder(const CodeObject &code, bool inlined = false)
      : code_(code), inlined_(inlined) {}

  ir::Function run();

private:
  // --- block discovery, emission, stack simulation (frontend.cpp) ------------
  void find_blocks();
  int block_at(uint32_t offset) const;
  int emit(Inst in, bool has_result = true);
  int emit_op(Opcode op, std::vector<int> args, int sub = 0, std::string name = {});
  int emit_const(const ir::Constant &c);
  int pop();
  static std::string slot_name(int block, size_t k);
  /// Passes `stack` to successor `succ`: values go through its entry slots.
  void edge_to(int succ, const std::vector<int> &stack, std::set<int> &worklist);
  void terminate(Opcode op, std::vector<int> args, int t0, int t1 = -1);
  void simulate_block(int b, std::set<int> &worklist);
  /// Simulates one instruction; returns true when it ended the block.
  bool step(const Instruction &in, int next_offset, std::set<int> &worklist);
  bool step_control(const Instruction &in, int next_offset, std::set<int> &worklist);

  // --- calls, inner functions, comprehensions (frontend_calls.cpp) -----------
  /// The local a *_FAST argument names. Past co_varnames lie cells and free
  /// variables: 3.13 loads a cell with LOAD_FAST to build a closure (3.11
  /// and 3.12 with LOAD_CLOSURE), so that is an inner function.
  const std::string &local_name(const Instruction &in);
  /// Inside an inlined comprehension (3.12+) its variable is its own local.
  const std::string &comprehension_local(const std::string &name) const;
  /// What LOAD_DEREF of `name` reads. A cell of this function, a free
  /// variable of an inlined comprehension (its function's local) or of an
  /// inner function compiled on its own (a parameter): a local. A free
  /// variable of the function being compiled: the enclosing Python
  /// function's value, frozen when compiling as Numba freezes it.
  int load_variable(const std::string &name);
  /// MAKE_FUNCTION: a 3.11 comprehension's function, which the CALL right
  /// after inlines, or an inner function or lambda: a MakeFunction value
  /// holding the values of the variables it captures and its defaults.
  /// 3.11/3.12 push those extras before the code and name them in the
  /// argument's flags (0x01 defaults, 0x02 keyword-only defaults, 0x04
  /// annotations, 0x08 the closure's cells); 3.13 passes each to a
  /// SET_FUNCTION_ATTRIBUTE after, from values already on the stack. The
  /// cells themselves are not read: the captured variables are, by name.
  void make_function(const Instruction &in);
  /// `f(a, *t)` builds its arguments as a list display [a, *t] turned into
  /// a tuple. pyrite builds that tuple itself ((a,) + t, typed when t's
  /// length is known), so the display must end in LIST_TO_TUPLE with only
  /// loads and more items between; a starred list display of its own
  /// (`[a, *t]`) would be a list and is refused.
  void expect_list_to_tuple(const Instruction &from);
  int concat_star_tuple(int head, int tail);
  /// CALL: the callee is one of the two slots below the arguments. 3.11 and
  /// 3.12 push [NULL, callable] or [method, self]; 3.13 [callable, NULL] or
  /// [method, self]. [callable, x] with x a value (the with-exit trick) calls
  /// callable with x as an explicit first argument.
  /// A call of Python builtin `name` that no global of the user's can
  /// shadow (f-strings call format() whatever `format` names in the module).
  int call_builtin(const std::string &name, const std::vector<int> &args);
  /// A call of `module.function` (builtins, operator), whatever the user's
  /// globals name.
  int call_function(const std::string &qualified, const std::vector<int> &args);
  /// obj.method(args...).
  int call_method(int obj, const std::string &method, const std::vector<int> &args);
  /// An f-string's !s, !r or !a (conversion 1, 2, 3; 0 is none).
  int convert_value(int value, int conversion);
  void call(int argc);
  /// 3.11 compiles a comprehension to a function called once with the
  /// iterator; 3.12+ inline it into the bytecode. pyrite inlines it too: the
  /// comprehension's blocks go between this block and a new one that
  /// continues it. Its variables become locals of their own (`x.inl1`), its
  /// free variables are this function's, its return value arrives through
  /// a local, and the stack crosses the comprehension through locals as it
  /// crosses block edges.
  int inline_comprehension(int k, const std::vector<int> &args);

  // --- try/except (frontend_handlers.cpp) -----------------------------------
  /// A co_exceptiontable entry in byte offsets: an exception raised in
  /// [start, end) goes to `target` with the stack cut to `depth`.
  struct TableEntry {
    uint32_t start, end, target, depth;
    bool lasti;
  };
  /// Where a protected block's exceptions go.
  struct HandlerEdge {
    int block;
    uint32_t depth;
    bool lasti;
  };
  /// co_exceptiontable's entries: each value a varint of 6-bit chunks, most
  /// significant first, bit 6 = more.
  std::vector<TableEntry> exception_entries() const;
  /// The (first part of the) instruction at `offset`, or insts_.end().
  std::vector<Instruction>::const_iterator instruction_at(uint32_t offset) const;
  /// A generator's body in 3.12+ is protected by a handler that turns a
  /// StopIteration leaking out of it into RuntimeError (PEP 479):
  /// CALL_INTRINSIC_1 3, RERAISE. Compiled generators raise no StopIteration.
  bool is_generator_stop_handler(uint32_t handler) const;
  /// An inlined comprehension's cleanup (3.12+): SWAP 2, POP_TOP, then
  /// SWAPs and STORE_FASTs restoring the shadowed variables, then RERAISE.
  /// pyrite never touches the shadowed variables: it only raises again.
  bool is_comprehension_cleanup(uint32_t handler) const;
  /// A handler that only raises the exception again.
  bool only_reraises(uint32_t handler) const;
  const TableEntry *entry_covering(uint32_t offset) const;
  void read_exception_table();
  /// Each block's handler, past handlers that only raise again.
  void assign_handlers();
  /// At a protected block's start: its stack below the handler's depth
  /// goes to the handler's entry slots.
  void enter_protected_block(std::set<int> &worklist);
  /// How many exceptions are being handled here (PUSH_EXC_INFOs not yet
  /// popped): the nesting level of the innermost handler.
  int handled_exception_depth() const;
  /// Raise `exc`, a caught exception, again (an IR Raise with sub 1).
  void reraise(int exc);
  /// PUSH_EXC_INFO, POP_EXCEPT, CHECK_EXC_MATCH, RERAISE, RAISE_VARARGS;
  /// true when the instruction ended the block.
  bool step_exceptions(const Instruction &in);

  // --- what is refused, and why (frontend_refusals.cpp) ----------------------
  /// Why a constant is refused. A code object (its repr, "<code object NAME
  /// at ...>") is the body of an inner function or, in 3.11, of a
  /// comprehension; say which, the same in every version.
  static std::string describe_constant(const ir::Constant &c);
  static std::string describe_unsupported(const Instruction &in);

  // --- state --------------------------------------------------------------
  void unary(ir::UnaryOp op) { stack_.push_back(emit_op(Opcode::Unary, {pop()}, int(op))); }
  const CodeObject &code_;
  bool inlined_ = false;
  int inline_count_ = 0;
  int pending_function_attributes_ = 0; ///< SET_FUNCTION_ATTRIBUTEs already read (3.13)
  std::set<int> genexpr_values_; ///< MakeFunction values of generator expressions
  std::set<int> star_tuples_; ///< f(a, *t)'s argument tuples being built (see LIST_EXTEND)
  std::vector<Instruction> insts_;
  std::vector<TableEntry> table_;         ///< co_exceptiontable
  std::map<uint32_t, size_t> instruction_index_; ///< offset -> its first instruction
  std::map<int, HandlerEdge> handler_of_; ///< protected block -> its handler
  bool has_bare_raise_ = false;           ///< a bare `raise` reads the handled exception
  std::map<uint32_t, int> block_of_;
  std::set<uint32_t> loop_bodies_;
  std::vector<std::optional<std::vector<int>>> shapes_;
  ir::Function fn_;
  ir::Block *cur_ = nullptr;
  std::vector<int> stack_;
  std::vector<std::string> kwnames_;
  bytecode::Position pos_;
  std::map<int, std::vector<int>> list_items_; ///< items of tuple/list literal values
  std::map<std::vector<int>, int> slices_;     ///< BuildSlice values of this block, by bounds
  std::map<uint32_t, int> saved_sites_; ///< LOAD_FAST_AND_CLEAR offset -> site number
  /// A saved-variable marker -> (the variable, the comprehension's own local).
  std::map<int, std::pair<std::string, std::string>> saved_names_;
};

} // namespace pyrite::frontend::detail
