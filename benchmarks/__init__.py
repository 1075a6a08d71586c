"""Benchmarks with printed numbers (not part of the test suite): python -m benchmarks."""
