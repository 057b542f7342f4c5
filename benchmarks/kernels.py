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


def jacobi_2d(u, steps):
    """A 5-point Jacobi stencil with two buffers swapped every sweep."""
    a = u.copy()
    b = u.copy()
    n, m = a.shape
    for _ in range(steps):
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                b[i, j] = 0.25 * (a[i - 1, j] + a[i + 1, j] + a[i, j - 1] + a[i, j + 1])
        a, b = b, a
    return a


def nbody(pos, vel, mass, dt, steps):
    """Gravitational n-body steps written the usual way: one long loop body
    over pairs (its jumps need EXTENDED_ARG), then the kinetic energy."""
    pos = pos.copy()
    vel = vel.copy()
    n = pos.shape[0]
    for _ in range(steps):
        for i in range(n):
            xi = pos[i, 0]
            yi = pos[i, 1]
            zi = pos[i, 2]
            ax = 0.0
            ay = 0.0
            az = 0.0
            for j in range(n):
                if j != i:
                    dx = pos[j, 0] - xi
                    dy = pos[j, 1] - yi
                    dz = pos[j, 2] - zi
                    r2 = dx * dx + dy * dy + dz * dz + 1e-9
                    r = math.sqrt(r2)
                    inv = mass[j] / (r2 * r)
                    ax += dx * inv
                    ay += dy * inv
                    az += dz * inv
            vel[i, 0] += dt * ax
            vel[i, 1] += dt * ay
            vel[i, 2] += dt * az
        for i in range(n):
            pos[i, 0] += dt * vel[i, 0]
            pos[i, 1] += dt * vel[i, 1]
            pos[i, 2] += dt * vel[i, 2]
    e = 0.0
    for i in range(n):
        e += 0.5 * mass[i] * (vel[i, 0] * vel[i, 0] + vel[i, 1] * vel[i, 1]
                              + vel[i, 2] * vel[i, 2])
    return e


def fib(n):
    """Recursion: each call of the compiled function calls itself."""
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def word_count(text, word):
    """String processing: split a text into words and count one of them."""
    count = 0
    total = 0
    for w in text.split():
        total += len(w)
        if w == word:
            count += 1
    return count * 1_000_000 + total


def list_build(n):
    """A list grown by append and read back."""
    out = []
    for i in range(n):
        out.append(i * 0.5)
    s = 0.0
    for v in out:
        s += v
    return s + len(out)


