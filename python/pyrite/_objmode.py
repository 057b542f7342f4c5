"""`with objmode(y="float64[:]"):` blocks: code that compiled code hands to
the interpreter (Numba's numba.objmode).

    @njit
    def f(x):
        y = x * 2
        with objmode(out="float64"):
            out = float(scipy.special.gamma(y))   # any Python
        return out + 1

Each block is lifted, before the function compiles, into a Python function
of the variables it reads (the function's locals that are bound before the
block) that returns the outputs the `objmode(...)` call declares, with their
types (a type object or its name as a string). The function is rewritten
with the block replaced by `out, = <block>(y)`, which compiled code runs
through the runtime (python/src/objmode.cpp): inputs are boxed as for a
return to Python, outputs unboxed as declared (an array is shared with the
interpreter, text copied), and an exception the block raises propagates as
any other (compiled `try` catches it). Variables the block assigns that are
not declared outputs are not seen after it, as in Numba.

Refused with a TypingError naming the line: `return`, `yield`, `break` or
`continue` that leave the block, and the source of the function not being
available (a function made by exec without source), when the function is
decorated; an output type pyrite cannot take back (lists, dicts and sets
are not yet), when it first compiles.
"""
import ast
import builtins
import inspect
import textwrap
import types as _pytypes

from . import types
from .errors import TypingError


class _ObjModeContext:
    """What `objmode(...)` returns: in Python (NUMBA_DISABLE_JIT, or the
    block's own lifted code) it does nothing."""

    def __init__(self, outputs):
        self.outputs = outputs

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class ObjMode:
    """`objmode` itself: `with objmode(name="type", ...):` declares the
    block's outputs; `with objmode():` has none."""

    def __call__(self, *args, **outputs):
        if args:
            raise TypeError("objmode takes its outputs by name: objmode(y='float64')")
        return _ObjModeContext(outputs)

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False

    def __repr__(self):
        return "pyrite.objmode"


objmode = ObjMode()


class ObjModeBlock:
    """A lifted block: the Python function compiled code calls, its name for
    messages and the tuple type of its outputs, evaluated when the function
    first compiles (a type defined later in the module is fine)."""

    def __init__(self, fn, name, func, outputs):
        self.fn, self.name = fn, name
        self._func, self._outputs = func, outputs     # {name: type expression}
        self._output_type = None

    @property
    def output_type(self):
        if self._output_type is None:
            self._output_type = types.Tuple([_output_type(self._func, name, node)
                                             for name, node in self._outputs.items()])
        return self._output_type

    def __call__(self, *args):
        return self.fn(*args)


# --- the rewrite ------------------------------------------------------------------

def uses_objmode(func):
    """Whether `func`'s code names `objmode` (a cheap test before parsing)."""
    def names(code):
        yield from code.co_names
        for c in code.co_consts:
            if isinstance(c, _pytypes.CodeType):
                yield from names(c)
    code = getattr(func, "__code__", None)
    return code is not None and "objmode" in set(names(code))


def _error(func, node, message):
    code = func.__code__
    line = getattr(node, "lineno", code.co_firstlineno)
    return TypingError(f"{message}\n\nFile \"{code.co_filename}\", line {line}, in "
                       f"{func.__qualname__}")


def _resolve(func, node):
    """The object a Name or attribute chain names in `func`'s globals."""
    if isinstance(node, ast.Name):
        cells = dict(zip(func.__code__.co_freevars, func.__closure__ or ()))
        if node.id in cells:
            try:
                return cells[node.id].cell_contents
            except ValueError:
                return None
        return func.__globals__.get(node.id, getattr(builtins, node.id, None))
    if isinstance(node, ast.Attribute):
        base = _resolve(func, node.value)
        return getattr(base, node.attr, None) if base is not None else None
    return None


def _objmode_call(func, with_node):
    """The outputs an objmode `with` declares ({name: type node}), or None
    when the `with` is not an objmode block."""
    if len(with_node.items) != 1 or with_node.items[0].optional_vars is not None:
        return None
    expr = with_node.items[0].context_expr
    target = expr.func if isinstance(expr, ast.Call) else expr
    if not isinstance(_resolve(func, target), ObjMode):
        return None
    if isinstance(expr, ast.Call):
        if expr.args:
            raise _error(func, expr, "objmode takes its outputs by name: objmode(y='float64')")
        return {kw.arg: kw.value for kw in expr.keywords}
    return {}


