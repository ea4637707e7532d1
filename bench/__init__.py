"""Benchmarks: scripts that drive the real code with many rows or users and print one line."""