def list_sort(n):
    """sorted() of a list of pseudo-random integers (a linear congruence)."""
    values = []
    x = 12345
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        values.append(x)
    ordered = sorted(values)
    return ordered[n // 2]


def string_build(n):
    """str() of integers joined by commas."""
    parts = []
    for i in range(n):
        parts.append(str(i))
    return len(",".join(parts))


def thirds_squared(n):
    """The squares of the numbers below n that 3 does not divide, one at a time."""
    for i in range(n):
        if i % 3:
            yield i * i


def generator_sum(n):
    """A generator function consumed by a for loop."""
    s = 0
    for v in thirds_squared(n):
        s += v
    return s


generator_sum.helpers = ("thirds_squared",)


def closure_sort(n):
    """sorted() with a key lambda that reads a variable of the function."""
    values = []
    x = 12345
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        values.append(x)
    mid = 1 << 30
    ordered = sorted(values, key=lambda v: abs(v - mid))
    return ordered[n // 2]


def dict_count(text):
    """Counting words in a dict (Numba types `{}` as its typed.Dict), then
    walking its items."""
    counts = {}
    for w in text.split():
        if w in counts:
            counts[w] += 1
        else:
            counts[w] = 1
    best = 0
    for k, v in counts.items():
        if v > best:
            best = v
    return best * 1000 + len(counts)


def dict_int_keys(n):
    """A dict of int keys filled, looked up and walked (a histogram)."""
    counts = {}
    x = 12345
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        k = x % 4096
        if k in counts:
            counts[k] += 1
        else:
            counts[k] = 1
    s = 0
    for k in counts:
        s += counts[k] * k
    return s


def mandelbrot(width, height, max_iter):
    """Complex arithmetic: escape counts of a grid of complex numbers."""
    total = 0
    for y in range(height):
        for x in range(width):
            c = complex(-2.0 + 3.0 * x / width, -1.5 + 3.0 * y / height)
            z = 0j
            n = 0
            while n < max_iter and abs(z) <= 2.0:
                z = z * z + c
                n += 1
            total += n
    return total


def safe_ratios(a, b):
    """try/except in a hot loop: integer ratios with a handler for zero
    divisors (one in 16 here). Numba compiles `except Exception` only."""
    total = 0
    for i in range(len(a)):
        try:
            total += int(a[i]) // int(b[i])  # Python ints: CPython raises too
        except Exception:
            total -= 1
    return total


class Particle:
    """A jitclass in the benchmarks (spec in particles.jitclasses): each JIT
    compiles it with its own @jitclass; CPython runs it as written."""

    def __init__(self, x, v, m):
        self.x = x
        self.v = v
        self.m = m

    def step(self, dt, force):
        self.v += dt * force / self.m
        self.x += dt * self.v

    def energy(self):
        return 0.5 * self.m * self.v * self.v + 0.5 * self.x * self.x


def particles(n, steps):
    """jitclass-heavy: n instances made in compiled code, kept in a list,
    a method call and attribute reads and writes per particle per step."""
    ps = [Particle(i * 0.001, 0.0, 1.0 + i % 3) for i in range(n)]
    for _ in range(steps):
        for p in ps:
            p.step(0.01, -p.x)
    e = 0.0
    for p in ps:
        e += p.energy()
    return e


particles.jitclasses = {"Particle": (Particle, [("x", "float64"), ("v", "float64"),
                                                ("m", "float64")])}


def array_expression(a, b, c):
    return a * b + np.sin(c) - np.exp(-a) * 0.5


def matmul(a, b):
    return a @ b


def linalg_solve(a, b):
    return np.linalg.solve(a, b)


def sort(a):
    return np.sort(a)


def histogram(a):
    return np.histogram(a, 100)[0]


def sum_float32(a):
    return a.sum()


def _rng():
    return np.random.default_rng(0)


_WORDS = ("the quick brown fox jumps over the lazy dog and the cat " * 20_000)


KERNELS = [
    ("fast_sum", fast_sum, lambda s: (_rng().random(10_000_000 // s),)),
    ("monte_carlo_pi", monte_carlo_pi, lambda s: (10_000_000 // s,)),
    ("matmul_loops", matmul_loops,
     lambda s: (_rng().random((200 // s, 200)), _rng().random((200, 200)),
                np.zeros((200 // s, 200)))),
    ("integrate_sin", integrate_sin, lambda s: (2_000_000 // s,)),
    ("collatz_steps", collatz_steps, lambda s: (300_000 // s,)),
    ("norm_expr", norm_expr, lambda s: (_rng().random(5_000_000 // s), _rng().random(5_000_000 // s))),
    ("jacobi_2d", jacobi_2d, lambda s: (_rng().random((500, 500)), 40 // s)),
    ("nbody", nbody, lambda s: (_rng().random((200, 3)), _rng().random((200, 3)) * 0.01,
                                _rng().random(200), 0.001, 100 // s)),
    ("fib", fib, lambda s: (27 - (s > 1) * 5,)),
    ("word_count", word_count, lambda s: (_WORDS[:len(_WORDS) // s], "the")),
    ("list_build", list_build, lambda s: (2_000_000 // s,)),
    ("list_sort", list_sort, lambda s: (500_000 // s,)),
    ("string_build", string_build, lambda s: (500_000 // s,)),
    ("generator_sum", generator_sum, lambda s: (2_000_000 // s,)),  # below int64 overflow
    ("closure_sort", closure_sort, lambda s: (500_000 // s,)),
    ("dict_count", dict_count, lambda s: (_WORDS[:len(_WORDS) // s],)),
    ("dict_int_keys", dict_int_keys, lambda s: (2_000_000 // s,)),
    ("mandelbrot", mandelbrot, lambda s: (400 // s, 400, 200)),
    ("particles", particles, lambda s: (2000 // s, 200)),
    ("safe_ratios", safe_ratios,
     lambda s: (np.arange(2_000_000 // s) * 7 + 1, np.arange(2_000_000 // s) % 16)),
    ("array_expression", array_expression,
     lambda s: tuple(_rng().random((3, 5_000_000 // s)))),
    ("matmul_512", matmul, lambda s: (_rng().random((512, 512)), _rng().random((512, 512)))),
    ("linalg_solve_500", linalg_solve,
     lambda s: (_rng().random((500, 500)) + 500 * np.eye(500), _rng().random(500))),
    ("sort_10M", sort, lambda s: (_rng().random(10_000_000 // s),)),
    ("histogram_10M", histogram, lambda s: (_rng().standard_normal(10_000_000 // s),)),
    ("sum_float32_10M", sum_float32,
     lambda s: (_rng().random(10_000_000 // s).astype(np.float32),)),
]

# Kernels whose results legitimately differ between JITs beyond rtol 1e-12:
# a float32 sum in another order (run.py reports each one's accuracy), and
# BLAS/LAPACK builds that order their sums differently.
TOLERANCE = {"sum_float32_10M": 1e-5, "matmul_512": 1e-10, "linalg_solve_500": 1e-10}
