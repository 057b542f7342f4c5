"""The primitives of dicts that the C++ core implements
(core/lower/lower_dicts.cpp; typing: core/typing/primitives.cpp), for
pyrite/_library/dicts.py to build every dict operation on. A dict value is
four lists (data_model.h): keys and values by entry in insertion order, each
entry's hash (-1 once deleted), and an open-addressing index of entry
numbers by hash whose last slot counts the deleted entries. The Python
bodies say what each computes; only compiled code calls them.
"""
import math


def empty_of(keys, values):
    """A new empty dict typed by samples: `keys` and `values` are tuples
    whose items' types unify into the key and value types (a dict display's
    items), or scalar classes (np.int64), or values of those types. Two
    empty tuples give `{}`, typed when its first item is stored."""
    return {}


def set_of(items):
    """A new empty set typed by the unified types of tuple `items`' items
    (a set display's); an empty tuple gives `set()`, typed by its first
    add(). A set is a dict's table whose values are all True."""
    return set()


def parts(d):
    """(keys, values, hashes, index): the lists d is made of, shared with d."""
    raise NotImplementedError("compiled code only")


def values_view(d):
    """d seen as d.values() (a DictValuesView: the same dict, shared)."""
    return d.values()


def items_view(d):
    """d seen as d.items() (a DictItemsView: the same dict, shared)."""
    return d.items()


def hash_float(x):
    """hash(float(x)) as CPython computes it (Python/pyhash.c); 0 for NaN
    (CPython 3.10+ hashes a NaN by its identity)."""
    return 0 if math.isnan(x) else hash(float(x))


# Entries and slots read and written in place (no references counted on
# the lists): `d` a dict, `i` an entry number (or index slot) in range.

def entries(d):
    """How many entries d has made since its last rebuild (deleted ones too)."""
    raise NotImplementedError("compiled code only")


def hashed(d):
    """How many of the entries have their hash stored (all, once indexed)."""
    raise NotImplementedError("compiled code only")


def slots(d):
    """The length of the index list: its size plus the deleted-count slot
    (0 until the first lookup builds it)."""
    raise NotImplementedError("compiled code only")


def key_at(d, i):
    """The key of entry i."""
    raise NotImplementedError("compiled code only")


def value_at(d, i):
    """The value of entry i."""
    raise NotImplementedError("compiled code only")


def hash_at(d, i):
    """The hash of entry i (-1 once deleted)."""
    raise NotImplementedError("compiled code only")


def slot_at(d, i):
    """Index slot i: an entry number, -1 (empty) or -2 (deleted)."""
    raise NotImplementedError("compiled code only")


def set_slot(d, i, entry):
    """Index slot i = entry."""
    raise NotImplementedError("compiled code only")


def set_hash(d, i, h):
    """The hash of entry i = h."""
    raise NotImplementedError("compiled code only")


def set_value(d, i, value):
    """The value of entry i = value (converted to the value type)."""
    raise NotImplementedError("compiled code only")


def append(d, key, value, h):
    """A new entry (key, value) with hash h, after the others."""
    raise NotImplementedError("compiled code only")
