"""The extension API (pyrite.extending, Numba's numba.extending): overload,
overload_method, overload_attribute, register_jitable, intrinsic, and the
type classes typing functions test. Results are compared with the plain
Python functions (or NumPy) on the same inputs."""
import os
import platform
import subprocess
import sys

import numpy as np
import pytest
from llvmlite import ir

import pyrite
from pyrite import njit, types
from pyrite.errors import TypingError
from pyrite.extending import (intrinsic, overload, overload_attribute, overload_method,
                              register_jitable)


@pytest.fixture(autouse=True)
def _restore_registrations():
    """Registrations a test makes (on np.sum, np.max, ...) end with it, so
    they cannot change what later tests compile."""
    from pyrite import _library, extending  # noqa: F401 (the library registers itself first)
    saved = [(table, {k: (v, list(v[1].templates) if isinstance(v, tuple) else
                          list(v.templates)) for k, v in table.items()})
             for table in (extending._functions, extending._methods, extending._attributes)]
    yield
    for table, entries in saved:
        table.clear()
        for k, (v, templates) in entries.items():
            (v[1] if isinstance(v, tuple) else v).templates[:] = templates
            table[k] = v


# --- overload: type dispatch, declining, caching ----------------------------------

def norm1(x):
    return float(np.abs(x).sum()) if isinstance(x, np.ndarray) else abs(x)


calls = []


@overload(norm1)
def _norm1(x):
    calls.append(x)
    if isinstance(x, types.Array) and isinstance(x.dtype, types.Float):
        def impl(x):
            s = 0.0
            for v in x.ravel():
                s += abs(v)
            return s
        return impl
    if isinstance(x, (types.Integer, types.Float)):
        def impl(x):
            return abs(x)
        return impl
    return None


def test_overload_dispatches_on_type():
    f = njit(lambda x: norm1(x))
    a = np.linspace(-2, 3, 7).reshape(7)
    assert f(a) == norm1(a)
    assert f(-4) == 4
    assert f(-2.5) == 2.5
    m = np.arange(-6.0, 6.0).reshape(3, 4)
    assert f(m) == norm1(m)


def test_typing_function_runs_once_per_argument_types():
    calls.clear()

    @njit
    def g(x, y):
        return norm1(x) + norm1(y) + norm1(x)

    g(np.ones(3, np.float32), np.ones(4, np.float32))
    g(np.ones(5, np.float32), np.ones(2, np.float32))
    arrays = [c for c in calls if isinstance(c, types.Array)]
    assert len(arrays) == 1


def test_declining_overload_reports_candidates():
    @njit
    def h(x):
        return norm1(x)

    with pytest.raises(TypingError) as e:
        h(True)
    msg = str(e.value)
    assert "norm1" in msg and "(bool)" in msg
    assert "_norm1" in msg and "declined" in msg and "test_extending.py" in msg
    assert "return norm1(x)" in msg          # the user's source line


def test_typing_function_exception_is_reported_with_traceback():
    def broken(x):
        pass

    @overload(broken)
    def _broken(x):
        return {}["no such key"]

    @njit
    def k(x):
        return broken(x)

    with pytest.raises(TypingError) as e:
        k(1)
    msg = str(e.value)
    assert "KeyError" in msg and "_broken" in msg and "Traceback" in msg


def test_several_overloads_first_that_accepts_wins():
    def pick(x):
        pass

    @overload(pick)
    def _ints(x):
        if isinstance(x, types.Integer):
            return lambda x: 1
        return None

    @overload(pick)
    def _floats(x):
        if isinstance(x, types.Float):
            return lambda x: 2
        return None

    f = njit(lambda x: pick(x))
    assert (f(3), f(3.0)) == (1, 2)


