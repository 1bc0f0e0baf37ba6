"""JP compliance for a year under the institution's rulebook (`ledger.Rulebook.active()`): PNS at least the
rulebook's PNS target (20 JP, Banjarbaru art. 23(1)), PPPK under its PPPK rule (a minimum, or Banjarbaru's ceiling
"paling banyak 24", art. 23(2)), and the 10/20/70 mix (art. 23(4)). Everything comes from `ledger.services.
year_report`, the ledger's own per-employee counting."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from . import figure
from .scoping import unit_ids

PNS, PPPK = "PNS", "PPPK"


def staff_rows(year, units):
    """The ledger's year report rows (one per staff member) of the staff of `units` and below."""
    from ledger.services import year_report

    rows = year_report(year)
    wanted = unit_ids(units)
    if wanted is None:
        return rows
    return [row for row in rows if row["unit_id"] in wanted]


def _share(part, whole):
    return round(Decimal(part) * 100 / whole, 1) if whole else None


def _pppk_within_rule(row):
    """A PPPK meets the rulebook's PPPK rule: the minimum is reached, or (a ceiling) the total stays within it."""
    return bool(row["met"]) and not row["over_ceiling"]


@figure("jp_total", _("Total JP dihitung seluruh pegawai"), "jp")
def jp_total(year, units):
    return sum((row["total_jp"] for row in staff_rows(year, units)), Decimal(0))


@figure("jp_pns_count", _("Jumlah PNS"), "jp")
def jp_pns_count(year, units):
    return sum(1 for row in staff_rows(year, units) if row["employment_type"] == PNS)


@figure("jp_pns_compliant", _("PNS yang memenuhi target JP minimal"), "jp")
def jp_pns_compliant(year, units):
    return sum(1 for row in staff_rows(year, units) if row["employment_type"] == PNS and row["met"])


@figure("jp_pns_compliance_pct", _("Persentase PNS memenuhi target JP (%)"), "jp")
def jp_pns_compliance_pct(year, units):
    pns = [row for row in staff_rows(year, units) if row["employment_type"] == PNS]
    return _share(sum(1 for row in pns if row["met"]), len(pns))


@figure("jp_pppk_count", _("Jumlah PPPK"), "jp")
def jp_pppk_count(year, units):
    return sum(1 for row in staff_rows(year, units) if row["employment_type"] == PPPK)


@figure("jp_pppk_compliant", _("PPPK sesuai ketentuan JP PPPK dalam peraturan"), "jp")
def jp_pppk_compliant(year, units):
    return sum(1 for row in staff_rows(year, units) if row["employment_type"] == PPPK and _pppk_within_rule(row))


@figure("jp_pppk_compliance_pct", _("Persentase PPPK sesuai ketentuan JP PPPK (%)"), "jp")
def jp_pppk_compliance_pct(year, units):
    pppk = [row for row in staff_rows(year, units) if row["employment_type"] == PPPK]
    return _share(sum(1 for row in pppk if _pppk_within_rule(row)), len(pppk))


@figure("jp_pppk_over_ceiling", _("PPPK melebihi batas JP paling banyak"), "jp")
def jp_pppk_over_ceiling(year, units):
    return sum(1 for row in staff_rows(year, units) if row["employment_type"] == PPPK and row["over_ceiling"])


@figure("jp_mix_10_20_70", _("Komposisi JP 10/20/70 (% dari total JP)"), "jp")
def jp_mix_10_20_70(year, units):
    from ledger.engine import BUCKETS

    totals = dict.fromkeys(BUCKETS, Decimal(0))
    for row in staff_rows(year, units):
        for bucket, jp in row["by_bucket"].items():
            totals[bucket] += jp
    whole = sum(totals.values(), Decimal(0))
    return {bucket: _share(jp, whole) for bucket, jp in totals.items()}


def _bucket_labels():
    from ledger.models import Bucket

    return dict(Bucket.choices)


# How the report names the parts of a breakdown figure and the shares aimed at (read by evaluation.report.builder).
jp_mix_10_20_70.parts = _bucket_labels
jp_mix_10_20_70.targets = {"classical": 10, "guidance": 20, "workplace": 70}
