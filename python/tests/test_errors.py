"""Unsupported code raises TypingError / UnsupportedError (NumbaError
subclasses) naming the file, the line and the source text; the interpreter
never crashes. Exceptions raised by compiled code behave as in CPython."""
import inspect
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import pyrite
from pyrite import njit
from pyrite.errors import NumbaError, TypingError, UnsupportedError

from conftest import numba_jit

THIS_FILE = os.path.basename(__file__)


def not_jitted(x):
    return x + 1


# Each function marks the lines an error may point at with "# <-".

def set_comprehension_here(n):
    return {[i] for i in range(n)}  # <-


class _Resource:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


RESOURCE = _Resource()


def with_statement(x):
    with RESOURCE:  # <-
        y = 10 // x  # <-
    return y


def exception_group(x):
    try:  # <-
        y = 10 // x  # <-
    except* ZeroDivisionError:  # <-
        y = 0  # <-
    return y


def try_except(x):
    try:
        y = 10 // x
    except ZeroDivisionError:
        y = 0
    return y


def set_argument(s):  # <-
    return s  # <-


def dict_literal(x):
    d = {}  # <-
    d[[1]] = x  # <-
    return x


def dict_argument(d):  # <-
    return d[1]  # <-


def float_memoryview_argument(values):  # <-
    return values[0]  # <-


def unknown_global_function(x):
    return undefined_function_xyz(x) + 1  # noqa: F821  # <-


def plain_python_function(x):
    return not_jitted(x)  # <-


def unsupported_module_function(x):
    return os.getcwd()  # <-


def array_truth(a):
    return 1 if a else 0  # <-


def stale_closure(x):
    k = x
    f = lambda y: k * y  # noqa: E731
    k = 2
    return f(2)  # <-


def two_functions_in_one_variable(x):
    if x:
        f = lambda y: y  # noqa: E731
    else:
        f = lambda y: y + 1  # noqa: E731  # <-
    return f(2)


def unknown_attribute(a):
    return a.no_such_attribute  # <-


def unify_array_and_int(a, flag):
    if flag:
        r = a
    else:
        r = 0  # <-
    return r  # <-


def bytes_constant_result(x):
    return b"abc"  # <-


CASES = [
    (set_comprehension_here, (5,)),
    (with_statement, (2,)),
    (exception_group, (2,)),
    (set_argument, (frozenset({1, 2}),)),
    (dict_literal, (1,)),
    (dict_argument, ({1: [2]},)),
    (float_memoryview_argument, (memoryview(np.arange(3.0)),)),
    (unknown_global_function, (1,)),
    (plain_python_function, (1,)),
    (unsupported_module_function, (1,)),
    (array_truth, (np.arange(3),)),
    (stale_closure, (1,)),
    (two_functions_in_one_variable, (1,)),
    (unknown_attribute, (np.arange(3),)),
    (unify_array_and_int, (np.arange(3), True)),
    (bytes_constant_result, (1,)),
]


def marked_lines(fn):
    lines, start = inspect.getsourcelines(fn)
    return {start + k: line.split("#")[0].strip()
            for k, line in enumerate(lines) if line.rstrip().endswith("# <-")}


@pytest.mark.parametrize("fn,args", CASES, ids=[f.__name__ for f, _ in CASES])
def test_error_names_file_line_and_source(fn, args):
    with pytest.raises(NumbaError) as exc:
        njit(fn)(*args)
    err = exc.value
    assert isinstance(err, (TypingError, UnsupportedError)), type(err)
    message = str(err)
    assert THIS_FILE in message, message
    marks = marked_lines(fn)
    hits = [n for n in marks if f"line {n}" in message]
    assert hits, f"none of lines {sorted(marks)} named in:\n{message}"
    assert any(marks[n] in message for n in hits), message


@pytest.mark.parametrize("fn,args", CASES, ids=[f.__name__ for f, _ in CASES])
def test_error_is_raised_on_every_call(fn, args):
    f = njit(fn)
    for _ in range(2):
        with pytest.raises(NumbaError):
            f(*args)


def set_comprehension(n):
    return {[i] for i in range(n)}


def generator_expression_reads_a_changed_variable(n):
    k = 1
    g = (i * k for i in range(n))
    k = n
    return sum(g)


@pytest.mark.parametrize("fn,message", [
    (set_comprehension, "unhashable set item type list(int64)"),
    (with_statement, "`with` statements are not supported"),
    (exception_group, "`except*` (exception groups) is not supported"),
], ids=lambda v: getattr(v, "__name__", ""))
def test_message_is_the_same_in_every_cpython_version(fn, message):
    """CPython 3.11-3.13 compile these differently (3.12 inlines
    comprehensions, 3.13 builds closures with LOAD_FAST); the error is one."""
    with pytest.raises(NumbaError, match=re.escape(message)):
        njit(fn)(3)


