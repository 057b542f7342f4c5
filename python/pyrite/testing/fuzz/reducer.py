"""Shrinking a failing program while it keeps failing the same way.

`reduce` works on the program's syntax tree and tries, until nothing more
helps: deleting statements (big chunks first), replacing `if`/`while`
statements by one of their bodies, deleting helper functions, dropping
items of returned tuples, replacing an expression by one of its operands or
by a small constant, shrinking constants, dropping unused parameters, and
shrinking the argument arrays (fewer elements, simpler values, no view).

A candidate is kept when running it gives an outcome with the same
signature as the original failure (execute.Outcome.signature); a candidate
on which CPython itself raises is "invalid" and so never kept.
"""
import ast
import copy
import os
import time

from .execute import Outcome
from .program import Program


class Reducer:
    def __init__(self, program, outcome, test, max_tests=1500, max_seconds=600, log=None):
        self.best = program
        self.outcome = outcome
        self.signature = outcome.signature()
        self.test = test
        self.max_tests, self.deadline = max_tests, time.monotonic() + max_seconds
        self.tests = 0
        self.seen = {(program.source, program.args_source)}
        self.log = log

    # --- the oracle -----------------------------------------------------------
    def out_of_budget(self):
        return self.tests >= self.max_tests or time.monotonic() > self.deadline

    def try_program(self, candidate):
        """Keeps `candidate` if it fails the same way; returns whether."""
        key = (candidate.source, candidate.args_source)
        if self.out_of_budget() or key in self.seen:
            return False
        self.seen.add(key)
        self.tests += 1
        outcome = self.test(candidate)
        if outcome.signature() == self.signature:
            self.best = candidate
            self.outcome = outcome
            return True
        return False

    def try_trees(self, module, args_module):
        try:
            source = ast.unparse(module) + "\n"
            args_source = ast.unparse(args_module) + "\n"
            compile(source, "<candidate>", "exec")
        except (SyntaxError, ValueError, RecursionError):
            return False
        names = {n.name for n in module.body if isinstance(n, ast.FunctionDef)}
        candidate = Program(source=source, args_source=args_source,
                            helpers=tuple(h for h in self.best.helpers if h in names),
                            tolerance=self.best.tolerance, expected=self.best.expected,
                            origin=self.best.origin, features=self.best.features,
                            options=self.best.options)
        return self.try_program(candidate)

    def trees(self):
        return ast.parse(self.best.source), ast.parse(self.best.args_source)

    # --- the passes ---------------------------------------------------------
    def run(self):
        passes = [self.delete_statements, self.delete_helpers, self.unwrap_compound,
                  self.drop_return_items, self.simplify_expressions, self.shrink_constants,
                  self.drop_parameters, self.shrink_arguments]
        changed = True
        while changed and not self.out_of_budget():
            changed = False
            for p in passes:
                if p():
                    changed = True
        return self.best

    def statement_lists(self, module):
        """Every list of statements in the module, as (owner, field) pairs."""
        out = []
        for node in ast.walk(module):
            for name in ("body", "orelse"):
                stmts = getattr(node, name, None)
                if isinstance(stmts, list) and stmts and isinstance(stmts[0], ast.stmt):
                    out.append((node, name))
        return out

    def delete_statements(self):
        """ddmin over each statement list: chunks of halving size."""
        progress = False
        k = 0
        while not self.out_of_budget():
            module, args = self.trees()
            lists = self.statement_lists(module)
            if k >= len(lists):
                break
            owner, field = lists[k]
            n = len(getattr(owner, field))
            size = max(n // 2, 1)
            kept = False
            while size >= 1 and not kept:
                for start in range(n - size, -1, -size):
                    module, args = self.trees()
                    owner, field = self.statement_lists(module)[k]
                    stmts = getattr(owner, field)
                    if isinstance(owner, ast.FunctionDef) and start + size >= len(stmts) and \
                            isinstance(stmts[-1], ast.Return):
                        continue           # keep the final return
                    rest = stmts[:start] + stmts[start + size:]
                    if not rest and field == "orelse":
                        rest = []
                    elif not rest:
                        rest = [ast.Pass()]
                    setattr(owner, field, rest)
                    if self.try_trees(module, args):
                        kept = progress = True
                        break
                if size == 1:
                    break
                size //= 2
            if not kept:
                k += 1
        return progress

    def delete_helpers(self):
        progress = False
        module, args = self.trees()
        for name in [n.name for n in module.body if isinstance(n, ast.FunctionDef)
                     and n.name != "f"]:
            module, args = self.trees()
            module.body = [n for n in module.body
                           if not (isinstance(n, ast.FunctionDef) and n.name == name)]
            progress |= self.try_trees(module, args)
        return progress

    def unwrap_compound(self):
        """`if c: A else: B` -> A or B; `while`/`for ... else` -> without else."""
        progress = False
        index = 0
        while not self.out_of_budget():
            module, args = self.trees()
            sites = [(owner, field, i) for owner, field in self.statement_lists(module)
                     for i, s in enumerate(getattr(owner, field))
                     if isinstance(s, (ast.If, ast.While, ast.For))]
            if index >= len(sites):
                break
            kept = False
            for choice in ("body", "orelse", "no-else"):
                module, args = self.trees()
                sites = [(owner, field, i) for owner, field in self.statement_lists(module)
                         for i, s in enumerate(getattr(owner, field))
                         if isinstance(s, (ast.If, ast.While, ast.For))]
                owner, field, i = sites[index]
                stmts = getattr(owner, field)
                node = stmts[i]
                if choice == "no-else":
                    if not node.orelse:
                        continue
                    node.orelse = []
                    replacement = [node]
                elif choice == "body" and isinstance(node, ast.If):
                    replacement = node.body
                elif choice == "orelse" and isinstance(node, ast.If) and node.orelse:
                    replacement = node.orelse
                elif choice == "body" and isinstance(node, ast.While):
                    replacement = node.body
                elif choice == "body" and isinstance(node, ast.For) and _range_start(node):
                    # one iteration, with the loop variable at its first value
                    replacement = [ast.Assign([node.target], _range_start(node), lineno=0)] + \
                        node.body
                else:
                    continue
                setattr(owner, field, stmts[:i] + replacement + stmts[i + 1:])
                if self.try_trees(module, args):
                    kept = progress = True
                    break
            if not kept:
                index += 1
        return progress

    def drop_return_items(self):
        """Drop item k of every tuple f returns."""
        progress = False
        k = 0
        while not self.out_of_budget():
            module, args = self.trees()
            f = next((n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == "f"),
                     None)
            returns = [n for n in ast.walk(f)] if f else []
            returns = [n for n in returns if isinstance(n, ast.Return)
                       and isinstance(n.value, ast.Tuple)]
            if not returns or k >= min(len(r.value.elts) for r in returns):
                break
            for r in returns:
                del r.value.elts[k]
                if len(r.value.elts) == 1:
                    r.value = r.value.elts[0]
            if self.try_trees(module, args):
                progress = True
            else:
                k += 1
        return progress

    def simplify_expressions(self):
        """Replace an expression by one of its operands or a constant."""
        progress = False
        index = 0
        while not self.out_of_budget():
            module, args = self.trees()
            nodes = _expressions(module)
            if index >= len(nodes):
                break
            kept = False
            for r in range(len(_replacements(nodes[index]))):
                module, args = self.trees()
                node = _expressions(module)[index]
                replacement = _replacements(node)[r]
                if not _replace(module, node, replacement):
                    continue
                if self.try_trees(module, args):
                    kept = progress = True
                    break
            if not kept:
                index += 1
        return progress

    def shrink_constants(self):
        progress = False
        index = 0
        while not self.out_of_budget():
            module, args = self.trees()
            consts = [n for n in ast.walk(module) if isinstance(n, ast.Constant)
                      and type(n.value) in (int, float) and n.value not in (0, 1)]
            if index >= len(consts):
                break
            kept = False
            for value in _smaller(consts[index].value):
                module, args = self.trees()
                node = [n for n in ast.walk(module) if isinstance(n, ast.Constant)
                        and type(n.value) in (int, float) and n.value not in (0, 1)][index]
                node.value = value
                if self.try_trees(module, args):
                    kept = progress = True
                    break
            if not kept:
                index += 1
        return progress

    def drop_parameters(self):
        """Remove a parameter of f that f no longer uses, and its argument."""
        progress = False
        module, args = self.trees()
        f = next((n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == "f"),
                 None)
        if f is None:
            return False
        for k in reversed(range(len(f.args.args))):
            module, args = self.trees()
            f = next(n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == "f")
            name = f.args.args[k].arg
            used = any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(f))
            ret = _args_list(args)
            if used or ret is None or k >= len(ret.elts):
                continue
            del f.args.args[k]
            del ret.elts[k]
            progress |= self.try_trees(module, args)
        return progress

    def shrink_arguments(self):
        """Simpler argument values: no views, fewer and smaller elements."""
        progress = self.drop_unused_bases()
        index = 0
        while not self.out_of_budget():
            module, args = self.trees()
            sites = _argument_sites(args)
            if index >= len(sites):
                break
            kept = False
            for option in range(8):
                module, args = self.trees()
                node = _argument_sites(args)[index]
                if not _shrink_argument(args, node, option):
                    continue
                if self.try_trees(module, args):
                    kept = progress = True
                    break
            if not kept:
                index += 1
        return progress


    def drop_unused_bases(self):
        """Delete assignments in args() whose name nothing reads any more."""
        module, args = self.trees()
        fn = args.body[-1] if args.body else None
        if not isinstance(fn, ast.FunctionDef):
            return False
        used = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name)
                and isinstance(n.ctx, ast.Load)}
        body = [s for s in fn.body if not (isinstance(s, ast.Assign) and all(
            isinstance(t, ast.Name) and t.id not in used for t in s.targets))]
        if len(body) == len(fn.body):
            return False
        fn.body = body
        return self.try_trees(module, args)


