"""`manage.py import_ledger`: verified JP entries from a CSV, all or nothing, idempotent by a hash of each row.

Optional columns `rumpun`, `issuer`, `certificate_date` and `valid_until` (dates as dd/mm/yyyy or yyyy-mm-dd)
fill the MyASN and Kartu Data fields; they are not part of the row's hash, so re-importing a file with them
added never duplicates an entry.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from corpu.csvimport import ImportFailed, optional_date, read_rows

from . import engine
from .models import Entry, Source, Status
from .services import record_activity

COLUMNS = [
    "nip",
    "form",
    "title",
    "scope",
    "start_date",
    "end_date",
    "quantity",
    "unit",
    "stated_jp",
    "certificate_no",
    "organiser",
]
OPTIONAL_COLUMNS = ["rumpun", "issuer", "certificate_date", "valid_until"]


@dataclass
class ImportResult:
    created: int = 0
    existing: int = 0
    rows: list = field(default_factory=list)


def _date(value, name, errors):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        errors.append(_("%(col)s '%(v)s' harus berformat YYYY-MM-DD") % {"col": name, "v": value})
        return None


def _number(value, name, errors, required=True):
    if value == "" and not required:
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        errors.append(_("%(col)s '%(v)s' bukan angka") % {"col": name, "v": value})
        return None
    if not number.is_finite() or number < 0:
        errors.append(_("%(col)s '%(v)s' harus angka 0 atau lebih") % {"col": name, "v": value})
        return None
    return number


def row_ref(data):
    """A stable source reference for a row: the same row always gives the same reference."""
    parts = [
        data["nip"],
        data["form"],
        data["title"],
        data["scope"],
        data["start_date"].isoformat(),
        data["end_date"].isoformat(),
        format(data["quantity"].normalize(), "f"),
        data["unit"],
        "" if data["stated_jp"] is None else format(data["stated_jp"].normalize(), "f"),
        data["certificate_no"],
        data["organiser"],
    ]
    return "import:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def validate_row(row, employees, rulebook):
    errors = []
    nip = "".join(row["nip"].split())
    employee = employees.get(nip)
    if not nip:
        errors.append(_("nip wajib diisi"))
    elif employee is None:
        errors.append(_("NIP %(nip)s tidak terdaftar") % {"nip": nip})
    form = row["form"].lower()
    if form not in engine.FORMS:
        errors.append(_("form '%(v)s' tidak dikenal") % {"v": row["form"]})
    elif rulebook is not None:
        rule = rulebook.rules.filter(form=form).first()
        if rule is None or not rule.available:
            errors.append(_("form '%(v)s' tidak diatur dalam peraturan %(slug)s") % {"v": form, "slug": rulebook.slug})
    if not row["title"]:
        errors.append(_("title wajib diisi"))
    scope = row["scope"].lower() or "nasional"
    if scope not in engine.SCOPES:
        errors.append(_("scope '%(v)s' harus nasional atau internasional") % {"v": row["scope"]})
    unit = row["unit"].lower()
    if unit not in engine.UNITS:
        errors.append(_("unit '%(v)s' harus hari, kegiatan, jp, atau semester") % {"v": row["unit"]})
    start = _date(row["start_date"], "start_date", errors)
    end = _date(row["end_date"], "end_date", errors)
    if start and end and end < start:
        errors.append(_("end_date sebelum start_date"))
    quantity = _number(row["quantity"], "quantity", errors)
    stated = _number(row["stated_jp"], "stated_jp", errors, required=False)
    certificate_date = optional_date(row.get("certificate_date", ""), "certificate_date", errors)
    valid_until = optional_date(row.get("valid_until", ""), "valid_until", errors)
    if certificate_date and valid_until and valid_until < certificate_date:
        errors.append(_("valid_until sebelum certificate_date"))
    data = {
        "nip": nip,
        "employee": employee,
        "form": form,
        "title": row["title"],
        "scope": scope,
        "start_date": start,
        "end_date": end,
        "quantity": quantity,
        "unit": unit,
        "stated_jp": stated,
        "certificate_no": row["certificate_no"],
        "organiser": row["organiser"],
        "rumpun": row.get("rumpun", ""),
        "issuer": row.get("issuer", ""),
        "certificate_date": certificate_date,
        "valid_until": valid_until,
    }
    if not errors:
        data["source_ref"] = row_ref(data)
    return data, errors


def import_ledger(text, rulebook=None, dry_run=False, actor=None):
    """Validate every row, then post them all as verified `import` entries (or nothing, on any error)."""
    from people.models import User

    rows = read_rows(text, COLUMNS)
    nips = {"".join(row["nip"].split()) for _line, row in rows}
    employees = {user.nip: user for user in User.objects.filter(nip__in=nips - {""})}
    errors, cleaned, seen = [], [], {}
    for line, row in rows:
        data, row_errors = validate_row(row, employees, rulebook)
        if not row_errors:
            ref = data["source_ref"]
            if ref in seen:
                row_errors.append(_("duplikat dari baris %(line)s") % {"line": seen[ref]})
            seen.setdefault(ref, line)
        errors.extend(_("Baris %(line)s: %(error)s.") % {"line": line, "error": error} for error in row_errors)
        cleaned.append((line, data))
    if not rows:
        errors.append(_("Berkas tidak berisi baris data."))
    if errors:
        raise ImportFailed(errors)
    result = ImportResult(rows=cleaned)
    existing = set(
        Entry.objects.filter(source=Source.IMPORT, source_ref__in=list(seen)).values_list("employee_id", "source_ref")
    )
    if dry_run:
        result.existing = sum((d["employee"].pk, d["source_ref"]) in existing for _line, d in cleaned)
        result.created = len(cleaned) - result.existing
        return result
    with transaction.atomic():
        for _line, data in cleaned:
            _entry, created = record_activity(
                data["employee"],
                data["form"],
                data["title"],
                data["start_date"],
                data["end_date"],
                data["quantity"],
                data["unit"],
                scope=data["scope"],
                stated_jp=data["stated_jp"],
                source=Source.IMPORT,
                source_ref=data["source_ref"],
                status=Status.VERIFIED,
                actor=actor,
                organiser=data["organiser"],
                certificate_no=data["certificate_no"],
                rumpun=data["rumpun"],
                issuer=data["issuer"],
                certificate_date=data["certificate_date"],
                valid_until=data["valid_until"],
            )
            if created:
                result.created += 1
            else:
                result.existing += 1
    return result
