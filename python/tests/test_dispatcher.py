"""The Dispatcher API, checked against Numba's dispatcher on the same functions."""
import platform

import numpy as np
import pytest

import pyrite
import pyrite as numba_alias            # the `import pyrite as numba` style
from pyrite import jit, njit, prange
from pyrite.types import float32, float64, int32, int64

from conftest import assert_same, numba_jit


def add(a, b):
    return a + b


def one_arg(x):
    return x * 2


# --- lazy compilation, one specialization per argument-type tuple ----------------------

def test_lazy_compilation_on_first_call():
    f = njit(add)
    assert f.signatures == [] and f.overloads == {} and f.nopython_signatures == []
    assert f(1, 2) == 3
    assert f.signatures == [(int64, int64)]
    assert len(f.overloads) == 1


def test_one_specialization_per_type_tuple():
    f, nf = njit(add), numba_jit(add)
    # numba_jit dispatchers are shared between tests: use a fresh one here
    numba = pytest.importorskip("numba")
    nf = numba.njit(add)
    calls = [(1, 2), (3, 4), (1.5, 2), (1.5, 2.5), (2.5, 3.5), (np.int32(1), np.int32(2)),
             (True, False), (1, 2.5), (7, 8)]
    for args in calls:
        assert_same(f(*args), nf(*args))
    assert [tuple(str(t) for t in s) for s in f.signatures] == \
        [tuple(str(t) for t in s) for s in nf.signatures]
    assert len(f.overloads) == len(nf.overloads) == len(set(f.signatures)) == 6
    assert [str(s) for s in f.nopython_signatures] == [str(s) for s in nf.nopython_signatures]


def test_overloads_keyed_by_signature():
    f = njit(add)
    f(1, 2)
    f(1.0, 2.0)
    assert set(f.overloads) == {(int64, int64), (float64, float64)}
    for sig, overload in f.overloads.items():
        assert tuple(overload.signature.args) == sig
        assert "define" in overload.library.get_llvm_str()


def test_nopython_signatures_print_like_numba():
    numba = pytest.importorskip("numba")
    f, nf = njit(one_arg), numba.njit(one_arg)
    g, ng = njit(add), numba.njit(add)
    for d in (f, nf):
        d(3)
        d(2.5)
    for d in (g, ng):
        d(3, 0.5)
    assert [str(s) for s in f.nopython_signatures] == [str(s) for s in nf.nopython_signatures]
    assert [str(s) for s in g.nopython_signatures] == [str(s) for s in ng.nopython_signatures]


def test_return_type_in_nopython_signatures():
    f = njit(add)
    f(1, 2.5)
    sig = f.nopython_signatures[0]
    assert sig.return_type == float64 and tuple(sig.args) == (int64, float64)


# --- eager compilation ---------------------------------------------------------------------

