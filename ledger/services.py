"""The ledger's one entry point for other apps: post activities, verify them, and count JP.

    from ledger.services import record_activity
    entry, created = record_activity(user, "e_learning", "Kursus X", start, end, 1, "hari",
                                      source="course_completion", source_ref=f"course:{course.pk}")

Posting is idempotent by (employee, source, source_ref): posting the same completion twice, or from many
threads at once, gives one entry. Entries are append-only; every change writes an AuditLog row.

Every write also recomputes the employee's stored year summaries (ledger.summaries, via ledger.signals) in the
same transaction, so `year_report` reads one row per employee instead of running the engine for everyone.
"""

import datetime
import gc
import math
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, FilteredRelation, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from . import engine, summaries
from .models import AuditLog, Entry, Kind, Rulebook, Source, Status, SummaryCoverage

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


def counted_entries(queryset=None):
    """Verified entries that count: not reversals, not replaced by a verified correction or reversal."""
    queryset = Entry.objects.all() if queryset is None else queryset
    replaced = Entry.objects.filter(amends=OuterRef("pk"), status=Status.VERIFIED)
    return queryset.filter(status=Status.VERIFIED).exclude(kind=Kind.REVERSAL).exclude(Exists(replaced))


def _year_filter(queryset, year):
    return queryset.filter(start_date__gte=datetime.date(year, 1, 1), start_date__lte=datetime.date(year, 12, 31))


ACTIVITY_FIELDS = summaries.ACTIVITY_FIELDS

# Per-unit conversions worth suggesting to someone short of the target, in order of preference.
HINT_FORMS = ["e_learning", "seminar", "belajar_mandiri", "coaching", "komunitas_belajar", "mentoring"]


def hint(rulebook_spec, shortfall, by_bucket):
    """A short "what gets me to the target" suggestion, from the rulebook's own fixed rates."""
    if shortfall <= 0:
        return ""
    options = []
    for form in HINT_FORMS:
        rule = rulebook_spec.rules.get(form)
        if rule is None or not rule.available:
            continue
        rate = rule.jp_per_unit_nasional
        if rule.cap_jp_per_day is not None and (rate is None or rule.cap_jp_per_day < rate):
            rate = rule.cap_jp_per_day if rule.unit in ("hari", "jp") else rate
        if not rate:
            continue
        unit = _("hari") if rule.unit in ("hari", "jp") else _("sesi")
        count = math.ceil(shortfall / rate)
        options.append(
            _("%(n)s %(u)s %(form)s (%(r)s JP per %(u1)s)")
            % {"n": count, "u": unit, "form": engine.FORM_NAMES[form], "r": engine.fmt(rate), "u1": unit}
        )
        if len(options) == 3:
            break
    text = _("Kurang %(jp)s JP lagi.") % {"jp": engine.fmt(shortfall)}
    if options:
        text += " " + _("Misalnya: %(options)s.") % {"options": _(" atau ").join(options)}
    if not by_bucket.get("guidance"):
        text += " " + _("Coaching atau mentoring juga mengisi porsi bimbingan (20%).")
    return text


def summarise(activities, rulebook_spec, target):
    result = engine.compute(activities, rulebook_spec)
    shortfall = max(Decimal(0), (target or Decimal(0)) - result.total_jp) if target is not None else Decimal(0)
    total = result.total_jp
    mix = {
        bucket: (float(round(value * 100 / total, 1)) if total else 0.0) for bucket, value in result.by_bucket.items()
    }
    return {
        "target_jp": target,
        "total_jp": total,
        "met": None if target is None else total >= target,
        "by_bucket": result.by_bucket,
        "mix_pct": mix,
        "results": result.results,
        "shortfall": shortfall,
        "progress_pct": min(100, int(total * 100 / target)) if target else 100,
        "hint": hint(rulebook_spec, shortfall, result.by_bucket) if target else "",
    }


