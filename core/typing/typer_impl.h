//===- typing/typer_impl.h - the Typer, shared by its source files --------===//
//
/// \file
/// The fixed-point type inference of typer.h, one class split along its
/// seams: the driver and the instruction visitor (typer.cpp), operators
/// (typer_operators.cpp), calls and attributes (typer_calls.cpp), indexing
/// (typer_items.cpp). Private to core/typing.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "typing/typer.h"

#include "support/diagnostics.h"

#include <map>
#include <optional>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace pyrite::typing {

using ir::Inst;
using ir::Opcode;

/// "(int64, float64)": argument types for messages.
std::string type_list(const std::vector<const Type *> &ts);

class Typer {
public:
  Typer(ir::Function fn, const std::vector<const Type *> &args, Resolver &resolver)
      : resolver_(resolver) {
    out_ = std::make_shared<TypedFunction>();
    out_->fn = std::move(fn);
    out_->arg_types = args;
    out_->types.values.assign(out_->fn.num_values, nullptr);
    for (const ir::Block &b : out_->fn.blocks)
      for (const Inst &in : b.insts) {
        if (in.result >= 0)
          def_of_[in.result] = &in;
        if (in.op == Opcode::StoreLocal)
          ++stores_of_local_[in.name];
      }
  }

  std::shared_ptr<TypedFunction> run();

  const Type *value(int id) const { return out_->types.values[id]; }

  void set_value(const Inst &in, const Type *t) {
    if (!t || value(in.result) == t)
      return;
    out_->types.values[in.result] = t;
    changed_ = true;
  }

  void set_local(const std::string &name, const Type *t, const bytecode::Position &pos);

  /// A local as the user wrote it: `x.1` (a web of x, ir/locals.cpp) is x.
  static std::string pretty_local(const std::string &name) {
    return name[0] == '$' ? "a temporary value" : name.substr(0, name.find('.'));
  }

  /// The constant value of `id` when it is a Const or a frozen global.
  const ir::Constant *literal(int id) const {
    auto it = consts_.find(id);
    return it == consts_.end() ? nullptr : it->second;
  }

  /// What a typing function is offered as argument `id`'s constant value:
  /// literal(id), or a tuple built of integer constants.
  std::optional<ir::Constant> constant_argument(int id) const;

  bool known(const Inst &in) const {
    for (int a : in.args)
      if (!value(a))
        return false;
    return true;
  }

  void visit(const Inst &in);

  /// The constant a branch tests, when known at compile time.
  const ir::Constant *known_condition(const Inst &branch) const;

  /// Marks the blocks `b` can reach live (one side of a known branch).
  void mark_successors(const ir::Block &b);

  /// After typing: known branches become jumps, unreachable blocks go.
  void drop_dead_blocks();

  static std::string return_mismatch(const Type *before, const Type *here);

  void visit_global(const Inst &in);

  void record_global(const Inst &in, const GlobalValue &g);

  /// Element type of an array expression's operand (the scalar itself).
  static const Type *element(const Type *t) { return t->is_array() ? t->dtype : t; }

  /// Result of `op` on scalars of types a and b; `t` becomes the type both
  /// operands are converted to. nullptr when the operator does not apply.
  static const Type *scalar_binop_type(ir::BinaryOp op, const Type *a, const Type *b,
                                       const Type *&t);

  /// The array with `dtype` and the larger ndim of a and b (broadcasting).
  static const Type *broadcast_result(const Type *dtype, const Type *a, const Type *b);

  /// `a op= b` on an array `a`: NumPy's ufunc(a, b, out=a) under the
  /// 'same_kind' casting rule. A scalar `b` is weak (NEP 50): `uint8_array
  /// += 1` computes in uint8 and `float32_array *= 0.5` in float32. The
  /// result is `a` itself, updated in place.
  const Type *inplace_array_binop(const Inst &in, const Type *a, const Type *b);

  const Type *binop(const Inst &in);
  /// The result of comparing two integer constants, or nothing.
  static std::optional<ir::Constant> folded_comparison(ir::CompareOp op, const ir::Constant *a,
                                                       const ir::Constant *b);

  /// Python's `operator` function behind a binary operator (`+=` is iadd,
  /// falling back to add as Python does when the type has no in-place form).
  static std::string binary_op_function(ir::BinaryOp op, bool inplace);

  /// An operator on types the core does not implement, through the
  /// extension API, as Numba does: the @overload registered for the
  /// `operator` module's function (`operator.eq`, `operator.add`, ...), or
  /// nullptr when there is none that accepts the operands. `operands[k]` is
  /// the instruction operand that supplies parameter k (`in` passes the
  /// container first). A qualified `function` ("builtins.iter") names
  /// another module's function.
  const Type *operator_overload(const Inst &in, const std::string &function,
                                const std::vector<const Type *> &params,
                                const std::vector<int> &operands);

  const Type *compare(const Inst &in);

  /// `item in container` (and `not in`): any element equal to `item`, for
  /// arrays and tuples of numbers, as NumPy's __contains__ and Python's.
  const Type *contains(const Inst &in, const Type *item, const Type *container);

