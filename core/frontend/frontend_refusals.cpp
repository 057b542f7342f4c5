//===- frontend/frontend_refusals.cpp - what the frontend refuses, and why ---===//
#include "frontend/builder.h"

#include "support/diagnostics.h"

#include <algorithm>

namespace pyrite::frontend {
namespace detail {

std::string Builder::describe_constant(const ir::Constant &c) {
  const std::string prefix = "<code object ";
  if (c.s.rfind(prefix, 0) != 0)
    return "constant " + c.s + " is not supported";
  std::string name = c.s.substr(prefix.size(), c.s.find(' ', prefix.size()) - prefix.size());
  if (name == "<listcomp>" || name == "<dictcomp>" ||
      name == "<setcomp>") // inlined where called; else refused
    return "a comprehension's function used other than by calling it in place";
  if (name == "<genexpr>")
    return "generator expressions are not supported yet";
  return "inner functions and lambdas are not supported (" + name + ")";
}

std::string Builder::describe_unsupported(const Instruction &in) {
  std::string op(in.opname);
  if (op == "END_FOR")
    return "list/set/dict comprehensions are not supported yet (bytecode " + op + ")";
  if (op == "MAKE_FUNCTION" || op == "LOAD_CLOSURE" || op == "MAKE_CELL" ||
      op == "COPY_FREE_VARS")
    return "inner functions and lambdas are not supported (bytecode " + op + ")";
  if (op == "LOAD_DEREF" || op == "STORE_DEREF")
    return "closure variables are not supported (bytecode " + op + ")";
  if (op == "STORE_GLOBAL")
    return "assigning to a global variable is not supported";
  if (op == "DELETE_ATTR")
    return "deleting attributes (`del obj.x`) is not supported: a @jitclass's attributes "
           "are fixed by its spec";
  if (op == "BUILD_LIST" || op == "LIST_EXTEND")
    return "lists are not supported yet, beyond np.array([...]) and `x in [...]` (bytecode " +
           op + ")";
  if (op == "GET_YIELD_FROM_ITER" || op == "SEND")
    return "`yield from` is not supported yet (generators with `yield` are)";
  if (op == "DICT_MERGE")
    return "f(**d) is not supported: pass the arguments by name";
  if (op == "CHECK_EG_MATCH" || op == "PREP_RERAISE_STAR" ||
      (op == "CALL_INTRINSIC_1" && in.arg == 9)) // 3.12+: INTRINSIC_PREP_RERAISE_STAR
    return "`except*` (exception groups) is not supported";
  if (op == "BEFORE_WITH")
    return "`with` statements are not supported (numba.objmode blocks included: pyrite "
           "compiles nopython code only)";
  if (op == "SET_FUNCTION_ATTRIBUTE")
    return "inner functions and lambdas are not supported (bytecode " + op + ")";
  // CALL_INTRINSIC_1 6 is INTRINSIC_LIST_TO_TUPLE: f(*[...]) in 3.12+.
  return "bytecode " + op + " is not supported";
}

} // namespace detail

} // namespace pyrite::frontend
