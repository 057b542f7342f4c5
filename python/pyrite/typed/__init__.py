"""`numba.typed`: Dict and List with their item types fixed when made.

Here they are a `dict` and a `list` that remember their types (Numba's hold a
native container): passed to a compiled function they are unboxed as any
dict or list argument is, typed by the types they were made with (so an
empty one types too), and changes made in compiled code are written back
when the call returns. Items stored from Python are converted to the item
types as Numba converts them (an int stored into a float64 dict becomes a
float). In compiled code, `Dict.empty(key_type, value_type)` and
`List.empty_list(item_type)` make empty ones; there they are plain dicts and
lists (what pyrite's dict and list types are).
"""
from .. import types as _types

__all__ = ["Dict", "List", "typeddict", "typedlist"]


def _typeof(value):
    from .. import typeof
    return typeof(value)


def _converter(t):
    """A function giving a value stored as an item of type `t` (numbers as
    Numba converts them: int into float, never float into int)."""
    if isinstance(t, _types.Float):
        return float
    if isinstance(t, _types.Boolean):
        return bool
    if isinstance(t, _types.Integer):
        import operator
        return operator.index
    return lambda v: v


class Dict(dict):
    """numba.typed.Dict: a dict of `key_type` keys and `value_type` values
    (types fixed by Dict.empty, or by the first item stored into Dict())."""

    def __init__(self, *args, **kwargs):
        super().__init__()
        self._dict_type = None
        if args or kwargs:
            self.update(*args, **kwargs)

    @classmethod
    def empty(cls, key_type, value_type, n_keys=0):
        """An empty dict of `key_type` keys and `value_type` values (types
        from pyrite.types / numba.types)."""
        d = cls()
        d._dict_type = _types.DictType(key_type, value_type)
        return d

    @property
    def _numba_type_(self):
        """Its DictType (AttributeError while an untyped Dict() is empty)."""
        if self._dict_type is None:
            raise AttributeError("an empty typed.Dict() has no type until an item is stored")
        return self._dict_type

    @property
    def key_type(self):
        return self._numba_type_.key_type

    @property
    def value_type(self):
        return self._numba_type_.value_type

    def __setitem__(self, key, value):
        if self._dict_type is None:
            self._dict_type = _types.DictType(_typeof(key), _typeof(value))
        t = self._dict_type
        super().__setitem__(_converter(t.key_type)(key), _converter(t.value_type)(value))

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def copy(self):
        out = type(self)()
        out._dict_type = self._dict_type
        dict.update(out, self)
        return out

    def __repr__(self):
        name = self._dict_type if self._dict_type is not None else "DictType[undefined]"
        return f"{name}({dict.__repr__(self)})"


class List(list):
    """numba.typed.List: a list of `item_type` items (fixed by
    List.empty_list, or by the first item stored into List())."""

    def __init__(self, iterable=(), allocated=0):
        super().__init__()
        self._list_type = None
        for item in iterable:
            self.append(item)

    @classmethod
    def empty_list(cls, item_type, allocated=0):
        """An empty list of `item_type` items."""
        lst = cls()
        lst._list_type = _types.List(item_type)
        return lst

    @property
    def _numba_type_(self):
        if self._list_type is None:
            raise AttributeError("an empty typed.List() has no type until an item is stored")
        return self._list_type

    @property
    def item_type(self):
        return self._numba_type_.dtype

    def _typed(self, item):
        if self._list_type is None:
            self._list_type = _types.List(_typeof(item))
        return _converter(self._list_type.dtype)(item)

    def append(self, item):
        super().append(self._typed(item))

    def extend(self, iterable):
        for item in iterable:
            self.append(item)

    def insert(self, index, item):
        super().insert(index, self._typed(item))

    def __setitem__(self, index, value):
        if isinstance(index, slice):
            super().__setitem__(index, [self._typed(v) for v in value])
        else:
            super().__setitem__(index, self._typed(value))

    def copy(self):
        out = type(self)()
        out._list_type = self._list_type
        list.extend(out, self)
        return out

    def __repr__(self):
        return f"ListType[{self._list_type.dtype if self._list_type else 'undefined'}]" \
               f"({list.__repr__(self)})"


# numba.typed.typeddict / typedlist: the modules, under Numba's names.
typeddict = type(_types)("typeddict")
typeddict.Dict = Dict
typedlist = type(_types)("typedlist")
typedlist.List = List
