//===- passes/parallel_loops.cpp - prange loops as parallel regions -------===//
//
// A prange loop is the block whose ForIter walks `iter(prange(...))` and
// the blocks its body reaches without going back through it. Locals are
// classified by a definite-assignment walk over one iteration: a local read
// before the iteration sets it comes from before the iteration (an input,
// or, when the loop also sets it, a value carried from the previous
// iteration, which only a reduction may be).
//
//===----------------------------------------------------------------------===//
#include "passes/parallel_loops.h"
#include "passes/array_fusion.h"

#include "support/diagnostics.h"
#include "typing/typer.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>

namespace pyrite::passes {
namespace {

using ir::Opcode;

struct Def {
  int block = -1;
  const ir::Inst *inst = nullptr;
};

/// The operator a store of `x` = (its value's instruction) reduces with,
/// and the LoadLocal of `x` it combines; nullopt when it is no reduction.
struct Update {
  ReductionOp op;
  /// The loads of x the operand is: one LoadLocal, or those that reach it
  /// through the interpreter's stack slots (`s += a if c else b` keeps
  /// the loaded s in a slot while the branches run).
  std::vector<int> loads;
};

std::optional<ReductionOp> binary_reduction(ir::BinaryOp op) {
  switch (op) {
  case ir::BinaryOp::Add:
  case ir::BinaryOp::Sub: return ReductionOp::Add;
  case ir::BinaryOp::Mul: return ReductionOp::Mul;
  case ir::BinaryOp::And: return ReductionOp::And;
  case ir::BinaryOp::Or: return ReductionOp::Or;
  case ir::BinaryOp::Xor: return ReductionOp::Xor;
  default: return std::nullopt;
  }
}

/// `acc` met with `next` (all of `next` when nothing was met yet).
void intersect(std::optional<std::set<std::string>> &acc, const std::set<std::string> &next) {
  if (!acc) {
    acc = next;
    return;
  }
  std::set<std::string> both;
  std::set_intersection(acc->begin(), acc->end(), next.begin(), next.end(),
                        std::inserter(both, both.end()));
  acc = std::move(both);
}

class Planner {
public:
  explicit Planner(const typing::TypedFunction &tf) : tf_(tf), fn_(tf.fn) {
    for (const ir::Block &b : fn_.blocks)
      for (const ir::Inst &in : b.insts) {
        if (in.result >= 0)
          defs_[in.result] = {b.id, &in};
        used_.insert(in.args.begin(), in.args.end());
      }
  }

  ParallelPlan run() {
    std::vector<ParallelLoop> candidates;
    for (const ir::Block &b : fn_.blocks)
      for (const ir::Inst &in : b.insts)
        if (in.op == Opcode::GetIter && is_prange(in.args[0])) {
          ParallelLoop loop;
          loop.iterator = in.result;
          loop.pos = in.pos;
          if (auto why = find_blocks(loop))
            plan_.serial.emplace_back(in.pos.line, *why);
          else
            candidates.push_back(std::move(loop));
        }
    // (Outer loops come first, in block order: a loop nested in one that
    // runs in parallel runs serially inside it; in a serial one, it is a
    // region of its own.)
    for (ParallelLoop &loop : candidates) {
      const ParallelLoop *outer = nullptr;
      for (const ParallelLoop &other : plan_.loops)
        if (other.blocks.count(loop.header))
          outer = &other;
      if (outer) {
        plan_.serial.emplace_back(loop.pos.line,
                                  "nested in the prange loop at line " +
                                      std::to_string(outer->pos.line) +
                                      ", it runs serially inside each of its iterations");
        continue;
      }
      if (auto why = classify_locals(loop)) {
        plan_.serial.emplace_back(loop.pos.line, *why);
        continue;
      }
      find_races(loop);
      plan_.loops.push_back(std::move(loop));
    }
    return std::move(plan_);
  }

private:
  const typing::TypedFunction &tf_;
  const ir::Function &fn_;
  std::map<int, Def> defs_;
  std::set<int> used_; ///< values some instruction uses
  ParallelPlan plan_;

