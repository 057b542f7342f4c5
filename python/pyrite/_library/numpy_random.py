"""numpy_random: being written (issue 10)."""