@pytest.mark.parametrize("fn,message", [
    (generator_expression_reads_a_changed_variable, "assigned again since"),
    (stale_closure, "reads 'k', assigned again since"),
], ids=lambda v: getattr(v, "__name__", ""))
def test_stale_closure_message_is_the_same_in_every_cpython_version(fn, message):
    with pytest.raises(TypingError, match=re.escape(message)):
        njit(fn)(3)


def test_typing_error_hierarchy():
    assert issubclass(TypingError, NumbaError) and issubclass(UnsupportedError, NumbaError)
    assert pyrite.TypingError is TypingError and pyrite.NumbaError is NumbaError
    assert pyrite.UnsupportedError is UnsupportedError


def try_except_generic(x):
    try:
        y = 10 // x
    except Exception:
        y = -1
    return y


@pytest.mark.parametrize("fn", [try_except, try_except_generic])
def test_try_except_runs_its_handler_as_cpython(fn):
    """The ZeroDivisionError never escapes the `except` clause
    (test_try_except.py has the rest)."""
    f = njit(fn)
    assert f(0) == fn(0)
    assert f(2) == fn(2)


def test_failed_specialization_does_not_break_others():
    f = njit(array_truth)
    with pytest.raises(TypingError):
        f(np.arange(3))
    assert f(5) == 1               # an int's truth compiles fine
    with pytest.raises(TypingError):
        f(np.arange(3.0))


# --- exceptions raised by compiled code ----------------------------------------------

def raise_value_error(x):
    if x < 0:
        raise ValueError("x must be non-negative")
    return x * 2


def raise_bare_class(x):
    if x > 10:
        raise IndexError
    return x


def raise_runtime_error_in_loop(n):
    total = 0
    for i in range(n):
        if i == 7:
            raise RuntimeError("stopped at seven")
        total += i
    return total


@pytest.mark.parametrize("fn,arg,exc_type", [
    (raise_value_error, -1, ValueError), (raise_bare_class, 11, IndexError),
    (raise_runtime_error_in_loop, 10, RuntimeError),
])
def test_raise_in_compiled_code_matches_cpython(fn, arg, exc_type):
    with pytest.raises(exc_type) as python_exc:
        fn(arg)
    with pytest.raises(exc_type) as pyrite_exc:
        njit(fn)(arg)
    assert type(pyrite_exc.value) is type(python_exc.value)
    assert pyrite_exc.value.args == python_exc.value.args
    assert njit(fn)(3) == fn(3)


def test_raise_matches_numba():
    with pytest.raises(ValueError) as numba_exc:
        numba_jit(raise_value_error)(-5)
    with pytest.raises(ValueError) as pyrite_exc:
        njit(raise_value_error)(-5)
    assert str(pyrite_exc.value) == str(numba_exc.value)


# --- the interpreter survives: subprocesses ------------------------------------------------

SCRIPT = textwrap.dedent('''
    import numpy as np
    import pyrite
    from pyrite import njit

    def comp(n):
        return {[i] for i in range(n)}

    def add(a, b):
        return a + b

    def div(a, b):
        return a // b

    def getd(d):
        return d[1]

    def inner(x):
        g = lambda y: x + y
        x = 2
        return g(1)

    def unknown(x):
        return nosuchfunction(x)

    caught = 0
    for fn, args in [(comp, (3,)), (add, ("a", 1)), (add, (np.zeros(2), [1])),
                     (getd, ({1: [2]},)), (inner, (1,)), (unknown, (2,))]:
        for _ in range(3):
            try:
                njit(fn)(*args)
            except pyrite.errors.NumbaError:
                caught += 1
    try:
        njit(div)(1, 0)
    except ZeroDivisionError:
        caught += 1
    print("caught", caught, "still alive", njit(add)(2, 3))
''')


def run_python(code):
    root = os.path.dirname(os.path.dirname(os.path.abspath(pyrite.__file__)))
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=300)


def test_errors_in_a_subprocess_exit_normally():
    proc = run_python(SCRIPT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "caught 19 still alive 5", proc.stdout + proc.stderr


def test_uncaught_typing_error_is_a_normal_python_exit(tmp_path):
    script = tmp_path / "uncaught.py"
    script.write_text(textwrap.dedent('''
        from pyrite import njit
        def f(n):
            return {[n]}
        njit(f)(1)
    '''))
    proc = run_python(f"import runpy; runpy.run_path({str(script)!r})")
    assert proc.returncode == 1, (proc.returncode, proc.stderr)    # not a signal
    assert "Error" in proc.stderr and "Traceback" in proc.stderr
    assert "uncaught.py" in proc.stderr and "line 4" in proc.stderr
    assert "return {[n]}" in proc.stderr
