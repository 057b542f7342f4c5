"""Rebinding variables that hold arrays: every way a local holding a
reference is overwritten keeps the values still in use alive and frees the
rest. Each function runs many times (heap corruption shows up as a crash or a
wrong value) and is compared with CPython; live allocations must return to
where they started."""
import numpy as np
import pytest

import pyrite


def ping_pong(x, steps):
    cur = x.copy()
    nxt = np.empty_like(x)
    for _ in range(steps):
        for i in range(1, x.shape[0] - 1):
            nxt[i] = 0.5 * (cur[i - 1] + cur[i + 1])
        nxt[0] = cur[0]
        nxt[-1] = cur[-1]
        cur, nxt = nxt, cur
    return cur


def ping_pong_2d(u, steps):
    a = u.copy()
    b = u.copy()
    for _ in range(steps):
        for i in range(1, a.shape[0] - 1):
            for j in range(1, a.shape[1] - 1):
                b[i, j] = 0.25 * (a[i - 1, j] + a[i + 1, j] + a[i, j - 1] + a[i, j + 1])
        a, b = b, a
    return a


def rotate_three(x, steps):
    a = x.copy()
    b = x + 1.0
    c = x + 2.0
    for _ in range(steps):
        a, b, c = b, c, a
    return a.sum() + 10 * b.sum() + 100 * c.sum()


def loop_carried(x, n):
    acc = x.copy()
    for k in range(n):
        acc = acc + x * k
    return acc


def join_select(x, flag):
    a = x * 2.0
    b = x - 1.0
    c = a if flag else b
    d = b if flag else a
    return c - d


def branch_rebind(x, n):
    out = x.copy()
    for k in range(n):
        if k % 2 == 0:
            out = out + 1.0
        else:
            tmp = out
            out = tmp * 2.0
    return out


def view_of_itself(x):
    a = x.copy()
    for _ in range(3):
        a = a[1:]
    a = a[::2]
    return a


def view_of_argument(x):
    x = x[1:]
    x = x[:-1]
    return x


def return_one_of_several(x, which):
    a = x + 1.0
    b = x + 2.0
    c = x + 3.0
    if which == 0:
        return a
    if which == 1:
        return b
    return c


def tuple_swap(x):
    t = (x.copy(), x + 1.0)
    for _ in range(5):
        t = (t[1], t[0])
    return t[0] - t[1]


def swap_through_temp(x, steps):
    a = x.copy()
    b = x * 3.0
    for _ in range(steps):
        tmp = a
        a = b
        b = tmp
    return a - b


def enumerate_allocated(n):
    a = np.arange(n) * 1.0
    t = 0.0
    for i, v in enumerate(a):
        t += i * v
    for v, w in zip(a, a):
        t += v * w
    return a, t


def rows_of_allocated(n):
    m = np.ones((n, 3))
    t = 0.0
    for row in m:
        row = row * 2.0
        t += row.sum()
    return t, m


CASES = [
    (ping_pong, lambda: (np.linspace(0.0, 1.0, 17), 7)),
    (ping_pong_2d, lambda: (np.arange(36.0).reshape(6, 6), 4)),
    (rotate_three, lambda: (np.arange(5.0), 7)),
    (loop_carried, lambda: (np.arange(4.0), 5)),
    (join_select, lambda: (np.arange(4.0), True)),
    (join_select, lambda: (np.arange(4.0), False)),
    (branch_rebind, lambda: (np.arange(3.0), 6)),
    (view_of_itself, lambda: (np.arange(12.0),)),
    (view_of_argument, lambda: (np.arange(6.0),)),
    (return_one_of_several, lambda: (np.arange(3.0), 0)),
    (return_one_of_several, lambda: (np.arange(3.0), 1)),
    (return_one_of_several, lambda: (np.arange(3.0), 2)),
    (tuple_swap, lambda: (np.arange(4.0),)),
    (swap_through_temp, lambda: (np.arange(4.0), 3)),
    (enumerate_allocated, lambda: (6,)),
    (rows_of_allocated, lambda: (4,)),
]


def _check(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            _check(g, w)
    elif isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray) and got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)
    else:
        assert got == want


@pytest.mark.parametrize("fn,make_args", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_rebinding_matches_cpython(fn, make_args, live_allocations):
    compiled = pyrite.njit(fn)
    _check(compiled(*make_args()), fn(*make_args()))  # compile outside the count
    before = live_allocations()
    for _ in range(60):
        _check(compiled(*make_args()), fn(*make_args()))
    assert live_allocations() == before


def test_returned_views_keep_their_memory(live_allocations):
    compiled = pyrite.njit(view_of_itself)
    before = live_allocations()
    views = [compiled(np.arange(12.0)) for _ in range(20)]
    for v in views:
        np.testing.assert_array_equal(v, view_of_itself(np.arange(12.0)))
    del views, v
    assert live_allocations() == before
