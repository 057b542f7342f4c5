"""`numba.experimental`: jitclass (pyrite/experimental/jitclass.py);
structref is not built yet."""
from .._missing import Missing
from .jitclass import jitclass

structref = Missing("numba.experimental.structref", "structref is not built yet")


def __getattr__(name):
    # Other parts of Numba's internals (numba.core.cgutils, numba.np.ufunc,
    # ...) are placeholders: importing works, using them raises.
    if name.startswith("__"):
        raise AttributeError(name)
    from .._missing import MissingModule
    return MissingModule(__name__.replace("pyrite", "numba", 1) + "." + name).module
