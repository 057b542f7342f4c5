"""The program generator: `generate(seed, index)` returns a `Program`.

A `ProgramBuilder` owns the random stream (`random.Random`, seeded from the
run's seed and the program's index, so a program is reproducible on its
own), chooses f's parameters and argument values, and writes helper
functions on demand. A `FunctionBuilder` writes one function: it keeps the
variables in scope with their static types (model.py) and mixes in the
scalar, array and statement generators.

Feature families (`FEATURES`) can be switched off to steer a run away from a
known bug or towards one area (`--kinds` on the command line).
"""
import ast
import random

from .aliasing import ANY, aliases
from .array_statements import ArrayStatementGen
from .arrays import ArrayGen, NP_DTYPE
from .model import Array, Expr, Scalar, Var, hull
from .program import Program
from .scalars import ScalarGen, arith, fmt_float, fmt_int
from .statements import StatementGen

FEATURES = {
    "scalar": "int/float/bool arithmetic, comparisons, math functions",
    "control": "if/elif/else, for over range, while, break/continue, for-else",
    "tuple": "tuples, unpacking, swaps",
    "array": "array arguments, element reads/stores, constructors",
    "view": "slices with steps, rows, columns, transposes, reshapes, slice assignment",
    "arrexpr": "element-wise array expressions, ufuncs, masks",
    "reduce": "sum, min, max, mean, argmin, argmax, cumsum, axis reductions",
    "narrow": "int32, uint8, float32 and bool arrays",
    "rebind": "array variables rebound: swaps, a = a[1:], joins at branches",
    "call": "helper functions compiled with njit, called from f",
    "overlap": "slice assignment whose source overlaps its destination",
    "augarray": "augmented assignment on arrays (a += b, in place)",
    "long": "long loop bodies (jumps that need EXTENDED_ARG)",
    "zerodiv": "scalar division by a Python zero (ZeroDivisionError in both)",
    "arraydiv0": "array division by zero (NumPy's inf/nan, integer // 0 == 0)",
    "raise": "raise and assert statements",
    "asarray": "np.asarray(a) of an array: the same array, not a copy",
    "readonly": "read-only array arguments (only read: pyrite refuses stores at compile time)",
}


# Statements in f (its budget); helpers and long loops come on top.
DEFAULT_SIZES = (5, 8, 8, 12, 12, 16, 24)
SMALL_SIZES = (4, 6, 8, 10, 12)


class FunctionBuilder(ScalarGen, ArrayGen, StatementGen, ArrayStatementGen):
    """Writes one function: its parameters, body and return statements."""

    def __init__(self, prog, name, params, ret_slots, budget, helper_depth=0):
        self.prog = prog
        self.rng = prog.rng
        self.name = name
        self.params = params
        self.ret_slots = ret_slots
        self.returned = []           # the type of every return statement's value
        self.budget = budget
        self.helper_depth = helper_depth
        self.lines = []
        self.indent = 1
        self.scopes = [{g.name: g for g in prog.globals}]
        self.scopes[0].update({p.name: p for p in params})
        self.loops = []              # innermost last: dicts with kind and state
        self.execs = 1               # how many times the current statement may run
        self.counter = 0

    # --- context used by the mixins ----------------------------------------
    def on(self, feature):
        return feature in self.prog.features

    def narrow(self):
        return 1 if self.on("narrow") else 0

    def pick_weighted(self, options):
        options = [(o, w) for o, w in options if w > 0]
        total = sum(w for _, w in options)
        r = self.rng.random() * total
        for o, w in options:
            r -= w
            if r <= 0:
                return o
        return options[-1][0]

    def shuffled(self, items):
        items = list(items)
        self.rng.shuffle(items)
        return items

    def reassoc(self, kind):
        self.prog.tolerance.add(kind)

    def expect_exception(self, name):
        self.prog.expected.add(name)

    def visible_vars(self):
        seen = {}
        for scope in self.scopes:
            seen.update(scope)
        return list(seen.values())

    def scalar_vars(self, kind=None):
        return [v for v in self.visible_vars() if isinstance(v.type, Scalar)
                and (kind is None or v.type.kind == kind)]

    def array_vars(self):
        """Array variables this function may write to and alias."""
        return [v for v in self.visible_vars() if isinstance(v.type, Array) and not v.glob]

    def readable_arrays(self):
        """Array variables and global arrays (only read element-wise)."""
        return [v for v in self.visible_vars() if isinstance(v.type, Array)]

    def new_name(self, prefix):
        self.prog.names += 1
        return f"{prefix}{self.prog.names}"

    def declare(self, name, type_, roots=None, **flags):
        """A new variable; an array's roots come from the line just written
        (`name = <expr>`), or are the variable itself."""
        var = Var(name, type_, loop_depth=len(self.loops), **flags)
        if isinstance(type_, Array):
            var.roots = roots if roots is not None else self.roots_from_line(name)
        self.scopes[-1][name] = var
        return var

    def roots_from_line(self, name):
        line = self.lines[-1].strip() if self.lines else ""
        if line.startswith(f"{name} = "):
            found = aliases(line[len(name) + 3:], self.roots_of)
            return found or frozenset({name})
        if f" {name}," in f" {line}" or f", {name} =" in line:
            return ANY                         # unpacked from a tuple
        return frozenset({name})

    def roots_of(self, name):
        """The roots of array variable `name` (None if it is not one)."""
        for scope in reversed(self.scopes):
            v = scope.get(name)
            if v is not None:
                if not isinstance(v.type, Array):
                    return None
                return v.roots if v.roots is not None else frozenset({name})
        return None

    def ndim_of(self, name):
        for scope in reversed(self.scopes):
            v = scope.get(name)
            if v is not None and isinstance(v.type, Array):
                return v.type.ndim
        return None

    def rebound(self, var, text):
        """`var = text` was written: var may now also view what text views."""
        if isinstance(var.type, Array):
            var.roots = (var.roots or frozenset({var.name})) | \
                (aliases(text, self.roots_of) or frozenset({var.name + "'"}))

    def emit(self, line):
        self.lines.append("    " * self.indent + line)
        self.budget -= 1

    # --- the function as text -----------------------------------------------
    def write(self):
        """Generates the body and returns the function's source."""
        self.block(max(self.budget, 1))
        self.emit_return()
        header = f"def {self.name}({', '.join(self.param_texts())}):"
        return "\n".join([header] + self.lines) + "\n"

    def param_texts(self):
        return [p.name if getattr(p, "default", None) is None else f"{p.name}={p.default}"
                for p in self.params]


