//===- typing/builtins_internal.h - what the builtins' files share -------===//
//
/// \file
/// Private to typing/builtins.cpp and typing/builtins_numpy.cpp: a few type
/// helpers and the NumPy families' signatures, which builtins.cpp reaches
/// through the table of builtins.def.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "typing/typer.h"

#include <string>
#include <vector>

namespace pyrite::typing::builtins_detail {

const Type *dtype_of(const Type *t);
bool all_numbers(const std::vector<const Type *> &args);
bool all_ints(const std::vector<const Type *> &args);
const Type *math_float(const Type *t);
/// The math module's functions (family Math).
const Type *type_math(const std::string &fn, const std::vector<const Type *> &args,
                      Resolution &out);

const Type *type_numpy_scalar_math(const std::string &fn, const std::vector<const Type *> &args,
                                   Resolution &out);
const Type *type_numpy_float_ufunc(const std::string &fn, const std::vector<const Type *> &args,
                                   Resolution &out);
const Type *type_numpy_fill(const std::string &fn, const std::vector<const Type *> &args,
                            Resolution &out, std::string &why);
const Type *type_numpy_array(const std::string &fn, const std::vector<const Type *> &args,
                             Resolution &out, std::string &why);
const Type *type_numpy_abs(const std::vector<const Type *> &args, Resolution &out);
/// Whether NumPy makes an element of `dtype` from a number of type `value`
/// (np.ones, np.full, np.array of numbers): not a text element, and a
/// datetime64/timedelta64 only from an integer count of a known unit.
bool number_fills(const Type *value, const Type *dtype);
const Type *type_numpy_alloc(const std::vector<const Type *> &args,
                             const std::vector<std::string> &kwnames, Resolution &out,
                             std::string &why);
const Type *transposed(const Type *a);
const Type *type_reshape(const Type *self, const std::vector<const Type *> &args, Resolution &out,
                         std::string &why);
const Type *type_array_method(const Type *self, const std::string &name,
                              const std::vector<const Type *> &args, Resolution &out,
                              std::string &why);

} // namespace pyrite::typing::builtins_detail
