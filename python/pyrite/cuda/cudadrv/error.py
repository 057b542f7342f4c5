"""The CUDA driver's exceptions under numba.cuda.cudadrv's names.

- CudaSupportError: CUDA cannot be used here (no libcuda.so.1, no device),
  raised by the first call that needs the driver.
- CudaAPIError: a driver call failed (out of memory, a launch beyond the
  device's limits, an error a kernel left behind); `code` is the plugin
  status (docs/plugin-abi.md) and the message names the driver's error.
"""


class CudaDriverError(Exception):
    """Base of the driver's errors."""


class CudaSupportError(ImportError):
    """CUDA is not usable on this machine (no driver or no device)."""


class CudaAPIError(CudaDriverError):
    """A CUDA driver call failed; `code` is the plugin's status."""

    def __init__(self, msg, code=None):
        super().__init__(msg)
        self.code = code
        self.msg = msg
