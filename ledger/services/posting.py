"""Posting activities to the ledger: validation, idempotent append-only entries, the audit trail."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import engine, signals
from ..models import AuditLog, Entry, Kind, Source, Status, certificate_key
from .counting import counted_entries

SNAPSHOT_FIELDS = [
    "employee_id",
    "form",
    "title",
    "organiser",
    "scope",
    "start_date",
    "end_date",
    "quantity",
    "unit",
    "stated_jp",
    "certificate_no",
    "certificate_date",
    "valid_until",
    "uploaded_myasn",
    "issuer",
    "rumpun",
    "source",
    "source_ref",
    "status",
    "reason",
    "change_reason",
    "verifier_id",
    "verified_at",
    "kind",
    "amends_id",
]


def _json(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(entry):
    data = {name: _json(getattr(entry, name)) for name in SNAPSHOT_FIELDS}
    data["evidence"] = entry.evidence.name if entry.evidence else ""
    return data


def audit(action, entry, actor=None, before=None, after=None):
    return AuditLog.objects.create(action=action, entry=entry, actor=actor, before=before, after=after)


def refuse_own(entry_or_employee_id, actor):
    """Nobody verifies, rejects, corrects or reverses their own entry: not a verifier, the CLO or a superuser."""
    employee_id = getattr(entry_or_employee_id, "employee_id", entry_or_employee_id)
    if actor is not None and actor.pk == employee_id:
        raise PermissionDenied(
            _("Anda tidak dapat memverifikasi, menolak, mengoreksi, atau membatalkan entri JP Anda sendiri.")
        )


def certificate_holder(employee_id, key, allowed=()):
    """The entry already counting for this certificate key, unless it is one of `allowed` (e.g. the corrected
    entry a correction replaces)."""
    if not key:
        return None
    holders = Entry.objects.filter(employee_id=employee_id, certificate_key=key, holds_certificate=True)
    return holders.exclude(pk__in=[pk for pk in allowed if pk]).first()


def duplicate_certificate_error(holder):
    return ValidationError(
        _(
            "Sertifikat nomor %(number)s dari %(organiser)s sudah terverifikasi untuk pegawai ini pada entri "
            "“%(title)s” (%(date)s); satu sertifikat hanya dihitung sekali."
        )
        % {
            "number": holder.certificate_no,
            "organiser": holder.organiser or "-",
            "title": holder.title,
            "date": holder.start_date.strftime("%d/%m/%Y"),
        },
        code="duplicate_certificate",
    )


def refuse_duplicate_certificate(employee_id, organiser, certificate_no, allowed=()):
    holder = certificate_holder(employee_id, certificate_key(organiser, certificate_no), allowed)
    if holder is not None:
        raise duplicate_certificate_error(holder)


def settle_certificates(entry):
    """Keep `holds_certificate` true exactly on the counting entries among `entry` and the entry it amends (a
    verified correction takes the certificate over, a reversal or rejection frees it). A second counting entry for
    a certificate already held is refused; under concurrency the database constraint decides."""
    rows = Entry.objects.filter(pk__in=[pk for pk in (entry.pk, entry.amends_id) if pk])
    keep = set(counted_entries(rows).exclude(certificate_key="").values_list("pk", flat=True))
    rows.filter(holds_certificate=True).exclude(pk__in=keep).update(holds_certificate=False)
    for claimant in rows.filter(pk__in=keep, holds_certificate=False):
        try:
            with transaction.atomic():
                Entry.objects.filter(pk=claimant.pk).update(holds_certificate=True)
        except IntegrityError:
            holder = certificate_holder(claimant.employee_id, claimant.certificate_key, [claimant.pk])
            raise duplicate_certificate_error(holder or claimant) from None


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _validate(form, scope, unit, start_date, end_date, quantity, stated_jp):
    errors = []
    if form not in engine.FORMS:
        errors.append(_("bentuk '%(v)s' tidak dikenal") % {"v": form})
    if scope not in engine.SCOPES:
        errors.append(_("lingkup '%(v)s' harus nasional atau internasional") % {"v": scope})
    if unit not in engine.UNITS:
        errors.append(_("satuan '%(v)s' harus hari, kegiatan, jp, atau semester") % {"v": unit})
    if end_date < start_date:
        errors.append(_("tanggal selesai sebelum tanggal mulai"))
    if quantity < 0:
        errors.append(_("jumlah tidak boleh negatif"))
    if stated_jp is not None and stated_jp < 0:
        errors.append(_("JP tertera tidak boleh negatif"))
    if errors:
        raise ValidationError(errors)


def record_activity(
    employee,
    form,
    title,
    start_date,
    end_date,
    quantity,
    unit,
    scope="nasional",
    stated_jp=None,
    source=Source.EXTERNAL,
    source_ref="",
    status=Status.VERIFIED,
    verifier=None,
    actor=None,
    organiser="",
    certificate_no="",
    issuer="",
    rumpun="",
    evidence=None,
    certificate_date=None,
    valid_until=None,
    kind=Kind.ORIGINAL,
    amends=None,
    change_reason="",
):
    """Post one activity to an employee's ledger. Returns (entry, created); idempotent by source_ref.

    Refused: a certificate (organiser + number, case and spaces ignored) already counting for the employee, and a
    verified entry whose verifier or poster is the employee."""
    start_date, end_date = _as_date(start_date), _as_date(end_date)
    quantity = engine.dec(quantity)
    stated_jp = engine.dec(stated_jp)
    _validate(form, scope, unit, start_date, end_date, quantity, stated_jp)
    source_ref = (source_ref or "").strip()
    if source_ref:
        existing = Entry.objects.filter(employee=employee, source=source, source_ref=source_ref).first()
        if existing is not None:
            return existing, False
    if status != Status.SUBMITTED:
        refuse_own(employee.pk, verifier)
        refuse_own(employee.pk, actor)
    refuse_duplicate_certificate(employee.pk, organiser, certificate_no, [getattr(amends, "pk", None)])
    entry = Entry(
        employee=employee,
        form=form,
        title=title,
        organiser=organiser or "",
        scope=scope,
        start_date=start_date,
        end_date=end_date,
        quantity=quantity,
        unit=unit,
        stated_jp=stated_jp,
        certificate_no=certificate_no or "",
        certificate_date=certificate_date,
        valid_until=valid_until,
        issuer=issuer or "",
        rumpun=rumpun or "",
        source=source,
        source_ref=source_ref,
        status=status,
        verifier=verifier if status != Status.SUBMITTED else None,
        verified_at=timezone.now() if status != Status.SUBMITTED else None,
        kind=kind,
        amends=amends,
        change_reason=change_reason or "",
        created_by=actor,
    )
    if evidence is not None:
        entry.evidence = evidence
    try:
        with transaction.atomic():
            entry.save()
            if status == Status.VERIFIED:
                settle_certificates(entry)
            audit("create", entry, actor=actor or verifier, after=snapshot(entry))
    except IntegrityError:
        if not source_ref:
            raise
        existing = Entry.objects.filter(employee=employee, source=source, source_ref=source_ref).first()
        if existing is None:
            raise
        return existing, False
    signals.entry_recorded.send(sender=Entry, entry=entry, actor=actor)
    return entry, True
