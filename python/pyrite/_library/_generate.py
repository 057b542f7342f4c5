"""Implementations generated from source text for the shape at hand: a
tuple's elements may differ in type, so an operation over all of them is
written out with constant indices (one line per element) for its length."""
import linecache

_count = 0


def generate(name, params, body, namespace=None):
    """A function `name(*params)` with `body` (lines), compiled from source
    registered with linecache so that error messages can show its lines;
    `namespace` holds the globals it reads (its parameters' defaults too)."""
    global _count
    _count += 1
    filename = f"<pyrite generated {name} {_count}>"
    lines = [f"def {name}({', '.join(params)}):"] + [f"    {line}" for line in body]
    source = "\n".join(lines) + "\n"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = dict(namespace or {})
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]
