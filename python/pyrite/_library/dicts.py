"""Dicts in compiled code and hash(), written on the primitives of _dict_core
(the core keeps the data model, makes empty dicts and answers a dict's
truth). Semantics and messages are CPython's (Objects/dictobject.c);
Numba's typed.Dict has the same operations.

A dict is four lists (core/ir/data_model.h): `keys` and `values` hold the
entries in insertion order, `hashes` each entry's hash (-1 once the entry is
deleted) and `index` an open-addressing table of entry numbers, probed as
CPython probes (i = 5*i + perturb + 1), whose last slot counts the deleted
entries. A deleted entry keeps its place until the table is rebuilt, so
iteration stays in insertion order. A dict that came from Python has its
entries but no hashes and no index yet: the first lookup builds them.

hash() follows CPython exactly (Python/pyhash.c, Objects/longobject.c,
Objects/tupleobject.c), so equal ints and floats find each other's entries
and hash(x) in compiled code is the interpreter's.
"""
import operator

import numpy as np

from .. import types
from ..errors import TypingError
from ..extending import overload, overload_method, register_jitable
from . import _dict_core as _d
from . import _list_core as _l
from . import _unicode_core as _u
from ._generate import generate as _generate
from ..typed import _dict_api, _list_api

_INLINE = "always"
_MODULUS = (1 << 61) - 1  # CPython's _PyHASH_MODULUS
_EMPTY = -1               # an index slot no entry ever took
_DUMMY = -2               # an index slot whose entry was deleted
_LOW_59 = (1 << 59) - 1   # keeps a right shift by 5 logical


def _is_dict(t):
    return isinstance(t, types.DictType) and t.key_type is not None


def _scalar_key(t):
    return isinstance(t, (types.Boolean, types.Integer, types.Float, types.Complex,
                          types.UnicodeType, types.StringLiteral))


def _hashable(t):
    """Key types: numbers, str and tuples of these."""
    if isinstance(t, types.BaseTuple):
        return all(_hashable(e) for e in t.types)
    return _scalar_key(t)


# --- hash() ------------------------------------------------------------------------------

@register_jitable
def _hash_int(x):
    """hash() of an int64: x modulo 2**61 - 1 with x's sign (longobject.c)."""
    if x >= 0:
        h = x % _MODULUS
    else:
        m = (-(x + 1)) % _MODULUS + 1  # -x modulo, with no overflow at -2**63
        h = 0 if m == _MODULUS else -m
    return -2 if h == -1 else h


@register_jitable
def _xx_round(acc, lane):
    """One lane of CPython's tuple hash (xxHash's round, 64-bit)."""
    acc = acc + np.uint64(lane) * np.uint64(14029467366897019727)
    acc = (acc << np.uint64(31)) | (acc >> np.uint64(33))
    return acc * np.uint64(11400714785074694791)


@register_jitable
def _xx_finish(acc, length):
    acc = acc + (np.uint64(length) ^ np.uint64(2870177450012600261 ^ 3527539))
    if acc == np.uint64(18446744073709551615):
        return 1546275796
    return np.int64(acc)


def _tuple_hash(t):
    body = ["acc = np.uint64(2870177450012600261)"]
    body += [f"acc = _xx_round(acc, hash(x[{k}]))" for k in range(len(t.types))]
    body.append(f"return _xx_finish(acc, {len(t.types)})")
    fn = _generate("tuple_hash", ("x",), body)
    fn.__globals__.update(np=np, _xx_round=_xx_round, _xx_finish=_xx_finish)
    return fn


@overload(hash, inline=_INLINE)
def hash_(x):
    """hash(x) of a number, str or tuple of these, as CPython computes it:
    ints modulo 2**61 - 1, floats by CPython's _Py_HashDouble (a NaN hashes
    to 0 here, where CPython 3.10+ hashes its identity), str by the
    interpreter's own (randomized) hash, tuples by xxHash's rounds."""
    if isinstance(x, types.Boolean):
        return lambda x: 1 if x else 0
    if isinstance(x, types.Integer):
        if x.signed:
            return lambda x: _hash_int(np.int64(x))
        return lambda x: np.int64(np.uint64(x) % np.uint64(_MODULUS))
    if isinstance(x, types.Float):
        return lambda x: _d.hash_float(x)
    if isinstance(x, (types.UnicodeType, types.StringLiteral)):
        return lambda x: _u.hash(x)
    if isinstance(x, types.BaseTuple) and _hashable(x):
        return _tuple_hash(x)


