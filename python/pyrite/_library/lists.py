"""Lists in compiled code: methods, operators and builtins, written on the
primitives of _list_core (the core keeps the data model, len, indexing,
slicing, item assignment, append, pop and iteration). Semantics and messages
are CPython's (Objects/listobject.c); sort is a stable merge sort, as
CPython's is stable.
"""
import operator

from .. import types
from ..extending import overload, overload_method, register_jitable
from . import _list_core as _l
from .numpy_functions import _absent

_INLINE = "always"
_INT = (types.Integer, types.Boolean)


def _is_list(t):
    return isinstance(t, types.List) and t.dtype is not None


def _unliteral(t):
    """A constant's type as a value: Literal[str]('a') is unicode_type."""
    return getattr(t, "literal_type", t)


def _iterable(t):
    """Types a for loop can walk (what list(), sorted(), extend() take)."""
    return (_is_list(t) or isinstance(t, (types.UnicodeType, types.StringLiteral,
                                          types.Generator)) or
            (isinstance(t, types.DictType) and t.key_type is not None) or
            isinstance(t, (types.DictValuesView, types.DictItemsView)) or
            (isinstance(t, types.Set) and t.dtype is not None) or
            (isinstance(t, types.Array) and t.ndim == 1) or
            (isinstance(t, types.BaseTuple) and len({_unliteral(e) for e in t.types}) == 1) or
            (isinstance(t, types.Opaque) and t.name.startswith("range_state")))


# --- mutating methods -------------------------------------------------------------------

@overload_method(types.List, "insert", inline=_INLINE)
def list_insert(lst, index, item):
    """lst.insert(i, x): before index i, clamped to the list as CPython does."""
    if isinstance(index, _INT):
        def impl(lst, index, item):
            n = len(lst)
            i = index
            if i < 0:
                i += n
                if i < 0:
                    i = 0
            elif i > n:
                i = n
            _l.open_gap(lst, i, 1)
            lst[i] = item
        return impl


@overload_method(types.List, "extend", inline=_INLINE)
def list_extend(lst, other):
    """lst.extend(iterable)."""
    if _iterable(other):
        def impl(lst, other):
            if _l.is_same(lst, other):  # lst.extend(lst): the items as they were
                n = len(lst)
                for k in range(n):
                    lst.append(lst[k])
                return
            for item in other:
                lst.append(item)
        return impl


@register_jitable
def _find(lst, item, start, stop):
    for k in range(start, stop):
        if lst[k] == item:
            return k
    return -1


@overload_method(types.List, "remove", inline=_INLINE)
def list_remove(lst, item):
    """Removes the first item equal to `item`; ValueError when none is."""
    def impl(lst, item):
        k = _find(lst, item, 0, len(lst))
        if k < 0:
            raise ValueError("list.remove(x): x not in list")
        _l.delete(lst, k, k + 1)
    return impl


@register_jitable
def _clamp(i, n):
    if i < 0:
        i += n
        if i < 0:
            i = 0
    elif i > n:
        i = n
    return i


def _index_message_names_the_item():
    try:
        [].index(12345)
    except ValueError as e:
        return "12345" in str(e)  # "12345 is not in list" before CPython 3.13


_NAMES_THE_ITEM = _index_message_names_the_item()


@overload_method(types.List, "index", inline=_INLINE)
def list_index(lst, item, start=None, stop=None):
    """The first index of `item` in lst[start:stop]; ValueError when absent
    with the running CPython's words (an item that is not an integer is not
    named: compiled messages format integers only)."""
    if _NAMES_THE_ITEM and isinstance(item, _INT):
        def impl(lst, item, start=None, stop=None):
            n = len(lst)
            lo = 0 if start is None else _clamp(start, n)
            hi = n if stop is None else _clamp(stop, n)
            k = _find(lst, item, lo, hi)
            if k < 0:
                raise ValueError("%d is not in list" % item)
            return k
        return impl

    def impl(lst, item, start=None, stop=None):
        n = len(lst)
        lo = 0 if start is None else _clamp(start, n)
        hi = n if stop is None else _clamp(stop, n)
        k = _find(lst, item, lo, hi)
        if k < 0:
            raise ValueError("list.index(x): x not in list")
        return k
    return impl


@overload_method(types.List, "count", inline=_INLINE)
def list_count(lst, item):
    def impl(lst, item):
        count = 0
        for k in range(len(lst)):
            if lst[k] == item:
                count += 1
        return count
    return impl


