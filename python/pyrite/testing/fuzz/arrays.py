"""Array expressions: in-bounds indices, views (slices with steps, rows,
columns, transposes, reshapes), constructors, and element-wise expressions
with NumPy broadcasting.

`ArrayGen` is a mixin of `FunctionBuilder`. Dtypes are chosen so that NumPy 2
(Python scalars are "weak") and Numba (a Python int is int64, a float is
float64) agree on the result dtype: narrow arrays (int32, uint8, float32)
only meet arrays, or a float64 meets them.
"""
import math

import numpy as np

from .model import CANONICAL, Array, Expr, Scalar, dtype_kind, free_float
from .scalars import arith, fmt_float, fmt_int, float_type, int_type, magnitude

UFUNCS = ("sin", "cos", "tanh", "arctan", "exp", "floor", "log", "sqrt", "expm1", "trunc")
NP_DTYPE = {"float64": "np.float64", "float32": "np.float32", "int64": "np.int64",
            "int32": "np.int32", "uint8": "np.uint8", "bool": "np.bool_"}


def slice_len(n, start, stop, step):
    return len(range(n)[slice(start, stop, step)])


def shape_text(shape):
    if len(shape) == 1 and not shape[0] % 2:
        return str(shape[0])
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def slice_text(start, stop, step):
    s = "" if start is None else str(start)
    s += ":" + ("" if stop is None else str(stop))
    if step is not None:
        s += ":" + str(step)
    return s


def fresh(dtype, shape, elem=None):
    """The type of a new C-contiguous array whose elements lie in `elem`."""
    free = False
    if dtype in ("float64", "float32") and elem is not None:
        lo, hi = CANONICAL[dtype]
        free = elem.free or elem.lo < lo or elem.hi > hi
    return Array(dtype, tuple(shape), tuple(shape), True, free)


def result_dtype(x, y, op):
    """NumPy's result dtype for two arrays (Numba resolves the same loops)."""
    a, b = np.ones(1, x), np.ones(1, y)
    f = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide,
         "min": np.minimum}[op]
    return str(f(a, b).dtype)


def scalar_dtype(array_dtype, scalar_kind):
    """The dtype of `array op python scalar` where NumPy 2 and Numba agree,
    else None."""
    if array_dtype == "float64":
        return "float64"
    if array_dtype == "int64":
        return "int64" if scalar_kind == "int" else "float64"
    if array_dtype in ("int32", "uint8") and scalar_kind == "float":
        return "float64"
    return None


class NoExpr(Exception):
    """No expression of the requested kind could be written here."""


