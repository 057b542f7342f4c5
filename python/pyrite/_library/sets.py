"""Sets in compiled code: a set is a dict's hash table (dicts.py) whose
values are all True, so every lookup, insertion and deletion is the dict's.
Semantics and messages are CPython's (Objects/setobject.c). Iteration is in
insertion order (CPython's is the table's; a set has no order to match).
"""
import operator

from .. import types
from ..errors import TypingError
from ..extending import overload, overload_method, register_jitable
from . import _dict_core as _d
from . import _list_core as _l
from .dicts import _hashable, _is_entry, _live, _lookup, _remove, _store, _storable
from .lists import _item_type, _iterable, _unliteral
from ._generate import generate as _generate

_INLINE = "always"


def _is_set(t):
    return isinstance(t, types.Set) and t.dtype is not None


def _items_fit(s, other):
    """Whether the items `other` yields can be stored into set type s."""
    if not _iterable(other) and not _is_set(other):
        return False
    item = other.dtype if _is_set(other) else _item_type(other)
    return _storable(item, s.dtype)


def _tuple_of_items(t):
    """A tuple of hashable items of different types (1.5, 2, 'a' kinds apart
    are refused when stored): walked element by element."""
    return isinstance(t, types.BaseTuple) and all(_hashable(_unliteral(e)) for e in t.types)


def _store_each(name, count, make=False):
    """`name(s, items)` storing a tuple's items one by one (they may differ
    in type); with `make`, `name(items)` making the set first."""
    body = ["s = _d.set_of(items)"] if make else []
    body += [f"_store(s, items[{k}], True)" for k in range(count)]
    if make:
        body.append("return s")
    fn = _generate(name, ("items",) if make else ("s", "items"), body)
    fn.__globals__.update(_d=_d, _store=_store)
    return fn


def _check_item(s, item):
    if not _storable(item, s.dtype):
        raise TypingError(f"cannot add an item of type {item} to {s}")


@register_jitable
def _empty_like(s):
    keys, values, hashes, index = _d.parts(s)
    return _d.set_of((_l.item_of(keys),))


@register_jitable
def _copy(s):
    out = _empty_like(s)
    for k in range(_d.entries(s)):
        if _is_entry(s, k):
            _store(out, _d.key_at(s, k), True)
    return out


@register_jitable
def _contains(s, item):
    return _lookup(s, item) >= 0


# --- construction --------------------------------------------------------------------

@overload(set, inline=_INLINE)
def set_(iterable=None):
    """set(iterable): a new set of its items (set() alone is typed by its
    first add(), as `{}` is)."""
    if _is_set(iterable):
        return lambda iterable=None: _copy(iterable)
    if _tuple_of_items(iterable) and not _iterable(iterable):
        make = register_jitable(_store_each("set_of_tuple", len(iterable.types), make=True))
        return lambda iterable=None: make(iterable)
    if _iterable(iterable) and _hashable(_item_type(iterable)):
        def impl(iterable=None):
            out = _d.set_of((_l.item_of(iterable),))
            for item in iterable:
                _store(out, item, True)
            return out
        return impl


# --- operators -----------------------------------------------------------------------

@overload(len, inline=_INLINE)
def set_len(s):
    if _is_set(s):
        return lambda s: _live(s)


@overload(operator.contains, inline=_INLINE)
def set_contains(s, item):
    """item in s (an item of another kind is not in it)."""
    if _is_set(s):
        from .dicts import _accepts_key
        if _accepts_key(types.DictType(s.dtype, types.boolean), item):
            return lambda s, item: _contains(s, item)
        if _hashable(item):
            return lambda s, item: False


@register_jitable
def _walk(s):
    live = _live(s)
    entries = _d.entries(s)
    k = 0
    while k < _d.entries(s):
        if _is_entry(s, k):
            yield _d.key_at(s, k)
            if _live(s) != live:
                raise RuntimeError("Set changed size during iteration")
            if _d.entries(s) < entries:
                raise RuntimeError("Set changed size during iteration")
        k += 1


@overload(iter, inline=_INLINE)
def set_iter(s):
    """iter(s): its items; RuntimeError when the set changes size while a
    loop walks it, as CPython's."""
    if _is_set(s):
        return lambda s: _walk(s)


@register_jitable
def _subset(a, b):
    """Whether every item of a is in b."""
    if _live(a) > _live(b):
        return False
    for k in range(_d.entries(a)):
        if _is_entry(a, k) and _lookup(b, _d.key_at(a, k)) < 0:
            return False
    return True


def _comparison(op):
    def typing(a, b):
        if _is_set(a) and _is_set(b):
            return op
    return typing


overload(operator.eq, inline=_INLINE)(_comparison(
    lambda a, b: _live(a) == _live(b) and _subset(a, b)))
overload(operator.ne, inline=_INLINE)(_comparison(
    lambda a, b: not (_live(a) == _live(b) and _subset(a, b))))
overload(operator.le, inline=_INLINE)(_comparison(lambda a, b: _subset(a, b)))
overload(operator.ge, inline=_INLINE)(_comparison(lambda a, b: _subset(b, a)))
overload(operator.lt, inline=_INLINE)(_comparison(
    lambda a, b: _live(a) < _live(b) and _subset(a, b)))
overload(operator.gt, inline=_INLINE)(_comparison(
    lambda a, b: _live(a) > _live(b) and _subset(b, a)))


# --- union, intersection, difference, symmetric difference ----------------------------

@register_jitable
def _update(s, other):
    for item in other:
        _store(s, item, True)


