"""Target intrinsics: provided by plugins, refused by name on targets without them."""
import pytest

import pyrite.aot
from pyrite import errors, njit
from pyrite.intrinsics import Intrinsic, cycle_counter


def elapsed():
    start = cycle_counter()
    s = 0
    for i in range(10000):
        s += i * i
    return cycle_counter() - start, s


def test_cpu_cycle_counter_runs_and_advances():
    cycles, s = njit(elapsed)()
    assert s == sum(i * i for i in range(10000))
    assert cycles >= 0


def test_intrinsic_in_plain_python_raises():
    with pytest.raises(NotImplementedError):
        cycle_counter()


thread_x = Intrinsic("cuda.threadIdx.x")


def uses_gpu_intrinsic():
    return thread_x()


def test_gpu_intrinsic_under_cpu_target_names_the_target():
    with pytest.raises(errors.TypingError, match="intrinsic 'cuda.threadIdx.x' is not provided "
                                                "by target 'x86_64'") as info:
        njit(uses_gpu_intrinsic)()
    assert "test_intrinsics.py" in str(info.value)
    with pytest.raises(errors.TypingError, match="by target 'aarch64'"):
        pyrite.aot.compile_for("aarch64", [("f", uses_gpu_intrinsic, "int64()")], "/tmp/x.so")


def wrong_arity():
    return cycle_counter(1)


def test_intrinsic_arity_is_checked():
    with pytest.raises(errors.TypingError, match="takes 0 positional arguments"):
        njit(wrong_arity)()


@pytest.mark.parametrize("target", ["aarch64", "ppc64le"])
def test_cycle_counter_cross_compiles(tmp_path, target):
    info = pyrite.aot.compile_for(target, [("elapsed", elapsed, "()")],
                                  tmp_path / "k.so")
    assert info["elapsed"]["return"] == "UniTuple(int64 x 2)"
