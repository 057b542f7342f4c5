//===- ir/exception_classes.cpp - the chains of bases raised exceptions carry -===//
//
/// \file
/// A raised exception carries its class's chain of bases ("KeyError;
/// LookupError;Exception;BaseException"), so that a handler compiled
/// anywhere can test `except LookupError` against an exception raised
/// anywhere else without asking Python (pyrite_rt.h). CPython's builtin
/// classes come from exception_classes.def; the Python layer describes the
/// others with their chain when it resolves them (pyrite/_resolve.py).
//
//===----------------------------------------------------------------------===//
#include "ir/types.h"

#include <map>
#include <mutex>

namespace pyrite::types {
namespace {

struct ExceptionBase {
  const char *name, *base;
};
constexpr ExceptionBase kBuiltinExceptions[] = {
#define PYRITE_EXCEPTION_CLASS(name, base) {#name, #base},
#include "ir/exception_classes.def"
};

const char *builtin_base(const std::string &name) {
  for (const ExceptionBase &e : kBuiltinExceptions)
    if (name == e.name)
      return e.base;
  return nullptr;
}

std::mutex g_chains_mutex;
std::map<std::string, std::string> &described_chains() {
  static std::map<std::string, std::string> chains;
  return chains;
}

} // namespace

void remember_exception_chain(const std::string &name, const std::string &chain) {
  std::lock_guard<std::mutex> lock(g_chains_mutex);
  described_chains()[name] = chain;
}

std::string exception_chain(const std::string &name) {
  {
    std::lock_guard<std::mutex> lock(g_chains_mutex);
    auto it = described_chains().find(name);
    if (it != described_chains().end())
      return it->second;
  }
  if (name == "numpy.exceptions.AxisError") // what lowering raises on a bad axis
    return name + ";ValueError;IndexError;LookupError;Exception;BaseException";
  std::string chain = name;
  std::string at = name;
  if (!builtin_base(at) && at != "BaseException")
    at = "Exception", chain += ";Exception";
  while (const char *base = builtin_base(at)) {
    chain += ";";
    chain += base;
    at = base;
  }
  return chain;
}

} // namespace pyrite::types
