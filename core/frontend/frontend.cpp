//===- frontend/frontend.cpp - stack simulation and CFG construction -------===//
#include "frontend/builder.h"

#include "support/diagnostics.h"

#include <algorithm>

namespace pyrite::frontend {
namespace detail {

namespace {

// co_flags pyrite does not compile, and what each is in the user's terms.
constexpr struct {
  int flag;
  const char *what;
} kUnsupportedFlags[] = {{0x08, "functions with a **kwargs parameter are not supported"},
                         {0x80, "coroutines (`async def`) are not supported"},
                         {0x200, "async generators are not supported"}};

bool ends_block(Op op) {
  switch (op) {
  case Op::JUMP: case Op::POP_JUMP_IF_FALSE: case Op::POP_JUMP_IF_TRUE:
  case Op::POP_JUMP_IF_NONE: case Op::POP_JUMP_IF_NOT_NONE:
  case Op::JUMP_IF_FALSE_OR_POP: case Op::JUMP_IF_TRUE_OR_POP:
  case Op::FOR_ITER: case Op::RETURN_VALUE: case Op::RAISE_VARARGS: case Op::RERAISE:
    return true;
  default:
    return false;
  }
}

} // namespace

ir::Function Builder::run() {
  for (const auto &f : kUnsupportedFlags)
    if (code_.flags & f.flag)
      unsupported(f.what, {code_.bytes.first_line, -1, -1, -1});
  insts_ = bytecode::decode(code_.bytes);
  for (const Instruction &in : insts_) // before its handlers read as a try
    if (in.opname == "GET_YIELD_FROM_ITER" || in.opname == "SEND")
      unsupported(describe_unsupported(in), in.pos);
  read_exception_table();
  fn_.name = code_.name;
  fn_.qualname = code_.qualname;
  fn_.filename = code_.filename;
  fn_.first_line = code_.bytes.first_line;
  fn_.generator = (code_.flags & 0x20) != 0;
  if (code_.lifted) // a closure's captured values come first
    fn_.arg_names = code_.freevars;
  fn_.arg_names.insert(fn_.arg_names.end(), code_.varnames.begin(),
                       code_.varnames.begin() + code_.param_count());
  find_blocks();
  assign_handlers();
  // Lowest block first, so values are numbered in source order.
  std::set<int> worklist = {0};
  shapes_[0] = std::vector<int>{};
  while (!worklist.empty()) {
    int b = *worklist.begin();
    worklist.erase(worklist.begin());
    simulate_block(b, worklist);
  }
  ir::canonicalize_cfg(fn_);
  return std::move(fn_);
}

void Builder::find_blocks() {
  std::set<uint32_t> starts = {0};
  // A protected range's ends and its handler start blocks, so a block has
  // one handler.
  for (const TableEntry &e : table_)
    for (uint32_t at : {e.start, e.end, e.target})
      if (instruction_at(at) != insts_.end())
        starts.insert(at);
  for (size_t k = 0; k < insts_.size(); ++k) {
    const Instruction &in = insts_[k];
    if (in.jump_target >= 0)
      starts.insert(uint32_t(in.jump_target));
    if (ends_block(in.op) && k + 1 < insts_.size()) {
      starts.insert(insts_[k + 1].offset);
      if (in.op == Op::FOR_ITER)
        loop_bodies_.insert(insts_[k + 1].offset);
    }
  }
  for (uint32_t s : starts) {
    ir::Block b;
    b.id = int(fn_.blocks.size());
    b.offset = s;
    block_of_.emplace(s, b.id);
    fn_.blocks.push_back(std::move(b));
  }
  shapes_.resize(fn_.blocks.size());
}

int Builder::block_at(uint32_t offset) const {
  auto it = block_of_.find(offset);
  if (it == block_of_.end())
    unsupported("malformed code object: a jump to offset " + std::to_string(offset) +
                    ", which starts no instruction",
                pos_);
  return it->second;
}

int Builder::emit(Inst in, bool has_result) {
  in.pos = pos_;
  if (has_result)
    in.result = fn_.num_values++;
  cur_->insts.push_back(std::move(in));
  return cur_->insts.back().result;
}

int Builder::emit_op(Opcode op, std::vector<int> args, int sub, std::string name) {
  Inst in;
  in.op = op;
  in.args = std::move(args);
  in.sub = sub;
  in.name = std::move(name);
  // A SetItem has a (None) result: the resolution of `lst[a:b] = v`
  // through the library's operator.setitem is recorded under it.
  bool has_result = op != Opcode::StoreLocal && op != Opcode::DelLocal && !in.is_terminator();
  return emit(std::move(in), has_result);
}

int Builder::emit_const(const ir::Constant &c) {
  if (c.kind == ir::Constant::Kind::Tuple) {
    std::vector<int> items;
    for (const auto &item : c.items)
      items.push_back(emit_const(item));
    int t = emit_op(Opcode::BuildTuple, items);
    list_items_[t] = items;
    return t;
  }
  if (c.kind == ir::Constant::Kind::Other)
    unsupported(describe_constant(c), pos_);
  Inst in;
  in.op = Opcode::Const;
  in.constant = c;
  return emit(std::move(in));
}

int Builder::pop() {
  if (stack_.empty())
    unsupported("bytecode pops an empty stack (malformed code object)", pos_);
  int v = stack_.back();
  stack_.pop_back();
  return v;
}

std::string Builder::slot_name(int block, size_t k) {
  return "$b" + std::to_string(block) + "." + std::to_string(k);
}

void Builder::edge_to(int succ, const std::vector<int> &stack, std::set<int> &worklist) {
  std::vector<int> shape;
  for (int v : stack)
    shape.push_back(v < 0 ? v : 0);
  if (!shapes_[succ]) {
    shapes_[succ] = shape;
    worklist.insert(succ);
  } else if (*shapes_[succ] != shape) {
    unsupported("control flow merges different stack shapes here", pos_);
  }
  for (size_t k = 0; k < stack.size(); ++k)
    if (stack[k] >= 0)
      emit_op(Opcode::StoreLocal, {stack[k]}, 0, slot_name(succ, k));
}

void Builder::terminate(Opcode op, std::vector<int> args, int t0, int t1) {
  Inst in;
  in.op = op;
  in.args = std::move(args);
  in.targets[0] = t0;
  in.targets[1] = t1;
  emit(std::move(in), false);
}

void Builder::simulate_block(int b, std::set<int> &worklist) {
  cur_ = &fn_.blocks[b];
  stack_.clear();
  slices_.clear();
  const std::vector<int> &shape = *shapes_[b];
  auto first = std::find_if(insts_.begin(), insts_.end(),
                            [&](const Instruction &i) { return i.offset == cur_->offset; });
  pos_ = first != insts_.end() ? first->pos : bytecode::Position{};
  for (size_t k = 0; k < shape.size(); ++k)
    stack_.push_back(shape[k] < 0 ? shape[k]
                                  : emit_op(Opcode::LoadLocal, {}, 0, slot_name(b, k)));
  // A handler: the exception raised becomes a value, first thing.
  for (int &v : stack_)
    if (v == kPendingException)
      v = call_function("pyrite._library._exceptions.catch", {});
  if (b == 0 && code_.lifted && code_.name == "<genexpr>") {
    // A generator expression gets its iterable (the caller's GET_ITER is
    // not emitted, see there) and makes its iterator itself.
    int iterable = emit_op(Opcode::LoadLocal, {}, 0, ".0");
    emit_op(Opcode::StoreLocal, {emit_op(Opcode::GetIter, {iterable})}, 0, ".0");
  }
  if (loop_bodies_.count(cur_->offset))
    stack_.push_back(emit_op(Opcode::IterNext, {stack_.back()}));
  enter_protected_block(worklist);

  for (auto it = first; it != insts_.end(); ++it) {
    if (it != first && it->part == 0 && block_of_.count(it->offset)) {
      // Fell through into the next block.
      int next = block_at(it->offset);
      edge_to(next, stack_, worklist);
      terminate(Opcode::Jump, {}, next);
      return;
    }
    pos_ = it->pos.line > 0 ? it->pos
           : pos_.line > 0  ? pos_
                            : bytecode::Position{code_.bytes.first_line, -1, -1, -1};
    if (step(*it, it + 1 != insts_.end() ? int((it + 1)->offset) : -1, worklist))
      return;
  }
  unsupported("function ends without a return", pos_);
}

bool Builder::step(const Instruction &in, int next_offset, std::set<int> &worklist) {
  switch (in.op) {
  case Op::NOP: return false;
  case Op::UNSUPPORTED:
    // Cells are set up at entry; their uses (LOAD_CLOSURE, LOAD_DEREF)
    // are refused where they stand in the source.
    if (in.opname == "MAKE_CELL" || in.opname == "COPY_FREE_VARS")
      return false; // 3.12+: a closure's cells, refused where MAKE_FUNCTION uses them
    return step_control(in, next_offset, worklist);
  case Op::SET_FUNCTION_ATTRIBUTE: // read with its MAKE_FUNCTION (3.13)
    if (pending_function_attributes_ == 0)
      unsupported("malformed code object: SET_FUNCTION_ATTRIBUTE without MAKE_FUNCTION",
                  pos_);
    --pending_function_attributes_;
    return false;
  case Op::POP_TOP: pop(); return false;
  case Op::PUSH_NULL: stack_.push_back(kNull); return false;
  case Op::COPY: stack_.push_back(stack_.at(stack_.size() - in.arg)); return false;
  case Op::SWAP: std::swap(stack_.back(), stack_.at(stack_.size() - in.arg)); return false;
  case Op::LOAD_CONST:
    if (code_.nested.count(in.arg)) { // code for MAKE_FUNCTION
      stack_.push_back(kCodeBase - in.arg);
      return false;
    }
    stack_.push_back(emit_const(code_.consts.at(in.arg)));
    return false;
  case Op::MAKE_FUNCTION: make_function(in); return false;
  case Op::LOAD_CLOSURE: stack_.push_back(kCell); return false;
  case Op::STORE_DEREF: {
    // A cell: a local like any other (the closures made of it get its
    // value). A free variable of an inner function compiled on its own
    // is that function's copy: assigning it would not reach the
    // enclosing function's variable.
    size_t d = size_t(in.arg);
    if (code_.lifted && code_.deref_is_free.at(d))
      unsupported("an inner function cannot assign to '" + code_.deref_names.at(d) +
                      "', a variable of the function around it (`nonlocal`): pyrite's "
                      "closures get copies of the variables they read, as Numba's do; "
                      "return the new value instead",
                  pos_);
    emit_op(Opcode::StoreLocal, {pop()}, 0, code_.deref_names.at(d));
    return false;
  }
  case Op::DELETE_DEREF: { // a cell is a local (see STORE_DEREF)
    size_t d = size_t(in.arg);
    if (code_.lifted && code_.deref_is_free.at(d))
      unsupported("an inner function cannot delete '" + code_.deref_names.at(d) +
                      "', a variable of the function around it",
                  pos_);
    emit_op(Opcode::DelLocal, {}, 0, code_.deref_names.at(d));
    return false;
  }
  case Op::LOAD_FAST:
    if (in.arg >= 0 && size_t(in.arg) >= code_.varnames.size()) {
      stack_.push_back(kCell); // 3.13 loads a cell this way for a closure's tuple
      return false;
    }
    stack_.push_back(emit_op(Opcode::LoadLocal, {}, 0, local_name(in)));
    return false;
  case Op::STORE_FAST: {
    int v = pop();
    if (is_saved(v)) // the comprehension's end: its variable's own local ends too
      return false;
    emit_op(Opcode::StoreLocal, {v}, 0, local_name(in));
    return false;
  }
  case Op::LOAD_FAST_AND_CLEAR: {
    // 3.12+ inline a comprehension into its function: its variable `x`
    // is saved here and restored after it. pyrite gives that `x` a local
    // of its own instead (`x.comp<offset>`), so the outer `x` is never
    // touched and the restore is a no-op.
    auto [it, fresh] = saved_sites_.try_emplace(in.offset, int(saved_sites_.size()));
    (void)fresh;
    const std::string &outer = code_.varnames.at(size_t(in.arg));
    saved_names_[kSavedBase - it->second] = {outer, outer + ".comp" +
                                                        std::to_string(in.offset)};
    stack_.push_back(kSavedBase - it->second);
    return false;
  }
  case Op::LIST_APPEND: { // list.append(v) on the list `arg` deep, for comprehensions
    int v = pop();
    int &target = stack_.at(stack_.size() - size_t(in.arg));
    if (star_tuples_.count(target)) { // f(*t, v): the arguments' tuple grows
      target = concat_star_tuple(target, emit_op(Opcode::BuildTuple, {v}));
      return false;
    }
    if (auto display = list_items_.find(target); display != list_items_.end()) {
      // A display of more than 30 items ([a, b, ...] or (a, b, ...)) is
      // BUILD_LIST 0 and one LIST_APPEND per item: still a literal.
      std::vector<int> items = display->second;
      items.push_back(v);
      target = emit_op(Opcode::BuildTuple, items, 0, "list");
      list_items_[target] = items;
      return false;
    }
    call_method(target, "append", {v});
    return false;
  }
  case Op::BUILD_MAP:
  case Op::BUILD_CONST_KEY_MAP: {
    // {k: v, ...}: a new dict typed by its keys and values together (the
    // library's _dict_core.empty_of), then each item stored in order.
    std::vector<int> keys, values;
    if (in.op == Op::BUILD_MAP) {
      std::vector<int> flat(stack_.end() - 2 * in.arg, stack_.end());
      stack_.resize(stack_.size() - 2 * size_t(in.arg));
      for (size_t k = 0; k < flat.size(); k += 2)
        keys.push_back(flat[k]), values.push_back(flat[k + 1]);
    } else {
      int key_tuple = pop();
      values.assign(stack_.end() - in.arg, stack_.end());
      stack_.resize(stack_.size() - size_t(in.arg));
      for (int k = 0; k < in.arg; ++k) {
        Inst extract;
        extract.op = Opcode::ExtractItem;
        extract.args = {key_tuple};
        extract.sub = k;
        extract.constant.kind = ir::Constant::Kind::Int;
        extract.constant.i = in.arg;
        keys.push_back(emit(std::move(extract)));
      }
    }
    int dict = call_function("pyrite._library._dict_core.empty_of",
                             {emit_op(Opcode::BuildTuple, keys), emit_op(Opcode::BuildTuple, values)});
    for (size_t k = 0; k < keys.size(); ++k)
      emit_op(Opcode::SetItem, {dict, keys[k], values[k]});
    stack_.push_back(dict);
    return false;
  }
  case Op::BUILD_SET: {
    // {a, b, ...}: a new set typed by its items together (the library's
    // _dict_core.set_of), then each item added in order.
    std::vector<int> items(stack_.end() - in.arg, stack_.end());
    stack_.resize(stack_.size() - size_t(in.arg));
    int set = call_function("pyrite._library._dict_core.set_of",
                            {emit_op(Opcode::BuildTuple, items)});
    for (int item : items)
      call_method(set, "add", {item});
    stack_.push_back(set);
    return false;
  }
  case Op::SET_ADD: // s.add(v) on the set `arg` deep, for comprehensions
  case Op::SET_UPDATE:  // {*a, *b} and {1, 2, 3}: s.update(a) on the set `arg` deep
  case Op::DICT_UPDATE: { // {**a} and displays of 18+ items: d.update(a)
    int v = pop();
    call_method(stack_.at(stack_.size() - size_t(in.arg)),
                in.op == Op::SET_ADD ? "add" : "update", {v});
    return false;
  }
  case Op::MAP_ADD: { // d[key] = value on the dict `arg` deep, for comprehensions
    int value = pop(), key = pop();
    emit_op(Opcode::SetItem, {stack_.at(stack_.size() - size_t(in.arg)), key, value});
    return false;
  }
  case Op::DELETE_FAST:
    emit_op(Opcode::DelLocal, {}, 0, local_name(in));
    return false;
  case Op::LOAD_DEREF: {
    if (size_t(in.arg) >= code_.deref_names.size())
      return step_control(in, next_offset, worklist);
    const std::string &name = code_.deref_names[size_t(in.arg)];
    // A cell of this function (a variable a comprehension reads), or in
    // an inlined comprehension a variable of its function: a local. A
    // variable of an enclosing Python function: its value when compiling.
    stack_.push_back(load_variable(name));
    return false;
  }
  case Op::LOAD_GLOBAL:
    if (in.arg & 1)
      stack_.push_back(kNull);
    stack_.push_back(emit_op(Opcode::Global, {}, 0, code_.names.at(in.arg >> 1)));
    return false;
  case Op::LOAD_ASSERTION_ERROR:
    stack_.push_back(emit_op(Opcode::Global, {}, 0, "AssertionError"));
    return false;
  // f-strings: f"{x!r:>8}" is format(repr(x), ">8"), the parts joined by
  // `+`. 3.11/3.12 convert and format in one FORMAT_VALUE; 3.13 splits it.
  case Op::FORMAT_VALUE: {
    int spec = in.arg & 4 ? pop() : -1;
    int value = convert_value(pop(), in.arg & 3);
    stack_.push_back(call_builtin("format", spec < 0 ? std::vector<int>{value}
                                                    : std::vector<int>{value, spec}));
    return false;
  }
  case Op::CONVERT_VALUE: stack_.push_back(convert_value(pop(), in.arg)); return false;
  case Op::FORMAT_SIMPLE: stack_.push_back(call_builtin("format", {pop()})); return false;
  case Op::FORMAT_WITH_SPEC: {
    int spec = pop(), value = pop();
    stack_.push_back(call_builtin("format", {value, spec}));
    return false;
  }
  case Op::BUILD_STRING: {
    std::vector<int> parts(stack_.end() - in.arg, stack_.end());
    stack_.resize(stack_.size() - in.arg);
    if (parts.empty()) {
      ir::Constant empty;
      empty.kind = ir::Constant::Kind::Str;
      parts.push_back(emit_const(empty));
    }
    int joined = parts[0];
    for (size_t k = 1; k < parts.size(); ++k)
      joined = emit_op(Opcode::BinOp, {joined, parts[k]}, int(ir::BinaryOp::Add));
    stack_.push_back(joined);
    return false;
  }
  case Op::LOAD_ATTR:
    stack_.push_back(emit_op(Opcode::GetAttr, {pop()}, 0, code_.names.at(in.arg)));
    return false;
  case Op::LOAD_METHOD:
    stack_.push_back(emit_op(Opcode::GetAttr, {pop()}, 0, code_.names.at(in.arg)));
    stack_.push_back(kSelf);
    return false;
  case Op::KW_NAMES:
    kwnames_.clear();
    for (const auto &c : code_.consts.at(in.arg).items)
      kwnames_.push_back(c.s);
    return false;
  case Op::CALL: call(in.arg); return false;
  case Op::BINARY_OP: {
    int rhs = pop(), lhs = pop();
    Inst op;
    op.op = Opcode::BinOp;
    op.args = {lhs, rhs};
    op.sub = in.arg % 13;
    op.inplace = in.arg >= 13;
    stack_.push_back(emit(std::move(op)));
    return false;
  }
  case Op::COMPARE_OP:
  case Op::IS_OP:
  case Op::CONTAINS_OP: {
    int rhs = pop(), lhs = pop();
    int sub = in.op == Op::COMPARE_OP ? in.arg
              : in.op == Op::IS_OP
                  ? int(in.arg ? ir::CompareOp::IsNot : ir::CompareOp::Is)
                  : int(in.arg ? ir::CompareOp::NotIn : ir::CompareOp::In);
    stack_.push_back(emit_op(Opcode::Compare, {lhs, rhs}, sub));
    return false;
  }
  case Op::UNARY_NEGATIVE: unary(ir::UnaryOp::Neg); return false;
  case Op::UNARY_POSITIVE: unary(ir::UnaryOp::Pos); return false;
  case Op::UNARY_NOT: unary(ir::UnaryOp::Not); return false;
  case Op::UNARY_INVERT: unary(ir::UnaryOp::Invert); return false;
  case Op::BINARY_SUBSCR: {
    int index = pop(), obj = pop();
    stack_.push_back(emit_op(Opcode::GetItem, {obj, index}));
    return false;
  }
  case Op::DELETE_SUBSCR: { // the library's operator.delitem (lists)
    int index = pop(), obj = pop();
    call_function("operator.delitem", {obj, index});
    return false;
  }
  case Op::STORE_ATTR: { // obj.name = value: the library's setattr (@jitclass attributes)
    int obj = pop(), value = pop();
    ir::Constant name;
    name.kind = ir::Constant::Kind::Str;
    name.s = code_.names.at(in.arg);
    call_function("builtins.setattr", {obj, emit_const(name), value});
    return false;
  }
  case Op::STORE_SUBSCR: {
    int index = pop(), obj = pop(), value = pop();
    emit_op(Opcode::SetItem, {obj, index, value});
    return false;
  }
  case Op::BUILD_TUPLE:
  case Op::BUILD_LIST: {
    // A list literal is a tuple named "list": typing accepts it only where
    // a list's contents are read once (np.array([...])).
    std::vector<int> items(stack_.end() - in.arg, stack_.end());
    stack_.resize(stack_.size() - in.arg);
    if (std::any_of(items.begin(), items.end(), [](int v) { return v == kCell; })) {
      stack_.push_back(kCell); // a closure's cells, for MAKE_FUNCTION
      return false;
    }
    stack_.push_back(emit_op(Opcode::BuildTuple, items, 0,
                             in.op == Op::BUILD_LIST ? "list" : ""));
    list_items_[stack_.back()] = items;
    return false;
  }
  case Op::LIST_EXTEND: {
    // [1.0, 2.0, 3.0] compiles to BUILD_LIST 0; LOAD_CONST (1.0, 2.0, 3.0);
    // LIST_EXTEND 1: a new literal with both parts.
    int seq = pop();
    int &list = stack_.at(stack_.size() - in.arg);
    auto a = list_items_.find(list), b = list_items_.find(seq);
    if (star_tuples_.count(list) || b == list_items_.end()) {
      // [..., *seq]: only as the arguments of f(*seq), whose tuple it is
      expect_list_to_tuple(in);
      if (!star_tuples_.count(list) && a == list_items_.end())
        unsupported("lists are not supported yet (only literal lists of values)", pos_);
      int head = star_tuples_.count(list) ? list : emit_op(Opcode::BuildTuple, a->second);
      list = concat_star_tuple(head, seq);
      return false;
    }
    std::vector<int> items = a->second;
    items.insert(items.end(), b->second.begin(), b->second.end());
    list = emit_op(Opcode::BuildTuple, items, 0, "list");
    list_items_[list] = items;
    return false;
  }
  case Op::LIST_TO_TUPLE: {
    int &list = stack_.back();
    if (star_tuples_.erase(list))
      return false; // already the tuple
    auto items = list_items_.find(list);
    if (items == list_items_.end())
      unsupported("a tuple display of more than 30 items in which an item branches (a "
                  "conditional expression, `and`/`or`) is not supported yet: compute those "
                  "items into variables first",
                  pos_);
    list = emit_op(Opcode::BuildTuple, items->second);
    return false;
  }
  case Op::CALL_FUNCTION_EX: {
    if (in.arg & 1)
      unsupported("calls that unpack a dict of keyword arguments, f(**kwargs), are not "
                  "supported",
                  pos_);
    int star = pop();
    std::vector<int> args = {star};
    int second = pop(), first = pop();
    // [NULL, f] (3.11, 3.12) or [f, NULL] (3.13), as for CALL.
    int callee = first == kNull ? second : first;
    if (first != kNull && second != kNull)
      unsupported("malformed call sequence", pos_);
    if (callee < 0)
      unsupported("malformed call sequence", pos_);
    Inst call;
    call.op = Opcode::Call;
    call.args = {callee, star};
    call.sub = 1; // the last argument is a tuple of arguments: f(*t)
    stack_.push_back(emit(std::move(call)));
    return false;
  }
  case Op::UNPACK_EX: {
    // a, *rest, b = seq: the library's unpack_star gives (a, rest, b), a
    // tuple whose items go on the stack as UNPACK_SEQUENCE's would.
    int seq = pop();
    int before = in.arg & 0xFF, after = in.arg >> 8;
    auto int_const = [&](int v) {
      ir::Constant c;
      c.kind = ir::Constant::Kind::Int;
      c.i = v;
      return emit_const(c);
    };
    int parts = call_function("pyrite._library.builtins.unpack_star",
                              {seq, int_const(before), int_const(after)});
    int count = before + 1 + after;
    for (int k = count - 1; k >= 0; --k) {
      Inst extract;
      extract.op = Opcode::ExtractItem;
      extract.args = {parts};
      extract.sub = k;
      extract.constant.kind = ir::Constant::Kind::Int;
      extract.constant.i = count;
      stack_.push_back(emit(std::move(extract)));
    }
    return false;
  }
  case Op::UNPACK_SEQUENCE: {
    int seq = pop();
    for (int k = in.arg - 1; k >= 0; --k) {
      Inst extract;
      extract.op = Opcode::ExtractItem;
      extract.args = {seq};
      extract.sub = k;
      extract.constant.kind = ir::Constant::Kind::Int;
      extract.constant.i = in.arg; // how many targets
      stack_.push_back(emit(std::move(extract)));
    }
    return false;
  }
  case Op::GET_ITER:
    // `f(x for x in a)` passes iter(a) to the generator expression's
    // function: pyrite passes `a`, which the generator holds as long as
    // it runs (an iterator would point into this function's frame).
    if (stack_.size() >= 2 && genexpr_values_.count(stack_[stack_.size() - 2]))
      return false;
    stack_.push_back(emit_op(Opcode::GetIter, {pop()}));
    return false;
  case Op::RETURN_GENERATOR: stack_.push_back(kNull); return false;
  case Op::YIELD_VALUE: {
    Inst y;
    y.op = Opcode::Yield;
    y.args = {pop()};
    stack_.push_back(emit(std::move(y)));
    return false;
  }
  case Op::BUILD_SLICE: {
    std::vector<int> parts(stack_.end() - in.arg, stack_.end());
    stack_.resize(stack_.size() - in.arg);
    // One slice per bounds: 3.12+'s `a[i:j] op= x` builds it twice
    // (BINARY_SLICE, STORE_SLICE) where 3.11 built and copied one.
    auto [it, fresh] = slices_.try_emplace(parts, -1);
    if (fresh)
      it->second = emit_op(Opcode::BuildSlice, parts);
    stack_.push_back(it->second);
    return false;
  }
  default: return step_control(in, next_offset, worklist);
  }
}

bool Builder::step_control(const Instruction &in, int next_offset, std::set<int> &worklist) {
  auto next_block = [&] {
    if (next_offset < 0)
      unsupported("control flow runs past the end of the code", pos_);
    return block_at(uint32_t(next_offset));
  };
  switch (in.op) {
  case Op::JUMP: {
    int target = block_at(in.jump_target);
    edge_to(target, stack_, worklist);
    terminate(Opcode::Jump, {}, target);
    return true;
  }
  case Op::POP_JUMP_IF_FALSE:
  case Op::POP_JUMP_IF_TRUE:
  case Op::POP_JUMP_IF_NONE:
  case Op::POP_JUMP_IF_NOT_NONE: {
    int cond = pop();
    if (in.op == Op::POP_JUMP_IF_NONE || in.op == Op::POP_JUMP_IF_NOT_NONE) {
      ir::Constant none;
      cond = emit_op(Opcode::Compare, {cond, emit_const(none)}, int(ir::CompareOp::Is));
    }
    bool jump_when_true = in.op == Op::POP_JUMP_IF_TRUE || in.op == Op::POP_JUMP_IF_NONE;
    int target = block_at(in.jump_target), fall = next_block();
    edge_to(target, stack_, worklist);
    edge_to(fall, stack_, worklist);
    if (jump_when_true)
      terminate(Opcode::Branch, {cond}, target, fall);
    else
      terminate(Opcode::Branch, {cond}, fall, target);
    return true;
  }
  case Op::JUMP_IF_FALSE_OR_POP:
  case Op::JUMP_IF_TRUE_OR_POP: {
    // The jump keeps the tested value on the stack; falling through pops it.
    int cond = stack_.back();
    int target = block_at(in.jump_target), fall = next_block();
    edge_to(target, stack_, worklist);
    std::vector<int> popped(stack_.begin(), stack_.end() - 1);
    edge_to(fall, popped, worklist);
    if (in.op == Op::JUMP_IF_TRUE_OR_POP)
      terminate(Opcode::Branch, {cond}, target, fall);
    else
      terminate(Opcode::Branch, {cond}, fall, target);
    return true;
  }
  case Op::FOR_ITER: {
    int iter = stack_.back();
    int body = next_block(), exit = block_at(in.jump_target);
    edge_to(body, stack_, worklist);
    std::vector<int> popped(stack_.begin(), stack_.end() - 1);
    edge_to(exit, popped, worklist);
    terminate(Opcode::ForIter, {iter}, body, exit);
    return true;
  }
  case Op::RETURN_VALUE: terminate(Opcode::Return, {pop()}, -1); return true;
  case Op::RAISE_VARARGS:
  case Op::PUSH_EXC_INFO:
  case Op::POP_EXCEPT:
  case Op::CHECK_EXC_MATCH:
  case Op::RERAISE:
    return step_exceptions(in);
  default:
    unsupported(describe_unsupported(in), pos_);
  }
}

} // namespace detail

ir::Function build_ir(const CodeObject &code) { return detail::Builder(code).run(); }

} // namespace pyrite::frontend
