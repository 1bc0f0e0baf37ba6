"""Posting activities to the ledger: validation, idempotent append-only entries, the audit trail."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import engine
from ..models import AuditLog, Entry, Kind, Source, Status

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
):
    """Post one activity to an employee's ledger. Returns (entry, created); idempotent by source_ref."""
    start_date, end_date = _as_date(start_date), _as_date(end_date)
    quantity = engine.dec(quantity)
    stated_jp = engine.dec(stated_jp)
    _validate(form, scope, unit, start_date, end_date, quantity, stated_jp)
    source_ref = (source_ref or "").strip()
    if source_ref:
        existing = Entry.objects.filter(employee=employee, source=source, source_ref=source_ref).first()
        if existing is not None:
            return existing, False
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
        created_by=actor,
    )
    if evidence is not None:
        entry.evidence = evidence
    try:
        with transaction.atomic():
            entry.save()
            audit("create", entry, actor=actor or verifier, after=snapshot(entry))
    except IntegrityError:
        if not source_ref:
            raise
        existing = Entry.objects.filter(employee=employee, source=source, source_ref=source_ref).first()
        if existing is None:
            raise
        return existing, False
    return entry, True
