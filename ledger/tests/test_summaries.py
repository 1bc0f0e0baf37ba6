"""Stored year summaries: the summary-backed report equals a direct engine computation, and stays so on writes,
status changes and rule edits."""

import datetime
import json
import random
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ledger import engine, services, summaries
from ledger.loader import shipped_rulebooks
from ledger.management.commands.jp_report import report_rows
from ledger.models import Entry, Rule, Rulebook, Source, Status, SummaryCoverage, YearSummary
from people.models import JenisPegawai
from tests.factories import UserFactory, unit

D = datetime.date
SLUGS = ["banjarbaru-2025", "blitar-2023", "kutai-barat-2024"]


def random_ledger(rng, people, count):
    """`count` random postings (some submitted, rejected, corrected, reversed) spread over 2024–2026; a repeated
    certificate is refused (ledger.services.posting) and skipped. The verifier is never the employee."""
    entries = []
    verifier = UserFactory(unit_kerja=None)
    for n in range(count):
        employee = rng.choice(people)
        form = rng.choice(engine.FORMS)
        unit_name = rng.choice(engine.UNITS)
        start = D(2024, 12, 1) + datetime.timedelta(days=rng.randrange(420))
        end = start + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2, 4]))
        stated = rng.choice([None, None, Decimal(rng.randrange(0, 40)), Decimal("2.5")])
        status = rng.choice([Status.VERIFIED] * 4 + [Status.SUBMITTED])
        quantity = Decimal(rng.randrange(0, 30)) / rng.choice([1, 2])
        scope = rng.choice(["nasional", "nasional", "internasional"])
        certificate_no = rng.choice(["", "SRT-1", "SRT-2"])
        roll, keep = rng.random(), rng.random()
        try:
            entry, _created = services.record_activity(
                employee,
                form,
                f"Kegiatan {n % 7}",
                start,
                end,
                quantity,
                unit_name,
                scope=scope,
                stated_jp=stated,
                status=status,
                certificate_no=certificate_no,
                source=Source.EXTERNAL,
                source_ref=f"rnd:{n}",
            )
            entries.append(entry)
            if roll < 0.08 and status == Status.SUBMITTED:
                services.verify(entry, verifier)
            elif roll < 0.14:
                services.reject(entry, verifier, "tidak sah")
            elif roll < 0.2:
                correction = services.correct(
                    entry,
                    verifier,
                    "tanggal salah",
                    quantity=entry.quantity + 1,
                    start_date=entry.start_date - datetime.timedelta(days=40),
                )
                if keep < 0.7:
                    services.verify(correction, verifier)
            elif roll < 0.24:
                services.reverse(entry, verifier, "ganda")
        except ValidationError:
            continue
    return entries


def direct(year, rulebook, employee):
    """The engine on the employee's counted entries, straight from the entries table."""
    entries = services._year_filter(services.counted_entries(Entry.objects.filter(employee=employee)), year)
    return engine.compute([entry.activity() for entry in entries], rulebook.spec())


def rendered(report):
    return report_rows(report), [
        [(r.activity.ref, r.activity.start_date, r.jp, r.raw_jp, r.counted, r.bucket) for r in row["results"]]
        for row in report
    ]


def assert_same_as_direct(year, rulebook, **options):
    stored = services.year_report(year, rulebook, **options)
    reference = services.year_report_direct(year, rulebook, **options)
    assert [row["employee_id"] for row in stored] == [row["employee_id"] for row in reference]
    for language in ("id", "en"):
        with translation.override(language):
            assert rendered(stored) == rendered(reference)
    for row, ref in zip(stored, reference, strict=True):
        assert row["total_jp"] == ref["total_jp"] and str(row["total_jp"]) == str(ref["total_jp"])
        assert {k: str(v) for k, v in row["by_bucket"].items()} == {k: str(v) for k, v in ref["by_bucket"].items()}
        assert (row["met"], row["target_jp"], row["unit_id"], row["name"]) == (
            ref["met"],
            ref["target_jp"],
            ref["unit_id"],
            ref["name"],
        )
    return stored


