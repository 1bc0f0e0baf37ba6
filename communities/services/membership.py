"""Joining, leaving, and a moderator's decision on a request to join."""

from django.utils.translation import gettext as _

from ..models import JoinMode, Membership, Notification, Subscription
from .notifications import notify
from .rules import can_read, is_moderator, require


def join(user, community):
    """Join (open) or ask to join (approval). Only visitors who may read the community can join."""
    require(getattr(user, "is_authenticated", False), _("Masuk untuk bergabung."))
    require(can_read(user, community))
    status = Membership.Status.ACTIVE if community.join_mode == JoinMode.OPEN else Membership.Status.PENDING
    if is_moderator(user, community):
        status = Membership.Status.ACTIVE
    membership, created = Membership.objects.get_or_create(user=user, community=community, defaults={"status": status})
    if created and status == Membership.Status.ACTIVE:
        Subscription.objects.get_or_create(user=user, community=community)
    return membership


def leave(user, community):
    Membership.objects.filter(user=user, community=community).delete()
    Subscription.objects.filter(user=user, community=community).delete()
    Subscription.objects.filter(user=user, thread__community=community).delete()


def approve_membership(moderator, membership):
    require(is_moderator(moderator, membership.community))
    membership.status = Membership.Status.ACTIVE
    membership.save(update_fields=["status"])
    Subscription.objects.get_or_create(user=membership.user, community=membership.community)
    notify([membership.user], membership.community, Notification.Kind.MEMBERSHIP, actor=moderator)
    return membership


def reject_membership(moderator, membership):
    require(is_moderator(moderator, membership.community))
    membership.delete()
