"""`numba.core.typing`: `signature(return_type, *args)` as intrinsics and
typing templates build it."""
from ...types import Signature


def signature(return_type, *args, recvr=None):
    """A Signature `return_type(*args)` (numba.core.typing.signature)."""
    return Signature(return_type, args)


__all__ = ["signature", "Signature"]
