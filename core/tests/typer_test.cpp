//===- tests/typer_test.cpp - type inference over hand-built IR -----------===//
//
/// \file
/// Each test builds a small ir::Function with IRBuilder (no Python involved),
/// types it with typing::infer_types against TestResolver, a std::map of
/// globals, and checks the inferred types of values, locals and the return.
/// The comment above each test is the Python the IR stands for. (Nested
/// builder calls in one argument list append in an unspecified order; tests
/// that print the IR sequence them explicitly.) Diagnostics
/// get one test each, asserting the class, the message and the position.
//
//===----------------------------------------------------------------------===//
#include "typing/typer.h"

#include "support/diagnostics.h"
#include "tests/ir_builder.h"

#include <gtest/gtest.h>

#include <map>

namespace pyrite::typing {
namespace {

using ir::BinaryOp;
using ir::CompareOp;
using ir::Inst;
using ir::IRBuilder;
using ir::Opcode;

//===----------------------------------------------------------------------===//
// A resolver backed by maps
//===----------------------------------------------------------------------===//

class TestResolver : public Resolver {
public:
  TestResolver() {
    globals["range"] = {types::function("builtins.range"), {}};
    globals["len"] = {types::function("builtins.len"), {}};
    globals["math"] = {types::module("math"), {}};
    globals["np"] = {types::module("numpy"), {}};
    attrs[{"math", "sqrt"}] = {types::function("math.sqrt"), {}};
    attrs[{"math", "floor"}] = {types::function("math.floor"), {}};
    attrs[{"numpy", "zeros"}] = {types::function("numpy.zeros"), {}};
    attrs[{"numpy", "float32"}] = {types::number_class(types::float32()), {}};
  }

  GlobalValue global(const std::string &name) override {
    auto it = globals.find(name);
    return it == globals.end() ? GlobalValue{} : it->second;
  }

  GlobalValue module_attr(const Type *module, const std::string &attr) override {
    auto it = attrs.find({module->name, attr});
    return it == attrs.end() ? GlobalValue{} : it->second;
  }

  /// Every @jit callee "returns its first argument's type"; records the call.
  std::shared_ptr<const TypedFunction>
  compile_callee(const Type *dispatcher, const std::vector<const Type *> &args) override {
    callee_requests.emplace_back(dispatcher, args);
    auto fn = std::make_shared<TypedFunction>();
    fn->fn.name = fn->fn.qualname = dispatcher->name;
    fn->arg_types = args;
    fn->types.return_type = args.empty() ? types::none() : args[0];
    fn->symbol = "callee." + dispatcher->name;
    return fn;
  }

  /// Intrinsics this test target provides: name -> "ret(args)".
  IntrinsicSignature intrinsic(const std::string &name) override {
    IntrinsicSignature sig;
    sig.target = "test-target";
    auto it = intrinsics.find(name);
    if (it != intrinsics.end())
      sig.found = types::parse_signature(it->second, sig.result, sig.params);
    return sig;
  }

  CallSignature signature_of(const Type *dispatcher) override {
    auto it = signatures.find(dispatcher->name);
    if (it != signatures.end())
      return it->second;
    return CallSignature{{"a"}, {std::nullopt}}; // one required parameter
  }

