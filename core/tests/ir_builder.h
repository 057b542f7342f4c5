//===- tests/ir_builder.h - building pyrite IR by hand in tests ----------===//
//
/// \file
/// IRBuilder appends instructions to the blocks of one ir::Function, as the
/// frontend would, without Python: core tests of the typer and of the CFG
/// canonicalization build their input with it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/ir.h"

#include <string>
#include <vector>

namespace pyrite::ir {

/// Appends instructions to the current block; each gets the current line as
/// its position, so diagnostics can be checked against it.
class IRBuilder {
public:
  explicit IRBuilder(std::vector<std::string> arg_names) {
    fn_.name = fn_.qualname = "f";
    fn_.filename = "test.py";
    fn_.first_line = 1;
    fn_.arg_names = std::move(arg_names);
    set_block(new_block());
  }

  int new_block() {
    ir::Block b;
    b.id = int(fn_.blocks.size());
    b.offset = uint32_t(b.id * 10);
    fn_.blocks.push_back(b);
    return b.id;
  }
  void set_block(int id) { cur_ = id; }
  void line(int l) { line_ = l; }

  int const_int(int64_t v) {
    ir::Constant c;
    c.kind = ir::Constant::Kind::Int;
    c.i = v;
    return constant(c);
  }
  int const_float(double v) {
    ir::Constant c;
    c.kind = ir::Constant::Kind::Float;
    c.f = v;
    return constant(c);
  }
  int const_none() { return constant(ir::Constant{}); }

  int global(const std::string &name) { return value(Opcode::Global, {}, 0, name); }
  int load(const std::string &name) { return value(Opcode::LoadLocal, {}, 0, name); }
  void store(const std::string &name, int v) { effect(Opcode::StoreLocal, {v}, name); }
  void del(const std::string &name) { effect(Opcode::DelLocal, {}, name); }
  int binop(BinaryOp op, int a, int b) { return value(Opcode::BinOp, {a, b}, int(op)); }
  int iadd(int a, int b) {
    int v = binop(BinaryOp::Add, a, b);
    last().inplace = true;
    return v;
  }
  int compare(CompareOp op, int a, int b) { return value(Opcode::Compare, {a, b}, int(op)); }
  int getattr(int obj, const std::string &name) {
    return value(Opcode::GetAttr, {obj}, 0, name);
  }
  int call(int callee, std::vector<int> args, std::vector<std::string> kwnames = {}) {
    args.insert(args.begin(), callee);
    int v = value(Opcode::Call, args);
    last().kwnames = std::move(kwnames);
    return v;
  }
  int getitem(int obj, int idx) { return value(Opcode::GetItem, {obj, idx}); }
  void setitem(int obj, int idx, int v) { effect(Opcode::SetItem, {obj, idx, v}); }
  int tuple(std::vector<int> items) { return value(Opcode::BuildTuple, std::move(items)); }
  /// Item `index` of unpacking `seq` into `count` targets.
  int extract(int seq, int index, int count) {
    int v = value(Opcode::ExtractItem, {seq}, index);
    last().constant.kind = ir::Constant::Kind::Int;
    last().constant.i = count;
    return v;
  }
  int slice(std::vector<int> bounds) { return value(Opcode::BuildSlice, std::move(bounds)); }
  int getiter(int obj) { return value(Opcode::GetIter, {obj}); }
  int iternext(int iter) { return value(Opcode::IterNext, {iter}); }

  void jump(int target) { terminate(Opcode::Jump, {}, target); }
  void branch(int cond, int if_true, int if_false) {
    terminate(Opcode::Branch, {cond}, if_true, if_false);
  }
  void foriter(int iter, int body, int exit) { terminate(Opcode::ForIter, {iter}, body, exit); }
  void ret(int v) { terminate(Opcode::Return, {v}); }
  /// CPython's stack slot `k` on entry to `block`, as the frontend names it.
  static std::string slot(int block, int k) {
    return "$b" + std::to_string(block) + "." + std::to_string(k);
  }

  /// The position the builder gives instructions on line `l`.
  static bytecode::Position pos(int l) { return {l, l, 4, 12}; }

  ir::Function finish() {
    fn_.num_values = next_value_;
    return fn_;
  }

private:
  Inst &last() { return fn_.blocks[cur_].insts.back(); }

  Inst &append(Opcode op, std::vector<int> args, int sub = 0, const std::string &name = "") {
    Inst in;
    in.op = op;
    in.args = std::move(args);
    in.sub = sub;
    in.name = name;
    in.pos = pos(line_);
    fn_.blocks[cur_].insts.push_back(std::move(in));
    return last();
  }
  int value(Opcode op, std::vector<int> args, int sub = 0, const std::string &name = "") {
    Inst &in = append(op, std::move(args), sub, name);
    in.result = next_value_++;
    return in.result;
  }
  int constant(const ir::Constant &c) {
    int v = value(Opcode::Const, {});
    last().constant = c;
    return v;
  }
  void effect(Opcode op, std::vector<int> args, const std::string &name = "") {
    append(op, std::move(args), 0, name);
  }
  void terminate(Opcode op, std::vector<int> args, int t0 = -1, int t1 = -1) {
    Inst &in = append(op, std::move(args));
    in.targets[0] = t0;
    in.targets[1] = t1;
  }

  ir::Function fn_;
  int cur_ = 0;
  int line_ = 2;
  int next_value_ = 0;
};

} // namespace pyrite::ir
