"""ledger.services: posting (idempotent, append-only, audited), verification, summaries and the year report."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from ledger import services
from ledger.models import AuditLog, Entry, Kind, LedgerSettings, Rulebook, Source, Status
from people.models import JenisPegawai
from tests.factories import UserFactory, unit

D = datetime.date


@pytest.fixture
def banjarbaru(db):
    return Rulebook.objects.get(slug="banjarbaru-2025")


def post(employee, form="seminar", start=None, days=1, **extra):
    start = start or D(2025, 3, 3)
    extra.setdefault("quantity", days)
    extra.setdefault("unit", "hari")
    return services.record_activity(
        employee, form, extra.pop("title", f"{form} {start}"), start, start + datetime.timedelta(days=days - 1), **extra
    )


@pytest.mark.django_db
def test_record_activity_is_idempotent_by_source_ref():
    employee = UserFactory()
    first, created = post(employee, source=Source.COURSE_COMPLETION, source_ref="course:7")
    again, created_again = post(employee, source=Source.COURSE_COMPLETION, source_ref="course:7")
    assert created and not created_again
    assert first.pk == again.pk
    assert Entry.objects.count() == 1
    assert AuditLog.objects.filter(action="create", entry=first).count() == 1
    other, created_other = post(UserFactory(), source=Source.COURSE_COMPLETION, source_ref="course:7")
    assert created_other and other.pk != first.pk


@pytest.mark.django_db
def test_record_activity_validates():
    with pytest.raises(ValidationError):
        post(UserFactory(), form="karaoke")
    with pytest.raises(ValidationError):
        services.record_activity(UserFactory(), "seminar", "x", D(2025, 3, 3), D(2025, 3, 1), 1, "hari")


@pytest.mark.django_db
def test_entries_are_append_only():
    entry, _ = post(UserFactory())
    entry.quantity = 5
    with pytest.raises(ValidationError):
        entry.save()
    entry.refresh_from_db()
    entry.title = "Judul diperbaiki"  # not JP-bearing
    entry.save()


@pytest.mark.django_db
def test_verify_reject_and_audit(banjarbaru):
    employee, verifier = UserFactory(), UserFactory()
    entry, _ = post(employee, status=Status.SUBMITTED)
    assert services.employee_year_summary(employee, 2025, banjarbaru)["total_jp"] == 0
    services.verify(entry, verifier)
    assert services.employee_year_summary(employee, 2025, banjarbaru)["total_jp"] == 4
    services.reject(entry, verifier, "Sertifikat tidak terbaca")
    entry.refresh_from_db()
    assert entry.status == Status.REJECTED and entry.reason == "Sertifikat tidak terbaca"
    assert services.employee_year_summary(employee, 2025, banjarbaru)["total_jp"] == 0
    actions = list(AuditLog.objects.filter(entry=entry).order_by("id").values_list("action", flat=True))
    assert actions == ["create", "verify", "reject"]
    log = AuditLog.objects.get(entry=entry, action="reject")
    assert log.before["status"] == "verified" and log.after["status"] == "rejected" and log.actor == verifier
    with pytest.raises(ValidationError):
        services.reject(entry, verifier, "  ")


@pytest.mark.django_db
def test_correction_and_reversal_replace_the_original(banjarbaru):
    employee, clo = UserFactory(), UserFactory()
    entry, _ = post(employee, days=1)
    correction = services.correct(entry, clo, "Dua hari", quantity=2, end_date=D(2025, 3, 4))
    assert correction.kind == Kind.CORRECTION and correction.amends == entry
    assert services.employee_year_summary(employee, 2025, banjarbaru)["total_jp"] == 4  # not verified yet
    services.verify(correction, clo)
    assert services.employee_year_summary(employee, 2025, banjarbaru)["total_jp"] == 8
    services.reverse(correction, clo, "Kegiatan ganda")
    assert services.employee_year_summary(employee, 2025, banjarbaru)["total_jp"] == 0
    assert Entry.objects.filter(employee=employee).count() == 3


@pytest.mark.django_db
def test_employee_year_summary_targets_and_hint(banjarbaru):
    pns = UserFactory(jenis_pegawai=JenisPegawai.PNS)
    post(pns, form="seminar", days=2)
    post(pns, form="coaching", unit="kegiatan", quantity=1, stated_jp=2, start=D(2025, 4, 1))
    post(pns, form="seminar", start=D(2024, 12, 1))  # another year
    summary = services.employee_year_summary(pns, 2025, banjarbaru)
    assert summary["target_jp"] == 20
    assert summary["total_jp"] == 10
    assert summary["by_bucket"] == {"classical": 8, "guidance": 2, "workplace": 0}
    assert summary["met"] is False and summary["shortfall"] == 10
    assert "Kurang 10 JP" in summary["hint"]
    assert all(result.entry.pk for result in summary["results"])


@pytest.mark.django_db
def test_banjarbaru_pppk_24_is_a_ceiling(banjarbaru):
    """banjarbaru-perwali-23-2025.txt L306: "setiap PPPK paling lama 24 (dua puluh empat) jam pelajaran dalam 1
    (satu) tahun" and L103 "paling banyak 24 (dua puluh empat) jam pelajaran untuk PPPK": no shortfall."""
    pppk = UserFactory(jenis_pegawai=JenisPegawai.PPPK)
    post(pppk, form="seminar", days=2)
    summary = services.employee_year_summary(pppk, 2025, banjarbaru)
    assert (summary["target_jp"], summary["total_jp"], summary["met"]) == (24, 8, True)
    assert summary["shortfall"] == 0 and summary["hint"] == "" and summary["target_is_ceiling"]
    assert not summary["over_ceiling"]
    post(pppk, form="pelatihan_teknis", unit="jp", quantity=30, start=D(2025, 6, 2))
    summary = services.employee_year_summary(pppk, 2025, banjarbaru)
    assert summary["total_jp"] == 38 and summary["over_ceiling"] and summary["met"]