  std::map<std::string, GlobalValue> globals;
  std::map<std::string, CallSignature> signatures;
  std::map<std::string, std::string> intrinsics;
  std::map<std::pair<std::string, std::string>, GlobalValue> attrs;
  std::vector<std::pair<const Type *, std::vector<const Type *>>> callee_requests;
};

std::shared_ptr<TypedFunction> infer(IRBuilder &b, std::vector<const Type *> args,
                                     TestResolver &resolver) {
  return infer_types(b.finish(), args, resolver);
}

std::shared_ptr<TypedFunction> infer(IRBuilder &b, std::vector<const Type *> args) {
  TestResolver resolver;
  return infer(b, std::move(args), resolver);
}

/// Display name of a value's type ("<untyped>" when missing).
std::string type_of(const TypedFunction &tf, int value) {
  const Type *t = tf.types.values.at(value);
  return t ? t->display : "<untyped>";
}

std::string local_type(const TypedFunction &tf, const std::string &name) {
  const Type *t = tf.types.local(name);
  return t ? t->display : "<no such local>";
}

/// Runs `body` and returns the CompileError it throws; fails if none.
template <typename F> CompileError expect_error(F body) {
  try {
    body();
  } catch (const CompileError &e) {
    return e;
  }
  ADD_FAILURE() << "expected a CompileError";
  return CompileError("none", "no error was thrown");
}

const Type *f64_1d() { return types::array(types::float64(), 1, 'C'); }
const Type *f64_2d() { return types::array(types::float64(), 2, 'C'); }

//===----------------------------------------------------------------------===//
// Locals and control flow
//===----------------------------------------------------------------------===//

// def f(c):
//     x = 1
//     if c:
//         x = 2.5
//     return x
TEST(Locals, IntThenFloatUnifiesToFloat64) {
  IRBuilder b({"c"});
  int then_ = b.new_block(), join = b.new_block();
  int one = b.const_int(1);
  b.store("x", one);
  b.branch(b.load("c"), then_, join);
  b.set_block(then_);
  int half = b.const_float(2.5);
  b.store("x", half);
  b.jump(join);
  b.set_block(join);
  int x = b.load("x");
  b.ret(x);

  auto tf = infer(b, {types::boolean()});
  EXPECT_EQ(type_of(*tf, one), "int64");
  EXPECT_EQ(type_of(*tf, half), "float64");
  EXPECT_EQ(local_type(*tf, "c"), "bool");
  EXPECT_EQ(local_type(*tf, "x"), "float64");
  EXPECT_EQ(type_of(*tf, x), "float64");
  EXPECT_EQ(tf->types.return_type, types::float64());
}

// def f(n):
//     s = 0
//     i = 0
//     while i < n:
//         s = s + 0.5     # s is int64 on entry, float64 around the back edge
//         i += 1
//     return s
TEST(Locals, LoopCarriedLocalWidensAtTheHeader) {
  IRBuilder b({"n"});
  int header = b.new_block(), body = b.new_block(), exit = b.new_block();
  b.store("s", b.const_int(0));
  b.store("i", b.const_int(0));
  b.jump(header);
  b.set_block(header);
  int cond = b.compare(CompareOp::Lt, b.load("i"), b.load("n"));
  b.branch(cond, body, exit);
  b.set_block(body);
  int s_in = b.load("s");
  int sum = b.binop(BinaryOp::Add, s_in, b.const_float(0.5));
  b.store("s", sum);
  int i_next = b.iadd(b.load("i"), b.const_int(1));
  b.store("i", i_next);
  b.jump(header);
  b.set_block(exit);
  int s_out = b.load("s");
  b.ret(s_out);

  auto tf = infer(b, {types::int64()});
  EXPECT_EQ(local_type(*tf, "s"), "float64");
  EXPECT_EQ(local_type(*tf, "i"), "int64");
  EXPECT_EQ(type_of(*tf, s_in), "float64");
  EXPECT_EQ(type_of(*tf, sum), "float64");
  EXPECT_EQ(type_of(*tf, s_out), "float64");
  EXPECT_EQ(type_of(*tf, cond), "bool");
  EXPECT_EQ(type_of(*tf, i_next), "int64");
  EXPECT_EQ(tf->types.return_type, types::float64());
  // The addition converts both operands to the unified type.
  const Resolution *r = tf->resolution(sum);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->param_types, (std::vector<const Type *>{types::float64(), types::float64()}));
}

// Locals are listed in first-store order, arguments first; the printed form
// shows every type (the same form inspect_types prints).
TEST(Locals, PrintedTypedIR) {
  IRBuilder b({"a", "b"});
  int a = b.load("a");
  int b_ = b.load("b");
  int sum = b.binop(BinaryOp::Add, a, b_);
  b.store("t", sum);
  b.ret(b.load("t"));
  auto tf = infer(b, {types::int32(), types::float32()});
  ASSERT_EQ(tf->types.locals.size(), 3u);
  EXPECT_EQ(tf->types.locals[0].first, "a");
  EXPECT_EQ(tf->types.locals[1].first, "b");
  EXPECT_EQ(tf->types.locals[2].first, "t");
  EXPECT_EQ(ir::print(tf->fn, &tf->types),
            "function f(a, b) -> float64\n"
            "  local a :: int32\n"
            "  local b :: float32\n"
            "  local t :: float64\n"
            "block0:\n"
            "  %0 = load a :: int32                            # L2\n"
            "  %1 = load b :: float32                          # L2\n"
            "  %2 = %0 + %1 :: float64                         # L2\n"
            "  store t = %2                                    # L2\n"
            "  %3 = load t :: float64                          # L2\n"
            "  return %3                                       # L2\n");
}

// def f(): pass   (return None)
TEST(Locals, NoReturnValueIsNone) {
  IRBuilder b({});
  b.ret(b.const_none());
  auto tf = infer(b, {});
  EXPECT_EQ(tf->types.return_type, types::none());
}

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

/// Types `a OP b` for arguments of the given types; returns the result type.
std::string binop_type(BinaryOp op, const Type *a, const Type *b) {
  IRBuilder ib({"a", "b"});
  int v = ib.binop(op, ib.load("a"), ib.load("b"));
  ib.ret(v);
  auto tf = infer(ib, {a, b});
  return type_of(*tf, v);
}

TEST(Operators, FloorDivOfIntsIsInt64) {
  EXPECT_EQ(binop_type(BinaryOp::FloorDiv, types::int64(), types::int64()), "int64");
  EXPECT_EQ(binop_type(BinaryOp::FloorDiv, types::int32(), types::int32()), "int64");
  EXPECT_EQ(binop_type(BinaryOp::FloorDiv, types::float64(), types::int64()), "float64");
}

TEST(Operators, TrueDivOfIntsIsFloat64) {
  EXPECT_EQ(binop_type(BinaryOp::TrueDiv, types::int64(), types::int64()), "float64");
  EXPECT_EQ(binop_type(BinaryOp::TrueDiv, types::int32(), types::integer(8)), "float64");
  EXPECT_EQ(binop_type(BinaryOp::TrueDiv, types::float32(), types::float32()), "float32");
}

TEST(Operators, ArithmeticFollowsPromotion) {
  EXPECT_EQ(binop_type(BinaryOp::Add, types::int32(), types::int32()), "int64");
  EXPECT_EQ(binop_type(BinaryOp::Mul, types::float32(), types::integer(16)), "float32");
  EXPECT_EQ(binop_type(BinaryOp::Sub, types::float32(), types::int32()), "float64");
  EXPECT_EQ(binop_type(BinaryOp::Mod, types::int64(), types::float64()), "float64");
  EXPECT_EQ(binop_type(BinaryOp::Pow, types::int64(), types::int64()), "int64");
}

TEST(Operators, BitwiseOnBoolsStaysBool) {
  EXPECT_EQ(binop_type(BinaryOp::And, types::boolean(), types::boolean()), "bool");
  EXPECT_EQ(binop_type(BinaryOp::Or, types::boolean(), types::int64()), "int64");
  EXPECT_EQ(binop_type(BinaryOp::LShift, types::int32(), types::int64()), "int64");
}

// def f(a, b): return a < b
TEST(Operators, ComparisonIsBool) {
  for (auto [a, b] : {std::pair{types::int64(), types::float64()},
                      std::pair{types::int32(), types::int32()},
                      std::pair{types::boolean(), types::boolean()}}) {
    IRBuilder ib({"a", "b"});
    int v = ib.compare(CompareOp::Lt, ib.load("a"), ib.load("b"));
    ib.ret(v);
    auto tf = infer(ib, {a, b});
    EXPECT_EQ(type_of(*tf, v), "bool") << a->display << " < " << b->display;
    EXPECT_EQ(tf->types.return_type, types::boolean());
  }
}

// def f(x): return x is None   -> folded to a constant
TEST(Operators, IsNoneIsAConstant) {
  IRBuilder ib({"x"});
  int v = ib.compare(CompareOp::Is, ib.load("x"), ib.const_none());
  ib.ret(v);
  auto tf = infer(ib, {types::none()});
  EXPECT_EQ(type_of(*tf, v), "bool");
  const Resolution *r = tf->resolution(v);
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(r->constant.has_value());
  EXPECT_EQ(r->constant->i, 1);
}

//===----------------------------------------------------------------------===//
// Globals and calls
//===----------------------------------------------------------------------===//

// import math
// def f(n): return math.sqrt(n)
TEST(Calls, MathSqrtOfIntIsFloat64) {
  IRBuilder b({"n"});
  int math = b.global("math");
  int sqrt = b.getattr(math, "sqrt");
  int v = b.call(sqrt, {b.load("n")});
  b.ret(v);
  auto tf = infer(b, {types::int64()});
  EXPECT_EQ(type_of(*tf, math), "Module(math)");
  EXPECT_EQ(type_of(*tf, sqrt), "Function(math.sqrt)");
  EXPECT_EQ(type_of(*tf, v), "float64");
  const Resolution *r = tf->resolution(v);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->builtin, "math.sqrt");
  EXPECT_EQ(r->param_types, std::vector<const Type *>{types::float64()});
}

