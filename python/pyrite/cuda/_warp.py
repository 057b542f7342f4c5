"""Warp-level functions under Numba's names: shuffles, votes, activemask,
syncwarp, match_any_sync, lanemask_lt.

Each is a library overload over the CUDA plugin's intrinsics
(targets/cuda/cuda_intrinsics.cpp). The shuffles take a 32- or 64-bit
integer or a float32/float64 (narrower integers and bools are widened to
int32, as C's promotion does; 64-bit values move as two 32-bit shuffles);
`mask` is the uint32 mask of participating lanes, as in CUDA.
"""
import numpy as _np

from .. import types
from ..errors import TypingError
from ..extending import overload
from ..intrinsics import Intrinsic

_SHUFFLE_TYPES = ("int32", "int64", "uint32", "uint64", "float32", "float64")
_shuffle_rows = {(kind, t): Intrinsic(f"cuda.shfl_sync.{kind}.{t}")
                 for kind in ("idx", "up", "down", "bfly") for t in _SHUFFLE_TYPES}


def _shuffled_type(value, what):
    """The intrinsic row's type name for a value of type `value`."""
    if isinstance(value, types.Boolean) or (isinstance(value, types.Integer)
                                           and value.bitwidth < 32):
        return "int32"
    if isinstance(value, (types.Integer, types.Float)) and str(value) in _SHUFFLE_TYPES:
        return str(value)
    raise TypingError(f"cuda.{what} moves an integer or a float32/float64, not {value}")


def _shuffle(kind, what):
    """The overload of one shuffle: the row for the value's type."""
    def typer(mask, value, lane):
        moved = _shuffled_type(value, what)
        row, to = _shuffle_rows[(kind, moved)], getattr(_np, moved)
        return lambda mask, value, lane: row(_np.uint32(mask), to(value), _np.int32(lane))
    return typer


def shfl_sync(mask, value, src_lane):
    """The `value` of lane `src_lane` (Numba's cuda.shfl_sync)."""
    raise NotImplementedError("cuda.shfl_sync only works inside a CUDA kernel")


def shfl_up_sync(mask, value, delta):
    """The `value` of lane laneid - delta, or this lane's own below 0."""
    raise NotImplementedError("cuda.shfl_up_sync only works inside a CUDA kernel")


def shfl_down_sync(mask, value, delta):
    """The `value` of lane laneid + delta, or this lane's own past 31."""
    raise NotImplementedError("cuda.shfl_down_sync only works inside a CUDA kernel")


def shfl_xor_sync(mask, value, lane_mask):
    """The `value` of lane laneid ^ lane_mask (a butterfly exchange)."""
    raise NotImplementedError("cuda.shfl_xor_sync only works inside a CUDA kernel")


overload(shfl_sync)(_shuffle("idx", "shfl_sync"))
overload(shfl_up_sync)(_shuffle("up", "shfl_up_sync"))
overload(shfl_down_sync)(_shuffle("down", "shfl_down_sync"))
overload(shfl_xor_sync)(_shuffle("bfly", "shfl_xor_sync"))

_vote_all = Intrinsic("cuda.vote.all")
_vote_any = Intrinsic("cuda.vote.any")
_vote_uni = Intrinsic("cuda.vote.uni")
_vote_ballot = Intrinsic("cuda.vote.ballot")


def all_sync(mask, predicate):
    """Whether `predicate` is true on every lane of `mask` (a bool)."""
    raise NotImplementedError("cuda.all_sync only works inside a CUDA kernel")


def any_sync(mask, predicate):
    """Whether `predicate` is true on some lane of `mask` (a bool)."""
    raise NotImplementedError("cuda.any_sync only works inside a CUDA kernel")


def eq_sync(mask, predicate):
    """Whether `predicate` is the same on every lane of `mask` (a bool)."""
    raise NotImplementedError("cuda.eq_sync only works inside a CUDA kernel")


def ballot_sync(mask, predicate):
    """The mask of the lanes of `mask` whose `predicate` is true (int32, as
    in numba.cuda)."""
    raise NotImplementedError("cuda.ballot_sync only works inside a CUDA kernel")


def _vote(row, what):
    def typer(mask, predicate):
        if not isinstance(predicate, (types.Boolean, types.Integer, types.Float)):
            raise TypingError(f"cuda.{what}'s predicate is a bool or a number, not {predicate}")
        return lambda mask, predicate: row(_np.uint32(mask), predicate != 0)
    return typer


overload(all_sync)(_vote(_vote_all, "all_sync"))
overload(any_sync)(_vote(_vote_any, "any_sync"))
overload(eq_sync)(_vote(_vote_uni, "eq_sync"))
overload(ballot_sync)(_vote(_vote_ballot, "ballot_sync"))

_match_any = {"int32": Intrinsic("cuda.match_any_sync.int32"),
              "int64": Intrinsic("cuda.match_any_sync.int64")}


def match_any_sync(mask, value):
    """The mask (int32, as in numba.cuda) of the lanes of `mask` whose
    `value` equals this lane's (an integer; sm_70 and newer)."""
    raise NotImplementedError("cuda.match_any_sync only works inside a CUDA kernel")


@overload(match_any_sync)
def _ol_match_any_sync(mask, value):
    if not isinstance(value, (types.Integer, types.Boolean)):
        raise TypingError(f"cuda.match_any_sync compares integers, not {value}")
    if isinstance(value, types.Integer) and value.bitwidth == 64:
        row = _match_any["int64"]
        return lambda mask, value: row(_np.uint32(mask), _np.int64(value))
    row = _match_any["int32"]
    return lambda mask, value: row(_np.uint32(mask), _np.int32(value))


activemask = Intrinsic("cuda.activemask")
lanemask_lt = Intrinsic("cuda.lanemask_lt")
_syncwarp = Intrinsic("cuda.syncwarp")


def syncwarp(mask=0xFFFFFFFF):
    """The barrier of the lanes of `mask` (all 32 by default)."""
    raise NotImplementedError("cuda.syncwarp only works inside a CUDA kernel")


@overload(syncwarp)
def _ol_syncwarp(mask=0xFFFFFFFF):
    return lambda mask=0xFFFFFFFF: _syncwarp(_np.uint32(mask))
