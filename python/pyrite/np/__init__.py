"""`numba.np`: NumPy support helpers libraries import."""


def __getattr__(name):
    # Other parts of Numba's internals (numba.core.cgutils, numba.np.ufunc,
    # ...) are placeholders: importing works, using them raises.
    if name.startswith("__"):
        raise AttributeError(name)
    from .._missing import MissingModule
    return MissingModule(__name__.replace("pyrite", "numba", 1) + "." + name).module