# --- the hash table ----------------------------------------------------------------------

@register_jitable
def _index_size(live):
    """Slots for `live` entries and room to grow: the smallest power of two
    at least 3 * live (CPython's GROWTH_RATE), 8 at least."""
    size = 8
    while size < 3 * live:
        size *= 2
    return size


@register_jitable
def _deleted(d):
    """How many entries are deleted: the index's last slot (no index, none)."""
    n = _d.slots(d)
    return _d.slot_at(d, n - 1) if n else 0


@register_jitable
def _live(d):
    return _d.entries(d) - _deleted(d)


@register_jitable
def _probe(d, key, h):
    """(entry, slot): the entry holding `key` and its slot, or -1 and the
    slot a new entry takes (the first deleted one on the way, else the
    empty one that ends the probe)."""
    mask = _d.slots(d) - 2  # the size less one: the last slot is the count
    i = h & mask
    perturb = h
    free = -1
    while True:
        ix = _d.slot_at(d, i)
        if ix == _EMPTY:
            return -1, (i if free < 0 else free)
        if ix == _DUMMY:
            if free < 0:
                free = i
        elif _d.hash_at(d, ix) == h and _d.key_at(d, ix) == key:
            return ix, i
        perturb = (perturb >> 5) & _LOW_59
        i = (i * 5 + perturb + 1) & mask


@register_jitable
def _rebuild(d):
    """Hashes the entries that have none (a dict from Python), drops the
    deleted ones (keeping the order of the rest) and makes a new index
    with room for as many entries again."""
    keys, values, hashes, index = _d.parts(d)
    for k in range(len(hashes), len(keys)):
        hashes.append(hash(_l.item(keys, k)))
    n = len(keys)
    live = n - _deleted(d)
    if live < n:
        j = 0
        for k in range(n):
            h = _l.item(hashes, k)
            if h != -1:
                if j != k:
                    _l.set_item(keys, j, _l.item(keys, k))
                    _l.set_item(values, j, _l.item(values, k))
                    _l.set_item(hashes, j, h)
                j += 1
        _l.delete(keys, live, n)
        _l.delete(values, live, n)
        _l.delete(hashes, live, n)
    size = _index_size(live + 1)
    _l.delete(index, 0, len(index))
    _l.reserve(index, size + 1)
    for k in range(size):
        index.append(_EMPTY)
    index.append(0)  # no deleted entries
    mask = size - 1
    for k in range(live):
        h = _l.item(hashes, k)
        i = h & mask
        perturb = h
        while _l.item(index, i) != _EMPTY:
            perturb = (perturb >> 5) & _LOW_59
            i = (i * 5 + perturb + 1) & mask
        _l.set_item(index, i, k)


@register_jitable
def _lookup(d, key):
    """The entry number of `key` in d, or -1."""
    if _d.slots(d) == 0:
        if _d.entries(d) == 0:
            return -1
        _rebuild(d)
    return _probe(d, key, hash(key))[0]


@register_jitable
def _store(d, key, value):
    """d[key] = value."""
    if _d.slots(d) == 0:
        _rebuild(d)
    h = hash(key)
    ix, slot = _probe(d, key, h)
    if ix >= 0:
        _d.set_value(d, ix, value)
        return
    n = _d.entries(d)
    # Every entry made since the last rebuild holds a slot (a deleted one
    # holds a dummy), so `n` bounds the slots in use: keep it under 2/3.
    if 3 * (n + 1) > 2 * (_d.slots(d) - 1):
        _rebuild(d)
        ix, slot = _probe(d, key, h)
        n = _d.entries(d)
    _d.set_slot(d, slot, n)
    _d.append(d, key, value, h)


@register_jitable
def _remove(d, key):
    """Deletes the entry of `key` and returns its number, or -1 when absent.
    Its key and value stay in place, unreachable, until the next rebuild."""
    if _d.slots(d) == 0:
        if _d.entries(d) == 0:
            return -1
        _rebuild(d)
    ix, slot = _probe(d, key, hash(key))
    if ix >= 0:
        _d.set_slot(d, slot, _DUMMY)
        _d.set_hash(d, ix, -1)
        last = _d.slots(d) - 1
        _d.set_slot(d, last, _d.slot_at(d, last) + 1)
        keys, values, hashes, index = _d.parts(d)
        _l.set_item(keys, ix, _l.item(keys, ix))  # marks the dict changed (written back)
    return ix