@overload_method(types.List, "reverse", inline=_INLINE)
def list_reverse(lst):
    def impl(lst):
        i, j = 0, len(lst) - 1
        while i < j:
            a = lst[i]
            lst[i] = lst[j]
            lst[j] = a
            i += 1
            j -= 1
    return impl


@overload_method(types.List, "copy", inline=_INLINE)
def list_copy(lst):
    return lambda lst: lst[:]


@overload_method(types.List, "clear", inline=_INLINE)
def list_clear(lst):
    return lambda lst: _l.delete(lst, 0, len(lst))


# --- sorting -------------------------------------------------------------------------------

@register_jitable
def _before(a, b, reverse):
    """Whether b must move before a: a stable sort moves an item only past
    strictly greater ones (strictly smaller with reverse=True)."""
    return (a < b) if reverse else (b < a)


@register_jitable
def _insertion_runs(keys, items, reverse, run):
    """Sorts each run of `run` items by insertion, moving keys[k] and
    items[k] together (`items` may be `keys` itself). Indices stay in range:
    the unchecked _l.item/_l.set_item."""
    n = len(keys)
    same = _l.is_same(keys, items)
    for lo in range(0, n, run):
        hi = min(lo + run, n)
        for i in range(lo + 1, hi):
            key = _l.item(keys, i)
            item = _l.item(items, i)
            j = i - 1
            while j >= lo and _before(_l.item(keys, j), key, reverse):
                _l.set_item(keys, j + 1, _l.item(keys, j))
                if not same:
                    _l.set_item(items, j + 1, _l.item(items, j))
                j -= 1
            _l.set_item(keys, j + 1, key)
            if not same:
                _l.set_item(items, j + 1, item)


@register_jitable
def _merge_pass(src_k, src_v, dst_k, dst_v, width, reverse, same):
    """Merges neighbouring sorted runs of `width` from src into dst."""
    n = len(src_k)
    for lo in range(0, n, 2 * width):
        mid = min(lo + width, n)
        hi = min(lo + 2 * width, n)
        i, j, k = lo, mid, lo
        while k < hi:
            if j >= hi or (i < mid and not _before(_l.item(src_k, i), _l.item(src_k, j),
                                                   reverse)):
                _l.set_item(dst_k, k, _l.item(src_k, i))
                if not same:
                    _l.set_item(dst_v, k, _l.item(src_v, i))
                i += 1
            else:
                _l.set_item(dst_k, k, _l.item(src_k, j))
                if not same:
                    _l.set_item(dst_v, k, _l.item(src_v, j))
                j += 1
            k += 1


@register_jitable
def _merge_sort(keys, items, reverse):
    """Sorts `items` by `keys` (one per item, or `items` itself) in place and
    stably, as CPython's sort: equal keys keep their order, reverse=True
    included. Insertion-sorted runs of 32, then bottom-up merges through a
    second buffer."""
    n = len(keys)
    run = 32
    _insertion_runs(keys, items, reverse, run)
    if n <= run:
        return
    same = _l.is_same(keys, items)
    other_k = keys[:]
    other_v = items[:] if not same else _l.empty_like(items, 0)
    width = run
    in_other = False
    while width < n:
        if in_other:
            _merge_pass(other_k, other_v, keys, items, width, reverse, same)
        else:
            _merge_pass(keys, items, other_k, other_v, width, reverse, same)
        in_other = not in_other
        width *= 2
    if in_other:  # the result sits in the second buffer
        for k in range(n):
            keys[k] = other_k[k]
            if not same:
                items[k] = other_v[k]


@overload_method(types.List, "sort", inline=_INLINE)
def list_sort(lst, key=None, reverse=False):
    """lst.sort(key=None, reverse=False): stable, as CPython's."""
    if _absent(key):
        def impl(lst, key=None, reverse=False):
            _merge_sort(lst, lst, reverse)
        return impl

    def impl(lst, key=None, reverse=False):
        n = len(lst)
        if n == 0:
            return
        keys = [key(lst[0])]  # key() runs once per item, in order
        for k in range(1, n):
            keys.append(key(lst[k]))
        _merge_sort(keys, lst, reverse)
    return impl


