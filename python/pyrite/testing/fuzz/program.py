"""`Program`: one generated test case, as source text.

A program is the source of `f` (plus helper functions that f calls), the
source of an `args()` function that builds fresh arguments, and what the
comparison needs to know: which float results may differ by reassociation,
and which exceptions CPython may legitimately raise.

The same text is the regression-file format (python/tests/fuzz_regressions):
a small module that is readable on its own and that `Program.parse` reads
back.
"""
import ast
from dataclasses import dataclass, field, asdict
import hashlib
import math

import numpy as np

HEADER_NAMES = ("FAILURE", "HELPERS", "TOLERANCE", "EXPECTED_EXCEPTIONS", "OPTIONS")


@dataclass
class Program:
    source: str                      # helper functions, then `def f(...)`
    args_source: str                 # `def args(): ... return [...]`
    helpers: tuple = ()              # helper names, compiled with njit too
    tolerance: tuple = ()            # kinds of reassociation: 'dot', 'linspace'
    expected: tuple = ()             # exception classes CPython may raise
    origin: str = ""                 # "seed S, program i"
    features: tuple = ()
    options: tuple = ()              # njit options, as (name, value) pairs
    failure: str = ""                # for regression files: the failure it showed
    note: str = ""                   # for regression files: what went wrong
    _code: dict = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self):
        d = asdict(self)
        d.pop("_code")
        return d

    @classmethod
    def from_dict(cls, d):
        d = {k: tuple(v) if isinstance(v, list) else v for k, v in d.items()}
        d["options"] = tuple(tuple(o) for o in d.get("options", ()))
        return cls(**d)

    @property
    def filename(self):
        return f"<fuzz {self.digest()}>"

    def digest(self):
        h = hashlib.sha1((self.source + self.args_source).encode())
        return h.hexdigest()[:10]

    def namespace(self):
        """A fresh global namespace with the program's functions defined."""
        ns = {"np": np, "math": math, "__name__": "fuzzprog"}
        code = self._code.get("src")
        if code is None:
            code = self._code["src"] = compile(self.source, self.filename, "exec")
        exec(code, ns)
        return ns

    def reference_namespace(self):
        """Like namespace(), for the CPython run: reductions and ufuncs in
        pyrite's order of evaluation (reference.py)."""
        from . import reference
        ns = {"np": np, "math": math, "__name__": "fuzzprog", **reference.NAMESPACE}
        code = self._code.get("ref")
        if code is None:
            code = self._code["ref"] = compile(reference.reference_source(self.source),
                                               self.filename, "exec")
        exec(code, ns)
        return ns

    def build_args(self):
        """Fresh arguments (a list) for one call of f."""
        ns = {"np": np, "math": math}
        code = self._code.get("args")
        if code is None:
            code = self._code["args"] = compile(self.args_source, "<fuzz args>", "exec")
        exec(code, ns)
        return list(ns["args"]())

    # --- regression files ---------------------------------------------------
    def file_text(self):
        """The regression-file module for this program."""
        doc = [f"Differential fuzz regression: {self.failure or 'program'}."]
        if self.origin:
            doc.append(f"Found by pyrite.testing.fuzz ({self.origin}), reduced automatically.")
        if self.note:
            doc += [""] + self.note.strip().splitlines()
        doc = [line.replace('"' * 3, "'" * 3).rstrip() for line in doc]
        lines = ['r"""' + doc[0]] + doc[1:] + ['"""']
        lines += ["import math", "", "import numpy as np", ""]
        lines.append(f"FAILURE = {self.failure!r}")
        lines.append(f"HELPERS = {tuple(self.helpers)!r}")
        lines.append(f"TOLERANCE = {tuple(self.tolerance)!r}")
        lines.append(f"EXPECTED_EXCEPTIONS = {tuple(self.expected)!r}")
        if self.options:
            lines.append(f"OPTIONS = {dict(self.options)!r}")
        lines += ["", ""]
        body = self.source.strip() + "\n\n\n" + self.args_source.strip() + "\n"
        return "\n".join(lines) + body

    @classmethod
    def parse(cls, text, origin=""):
        """Reads a regression file (or any module with f and args)."""
        tree = ast.parse(text)
        header = {}
        functions = []
        args_source = None
        doc = ast.get_docstring(tree) or ""
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Name) and node.targets[0].id in HEADER_NAMES:
                header[node.targets[0].id] = ast.literal_eval(node.value)
            elif isinstance(node, ast.FunctionDef):
                segment = ast.get_source_segment(text, node)
                if node.name == "args":
                    args_source = segment
                else:
                    functions.append(segment)
        if args_source is None:
            raise ValueError("a fuzz program needs an args() function")
        return cls(source="\n\n\n".join(functions) + "\n", args_source=args_source + "\n",
                   helpers=tuple(header.get("HELPERS", ())),
                   tolerance=tuple(header.get("TOLERANCE", ())),
                   expected=tuple(header.get("EXPECTED_EXCEPTIONS", ())),
                   options=tuple(sorted(header.get("OPTIONS", {}).items())),
                   failure=header.get("FAILURE", ""), origin=origin,
                   note="\n".join(doc.splitlines()[1:]).strip())