def test_keywords_defaults_and_varargs():
    def axpy(a, x, y=1.0, scale=1.0):
        return scale * (a * x + y)

    @overload(axpy)
    def _axpy(a, x, y=1.0, scale=1.0):
        def impl(a, x, y=1.0, scale=1.0):
            return scale * (a * x + y)
        return impl

    def total(*args):
        return sum(args)

    @overload(total)
    def _total(*args):
        def impl(*args):
            s = 0.0
            for v in args:
                s += v
            return s
        return impl

    @njit
    def f(a, x):
        return (axpy(a, x), axpy(a, x, 2.0), axpy(a, x, scale=3.0),
                axpy(a, x, scale=0.5, y=4.0), total(a, x, 1.5))

    assert f(2.0, 3.0) == (axpy(2.0, 3.0), axpy(2.0, 3.0, 2.0), axpy(2.0, 3.0, scale=3.0),
                           axpy(2.0, 3.0, scale=0.5, y=4.0), total(2.0, 3.0, 1.5))


def test_overload_of_a_numpy_function_pyrite_lacks():
    @overload(np.clip)
    def _clip(a, a_min, a_max):
        if isinstance(a, types.Array):
            def impl(a, a_min, a_max):
                out = np.empty_like(a)
                for i in range(a.shape[0]):
                    out[i] = min(max(a[i], a_min), a_max)
                return out
            return impl
        return None

    f = njit(lambda a: np.clip(a, -1.0, 2.5))
    a = np.linspace(-3, 4, 9)
    np.testing.assert_array_equal(f(a), np.clip(a, -1.0, 2.5))


def test_declined_overload_falls_back_to_pyrite_builtin():
    @overload(np.sum)
    def _sum(a):
        if isinstance(a, types.Array) and a.ndim == 3:
            return lambda a: -1.0
        return None

    f = njit(lambda a: np.sum(a))
    assert f(np.arange(4.0)) == 6.0
    assert f(np.ones((2, 2, 2))) == -1.0


def test_prefer_literal_sees_constant_arguments():
    seen = []

    def power_of(x, n):
        return x ** n

    @overload(power_of, prefer_literal=True)
    def _power_of(x, n):
        seen.append(n)
        if isinstance(n, types.IntegerLiteral):
            k = n.literal_value

            def impl(x, n):
                r = 1.0
                for _ in range(k):
                    r *= x
                return r
            return impl
        return lambda x, n: x ** n

    f = njit(lambda x: power_of(x, 3))
    assert f(1.5) == 1.5 ** 3
    assert any(isinstance(t, types.IntegerLiteral) and t.literal_value == 3 for t in seen)


def test_literal_tried_after_the_plain_type_declines():
    def only_literal(n):
        return n

    @overload(only_literal)
    def _only_literal(n):
        if isinstance(n, types.IntegerLiteral):
            v = n.literal_value * 10
            return lambda n: v
        return None

    f = njit(lambda: only_literal(4))
    assert f() == 40


def test_implementation_reads_typing_time_variables():
    def fill_value(a):
        pass

    @overload(fill_value)
    def _fill_value(a):
        marker = 7.0 if isinstance(a.dtype, types.Float) else 3

        def impl(a):
            return marker
        return impl

    f = njit(lambda a: fill_value(a))
    assert f(np.zeros(2)) == 7.0
    assert f(np.zeros(2, dtype=np.int32)) == 3


def test_overloads_call_overloads():
    def twice_norm(x):
        return 2 * norm1(x)

    @overload(twice_norm)
    def _twice(x):
        return lambda x: 2 * norm1(x)

    f = njit(lambda x: twice_norm(x))
    a = np.array([1.0, -2.0, 3.0])
    assert f(a) == twice_norm(a)


def test_strict_signature_check():
    def takes_two(a, b):
        pass

    @overload(takes_two)
    def _takes_two(a, b):
        return lambda x, y: x + y

    with pytest.raises(TypingError, match="parameters"):
        njit(lambda: takes_two(1, 2))()


# --- register_jitable ------------------------------------------------------------

