"""Level 4 – impact: a programme linked to unit targets with before/after values and their sources, the sheet (and
its XLSX), who sees it, who edits it, and the evidence upload guard."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.models import Better, IndicatorValue, Phase
from evaluation.services import impact
from people.roles import CLO, DEWAN_PENGARAH, assign_role
from planning.lan import Level, Method
from planning.models import Delivery, InstitutionDirection, LearningProgramme, TargetKind, UnitTarget
from tests.factories import UserFactory, unit

YEAR = 2026
PDF = b"%PDF-1.4 laporan kinerja"


def make_programme(title="Pelatihan Pengawasan Jalan", year=YEAR):
    return LearningProgramme.objects.create(
        year=year,
        title=title,
        level=Level.TECHNICAL,
        objective="Pengawasan konstruksi sesuai standar",
        method=Method.FORMAL,
        organiser="Dinas PUPR",
        starts_on=datetime.date(year, 3, 2),
        ends_on=datetime.date(year, 3, 6),
        delivery=Delivery.EXTERNAL,
    )


@pytest.fixture
def world(db):
    dinas, bidang, other = unit("Dinas PUPR"), unit("Dinas PUPR/Bidang Bina Marga"), unit("Dinas Kesehatan")
    people = {
        "clo": UserFactory(username="clo", unit_kerja=other),
        "dewan": UserFactory(username="dewan", unit_kerja=other),
        "kadis": UserFactory(username="kadis", unit_kerja=dinas),
        "kabid": UserFactory(username="kabid", unit_kerja=bidang),
        "kadinkes": UserFactory(username="kadinkes", unit_kerja=other),
        "staff": UserFactory(username="staf", unit_kerja=bidang),
    }
    assign_role(people["clo"], CLO)
    assign_role(people["dewan"], DEWAN_PENGARAH)
    for head, place in (("kadis", dinas), ("kabid", bidang), ("kadinkes", other)):
        place.kepala = people[head]
        place.save()
    direction = InstitutionDirection.objects.create(year=YEAR, learning_direction="Infrastruktur mantap")
    target = UnitTarget.objects.create(
        direction=direction, unit=bidang, kind=TargetKind.STRATEGIC, text="Kemantapan jalan kabupaten (IKU 85%)"
    )
    return {**people, "dinas": dinas, "bidang": bidang, "target": target, "programme": make_programme()}


def linked(world, better=Better.HIGHER, indicator="Kemantapan jalan"):
    return impact.link_target(world["clo"], world["programme"], world["target"], indicator, "%", better)


def test_sheet_shows_before_after_change_and_sources(world, client):
    link = linked(world)
    impact.record_value(world["clo"], link, Phase.BEFORE, Decimal("72.50"), datetime.date(2026, 1, 31), "LKjIP 2025")
    impact.record_value(world["clo"], link, Phase.AFTER, Decimal("80"), datetime.date(2026, 12, 15), "e-Kinerja")
    worse = linked(world, Better.LOWER, "Rata-rata hari perbaikan lubang")
    impact.record_value(world["clo"], worse, Phase.BEFORE, Decimal("10"), datetime.date(2026, 1, 31), "SIPD")
    impact.record_value(world["clo"], worse, Phase.AFTER, Decimal("12"), datetime.date(2026, 12, 1), "SIPD")

    rows = impact.impact_sheet(world["programme"])
    assert [(r.change, r.improved) for r in rows] == [(Decimal("7.50"), True), (Decimal("2"), False)]
    assert rows[0].change_pct == Decimal("10.3")

    client.force_login(world["kabid"])
    response = client.get(reverse("evaluation:impact_sheet", args=[world["programme"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kemantapan jalan kabupaten (IKU 85%)" in html
    assert "72,5" in html and "80" in html and "LKjIP 2025" in html and "e-Kinerja" in html
    assert "+7,50 (+10,3%)" in html and "membaik" in html and "memburuk" in html


def test_a_lower_is_better_indicator_that_falls_is_an_improvement(world):
    link = linked(world, Better.LOWER, "Keluhan masyarakat")
    impact.record_value(world["clo"], link, Phase.BEFORE, Decimal("40"), datetime.date(2026, 1, 5), "SP4N-LAPOR!")
    impact.record_value(world["clo"], link, Phase.AFTER, Decimal("25"), datetime.date(2026, 11, 5), "SP4N-LAPOR!")
    (row,) = impact.impact_sheet(world["programme"])
    assert row.change == Decimal("-15") and row.improved is True


def test_source_is_required_and_after_must_follow_before(world):
    link = linked(world)
    with pytest.raises(ValidationError) as missing:
        impact.record_value(world["clo"], link, Phase.BEFORE, Decimal("70"), datetime.date(2026, 1, 5), "  ")
    assert "source" in missing.value.message_dict
    impact.record_value(world["clo"], link, Phase.BEFORE, Decimal("70"), datetime.date(2026, 6, 5), "LKjIP")
    with pytest.raises(ValidationError) as early:
        impact.record_value(world["clo"], link, Phase.AFTER, Decimal("75"), datetime.date(2026, 6, 1), "LKjIP")
    assert "measured_on" in early.value.message_dict
    assert IndicatorValue.objects.filter(link=link).count() == 1


def test_recording_a_phase_again_replaces_it(world):
    link = linked(world)
    impact.record_value(world["clo"], link, Phase.BEFORE, Decimal("70"), datetime.date(2026, 1, 5), "LKjIP")
    impact.record_value(world["clo"], link, Phase.BEFORE, Decimal("71"), datetime.date(2026, 1, 6), "LKjIP rev.")
    assert list(link.values.values_list("value", "source")) == [(Decimal("71.00"), "LKjIP rev.")]


def test_same_indicator_cannot_be_linked_twice(world):
    linked(world)
    with pytest.raises(ValidationError):
        linked(world)


def test_only_the_clo_records(world):
    with pytest.raises(PermissionDenied):
        impact.link_target(world["dewan"], world["programme"], world["target"], "X", "%")


@pytest.mark.parametrize(
    ("who", "status"),
    [("clo", 200), ("dewan", 200), ("kabid", 200), ("kadis", 200), ("kadinkes", 403), ("staff", 403)],
)
def test_who_sees_the_sheet(world, client, who, status):
    linked(world)
    client.force_login(world[who])
    assert client.get(reverse("evaluation:impact_sheet", args=[world["programme"].pk])).status_code == status
    assert client.get(reverse("evaluation:impact_sheet_xlsx", args=[world["programme"].pk])).status_code == status


@pytest.mark.parametrize(("who", "status"), [("dewan", 200), ("kadinkes", 200), ("staff", 403)])
def test_the_list_is_open_to_the_dewan_pengarah_and_unit_heads_even_when_empty(world, client, who, status):
    client.force_login(world[who])
    response = client.get(reverse("evaluation:impact_list"))
    assert response.status_code == status
    if status == 200:
        assert list(response.context["programmes"]) == []


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(reverse("evaluation:impact_sheet", args=[world["programme"].pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_clo_links_and_records_through_the_page(world, client):
    client.force_login(world["clo"])
    url = reverse("evaluation:impact_sheet", args=[world["programme"].pk])
    response = client.post(
        url,
        {
            "step": "link",
            "link-target": world["target"].pk,
            "link-indicator": "Kemantapan jalan",
            "link-unit_of_measure": "%",
            "link-better": "higher",
        },
    )
    assert response.status_code == 302
    link = world["programme"].impact_links.get()
    form = {
        "step": "value",
        "value-link": link.pk,
        "value-phase": "before",
        "value-value": "70.5",
        "value-measured_on": "2026-01-31",
        "value-source": "",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "Sebutkan sumber data" in refused.content.decode()
    form["value-source"] = "LKjIP 2025"
    form["value-evidence"] = SimpleUploadedFile("lkjip.pdf", PDF, content_type="application/pdf")
    assert client.post(url, form).status_code == 302
    value = link.values.get()
    assert value.source == "LKjIP 2025" and value.evidence.name.endswith(".pdf")

    client.force_login(world["kabid"])
    download = client.get(reverse("evaluation:impact_evidence", args=[value.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(world["kadinkes"])
    assert client.get(reverse("evaluation:impact_evidence", args=[value.pk])).status_code == 403


def test_a_renamed_executable_is_refused_and_nothing_is_saved(world, client):
    link = linked(world)
    client.force_login(world["clo"])
    response = client.post(
        reverse("evaluation:impact_sheet", args=[world["programme"].pk]),
        {
            "step": "value",
            "value-link": link.pk,
            "value-phase": "before",
            "value-value": "70",
            "value-measured_on": "2026-01-31",
            "value-source": "LKjIP",
            "value-evidence": SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_others_may_not_post(world, client):
    linked(world)
    client.force_login(world["dewan"])
    response = client.post(
        reverse("evaluation:impact_sheet", args=[world["programme"].pk]),
        {"step": "link", "link-target": world["target"].pk, "link-indicator": "Y", "link-unit_of_measure": "%"},
    )
    assert response.status_code == 403
    assert world["programme"].impact_links.count() == 1


def test_xlsx_holds_the_rows(world, client):
    link = linked(world)
    impact.record_value(world["clo"], link, Phase.BEFORE, Decimal("70"), datetime.date(2026, 1, 5), "LKjIP 2025")
    impact.record_value(world["clo"], link, Phase.AFTER, Decimal("78"), datetime.date(2026, 12, 5), "e-Kinerja")
    client.force_login(world["clo"])
    response = client.get(reverse("evaluation:impact_sheet_xlsx", args=[world["programme"].pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = [c.value for c in sheet[4]]
    assert row[2] == "Kemantapan jalan" and row[5] == 70 and row[7] == "LKjIP 2025" and row[8] == 78
    assert row[11] == 8 and row[13] == "membaik"


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _grow(world, first, last):
    for n in range(first, last):
        programme = make_programme(f"Program {n}")
        link = impact.link_target(world["clo"], programme, world["target"], f"Indikator {n}", "%")
        impact.record_value(world["clo"], link, Phase.BEFORE, Decimal(n), datetime.date(2026, 1, 5), "LKjIP")
        mine = impact.link_target(world["clo"], world["programme"], world["target"], f"Indikator {n}", "%")
        impact.record_value(world["clo"], mine, Phase.AFTER, Decimal(n), datetime.date(2026, 12, 5), "LKjIP")


@pytest.mark.parametrize("who", ["kabid", "clo"])
def test_list_and_sheet_run_a_constant_number_of_queries(world, client, who):
    client.force_login(world[who])
    urls = [reverse("evaluation:impact_list"), reverse("evaluation:impact_sheet", args=[world["programme"].pk])]
    _grow(world, 0, 1)
    [_queries(client, url) for url in urls]  # warm the per-site caches (menus, settings)
    few = [_queries(client, url) for url in urls]
    _grow(world, 1, 8)
    assert [_queries(client, url) for url in urls] == few
