"""Pinning, locking, hiding and restoring, reports and the moderators' queue."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Membership, Reply, Report, Thread
from .rules import can_post, is_moderator, require


def set_thread_flag(user, thread, flag, value):
    require(is_moderator(user, thread.community))
    if flag not in ("pinned", "locked"):
        raise ValidationError(_("Tindakan tidak dikenal."))
    setattr(thread, flag, bool(value))
    thread.save(update_fields=[flag])
    return thread


def hide_thread(user, thread, reason):
    require(is_moderator(user, thread.community))
    if not (reason or "").strip():
        raise ValidationError(_("Alasan wajib diisi."))
    thread.hidden, thread.hidden_reason = True, reason.strip()[:300]
    thread.save(update_fields=["hidden", "hidden_reason"])


def restore_thread(user, thread):
    require(is_moderator(user, thread.community))
    thread.hidden, thread.hidden_reason = False, ""
    thread.save(update_fields=["hidden", "hidden_reason"])


def hide_post(user, reply, reason):
    require(is_moderator(user, reply.thread.community))
    if not (reason or "").strip():
        raise ValidationError(_("Alasan wajib diisi."))
    reply.hidden, reply.hidden_reason = True, reason.strip()[:300]
    reply.save(update_fields=["hidden", "hidden_reason"])
    Report.objects.filter(reply=reply, resolved=False).update(
        resolved=True, resolved_by=user, resolved_at=timezone.now()
    )


def restore_post(user, reply):
    require(is_moderator(user, reply.thread.community))
    reply.hidden, reply.hidden_reason = False, ""
    reply.save(update_fields=["hidden", "hidden_reason"])


def report_post(user, reply, reason):
    require(can_post(user, reply.thread.community), _("Hanya anggota komunitas yang dapat melaporkan."))
    if not (reason or "").strip():
        raise ValidationError(_("Alasan laporan wajib diisi."))
    return Report.objects.create(reply=reply, reporter=user, reason=reason.strip()[:500])


def resolve_report(user, report):
    require(is_moderator(user, report.reply.thread.community))
    report.resolved, report.resolved_by, report.resolved_at = True, user, timezone.now()
    report.save(update_fields=["resolved", "resolved_by", "resolved_at"])


def moderation_queue(user, community):
    require(is_moderator(user, community))
    return {
        "reports": Report.objects.filter(reply__thread__community=community, resolved=False).select_related(
            "reply__thread", "reply__author", "reporter"
        ),
        "pending": Membership.objects.filter(community=community, status=Membership.Status.PENDING).select_related(
            "user"
        ),
        "hidden_threads": Thread.objects.filter(community=community, hidden=True),
        "hidden_posts": Reply.objects.filter(thread__community=community, hidden=True).select_related("thread"),
    }
