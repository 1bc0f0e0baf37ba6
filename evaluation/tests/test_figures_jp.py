"""The JP figures against an independent count: each employee's own ledger summary (`employee_year_summary`, the
engine over their entries, not the stored year summaries the figures read), tallied in plain loops."""

import datetime
from decimal import Decimal

import pytest
from wagtail.models import Site

from evaluation.figures import compute
from ledger import services
from ledger.models import LedgerSettings, Rulebook
from people.models import JenisPegawai, UnitKerja, User
from tests.factories import UserFactory, unit

YEAR = 2025
DAY = datetime.date(YEAR, 9, 1)


def seminar(user, days, start=DAY, **extra):
    """A verified national seminar: 4 JP a day under Banjarbaru and Blitar (classical bucket)."""
    services.record_activity(
        user, "seminar", "Seminar", start, start + datetime.timedelta(days=days - 1), days, "hari", **extra
    )


def elearning(user, days):
    """Verified e-learning (workplace bucket)."""
    start = datetime.date(YEAR, 10, 6)
    services.record_activity(
        user, "e_learning", "E-learning", start, start + datetime.timedelta(days=days - 1), days, "hari"
    )


def detasering(user):
    """A secondment: 20 JP per activity (workplace bucket)."""
    services.record_activity(
        user, "detasering", "Detasering", datetime.date(YEAR, 11, 3), datetime.date(YEAR, 11, 28), 1, "kegiatan"
    )


@pytest.fixture
def staff(db):
    pupr, bina_marga, dinkes = unit("Dinas PUPR"), unit("Dinas PUPR/Bidang Bina Marga"), unit("Dinas Kesehatan")
    verifier = UserFactory(unit_kerja=unit("BKPSDM"))
    people = {
        "pns_met": UserFactory(unit_kerja=bina_marga),
        "pns_short": UserFactory(unit_kerja=pupr),
        "pns_exact": UserFactory(unit_kerja=dinkes),
        "pns_none": UserFactory(unit_kerja=dinkes),
        "pns_rejected": UserFactory(unit_kerja=pupr),
        "pppk_within": UserFactory(unit_kerja=bina_marga, jenis_pegawai=JenisPegawai.PPPK),
        "pppk_over": UserFactory(unit_kerja=dinkes, jenis_pegawai=JenisPegawai.PPPK),
        "tkk": UserFactory(unit_kerja=pupr, jenis_pegawai=JenisPegawai.TKK, nip=None),
    }
    seminar(people["pns_met"], 3)  # 12 JP classical
    elearning(people["pns_met"], 3)  # + 12 JP workplace
    seminar(people["pns_short"], 2)  # 8 JP
    seminar(people["pns_short"], 5, start=datetime.date(YEAR - 1, 9, 2))  # another year: not counted
    detasering(people["pns_exact"])  # exactly 20 JP
    seminar(people["pns_rejected"], 6, status="submitted")  # waiting for verification: not counted
    seminar(people["pppk_within"], 3)  # 12 JP, under the ceiling of 24
    detasering(people["pppk_over"])
    seminar(people["pppk_over"], 3)  # 32 JP, over the ceiling
    seminar(people["tkk"], 1)
    people["verifier"] = verifier
    return people


