"""Verification: verify, reject, correct and reverse entries (each change audited, the employee told).

Nobody acts on their own entry (`refuse_own`, whatever their role), and one certificate counts once per employee
(`settle_certificates`, backed by a database constraint).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Entry, Kind, Notification, Status, normalised
from . import notifying
from .counting import counted_entries
from .posting import (
    audit,
    certificate_holder,
    duplicate_certificate_error,
    record_activity,
    refuse_own,
    settle_certificates,
    snapshot,
)


def verifier_scope(user):
    """Whose entries a user may verify and export, as a unit path prefix: "" for BKPSDM (institution-wide access),
    a unit secretariat's own unit path (it and the units below it), None for anyone else."""
    if user.has_perm("people.view_all_content"):
        return ""
    if not user.has_perm("ledger.verify_entry") or user.unit_kerja_id is None:
        return None
    return user.unit_kerja.path


def _change_status(entry, verifier, status, reason, action):
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        refuse_own(locked, verifier)
        if locked.status == status and locked.reason == reason:
            return locked
        if status == Status.VERIFIED and locked.kind != Kind.REVERSAL:
            holder = certificate_holder(locked.employee_id, locked.certificate_key, [locked.pk, locked.amends_id])
            if holder is not None:
                raise duplicate_certificate_error(holder)
        before = snapshot(locked)
        locked.status = status
        locked.reason = reason
        locked.verifier = verifier
        locked.verified_at = timezone.now()
        locked.save(update_fields=["status", "reason", "verifier", "verified_at"])
        settle_certificates(locked)
        audit(action, locked, actor=verifier, before=before, after=snapshot(locked))
        if status == Status.REJECTED:
            notifying.notify(locked, Notification.Kind.REJECTED, reason)
        elif locked.kind == Kind.CORRECTION:
            notifying.notify(locked, Notification.Kind.CORRECTED, locked.change_reason)
        else:
            notifying.notify(locked, Notification.Kind.VERIFIED)
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


def _change_reason(reason, message):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(message)
    return reason


CORRECTED_FIELDS = [
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
    "certificate_date",
    "valid_until",
    "issuer",
    "rumpun",
    "source",
]


def correct(entry, actor, reason, status=Status.SUBMITTED, verifier=None, **changes):
    """A correction: a new entry that replaces `entry` in the count once verified; `reason` says why."""
    refuse_own(entry, actor)
    refuse_own(entry, verifier)
    reason = _change_reason(reason, _("Alasan koreksi wajib diisi."))
    fields = {name: getattr(entry, name) for name in CORRECTED_FIELDS}
    fields.update(changes)
    with transaction.atomic():
        new, _created = record_activity(
            entry.employee,
            status=status,
            verifier=verifier,
            actor=actor,
            kind=Kind.CORRECTION,
            amends=entry,
            change_reason=reason,
            **fields,
        )
        if status == Status.VERIFIED:
            notifying.notify(new, Notification.Kind.CORRECTED, reason)
    return new


def reverse(entry, actor, reason):
    """A reversal: a verified entry that cancels `entry` (it counts 0 and takes `entry` out of the count)."""
    refuse_own(entry, actor)
    reason = _change_reason(reason, _("Alasan pembatalan wajib diisi."))
    with transaction.atomic():
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
            organiser=entry.organiser,
            change_reason=reason,
        )
        notifying.notify(new, Notification.Kind.REVERSED, reason)
    return new


def earlier_duplicates(entries):
    """For each entry (pk), an already counting entry it repeats: the same certificate, or the same form, dates,
    organiser and title (case and spaces ignored). One query whatever the number of entries."""
    entries = [entry for entry in entries if entry.kind != Kind.REVERSAL]
    if not entries:
        return {}
    keys = {e.certificate_key for e in entries if e.certificate_key}
    candidates = counted_entries(Entry.objects.filter(employee_id__in={e.employee_id for e in entries})).filter(
        Q(start_date__in={e.start_date for e in entries}) | Q(holds_certificate=True, certificate_key__in=keys)
    )
    by_activity, by_certificate = {}, {}
    for other in candidates.order_by("start_date", "id"):
        by_activity.setdefault(_activity_key(other), other)
        if other.holds_certificate:
            by_certificate.setdefault((other.employee_id, other.certificate_key), other)
    found = {}
    for entry in entries:
        for other in (
            by_certificate.get((entry.employee_id, entry.certificate_key)),
            by_activity.get(_activity_key(entry)),
        ):
            if other is not None and other.pk not in (entry.pk, entry.amends_id):
                found[entry.pk] = other
                break
    return found


def _activity_key(entry):
    return (
        entry.employee_id,
        entry.form,
        entry.start_date,
        entry.end_date,
        normalised(entry.organiser),
        normalised(entry.title),
    )