  const Type *unary(const Inst &in);

  const Type *getattr(const Inst &in);

  const Type *call(const Inst &in);

  /// A method call on a list whose item type is not known yet: append(v)
  /// makes the variable holding it a list of v's type; anything else is
  /// a TypingError. Returns nullptr (typed on the next round).
  /// `d = {}` then `d[key] = value`: the local becomes a dict of those
  /// types (as Numba infers an empty dict display's types).
  void refine_empty_dict(const Inst &in, const Type *key, const Type *value);
  /// Types given to `{}` / set() displays that are not in a variable (a
  /// display being filled on the stack): by the result id of the call that
  /// makes each, which types as these from then on.
  std::map<int, const Type *> display_types_;
  /// Gives the untyped dict or set `table` (an operand of `in`) type `t`:
  /// its variable's, or its display's when it is not in one.
  void refine_table(const Inst &in, int table, const Type *t);
  /// `s = set()` then `s.add(x)`: the local becomes a set of x's type.
  void refine_empty_set(const Inst &in, const Type *method, const Type *arg);
  /// Whether `function` (a qualified name) adds its second argument to the
  /// list that is its first (heapq.heappush), typing an empty one.
  static bool adds_its_second_argument(const std::string &function);
  const Type *refine_empty_list_argument(const Inst &in, const Type *added);
  /// `id`, or the value it was spilled from when it is a load of a compiler
  /// temporary ("$...") stored once.
  int spilled_value(int id) const;
  const Type *refine_empty_list(const Inst &in, const Type *method,
                                const std::vector<const Type *> &args);

  /// `a @ b`: np.dot's implementation (pyrite/_library), called with a, b.
  const Type *matmul(const Inst &in, const Type *a, const Type *b);

  /// `"... %d ..." % values` (one integer or a tuple of up to three): a
  /// message for an exception, formatted when it is raised.
  const Type *format_message(const Inst &in, const Type *text, const Type *values);

  /// Asks the extension API once per call site and argument types (the
  /// typer visits a call on every round until types settle).
  OverloadChoice choose_overload(const Inst &in, const void *overloads, const Type *receiver,
                                 const std::vector<const Type *> &args);

  /// `obj.name` from @overload_method (a bound method) or
  /// @overload_attribute (a call of the implementation with `obj`).
  const Type *member_overload(const Inst &in, const Type *obj);

  /// cuda.shared.array / cuda.local.array: a constant shape (typed per call
  /// site; lowering reads the folded constant).
  const Type *gpu_array_call(const Inst &in, const Type *callee,
                             const std::vector<const Type *> &args, Resolution &r);
  const Type *intrinsic_call(const Inst &in, const Type *callee,
                             const std::vector<const Type *> &args, Resolution &r);

  /// Matches positional and keyword arguments to the callee's parameters,
  /// filling the rest from its defaults; returns the types in order. A
  /// method's `receiver` is the first positional argument (operand 0, the
  /// callee's own value).
  std::vector<const Type *> bind_arguments(const Inst &in, const Type *callee,
                                           const std::vector<const Type *> &args,
                                           Resolution &r, const Type *receiver = nullptr);
  /// Which captured value of closure `callee` is the default of parameter
  /// `k`, or -1 when it has none there.
  static int closure_default(const Type *callee, const CallSignature &sig, size_t k);
  /// f(*t) once t is typed as a tuple: its items become the call's last
  /// positional arguments (ExtractItems inserted before the call). True
  /// when a call was spread.
  bool spread_star_arguments();
  /// The function `dispatcher` with `args` when it is being typed further up
  /// this thread's stack (mutual recursion): its TypedFunction in progress,
  /// also stored in `out`; nullptr when it is not.
  const TypedFunction *ancestor(const Type *dispatcher, const std::vector<const Type *> &args,
                                std::shared_ptr<const TypedFunction> &out);
  /// enumerate(d) and zip(..., s, ...) of dicts and sets walk the library's
  /// iter() of them: inserts the calls. True when it inserted any.
  bool iterate_tables_in_builtins();
  /// `if obj:`, `while obj:` and `not obj` on a @jitclass instance (or an
  /// Optional one): they test bool(obj), which the library answers with the
  /// class's __bool__ or __len__ (true without either, None false, as in
  /// Python).
  bool test_instances_by_bool();
  /// After instructions were inserted: room for their values, and def_of_
  /// pointing at the instructions where they now are.
  void reindex_definitions();
  void yield_value(const Inst &in);
  /// Refuses a closure used after a variable it captured was assigned
  /// again (typing/closure_captures.cpp).
  void check_closure_captures();
  [[noreturn]] void refuse_stale_capture(const Inst &use, const Inst &made,
                                         const std::set<std::string> &vars);
  /// t[a:b:c] with constant bounds: the tuple of the items selected.
  const Type *tuple_slice(const Inst &in, const Type *tuple);
  /// An inner function or lambda: the Dispatcher compiling it, holding the
  /// values it captures (a closure) when it captures any.
  const Type *make_function(const Inst &in);