@register_jitable
def _is_entry(d, k):
    """Whether entry k is not deleted (a dict from Python has no hashes yet)."""
    return k >= _d.hashed(d) or _d.hash_at(d, k) != -1


def _key_error(key):
    """raise KeyError(key) for the key types that the compiled subset can
    carry: a str or an int key is the exception's argument as in CPython
    (e.args == (key,)); other keys give a message."""
    if isinstance(key, (types.Integer, types.Boolean)) and not (
            isinstance(key, types.Integer) and not key.signed and key.bitwidth == 64):
        def fail(key):
            raise KeyError(key)
    elif isinstance(key, (types.UnicodeType, types.StringLiteral)):
        def fail(key):
            raise KeyError(key)
    else:
        def fail(key):
            raise KeyError("key not in dict")
    return register_jitable(fail)


def _accepts_key(d, key):
    """Whether `key` can be looked up in dict type d: a hashable value
    (numbers of every type find equal numbers, as in CPython)."""
    if not _hashable(key):
        return False
    k = d.key_type
    if isinstance(k, types.BaseTuple) or isinstance(key, types.BaseTuple):
        return isinstance(k, types.BaseTuple) and isinstance(key, types.BaseTuple)
    numeric = (types.Boolean, types.Integer, types.Float, types.Complex)
    return isinstance(k, numeric) == isinstance(key, numeric)


def _storable(value, into):
    """Whether a dict of `into` values (or keys) takes `value`: the same type
    or NumPy's same_kind casting, as lists take items."""
    value = getattr(value, "literal_type", value)
    if value == into:
        return True
    if isinstance(into, types.Optional):
        inner = value.type if isinstance(value, types.Optional) else value
        return isinstance(value, types.NoneType) or _storable(inner, into.type)
    if isinstance(into, types.Array) and isinstance(value, types.Array):
        return (value.dtype == into.dtype and value.ndim == into.ndim and
                (into.layout == "A" or value.layout == into.layout) and
                not (value.readonly and not into.readonly))
    if isinstance(into, types.Complex):
        return isinstance(value, (types.Boolean, types.Integer, types.Float, types.Complex))
    if isinstance(into, types.Float):
        return isinstance(value, (types.Boolean, types.Integer, types.Float))
    if isinstance(into, types.Integer):
        return isinstance(value, (types.Boolean, types.Integer))
    if isinstance(into, types.BaseTuple) and isinstance(value, types.BaseTuple):
        return len(into.types) == len(value.types) and all(
            _storable(v, i) for v, i in zip(value.types, into.types))
    return False


def _check_store(d, key, value):
    if not _storable(key, d.key_type):
        raise TypingError(f"cannot use a key of type {key} in {d}: keys are "
                          f"{d.key_type}, converted only without loss")
    if not _storable(value, d.value_type):
        raise TypingError(f"cannot store a value of type {value} in {d}")


# --- operators and builtins --------------------------------------------------------------

@overload(len, inline=_INLINE)
def dict_len(d):
    """len(d): the entries not deleted."""
    if _is_dict(d):
        def impl(d):
            return _live(d)
        return impl


@overload(operator.getitem, inline=_INLINE)
def dict_getitem(d, key):
    """d[key]; KeyError when absent."""
    if _is_dict(d) and _accepts_key(d, key):
        fail = _key_error(key)

        def impl(d, key):
            ix = _lookup(d, key)
            if ix < 0:
                fail(key)
            return _d.value_at(d, ix)
        return impl


@overload(operator.setitem, inline=_INLINE)
def dict_setitem(d, key, value):
    """d[key] = value: keys and values converted to the dict's types as
    list items are (an int into a float dict); never with a loss."""
    if _is_dict(d):
        _check_store(d, key, value)
        return lambda d, key, value: _store(d, key, value)


@overload(operator.delitem, inline=_INLINE)
def dict_delitem(d, key):
    """del d[key]; KeyError when absent."""
    if _is_dict(d) and _accepts_key(d, key):
        fail = _key_error(key)

        def impl(d, key):
            if _remove(d, key) < 0:
                fail(key)
        return impl


@overload(operator.contains, inline=_INLINE)
def dict_contains(d, key):
    """key in d (a key of another kind, a str in an int dict, is not in it)."""
    if _is_dict(d):
        if _accepts_key(d, key):
            return lambda d, key: _lookup(d, key) >= 0
        if _hashable(key):
            return lambda d, key: False