// def f(x): return math.sqrt(x)   with x: float32 -> float32, as in Numba
TEST(Calls, MathSqrtOfFloat32StaysFloat32) {
  IRBuilder b({"x"});
  int v = b.call(b.getattr(b.global("math"), "sqrt"), {b.load("x")});
  b.ret(v);
  auto tf = infer(b, {types::float32()});
  EXPECT_EQ(type_of(*tf, v), "float32");
}

// def f(n):
//     s = 0
//     for i in range(n):
//         s += i
//     return s
TEST(Calls, RangeLoop) {
  IRBuilder b({"n"});
  int header = b.new_block(), body = b.new_block(), exit = b.new_block();
  b.store("s", b.const_int(0));
  int range = b.global("range");
  int state = b.call(range, {b.load("n")});
  int iter = b.getiter(state);
  b.store("$b1.0", iter);
  b.jump(header);
  b.set_block(header);
  int it = b.load("$b1.0");
  b.foriter(it, body, exit);
  b.set_block(body);
  int i = b.iternext(b.load("$b1.0"));
  b.store("i", i);
  b.store("s", b.iadd(b.load("s"), b.load("i")));
  b.jump(header);
  b.set_block(exit);
  b.ret(b.load("s"));

  auto tf = infer(b, {types::int32()});
  EXPECT_EQ(type_of(*tf, range), "Function(builtins.range)");
  EXPECT_EQ(type_of(*tf, state), "range_state_int64");
  EXPECT_EQ(tf->types.values[iter], types::iterator(types::range_state()));
  EXPECT_EQ(tf->types.values[it], types::iterator(types::range_state()));
  EXPECT_EQ(type_of(*tf, i), "int64");
  EXPECT_EQ(local_type(*tf, "i"), "int64");
  EXPECT_EQ(local_type(*tf, "s"), "int64");
  EXPECT_EQ(tf->types.return_type, types::int64());
  // range's bounds are converted to int64 (n is int32 here).
  const Resolution *r = tf->resolution(state);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->builtin, "builtins.range");
  EXPECT_EQ(r->param_types, std::vector<const Type *>{types::int64()});
}

