"""Benchmarks (bench/search_bench.py): dev settings without DEBUG, plus the stock-search proxy app bench.stock."""

from .dev import *  # noqa: F403
from .dev import INSTALLED_APPS

DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "bench.stock"]
