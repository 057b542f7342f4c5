"""@cuda.jit kernels, launch configurations, device arrays and the argument
packing of launches, on a machine without a CUDA driver: everything up to
the driver is exercised (typing, PTX per specialization, the C++ packing
of each kind of argument against struct.pack of the same layout), and each
call that needs the driver raises CudaSupportError naming the cause.
Launch results need a GPU (docs/cuda.md, "Next"). Skipped where the CUDA
target is not built."""
import math
import struct

import numpy as np
import pytest

from pyrite import _core, cuda, njit, types
from pyrite.cuda.cudadrv.driver import CudaAPIError, CudaSupportError
from pyrite.errors import TypingError

from test_cuda_ptx import pytestmark  # noqa: F401 (the skip)

no_gpu = pytest.mark.skipif(cuda.is_available(), reason="a CUDA device is present")


class FakeDeviceArray:
    """Another library's device array: only __cuda_array_interface__."""

    def __init__(self, shape, typestr, address, strides=None):
        self.__cuda_array_interface__ = {"shape": shape, "typestr": typestr,
                                         "data": (address, False), "strides": strides,
                                         "version": 3}


@cuda.jit
def saxpy(a, x, y, out):
    i = cuda.grid(1)
    if i < x.size:
        out[i] = a * x[i] + y[i]


@no_gpu
def test_no_driver_is_reported_not_crashed(capsys):
    assert cuda.is_available() is False
    assert cuda.detect() is False
    assert "CUDA is not available" in capsys.readouterr().out
    for call in (lambda: cuda.to_device(np.ones(3)), lambda: cuda.device_array(4),
                 cuda.get_current_device, cuda.synchronize, cuda.stream, cuda.event,
                 lambda: cuda.pinned_array(3), lambda: cuda.select_device(0)):
        with pytest.raises(CudaSupportError, match="no CUDA driver|no CUDA device"):
            call()


@no_gpu
def test_a_launch_compiles_then_needs_the_driver():
    x = np.arange(8, dtype=np.float32)
    out = np.zeros_like(x)
    with pytest.raises(CudaSupportError, match="no CUDA driver"):
        saxpy[1, 32](np.float32(2), x, x, out)
    # the specialization was compiled before the driver was needed
    (arg_types, spec), = saxpy.specializations.items()
    assert str(arg_types[1]) == "array(float32, 1d, C)"
    assert b".visible .entry saxpy(" in spec.ptx
    assert spec.layout == "f:4,a:4:1,a:4:1,a:4:1"


def test_eager_signatures_compile_at_decoration():
    @cuda.jit("void(float64[:, ::1], int32)")
    def fill(a, v):
        i, j = cuda.grid(2)
        if i < a.shape[0] and j < a.shape[1]:
            a[i, j] = v
    ptx, = fill.inspect_asm().values()
    assert ".visible .entry fill(" in ptx
    (spec,) = fill.specializations.values()
    assert spec.layout == "a:8:2,i:4"


def test_launch_configurations():
    with pytest.raises(ValueError, match="needs a launch configuration"):
        saxpy(1.0, None, None, None)
    with pytest.raises(ValueError, match="below 1"):
        saxpy[0, 32]
    with pytest.raises(ValueError, match="1 to 3 ints"):
        saxpy[(1, 1, 1, 1), 32]
    with pytest.raises(ValueError, match="1 to 3 ints"):
        saxpy[1.5, 32]
    with pytest.raises(ValueError, match="launch configuration is"):
        saxpy[1]
    launch = saxpy[(4, 2), (32, 4), 0, 128]
    assert launch.griddim == (4, 2, 1) and launch.blockdim == (32, 4, 1)
    assert launch.sharedmem == 128
    assert saxpy.forall(1000).griddim == (8, 1, 1)


def test_a_kernel_returning_a_value_is_refused():
    with pytest.raises(TypingError, match="returns nothing"):
        @cuda.jit("float64(float64[:])")
        def k(x):
            return x[0]


def test_device_functions_are_inlined_into_kernels():
    @cuda.jit(device=True)
    def clamp(v, lo, hi):
        return min(max(v, lo), hi)

    @njit
    def square(v):
        return v * v

    @cuda.jit("void(float32[::1])")
    def k(x):
        i = cuda.grid(1)
        if i < x.size:
            x[i] = clamp(square(x[i]), np.float32(0), np.float32(1))
    ptx, = k.inspect_asm().values()
    assert "call" not in ptx.split(".entry")[1]
    assert "selp.f32" in ptx      # the clamp (max with 0 folds: a square is not negative)