// def f(a):
//     s = 0.0
//     for x in a:      # a: 2d, so x is a row
//         s += x[0]
//     return s
TEST(Calls, LoopOverArrayRows) {
  IRBuilder b({"a"});
  int header = b.new_block(), body = b.new_block(), exit = b.new_block();
  b.store("s", b.const_float(0));
  int iter = b.getiter(b.load("a"));
  b.store("$b1.0", iter);
  b.jump(header);
  b.set_block(header);
  b.foriter(b.load("$b1.0"), body, exit);
  b.set_block(body);
  int x = b.iternext(b.load("$b1.0"));
  b.store("x", x);
  int x0 = b.getitem(b.load("x"), b.const_int(0));
  b.store("s", b.iadd(b.load("s"), x0));
  b.jump(header);
  b.set_block(exit);
  b.ret(b.load("s"));

  auto tf = infer(b, {f64_2d()});
  EXPECT_EQ(tf->types.values[iter], types::iterator(f64_2d()));
  EXPECT_EQ(type_of(*tf, x), "array(float64, 1d, C)");
  EXPECT_EQ(type_of(*tf, x0), "float64");
  EXPECT_EQ(tf->types.return_type, types::float64());
}

// def f(n, m): return np.zeros((n, m), np.float32)
TEST(Calls, NumpyZerosOfTupleShape) {
  IRBuilder b({"n", "m"});
  int np = b.global("np");
  int zeros = b.getattr(np, "zeros");
  int shape = b.tuple({b.load("n"), b.load("m")});
  int dtype = b.getattr(b.global("np"), "float32");
  int v = b.call(zeros, {shape, dtype});
  b.ret(v);
  auto tf = infer(b, {types::int64(), types::int32()});
  EXPECT_EQ(type_of(*tf, shape), "Tuple(int64, int32)");
  EXPECT_EQ(type_of(*tf, dtype), "class(float32)");
  EXPECT_EQ(type_of(*tf, v), "array(float32, 2d, C)");
  const Resolution *r = tf->resolution(v);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->builtin, "numpy.zeros");
}

