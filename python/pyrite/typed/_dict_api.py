"""`typed.Dict` seen from compiled code: `Dict.empty(key_type, value_type)`
(pyrite/_library/dicts.py implements it). Calling these from Python is
calling typed.Dict's own classmethods."""


def empty(key_type, value_type, n_keys=0):
    """An empty dict of `key_type` keys and `value_type` values."""
    from . import Dict
    return Dict.empty(key_type, value_type, n_keys)
