"""The IDP pages: each role sees and does its step, others are refused, bad input keeps what was typed, and the
list pages run the same number of queries for 1 or many plans."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning.lan import GapAspect, Level, Method, Priority
from planning.models import Plan, PlanState, Section, Verification
from planning.services import dialogue, drafting, verification
from tests.factories import UserFactory

from .conftest import YEAR, agreed_plan, managerial_row, technical_row


@pytest.fixture
def open_now(world):
    """The early-year window around today, so the pages' agreements fall inside it."""
    today = datetime.date.today()
    dialogue.open_window(world["clo"], YEAR, today - datetime.timedelta(days=5), today + datetime.timedelta(days=5))
    return world


def login(client, user):
    client.force_login(user)
    return client


def test_self_assessment_shows_gaps_and_a_bad_level_loses_nothing(client, world):
    employee = world["employee"]
    login(client, employee)
    url = reverse("planning:assessment") + f"?tahun={YEAR}"
    client.post(url, {"action": "start", "tahun": YEAR})
    sa = employee.self_assessments.get(year=YEAR)
    komunikasi = sa.ratings.get(competency=world["komunikasi"])
    jalan = sa.ratings.get(competency=world["jalan"])

    response = client.post(
        url,
        {
            "action": "rate",
            f"level-{komunikasi.pk}": "2",
            f"level-{jalan.pk}": "9",
            f"aspect-{komunikasi.pk}": "pengetahuan",
        },
    )
    assert response.status_code == 200
    assert "Level kompetensi harus 1 sampai 5." in response.content.decode()
    assert '<option value="2" selected>' in response.content.decode()  # the good row's value is kept on the page
    komunikasi.refresh_from_db()
    assert komunikasi.current_level is None  # nothing saved while a row is bad

    response = client.post(
        url, {"action": "complete", f"level-{komunikasi.pk}": "2", f"level-{jalan.pk}": "3"}, follow=True
    )
    page = response.content.decode()
    assert "Komunikasi: level 2, dibutuhkan 3" in page
    sa.refresh_from_db()
    assert sa.completed_at is not None


def test_employee_drafts_c_sees_the_hint_and_a_bad_relevance_code_is_refused_by_name(client, world):
    employee = world["employee"]
    login(client, employee)
    response = client.post(reverse("planning:open"), {"tahun": YEAR})
    plan = Plan.objects.get(employee=employee, year=YEAR)
    assert response.url == reverse("planning:plan", args=[plan.pk])
    page = client.get(response.url).content.decode()
    assert "Arah Pembelajaran Instansi yang Terkait dengan Pegawai" in page
    assert "Transformasi digital pelayanan publik" in page  # B 1.1 pre-filled

    add = reverse("planning:row_add", args=[plan.pk])
    data = {
        "relevance": "2.1, 9.9",
        "objective": "Mampu mengawasi mutu perkerasan jalan",
        "competency": world["jalan"].pk,
        "aspect": GapAspect.SKILL,
        "method": Method.FORMAL,
        "level": Level.TECHNICAL,
        "source": "Magang di Balai Jalan",
    }
    response = client.post(add, data)
    body = response.content.decode()
    assert "Kode relevansi 9.9 tidak ada di bagian B" in body
    assert "Mampu mengawasi mutu perkerasan jalan" in body  # typed text kept
    assert not plan.rows.exists()

    client.post(add, {**data, "relevance": "2.1"})
    row = plan.rows.get()
    page = client.get(reverse("planning:plan", args=[plan.pk])).content.decode()
    assert "Saran LAN untuk aspek ini: Eksperiensial, Sosial" in page
    assert "metode yang dipilih berbeda" in page  # formal for a skill gap: allowed, flagged as a hint

    client.post(
        reverse("planning:row_edit", args=[plan.pk, row.pk]), {**data, "relevance": "2.1", "method": "eksperiensial"}
    )
    row.refresh_from_db()
    assert row.method == Method.EXPERIENTIAL
    client.post(reverse("planning:row_delete", args=[plan.pk, row.pk]))
    assert not plan.rows.exists()


def test_basis_row_is_filled_by_the_employee_only(client, world):
    employee = world["employee"]
    plan, _ = drafting.open_plan(employee, YEAR)
    url = reverse("planning:basis", args=[plan.pk, "3.1"])
    login(client, employee).post(url, {"available": "1", "analysis": "SKP 2026: 4 indikator"})
    row = plan.basis_rows.get(code="3.1")
    assert row.available is True and row.analysis == "SKP 2026: 4 indikator"
    assert login(client, world["colleague"]).get(url).status_code == 403


