"""Names Numba has whose feature pyrite has not built yet.

They import, so code written for Numba loads; using one raises
UnsupportedError naming the feature and the issue that brings it.
"""
from .errors import UnsupportedError


class Missing:
    """A placeholder for Numba's `qualname`: calling it, or anything taken
    from it, raises UnsupportedError saying what is missing."""

    def __init__(self, qualname, feature):
        self._qualname, self._feature = qualname, feature

    def _refuse(self):
        raise UnsupportedError(f"{self._qualname} is not supported by pyrite yet: "
                               f"{self._feature}")

    def __call__(self, *args, **kwargs):
        self._refuse()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Missing(f"{self._qualname}.{name}", self._feature)

    def __getitem__(self, key):
        self._refuse()

    def __enter__(self):
        self._refuse()

    def __exit__(self, *exc):
        return False

    def __repr__(self):
        return f"<missing in pyrite: {self._qualname}>"
