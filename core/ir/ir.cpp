//===- ir/ir.cpp - names and the printable form of the IR -----------------===//
#include "ir/ir.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace pyrite::ir {

std::string Constant::repr() const {
  switch (kind) {
  case Kind::None: return "None";
  case Kind::Ellipsis: return "Ellipsis";
  case Kind::Bool: return i ? "True" : "False";
  case Kind::Int: return std::to_string(i);
  case Kind::UInt: return std::to_string(uint64_t(i));
  case Kind::Float: {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", f);
    std::string s = buf;
    if (s.find_first_of(".einn") == std::string::npos)
      s += ".0";
    return s;
  }
  case Kind::Complex: {
    char buf[80];
    std::snprintf(buf, sizeof buf, "(%.17g%+.17gj)", f, imag);
    return buf;
  }
  case Kind::Str: return "'" + s + "'";
  case Kind::Datetime:
  case Kind::Timedelta: // as NumPy's repr, with the count rather than the date
    return std::string(kind == Kind::Datetime ? "numpy.datetime64(" : "numpy.timedelta64(") +
           std::to_string(i) + (s.empty() ? ")" : ", '" + s + "')");
  case Kind::Tuple: {
    std::string out = "(";
    for (size_t k = 0; k < items.size(); ++k)
      out += (k ? ", " : "") + items[k].repr();
    return out + (items.size() == 1 ? ",)" : ")");
  }
  case Kind::Array: {
    std::string dims;
    for (size_t k = 0; k < shape.size(); ++k)
      dims += (k ? ", " : "") + std::to_string(shape[k]);
    return "frozen array(shape=(" + dims + (shape.size() == 1 ? ",))" : "))");
  }
  case Kind::Other: return s;
  }
  return "?";
}

const char *opcode_name(Opcode op) {
  static const char *names[] = {
      "const",   "global",   "load",     "store",   "del",        "binop",
      "compare", "unary",    "getattr",  "call",    "getitem",    "setitem",
      "tuple",   "extract",  "getiter",  "iternext", "slice", "makefunction", "yield", "jump",      "branch",
      "foriter", "return",   "raise"};
  return names[static_cast<int>(op)];
}

const char *binary_op_symbol(BinaryOp op) {
  static const char *s[] = {"+", "&", "//", "<<", "@", "*", "%",
                            "|", "**", ">>", "-", "/", "^"};
  return s[static_cast<int>(op)];
}

const char *compare_op_symbol(CompareOp op) {
  static const char *s[] = {"<", "<=", "==", "!=", ">", ">=", "is", "is not", "in", "not in"};
  return s[static_cast<int>(op)];
}

const char *unary_op_symbol(UnaryOp op) {
  static const char *s[] = {"-", "+", "not", "~"};
  return s[static_cast<int>(op)];
}

const Type *TypeMap::local(const std::string &name) const {
  for (const auto &[n, t] : locals)
    if (n == name)
      return t;
  return nullptr;
}

