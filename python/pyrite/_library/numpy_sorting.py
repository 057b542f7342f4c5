"""numpy_sorting: being written (issue 10)."""