def employee_year_summary(employee, year, rulebook=None):
    """An employee's counted JP in a calendar year, with per-entry explanations and a hint."""
    rulebook = rulebook or Rulebook.active()
    spec = rulebook.spec()
    entries = {e.pk: e for e in _year_filter(counted_entries(Entry.objects.filter(employee=employee)), year)}
    summary = summarise([entry.activity() for entry in entries.values()], spec, rulebook.target_for(employee))
    for result in summary["results"]:
        result.entry = entries[result.activity.ref]
    summary.update(year=year, rulebook=rulebook, employee=employee)
    return summary


def find_unit(path):
    """The unit kerja at a "/" path, or None (never creates)."""
    from people.models import UnitKerja

    unit = None
    for name in [part.strip() for part in str(path).split("/") if part.strip()]:
        siblings = UnitKerja.get_root_nodes() if unit is None else unit.get_children()
        unit = siblings.filter(nama=name).first()
        if unit is None:
            return None
    return unit


def year_report_direct(year, rulebook=None, unit=None, include_empty=True):
    """`year_report` without the stored summaries: one query for all the year's counted entries, the engine per
    employee (the reference the summaries are checked against, and the fallback).

    `unit` (a UnitKerja) narrows to its staff and the units below it. With `include_empty`, staff without any
    entry are listed too (one more query), so the report also shows who has 0 JP.
    """
    from people.models import JenisPegawai, User

    rulebook = rulebook or Rulebook.active()
    spec = rulebook.spec()
    queryset = _year_filter(counted_entries(), year)
    people_qs = User.objects.filter(
        jenis_pegawai__in=[JenisPegawai.PNS, JenisPegawai.PPPK, JenisPegawai.TKK], unit_kerja__isnull=False
    )
    if unit is not None:
        queryset = queryset.filter(employee__unit_kerja__path__startswith=unit.path)
        people_qs = people_qs.filter(unit_kerja__path__startswith=unit.path)
    employee_fields = [
        "employee_id",
        "employee__nip",
        "employee__nama",
        "employee__username",
        "employee__jenis_pegawai",
        "employee__unit_kerja_id",
    ]
    rows = queryset.select_related("employee").order_by().values_list(*ACTIVITY_FIELDS, *employee_fields)
    activities = defaultdict(list)
    people = {}
    make = engine.Activity
    for row in rows.iterator(chunk_size=10_000):
        (pk, form, title, scope, start, end, quantity, unit_name, stated, certificate_no, source_ref) = row[:11]
        employee_id = row[11]
        activities[employee_id].append(
            make(form, start, end, quantity, unit_name, scope, stated, title, certificate_no, source_ref, pk)
        )
        if employee_id not in people:
            people[employee_id] = dict(zip(employee_fields, row[11:], strict=True))
    if include_empty:
        for row in people_qs.values("id", "nip", "nama", "username", "jenis_pegawai", "unit_kerja_id").iterator():
            if row["id"] not in people:
                people[row["id"]] = {
                    "employee_id": row["id"],
                    "employee__nip": row["nip"],
                    "employee__nama": row["nama"],
                    "employee__username": row["username"],
                    "employee__jenis_pegawai": row["jenis_pegawai"],
                    "employee__unit_kerja_id": row["unit_kerja_id"],
                }
    targets = {"PNS": rulebook.target_jp_pns, "PPPK": rulebook.target_jp_pppk}
    cache = {}
    report = []
    for employee_id, person in people.items():
        target = targets.get(person["employee__jenis_pegawai"])
        result = engine.compute(activities.get(employee_id, []), spec, cache)
        report.append(
            {
                "employee_id": employee_id,
                "nip": person["employee__nip"] or "",
                "name": person["employee__nama"] or person["employee__username"],
                "employment_type": person["employee__jenis_pegawai"],
                "unit_id": person["employee__unit_kerja_id"],
                "total_jp": result.total_jp,
                "target_jp": target,
                "met": None if target is None else result.total_jp >= target,
                "by_bucket": result.by_bucket,
                "results": result.results,
            }
        )
    report.sort(key=lambda row: (row["nip"], row["name"], row["employee_id"]))
    return report


