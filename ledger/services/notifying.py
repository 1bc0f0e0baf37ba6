"""Telling the employee what happened to an entry: an in-app notification (JP saya) and an e-mail after commit."""

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corpu import user_cache
from corpu.mail import in_language_of, site_url

from ..models import Notification

SUBJECTS = {
    Notification.Kind.VERIFIED: _("[CorpU] Kegiatan Anda terverifikasi: %(title)s"),
    Notification.Kind.REJECTED: _("[CorpU] Kegiatan Anda ditolak: %(title)s"),
    Notification.Kind.CORRECTED: _("[CorpU] Kegiatan Anda dikoreksi: %(title)s"),
    Notification.Kind.REVERSED: _("[CorpU] Kegiatan Anda dibatalkan: %(title)s"),
}


def notify(entry, kind, reason=""):
    """Record a notification for the entry's employee; the e-mail leaves once the transaction commits."""
    notification = Notification.objects.create(user_id=entry.employee_id, entry=entry, kind=kind, reason=reason)
    transaction.on_commit(lambda: send_email(notification.pk), robust=True)
    return notification


def send_email(notification_id):
    notification = Notification.objects.select_related("user", "entry").filter(pk=notification_id).first()
    if notification is None or not notification.user.email or not notification.user.is_active:
        return
    with in_language_of(notification.user):
        context = {"n": notification, "entry": notification.entry, "user": notification.user}
        context["link"] = site_url(reverse("ledger:entri", args=[notification.entry_id]))
        body = render_to_string("ledger/email/notification.txt", context)
        subject = str(SUBJECTS[notification.kind]) % {"title": notification.entry.title[:120]}
    send_mail(subject, body, None, [notification.user.email])


def recent_notifications(user, limit=10):
    return list(Notification.objects.filter(user=user).select_related("entry")[:limit])


def mark_read(user):
    Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    user_cache.user_changed(user.pk)
