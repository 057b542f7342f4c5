"""The C++ that builds LLVM IR never passes two IR-emitting calls as
arguments of one call: C++ leaves their order unspecified (gcc evaluates
right to left, clang left to right), so the IR would depend on the compiler
that built pyrite. tools/check_eval_order.py finds such calls."""
import importlib.util
import os

import pytest

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def _tool():
    path = os.path.join(ROOT, "tools", "check_eval_order.py")
    spec = importlib.util.spec_from_file_location("check_eval_order", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_unordered_emitting_arguments():
    tool = _tool()
    files = tool.default_files()
    lowering = [f for f in files if os.sep + os.path.join("core", "lower") + os.sep in f]
    assert len(lowering) >= 9, f"the lowering sources were not found: {files}"
    found = tool.check_files(files)
    assert not found, ("calls with two or more IR-emitting arguments (compute them into named "
                       "locals first):\n" + "\n".join(tool.format_finding(f) for f in found))


@pytest.mark.parametrize("code", [
    "b_.CreateSelect(b_.CreateICmpSLT(x, i64(0)), b_.CreateAdd(x, n), x);",
    "b_.CreateStore(b_.CreateExtractValue(v, k), b_.CreateStructGEP(st, p, k));",
    "b.CreateAnd(b.CreateFCmpOGE(v, lo), b.CreateFCmpOLT(v, hi));",
    "scalar_binop(op, operand(in, 0, r), operand(in, 1, r), t);",
    "b_.CreateCall(m_.runtime(\"pyrite_incref\"), {b_.CreateExtractValue(v, kMemInfo)});",
    "store_result(f(elements), element_pointer(out, out_t, idx));",
    "b_.CreateSelect(c, count(a, b, s), b_.CreateNeg(s));",
])
def test_finds_unordered_emitting_arguments(code):
    found = _tool().check_source("void g() {\n  " + code + "\n}\n")
    assert [f[1] for f in found] == [2], found


@pytest.mark.parametrize("code", [
    # one emitting argument, the others constants, types or plain values
    "b_.CreateSelect(b_.CreateICmpSLT(x, i64(0)), wrapped, x);",
    "b_.CreateCall(m_.runtime(\"pyrite_random_double\"), {b_.getInt32(rng_stream(name))});",
    "raise_if(b_.CreateICmpUGE(i, dim), \"IndexError\", \"axis \" + std::to_string(k), {i, dim});",
    "convert(fp_const(types::float64(), c.f), types::float64(), t);",
    "b_.CreateMemSet(b_.CreateExtractValue(arr, kData), b_.getInt8(0), n, llvm::MaybeAlign(8));",
    "i->addIncoming(b_.CreateAdd(i, i64(1)), b_.GetInsertBlock());",
    "b_.CreateCondBr(b_.CreateICmpNE(s, b_.getInt32(0)), fail, ok,"
    " llvm::MDBuilder(m_.context).createUnlikelyBranchWeights());",
    "unaliased(value(in.args[1]), it, value(in.args[0]), obj);",
    # a braced list is evaluated in order; a lambda runs later, in the callee
    "std::vector<Value *> args = {global_string(cls), global_string(message)};",
    "for_each_index({b_.CreateExtractValue(a, kNItems)}, [&](const std::vector<Value *> &i) {"
    " body(b_.CreateLoad(t, p), i[0]); });",
    # comments and strings are not code
    "f(x, y); // b_.CreateAdd(a, b), b_.CreateSub(a, b)",
    "f(\"b_.CreateAdd(a, b)\", \"b_.CreateSub(a, b)\");",
])
def test_ignores_ordered_or_pure_arguments(code):
    assert _tool().check_source("void g() {\n  " + code + "\n}\n") == []
