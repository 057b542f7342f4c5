"""`numba.core.typing.templates`: the names typing code imports from it."""
from . import Signature, signature  # noqa: F401
