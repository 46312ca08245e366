"""Synthetic organisations and pipelines, and simulated closed deals (for tests, benchmarks and the notebooks)."""
