"""A short cache of database-search answers (total, page of ids, facets, experts) shared by one audience.

Visitors with the same `corpu.access.audience_key` see the same rows, so an answer computed for one may be given to
the others; the key also holds the query's words (case and punctuation aside: typo correction reads them), its
analysed terms (a synonym edit changes them), filters, page (the first pages share one answer), whether the query is
to be run as written, and whether the visitor is signed in (the sign-in hint; a guest sees an anonymous visitor's
rows). Every change to the index starts a new generation: an entry is used only in the generation it was computed
in (read before computing, so a search racing a change is not kept under the new one). The generation moves at
once (the writer's own next search) and again after commit (other processes). `SEARCH_CACHE_SECONDS` bounds an
entry's life; 0 turns the cache off.

The hits themselves are always read fresh (`in_bulk` of the cached ids), so a snippet is never stale.
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache

from corpu import generations
from corpu.access import audience_key, viewer_for

from .text import words

GENERATION_KEY = "corpu-search:generation"


def enabled():
    return settings.SEARCH_CACHE_SECONDS > 0


def answer_key(user, request, terms):
    """The cache key of one search answer for this visitor's audience."""
    signed_in = viewer_for(user).authenticated  # the sign-in hint is for signed-out visitors only
    asked = [audience_key(user), signed_in, words(request.query), list(terms), sorted(request.filters.items())]
    asked.append(request.exact)
    digest = hashlib.sha256(json.dumps([*asked, request.page, request.per_page], default=str).encode()).hexdigest()
    return f"corpu-search:answer:{digest}"


def lookup(key):
    """(the cached answer or None, the current generation to store a new answer under)."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        return None, generations.start(GENERATION_KEY)
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1], generation
    return None, generation


def store(key, generation, answer):
    if generation is not None:
        cache.set(key, (generation, answer), timeout=settings.SEARCH_CACHE_SECONDS)


def invalidate():
    """The index changed: answers computed before now are not used again."""
    generations.advance(GENERATION_KEY)