def _closure_values(func):
    values = {}
    for name, cell in zip(func.__code__.co_freevars, func.__closure__ or ()):
        try:
            values[name] = cell.cell_contents
        except ValueError:
            pass
    return values


def _output_type(func, name, node):
    try:
        value = eval(compile(ast.Expression(node), "<objmode type>", "eval"),
                     func.__globals__, _closure_values(func))
    except Exception as e:
        raise _error(func, node, f"the type of objmode output '{name}' does not evaluate: "
                                 f"{e}") from None
    if isinstance(value, str):
        text, namespace = value, dict(vars(types), types=types)
        try:
            value = eval(text, namespace)
        except Exception:
            value = types.from_name(text)   # the core's spelling: list(int64), ...
        if not isinstance(value, types.Type) or type(value) is types.Opaque:
            raise _error(func, node, f"'{text}' (objmode output '{name}') is not a type "
                                     f"pyrite knows")
    if not isinstance(value, types.Type) or not _returnable(value):
        raise _error(func, node, f"objmode output '{name}' has type {value}, which an "
                                 f"objmode block cannot give compiled code yet (numbers, "
                                 f"bool, complex, str, arrays, jitclass instances, Optional "
                                 f"and tuples of these can)")
    return value


def _returnable(t):
    if isinstance(t, (types.Number, types.Boolean, types.NoneType, types.UnicodeType,
                      types.Array, types.ClassInstanceType)):
        return True
    if isinstance(t, types.Optional):
        return _returnable(t.type)
    if isinstance(t, types.BaseTuple):
        return all(_returnable(e) for e in t.types)
    return False


# 3.12 gave function definitions type parameters.
_TYPE_PARAMS = {"type_params": []} if "type_params" in ast.FunctionDef._fields else {}


class _Leaves(ast.NodeVisitor):
    """Finds statements that would leave the block (not inside a function
    or loop of its own)."""

    def __init__(self):
        self.found = None
        self.loops = 0

    def generic_visit(self, node):
        if self.found is None:
            super().generic_visit(node)

    def visit_FunctionDef(self, node):
        pass

    visit_AsyncFunctionDef = visit_Lambda = visit_ClassDef = visit_FunctionDef

    def _loop(self, node):
        self.loops += 1
        self.generic_visit(node)
        self.loops -= 1

    visit_For = visit_While = visit_AsyncFor = _loop

    def visit_Return(self, node):
        self.found = self.found or (node, "return")

    def visit_Yield(self, node):
        self.found = self.found or (node, "yield")

    visit_YieldFrom = visit_Yield

    def visit_Break(self, node):
        if not self.loops:
            self.found = self.found or (node, "break")

    def visit_Continue(self, node):
        if not self.loops:
            self.found = self.found or (node, "continue")


def _walk_all(nodes):
    for n in nodes:
        yield from ast.walk(n)


def _names(nodes, ctx):
    out = []
    for n in nodes:
        for sub in ast.walk(n):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ctx) and sub.id not in out:
                out.append(sub.id)
    return out


