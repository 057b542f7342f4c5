"""Array statements: creation, element and slice stores, masks, in-place
updates, overlapping assignments and rebinding of array variables.

`ArrayStatementGen` is a mixin of `FunctionBuilder`, like `StatementGen`
(statements.py), and keeps the same invariants: an array variable assigned
inside a loop only receives arrays of a type within its own, and stores keep
elements inside the array's class (model.py).
"""
from .aliasing import ANY, aliases, needs_copy
from .model import CANONICAL, Array, Expr, Scalar, array_within, dtype_kind
from .scalars import arith, float_type, int_type, magnitude


class ArrayStatementGen:
    """Mixin: statements about arrays."""

    # --- arrays: creation ---------------------------------------------------
    def random_shape(self):
        rng = self.rng
        if rng.random() < 0.1:
            return (rng.randint(11, 40),)
        if rng.random() < 0.03:
            return (0,) if rng.random() < 0.7 else (0, rng.randint(1, 3))
        if rng.random() < 0.65:
            return (rng.randint(1, 10),)
        return (rng.randint(1, 4), rng.randint(1, 5))

    def exact_arrays(self, pred=None):
        return [v for v in self.array_vars() if v.type.exact and (pred is None or pred(v.type))]

    def st_new_array(self):
        rng = self.rng
        arrays = self.array_vars()
        name = self.new_name("v")
        r = rng.random()
        if arrays and r < 0.35:
            v = rng.choice(arrays)
            t = v.type
            form = rng.random()
            if form < 0.3:
                text = rng.choice([f"{v.name}.copy()", f"np.copy({v.name})"])
            elif form < 0.45:
                text = f"np.{rng.choice(['zeros_like', 'ones_like'])}({v.name})"
            elif form < 0.6 and t.dtype != "bool":
                value = self.store_value(t)
                self.emit(f"{name} = np.empty_like({v.name})")
                self.emit(f"{name}.fill({value.text})" if rng.random() < 0.5 else
                          f"{name}[{', '.join([':'] * t.ndim)}] = {value.text}")
                self.declare(name, t.with_shape(t.minshape, t.maxshape, contig=True))
                return True
            elif form < 0.7 and t.dtype not in ("bool",):
                value = self.store_value(t)
                text = f"np.full_like({v.name}, {value.text})"
            elif form < 0.78:
                g = rng.random()
                if g < 0.3 and self.on("view"):      # the same array under a new name
                    text = v.name
                    if self.on("asarray") and rng.random() < 0.5:
                        text = f"np.asarray({v.name})"
                    self.emit(f"{name} = {text}")
                    self.declare(name, t)
                    return True
                if g < 0.65:
                    text = f"{v.name}.flatten()" if rng.random() < 0.5 else f"{v.name}.ravel()"
                    lo, hi = t.size_bounds
                    self.emit(f"{name} = {text}")
                    self.declare(name, Array(t.dtype, (lo,), (hi,), True, t.free))
                    return True
                text = f"np.array({v.name})"
            elif form < 0.85 and self.on("view"):
                view = self.random_view(v)
                if view is None:
                    return False
                self.emit(f"{name} = {view.text}")
                self.declare(name, view.type)
                return True
            elif self.on("arrexpr") and t.exact:
                return self.st_mask_select(v, name)
            else:
                text = f"{v.name}.copy()"
            self.emit(f"{name} = {text}")
            self.declare(name, t.with_shape(t.minshape, t.maxshape, contig=True))
            return True
        shape = self.random_shape()
        if self.on("arrexpr") and r < 0.75:
            e = self.array_expr(shape, None, 2)
        else:
            e = self.constructor(shape, rng.choice(["float", "float", "int", "bool"]))
        self.emit(f"{name} = {e.text}")
        self.declare(name, e.type)
        return True

    def st_mask_select(self, v, name):
        """`b = a[a > c]`: a 1-d copy of unknown length."""
        mask = self.mask_for(v)
        size = v.type.size_bounds[1]
        self.emit(f"{name} = {v.name}[{mask}]")
        self.declare(name, Array(v.type.dtype, (0,), (size,), True, v.type.free))
        return True

    def mask_for(self, v):
        t = v.type
        if t.dtype != "bool" and self.rng.random() < 0.6 and t.dtype != "float32":
            op = self.rng.choice(["<", ">", "<=", ">=", "!="])
            kind = "int" if dtype_kind(t.dtype) == "int" else self.rng.choice(["int", "float"])
            return f"{v.name} {op} {self.scalar(kind, 1).text}"
        return self.array_expr(t.shape, "bool", 1).text

    def st_reduce_axis(self):
        rng = self.rng
        arrays = self.exact_arrays(lambda t: t.dtype in ("float64", "int64", "int32", "bool",
                                                         "float32") and min(t.minshape) >= 1)
        if not arrays:
            return False
        v = rng.choice(arrays)
        t = v.type
        name = self.new_name("r")
        elem = t.elem
        if t.ndim == 1 or rng.random() < 0.3:
            if t.dtype == "bool" or t.dtype == "float32":
                return False
            text = rng.choice([f"np.cumsum({v.name})", f"{v.name}.cumsum()"])
            dtype = "float64" if dtype_kind(t.dtype) == "float" else "int64"
            n = t.size_bounds[1]
            e = self.finish(text, dtype, (n,), arith("*", elem, int_type(0, n)))
            self.emit(f"{name} = {e.text}")
            self.declare(name, e.type)
            return True
        f = rng.choice(["sum", "sum", "mean", "min", "max"])
        if t.dtype == "bool" and f != "sum":
            return False
        axis = rng.randrange(t.ndim)
        shape = tuple(s for k, s in enumerate(t.shape) if k != axis)
        axis_text = rng.choice([str(axis), f"axis={axis}", f"axis={axis - t.ndim}"])
        ints = [v for v in self.scalar_vars("int") if v.type.hi - v.type.lo < 10 ** 6]
        if t.ndim == 2 and ints and rng.random() < 0.25 and f != "mean":
            # an axis known only at run time: either shape
            k = rng.choice(ints).name
            text = f"{v.name}.{f}(axis={k} % 2)" if rng.random() < 0.5 else \
                f"np.{f}({v.name}, axis={k} % 2)"
            n = max(t.shape)
            dtype = {"float64": "float64", "float32": "float32"}.get(t.dtype, "int64") \
                if f == "sum" else t.dtype
            el = arith("*", elem if t.dtype != "bool" else int_type(0, 1), int_type(0, n)) \
                if f == "sum" else elem
            e = self.finish(text, dtype, (min(t.shape),), el)
            typ = Array(e.type.dtype, (min(t.shape),), (max(t.shape),), True, e.type.free)
            self.emit(f"{name} = {e.text}")
            self.declare(name, typ)
            return True
        if f in ("mean", "max", "min") and rng.random() < 0.5:
            text = f"np.{f}({v.name}, axis={axis})"
        else:
            text = f"{v.name}.{f}({axis_text})"
        n = t.shape[axis]
        if f == "sum":
            dtype = {"float64": "float64", "float32": "float32"}.get(t.dtype, "int64")
            el = arith("*", elem if t.dtype != "bool" else int_type(0, 1), int_type(0, n))
        elif f == "mean":
            dtype = "float32" if t.dtype == "float32" else "float64"
            el = elem if t.dtype in ("float64", "float32") else float_type(elem.lo, elem.hi)
        else:
            dtype = t.dtype
            el = elem
        e = self.finish(text, dtype, shape, el)
        self.emit(f"{name} = {e.text}")
        self.declare(name, e.type)
        return True

    # --- arrays: stores -----------------------------------------------------
    def store_value(self, t):
        """A scalar expression to store into elements of array type `t`."""
        kind = dtype_kind(t.dtype)
        if kind == "bool":
            return self.scalar("bool", 2)
        lo, hi = CANONICAL[t.dtype]
        if kind == "int":
            return self.fit(self.scalar("int", 2), Scalar("int", lo, hi, False))
        if t.free:
            return self.scalar(self.rng.choice(["float", "float", "int"]), 2)
        if self.rng.random() < 0.2:
            return self.fit(self.scalar("int", 2), Scalar("int", -10 ** 6, 10 ** 6, False))
        return self.fit(self.scalar("float", 2, bounded=True), Scalar("float", lo, hi, False))

    def nonempty_arrays(self):
        return [v for v in self.array_vars() if min(v.type.minshape) >= 1]

    def st_store(self):
        arrays = self.nonempty_arrays()
        if not arrays:
            return False
        v = self.rng.choice(arrays)
        target = self.element_text(v)
        self.emit(f"{target} = {self.store_value(v.type).text}")
        return True

    def st_aug_store(self):
        arrays = [v for v in self.nonempty_arrays() if v.type.dtype != "float32"]
        if not arrays:
            return False
        v = self.rng.choice(arrays)
        t = v.type
        target = self.element_text(v)
        kind = dtype_kind(t.dtype)
        if kind == "bool":
            self.emit(f"{target} {self.rng.choice(['&=', '|=', '^='])} "
                      f"{self.scalar('bool', 1).text}")
            return True
        op = self.rng.choice(["+", "-", "*"])
        lo, hi = CANONICAL[t.dtype]
        if t.dtype in ("int32", "uint8"):
            # np.int32 op (Python int) wraps in int32, as pyrite's store does; an
            # np.int64 operand would give an int64 that NumPy refuses to store
            e = self.fit(self.scalar("int", 1, py=True),
                         Scalar("int", max(lo, -1000), min(hi, 1000)))
            self.emit(f"{target} {op}= {e.text}")
            return True
        if kind == "int":
            e = self.fit(self.scalar("int", 1), Scalar("int", -1000, 1000))
            self.emit(f"{target} {op}= {e.text}")
            m = self.rng.choice([97, 1000, 10000])
            self.emit(f"{target} %= {m}")
            return True
        if t.free:
            e = self.scalar(self.rng.choice(["float", "int"]), 1)
            self.emit(f"{target} {op}= {e.text}")
            return True
        e = self.fit(self.scalar("float", 1, bounded=True), Scalar("float", -1e3, 1e3))
        self.emit(f"{target} {op}= {e.text}")
        self.emit(f"{target} %= {self.rng.choice([1000.0, 10.0, 1e4])}")
        return True

    def elem_ok(self, target, value):
        """An array of type `value` may be stored into one of type `target`."""
        tk, vk = dtype_kind(target.dtype), dtype_kind(value.dtype)
        if tk == "bool" or vk == "bool":
            return tk == vk
        if tk == "int" and vk == "float":
            return False
        if target.dtype == "float32" and value.dtype != "float32":
            return False
        if target.free:
            return True
        if value.free:
            return False
        lo, hi = CANONICAL[target.dtype]
        e = value.elem
        return lo <= e.lo and e.hi <= hi

    def slice_target(self, v):
        """A view of `v` to store through: `v[...]` text and type."""
        t = v.type
        if self.rng.random() < 0.25 or not t.exact:
            return f"{v.name}[{', '.join([':'] * t.ndim)}]", t
        for _ in range(3):
            view = self.random_view(v)
            if view is None or not view.text.startswith(v.name + "["):
                continue
            if "][" in view.text:
                continue
            return view.text, view.type
        return None, None

    def st_slice_assign(self):
        arrays = self.nonempty_arrays()
        if not arrays:
            return False
        v = self.rng.choice(arrays)
        target, t = self.slice_target(v)
        if target is None:
            return False
        if self.rng.random() < 0.35 or not t.exact:
            self.emit(f"{target} = {self.store_value(v.type).text}")
            return True
        want = dtype_kind(t.dtype)
        e = self.array_expr(t.shape, want if want != "float" else None, 2,
                            allow=lambda rt: self.elem_ok(t, rt))
        if not self.elem_ok(t, e.type):
            return False
        self.emit(f"{target} = {self.copy_if_overlapping(target, e.text, t.ndim)}")
        return True

    def st_mask_assign(self):
        arrays = self.exact_arrays(lambda t: min(t.minshape) >= 1)
        if not arrays:
            return False
        v = self.rng.choice(arrays)
        mask = self.mask_for(v)
        # NumPy reads a mask that views the target while it writes (numpy#11467),
        # pyrite reads it first: the generator copies such a mask itself.
        mine = self.roots_of(v.name) or frozenset()
        theirs = aliases(mask, self.roots_of)
        if theirs and (mine & theirs or ANY in (mine | theirs)):
            mask = f"({mask}).copy()"
        self.emit(f"{v.name}[{mask}] = {self.store_value(v.type).text}")
        return True

    def st_fill(self):
        arrays = self.array_vars()
        if not arrays:
            return False
        v = self.rng.choice(arrays)
        self.emit(f"{v.name}.fill({self.store_value(v.type).text})")
        return True

    def st_aug_array(self):
        """`a += b`, `a[1:] *= 2.0`: in place, visible through every alias."""
        arrays = [v for v in self.nonempty_arrays() if v.type.exact]
        if not arrays:
            return False
        v = self.rng.choice(arrays)
        target, t = (v.name, v.type) if self.rng.random() < 0.6 else self.slice_target(v)
        if target is None or not t.exact:
            return False
        dtype = t.dtype
        kind = dtype_kind(dtype)
        rng = self.rng
        if kind == "bool":
            e = self.array_expr(t.shape, "bool", 1)
            self.emit(f"{target} {rng.choice(['&=', '|=', '^='])} {e.text}")
            return True
        op = rng.choice(["+", "-", "*"])
        self.focus = v if rng.random() < 0.4 else None
        try:
            return self.aug_array_rhs(target, t, op)
        finally:
            self.focus = None

    def aug_array_rhs(self, target, t, op):
        rng = self.rng
        dtype = t.dtype
        kind = dtype_kind(dtype)
        if dtype in ("float32", "int32", "uint8"):
            e = self.array_expr(t.shape, kind, 1, allow=lambda rt: rt.dtype == dtype)
            if e.type.dtype != dtype:
                return False
            new_elem = arith(op, t.elem, e.type.elem)
            if dtype == "float32" and not t.free and (new_elem.free or magnitude(new_elem) > 1e6):
                return False      # a float32 modulo could round differently
            self.emit(f"{target} {op}= {e.text}")
            return True
        elif rng.random() < 0.4:
            e = self.scalar(kind if kind == "int" else rng.choice(["int", "float"]), 1,
                            bounded=True)
            if magnitude(e.type) > 1000:
                e = self.shrink_int(e) if e.type.kind == "int" else self.shrink_float(e)
            new_elem = arith(op, t.elem, e.type)
        else:
            e = self.array_expr(t.shape, kind if kind == "int" else None, 1,
                                allow=lambda rt: rt.dtype != "bool" and
                                (kind == "float" or dtype_kind(rt.dtype) == "int"))
            if e.type.dtype == "bool" or (kind == "int" and dtype_kind(e.type.dtype) != "int"):
                return False
            if kind == "int" and magnitude(e.type.elem) > 10 ** 6:
                return False
            new_elem = arith(op, t.elem, e.type.elem)
        if kind == "float" and not t.free and new_elem.free:
            return False          # inf or NaN cannot be brought back into range
        self.emit(f"{target} {op}= {e.text}")
        if dtype == "int64" and not (CANONICAL[dtype][0] <= new_elem.lo and
                                     new_elem.hi <= CANONICAL[dtype][1]):
            self.emit(f"{target} %= {rng.choice([100, 1000, 9973])}")
        elif kind == "float" and not t.free and (new_elem.free or magnitude(new_elem) > 1e6):
            self.emit(f"{target} %= {rng.choice([100.0, 1000.0])}")
        return True

    def st_overlap(self):
        """Slice assignment whose source overlaps its destination: NumPy
        copies the source first."""
        rng = self.rng
        arrays = self.exact_arrays(lambda t: t.ndim <= 2 and min(t.shape) >= 2)
        if not arrays:
            return False
        v = rng.choice(arrays)
        a, t = v.name, v.type
        if t.ndim == 1:
            n = t.shape[0]
            k = rng.randint(1, n - 1)
            forms = [f"{a}[1:] = {a}[:-1]", f"{a}[:-1] = {a}[1:]", f"{a}[::-1] = {a}",
                     f"{a}[:] = {a}[::-1]", f"{a}[{k}:] = {a}[:{n - k}]",
                     f"{a}[:{n - k}] = {a}[{k}:]"]
        else:
            r, c = t.shape
            forms = [f"{a}[1:, 1:] = {a}[:-1, :-1]", f"{a}[:-1] = {a}[1:]", f"{a}[:] = {a}[::-1]",
                     f"{a}[:, 1:] = {a}[:, :-1]", f"{a}[:, ::-1] = {a}"]
            if r == c:
                forms += [f"{a}[:, :] = {a}.T", f"{a}[:] = {a}.T[::-1]"]
        form = rng.choice(forms)
        if rng.random() < 0.4:
            return self.overlap_expression(v)
        if t.ndim == 1 and dtype_kind(t.dtype) != "bool" and rng.random() < 0.25:
            # an expression of overlapping views: NumPy evaluates it first
            form = f"{a}[1:] = {a}[:-1] + {a}[1:]"
            self.emit(form)
            if t.dtype == "int64":
                self.emit(f"{a}[:] = {a} % 1000")
            elif dtype_kind(t.dtype) == "float" and not t.free:
                self.emit(f"{a}[:] = {a} % 1000.0")
            return True
        self.emit(form)
        return True

    def overlap_expression(self, v):
        """`v[view] = <expression of other views of v>`: NumPy evaluates the
        whole right side before it stores."""
        target, t = self.slice_target(v)
        if target is None or not t.exact:
            return False
        self.focus = v
        try:
            e = self.array_expr(t.shape, None if dtype_kind(t.dtype) == "float"
                                else dtype_kind(t.dtype), 2,
                                allow=lambda rt: self.elem_ok(t, rt))
        finally:
            self.focus = None
        self.emit(f"{target} = {self.copy_if_overlapping(target, e.text, t.ndim)}")
        return True

    def copy_if_overlapping(self, target, rhs, ndim):
        """`rhs`, or `rhs.copy()` where NumPy's result would depend on its
        copy order (aliasing.py)."""
        if needs_copy(target, rhs, ndim, self.roots_of, self.ndim_of):
            return f"{rhs}.copy()"
        return rhs

    # --- arrays: rebinding --------------------------------------------------
    def st_rebind(self):
        """`x = <another array of a type within x's>`."""
        targets = [v for v in self.array_vars() if self.assignable(v)]
        if not targets:
            return False
        x = self.rng.choice(targets)
        sources = []
        for v in self.array_vars():
            if v is not x and array_within(v.type, x.type):
                sources.append(Expr(v.name, v.type))
            elif v is not x and self.rng.random() < 0.5:
                view = self.random_view(v)
                if view is not None and array_within(view.type, x.type):
                    sources.append(view)
        if x.type.exact and self.rng.random() < 0.5:
            e = self.array_expr(x.type.shape, dtype_kind(x.type.dtype), 1)
            if array_within(e.type, x.type):
                sources.append(e)
        if not sources:
            return False
        e = self.rng.choice(sources)
        text = e.text
        if not self.loops and len(sources) >= 2 and self.rng.random() < 0.3:
            f = self.rng.choice(sources)
            c = self.scalar("bool", 1)
            text = f"{e.text} if {c.text} else {f.text}"
        self.emit(f"{x.name} = {text}")
        self.rebound(x, text)
        return True

    def st_swap_arrays(self):
        arrays = [v for v in self.array_vars() if self.assignable(v)]
        groups = {}
        for v in arrays:
            groups.setdefault(v.type, []).append(v)
        pairs = [g for g in groups.values() if len(g) >= 2]
        if not pairs:
            return False
        a, b = self.rng.sample(self.rng.choice(pairs), 2)
        self.emit(f"{a.name}, {b.name} = {b.name}, {a.name}")
        a.roots = b.roots = self.roots_of(a.name) | self.roots_of(b.name)
        return True

    def st_self_view(self):
        """`a = a[1:]` outside loops: the variable takes the view's type."""
        arrays = [v for v in self.array_vars() if self.assignable(v)]
        if not arrays:
            return False
        v = self.rng.choice(arrays)
        view = self.random_view(v)
        if view is None or view.type.ndim != v.type.ndim:
            return False
        self.emit(f"{v.name} = {view.text}")
        self.rebound(v, view.text)
        v.type = view.type
        return True

    def st_pingpong(self):
        """Two buffers swapped at the end of every iteration of a loop."""
        arrays = self.exact_arrays(lambda t: t.ndim == 1 and t.shape[0] >= 3
                                   and dtype_kind(t.dtype) != "bool")
        if not arrays:
            return False
        v = self.rng.choice(arrays)
        t = v.type
        cur, nxt = self.new_name("cur"), self.new_name("nxt")
        self.emit(f"{cur} = {v.name}.copy()")
        self.emit(self.rng.choice([f"{nxt} = np.zeros_like({cur})",
                                   f"{nxt} = np.empty_like({cur})"]))
        if "empty" in self.lines[-1]:
            self.emit(f"{nxt}[:] = 0")
        ct = Array(t.dtype, t.shape, t.shape, True, t.free)
        self.declare(cur, ct, roots=frozenset({cur, nxt}))
        self.declare(nxt, ct, roots=frozenset({cur, nxt}))
        n = t.shape[0]
        if dtype_kind(t.dtype) == "float" and not t.free:
            stencil = f"{nxt}[1:-1] = ({cur}[:-2] + {cur}[2:]) * 0.5"
        elif t.dtype == "int64":
            stencil = f"{nxt}[1:-1] = ({cur}[:-2] + {cur}[2:]) // 2"
        else:
            stencil = f"{nxt}[1:-1] = {cur}[:-2]"
        tail = [stencil, f"{nxt}[0] = {cur}[{n - 1}]", f"{nxt}[-1] = {cur}[0]",
                f"{cur}, {nxt} = {nxt}, {cur}"]
        if not self.st_for(tail=tail, shrink=False):
            return True
        return True
