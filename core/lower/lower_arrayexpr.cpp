//===- lower/lower_arrayexpr.cpp - operators and ufuncs over arrays -------===//
//
// `a + b`, `x < 0.5`, `-a`, `np.sqrt(a)`: one loop nest over the broadcast
// shape that reads each operand (arrays at any stride, dimensions of 1
// repeated, scalars as they are), applies the scalar operation and writes a
// new C-contiguous array. Each expression allocates its result; fusing
// chains of them into one loop is a later pass.
//
//===----------------------------------------------------------------------===//
#include "lower/lowering.h"

namespace pyrite::lower {

using llvm::Value;

llvm::Value *FunctionLowering::array_expression(const ir::Inst &in, const ElementFn &f) {
  const typing::Resolution *r = tf_.resolution(in.result);
  std::vector<std::pair<Value *, const Type *>> inputs;
  std::vector<const Type *> element_types;
  size_t first = in.op == ir::Opcode::Call ? 1 : 0;
  for (size_t k = first; k < in.args.size(); ++k) {
    const Type *t = type_of(in.args[k]);
    inputs.emplace_back(value(in.args[k]), t);
    size_t p = k - first;
    element_types.push_back(r && p < r->param_types.size() ? r->param_types[p]
                                                            : (t->is_array() ? t->dtype : t));
  }
  // Operators' results are new references like calls' (lower_inst releases
  // calls' at the block's end; operators register theirs as soon as they
  // exist, so an exception inside the loop releases them too).
  return broadcast(inputs, element_types, type_of(in.result), f, in.op != ir::Opcode::Call);
}

llvm::Value *FunctionLowering::broadcast(
    const std::vector<std::pair<Value *, const Type *>> &inputs,
    const std::vector<const Type *> &element_types, const Type *out_t, const ElementFn &f,
    bool register_temp) {
  int n = out_t->ndim;
  // The broadcast shape: per dimension (aligned right) the size that is not 1.
  std::vector<Value *> shape(n);
  Value *mismatch = b_.getInt1(false);
  auto dim_of = [&](const std::pair<Value *, const Type *> &in, int d) -> Value * {
    int offset = n - in.second->ndim;
    return d < offset ? nullptr : b_.CreateExtractValue(in.first, {kShape, unsigned(d - offset)});
  };
  for (int d = 0; d < n; ++d) {
    Value *size = i64(1);
    for (const auto &in : inputs)
      if (in.second->is_array())
        if (Value *dim = dim_of(in, d))
          size = b_.CreateSelect(b_.CreateICmpNE(dim, i64(1)), dim, size);
    for (const auto &in : inputs)
      if (in.second->is_array())
        if (Value *dim = dim_of(in, d))
          mismatch = b_.CreateOr(mismatch, b_.CreateAnd(b_.CreateICmpNE(dim, i64(1)),
                                                        b_.CreateICmpNE(dim, size)));
    shape[d] = size;
  }
  raise_if(mismatch, "ValueError", "operands could not be broadcast together");
  Value *out = allocate_array(out_t, shape);
  if (register_temp)
    temps_.emplace_back(out, out_t);
  for_each_index(shape, [&](const std::vector<Value *> &idx) {
    std::vector<Value *> elements;
    for (size_t k = 0; k < inputs.size(); ++k) {
      auto [v, t] = inputs[k];
      if (!t->is_array()) {
        elements.push_back(convert(v, t, element_types[k]));
        continue;
      }
      std::vector<Value *> at;
      for (int d = n - t->ndim; d < n; ++d) {
        Value *dim = b_.CreateExtractValue(v, {kShape, unsigned(d - (n - t->ndim))});
        at.push_back(b_.CreateSelect(b_.CreateICmpEQ(dim, i64(1)), i64(0), idx[d]));
      }
      Value *e = b_.CreateLoad(m_.memory_type(t->dtype), element_pointer(v, t, at));
      if (t->dtype->is_bool())
        e = b_.CreateTrunc(e, b_.getInt1Ty());
      elements.push_back(convert(e, t->dtype, element_types[k]));
    }
    Value *result = f(elements);
    if (out_t->dtype->is_bool())
      result = b_.CreateZExt(result, b_.getInt8Ty());
    b_.CreateStore(result, element_pointer(out, out_t, idx));
  });
  return out;
}

} // namespace pyrite::lower
