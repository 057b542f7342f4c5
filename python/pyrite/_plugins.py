"""Where target plugins are looked for, in order: the built-in directory next
to the core, PYRITE_PLUGIN_PATH (read by the core), and the `pyrite.targets`
entry points that vendors' wheels declare. An entry point names an object
that is (or returns) the path of the plugin's shared library."""
import os
import warnings


def builtin_dir():
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "targets")


def builtin_paths():
    return [builtin_dir()]


def entry_point_paths():
    from importlib.metadata import entry_points
    paths = []
    for ep in entry_points(group="pyrite.targets"):
        try:
            obj = ep.load()
            paths.append(os.fspath(obj() if callable(obj) else obj))
        except Exception as e:  # a broken vendor package must not stop pyrite
            warnings.warn(f"pyrite: ignoring target plugin entry point {ep.name!r}: {e}")
    return paths


def search_paths():
    """Every place a plugin may come from (what `python -m pyrite` lists)."""
    return [builtin_dir()] + entry_point_paths()
