"""Runs ministats and prints its results as JSON: under Numba, or under
pyrite when the first argument is "pyrite" (installed as `numba`)."""
import json
import os
import sys

if sys.argv[1] == "pyrite":
    import pyrite
    pyrite.install_as_numba()

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402

import ministats  # noqa: E402

x = np.linspace(-3.0, 5.0, 41) ** 3 / 7.0
ints = (np.arange(23) * 7 % 19 - 9).astype(np.int64)
out = {
    "module": ministats.using_numba_name(),
    "summary": list(ministats.summary(x, -2.0, 9.5)),
    "int_summary": [float(v) for v in ministats.int_summary(ints, -4, 6)],
    "hash": int(ministats.hash_mix(ints)),
    "poly": ministats.poly(1.25, 0.5, -2.0, 3.0),
    "clipped_mean_python": ministats.clipped_mean(x, -2.0, 9.5),
    "kahan_step_python": list(ministats.kahan_step(1.0, 0.0, 1e-17)),
}
print(json.dumps(out))
