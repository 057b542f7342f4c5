"""The primitives of lists that the C++ core implements
(core/lower/lower_lists.cpp, runtime/rt_list.c; typing:
core/typing/builtins.def), for pyrite/_library/lists.py to build list
methods and operators on. The core itself lowers len(), indexing, slicing,
item assignment, append, pop and iteration. These check nothing: callers
keep indices in range. The Python bodies say what each computes; only
compiled code calls them.
"""


def empty_list(item, capacity):
    """A new empty list of items of `item`'s type (`item` itself is not
    used), with room for `capacity` items."""
    return []


def empty_like(lst, capacity):
    """A new empty list of lst's item type, with room for `capacity`."""
    return []


def delete(lst, start, stop):
    """del lst[start:stop] for 0 <= start <= stop <= len(lst)."""
    del lst[start:stop]


def open_gap(lst, at, count):
    """Moves lst[at:] up by `count` and fills the gap with zeroed items
    (0 <= at <= len(lst)); the caller assigns every item of the gap."""
    raise NotImplementedError("compiled code only")


def reserve(lst, capacity):
    """Room for `capacity` items (MemoryError when it cannot be had)."""


def is_same(a, b):
    """a is b: the same list."""
    return a is b


def item_of(iterable):
    """A value of the type iterating over `iterable` yields, for typing only
    (empty_list(item_of(x), n)); compiled code gives a zero value."""
    for item in iterable:
        return item


def slice_indices(s, n):
    """(start, count, step) of slice `s` over a sequence of length n, as
    CPython's PySlice_AdjustIndices: the items s selects are start,
    start + step, ... (count of them). ValueError for a zero step."""
    start, stop, step = s.indices(n)
    return start, len(range(start, stop, step)), step


def item(lst, i):
    """lst[i] for 0 <= i < len(lst), unchecked."""
    return lst[i]


def set_item(lst, i, value):
    """lst[i] = value for 0 <= i < len(lst), unchecked."""
    lst[i] = value