def _staff():
    """Who the report lists even without any counted entry."""
    from people.models import JenisPegawai

    return Q(jenis_pegawai__in=[JenisPegawai.PNS, JenisPegawai.PPPK, JenisPegawai.TKK], unit_kerja__isnull=False)


def _summary_rows(year, rulebook, unit, include_empty):
    """One query: the staff in scope joined to their stored summaries, plus whether (rulebook, year) is covered."""
    from people.models import User

    queryset = User.objects.annotate(
        jp_summary=FilteredRelation(
            "jp_year_summaries",
            condition=Q(jp_year_summaries__year=year, jp_year_summaries__rulebook=rulebook),
        ),
        covered=Exists(SummaryCoverage.objects.filter(rulebook=rulebook, year=year)),
    )
    wanted = Q(jp_summary__isnull=False)
    if include_empty:
        wanted |= _staff()
    queryset = queryset.filter(wanted)
    if unit is not None:
        queryset = queryset.filter(unit_kerja__path__startswith=unit.path)
    return list(
        queryset.order_by().values_list(
            "id",
            "nip",
            "nama",
            "username",
            "jenis_pegawai",
            "unit_kerja_id",
            "jp_summary__id",
            "jp_summary__total_jp",
            "jp_summary__classical",
            "jp_summary__guidance",
            "jp_summary__workplace",
            Cast("jp_summary__by_month", TextField()),
            "covered",
        )
    )


def year_report(year, rulebook=None, unit=None, include_empty=True):
    """Counted JP per employee for a year, from the stored per-employee summaries (`YearSummary`).

    Warm (the usual case): one query joining the staff to their summaries; each row's `results` are read from the
    summary when first used. Cold (after a rule edit, or a year never reported): the (rulebook, year) summaries are
    built in one batch first (one query for the year's counted entries, the engine per employee), then read.

    `unit` (a UnitKerja) narrows to its staff and the units below it. With `include_empty`, staff without any
    counted entry are listed too, with 0 JP. The figures and explanations are those of `year_report_direct`.
    """
    rulebook = rulebook or Rulebook.active()
    for _attempt in range(3):
        rows = _without_gc(_summary_rows, year, rulebook, unit, include_empty)
        covered = rows[0][-1] if rows else SummaryCoverage.objects.filter(rulebook=rulebook, year=year).exists()
        if covered:
            return _without_gc(_assemble, rows, year, rulebook)
        summaries.build(year, rulebook)
    return year_report_direct(year, rulebook, unit, include_empty)  # rules edited again and again meanwhile