def test_other_staff_never_see_a_plan_and_a_kelompok_sees_only_its_rows(client, world):
    plan = agreed_plan(world)
    verification.start_verification(world["clo"], YEAR)
    url = reverse("planning:plan", args=[plan.pk])
    for outsider in (world["colleague"], world["other_head"]):
        response = login(client, outsider).get(url)
        assert response.status_code == 403 and plan.nama not in response.content.decode()
        assert login(client, outsider).get(reverse("planning:formulir1", args=[plan.pk, "xlsx"])).status_code == 403
    page = login(client, world["ketua_infra"]).get(url).content.decode()
    assert "Pengawasan Konstruksi Jalan" in page and "Komunikasi" not in page
    assert "Arah Pembelajaran Instansi" not in page  # no part B for a kelompok
    page = login(client, world["member_asn"]).get(url).content.decode()
    assert "Komunikasi" in page and "Pengawasan Konstruksi Jalan" not in page


def test_supervisor_returns_with_a_note_then_both_agree(client, open_now):
    world = open_now
    employee, kabid = world["employee"], world["kabid"]
    plan, _ = drafting.open_plan(employee, YEAR)
    drafting.save_row(plan, employee, technical_row(world))
    login(client, employee).post(reverse("planning:step", args=[plan.pk, "ajukan"]))
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED and plan.supervisor == kabid

    staff = login(client, kabid).get(reverse("planning:staff") + f"?tahun={YEAR}").content.decode()
    assert employee.nama in staff
    client.post(reverse("planning:step", args=[plan.pk, "kembalikan"]), {"note": "Tambahkan output yang terukur"})
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT
    page = login(client, employee).get(reverse("planning:plan", args=[plan.pk])).content.decode()
    assert "Tambahkan output yang terukur" in page

    client.post(reverse("planning:step", args=[plan.pk, "ajukan"]))
    login(client, kabid).post(reverse("planning:step", args=[plan.pk, "sepakati"]), {"note": "Sepakat"})
    login(client, employee).post(reverse("planning:step", args=[plan.pk, "sepakati"]))
    plan.refresh_from_db()
    assert plan.state == PlanState.AGREED


def test_colleague_cannot_agree_or_submit(client, open_now):
    world = open_now
    plan, _ = drafting.open_plan(world["employee"], YEAR)
    drafting.save_row(plan, world["employee"], technical_row(world))
    response = login(client, world["colleague"]).post(reverse("planning:step", args=[plan.pk, "ajukan"]))
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT


def test_kelompok_verifies_its_rows_and_a_missing_priority_keeps_the_typed_values(client, world):
    plan = agreed_plan(world)
    verification.start_verification(world["clo"], YEAR)
    login(client, world["ketua_infra"])
    url = reverse("planning:verify") + f"?tahun={YEAR}"
    page = client.get(url).content.decode()
    assert "Pengawasan Konstruksi Jalan" in page and "Komunikasi" not in page
    v = Verification.objects.get(row__plan=plan, kelompok=world["kk_infra"])
    prefix = f"v{v.pk}"
    response = client.post(
        url,
        {
            "verification": v.pk,
            f"{prefix}-method": "eksperiensial",
            f"{prefix}-level": "teknis",
            f"{prefix}-source": "Balai Jalan X",
        },
    )
    assert "Balai Jalan X" in response.content.decode()
    v.refresh_from_db()
    assert v.verified_at is None
    client.post(
        url,
        {
            "verification": v.pk,
            f"{prefix}-priority": "tinggi",
            f"{prefix}-method": "eksperiensial",
            f"{prefix}-level": "teknis",
        },
    )
    v.refresh_from_db()
    assert (v.priority, v.level) == (Priority.HIGH, Level.TECHNICAL) and v.verified_at
    other = Verification.objects.get(row__plan=plan, kelompok=world["kk_asn"])
    response = client.post(url, {"verification": other.pk, f"v{other.pk}-priority": "tinggi"})
    assert response.status_code == 404  # not theirs: not even found


def test_clo_sets_the_window_starts_verification_and_decides_so_d_rows_appear(client, world):
    plan = agreed_plan(world)
    clo = world["clo"]
    login(client, clo)
    url = reverse("planning:recap") + f"?tahun={YEAR}"
    response = client.post(url, {"action": "window", "opens_on": "2026-03-10", "closes_on": "2026-03-01"})
    assert "Tanggal tutup tidak boleh sebelum tanggal buka." in response.content.decode()
    client.post(url, {"action": "start"})
    plan.refresh_from_db()
    assert plan.state == PlanState.IN_VERIFICATION
    for v in Verification.objects.filter(row__plan=plan):
        verification.verify_row(v, clo, Priority.MEDIUM, v.method or Method.FORMAL, Level.OPERATIONAL)
    page = client.get(url).content.decode()
    assert "Level Operasional" in page and "Jumlah Pegawai" in page
    for v in Verification.objects.filter(row__plan=plan):
        key = str(v.pk)
        client.post(
            url,
            {"action": "decide", "verifications": key, f"d{key}-level": "operasional", f"d{key}-organiser": "BKPSDM"},
        )
    plan.refresh_from_db()
    assert plan.state == PlanState.VERIFIED
    assert set(plan.rows.filter(section=Section.VERIFIED).values_list("organiser", flat=True)) == {"BKPSDM"}
    assert login(client, world["employee"]).get(url).status_code == 403