@overload(sorted, inline=_INLINE)
def sorted_(iterable, key=None, reverse=False):
    """sorted(iterable, key=None, reverse=False): a new sorted list."""
    if _iterable(iterable):
        def impl(iterable, key=None, reverse=False):
            out = list(iterable)
            out.sort(key=key, reverse=reverse)
            return out
        return impl


@overload(list, inline=_INLINE)
def list_(iterable=None):
    """list(iterable): a new list of its items (list() alone has no item
    type to be typed by; start from [] and append instead)."""
    if _is_list(iterable):
        return lambda iterable=None: iterable[:]
    if _iterable(iterable):
        def impl(iterable=None):
            out = _l.empty_list(_l.item_of(iterable), 0)
            for item in iterable:
                out.append(item)
            return out
        return impl


# --- operators -------------------------------------------------------------------------

@overload(operator.add, inline=_INLINE)
def list_add(a, b):
    """a + b: a new list."""
    if _is_list(a) and _is_list(b) and a.dtype == b.dtype:
        def impl(a, b):
            out = _l.empty_like(a, len(a) + len(b))
            for item in a:
                out.append(item)
            for item in b:
                out.append(item)
            return out
        return impl


@overload(operator.iadd, inline=_INLINE)
def list_iadd(a, b):
    """a += iterable: a.extend(iterable), in place."""
    if _is_list(a) and _iterable(b):
        def impl(a, b):
            a.extend(b)
            return a
        return impl


@register_jitable
def _repeat(lst, times):
    n = len(lst)
    if n > 0 and times > (1 << 60) // n:
        raise MemoryError()
    out = _l.empty_like(lst, n * max(times, 0))
    for _ in range(times):
        for k in range(n):
            out.append(lst[k])
    return out


@overload(operator.mul, inline=_INLINE)
def list_mul(a, b):
    """lst * n and n * lst."""
    if _is_list(a) and isinstance(b, _INT):
        return lambda a, b: _repeat(a, b)
    if isinstance(a, _INT) and _is_list(b):
        return lambda a, b: _repeat(b, a)


@overload(operator.imul, inline=_INLINE)
def list_imul(a, b):
    """lst *= n: in place, as CPython (every alias sees it)."""
    if _is_list(a) and isinstance(b, _INT):
        def impl(a, b):
            n = len(a)
            if b <= 0:
                a.clear()
                return a
            if n > (1 << 60) // b:
                raise MemoryError()
            for _ in range(b - 1):
                for k in range(n):
                    a.append(a[k])
            return a
        return impl


@overload(operator.contains, inline=_INLINE)
def list_contains(lst, item):
    if _is_list(lst):
        return lambda lst, item: _find(lst, item, 0, len(lst)) >= 0


@register_jitable
def _first_difference(a, b):
    """The first index where a and b hold unequal items, or -1."""
    for k in range(min(len(a), len(b))):
        if a[k] != b[k]:
            return k
    return -1


@register_jitable
def _equal(a, b):
    if len(a) != len(b):
        return False
    for k in range(len(a)):
        if a[k] != b[k]:
            return False
    return True


@register_jitable
def _lt(a, b):
    k = _first_difference(a, b)
    return len(a) < len(b) if k < 0 else a[k] < b[k]


@register_jitable
def _le(a, b):
    k = _first_difference(a, b)
    return len(a) <= len(b) if k < 0 else a[k] <= b[k]


@register_jitable
def _gt(a, b):
    k = _first_difference(a, b)
    return len(a) > len(b) if k < 0 else a[k] > b[k]


@register_jitable
def _ge(a, b):
    k = _first_difference(a, b)
    return len(a) >= len(b) if k < 0 else a[k] >= b[k]


def _comparison(op):
    """CPython's list_richcompare: the first unequal items decide, compared
    by the operator itself (a NaN there answers as NaN does); when there are
    none, the lengths."""
    def typing(a, b):
        if not (_is_list(a) and _is_list(b)):
            return None
        if op == "eq":
            return lambda a, b: _equal(a, b)
        if op == "ne":
            return lambda a, b: not _equal(a, b)
        if op == "lt":
            return lambda a, b: _lt(a, b)
        if op == "le":
            return lambda a, b: _le(a, b)
        if op == "gt":
            return lambda a, b: _gt(a, b)
        return lambda a, b: _ge(a, b)
    return typing


for _op in ("eq", "ne", "lt", "le", "gt", "ge"):
    overload(getattr(operator, _op), inline=_INLINE)(_comparison(_op))


