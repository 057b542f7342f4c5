"""`numba.experimental`: jitclass and structref are not built yet."""
from .._missing import Missing

jitclass = Missing("numba.experimental.jitclass", "jitclass is not built yet")
structref = Missing("numba.experimental.structref", "structref is not built yet")
