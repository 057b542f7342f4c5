"""pyrite's own library, written with the extension API (docs/extending.md).

Each module registers @overload/@overload_method implementations in the
compiled subset; C++ keeps only the primitives they are built from. The
package loads on the first compile (pyrite._resolve), not on `import pyrite`.
"""
from . import (  # noqa: F401
    _dict_core, _exceptions, _jitclass_core, _list_core, _parallel_core, _unicode_core,
    builtins, complexes, dicts, exceptions, formatting, heaps, jitclass, lists, numpy_array_math,
    numpy_complex, numpy_datetime, numpy_datetime_arrays, numpy_element_maps, numpy_functions,
    numpy_histograms, numpy_iteration, numpy_joining, numpy_linalg, numpy_linalg_complex,
    numpy_products, numpy_quantiles, numpy_random, numpy_reduction_options, numpy_reductions,
    numpy_selection, numpy_shapes, numpy_sorting, numpy_text, numpy_ufuncs, numpy_views, operators, sets, unicode,
    unicode_case, unicode_split)
