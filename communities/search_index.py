"""Community threads in the site search: visible as their community; hidden threads and posts stay out."""

from django.urls import reverse
from django.utils.html import strip_tags

from search.index import Source

from .models import CommunityPage, Reply, Thread


def build_thread(thread):
    community = thread.community
    if thread.hidden or not community.live:
        return None
    posts = list(thread.replies.filter(hidden=False).select_related("author")[:50])
    accepted = next((post for post in posts if post.pk == thread.accepted_reply_id), None)
    return {
        "title": thread.title,
        "text": " ".join(strip_tags(post.body_html) for post in posts),
        "url": reverse("communities:thread", args=[thread.pk]),
        "access_level": community.access_level,
        "owner_unit_id": community.owner_unit_id,
        "owner_kelompok_id": community.owner_kelompok_id,
        "owner_label": community.title,
        "kelompok_label": community.owner_kelompok.nama if community.owner_kelompok_id else "",
        "date": thread.last_activity_at,
        "people": [[accepted.author_id, accepted.author.get_full_name()]] if accepted else [],
    }


SEARCH_SOURCES = [
    Source(
        model=Thread,
        kind="thread",
        queryset=lambda: Thread.objects.select_related("community__owner_kelompok"),
        build=build_thread,
    ),
    Source(model=Reply, dependents=lambda reply: [reply.thread]),
    Source(model=CommunityPage, dependents=lambda community: list(community.threads.all())),
]
