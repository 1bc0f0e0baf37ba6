"""/evaluasi/laporan/: only the CLO and the Dewan Pengarah request, watch and download the yearly report; the files
live in private storage and are served only through the access-checked view; failures show as a page, not a 500."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import ReportStatus, YearlyReport
from people.roles import CLO, DEWAN_PENGARAH, VERIFIKATOR_UNIT, assign_role
from tests.factories import UserFactory, unit

YEAR = timezone.localdate().year - 1


@pytest.fixture
def people(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "public"
    pupr = unit("Dinas PUPR")
    head = UserFactory(unit_kerja=pupr, username="kadis")
    pupr.kepala = head
    pupr.save()
    found = {
        "clo": UserFactory(unit_kerja=unit("BKPSDM"), username="clo"),
        "dewan": UserFactory(unit_kerja=unit("Sekretariat Daerah"), username="dewan"),
        "head": head,
        "verifikator": UserFactory(unit_kerja=pupr, username="verif"),
        "staff": UserFactory(unit_kerja=pupr, username="staf"),
    }
    assign_role(found["clo"], CLO)
    assign_role(found["dewan"], DEWAN_PENGARAH)
    assign_role(found["verifikator"], VERIFIKATOR_UNIT)
    return found


def request_report(client, user, django_capture_on_commit_callbacks, year=YEAR):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluation:reports"), {"year": year, "institution": "Pemkab Balangan"})
    return response


@pytest.mark.parametrize("role", ["clo", "dewan"])
def test_clo_and_dewan_pengarah_request_watch_and_download(client, people, role, django_capture_on_commit_callbacks):
    response = request_report(client, people[role], django_capture_on_commit_callbacks)
    report = YearlyReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("evaluation:report", args=[report.pk])
    assert report.status == ReportStatus.DONE and report.requested_by == people[role]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'http-equiv="refresh"' not in page.content  # finished: no more refreshing
    assert reverse("evaluation:report_file", args=[report.pk, "pdf"]).encode() in page.content
    pdf = client.get(reverse("evaluation:report_file", args=[report.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;") and "private" in pdf["Cache-Control"]
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(reverse("evaluation:report_file", args=[report.pk, "xlsx"]))
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"


@pytest.mark.parametrize("role", ["head", "verifikator", "staff"])
def test_everyone_else_is_refused_every_surface(client, people, role, django_capture_on_commit_callbacks):
    request_report(client, people["clo"], django_capture_on_commit_callbacks)
    report = YearlyReport.objects.get()
    client.force_login(people[role])
    urls = [
        reverse("evaluation:reports"),
        reverse("evaluation:report", args=[report.pk]),
        reverse("evaluation:report_file", args=[report.pk, "pdf"]),
        reverse("evaluation:report_file", args=[report.pk, "xlsx"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("evaluation:reports"), {"year": YEAR}).status_code == 403
    assert YearlyReport.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, people, django_capture_on_commit_callbacks):
    request_report(client, people["clo"], django_capture_on_commit_callbacks)
    report = YearlyReport.objects.get()
    client.logout()
    for url in (reverse("evaluation:reports"), reverse("evaluation:report_file", args=[report.pk, "pdf"])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_files_are_private_and_have_no_public_url(client, people, settings, django_capture_on_commit_callbacks):
    request_report(client, people["clo"], django_capture_on_commit_callbacks)
    report = YearlyReport.objects.get()
    stored = Path(report.pdf.path).resolve()
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    with pytest.raises(NotImplementedError):
        report.pdf.url  # noqa: B018
    assert client.get(reverse("evaluation:report_file", args=[report.pk, "docx"])).status_code == 404


def test_progress_page_refreshes_itself_while_the_report_is_built(client, people):
    report = YearlyReport.objects.create(
        year=YEAR,
        institution="X",
        requested_by=people["clo"],
        status=ReportStatus.RUNNING,
        progress=40,
        current_step="Menghitung: Kegiatan manajemen pengetahuan",
    )
    client.force_login(people["dewan"])
    page = client.get(reverse("evaluation:report", args=[report.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert '<progress id="kemajuan" max="100" value="40">' in page and "Kegiatan manajemen pengetahuan" in page
    download = client.get(reverse("evaluation:report_file", args=[report.pk, "pdf"]))
    assert download.status_code == 302  # not built yet: back to the progress page with a message


def test_a_failed_report_shows_its_error_not_a_500(client, people, monkeypatch, django_capture_on_commit_callbacks):
    from evaluation.report import xlsx

    def broken(*args):
        raise ValueError("lembar kerja rusak")

    monkeypatch.setattr(xlsx, "render", broken)
    response = request_report(client, people["clo"], django_capture_on_commit_callbacks)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "ValueError: lembar kerja rusak" in page.content.decode()
    assert YearlyReport.objects.get().status == ReportStatus.FAILED


def test_a_second_request_while_one_is_built_gives_the_same_report(client, people):
    pending = YearlyReport.objects.create(year=YEAR, institution="X", requested_by=people["clo"])
    client.force_login(people["dewan"])
    response = client.post(reverse("evaluation:reports"), {"year": YEAR})
    assert response["Location"] == reverse("evaluation:report", args=[pending.pk])
    assert YearlyReport.objects.count() == 1


@pytest.mark.parametrize("year", [timezone.localdate().year + 1, 1999, "dua ribu"])
def test_a_bad_year_is_refused_with_a_message(client, people, year):
    client.force_login(people["clo"])
    response = client.post(reverse("evaluation:reports"), {"year": year})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not YearlyReport.objects.exists()


def test_the_list_runs_a_constant_number_of_queries(client, people, django_assert_max_num_queries):
    client.force_login(people["clo"])

    def add(n):
        for _ in range(n):
            YearlyReport.objects.create(year=YEAR, institution="X", requested_by=people["clo"], status="done")

    add(2)
    client.get(reverse("evaluation:reports"))
    with django_assert_max_num_queries(13) as few:  # 12 + the header work menu (courses facilitated)
        client.get(reverse("evaluation:reports"))
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("evaluation:reports"))
    assert response.content.decode().count("<tr>") == 23
