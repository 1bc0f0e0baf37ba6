"""Counting one employee: which entries count, the engine over them, the target and a hint."""

import datetime
import math
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from .. import engine
from ..models import Entry, Kind, Rulebook, Status


def counted_entries(queryset=None):
    """Verified entries that count: not reversals, not replaced by a verified correction or reversal."""
    queryset = Entry.objects.all() if queryset is None else queryset
    replaced = Entry.objects.filter(amends=OuterRef("pk"), status=Status.VERIFIED)
    return queryset.filter(status=Status.VERIFIED).exclude(kind=Kind.REVERSAL).exclude(Exists(replaced))


def _year_filter(queryset, year):
    return queryset.filter(start_date__gte=datetime.date(year, 1, 1), start_date__lte=datetime.date(year, 12, 31))


def year_entries(employee, year):
    """An employee's entries of a year that count or wait for verification, newest first (what they may tie to
    their IDP): counted entries and submitted originals, never rejected, reversed or replaced ones."""
    mine = _year_filter(Entry.objects.filter(employee=employee), year)
    waiting = mine.filter(status=Status.SUBMITTED, kind=Kind.ORIGINAL)
    return (counted_entries(mine) | waiting).order_by("-start_date", "-id")


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


def summarise(activities, rulebook_spec, target, ceiling=False):
    """The engine over one employee's activities, against a target: a minimum, or with `ceiling` a maximum
    ("paling banyak 24" for PPPK in Banjarbaru) that leaves no shortfall and flags JP above it."""
    result = engine.compute(activities, rulebook_spec)
    total = result.total_jp
    minimum = Decimal(0) if ceiling else target
    shortfall = max(Decimal(0), minimum - total) if minimum is not None else Decimal(0)
    mix = {
        bucket: (float(round(value * 100 / total, 1)) if total else 0.0) for bucket, value in result.by_bucket.items()
    }
    return {
        "target_jp": target,
        "target_is_ceiling": bool(ceiling and target is not None),
        "over_ceiling": bool(ceiling and target is not None and total > target),
        "total_jp": total,
        "met": None if minimum is None else total >= minimum,
        "by_bucket": result.by_bucket,
        "mix_pct": mix,
        "results": result.results,
        "shortfall": shortfall,
        "progress_pct": min(100, int(total * 100 / target)) if target else 100,
        "hint": hint(rulebook_spec, shortfall, result.by_bucket) if minimum else "",
    }


def employee_year_summary(employee, year, rulebook=None):
    """An employee's counted JP in a calendar year, with per-entry explanations and a hint."""
    rulebook = rulebook or Rulebook.active()
    spec = rulebook.spec()
    entries = {e.pk: e for e in _year_filter(counted_entries(Entry.objects.filter(employee=employee)), year)}
    jenis = getattr(employee, "jenis_pegawai", None)
    ceiling = jenis == "PPPK" and rulebook.target_jp_pppk_is_ceiling
    summary = summarise([entry.activity() for entry in entries.values()], spec, rulebook.target_for(employee), ceiling)
    for result in summary["results"]:
        result.entry = entries[result.activity.ref]
    summary.update(year=year, rulebook=rulebook, employee=employee)
    return summary


def rulebook_in_use(site=None):
    """(the rulebook the institution counts with, the reason shown beside it): the site's Pengaturan buku JP,
    else the most recently effective rulebook with a reason saying none was chosen."""
    return Rulebook.in_use(site)