# --- del ------------------------------------------------------------------------------------

def _is_slice(t):
    return isinstance(t, types.Opaque) and t.name.startswith("slice")


@overload(operator.delitem, inline=_INLINE)
def list_delitem(lst, index):
    """del lst[i], del lst[i:j] and del lst[i:j:k], as CPython's
    list_ass_subscript (IndexError for an index out of range)."""
    if not _is_list(lst):
        return None
    if isinstance(index, _INT):
        def impl(lst, index):
            n = len(lst)
            i = index + n if index < 0 else index
            if i < 0 or i >= n:
                raise IndexError("list assignment index out of range")
            _l.delete(lst, i, i + 1)
        return impl
    if _is_slice(index):
        def impl(lst, index):
            start, count, step = _l.slice_indices(index, len(lst))
            if count == 0:
                return
            if step < 0:  # the same items, walked upwards
                start += (count - 1) * step
                step = -step
            if step == 1:
                _l.delete(lst, start, start + count)
                return
            n = len(lst)
            write = start
            k = 0
            for i in range(start, n):  # keep the items the slice skips, in order
                if k < count and i == start + k * step:
                    k += 1
                else:
                    _l.set_item(lst, write, _l.item(lst, i))
                    write += 1
            _l.delete(lst, write, n)
        return impl


# --- slice assignment ----------------------------------------------------------------------

def _item_type(t):
    """What iterating over `t` (an _iterable) gives."""
    if isinstance(t, (types.List, types.Array, types.Set)):
        return t.dtype
    if isinstance(t, types.Generator):
        return t.yield_type
    if isinstance(t, types.DictType):
        return t.key_type
    if isinstance(t, (types.DictValuesView, types.DictItemsView)):
        return t.yield_type
    if isinstance(t, types.BaseTuple):
        return _unliteral(t.types[0])
    if isinstance(t, (types.UnicodeType, types.StringLiteral)):
        return types.unicode_type
    return types.int64  # a range


def _storable(item, into):
    """Whether a list of `into` items takes `item` values: the same type, or
    NumPy's same_kind casting (as the core's storable_in_list)."""
    if item == into:
        return True
    if isinstance(into, types.Float):
        return isinstance(item, (types.Boolean, types.Integer, types.Float))
    if isinstance(into, types.Integer):
        return isinstance(item, (types.Boolean, types.Integer))
    return False

@overload(operator.setitem, inline=_INLINE)
def list_setitem_slice(lst, index, value):
    """lst[i:j] = items (the list grows or shrinks) and lst[i:j:k] = items
    (as many items as the slice selects, else ValueError), as CPython's
    list_ass_subscript; `items` any iterable, read first (it may be lst)."""
    if not (_is_list(lst) and _is_slice(index) and _iterable(value) and
            _storable(_item_type(value), lst.dtype)):
        return None

    def impl(lst, index, value):
        items = list(value)
        start, count, step = _l.slice_indices(index, len(lst))
        m = len(items)
        if step == 1:
            if m > count:
                _l.open_gap(lst, start + count, m - count)
            elif m < count:
                _l.delete(lst, start + m, start + count)
            for k in range(m):
                _l.set_item(lst, start + k, _l.item(items, k))
            return
        if m != count:
            raise ValueError("attempt to assign sequence of size " + str(m) +
                             " to extended slice of size " + str(count))
        for k in range(m):
            _l.set_item(lst, start + k * step, _l.item(items, k))
    return impl


# --- min, max ----------------------------------------------------------------------------

def _empty_message(fn):
    try:
        fn([])
    except ValueError as e:
        return str(e)  # the running CPython's words


@register_jitable
def _first_extreme(seq, smaller):
    """The first smallest (largest) item of a non-empty `seq`."""
    best = seq[0]
    for k in range(1, len(seq)):  # the first extreme stays
        v = seq[k]
        if (v < best) if smaller else (v > best):
            best = v
    return best


@register_jitable
def _first_extreme_by_key(seq, key, smaller):
    """The first item of a non-empty `seq` whose key(item) is smallest
    (largest); key() runs once per item, in order, as in CPython."""
    best = seq[0]
    best_key = key(best)
    for k in range(1, len(seq)):
        v = seq[k]
        kv = key(v)
        if (kv < best_key) if smaller else (kv > best_key):
            best, best_key = v, kv
    return best


