"""Benchmark tools for Plenary. `python -m bench corpus N OUT_DIR` writes a realistic corpus of records."""
