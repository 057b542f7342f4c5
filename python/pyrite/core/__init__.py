"""`numba.core` as code written for Numba imports it: `numba.core.errors`,
`numba.core.types` (the same module object as `pyrite.types`),
`numba.core.config`, `numba.core.typing`."""
import sys

from .. import config, types  # noqa: F401

sys.modules[__name__ + ".types"] = types
sys.modules[__name__ + ".config"] = config
