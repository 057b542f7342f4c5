"""`typed.List` seen from compiled code: `List.empty_list(item_type)`
(pyrite/_library/lists.py implements it)."""


def empty_list(item_type, allocated=0):
    """An empty list of `item_type` items."""
    from . import List
    return List.empty_list(item_type, allocated)
