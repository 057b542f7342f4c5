"""nogil=True: compiled code runs while other Python threads run."""
import threading

import numpy as np

from pyrite import njit


def busy_sum(a, repeats):
    s = 0.0
    for _ in range(repeats):
        for i in range(a.shape[0]):
            s += a[i]
    return s


def test_threads_run_compiled_code_concurrently_and_correctly():
    f = njit(nogil=True)(busy_sum)
    a = np.arange(10_000, dtype=np.float64)
    want = busy_sum(a, 3)
    assert f(a, 3) == want
    results = [None] * 4

    def work(k):
        results[k] = f(a, 3)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [want] * 4


def raises(x):
    return 1 // x


def test_exceptions_cross_threads_intact():
    f = njit(nogil=True)(raises)
    errors = []

    def work():
        try:
            f(0)
        except ZeroDivisionError as e:
            errors.append(str(e))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == ["integer division by zero"] * 3