  bool is_prange(int value) const {
    auto d = defs_.find(value);
    if (d == defs_.end() || d->second.inst->op != Opcode::Call)
      return false;
    const typing::Resolution *r = tf_.resolution(value);
    return r && r->builtin == "pyrite.prange";
  }

  /// Fills loop.header/exit/blocks; the reason it must run serially, if any.
  std::optional<std::string> find_blocks(ParallelLoop &loop) {
    // The iterator reaches its ForIter through stack-slot locals.
    std::set<int> iterator_values = {loop.iterator};
    std::set<std::string> iterator_locals;
    for (bool changed = true; changed;) {
      changed = false;
      for (const ir::Block &b : fn_.blocks)
        for (const ir::Inst &in : b.insts) {
          if (in.op == Opcode::StoreLocal && iterator_values.count(in.args[0]))
            changed |= iterator_locals.insert(in.name).second;
          if (in.op == Opcode::LoadLocal && iterator_locals.count(in.name))
            changed |= iterator_values.insert(in.result).second;
        }
    }
    loop.iterator_locals.assign(iterator_locals.begin(), iterator_locals.end());
    for (const ir::Block &b : fn_.blocks)
      if (!b.insts.empty() && b.terminator().op == Opcode::ForIter &&
          iterator_values.count(b.terminator().args[0]))
        loop.header = b.id;
    if (loop.header < 0)
      return "its iterator is not walked by a for loop";
    const ir::Block &header = fn_.blocks[size_t(loop.header)];
    loop.exit = header.terminator().targets[1];
    // The body: what its first block reaches without going round again,
    // nor out to the handler of a `try` around the whole loop.
    std::vector<int> work = {header.terminator().targets[0]};
    while (!work.empty()) {
      int id = work.back();
      work.pop_back();
      if (id == loop.header || id == header.handler || !loop.blocks.insert(id).second)
        continue;
      for (int t : ir::successors(fn_.blocks[size_t(id)]))
        work.push_back(t);
    }
    if (loop.blocks.count(loop.exit))
      return "a `break` leaves it";
    for (int id : loop.blocks) {
      const ir::Block &b = fn_.blocks[size_t(id)];
      if (b.terminator().op == Opcode::Return)
        return "a `return` leaves it (line " + std::to_string(b.terminator().pos.line) + ")";
      for (const ir::Inst &in : b.insts) {
        if (in.op == Opcode::Yield)
          return "it yields";
        if (in.op == Opcode::DelLocal)
          return "it deletes the variable '" + ir::variable_of(in.name) + "'";
      }
    }
    loop.blocks.insert(loop.header);
    // Values cross blocks only through locals, but for the iterator.
    for (int id : loop.blocks)
      for (const ir::Inst &in : fn_.blocks[size_t(id)].insts)
        for (int a : in.args)
          if (a != loop.iterator && !loop.blocks.count(defs_.at(a).block))
            return "it uses a value computed before it outside a variable";
    return std::nullopt;
  }

  /// Locals each block of the loop has set on every path from the start of
  /// an iteration (the header starts with none).
  std::map<int, std::set<std::string>> assigned_at_entry(const ParallelLoop &loop) const {
    std::map<int, std::vector<int>> preds;
    for (int id : loop.blocks)
      for (int t : ir::successors(fn_.blocks[size_t(id)]))
        if (loop.blocks.count(t) && t != loop.header)
          preds[t].push_back(id);
    std::map<int, std::optional<std::set<std::string>>> in; // nullopt: not reached yet
    std::map<int, std::set<std::string>> out;
    in[loop.header] = std::set<std::string>{};
    for (bool changed = true; changed;) {
      changed = false;
      for (int id : loop.blocks) {
        const ir::Block &b = fn_.blocks[size_t(id)];
        std::optional<std::set<std::string>> meet = in[id];
        if (id != loop.header)
          for (int p : preds[id]) {
            if (!in[p])
              continue;
            // An exceptional edge leaves from anywhere in p: only what p
            // started with holds for sure.
            const ir::Inst &jump = fn_.blocks[size_t(p)].terminator();
            bool exceptional = fn_.blocks[size_t(p)].handler == id && jump.targets[0] != id &&
                               jump.targets[1] != id;
            const auto &from = exceptional ? *in[p] : out[p];
            intersect(meet, from);
          }
        if (!meet)
          continue;
        std::set<std::string> o = *meet;
        for (const ir::Inst &in_ : b.insts)
          if (in_.op == Opcode::StoreLocal)
            o.insert(in_.name);
        if (meet != in[id] || o != out[id]) {
          in[id] = meet;
          out[id] = std::move(o);
          changed = true;
        }
      }
    }
    std::map<int, std::set<std::string>> result;
    for (int id : loop.blocks)
      result[id] = in[id].value_or(std::set<std::string>{});
    return result;
  }