// A frozen global constant: K = 3; def f(x): return x * K
TEST(Calls, FrozenGlobalConstant) {
  TestResolver resolver;
  ir::Constant three;
  three.kind = ir::Constant::Kind::Int;
  three.i = 3;
  resolver.globals["K"] = {types::int64(), three};
  IRBuilder b({"x"});
  int k = b.global("K");
  int v = b.binop(BinaryOp::Mul, b.load("x"), k);
  b.ret(v);
  auto tf = infer(b, {types::float64()}, resolver);
  EXPECT_EQ(type_of(*tf, k), "int64");
  EXPECT_EQ(type_of(*tf, v), "float64");
  const Resolution *r = tf->resolution(k);
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(r->constant.has_value());
  EXPECT_EQ(r->constant->i, 3);
}

// @njit def g(x): ...;  def f(a): return g(a)
TEST(Calls, OtherJitFunctionIsCompiledForTheArgumentTypes) {
  TestResolver resolver;
  int handle = 0;
  resolver.globals["g"] = {types::dispatcher(&handle, "g"), {}};
  IRBuilder b({"a"});
  int v = b.call(b.global("g"), {b.load("a")});
  b.ret(v);
  auto tf = infer(b, {f64_1d()}, resolver);
  EXPECT_EQ(type_of(*tf, v), "array(float64, 1d, C)");
  ASSERT_FALSE(resolver.callee_requests.empty());
  EXPECT_EQ(resolver.callee_requests[0].second, std::vector<const Type *>{f64_1d()});
  const Resolution *r = tf->resolution(v);
  ASSERT_NE(r, nullptr);
  ASSERT_NE(r->callee, nullptr);
  EXPECT_EQ(r->callee->symbol, "callee.g");
  EXPECT_EQ(r->param_types, std::vector<const Type *>{f64_1d()});
}

//===----------------------------------------------------------------------===//
// Arrays and tuples
//===----------------------------------------------------------------------===//

