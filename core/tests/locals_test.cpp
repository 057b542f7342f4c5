//===- tests/locals_test.cpp - one local per web of a variable ------------===//
//
/// \file
/// ir::split_locals on IR built with IRBuilder: which stores and loads end
/// up sharing a local. The comment above each test is the Python it stands
/// for.
//
//===----------------------------------------------------------------------===//
#include "ir/ir.h"
#include "tests/ir_builder.h"

#include <gtest/gtest.h>

namespace pyrite::ir {
namespace {

/// The local names of every load and store, in block order.
std::vector<std::string> names(const Function &fn) {
  std::vector<std::string> out;
  for (const Block &b : fn.blocks)
    for (const Inst &in : b.insts)
      if (in.op == Opcode::LoadLocal || in.op == Opcode::StoreLocal)
        out.push_back((in.op == Opcode::LoadLocal ? "load " : "store ") + in.name);
  return out;
}

// x = 1; y = x; x = 2.5; return x
TEST(SplitLocals, RebindingAfterTheLastUseIsANewLocal) {
  IRBuilder b({});
  b.store("x", b.const_int(1));
  b.store("y", b.load("x"));
  b.store("x", b.const_float(2.5));
  b.ret(b.load("x"));
  Function fn = b.finish();
  split_locals(fn);
  EXPECT_EQ(names(fn), (std::vector<std::string>{"store x", "load x", "store y", "store x.1",
                                                 "load x.1"}));
}

// def f(n): n = g(n); return n
TEST(SplitLocals, AnArgumentKeepsItsName) {
  IRBuilder b({"n"});
  int g = b.global("g");
  b.store("n", b.call(g, {b.load("n")}));
  b.ret(b.load("n"));
  Function fn = b.finish();
  split_locals(fn);
  EXPECT_EQ(names(fn), (std::vector<std::string>{"load n", "store n.1", "load n.1"}));
}

// x = 1
// if c: x = 2.5
// return x          (both stores reach the load: one local)
TEST(SplitLocals, StoresMeetingAtAJoinShareALocal) {
  IRBuilder b({"c"});
  int then = b.new_block(), join = b.new_block();
  b.store("x", b.const_int(1));
  b.branch(b.load("c"), then, join);
  b.set_block(then);
  b.store("x", b.const_float(2.5));
  b.jump(join);
  b.set_block(join);
  b.ret(b.load("x"));
  Function fn = b.finish();
  split_locals(fn);
  for (const std::string &n : names(fn))
    EXPECT_EQ(n.find("x."), std::string::npos) << n;
}

// s = 0
// while c: s = s + 1      (the loop's store reaches its own load)
// s = 2.5; return s
TEST(SplitLocals, LoopCarriedStoresShareALocalAndALaterRebindingDoesNot) {
  IRBuilder b({"c"});
  int header = b.new_block(), body = b.new_block(), exit = b.new_block();
  b.store("s", b.const_int(0));
  b.jump(header);
  b.set_block(header);
  b.branch(b.load("c"), body, exit);
  b.set_block(body);
  int s = b.load("s"), one = b.const_int(1);
  b.store("s", b.binop(BinaryOp::Add, s, one));
  b.jump(header);
  b.set_block(exit);
  b.store("s", b.const_float(2.5));
  b.ret(b.load("s"));
  Function fn = b.finish();
  split_locals(fn);
  EXPECT_EQ(names(fn), (std::vector<std::string>{"store s", "load c", "load s", "store s",
                                                 "store s.1", "load s.1"}));
}

// def f(out=None):
//     if out is None: out = g()
//     return out
Function out_defaults_to_none() {
  IRBuilder b({"out"});
  int then = b.new_block(), join = b.new_block();
  int none = b.const_none(), out = b.load("out");
  b.branch(b.compare(CompareOp::Is, out, none), then, join);
  b.set_block(then);
  int g = b.global("g");
  b.store("out", b.call(g, {}));
  b.jump(join);
  b.set_block(join);
  b.ret(b.load("out"));
  return b.finish();
}

// Called with out=None, the test is True: its other branch goes, and the
// store and the argument become two locals.
TEST(FoldNoneTests, AnArgumentTestedForNoneLosesTheBranchNotTaken) {
  Function fn = out_defaults_to_none();
  ASSERT_TRUE(fold_argument_none_tests(fn, {true}));
  ASSERT_TRUE(fold_constant_branches(fn));
  canonicalize_cfg(fn);
  split_locals(fn);
  EXPECT_EQ(fn.blocks.size(), 1u) << print(fn);
  EXPECT_EQ(names(fn), (std::vector<std::string>{"load out", "store out.1", "load out.1"}));
}

// The same function called with an array: the test is False and the
// argument flows to the return.
TEST(FoldNoneTests, AnArgumentThatIsNotNoneKeepsTheOtherBranch) {
  Function fn = out_defaults_to_none();
  ASSERT_TRUE(fold_argument_none_tests(fn, {false}));
  ASSERT_TRUE(fold_constant_branches(fn));
  canonicalize_cfg(fn);
  split_locals(fn);
  EXPECT_EQ(names(fn), (std::vector<std::string>{"load out", "load out"}));
}

// def f(flag, x=None):
//     if flag: x = 1
//     if x is None: ...      (x may have been rebound: not folded)
TEST(FoldNoneTests, AnArgumentThatMayHaveBeenReboundIsNotFolded) {
  IRBuilder b({"flag", "x"});
  int set = b.new_block(), test = b.new_block(), yes = b.new_block(), no = b.new_block();
  b.branch(b.load("flag"), set, test);
  b.set_block(set);
  b.store("x", b.const_int(1));
  b.jump(test);
  b.set_block(test);
  int none = b.const_none(), x = b.load("x");
  b.branch(b.compare(CompareOp::Is, x, none), yes, no);
  b.set_block(yes);
  b.ret(b.const_int(0));
  b.set_block(no);
  b.ret(b.load("x"));
  Function fn = b.finish();
  EXPECT_FALSE(fold_argument_none_tests(fn, {false, true}));
  EXPECT_FALSE(fold_argument_none_tests(fn, {false, std::nullopt})); // Optional: at run time
}

} // namespace
} // namespace pyrite::ir