@register_jitable
def clamp(x, lo, hi):
    return min(max(x, lo), hi)


@register_jitable(inline="always")
def lerp(a, b, t):
    return a + (b - a) * t


def test_register_jitable_works_in_python_and_compiled_code():
    assert clamp(5, 0, 3) == 3                        # still a Python function
    f = njit(lambda x: (clamp(x, 0.0, 1.0), lerp(0.0, 10.0, x)))
    for x in (-0.5, 0.25, 2.0):
        assert f(x) == (clamp(x, 0.0, 1.0), lerp(0.0, 10.0, x))


# --- overload_method / overload_attribute -----------------------------------------

@overload_method(types.Array, "sum_of_squares")
def _sum_of_squares(a, scale=1.0):
    if isinstance(a.dtype, (types.Float, types.Integer)):
        def impl(a, scale=1.0):
            s = 0.0
            for v in a.ravel():
                s += v * v
            return s * scale
        return impl
    return None


@overload_attribute(types.Array, "first_element")
def _first_element(a):
    if a.ndim == 1:
        return lambda a: a[0]
    return None


def test_overload_method_on_arrays():
    f = njit(lambda a: (a.sum_of_squares(), a.sum_of_squares(2.0), a.sum_of_squares(scale=0.5)))
    a = np.arange(5.0)
    s = float((a * a).sum())
    assert f(a) == (s, 2 * s, 0.5 * s)
    m = np.arange(6, dtype=np.int32).reshape(2, 3)
    assert njit(lambda a: a.sum_of_squares())(m) == float((m.astype(float) ** 2).sum())


def test_overload_attribute_on_arrays():
    f = njit(lambda a: a.first_element + 1)
    assert f(np.array([4.0, 5.0])) == 5.0
    with pytest.raises(TypingError, match="first_element"):
        njit(lambda a: a.first_element)(np.ones((2, 2)))


def test_unknown_attribute_still_an_error():
    with pytest.raises(TypingError, match="no_such_thing"):
        njit(lambda a: a.no_such_thing)(np.ones(2))


# --- intrinsic ---------------------------------------------------------------------

@intrinsic
def muladd(typingctx, a, b, c):
    if not all(isinstance(t, types.Integer) for t in (a, b, c)):
        return None
    sig = types.int64(types.int64, types.int64, types.int64)

    def codegen(context, builder, signature, args):
        x, y, z = args
        return builder.add(builder.mul(x, y), z)
    return sig, codegen


@intrinsic
def as_float32(typingctx, x):
    sig = types.float32(x)

    def codegen(context, builder, signature, args):
        return context.cast(builder, args[0], signature.args[0], types.float32)
    return sig, codegen


@intrinsic
def peek(typingctx, address):
    sig = types.float64(types.intp)

    def codegen(context, builder, signature, args):
        ptr = builder.inttoptr(args[0], ir.DoubleType().as_pointer())
        return builder.load(ptr)
    return sig, codegen


@intrinsic
def libm_cbrt(typingctx, x):
    sig = types.float64(types.float64)

    def codegen(context, builder, signature, args):
        fnty = ir.FunctionType(ir.DoubleType(), [ir.DoubleType()])
        fn = ir.Function(builder.module, fnty, name="cbrt")
        return builder.call(fn, args)
    return sig, codegen


def test_intrinsic_arithmetic_casts_loads_and_calls():
    data = np.array([2.5, 7.25])

    @njit
    def f(a, b, c, n, addr):
        return muladd(a, b, c), as_float32(n), peek(addr), libm_cbrt(27.0)

    import ctypes
    import ctypes.util
    libm = ctypes.CDLL(ctypes.util.find_library("m"))
    libm.cbrt.restype, libm.cbrt.argtypes = ctypes.c_double, [ctypes.c_double]
    assert f(3, 4, 5, 7, data.ctypes.data + 8) == (17, np.float32(7.0), 7.25, libm.cbrt(27.0))


