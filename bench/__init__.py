"""Benchmarks: scripts that measure and print their figures (last line `name: figure ...`)."""