def array_sum(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def test_eager_string_signature_with_array():
    f = njit("float64(float64[:])")(array_sum)
    assert len(f.signatures) == 1              # compiled before any call
    a = np.arange(10.0)
    assert f(a) == array_sum(a)
    assert f(a[::3]) == array_sum(a[::3])      # float64[:] takes any layout
    assert len(f.signatures) == 1              # no new specialization
    with pytest.raises(TypeError):
        f(np.arange(10))                       # int64 array: no matching definition
    with pytest.raises(TypeError):
        f(np.arange(10.0, dtype=np.float32))


def test_eager_contiguous_signature():
    f = njit("float64(float64[::1])")(array_sum)
    a = np.arange(6.0)
    assert f(a) == array_sum(a)
    nf = pytest.importorskip("numba").njit("float64(float64[::1])")(array_sum)
    with pytest.raises(TypeError):
        nf(a[::2])
    with pytest.raises(TypeError):
        f(a[::2])


def test_eager_list_of_signatures():
    f = njit(["int64(int64)", "float64(float64)"])(one_arg)
    assert len(f.signatures) == 2
    assert_same(f(3), 6)
    assert_same(f(2.5), 5.0)
    assert_same(f(np.int32(4)), 8)             # int32 converts to int64
    assert_same(f(np.float32(1.5)), 3.0)       # float32 converts to float64
    assert len(f.signatures) == 2


def test_eager_signature_from_type_objects():
    f = njit(float64(int64))(one_arg)
    assert f.signatures == [(int64,)]
    assert_same(f(3), 6.0)                     # the declared return type converts
    nf = pytest.importorskip("numba").njit("float64(int64)")(one_arg)
    assert_same(f(3), nf(3))


def test_eager_jit_with_types_and_tuple():
    f = jit((int32, float32))(add)
    assert [str(t) for t in f.signatures[0]] == ["int32", "float32"]
    assert_same(f(np.int32(2), np.float32(0.5)), 2.5)


def half(x):
    return x / 2


def test_eager_float_signature_converts_int_arguments():
    f = njit("float64(float64)")(half)
    assert_same(f(3), 1.5)
    assert_same(f(True), 0.5)
    assert_same(f(np.int32(7)), 3.5)
    assert f.signatures == [(float64,)]


def test_eager_float_argument_to_int_signature_like_numba():
    """Numba converts 3.7 to int64 (truncating) for an int64-only dispatcher."""
    f = njit("int64(int64)")(one_arg)
    nf = pytest.importorskip("numba").njit("int64(int64)")(one_arg)
    assert_same(f(3.7), nf(3.7))


@pytest.mark.parametrize("bad", ["text", np.zeros(3), None, (1, 2), [1.0], 1j],
                         ids=lambda v: type(v).__name__)
def test_eager_incompatible_argument_raises_typeerror(bad):
    f = njit("float64(float64)")(half)
    nf = pytest.importorskip("numba").njit("float64(float64)")(half)
    with pytest.raises(TypeError):
        nf(bad)
    with pytest.raises(TypeError):
        f(bad)
    assert f.signatures == [(float64,)]


def test_eager_typing_error_at_decoration():
    with pytest.raises(pyrite.errors.TypingError):
        njit("float64(float64)")(array_sum)    # indexing a float


def test_compile_method():
    f = njit(add)
    f.compile("float64(float64, float64)")
    assert f.signatures == [(float64, float64)]
    assert f(1.0, 2.0) == 3.0
    assert_same(f(1, 2), 3)                    # still lazy: compiles int64 too
    assert len(f.signatures) == 2


# --- keyword arguments and defaults -------------------------------------------------------

def with_defaults(a, b=2, c=0.5):
    return a * b + c


@pytest.mark.parametrize("args,kwargs", [
    ((1,), {}), ((1, 3), {}), ((1, 3, 1.5), {}), ((), {"a": 4}), ((1,), {"c": 2.5}),
    ((), {"c": 1.0, "a": 2, "b": 5}), ((2.5,), {"b": 4}), ((1,), {"b": True}),
])
def test_keyword_arguments_and_defaults(args, kwargs):
    assert_same(njit(with_defaults)(*args, **kwargs), with_defaults(*args, **kwargs))


@pytest.mark.parametrize("args,kwargs", [((), {}), ((1, 2, 3, 4), {}), ((1,), {"d": 2}),
                                         ((1,), {"a": 2})])
def test_bad_call_signatures_raise_typeerror(args, kwargs):
    with pytest.raises(TypeError):
        with_defaults(*args, **kwargs)
    with pytest.raises(TypeError):
        njit(with_defaults)(*args, **kwargs)


def test_defaults_share_specializations():
    f = njit(with_defaults)
    f(1)
    f(1, 2)
    f(a=1, b=2, c=0.5)
    assert f.signatures == [(int64, int64, float64)]


# --- inspection ------------------------------------------------------------------------------

def scaled(a, k):
    return a[0] * k


def test_inspect_types_prints_typed_ir(capsys):
    f = njit(scaled)
    f(np.arange(3.0), 2)
    f.inspect_types()
    out = capsys.readouterr().out
    assert "scaled" in out
    assert "array(float64, 1d, C)" in out and "int64" in out and "float64" in out


def test_inspect_types_to_file():
    import io
    f = njit(add)
    f(1, 2)
    buf = io.StringIO()
    f.inspect_types(file=buf)
    assert "add" in buf.getvalue() and "int64" in buf.getvalue()


def test_inspect_llvm():
    f = njit(add)
    f(1, 2)
    f(1.0, 2.0)
    llvm = f.inspect_llvm()
    assert set(llvm) == set(f.signatures)
    for sig, text in llvm.items():
        assert "define" in text
    assert "fadd" in llvm[(float64, float64)]
    assert "add" in f.inspect_llvm((int64, int64))
    assert f.inspect_llvm((int64, int64)) == llvm[(int64, int64)]


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="x86 assembly")
def test_inspect_asm_is_x86():
    f = njit(add)
    f(1.0, 2.0)
    asm = f.inspect_asm((float64, float64))
    assert "ret" in asm
    assert "addsd" in asm or "vaddsd" in asm
    assert set(f.inspect_asm()) == {(float64, float64)}


# --- Numba-style usage -----------------------------------------------------------------------

@numba_alias.jit(nopython=True)
def jit_nopython(n):
    s = 0
    for i in range(n):
        s += i
    return s


@numba_alias.njit
def njit_bare(n):
    return n + 1


@numba_alias.njit()
def njit_called(n):
    return n + 2


@jit
def jit_bare(n):
    return n * 3


@njit(cache=True, fastmath=False, nogil=True, boundscheck=False)
def njit_options(n):
    return n - 1


@njit
def with_prange(n):
    s = 0
    for i in prange(n):
        s += i * i
    return s


def test_numba_style_decorators():
    assert jit_nopython(10) == sum(range(10))
    assert njit_bare(1) == 2
    assert njit_called(1) == 3
    assert jit_bare(2) == 6
    assert njit_options(5) == 4
    assert with_prange(100) == sum(i * i for i in range(100))


def test_numba_style_types_and_errors():
    assert numba_alias.types.float64 == float64
    assert str(numba_alias.types.float64[:]) == "array(float64, 1d, A)"
    assert str(numba_alias.types.int32[:, ::1]) == "array(int32, 2d, C)"
    assert issubclass(numba_alias.errors.TypingError, numba_alias.errors.NumbaError)
    assert issubclass(numba_alias.TypingError, Exception)


@pytest.mark.parametrize("name", ["float64", "float32", "int64", "int32", "boolean"])
def test_type_names_importable_from_the_top_level_like_numba(name):
    """`from numba import float64, int64` is how Numba code spells signatures."""
    numba = pytest.importorskip("numba")
    assert hasattr(numba, name)
    assert getattr(numba_alias, name) == getattr(numba_alias.types, name)


def test_dispatcher_attributes_like_numba():
    f = njit(with_defaults)
    nf = pytest.importorskip("numba").njit(with_defaults)
    assert f.py_func is nf.py_func is with_defaults
    assert f.__name__ == nf.__name__
    assert f.__doc__ == nf.__doc__
    assert f.__module__ == nf.__module__
    assert callable(f)


def test_fastmath_option_still_correct():
    f = njit(fastmath=True)(array_sum)
    a = np.arange(100.0)
    assert f(a) == array_sum(a)


def test_unknown_option_rejected_like_numba():
    nb = pytest.importorskip("numba")
    with pytest.raises(KeyError):
        nb.njit(not_an_option=True)(add)(1, 2)
    with pytest.raises(KeyError):
        njit(not_an_option=True)(add)
