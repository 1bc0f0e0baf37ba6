"""Verification: verify, reject, correct and reverse entries (each change audited)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Entry, Kind, Status
from .posting import audit, record_activity, snapshot


def _change_status(entry, verifier, status, reason, action):
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if locked.status == status and locked.reason == reason:
            return locked
        before = snapshot(locked)
        locked.status = status
        locked.reason = reason
        locked.verifier = verifier
        locked.verified_at = timezone.now()
        locked.save(update_fields=["status", "reason", "verifier", "verified_at"])
        audit(action, locked, actor=verifier, before=before, after=snapshot(locked))
    entry.refresh_from_db()
    return entry


def verify(entry, verifier):
    """Approve a submitted entry (it counts from now on)."""
    return _change_status(entry, verifier, Status.VERIFIED, "", "verify")


def reject(entry, verifier, reason):
    """Reject an entry with a reason (it does not count)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Alasan penolakan wajib diisi."))
    return _change_status(entry, verifier, Status.REJECTED, reason, "reject")


def correct(entry, actor, status=Status.SUBMITTED, verifier=None, **changes):
    """A correction: a new entry that replaces `entry` in the count once verified."""
    fields = {
        name: getattr(entry, name)
        for name in [
            "form",
            "title",
            "start_date",
            "end_date",
            "quantity",
            "unit",
            "scope",
            "stated_jp",
            "organiser",
            "certificate_no",
            "issuer",
            "rumpun",
            "source",
        ]
    }
    fields.update(changes)
    new, _created = record_activity(
        entry.employee, status=status, verifier=verifier, actor=actor, kind=Kind.CORRECTION, amends=entry, **fields
    )
    return new


def reverse(entry, actor, reason=""):
    """A reversal: a verified entry that cancels `entry` (it counts 0 and takes `entry` out of the count)."""
    new, _created = record_activity(
        entry.employee,
        entry.form,
        entry.title,
        entry.start_date,
        entry.end_date,
        entry.quantity,
        entry.unit,
        scope=entry.scope,
        stated_jp=entry.stated_jp,
        source=entry.source,
        status=Status.VERIFIED,
        verifier=actor,
        actor=actor,
        kind=Kind.REVERSAL,
        amends=entry,
        organiser=reason,
    )
    return new
