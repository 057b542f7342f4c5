"""Arrays: indexing in 1-3 dimensions on C-contiguous, strided, sliced,
reversed, transposed and Fortran-ordered inputs; writes through any of them
(the argument arrays are compared after the call); views made inside the
kernel; allocation with np.zeros/ones/empty/arange/*_like and arrays
returned; attributes; iteration.

Array elements in the reference are NumPy scalars: a kernel whose
arithmetic would differ between NumPy scalars and Numba's typing (int32
elements wrap at 32 bits in NumPy, Numba computes at int64; a float32
element with a Python float stays float32 in NumPy, Numba gives float64)
converts explicitly (`float(a[i])`) or says so with `expect=`.
"""
import numpy as np

from ..suite import Case

rng = np.random.RandomState(20240601)
V = rng.standard_normal(19)
M = rng.standard_normal((6, 7))
T = rng.standard_normal((4, 6, 5))
IV = rng.randint(-1000, 1000, 23).astype(np.int64)
IM = rng.randint(-50, 50, (5, 4)).astype(np.int64)
V32 = rng.standard_normal(13).astype(np.float32)
M32 = rng.standard_normal((4, 5)).astype(np.float32)
I32 = rng.randint(-10**6, 10**6, 11).astype(np.int32)
B = rng.rand(15) > 0.5


def layouts_1d(a):
    """contiguous, every other element, reversed, a middle slice, empty"""
    return [a, a[::2], a[::-1], a[3:-4], a[:0]]


def layouts_2d(m):
    """C, transposed, strided both ways, reversed rows, Fortran order"""
    return [m, m.T, m[::2, ::3], m[::-1, 1:], np.asfortranarray(m)]


def layouts_3d(t):
    return [t, t.transpose(2, 0, 1), t[:, ::2, ::-1], t[1:3, :, 1::2]]


def one(xs):
    return [(x,) for x in xs]


