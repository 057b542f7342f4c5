//===- tests/types_test.cpp - the type lattice -----------------------------===//
//
/// \file
/// Interning, Numba-style display names, parsing of signature strings,
/// unification of locals and arithmetic promotion. Expected names and results
/// are Numba 0.68's (`numba.core.types` and the CPU typing context's
/// `unify_types` / `resolve_function_type(operator.add, ...)`), which is what
/// pyrite promises to match.
//
//===----------------------------------------------------------------------===//
#include "ir/types.h"

#include <gtest/gtest.h>

namespace pyrite {
namespace {

using namespace types;

/// Display name or "nullptr", so failures print something readable.
std::string name_of(const Type *t) { return t ? t->display : "nullptr"; }

//===----------------------------------------------------------------------===//
// Interning
//===----------------------------------------------------------------------===//

TEST(Interning, ScalarsAreTheSamePointer) {
  EXPECT_EQ(int64(), integer(64));
  EXPECT_EQ(int64(), integer(64, true));
  EXPECT_EQ(float32(), floating(32));
  EXPECT_EQ(boolean(), boolean());
  EXPECT_EQ(none(), none());
}

TEST(Interning, DistinctScalarsAreDistinct) {
  EXPECT_NE(int64(), int32());
  EXPECT_NE(int64(), integer(64, false));
  EXPECT_NE(float64(), float32());
  EXPECT_NE(int64(), float64());
  EXPECT_NE(boolean(), integer(8));
}

TEST(Interning, CompoundTypesAreTheSamePointer) {
  EXPECT_EQ(array(float64(), 2, 'C'), array(float64(), 2, 'C'));
  EXPECT_EQ(tuple({int64(), float64()}), tuple({int64(), float64()}));
  EXPECT_EQ(tuple({}), tuple({}));
  EXPECT_EQ(module("math"), module("math"));
  EXPECT_EQ(iterator(range_state()), iterator(range_state()));
  EXPECT_EQ(iterable("zip", {int64(), float64()}), iterable("zip", {int64(), float64()}));
  EXPECT_EQ(function("math.sqrt"), function("math.sqrt"));
  EXPECT_EQ(bound_method(array(float64(), 1, 'C'), "sum"),
            bound_method(array(float64(), 1, 'C'), "sum"));
  EXPECT_EQ(number_class(float32()), number_class(float32()));
  EXPECT_EQ(exception("ValueError", "bad"), exception("ValueError", "bad"));
}

TEST(Interning, CompoundTypesDifferInEachField) {
  const Type *base = array(float64(), 2, 'C');
  EXPECT_NE(base, array(float32(), 2, 'C'));
  EXPECT_NE(base, array(float64(), 1, 'C'));
  EXPECT_NE(base, array(float64(), 2, 'A'));
  EXPECT_NE(tuple({int64(), float64()}), tuple({float64(), int64()}));
  EXPECT_NE(tuple({int64()}), tuple({int64(), int64()}));
  EXPECT_NE(module("math"), function("math"));
  EXPECT_NE(iterable("zip", {range_state()}), iterable("enumerate", {range_state()}));
  EXPECT_NE(iterator(array(float64(), 1, 'C')), iterator(array(float64(), 1, 'A')));
  EXPECT_NE(exception("ValueError", "a"), exception("ValueError", "b"));
  EXPECT_NE(exception("ValueError", "a"), exception("TypeError", "a"));
}

TEST(Interning, DispatchersAreKeyedByHandleNotName) {
  int a = 0, b = 0;
  EXPECT_EQ(dispatcher(&a, "f"), dispatcher(&a, "f"));
  EXPECT_NE(dispatcher(&a, "f"), dispatcher(&b, "f"));
  EXPECT_EQ(dispatcher(&a, "f")->display, dispatcher(&b, "f")->display);
}

TEST(Interning, FieldsOfTheInternedType) {
  const Type *t = array(float32(), 3, 'A');
  EXPECT_EQ(t->kind, TypeKind::Array);
  EXPECT_EQ(t->dtype, float32());
  EXPECT_EQ(t->ndim, 3);
  EXPECT_EQ(t->layout, 'A');
  const Type *u = integer(16, false);
  EXPECT_EQ(u->kind, TypeKind::Int);
  EXPECT_EQ(u->bits, 16);
  EXPECT_FALSE(u->is_signed);
}

//===----------------------------------------------------------------------===//
// Display names (as Numba prints them)
//===----------------------------------------------------------------------===//

TEST(Display, Scalars) {
  EXPECT_EQ(int64()->display, "int64");
  EXPECT_EQ(int32()->display, "int32");
  EXPECT_EQ(integer(8)->display, "int8");
  EXPECT_EQ(integer(64, false)->display, "uint64");
  EXPECT_EQ(integer(8, false)->display, "uint8");
  EXPECT_EQ(float32()->display, "float32");
  EXPECT_EQ(float64()->display, "float64");
  EXPECT_EQ(boolean()->display, "bool");
  EXPECT_EQ(none()->display, "none");
}

TEST(Display, Arrays) {
  EXPECT_EQ(array(float64(), 2, 'C')->display, "array(float64, 2d, C)");
  EXPECT_EQ(array(int32(), 1, 'A')->display, "array(int32, 1d, A)");
  EXPECT_EQ(array(boolean(), 3, 'C')->display, "array(bool, 3d, C)");
}

TEST(Display, Tuples) {
  EXPECT_EQ(tuple({int64(), int64()})->display, "UniTuple(int64 x 2)");
  EXPECT_EQ(tuple({int64()})->display, "UniTuple(int64 x 1)");
  EXPECT_EQ(tuple({int64(), float64()})->display, "Tuple(int64, float64)");
  EXPECT_EQ(tuple({})->display, "Tuple()");
  EXPECT_EQ(tuple({array(float64(), 1, 'C'), tuple({int64(), int64()})})->display,
            "Tuple(array(float64, 1d, C), UniTuple(int64 x 2))");
}

TEST(Display, UniformTupleIsAProperty) {
  EXPECT_TRUE(tuple({int64(), int64()})->is_uniform_tuple());
  EXPECT_FALSE(tuple({int64(), int32()})->is_uniform_tuple());
  EXPECT_FALSE(tuple({})->is_uniform_tuple());
  EXPECT_FALSE(int64()->is_uniform_tuple());
}

// Numba 0.68: str(types.range_iter64_type), str(types.ArrayIterator(...)),
// str(types.EnumerateType(...)), str(types.ZipType(...)). Numba's enumerate
// and zip name the iterators of their arguments.
TEST(Display, Iterators) {
  const Type *a = array(float64(), 1, 'C');
  EXPECT_EQ(iterator(a)->display, "iter(array(float64, 1d, C))");
  EXPECT_EQ(iterator(range_state())->display, "range_iter_int64");
  EXPECT_EQ(iterable("enumerate", {a})->display, "enumerate(iter(array(float64, 1d, C)))");
  EXPECT_EQ(iterable("zip", {a, array(int64(), 1, 'A')})->display,
            "zip(iter(array(float64, 1d, C)), iter(array(int64, 1d, A)))");
}

TEST(Display, NonValueTypes) {
  EXPECT_EQ(range_state()->display, "range_state_int64");
  EXPECT_EQ(module("math")->display, "Module(math)");
  EXPECT_EQ(function("math.sqrt")->display, "Function(math.sqrt)");
  EXPECT_EQ(number_class(float32())->display, "class(float32)");
}

//===----------------------------------------------------------------------===//
// yield_type: what a for loop over an iterable binds
//===----------------------------------------------------------------------===//

TEST(YieldType, OfEachIterable) {
  const Type *a1 = array(float64(), 1, 'C'), *a2 = array(float32(), 2, 'A');
  EXPECT_EQ(yield_type(range_state()), int64());
  EXPECT_EQ(yield_type(a1), float64());
  EXPECT_EQ(yield_type(a2), array(float32(), 1, 'A'));
  EXPECT_EQ(yield_type(iterable("enumerate", {a1})), tuple({int64(), float64()}));
  EXPECT_EQ(yield_type(iterable("zip", {range_state(), a1})), tuple({int64(), float64()}));
  EXPECT_EQ(yield_type(iterable("enumerate", {iterable("zip", {a1, a1})})),
            tuple({int64(), tuple({float64(), float64()})}));
}

TEST(YieldType, TuplesOfOneTypeYieldIt) {
  EXPECT_EQ(yield_type(tuple({int64(), int64()})), int64());
  EXPECT_EQ(yield_type(range_state(true)), integer(64, false));
}

TEST(YieldType, NonIterablesAreNull) {
  EXPECT_EQ(yield_type(int64()), nullptr);
  EXPECT_EQ(yield_type(tuple({int64(), float64()})), nullptr);
  EXPECT_EQ(yield_type(tuple({})), nullptr);
  EXPECT_EQ(yield_type(iterable("zip", {range_state(), float64()})), nullptr);
}

//===----------------------------------------------------------------------===//
// parse
//===----------------------------------------------------------------------===//

TEST(Parse, Scalars) {
  EXPECT_EQ(parse("float64"), float64());
  EXPECT_EQ(parse("float32"), float32());
  EXPECT_EQ(parse("int64"), int64());
  EXPECT_EQ(parse("int32"), int32());
  EXPECT_EQ(parse("bool"), boolean());
  EXPECT_EQ(parse("uint8"), integer(8, false));
  EXPECT_EQ(parse("intp"), int64());
  EXPECT_EQ(parse("  float64 "), float64());
}

TEST(Parse, Arrays) {
  EXPECT_EQ(parse("int32[:]"), array(int32(), 1, 'A'));
  EXPECT_EQ(parse("float64[::1]"), array(float64(), 1, 'C'));
  EXPECT_EQ(parse("float64[:, ::1]"), array(float64(), 2, 'C'));
  EXPECT_EQ(parse("float64[:,::1]"), array(float64(), 2, 'C'));
  EXPECT_EQ(parse("float64[:, :]"), array(float64(), 2, 'A'));
  EXPECT_EQ(parse("float32[:, :, ::1]"), array(float32(), 3, 'C'));
  EXPECT_EQ(parse("bool[:]"), array(boolean(), 1, 'A'));
  EXPECT_EQ(parse("float64[::1, :]"), array(float64(), 2, 'F'));
  EXPECT_EQ(parse("float64[::1, :, :]"), array(float64(), 3, 'F'));
}

TEST(Parse, RoundTripsDisplayOfScalars) {
  for (const Type *t : {int64(), int32(), float32(), float64(), boolean(), integer(8),
                        integer(16), integer(64, false)})
    EXPECT_EQ(parse(t->display), t) << t->display;
}

TEST(Parse, InvalidTextIsNull) {
  for (const char *text :
       {"", "   ", "float128", "Float64", "int", "float64[", "float64]", "float64[]",
        "float64[:,]", "float64[,:]", "float64[::1]x", "float64[::2]", "float64[:]x",
        "[:]", "none[:]", "float64[:][:]", "array(float64, 1d, C)"})
    EXPECT_EQ(parse(text), nullptr) << "'" << text << "' parsed as " << name_of(parse(text));
}

//===----------------------------------------------------------------------===//
// unify: the type of a local that several values are stored to
//===----------------------------------------------------------------------===//

TEST(Unify, IdenticalTypes) {
  EXPECT_EQ(unify(int64(), int64()), int64());
  EXPECT_EQ(unify(boolean(), boolean()), boolean());
  EXPECT_EQ(unify(int32(), int32()), int32());
  EXPECT_EQ(unify(array(float64(), 1, 'C'), array(float64(), 1, 'C')),
            array(float64(), 1, 'C'));
}

TEST(Unify, Numbers) {
  EXPECT_EQ(unify(int64(), float64()), float64());
  EXPECT_EQ(unify(float64(), int64()), float64());
  EXPECT_EQ(unify(int32(), int64()), int64());
  EXPECT_EQ(unify(boolean(), int64()), int64());
  EXPECT_EQ(unify(float32(), float64()), float64());
  // Numba: an integer and a float32 unify to float64.
  EXPECT_EQ(unify(int32(), float32()), float64());
}

TEST(CanCast, SameKindAsNumPy) {
  // np.can_cast(from, to, 'same_kind') on NumPy 2.
  const Type *u8 = integer(8, false), *i8 = integer(8), *u64 = integer(64, false);
  EXPECT_TRUE(can_cast_same_kind(boolean(), u8));
  EXPECT_TRUE(can_cast_same_kind(float64(), float32()));
  EXPECT_TRUE(can_cast_same_kind(int64(), i8));
  EXPECT_TRUE(can_cast_same_kind(u64, i8));
  EXPECT_TRUE(can_cast_same_kind(int64(), float32()));
  EXPECT_FALSE(can_cast_same_kind(int64(), u8));
  EXPECT_FALSE(can_cast_same_kind(i8, u64));
  EXPECT_FALSE(can_cast_same_kind(float64(), int64()));
  EXPECT_FALSE(can_cast_same_kind(int64(), boolean()));
}

TEST(Unify, MixedSignednessIntegersPromoteAsNumPy) {
  // Numba 0.68: unify_types(int8, uint8) is int16, (int32, uint32) int64,
  // (int64, uint64) float64; same signedness takes the wider.
  EXPECT_EQ(unify(integer(8), integer(8, false)), integer(16));
  EXPECT_EQ(unify(int32(), integer(32, false)), int64());
  EXPECT_EQ(unify(int64(), integer(64, false)), float64());
  EXPECT_EQ(unify(integer(8), integer(16)), integer(16));
  EXPECT_EQ(unify(integer(16, false), integer(64, false)), integer(64, false));
}

TEST(Unify, IteratorsUnifyTheirIterables) {
  const Type *c = array(float64(), 1, 'C'), *a = array(float64(), 1, 'A');
  EXPECT_EQ(unify(iterator(c), iterator(a)), iterator(a));
  EXPECT_EQ(unify(iterable("enumerate", {c}), iterable("enumerate", {a})),
            iterable("enumerate", {a}));
  EXPECT_EQ(unify(iterable("zip", {c}), iterable("enumerate", {c})), nullptr);
}

TEST(Unify, NullIsTheIdentity) {
  // The typer starts locals and the return type at "not yet known".
  EXPECT_EQ(unify(nullptr, int64()), int64());
  EXPECT_EQ(unify(float64(), nullptr), float64());
}

TEST(Unify, ArraysOfDifferentLayoutGiveA) {
  EXPECT_EQ(unify(array(float64(), 1, 'C'), array(float64(), 1, 'A')),
            array(float64(), 1, 'A'));
  EXPECT_EQ(unify(array(float64(), 2, 'A'), array(float64(), 2, 'C')),
            array(float64(), 2, 'A'));
}

TEST(Unify, TuplesElementwise) {
  EXPECT_EQ(unify(tuple({int64(), int64()}), tuple({int64(), float64()})),
            tuple({int64(), float64()}));
  EXPECT_EQ(unify(tuple({int64(), int64()}), tuple({int64()})), nullptr);
  EXPECT_EQ(unify(tuple({int64()}), tuple({array(float64(), 1, 'C')})), nullptr);
}

TEST(Unify, MismatchedIsNull) {
  EXPECT_EQ(unify(array(float64(), 1, 'C'), array(float32(), 1, 'C')), nullptr);
  EXPECT_EQ(unify(array(float64(), 1, 'C'), array(float64(), 2, 'C')), nullptr);
  EXPECT_EQ(unify(array(float64(), 1, 'C'), float64()), nullptr);
  EXPECT_EQ(unify(int64(), tuple({int64()})), nullptr);
  EXPECT_EQ(unify(none(), range_state()), nullptr); // no Optional range objects
  EXPECT_EQ(unify(none(), array(float64(), 1, 'C')), optional(array(float64(), 1, 'C')));
  EXPECT_EQ(unify(list(int64()), list(float64())), nullptr); // lists are mutable
  EXPECT_EQ(unify(list(nullptr), list(int64())), list(int64()));
  EXPECT_EQ(unify(string_literal("a"), string_literal("b")), unicode());
  EXPECT_EQ(unify(range_state(), int64()), nullptr);
  EXPECT_EQ(unify(iterator(range_state()), iterator(array(float64(), 1, 'C'))), nullptr);
  EXPECT_EQ(unify(module("math"), module("numpy")), nullptr);
}

// None meets a value: OptionalType(value), as in Numba; the value part
// unifies as values do.
TEST(Unify, NoneAndAValueAreOptional) {
  EXPECT_EQ(unify(none(), int64()), optional(int64()));
  EXPECT_EQ(unify(float64(), none()), optional(float64()));
  EXPECT_EQ(unify(optional(int64()), float64()), optional(float64()));
  EXPECT_EQ(unify(optional(int64()), none()), optional(int64()));
  EXPECT_EQ(unify(optional(int32()), optional(float32())), optional(float64()));
  EXPECT_EQ(optional(optional(int64())), optional(int64()));
  EXPECT_EQ(optional(int64())->display, "OptionalType(int64)");
  EXPECT_EQ(strip_optional(optional(boolean())), boolean());
}

//===----------------------------------------------------------------------===//
// promote_arith: NumPy's promotion, integers at least int64
//===----------------------------------------------------------------------===//

TEST(PromoteArith, IntegersComputeAtInt64) {
  EXPECT_EQ(promote_arith(int32(), int32()), int64());
  EXPECT_EQ(promote_arith(integer(8), integer(16)), int64());
  EXPECT_EQ(promote_arith(int64(), int32()), int64());
  EXPECT_EQ(promote_arith(boolean(), boolean()), int64());
  EXPECT_EQ(promote_arith(boolean(), int32()), int64());
}

TEST(PromoteArith, Float32KeepsSmallIntegers) {
  EXPECT_EQ(promote_arith(float32(), float32()), float32());
  EXPECT_EQ(promote_arith(float32(), integer(16)), float32());
  EXPECT_EQ(promote_arith(integer(8), float32()), float32());
  EXPECT_EQ(promote_arith(float32(), boolean()), float32());
}

TEST(PromoteArith, Float32WithWideIntegersIsFloat64) {
  EXPECT_EQ(promote_arith(float32(), int32()), float64());
  EXPECT_EQ(promote_arith(int64(), float32()), float64());
  EXPECT_EQ(promote_arith(float32(), float64()), float64());
  EXPECT_EQ(promote_arith(float64(), int64()), float64());
}

TEST(PromoteArith, Unsigned64) {
  EXPECT_EQ(promote_arith(integer(64, false), integer(64, false)), integer(64, false));
  // Numba 0.68: (uint64, int64) -> int64.
  EXPECT_EQ(promote_arith(integer(64, false), int64()), int64());
}

// Numba computes unsigned-only arithmetic at uint64 (its machine ints are
// int64 and uint64; `resolve_function_type(operator.add, (uint32, uint32))`
// is (uint64, uint64) -> uint64), so np.uint32(0) - np.uint32(1) is
// 18446744073709551615 in Numba.
TEST(PromoteArith, UnsignedOnlyComputesAtUint64) {
  EXPECT_EQ(name_of(promote_arith(integer(32, false), integer(32, false))), "uint64");
  EXPECT_EQ(name_of(promote_arith(integer(64, false), integer(32, false))), "uint64");
  EXPECT_EQ(name_of(promote_arith(integer(8, false), integer(8, false))), "uint64");
}

TEST(PromoteArith, NonNumbersAreNull) {
  EXPECT_EQ(promote_arith(array(float64(), 1, 'C'), float64()), nullptr);
  EXPECT_EQ(promote_arith(int64(), tuple({int64()})), nullptr);
  EXPECT_EQ(promote_arith(none(), int64()), nullptr);
}

} // namespace
} // namespace pyrite