def _grow_and_count(client, world, urls):
    """Query counts of the pages with 3 plans (6 rows) and again with 9 plans (18 rows), all verified."""

    def plans(n):
        for i in range(n):
            UserFactory(username=f"staf{n}-{i}", unit_kerja=world["bidang"], jabatan="Pengawas Jalan dan Jembatan")
        for user in type(world["employee"]).objects.filter(unit_kerja=world["bidang"]).exclude(pk=world["kabid"].pk):
            if not Plan.objects.filter(employee=user, year=YEAR).exists():
                agreed_plan(world, employee=user, rows=[technical_row(world), managerial_row(world)])
        verification.start_verification(world["clo"], YEAR)
        for v in Verification.objects.filter(verified_at=None):
            verification.verify_row(v, world["clo"], Priority.LOW, Method.FORMAL, Level.TECHNICAL)

    def count(url, user):
        login(client, user)
        client.get(f"{url}?tahun={YEAR}")  # first visit creates the user's Wagtail profile
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{url}?tahun={YEAR}").status_code == 200
        return len(ctx.captured_queries)

    plans(1)
    few = [count(url, who) for url, who in urls]
    Plan.objects.filter(year=YEAR).update(state=PlanState.AGREED)
    plans(6)
    Plan.objects.filter(year=YEAR).update(state=PlanState.IN_VERIFICATION)
    assert Verification.objects.count() == 18
    return few, [count(url, who) for url, who in urls]


def test_staff_and_verification_lists_run_a_constant_number_of_queries(client, world):
    urls = [(reverse("planning:staff"), world["kabid"]), (reverse("planning:verify"), world["ketua_infra"])]
    few, many = _grow_and_count(client, world, urls)
    assert many == few


def test_clo_recap_runs_a_constant_number_of_queries(client, world):
    few, many = _grow_and_count(client, world, [(reverse("planning:recap"), world["clo"])])
    assert many == few


def test_suggested_learning_lists_only_what_the_employee_may_see(client, world, home):
    from corpu.access import AccessLevel
    from corpu.choices import Competency
    from courses.models import CourseCatalogPage, CoursePage

    catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-idp"))
    for title, level, owner in [
        ("Pengawasan Mutu Jalan", AccessLevel.PUBLIC, None),
        ("Jalan Internal Dinkes", AccessLevel.INTERNAL, world["other"]),
    ]:
        catalog.add_child(
            instance=CoursePage(title=title, access_level=level, owner_unit=owner, competency=Competency.TECHNICAL)
        )
    plan = agreed_plan(world)
    verification.start_verification(world["clo"], YEAR)
    for v in Verification.objects.filter(row__plan=plan):
        verification.verify_row(v, world["clo"], Priority.HIGH, Method.FORMAL, Level.TECHNICAL)
    verification.decide(
        world["clo"], YEAR, list(Verification.objects.filter(row__plan=plan)), Level.TECHNICAL, "BKPSDM"
    )

    page = login(client, world["employee"]).get(reverse("planning:plan", args=[plan.pk])).content.decode()
    d_part = page.split("D. Hasil verifikasi")[1]
    assert "Pengawasan Mutu Jalan" in d_part and "Realisasi: 0 JP" in d_part
    assert "Jalan Internal Dinkes" not in page
    page = login(client, world["other_head"]).get(reverse("planning:plan", args=[plan.pk]))
    assert page.status_code == 403


def test_supervisor_records_a_quarterly_dialogue_with_an_e_row_and_others_cannot(client, world):
    plan = agreed_plan(world)
    clo = world["clo"]
    verification.start_verification(clo, YEAR)
    for v in Verification.objects.filter(row__plan=plan):
        verification.verify_row(v, clo, Priority.HIGH, Method.FORMAL, Level.TECHNICAL)
    verification.decide(clo, YEAR, list(Verification.objects.filter(row__plan=plan)), Level.TECHNICAL, "BKPSDM")
    url = reverse("planning:follow_up", args=[plan.pk])
    assert login(client, world["employee"]).get(url).status_code == 403
    login(client, world["kabid"])
    data = {"quarter": "2", "held_on": "2026-06-15", "benefit": "Laporan lebih cepat", "e-objective": "Menguasai BIM"}
    response = client.post(url, data)  # E row without a classification: refused, typed text kept
    assert "Menguasai BIM" in response.content.decode() and not plan.follow_ups.exists()
    client.post(url, {**data, "e-classification": "teknis", "e-method": "formal"})
    assert plan.follow_ups.get().benefit == "Laporan lebih cepat"
    assert plan.rows.get(section=Section.FOLLOW_UP).objective == "Menguasai BIM"
    page = client.get(reverse("planning:plan", args=[plan.pk])).content.decode()
    assert "E. Evaluasi kinerja" in page and "Menguasai BIM" in page
