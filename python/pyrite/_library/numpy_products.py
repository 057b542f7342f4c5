"""Matrix products through BLAS: np.dot, np.matmul and `@` of 2-d and
1-d arrays (?gemm/?gemv for float32/float64/complex64/complex128, a plain
loop for integers) and np.vdot, with NumPy 2's result dtypes and errors.
The library is loaded and called as numpy_linalg.py describes."""
import numpy as np

from .. import types
from ..extending import overload, register_jitable
from ._lapack import _BLAS_KIND, _C, _INLINE, _data, _load


# --- matrix products ---------------------------------------------------------------------------

def _result_dtype(a, b):
    from .numpy_functions import _numpy_dtype
    return np.result_type(_numpy_dtype(a.dtype), _numpy_dtype(b.dtype)).type


def _blas_operand(t, dt):
    """A function (a) -> (array, transposed, leading dimension) for BLAS:
    `a` itself when one of its strides is one element and the other a
    valid leading dimension, else a C-ordered copy in dt (which also
    converts other dtypes)."""
    from .numpy_functions import _numpy_dtype
    same = _numpy_dtype(t.dtype) == dt

    def operand(a):
        m, n = a.shape
        size = a.itemsize
        s0, s1 = a.strides
        if m > 1 and n > 1:
            if s1 == size and s0 >= n * size and s0 % size == 0:
                return a, False, s0 // size
            if s0 == size and s1 >= m * size and s1 % size == 0:
                return a, True, s1 // size
        c = np.ascontiguousarray(a)
        return c, False, max(n, 1)

    def converted(a):
        return a.astype(dt), False, max(a.shape[1], 1)
    return register_jitable(inline="always")(operand if same else converted)


def _vector_operand(t, dt):
    """A function (v) -> v contiguous in dt, for BLAS's x (a copy unless
    it already is; a complex array converts only to its own dtype)."""
    from .numpy_functions import _numpy_dtype
    if _numpy_dtype(t.dtype) == dt:
        return register_jitable(inline="always")(lambda v: np.ascontiguousarray(v))
    return register_jitable(inline="always")(lambda v: v.astype(dt))


def _gemv_for(gemv, size):
    """out = op(m) @ x through ?gemv, m a Fortran rows x cols matrix
    (leading dimension ld), op transposing when trans."""
    @register_jitable(inline="always")
    def call_gemv(trans, rows, cols, m, ld, x, out):
        iw = np.empty(5, np.int32)
        iw[0] = ord("T") if trans else ord("N")
        iw[1] = rows
        iw[2] = cols
        iw[3] = ld
        iw[4] = 1
        sc = np.empty(2, out.dtype)
        sc[0] = 1
        sc[1] = 0
        p = _data(iw)
        q = _data(sc)
        gemv(p, p + 4, p + 8, q, _data(m), p + 12, _data(x), p + 16, q + size, _data(out),
             p + 16, 1)
    return call_gemv


