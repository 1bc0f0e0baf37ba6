"""Generation counters kept in the cache: a cached entry stored under a generation is used only while that
generation is current, so moving the counter retires every entry computed before (page fragments, personal
blocks, search answers)."""

import contextlib
import time

from django.core.cache import cache
from django.db import transaction


def start(key):
    """Start the counter `key` unless it runs (a fresh start or an evicted counter never reuses an old number)."""
    cache.add(key, time.time_ns(), timeout=None)
    return cache.get(key)


def _bump(keys):
    for key in keys:
        with contextlib.suppress(ValueError):  # no counter yet: the next read starts one
            cache.incr(key)


def advance(*keys):
    """Retire the entries of these counters: move them now and again after commit (for readers in other
    processes that computed from rows the transaction was still changing)."""
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys))