def rewrite(func):
    """`func` with each objmode block replaced by a call of its lifted
    function (an ObjModeBlock, reached as a closure variable), or `func`
    itself when it has none."""
    try:
        source = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        raise TypingError(f"{func.__qualname__} uses objmode, which needs the function's "
                          f"source, and its source is not available") from None
    tree = ast.parse(source)
    ast.increment_lineno(tree, func.__code__.co_firstlineno - 1)
    fdef = tree.body[0]
    if not isinstance(fdef, ast.FunctionDef):
        return func
    fdef.decorator_list = []
    local_names = set(func.__code__.co_varnames) | set(func.__code__.co_cellvars)
    blocks = {}
    count = [0]

    # Names bound anywhere outside the block (parameters and other
    # assignments): only those can be passed in.
    def bound_outside(with_node):
        code = func.__code__
        nparams = (code.co_argcount + code.co_kwonlyargcount +
                   bool(code.co_flags & inspect.CO_VARARGS) +
                   bool(code.co_flags & inspect.CO_VARKEYWORDS))
        outside = set(code.co_varnames[:nparams])
        inside = set(id(n) for n in ast.walk(with_node))
        for n in ast.walk(fdef):
            if id(n) in inside:
                continue
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                outside.add(n.id)
            elif isinstance(n, ast.ExceptHandler) and n.name:
                outside.add(n.name)
        return outside

    class Rewriter(ast.NodeTransformer):
        def visit_FunctionDef(self, node):
            if node is fdef:
                self.generic_visit(node)
            return node

        visit_AsyncFunctionDef = visit_Lambda = visit_ClassDef = visit_FunctionDef

        def visit_With(self, node):
            declared = _objmode_call(func, node)
            if declared is None:
                self.generic_visit(node)
                return node
            leaves = _Leaves()
            for stmt in node.body:
                leaves.visit(stmt)
            if leaves.found:
                stmt, what = leaves.found
                raise _error(func, stmt, f"`{what}` inside an objmode block is not supported: "
                                         f"the block must run to its end")
            outputs = declared
            # (x += 1 reads x too)
            reads = _names(node.body, ast.Load) + [
                n.target.id for n in _walk_all(node.body)
                if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name)]
            outside = bound_outside(node)
            # (The function's free variables the block reads are the lifted
            # function's too: it closes over the same cells.)
            inputs = [n for n in reads if n in local_names and n in outside]
            count[0] += 1
            block_name = f"__pyrite_objmode_{node.lineno}_{count[0]}"
            body = list(node.body) + [ast.Return(ast.Tuple(
                [ast.Name(o, ast.Load()) for o in outputs], ast.Load()))]
            lifted = ast.FunctionDef(
                name=f"objmode_block_line_{node.lineno}",
                args=ast.arguments(posonlyargs=[], args=[ast.arg(n) for n in inputs],
                                   kwonlyargs=[], kw_defaults=[], defaults=[]),
                body=body, decorator_list=[], returns=None, **_TYPE_PARAMS)
            ast.copy_location(lifted, node)
            blocks[block_name] = (lifted, outputs, node)
            call = ast.Call(ast.Name(block_name, ast.Load()),
                            [ast.Name(n, ast.Load()) for n in inputs], [])
            if outputs:
                stmt = ast.Assign([ast.Tuple([ast.Name(o, ast.Store()) for o in outputs],
                                             ast.Store())], call)
            else:
                stmt = ast.Expr(call)
            ast.copy_location(stmt, node)
            return ast.fix_missing_locations(stmt)

    Rewriter().visit(fdef)
    if not blocks:
        return func
    filename = func.__code__.co_filename

    cells_of = dict(zip(func.__code__.co_freevars, func.__closure__ or ()))

    def closed_over(fn_def, extra_cells):
        """`fn_def` compiled inside a maker whose locals are `func`'s free
        variables and `extra_cells`' names, so that it closes over the same
        cells (and those)."""
        free = list(func.__code__.co_freevars) + list(extra_cells)
        maker = ast.FunctionDef(
            name="__pyrite_maker", args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[],
                                                      kw_defaults=[], defaults=[]),
            body=[ast.Assign([ast.Name(n, ast.Store())], ast.Constant(None)) for n in free] +
                 [fn_def, ast.Return(ast.Name(fn_def.name, ast.Load()))],
            decorator_list=[], returns=None, **_TYPE_PARAMS)
        module = ast.fix_missing_locations(ast.Module([maker], type_ignores=[]))
        namespace = {}
        exec(compile(module, filename, "exec"), func.__globals__, namespace)
        made = namespace["__pyrite_maker"]()
        cells = tuple(cells_of[n] if n in cells_of else _pytypes.CellType(extra_cells[n])
                      for n in made.__code__.co_freevars)
        return _pytypes.FunctionType(made.__code__, func.__globals__, fn_def.name, None, cells)

    # The blocks, as Python functions of the module's globals and the
    # function's closure.
    objects = {}
    for block_name, (lifted, outputs, node) in blocks.items():
        fn = closed_over(lifted, {})
        fn.__qualname__ = f"{func.__qualname__}.<objmode block at line {node.lineno}>"
        objects[block_name] = ObjModeBlock(fn, fn.__qualname__, func, outputs)

    # The function, closing over the blocks too.
    made = closed_over(fdef, objects)
    new = _pytypes.FunctionType(made.__code__, func.__globals__, func.__name__,
                                func.__defaults__, made.__closure__)
    new.__kwdefaults__ = func.__kwdefaults__
    new.__qualname__ = func.__qualname__
    new.__module__ = func.__module__
    return new


# --- called by the runtime (python/src/objmode.cpp) ----------------------------------

def exception_chain(cls):
    """The class chain compiled code raises an exception of class `cls`
    with: the classes compiled code can name (builtins, and the user's
    classes defined at the top level of a module), first to last."""
    from ._resolve import _exception_name, _importable
    names = [_exception_name(c) for c in cls.__mro__[:-1]
             if getattr(builtins, c.__name__, None) is c or _importable(c)]
    return ";".join(names) or "Exception;BaseException"