namespace {

std::string value_list(const std::vector<int> &args, size_t from = 0) {
  std::string s;
  for (size_t k = from; k < args.size(); ++k)
    s += (k > from ? ", %" : "%") + std::to_string(args[k]);
  return s;
}

std::string describe(const Inst &in) {
  std::ostringstream os;
  switch (in.op) {
  case Opcode::Const: os << "const " << in.constant.repr(); break;
  case Opcode::Global: os << "global " << in.name; break;
  case Opcode::LoadLocal: os << "load " << in.name; break;
  case Opcode::StoreLocal: os << "store " << in.name << " = %" << in.args[0]; break;
  case Opcode::DelLocal: os << "del " << in.name; break;
  case Opcode::BinOp:
    os << "%" << in.args[0] << " " << binary_op_symbol(BinaryOp(in.sub))
       << (in.inplace ? "= %" : " %") << in.args[1];
    break;
  case Opcode::Compare:
    os << "%" << in.args[0] << " " << compare_op_symbol(CompareOp(in.sub)) << " %"
       << in.args[1];
    break;
  case Opcode::Unary: os << unary_op_symbol(UnaryOp(in.sub)) << " %" << in.args[0]; break;
  case Opcode::GetAttr: os << "getattr %" << in.args[0] << "." << in.name; break;
  case Opcode::Call: {
    os << "call %" << in.args[0] << "(" << value_list(in.args, 1);
    if (in.sub == 1)
      os << " (spread)";
    for (const auto &k : in.kwnames)
      os << ", kw:" << k;
    os << ")";
    break;
  }
  case Opcode::GetItem: os << "getitem %" << in.args[0] << "[%" << in.args[1] << "]"; break;
  case Opcode::SetItem:
    os << "setitem %" << in.args[0] << "[%" << in.args[1] << "] = %" << in.args[2];
    break;
  case Opcode::BuildTuple: os << "tuple(" << value_list(in.args) << ")"; break;
  case Opcode::ExtractItem: os << "extract %" << in.args[0] << "[" << in.sub << "]"; break;
  case Opcode::GetIter: os << "getiter %" << in.args[0]; break;
  case Opcode::BuildSlice: os << "slice(" << value_list(in.args) << ")"; break;
  case Opcode::IterNext: os << "iternext %" << in.args[0]; break;
  case Opcode::Yield: os << "yield %" << in.args[0]; break;
  case Opcode::MakeFunction:
    os << "makefunction " << in.name << "(" << value_list(in.args) << ")"
       << (in.sub ? " with defaults" : "");
    break;
  case Opcode::Jump: os << "jump block" << in.targets[0]; break;
  case Opcode::Branch:
    os << "branch %" << in.args[0] << " ? block" << in.targets[0] << " : block"
       << in.targets[1];
    break;
  case Opcode::ForIter:
    os << "foriter %" << in.args[0] << " ? block" << in.targets[0] << " : block"
       << in.targets[1];
    break;
  case Opcode::Return: os << "return %" << in.args[0]; break;
  case Opcode::Raise: os << (in.sub ? "reraise %" : "raise %") << in.args[0]; break;
  }
  return os.str();
}

} // namespace

std::vector<int> successors(const Block &b) {
  std::vector<int> out;
  auto add = [&](int t) {
    if (t >= 0 && std::find(out.begin(), out.end(), t) == out.end())
      out.push_back(t);
  };
  if (!b.insts.empty() && b.insts.back().is_terminator())
    for (int t : b.insts.back().targets)
      add(t);
  add(b.handler);
  return out;
}

std::string print(const Function &fn, const TypeMap *types) {
  std::ostringstream os;
  os << "function " << fn.qualname << "(";
  for (size_t k = 0; k < fn.arg_names.size(); ++k)
    os << (k ? ", " : "") << fn.arg_names[k];
  os << ")";
  if (types && types->return_type)
    os << " -> " << types->return_type->display;
  os << "\n";
  if (types)
    for (const auto &[name, t] : types->locals)
      os << "  local " << name << " :: " << (t ? t->display : "?") << "\n";
  for (const Block &b : fn.blocks) {
    os << "block" << b.id;
    if (b.handler >= 0)
      os << " (except: block" << b.handler << ")";
    os << ":\n";
    for (const Inst &in : b.insts) {
      std::string line = "  ";
      if (in.result >= 0)
        line += "%" + std::to_string(in.result) + " = ";
      line += describe(in);
      if (types && in.result >= 0 && types->values[in.result])
        line += " :: " + types->values[in.result]->display;
      if (in.pos.line > 0) {
        if (line.size() < 48)
          line.resize(48, ' ');
        line += "  # L" + std::to_string(in.pos.line);
      }
      os << line << "\n";
    }
  }
  return os.str();
}

} // namespace pyrite::ir