  /// How `store` (StoreLocal x) updates x, if it is a reduction's update.
  /// The loads of the accumulator's `webs` that value `id` is (through
  /// stack slots the loop stores only such values in); nullopt when it is
  /// anything else.
  std::optional<std::vector<int>> accumulator_loads(int id, const std::set<std::string> &webs,
                                                    const ParallelLoop &loop,
                                                    std::set<std::string> &seen) const {
    auto d = defs_.find(id);
    if (d == defs_.end() || d->second.inst->op != Opcode::LoadLocal)
      return std::nullopt;
    const std::string &name = d->second.inst->name;
    if (webs.count(name))
      return std::vector<int>{id};
    if (name[0] != '$' || !seen.insert(name).second)
      return std::nullopt;
    std::vector<int> loads;
    for (int b : loop.blocks)
      for (const ir::Inst &in : fn_.blocks[size_t(b)].insts)
        if (in.op == Opcode::StoreLocal && in.name == name) {
          auto inner = accumulator_loads(in.args[0], webs, loop, seen);
          if (!inner)
            return std::nullopt;
          loads.insert(loads.end(), inner->begin(), inner->end());
        }
    if (loads.empty())
      return std::nullopt;
    return loads;
  }

  /// How `store` updates the accumulator whose locals are `webs` (the
  /// carried one, and those split_locals made of `s += a; s += b` in
  /// between), if it is a reduction's update.
  std::optional<Update> update_of(const ir::Inst &store, const std::set<std::string> &webs,
                                  const ParallelLoop &loop) const {
    auto d = defs_.find(store.args[0]);
    if (d == defs_.end())
      return std::nullopt;
    const ir::Inst &v = *d->second.inst;
    auto loads_x = [&](int id) {
      std::set<std::string> seen;
      return accumulator_loads(id, webs, loop, seen);
    };
    if (v.op == Opcode::BinOp) {
      auto op = binary_reduction(ir::BinaryOp(v.sub));
      if (!op)
        return std::nullopt;
      if (auto loads = loads_x(v.args[0]))
        return Update{*op, *loads};
      if (ir::BinaryOp(v.sub) != ir::BinaryOp::Sub)
        if (auto loads = loads_x(v.args[1]))
          return Update{*op, *loads};
      return std::nullopt;
    }
    if (v.op == Opcode::Call && v.args.size() == 3 && v.kwnames.empty()) {
      const typing::Resolution *r = tf_.resolution(v.result);
      if (!r || (r->builtin != "builtins.min" && r->builtin != "builtins.max"))
        return std::nullopt;
      ReductionOp op = r->builtin == "builtins.min" ? ReductionOp::Min : ReductionOp::Max;
      for (int k : {1, 2})
        if (auto loads = loads_x(v.args[size_t(k)]))
          return Update{op, *loads};
    }
    return std::nullopt;
  }