class ProgramBuilder:
    """Writes one program: f, its helpers, and the arguments."""

    def __init__(self, seed, index, features=None, size=None):
        self.rng = random.Random(f"pyrite-fuzz:{seed}:{index}")
        self.origin = f"seed {seed}, program {index}"
        self.features = set(features or FEATURES)
        self.tolerance = set()
        self.expected = set()
        self.helpers = []            # HelperInfo, in definition order
        self.globals = []            # Var(glob=True) defined at module level
        self.global_lines = []
        self.names = 0
        sizes = size if isinstance(size, (tuple, list)) else [size] if size else DEFAULT_SIZES
        self.size = self.rng.choice(sizes)

    def build(self):
        if "array" in self.features and self.rng.random() < 0.15:
            self.make_globals()
        params, arg_lines, arg_values = self.make_params()
        slots = self.choose_slots(params)
        budget = self.size
        fb = FunctionBuilder(self, "f", params, slots, budget)
        if "long" in self.features and self.rng.random() < 0.06:
            fb.long_loop()
        f_source = fb.write()
        sources = ["\n".join(self.global_lines)] if self.global_lines else []
        sources += [h.source for h in self.helpers] + [f_source]
        source = "\n\n".join(sources)
        source = ast.unparse(ast.parse(source)) + "\n"
        args_source = "def args():\n" + "".join(f"    {line}\n" for line in arg_lines) + \
            f"    return [{', '.join(arg_values)}]\n"
        options = ()
        r = self.rng.random()
        if r < 0.1:
            options = (("boundscheck", True),)
        elif r < 0.15:
            options = (("nogil", True),)
        return Program(source=source, args_source=args_source, options=options,
                       helpers=tuple(h.name for h in self.helpers),
                       tolerance=tuple(sorted(self.tolerance)),
                       expected=tuple(sorted(self.expected)), origin=self.origin,
                       features=tuple(sorted(self.features)))

    # --- parameters and arguments ------------------------------------------
    def make_params(self):
        """f's parameters with their static types, the statements of args()
        and the argument expressions it returns."""
        rng = self.rng
        n = rng.choice([1, 2, 2, 3, 3, 4])
        params, lines, values = [], [], []
        bases = []                   # (name, Array type) of argument arrays
        array_weight = 0.65 if "array" in self.features else 0.0
        for k in range(n):
            if rng.random() < array_weight:
                if bases and "view" in self.features and rng.random() < 0.15:
                    base_name, base_type, readonly = rng.choice(bases)    # an alias
                else:
                    base_name = f"b{k}"
                    base_type, literal = self.array_argument()
                    lines.append(f"{base_name} = {literal}")
                    readonly = "readonly" in self.features and rng.random() < 0.08
                    if readonly:
                        lines.append(f"{base_name}.flags.writeable = False")
                    bases.append((base_name, base_type, readonly))
                text, t = base_name, base_type
                if "view" in self.features and rng.random() < 0.3:
                    builder = FunctionBuilder(self, "args", [], [], 0, helper_depth=2)
                    builder.scopes = [{}]        # args() sees no globals
                    # and raises nothing
                    builder.on = lambda f: f in self.features and f != "zerodiv"
                    view = builder.random_view(Var(base_name, base_type))
                    if view is not None:
                        text, t = view.text, view.type
                # a read-only array is only read (like a global)
                params.append(Var(f"a{k}", t, fixed=readonly, glob=readonly,
                                  roots=frozenset({base_name})))
                params[-1].readonly = readonly
                values.append(text)
            else:
                t, text = self.scalar_argument()
                prefix = {"int": "n", "float": "z", "bool": "flag"}[t.kind]
                params.append(Var(f"{prefix}{k}", t))
                values.append(text)
        return params, lines, values

    def make_globals(self):
        """Module-level constants that f reads (pyrite freezes them when it
        compiles, so nothing may write to them)."""
        rng = self.rng
        for k in range(rng.choice([1, 2])):
            if rng.random() < 0.5:
                t, text = self.array_argument()
                name = f"G{k}"
            else:
                t, text = self.scalar_argument()
                if "np." in text:
                    continue
                v = eval(text)
                t = Scalar(t.kind, v, v) if t.kind != "bool" else t
                name = f"K{k}"
            self.globals.append(Var(name, t, fixed=True, glob=True))
            self.global_lines.append(f"{name} = {text}")

    def array_argument(self):
        rng = self.rng
        dtypes = ["float64"] * 6 + ["int64"] * 3
        if "narrow" in self.features:
            dtypes += ["float32", "int32", "uint8", "bool"]
        dtype = rng.choice(dtypes)
        ndim = rng.choice([1, 1, 1, 2, 2, 3]) if "view" in self.features else 1
        shape = {1: lambda: (rng.randint(1, 12),),
                 2: lambda: (rng.randint(1, 5), rng.randint(1, 6)),
                 3: lambda: (2, rng.randint(1, 3), rng.randint(1, 4))}[ndim]()
        if rng.random() < 0.85:
            shape = tuple(max(s, 2) for s in shape)
        if rng.random() < 0.15:
            return self.large_array_argument(dtype, ndim)
        count = 1
        for s in shape:
            count *= s
        values = [self.element_literal(dtype) for _ in range(count)]
        text = f"np.array([{', '.join(values)}], dtype={NP_DTYPE[dtype]})"
        if ndim > 1:
            text += f".reshape({', '.join(map(str, shape))})"
        return Array(dtype, shape, shape, True, False), text

    def large_array_argument(self, dtype, ndim):
        """A bigger array (vectorized loops and their remainders), built
        from np.arange rather than written out."""
        rng = self.rng
        shape = (rng.randint(13, 70),) if ndim == 1 else \
            (rng.randint(5, 12), rng.randint(6, 17)) if ndim == 2 else \
            (rng.randint(2, 4), rng.randint(3, 6), rng.randint(5, 9))
        n = 1
        for s in shape:
            n *= s
        step, mod = rng.choice([3, 5, 7, 11]), rng.choice([13, 17, 23, 31])
        base = f"np.arange({n}) * {step} % {mod}"
        if dtype == "bool":
            text = f"({base} < {mod // 2})"
        elif dtype == "uint8":
            text = f"(np.arange({n}) * {step} % 256).astype(np.uint8)"
        elif dtype in ("float64", "float32"):
            text = f"(({base} - {mod // 2}) * 0.25).astype({NP_DTYPE[dtype]})"
        else:
            text = f"({base} - {mod // 2}).astype({NP_DTYPE[dtype]})"
        if ndim > 1:
            text += f".reshape({', '.join(map(str, shape))})"
        return Array(dtype, shape, shape, True, False), text

    def element_literal(self, dtype):
        rng = self.rng
        if dtype == "bool":
            return rng.choice(["True", "False"])
        if dtype == "uint8":
            return str(rng.choice([rng.randint(0, 20), rng.randint(0, 255)]))
        if dtype in ("int64", "int32"):
            return str(rng.randint(-20, 20))
        if rng.random() < 0.8:
            return repr(rng.randint(-32, 32) / 4)
        return repr(round(rng.uniform(-10, 10), 3))

    def scalar_argument(self):
        rng = self.rng
        kind = rng.choice(["int", "int", "float", "bool"])
        if kind == "int":
            lo, hi = rng.choice([(1, 10), (-20, 20), (0, 5), (-1000, 1000)])
            v = rng.randint(lo, hi)
            if rng.random() < 0.1:
                return Scalar("int", lo, hi, py=False), f"np.int64({v})"
            return Scalar("int", lo, hi), str(v)
        if kind == "float":
            v = rng.randint(-64, 64) / 8
            if rng.random() < 0.1:
                return Scalar("float", -8.0, 8.0, py=False), f"np.float64({v!r})"
            return Scalar("float", -8.0, 8.0), repr(v)
        return Scalar("bool", 0, 1), rng.choice(["True", "False"])

    def choose_slots(self, params):
        """What f returns: a list of slots, each a scalar kind or an array
        (dtype, ndim)."""
        rng = self.rng
        n = rng.choice([1, 1, 2, 2, 3])
        slots = []
        arrays = [p.type for p in params if isinstance(p.type, Array)]
        for _ in range(n):
            if arrays and rng.random() < 0.4:
                t = rng.choice(arrays)
                slots.append(("array", t.dtype, t.ndim, t.free))
            elif "array" in self.features and rng.random() < 0.15:
                slots.append(("array", "float64", 1, False))
            else:
                slots.append(("scalar", rng.choice(["int", "float", "float", "bool"])))
        return slots

    # --- helpers ------------------------------------------------------------
    def new_helper(self, caller, arg_exprs, slot):
        """Writes helper `h<k>` taking arguments of the given types and
        returning `slot` (a list of slots: a tuple); returns its HelperInfo."""
        self.helper_count = getattr(self, "helper_count", 0) + 1
        name = f"h{self.helper_count - 1}"
        params = []
        for k, e in enumerate(arg_exprs):
            t = e.type
            if isinstance(t, Scalar) and t.kind != "bool" and not t.free:
                t = hull(t, Scalar(t.kind, -50, 50, t.py))    # room for other callers
            params.append(Var(f"p{k}", t, roots=frozenset({"param"})))   # may alias
        budget = self.rng.choice([3, 5, 8])
        fb = FunctionBuilder(self, name, params, slot if isinstance(slot, list) else [slot],
                             budget,
                             helper_depth=caller.helper_depth + 1)
        if params and isinstance(params[-1].type, Scalar) and self.rng.random() < 0.3:
            params[-1].default = self.default_literal(params[-1].type)
        info = HelperInfo(name, params, None, "")
        info.source = fb.write()
        info.ret = fb.return_type()
        self.helpers.append(info)
        return info

    def new_recursive_helper(self, caller, kind):
        """A self-recursive helper: `hN(n, x)` recurs n times (0 <= n <= 8)."""
        self.helper_count = getattr(self, "helper_count", 0) + 1
        name = f"h{self.helper_count - 1}"
        n_type = Scalar("int", 0, 8)
        x_type = Scalar(kind, -1000, 1000, False) if kind == "int" else \
            Scalar("float", -100.0, 100.0, False)
        params = [Var("n", n_type), Var("x", x_type)]
        fb = FunctionBuilder(self, name, params, [("scalar", kind)], 2,
                             helper_depth=caller.helper_depth + 1)
        fb.helper_depth = 2                      # no calls of other helpers inside
        base = fb.value_for(x_type)
        step = fb.value_for(x_type)
        lines = [f"def {name}(n, x):", "    if n <= 0:", f"        return {base.text}"]
        if self.rng.random() < 0.5:
            lines.append(f"    return {name}(n - 1, {step.text})")
        else:
            lines.append(f"    y = {name}(n - 1, {step.text})")
            other = fb.value_for(x_type, 1)
            lines.append(f"    return {fb.fit(Expr('(y + ' + other.text + ')', arith('+', x_type, other.type)), x_type).text}")
        info = HelperInfo(name, params, x_type, "\n".join(lines) + "\n")
        info.recursive = True
        self.helpers.append(info)
        return info

    def default_literal(self, t):
        if t.kind == "bool":
            return "True"
        if t.kind == "int":
            return fmt_int(max(t.lo, min(t.hi, 3)))
        if t.free:
            return "1.5"
        return fmt_float(max(t.lo, min(t.hi, 1.5)))


class HelperInfo:
    """A helper function: name, parameters (with static types and maybe a
    default), return type, source."""

    def __init__(self, name, params, ret, source):
        self.name, self.params, self.ret, self.source = name, params, ret, source


def generate(seed, index, features=None, size=None):
    """The program number `index` of the run with `seed`. `size`: f's
    statement budget, or a tuple to choose it from (default DEFAULT_SIZES)."""
    return ProgramBuilder(seed, index, features, size).build()
