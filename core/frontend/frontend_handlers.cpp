//===- frontend/frontend_handlers.cpp - try/except through the exception table ===//
//
/// \file
/// CPython 3.11+ compiles `try` to code that no jump reaches: each entry of
/// co_exceptiontable says that an exception raised in [start, end) goes to
/// `handler` with the value stack cut to `depth` (and the offset of the
/// raising instruction pushed when `lasti`), then the exception pushed.
///
/// pyrite splits blocks where protected ranges begin and end, so a whole
/// block has one handler (ir::Block::handler): lowering sends every
/// exception raised in the block there, and the block's stack below
/// `depth` reaches the handler through its entry slots like any edge. The
/// handler block catches the exception first (the library's
/// `_exceptions.catch()`: a CaughtException value). Handlers that only
/// raise the exception again (the cleanup CPython puts around each
/// `except` body, a generator's StopIteration guard, an inlined
/// comprehension's restore) are skipped: their range goes to the handler
/// around them, or out of the function.
//
//===----------------------------------------------------------------------===//
#include "frontend/builder.h"

#include "support/diagnostics.h"

#include <algorithm>

namespace pyrite::frontend {
namespace detail {

std::vector<Builder::TableEntry> Builder::exception_entries() const {
  const std::string &table = code_.exception_table;
  size_t k = 0;
  auto varint = [&] {
    uint32_t v = 0;
    while (k < table.size()) {
      auto byte = static_cast<unsigned char>(table[k++]);
      v = (v << 6) | (byte & 63);
      if (!(byte & 64))
        break;
    }
    return v;
  };
  std::vector<TableEntry> out;
  while (k < table.size()) {
    uint32_t start = varint(), length = varint(), target = varint();
    uint32_t depth_lasti = varint();
    out.push_back({2 * start, 2 * (start + length), 2 * target, depth_lasti >> 1,
                   (depth_lasti & 1) != 0});
  }
  return out;
}

std::vector<Instruction>::const_iterator Builder::instruction_at(uint32_t offset) const {
  auto it = instruction_index_.find(offset);
  return it == instruction_index_.end() ? insts_.end() : insts_.begin() + long(it->second);
}

bool Builder::is_generator_stop_handler(uint32_t handler) const {
  auto it = instruction_at(handler);
  return it != insts_.end() && it->opname == "CALL_INTRINSIC_1" && it->arg == 3 &&
         ++it != insts_.end() && it->op == Op::RERAISE;
}

bool Builder::is_comprehension_cleanup(uint32_t handler) const {
  auto it = instruction_at(handler);
  if (it == insts_.end() || it->op != Op::SWAP || ++it == insts_.end() ||
      it->op != Op::POP_TOP)
    return false;
  for (++it; it != insts_.end(); ++it) {
    if (it->op == Op::RERAISE)
      return true;
    if (it->op != Op::SWAP && it->op != Op::STORE_FAST)
      return false;
  }
  return false;
}

bool Builder::only_reraises(uint32_t handler) const {
  // An `except` body's cleanup: COPY 3; POP_EXCEPT; RERAISE 1.
  auto it = instruction_at(handler);
  if (it != insts_.end() && it + 2 < insts_.end() && it->op == Op::COPY && it->arg == 3 &&
      it[1].op == Op::POP_EXCEPT && it[2].op == Op::RERAISE)
    return true;
  return is_generator_stop_handler(handler) || is_comprehension_cleanup(handler);
}

const Builder::TableEntry *Builder::entry_covering(uint32_t offset) const {
  for (const TableEntry &e : table_)
    if (e.start <= offset && offset < e.end)
      return &e;
  return nullptr;
}

void Builder::read_exception_table() {
  table_ = exception_entries();
  for (size_t k = 0; k < insts_.size(); ++k) // the first part of each
    instruction_index_.emplace(insts_[k].offset, k);
  for (const Instruction &in : insts_)
    if (in.op == Op::RAISE_VARARGS && in.arg == 0)
      has_bare_raise_ = true;
}

void Builder::assign_handlers() {
  for (ir::Block &b : fn_.blocks) {
    const TableEntry *e = entry_covering(b.offset);
    // A handler that only raises again hands the exception on to the one
    // around it; the stack it is given is the same below that one's depth.
    for (size_t hops = 0; e && only_reraises(e->target) && hops <= table_.size(); ++hops) {
      const TableEntry *outer = entry_covering(e->target);
      if (outer && outer->depth > e->depth)
        unsupported("malformed exception table: a handler's handler keeps more of the stack",
                    pos_);
      e = outer;
    }
    if (e)
      handler_of_[b.id] = {block_at(e->target), e->depth, e->lasti};
  }
}

void Builder::enter_protected_block(std::set<int> &worklist) {
  auto it = handler_of_.find(cur_->id);
  if (it == handler_of_.end())
    return;
  const HandlerEdge &h = it->second;
  if (h.depth > stack_.size())
    unsupported("malformed exception table: a handler keeps more than the stack holds", pos_);
  cur_->handler = h.block;
  // The handler gets the stack below `depth`, then CPython's offset of
  // the raising instruction (when lasti), then the exception.
  std::vector<int> entry(stack_.begin(), stack_.begin() + long(h.depth));
  if (h.lasti)
    entry.push_back(kLasti);
  entry.push_back(kPendingException);
  edge_to(h.block, entry, worklist);
}

void Builder::reraise(int exc) {
  // CPython gives a RERAISE the line of the code before it, which may be a
  // `raise X(...)` of that line: marked, the two are never one tail.
  terminate(Opcode::Raise, {exc}, -1);
  cur_->insts.back().sub = 1;
}

int Builder::handled_exception_depth() const {
  return int(std::count(stack_.begin(), stack_.end(), kExcInfo));
}

bool Builder::step_exceptions(const Instruction &in) {
  switch (in.op) {
  case Op::PUSH_EXC_INFO: {
    // [exc] -> [exc_info before, exc]; a bare `raise` in the handler raises
    // exc, which it finds in a local of this nesting level.
    int exc = pop();
    if (exc < 0)
      unsupported("malformed code object: PUSH_EXC_INFO of no exception", pos_);
    if (has_bare_raise_)
      emit_op(Opcode::StoreLocal, {exc}, 0,
              "$exc" + std::to_string(handled_exception_depth()));
    stack_.push_back(kExcInfo);
    stack_.push_back(exc);
    return false;
  }
  case Op::POP_EXCEPT:
    if (pop() != kExcInfo)
      unsupported("malformed code object: POP_EXCEPT of no handled exception", pos_);
    return false;
  case Op::CHECK_EXC_MATCH: {
    int cls = pop();
    int exc = stack_.empty() ? -1 : stack_.back();
    if (exc < 0 || cls < 0)
      unsupported("malformed code object: CHECK_EXC_MATCH of no exception", pos_);
    stack_.push_back(call_function("pyrite._library._exceptions.matches", {exc, cls}));
    return false;
  }
  case Op::RERAISE: {
    int exc = pop();
    if (exc < 0)
      unsupported("malformed code object: RERAISE of no exception", pos_);
    reraise(exc);
    return true;
  }
  case Op::RAISE_VARARGS:
    if (in.arg == 2) { // raise X from Y: Y is evaluated; pyrite keeps no __cause__
      pop();
      terminate(Opcode::Raise, {pop()}, -1);
      return true;
    }
    if (in.arg == 0) { // bare raise: the exception being handled, again
      int depth = handled_exception_depth();
      if (depth == 0) {
        ir::Constant message;
        message.kind = ir::Constant::Kind::Str;
        message.s = "No active exception to reraise";
        terminate(Opcode::Raise, {call_builtin("RuntimeError", {emit_const(message)})}, -1);
        return true;
      }
      reraise(emit_op(Opcode::LoadLocal, {}, 0, "$exc" + std::to_string(depth - 1)));
      return true;
    }
    terminate(Opcode::Raise, {pop()}, -1);
    return true;
  default:
    return false;
  }
}

} // namespace detail
} // namespace pyrite::frontend
