"""`numba.np`: NumPy support helpers libraries import."""
