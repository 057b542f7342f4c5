"""The heapq module on lists: heapify, heappush, heappop, heapreplace,
heappushpop, nsmallest and nlargest, as Numba supports them. The same
algorithm as CPython's heapq (a binary min-heap kept in the list, the
sifts of Lib/heapq.py), so a heap holds its items in CPython's order.
An empty heap's heappop and heapreplace raise IndexError, as CPython.
"""
import heapq

from .. import types
from ..errors import TypingError
from ..extending import overload, register_jitable

_INLINE = "always"


def _check_list(heap, what):
    if not isinstance(heap, types.List):
        raise TypingError(f"heapq.{what} takes a list, not {heap}")


@register_jitable
def _siftdown(heap, startpos, pos):
    """Moves heap[pos] up towards the root while it is smaller than its parent."""
    newitem = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if newitem < parent:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = newitem


@register_jitable
def _siftup(heap, pos):
    """Moves the smaller child up until a leaf, then sifts heap[pos] down
    into place (CPython's bottom-up variant: fewer comparisons)."""
    endpos = len(heap)
    startpos = pos
    newitem = heap[pos]
    childpos = 2 * pos + 1
    while childpos < endpos:
        rightpos = childpos + 1
        if rightpos < endpos and not heap[childpos] < heap[rightpos]:
            childpos = rightpos
        heap[pos] = heap[childpos]
        pos = childpos
        childpos = 2 * pos + 1
    heap[pos] = newitem
    _siftdown(heap, startpos, pos)


@register_jitable
def _replace_root(heap, item):
    """heap[0], after putting `item` in its place and sifting it down."""
    smallest = heap[0]
    heap[0] = item
    _siftup(heap, 0)
    return smallest


@overload(heapq.heapify, inline=_INLINE)
def heapify(x):
    _check_list(x, "heapify")

    def impl(x):
        for i in range(len(x) // 2 - 1, -1, -1):
            _siftup(x, i)
    return impl


@overload(heapq.heappush, inline=_INLINE)
def heappush(heap, item):
    _check_list(heap, "heappush")

    def impl(heap, item):
        heap.append(item)
        _siftdown(heap, 0, len(heap) - 1)
    return impl


@overload(heapq.heappop, inline=_INLINE)
def heappop(heap):
    _check_list(heap, "heappop")

    def impl(heap):
        if len(heap) == 0:
            raise IndexError("index out of range")
        last = heap.pop()
        if len(heap) == 0:
            return last
        return _replace_root(heap, last)
    return impl


@overload(heapq.heapreplace, inline=_INLINE)
def heapreplace(heap, item):
    _check_list(heap, "heapreplace")

    def impl(heap, item):
        if len(heap) == 0:
            raise IndexError("index out of range")
        return _replace_root(heap, item)
    return impl


@overload(heapq.heappushpop, inline=_INLINE)
def heappushpop(heap, item):
    _check_list(heap, "heappushpop")

    def impl(heap, item):
        if len(heap) > 0 and heap[0] < item:
            return _replace_root(heap, item)
        return item
    return impl


def _n_extreme(name, largest):
    def typing(n, iterable):
        if not isinstance(n, (types.Integer, types.Boolean)):
            raise TypingError(f"heapq.{name}: n must be an integer")
        if not isinstance(iterable, (types.List, types.Array)):
            raise TypingError(f"heapq.{name} takes a list or an array")
        if isinstance(iterable, types.Array) and iterable.ndim != 1:
            raise TypingError(f"heapq.{name} takes a 1-d array")

        def impl(n, iterable):
            items = [x for x in iterable]
            items.sort(reverse=largest)
            return items[:max(n, 0)]
        return impl
    return typing


overload(heapq.nsmallest, inline=_INLINE)(_n_extreme("nsmallest", False))
overload(heapq.nlargest, inline=_INLINE)(_n_extreme("nlargest", True))