def test_packing_scalars_and_arrays():
    x = FakeDeviceArray((5,), "<f4", 0x7000_0000)
    m = FakeDeviceArray((3, 4), "<f8", 0x8000_0000, strides=(8, 24))   # Fortran order
    got = _core.device_pack_arguments("f:4,i:8,u:4,b:1,f:8,c:16,a:4:1,a:8:2",
                                      (1.5, -3, 2**32 + 7, 5, 0.25, 1 - 2j, x, m))
    expected = (struct.pack("<f4x", 1.5) + struct.pack("<q", -3) + struct.pack("<Q", 7)
                + struct.pack("<Q", 1) + struct.pack("<d", 0.25) + struct.pack("<dd", 1, -2)
                # {meminfo, parent, nitems, itemsize, data, shape, strides}
                + struct.pack("<QQqqQqq", 0, 0, 5, 4, 0x7000_0000, 5, 4)
                + struct.pack("<QQqqQqqqq", 0, 0, 12, 8, 0x8000_0000, 3, 4, 8, 24))
    assert got == expected


def test_packing_refuses_what_the_kernel_cannot_take():
    x = FakeDeviceArray((5,), "<f4", 0x7000_0000)
    with pytest.raises(TypeError, match="takes 2 arguments, 1 were given"):
        _core.device_pack_arguments("f:4,a:4:1", (1.0,))
    with pytest.raises(TypeError, match="argument 1: expected a device array"):
        _core.device_pack_arguments("a:4:1", (np.ones(5, np.float32),))
    with pytest.raises(TypeError, match="expected 2 dimensions, got 1"):
        _core.device_pack_arguments("a:4:2", (x,))
    with pytest.raises(TypeError, match="expected an integer"):
        _core.device_pack_arguments("i:8", (1.5,))


def test_other_libraries_arrays_are_viewed_without_a_copy():
    f = FakeDeviceArray((3, 4), "<f8", 0x9000, strides=(8, 24))
    d = cuda.as_cuda_array(f)
    assert d.shape == (3, 4) and d.dtype == np.float64 and d.size == 12 and d.nbytes == 96
    assert d.is_f_contiguous() and not d.is_c_contiguous()
    assert d.__cuda_array_interface__["data"] == (0x9000, False)
    assert d.__cuda_array_interface__["strides"] == (8, 24)
    assert cuda.is_cuda_array(f) and not cuda.is_cuda_array(np.ones(2))
    from pyrite.cuda._dispatcher import _type_of
    assert str(_type_of(f)) == "array(float64, 2d, F)"
    assert str(_type_of(cuda.as_cuda_array(FakeDeviceArray((4,), "<i4", 16)))) == \
        "array(int32, 1d, C)"
    with pytest.raises(TypeError, match="does not have __cuda_array_interface__"):
        cuda.as_cuda_array(np.ones(3))


def test_driver_error_classes_have_numbas_names():
    from pyrite.cuda.cudadrv.error import CudaSupportError as Same
    assert Same is CudaSupportError and issubclass(CudaSupportError, ImportError)
    e = CudaAPIError("CUDA_ERROR_OUT_OF_MEMORY", code=7)
    assert e.code == 7 and "OUT_OF_MEMORY" in str(e)


def test_jit_with_target_cuda_makes_a_kernel():
    from pyrite import jit

    @jit("void(int32[::1])", target="cuda")
    def k(x):
        x[cuda.grid(1)] = 1
    assert isinstance(k, cuda.CUDADispatcher)
    assert ".visible .entry k(" in next(iter(k.inspect_asm().values()))


@pytest.mark.parametrize("options, reports, checks", [
    ({}, False, False), ({"debug": True}, True, True), ({"boundscheck": True}, True, True),
    ({"debug": True, "boundscheck": False}, True, False)])
def test_debug_and_boundscheck_report_errors(options, reports, checks):
    @cuda.jit(**options)
    def k(x):
        x[0] = 1

    assert (k.reports_errors, k.boundscheck) == (reports, checks)
    spec = k.compile("void(int64[:])")
    assert spec.layout == "a:8:1" + (",u:8" if reports else "")  # the error record's address


def test_complex64_scalars_keep_their_imaginary_part():
    got = _core.device_pack_arguments("c:8,c:16", (np.complex64(1 + 2j), np.complex128(3 - 4j)))
    assert got == struct.pack("<ffdd", 1, 2, 3, -4)


def test_kernel_names_become_ptx_identifiers():
    k = cuda.jit("void(float32[::1])")(lambda x: None)
    assert ".visible .entry _lambda_(" in next(iter(k.inspect_asm().values()))


def test_tuple_signature_and_forall_edges():
    from pyrite import float32
    k = cuda.jit((float32[::1],))(lambda x: None)
    assert len(k.specializations) == 1
    assert k.forall(0)() is None
    with pytest.raises(ValueError, match=">= 0"):
        k.forall(-1)