def test_intrinsic_declines_and_is_not_callable_from_python():
    with pytest.raises(TypingError, match="muladd"):
        njit(lambda: muladd(1.0, 2, 3))()
    with pytest.raises(NotImplementedError):
        muladd(1, 2, 3)


# --- types -------------------------------------------------------------------------

def test_type_classes_as_numba_has_them():
    seen = {}

    def probe(x):
        pass

    @overload(probe)
    def _probe(x):
        seen["t"] = x
        return lambda x: 0

    f = njit(lambda x: probe(x))
    f(np.zeros((2, 3), dtype=np.float32))
    t = seen["t"]
    assert isinstance(t, types.Array) and t.ndim == 2 and t.layout == "C" and t.mutable
    assert isinstance(t.dtype, types.Float) and t.dtype.bitwidth == 32
    assert t == types.Array(types.float32, 2, "C") == pyrite.typeof(np.zeros((2, 3), np.float32))
    ro = np.zeros(3)
    ro.flags.writeable = False
    f(ro)
    assert seen["t"] == types.Array(types.float64, 1, "C", readonly=True)
    assert not seen["t"].mutable
    f((1, 2))
    assert isinstance(seen["t"], types.UniTuple) and seen["t"].count == 2
    assert seen["t"].dtype == types.int64
    f((1, 2.0))
    assert isinstance(seen["t"], types.Tuple) and seen["t"].types == (types.int64, types.float64)
    f(np.uint8(3))
    assert isinstance(seen["t"], types.Integer) and not seen["t"].signed
    f(True)
    assert isinstance(seen["t"], types.Boolean) and not isinstance(seen["t"], types.Number)
    assert isinstance(types.int64, types.Number) and isinstance(types.complex128, types.Complex)
    assert types.Tuple([types.int64, types.int64]) == types.UniTuple(types.int64, 2)


# --- module surface ----------------------------------------------------------------

def _python(code, **env):
    full = dict(os.environ, **env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=full, timeout=120)


def test_install_as_numba_aliases_submodules():
    out = _python(
        "import pyrite; pyrite.install_as_numba()\n"
        "import numba, numba.core.types, numba.extending\n"
        "from numba.core.errors import TypingError, NumbaPerformanceWarning\n"
        "from numba.np.numpy_support import from_dtype\n"
        "import numpy as np\n"
        "assert numba is pyrite and numba.types is numba.core.types\n"
        "assert numba.extending is pyrite.extending\n"
        "assert numba.cuda.is_available() is False\n"
        "assert from_dtype(np.float32) == numba.float32\n"
        "print('ok')")
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_install_as_numba_refuses_after_real_numba():
    pytest.importorskip("numba")
    out = _python("import numba, pyrite; pyrite.install_as_numba()")
    assert out.returncode != 0 and "already imported" in out.stderr


def test_later_features_import_and_name_what_is_missing():
    from pyrite.errors import UnsupportedError
    stencil = pyrite.stencil(lambda a: a[0, 1])     # decorating works; calling raises
    with pytest.raises(UnsupportedError, match="stencil"):
        stencil(np.ones((3, 3)))


def test_disable_jit_returns_the_python_function():
    out = _python("import pyrite\n"
                  "f = pyrite.njit(lambda x: x + 1)\n"
                  "print(type(f).__name__, pyrite.config.DISABLE_JIT)",
                  NUMBA_DISABLE_JIT="1")
    assert out.stdout.split() == ["function", "True"], out.stderr


# --- found in review: closures, string literals, failing typing functions ---------

def test_closure_variables_are_read_when_compiling():
    x = 100  # noqa: F841  (a module-level name must not shadow the cell)

    def outer():
        @njit
        def inner():
            return x
        x = 5
        return inner()

    def factory():
        @njit
        def f(n):
            return g(n) + 1

        @njit
        def g(n):
            return n * 2
        return f

    assert outer() == 5
    assert factory()(3) == 7