namespace pyrite::ir {
namespace {

// if c: x = 1
// return x          (unbound when c is false: the load is flagged)
TEST(MaybeUnboundLoads, AStoreOnOnePathOnly) {
  IRBuilder b({"c"});
  int then = b.new_block(), join = b.new_block();
  b.branch(b.load("c"), then, join);
  b.set_block(then);
  b.store("x", b.const_int(1));
  b.jump(join);
  b.set_block(join);
  int x = b.load("x");
  b.ret(x);
  Function fn = b.finish();
  EXPECT_EQ(maybe_unbound_loads(fn), (std::set<int>{x}));
}

// x = 0
// while c: x = x + 1   (bound on every path, the loop's back edge too)
// return x
TEST(MaybeUnboundLoads, BoundOnEveryPathIsNotFlagged) {
  IRBuilder b({"c"});
  int head = b.new_block(), body = b.new_block(), done = b.new_block();
  b.store("x", b.const_int(0));
  b.jump(head);
  b.set_block(head);
  b.branch(b.load("c"), body, done);
  b.set_block(body);
  b.store("x", b.load("x"));
  b.jump(head);
  b.set_block(done);
  b.ret(b.load("x"));
  Function fn = b.finish();
  EXPECT_TRUE(maybe_unbound_loads(fn).empty());
}

// n (an argument) is bound; y after `del y` is not
TEST(MaybeUnboundLoads, ArgumentsAreBoundAndDelUnbinds) {
  IRBuilder b({"n"});
  b.store("y", b.load("n"));
  b.del("y");
  int y = b.load("y");
  b.ret(y);
  Function fn = b.finish();
  EXPECT_EQ(maybe_unbound_loads(fn), (std::set<int>{y}));
}

} // namespace
} // namespace pyrite::ir
