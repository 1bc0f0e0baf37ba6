"""What a user may list: a community's threads, its search, their communities and Beranda saya's activity."""

from django.db.models import Q
from django.utils import timezone

from corpu.access import viewer_for

from ..models import CommunityPage, CopSession, Membership, Notification, Reply, Thread
from .rules import can_read, is_moderator


def visible_threads(user, community):
    """Threads of a community this user may list (hidden ones only for moderators)."""
    if not can_read(user, community):
        return Thread.objects.none()
    threads = Thread.objects.filter(community=community)
    if not is_moderator(user, community):
        threads = threads.filter(hidden=False)
    return threads


def search(user, community, query):
    """Threads of the community matching the query in the title or a post this user may read."""
    query = (query or "").strip()
    if not query:
        return Thread.objects.none()
    threads = visible_threads(user, community)
    posts = Reply.objects.filter(thread__community=community, body_source__icontains=query)
    if not is_moderator(user, community):
        posts = posts.filter(hidden=False)
    return threads.filter(Q(title__icontains=query) | Q(pk__in=posts.values("thread_id")))


def communities_for(user):
    """Live communities this user may see (for lists and the notification page)."""
    from corpu.access import filter_visible

    return filter_visible(CommunityPage.objects.live(), user)


def home_activity(user, limit=5, now=None):
    """For "Beranda saya": the most recently active visible threads and the next sessions of the communities the
    user belongs to (active membership) or that their kelompok keahlian owns, only where the policy lets them
    read, and their unread notifications of communities they may still read (never of a hidden thread). Four
    queries whatever the number of communities, threads or notifications."""
    if not getattr(user, "is_authenticated", False):
        return {"threads": [], "sessions": [], "notifications": []}
    from corpu.access import filter_visible

    kelompok_ids = viewer_for(user).kelompok_ids
    readable = filter_visible(CommunityPage.objects.live(), user)
    mine = Q(memberships__user=user, memberships__status=Membership.Status.ACTIVE)
    if kelompok_ids:
        mine |= Q(owner_kelompok__in=kelompok_ids)
    communities = readable.filter(mine).values("pk")
    threads = (
        Thread.objects.filter(community__in=communities, hidden=False)
        .select_related("community")
        .order_by("-last_activity_at", "-pk")[:limit]
    )
    sessions = (
        CopSession.objects.filter(community__in=communities, starts_at__gte=now or timezone.now())
        .select_related("community")
        .order_by("starts_at")[:limit]
    )
    notifications = (
        Notification.objects.filter(user=user, read_at__isnull=True, community__in=readable.values("pk"))
        .exclude(thread__hidden=True)
        .select_related("community", "thread", "actor")[:limit]
    )
    return {"threads": list(threads), "sessions": list(sessions), "notifications": list(notifications)}
