"""Benchmark kernels: plain Python functions, compiled by each JIT under test.

Each entry of KERNELS is (name, function, make_args(scale)) where `scale`
shrinks the input for quick runs; the same arguments go to every JIT.
"""
import math
import random

import numpy as np


def fast_sum(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def monte_carlo_pi(nsamples):
    acc = 0
    for i in range(nsamples):
        x = random.random()
        y = random.random()
        if (x ** 2 + y ** 2) < 1.0:
            acc += 1
    return 4.0 * acc / nsamples


def matmul_loops(a, b, out):
    n, k = a.shape
    m = b.shape[1]
    for i in range(n):
        for j in range(m):
            s = 0.0
            for p in range(k):
                s += a[i, p] * b[p, j]
            out[i, j] = s
    return out[0, 0]


def integrate_sin(n):
    h = math.pi / n
    s = 0.0
    for i in range(n):
        s += math.sin((i + 0.5) * h)
    return s * h


def collatz_steps(limit):
    best = 0
    for start in range(1, limit):
        n = start
        steps = 0
        while n != 1:
            if n % 2 == 0:
                n = n // 2
            else:
                n = 3 * n + 1
            steps += 1
        if steps > best:
            best = steps
    return best


def norm_expr(x, y):
    return np.sqrt(x * x + y * y) * 0.5 + 1.0


def add(a, b):
    return a + b


def _rng():
    return np.random.default_rng(0)


KERNELS = [
    ("fast_sum", fast_sum, lambda s: (_rng().random(10_000_000 // s),)),
    ("monte_carlo_pi", monte_carlo_pi, lambda s: (10_000_000 // s,)),
    ("matmul_loops", matmul_loops,
     lambda s: (_rng().random((200 // s, 200)), _rng().random((200, 200)),
                np.zeros((200 // s, 200)))),
    ("integrate_sin", integrate_sin, lambda s: (2_000_000 // s,)),
    ("collatz_steps", collatz_steps, lambda s: (300_000 // s,)),
    ("norm_expr", norm_expr, lambda s: (_rng().random(5_000_000 // s), _rng().random(5_000_000 // s))),
]
