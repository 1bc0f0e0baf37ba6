"""Rate limits on the shared cache: counters that every process sees (Redis when REDIS_URL is set).

A window opens at a key's first hit and lasts `seconds`; `cache.add` + `cache.incr` make each hit one atomic step,
so parallel requests never slip past a limit. `throttled` guards a view per user (or address when signed out)
with the limits of `settings.THROTTLES` and answers 429 with Retry-After and a JSON error.
"""

import contextlib
import hashlib
import math
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils.translation import gettext as _

PREFIX = "corpu-throttle:"


@dataclass(frozen=True)
class Hit:
    count: int  # hits in the window, this one included
    until: float  # when the window closes (epoch seconds)

    def retry_after(self):
        return max(1, math.ceil(self.until - time.time()))


def _name(key):
    return PREFIX + hashlib.sha256(key.encode()).hexdigest()[:32]


def hit(key, seconds):
    """Count one hit of `key` in its window (opened now if none is open)."""
    name, now = _name(key), time.time()
    cache.add(f"{name}:until", now + seconds, seconds)
    while True:
        cache.add(name, 0, seconds)
        try:
            count = cache.incr(name)
            break
        except ValueError:  # the window closed between add and incr: open the next one
            continue
    if count == 1:  # Redis's incr recreates a key that expired after its existence check: give it its lifetime
        cache.touch(name, seconds)
    return Hit(count, cache.get(f"{name}:until") or now + seconds)


def peek(key):
    """The open window of `key` (count 0 when none)."""
    name = _name(key)
    found = cache.get_many([name, f"{name}:until"])
    return Hit(found.get(name, 0), found.get(f"{name}:until") or time.time())


def give_back(key):
    """Undo one hit (e.g. a sign-in that turned out to be right)."""
    with contextlib.suppress(ValueError):
        cache.decr(_name(key))


def reset(key):
    name = _name(key)
    cache.delete_many([name, f"{name}:until"])


def client_address(request):
    """The visitor's address: REMOTE_ADDR, or behind `settings.TRUSTED_PROXY_COUNT` proxies of ours the address the
    outermost of them saw (that many entries from the right of X-Forwarded-For; entries further left are the
    client's own claims)."""
    if request is None:
        return ""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def throttled(scope):
    """Decorate a view: beyond `settings.THROTTLES[scope]` = (requests, seconds) per visitor, answer 429."""

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            limit, seconds = settings.THROTTLES[scope]
            user = request.user
            who = f"user:{user.pk}" if user.is_authenticated else f"address:{client_address(request)}"
            counted = hit(f"{scope}:{who}", seconds)
            if counted.count > limit:
                wait = counted.retry_after()
                message = _("Terlalu banyak permintaan. Coba lagi dalam %(seconds)s detik.") % {"seconds": wait}
                response = JsonResponse({"error": message}, status=429)
                response["Retry-After"] = str(wait)
                return response
            return view(request, *args, **kwargs)

        return guarded

    return decorate
