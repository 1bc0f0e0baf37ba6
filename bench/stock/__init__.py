"""Bench-only app: SearchDocument indexed by Wagtail's stock database search, the baseline of bench/search_bench.py.

Installed only by corpu.settings.bench; it has no tables of its own (a proxy model).
"""