@pytest.fixture
def staff(db):
    bina = unit("Dinas PUPR/Bidang Bina Marga")
    other = unit("Dinas Kesehatan")
    people = [UserFactory(unit_kerja=bina) for _ in range(4)]
    people += [UserFactory(unit_kerja=other, jenis_pegawai=JenisPegawai.PPPK) for _ in range(3)]
    people += [UserFactory(unit_kerja=other, jenis_pegawai=JenisPegawai.TKK), UserFactory(unit_kerja=None)]
    return people


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summary_report_equals_direct_engine_for_random_ledgers(staff, seed):
    rng = random.Random(seed)
    random_ledger(rng, staff, 70)
    pupr = unit("Dinas PUPR")
    for slug in SLUGS:
        rulebook = Rulebook.objects.get(slug=slug)
        for year in (2024, 2025, 2026):
            assert_same_as_direct(year, rulebook)  # cold: built in one batch
            assert SummaryCoverage.objects.filter(rulebook=rulebook, year=year).exists()
            assert_same_as_direct(year, rulebook, include_empty=False)  # warm
            assert_same_as_direct(year, rulebook, unit=pupr)
    # More writes while every (rulebook, year) is covered: the summaries are maintained write by write.
    random_ledger(random.Random(seed + 100), staff, 50)
    with CaptureQueriesContext(connection) as queries:
        for slug in SLUGS:
            rulebook = Rulebook.objects.get(slug=slug)
            for year in (2024, 2025, 2026):
                report = assert_same_as_direct(year, rulebook)
                for row in report:
                    if row["results"]:
                        result = direct(year, rulebook, row["employee_id"])
                        assert row["total_jp"] == result.total_jp
                        assert [r.explanation for r in row["results"]] == [r.explanation for r in result.results]
    builds = [q for q in queries.captured_queries if 'INSERT INTO "ledger_summarycoverage"' in q["sql"]]
    assert builds == []  # nothing had to be rebuilt


@pytest.mark.django_db
def test_warm_report_is_one_query_and_dashboard_trend_matches(staff, monkeypatch):
    rulebook = Rulebook.objects.get(slug="banjarbaru-2025")
    random_ledger(random.Random(7), staff, 40)
    services.year_report(2025, rulebook)  # builds
    with CaptureQueriesContext(connection) as queries:
        report = services.year_report(2025, rulebook)
    assert len(queries.captured_queries) == 1
    assert "ledger_entry" not in queries.captured_queries[0]["sql"]
    assert len(report) == len(staff) - 1 + any(row["unit_id"] is None for row in report)
    stored = services.dashboard(2025, rulebook)
    SummaryCoverage.objects.all().delete()
    YearSummary.objects.all().delete()
    monkeypatch.setattr(services.reporting, "year_report", services.year_report_direct)
    reference = services.dashboard(2025, rulebook)
    for key in ("trend", "mix", "distribution", "staff", "pns_met", "met"):
        assert stored[key] == reference[key], key
    assert [str(jp) for jp in stored["trend"]] == [str(jp) for jp in reference["trend"]]


@pytest.mark.django_db
def test_employee_without_entries_is_listed_with_zero(staff):
    rulebook = Rulebook.objects.get(slug="banjarbaru-2025")
    services.record_activity(staff[0], "seminar", "Seminar", D(2025, 3, 3), D(2025, 3, 3), 1, "hari")
    report = assert_same_as_direct(2025, rulebook)
    idle = next(row for row in report if row["employee_id"] == staff[1].pk)
    assert idle["total_jp"] == 0 and idle["results"] == [] and idle["met"] is False
    assert not YearSummary.objects.filter(employee=staff[1]).exists()


