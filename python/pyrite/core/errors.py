"""`numba.core.errors`: the same classes as `pyrite.errors`."""
from ..errors import *  # noqa: F401,F403
from ..errors import __all__  # noqa: F401
