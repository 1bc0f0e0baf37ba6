"""Subscriptions, in-site notifications and e-mail digests, created only for users who can view the
community and re-checked when listed or mailed."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from corpu import user_cache
from corpu.mail import in_language_of, site_url

from ..models import Notification, Subscription
from .rules import can_read, is_moderator, require


def subscribe(user, community=None, thread=None):
    target = community or thread.community
    require(can_read(user, target) and getattr(user, "is_authenticated", False))
    if community is not None:
        return Subscription.objects.get_or_create(user=user, community=community)[0]
    return Subscription.objects.get_or_create(user=user, thread=thread)[0]


def unsubscribe(user, community=None, thread=None):
    if community is not None:
        Subscription.objects.filter(user=user, community=community).delete()
    else:
        Subscription.objects.filter(user=user, thread=thread).delete()


def notify(users, community, kind, thread=None, reply=None, actor=None):
    """One in-site notification per user who can view the community (never the actor)."""
    made = []
    seen = set()
    for user in users:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        if not user.is_active or not can_read(user, community):
            continue
        made.append(Notification(user=user, community=community, thread=thread, reply=reply, actor=actor, kind=kind))
    Notification.objects.bulk_create(made)
    user_cache.user_changed(*[n.user_id for n in made])  # bulk_create sends no signal: their unread counts
    return made


def _still_visible(user, notification):
    if not can_read(user, notification.community) or not notification.community.live:
        return False
    thread = notification.thread
    return not (thread is not None and thread.hidden and not is_moderator(user, notification.community))


def notifications_for(user, limit=100):
    """The user's notifications, re-checked against the policy (access may have changed since)."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = Notification.objects.filter(user=user).select_related("community", "thread", "actor")[: limit * 2]
    return [n for n in rows if _still_visible(user, n)][:limit]


def unread_count(user):
    return sum(1 for n in notifications_for(user) if n.read_at is None)


def mark_read(user):
    if Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now()):
        user_cache.user_changed(user.pk)  # update() sends no signal: their unread count


def send_digests(now=None):
    """E-mail every user one digest of their not-yet-mailed notifications, grouped per thread.

    Notifications for a community the user can no longer see are dropped (marked, never mailed).
    Returns the number of e-mails sent.
    """
    now = now or timezone.now()
    base_url = site_url()
    sent = 0
    pending = Notification.objects.filter(emailed_at__isnull=True)
    user_ids = pending.values_list("user_id", flat=True).distinct()
    for user in get_user_model().objects.filter(pk__in=list(user_ids)):
        rows = list(pending.filter(user=user).select_related("community", "thread", "actor").order_by("created_at"))
        visible = [n for n in rows if user.is_active and _still_visible(user, n)]
        if visible and user.email:
            groups = {}
            for n in visible:
                key = (n.community_id, n.thread_id)
                group = groups.setdefault(key, {"community": n.community, "thread": n.thread, "items": []})
                group["items"].append(n)
            context = {"user": user, "groups": list(groups.values()), "count": len(visible), "base_url": base_url}
            with in_language_of(user):
                body = render_to_string("communities/digest_email.txt", context)
                subject = _("[CorpU] %(count)s kabar baru dari komunitas belajar") % {"count": len(visible)}
            send_mail(subject, body, None, [user.email])
            sent += 1
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=now)
    return sent
