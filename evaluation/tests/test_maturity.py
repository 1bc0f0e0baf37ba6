"""The yearly maturity self-assessment: the seven elements of art. 29(2), draft → submitted (read-only, one per
year), the platform figures frozen at submission, the change from last year, the radar chart, who sees and edits."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation.models import AssessmentState, Element, ElementRating, MaturityAssessment
from evaluation.services import maturity
from people.models import KelompokKeahlian
from people.roles import CLO, DEWAN_PENGARAH, assign_role
from tests.factories import KelompokFactory, UserFactory, unit

SEED_ELEMENTS = [
    "struktur",
    "Manajemen Pengetahuan",
    "forum pembelajaran",
    "Sistem Pembelajaran",
    "strategi pembelajaran",
    "teknologi pembelajaran",
    "integrasi pembelajaran",
]


@pytest.fixture
def people(db):
    dinas = unit("Dinas PUPR")
    clo, dewan, head = UserFactory(username="clo"), UserFactory(username="dewan"), UserFactory(unit_kerja=dinas)
    assign_role(clo, CLO)
    assign_role(dewan, DEWAN_PENGARAH)
    dinas.kepala = head
    dinas.save()
    return {"clo": clo, "dewan": dewan, "head": head}


def filled(clo, year, levels):
    assessment = maturity.start(clo, year)
    for rating, level in zip(assessment.ratings.order_by("id"), levels, strict=True):
        maturity.rate(clo, rating, level, f"Bukti {rating.element}")
    return assessment


def test_the_seven_elements_are_worded_as_the_seed():
    assert [str(label) for label in Element.labels] == SEED_ELEMENTS


def test_start_makes_one_draft_per_year_with_every_element(people):
    first = maturity.start(people["clo"], 2025)
    again = maturity.start(people["clo"], 2025)
    assert first.pk == again.pk and MaturityAssessment.objects.count() == 1
    assert sorted(first.ratings.values_list("element", flat=True)) == sorted(Element.values)
    assert first.state == AssessmentState.DRAFT


def test_submit_needs_a_level_and_evidence_for_every_element(people):
    assessment = maturity.start(people["clo"], 2025)
    first = assessment.ratings.get(element="struktur")
    maturity.rate(people["clo"], first, 3, "SK Dewan Pengarah ada")
    with pytest.raises(ValidationError) as error:
        maturity.submit(people["clo"], assessment)
    assert "Manajemen Pengetahuan" in error.value.messages[0] and "struktur" not in error.value.messages[0]
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.DRAFT


def test_a_level_outside_the_scale_is_refused(people):
    rating = maturity.start(people["clo"], 2025).ratings.first()
    for bad in (0, 6, "x"):
        with pytest.raises(ValidationError):
            maturity.rate(people["clo"], rating, bad, "bukti")
    rating.refresh_from_db()
    assert rating.level is None


def test_submitted_is_read_only_and_figures_are_frozen(people, client):
    KelompokFactory()
    assessment = filled(people["clo"], 2025, [3, 2, 3, 2, 2, 3, 1])
    maturity.submit(people["clo"], assessment, "Perlu penguatan integrasi")
    struktur = assessment.ratings.get(element="struktur")
    assert struktur.figures["struktur_kelompok_keahlian"] == 1
    assert struktur.figures["struktur_clo"] == 1

    KelompokFactory()  # the platform moves on …
    assert KelompokKeahlian.objects.count() == 2
    client.force_login(people["dewan"])
    html = client.get(reverse("evaluation:maturity_year", args=[2025])).content.decode()
    assert 'data-figure="struktur_kelompok_keahlian">1<' in html  # … the submitted assessment does not

    with pytest.raises(ValidationError):
        maturity.rate(people["clo"], struktur, 5, "ubah")
    with pytest.raises(ValidationError):
        maturity.submit(people["clo"], assessment)
    client.force_login(people["clo"])
    response = client.post(
        reverse("evaluation:maturity_year", args=[2025]),
        {"step": f"rate-{struktur.pk}", f"r{struktur.pk}-level": "5", f"r{struktur.pk}-evidence": "ubah"},
    )
    assert response.status_code == 302
    struktur.refresh_from_db()
    assert struktur.level == 3 and struktur.evidence == "Bukti struktur"


def test_draft_shows_live_figures(people, client):
    maturity.start(people["clo"], 2026)
    KelompokFactory()
    client.force_login(people["clo"])
    html = client.get(reverse("evaluation:maturity_year", args=[2026])).content.decode()
    assert 'data-figure="struktur_kelompok_keahlian">1<' in html


def test_change_from_last_year_and_radar(people, client):
    maturity.submit(people["clo"], filled(people["clo"], 2025, [2, 2, 3, 2, 2, 3, 1]))
    maturity.submit(people["clo"], filled(people["clo"], 2026, [3, 2, 4, 2, 1, 3, 2]))
    rows = {row["element"]: row["change"] for row in maturity.comparison(2026)}
    assert rows == {
        "struktur": 1,
        "manajemen_pengetahuan": 0,
        "forum_pembelajaran": 1,
        "sistem_pembelajaran": 0,
        "strategi_pembelajaran": -1,
        "teknologi_pembelajaran": 0,
        "integrasi_pembelajaran": 1,
    }
    client.force_login(people["dewan"])
    response = client.get(reverse("evaluation:maturity"))
    html = response.content.decode()
    chart = json.loads(html.split('id="maturity-data" type="application/json">')[1].split("</script>")[0])
    assert [d["label"] for d in chart["datasets"]] == ["2025", "2026"]
    assert chart["datasets"][1]["data"] == [3, 2, 4, 2, 1, 3, 2]
    assert "+1 ▲" in html and "-1 ▼" in html  # the table for screen readers
    assert "vendor/chartjs/chart.umd.min.js" in html and "evaluation/maturity.js" in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_clo_fills_and_submits_through_the_page(people, client):
    client.force_login(people["clo"])
    assert client.post(reverse("evaluation:maturity_start")).status_code == 302
    assessment = MaturityAssessment.objects.get()
    url = reverse("evaluation:maturity_year", args=[assessment.year])
    ratings = list(assessment.ratings.all())
    bad = client.post(url, {"step": f"rate-{ratings[0].pk}", f"r{ratings[0].pk}-level": "9"})
    assert bad.status_code == 200 and 'role="alert"' in bad.content.decode()
    for r in ratings:
        data = {"step": f"rate-{r.pk}", f"r{r.pk}-level": "3", f"r{r.pk}-evidence": "Dokumen pendukung"}
        if r.element == "struktur":
            data[f"r{r.pk}-evidence_file"] = SimpleUploadedFile(
                "sk.pdf", b"%PDF-1.4 SK", content_type="application/pdf"
            )
        assert client.post(url, data).status_code == 302
    assert client.post(url, {"step": "submit", "summary": "Tingkat 3 merata"}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.submitted and assessment.summary == "Tingkat 3 merata"
    struktur = ElementRating.objects.get(assessment=assessment, element="struktur")
    download = client.get(reverse("evaluation:maturity_evidence", args=[struktur.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 SK"


def test_a_renamed_file_is_refused_as_evidence(people, client):
    client.force_login(people["clo"])
    rating = maturity.start(people["clo"], 2026).ratings.get(element="struktur")
    response = client.post(
        reverse("evaluation:maturity_year", args=[2026]),
        {
            "step": f"rate-{rating.pk}",
            f"r{rating.pk}-level": "2",
            f"r{rating.pk}-evidence": "x",
            f"r{rating.pk}-evidence_file": SimpleUploadedFile("sk.pdf", b"<html>", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    rating.refresh_from_db()
    assert rating.level is None and not rating.evidence_file


@pytest.mark.parametrize(("who", "status"), [("clo", 200), ("dewan", 200), ("head", 403)])
def test_who_sees(people, client, who, status):
    maturity.start(people["clo"], 2026)
    client.force_login(people[who])
    assert client.get(reverse("evaluation:maturity")).status_code == status
    assert client.get(reverse("evaluation:maturity_year", args=[2026])).status_code == status


def test_dewan_pengarah_sees_but_does_not_edit(people, client):
    rating = maturity.start(people["clo"], 2026).ratings.first()
    with pytest.raises(PermissionDenied):
        maturity.rate(people["dewan"], rating, 3, "x")
    client.force_login(people["dewan"])
    html = client.get(reverse("evaluation:maturity_year", args=[2026])).content.decode()
    assert "Simpan elemen" not in html
    assert client.post(reverse("evaluation:maturity_year", args=[2026]), {"step": "submit"}).status_code == 403
    assert client.post(reverse("evaluation:maturity_start")).status_code == 403