def summary_of(employee, year=2025, slug="banjarbaru-2025"):
    return YearSummary.objects.filter(employee=employee, year=year, rulebook__slug=slug).first()


@pytest.mark.django_db
def test_status_changes_update_the_summary_in_place(staff):
    rulebook = Rulebook.objects.get(slug="banjarbaru-2025")
    employee, verifier = staff[0], staff[1]
    services.year_report(2025, rulebook)  # covers (banjarbaru, 2025) before any entry
    entry, _ = services.record_activity(
        employee, "seminar", "Seminar", D(2025, 3, 3), D(2025, 3, 3), 1, "hari", status=Status.SUBMITTED
    )
    assert summary_of(employee) is None  # nothing counted yet
    services.verify(entry, verifier)
    assert summary_of(employee).total_jp == 4
    services.reject(entry, verifier, "tidak terbaca")
    assert summary_of(employee) is None
    services.verify(entry, verifier)
    correction = services.correct(entry, verifier, "dua hari", quantity=2, end_date=D(2025, 3, 4))
    assert summary_of(employee).total_jp == 4  # correction not verified yet
    services.verify(correction, verifier)
    assert summary_of(employee).total_jp == 8
    assert summary_of(employee).classical == 8 and summary_of(employee).by_month == {"3": "8.00"}
    services.reverse(correction, verifier, "ganda")
    assert summary_of(employee) is None
    # A correction that moves the activity to another year updates both years.
    services.year_report(2024, rulebook)
    other, _ = services.record_activity(employee, "seminar", "Lain", D(2025, 5, 5), D(2025, 5, 5), 1, "hari")
    assert summary_of(employee).total_jp == 4
    moved = services.correct(other, verifier, "tanggal salah", start_date=D(2024, 5, 5), end_date=D(2024, 5, 5))
    services.verify(moved, verifier)
    assert summary_of(employee) is None and summary_of(employee, 2024).total_jp == 4
    # A title edit (not JP-bearing) shows in the stored explanation entries too.
    moved.refresh_from_db()
    moved.title = "Judul baru"
    moved.save()
    assert summary_of(employee, 2024).entries[0][2] == "Judul baru"
    assert SummaryCoverage.objects.filter(rulebook=rulebook, year__in=[2024, 2025]).count() == 2
    assert_same_as_direct(2025, rulebook)
    assert_same_as_direct(2024, rulebook)


@pytest.mark.django_db
def test_rule_and_rulebook_edits_invalidate_that_rulebooks_summaries(staff):
    banjarbaru = Rulebook.objects.get(slug="banjarbaru-2025")
    blitar = Rulebook.objects.get(slug="blitar-2023")
    services.record_activity(staff[0], "seminar", "Seminar", D(2025, 3, 3), D(2025, 3, 4), 2, "hari")
    assert services.year_report(2025, banjarbaru)[0]["total_jp"] == 8
    services.year_report(2025, blitar)
    assert YearSummary.objects.count() == 2

    rule = Rule.objects.get(rulebook=banjarbaru, form="seminar")
    rule.jp_per_unit_nasional = Decimal("3")
    rule.cap_jp_per_day = None
    rule.save()  # what the Wagtail admin does
    assert not SummaryCoverage.objects.filter(rulebook=banjarbaru).exists()
    assert not YearSummary.objects.filter(rulebook=banjarbaru).exists()
    assert YearSummary.objects.filter(rulebook=blitar).exists()  # other rulebooks keep theirs
    report = assert_same_as_direct(2025, banjarbaru)
    row = next(row for row in report if row["employee_id"] == staff[0].pk)
    assert row["total_jp"] == 6 and "2 hari × 3 JP = 6 JP" in row["results"][0].explanation

    banjarbaru.refresh_from_db()
    banjarbaru.stated_jp_overrides = True
    banjarbaru.save()
    assert not YearSummary.objects.filter(rulebook=banjarbaru).exists()
    assert_same_as_direct(2025, banjarbaru)

    Rule.objects.get(rulebook=banjarbaru, form="seminar").delete()
    assert not YearSummary.objects.filter(rulebook=banjarbaru).exists()
    row = next(row for row in assert_same_as_direct(2025, banjarbaru) if row["employee_id"] == staff[0].pk)
    assert row["total_jp"] == 0 and "tidak diatur" in row["results"][0].explanation


