"""Short-lived cache of page fragments that depend only on the published pages and the visitor's audience.

Visitors with the same `corpu.access.audience_key` see the same pages, so a fragment computed for one of them (the
main navigation, the catalogue's filter options) may be given to the others — never to another audience. Every
change to a page (saved, published, unpublished, moved, deleted), a site, a kelompok keahlian or a rating starts a new
generation: an entry is used only in the generation it was computed in. The generation moves at once and again
after commit (other processes). `PAGE_CACHE_SECONDS` bounds an entry's life; 0 turns the cache off.
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from corpu import generations
from corpu.access import audience_key

GENERATION_KEY = "corpu-pages:generation"


def _key(name, user, parts):
    asked = [name, audience_key(user), get_language(), *parts]
    return "corpu-pages:" + hashlib.sha256(json.dumps(asked, default=str).encode()).hexdigest()


def fragment_key(name, user, *parts):
    """A name for Django's `{% cache %}` tag: this audience's fragment in the current generation (None when off)."""
    return keyed(name, user, parts)[0]


def keyed(name, user, parts, generation_keys=()):
    """(A name for `{% cache %}` in the current page generation and those of `generation_keys`, the counters'
    values), the counters read in one round trip; (None, None) when the cache is off."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return None, None
    now = _now([GENERATION_KEY, *generation_keys])
    return f"{_key(name, user, parts)}:{':'.join(map(str, now))}", now


def _now(keys, found=None):
    """The counters' values (started when missing); `found`: what one `get_many` of (at least) these keys read,
    so a counter absent from it is missing and started at once, as `corpu.user_cache` does."""
    found = cache.get_many(keys) if found is None else found
    return tuple(found[k] if found.get(k) is not None else generations.start(k) for k in keys)


class Found(dict):
    """What `read` got in one round trip: the entries present and `asked`, every key it asked for (a key asked
    for and absent is a miss; one not asked for is read again by whoever needs it)."""

    def __init__(self, entries, asked):
        super().__init__(entries)
        self.asked = frozenset(asked)


def read(user, fragments, generation_keys=(), also=(), request=None):
    """Several fragments' entries and their generations in one round trip, for `for_audience(…, found=)`;
    fragments are (name, parts) pairs; `also`: further keys read in the same trip (e.g. `corpu.user_cache.keys`).
    With `request`, the main navigation's menu is read in the same trip and kept on the request for the page's
    template (`corpu_tags.main_nav`). None when the cache is off."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return None
    if request is not None:
        from corpu.templatetags.corpu_tags import menu_fragment

        fragments = [*fragments, *filter(None, [menu_fragment(request)])]
    keys = [GENERATION_KEY, *generation_keys, *(_key(name, user, parts) for name, parts in fragments), *also]
    found = Found(cache.get_many(keys), keys)
    if request is not None:
        request.page_cache_found = found
    return found


def for_audience(name, user, parts, compute, generation_keys=(), found=None):
    """The fragment `name` for this user's audience (and `parts`, e.g. the site), computed once per generation;
    `generation_keys` name further counters it depends on (e.g. one asset's readers' activity), read in the same
    round trip; `found`: what `read` gave (no round trip then, when it asked for this fragment)."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return compute()
    key = _key(name, user, parts)
    keys = [GENERATION_KEY, *generation_keys]
    if found is None or not found.asked.issuperset([*keys, key]):
        found = cache.get_many([*keys, key])
    now = _now(keys, found)
    entry = found.get(key)
    if entry is not None and entry[0] == now:
        return entry[1]
    value = compute()
    if None not in now:
        cache.set(key, (now, value), timeout=settings.PAGE_CACHE_SECONDS)
    return value


def invalidate(**kwargs):
    """Pages changed: fragments computed before now are not used again (a signal receiver)."""
    generations.advance(GENERATION_KEY)


def connect():
    """Invalidate on every change the cached fragments read (called from CorpuConfig.ready)."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from knowledge_assets.models import AssetRating
    from people.models import KelompokKeahlian

    def page_changed(sender, instance, raw=False, **kwargs):
        if not raw and isinstance(instance, Page):
            invalidate()

    post_save.connect(page_changed, dispatch_uid="corpu_page_cache_saved", weak=False)
    post_delete.connect(page_changed, dispatch_uid="corpu_page_cache_deleted", weak=False)
    for name, signal in (("published", page_published), ("unpublished", page_unpublished), ("moved", post_page_move)):
        signal.connect(invalidate, dispatch_uid=f"corpu_page_cache_{name}")
    for model in (Site, KelompokKeahlian, AssetRating):  # AssetRating: the catalogue cards' average
        post_save.connect(invalidate, sender=model, dispatch_uid=f"corpu_page_cache_{model.__name__}_saved")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"corpu_page_cache_{model.__name__}_deleted")


# --- extra invalidation (issue 18, course pages) ------------------------------------------------


def invalidate_on(*models):
    """Start a new generation whenever a row of these models (not pages: those always do) is saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        uid = f"corpu_page_cache_{model._meta.label_lower}"
        post_save.connect(invalidate, sender=model, dispatch_uid=f"{uid}_saved", weak=False)
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"{uid}_deleted", weak=False)
