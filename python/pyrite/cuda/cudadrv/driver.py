"""numba.cuda.cudadrv.driver's exception names (pyrite.cuda)."""
from .error import CudaAPIError, CudaDriverError, CudaSupportError  # noqa: F401
