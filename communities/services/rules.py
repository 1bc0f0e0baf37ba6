"""Who may do what in a community: read (the access policy on the community page), post (an active
membership), moderate (administrators, the page's moderators, members with the moderator role)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext as _

from corpu.access import can_view_object, viewer_for

from ..models import CommunityPage, Membership, Subscription, Thread


def _signed_in(user):
    return getattr(user, "is_authenticated", False) and user.is_active


def can_read(user, community):
    return can_view_object(user, community)


def membership_of(user, community):
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, community=community).first()


def is_moderator(user, community):
    if not _signed_in(user):
        return False
    if viewer_for(user).is_admin:
        return True
    through = CommunityPage.moderators.through
    if through.objects.filter(communitypage_id=community.pk, user_id=user.pk).exists():
        return True
    return Membership.objects.filter(
        user=user, community=community, status=Membership.Status.ACTIVE, role=Membership.Role.MODERATOR
    ).exists()


def is_member(user, community):
    if not _signed_in(user):
        return False
    return Membership.objects.filter(
        user=user, community=community, status=Membership.Status.ACTIVE
    ).exists() or is_moderator(user, community)


def can_post(user, community):
    return can_read(user, community) and is_member(user, community)


def with_standing(threads, user):
    """Threads annotated with this user's standing in each one's community, so `standing` needs no query."""
    if not _signed_in(user):
        return threads
    community = OuterRef("community_id")
    named = CommunityPage.moderators.through.objects.filter(communitypage_id=community, user_id=user.pk)
    active = Membership.objects.filter(user_id=user.pk, community_id=community, status=Membership.Status.ACTIVE)
    return threads.annotate(
        standing_named=Exists(named),
        standing_role=Subquery(active.values("role")[:1]),
        standing_follows=Exists(Subscription.objects.filter(thread_id=OuterRef("pk"), user_id=user.pk)),
    )


def standing(user, thread):
    """(is_moderator, can_post, follows the thread) of this user in the thread's community: no query for a thread
    read through `with_standing`, one otherwise."""
    if not _signed_in(user):
        return False, False, False
    if hasattr(thread, "standing_named"):
        named, role, follows = thread.standing_named, thread.standing_role, thread.standing_follows
    else:
        named, role, follows = (
            with_standing(Thread.objects.filter(pk=thread.pk), user)
            .values_list("standing_named", "standing_role", "standing_follows")
            .get()
        )
    moderator = viewer_for(user).is_admin or named or role == Membership.Role.MODERATOR
    return moderator, can_read(user, thread.community) and (moderator or role is not None), follows


def require(condition, message=None):
    if not condition:
        raise PermissionDenied(message or _("Anda tidak memiliki izin untuk tindakan ini."))
