"""Benchmarks: each runs the real application against the stand-in and prints one summary line."""