class ArrayGen:
    """Mixin: indices, views and array expressions."""

    # --- indices ------------------------------------------------------------
    def length_text(self, name, axis):
        if axis == 0 and self.rng.random() < 0.5:
            return f"len({name})"
        return f"{name}.shape[{axis}]"

    def index_for(self, name, t, axis):
        """An int expression that indexes axis `axis` of array `name` (type
        `t`) in bounds: negative indices included."""
        mn = t.minshape[axis]
        assert mn >= 1
        r = self.rng.random()
        if r < 0.3:
            return fmt_int(self.rng.randint(-mn, mn - 1))
        if r < 0.65:
            fits = [v for v in self.scalar_vars("int") if -mn <= v.type.lo and v.type.hi < mn]
            if fits:
                v = self.rng.choice(fits)
                off = self.rng.randint(-2, 2)
                if off and -mn <= v.type.lo + off and v.type.hi + off < mn:
                    return f"({v.name} + {off})" if off > 0 else f"({v.name} - {-off})"
                return v.name
        self.in_index = getattr(self, "in_index", 0) + 1
        e = self.scalar("int", 1 if self.rng.random() < 0.3 else 0)
        self.in_index -= 1
        length = self.length_text(name, axis)
        if self.rng.random() < 0.25:
            return f"(-1 - {e.text} % {length})"
        return f"({e.text} % {length})"

    def element_text(self, var):
        t = var.type
        idx = [self.index_for(var.name, t, k) for k in range(t.ndim)]
        if t.ndim > 1 and self.rng.random() < 0.2:
            return var.name + "".join(f"[{i}]" for i in idx)
        return f"{var.name}[{', '.join(idx)}]"

    # --- views --------------------------------------------------------------
    def random_view(self, var, allow_empty=False):
        """A view of array variable `var` (slices, rows, columns, transposes
        and reshapes), or None. Its type gives the new shape bounds."""
        t = var.type
        if min(t.minshape) < 1:
            return None
        for _ in range(4):
            if t.exact:
                v = self._exact_view(var.name, t)
            else:
                v = self._inexact_view(var.name, t)
            if v is not None and (allow_empty or min(v.type.minshape) >= 1):
                return v
        return None

    def _axis_slice(self, n):
        """A random slice of an axis of length n: (text, new length)."""
        rng = self.rng
        r = rng.random()
        if r < 0.25:
            start = rng.randint(0, n - 1) if n > 1 else 0
            return slice_text(start or None, None, None), n - start
        if r < 0.4:
            stop = rng.randint(1, n)
            return slice_text(None, -(n - stop) if stop < n and rng.random() < 0.5 else stop,
                              None), stop
        if r < 0.55:
            step = rng.choice([2, 3, -1, -2])
            return slice_text(None, None, step), slice_len(n, None, None, step)
        start = rng.randint(-n, n)
        stop = rng.randint(-n, n + 1)
        step = rng.choice([1, 1, 2, -1, -2, None])
        if step is not None and step < 0:
            start, stop = max(start, stop), min(start, stop)
        return slice_text(start, stop, step), slice_len(n, start, stop, step)

    def _exact_view(self, name, t):
        rng = self.rng
        shape = t.shape
        view = lambda text, s, contig=False: Expr(text, t.with_shape(s, contig=contig))
        if t.ndim == 1:
            if t.contig and rng.random() < 0.15:
                n = shape[0]
                divs = [d for d in range(2, n) if n % d == 0]
                if divs:
                    d = rng.choice(divs)
                    form = rng.choice([f"({d}, {n // d})", f"({d}, -1)", f"{d}, {n // d}"])
                    return view(f"{name}.reshape({form})", (d, n // d), True)
            text, n = self._axis_slice(shape[0])
            return view(f"{name}[{text}]", (n,))
        if t.ndim == 2:
            r, c = shape
            k = rng.random()
            if k < 0.2:
                return view(f"{name}[{self.index_for(name, t, 0)}]", (c,))
            if k < 0.3:
                return view(f"{name}[:, {self.index_for(name, t, 1)}]", (r,))
            if k < 0.4:
                form = rng.choice([".T", ".transpose()"])
                return view(f"{name}{form}", (c, r))
            if k < 0.5 and t.contig:
                form = rng.choice([".ravel()", ".reshape(-1)", f".reshape({r * c})"])
                if rng.random() < 0.3:
                    return view(f"{name}.reshape({c}, {r})", (c, r), True)
                return view(f"{name}{form}", (r * c,), True)
            if k < 0.6:
                text, n = self._axis_slice(c)
                return view(f"{name}[{self.index_for(name, t, 0)}, {text}]", (n,))
            t0, n0 = self._axis_slice(r)
            t1, n1 = self._axis_slice(c)
            if k < 0.7:
                return view(f"{name}[{t0}]", (n0, c))
            if k < 0.8:
                return view(f"{name}[:, {t1}]", (r, n1))
            return view(f"{name}[{t0}, {t1}]", (n0, n1))
        # 3-d
        k = rng.random()
        if k < 0.4:
            return view(f"{name}[{self.index_for(name, t, 0)}]", shape[1:])
        if k < 0.6:
            return view(f"{name}[:, {self.index_for(name, t, 1)}]", (shape[0], shape[2]))
        if k < 0.8:
            i, j = self.index_for(name, t, 0), self.index_for(name, t, 1)
            return view(f"{name}[{i}, {j}]", (shape[2],))
        return view(f"{name}.T", tuple(reversed(shape)))

    def _inexact_view(self, name, t):
        """Views whose length is monotonic in the unknown length."""
        rng = self.rng
        if t.ndim == 1:
            form, f = rng.choice([("[1:]", lambda n: n - 1), ("[:-1]", lambda n: n - 1),
                                  ("[::2]", lambda n: (n + 1) // 2), ("[::-1]", lambda n: n),
                                  ("[1::2]", lambda n: n // 2)])
            return Expr(name + form, t.with_shape((f(t.minshape[0]),), (f(t.maxshape[0]),),
                                                  contig=False))
        if t.ndim == 2 and min(t.minshape) >= 1:
            k = rng.random()
            if k < 0.5:
                return Expr(f"{name}[{self.index_for(name, t, 0)}]",
                            t.with_shape(t.minshape[1:], t.maxshape[1:], contig=False))
            return Expr(f"{name}.T", t.with_shape(t.minshape[::-1], t.maxshape[::-1],
                                                  contig=False))
        return None

    def view_to_shape(self, var, shape):
        """A view of `var` with exactly `shape`, or None."""
        t = var.type
        if not t.exact or min(t.minshape) < 1:
            return None
        rng = self.rng
        src = t.shape
        name = var.name
        if len(src) == len(shape):
            if len(src) == 2 and rng.random() < 0.3:
                src = src[::-1]
                name = f"{name}.T"
            if all(s >= n for s, n in zip(src, shape)):
                parts = [self._slice_of_length(s, n) for s, n in zip(src, shape)]
                if all(p == ":" for p in parts) and rng.random() < 0.5:
                    return Expr(name, t.with_shape(shape, contig=t.contig and name == var.name))
                return Expr(f"{name}[{', '.join(parts)}]", t.with_shape(shape, contig=False))
            return None
        if len(src) == 2 and len(shape) == 1 and min(t.minshape) >= 1:
            r, c = src
            n = shape[0]
            if c >= n and rng.random() < 0.6:
                return Expr(f"{name}[{self.index_for(name, t, 0)}, {self._slice_of_length(c, n)}]"
                            if c > n else f"{name}[{self.index_for(name, t, 0)}]",
                            t.with_shape(shape, contig=False))
            if r >= n:
                return Expr(f"{name}[{self._slice_of_length(r, n)}, {self.index_for(name, t, 1)}]",
                            t.with_shape(shape, contig=False))
            return None
        if len(src) == 1 and len(shape) == 2 and t.contig and src[0] == shape[0] * shape[1]:
            return Expr(f"{name}.reshape({shape[0]}, {shape[1]})", t.with_shape(shape, contig=True))
        return None

    def _slice_of_length(self, size, n):
        """Slice text selecting exactly n of `size` elements."""
        rng = self.rng
        if n == size:
            return rng.choice([":", ":", "::-1", f"-{size}:" if size else ":"])
        if n == 0:
            return rng.choice([":0", f"{size}:", "1:1"])
        options = []
        k = rng.randint(0, size - n)
        options.append(slice_text(k or None, k + n if k + n < size else None, None))
        options.append(f"{k + n - 1}::-1" if k == 0 else f"{k + n - 1}:{k - 1}:-1")
        if size >= 2 * n - 1 and n > 1:
            k2 = rng.randint(0, size - (2 * n - 1))
            options.append(slice_text(k2 or None, k2 + 2 * n - 1, 2))
        options.append(f"-{size - k}:{-(size - k - n) if size - k - n else ''}")
        return rng.choice(options)

    # --- array expressions --------------------------------------------------
    def array_expr(self, shape, kind=None, depth=2, allow=None):
        """An expression evaluating to an array of exactly `shape` whose dtype
        has scalar kind `kind` (any when None)."""
        for _ in range(6):
            e = self._array_expr(tuple(shape), kind, depth)
            if e is not None and (kind is None or dtype_kind(e.type.dtype) == kind) \
                    and (allow is None or allow(e.type)):
                return e
        e = self.constructor(tuple(shape), kind or "float")
        if allow is not None and not allow(e.type):
            raise NoExpr()
        return e

    def _array_expr(self, shape, kind, depth):
        if depth <= 0 or self.rng.random() < 0.3:
            return self.array_leaf(shape, kind)
        options = [("arr_arith", 6), ("arr_scalar", 5), ("arr_div", 2), ("arr_unary", 2),
                   ("arr_ufunc", 3), ("arr_compare", 2 if kind in (None, "bool") else 0),
                   ("arr_boolop", 2 if kind in (None, "bool") else 0), ("arr_astype", 1),
                   ("arr_divmod", 1), ("arr_pow", 1), ("arr_minmax", 1), ("arr_bits", 1),
                   ("arr_isnan", 1 if kind in (None, "bool") else 0),
                   ("arr_div0", 1 if self.on("arraydiv0") else 0)]
        try:
            return getattr(self, self.pick_weighted(options))(shape, kind, depth - 1)
        except NoExpr:
            return None

    def array_leaf(self, shape, kind):
        rng = self.rng
        candidates = [v for v in self.array_vars()
                      if kind is None or dtype_kind(v.type.dtype) == kind]
        rng.shuffle(candidates)
        focus = getattr(self, "focus", None)
        if focus is not None and focus in candidates and rng.random() < 0.8:
            candidates.remove(focus)
            candidates.insert(0, focus)        # views of the array being written
        for v in candidates[:4]:
            if v.type.exact and v.type.shape == shape and rng.random() < 0.6:
                return Expr(v.name, v.type)
            if self.on("view"):
                e = self.view_to_shape(v, shape)
                if e is not None:
                    return e
        if rng.random() < 0.2 and len(shape) == 1 and self.on("array"):
            for v in candidates[:2]:
                if v.type.ndim == 1 and v.type.minshape[0] >= 1:
                    return self.fancy_index(v, shape[0])
        return self.constructor(shape, kind or rng.choice(["float", "int"]))

    def fancy_index(self, var, n):
        """`a[idx]` with an int64 index array in bounds: a copy of n elements."""
        step = self.rng.choice([1, 2, 3, -1])
        idx = f"np.arange({n})" if step == 1 else f"(np.arange({n}) * {fmt_int(step)})"
        return Expr(f"{var.name}[{idx} % len({var.name})]",
                    var.type.with_shape((n,), contig=True))

    def constructor(self, shape, kind, dtype=None):
        """A new array of `shape`: zeros, ones, full, arange, linspace, a list."""
        rng = self.rng
        if dtype is None:
            dtype = {"float": rng.choice(["float64"] * 5 + ["float32"] * self.narrow()),
                     "int": rng.choice(["int64"] * 5 + ["int32", "uint8"] * self.narrow()),
                     "bool": "bool"}[kind]
        st = shape_text(shape)
        dt = "" if dtype == "float64" and rng.random() < 0.5 else f", dtype={NP_DTYPE[dtype]}"
        r = rng.random()
        n = math.prod(shape)
        if kind == "bool":
            f = rng.choice(["zeros", "ones"])
            return Expr(f"np.{f}({st}, dtype=np.bool_)", fresh("bool", shape))
        if r < 0.3:
            f = rng.choice(["zeros", "ones"])
            return Expr(f"np.{f}({st}{dt})", fresh(dtype, shape))
        if r < 0.45 and dtype in ("float64", "int64"):
            # np.full(shape, value): the dtype follows the value (pyrite
            # refuses a dtype= keyword here)
            v = self.literal(kind, lo=-50, hi=50)
            return Expr(f"np.full({st}, {v.text})", fresh(dtype, shape))
        if r < 0.75 and dtype in ("int64", "float64"):
            text = f"np.arange({n})" if dtype == "int64" else f"np.arange({n}.0)"
            hi = n - 1
            if rng.random() < 0.5 and n > 1:
                start = rng.randint(-5, 5)
                step = rng.choice([1, 2, -1, 3])
                stop = start + step * n
                text = f"np.arange({start}, {stop}, {step})"
                if dtype == "float64":
                    text = f"np.arange({start}.0, {stop}.0, {step}.0)"
                hi = max(abs(start), abs(stop)) + 1
            if dtype == "float64" and rng.random() < 0.5:
                text = f"({text} * 0.5)"
            if len(shape) > 1:
                text = f"{text}.reshape({', '.join(map(str, shape))})"
            return Expr(text, fresh(dtype, shape, Scalar(kind, -hi, hi)))
        if r < 0.85 and len(shape) == 1 and dtype == "float64":
            lo = self.literal("float")
            hi = self.literal("float")
            self.reassoc("linspace")
            return Expr(f"np.linspace({lo.text}, {hi.text}, {n})", fresh(dtype, shape))
        if len(shape) == 2 and 1 <= n <= 9 and dtype in ("float64", "int64") and rng.random() < 0.5:
            lo, hi = CANONICAL[dtype]
            rows = ["[" + ", ".join(self.fit(self.scalar(kind, 0, bounded=True),
                                             Scalar(kind, lo, hi, False)).text
                                    for _ in range(shape[1])) + "]" for _ in range(shape[0])]
            return Expr(f"np.array([{', '.join(rows)}])", fresh(dtype, shape))
        if len(shape) == 1 and 1 <= n <= 6 and dtype in ("float64", "int64"):
            lo, hi = CANONICAL[dtype]
            items = [self.fit(self.scalar(kind, 1, bounded=True),
                              Scalar(kind, lo, hi, False)) for _ in range(n)]
            return Expr(f"np.array([{', '.join(e.text for e in items)}])", fresh(dtype, shape))
        return Expr(f"np.zeros({st}{dt})", fresh(dtype, shape))

    def broadcast_operand(self, shape, kind):
        """An operand for an element-wise operation with a `shape` result:
        the same shape, or a row that broadcasts along the first axis."""
        if len(shape) == 2 and self.rng.random() < 0.2:
            return self.array_expr(shape[1:], kind, 0)
        return self.array_expr(shape, kind, 0 if self.rng.random() < 0.5 else 1)

    def finish(self, text, dtype, shape, elem):
        """An element-wise result: int64 values kept small (a modulo), floats
        free when they leave the canonical interval."""
        if dtype == "int64" and (elem.lo < CANONICAL["int64"][0] or elem.hi > CANONICAL["int64"][1]):
            m = self.rng.choice([7, 100, 1000, 9973])
            return Expr(f"({text} % {m})", fresh(dtype, shape, Scalar("int", 0, m - 1)))
        if dtype in ("int32", "uint8"):
            return Expr(text, fresh(dtype, shape))     # wraps the same in NumPy and Numba
        return Expr(text, fresh(dtype, shape, elem))

    def arr_arith(self, shape, kind, depth):
        x = self.array_expr(shape, None if kind is None else kind, depth,
                            allow=lambda t: t.dtype != "bool")
        y = self.broadcast_operand(shape, dtype_kind(x.type.dtype) if kind == "int" else None)
        if y.type.dtype == "bool":
            return None
        op = self.rng.choice("+-*")
        dtype = result_dtype(x.type.dtype, y.type.dtype, op)
        elem = arith(op, x.type.elem, y.type.elem)
        if op == "*" and dtype == "int64" and magnitude(elem) > 2 ** 62:
            return None
        return self.finish(f"({x.text} {op} {y.text})", dtype, shape, elem)

    def arr_scalar(self, shape, kind, depth):
        x = self.array_expr(shape, kind, depth,
                            allow=lambda t: t.dtype in ("float64", "int64", "int32", "uint8"))
        skind = self.rng.choice(["int", "float"] if kind != "int" else ["int"])
        dtype = scalar_dtype(x.type.dtype, skind)
        if dtype is None or (kind is not None and dtype_kind(dtype) != kind):
            return None
        s = self.scalar(skind, 1, bounded=True)
        op = self.rng.choice("+-*")
        elem = arith(op, x.type.elem, s.type)
        if dtype == "int64" and magnitude(elem) > 2 ** 62:
            return None
        text = f"({x.text} {op} {s.text})" if self.rng.random() < 0.6 else \
            f"({s.text} {op} {x.text})"
        if op == "-" and not text.startswith(f"({x.text}"):
            elem = arith("-", s.type, x.type.elem)
        return self.finish(text, dtype, shape, elem)

    def arr_div(self, shape, kind, depth):
        if kind not in (None, "float"):
            return None
        x = self.array_expr(shape, None, depth, allow=lambda t: t.dtype != "bool")
        if self.rng.random() < 0.5:
            c = self.rng.choice([2.0, 4.0, 0.5, -3.0, 10.0])
            dtype = scalar_dtype(x.type.dtype, "float")
            if dtype is None:
                return None
            m = magnitude(x.type.elem) / min(abs(c), 1.0)
            return self.finish(f"({x.text} / {fmt_float(c)})", dtype, shape,
                               float_type(-m, m, False, x.type.free))
        y = self.broadcast_operand(shape, None)
        if y.type.dtype in ("bool", "float32"):
            return None          # (float32 + 1.0) is float32 in NumPy, float64 in Numba
        m = magnitude(x.type.elem)       # the divisor is float64 and at least 1
        return self.finish(f"({x.text} / (np.abs({y.text}) + 1.0))", "float64", shape,
                           float_type(-m, m, False, x.type.free or y.type.free))

    def arr_div0(self, shape, kind, depth):
        """Division by arrays that may hold zeros: NumPy's inf/nan and
        integer // 0 == 0 (pyrite must match with no exception)."""
        x = self.array_expr(shape, None, depth, allow=lambda t: t.dtype in ("float64", "int64"))
        y = self.array_expr(shape, x.type.dtype and dtype_kind(x.type.dtype), 0,
                            allow=lambda t: t.dtype in ("float64", "int64"))
        if x.type.dtype == "int64" and y.type.dtype == "int64" and kind in (None, "int"):
            op = self.rng.choice(["//", "%"])
            m = magnitude(x.type.elem) + magnitude(y.type.elem)
            return self.finish(f"({x.text} {op} {y.text})", "int64", shape, int_type(-m, m))
        if kind not in (None, "float"):
            return None
        return Expr(f"({x.text} / {y.text})", fresh("float64", shape, float_type(0, 0, free=True)))

    def arr_divmod(self, shape, kind, depth):
        x = self.array_expr(shape, kind, depth, allow=lambda t: t.dtype in ("int64", "float64"))
        op = self.rng.choice(["//", "%"])
        if x.type.dtype == "int64":
            c = self.rng.choice([2, 3, 5, 7, -4])
            m = magnitude(x.type.elem)
            elem = int_type(-m, m) if op == "//" else int_type(-abs(c), abs(c))
            return self.finish(f"({x.text} {op} {fmt_int(c)})", "int64", shape, elem)
        c = self.rng.choice([2.0, 0.5, 3.0, -1.5])
        m = magnitude(x.type.elem) / 0.5 + 1 if op == "//" else abs(c)
        return self.finish(f"({x.text} {op} {fmt_float(c)})", "float64", shape,
                           float_type(-m, m, False, x.type.free))

    def arr_pow(self, shape, kind, depth):
        x = self.array_expr(shape, kind, depth, allow=lambda t: t.dtype in ("int64", "float64"))
        if x.type.dtype == "int64":
            m = magnitude(x.type.elem)
            return self.finish(f"({x.text} ** 2)", "int64", shape, int_type(0, m * m))
        if self.rng.random() < 0.5:
            m = magnitude(x.type.elem)
            return self.finish(f"({x.text} ** 2.0)", "float64", shape,
                               float_type(0, m * m, False, x.type.free))
        return self.finish(f"(np.abs({x.text}) ** 0.5)", "float64", shape,
                           float_type(0, math.sqrt(magnitude(x.type.elem)) + 1, False,
                                      x.type.free))

    def arr_unary(self, shape, kind, depth):
        x = self.array_expr(shape, kind, depth, allow=lambda t: t.dtype != "bool")
        t = x.type.elem
        if self.rng.random() < 0.5:
            if x.type.dtype == "uint8":
                return None
            return self.finish(f"(-{x.text})", x.type.dtype, shape,
                               t if t.free else Scalar(t.kind, -t.hi, -t.lo, False))
        f = self.rng.choice(["np.abs", "np.absolute", "abs"])
        return self.finish(f"{f}({x.text})", x.type.dtype, shape,
                           t if t.free else Scalar(t.kind, 0, magnitude(t), False))

    def arr_ufunc(self, shape, kind, depth):
        if kind not in (None, "float"):
            return None
        x = self.array_expr(shape, None, depth,
                            allow=lambda t: t.dtype in ("float64", "float32", "int64", "int32"))
        dtype = "float32" if x.type.dtype == "float32" else "float64"
        f = self.rng.choice(UFUNCS)
        t = x.type.elem
        if f in ("sqrt", "log") and self.rng.random() < 0.3:
            # NaN for negative elements (and -inf for log(0)), as NumPy gives
            return self.finish(f"np.{f}({x.text})", dtype, shape, free_float(False))
        if f in ("sqrt", "log"):
            # (float32 + 1.0) is float32 in NumPy 2 but float64 in Numba: log1p
            inner = f"np.abs({x.text})" if f == "sqrt" or dtype == "float32" else \
                f"(np.abs({x.text}) + 1.0)"
            if f == "log" and dtype == "float32":
                f = "log1p"
            hi = math.sqrt(magnitude(t)) if f == "sqrt" else math.log(magnitude(t) + 2)
            return self.finish(f"np.{f}({inner})", dtype, shape,
                               float_type(0, hi, False, t.free))
        if f in ("floor", "trunc"):
            if dtype_kind(x.type.dtype) == "int":
                return None          # NumPy 2 keeps ints here
            return self.finish(f"np.{f}({x.text})", dtype, shape,
                               t if t.free else float_type(t.lo - 1, t.hi + 1, False))
        if f in ("exp", "expm1"):
            hi = math.exp(t.hi) if not t.free and t.hi < 700 else math.inf
            return self.finish(f"np.{f}({x.text})", dtype, shape, float_type(-1, hi, False))
        return self.finish(f"np.{f}({x.text})", dtype, shape, float_type(-2, 2, False, t.free))

    def arr_minmax(self, shape, kind, depth):
        x = self.array_expr(shape, kind, depth, allow=lambda t: t.dtype in ("float64", "int64"))
        y = self.broadcast_operand(shape, dtype_kind(x.type.dtype))
        if y.type.dtype != x.type.dtype:
            return None
        f = self.rng.choice(["minimum", "maximum"])
        e = x.type.elem
        if e.free or y.type.elem.free:
            h = free_float(False)
        else:
            h = Scalar(e.kind, min(e.lo, y.type.elem.lo), max(e.hi, y.type.elem.hi), False)
        return self.finish(f"np.{f}({x.text}, {y.text})", x.type.dtype, shape, h)

    def arr_isnan(self, shape, kind, depth):
        x = self.array_expr(shape, "float", depth)
        f = self.rng.choice(["isnan", "isinf", "isfinite"])
        return Expr(f"np.{f}({x.text})", fresh("bool", shape))

    def arr_bits(self, shape, kind, depth):
        """& | ^ << >> ~ on int64 arrays."""
        if kind not in (None, "int"):
            return None
        x = self.array_expr(shape, "int", depth, allow=lambda t: t.dtype == "int64")
        m = magnitude(x.type.elem)
        p = 1 << max(int(m), 1).bit_length()
        r = self.rng.random()
        if r < 0.2:
            return self.finish(f"(~{x.text})", "int64", shape, int_type(-m - 1, m + 1))
        if r < 0.4:
            k = self.rng.randint(0, 4)
            op = self.rng.choice(["<<", ">>"])
            return self.finish(f"({x.text} {op} {k})", "int64", shape,
                               int_type(-(m << k), m << k))
        op = self.rng.choice("&|^")
        if self.rng.random() < 0.5:
            c = self.rng.randint(0, 63)
            return self.finish(f"({x.text} {op} {c})", "int64", shape, int_type(-2 * p, 2 * p))
        y = self.array_expr(shape, "int", 0, allow=lambda t: t.dtype == "int64")
        q = 1 << max(int(magnitude(y.type.elem)), 1).bit_length()
        return self.finish(f"({x.text} {op} {y.text})", "int64", shape,
                           int_type(-2 * max(p, q), 2 * max(p, q)))

    def arr_compare(self, shape, kind, depth):
        x = self.array_expr(shape, None, depth, allow=lambda t: t.dtype != "bool")
        op = self.rng.choice(["<", "<=", ">", ">=", "==", "!="])
        if self.rng.random() < 0.5 and x.type.dtype != "float32":
            y = self.scalar(dtype_kind(x.type.dtype) if x.type.dtype in ("int32", "uint8")
                            else self.rng.choice(["int", "float"]), 1)
        elif x.type.dtype == "float32":
            y = Expr(fmt_float(self.rng.choice([0.0, 0.5, -1.0, 2.25])), float_type(0, 0))
        else:
            y = self.broadcast_operand(shape, None)
            if y.type.dtype == "bool":
                return None
        return Expr(f"({x.text} {op} {y.text})", fresh("bool", shape))

    def arr_boolop(self, shape, kind, depth):
        x = self.array_expr(shape, "bool", depth)
        if self.rng.random() < 0.25:
            return Expr(f"(~{x.text})", fresh("bool", shape))
        y = self.array_expr(shape, "bool", depth)
        op = self.rng.choice("&|^")
        return Expr(f"({x.text} {op} {y.text})", fresh("bool", shape))

    def arr_astype(self, shape, kind, depth):
        x = self.array_expr(shape, None, depth)
        src = x.type.dtype
        targets = {"float": ["float64", "float32"], "int": ["int64", "int32"],
                   "bool": []}[kind] if kind else ["float64", "int64", "float32"]
        if not targets:
            return None
        to = self.rng.choice(targets)
        if dtype_kind(to) == "int" and dtype_kind(src) == "float":
            if x.type.free:
                return None              # NaN to int is undefined
        if to == "int32" and src == "uint8":
            pass
        form = self.rng.choice([NP_DTYPE[to], NP_DTYPE[to]] + (["float"] if to == "float64"
                                                             else []))
        elem = x.type.elem
        if src == "bool":
            elem = Scalar(dtype_kind(to), 0, 1, False)
        elif dtype_kind(to) == "int" and dtype_kind(src) == "float":
            elem = int_type(math.floor(elem.lo), math.ceil(elem.hi))
        elif dtype_kind(to) == "float" and dtype_kind(src) == "int":
            elem = float_type(elem.lo, elem.hi)
        return self.finish(f"{x.text}.astype({form})", to, shape, elem)