# --- tree helpers -------------------------------------------------------------

def _expressions(module):
    """Expression nodes worth simplifying (not names, constants, targets)."""
    out = []
    for node in ast.walk(module):
        if isinstance(node, (ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp,
                             ast.Call, ast.Subscript)) and not isinstance(
                                 getattr(node, "ctx", None), ast.Store):
            out.append(node)
    return out


def _replacements(node):
    """Candidate replacements for an expression node, simplest first."""
    out = []
    if isinstance(node, ast.BinOp):
        out += [node.left, node.right]
    elif isinstance(node, ast.UnaryOp):
        out.append(node.operand)
    elif isinstance(node, ast.BoolOp):
        out += node.values
    elif isinstance(node, ast.Compare):
        out += [node.left] + node.comparators
    elif isinstance(node, ast.IfExp):
        out += [node.body, node.orelse]
    elif isinstance(node, ast.Call):
        out += [a for a in node.args if not isinstance(a, ast.Starred)]
    elif isinstance(node, ast.Subscript):
        out.append(node.value)
    consts = [ast.Constant(0), ast.Constant(1), ast.Constant(0.0), ast.Constant(1.0),
              ast.Constant(True)]
    return [copy.deepcopy(x) for x in out] + consts


def _range_start(node):
    """The first value of `for x in range(...)`, or None."""
    it = node.iter
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range" \
            and it.args and isinstance(node.target, ast.Name):
        return copy.deepcopy(it.args[0]) if len(it.args) > 1 else ast.Constant(0)
    return None


