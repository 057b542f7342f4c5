//===- tests/cfg_test.cpp - one canonical CFG for every CPython version ---===//
//
/// \file
/// Each test builds, with IRBuilder, the IR the frontend makes from one
/// source under two CPython versions (the comment above says which shapes
/// they are), and checks that ir::canonicalize_cfg gives both the same
/// printed IR; some also pin that IR. Tests of what must not change build
/// one function and check the printed result. (Nested builder calls in one
/// argument list append in an unspecified order; where the order shows in
/// the output they are sequenced.)
//
//===----------------------------------------------------------------------===//
#include "ir/ir.h"
#include "tests/ir_builder.h"

#include <gtest/gtest.h>

#include <functional>

namespace pyrite::ir {
namespace {

std::string canonical(Function fn) {
  canonicalize_cfg(fn);
  return print(fn);
}

using CompareOp = ir::CompareOp;
using Shape = std::function<void(IRBuilder &)>;

std::string canonical(const std::vector<std::string> &args, const Shape &shape) {
  IRBuilder b(args);
  shape(b);
  return canonical(b.finish());
}

// while i < n:
//     if i > 3: break
//     i += 1
// return i
//
// 3.11 jumps from the break to the one `return i` block; 3.12 copies that
// block into the break.
TEST(Canonical, ExitBlockCopiedByCpythonIsSharedAgain) {
  auto shape = [](bool copied) {
    return [copied](IRBuilder &b) {
      int header = b.new_block(), body = b.new_block(), brk = b.new_block(),
          step = b.new_block(), exit = b.new_block();
      b.jump(header);
      b.set_block(header);
      b.line(2);
      int i = b.load("i"), n = b.load("n");
      b.branch(b.compare(CompareOp::Lt, i, n), body, exit);
      b.set_block(body);
      b.line(3);
      int i2 = b.load("i"), three = b.const_int(3);
      b.branch(b.compare(CompareOp::Gt, i2, three), brk, step);
      b.set_block(brk);
      b.line(5);
      if (copied)
        b.ret(b.load("i"));
      else
        b.jump(exit);
      b.set_block(step);
      b.line(4);
      int i3 = b.load("i"), one = b.const_int(1);
      b.store("i", b.iadd(i3, one));
      b.jump(header);
      b.set_block(exit);
      b.line(5);
      b.ret(b.load("i"));
    };
  };
  std::string want = canonical({"i", "n"}, shape(false));
  EXPECT_EQ(canonical({"i", "n"}, shape(true)), want);
  EXPECT_EQ(want, "function f(i, n)\n"
                  "block0:\n"
                  "  %0 = load i                                     # L2\n"
                  "  %1 = load n                                     # L2\n"
                  "  %2 = %0 < %1                                    # L2\n"
                  "  branch %2 ? block1 : block3                     # L2\n"
                  "block1:\n"
                  "  %3 = load i                                     # L3\n"
                  "  %4 = const 3                                    # L3\n"
                  "  %5 = %3 > %4                                    # L3\n"
                  "  branch %5 ? block3 : block2                     # L3\n"
                  "block2:\n"
                  "  %6 = load i                                     # L4\n"
                  "  %7 = const 1                                    # L4\n"
                  "  %8 = %6 += %7                                   # L4\n"
                  "  store i = %8                                    # L4\n"
                  "  jump block0\n"
                  "block3:\n"
                  "  %9 = load i                                     # L5\n"
                  "  return %9                                       # L5\n");
}

// return a if c else b
//
// 3.11 passes the value through a stack slot to one RETURN_VALUE; 3.12
// copies RETURN_VALUE into both arms.
TEST(Canonical, ReturnCopiedIntoArmsJoinsThroughASlot) {
  auto shape = [](bool copied) {
    return [copied](IRBuilder &b) {
      int then = b.new_block(), other = b.new_block(), join = b.new_block();
      b.branch(b.load("c"), then, other);
      for (auto [blk, name] : {std::pair{then, "a"}, std::pair{other, "b"}}) {
        b.set_block(blk);
        int v = b.load(name);
        if (copied) {
          b.ret(v);
        } else {
          b.store(IRBuilder::slot(join, 0), v);
          b.jump(join);
        }
      }
      b.set_block(join);
      b.ret(b.load(IRBuilder::slot(join, 0)));
    };
  };
  EXPECT_EQ(canonical({"a", "b", "c"}, shape(true)), canonical({"a", "b", "c"}, shape(false)));
}

// for ...:
//     if c: acc += 1     (the back edge)
//
// 3.12 reaches the loop header through a block that only jumps
// (JUMP_BACKWARD); 3.11 branches to the header directly.
TEST(Canonical, EdgesThroughABlockThatOnlyJumpsGoStraightOn) {
  auto shape = [](bool trampoline) {
    return [trampoline](IRBuilder &b) {
      int header = b.new_block(), body = b.new_block(), exit = b.new_block();
      int back = trampoline ? b.new_block() : header;
      b.jump(header);
      b.set_block(header);
      b.branch(b.load("c"), body, exit);
      b.set_block(body);
      b.store("acc", b.iadd(b.load("acc"), b.const_int(1)));
      b.branch(b.load("d"), back, exit);
      if (trampoline) {
        b.set_block(back);
        b.jump(header);
      }
      b.set_block(exit);
      b.ret(b.load("acc"));
    };
  };
  EXPECT_EQ(canonical({"acc", "c", "d"}, shape(true)), canonical({"acc", "c", "d"}, shape(false)));
}

// x = a and b
//
// 3.11: JUMP_IF_FALSE_OR_POP jumps straight to the store with `a` on the
// stack. 3.12: COPY 1; POP_JUMP_IF_FALSE to a block that tests the copied
// value again before the store.
TEST(Canonical, ConditionKnownOnAnEdgeSkipsItsRetest) {
  auto shape = [](bool retest) {
    return [retest](IRBuilder &b) {
      int second = b.new_block(), store = b.new_block();
      int test = retest ? b.new_block() : store;
      int a = b.load("a");
      b.store(IRBuilder::slot(test, 0), a);
      b.store(IRBuilder::slot(second, 0), a);
      b.branch(a, second, test);
      b.set_block(second);
      b.load(IRBuilder::slot(second, 0));
      int v = b.load("b");
      b.store(IRBuilder::slot(store, 0), v);
      b.jump(store);
      if (retest) {
        b.set_block(test);
        int t = b.load(IRBuilder::slot(test, 0));
        b.store(IRBuilder::slot(store, 0), t);
        b.branch(t, second, store);
      }
      b.set_block(store);
      b.store("x", b.load(IRBuilder::slot(store, 0)));
      b.ret(b.const_none());
    };
  };
  EXPECT_EQ(canonical({"a", "b"}, shape(true)), canonical({"a", "b"}, shape(false)));
}

// a[i:j] += v
//
// 3.11 keeps the slice BUILD_SLICE made on the stack across the `if` in v;
// 3.12 keeps its bounds and builds it again for STORE_SLICE.
TEST(Canonical, SlicesCrossEdgesAsTheirBounds) {
  auto shape = [](bool bounds) {
    return [bounds](IRBuilder &b) {
      int other = b.new_block(), join = b.new_block();
      int arr = b.load("a"), lo = b.load("i"), hi = b.load("j");
      int s = b.slice({lo, hi});
      int old = b.getitem(arr, s);
      std::vector<int> passed = bounds ? std::vector{arr, lo, hi, old} : std::vector{arr, s, old};
      for (int blk : {other, join})
        for (size_t k = 0; k < passed.size(); ++k)
          b.store(IRBuilder::slot(blk, int(k)), passed[k]);
      b.branch(b.load("c"), join, other);
      b.set_block(other);
      std::vector<int> got;
      for (size_t k = 0; k < passed.size(); ++k)
        got.push_back(b.load(IRBuilder::slot(other, int(k))));
      for (size_t k = 0; k < passed.size(); ++k)
        b.store(IRBuilder::slot(join, int(k)), got[k]);
      b.jump(join);
      b.set_block(join);
      got.clear();
      for (size_t k = 0; k < passed.size(); ++k)
        got.push_back(b.load(IRBuilder::slot(join, int(k))));
      int sum = b.iadd(got.back(), b.load("v"));
      int where = bounds ? b.slice({got[1], got[2]}) : got[1];
      b.setitem(got[0], where, sum);
      b.ret(b.const_none());
    };
  };
  EXPECT_EQ(canonical({"a", "i", "j", "c", "v"}, shape(true)),
            canonical({"a", "i", "j", "c", "v"}, shape(false)));
}

// `b = (a < c) | d` with 3.12's COPY 1 of a chained comparison: the copied
// value crosses the edge in a slot nobody reads.
TEST(Canonical, SlotNobodyReadsIsDropped) {
  std::string got = canonical({"a"}, [](IRBuilder &b) {
    int next = b.new_block();
    b.store(IRBuilder::slot(next, 0), b.load("a"));
    b.jump(next);
    b.set_block(next);
    b.load(IRBuilder::slot(next, 0));
    b.ret(b.const_none());
  });
  EXPECT_EQ(got.find("$b"), std::string::npos) << got;
}

// if c: return x        (line 3)
// return x              (line 4)
//
// The same code on different lines is two statements, not a copy: both
// returns stay.
TEST(Canonical, SameCodeOnOtherLinesIsNotMerged) {
  std::string got = canonical({"c", "x"}, [](IRBuilder &b) {
    int then = b.new_block(), other = b.new_block();
    b.branch(b.load("c"), then, other);
    b.set_block(then);
    b.line(3);
    b.ret(b.load("x"));
    b.set_block(other);
    b.line(4);
    b.ret(b.load("x"));
  });
  EXPECT_NE(got.find("# L3"), std::string::npos) << got;
  EXPECT_NE(got.find("# L4"), std::string::npos) << got;
}

// for ...:
//     if c: pass
//
// Both edges of the test end at the loop header; the branch stays (its
// truth test may raise, for an array) with both targets the header.
TEST(Canonical, BranchWhoseEdgesJoinKeepsItsTest) {
  std::string got = canonical({"c"}, [](IRBuilder &b) {
    int header = b.new_block(), body = b.new_block(), pass = b.new_block(),
        exit = b.new_block();
    b.jump(header);
    b.set_block(header);
    b.branch(b.load("c"), body, exit);
    b.set_block(body);
    b.branch(b.load("c"), pass, header);
    b.set_block(pass);
    b.jump(header);
    b.set_block(exit);
    b.ret(b.const_none());
  });
  EXPECT_NE(got.find("branch %1 ? block0 : block0"), std::string::npos) << got;
}

// while True: pass
TEST(Canonical, LoopThatOnlyJumpsTerminates) {
  std::string got = canonical({}, [](IRBuilder &b) {
    int loop = b.new_block();
    b.jump(loop);
    b.set_block(loop);
    b.jump(loop);
  });
  EXPECT_EQ(got, "function f()\nblock0:\n  jump block0\n");
}

// Blocks come in reverse postorder: every edge to a lower or equal id is a
// back edge, which lowering's loop latches rely on.
TEST(Canonical, OnlyBackEdgesGoToLowerBlocks) {
  IRBuilder b({"n"});
  int exit = b.new_block(), header = b.new_block(), body = b.new_block();
  b.jump(header);
  b.set_block(exit);
  b.ret(b.load("n"));
  b.set_block(body);
  b.store("n", b.iadd(b.load("n"), b.const_int(-1)));
  b.jump(header);
  b.set_block(header);
  b.branch(b.load("n"), body, exit);
  Function fn = b.finish();
  canonicalize_cfg(fn);
  ASSERT_EQ(fn.blocks.size(), 3u);
  int back_edges = 0;
  for (const Block &blk : fn.blocks) {
    EXPECT_EQ(blk.id, &blk - fn.blocks.data());
    for (int t : blk.insts.back().targets)
      back_edges += t >= 0 && t <= blk.id;
  }
  EXPECT_EQ(back_edges, 1) << print(fn);
}

} // namespace
} // namespace pyrite::ir