def test_non_contiguous_host_arrays_are_refused_before_launch():
    x = np.zeros((4, 4), np.float32)[:, ::2]
    with pytest.raises(ValueError, match="non-contiguous"):
        saxpy[1, 32](np.float32(1), x, x, x)


def test_literal_tuples_do_not_break_plain_overloads():
    from pyrite.extending import overload

    def total(t):
        raise NotImplementedError

    @overload(total, prefer_literal=True)
    def _total(t):
        if t.dtype is not None:          # a UniTuple's: a Tuple of literals has none
            return lambda t: t[0] + t[1]

    @njit
    def f():
        return total((1, 2))
    assert f() == 3


def test_device_functions_use_the_kernel_api():
    # typed for the kernel's target, as numba.cuda compiles them
    @cuda.jit(device=True)
    def warp_sum(v):
        offset = 16
        while offset > 0:
            v += cuda.shfl_down_sync(0xffffffff, v, offset)
            offset //= 2
        return v

    @njit
    def block_index():
        cuda.syncthreads()
        return cuda.grid(1)

    @cuda.jit("void(float32[::1])")
    def k(x):
        i = block_index()
        x[i] = warp_sum(x[i])
    ptx = next(iter(k.inspect_asm().values()))
    assert "shfl.sync.down.b32" in ptx and "bar.sync" in ptx


def test_a_helper_typed_for_a_kernel_still_runs_on_the_cpu():
    @njit
    def twice(v):
        return 2 * v

    @cuda.jit("void(int64[::1])")
    def k(x):
        x[0] = twice(x[0])
    assert ".visible .entry k(" in next(iter(k.inspect_asm().values()))
    assert twice.signatures == []        # the CUDA typing is not a CPU compile
    assert twice(21) == 42 and twice(1.5) == 3.0
    assert twice.signatures == [(types.int64,), (types.float64,)]


def test_njit_helpers_in_kernels_have_numbas_kernel_error_model():
    # no ZeroDivisionError or range checks in GPU code (error_model='numpy'),
    # whatever the helper's own options
    @njit
    def bucket(v, width):
        return math.floor(v) // width + int(v) % width

    @cuda.jit("void(float64[::1], int64[::1])")
    def k(x, out):
        i = cuda.grid(1)
        out[i] = bucket(x[i], 4) + math.log(x[i], 2.0)
    assert ".visible .entry k(" in next(iter(k.inspect_asm().values()))


def test_record_arrays_are_kernel_arguments():
    # an array of structs has no signature text: its type object reaches the core
    point = np.dtype([("x", np.float32), ("y", np.float32), ("id", np.int32)])

    @cuda.jit
    def k(pts, out):
        i = cuda.grid(1)
        if i < pts.size:
            out[i] = pts[i].x + pts[i].y + pts[i].id
    from pyrite.cuda._dispatcher import _type_of
    spec = k._specialization((_type_of(np.zeros(4, point)), _type_of(np.zeros(4, np.float32))))
    assert spec.layout == "a:12:1,a:4:1"
    assert b".visible .entry k(" in spec.ptx and b"ld.global" in spec.ptx


def test_vectorize_for_cuda_compiles_each_signature():
    from pyrite import vectorize

    @vectorize(["float32(float32, float32)", "float64(float64, float64)"], target="cuda")
    def axpy_like(x, y):
        return 2 * x + y
    assert [tuple(str(d) for d in ins) for ins, _ in axpy_like.loops] == \
        [("float32", "float32"), ("float64", "float64")]
    kernel = axpy_like._kernels[(1, (False, False))]
    ptx = next(iter(kernel.inspect_asm().values()))
    assert "fma.rn.f64" in ptx or "add.rn.f64" in ptx
    # int32 arrays take the float64 loop (float32 cannot hold them), as NumPy picks
    assert axpy_like._loop_for([np.dtype(np.int32), np.dtype(np.int32)]) == 1
    assert axpy_like._loop_for([np.dtype(np.float32), np.dtype(np.float32)]) == 0
    with pytest.raises(TypingError, match="no signature takes"):
        axpy_like._loop_for([np.dtype(np.complex128), np.dtype(np.float64)])


@no_gpu
def test_vectorize_for_cuda_needs_the_driver_only_to_run():
    from pyrite import vectorize

    @vectorize(["float64(float64, float64)"], target="cuda")
    def scale(x, s):
        return x * s
    with pytest.raises(CudaSupportError, match="no CUDA driver"):
        scale(np.arange(4.0), 3.0)
    # the scalar argument's kernel was compiled before the driver was needed
    assert (0, (False, True)) in scale._kernels


