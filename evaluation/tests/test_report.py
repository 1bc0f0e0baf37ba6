"""The yearly report built by its django-tasks task (immediate backend): the PDF's text holds every section heading
and every figure's value, the XLSX rows equal `compute(name, year)` for every registered figure, a section without
figures says so, and a figure that raises is reported as a failed section instead of failing the report."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from pypdf import PdfReader

from evaluation.figures import FIGURES, SECTIONS, Figure, compute, of_section
from evaluation.models import ReportStatus, YearlyReport
from evaluation.report import builder
from evaluation.report.xlsx import sheet_title
from evaluation.services import report as service
from ledger import services as ledger
from people.roles import CLO, assign_role
from tests.factories import UserFactory, unit

YEAR = timezone.localdate().year


@pytest.fixture
def clo(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    pupr = unit("Dinas PUPR")
    for days in (1, 3, 6):
        person = UserFactory(unit_kerja=pupr)
        start = datetime.date(YEAR, 2, 2)
        ledger.record_activity(
            person, "seminar", "Seminar", start, start + datetime.timedelta(days=days - 1), days, "hari"
        )
    user = UserFactory(unit_kerja=unit("BKPSDM"), nama="Kepala BKPSDM")
    assign_role(user, CLO)
    return user


def build(user, django_capture_on_commit_callbacks, year=YEAR, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        report = service.request_report(user, year, "Pemerintah Kabupaten Balangan", **extra)
    report.refresh_from_db()
    return report


def pdf_text(report):
    with report.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def sheet_values(report):
    """{figure name: value or {part: value}} from every section sheet, and the sheets' header rows."""
    with report.xlsx.open("rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()))
    found, headers = {}, {}
    for number, key in enumerate(SECTIONS, start=1):
        section = builder.Section(number, key, str(SECTIONS[key]), [])
        rows = list(book[sheet_title(section)].iter_rows(values_only=True))
        headers[key] = rows[0]
        for name, _label, value, part, _note in rows[1:]:
            if not name:
                continue
            if part:
                found.setdefault(name, {})[part] = value
            else:
                found[name] = value
    return found, headers


def same(cell, value):
    if value is None:
        return cell is None
    return cell is not None and float(cell) == pytest.approx(float(value))


def test_the_task_builds_a_pdf_and_xlsx_holding_every_section_and_figure(clo, django_capture_on_commit_callbacks):
    report = build(clo, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.DONE, report.error
    assert report.progress == 100 and report.finished_at is not None and report.failed_sections == []
    text = pdf_text(report)
    assert "PEMERINTAH KABUPATEN BALANGAN" in text and f"Tahun {YEAR}" in text
    assert "Pejabat Pembina Kepegawaian" in text
    for key, title in SECTIONS.items():
        assert " ".join(str(title).split()) in text, key
        if not of_section(key):
            assert "Belum ada data untuk aspek ini" in text
    assert FIGURES, "no figure registered"
    for name, fig in FIGURES.items():
        value = compute(name, YEAR)
        assert " ".join(str(fig.label).split()) in text, name
        shown = (
            [builder.format_value(v) for v in value.values()]
            if isinstance(value, dict)
            else [builder.format_value(value)]
        )
        for piece in shown:
            assert piece in text, (name, piece)
    assert compute("jp_total", YEAR) == 40 and builder.format_value(compute("jp_total", YEAR)) == "40"

    found, headers = sheet_values(report)
    assert set(found) == set(FIGURES)
    assert all(header[:3] == ("Kode angka", "Uraian", "Nilai") for header in headers.values())
    for name in FIGURES:
        value = compute(name, YEAR)
        if isinstance(value, dict):
            assert set(found[name]) == {str(k) for k in value}, name
            assert all(same(found[name][str(k)], v) for k, v in value.items()), name
        else:
            assert same(found[name], value), (name, found[name], value)


def test_a_section_without_figures_prints_belum_ada_data(clo, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setitem(SECTIONS, "test_kosong", "Aspek uji tanpa angka")
    report = build(clo, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.DONE
    text = pdf_text(report)
    after = text.split("Aspek uji tanpa angka")[-1]
    assert after.strip().startswith("Belum ada data untuk aspek ini")
    section = builder.Section(len(SECTIONS), "test_kosong", "Aspek uji tanpa angka", [])
    with report.xlsx.open("rb") as handle:
        rows = list(openpyxl.load_workbook(io.BytesIO(handle.read()))[sheet_title(section)].iter_rows(values_only=True))
    assert rows[1][1] == "Belum ada data untuk aspek ini."


def test_a_figure_that_raises_is_reported_as_a_failed_section(clo, django_capture_on_commit_callbacks, monkeypatch):
    def broken(year, units):
        raise ZeroDivisionError("pembagi nol")

    def breaks_the_transaction(year, units):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM tabel_yang_tidak_ada")

    monkeypatch.setitem(FIGURES, "test_rusak", Figure("test_rusak", "Angka uji yang rusak", "obstacles", broken))
    monkeypatch.setitem(
        FIGURES, "test_teks", Figure("test_teks", "Angka uji berupa teks", "obstacles", lambda y, u: "x")
    )
    monkeypatch.setitem(
        FIGURES, "test_sql_rusak", Figure("test_sql_rusak", "Angka uji SQL rusak", "obstacles", breaks_the_transaction)
    )
    report = build(clo, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.DONE, report.error
    assert report.failed_sections == [
        {"section": "obstacles", "figures": ["test_rusak", "test_teks", "test_sql_rusak"]}
    ]
    text = pdf_text(report)
    assert "Sebagian angka pada bagian ini gagal dihitung" in text
    assert "ZeroDivisionError: pembagi nol" in text and "nilai bukan angka: 'x'" in text
    # the figures after the broken ones (even after a failed SQL statement) are still computed and printed
    assert "Total JP dihitung seluruh pegawai jp_total 40" in text.split("Pemenuhan JP pengembangan kompetensi")[-1]
    found, _headers = sheet_values(report)
    assert found["test_rusak"] is None and found["jp_total"] == 40


def test_a_failure_outside_the_figures_marks_the_report_failed(clo, django_capture_on_commit_callbacks, monkeypatch):
    from evaluation.report import pdf

    def no_fonts(*args, **kwargs):
        raise OSError("WeasyPrint tidak dapat menulis berkas")

    monkeypatch.setattr(pdf, "render", no_fonts)
    report = build(clo, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.FAILED
    assert report.error == "OSError: WeasyPrint tidak dapat menulis berkas"
    assert not report.pdf and not report.xlsx and report.finished_at is not None


def test_the_task_run_twice_builds_once(clo, django_capture_on_commit_callbacks):
    report = build(clo, django_capture_on_commit_callbacks)
    pdf_name = report.pdf.name
    service.run(report.pk)
    report.refresh_from_db()
    assert report.pdf.name == pdf_name and report.status == ReportStatus.DONE
    assert YearlyReport.objects.count() == 1


def test_progress_is_stored_section_by_section(clo, monkeypatch):
    seen = []
    real = service._step

    def spy(report_id, progress, text):
        real(report_id, progress, text)
        row = YearlyReport.objects.get(pk=report_id)
        seen.append((row.status, row.progress, row.current_step))

    monkeypatch.setattr(service, "_step", spy)
    report = YearlyReport.objects.create(year=YEAR, institution="X", requested_by=clo)
    service.run(report.pk)
    assert len(seen) == len(SECTIONS) + 2
    assert all(status == ReportStatus.RUNNING for status, _p, _s in seen)
    progress = [p for _s, p, _t in seen]
    assert progress == sorted(progress) and progress[0] == 5 and progress[-1] == 95
    assert seen[0][2] == f"Menghitung: {SECTIONS['infrastructure']}"


def test_the_report_follows_the_requesters_language(clo, django_capture_on_commit_callbacks):
    report = build(clo, django_capture_on_commit_callbacks, language="en")
    assert report.language == "en"
    with report.xlsx.open("rb") as handle:
        summary = openpyxl.load_workbook(io.BytesIO(handle.read())).worksheets[0]
    assert summary["A3"].value == "Year"  # "Tahun" in English


def test_values_are_printed_with_the_languages_separators():
    from decimal import Decimal

    from django.utils import translation

    with translation.override("id"):
        assert builder.format_value(Decimal("1234.50")) == "1.234,5"
        assert builder.format_value(Decimal("20.00")) == "20" and builder.format_value(7123) == "7.123"
        assert builder.format_value(2 / 3) == "0,67" and builder.format_value(None) == "–"
    with translation.override("en"):
        assert builder.format_value(Decimal("1234.50")) == "1,234.5"