def test_unassigned_closure_variable_is_an_error():
    def outer():
        @njit
        def inner():
            return later
        result = inner
        later = 1  # noqa: F841
        return result

    f = outer.__code__  # noqa: F841

    def broken():
        @njit
        def inner():
            return later
        try:
            return inner()
        finally:
            later = 2  # noqa: F841

    with pytest.raises(TypingError, match="not assigned yet"):
        broken()


def test_string_literal_options():
    def interp(a, method="linear"):
        pass

    @overload(interp)
    def _interp(a, method="linear"):
        m = getattr(method, "literal_value", method)
        if m == "linear":
            return lambda a, method="linear": a + 1
        if m == "nearest":
            return lambda a, method="linear": a + 2
        return None

    f = njit(lambda a: (interp(a), interp(a, "nearest"), interp(a, method="nearest")))
    assert f(1) == (2, 3, 3)


def test_failing_typing_function_is_not_hidden_by_the_builtin():
    @overload(np.max)
    def _max(a):
        raise RuntimeError("broken typing function")

    with pytest.raises(TypingError, match="broken typing function"):
        njit(lambda a: np.max(a))(np.ones(3))


def test_formatted_message_only_for_exceptions():
    with pytest.raises(TypingError, match="only be raised"):
        njit(lambda n: print("n=%d" % n))(3)
    with pytest.raises(TypingError, match="cannot contain"):
        njit(lambda n: ValueError("{0} %d" % n))(3)


def test_formatted_messages_refuse_what_they_would_print_wrong():
    with pytest.raises(TypingError, match="uint64"):
        njit(lambda n: ValueError("n=%d" % n))(np.uint64(3))
    with pytest.raises(TypingError, match="bool"):
        njit(lambda b: ValueError("b=%s" % b))(True)


def test_numba_internals_and_later_decorators_import():
    out = _python(
        "import pyrite; pyrite.install_as_numba()\n"
        "import numba\n"
        "from numba.core import cgutils\n"
        "from numba.np.ufunc.gufunc import GUFunc\n"
        "import numba.core.types.misc\n"
        "from numba import literally, from_dtype, guvectorize, vectorize\n"
        "from numba.core.errors import UnsupportedError\n"
        "import numpy as np\n"
        "@guvectorize(['void(float64[:], float64[:])'], '(n)->()')\n"
        "def g(a, out):\n"
        "    out[0] = a.sum()\n"
        "@vectorize\n"
        "def v(x):\n"
        "    return x + 1\n"
        "assert g(np.ones(3)) == 3.0 and v(1.0) == 2.0\n"
        "try:\n"
        "    cgutils.alloca_once(1)\n"
        "    raise SystemExit('no error')\n"
        "except UnsupportedError as e:\n"
        "    print(str(e).split(':')[0])\n"
        "assert from_dtype(np.float32) == numba.float32\n"
        "assert numba.njit(lambda x: literally(x) + 1)(3) == 4\n")
    assert out.returncode == 0, out.stderr
    assert "numba.core.cgutils.alloca_once" in out.stdout.splitlines()[0]


@pytest.mark.skipif(platform.machine() != "x86_64", reason="x86-64 assembly")
def test_intrinsic_with_inline_assembly():
    # The CPU targets register their assembly parsers: inline assembly
    # aborted the process before ("we don't have an asm parser").
    @intrinsic
    def add_asm(typingctx, a, b):
        sig = types.int64(types.int64, types.int64)

        def codegen(context, builder, signature, args):
            fty = ir.FunctionType(ir.IntType(64), [ir.IntType(64), ir.IntType(64)])
            return builder.asm(fty, "leaq ($1,$2), $0", "=r,r,r", args, side_effect=False)
        return sig, codegen

    @njit
    def f(a, b):
        return add_asm(a, b)

    assert f(3, 4) == 7 and f(-10, 4) == -6
