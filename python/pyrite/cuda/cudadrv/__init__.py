"""numba.cuda.cudadrv's names for the driver's exceptions (pyrite.cuda)."""
