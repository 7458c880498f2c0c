"""Benchmarks: synthetic archives and timings (not run by the test suite)."""