@register_jitable
def _intersection_of(s, other):
    out = _empty_like(s)
    for item in other:
        if _contains(s, item):
            _store(out, item, True)
    return out


@register_jitable
def _difference_of(s, other):
    out = _copy(s)
    for item in other:
        _remove(out, item)
    return out


@register_jitable
def _symmetric_difference_of(s, other):
    out = _copy(s)
    seen = _empty_like(s)
    for item in other:
        if not _contains(seen, item):
            _store(seen, item, True)
            if _remove(out, item) < 0:
                _store(out, item, True)
    return out


@register_jitable
def _replace_contents(s, other):
    """s becomes other's items (for the in-place forms)."""
    keys, values, hashes, index = _d.parts(s)
    _l.delete(keys, 0, len(keys))
    _l.delete(values, 0, len(values))
    _l.delete(hashes, 0, len(hashes))
    _l.delete(index, 0, len(index))
    for k in range(_d.entries(other)):
        if _is_entry(other, k):
            _store(s, _d.key_at(other, k), True)


def _binary(name, fn, in_place):
    """The operator (both sets) and the method (any iterable of items)."""
    def op_typing(a, b):
        if _is_set(a) and _is_set(b) and _items_fit(a, b):
            if in_place:
                def impl(a, b):
                    _replace_contents(a, fn(a, b))
                    return a
                return impl
            return lambda a, b: fn(a, b)
    return op_typing


def _set_fn(fn):
    return lambda a, b: fn(a, b)


def _union_of(s, other):
    out = _copy(s)
    _update(out, other)
    return out


_union_of = register_jitable(_union_of)

for _op, _fn in ((operator.or_, _union_of), (operator.and_, _intersection_of),
                 (operator.sub, _difference_of), (operator.xor, _symmetric_difference_of)):
    overload(_op, inline=_INLINE)(_binary(_op.__name__, _fn, False))
for _op, _fn in ((operator.ior, _union_of), (operator.iand, _intersection_of),
                 (operator.isub, _difference_of), (operator.ixor, _symmetric_difference_of)):
    overload(_op, inline=_INLINE)(_binary(_op.__name__, _fn, True))


def _method(name, fn, in_place):
    def typing(s, other):
        if _items_fit(s, other):
            if in_place:
                def impl(s, other):
                    _replace_contents(s, fn(s, other))
                return impl
            return lambda s, other: fn(s, other)
    typing.__name__ = f"set_{name}"
    overload_method(types.Set, name, inline=_INLINE)(typing)


_method("union", _union_of, False)
_method("intersection", _intersection_of, False)
_method("difference", _difference_of, False)
_method("symmetric_difference", _symmetric_difference_of, False)
_method("intersection_update", _intersection_of, True)
_method("difference_update", _difference_of, True)
_method("symmetric_difference_update", _symmetric_difference_of, True)


@overload_method(types.Set, "update", inline=_INLINE)
def set_update(s, other):
    """s.update(iterable): adds its items."""
    if _tuple_of_items(other) and not _iterable(other):
        for e in other.types:
            _check_item(s, _unliteral(e))
        store = register_jitable(_store_each("update_from_tuple", len(other.types)))
        return lambda s, other: store(s, other)
    if _items_fit(s, other):
        return lambda s, other: _update(s, other)


@overload_method(types.Set, "issubset", inline=_INLINE)
def set_issubset(s, other):
    if _is_set(other):
        return lambda s, other: _subset(s, other)


@overload_method(types.Set, "issuperset", inline=_INLINE)
def set_issuperset(s, other):
    if _is_set(other):
        return lambda s, other: _subset(other, s)


@overload_method(types.Set, "isdisjoint", inline=_INLINE)
def set_isdisjoint(s, other):
    """Whether s and the iterable `other` have no item in common."""
    if _items_fit(s, other):
        def impl(s, other):
            for item in other:
                if _contains(s, item):
                    return False
            return True
        return impl


# --- methods -------------------------------------------------------------------------

@overload_method(types.Set, "add", inline=_INLINE)
def set_add(s, item):
    """s.add(item): converted to the item type as list items are."""
    _check_item(s, item)
    return lambda s, item: _store(s, item, True)


@overload_method(types.Set, "discard", inline=_INLINE)
def set_discard(s, item):
    if _hashable(item):
        def impl(s, item):
            _remove(s, item)
        return impl


@overload_method(types.Set, "remove", inline=_INLINE)
def set_remove(s, item):
    """s.remove(item); KeyError when absent."""
    if _hashable(item):
        from .dicts import _key_error
        fail = _key_error(item)

        def impl(s, item):
            if _remove(s, item) < 0:
                fail(item)
        return impl


@overload_method(types.Set, "pop", inline=_INLINE)
def set_pop(s):
    """s.pop(): removes and returns an item (the last added; CPython's
    choice is arbitrary too); KeyError when empty."""
    def impl(s):
        k = _d.entries(s) - 1
        while k >= 0 and not _is_entry(s, k):
            k -= 1
        if k < 0:
            raise KeyError("pop from an empty set")
        item = _d.key_at(s, k)
        _remove(s, item)
        return item
    return impl


@overload_method(types.Set, "clear", inline=_INLINE)
def set_clear(s):
    def impl(s):
        keys, values, hashes, index = _d.parts(s)
        _l.delete(keys, 0, len(keys))
        _l.delete(values, 0, len(values))
        _l.delete(hashes, 0, len(hashes))
        _l.delete(index, 0, len(index))
    return impl


@overload_method(types.Set, "copy", inline=_INLINE)
def set_copy(s):
    return lambda s: _copy(s)