def independent(units=None, rulebook=None):
    """The figures recomputed employee by employee from `employee_year_summary`."""
    rulebook = rulebook or Rulebook.active()
    paths = None if units is None else [u.path for u in units]
    counts = {"total": Decimal(0), "pns": 0, "pns_met": 0, "pppk": 0, "pppk_ok": 0, "pppk_over": 0}
    buckets = {"classical": Decimal(0), "guidance": Decimal(0), "workplace": Decimal(0)}
    for user in User.objects.select_related("unit_kerja"):
        if user.unit_kerja is None or user.jenis_pegawai not in ("PNS", "PPPK", "TKK"):
            continue
        if paths is not None and not any(user.unit_kerja.path.startswith(path) for path in paths):
            continue
        summary = services.employee_year_summary(user, YEAR, rulebook)
        counts["total"] += summary["total_jp"]
        for bucket, jp in summary["by_bucket"].items():
            buckets[bucket] += jp
        if user.jenis_pegawai == "PNS":
            counts["pns"] += 1
            counts["pns_met"] += summary["total_jp"] >= rulebook.target_jp_pns
        elif user.jenis_pegawai == "PPPK":
            counts["pppk"] += 1
            if rulebook.target_jp_pppk_is_ceiling:
                within = summary["total_jp"] <= rulebook.target_jp_pppk
            else:
                within = summary["total_jp"] >= rulebook.target_jp_pppk
            counts["pppk_ok"] += within
            counts["pppk_over"] += rulebook.target_jp_pppk_is_ceiling and summary["total_jp"] > rulebook.target_jp_pppk
    whole = sum(buckets.values())
    counts["mix"] = {key: (round(jp * 100 / whole, 1) if whole else None) for key, jp in buckets.items()}
    return counts


def pct(part, whole):
    return round(Decimal(part) * 100 / whole, 1) if whole else None


def assert_figures_match(expected, units=None):
    assert compute("jp_total", YEAR, units) == expected["total"]
    assert compute("jp_pns_count", YEAR, units) == expected["pns"]
    assert compute("jp_pns_compliant", YEAR, units) == expected["pns_met"]
    assert compute("jp_pns_compliance_pct", YEAR, units) == pct(expected["pns_met"], expected["pns"])
    assert compute("jp_pppk_count", YEAR, units) == expected["pppk"]
    assert compute("jp_pppk_compliant", YEAR, units) == expected["pppk_ok"]
    assert compute("jp_pppk_compliance_pct", YEAR, units) == pct(expected["pppk_ok"], expected["pppk"])
    assert compute("jp_pppk_over_ceiling", YEAR, units) == expected["pppk_over"]
    assert compute("jp_mix_10_20_70", YEAR, units) == expected["mix"]


def test_jp_figures_equal_a_per_employee_count_under_the_banjarbaru_ceiling(staff):
    rulebook = Rulebook.active()
    assert rulebook.slug.startswith("banjarbaru") and rulebook.target_jp_pppk_is_ceiling
    expected = independent()
    # the fixture's story, so the independent count itself is not vacuous
    assert (expected["pns"], expected["pns_met"], expected["pppk"], expected["pppk_ok"]) == (6, 2, 2, 1)
    assert expected["pppk_over"] == 1 and expected["mix"]["guidance"] == 0
    assert_figures_match(expected)


def test_jp_figures_narrowed_to_a_unit_reach_the_units_below_it(staff):
    pupr = UnitKerja.objects.filter(nama="Dinas PUPR")
    expected = independent(pupr)
    assert expected["pns"] == 3 and expected["pns_met"] == 1  # Bina Marga's PNS is counted under Dinas PUPR
    assert_figures_match(expected, pupr)
    assert compute("jp_pns_count", YEAR, UnitKerja.objects.none()) == 0


def test_pppk_minimum_rulebook_counts_pppk_below_it_as_not_compliant(staff):
    blitar = Rulebook.objects.get(slug__startswith="blitar")
    settings_row = LedgerSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.rulebook = blitar
    settings_row.save()
    assert Rulebook.active() == blitar and not blitar.target_jp_pppk_is_ceiling
    expected = independent(rulebook=blitar)
    assert expected["pppk_ok"] == 1 and expected["pppk_over"] == 0  # 12 JP is short of 20; 32 JP is fine
    assert_figures_match(expected)


def test_jp_shares_are_none_without_any_jp(db):
    UserFactory(unit_kerja=unit("Inspektorat"))
    assert compute("jp_mix_10_20_70", YEAR) == {"classical": None, "guidance": None, "workplace": None}
    assert compute("jp_pns_compliance_pct", YEAR) == Decimal(0)
    assert compute("jp_pppk_compliance_pct", YEAR) is None
