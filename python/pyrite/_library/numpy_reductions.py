"""numpy_reductions: being written (issue 10)."""