@pytest.mark.django_db
def test_active_rulebook_is_chosen_per_site(banjarbaru):
    from wagtail.models import Site

    assert Rulebook.active().slug == "banjarbaru-2025"  # latest effective_from
    settings = LedgerSettings.for_site(Site.objects.get(is_default_site=True))
    settings.rulebook = Rulebook.objects.get(slug="blitar-2023")
    settings.save()
    assert Rulebook.active().slug == "blitar-2023"


@pytest.mark.django_db
def test_year_report_one_query_for_entries(banjarbaru, django_assert_max_num_queries):
    pupr = unit("Dinas PUPR")
    bina = unit("Dinas PUPR/Bidang Bina Marga")
    other = unit("Dinas Kesehatan")
    people = [UserFactory(unit_kerja=bina) for _ in range(5)] + [UserFactory(unit_kerja=other)]
    idle = UserFactory(unit_kerja=pupr)
    for index, person in enumerate(people):
        for day in range(index + 1):
            post(person, start=D(2025, 5, 1 + day))
    with CaptureQueriesContext(connection) as queries:
        report = services.year_report(2025, banjarbaru, include_empty=False)
    entry_queries = [q for q in queries.captured_queries if "ledger_entry" in q["sql"]]
    assert len(entry_queries) == 1
    assert len(report) == 6
    by_nip = {row["nip"]: row for row in report}
    assert by_nip[people[4].nip]["total_jp"] == 20 and by_nip[people[4].nip]["met"] is True
    assert by_nip[people[0].nip]["total_jp"] == 4
    narrowed = services.year_report(2025, banjarbaru, unit=pupr)
    assert {row["nip"] for row in narrowed} == {p.nip for p in people[:5]} | {idle.nip}
    assert next(row for row in narrowed if row["nip"] == idle.nip)["total_jp"] == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking and real concurrency")
@pytest.mark.django_db(transaction=True)
def test_concurrent_posting_gives_one_entry():
    employee = UserFactory()
    barrier = threading.Barrier(8)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(
                services.record_activity(
                    employee,
                    "e_learning",
                    "Kursus Etika ASN",
                    D(2025, 6, 2),
                    D(2025, 6, 2),
                    1,
                    "hari",
                    source=Source.COURSE_COMPLETION,
                    source_ref="course:42",
                )
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Entry.objects.filter(employee=employee).count() == 1
    assert sum(1 for _entry, created in results if created) == 1
    assert len({entry.pk for entry, _created in results}) == 1
    summary = services.employee_year_summary(employee, 2025, Rulebook.objects.get(slug="banjarbaru-2025"))
    assert summary["total_jp"] == Decimal(4)
