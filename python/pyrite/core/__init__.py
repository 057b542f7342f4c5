"""`numba.core` as code written for Numba imports it: `numba.core.errors`,
`numba.core.types` (the same module object as `pyrite.types`),
`numba.core.config`, `numba.core.typing`."""
import sys

from .. import config, types  # noqa: F401

sys.modules[__name__ + ".types"] = types
sys.modules[__name__ + ".config"] = config


def __getattr__(name):
    # Other parts of Numba's internals (numba.core.cgutils, numba.np.ufunc,
    # ...) are placeholders: importing works, using them raises.
    if name.startswith("__"):
        raise AttributeError(name)
    from .._missing import MissingModule
    return MissingModule(__name__.replace("pyrite", "numba", 1) + "." + name).module