// def f(a, i, j): return a[i, j], a[i], a.shape
TEST(Arrays, IndexingAndShape) {
  IRBuilder b({"a", "i", "j"});
  int a = b.load("a");
  int elem = b.getitem(a, b.tuple({b.load("i"), b.load("j")}));
  int row = b.getitem(a, b.load("i"));
  int shape = b.getattr(a, "shape");
  int ndim = b.getattr(a, "ndim");
  b.ret(b.tuple({elem, row, shape}));
  auto tf = infer(b, {f64_2d(), types::int64(), types::int32()});
  EXPECT_EQ(type_of(*tf, elem), "float64");
  EXPECT_EQ(type_of(*tf, row), "array(float64, 1d, C)");
  EXPECT_EQ(type_of(*tf, shape), "UniTuple(int64 x 2)");
  EXPECT_EQ(type_of(*tf, ndim), "int64");
  EXPECT_EQ(tf->types.return_type->display,
            "Tuple(float64, array(float64, 1d, C), UniTuple(int64 x 2))");
}

// def f(a): a[0] = 1
TEST(Arrays, SetItem) {
  IRBuilder b({"a"});
  b.setitem(b.load("a"), b.const_int(0), b.const_int(1));
  b.ret(b.const_none());
  auto tf = infer(b, {f64_1d()});
  EXPECT_EQ(tf->types.return_type, types::none());
}

// def f(x, y):
//     t = (x, y)
//     p, q = t
//     return q, p
TEST(Tuples, PackAndUnpack) {
  IRBuilder b({"x", "y"});
  int t = b.tuple({b.load("x"), b.load("y")});
  b.store("t", t);
  int loaded = b.load("t");
  int p = b.extract(loaded, 0, 2), q = b.extract(loaded, 1, 2);
  b.store("p", p);
  b.store("q", q);
  int r = b.tuple({b.load("q"), b.load("p")});
  b.ret(r);
  auto tf = infer(b, {types::int64(), types::float64()});
  EXPECT_EQ(type_of(*tf, t), "Tuple(int64, float64)");
  EXPECT_EQ(type_of(*tf, p), "int64");
  EXPECT_EQ(type_of(*tf, q), "float64");
  EXPECT_EQ(tf->types.return_type->display, "Tuple(float64, int64)");
}

// def f(t): return t[1]   with t a heterogeneous tuple and a constant index
TEST(Tuples, ConstantIndexOfHeterogeneousTuple) {
  IRBuilder b({"t"});
  int v = b.getitem(b.load("t"), b.const_int(-1));
  b.ret(v);
  auto tf = infer(b, {types::tuple({types::int64(), types::float32()})});
  EXPECT_EQ(type_of(*tf, v), "float32");
}

//===----------------------------------------------------------------------===//
// Diagnostics: one test each, class, message and position
//===----------------------------------------------------------------------===//

// def f(): return undefined_name
TEST(Diagnostics, UnknownGlobal) {
  IRBuilder b({});
  b.line(7);
  int g = b.global("undefined_name");
  b.ret(g);
  CompileError e = expect_error([&] { infer(b, {}); });
  EXPECT_EQ(e.kind, "TypingError");
  EXPECT_NE(std::string(e.what()).find("name 'undefined_name' is not defined"),
            std::string::npos)
      << e.what();
  EXPECT_EQ(e.pos.line, 7);
  EXPECT_EQ(e.pos.col, IRBuilder::pos(7).col);
  EXPECT_EQ(e.pos.end_col, IRBuilder::pos(7).end_col);
}

// def f(a, t): return a + t   (array + tuple)
TEST(Diagnostics, ArrayPlusTuple) {
  IRBuilder b({"a", "t"});
  b.line(3);
  int v = b.binop(BinaryOp::Add, b.load("a"), b.load("t"));
  b.ret(v);
  CompileError e = expect_error(
      [&] { infer(b, {f64_1d(), types::tuple({types::int64(), types::int64()})}); });
  EXPECT_EQ(e.kind, "TypingError");
  EXPECT_NE(std::string(e.what()).find(
                "unsupported operand types for +: array(float64, 1d, C) and UniTuple(int64 x 2)"),
            std::string::npos)
      << e.what();
  EXPECT_EQ(e.pos.line, 3);
}

