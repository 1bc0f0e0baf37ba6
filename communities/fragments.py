"""Shared fragments of the forum pages: a thread's posts and the forums list's cards, rendered once and given to
every visitor who would see the same HTML.

A thread page's posts are cached per thread, page, audience (`corpu.access.audience_key`), role (moderator, member
who may post, reader) and language, in the thread's generation and the page generation: every save or delete of the
thread, its posts, reactions, attachments or edit history moves the first at once and after commit
(`corpu/generations.py`). What differs
from one visitor to the next stays out of the shared HTML: the fragment holds slots (markers carrying a secret
nonce, so a post's text can never forge one) that `personalise` fills for the visitor — their CSRF token, their
own reactions, the edit button on their own posts, the report form on other people's, the accept button for the
thread's author. The forums list's cards are cached per audience in the forums generation (joins, leaves, threads,
posts) and the page generation (`corpu/page_cache.py`). Authors' names follow within `PAGE_CACHE_SECONDS`.
"""

import hashlib
import re

from django.conf import settings
from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from corpu import generations, page_cache

FORUMS_KEY = "corpu-forums:generation"
NONCE = hashlib.sha256(f"communities-slots:{settings.SECRET_KEY}".encode()).hexdigest()[:16]
_BLOCK = re.compile(rf"⟦{NONCE}:if:(\w+):(\d+)⟧(.*?)⟦{NONCE}:end⟧", re.S)
_INLINE = re.compile(rf"⟦{NONCE}:(\w+)(?::(\d+))?(?::(\w+))?⟧")
MAX_CACHED_PAGE = 1000  # page numbers above this are not cached apart (the paginator answers the last page)


def thread_key(thread_id):
    return f"corpu-thread:{thread_id}:generation"


def thread_changed(*thread_ids, forums=False):
    """These threads' posts changed: their cached fragments are not used again (nor the forums list's cards when
    `forums`: a thread or a post was added, changed or removed)."""
    keys = [thread_key(pk) for pk in set(thread_ids) if pk is not None]
    if keys:
        generations.advance(*keys, *([FORUMS_KEY] if forums else []))


def forums_changed(**kwargs):
    """A change the forums list's cards show (members, threads): a signal receiver."""
    generations.advance(FORUMS_KEY)


def marker(*parts):
    """A slot in a shared fragment, filled per visitor by `personalise`."""
    return mark_safe(f"⟦{NONCE}:{':'.join(str(p) for p in parts)}⟧")


def role_of(moderator, can_post):
    return "moderator" if moderator else "member" if can_post else "reader"


def page_number(value):
    """The page asked for, as the cache names it (the paginator turns anything else into page 1)."""
    text = str(value)
    return min(int(text), MAX_CACHED_PAGE) if text.isdigit() and int(text) > 0 else 1


def forum_cards_key(user, index):
    """A name for the `{% cache %}` tag of the forums list's cards, and the forums generation (None, None when the
    cache is off): both generations read at once."""
    key, now = page_cache.keyed("forum-cards", user, [index.pk], [FORUMS_KEY])
    return key, now and now[1]


def personalise(html, request, authors, asker, mine):
    """Fill the slots of a shared thread fragment for this visitor.

    authors: post id → author id of the posts shown; asker: the visitor asked the thread's question;
    mine: the visitor's own (post id, reaction kind) pairs."""
    user_id = request.user.pk

    def keep(match):
        what, pk = match.group(1), int(match.group(2))
        own = user_id is not None and authors.get(pk) == user_id
        shown = {"own": own, "others": not own, "asker": asker}.get(what, False)
        return match.group(3) if shown else ""

    csrf = []  # the token is asked for (and its cookie set) only when the fragment has a form

    def fill(match):
        what, pk, kind = match.group(1), match.group(2), match.group(3)
        if what == "csrf":
            if not csrf:
                csrf.append(
                    format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
                )
            return csrf[0]
        chosen = pk is not None and (int(pk), kind) in mine
        if what == "active":
            return " is-active" if chosen else ""
        if what == "pressed":
            return "true" if chosen else "false"
        return ""

    return mark_safe(_INLINE.sub(fill, _BLOCK.sub(keep, html)))


def connect():
    """Move the generations on every change the fragments show (called from CommunitiesConfig.ready)."""
    from django.db.models.signals import post_delete, post_save

    from .models import Attachment, Membership, PostRevision, Reaction, Reply, Thread

    def via_reply(instance):  # a reaction, attachment or revision: the thread of its post
        if type(instance).reply.is_cached(instance):
            return instance.reply.thread_id
        return Reply.objects.filter(pk=instance.reply_id).values_list("thread_id", flat=True).first()

    owners = {
        Thread: (lambda t: t.pk, True),
        Reply: (lambda r: r.thread_id, True),
        Reaction: (via_reply, False),
        Attachment: (via_reply, False),
        PostRevision: (via_reply, False),
    }

    def receiver_for(owner, forums):
        def changed(sender, instance, raw=False, **kwargs):
            if not raw:
                thread_changed(owner(instance), forums=forums)

        return changed

    for model, (owner, forums) in owners.items():
        receiver, name = receiver_for(owner, forums), model.__name__
        post_save.connect(receiver, sender=model, dispatch_uid=f"communities_fragments_{name}_saved", weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=f"communities_fragments_{name}_deleted", weak=False)
    post_save.connect(forums_changed, sender=Membership, dispatch_uid="communities_fragments_membership_saved")
    post_delete.connect(forums_changed, sender=Membership, dispatch_uid="communities_fragments_membership_deleted")