@overload(operator.eq, inline=_INLINE)
def dict_eq(a, b):
    """a == b: the same keys, each with equal values (order aside)."""
    if _is_dict(a) and _is_dict(b):
        return lambda a, b: _equal(a, b)


@overload(operator.ne, inline=_INLINE)
def dict_ne(a, b):
    if _is_dict(a) and _is_dict(b):
        return lambda a, b: not _equal(a, b)


@register_jitable
def _equal(a, b):
    if len(a) != len(b):
        return False
    for k in range(_d.entries(a)):
        if _is_entry(a, k):
            ix = _lookup(b, _d.key_at(a, k))
            if ix < 0 or not (_d.value_at(b, ix) == _d.value_at(a, k)):
                return False
    return True


# --- iteration ---------------------------------------------------------------------------

@register_jitable
def _changed(d, live, entries):
    if _live(d) != live:
        raise RuntimeError("dictionary changed size during iteration")
    if _d.entries(d) != entries:  # a key deleted and another added, or a rebuild
        raise RuntimeError("dictionary keys changed during iteration")


@register_jitable
def _walk_keys(d):
    live = _live(d)
    entries = _d.entries(d)
    k = 0
    while k < _d.entries(d):
        if _is_entry(d, k):
            yield _d.key_at(d, k)
            _changed(d, live, entries)
        k += 1


@register_jitable
def _walk_values(d):
    live = _live(d)
    entries = _d.entries(d)
    k = 0
    while k < _d.entries(d):
        if _is_entry(d, k):
            yield _d.value_at(d, k)
            _changed(d, live, entries)
        k += 1


@register_jitable
def _walk_items(d):
    live = _live(d)
    entries = _d.entries(d)
    k = 0
    while k < _d.entries(d):
        if _is_entry(d, k):
            yield _d.key_at(d, k), _d.value_at(d, k)
            _changed(d, live, entries)
        k += 1


_VIEWS = (types.DictValuesView, types.DictItemsView)


@overload(iter, inline=_INLINE)
def dict_iter(d):
    """iter(d): its keys in insertion order (of d.values() its values, of
    d.items() (key, value) tuples); RuntimeError when the dict changes size
    while a loop walks it, as CPython's."""
    if _is_dict(d):
        return lambda d: _walk_keys(d)
    if isinstance(d, types.DictValuesView):
        return lambda d: _walk_values(d)
    if isinstance(d, types.DictItemsView):
        return lambda d: _walk_items(d)


@overload(len, inline=_INLINE)
def dict_view_len(v):
    if isinstance(v, _VIEWS):
        return lambda v: _live(v)


@overload(operator.contains, inline=_INLINE)
def dict_view_contains(v, item):
    """x in d.values() (compared with each value) and (k, x) in d.items()."""
    if isinstance(v, types.DictValuesView):
        def impl(v, item):
            for k in range(_d.entries(v)):
                if _is_entry(v, k) and _d.value_at(v, k) == item:
                    return True
            return False
        return impl
    if isinstance(v, types.DictItemsView) and isinstance(item, types.BaseTuple) and \
            len(item.types) == 2 and _accepts_key(v.dict_type, item.types[0]):
        def impl(v, item):
            ix = _lookup(v, item[0])
            return ix >= 0 and _d.value_at(v, ix) == item[1]
        return impl


@overload_method(types.DictType, "keys", inline=_INLINE)
def dict_keys(d):
    """d.keys(): the dict itself, which walks, sizes and tests its keys
    (the set operations of a keys view are not modelled)."""
    return lambda d: d


@overload_method(types.DictType, "values", inline=_INLINE)
def dict_values(d):
    """d.values(): a view walked for the values, as often as wanted."""
    return lambda d: _d.values_view(d)


@overload_method(types.DictType, "items", inline=_INLINE)
def dict_items(d):
    """d.items(): a view walked for (key, value) tuples."""
    return lambda d: _d.items_view(d)


# --- methods -----------------------------------------------------------------------------

@overload_method(types.DictType, "get", inline=_INLINE)
def dict_get(d, key, default=None):
    """d.get(key[, default]): the value, or default (None) when absent."""
    if not _accepts_key(d, key):
        return None

    def impl(d, key, default=None):
        ix = _lookup(d, key)
        if ix < 0:
            return default
        return _d.value_at(d, ix)
    return impl