def _without_gc(function, *args):
    """Run `function` with the cyclic garbage collector paused: building 100k rows (no cycles among them) would
    otherwise trigger full collections over the whole heap, a third of the warm report's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return function(*args)
    finally:
        if enabled:
            gc.enable()


def _assemble(rows, year, rulebook):
    zero = engine.ZERO
    targets = {"PNS": rulebook.target_jp_pns, "PPPK": rulebook.target_jp_pppk}
    loader = summaries.Loader(year, rulebook)
    report = []
    for uid, nip, nama, username, jenis, unit_id, summary_id, total, classical, guidance, workplace, months, _c in rows:
        target = targets.get(jenis)
        if summary_id is None:
            total = zero
            by_bucket = dict.fromkeys(engine.BUCKETS, zero)
            results = []
        else:
            total = total or zero
            by_bucket = {"classical": classical or zero, "guidance": guidance or zero, "workplace": workplace or zero}
            results = summaries.LazyResults(loader, summary_id, months)
            loader.add(summary_id, uid)
        report.append(
            {
                "employee_id": uid,
                "nip": nip or "",
                "name": nama or username,
                "employment_type": jenis,
                "unit_id": unit_id,
                "total_jp": total,
                "target_jp": target,
                "met": None if target is None else total >= target,
                "by_bucket": by_bucket,
                "results": results,
            }
        )
    report.sort(key=lambda row: (row["nip"], row["name"], row["employee_id"]))
    loader.set_order(
        [row["results"]._summary_id for row in report if isinstance(row["results"], summaries.LazyResults)]
    )
    return report


DISTRIBUTION_BINS = [(0, 0, "0"), (0, 10, "1–9"), (10, 20, "10–19"), (20, 40, "20–39"), (40, None, "≥ 40")]


def _bin(total):
    if total <= 0:
        return "0"
    for low, high, label in DISTRIBUTION_BINS[1:]:
        if total >= low and (high is None or total < high):
            return label
    return DISTRIBUTION_BINS[-1][2]


def dashboard(year, rulebook=None, unit=None):
    """Figures for a unit (and the units below it) or the whole institution: share at target, distribution,
    at-risk list, 10/20/70 mix, JP by month and a breakdown by sub-unit."""
    from people.models import JenisPegawai, UnitKerja

    rulebook = rulebook or Rulebook.active()
    report = year_report(year, rulebook=rulebook, unit=unit)
    with_target = [row for row in report if row["target_jp"] is not None]
    pns = [row for row in report if row["employment_type"] == JenisPegawai.PNS]
    distribution = dict.fromkeys([label for _low, _high, label in DISTRIBUTION_BINS], 0)
    mix = dict.fromkeys(engine.BUCKETS, Decimal(0))
    trend = [Decimal(0)] * 12
    for row in report:
        if row["target_jp"] is not None:
            distribution[_bin(row["total_jp"])] += 1
        for bucket, jp in row["by_bucket"].items():
            mix[bucket] += jp
        results = row["results"]
        if isinstance(results, summaries.LazyResults):
            for month, jp in results.month_totals().items():  # no need to load the results
                trend[month - 1] += jp
            continue
        for result in results:
            if result.counted:
                trend[result.activity.start_date.month - 1] += result.jp
    at_risk = sorted(
        (row for row in with_target if not row["met"]), key=lambda row: (row["total_jp"], row["name"], row["nip"])
    )
    # Breakdown by the units one level below the scope (or by top-level units for the institution).
    steplen = UnitKerja.steplen
    depth = unit.depth if unit is not None else 0
    unit_paths = dict(
        UnitKerja.objects.filter(pk__in={row["unit_id"] for row in report if row["unit_id"]}).values_list("pk", "path")
    )
    groups = defaultdict(list)
    for row in report:
        path = unit_paths.get(row["unit_id"])
        if path is None:
            continue
        groups[path[: (depth + 1) * steplen] if len(path) > depth * steplen else path].append(row)
    names = {u.path: u for u in UnitKerja.objects.filter(path__in=list(groups))}
    units = []
    for path, rows in sorted(groups.items()):
        targeted = [row for row in rows if row["target_jp"] is not None]
        met = sum(1 for row in targeted if row["met"])
        units.append(
            {
                "unit": names.get(path),
                "staff": len(rows),
                "with_target": len(targeted),
                "met": met,
                "met_pct": round(met * 100 / len(targeted), 1) if targeted else None,
                "average_jp": (sum((row["total_jp"] for row in rows), Decimal(0)) / len(rows)).quantize(Decimal("0.1")),
            }
        )
    pns_met = sum(1 for row in pns if row["met"])
    return {
        "year": year,
        "rulebook": rulebook,
        "unit": unit,
        "report": report,
        "staff": len(report),
        "pns": len(pns),
        "pns_met": pns_met,
        "pns_met_pct": round(pns_met * 100 / len(pns), 1) if pns else None,
        "with_target": len(with_target),
        "met": sum(1 for row in with_target if row["met"]),
        "distribution": distribution,
        "at_risk": at_risk,
        "mix": mix,
        "trend": trend,
        "units": units,
    }
