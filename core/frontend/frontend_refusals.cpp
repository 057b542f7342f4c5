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
  if (op == "STORE_ATTR" || op == "DELETE_ATTR")
    return "assigning attributes (`obj.x = ...`) is not supported: objects with fields "
           "need @jitclass, which pyrite does not support yet";
  if (op == "BUILD_LIST" || op == "LIST_EXTEND")
    return "lists are not supported yet, beyond np.array([...]) and `x in [...]` (bytecode " +
           op + ")";
  if (op == "GET_YIELD_FROM_ITER" || op == "SEND")
    return "`yield from` is not supported yet (generators with `yield` are)";
  if (op == "DICT_MERGE")
    return "f(**d) is not supported: pass the arguments by name";
  if (op == "PUSH_EXC_INFO" || op == "CHECK_EXC_MATCH" || op == "SETUP_FINALLY")
    return "try/except is not supported";
  if (op == "BEFORE_WITH")
    return "`with` statements are not supported (numba.objmode blocks included: pyrite "
           "compiles nopython code only)";
  if (op == "SET_FUNCTION_ATTRIBUTE")
    return "inner functions and lambdas are not supported (bytecode " + op + ")";
  // CALL_INTRINSIC_1 6 is INTRINSIC_LIST_TO_TUPLE: f(*[...]) in 3.12+.
  return "bytecode " + op + " is not supported";
}

std::vector<std::array<uint32_t, 3>> Builder::exception_entries() const {
  const std::string &table = code_.exception_table;
  size_t k = 0;
  auto varint = [&] {
    uint32_t v = 0;
    while (k < table.size()) {
      auto byte = static_cast<unsigned char>(table[k++]);
      v = (v << 6) | (byte & 63);
      if (!(byte & 64))
        break;
    }
    return v;
  };
  std::vector<std::array<uint32_t, 3>> out;
  while (k < table.size()) {
    uint32_t start = varint(), length = varint(), target = varint();
    varint(); // depth << 1 | lasti
    out.push_back({2 * start, 2 * (start + length), 2 * target});
  }
  return out;
}

bool Builder::is_generator_stop_handler(uint32_t handler) const {
  auto it = std::find_if(insts_.begin(), insts_.end(),
                         [&](const Instruction &i) { return i.offset == handler; });
  return it != insts_.end() && it->opname == "CALL_INTRINSIC_1" && it->arg == 3 &&
         ++it != insts_.end() && it->opname == "RERAISE";
}

bool Builder::is_comprehension_cleanup(uint32_t handler) const {
  auto it = std::find_if(insts_.begin(), insts_.end(),
                         [&](const Instruction &i) { return i.offset == handler; });
  if (it == insts_.end() || it->opname != "SWAP" || ++it == insts_.end() ||
      it->opname != "POP_TOP")
    return false;
  for (++it; it != insts_.end(); ++it) {
    if (it->opname == "RERAISE")
      return true;
    if (it->opname != "SWAP" && it->op != Op::STORE_FAST)
      return false;
  }
  return false;
}

void Builder::reject_exception_handling() {
  for (const auto &[start, end, handler] : exception_entries()) {
    if (is_comprehension_cleanup(handler) || is_generator_stop_handler(handler))
      continue;
    bytecode::Position where{code_.bytes.first_line, -1, -1, -1};
    for (const Instruction &in : insts_)
      if (in.offset >= start && in.pos.line > 0) {
        where = in.pos;
        break;
      }
    unsupported("try/except, try/finally and `with` are not supported yet (numba.objmode "
                "blocks included: pyrite compiles nopython code only)",
                where);
  }
}

} // namespace detail

} // namespace pyrite::frontend