  /// Makes `x` (read before the iteration sets it, and set by the loop) a
  /// reduction, or raises the TypingError that names it.
  Reduction reduction(const ParallelLoop &loop, const std::string &x) const {
    Reduction red;
    red.local = x;
    std::set<int> update_loads, loads;
    bool first = true;
    bytecode::Position first_load;
    auto refuse = [&](const std::string &why, bytecode::Position pos) {
      typing_error("variable '" + ir::variable_of(x) + "' is carried from one prange " +
                       "iteration to the next (the loop at line " + std::to_string(loop.pos.line) +
                       ") and " + why + ": only `" + ir::variable_of(x) +
                       " op= value` or `x = x op value` with + - * & | ^, and `x = min(x, "
                       "value)` or max, can be reduced across threads; anything else would "
                       "race",
                   pos);
    };
    // The accumulator's webs: x and the others of its variable the loop
    // sets (each iteration's intermediate values).
    std::set<std::string> webs = {x};
    for (int id : loop.blocks)
      for (const ir::Inst &in : fn_.blocks[size_t(id)].insts)
        if (in.op == Opcode::StoreLocal && ir::variable_of(in.name) == ir::variable_of(x))
          webs.insert(in.name);
    for (int id : loop.blocks)
      for (const ir::Inst &in : fn_.blocks[size_t(id)].insts) {
        if (in.op == Opcode::LoadLocal && webs.count(in.name)) {
          loads.insert(in.result);
          if (first_load.line < 0)
            first_load = in.pos;
        }
        if (in.op != Opcode::StoreLocal || !webs.count(in.name))
          continue;
        auto u = update_of(in, webs, loop);
        if (!u)
          refuse("this assignment is not a reduction", in.pos);
        if (first) {
          red.op = u->op;
          red.pos = in.pos;
          first = false;
        } else if (u->op != red.op) {
          refuse(std::string("it is reduced with both ") + reduction_op_name(red.op) + " and " +
                     reduction_op_name(u->op),
                 in.pos);
        }
        update_loads.insert(u->loads.begin(), u->loads.end());
        const ir::Inst &value = *defs_.at(in.args[0]).inst;
        red.array = value.op == Opcode::BinOp && tf_.types.local(x)->is_array();
        if (red.array && (!value.inplace || (red.op != ReductionOp::Add &&
                                             red.op != ReductionOp::Mul)))
          refuse("an array is reduced only in place, by += -= or *=", in.pos);
      }
    for (int l : loads)
      if (!update_loads.count(l) && used_.count(l)) // (the frontend leaves unused loads)
        refuse("the loop reads it other than to update it", defs_.at(l).inst->pos);
    const Type *t = tf_.types.local(x);
    if (!(t->is_number() || t->is_complex() || (t->is_array() && red.array)))
      refuse("it holds " + t->display + ", which is not a number or an array", red.pos);
    if (t->is_complex() && red.op != ReductionOp::Add && red.op != ReductionOp::Mul)
      refuse("a complex number is reduced only by + - *", red.pos);
    if (red.array && !(t->dtype->is_number() || t->dtype->is_complex()))
      refuse("an array of " + t->dtype->display + " is not reduced", red.pos);
    return red;
  }

  /// The interpreter's stack values that the loop only carries through
  /// (an enclosing loop's iterator kept below the prange's): every store
  /// of them in the loop stores what one of them, or an input, held.
  std::set<std::string> unchanged_stack_values(const ParallelLoop &loop,
                                               const std::set<std::string> &exposed,
                                               const std::set<std::string> &stored) const {
    std::set<std::string> same; // (the stack slots it passes through too)
    for (const std::string &x : stored)
      if (x[0] == '$')
        same.insert(x);
    for (bool changed = true; changed;) {
      changed = false;
      for (int id : loop.blocks)
        for (const ir::Inst &in : fn_.blocks[size_t(id)].insts) {
          if (in.op != Opcode::StoreLocal || !same.count(in.name))
            continue;
          const ir::Inst &v = *defs_.at(in.args[0]).inst;
          bool kept = v.op == Opcode::LoadLocal && (same.count(v.name) || !stored.count(v.name));
          if (!kept) {
            same.erase(in.name);
            changed = true;
            break;
          }
        }
    }
    std::erase_if(same, [&](const std::string &x) { return !exposed.count(x); });
    return same;
  }

