"""Benchmarks of the workflow's stages against their baselines: ``python -m benchmarks --help``."""
