"""Exceptions raised in kernels, reported on the host (numba.cuda's debug=True).

A kernel compiled with `@cuda.jit(debug=True)` or `boundscheck=True` takes
a hidden last parameter: the address of a 256-byte error record in device
memory. The first thread of a launch that raises (a `raise` statement, an
index out of bounds) writes its exception there and ends; the launcher then
reads the record and raises the exception on the host, naming the thread
and block as numba.cuda does ("tid=[3, 0, 0] ctaid=[1, 0, 0]: ...", but in
x, y, z order where numba.cuda prints z, y, x) and the function and line
that raised. The record's layout is core/lower/lower_kernel_errors.cpp's.
"""
import builtins
import importlib
import struct

import numpy as np

RECORD_BYTES = 256
_HEAD = struct.Struct("<Ii3q3I3I")   # raised, line, values[3], thread[3], block[3]
_CLASS = slice(56, 96)
_FUNCTION = slice(96, 128)
_MESSAGE = slice(128, 256)


def new_record(runtime):
    """A zeroed error record on the current device."""
    return runtime.to_device(np.zeros(RECORD_BYTES, np.uint8))


def exception_class(name):
    """The class a record names: builtins by name, others dotted
    ("numpy.exceptions.AxisError"), RuntimeError when it cannot be found
    (as the CPU dispatcher's raise_pending does)."""
    module, _, attr = name.rpartition(".")
    try:
        cls = getattr(importlib.import_module(module), attr) if module else getattr(builtins, name)
    except (ImportError, AttributeError):
        return RuntimeError
    return cls if isinstance(cls, type) and issubclass(cls, BaseException) else RuntimeError


def exception_of(raw, kernel):
    """The exception a record holds (bytes of RECORD_BYTES), or None when no
    thread raised; `kernel` names the kernel in the message."""
    raised, line, *rest = _HEAD.unpack_from(raw)
    if not raised:
        return None
    values, thread, block = rest[0:3], rest[3:6], rest[6:9]
    text = lambda part: bytes(raw[part]).split(b"\0", 1)[0].decode("utf-8", "replace")
    message = text(_MESSAGE)
    for k in range(min(raised - 1, 3)):   # (only the values the raise gave)
        message = message.replace("{%d}" % k, str(values[k]))
    message = message.removeprefix("\x01")   # (an int argument: PYRITE_INT_ARGUMENT)
    function = text(_FUNCTION)
    where = f"tid={list(thread)} ctaid={list(block)}"
    site = f"in kernel '{kernel}'" if function in ("", kernel) else \
        f"in function '{function}' called by kernel '{kernel}'"
    site += f", line {line}" if line > 0 else ""
    return exception_class(text(_CLASS))(f"{where}: {message} ({site})" if message
                                         else f"{where} ({site})")