def _matrix_product(a, b, func_name):
    """The implementation of a 2-d/1-d product (np.dot or np.matmul)."""
    if not (isinstance(a, types.Array) and isinstance(b, types.Array)):
        return None
    if (a.ndim, b.ndim) not in ((2, 2), (2, 1), (1, 2)):
        return None
    if not all(isinstance(t.dtype, (types.Integer, types.Float, types.Complex))
               for t in (a, b)):
        return None
    dt = _result_dtype(a, b)
    matmul = func_name == "matmul"
    a_operand = _blas_operand(a, dt) if a.ndim == 2 else _vector_operand(a, dt)
    b_operand = _blas_operand(b, dt) if b.ndim == 2 else _vector_operand(b, dt)
    blas = dt in _BLAS_KIND
    size = np.dtype(dt).itemsize
    if blas:
        _load()
        c = _C[_BLAS_KIND[dt]]
        gemm = c["gemm"]
        gemv = _gemv_for(c["gemv"], size)

    @register_jitable(inline="always")
    def mismatch(n1, n2, a_dim, a_shape, b_shape):
        if matmul:
            raise ValueError("matmul: Input operand 1 has a mismatch in its core dimension 0, "
                             "with gufunc signature (n?,k),(k,m?)->(n?,m?) (size %d is "
                             "different from %d)" % (n2, n1))
        raise ValueError("shapes " + a_shape + " and " + b_shape + " not aligned: " +
                         str(n1) + " (dim " + str(a_dim) + ") != " + str(n2) + " (dim 0)")

    if a.ndim == 2 and b.ndim == 2:
        def loop_mm(a, b, m, k, n):
            out = np.zeros((m, n), dt)
            for i in range(m):
                for p in range(k):
                    x = dt(a[i, p])
                    for j in range(n):
                        out[i, j] += x * dt(b[p, j])
            return out

        def blas_mm(a, b, m, k, n):
            if m == 0 or n == 0 or k == 0:
                return np.zeros((m, n), dt)
            out = np.empty((m, n), dt)
            aa, ta, lda = a_operand(a)
            bb, tb, ldb = b_operand(b)
            # C^T = B^T A^T in Fortran order: b's memory is B^T, a's A^T
            iw = np.empty(8, np.int32)
            iw[0] = ord("T") if tb else ord("N")
            iw[1] = ord("T") if ta else ord("N")
            iw[2] = n
            iw[3] = m
            iw[4] = k
            iw[5] = ldb
            iw[6] = lda
            iw[7] = n
            sc = np.empty(2, dt)
            sc[0] = 1
            sc[1] = 0
            p = _data(iw)
            q = _data(sc)
            gemm(p, p + 4, p + 8, p + 12, p + 16, q, _data(bb), p + 20, _data(aa), p + 24,
                 q + size, _data(out), p + 28, 1, 1)
            return out

        kernel_mm = register_jitable(inline="always")(blas_mm if blas else loop_mm)

        def impl_mm(a, b):
            m, k = a.shape
            k2, n = b.shape
            if k != k2:
                mismatch(k, k2, 1, "(" + str(m) + "," + str(k) + ")",
                         "(" + str(k2) + "," + str(n) + ")")
            return kernel_mm(a, b, m, k, n)
        return impl_mm

    if a.ndim == 2:
        def loop_mv(a, b, m, k):
            out = np.zeros(m, dt)
            for i in range(m):
                s = dt(0)
                for p in range(k):
                    s += dt(a[i, p]) * dt(b[p])
                out[i] = s
            return out

        def blas_mv(a, b, m, k):
            if m == 0 or k == 0:
                return np.zeros(m, dt)
            out = np.empty(m, dt)
            aa, ta, lda = a_operand(a)
            x = b_operand(b)
            # a's memory is a^T (k x m) in Fortran order, or a when stored transposed
            gemv(not ta, k if not ta else m, m if not ta else k, aa, lda, x, out)
            return out
        kernel_mv = register_jitable(inline="always")(blas_mv if blas else loop_mv)

        def impl_mv(a, b):
            m, k = a.shape
            k2 = b.shape[0]
            if k != k2:
                mismatch(k, k2, 1, "(" + str(m) + "," + str(k) + ")", "(" + str(k2) + ",)")
            return kernel_mv(a, b, m, k)
        return impl_mv

    def loop_vm(a, b, k, n):
        out = np.zeros(n, dt)
        for p in range(k):
            x = dt(a[p])
            for j in range(n):
                out[j] += x * dt(b[p, j])
        return out

    def blas_vm(a, b, k, n):
        if n == 0 or k == 0:
            return np.zeros(n, dt)
        out = np.empty(n, dt)
        bb, tb, ldb = b_operand(b)
        x = a_operand(a)
        # b's memory is b^T (n x k) in Fortran order, or b when stored transposed
        gemv(tb, n if not tb else k, k if not tb else n, bb, ldb, x, out)
        return out

    kernel_vm = register_jitable(inline="always")(blas_vm if blas else loop_vm)

    def impl_vm(a, b):
        k = a.shape[0]
        k2, n = b.shape
        if k != k2:
            mismatch(k, k2, 0, "(" + str(k) + ",)", "(" + str(k2) + "," + str(n) + ")")
        return kernel_vm(a, b, k, n)
    return impl_vm


@overload(np.dot, inline=_INLINE)
def dot_matrix(a, b):
    """np.dot (and `a @ b`, which the core types as np.dot) with a matrix:
    BLAS gemm/gemv for float32/float64/complex64/complex128 (other numbers
    converted to NumPy's result dtype), a plain loop for integers."""
    return _matrix_product(a, b, "dot")


@overload(np.matmul, inline=_INLINE)
def matmul(a, b):
    """np.matmul of 2-d and 1-d arrays (stacks of matrices are not supported)."""
    if isinstance(a, types.Array) and isinstance(b, types.Array) and a.ndim == b.ndim == 1:
        def impl_vv(a, b):
            if a.shape[0] != b.shape[0]:
                raise ValueError("matmul: Input operand 1 has a mismatch in its core "
                                 "dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) "
                                 "(size %d is different from %d)" % (b.shape[0], a.shape[0]))
            return np.dot(a, b)
        return impl_vv
    return _matrix_product(a, b, "matmul")


@overload(np.vdot, inline=_INLINE)
def vdot(a, b):
    """np.vdot of real arrays: the dot product of the flattened arrays
    (complex ones: numpy_complex.py)."""
    if not (isinstance(a, types.Array) and isinstance(b, types.Array)):
        return None
    if not all(isinstance(t.dtype, (types.Integer, types.Float)) for t in (a, b)):
        return None

    def impl(a, b):
        if a.size != b.size:
            raise ValueError("cannot reshape array of size %d into shape (%d,)"
                             % (b.size, a.size))
        return np.dot(a.ravel(), b.ravel())
    return impl
