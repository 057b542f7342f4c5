"""Statements: scalar assignments, tuples, control flow, returns, helper
calls and long loops (array statements are in array_statements.py).

`StatementGen` is a mixin of `FunctionBuilder`. Every statement keeps the
static model true on every path and every loop iteration:

* a scalar variable keeps the interval it was declared with (assignments
  are wrapped into it by a modulo, `fit`);
* an array variable assigned inside a loop only receives values whose type
  is within its own (`array_within`), so what the loop body assumed on its
  first iteration still holds on the next; a variable that a loop shrinks
  (`a = a[1:]`) is widened before the body is written;
* after `if`, an array variable has the join of its types on both paths.
"""
from .model import (Array, Expr, Scalar, Tuple, array_within, dtype_kind, free_float, hull,
                    join_arrays)
from .arrays import NoExpr
from .scalars import arith, fmt_float, fmt_int, float_type, int_type, magnitude

EXEC_LIMIT = 2500        # statement executions per function, roughly
MAX_NESTING = 3


class StatementGen:
    """Mixin: statements of the function being written."""

    # --- blocks -------------------------------------------------------------
    def block(self, n):
        start = len(self.lines)
        for _ in range(n):
            if self.budget <= 0:
                break
            self.statement()
        if len(self.lines) == start:
            self.emit("pass")

    def nesting(self):
        return (self.indent - 1)

    def statement(self):
        on = self.on
        in_loop = bool(self.loops)
        deep = self.nesting() >= MAX_NESTING
        simple = getattr(self, "simple", False)
        options = [
            ("st_new_scalar", 5), ("st_assign_scalar", 4), ("st_aug_scalar", 3),
            ("st_if", 3 if on("control") and not deep else 0),
            ("st_for", 3 if on("control") and not deep and not simple else 0),
            ("st_while", 1 if on("control") and not deep and not simple else 0),
            ("st_for_array", 1 if on("control") and on("array") and not deep and not simple
             else 0),
            ("st_break", 1.5 if in_loop and on("control") else 0),
            ("st_return_early", 0.4 if on("control") and not simple else 0),
            ("st_raise", 0.3 if on("raise") else 0),
            ("st_tuple", 1 if on("tuple") else 0),
            ("st_swap_scalars", 1 if on("tuple") else 0),
            ("st_new_array", 2.5 if on("array") else 0),
            ("st_store", 3 if on("array") else 0),
            ("st_aug_store", 1.5 if on("array") else 0),
            ("st_slice_assign", 2 if on("view") else 0),
            ("st_mask_assign", 1 if on("arrexpr") else 0),
            ("st_fill", 0.4 if on("array") else 0),
            ("st_aug_array", 1 if on("augarray") else 0),
            ("st_overlap", 0.8 if on("overlap") else 0),
            ("st_rebind", 1 if on("rebind") else 0),
            ("st_swap_arrays", 1 if on("rebind") else 0),
            ("st_self_view", 0.7 if on("rebind") and not in_loop else 0),
            ("st_pingpong", 0.5 if on("rebind") and not deep and not simple else 0),
            ("st_call", 1 if on("call") and not simple else 0),
            ("st_reduce_axis", 0.7 if on("reduce") else 0),
        ]
        for _ in range(6):
            name = self.pick_weighted(options)
            try:
                if getattr(self, name)():
                    return
            except NoExpr:
                pass

    def push(self):
        self.scopes.append({})
        self.indent += 1

    def pop(self):
        self.scopes.pop()
        self.indent -= 1

    def sub_block(self, n, loop=None, execs=1):
        """A nested block (if body, loop body) in its own scope."""
        self.push()
        if loop is not None:
            self.loops.append(loop)
        saved = self.execs
        self.execs *= max(execs, 1)
        self.block(n)
        for line in (loop or {}).get("tail", ()):
            self.emit(line)
        self.execs = saved
        if loop is not None:
            self.loops.pop()
        self.pop()

    def body_size(self):
        return self.rng.choice([1, 2, 2, 3, 4, 5])

    def assignable(self, v):
        return not v.loop_index and not v.fixed

    # --- scalar assignments -------------------------------------------------
    def st_new_scalar(self):
        kind = self.rng.choice(["int", "int", "float", "float", "bool"])
        e = self.scalar(kind, 2)
        t = e.type
        if kind == "int":
            arrays = [v for v in self.array_vars() if v.type.minshape[0] >= 1]
            if arrays and self.rng.random() < 0.2:     # an index-like variable
                n = self.rng.choice(arrays).type.minshape[0]
                e = self.fit(e, Scalar("int", 0, n - 1, t.py))
                t = e.type
            elif self.rng.random() < 0.5:
                t = hull(t, Scalar("int", -10 ** 6, 10 ** 6, t.py))
        elif kind == "float":
            if not t.free and self.rng.random() < 0.25:
                t = free_float(t.py)
            elif not t.free:
                t = hull(t, Scalar("float", -1e6, 1e6, t.py))
        name = self.new_name({"int": "i", "float": "x", "bool": "c"}[kind])
        if self.rng.random() < 0.08:                 # a = b = value
            other = self.new_name({"int": "i", "float": "x", "bool": "c"}[kind])
            self.emit(f"{name} = {other} = {e.text}")
            self.declare(other, t)
        else:
            self.emit(f"{name} = {e.text}")
        self.declare(name, t)
        return True

    def scalar_targets(self, kinds=("int", "float", "bool")):
        return [v for v in self.scalar_vars() if self.assignable(v) and v.type.kind in kinds]

    def value_for(self, t, depth=2):
        """An expression whose values a variable of scalar type `t` admits."""
        e = self.scalar(t.kind, depth, py=t.py, bounded=not t.free)
        return self.fit(e, t)

    def st_assign_scalar(self):
        targets = self.scalar_targets()
        if not targets:
            return False
        v = self.rng.choice(targets)
        self.emit(f"{v.name} = {self.value_for(v.type).text}")
        return True

    def st_aug_scalar(self):
        targets = self.scalar_targets()
        if not targets:
            return False
        v = self.rng.choice(targets)
        t = v.type
        if t.kind == "bool":
            e = self.scalar("bool", 1, py=t.py)
            self.emit(f"{v.name} {self.rng.choice(['&=', '|=', '^='])} {e.text}")
            return True
        op = self.rng.choice(["+", "+", "-", "*"] + (["//", "%"] if t.kind == "int" else ["/"]))
        if op in ("//", "%", "/"):
            c = self.rng.choice([2, 3, 7, -2, 10]) if t.kind == "int" else \
                self.rng.choice([2.0, 0.5, -4.0, 1.5])
            e = Expr(fmt_int(c) if t.kind == "int" else fmt_float(c),
                     Scalar(t.kind, c, c))
            if op == "/":
                new = float_type(-magnitude(t) / 0.5, magnitude(t) / 0.5, t.py, t.free)
            elif op == "//":
                new = int_type(-magnitude(t), magnitude(t), t.py)
            else:
                new = int_type(min(c + 1, 0), max(c - 1, 0), t.py)
        else:
            kind = t.kind if t.kind == "int" else self.rng.choice(["float", "float", "int"])
            e = self.scalar(kind, 1, py=t.py, bounded=not t.free)
            new = arith(op, t, e.type)
            for _ in range(3):
                if t.free or (new.fits_int64() if new.kind == "int" else new.bounded):
                    break
                e = self.shrink_int(e) if e.type.kind == "int" else self.shrink_float(e)
                new = arith(op, t, e.type)
            else:
                return False
        self.emit(f"{v.name} {op}= {e.text}")
        if not new.within(t):
            self.emit(f"{v.name} = {self.fit(Expr(v.name, new), t).text}")
        return True

    # --- tuples -------------------------------------------------------------
    def st_tuple(self):
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            targets = self.scalar_targets()
            if len(targets) >= 2:
                a, b = rng.sample(targets, 2)
                ea, eb = self.value_for(a.type, 1), self.value_for(b.type, 1)
                self.emit(f"{a.name}, {b.name} = {ea.text}, {eb.text}")
                return True
        if r < 0.5:
            arrays = [v for v in self.array_vars() if v.type.ndim >= 2]
            if arrays:                               # r, c = m.shape
                v = rng.choice(arrays)
                names = [self.new_name("s") for _ in range(v.type.ndim)]
                self.emit(f"{', '.join(names)} = {v.name}.shape")
                for k, n in enumerate(names):
                    self.declare(n, int_type(v.type.minshape[k], v.type.maxshape[k]))
                return True
        if r < 0.7:
            kinds = [rng.choice(["int", "float", "bool"]) for _ in range(rng.choice([2, 3]))]
            exprs = [self.scalar(k, 1) for k in kinds]
            names = [self.new_name("u") for _ in kinds]
            self.emit(f"{', '.join(names)} = {', '.join(e.text for e in exprs)}")
            for n, e in zip(names, exprs):
                self.declare(n, e.type)
            return True
        items = [self.scalar(rng.choice(["int", "float"]), 1) for _ in range(rng.choice([2, 3]))]
        arrays = self.array_vars()
        if arrays and rng.random() < 0.5:
            v = rng.choice(arrays)
            items.append(Expr(v.name, v.type))
        name = self.new_name("t")
        self.emit(f"{name} = ({', '.join(e.text for e in items)})")
        self.declare(name, Tuple(tuple(e.type for e in items)), fixed=True)
        if rng.random() < 0.5:
            names = [self.new_name("u") for _ in items]
            self.emit(f"{', '.join(names)} = {name}")
            for n, e in zip(names, items):
                self.declare(n, e.type)
        return True

    def st_swap_scalars(self):
        targets = self.scalar_targets()
        groups = {}
        for v in targets:
            groups.setdefault(v.type, []).append(v)
        pairs = [g for g in groups.values() if len(g) >= 2]
        if not pairs:
            return False
        g = self.rng.choice(pairs)
        if len(g) >= 3 and self.rng.random() < 0.3:
            a, b, c = self.rng.sample(g, 3)
            self.emit(f"{a.name}, {b.name}, {c.name} = {b.name}, {c.name}, {a.name}")
        else:
            a, b = self.rng.sample(g, 2)
            self.emit(f"{a.name}, {b.name} = {b.name}, {a.name}")
        return True

    # --- control flow -------------------------------------------------------
    def array_snapshot(self):
        return {id(v): (v, v.type) for v in self.array_vars()}

    def restore(self, snap):
        for v, t in snap.values():
            v.type = t

    def st_if(self):
        snap = self.array_snapshot()
        branches = []
        cond = self.scalar("bool", 2)
        if self.rng.random() < 0.1:                  # `if x:` on a number
            cond = self.scalar(self.rng.choice(["int", "float"]), 1)
        self.emit(f"if {cond.text}:")
        self.sub_block(self.body_size())
        branches.append(self.array_snapshot())
        r = self.rng.random()
        n_elif = 1 if r < 0.2 else 0
        for _ in range(n_elif):
            self.restore(snap)
            self.emit(f"elif {self.scalar('bool', 2).text}:")
            self.sub_block(self.body_size())
            branches.append(self.array_snapshot())
        has_else = r < 0.2 or self.rng.random() < 0.4
        self.restore(snap)
        if has_else:
            self.emit("else:")
            self.sub_block(self.body_size())
            branches.append(self.array_snapshot())
        else:
            branches.append(snap)
        # the join of what each path left in the array variables
        for key, (v, _) in snap.items():
            types = [b[key][1] for b in branches if key in b]
            t = types[0]
            for other in types[1:]:
                t = join_arrays(t, other)
            v.type = t
        return True

    def range_spec(self):
        """(range text, loop variable type, maximum trip count)."""
        rng = self.rng
        arrays = [v for v in self.array_vars() if v.type.minshape[0] >= 1]
        r = rng.random()
        if arrays and r < 0.45:
            v = rng.choice(arrays)
            k = rng.randrange(v.type.ndim) if rng.random() < 0.3 else 0
            length = self.length_text(v.name, k)
            mx = v.type.maxshape[k]
            form = rng.random()
            if form < 0.55:
                return f"range({length})", int_type(0, mx - 1), mx
            if form < 0.7:
                return f"range({length} - 1, -1, -1)", int_type(0, mx - 1), mx
            if form < 0.85:
                return f"range(1, {length})", int_type(1, max(mx - 1, 1)), mx
            return f"range(0, {length}, 2)", int_type(0, mx - 1), (mx + 1) // 2
        sizes = [v for v in self.scalar_vars("int") if 0 <= v.type.lo and v.type.hi <= 12]
        if sizes and r < 0.65:
            v = rng.choice(sizes)
            hi = v.type.hi
            form = rng.random()
            if form < 0.5:
                return f"range({v.name})", int_type(0, max(hi - 1, 0)), hi
            if form < 0.75:
                return f"range({v.name}, 0, -1)", int_type(1, max(hi, 1)), hi
            return f"range({v.name} - 1, -1, -1)", int_type(0, max(hi - 1, 0)), hi
        start = rng.randint(-3, 5)
        step = rng.choice([1, 1, 1, 2, 3, -1, -2])
        trips = rng.randint(0, 8)
        stop = start + step * trips
        values = range(start, stop, step)
        if rng.random() < 0.1 and step == 1 and start == 0:
            text = f"range({stop})"
        elif step == 1 and rng.random() < 0.5:
            text = f"range({start}, {stop})"
        else:
            text = f"range({start}, {stop}, {step})"
        lo = min(values) if len(values) else start
        hi = max(values) if len(values) else start
        return text, int_type(lo, hi), len(values)

    def st_for(self, tail=(), shrink=True):
        text, t, trips = self.range_spec()
        if self.execs * max(trips, 1) > EXEC_LIMIT:
            return False
        loop = {"kind": "for", "tail": list(tail)}
        if shrink and self.on("rebind") and self.rng.random() < 0.2:
            self.prepare_shrink(loop, trips)
        name = self.new_name("k")
        self.emit(f"for {name} in {text}:")
        self.loop_body(loop, trips, {name: _loop_var(name, t)})
        self.maybe_else()
        return True

    def loop_body(self, loop, trips, loop_vars):
        self.push()
        self.scopes[-1].update(loop_vars)
        self.loops.append(loop)
        saved = self.execs
        self.execs *= max(trips, 1)
        if loop.get("head"):
            for line in loop["head"]:
                self.emit(line)
        self.block(self.body_size())
        for line in loop.get("tail", ()):
            self.emit(line)
        for v in loop.get("unfix", ()):
            v.fixed = False
        self.execs = saved
        self.loops.pop()
        self.pop()

    def maybe_else(self):
        if self.rng.random() < 0.1:
            self.emit("else:")
            self.sub_block(self.rng.choice([1, 2]))

    def prepare_shrink(self, loop, trips):
        """Lets the loop body shrink an array variable by one element per
        iteration (`a = a[1:]`): the variable's type is widened first."""
        total = self.execs * max(trips, 1)
        # only a variable declared inside the enclosing loop (or outside all
        # loops): the enclosing loops' bodies were written assuming its shape
        cands = [v for v in self.array_vars() if self.assignable(v)
                 and v.loop_depth == len(self.loops)
                 and v.type.minshape[0] > total + 1 and v.type.ndim <= 2]
        if not cands:
            return
        v = self.rng.choice(cands)
        v.fixed = True                 # nothing else rebinds it in this loop
        loop.setdefault("unfix", []).append(v)
        mn = list(v.type.minshape)
        mn[0] -= total
        v.type = v.type.with_shape(mn, v.type.maxshape, contig=False)
        form = self.rng.choice(["[1:]", "[:-1]"])
        loop.setdefault("tail", []).append(f"{v.name} = {v.name}{form}")

    def st_while(self):
        rng = self.rng
        trips = rng.randint(0, 7)
        if self.execs * max(trips, 1) > EXEC_LIMIT:
            return False
        k = self.new_name("w")
        self.emit(f"{k} = 0")
        self.declare(k, int_type(0, trips + 1), fixed=True)
        loop = {"kind": "while"}
        if rng.random() < 0.3:
            self.emit("while True:")
            loop["head"] = [f"{k} += 1", f"if {k} > {trips}:", "    break"]
        else:
            cond = f"{k} < {trips}"
            if rng.random() < 0.3:
                cond = f"{cond} and {self.scalar('bool', 1).text}"
            self.emit(f"while {cond}:")
            loop["head"] = [f"{k} += 1"]
        self.loop_body(loop, trips + 1, {})
        self.maybe_else()
        return True

    def st_for_array(self):
        rng = self.rng
        arrays = [v for v in self.array_vars() if v.type.dtype in ("float64", "int64", "bool")
                  or v.type.ndim > 1]
        if not arrays:
            return False
        v = rng.choice(arrays)
        t = v.type
        trips = t.maxshape[0]
        if self.execs * max(trips, 1) > EXEC_LIMIT:
            return False
        if t.ndim == 1:
            elem = t.elem
        else:
            elem = t.with_shape(t.minshape[1:], t.maxshape[1:], contig=False)
        x = self.new_name("e")
        r = rng.random()
        if t.ndim > 1:                          # a row: a view of v
            row = _loop_var(x, elem)
            row.roots = self.roots_of(v.name)
            self.emit(f"for {x} in {v.name}:")
            self.loop_body({"kind": "for"}, trips, {x: row})
            return True
        if t.ndim == 1 and r < 0.25:
            i = self.new_name("k")
            self.emit(f"for {i}, {x} in enumerate({v.name}):")
            loop_vars = {i: _loop_var(i, int_type(0, trips - 1)), x: _loop_var(x, elem)}
        elif t.ndim == 1 and r < 0.45:
            others = [o for o in self.array_vars() if o.type.ndim == 1 and o is not v
                      and o.type.dtype in ("float64", "int64", "bool")]
            if not others:
                return False
            o = rng.choice(others)
            y = self.new_name("e")
            self.emit(f"for {x}, {y} in zip({v.name}, {o.name}):")
            loop_vars = {x: _loop_var(x, elem), y: _loop_var(y, o.type.elem)}
        else:
            self.emit(f"for {x} in {v.name}:")
            loop_vars = {x: _loop_var(x, elem)}
        self.loop_body({"kind": "for"}, trips, loop_vars)
        return True

    def st_break(self):
        if not self.loops:
            return False
        cond = self.scalar("bool", 1)
        self.emit(f"if {cond.text}:")
        self.indent += 1
        self.emit(self.rng.choice(["break", "continue"]))
        self.indent -= 1
        return True

    def st_return_early(self):
        cond = self.scalar("bool", 1)
        self.emit(f"if {cond.text}:")
        self.indent += 1
        self.emit_return()
        self.indent -= 1
        return True

    def st_raise(self):
        """`if <cond on a variable>: raise ...` or `assert ...`. The condition
        names a variable so that no compiler can prove the raise certain
        (a function that always raises has no return type)."""
        vs = [v for v in self.scalar_vars() if v.type.kind in ("int", "float")]
        if not vs:
            return False
        v = self.rng.choice(vs)
        op = self.rng.choice(["<", ">", "==", "!="])
        cond = f"{v.name} {op} {self.scalar(v.type.kind, 1).text}"
        if self.rng.random() < 0.6:
            cls = self.rng.choice(["ValueError", "IndexError", "RuntimeError"])
            self.emit(f"if {cond}:")
            self.indent += 1
            self.emit(f"raise {cls}('fuzz')")
            self.indent -= 1
            self.expect_exception(cls)
        else:
            inverse = {"<": ">=", ">": "<=", "==": "!=", "!=": "=="}[op]
            self.emit(f"assert {cond.replace(' ' + op + ' ', ' ' + inverse + ' ', 1)}")
            self.expect_exception("AssertionError")
        return True

    # --- returns ------------------------------------------------------------
    def emit_return(self):
        values = [self.return_value(slot) for slot in self.ret_slots]
        self.returned.append(tuple(e.type for e in values))
        text = ", ".join(e.text for e in values)
        self.emit(f"return {text}" if values else "return")

    def return_value(self, slot):
        if slot[0] == "scalar":
            return self.scalar(slot[1], 2)
        _, dtype, ndim, free = slot
        cands = [v for v in self.array_vars() if v.type.dtype == dtype and v.type.ndim == ndim
                 and (v.type.free == free or self.name == "f")]
        rng = self.rng
        if cands and rng.random() < 0.85:
            v = rng.choice(cands)
            if len(cands) >= 2 and self.on("rebind") and rng.random() < 0.3:
                w = rng.choice(cands)
                c = self.scalar("bool", 1)
                if v.type.same_class(w.type):
                    return Expr(f"({v.name} if {c.text} else {w.name})",
                                join_arrays(v.type, w.type))
            if self.on("view") and rng.random() < 0.3:
                view = self.random_view(v, allow_empty=True)
                if view is not None and view.type.ndim == ndim:
                    return view
            return Expr(v.name, v.type)
        shape = tuple(rng.randint(1, 4) for _ in range(ndim))
        e = self.constructor(shape, dtype_kind(dtype), dtype=dtype)
        return Expr(e.text, Array(dtype, shape, shape, True, free))

    def return_type(self):
        """The join of the types of every return statement's value."""
        joined = None
        for types in self.returned:
            if joined is None:
                joined = list(types)
                continue
            for k, t in enumerate(types):
                if isinstance(t, Array):
                    joined[k] = join_arrays(joined[k], t)
                else:
                    joined[k] = hull(joined[k], t)
        if len(joined) == 1:
            return joined[0]
        return Tuple(tuple(joined))

    # --- calls --------------------------------------------------------------
    def helper_matches(self, ret, slot):
        if slot is None:
            return True
        if slot[0] == "scalar":
            return isinstance(ret, Scalar) and ret.kind == slot[1]
        return isinstance(ret, Array) and (ret.dtype, ret.ndim, ret.free) == slot[1:]

    def call_args(self, h):
        """Argument text for a call of helper `h`, or None."""
        parts = []
        for k, p in enumerate(h.params):
            last = k == len(h.params) - 1
            if getattr(p, "default", None) is not None and last and self.rng.random() < 0.5:
                break
            if isinstance(p.type, Array):
                fits = [v for v in self.array_vars() if array_within(v.type, p.type)]
                if not fits:
                    return None
                text = self.rng.choice(fits).name
            else:
                text = self.value_for(p.type, 1).text
            if last and k and self.rng.random() < 0.3:
                text = f"{p.name}={text}"
            parts.append(text)
        return ", ".join(parts)

    def call_helper_expr(self, slot):
        """`h(...)` returning what `slot` describes (None: anything)."""
        if not self.on("call") or self.helper_depth >= 2:
            return None
        for h in self.shuffled(self.prog.helpers):
            if self.helper_matches(h.ret, slot):
                args = self.call_args(h)
                if args is not None:
                    return Expr(f"{h.name}({args})", h.ret)
        if getattr(self.prog, "helper_count", 0) >= 3 or self.rng.random() < 0.6:
            return None
        if slot is not None and slot[0] == "scalar" and slot[1] in ("int", "float") \
                and self.rng.random() < 0.25:
            h = self.prog.new_recursive_helper(self, slot[1])
            args = self.call_args(h)
            return Expr(f"{h.name}({args})", h.ret)
        return self.new_helper_call(slot)

    def new_helper_call(self, slot):
        rng = self.rng
        exprs = []
        for _ in range(rng.choice([1, 2, 2, 3])):
            arrays = self.array_vars()
            if arrays and rng.random() < 0.5:
                v = rng.choice(arrays)
                exprs.append(Expr(v.name, v.type))
                if rng.random() < 0.2:           # the same array twice: aliasing
                    view = self.random_view(v) if rng.random() < 0.5 else None
                    exprs.append(view if view is not None else Expr(v.name, v.type))
            else:
                exprs.append(self.scalar(rng.choice(["int", "float", "bool"]), 1))
        if slot is None:
            arrays = [e.type for e in exprs if isinstance(e.type, Array)]

            def one():
                if arrays and rng.random() < 0.5:
                    t = rng.choice(arrays)
                    return ("array", t.dtype, t.ndim, t.free)
                return ("scalar", rng.choice(["int", "float", "bool"]))
            slot = [one(), one()] if rng.random() < 0.25 else one()   # a tuple, or one
        h = self.prog.new_helper(self, exprs, slot)
        return Expr(f"{h.name}({', '.join(e.text for e in exprs)})", h.ret)

    def st_call(self):
        e = self.call_helper_expr(None)
        if e is None:
            return False
        if isinstance(e.type, Tuple):
            if self.rng.random() < 0.7:                  # p, q = h(...)
                names = [self.new_name("y") for _ in e.type.items]
                self.emit(f"{', '.join(names)} = {e.text}")
                for n, t in zip(names, e.type.items):
                    self.declare(n, t)
                return True
            name = self.new_name("t")
            self.emit(f"{name} = {e.text}")
            self.declare(name, e.type, fixed=True)
            return True
        name = self.new_name("y")
        self.emit(f"{name} = {e.text}")
        self.declare(name, e.type)
        return True

    # --- long functions -----------------------------------------------------
    def long_loop(self):
        """A loop whose body has 40-200 statements: its jumps need
        EXTENDED_ARG."""
        n = self.rng.randint(40, 200)
        trips = self.rng.randint(1, 3)
        k = self.new_name("k")
        self.emit(f"for {k} in range({trips}):")
        self.simple = True
        saved = self.budget
        self.budget = n
        self.push()
        self.scopes[-1][k] = _loop_var(k, int_type(0, trips - 1))
        self.loops.append({"kind": "for"})
        self.execs *= trips
        self.block(n)
        self.execs //= trips
        self.loops.pop()
        self.pop()
        self.simple = False
        self.budget = saved


def _loop_var(name, t):
    from .model import Var
    return Var(name, t, loop_index=True)
