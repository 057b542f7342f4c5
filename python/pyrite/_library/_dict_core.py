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


def parts(d):
    """(keys, values, hashes, index): the lists d is made of, shared with d."""
    raise NotImplementedError("compiled code only")


def hash_float(x):
    """hash(float(x)) as CPython computes it (Python/pyhash.c); 0 for NaN
    (CPython 3.10+ hashes a NaN by its identity)."""
    return 0 if math.isnan(x) else hash(float(x))
