"""Ahead-of-time compilation: shared objects for this or another machine.

    import pyrite.aot
    pyrite.aot.compile_for("aarch64", [("fast_sum", fast_sum, "float64(float64[:])")],
                           "libkernels.so")

Each entry becomes a C function `int32_t NAME(void *ret, void **args)` in an
ELF shared object that needs only libc and libm on the target (see
docs/aot.md for the argument layout and pyrite_aot_take_error/_release).
"""
import os

from . import _core
from .dispatcher import Dispatcher, _split_signature


def compile_for(target, entries, output):
    """Builds `output` for `target` from (export_name, function, signature)
    entries; returns {export_name: {"args": [...], "return": ...}}."""
    items = []
    for name, function, signature in entries:
        if getattr(function, "_declared_locals", None):
            raise NotImplementedError(f"{name}: locals= is not supported ahead of time yet "
                                      f"(the JIT honours it)")
        py_func = function.py_func if isinstance(function, Dispatcher) else function
        ret, args = _split_signature(signature)
        items.append((name, py_func, args, ret))
    return _core.compile_aot(target, items, os.fspath(output))
