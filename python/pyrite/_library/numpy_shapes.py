"""numpy_shapes: being written (issue 10)."""