def test_vectorize_for_cuda_refusals():
    from pyrite import guvectorize, vectorize
    with pytest.raises(TypeError, match="needs its signatures"):
        @vectorize(target="cuda")
        def f(x):
            return x
    with pytest.raises(TypeError, match="takes 2 arguments"):
        @vectorize(["float64(float64, float64)"], target="cuda")
        def g(x, y):
            return x + y
        g(1.0)
    with pytest.raises(NotImplementedError, match="not yet by @guvectorize"):
        guvectorize(["void(float64[:], float64[:])"], "(n)->(n)", target="cuda")(lambda x, o: None)


def test_vectorize_for_cuda_of_a_lambda():
    from pyrite import vectorize
    double = vectorize(["int64(int64)"], target="cuda")(lambda x: 2 * x)
    assert ".visible .entry _lambda__vectorized(" in next(iter(
        double._kernels[(0, (False,))].inspect_asm().values()))


@no_gpu
@pytest.mark.parametrize("args", [
    (np.float32(2), 3, 2.5, True, 1 + 1j),
    (np.int16(-1), 2**40, np.uint64(7)),
])
def test_the_launch_path_finds_its_launcher_in_cpp(args):
    # the C++ keys (device_runtime.cpp: argument_key) equal _type_key's: a
    # launcher registered under the Python keys is found, and launched (here
    # the missing driver says so); unknown keys fall back to Python
    from pyrite.cuda._dispatcher import (_SCALAR_CLASSES, _kernel_argument_type, _layout_of,
                                         _type_key)
    from pyrite.cuda._runtime import DeviceNDArray
    device = DeviceNDArray((8,), None, np.float32, address=0x7000_0000)
    args = args + (device,)
    layout = ",".join(_layout_of(_kernel_argument_type(a)) for a in args)
    launcher = _core.DeviceLauncher("cuda", 0, layout, "k")
    launchers = {tuple(map(_type_key, args)): launcher}
    assert not _core.device_launch_cached({}, _SCALAR_CLASSES, args, (1, 1, 1), (1, 1, 1), 0, 0)
    with pytest.raises(CudaSupportError):
        _core.device_launch_cached(launchers, _SCALAR_CLASSES, args, (1, 1, 1), (1, 1, 1), 0, 0)
    host = args[:-1] + (np.zeros(8, np.float32),)     # a host array: Python's path
    assert not _core.device_launch_cached(launchers, _SCALAR_CLASSES, host, (1, 1, 1),
                                          (1, 1, 1), 0, 0)


def _interface(shape, typestr, strides=None, **more):
    array = FakeDeviceArray(shape, typestr, 0x7000_0000, strides)
    array.__cuda_array_interface__.update(more)
    return array


@pytest.mark.parametrize("array, key", [
    (_interface((5,), "<f4"), ("device", "<f4", 1, "C")),
    (_interface((3, 4), "<f8", strides=(32, 8)), ("device", "<f8", 2, "C")),
    (_interface((3, 4), "<f8", strides=(8, 24)), ("device", "<f8", 2, "F")),
    (_interface((3, 4), "<f8", strides=(64, 16)), ("device", "<f8", 2, "A")),
    (_interface((7,), "<u1"), ("device", "|u1", 1, "C")),        # NumPy's spelling
    (_interface((2, 2), "|b1", stream=1), ("device", "|b1", 2, "C")),  # the legacy default
    (_interface((4,), "<i8", stream=0x1234), None),   # a producer stream: waited for in Python
    (_interface((4,), "<i8", mask=object()), None),   # masked: refused in Python
])
def test_other_libraries_arrays_take_the_cpp_launch_path(array, key):
    # The launch path's key in C++ equals _dispatcher._type_key's, and a
    # DeviceNDArray's of the same type: a CuPy or PyTorch array seen before
    # launches without Python typing.
    from pyrite.cuda import _dispatcher
    assert _core.device_argument_key(array, _dispatcher._SCALAR_CLASSES) == key
    assert _dispatcher._type_key(array) == key
    if key is not None:
        assert key == cuda.as_cuda_array(array)._key


def test_a_cpu_tensors_refusal_is_no_key():
    class CpuTensor:
        @property
        def __cuda_array_interface__(self):
            raise RuntimeError("Can't get __cuda_array_interface__ on non-CUDA tensor")

    from pyrite.cuda import _dispatcher
    assert _core.device_argument_key(CpuTensor(), _dispatcher._SCALAR_CLASSES) is None
    assert _dispatcher._type_key(CpuTensor()) is None


def test_pinned_host_arrays_are_copied_like_host_arrays():
    from pyrite.cuda import _dispatcher, _runtime
    pinned = np.zeros(3).view(_runtime._HostArray)   # what pinned_array gives
    assert _dispatcher._is_host_array(pinned) and _dispatcher._is_host_array(np.zeros(3))
    assert not _dispatcher._is_host_array(FakeDeviceArray((3,), "<f8", 0x7000_0000))
