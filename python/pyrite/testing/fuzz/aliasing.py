"""Which arrays an expression may share memory with.

NumPy copies a 1-d slice assignment between overlapping views element by
element, choosing only the direction, so `a[::2] = a[3:9]` (different
strides) gives a result that depends on the copy order, where pyrite copies
the source first. The generator avoids writing such assignments: it tracks,
for each array variable, the "roots" it may view (an argument's base array,
a new array, or ANY after a helper call), and adds `.copy()` to the source of
a 1-d assignment that may overlap its destination with other strides.
"""
import ast

ANY = frozenset({"*"})
VIEW_METHODS = ("reshape", "transpose", "ravel")


def view_chain(text):
    """(root variable name, slice steps) when `text` is a view of a variable
    (`a`, `a[1:, ::2]`, `a.T[0]`, `a.reshape(2, 3)`), else (None, [])."""
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return None, []
    steps = []
    while True:
        if isinstance(node, ast.Name):
            return node.id, steps
        if isinstance(node, ast.Subscript):
            parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            for p in parts:
                if isinstance(p, ast.Slice) and p.step is not None:
                    try:
                        steps.append(ast.literal_eval(p.step))
                    except ValueError:
                        steps.append(None)
            node = node.value
        elif isinstance(node, ast.Attribute) and node.attr == "T":
            steps.append("T")
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in VIEW_METHODS:
            steps.append(node.func.attr)
            node = node.func.value
        else:
            return None, []


def aliases(text, roots_of):
    """The roots an array expression may view (empty: a new array).
    `roots_of(name)` gives a variable's roots (None for non-arrays)."""
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return ANY
    return _aliases(node, roots_of)


def _aliases(node, roots_of):
    if isinstance(node, ast.Name):
        return roots_of(node.id) or frozenset()
    if isinstance(node, ast.Subscript):
        return _aliases(node.value, roots_of)       # a view (or a copy: conservative)
    if isinstance(node, ast.Attribute) and node.attr == "T":
        return _aliases(node.value, roots_of)
    if isinstance(node, ast.IfExp):
        return _aliases(node.body, roots_of) | _aliases(node.orelse, roots_of)
    if isinstance(node, ast.Call):
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr in VIEW_METHODS:
            return _aliases(f.value, roots_of)
        if isinstance(f, ast.Attribute) and f.attr == "asarray" and node.args:
            return _aliases(node.args[0], roots_of)
        if isinstance(f, ast.Name) and f.id.startswith("h"):
            return ANY                               # a helper may return a view
    return frozenset()


def needs_copy(target, rhs, ndim, roots_of, ndim_of):
    """Whether `target = rhs` (a 1-d view target when ndim == 1) may copy
    between overlapping views with different strides."""
    if ndim != 1:
        return False                                 # NumPy copies first there
    rroot, rsteps = view_chain(rhs)
    if rroot is None:
        return False                                 # an expression: a new array
    troot, tsteps = view_chain(target)
    mine, theirs = roots_of(troot) or frozenset(), roots_of(rroot) or frozenset()
    if not (mine & theirs or ANY in (mine | theirs)):
        return False
    same_strides = (troot == rroot and ndim_of(troot) == 1
                    and all(s in (1, -1) for s in tsteps + rsteps))
    return not same_strides
