"""numpy_linalg: being written (issue 10)."""