@overload_method(types.DictType, "pop", inline=_INLINE)
def dict_pop(d, key, default=None):
    """d.pop(key[, default]): removes key and returns its value; default
    when absent, KeyError when there is none."""
    if not _accepts_key(d, key):
        return None
    if default is None or isinstance(default, types.Omitted):
        fail = _key_error(key)

        def impl(d, key, default=None):
            ix = _remove(d, key)
            if ix < 0:
                fail(key)
            return _d.value_at(d, ix)
        return impl

    def impl(d, key, default=None):
        ix = _remove(d, key)
        if ix < 0:
            return default
        return _d.value_at(d, ix)
    return impl


@overload_method(types.DictType, "popitem", inline=_INLINE)
def dict_popitem(d):
    """d.popitem(): removes and returns the last (key, value) inserted;
    KeyError when the dict is empty."""
    def impl(d):
        k = _d.entries(d) - 1
        while k >= 0 and not _is_entry(d, k):
            k -= 1
        if k < 0:
            raise KeyError("popitem(): dictionary is empty")
        key = _d.key_at(d, k)
        _remove(d, key)
        return key, _d.value_at(d, k)
    return impl


@overload_method(types.DictType, "setdefault", inline=_INLINE)
def dict_setdefault(d, key, default=None):
    """d.setdefault(key, default): d[key], stored first when absent."""
    if not _accepts_key(d, key) or default is None or isinstance(default, types.Omitted):
        return None
    _check_store(d, key, default)

    def impl(d, key, default=None):
        ix = _lookup(d, key)
        if ix < 0:
            _store(d, key, default)
            return d[key]
        return _d.value_at(d, ix)
    return impl


@overload_method(types.DictType, "clear", inline=_INLINE)
def dict_clear(d):
    def impl(d):
        keys, values, hashes, index = _d.parts(d)
        _l.delete(keys, 0, len(keys))
        _l.delete(values, 0, len(values))
        _l.delete(hashes, 0, len(hashes))
        _l.delete(index, 0, len(index))
    return impl


@register_jitable
def _empty_like(d):
    keys, values, hashes, index = _d.parts(d)
    return _d.empty_of(_l.item_of(keys), _l.item_of(values))


@register_jitable
def _update_from_dict(d, other):
    for k in range(_d.entries(other)):
        if _is_entry(other, k):
            _store(d, _d.key_at(other, k), _d.value_at(other, k))


@overload_method(types.DictType, "copy", inline=_INLINE)
def dict_copy(d):
    """d.copy(): a new dict of the same items (shallow)."""
    def impl(d):
        out = _empty_like(d)
        _update_from_dict(out, d)
        return out
    return impl


@overload_method(types.DictType, "update", inline=_INLINE)
def dict_update(d, other):
    """d.update(other): the items of another dict, or of an iterable of
    (key, value) pairs, stored in order."""
    if _is_dict(other):
        _check_store(d, other.key_type, other.value_type)
        return lambda d, other: _update_from_dict(d, other)
    if not isinstance(other, types.DictType):
        def impl(d, other):
            for key, value in other:
                _store(d, key, value)
        return impl


@overload(dict, inline=_INLINE)
def dict_(iterable=None):
    """dict(d): a copy; dict(pairs): a dict of an iterable of (key, value)
    tuples (a list of pairs, zip(keys, values), a generator). dict() alone
    is typed as `{}` is, by the first item stored."""
    if _is_dict(iterable):
        def impl(iterable=None):
            out = _empty_like(iterable)
            _update_from_dict(out, iterable)
            return out
        return impl
    if iterable is None or isinstance(iterable, types.Omitted):
        return None

    def impl(iterable=None):
        pair = _l.item_of(iterable)
        out = _d.empty_of(pair[0], pair[1])
        for key, value in iterable:
            _store(out, key, value)
        return out
    return impl


# --- typed.Dict and typed.List in compiled code ------------------------------------------

@overload(_dict_api.empty, inline=_INLINE)
def typed_dict_empty(key_type, value_type, n_keys=0):
    """Dict.empty(key_type, value_type): an empty dict of those types."""
    if isinstance(key_type, types.NumberClass) and isinstance(value_type, types.NumberClass):
        if not _hashable(key_type.instance_type):
            raise TypingError(f"unhashable dict key type {key_type.instance_type}")
        return lambda key_type, value_type, n_keys=0: _d.empty_of(key_type, value_type)


@overload(_list_api.empty_list, inline=_INLINE)
def typed_list_empty(item_type, allocated=0):
    """List.empty_list(item_type): an empty list of that type."""
    if isinstance(item_type, types.NumberClass):
        return lambda item_type, allocated=0: _l.empty_list(item_type, 0)
