"""Exceptions in kernels: @cuda.jit(debug=True) and boundscheck=True.

Without a GPU: the PTX of a reporting kernel (the hidden record parameter,
the compare-and-swap that lets the first raising thread write the record,
the thread's `exit`), ptxas on it for each architecture, and the host's
reading of a record (pyrite/cuda/_kernel_errors.py) from bytes laid out as
core/lower/lower_kernel_errors.cpp writes them. test_cuda_gpu.py's cases
raise on a device.
"""
import re
import struct

import numpy as np
import pytest

from pyrite import cuda
from pyrite.cuda import _kernel_errors

from test_cuda_ptx import ARCHES, assemble, pytestmark  # noqa: F401 (the skip)


def record(cls, message, values=(), thread=(0, 0, 0), block=(0, 0, 0), line=0,
           function="", raised=True):
    """A record's bytes, as a raising thread writes them."""
    head = struct.pack("<Ii3q3I3I", (1 + len(values)) if raised else 0, line,
                       *(tuple(values) + (0,) * (3 - len(values))), *thread, *block)
    return (head + cls.encode().ljust(40, b"\0") + function.encode().ljust(32, b"\0") +
            message.encode().ljust(128, b"\0"))


def record_from_ptx(ptx):
    """The record a kernel's one raise site writes, from its PTX: the
    constant stores at their offsets (what comes from registers, the values
    and the thread and block numbers, stays 0). This checks the writer's
    layout (core/lower/lower_kernel_errors.cpp) against the reader's."""
    raw = bytearray(_kernel_errors.RECORD_BYTES)
    stores = re.findall(r"st\.global\.b(32|64)\s+\[%rd\d+(?:\+(\d+))?\],\s*(-?\d+);", ptx)
    assert stores, "no constant stores into the record"
    for bits, offset, value in stores:
        size = int(bits) // 8
        raw[int(offset or 0):int(offset or 0) + size] = (int(value) % (1 << int(bits))).to_bytes(
            size, "little")
    return bytes(raw)


def test_reporting_kernel_takes_the_record_and_writes_it_once():
    def k(x, i):
        x[i] = 1.0

    plain = cuda.jit(k)
    checked = cuda.jit(boundscheck=True)(k)
    sig = "void(float64[:], int64)"
    plain.compile(sig)
    checked.compile(sig)
    plain_ptx = plain.inspect_asm(tuple(cuda._dispatcher.signature_types(sig)))
    ptx = checked.inspect_asm(tuple(cuda._dispatcher.signature_types(sig)))
    assert len(re.findall(r"_param_\d+[,\n)]", ptx)) == len(re.findall(r"_param_\d+[,\n)]",
                                                                          plain_ptx)) + 1
    assert re.search(r"atom\.[\w.]*cas\.b32", ptx)           # the first thread wins
    assert re.search(r"^\s*exit;", ptx, re.M)               # then the thread ends
    assert "%tid.x" in ptx and "%ctaid.x" in ptx             # who raised
    assert "atom" not in plain_ptx and "exit;" not in plain_ptx  # no check without it


@pytest.mark.parametrize("cc", ARCHES)
def test_reporting_kernels_assemble(cc, tmp_path):
    def k(x, y):
        i = cuda.grid(1)
        if y[i] < 0:
            raise ValueError("negative")
        x[i, i] = y[i - 1]

    ptx, _ = cuda.compile_ptx(k, "void(float32[:, :], float32[:])", debug=True, cc=cc)
    assert "exit;" in ptx and "cas.b32" in ptx
    assemble(ptx, cc, tmp_path)


def test_debug_without_boundscheck_checks_no_index():
    @cuda.jit(debug=True, boundscheck=False)
    def k(x, i):
        x[i] = 1.0

    k.compile("void(float64[:], int64)")
    ptx = next(iter(k.inspect_asm().values()))
    assert "atom" not in ptx   # nothing here can raise


def test_the_record_becomes_the_exception():
    raw = record("IndexError", "index {0} is out of bounds for axis {1} with size {2}",
                 values=(12, 0, 10), thread=(3, 1, 0), block=(7, 0, 2), line=42,
                 function="fill")
    e = _kernel_errors.exception_of(raw, "fill")
    assert type(e) is IndexError
    assert str(e) == ("tid=[3, 1, 0] ctaid=[7, 0, 2]: index 12 is out of bounds for axis 0 "
                      "with size 10 (in kernel 'fill', line 42)")


def test_the_writers_layout_is_the_readers():
    def k(x, i):
        x[i] = 1.0

    line = k.__code__.co_firstlineno + 1
    ptx, _ = cuda.compile_ptx(k, "void(float64[:], int64)", debug=True, cc=(8, 0))
    e = _kernel_errors.exception_of(record_from_ptx(ptx), "k")
    assert type(e) is IndexError
    assert str(e) == ("tid=[0, 0, 0] ctaid=[0, 0, 0]: index 0 is out of bounds for axis 0 "
                      f"with size 0 (in kernel 'k', line {line})")


def test_braces_without_values_stay_and_helpers_are_named():
    @cuda.jit(device=True)
    def helper(v):
        if v < 0:
            raise ValueError("has {0} braces")
        return v

    def k(x):
        x[0] = helper(x[0])

    ptx, _ = cuda.compile_ptx(k, "void(float64[:])", debug=True, cc=(8, 0))
    e = _kernel_errors.exception_of(record_from_ptx(ptx), "k")
    line = helper.py_func.__code__.co_firstlineno + 3
    assert str(e) == ("tid=[0, 0, 0] ctaid=[0, 0, 0]: has {0} braces "
                      f"(in function 'helper' called by kernel 'k', line {line})")


def test_dotted_unknown_and_absent_exceptions():
    assert type(_kernel_errors.exception_of(record("numpy.exceptions.AxisError", "axis"),
                                            "k")) is np.exceptions.AxisError
    e = _kernel_errors.exception_of(record("NoSuchError", "", function="k"), "k")
    assert type(e) is RuntimeError and str(e) == "tid=[0, 0, 0] ctaid=[0, 0, 0] (in kernel 'k')"
    assert _kernel_errors.exception_of(record("ValueError", "x", raised=0), "k") is None


def test_long_messages_are_cut_to_the_record():
    raw = record("ValueError", "m" * 127)
    assert str(_kernel_errors.exception_of(raw, "k")).count("m") == 127


def test_bounds_are_checked_in_the_functions_a_kernel_calls():
    @cuda.jit(device=True)
    def get(x, i):
        return x[i]

    def k(x, y, i):
        y[0] = get(x, i)

    def checks(**options):
        ptx, _ = cuda.compile_ptx(k, "void(float64[:], float64[:], int64)", cc=(8, 0),
                                  **options)
        return len(re.findall(r"cas\.b32", ptx))

    assert checks(debug=True) == 2   # the helper's x[i] and the kernel's y[0]
    assert checks() == 0
