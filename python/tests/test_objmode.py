"""`with objmode(...)` blocks (numba.objmode): each test runs the function
compiled and as plain Python (`.py_func`, where objmode does nothing) and
compares."""
import gc
import math

import numpy as np
import pytest

import pyrite
from pyrite import njit, objmode, types
from pyrite.errors import TypingError
from pyrite.experimental import jitclass


pytestmark = pytest.mark.usefixtures("no_leaks")


def same(fn, *args):
    compiled = njit(fn)
    got, want = compiled(*args), fn(*args)
    if isinstance(want, tuple):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            np.testing.assert_equal(g, w)
    else:
        np.testing.assert_equal(got, want)
    return got


def python_gamma(x):
    return math.gamma(x)


class Recorder:
    calls = []


def scalar_output(x):
    y = x * 2
    with objmode(out="float64"):
        out = python_gamma(y)
    return out + 1


def typed_with_type_objects(x):
    with objmode(out=types.int64, flag=types.boolean):
        out = int(x) * 3
        flag = out > 5
    return out, flag


def array_in_and_out(a):
    b = a + 1
    with objmode(c="float64[:]"):
        c = np.sort(b)[::-1].copy()
    return c.sum(), c


def string_output(n):
    with objmode(s="unicode_type"):
        s = ",".join(str(i) for i in range(n))
    return s + "!"


def tuple_output(x):
    with objmode(t="UniTuple(int64, 2)", z="complex128"):
        t = divmod(int(x), 3)
        z = complex(x, -x)
    return t[0] + t[1], z


def optional_output(x):
    with objmode(v="optional(float64)"):
        v = None if x < 0 else float(x)
    if v is None:
        return -1.0
    return v


def no_outputs_side_effect(n):
    total = 0
    for i in range(n):
        with objmode():
            Recorder.calls.append(i)
        total += i
    return total


def block_in_a_loop_reads_loop_variables(n):
    acc = 0.0
    for i in range(n):
        with objmode(r="float64"):
            r = math.sqrt(i) * 2
        acc += r
    return acc


def block_updates_a_variable(n):
    total = 1
    with objmode(total="int64"):
        total += n
    return total


def several_blocks(x):
    with objmode(a="int64"):
        a = x + 1
    b = a * 2
    with objmode(c="int64"):
        c = b + a
    return c


def block_reads_only_what_is_bound(x):
    if x > 0:
        y = x
    else:
        y = -x
    with objmode(z="int64"):
        w = y * 2     # w is the block's own
        z = w + 1
    return z


@pytest.mark.parametrize("fn, args", [
    (scalar_output, (2.5,)),
    (typed_with_type_objects, (1.0,)),
    (typed_with_type_objects, (4.0,)),
    (array_in_and_out, (np.array([3.0, 1.0, 2.0]),)),
    (string_output, (4,)),
    (tuple_output, (7.0,)),
    (optional_output, (-2,)),
    (optional_output, (3,)),
    (block_in_a_loop_reads_loop_variables, (5,)),
    (several_blocks, (3,)),
    (block_updates_a_variable, (4,)),
    (block_reads_only_what_is_bound, (-4,)),
])
def test_results_match_python(fn, args):
    same(fn, *args)


def test_block_runs_each_time_in_order():
    Recorder.calls.clear()
    assert njit(no_outputs_side_effect)(4) == 6
    assert Recorder.calls == [0, 1, 2, 3]


def test_print_inside_a_block(capsys):
    @njit
    def f(x):
        with objmode():
            print("value", x)
        return x
    f(3)
    assert capsys.readouterr().out == "value 3\n"


def test_array_output_is_shared_and_kept_alive():
    keep = {}

    @njit
    def f():
        with objmode(a="float64[:]"):
            a = np.arange(4.0)
            keep["a"] = a
        a[0] = 10.0
        return a
    out = f()
    assert keep["a"][0] == 10.0 and out[0] == 10.0
    keep.clear()
    gc.collect()
    np.testing.assert_array_equal(out, [10.0, 1.0, 2.0, 3.0])


