//===- frontend/frontend_calls.cpp - calls, inner functions, comprehensions ---===//
#include "frontend/builder.h"

#include "support/diagnostics.h"

#include <algorithm>

namespace pyrite::frontend {
namespace detail {

const std::string &Builder::local_name(const Instruction &in) {
  if (in.arg < 0 || size_t(in.arg) >= code_.varnames.size())
    unsupported("inner functions and lambdas are not supported (bytecode " +
                    std::string(in.opname) + " of a closure cell)",
                pos_);
  return comprehension_local(code_.varnames[size_t(in.arg)]);
}

const std::string &Builder::comprehension_local(const std::string &name) const {
  for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) // the innermost one
    if (is_saved(*it) && saved_names_.at(*it).first == name)
      return saved_names_.at(*it).second;
  return name;
}

int Builder::load_variable(const std::string &name) {
  auto it = std::find(code_.deref_names.begin(), code_.deref_names.end(), name);
  bool free = it != code_.deref_names.end() &&
              code_.deref_is_free[size_t(it - code_.deref_names.begin())];
  if (free && !inlined_ && !code_.lifted)
    return emit_op(Opcode::Global, {}, 0, name);
  return emit_op(Opcode::LoadLocal, {}, 0, comprehension_local(name));
}

void Builder::make_function(const Instruction &in) {
  int code = pop();
  if (code > kCodeBase)
    unsupported("malformed code object: MAKE_FUNCTION without its code", pos_);
  int k = kCodeBase - code;
  const CodeObject &nested = *code_.nested.at(k);
  int flags = in.arg;
  std::map<int, int> extras; // flag -> value
  if (flags) {
    for (int f : {0x08, 0x04, 0x02, 0x01})
      if (flags & f)
        extras[f] = pop();
  } else {
    for (size_t j = size_t(&in - insts_.data()) + 1;
         j < insts_.size() && insts_[j].op == Op::SET_FUNCTION_ATTRIBUTE; ++j) {
      extras[insts_[j].arg] = pop();
      flags |= insts_[j].arg;
      ++pending_function_attributes_;
    }
  }
  if ((nested.name == "<listcomp>" || nested.name == "<dictcomp>" ||
       nested.name == "<setcomp>") &&
      !(flags & 0x07)) {
    stack_.push_back(code); // called right away (CALL inlines it)
    return;
  }
  if (nested.name.front() == '<' && nested.name != "<lambda>" && nested.name != "<genexpr>")
    unsupported(describe_constant(code_.consts.at(size_t(k))), pos_);
  if (flags & 0x02)
    unsupported("keyword-only parameters with defaults are not supported in inner "
                "functions (" + nested.name + ")",
                pos_);
  if (std::find(nested.freevars.begin(), nested.freevars.end(), nested.name) !=
      nested.freevars.end())
    unsupported("the inner function '" + nested.name + "' calls itself: recursive inner "
                "functions are not supported; make it a top-level @njit function",
                pos_);
  Inst make;
  make.op = Opcode::MakeFunction;
  make.name = nested.key;
  for (const std::string &name : nested.freevars)
    make.args.push_back(load_variable(name));
  if (flags & 0x01) {
    make.args.push_back(extras.at(0x01));
    make.sub = 1;
  }
  stack_.push_back(emit(std::move(make)));
  if (nested.name == "<genexpr>")
    genexpr_values_.insert(stack_.back());
}

void Builder::expect_list_to_tuple(const Instruction &from) {
  static const std::set<Op> between = {Op::LOAD_FAST, Op::LOAD_CONST, Op::LOAD_GLOBAL,
                                       Op::LOAD_DEREF, Op::LOAD_ATTR, Op::LIST_APPEND,
                                       Op::LIST_EXTEND, Op::NOP};
  for (size_t j = size_t(&from - insts_.data()) + 1; j < insts_.size(); ++j) {
    if (insts_[j].op == Op::LIST_TO_TUPLE)
      return;
    if (!between.count(insts_[j].op))
      break;
  }
  unsupported("a list display with a starred item (`[a, *t]`) is not supported yet; "
              "calls f(*t) and f(a, *t) are",
              pos_);
}

int Builder::concat_star_tuple(int head, int tail) {
  int joined = emit_op(Opcode::BinOp, {head, tail}, int(ir::BinaryOp::Add));
  star_tuples_.erase(head);
  star_tuples_.insert(joined);
  return joined;
}

int Builder::call_builtin(const std::string &name, const std::vector<int> &args) {
  return call_function("builtins." + name, args);
}

int Builder::call_method(int obj, const std::string &method, const std::vector<int> &args) {
  Inst in;
  in.op = Opcode::Call;
  in.args = {emit_op(Opcode::GetAttr, {obj}, 0, method)};
  in.args.insert(in.args.end(), args.begin(), args.end());
  return emit(std::move(in));
}

int Builder::call_function(const std::string &qualified, const std::vector<int> &args) {
  Inst in;
  in.op = Opcode::Call;
  in.args = {emit_op(Opcode::Global, {}, 0, qualified)};
  in.args.insert(in.args.end(), args.begin(), args.end());
  return emit(std::move(in));
}

int Builder::convert_value(int value, int conversion) {
  static const char *functions[] = {nullptr, "str", "repr", "ascii"};
  return conversion ? call_builtin(functions[conversion & 3], {value}) : value;
}

void Builder::call(int argc) {
  std::vector<int> args(stack_.end() - argc, stack_.end());
  stack_.resize(stack_.size() - argc);
  int second = pop(), first = pop();
  int callee = first;
  if (first == kNull)
    callee = second;
  else if (second != kNull && second != kSelf)
    args.insert(args.begin(), second);
  if (callee <= kCodeBase) { // a comprehension (3.11): its code runs here
    stack_.push_back(inline_comprehension(kCodeBase - callee, args));
    return;
  }
  if (callee < 0)
    unsupported("malformed call sequence", pos_);
  Inst in;
  in.op = Opcode::Call;
  in.args = {callee};
  in.args.insert(in.args.end(), args.begin(), args.end());
  in.kwnames = std::move(kwnames_);
  kwnames_.clear();
  stack_.push_back(emit(std::move(in)));
}

int Builder::inline_comprehension(int k, const std::vector<int> &args) {
  const CodeObject &nested = *code_.nested.at(k);
  if (args.size() != 1 || nested.param_count() != 1)
    unsupported("malformed comprehension call", pos_);
  ir::Function body = Builder(nested, /*inlined=*/true).run();
  std::string suffix = ".inl" + std::to_string(++inline_count_);
  std::set<std::string> outer;
  for (size_t d = 0; d < nested.deref_names.size(); ++d)
    if (nested.deref_is_free[d])
      outer.insert(nested.deref_names[d]);
  auto rename = [&](const std::string &n) { return outer.count(n) ? n : n + suffix; };
  std::string spill = "$inl" + std::to_string(inline_count_) + ".";
  for (size_t s = 0; s < stack_.size(); ++s)
    if (stack_[s] >= 0)
      emit_op(Opcode::StoreLocal, {stack_[s]}, 0, spill + std::to_string(s));
  emit_op(Opcode::StoreLocal, {args[0]}, 0, rename(body.arg_names.at(0)));
  int base = int(fn_.blocks.size()), values = fn_.num_values;
  int cont = base + int(body.blocks.size());
  std::map<int, int> block_id;
  for (size_t b = 0; b < body.blocks.size(); ++b)
    block_id[body.blocks[b].id] = base + int(b);
  terminate(Opcode::Jump, {}, block_id.at(body.blocks[0].id));
  std::string result = spill + "result";
  uint32_t offset = cur_->offset;
  int handler = cur_->handler; // a comprehension inside `try` is protected too
  for (ir::Block &blk : body.blocks) {
    ir::Block out;
    out.id = block_id.at(blk.id);
    out.offset = offset;
    out.handler = handler;
    for (ir::Inst &in : blk.insts) {
      if (in.result >= 0)
        in.result += values;
      for (int &a : in.args)
        a += values;
      for (int &t : in.targets)
        if (t >= 0)
          t = block_id.at(t);
      if (in.op == Opcode::LoadLocal || in.op == Opcode::StoreLocal ||
          in.op == Opcode::DelLocal)
        in.name = rename(in.name);
      if (in.op == Opcode::Return) { // the value goes to the continuation
        Inst store;
        store.op = Opcode::StoreLocal;
        store.args = in.args;
        store.name = result;
        store.pos = in.pos;
        out.insts.push_back(std::move(store));
        Inst jump;
        jump.op = Opcode::Jump;
        jump.targets[0] = cont;
        jump.pos = in.pos;
        out.insts.push_back(std::move(jump));
        continue;
      }
      out.insts.push_back(std::move(in));
    }
    fn_.blocks.push_back(std::move(out));
  }
  fn_.num_values += body.num_values;
  ir::Block rest;
  rest.id = cont;
  rest.offset = offset;
  rest.handler = handler;
  fn_.blocks.push_back(std::move(rest));
  cur_ = &fn_.blocks.back(); // the vector grew: point at the continuation
  slices_.clear();
  for (size_t s = 0; s < stack_.size(); ++s)
    if (stack_[s] >= 0)
      stack_[s] = emit_op(Opcode::LoadLocal, {}, 0, spill + std::to_string(s));
  return emit_op(Opcode::LoadLocal, {}, 0, result);
}

} // namespace detail

} // namespace pyrite::frontend
