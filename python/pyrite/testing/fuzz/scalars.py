"""Scalar expressions: int, float and bool arithmetic, comparisons, `math`
functions, conversions, element reads and reductions.

`ScalarGen` is a mixin of `FunctionBuilder` (generator.py): it reads the
variables in scope and the random stream from there. Every method returns
an `Expr` whose `Scalar` type bounds the values it can take, so the caller
can keep integers inside int64 and floats finite where CPython would raise.
"""
import math

from .model import FLOAT_LIMIT, Expr, Scalar, Tuple, boolean, dtype_kind, free_float, hull

MATH_ANY = ("atan", "tanh", "fabs")         # defined on inf and NaN in CPython too
MATH_BOUNDED = ("sin", "cos", "atan", "tanh", "fabs", "expm1", "log1p")
NP_UNARY = ("sin", "cos", "tanh", "arctan", "exp", "floor", "ceil", "trunc")


# --- intervals ----------------------------------------------------------------

def _corners(op, a, b):
    vals = [op(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    return min(vals), max(vals)


def int_type(lo, hi, py=True):
    return Scalar("int", int(lo), int(hi), py)


def float_type(lo, hi, py=True, free=False):
    if free or not (math.isfinite(lo) and math.isfinite(hi)):
        return free_float(py)
    return Scalar("float", float(lo), float(hi), py)


def arith(op, a, b):
    """The type of `a op b` for op in + - * (int and float)."""
    py = a.py and b.py
    kind = "float" if "float" in (a.kind, b.kind) else "int"
    if kind == "float" and (a.free or b.free):
        return free_float(py)
    f = {"+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y}[op]
    if op == "-":
        lo, hi = a.lo - b.hi, a.hi - b.lo
    else:
        lo, hi = _corners(f, a, b)
    return int_type(lo, hi, py) if kind == "int" else float_type(lo, hi, py)


def magnitude(t):
    return max(abs(t.lo), abs(t.hi))


def too_big(t):
    if t.kind == "int":
        return not t.fits_int64()
    return not t.free and magnitude(t) > FLOAT_LIMIT


def fmt_int(v):
    return f"({v})" if v < 0 else str(v)


def fmt_float(v):
    text = repr(float(v))
    return f"({text})" if v < 0 or text.startswith("-") else text


class ScalarGen:
    """Mixin: scalar expressions for the function being written."""

    # --- entry points -------------------------------------------------------
    def scalar(self, kind, depth=2, py=False, bounded=False):
        """An expression of `kind`; `py`: built only from Python numbers;
        `bounded`: a finite float below FLOAT_LIMIT (ints always are)."""
        for _ in range(6):
            e = self._scalar(kind, depth, py, bounded)
            if e is not None and self._admits(e.type, py, bounded):
                return e
        return self.literal(kind)

    def _admits(self, t, py, bounded):
        if py and not t.py:
            return False
        if t.kind == "int":
            return t.fits_int64()
        if t.kind == "float" and bounded:
            return t.bounded
        return True

    def _scalar(self, kind, depth, py, bounded):
        if depth <= 0 or self.rng.random() < 0.3:
            return self.scalar_leaf(kind, py, bounded)
        table = {"int": self.INT_OPS, "float": self.FLOAT_OPS, "bool": self.BOOL_OPS}[kind]
        name = self.pick_weighted(table)
        return getattr(self, name)(depth - 1, py, bounded)

    def fit(self, e, target):
        """`e` rewritten so its values lie in `target` (same kind), by a
        modulo into target's interval where needed."""
        t = e.type
        if t.within(target) or target.kind == "bool":
            return e
        if target.kind == "int":
            width = target.hi - target.lo + 1
            if width <= 1:
                return Expr(fmt_int(target.lo), Scalar("int", target.lo, target.lo, True))
            text = f"({e.text} % {width})"
            if target.lo:
                text = f"({text} + {fmt_int(target.lo)})"
            return Expr(text, Scalar("int", target.lo, target.hi, t.py))
        if t.free:
            return self.literal("float", lo=target.lo, hi=target.hi)
        width = target.hi - target.lo
        if width <= 0:
            return Expr(fmt_float(target.lo), Scalar("float", target.lo, target.lo))
        text = f"({e.text} % {fmt_float(width)})"
        if target.lo:
            text = f"({text} + {fmt_float(target.lo)})"
        return Expr(text, Scalar("float", target.lo, target.hi, t.py))

    # --- leaves -------------------------------------------------------------
    def literal(self, kind, lo=None, hi=None):
        rng = self.rng
        if kind == "bool":
            return Expr(rng.choice(["True", "False"]), boolean())
        if kind == "int":
            lo = -9 if lo is None else int(lo)
            hi = 20 if hi is None else int(hi)
            v = rng.randint(lo, hi) if rng.random() < 0.9 or hi - lo > 2000 else \
                rng.randint(max(lo, -1000), min(hi, 1000))
            return Expr(fmt_int(v), Scalar("int", v, v))
        lo = -8.0 if lo is None else lo
        hi = 8.0 if hi is None else hi
        r = rng.random()
        if r < 0.6:
            v = round(rng.uniform(lo, hi) * 4) / 4      # exact in binary
        elif r < 0.9:
            v = round(rng.uniform(lo, hi), rng.randint(1, 3))
        else:
            v = rng.choice([0.0, 1.0, 0.5, 0.1, 2.0, 1e-3])
        v = min(max(v, lo), hi)
        return Expr(fmt_float(v), Scalar("float", v, v))

    def scalar_leaf(self, kind, py=False, bounded=False):
        options = [("literal", 3), ("var", 6)]
        nested = getattr(self, "in_index", 0) > 0       # keep indices readable
        if kind in ("int", "float") and not py and not nested:
            options += [("element", 4), ("reduction", 1 if self.on("reduce") else 0)]
        if kind == "int":
            options += [("length", 2), ("convert", 1), ("from_bool", 0.3)]
        if kind == "float":
            options += [("convert", 2), ("const", 0.3)]
        if kind == "bool":
            options += [("element", 1 if not py else 0), ("compare", 6)]
        if self.on("tuple"):
            options.append(("tuple_item", 1))
        if self.on("call") and not py:
            options.append(("call", 1))
        for _ in range(4):
            choice = self.pick_weighted(options)
            e = getattr(self, "leaf_" + choice)(kind, py, bounded)
            if e is not None and self._admits(e.type, py, bounded):
                return e
        return self.literal(kind)

    def leaf_literal(self, kind, py, bounded):
        return self.literal(kind)

    def leaf_const(self, kind, py, bounded):
        name = self.rng.choice(["pi", "e"])
        v = getattr(math, name)
        return Expr(f"math.{name}", Scalar("float", v, v))

    def leaf_var(self, kind, py, bounded):
        vs = [v for v in self.scalar_vars(kind) if self._admits(v.type, py, bounded)]
        if not vs:
            return None
        v = self.rng.choice(vs)
        return Expr(v.name, v.type)

    def leaf_length(self, kind, py, bounded):
        arrays = self.readable_arrays()
        if not arrays:
            return None
        v = self.rng.choice(arrays)
        t = v.type
        r = self.rng.random()
        if r < 0.4:
            return Expr(f"len({v.name})", int_type(t.minshape[0], t.maxshape[0]))
        if r < 0.8:
            k = self.rng.randrange(t.ndim)
            return Expr(f"{v.name}.shape[{k}]", int_type(t.minshape[k], t.maxshape[k]))
        if r < 0.9:
            return Expr(f"{v.name}.ndim", int_type(t.ndim, t.ndim))
        lo, hi = t.size_bounds
        return Expr(f"{v.name}.size", int_type(lo, hi))

    def leaf_element(self, kind, py, bounded):
        """`a[i]`, `m[i, j]`, `m[i][j]`: an in-bounds read, converted with
        float()/int() where a NumPy scalar would compute differently in
        CPython (float32, int32, uint8 elements)."""
        arrays = [v for v in self.readable_arrays()
                  if dtype_kind(v.type.dtype) == kind and min(v.type.minshape) >= 1]
        if not arrays:
            return None
        v = self.rng.choice(arrays)
        text = self.element_text(v)
        t = v.type.elem
        dtype = v.type.dtype
        if dtype in ("float32",):
            text = f"float({text})"
        elif dtype in ("int32", "uint8"):
            text = f"int({text})"
            t = Scalar("int", t.lo, t.hi, True)
        elif dtype == "bool" and self.rng.random() < 0.5:
            text = f"bool({text})"
        return Expr(text, t)

    def empty_sum(self, kind):
        """sum()/len() of an array that may be empty."""
        arrays = [v for v in self.readable_arrays() if min(v.type.minshape) == 0
                  and dtype_kind(v.type.dtype) == kind and v.type.dtype in ("float64", "int64")]
        if not arrays:
            return None
        v = self.rng.choice(arrays)
        n = v.type.size_bounds[1]
        m = magnitude(v.type.elem) * n if not v.type.free else math.inf
        if kind == "float":
            return Expr(f"{v.name}.sum()", float_type(-m, m, False, v.type.free))
        return Expr(f"np.sum({v.name})", int_type(-m, m, False))

    def leaf_reduction(self, kind, py, bounded):
        if self.rng.random() < 0.2:
            e = self.empty_sum(kind)
            if e is not None:
                return e
        arrays = [v for v in self.readable_arrays() if min(v.type.minshape) >= 1
                  and v.type.dtype in ("float64", "int64", "int32", "bool", "float32")]
        if not arrays:
            return None
        v = self.rng.choice(arrays)
        t = v.type
        lo_n, hi_n = t.size_bounds
        elem = t.elem
        src = v.name
        if self.rng.random() < 0.25:
            view = self.random_view(v)
            if view is not None and min(view.type.minshape) >= 1:
                src, t = view.text, view.type
                lo_n, hi_n = t.size_bounds
        ek = dtype_kind(t.dtype)
        if t.ndim == 1 and t.dtype in ("float64", "int64") and not elem.free \
                and self.rng.random() < 0.3:
            return self.builtin_reduction(src, t, kind)
        if kind == "int":
            if ek == "float" or self.rng.random() < 0.4:
                f = self.rng.choice(["argmin", "argmax"])
                text = f"{src}.{f}()" if self.rng.random() < 0.6 else f"np.{f}({src})"
                return Expr(text, int_type(0, hi_n - 1, False))
            if ek == "bool":
                return Expr(f"{src}.sum()", int_type(0, hi_n, False))
            f = self.rng.choice(["sum", "min", "max"])
            if f == "sum":
                lo, hi = min(0, elem.lo * hi_n), max(0, elem.hi * hi_n)
            else:
                lo, hi = elem.lo, elem.hi
            text = f"{src}.{f}()" if self.rng.random() < 0.6 else f"np.{f}({src})"
            if t.dtype == "int32" and f != "sum":
                text = f"int({text})"       # np.int32 would compute in int32 in CPython
            return Expr(text, int_type(lo, hi, False))
        if kind == "float":
            f = self.rng.choice(["sum", "mean", "min", "max"] if ek == "float" else ["mean"])
            if ek == "bool":
                return None
            if t.dtype == "float32":
                text = f"float({src}.{f}())"
            else:
                text = f"{src}.{f}()" if self.rng.random() < 0.6 else f"np.{f}({src})"
            if elem.free:
                return Expr(text, free_float(False))
            scale = hi_n if f == "sum" else 1
            return Expr(text, float_type(min(0, elem.lo * scale), max(0, elem.hi * scale), False))
        return None

    def builtin_reduction(self, src, t, kind):
        """sum/min/max builtins over a 1-d array, and np.dot / @ of two."""
        ek = dtype_kind(t.dtype)
        elem = t.elem
        n = t.maxshape[0]
        r = self.rng.random()
        if r < 0.35 and ek == kind:
            f = self.rng.choice(["min", "max"])
            return Expr(f"{f}({src})", Scalar(kind, elem.lo, elem.hi, False))
        if r < 0.7 and ek == kind:
            m = magnitude(elem) * n
            return Expr(f"sum({src})", Scalar(kind, -m, m, False))
        if kind != "float" or t.dtype != "float64" or not t.exact:
            return None
        others = [v for v in self.readable_arrays() if v.type.dtype == "float64"
                  and v.type.ndim == 1 and v.type.exact and v.type.shape == t.shape
                  and not v.type.free]
        if not others:
            return None
        o = self.rng.choice(others)
        self.reassoc("dot")                 # pyrite may call BLAS, which reorders
        m = magnitude(elem) * magnitude(o.type.elem) * n
        text = f"np.dot({src}, {o.name})" if self.rng.random() < 0.5 else f"({src} @ {o.name})"
        return Expr(text, float_type(-m, m, False))

    def leaf_convert(self, kind, py, bounded):
        if kind == "float":
            e = self.scalar("int", 1, py)
            return Expr(f"float({e.text})", float_type(e.type.lo, e.type.hi, e.type.py))
        f = self.scalar("float", 1, py, bounded=True)
        if magnitude(f.type) > 2 ** 52:
            return None
        fn = self.rng.choice(["int", "math.floor", "math.ceil", "round", "math.trunc"])
        return Expr(f"{fn}({f.text})",
                    int_type(math.floor(f.type.lo) - 1, math.ceil(f.type.hi) + 1, True))

    def leaf_from_bool(self, kind, py, bounded):
        """A bool used as an int: `int(c)`, `c + 1`."""
        c = self.scalar("bool", 1, py)
        if self.rng.random() < 0.5:
            return Expr(f"int({c.text})", int_type(0, 1, c.type.py))
        k = self.rng.randint(-3, 3)
        return Expr(f"({c.text} + {fmt_int(k)})", int_type(k, k + 1, c.type.py))

    def leaf_tuple_item(self, kind, py, bounded):
        for v in self.shuffled(self.visible_vars()):
            if isinstance(v.type, Tuple):
                items = v.type.items
                if all(isinstance(i, Scalar) and i.kind == kind for i in items) and \
                        self.rng.random() < 0.4:           # a run-time index
                    t = items[0]
                    for i in items[1:]:
                        t = hull(t, i)
                    e = self.scalar("int", 0)
                    return Expr(f"{v.name}[{e.text} % {len(items)}]", t)
                for k, item in enumerate(v.type.items):
                    if isinstance(item, Scalar) and item.kind == kind:
                        return Expr(f"{v.name}[{k}]", item)
        return None

    def leaf_call(self, kind, py, bounded):
        return self.call_helper_expr(("scalar", kind))

    def leaf_compare(self, kind, py, bounded):
        return self.bool_compare(1, py, bounded)

    # --- integers -----------------------------------------------------------
    INT_OPS = [("int_arith", 8), ("int_divmod", 3), ("int_unary", 2), ("int_minmax", 1),
               ("int_andor", 0.5),
               ("int_pow", 1), ("int_bits", 1), ("int_shift", 1), ("ternary_int", 1),
               ("int_zerodiv", 0.3)]

    def int_operand(self, depth, py):
        return self.scalar("int", depth, py)

    def shrink_int(self, e):
        """`(e % m)`: keeps products and powers of `e` inside int64."""
        m = self.rng.choice([7, 10, 97, 1000, 1009])
        return Expr(f"({e.text} % {m})", int_type(0, m - 1, e.type.py))

    def int_arith(self, depth, py, bounded):
        op = self.rng.choice("++--*")
        a, b = self.int_operand(depth, py), self.int_operand(depth, py)
        t = arith(op, a.type, b.type)
        for _ in range(4):
            if not (too_big(t) or (op == "*" and magnitude(t) > 2 ** 40
                                   and self.rng.random() < 0.7)):
                break
            if magnitude(a.type) >= magnitude(b.type):
                a = self.shrink_int(a)
            else:
                b = self.shrink_int(b)
            t = arith(op, a.type, b.type)
        return Expr(f"({a.text} {op} {b.text})", t)

    def int_divmod(self, depth, py, bounded):
        """`//` and `%` by a divisor that cannot be zero."""
        a = self.int_operand(depth, py)
        op = self.rng.choice(["//", "%"])
        if self.rng.random() < 0.6:
            c = self.rng.choice([2, 3, 4, 5, 7, 10, -2, -3, 13])
            d = Expr(fmt_int(c), int_type(c, c))
            dmax = abs(c)
            neg = c < 0
        else:
            b = self.int_operand(depth, py)
            if too_big(arith("+", Scalar("int", 0, 0), b.type)) or magnitude(b.type) > 2 ** 60:
                b = self.shrink_int(b)
            dmax = magnitude(b.type) + 1
            d = Expr(f"(abs({b.text}) + 1)", int_type(1, dmax, b.type.py))
            neg = False
        A = magnitude(a.type)
        if op == "//":
            t = int_type(-A, A, a.type.py and d.type.py)
        elif neg:
            t = int_type(-(dmax - 1), 0, a.type.py and d.type.py)
        else:
            t = int_type(0, dmax - 1, a.type.py and d.type.py)
        return Expr(f"({a.text} {op} {d.text})", t)

    def int_zerodiv(self, depth, py, bounded):
        """`//`, `%` or `/` by a Python int that may be zero: both CPython
        and pyrite raise ZeroDivisionError when it is."""
        if not self.on("zerodiv"):
            return None
        a = self.int_operand(depth, True)
        b = self.int_operand(depth, True)
        op = self.rng.choice(["//", "%"])
        m = max(magnitude(a.type), magnitude(b.type))
        self.expect_exception("ZeroDivisionError")
        return Expr(f"({a.text} {op} {b.text})", int_type(-m, m, True))

    def int_unary(self, depth, py, bounded):
        a = self.int_operand(depth, py)
        t = a.type
        f = self.rng.choice(["-", "abs", "~"])
        if f == "-":
            return Expr(f"(-{a.text})", int_type(-t.hi, -t.lo, t.py))
        if f == "~":
            return Expr(f"(~{a.text})", int_type(-t.hi - 1, -t.lo - 1, t.py))
        lo = 0 if t.lo <= 0 <= t.hi else min(abs(t.lo), abs(t.hi))
        return Expr(f"abs({a.text})", int_type(lo, magnitude(t), t.py))

    def int_minmax(self, depth, py, bounded):
        ops = [self.int_operand(depth, py) for _ in range(3 if self.rng.random() < 0.2 else 2)]
        f = self.rng.choice(["min", "max"])
        g = min if f == "min" else max
        return Expr(f"{f}({', '.join(e.text for e in ops)})",
                    int_type(g(e.type.lo for e in ops), g(e.type.hi for e in ops),
                             all(e.type.py for e in ops)))

    def int_andor(self, depth, py, bounded):
        """`a and b`, `a or b` on ints: one of the operands."""
        a, b = self.int_operand(depth, py), self.int_operand(depth, py)
        op = self.rng.choice(["and", "or"])
        return Expr(f"({a.text} {op} {b.text})", hull(a.type, b.type))

    def int_pow(self, depth, py, bounded):
        a = self.int_operand(depth, py)
        k = self.rng.choice([0, 1, 2, 2, 3])
        while magnitude(a.type) ** max(k, 1) > 2 ** 60:
            a = self.shrink_int(a)
        m = magnitude(a.type) ** k
        lo = 0 if k % 2 == 0 else -m
        return Expr(f"({a.text} ** {k})", int_type(min(lo, 1), max(m, 1), a.type.py))

    def int_bits(self, depth, py, bounded):
        a, b = self.int_operand(depth, py), self.int_operand(depth, py)
        op = self.rng.choice("&|^")
        p = 1 << max(magnitude(a.type), magnitude(b.type), 1).bit_length()
        if a.type.lo >= 0 and b.type.lo >= 0:
            t = int_type(0, p - 1 if op != "&" else min(a.type.hi, b.type.hi))
        else:
            t = int_type(-p, p)
        t = Scalar("int", t.lo, t.hi, a.type.py and b.type.py)
        return Expr(f"({a.text} {op} {b.text})", t)

    def int_shift(self, depth, py, bounded):
        a = self.int_operand(depth, py)
        k = self.rng.randint(0, 5)
        if self.rng.random() < 0.5:
            while magnitude(a.type) << k > 2 ** 60:
                a = self.shrink_int(a)
            return Expr(f"({a.text} << {k})", int_type(a.type.lo << k, a.type.hi << k, a.type.py))
        return Expr(f"({a.text} >> {k})", int_type(a.type.lo >> k, a.type.hi >> k, a.type.py))

    def ternary_int(self, depth, py, bounded):
        return self.ternary("int", depth, py, bounded)

    def ternary(self, kind, depth, py, bounded):
        c = self.scalar("bool", depth, py)
        a = self.scalar(kind, depth, py, bounded)
        b = self.scalar(kind, depth, py, bounded)
        return Expr(f"({a.text} if {c.text} else {b.text})", hull(a.type, b.type))

    # --- floats -------------------------------------------------------------
    FLOAT_OPS = [("float_arith", 8), ("float_div", 3), ("float_divmod", 1), ("float_unary", 2),
                 ("float_minmax", 1), ("float_math", 3), ("float_np", 1), ("float_pow", 1),
                 ("ternary_float", 1), ("float_mixed", 2), ("float_zerodiv", 0.3)]

    def float_operand(self, depth, py, bounded):
        return self.scalar("float", depth, py, bounded)

    def shrink_float(self, e):
        m = self.rng.choice([10.0, 100.0, 1000.0])
        return Expr(f"({e.text} % {m})", float_type(0.0, m, e.type.py))

    def float_arith(self, depth, py, bounded):
        op = self.rng.choice("++--*")
        a = self.float_operand(depth, py, bounded)
        b = self.scalar(self.rng.choice(["float", "float", "int"]), depth, py, bounded)
        t = arith(op, a.type, b.type)
        for _ in range(4):
            if not (too_big(t) and a.type.bounded and b.type.bounded):
                break
            if magnitude(a.type) >= magnitude(b.type):
                a = self.shrink_float(a)
            else:
                b = self.shrink_int(b) if b.type.kind == "int" else self.shrink_float(b)
            t = arith(op, a.type, b.type)
        if self.rng.random() < 0.5:
            a, b = b, a
        return Expr(f"({a.text} {op} {b.text})", t)

    def float_mixed(self, depth, py, bounded):
        """Int and float operands together: `/` of ints, int + float."""
        a = self.scalar("int", depth, py)
        if self.rng.random() < 0.5:
            b = self.scalar("int", depth, py)
            d = Expr(f"(abs({b.text}) + 1)", int_type(1, magnitude(b.type) + 1, b.type.py))
            m = magnitude(a.type)
            return Expr(f"({a.text} / {d.text})", float_type(-m, m, a.type.py and d.type.py))
        b = self.float_operand(depth, py, bounded)
        return Expr(f"({a.text} + {b.text})", arith("+", a.type, b.type))

    def safe_float_divisor(self, depth, py, bounded):
        """A float expression that is never zero (|d| >= 0.5)."""
        r = self.rng.random()
        if r < 0.4:
            c = self.rng.choice([2.0, 0.5, -4.0, 3.0, 1.5, -0.25, 10.0])
            return Expr(fmt_float(c), float_type(c, c)), abs(c)
        b = self.float_operand(depth, py, bounded)
        c = self.rng.choice([1.0, 0.5, 2.0])
        if r < 0.7:
            return Expr(f"(abs({b.text}) + {c})", float_type(c, magnitude(b.type) + c, b.type.py,
                                                             b.type.free)), c
        return Expr(f"({b.text} * {b.text} + {c})",
                    float_type(c, magnitude(b.type) ** 2 + c, b.type.py, b.type.free)), c

    def float_div(self, depth, py, bounded):
        a = self.float_operand(depth, py, bounded)
        d, dmin = self.safe_float_divisor(depth, py, bounded)
        if a.type.free or d.type.free:
            t = free_float(a.type.py and d.type.py)
        else:
            m = magnitude(a.type) / dmin
            t = float_type(-m, m, a.type.py and d.type.py)
        return Expr(f"({a.text} / {d.text})", t)

    def float_divmod(self, depth, py, bounded):
        a = self.float_operand(depth, py, bounded)
        d, dmin = self.safe_float_divisor(depth, py, True)
        op = self.rng.choice(["//", "%"])
        if a.type.free:
            return Expr(f"({a.text} {op} {d.text})", free_float(a.type.py and d.type.py))
        if op == "//":
            m = magnitude(a.type) / dmin + 1
        else:
            m = magnitude(d.type)
        return Expr(f"({a.text} {op} {d.text})", float_type(-m, m, a.type.py and d.type.py))

    def float_zerodiv(self, depth, py, bounded):
        """Float division by a Python number that may be zero."""
        if not self.on("zerodiv"):
            return None
        a = self.scalar("float", depth, True, True)
        b = self.scalar(self.rng.choice(["int", "float"]), depth, True, True)
        self.expect_exception("ZeroDivisionError")
        op = self.rng.choice(["/", "/", "//", "%"])
        return Expr(f"({a.text} {op} {b.text})", free_float(True))

    def float_unary(self, depth, py, bounded):
        a = self.float_operand(depth, py, bounded)
        t = a.type
        if self.rng.random() < 0.5:
            return Expr(f"(-{a.text})", t if t.free else float_type(-t.hi, -t.lo, t.py))
        fn = self.rng.choice(["abs", "math.fabs"])
        return Expr(f"{fn}({a.text})", t if t.free else float_type(0.0, magnitude(t), t.py))

    def float_minmax(self, depth, py, bounded):
        a = self.float_operand(depth, py, True)
        b = self.float_operand(depth, py, True)
        f = self.rng.choice(["min", "max"])
        g = min if f == "min" else max
        return Expr(f"{f}({a.text}, {b.text})",
                    float_type(g(a.type.lo, b.type.lo), g(a.type.hi, b.type.hi),
                               a.type.py and b.type.py))

    def float_math(self, depth, py, bounded):
        """`math` functions, with arguments kept inside their domains (CPython
        raises ValueError outside them where pyrite returns NaN)."""
        rng = self.rng
        a = self.scalar(rng.choice(["float", "float", "int"]), depth, py, bounded)
        t = a.type
        fn = rng.choice(["sqrt", "log", "exp", "trig", "any", "hypot", "atan2", "copysign",
                         "floor"])
        if fn == "sqrt":
            return Expr(f"math.sqrt(abs({a.text}))",
                        float_type(0, math.sqrt(magnitude(t)), t.py, t.free))
        if fn == "log":
            f = rng.choice(["log", "log10", "log2", "log1p"])
            return Expr(f"math.{f}(abs({a.text}) + 1.0)",
                        float_type(0, math.log(magnitude(t) + 2) * 2, t.py, t.free))
        if fn == "any" or t.free:
            f = rng.choice(MATH_ANY)
            if t.free:      # NaN stays NaN
                return Expr(f"math.{f}({a.text})", free_float(t.py))
            hi = magnitude(t) if f == "fabs" else 2.0
            return Expr(f"math.{f}({a.text})", float_type(-hi, hi, t.py))
        if fn == "exp":
            if magnitude(t) > 30:      # keep exp() finite: CPython raises OverflowError
                text = f"({a.text} % 40)" if t.kind == "int" else f"({a.text} % 40.0)"
                a = Expr(f"({text} - 20)", float_type(-20, 20, t.py))
            hi = math.exp(a.type.hi) + 1
            return Expr(f"math.exp({a.text})", float_type(0, hi, a.type.py))
        if fn == "trig":
            f = rng.choice(MATH_BOUNDED)
            if f in ("expm1",):
                if magnitude(t) > 30:
                    return None
                return Expr(f"math.expm1({a.text})", float_type(-1, math.exp(t.hi) + 1, t.py))
            if f == "log1p":
                return Expr(f"math.log1p(abs({a.text}))",
                            float_type(0, math.log(magnitude(t) + 2), t.py))
            if f == "fabs":
                return Expr(f"math.fabs({a.text})", float_type(0, magnitude(t), t.py))
            return Expr(f"math.{f}({a.text})", float_type(-2, 2, t.py))
        if fn in ("hypot", "atan2", "copysign"):
            b = self.float_operand(depth, py, True)
            if fn == "hypot":
                return Expr(f"math.hypot({a.text}, {b.text})",
                            float_type(0, magnitude(t) + magnitude(b.type), t.py and b.type.py))
            if fn == "atan2":
                return Expr(f"math.atan2({a.text}, {b.text})",
                            float_type(-3.2, 3.2, t.py and b.type.py))
            return Expr(f"math.copysign({a.text}, {b.text})",
                        float_type(-magnitude(t), magnitude(t), t.py and b.type.py))
        # floor: a float of an int result (math.trunc needs a float in CPython)
        if t.kind == "int":
            return None
        f = rng.choice(["floor", "ceil", "trunc"])
        if magnitude(t) > 2 ** 52:
            return None
        return Expr(f"float(math.{f}({a.text}))",
                    float_type(math.floor(t.lo) - 1, math.ceil(t.hi) + 1, t.py))

    def float_np(self, depth, py, bounded):
        """Scalar NumPy functions (NumPy semantics: NaN and inf, no errors)."""
        if py:
            return None
        a = self.float_operand(depth, False, bounded)
        t = a.type
        f = self.rng.choice(NP_UNARY + ("sqrt", "log"))
        if f in ("sqrt", "log") and not bounded and self.rng.random() < 0.3:
            return Expr(f"np.{f}({a.text})", free_float(False))     # NaN below zero
        if f == "sqrt":
            return Expr(f"np.sqrt(abs({a.text}))",
                        float_type(0, math.sqrt(magnitude(t)), False, t.free))
        if f == "log":
            return Expr(f"np.log(abs({a.text}) + 1.0)",
                        float_type(0, math.log(magnitude(t) + 2), False, t.free))
        if f == "exp":
            if t.free or t.hi > 700:
                return Expr(f"np.exp({a.text})", free_float(False))
            return Expr(f"np.exp({a.text})", float_type(0, math.exp(t.hi) + 1, False))
        if f in ("floor", "ceil", "trunc"):
            return Expr(f"np.{f}({a.text})",
                        t if t.free else float_type(math.floor(t.lo) - 1, math.ceil(t.hi) + 1,
                                                    False))
        return Expr(f"np.{f}({a.text})", float_type(-2, 2, False, t.free))

    def float_pow(self, depth, py, bounded):
        """`base ** e` with a positive base and a small float exponent (CPython
        raises on negative bases and overflow; NumPy gives NaN/inf)."""
        a = self.scalar(self.rng.choice(["float", "float", "int"]), depth, py, True)
        e = self.rng.choice([0.5, 2.0, 1.5, 3.0, -1.0, -0.5, 0.25])
        base_hi = magnitude(a.type) + 1.0
        if base_hi ** max(e, 0) > 1e12:
            a = self.shrink_float(a) if a.type.kind == "float" else self.shrink_int(a)
            base_hi = magnitude(a.type) + 1.0
        hi = base_hi ** e if e > 0 else 1.0
        one = "1" if a.type.kind == "int" else "1.0"        # int ** float is a float too
        return Expr(f"((abs({a.text}) + {one}) ** {e})", float_type(0, hi, a.type.py))

    def ternary_float(self, depth, py, bounded):
        return self.ternary("float", depth, py, bounded)

    # --- booleans -----------------------------------------------------------
    BOOL_OPS = [("bool_compare", 8), ("bool_logic", 3), ("bool_not", 1), ("bool_chain", 1),
                ("bool_isnan", 1), ("bool_eq", 1), ("bool_truth", 1)]

    def bool_compare(self, depth, py, bounded):
        kind = self.rng.choice(["int", "float", "float", "mixed"])
        a = self.scalar("int" if kind == "int" else "float", depth, py)
        b = self.scalar("float" if kind == "float" else "int", depth, py)
        op = self.rng.choice(["<", "<=", ">", ">=", "==", "!="])
        if self.rng.random() < 0.5:
            a, b = b, a
        return Expr(f"({a.text} {op} {b.text})", boolean(a.type.py and b.type.py))

    def bool_chain(self, depth, py, bounded):
        a = self.scalar("int", depth, py)
        b = self.scalar(self.rng.choice(["int", "float"]), depth, py)
        c = self.scalar("int", depth, py)
        op1, op2 = self.rng.choice(["<", "<="]), self.rng.choice(["<", "<=", "!="])
        return Expr(f"({a.text} {op1} {b.text} {op2} {c.text})",
                    boolean(a.type.py and b.type.py and c.type.py))

    def bool_logic(self, depth, py, bounded):
        a, b = self.scalar("bool", depth, py), self.scalar("bool", depth, py)
        op = self.rng.choice(["and", "or", "and", "or", "&", "|", "^"])
        return Expr(f"({a.text} {op} {b.text})", boolean(a.type.py and b.type.py))

    def bool_eq(self, depth, py, bounded):
        a, b = self.scalar("bool", depth, py), self.scalar("bool", depth, py)
        op = self.rng.choice(["==", "!="])
        return Expr(f"({a.text} {op} {b.text})", boolean(a.type.py and b.type.py))

    def bool_not(self, depth, py, bounded):
        a = self.scalar("bool", depth, py)
        return Expr(f"(not {a.text})", boolean(True))

    def bool_truth(self, depth, py, bounded):
        """Truthiness of a number: `not x`, `bool(x)`."""
        a = self.scalar(self.rng.choice(["int", "float"]), depth, py)
        if self.rng.random() < 0.5:
            return Expr(f"(not {a.text})", boolean(True))
        return Expr(f"bool({a.text})", boolean(True))

    def bool_isnan(self, depth, py, bounded):
        a = self.float_operand(depth, py, False)
        f = self.rng.choice(["isnan", "isinf", "isfinite"])
        return Expr(f"math.{f}({a.text})", boolean(True))
