"""Reports over many employees: the yearly report (from stored summaries) and the dashboard figures."""

import gc
from collections import defaultdict
from decimal import Decimal

from django.db.models import Exists, FilteredRelation, Q, TextField
from django.db.models.functions import Cast

from .. import engine, summaries
from ..models import Rulebook, SummaryCoverage
from .counting import _year_filter, counted_entries


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
    from people.models import User

    rulebook = rulebook or Rulebook.active()
    spec = rulebook.spec()
    queryset = _year_filter(counted_entries(), year)
    people_qs = User.objects.filter(_staff(year))
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
    rows = queryset.select_related("employee").order_by().values_list(*summaries.ACTIVITY_FIELDS, *employee_fields)
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
    targets = rulebook.targets()
    cache = {}
    report = []
    for employee_id, person in people.items():
        jenis = person["employee__jenis_pegawai"]
        result = engine.compute(activities.get(employee_id, []), spec, cache)
        report.append(
            {
                "employee_id": employee_id,
                "nip": person["employee__nip"] or "",
                "name": person["employee__nama"] or person["employee__username"],
                "employment_type": jenis,
                "unit_id": person["employee__unit_kerja_id"],
                "total_jp": result.total_jp,
                **_standing(rulebook, targets, jenis, result.total_jp),
                "by_bucket": result.by_bucket,
                "results": result.results,
            }
        )
    report.sort(key=lambda row: (row["nip"], row["name"], row["employee_id"]))
    return report


def _standing(rulebook, targets, employment_type, total):
    """The row's target_jp, met and over_ceiling: `met` compares with the minimum, which a PPPK ceiling
    ("paling banyak 24", Banjarbaru) does not set."""
    target, minimum = targets.get(employment_type, (None, None))
    return {
        "target_jp": target,
        "met": None if minimum is None else total >= minimum,
        "over_ceiling": rulebook.over_ceiling(employment_type, total),
    }


def _staff(year):
    """Who the report lists even without any counted entry: the staff, except those the HR import deactivated
    before `year` (ADR 0027; whoever has counted JP in the year is listed anyway)."""
    from people.models import JenisPegawai

    return Q(jenis_pegawai__in=[JenisPegawai.PNS, JenisPegawai.PPPK, JenisPegawai.TKK], unit_kerja__isnull=False) & ~Q(
        deactivated_at__year__lt=year
    )


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
        wanted |= _staff(year)
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
    targets = rulebook.targets()
    loader = summaries.Loader(year, rulebook)
    report = []
    for uid, nip, nama, username, jenis, unit_id, summary_id, total, classical, guidance, workplace, months, _c in rows:
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
                **_standing(rulebook, targets, jenis, total),
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
        "over_ceiling": [row for row in report if row["over_ceiling"]],
        "mix": mix,
        "trend": trend,
        "units": units,
    }