# --- reading --------------------------------------------------------------------------------
def sum_1d(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def sum_1d_int(a):
    s = 0
    for i in range(len(a)):
        s += a[i]
    return s


def ends(a):
    return a[0] + 10 * a[-1] + 100 * a[len(a) // 2]


def weighted_2d(m):
    s = 0.0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            s += m[i, j] * (i + 1) - m[i, j] * j
    return s


def weighted_3d(t):
    s = 0.0
    for i in range(t.shape[0]):
        for j in range(t.shape[1]):
            for k in range(t.shape[2]):
                s += t[i, j, k] * ((i * 7 + j * 3 + k) % 5 - 2)
    return s


def matvec(m, v):
    out = np.zeros(m.shape[0])
    for i in range(m.shape[0]):
        acc = 0.0
        for j in range(m.shape[1]):
            acc += m[i, j] * v[j]
        out[i] = acc
    return out


def row_iteration(m):
    s = 0.0
    k = 1.0
    for row in m:
        for x in row:
            s += x * k
        k = -k
    return s


def enumerate_zip(a, b):
    s = 0.0
    for i, x in enumerate(a):
        s += i * x
    for x, y in zip(a, b):
        s += x * y
    return s


def attributes(m):
    return m.shape[0], m.shape[1], m.size, m.ndim, m.itemsize


def float32_elementwise(a, b):
    # float32 * float32 stays float32 (NumPy and Numba agree); float() widens
    s = 0.0
    for i in range(a.shape[0]):
        s += float(a[i] * b[i])
    return s


def int32_elements(a):
    s = 0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def count_true(b):
    n = 0
    for i in range(b.shape[0]):
        if b[i]:
            n += 1
    return n


def view_inside(a):
    v = a[2:-2:3]
    w = a[::-1]
    return v[0] + v[-1] + w[0] + len(v) + len(w)


def view_2d_inside(m):
    r = m[1]
    c = m[:, 2]
    sub = m[1:, ::2]
    return r[0] + r[-1] + c[0] + c[-1] + sub[0, 0] + sub[-1, -1] + sub.shape[1]


# --- writing --------------------------------------------------------------------------------
def scale_inplace(a, f):
    for i in range(a.shape[0]):
        a[i] *= f


def scale_2d_inplace(m):
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            m[i, j] = m[i, j] * 2.0 + i - j


def write_3d(t):
    for i in range(t.shape[0]):
        for j in range(t.shape[1]):
            for k in range(t.shape[2]):
                t[i, j, k] = i * 100 + j * 10 + k


def fill_slice(a, v):
    a[1:-1] = v
    a[::4] = -v


def copy_slice(a, b):
    a[::2] = b
    return a[1]


def negative_index_write(a):
    a[-1] = a[0]
    a[-2] += 1.5
    return a[-3]


def int_write(a):
    for i in range(a.shape[0]):
        a[i] = a[i] * 3 - i


def bool_write(b):
    for i in range(b.shape[0]):
        b[i] = not b[i]


def float32_write(a):
    for i in range(a.shape[0]):
        a[i] = a[i] * a[i]


def swap_rows(m):
    for j in range(m.shape[1]):
        t = m[0, j]
        m[0, j] = m[m.shape[0] - 1, j]
        m[m.shape[0] - 1, j] = t


# --- allocation and returned arrays ---------------------------------------------------------
def zeros_filled(n):
    a = np.zeros(n)
    for i in range(n):
        a[i] = i * 0.5
    return a


def ones_2d(n, m):
    a = np.ones((n, m))
    a[0, 0] = 7.0
    return a


def zeros_int(n):
    a = np.zeros(n, dtype=np.int64)
    for i in range(n):
        a[i] = i * i
    return a


def ones_int32(n):
    return np.ones(n, dtype=np.int32)


def empty_filled(n):
    a = np.empty(n)
    for i in range(n):
        a[i] = -i
    return a


def arange_1(n):
    return np.arange(n)


def arange_float(start, stop, step):
    return np.arange(start, stop, step)


def empty_like_transposed(m):
    out = np.empty_like(m)
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            out[i, j] = m[i, j] + 1.0
    return out


def zeros_like_ones_like(a):
    z = np.zeros_like(a)
    o = np.ones_like(a)
    for i in range(a.shape[0]):
        z[i] = a[i] * o[i] + o[i]
    return z


def copy_return(m):
    c = m.copy()
    c[0, 0] = 99.0
    return c


def transpose_into(m):
    out = np.zeros((m.shape[1], m.shape[0]))
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            out[j, i] = m[i, j]
    return out


def allocate_3d(n):
    t = np.zeros((n, n + 1, 2))
    for i in range(n):
        for j in range(n + 1):
            t[i, j, 0] = i - j
            t[i, j, 1] = i * j
    return t


def return_view(a):
    return a[1:-1]


def two_arrays(n):
    return np.arange(n), np.ones(n)


def cumulative(a):
    out = np.empty_like(a)
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
        out[i] = s
    return out


def float32_alloc(a):
    out = np.zeros(a.shape[0], dtype=np.float32)
    for i in range(a.shape[0]):
        out[i] = a[i] * a[i]
    return out


CASES = [
    Case("sum_1d", sum_1d, "float64(float64[:])", one(layouts_1d(V)), tags={"array"}),
    Case("sum_1d_int", sum_1d_int, "int64(int64[:])", one(layouts_1d(IV)), tags={"array"}),
    Case("sum_1d_contiguous", sum_1d, "float64(float64[::1])", [(V,), (V[:0],)],
         tags={"array"}),
    Case("index_ends", ends, "float64(float64[:])", one(layouts_1d(V)[:4]), tags={"array"}),
    Case("weighted_2d", weighted_2d, "float64(float64[:, :])", one(layouts_2d(M)),
         tags={"array"}),
    Case("weighted_2d_contiguous", weighted_2d, "float64(float64[:, ::1])", [(M,)],
         tags={"array"}),
    Case("weighted_3d", weighted_3d, "float64(float64[:, :, :])", one(layouts_3d(T)),
         tags={"array"}),
    Case("matvec", matvec, "(float64[:, :], float64[:])",
         [(m, V[:m.shape[1]]) for m in layouts_2d(M)] + [(M.T, V[::-3][:6])],
         tags={"array", "alloc"}),
    Case("row_iteration", row_iteration, "float64(float64[:, :])", one(layouts_2d(M)),
         tags={"array", "loop"}),
    Case("enumerate_zip", enumerate_zip, "float64(float64[:], float64[:])",
         [(V, V[::-1]), (V[::2], V[1::2]), (V[:3], V[5:])], tags={"array", "loop"}),
    Case("attributes", attributes, "(float64[:, :],)", one(layouts_2d(M)), tags={"array"}),
    Case("float32_elementwise", float32_elementwise, "float64(float32[:], float32[:])",
         [(V32, V32[::-1]), (V32[::3][:4], V32[1::3][::-1]), (V32[1::3], V32[:4])], tags={"array", "float32"}),
    Case("int32_elements", int32_elements, "int64(int32[:])", one(layouts_1d(I32)),
         tags={"array"}),
    Case("bool_elements", count_true, "int64(bool[:])", one(layouts_1d(B)), tags={"array"}),
    Case("view_inside", view_inside, "float64(float64[:])", [(V,), (V[::-2],)],
         tags={"array", "view"}),
    Case("view_2d_inside", view_2d_inside, "float64(float64[:, :])", one(layouts_2d(M)[:4]),
         tags={"array", "view"}),

    Case("scale_inplace", scale_inplace, "none(float64[:], float64)",
         [(a, 2.5) for a in layouts_1d(V)], tags={"array", "write"}),
    Case("scale_2d_inplace", scale_2d_inplace, "none(float64[:, :])", one(layouts_2d(M)),
         tags={"array", "write"}),
    Case("write_3d", write_3d, "none(float64[:, :, :])", one(layouts_3d(T)),
         tags={"array", "write"}),
    Case("fill_slice", fill_slice, "none(float64[:], float64)",
         [(V, 3.0), (V[::-1], -1.0), (V[::3], 0.5)], tags={"array", "write", "view"}),
    Case("copy_slice", copy_slice, "float64(float64[:], float64[:])",
         [(V[:10], V[10:15]), (V[::-1][:8], V[:4])], tags={"array", "write", "view"}),
    Case("negative_index_write", negative_index_write, "float64(float64[:])",
         one(layouts_1d(V)[:4]), tags={"array", "write"}),
    Case("int_write", int_write, "none(int64[:])", one(layouts_1d(IV)),
         tags={"array", "write"}),
    Case("int_2d_write", swap_rows, "none(int64[:, :])", one(layouts_2d(IM)),
         tags={"array", "write"}),
    Case("bool_write", bool_write, "none(bool[:])", one(layouts_1d(B)),
         tags={"array", "write"}),
    Case("float32_write", float32_write, "none(float32[:])", one(layouts_1d(V32)),
         tags={"array", "write", "float32"}),
    Case("float32_2d_swap_rows", swap_rows, "none(float32[:, :])", one(layouts_2d(M32)),
         tags={"array", "write", "float32"}),

    Case("zeros_filled", zeros_filled, "(int64,)", [(0,), (1,), (9,)],
         tags={"array", "alloc"}),
    Case("ones_2d", ones_2d, "(int64, int64)", [(1, 1), (3, 4)], tags={"array", "alloc"}),
    Case("zeros_int64", zeros_int, "(int64,)", [(0,), (6,)], tags={"array", "alloc"}),
    Case("ones_int32", ones_int32, "(int64,)", [(5,)], tags={"array", "alloc"}),
    Case("empty_filled", empty_filled, "(int64,)", [(4,)], tags={"array", "alloc"}),
    Case("arange", arange_1, "(int64,)", [(0,), (7,)], tags={"array", "alloc"}),
    Case("arange_float", arange_float, "(float64, float64, float64)",
         [(0.0, 1.0, 0.25), (1.5, -2.0, -0.5), (0.0, 1.0, 0.1)], tags={"array", "alloc"}),
    Case("empty_like_strided", empty_like_transposed, "(float64[:, :],)", one(layouts_2d(M)),
         tags={"array", "alloc"}),
    Case("zeros_like_ones_like", zeros_like_ones_like, "(float64[:],)", one(layouts_1d(V)),
         tags={"array", "alloc"}),
    Case("copy_return", copy_return, "(float64[:, :],)", one(layouts_2d(M)),
         tags={"array", "alloc"}),
    Case("transpose_into", transpose_into, "(float64[:, :],)", one(layouts_2d(M)),
         tags={"array", "alloc"}),
    Case("allocate_3d", allocate_3d, "(int64,)", [(1,), (3,)], tags={"array", "alloc"}),
    Case("return_view", return_view, "(float64[:],)", one(layouts_1d(V)[:4]),
         tags={"array", "view"}),
    Case("return_two_arrays", two_arrays, "(int64,)", [(0,), (4,)],
         tags={"array", "alloc", "tuple"}),
    Case("cumulative", cumulative, "(float64[:],)", one(layouts_1d(V)), tags={"array", "alloc"}),
    Case("float32_alloc", float32_alloc, "(float32[:],)", one(layouts_1d(V32)),
         tags={"array", "alloc", "float32"}),
]