  std::shared_ptr<const TypedFunction> callee_for(const Inst &in, const Type *callee,
                                                  const std::vector<const Type *> &args);

  static std::string describe_callee(const Type *t);

  const Type *getitem(const Inst &in);

  /// The field `record[key]` names (a constant str or int key, in.args[1]);
  /// a TypingError for any other key.
  int record_field_of(const Inst &in, const Type *record);
  /// Dimensions left after indexing `arr` with `idx` (integers, slices,
  /// None (a new axis) and one `...`), and whether anything but integers
  /// was among them.
  std::pair<int, bool> index_shape(const Type *arr, const Type *idx,
                                   const bytecode::Position &pos);

  /// Numba's rule: a view of a C array stays C when every index but the last
  /// is an integer, the last is an integer or a step-less slice, and no
  /// dimension is left unindexed after a slice.
  static char view_layout(const Type *arr, const Type *idx);

  void setitem(const Inst &in);

  const Type *extract(const Inst &in);

  void check_complete();

  /// How the user would name value `id`: 'a', a view of 'a', ...
  std::string describe_value(int id) const;

  /// NEP 50's weak scalars: whether value `id` is known to be a NumPy
  /// scalar (strong) rather than a Python int/float/bool (weak).
  bool numpy_scalar(int id) const { return numpy_scalars_.count(id) != 0; }
  /// A scalar of a type Python's numbers never have (int8 ... uint64 but
  /// int64, float32): a NumPy scalar wherever it came from.
  static bool numpy_only_scalar(const Type *t) {
    return t && (t->is_int() || t->is_float()) && t != types::int64() && t != types::float64();
  }
  /// Records that `in`'s int64 or float64 result is a NumPy scalar: an
  /// array's element (`a[i]`, `for x in a`), what a NumPy function or an
  /// array method returns (np.sqrt(2.0), a.sum(); not a.item()), a NumPy
  /// scalar type's call (np.float64(x)), arithmetic with one of these (or
  /// with a scalar of a type only NumPy has: int32, float32, ...), abs/min/
  /// max of one, and a local assigned one once. Arguments count as Python
  /// scalars, as do np.random's scalar draws (NumPy returns Python floats).
  void track_numpy_scalar(const Inst &in);
  /// NumPy's type for scalar `id`, typed `typed` here: the same, except
  /// for an int64 NumPy holds in a narrower integer (track_narrow_numpy_int).
  const Type *numpy_type(int id, const Type *typed) const {
    auto it = numpy_narrow_.find(id);
    return it == numpy_narrow_.end() ? typed : it->second;
  }
  /// Records that `in`'s int64 or uint64 result (arithmetic widened as in Numba) is
  /// in NumPy a scalar of a narrower integer type, which wraps: `a[0] * 2`
  /// of an int32 array is an np.int32 (NEP 50), so storing it into an
  /// int32 array or adding it to one behaves as that int32 does.
  void track_narrow_numpy_int(const Inst &in);

  /// Refuses a store into a read-only array, naming it.
  void check_writable(int array_id, const bytecode::Position &pos, const char *how);

private:
  Resolver &resolver_;
  std::map<int, const Inst *> def_of_; ///< the instruction that defines each value
  std::shared_ptr<TypedFunction> out_;
  std::map<int, const ir::Constant *> consts_;
  std::map<std::pair<int, std::vector<const Type *>>, std::shared_ptr<const TypedFunction>>
      callee_cache_;
  std::map<std::pair<int, std::vector<const Type *>>, OverloadChoice> overload_cache_;
  bool changed_ = false;
  /// NEP 50: values (and locals) known to be NumPy scalars; only grow. A
  /// local counts only when assigned once (a loop's accumulator that starts
  /// as a Python float holds one at first, and its uses are typed before
  /// later rounds would learn otherwise).
  std::set<int> numpy_scalars_;
  std::set<std::string> numpy_scalar_locals_;
  /// track_narrow_numpy_int: by value, and by local assigned once.
  std::map<int, const Type *> numpy_narrow_;
  std::map<int, std::vector<int>> numpy_narrow_operands_;
  std::map<std::string, const Type *> numpy_narrow_locals_;
  std::map<std::string, int> stores_of_local_;
  /// ir::maybe_unbound_loads, once a closure needs it.
  std::optional<std::set<int>> unbound_loads_;
  /// A generator's values: the unification of what its `yield`s give.
  const Type *yield_type_ = nullptr;
  std::vector<char> live_; ///< by block id: reachable given known branches
  /// Locals stored values of different types (unified: int64 and float64
  /// as float64, None and int64 as OptionalType(int64)).
  std::set<std::string> mixed_locals_;
  /// The last recursive call met before its callee's return type was known
  /// (its result value and position; instructions may be inserted since,
  /// so not a pointer), and whether that callee is a function still being
  /// typed further up (RecursionPending: it retries once it knows its type).
  struct UntypedRecursiveCall {
    int result = -1;
    bytecode::Position pos;
    bool waits_on_caller = false;
  };
  std::optional<UntypedRecursiveCall> recursive_call_untyped_;
};

} // namespace pyrite::typing