def test_jitclass_instance_through_a_block():
    @jitclass([("v", types.int64)])
    class Box:
        def __init__(self, v):
            self.v = v

    @njit
    def f(b):
        with objmode(c=Box.class_type.instance_type):
            b.v += 1
            c = Box(b.v * 10)
        return c.v + b.v
    b = Box(1)
    assert f(b) == 20 + 2 and b.v == 2


def test_exception_in_a_block_propagates_with_its_class():
    @njit
    def f(x):
        with objmode(y="int64"):
            y = int("nope" if x < 0 else "5")
        return y
    assert f(1) == 5
    with pytest.raises(ValueError, match="invalid literal for int"):
        f(-1)


def test_exception_in_a_block_is_caught_by_compiled_try():
    @njit
    def f(x):
        try:
            with objmode(y="int64"):
                y = [1, 2][x]
        except IndexError as e:
            return -1, str(e)
        return y, ""
    assert f(1) == (2, "")
    assert f(5) == (-1, "list index out of range")


class BlockError(Exception):
    pass


def test_user_exception_from_a_block():
    @njit
    def f():
        with objmode():
            raise BlockError("from Python")
    with pytest.raises(BlockError, match="from Python"):
        f()


def test_output_of_the_wrong_type_raises_type_error():
    @njit
    def f():
        with objmode(y="int64"):
            y = "text"
        return y
    with pytest.raises(TypeError):
        f()


def test_output_never_assigned_raises():
    @njit
    def f(x):
        with objmode(y="int64"):
            if x > 0:
                y = 1
        return y
    assert f(1) == 1
    with pytest.raises(UnboundLocalError):
        f(-1)


def test_objmode_does_nothing_in_python():
    def f(x):
        with objmode(y="int64"):
            y = x + 1
        return y
    assert f(1) == 2
    assert njit(f).py_func is f


def test_nogil_function_with_a_block():
    @njit(nogil=True)
    def f(x):
        with objmode(y="float64"):
            y = math.pi * x
        return y
    assert f(2.0) == math.pi * 2.0


def test_inner_function_with_a_block():
    @njit
    def outer(n):
        def inner(k):
            with objmode(r="int64"):
                r = k * 100
            return r
        return inner(n) + 1
    assert outer(3) == 301


def test_numba_spelling():
    assert pyrite.objmode is objmode


@pytest.mark.parametrize("body, words", [
    ("def f(x):\n    with objmode(y='int64'):\n        return x\n",
     "`return` inside an objmode block"),
    ("def f(x):\n    for i in range(x):\n        with objmode():\n            break\n    return x\n",
     "`break` inside an objmode block"),
    ("def f(x):\n    with objmode(y='list(int64)'):\n        y = [x]\n    return y\n",
     "cannot give compiled code yet"),
    ("def f(x):\n    with objmode(y='no_such_type'):\n        y = x\n    return y\n",
     "is not a type pyrite knows"),
    ("def f(x):\n    with objmode('int64'):\n        y = x\n    return y\n",
     "takes its outputs by name"),
])
def test_refused_blocks(tmp_path, body, words):
    path = tmp_path / "mod.py"
    path.write_text("from pyrite import objmode\n" + body)
    namespace = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    with pytest.raises(TypingError, match=words) as e:
        njit(namespace["f"])(1)     # (the block's form is checked when decorated)
    assert str(path) in str(e.value)


def test_input_that_cannot_be_passed_to_python_is_a_typing_error():
    @njit
    def f(n):
        r = range(n)
        with objmode(k="int64"):
            k = len(r)
        return k
    with pytest.raises(TypingError, match="the objmode block reads 'r' of type range_state_int64"):
        f(3)


def test_output_type_defined_after_the_function():
    @njit
    def f(x):
        with objmode(y=LATER_TYPE):
            y = x * 2
        return y
    assert f(3) == 6


LATER_TYPE = types.int64


def test_not_of_an_optional_instance():
    @jitclass([("v", types.int64)])
    class Item:
        def __init__(self, v):
            self.v = v

    @njit
    def f(k):
        x = None if k < 0 else Item(k)
        return not x
    assert f(-1) is True and f(1) is False
