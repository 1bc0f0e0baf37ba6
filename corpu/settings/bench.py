"""Benchmarks (bench/search_bench.py): dev settings without DEBUG, plus the stock-search proxy app bench.stock; the
cache is Redis (as in production, where REDIS_URL is set): BENCH_REDIS_URL, by default database 15 on localhost."""

import os

from .dev import *  # noqa: F403
from .dev import INSTALLED_APPS

DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "bench.stock"]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
    }
}
