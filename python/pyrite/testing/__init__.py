"""Testing tools that ship with pyrite.

`pyrite.testing.fuzz` is a differential fuzzer: it generates random programs
in the subset pyrite compiles, runs each under CPython/NumPy and under
`pyrite.njit`, and reports every difference (see docs/fuzzing.md).
"""