  /// Array stores whose element does not follow the prange's index: the
  /// same element in every iteration (an index computed from nothing the
  /// iteration varies), or one read from data (`hist[a[i]] += 1`), which
  /// iterations may share.
  void find_races(ParallelLoop &loop) const {
    std::set<int> varying, from_data; // value ids
    std::set<std::string> varying_locals, data_locals;
    std::set<std::string> iterator_locals(loop.iterator_locals.begin(),
                                          loop.iterator_locals.end());
    for (bool changed = true; changed;) {
      changed = false;
      auto mark = [&](std::set<int> &set, int id) { changed |= set.insert(id).second; };
      for (int id : loop.blocks)
        for (const ir::Inst &in : fn_.blocks[size_t(id)].insts) {
          if (in.op == Opcode::IterNext && defs_.count(in.args[0]) &&
              defs_.at(in.args[0]).inst->op == Opcode::LoadLocal &&
              iterator_locals.count(defs_.at(in.args[0]).inst->name))
            mark(varying, in.result); // the prange's index
          if (in.op == Opcode::StoreLocal) {
            if (varying.count(in.args[0]))
              changed |= varying_locals.insert(in.name).second;
            if (from_data.count(in.args[0]))
              changed |= data_locals.insert(in.name).second;
            continue;
          }
          if (in.result < 0)
            continue;
          if (in.op == Opcode::LoadLocal) {
            if (varying_locals.count(in.name))
              mark(varying, in.result);
            if (data_locals.count(in.name))
              mark(from_data, in.result);
            continue;
          }
          for (int a : in.args) {
            if (varying.count(a))
              mark(varying, in.result);
            if (from_data.count(a))
              mark(from_data, in.result);
          }
          if (in.op == Opcode::GetItem && varying.count(in.result))
            mark(from_data, in.result); // a[i]: the value, not the position, varies
        }
    }
    std::set<std::string> shared(loop.inputs.begin(), loop.inputs.end());
    for (int id : loop.blocks)
      for (const ir::Inst &in : fn_.blocks[size_t(id)].insts) {
        if (in.op != Opcode::SetItem)
          continue;
        const ir::Inst &array = *defs_.at(in.args[0]).inst;
        if (array.op != Opcode::LoadLocal || !shared.count(array.name) ||
            !tf_.types.local(array.name)->is_array())
          continue;
        std::string name = ir::variable_of(array.name);
        if (!varying.count(in.args[1]))
          loop.races.emplace_back(in.pos.line, "every iteration writes the same element(s) of '" +
                                                   name + "'");
        else if (from_data.count(in.args[1]))
          loop.races.emplace_back(in.pos.line, "iterations write elements of '" + name +
                                                   "' chosen by data, and race where they "
                                                   "choose the same one");
      }
  }

  /// The first read of `x` in the loop.
  bytecode::Position first_read(const ParallelLoop &loop, const std::string &x) const {
    for (int id : loop.blocks)
      for (const ir::Inst &in : fn_.blocks[size_t(id)].insts)
        if (in.op == Opcode::LoadLocal && in.name == x)
          return in.pos;
    return loop.pos;
  }

  /// Whether `x` holds nothing when the loop starts (set only inside it,
  /// not an argument) and no store in the loop updates it as a reduction
  /// would: a read where an iteration may not have set it (`if c: t = ...`
  /// then `if c: use(t)` on other conditions) is no running total.
  bool unset_before_loop(const ParallelLoop &loop, const std::string &x) const {
    if (std::find(fn_.arg_names.begin(), fn_.arg_names.end(), x) != fn_.arg_names.end())
      return false;
    const std::set<std::string> webs = {x};
    for (const ir::Block &b : fn_.blocks)
      for (const ir::Inst &in : b.insts) {
        if (in.op != Opcode::StoreLocal || in.name != x)
          continue;
        if (!loop.blocks.count(b.id) || update_of(in, webs, loop))
          return false;
      }
    return true;
  }

