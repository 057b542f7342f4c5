"""`numba.typed`: typed containers (List, Dict) come with pyrite's list and
dict support; until then these names import and refuse to be used."""
from .._missing import Missing

_WHY = "typed containers come with list and dict support (the language-subset issue)"
List = Missing("numba.typed.List", _WHY)
Dict = Missing("numba.typed.Dict", _WHY)
typedlist = Missing("numba.typed.typedlist", _WHY)
typeddict = Missing("numba.typed.typeddict", _WHY)