// def f(a): x = a; x = 1
TEST(Diagnostics, LocalThatDoesNotUnify) {
  IRBuilder b({"a"});
  b.store("x", b.load("a"));
  b.line(4);
  b.store("x", b.const_int(1));
  b.ret(b.const_none());
  CompileError e = expect_error([&] { infer(b, {f64_1d()}); });
  EXPECT_EQ(e.kind, "TypingError");
  EXPECT_EQ(std::string(e.what()),
            "cannot unify array(float64, 1d, C) and int64 for variable 'x'");
  EXPECT_EQ(e.pos.line, 4);
}

// import math; def f(): return math.nonexistent
TEST(Diagnostics, UnknownModuleAttribute) {
  IRBuilder b({});
  b.line(5);
  b.ret(b.getattr(b.global("math"), "nonexistent"));
  CompileError e = expect_error([&] { infer(b, {}); });
  EXPECT_EQ(e.kind, "TypingError");
  EXPECT_NE(std::string(e.what()).find("module 'math' has no attribute 'nonexistent'"),
            std::string::npos)
      << e.what();
  EXPECT_EQ(e.pos.line, 5);
}

// def f(a): return math.sqrt(a)   with a an array
TEST(Diagnostics, NoMatchingBuiltinSignature) {
  IRBuilder b({"a"});
  b.line(6);
  b.ret(b.call(b.getattr(b.global("math"), "sqrt"), {b.load("a")}));
  CompileError e = expect_error([&] { infer(b, {f64_1d()}); });
  EXPECT_EQ(e.kind, "TypingError");
  EXPECT_NE(std::string(e.what()).find(
                "no implementation of math.sqrt() for argument types (array(float64, 1d, C))"),
            std::string::npos)
      << e.what();
  EXPECT_EQ(e.pos.line, 6);
}

// def f(a, b): ...   called with one argument
TEST(Diagnostics, WrongArgumentCount) {
  IRBuilder b({"a", "b"});
  b.ret(b.load("a"));
  CompileError e = expect_error([&] { infer(b, {types::int64()}); });
  EXPECT_EQ(e.kind, "TypingError");
  EXPECT_EQ(std::string(e.what()), "f() takes 2 arguments but 1 were given");
}

// def f(a): return a[0, 0]   with a 1d array
TEST(Diagnostics, TooManyIndices) {
  IRBuilder b({"a"});
  int zero = b.const_int(0);
  b.ret(b.getitem(b.load("a"), b.tuple({zero, zero})));
  CompileError e = expect_error([&] { infer(b, {f64_1d()}); });
  EXPECT_EQ(e.kind, "TypingError");
  EXPECT_EQ(std::string(e.what()), "too many indices for array(float64, 1d, C)");
}

// def f(x, y): if x: return 1 \n return y   with y an array
TEST(Diagnostics, ReturnTypesThatDoNotUnify) {
  IRBuilder b({"x", "y"});
  int then_ = b.new_block(), else_ = b.new_block();
  b.branch(b.load("x"), then_, else_);
  b.set_block(then_);
  b.ret(b.const_int(1));
  b.set_block(else_);
  b.line(9);
  b.ret(b.load("y"));
  CompileError e = expect_error([&] { infer(b, {types::boolean(), f64_1d()}); });
  EXPECT_EQ(e.kind, "TypingError");
  EXPECT_EQ(std::string(e.what()),
            "this return gives array(float64, 1d, C) but another gives int64, and the two do "
            "not unify into one return type");
  EXPECT_EQ(e.pos.line, 9);
}

} // namespace
} // namespace pyrite::typing