  std::optional<std::string> classify_locals(ParallelLoop &loop) {
    auto assigned = assigned_at_entry(loop);
    std::set<std::string> exposed, stored;
    std::set<std::string> iterator_locals(loop.iterator_locals.begin(),
                                          loop.iterator_locals.end());
    for (int id : loop.blocks) {
      std::set<std::string> now = assigned[id];
      for (const ir::Inst &in : fn_.blocks[size_t(id)].insts) {
        if (iterator_locals.count(in.name))
          continue;
        if (in.op == Opcode::LoadLocal && !now.count(in.name))
          exposed.insert(in.name);
        if (in.op == Opcode::StoreLocal) {
          now.insert(in.name);
          stored.insert(in.name);
        }
      }
    }
    std::set<std::string> read_outside;
    for (const ir::Block &b : fn_.blocks)
      if (!loop.blocks.count(b.id))
        for (const ir::Inst &in : b.insts)
          if (in.op == Opcode::LoadLocal)
            read_outside.insert(in.name);
    std::set<std::string> carried_through = unchanged_stack_values(loop, exposed, stored);

    for (const std::string &x : exposed)
      if (!stored.count(x) || carried_through.count(x))
        loop.inputs.push_back(x);
      else if (unset_before_loop(loop, x))
        typing_error("variable '" + ir::variable_of(x) + "' may be read in a prange iteration "
                     "that did not set it (the loop at line " + std::to_string(loop.pos.line) +
                     "), where it would hold what another iteration set, in whichever thread: "
                     "set it on every path of the iteration before reading it",
                     first_read(loop, x));
      else
        loop.reductions.push_back(reduction(loop, x));
    // What every iteration has set when it goes round again.
    std::optional<std::set<std::string>> set_by_all;
    for (int id : loop.blocks) {
      const ir::Block &b = fn_.blocks[size_t(id)];
      const ir::Inst &jump = b.terminator();
      if (jump.op == Opcode::Raise || (jump.targets[0] != loop.header &&
                                       jump.targets[1] != loop.header))
        continue;
      std::set<std::string> out = assigned[id];
      for (const ir::Inst &in : b.insts)
        if (in.op == Opcode::StoreLocal)
          out.insert(in.name);
      intersect(set_by_all, out);
    }
    for (const std::string &x : stored)
      if (!exposed.count(x)) {
        loop.privates.push_back(x);
        if (!read_outside.count(x))
          continue;
        if (!set_by_all || !set_by_all->count(x))
          return "the code after it reads '" + ir::variable_of(x) +
                 "', which not every iteration sets (its value would be the last one set, "
                 "in whichever thread)";
        loop.last_values.push_back(x);
      }
    return std::nullopt;
  }
};

} // namespace

const char *reduction_op_name(ReductionOp op) {
  switch (op) {
  case ReductionOp::Add: return "+";
  case ReductionOp::Mul: return "*";
  case ReductionOp::And: return "&";
  case ReductionOp::Or: return "|";
  case ReductionOp::Xor: return "^";
  case ReductionOp::Min: return "min";
  case ReductionOp::Max: return "max";
  }
  return "?";
}

ParallelPlan plan_parallel_loops(const typing::TypedFunction &tf) {
  if (tf.fn.generator)
    return {};
  return Planner(tf).run();
}

/// The whole-array reduction call `in` runs over threads (lower_numpy.cpp's
/// reduce_array, _library/_parallel_core.py): its name, or "".
static std::string threaded_reduction(const typing::TypedFunction &tf, const ir::Inst &in) {
  static const std::set<std::string> core = {"array.sum", "array.min", "array.max",
                                             "numpy.sum", "numpy.min", "numpy.max"};
  static const std::set<std::string> library = {"prod", "nanprod", "argmin", "argmax", "mean"};
  if (in.op != ir::Opcode::Call || in.result < 0)
    return "";
  const typing::Resolution *r = tf.resolution(in.result);
  const Type *callee = tf.types.values[in.args[0]];
  size_t operands = in.args.size() - 1;
  if (r && core.count(r->builtin)) { // without an axis or dtype, of a C-contiguous array
    const Type *a = operands == 1 ? tf.types.values[in.args[1]]
                    : callee->kind == TypeKind::BoundMethod ? callee->self
                                                            : nullptr;
    bool split = operands <= 1 && a && a->is_array() && (a->layout == 'C' || a->ndim == 0);
    return split ? r->builtin.substr(r->builtin.find('.') + 1) : "";
  }
  std::string name = callee->name.substr(callee->name.rfind('.') + 1);
  bool function = callee->kind == TypeKind::Overloaded && callee->name.rfind("numpy.", 0) == 0 &&
                  operands == 1 && tf.types.values[in.args[1]]->is_array();
  bool method = callee->kind == TypeKind::BoundMethod && callee->self &&
                callee->self->is_array() && operands == 0;
  return (function || method) && library.count(name) ? name : "";
}

/// Lines about what runs over threads without a prange: fused array
/// expressions and whole-array reductions (docs/parallel.md).
static void describe_automatic(const typing::TypedFunction &tf, const ParallelPlan &plan,
                               std::map<int, std::string> &by_line) {
  std::set<int> in_regions; // a chunk runs these on its own thread
  for (const ParallelLoop &loop : plan.loops)
    in_regions.insert(loop.blocks.begin(), loop.blocks.end());
  std::map<int, const ir::Inst *> fused = plan_array_fusion(tf);
  std::map<int, const ir::Inst *> defs;
  for (const ir::Block &b : tf.fn.blocks)
    for (const ir::Inst &in : b.insts)
      if (in.result >= 0)
        defs[in.result] = &in;
  // The operations an expression evaluates in its loop: itself and the
  // expressions fused into it.
  std::function<int(const ir::Inst &)> operations = [&](const ir::Inst &in) {
    int count = 1;
    for (int a : in.args)
      if (fused.count(a))
        count += operations(*defs.at(a));
    return count;
  };
  for (const ir::Block &b : tf.fn.blocks)
    for (const ir::Inst &in : b.insts) {
      if (in_regions.count(b.id))
        break;
      if (is_array_expression(tf, in) && !fused.count(in.result)) {
        int n = operations(in);
        // Same-shape C-contiguous operands split flat; others by rows,
        // unless one repeats along the last dimension (lower_arrayexpr.cpp).
        const Type *rt = tf.types.values[in.result];
        bool flat = rt->layout == 'C';
        for (int a : in.args)
          if (const Type *t = tf.types.values[a]; t && t->is_array())
            flat = flat && t->layout == 'C' && t->ndim == rt->ndim;
        by_line[in.pos.line] +=
            "array expression at line " + std::to_string(in.pos.line) + ": " +
            (n > 1 ? std::to_string(n) + " operations fused into one loop"
                   : std::string("one loop")) +
            ", over threads from 65,536 elements" +
            (flat ? "" : " (by rows, unless an operand repeats along the last dimension)") +
            "\n";
      } else if (std::string name = threaded_reduction(tf, in); !name.empty()) {
        by_line[in.pos.line] += "reduction '" + name + "' at line " +
                                std::to_string(in.pos.line) +
                                ": over threads from 65,536 elements\n";
      }
    }
}

std::string describe_parallel_plan(const typing::TypedFunction &tf) {
  ParallelPlan plan = plan_parallel_loops(tf);
  std::map<int, std::string> by_line;
  describe_automatic(tf, plan, by_line);
  auto names = [](const std::vector<std::string> &locals) {
    std::string out;
    for (const std::string &x : locals)
      if (x[0] != '$') // the interpreter's stack values are not the user's
        out += (out.empty() ? "" : ", ") + x;
    return out;
  };
  for (const ParallelLoop &loop : plan.loops) {
    std::string text = "prange loop at line " + std::to_string(loop.pos.line) +
                       ": parallel (lines " + std::to_string(loop.pos.line) + "..)\n";
    for (const Reduction &r : loop.reductions)
      text += "  reduction: " + r.local + " (" + reduction_op_name(r.op) +
              (r.array ? ", element-wise on an array" : "") + ", line " +
              std::to_string(r.pos.line) + ")\n";
    if (!names(loop.privates).empty())
      text += "  private to each iteration: " + names(loop.privates) + "\n";
    if (!names(loop.last_values).empty())
      text += "  kept from the last iteration: " + names(loop.last_values) + "\n";
    if (!names(loop.inputs).empty())
      text += "  read-only inputs: " + names(loop.inputs) + "\n";
    for (const auto &[line, what] : loop.races)
      text += "  race (line " + std::to_string(line) + "): " + what + "\n";
    by_line[loop.pos.line] += text;
  }
  for (const auto &[line, why] : plan.serial)
    by_line[line] += "prange loop at line " + std::to_string(line) + ": serial: " + why + "\n";
  std::string out;
  for (const auto &[line, text] : by_line)
    out += text;
  return out;
}

} // namespace pyrite::passes