@pytest.mark.django_db
def test_loader_adding_rules_invalidates(staff):
    from ledger.loader import load_rulebooks

    rulebook = Rulebook.objects.get(slug="banjarbaru-2025")
    services.record_activity(staff[0], "seminar", "Seminar", D(2025, 3, 3), D(2025, 3, 3), 1, "hari")
    services.year_report(2025, rulebook)
    Rule.objects.filter(rulebook=rulebook, form="seminar").delete()
    services.year_report(2025, rulebook)
    assert SummaryCoverage.objects.filter(rulebook=rulebook).exists()
    assert load_rulebooks() == (0, 1)
    assert not SummaryCoverage.objects.filter(rulebook=rulebook).exists()
    assert_same_as_direct(2025, rulebook)


@pytest.mark.django_db
def test_results_of_a_summary_invalidated_after_reading_are_computed_afresh(staff):
    rulebook = Rulebook.objects.get(slug="banjarbaru-2025")
    services.record_activity(staff[0], "seminar", "Seminar", D(2025, 3, 3), D(2025, 3, 3), 1, "hari")
    report = services.year_report(2025, rulebook)
    summaries.invalidate(rulebook.pk)
    row = next(row for row in report if row["employee_id"] == staff[0].pk)
    assert [result.jp for result in row["results"]] == [Decimal("4.00")]


def test_explanations_round_trip_through_json():
    spec = engine.RulebookSpec.from_dict(shipped_rulebooks()["kutai-barat-2024"])
    rng = random.Random(5)
    activities = []
    for n in range(300):
        start = D(2025, 1, 1) + datetime.timedelta(days=rng.randrange(60))
        activities.append(
            engine.Activity(
                rng.choice(engine.FORMS),
                start,
                start + datetime.timedelta(days=rng.randrange(4)),
                Decimal(rng.randrange(0, 20)),
                rng.choice(engine.UNITS),
                rng.choice(engine.SCOPES),
                rng.choice([None, Decimal(rng.randrange(1, 30))]),
                f"t{n}",
                ref=n,
            )
        )
    results = engine.compute(activities, spec).results
    memo = {}
    frozen = json.loads(json.dumps([summaries.freeze_result(result, memo) for result in results]))
    thawed = [summaries.thaw_result(item) for item in frozen]
    for language in ("id", "en"):
        with translation.override(language):
            assert [r.explanation for r in thawed] == [r.explanation for r in results]
    assert [(r.activity, r.jp, r.raw_jp, r.counted, r.bucket) for r in thawed] == [
        (r.activity, r.jp, r.raw_jp, r.counted, r.bucket) for r in results
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking and real concurrency")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_for_one_employee_keep_the_summary_exact():
    rulebook = Rulebook.objects.get(slug="banjarbaru-2025")
    employee = UserFactory(unit_kerja=unit("Dinas PUPR"))
    services.year_report(2025, rulebook)
    barrier = threading.Barrier(8)
    errors = []

    def worker(n):
        try:
            barrier.wait(timeout=10)
            services.record_activity(
                employee, "seminar", f"S{n}", D(2025, 3, 1 + n), D(2025, 3, 1 + n), 1, "hari", source_ref=f"c:{n}"
            )
            if n % 2:
                summaries.invalidate(rulebook.pk)
                services.year_report(2025, rulebook)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    services.year_report(2025, rulebook)
    assert summary_of(employee).total_jp == 32
    assert_same_as_direct(2025, rulebook)
