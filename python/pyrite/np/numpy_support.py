"""`numba.np.numpy_support`: conversions between NumPy dtypes and types."""
import numpy as np

from .. import types

_BY_DTYPE = {np.dtype(np.bool_): types.boolean, np.dtype(np.int8): types.int8,
             np.dtype(np.int16): types.int16, np.dtype(np.int32): types.int32,
             np.dtype(np.int64): types.int64, np.dtype(np.uint8): types.uint8,
             np.dtype(np.uint16): types.uint16, np.dtype(np.uint32): types.uint32,
             np.dtype(np.uint64): types.uint64, np.dtype(np.float32): types.float32,
             np.dtype(np.float16): types.float16,
             np.dtype(np.float64): types.float64, np.dtype(np.complex64): types.complex64,
             np.dtype(np.complex128): types.complex128}


def from_dtype(dtype):
    """The scalar type of NumPy dtype `dtype`, or the Record type of a
    structured dtype of scalar fields (NotImplementedError if none)."""
    if np.dtype(dtype).names is not None:
        try:
            return types.Record(dtype)
        except KeyError:
            raise NotImplementedError(f"pyrite has no type for dtype {dtype}") from None
    dtype = np.dtype(dtype)
    if dtype.kind in "mM":           # datetime64 / timedelta64 of a unit
        unit, count = np.datetime_data(dtype)
        if count == 1 and dtype.isnative:
            return (types.NPDatetime if dtype.kind == "M" else types.NPTimedelta)(
                "" if unit == "generic" else unit)
    if dtype.kind in "US" and dtype.itemsize and dtype.isnative:   # fixed-width text
        count = dtype.itemsize // (4 if dtype.kind == "U" else 1)
        return (types.UnicodeCharSeq if dtype.kind == "U" else types.CharSeq)(count)
    try:
        return _BY_DTYPE[dtype]
    except KeyError:
        raise NotImplementedError(f"pyrite has no type for dtype {dtype}") from None


def as_dtype(t):
    """The NumPy dtype of scalar type `t` (a Record's structured dtype)."""
    if isinstance(t, types.Record):
        return t.dtype
    if isinstance(t, (types.UnicodeCharSeq, types.CharSeq)):
        return np.dtype(f"{'U' if isinstance(t, types.UnicodeCharSeq) else 'S'}{t.count}")
    if isinstance(t, types.NPDatetime):
        return np.dtype(f"{t.type_name}[{t.unit or 'generic'}]")
    for dtype, ty in _BY_DTYPE.items():
        if ty == t:
            return dtype
    raise NotImplementedError(f"{t} has no NumPy dtype")
