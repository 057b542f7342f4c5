"""`python -m pyrite`: what this pyrite has, like `numba -s`.

Lists each discovered target plugin with its version, ABI version, triple,
capabilities and devices, and every plugin that was refused, with why.
"""
import platform
import sys


def main():
    import numpy
    import pyrite
    from pyrite import _core, _plugins

    _core.discover_plugins(_plugins.search_paths())
    print(f"pyrite {pyrite.__version__} (plugin ABI {'.'.join(map(str, _core.ABI_VERSION))})")
    print(f"python {sys.version.split()[0]} on {platform.machine()}, numpy {numpy.__version__}")
    print("\nTarget plugins:")
    for p in _core.plugins():
        print(f"  {p['name']} (parent {p['parent']}): {p['plugin_name']} {p['version']}, "
              f"ABI {p['abi']}")
        print(f"    triple {p['triple']}, cpu {p['cpu'] or '-'}")
        print(f"    capabilities: {', '.join(p['capabilities']) or '-'}")
        for d in p["devices"]:
            print(f"    device: {d}")
        print(f"    file: {p['path']}")
    refused = _core.refused_plugins()
    if refused:
        print("\nRefused plugins:")
        for path, reason in refused:
            print(f"  {path}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