def needed_tolerance(program):
    """The tolerance kinds whose constructs are still in the program."""
    src = program.source
    keep = []
    for kind in program.tolerance:
        if kind == "dot" and ("dot(" in src or "@" in src):
            keep.append(kind)
        elif kind == "linspace" and "linspace" in src:
            keep.append(kind)
        elif kind.startswith("ufunc") and any(f"np.{f}(" in src for f in (
                "sin", "cos", "tan", "tanh", "arctan", "exp", "expm1", "log", "log1p",
                "log10", "log2")):
            keep.append(kind)
    return tuple(keep)


def _replace(module, old, new):
    for parent in ast.walk(module):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
                return True
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new
                        return True
    return False


def _smaller(v):
    if isinstance(v, int):
        out = [0, 1, v // 2, -1 if v < 0 else 2]
    else:
        out = [0.0, 1.0, float(round(v)), round(v, 1), -1.0 if v < 0 else 2.0]
    seen = []
    for x in out:
        if x != v and x not in seen and (abs(x) < abs(v) or abs(x) <= 2):
            seen.append(x)
    return seen


def _args_list(args_module):
    fn = args_module.body[-1] if args_module.body else None
    if not isinstance(fn, ast.FunctionDef):
        return None
    ret = fn.body[-1]
    if isinstance(ret, ast.Return) and isinstance(ret.value, ast.List):
        return ret.value
    return None


def _argument_sites(args_module):
    """The argument expressions and the array literals in args()."""
    out = []
    ret = _args_list(args_module)
    if ret is not None:
        out += list(ret.elts)
    for node in ast.walk(args_module):
        if isinstance(node, ast.List) and node is not ret:
            out.append(node)
    return out


def _shrink_argument(args_module, node, option):
    """Applies shrinking option `option` to `node`; False if it does not apply."""
    if isinstance(node, ast.List):
        elts = node.elts
        if option == 0 and len(elts) > 1:
            del elts[len(elts) // 2:]
            return True
        if option == 1 and len(elts) > 1:
            del elts[-1]
            return True
        if option in (2, 3, 4):
            simple = {2: 0, 3: 1, 4: None}[option]
            changed = False
            for i, e in enumerate(elts):
                v = _literal(e)
                if v is None or isinstance(v, bool):
                    continue
                if simple is None:
                    nv = type(v)(round(v)) if isinstance(v, float) else v
                else:
                    nv = type(v)(simple)
                if nv != v:
                    elts[i] = ast.Constant(nv)
                    changed = True
            return changed
        return False
    if isinstance(node, ast.Subscript) and option == 0:
        return _replace(args_module, node, node.value)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        values = _smaller(node.value)
        if option < len(values):
            node.value = values[option]
            return True
    return False


def _literal(e):
    try:
        return ast.literal_eval(e)
    except ValueError:
        return None


def reduce(program, outcome, test, **kwargs):
    """The smallest program the passes find that still fails like `outcome`."""
    return Reducer(program, outcome, test, **kwargs).run()


def reduce_findings(findings, folder, per_signature=1, timeout=30.0, log=print,
                    max_seconds=600):
    """Reduces up to `per_signature` findings of each signature and saves each
    as folder/<kind>_<hash>.py; returns the paths."""
    from .runner import Runner
    runner = Runner(jobs=1, timeout=min(timeout, 30.0))
    seen = {}
    paths = []
    try:
        for program, outcome in findings:
            sig = outcome.signature()
            if seen.get(sig, 0) >= per_signature:
                continue
            seen[sig] = seen.get(sig, 0) + 1
            log(f"reducing {program.origin} ({sig}) ...")
            red = Reducer(program, outcome, runner.run_one, max_seconds=max_seconds)
            small = red.run()
            trimmed = Program(**{**small.to_dict(), "tolerance": needed_tolerance(small)})
            if trimmed.tolerance != small.tolerance:
                again = runner.run_one(trimmed)
                if again.signature() == red.outcome.signature():
                    small = trimmed
            log(f"  {len(program.source.splitlines())} -> {len(small.source.splitlines())} "
                f"lines in {red.tests} tests")
            paths.append(save(small, red.outcome, folder))
    finally:
        runner.close()
    return paths


def save(program, outcome, folder):
    """Writes the regression file for a reduced finding; returns its path."""
    program.failure = outcome.kind
    program.note = f"Before the fix ({outcome.signature()}):\n  " + \
        outcome.detail.strip().replace("\n", "\n  ")
    path = os.path.join(folder, f"{outcome.kind}_{program.digest()}.py")
    with open(path, "w") as fh:
        fh.write(program.file_text())
    return path


__all__ = ["Reducer", "reduce", "reduce_findings", "save", "Outcome"]