@register_jitable
def _walked_extreme(items, smaller):
    """(found, the first smallest (largest) item) of an iterable walked
    once (a generator)."""
    found = False
    best = _l.item_of(items)  # a placeholder of the item type
    for v in items:
        if not found or ((v < best) if smaller else (v > best)):
            best, found = v, True
    return found, best


@register_jitable
def _walked_extreme_by_key(items, key, smaller):
    """The same by key(item): key() runs once per item, in order."""
    found = False
    best = _l.item_of(items)
    for v in items:
        kv = key(v)
        if not found:
            best, best_key, found = v, kv, True
        elif (kv < best_key) if smaller else (kv > best_key):
            best, best_key = v, kv
    return found, best


def _walked_extreme_impl(key, default, smaller, message):
    if _absent(key) and _absent(default):
        def impl(iterable, key=None, default=None):
            found, best = _walked_extreme(iterable, smaller)
            if not found:
                raise ValueError(message)
            return best
    elif _absent(key):
        def impl(iterable, key=None, default=None):
            found, best = _walked_extreme(iterable, smaller)
            return best if found else default
    elif _absent(default):
        def impl(iterable, key=None, default=None):
            found, best = _walked_extreme_by_key(iterable, key, smaller)
            if not found:
                raise ValueError(message)
            return best
    else:
        def impl(iterable, key=None, default=None):
            found, best = _walked_extreme_by_key(iterable, key, smaller)
            return best if found else default
    return impl


def _extreme_arguments_fit(iterable, key, default):
    """min/max(iterable, key=, default=): key a function, default of the
    items' type or None (Python would return it as it is, of its own type:
    a float default of int items would come back a float here)."""
    if not (_absent(key) or isinstance(key, (types.Dispatcher, types.Function))):
        return False  # min(a, b) of two strings or lists: not this overload
    if _absent(default) or isinstance(default, types.NoneType):
        return True
    item = _item_type(iterable)
    if isinstance(default, types.StringLiteral):
        default = types.unicode_type
    return default == item


def _list_extreme(name, smaller):
    message = _empty_message(min if name == "min" else max)

    def typing(iterable, key=None, default=None):
        if _iterable(iterable) and not _extreme_arguments_fit(iterable, key, default):
            return None
        if isinstance(iterable, (types.Generator, types.DictType, types.Set,
                                 types.DictValuesView, types.DictItemsView)):
            return _walked_extreme_impl(key, default, smaller, message)
        if not (_is_list(iterable) or isinstance(iterable, (types.UnicodeType,
                                                             types.StringLiteral)) or
                (isinstance(iterable, types.Array) and iterable.ndim == 1)):
            return None
        keyed, has_default = not _absent(key), not _absent(default)
        if keyed and has_default:
            def impl(iterable, key=None, default=None):
                if len(iterable) == 0:
                    return default
                return _first_extreme_by_key(iterable, key, smaller)
        elif keyed:
            def impl(iterable, key=None, default=None):
                if len(iterable) == 0:
                    raise ValueError(message)
                return _first_extreme_by_key(iterable, key, smaller)
        elif has_default:
            def impl(iterable, key=None, default=None):
                if len(iterable) == 0:
                    return default
                return _first_extreme(iterable, smaller)
        else:
            def impl(iterable, key=None, default=None):
                if len(iterable) == 0:
                    raise ValueError(message)
                return _first_extreme(iterable, smaller)
        return impl
    typing.__name__ = f"list_{name}"
    return typing


overload(min, inline=_INLINE)(_list_extreme("min", True))
overload(max, inline=_INLINE)(_list_extreme("max", False))


# --- reversed ------------------------------------------------------------------------------

@overload(reversed, inline=_INLINE)
def reversed_(seq):
    """reversed(seq) of a list, str or 1-d array: its items last to first, as
    seq[::-1] (a new list, a new str, a view) that a for loop walks. (A list
    changed while the loop runs is not seen changing, as CPython's
    reversed() would see it.)"""
    if _is_list(seq) or isinstance(seq, (types.UnicodeType, types.StringLiteral)) or \
            (isinstance(seq, types.Array) and seq.ndim == 1):
        return lambda seq: seq[::-1]
    if isinstance(seq, types.Opaque) and seq.name.startswith("range_state"):
        def impl(seq):  # the same numbers, last first: another range
            n = len(seq)
            return range(seq.start + (n - 1) * seq.step, seq.start - seq.step, -seq.step)
        return impl
