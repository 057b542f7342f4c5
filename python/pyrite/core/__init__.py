"""`numba.core` as code written for Numba imports it (`numba.core.errors`)."""
